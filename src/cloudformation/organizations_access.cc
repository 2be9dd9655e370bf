#include "cloudformation/organizations_access.h"

#include <optional>
#include <string>
#include <utility>

#include "core/auth/identity.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;

namespace {

constexpr std::string_view kCalledVia = "cloudformation.amazonaws.com";

[[noreturn]] void NotOrganizationAdmin() {
  throw AwsError("ValidationError",
                 "You must be the management account or delegated admin account of an "
                 "organization before operating a SERVICE_MANAGED stack set");
}

// The caller's organization (DescribeOrganization answers any member), or nullopt outside one.
std::optional<json::object> CallersOrganization(const core::ServiceClient& services,
                                                const core::RequestContext& ctx) {
  try {
    json::value out = services.Call(ctx, "organizations", "DescribeOrganization", {});
    return out.as_object().at("Organization").as_object();
  } catch (const AwsError& error) {
    if (error.code() == "AWSOrganizationsNotInUseException") return std::nullopt;
    throw;
  }
}

std::string Text(const json::object& in, std::string_view name) {
  return core::protocol::StringOr(in, name, "");
}

}  // namespace

CallAs ReadCallAs(const json::object& in) {
  return core::protocol::StringOr(in, "CallAs", "SELF") == "DELEGATED_ADMIN"
             ? CallAs::kDelegatedAdmin
             : CallAs::kSelf;
}

core::Caller AccountCaller(std::string_view account, std::string_view region) {
  return core::Caller{.access_key_id = "",
                      .account = std::string(account),
                      .arn = core::auth::RootArn(account, region),
                      .user_id = std::string(account),
                      .temporary = false,
                      .called_via = std::string(kCalledVia)};
}

json::array ListOrganizations(const core::ServiceClient& services, const core::Caller& caller,
                              std::string_view region, std::string_view operation,
                              json::object input, std::string_view member) {
  json::array items;
  while (true) {
    json::object page =
        services.Call(caller, region, "organizations", operation, input).as_object();
    if (const json::array* list = core::protocol::OptArray(page, member)) {
      for (const json::value& item : *list) items.push_back(item);
    }
    const std::optional<std::string> next = core::protocol::OptString(page, "NextToken");
    if (!next || next->empty()) return items;
    input["NextToken"] = *next;
  }
}

OrganizationAdmin RequireServiceManagedAdmin(const core::ServiceClient& services,
                                             const core::RequestContext& ctx, CallAs call_as) {
  const std::optional<json::object> org = CallersOrganization(services, ctx);
  if (!org) NotOrganizationAdmin();
  OrganizationAdmin admin{.organization_id = Text(*org, "Id"),
                          .management_account = Text(*org, "MasterAccountId"),
                          .root_id = "",
                          .delegated = call_as == CallAs::kDelegatedAdmin};
  const core::Caller management = AccountCaller(admin.management_account, ctx.scope.region);
  if (call_as == CallAs::kSelf) {
    if (admin.management_account != ctx.scope.account) NotOrganizationAdmin();
  } else {
    const json::array delegates =
        ListOrganizations(services, management, ctx.scope.region, "ListDelegatedAdministrators",
                          {{"ServicePrincipal", kStackSetsPrincipal}}, "DelegatedAdministrators");
    bool registered = false;
    for (const json::value& delegate : delegates) {
      registered = registered || Text(delegate.as_object(), "Id") == ctx.scope.account;
    }
    if (!registered) NotOrganizationAdmin();
  }
  const json::array roots =
      ListOrganizations(services, management, ctx.scope.region, "ListRoots", {}, "Roots");
  if (!roots.empty()) admin.root_id = Text(roots.front().as_object(), "Id");
  return admin;
}

bool OrganizationsAccessEnabled(const core::ServiceClient& services,
                                const core::RequestContext& ctx, const OrganizationAdmin& admin) {
  const json::array enabled = ListOrganizations(
      services, AccountCaller(admin.management_account, ctx.scope.region), ctx.scope.region,
      "ListAWSServiceAccessForOrganization", {}, "EnabledServicePrincipals");
  for (const json::value& entry : enabled) {
    if (Text(entry.as_object(), "ServicePrincipal") == kStackSetsPrincipal) return true;
  }
  return false;
}

void RequireOrganizationsAccess(const core::ServiceClient& services,
                                const core::RequestContext& ctx, const OrganizationAdmin& admin) {
  if (!OrganizationsAccessEnabled(services, ctx, admin)) {
    throw AwsError("ValidationError",
                   "You must enable organizations access to operate a service managed stack set");
  }
}

}  // namespace nimbus::cloudformation
