// Service-managed stack sets: CallAs (a delegated administrator's sets live in the management
// account, as AWS keeps them), PermissionModel and AutoDeployment, DeploymentTargets resolved
// against nimbus's Organizations, and ListStackSetAutoDeploymentTargets.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/organizations_access.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/stack_set_provider.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::IntOr;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using internal::Invalid;

namespace {

constexpr std::string_view kServiceManaged = "SERVICE_MANAGED";

json::object ParsedObject(std::string_view text) {
  if (text.empty()) return {};
  json::value value = json::parse(text);
  return value.is_object() ? std::move(value.as_object()) : json::object();
}

// AutoDeployment as DescribeStackSet shows it: Enabled, and RetainStacksOnAccountRemoval (false
// unless given) while enabled; DependsOn as given. RetainStacksOnAccountRemoval with Enabled
// false is refused (the API reference: "Specify only if Enabled is set to True"; nimbus's
// wording).
json::object AutoDeploymentOf(const json::object& given) {
  if (!given.contains("Enabled")) {
    Invalid("AutoDeployment must specify Enabled for a SERVICE_MANAGED stack set.");
  }
  const bool enabled = BoolOr(given, "Enabled", false);
  if (!enabled && BoolOr(given, "RetainStacksOnAccountRemoval", false)) {
    Invalid("RetainStacksOnAccountRemoval can be specified only when AutoDeployment is enabled.");
  }
  json::object out{{"Enabled", enabled}};
  if (enabled)
    out["RetainStacksOnAccountRemoval"] = BoolOr(given, "RetainStacksOnAccountRemoval", false);
  if (const json::value* depends_on = given.if_contains("DependsOn")) {
    out["DependsOn"] = *depends_on;
  }
  return out;
}

}  // namespace

RequestContext StackSetProvider::SetsContext(const RequestContext& ctx,
                                             const json::object& in) const {
  if (ReadCallAs(in) != CallAs::kDelegatedAdmin) return ctx;
  const OrganizationAdmin admin =
      RequireServiceManagedAdmin(services_, ctx, CallAs::kDelegatedAdmin);
  RequestContext out = ctx;
  out.scope.account = admin.management_account;
  return out;
}

void StackSetProvider::ApplyPermissionModel(const RequestContext& ctx, const json::object& in,
                                            StackSetRecord* set) const {
  const CallAs call_as = ReadCallAs(in);
  const json::object* auto_deployment = OptObject(in, "AutoDeployment");
  if (OptString(in, "PermissionModel").value_or("SELF_MANAGED") != kServiceManaged) {
    // The API reference: SELF is for self-managed sets, AutoDeployment not used by them (the
    // wordings are nimbus's).
    if (call_as == CallAs::kDelegatedAdmin) {
      Invalid("CallAs DELEGATED_ADMIN is only for SERVICE_MANAGED stack sets.");
    }
    if (auto_deployment) Invalid("AutoDeployment is only for SERVICE_MANAGED stack sets.");
    return;
  }
  const OrganizationAdmin admin = RequireServiceManagedAdmin(services_, ctx, call_as);
  RequireOrganizationsAccess(services_, ctx, admin);
  if (!auto_deployment) {
    // The API reference: "Required if the permissions model is SERVICE_MANAGED".
    Invalid("AutoDeployment must be specified for a SERVICE_MANAGED stack set.");
  }
  set->permission_model = std::string(kServiceManaged);
  set->auto_deployment = json::serialize(AutoDeploymentOf(*auto_deployment));
  // Not used: service-linked roles deploy a service-managed set.
  set->admin_role_arn.clear();
  set->execution_role_name.clear();
}

void StackSetProvider::UpdateAutoDeployment(const json::object& in, StackSetRecord* set) {
  const json::object* auto_deployment = OptObject(in, "AutoDeployment");
  if (!auto_deployment) return;
  if (set->permission_model != kServiceManaged) {
    Invalid("AutoDeployment is only for SERVICE_MANAGED stack sets.");
  }
  set->auto_deployment = json::serialize(AutoDeploymentOf(*auto_deployment));
}

void StackSetProvider::ReadTargets(const RequestContext& ctx, const json::object& in,
                                   const StackSetRecord& set, TargetsUse use,
                                   OperationRequest* request) const {
  const json::object* targets = OptObject(in, "DeploymentTargets");
  if (set.permission_model != kServiceManaged) {
    // nimbus's wordings: AWS's are not recorded.
    if (targets) Invalid("DeploymentTargets are for SERVICE_MANAGED stack sets: give Accounts.");
    request->accounts = StringList(in, "Accounts");
    if (request->accounts.empty()) {
      Invalid("Accounts must be specified for a SELF_MANAGED stack set.");
    }
    return;
  }
  if (in.contains("Accounts")) {
    Invalid("Accounts are for SELF_MANAGED stack sets: give DeploymentTargets.");
  }
  if (!targets) Invalid("DeploymentTargets must be specified for a SERVICE_MANAGED stack set.");
  request->deployment_targets = *targets;
  const OrganizationAdmin admin = RequireServiceManagedAdmin(services_, ctx, ReadCallAs(in));
  for (const TargetAccount& target :
       ResolveDeploymentTargets(services_, ctx, admin, ReadDeploymentTargets(*targets), use)) {
    request->accounts.push_back(target.account);
    request->ou_of[target.account] = target.organizational_unit_id;
  }
}

void StackSetProvider::AddOuTargets(const json::object& in, const std::vector<std::string>& regions,
                                    bool remove, StackSetRecord* set) {
  const json::object* targets = OptObject(in, "DeploymentTargets");
  if (set->permission_model != kServiceManaged || !targets) return;
  json::object ou_targets = ParsedObject(set->ou_targets);
  for (const std::string& ou : StringList(*targets, "OrganizationalUnitIds")) {
    std::vector<std::string> kept = StringList(ou_targets, ou);
    for (const std::string& region : regions) {
      auto found = std::find(kept.begin(), kept.end(), region);
      if (remove && found != kept.end()) kept.erase(found);
      if (!remove && found == kept.end()) kept.push_back(region);
    }
    if (kept.empty()) {
      ou_targets.erase(ou);
    } else {
      ou_targets[ou] = json::array(kept.begin(), kept.end());
    }
  }
  set->ou_targets = json::serialize(ou_targets);
}

void StackSetProvider::OrganizationMembers(const StackSetRecord& set, bool summary,
                                           json::object* out) {
  if (set.permission_model != kServiceManaged) return;
  (*out)["AutoDeployment"] = ParsedObject(set.auto_deployment);
  if (summary) return;
  json::array ous;
  for (const auto& [ou, regions] : ParsedObject(set.ou_targets)) ous.push_back(json::value(ou));
  (*out)["OrganizationalUnitIds"] = std::move(ous);
}

json::value StackSetProvider::ListStackSetAutoDeploymentTargets(const RequestContext& ctx,
                                                                const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const int64_t after = internal::ReadPosition(in, "ListStackSetAutoDeploymentTargets");
  const int64_t limit = IntOr(in, "MaxResults", 100);
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  json::array summaries;
  json::object out;
  // The OUs an account entering gets instances through, with their regions (none while
  // automatic deployment is off, or for a self-managed set).
  if (BoolOr(ParsedObject(set.auto_deployment), "Enabled", false)) {
    int64_t position = 0;
    for (const auto& [ou, regions] : ParsedObject(set.ou_targets)) {
      if (++position <= after) continue;
      if (static_cast<int64_t>(summaries.size()) == limit) {
        internal::SetNextToken(out, "ListStackSetAutoDeploymentTargets", position - 1);
        break;
      }
      summaries.push_back(json::object{{"OrganizationalUnitId", ou}, {"Regions", regions}});
    }
  }
  out["Summaries"] = std::move(summaries);
  return out;
}

}  // namespace nimbus::cloudformation
