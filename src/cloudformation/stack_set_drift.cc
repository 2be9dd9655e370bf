#include "cloudformation/stack_set_drift.h"

#include <algorithm>
#include <array>
#include <utility>

#include <boost/json/serialize.hpp>

#include "core/clock.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE cfn_stack_set_drifts (stack_set_id TEXT NOT NULL, operation_id TEXT NOT NULL, "
    "account TEXT NOT NULL, region TEXT NOT NULL, stack_id TEXT NOT NULL, drift_status TEXT NOT "
    "NULL, checked_millis INTEGER NOT NULL, resources TEXT NOT NULL, PRIMARY KEY (stack_set_id, "
    "operation_id, account, region));",
};

constexpr std::string_view kColumns =
    "account, region, stack_id, drift_status, checked_millis, resources";

// The statuses drift detection runs in (using-cfn-stack-drift.md), as for DetectStackDrift.
constexpr std::array<std::string_view, 4> kCheckable = {
    "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED"};

InstanceDriftRecord FromRow(const store::Row& row) {
  return InstanceDriftRecord{.account = row.Text(0),
                             .region = row.Text(1),
                             .stack_id = row.Text(2),
                             .drift_status = row.Text(3),
                             .checked_millis = row.Int(4),
                             .resources = row.Text(5)};
}

}  // namespace

json::object SetDriftDetails::Shape() const {
  json::object out{{"DriftStatus", drift_status}};
  if (!detection_status.empty()) out["DriftDetectionStatus"] = detection_status;
  if (last_check_millis) out["LastDriftCheckTimestamp"] = core::EpochSeconds(*last_check_millis);
  out["TotalStackInstancesCount"] = total;
  out["DriftedStackInstancesCount"] = drifted;
  out["InSyncStackInstancesCount"] = in_sync;
  out["InProgressStackInstancesCount"] = in_progress;
  out["FailedStackInstancesCount"] = failed;
  return out;
}

SetDriftDetails SummarizeDrift(std::string_view operation_status,
                               const std::vector<OperationResultRecord>& results,
                               const std::vector<InstanceDriftRecord>& found) {
  SetDriftDetails out;
  out.total = static_cast<int64_t>(results.size());
  for (const OperationResultRecord& result : results) {
    if (result.status == "PENDING" || result.status == "RUNNING") ++out.in_progress;
    if (result.status == "FAILED") ++out.failed;
  }
  for (const InstanceDriftRecord& drift : found) {
    if (drift.drift_status == "DRIFTED") ++out.drifted;
    if (drift.drift_status == "IN_SYNC") ++out.in_sync;
    out.last_check_millis = std::max(out.last_check_millis.value_or(0), drift.checked_millis);
  }
  if (out.drifted > 0) {
    out.drift_status = "DRIFTED";
  } else if (out.in_sync > 0) {
    out.drift_status = "IN_SYNC";
  }
  if (operation_status == "RUNNING" || operation_status == "STOPPING") {
    out.detection_status = "IN_PROGRESS";
  } else if (operation_status == "STOPPED" || operation_status == "FAILED") {
    out.detection_status = std::string(operation_status);
  } else {
    out.detection_status = out.failed > 0 ? "PARTIAL_SUCCESS" : "COMPLETED";
  }
  return out;
}

json::object ResourceDriftSummary(const ResourceDrift& drift, std::string_view stack_id) {
  json::object shape = drift.Shape(stack_id);
  shape.erase("ExpectedProperties");
  shape.erase("ActualProperties");
  shape.erase("DriftStatusReason");
  return shape;
}

StackSetDrift::StackSetDrift(Runtime& rt, const DriftDetector& detector)
    : rt_(rt),
      detector_(detector),
      stacks_(rt.db),
      drifts_(rt.db),
      schema_(rt.db, "cloudformation_stack_set_drift", kMigrations) {}

OperationResultRecord StackSetDrift::DetectInstance(const core::Caller& executor,
                                                    std::string_view operation_id,
                                                    const OperationResultRecord& result,
                                                    StackInstanceRecord* instance) {
  std::optional<StackRecord> stack;
  std::vector<ResourceRecord> resources;
  if (!instance->stack_id.empty()) {
    store::Transaction tx = stacks_.Read();
    stack = stacks_.FindByIdAnywhere(tx, instance->stack_id);
    if (stack) resources = stacks_.Resources(tx, *stack);
  }
  const int64_t now = rt_.clock.NowMillis();
  InstanceDriftRecord found{.account = result.account,
                            .region = result.region,
                            .stack_id = instance->stack_id,
                            .drift_status = "UNKNOWN",
                            .checked_millis = now};
  OperationResultRecord out = result;
  out.status = "FAILED";
  StackDrift drift;
  if (!stack || stack->status == "DELETE_COMPLETE") {
    // nimbus's wording, as DetectStackDrift words an unknown stack.
    out.status_reason = "Stack with id " +
                        (instance->stack_id.empty() ? result.account : instance->stack_id) +
                        " does not exist";
  } else if (std::find(kCheckable.begin(), kCheckable.end(), stack->status) == kCheckable.end()) {
    out.status_reason = "Stack [" + stack->name + "] is in " + stack->status +
                        " state and cannot be checked for drift";
  } else {
    core::RequestContext ctx;
    ctx.request_id = rt_.ids.Uuid();
    ctx.service = "cloudformation";
    ctx.scope = stack->scope;
    ctx.caller = executor;
    drift = detector_.DetectStack(ctx, *stack, resources, {});
    json::array summaries;
    for (const ResourceDrift& resource : drift.resources) {
      summaries.push_back(ResourceDriftSummary(resource, stack->stack_id));
    }
    found.resources = json::serialize(summaries);
    if (drift.failure.empty()) {
      found.drift_status = drift.status;
      out.status = "SUCCEEDED";
    } else {
      out.status_reason = drift.failure;
    }
  }
  instance->drift_status = found.drift_status;
  instance->last_drift_check_millis = now;
  store::Transaction tx = schema_.Begin();
  Put(tx, instance->stack_set_id, operation_id, found);
  if (stack && !drift.resources.empty()) {
    for (const ResourceDrift& resource : drift.resources) {
      drifts_.PutResourceDrift(tx, stack->stack_id,
                               {.logical_id = resource.logical_id,
                                .status = resource.status,
                                .timestamp_millis = resource.timestamp_millis,
                                .drift = json::serialize(resource.Shape(stack->stack_id))});
    }
  }
  if (out.status == "SUCCEEDED") drifts_.PutStackDrift(tx, stack->stack_id, drift.status, now);
  tx.Commit();
  return out;
}

void StackSetDrift::Put(store::Transaction& tx, std::string_view set_id,
                        std::string_view operation_id, const InstanceDriftRecord& found) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO cfn_stack_set_drifts (stack_set_id, operation_id, " +
              std::string(kColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {std::string(set_id), std::string(operation_id), found.account, found.region,
           found.stack_id, found.drift_status, found.checked_millis, found.resources});
}

std::optional<InstanceDriftRecord> StackSetDrift::Find(store::Transaction& tx,
                                                       std::string_view set_id,
                                                       std::string_view operation_id,
                                                       std::string_view account,
                                                       std::string_view region) {
  schema_.Ensure();
  const std::optional<store::Row> row = tx.QueryOne(
      "SELECT " + std::string(kColumns) +
          " FROM cfn_stack_set_drifts WHERE stack_set_id = ? AND operation_id = ? AND account = ? "
          "AND region = ?",
      {std::string(set_id), std::string(operation_id), std::string(account), std::string(region)});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::vector<InstanceDriftRecord> StackSetDrift::Found(store::Transaction& tx,
                                                      std::string_view set_id,
                                                      std::string_view operation_id) {
  schema_.Ensure();
  std::vector<InstanceDriftRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kColumns) +
                    " FROM cfn_stack_set_drifts WHERE stack_set_id = ? AND operation_id = ?",
                {std::string(set_id), std::string(operation_id)})) {
    out.push_back(FromRow(row));
  }
  return out;
}

}  // namespace nimbus::cloudformation
