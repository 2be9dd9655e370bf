// Automatic deployment of SERVICE_MANAGED stack sets: an account that enters an OU a set targets
// (joining the organization or moving) gets the set's instances in the regions that OU was
// targeted in; one that leaves them (moving out, or leaving the organization) loses its
// instances, or keeps their stacks with RetainStacksOnAccountRemoval. Each is an operation of
// the set, as ListStackSetOperations shows; while another runs, or while the automatic
// deployments of the sets it depends on (AutoDeployment.DependsOn) have not all succeeded, it is
// QUEUED.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/stack_set_dependencies.h"
#include "cloudformation/stack_set_provider.h"
#include "cloudformation/stack_set_targets.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::StringList;

namespace {

// How often a queued automatic deployment looks at the operations it waits for.
constexpr int64_t kQueuedRetryMillis = 50;

// nimbus's wording of the reason a dependency's failure gives the operations it cancels.
constexpr std::string_view kDependencyFailedReason =
    "Cancelled since the automatic deployment of a StackSet it depends on did not succeed";

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
  const std::vector<StackSetRecord> sets = sets_.ServiceManagedSets(tx, change.management_account);
  // The operation each set needs for this change, by StackSetId.
  std::map<std::string, std::pair<const StackSetRecord*, OperationRequest>> requests;
  std::vector<std::string> moved;
  for (const StackSetRecord& set : sets) {
    const json::object auto_deployment = ParsedObject(set.auto_deployment);
    if (!BoolOr(auto_deployment, "Enabled", false)) continue;
    const json::object ou_targets = ParsedObject(set.ou_targets);
    const std::vector<std::string> ous = Keys(ou_targets);
    const std::optional<std::string> from = TargetedOrganizationalUnit(ous, change.from_path);
    const std::optional<std::string> to = TargetedOrganizationalUnit(ous, change.to_path);
    // Within the targets (or outside them) the instances stay as they are, with the OU they
    // were made through (AWS documents no other).
    if (from.has_value() == to.has_value()) continue;
    OperationRequest request{.action = to ? "CREATE" : "DELETE",
                             .accounts = {change.account_id},
                             .auto_deployment = true};
    // The account within the OU it entered or left (nimbus's choice: AWS's is not recorded).
    request.deployment_targets =
        json::object{{"Accounts", json::array{json::value(change.account_id)}},
                     {"OrganizationalUnitIds", json::array{json::value(to ? *to : *from)}},
                     {"AccountFilterType", "INTERSECTION"}};
    if (to) {
      // The regions the OU was targeted in, where the account has no instance yet, or one that
      // an operation under way or queued deletes (the account left and came back).
      for (const std::string& region : StringList(ou_targets, *to)) {
        const std::optional<StackInstanceRecord> instance =
            sets_.FindInstance(tx, set.stack_set_id, change.account_id, region);
        const std::optional<StackSetOperationRecord> last =
            instance ? sets_.FindOperation(tx, set.stack_set_id, instance->last_operation_id)
                     : std::nullopt;
        if (!instance || (last && last->action == "DELETE" && !last->ended_millis)) {
          request.regions.push_back(region);
        }
      }
      request.ou_of[change.account_id] = *to;
    } else {
      for (const StackInstanceRecord& instance :
           sets_.ListInstances(tx, set.stack_set_id, change.account_id, "", 0, -1)) {
        request.regions.push_back(instance.region);
      }
      request.retain_stacks = BoolOr(auto_deployment, "RetainStacksOnAccountRemoval", false);
    }
    if (request.regions.empty()) continue;
    moved.push_back(set.stack_set_id);
    requests.emplace(set.stack_set_id, std::pair(&set, std::move(request)));
  }
  // A set's operation waits for those of this change of the sets it depends on (the API
  // reference's AutoDeployment.DependsOn), whatever their action.
  const SetDependencies graph = SetDependenciesOf(sets);
  std::map<std::string, std::string> operation_of;  // by StackSetId
  for (const std::string& id : DependencyOrder(graph, moved)) {
    auto& [set, request] = requests.at(id);
    for (const auto& [dependency, operation_id] : operation_of) {
      if (DependsOnTransitively(graph, id, dependency)) {
        request.after.push_back(
            json::object{{"StackSetId", dependency}, {"OperationId", operation_id}});
      }
    }
    const std::string operation_id = BeginOperation(tx, *set, json::object(), request);
    operation_of[id] = operation_id;
    if (sets_.FindOperation(tx, id, operation_id)->status == "QUEUED") {
      const json::object payload{{"StackSetId", id}, {"OperationId", operation_id}};
      rt_.scheduler.Schedule(tx, kAutoDeployTask, json::serialize(payload),
                             std::max(rt_.options.async_delay_millis, kQueuedRetryMillis));
    }
  }
  tx.Commit();
}

void StackSetProvider::AutoDeploy(const store::Task& task) {
  const json::object payload = ParsedObject(task.payload);
  const std::string set_id = OptString(payload, "StackSetId").value_or("");
  store::Transaction tx = sets_.Begin();
  std::optional<StackSetOperationRecord> operation =
      sets_.FindOperation(tx, set_id, OptString(payload, "OperationId").value_or(""));
  // Started (by the runner when the set's operation before it ended), or stopped.
  if (!operation || operation->status != "QUEUED") return;
  std::string failed;
  const DependencyState state = AfterState(tx, sets_, *operation, &failed);
  if (state == DependencyState::kFailed) {
    CancelQueued(tx, *operation, "Not started: the automatic deployment of " + failed + ".");
    runner_.StartQueued(tx, set_id);
    tx.Commit();
    return;
  }
  if (state == DependencyState::kSucceeded) {
    const std::vector<StackSetOperationRecord> operations = sets_.ListOperations(tx, set_id, 0, -1);
    const bool running =
        std::any_of(operations.begin(), operations.end(), [](const StackSetOperationRecord& other) {
          return other.status == "RUNNING" || other.status == "STOPPING";
        });
    if (!running) runner_.StartQueued(tx, set_id);
  }
  if (sets_.FindOperation(tx, set_id, operation->operation_id)->status == "QUEUED") {
    rt_.scheduler.Schedule(tx, kAutoDeployTask, task.payload,
                           std::max(rt_.options.async_delay_millis, kQueuedRetryMillis));
  }
  tx.Commit();
}

void StackSetProvider::CancelQueued(store::Transaction& tx, StackSetOperationRecord operation,
                                    std::string_view reason) {
  for (OperationResultRecord& result :
       sets_.Results(tx, operation.stack_set_id, operation.operation_id)) {
    if (result.status != "PENDING") continue;
    result.status = "CANCELLED";
    result.status_reason = std::string(kDependencyFailedReason);
    sets_.PutResult(tx, operation.stack_set_id, operation.operation_id, result);
    std::optional<StackInstanceRecord> instance =
        sets_.FindInstance(tx, operation.stack_set_id, result.account, result.region);
    if (!instance || instance->last_operation_id != operation.operation_id) continue;
    instance->detailed_status = "CANCELLED";
    if (operation.action != "DELETE") instance->status = "OUTDATED";
    instance->status_reason = std::string(kDependencyFailedReason);
    sets_.PutInstance(tx, &*instance);
  }
  operation.status = "FAILED";
  operation.status_reason = std::string(reason);
  operation.ended_millis = rt_.clock.NowMillis();
  sets_.UpdateOperation(tx, operation);
}

}  // namespace nimbus::cloudformation
