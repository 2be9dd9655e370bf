// Stack instances: the operations that create, update and delete them (each an operation of
// the set, run by the StackSetRunner), and their descriptions.
#include <algorithm>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/stack_set_provider.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using internal::Invalid;

namespace {

json::value Parsed(std::string_view text, json::value fallback) {
  if (text.empty()) return fallback;
  return json::parse(text);
}

// The instance's ParameterOverrides after a request's: UsePreviousValue keeps the override it
// had for that key (none: the set's value applies).
std::string Overrides(const std::string& previous_text, const json::array& given) {
  const json::array previous = Parsed(previous_text, json::array()).as_array();
  json::array next;
  for (const json::value& item : given) {
    const json::object& parameter = item.as_object();
    if (!BoolOr(parameter, "UsePreviousValue", false)) {
      next.push_back(item);
      continue;
    }
    const std::string key = OptString(parameter, "ParameterKey").value_or("");
    for (const json::value& old : previous) {
      if (OptString(old.as_object(), "ParameterKey").value_or("") == key) next.push_back(old);
    }
  }
  return json::serialize(next);
}

// The OperationPreferences as DescribeStackSetOperation shows them: as given, with RegionOrder
// and the counts' defaults (a tolerance of 0, one account at a time) when not given.
json::object DescribedPreferences(const json::object* given) {
  json::object out = given ? *given : json::object();
  if (!out.contains("RegionOrder")) out["RegionOrder"] = json::array();
  if (!out.contains("FailureToleranceCount") && !out.contains("FailureTolerancePercentage")) {
    out["FailureToleranceCount"] = 0;
  }
  if (!out.contains("MaxConcurrentCount") && !out.contains("MaxConcurrentPercentage")) {
    out["MaxConcurrentCount"] = 1;
  }
  return out;
}

// The operation's stored targets: the plan's accounts and regions, the stacks an import
// adopts (StackSetRunner::ImportTarget), a service-managed set's DeploymentTargets, and the
// operations an automatic deployment waits for.
json::object Targets(json::array accounts, json::array regions, const json::array* imports,
                     const std::optional<json::object>& deployment_targets,
                     const json::array& after) {
  json::object targets{{"Accounts", std::move(accounts)}, {"Regions", std::move(regions)}};
  if (imports) targets["Imports"] = *imports;
  if (deployment_targets) targets["DeploymentTargets"] = *deployment_targets;
  if (!after.empty()) targets["After"] = after;  // AfterState (stack_set_dependencies.h)
  return targets;
}

bool ManagedExecutionActive(const StackSetRecord& set) {
  const json::value managed = Parsed(set.managed_execution, json::object());
  return managed.is_object() && BoolOr(managed.get_object(), "Active", false);
}

}  // namespace

std::string StackSetProvider::BeginOperation(store::Transaction& tx, const StackSetRecord& set,
                                             const json::object& in,
                                             const OperationRequest& request) {
  const std::string operation_id = OptString(in, "OperationId").value_or(rt_.ids.Uuid());
  if (sets_.FindOperation(tx, set.stack_set_id, operation_id)) {
    // nimbus's wording: AWS's is not recorded.
    throw AwsError("OperationIdAlreadyExistsException",
                   "An operation with id " + operation_id + " already exists.");
  }
  // ManagedExecution Active: an operation that cannot run at once is QUEUED, and the runner
  // starts it when the one before it ends (the API reference's ManagedExecution). An automatic
  // deployment always queues, and waits for those of the sets it depends on.
  const bool busy = sets_.ActiveOperation(tx, set.stack_set_id).has_value();
  if (busy && !request.auto_deployment && !ManagedExecutionActive(set)) ThrowInProgress(set);
  const bool queued = busy || !request.after.empty();
  const json::object preferences = DescribedPreferences(OptObject(in, "OperationPreferences"));
  const OperationPlan plan = PlanOperation(request.accounts, request.regions, preferences);
  json::array accounts(plan.accounts.begin(), plan.accounts.end());
  json::array regions(plan.regions.begin(), plan.regions.end());
  StackSetOperationRecord operation{
      .operation_id = operation_id,
      .stack_set_id = set.stack_set_id,
      .action = request.action,
      .status = queued ? "QUEUED" : "RUNNING",
      .preferences = json::serialize(preferences),
      .targets = json::serialize(
          Targets(accounts, regions, request.imports, request.deployment_targets, request.after)),
      .retain_stacks = request.retain_stacks,
      .admin_role_arn = set.admin_role_arn,
      .execution_role_name = set.execution_role_name,
      .created_millis = rt_.clock.NowMillis()};
  sets_.InsertOperation(tx, &operation);
  for (size_t target = 0; target < plan.size(); ++target) {
    const std::string& account = plan.AccountOf(target);
    const std::string& region = plan.RegionOf(target);
    if (!request.only.empty() && std::find(request.only.begin(), request.only.end(),
                                           std::pair(account, region)) == request.only.end()) {
      continue;
    }
    std::optional<StackInstanceRecord> found =
        sets_.FindInstance(tx, set.stack_set_id, account, region);
    StackInstanceRecord instance =
        found ? std::move(*found)
              : StackInstanceRecord{
                    .stack_set_id = set.stack_set_id, .account = account, .region = region};
    instance.last_operation_id = operation_id;
    instance.detailed_status = "PENDING";
    instance.status_reason.clear();
    if (request.action != "DELETE") instance.status = "OUTDATED";
    if (request.overrides) {
      instance.parameter_overrides = Overrides(instance.parameter_overrides, *request.overrides);
    }
    if (auto ou = request.ou_of.find(account); ou != request.ou_of.end() && !ou->second.empty()) {
      instance.organizational_unit_id = ou->second;
    }
    sets_.PutResult(tx, set.stack_set_id, operation_id,
                    {.account = account,
                     .region = region,
                     .status = "PENDING",
                     .position = static_cast<int64_t>(target),
                     .organizational_unit_id = instance.organizational_unit_id});
    if (request.action == "DETECT_DRIFT") continue;  // the instance keeps its status
    sets_.PutInstance(tx, &instance);
  }
  if (!queued) runner_.Start(tx, set.stack_set_id, operation_id);
  return operation_id;
}

StackSetProvider::OpenedSet StackSetProvider::OpenForInstances(const RequestContext& ctx,
                                                               const json::object& in,
                                                               TargetsUse use,
                                                               OperationRequest* request) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  StackSetRecord set;
  {
    store::Transaction tx = sets_.Read();
    set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  }
  // Organizations is read before the write transaction.
  ReadTargets(ctx, in, set, use, request);
  store::Transaction tx = sets_.Begin();
  set = FindSet(tx, sets_ctx, set.stack_set_id);
  return {.tx = std::move(tx), .set = std::move(set)};
}

void StackSetProvider::TargetEveryInstance(const std::vector<StackInstanceRecord>& instances,
                                           OperationRequest* request) {
  for (const StackInstanceRecord& instance : instances) {
    if (std::find(request->accounts.begin(), request->accounts.end(), instance.account) ==
        request->accounts.end()) {
      request->accounts.push_back(instance.account);
    }
    if (std::find(request->regions.begin(), request->regions.end(), instance.region) ==
        request->regions.end()) {
      request->regions.push_back(instance.region);
    }
    request->only.emplace_back(instance.account, instance.region);
  }
}

json::value StackSetProvider::CreateStackInstances(const RequestContext& ctx,
                                                   const json::object& in) {
  OperationRequest request{.action = "CREATE",
                           .regions = StringList(in, "Regions"),
                           .overrides = OptArray(in, "ParameterOverrides")};
  auto [tx, set] = OpenForInstances(ctx, in, TargetsUse::kCreate, &request);
  const std::string operation_id = BeginOperation(tx, set, in, request);
  AddOuTargets(in, request.regions, false, &set);
  sets_.UpdateOrganizationTargets(tx, set);
  tx.Commit();
  return json::object{{"OperationId", operation_id}};
}

json::value StackSetProvider::UpdateStackInstances(const RequestContext& ctx,
                                                   const json::object& in) {
  OperationRequest request{.action = "UPDATE",
                           .regions = StringList(in, "Regions"),
                           .overrides = OptArray(in, "ParameterOverrides")};
  auto [tx, set] = OpenForInstances(ctx, in, TargetsUse::kOther, &request);
  // Named accounts must have the instances; the accounts of an OU are those that have them.
  for (const std::string& account : request.accounts) {
    for (const std::string& region : request.regions) {
      if (sets_.FindInstance(tx, set.stack_set_id, account, region)) {
        request.only.emplace_back(account, region);
      } else if (request.ou_of[account].empty()) {
        ThrowInstanceNotFound(set, account, region);
      }
    }
  }
  if (request.only.empty()) request.accounts.clear();
  const std::string operation_id = BeginOperation(tx, set, in, request);
  tx.Commit();
  return json::object{{"OperationId", operation_id}};
}

json::value StackSetProvider::DeleteStackInstances(const RequestContext& ctx,
                                                   const json::object& in) {
  OperationRequest request{.action = "DELETE",
                           .regions = StringList(in, "Regions"),
                           .retain_stacks = BoolOr(in, "RetainStacks", false)};
  auto [tx, set] = OpenForInstances(ctx, in, TargetsUse::kOther, &request);
  // Pairs without an instance have nothing to delete.
  for (const std::string& account : request.accounts) {
    for (const std::string& region : request.regions) {
      if (sets_.FindInstance(tx, set.stack_set_id, account, region)) {
        request.only.emplace_back(account, region);
      }
    }
  }
  if (request.only.empty()) request.accounts.clear();
  const std::string operation_id = BeginOperation(tx, set, in, request);
  AddOuTargets(in, request.regions, true, &set);
  sets_.UpdateOrganizationTargets(tx, set);
  tx.Commit();
  return json::object{{"OperationId", operation_id}};
}

json::object StackSetProvider::InstanceShape(const StackInstanceRecord& instance, bool summary) {
  json::object out{{"StackSetId", instance.stack_set_id},
                   {"Region", instance.region},
                   {"Account", instance.account}};
  if (!instance.stack_id.empty()) out["StackId"] = instance.stack_id;
  if (!summary) out["ParameterOverrides"] = Parsed(instance.parameter_overrides, json::array());
  out["Status"] = instance.status;
  out["StackInstanceStatus"] = json::object{{"DetailedStatus", instance.detailed_status}};
  if (!instance.status_reason.empty()) out["StatusReason"] = instance.status_reason;
  if (!instance.organizational_unit_id.empty()) {
    out["OrganizationalUnitId"] = instance.organizational_unit_id;
  }
  out["DriftStatus"] = instance.drift_status;
  if (instance.last_drift_check_millis) {
    out["LastDriftCheckTimestamp"] = core::EpochSeconds(*instance.last_drift_check_millis);
  }
  if (!instance.last_operation_id.empty()) out["LastOperationId"] = instance.last_operation_id;
  return out;
}

json::value StackSetProvider::DescribeStackInstance(const RequestContext& ctx,
                                                    const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::string account = RequiredString(in, "StackInstanceAccount");
  const std::string region = RequiredString(in, "StackInstanceRegion");
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  std::optional<StackInstanceRecord> instance =
      sets_.FindInstance(tx, set.stack_set_id, account, region);
  if (!instance) ThrowInstanceNotFound(set, account, region);
  return json::object{{"StackInstance", InstanceShape(*instance, false)}};
}

json::value StackSetProvider::ListStackInstances(const RequestContext& ctx,
                                                 const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const int64_t after = internal::ReadPosition(in, "ListStackInstances");
  const int64_t limit = IntOr(in, "MaxResults", 100);
  std::vector<std::pair<std::string, std::string>> filters;  // (Name, Values)
  if (const json::array* given = OptArray(in, "Filters")) {
    for (const json::value& item : *given) {
      filters.emplace_back(OptString(item.as_object(), "Name").value_or(""),
                           OptString(item.as_object(), "Values").value_or(""));
    }
  }
  const auto matches = [&filters](const StackInstanceRecord& instance) {
    for (const auto& [name, value] : filters) {
      if (name == "DETAILED_STATUS" && instance.detailed_status != value) return false;
      if (name == "LAST_OPERATION_ID" && instance.last_operation_id != value) return false;
      if (name == "DRIFT_STATUS" && instance.drift_status != value) return false;
    }
    return true;
  };
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  json::array summaries;
  int64_t last = 0;
  bool more = false;
  // Read in pieces of a page and one: the Filters are applied here, and a page must not read
  // the whole set.
  const int64_t piece = std::max<int64_t>(limit, 0) + 1;
  for (int64_t cursor = after;;) {
    const std::vector<StackInstanceRecord> read = sets_.ListInstances(
        tx, set.stack_set_id, OptString(in, "StackInstanceAccount").value_or(""),
        OptString(in, "StackInstanceRegion").value_or(""), cursor, piece);
    for (const StackInstanceRecord& instance : read) {
      cursor = instance.seq;
      if (!matches(instance)) continue;
      if (static_cast<int64_t>(summaries.size()) == limit) {
        more = true;
        break;
      }
      summaries.push_back(InstanceShape(instance, true));
      last = instance.seq;
    }
    if (more || static_cast<int64_t>(read.size()) < piece) break;
  }
  json::object out{{"Summaries", std::move(summaries)}};
  if (more) internal::SetNextToken(out, "ListStackInstances", last);
  return out;
}

}  // namespace nimbus::cloudformation
