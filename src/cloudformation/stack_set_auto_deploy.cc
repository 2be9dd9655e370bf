// Automatic deployment of SERVICE_MANAGED stack sets: an account that enters an OU a set targets
// (joining the organization or moving) gets the set's instances in the regions that OU was
// targeted in; one that leaves them (moving out, or leaving the organization) loses its
// instances, or keeps their stacks with RetainStacksOnAccountRemoval. Each is an operation of
// the set, as ListStackSetOperations shows; while another runs it waits (AWS queues it).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/stack_set_provider.h"
#include "cloudformation/stack_set_targets.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::StringList;

namespace {

// How long an automatic deployment waits for an operation under way on its set.
constexpr int64_t kQueuedRetryMillis = 50;

json::object ParsedObject(std::string_view text) {
  if (text.empty()) return {};
  json::value value = json::parse(text);
  return value.is_object() ? std::move(value.as_object()) : json::object();
}

std::vector<std::string> Keys(const json::object& object) {
  std::vector<std::string> keys;
  for (const auto& entry : object) keys.emplace_back(entry.key());
  return keys;
}

}  // namespace

void StackSetProvider::OnMembershipChanged(const organizations::MembershipChange& change) {
  // StackSets never deploys to the management account.
  if (change.account_id == change.management_account) return;
  store::Transaction tx = sets_.Begin();
  for (const StackSetRecord& set : sets_.ServiceManagedSets(tx, change.management_account)) {
    if (!BoolOr(ParsedObject(set.auto_deployment), "Enabled", false)) continue;
    const std::vector<std::string> ous = Keys(ParsedObject(set.ou_targets));
    const std::optional<std::string> from = TargetedOrganizationalUnit(ous, change.from_path);
    const std::optional<std::string> to = TargetedOrganizationalUnit(ous, change.to_path);
    // Within the targets (or outside them) the instances stay as they are.
    if (from.has_value() == to.has_value()) continue;
    const json::object payload{{"StackSetId", set.stack_set_id},
                               {"Account", change.account_id},
                               {"Action", to ? "CREATE" : "DELETE"},
                               {"OrganizationalUnitId", to ? *to : *from}};
    rt_.scheduler.Schedule(tx, kAutoDeployTask, json::serialize(payload), 0);
  }
  tx.Commit();
}

void StackSetProvider::AutoDeploy(const store::Task& task) {
  const json::object payload = ParsedObject(task.payload);
  const std::string account = OptString(payload, "Account").value_or("");
  const std::string action = OptString(payload, "Action").value_or("");
  const std::string ou = OptString(payload, "OrganizationalUnitId").value_or("");
  store::Transaction tx = sets_.Begin();
  const std::optional<StackSetRecord> set =
      sets_.FindSetById(tx, nullptr, OptString(payload, "StackSetId").value_or(""));
  if (!set || set->status != "ACTIVE") return;
  if (sets_.ActiveOperation(tx, set->stack_set_id)) {
    rt_.scheduler.Schedule(tx, kAutoDeployTask, task.payload,
                           std::max(rt_.options.async_delay_millis, kQueuedRetryMillis));
    tx.Commit();
    return;
  }
  OperationRequest request{.action = action, .accounts = {account}};
  // The account within the OU it entered or left (nimbus's choice: AWS's is not recorded).
  request.deployment_targets = json::object{{"Accounts", json::array{json::value(account)}},
                                            {"OrganizationalUnitIds", json::array{json::value(ou)}},
                                            {"AccountFilterType", "INTERSECTION"}};
  if (action == "CREATE") {
    // The regions the OU was targeted in, where the account has no instance yet.
    for (const std::string& region : StringList(ParsedObject(set->ou_targets), ou)) {
      if (!sets_.FindInstance(tx, set->stack_set_id, account, region)) {
        request.regions.push_back(region);
      }
    }
    request.ou_of[account] = ou;
  } else {
    for (const StackInstanceRecord& instance :
         sets_.ListInstances(tx, set->stack_set_id, account, "", 0, -1)) {
      request.regions.push_back(instance.region);
    }
    request.retain_stacks =
        BoolOr(ParsedObject(set->auto_deployment), "RetainStacksOnAccountRemoval", false);
  }
  if (request.regions.empty()) return;
  BeginOperation(tx, *set, json::object(), request);
  tx.Commit();
}

}  // namespace nimbus::cloudformation
