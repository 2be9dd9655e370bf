#include "cloudformation/organizations_access_provider.h"

#include <string>

#include <boost/json/array.hpp>

#include "cloudformation/organizations_access.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;

OrganizationsAccessProvider::OrganizationsAccessProvider(const core::ServiceClient& services)
    : services_(services) {
  Register("ActivateOrganizationsAccess",
           &OrganizationsAccessProvider::ActivateOrganizationsAccess);
  Register("DeactivateOrganizationsAccess",
           &OrganizationsAccessProvider::DeactivateOrganizationsAccess);
  Register("DescribeOrganizationsAccess",
           &OrganizationsAccessProvider::DescribeOrganizationsAccess);
}

json::value OrganizationsAccessProvider::ActivateOrganizationsAccess(
    const core::RequestContext& ctx, const json::object&) {
  // Only the management account may activate it, not a delegated administrator (the user guide).
  RequireServiceManagedAdmin(services_, ctx, CallAs::kSelf);
  try {
    services_.Call(ctx, "organizations", "EnableAWSServiceAccess",
                   {{"ServicePrincipal", kStackSetsPrincipal}});
  } catch (const AwsError& error) {
    // An organization with consolidated billing only: service-managed stack sets need all
    // features. CloudFormation's model lists no Organizations error, so the code is its own.
    if (error.code() != "ConstraintViolationException") throw;
    throw AwsError("InvalidOperationException", error.what());
  }
  return json::object{};
}

json::value OrganizationsAccessProvider::DeactivateOrganizationsAccess(
    const core::RequestContext& ctx, const json::object&) {
  RequireServiceManagedAdmin(services_, ctx, CallAs::kSelf);
  const json::array delegates =
      ListOrganizations(services_, ctx.caller, ctx.scope.region, "ListDelegatedAdministrators",
                        {{"ServicePrincipal", kStackSetsPrincipal}}, "DelegatedAdministrators");
  if (!delegates.empty()) {
    throw AwsError("InvalidOperationException",
                   "Before you can deactivate trusted access with AWS Organizations, you must "
                   "deregister all delegated administrators.");
  }
  services_.Call(ctx, "organizations", "DisableAWSServiceAccess",
                 {{"ServicePrincipal", kStackSetsPrincipal}});
  return json::object{};
}

json::value OrganizationsAccessProvider::DescribeOrganizationsAccess(
    const core::RequestContext& ctx, const json::object& in) {
  const OrganizationAdmin admin = RequireServiceManagedAdmin(services_, ctx, ReadCallAs(in));
  const bool enabled = OrganizationsAccessEnabled(services_, ctx, admin);
  return json::object{{"Status", enabled ? "ENABLED" : "DISABLED"}};
}

}  // namespace nimbus::cloudformation
