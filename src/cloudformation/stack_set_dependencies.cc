#include "cloudformation/stack_set_dependencies.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include <boost/json/parse.hpp>

#include "cloudformation/stack_provider_internal.h"
#include "core/partition.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::protocol::OptString;
using internal::Invalid;

namespace {

constexpr std::string_view kStackSetPrefix = "stackset/";

json::object ParsedObject(std::string_view text) {
  if (text.empty()) return {};
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  return !error && value.is_object() ? std::move(value.as_object()) : json::object();
}

// Depth-first: appends `id`'s dependencies among `wanted` (transitively), then `id` itself.
void Visit(const SetDependencies& graph, const std::string& id,
           const std::set<std::string, std::less<>>& wanted, std::set<std::string>* seen,
           std::vector<std::string>* out) {
  if (!seen->insert(id).second) return;
  if (auto edges = graph.find(id); edges != graph.end()) {
    for (const std::string& dependency : edges->second) Visit(graph, dependency, wanted, seen, out);
  }
  if (wanted.contains(id)) out->push_back(id);
}

}  // namespace

std::string StackSetIdOfArn(std::string_view arn) {
  const std::optional<core::ParsedArn> parsed = core::ParseArn(arn);
  if (!parsed || parsed->service != "cloudformation" ||
      !parsed->resource.starts_with(kStackSetPrefix)) {
    return "";
  }
  return parsed->resource.substr(kStackSetPrefix.size());
}

std::vector<std::string> DependsOnArns(const StackSetRecord& set) {
  const json::object auto_deployment = ParsedObject(set.auto_deployment);
  std::vector<std::string> arns;
  const json::value* depends_on = auto_deployment.if_contains("DependsOn");
  if (!depends_on || !depends_on->is_array()) return arns;
  for (const json::value& item : depends_on->get_array()) {
    if (item.is_string()) arns.emplace_back(item.get_string());
  }
  return arns;
}

SetDependencies SetDependenciesOf(const std::vector<StackSetRecord>& sets) {
  SetDependencies graph;
  for (const StackSetRecord& set : sets) {
    std::vector<std::string>& edges = graph[set.stack_set_id];
    for (const std::string& arn : DependsOnArns(set)) edges.push_back(StackSetIdOfArn(arn));
  }
  return graph;
}

bool DependsOnTransitively(const SetDependencies& graph, std::string_view from,
                           std::string_view to) {
  std::set<std::string, std::less<>> seen;
  std::vector<std::string> pending{std::string(from)};
  while (!pending.empty()) {
    const std::string id = std::move(pending.back());
    pending.pop_back();
    auto edges = graph.find(id);
    if (edges == graph.end()) continue;
    for (const std::string& next : edges->second) {
      if (next == to) return true;
      if (seen.insert(next).second) pending.push_back(next);
    }
  }
  return false;
}

std::vector<std::string> DependencyOrder(const SetDependencies& graph,
                                         const std::vector<std::string>& ids) {
  const std::set<std::string, std::less<>> wanted(ids.begin(), ids.end());
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const std::string& id : ids) Visit(graph, id, wanted, &seen, &out);
  return out;
}

void CheckDependsOn(const StackSetRecord& set, const std::vector<StackSetRecord>& others) {
  const std::vector<std::string> arns = DependsOnArns(set);
  if (arns.size() > kMaxDependenciesPerSet) {
    Invalid("AutoDeployment DependsOn can list at most " + std::to_string(kMaxDependenciesPerSet) +
            " stack sets.");
  }
  std::vector<StackSetRecord> sets;  // the account's sets, `set` as it is to be
  size_t in_account = arns.size();
  for (const StackSetRecord& other : others) {
    if (other.stack_set_id == set.stack_set_id) continue;
    sets.push_back(other);
    in_account += DependsOnArns(other).size();
  }
  if (in_account > kMaxDependenciesPerAccount) {
    Invalid("An account can have at most " + std::to_string(kMaxDependenciesPerAccount) +
            " AutoDeployment dependencies between its stack sets.");
  }
  sets.push_back(set);
  const SetDependencies graph = SetDependenciesOf(sets);
  std::set<std::string, std::less<>> listed;
  for (const std::string& arn : arns) {
    const std::string id = StackSetIdOfArn(arn);
    if (!listed.insert(id).second) Invalid("AutoDeployment DependsOn lists " + arn + " twice.");
    if (id == set.stack_set_id) Invalid("A stack set cannot depend on itself: " + arn + ".");
    const auto dependency = std::find_if(sets.begin(), sets.end(), [&](const StackSetRecord& s) {
      return !id.empty() && s.stack_set_id == id && s.scope.account == set.scope.account &&
             s.scope.region == set.scope.region && s.status == "ACTIVE";
    });
    if (dependency == sets.end()) {
      Invalid("AutoDeployment DependsOn: " + arn +
              " is not a SERVICE_MANAGED stack set of this account and Region.");
    }
    if (DependsOnTransitively(graph, id, set.stack_set_id)) {
      Invalid("AutoDeployment DependsOn: " + arn + " depends on stack set " + set.name +
              ", which would be a circular dependency.");
    }
  }
}

DependencyState AfterState(store::Transaction& tx, StackSetStore& sets,
                           const StackSetOperationRecord& operation, std::string* failed) {
  const json::object targets = ParsedObject(operation.targets);
  const json::value* after = targets.if_contains("After");
  if (!after || !after->is_array()) return DependencyState::kSucceeded;
  DependencyState state = DependencyState::kSucceeded;
  for (const json::value& item : after->get_array()) {
    const json::object& entry = item.as_object();
    const std::string set_id = OptString(entry, "StackSetId").value_or("");
    const std::string operation_id = OptString(entry, "OperationId").value_or("");
    const std::optional<StackSetOperationRecord> dependency =
        sets.FindOperation(tx, set_id, operation_id);
    if (!dependency || dependency->status == "SUCCEEDED") continue;
    if (dependency->status == "FAILED" || dependency->status == "STOPPED") {
      if (failed) {
        *failed =
            "StackSet " + set_id + " (operation " + operation_id + ") ended " + dependency->status;
      }
      return DependencyState::kFailed;
    }
    state = DependencyState::kWaiting;
  }
  return state;
}

}  // namespace nimbus::cloudformation
