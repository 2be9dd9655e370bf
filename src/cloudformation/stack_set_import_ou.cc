#include "cloudformation/stack_set_import_ou.h"

#include "cloudformation/stack_set_targets.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;

namespace {

// Organizations nests OUs five deep under the root; a longer walk means a loop.
constexpr int kMaxDepth = 8;

}  // namespace

std::vector<std::string> ParentPath(const core::ServiceClient& services,
                                    const core::RequestContext& ctx, const OrganizationAdmin& admin,
                                    std::string_view account) {
  const core::Caller management = AccountCaller(admin.management_account, ctx.scope.region);
  std::vector<std::string> path;
  std::string child(account);
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    json::value out;
    try {
      out = services.Call(management, ctx.scope.region, "organizations", "ListParents",
                          {{"ChildId", child}});
    } catch (const AwsError& error) {
      if (error.code() != "ChildNotFoundException") throw;
      return {};
    }
    const json::array& parents = out.at("Parents").as_array();
    if (parents.empty()) break;
    const json::object& parent = parents.front().as_object();
    child = core::protocol::StringOr(parent, "Id", "");
    path.push_back(child);
    if (core::protocol::StringOr(parent, "Type", "") == "ROOT") break;
  }
  return path;
}

std::string ImportOrganizationalUnit(const core::ServiceClient& services,
                                     const core::RequestContext& ctx,
                                     const OrganizationAdmin& admin,
                                     const std::vector<std::string>& ou_ids,
                                     std::string_view account, std::string_view stack_id) {
  if (account == admin.management_account) {
    throw AwsError("ValidationError",
                   "Stack " + std::string(stack_id) + " is in the management account " +
                       std::string(account) +
                       ", which a SERVICE_MANAGED stack set cannot import from.");
  }
  const std::optional<std::string> ou =
      TargetedOrganizationalUnit(ou_ids, ParentPath(services, ctx, admin, account));
  if (!ou) {
    throw AwsError("StackNotFoundException", "Stack " + std::string(stack_id) +
                                                 " is not in any of the OrganizationalUnitIds.");
  }
  return *ou;
}

}  // namespace nimbus::cloudformation
