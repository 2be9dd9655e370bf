#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cloudformation/stack_set_store.h"
#include "store/database.h"

namespace nimbus::cloudformation {

// AutoDeployment.DependsOn of SERVICE_MANAGED stack sets (API reference AutoDeployment: "When
// auto-deployment is triggered, operations will be sequenced to ensure all dependencies complete
// successfully before this StackSet's operation begins."): the graph of the sets' dependencies
// (pure helpers), its checks, and whether an automatic deployment's dependencies have finished.

// Each set's DependsOn, as StackSetIds, by StackSetId.
using SetDependencies = std::map<std::string, std::vector<std::string>, std::less<>>;

// The limits AWS announced with the feature (AWS DevOps blog, "StackSet Dependencies"): "up to 10
// dependencies per StackSet, with up to 100 dependencies per account".
constexpr size_t kMaxDependenciesPerSet = 10;
constexpr size_t kMaxDependenciesPerAccount = 100;

// The StackSetId that a stack set ARN names (arn:<partition>:cloudformation:<region>:<account>:
// stackset/<id>), or "" when `arn` is not one.
std::string StackSetIdOfArn(std::string_view arn);

// The DependsOn ARNs of a set's stored AutoDeployment (none for a self-managed set).
std::vector<std::string> DependsOnArns(const StackSetRecord& set);

// The DependsOn graph of `sets`.
SetDependencies SetDependenciesOf(const std::vector<StackSetRecord>& sets);

// Whether `from` depends on `to` through one or more DependsOn edges.
bool DependsOnTransitively(const SetDependencies& graph, std::string_view from,
                           std::string_view to);

// `ids` ordered so that each comes after those of `ids` it depends on (transitively); otherwise
// in the given order. A cycle (CheckDependsOn refuses them) is broken where it is met.
std::vector<std::string> DependencyOrder(const SetDependencies& graph,
                                         const std::vector<std::string>& ids);

// ValidationError unless `set`'s DependsOn lists at most kMaxDependenciesPerSet distinct ARNs of
// the ACTIVE SERVICE_MANAGED sets of its own account and region (`others`: the account's, as
// StackSetStore::ServiceManagedSets reads them; `set` among them or not), not the set itself,
// none depending on it (a cycle), and the account's sets list at most kMaxDependenciesPerAccount
// dependencies in all. The wordings are nimbus's: AWS's are not recorded.
void CheckDependsOn(const StackSetRecord& set, const std::vector<StackSetRecord>& others);

enum class DependencyState { kSucceeded, kWaiting, kFailed };

// The state of the operations an automatic deployment waits for (the `After` list of its stored
// targets, [{StackSetId, OperationId}]): kSucceeded when all SUCCEEDED (or none), kFailed when one
// ended otherwise (FAILED, STOPPED; `failed` gets "StackSet <id> (operation <id>) ended
// <Status>"), else kWaiting.
DependencyState AfterState(store::Transaction& tx, StackSetStore& sets,
                           const StackSetOperationRecord& operation, std::string* failed = nullptr);

}  // namespace nimbus::cloudformation
