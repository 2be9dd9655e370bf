// Stack set operations as the API describes them: DescribeStackSetOperation,
// ListStackSetOperations, ListStackSetOperationResults, StopStackSetOperation.
#include <algorithm>
#include <utility>

#include <boost/json/parse.hpp>

#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/stack_set_provider.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

json::value Parsed(std::string_view text, json::value fallback) {
  if (text.empty()) return fallback;
  return json::parse(text);
}

[[noreturn]] void ThrowOperationNotFound(std::string_view operation_id) {
  // nimbus's wording, in the form of StackSetNotFoundException's: AWS's is not recorded.
  throw AwsError("OperationNotFoundException",
                 "Operation " + std::string(operation_id) + " not found");
}

int64_t FailedCount(const std::vector<OperationResultRecord>& results) {
  return std::count_if(results.begin(), results.end(),
                       [](const OperationResultRecord& r) { return r.status == "FAILED"; });
}

}  // namespace

json::object StackSetProvider::OperationShape(const StackSetOperationRecord& operation,
                                              int64_t failed, bool summary) {
  json::object out{{"OperationId", operation.operation_id}};
  if (!summary) out["StackSetId"] = operation.stack_set_id;
  out["Action"] = operation.action;
  out["Status"] = operation.status;
  out["OperationPreferences"] = Parsed(operation.preferences, json::object());
  if (!summary) {
    if (operation.retain_stacks) out["RetainStacks"] = *operation.retain_stacks;
    // A service-managed set's operations have neither (service-linked roles deploy it).
    if (!operation.admin_role_arn.empty()) out["AdministrationRoleARN"] = operation.admin_role_arn;
    if (!operation.execution_role_name.empty()) {
      out["ExecutionRoleName"] = operation.execution_role_name;
    }
    // A service-managed set's operations keep the DeploymentTargets they were given.
    const json::value targets = Parsed(operation.targets, json::object());
    if (const json::value* given = targets.as_object().if_contains("DeploymentTargets")) {
      out["DeploymentTargets"] = *given;
    }
  }
  out["CreationTimestamp"] = core::EpochSeconds(operation.created_millis);
  if (operation.ended_millis) out["EndTimestamp"] = core::EpochSeconds(*operation.ended_millis);
  if (!operation.status_reason.empty()) out["StatusReason"] = operation.status_reason;
  out["StatusDetails"] = json::object{{"FailedStackInstancesCount", failed}};
  return out;
}

json::value StackSetProvider::DescribeStackSetOperation(const RequestContext& ctx,
                                                        const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::string operation_id = RequiredString(in, "OperationId");
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  std::optional<StackSetOperationRecord> operation =
      sets_.FindOperation(tx, set.stack_set_id, operation_id);
  if (!operation) ThrowOperationNotFound(operation_id);
  const int64_t failed = FailedCount(sets_.Results(tx, set.stack_set_id, operation_id));
  json::object shape = OperationShape(*operation, failed, false);
  if (operation->action == "DETECT_DRIFT") {
    shape["StackSetDriftDetectionDetails"] = OperationDrift(tx, *operation).Shape();
  }
  return json::object{{"StackSetOperation", std::move(shape)}};
}

json::value StackSetProvider::ListStackSetOperations(const RequestContext& ctx,
                                                     const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const int64_t after = internal::ReadPosition(in, "ListStackSetOperations");
  const int64_t limit = IntOr(in, "MaxResults", 100);
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  const std::vector<StackSetOperationRecord> operations =
      sets_.ListOperations(tx, set.stack_set_id, after, limit + 1);
  json::array summaries;
  for (size_t i = 0; i < operations.size() && static_cast<int64_t>(i) < limit; ++i) {
    const int64_t failed =
        FailedCount(sets_.Results(tx, set.stack_set_id, operations[i].operation_id));
    summaries.push_back(OperationShape(operations[i], failed, true));
  }
  json::object out{{"Summaries", std::move(summaries)}};
  if (static_cast<int64_t>(operations.size()) > limit) {
    internal::SetNextToken(out, "ListStackSetOperations",
                           operations[static_cast<size_t>(limit) - 1].seq);
  }
  return out;
}

json::value StackSetProvider::ListStackSetOperationResults(const RequestContext& ctx,
                                                           const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::string operation_id = RequiredString(in, "OperationId");
  const int64_t after = internal::ReadPosition(in, "ListStackSetOperationResults") - 1;
  const int64_t limit = IntOr(in, "MaxResults", 100);
  std::string wanted_status;  // the OPERATION_RESULT_STATUS filter
  if (const json::array* filters = OptArray(in, "Filters")) {
    for (const json::value& item : *filters) {
      if (OptString(item.as_object(), "Name").value_or("") == "OPERATION_RESULT_STATUS") {
        wanted_status = OptString(item.as_object(), "Values").value_or("");
      }
    }
  }
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  if (!sets_.FindOperation(tx, set.stack_set_id, operation_id)) {
    ThrowOperationNotFound(operation_id);
  }
  json::array summaries;
  int64_t last = 0;
  bool more = false;
  for (const OperationResultRecord& result :
       sets_.Results(tx, set.stack_set_id, operation_id, after)) {
    if (!wanted_status.empty() && result.status != wanted_status) continue;
    if (static_cast<int64_t>(summaries.size()) == limit) {
      more = true;
      break;
    }
    json::object summary{
        {"Account", result.account}, {"Region", result.region}, {"Status", result.status}};
    if (!result.status_reason.empty()) summary["StatusReason"] = result.status_reason;
    if (!result.organizational_unit_id.empty()) {
      summary["OrganizationalUnitId"] = result.organizational_unit_id;
    }
    if (result.status != "PENDING" && result.status != "CANCELLED") {
      // Self-managed sets without an account gate function: AWS reports the gate SKIPPED with
      // the function it looked for in the target account and region (unverified wording).
      const core::Scope target{.account = result.account, .region = result.region};
      summary["AccountGateResult"] = json::object{
          {"Status", "SKIPPED"},
          {"StatusReason",
           "Function not found: " +
               core::Arn(target, "lambda", "function:AWSCloudFormationStackSetAccountGate")}};
    }
    summaries.push_back(std::move(summary));
    last = result.position;
  }
  json::object out{{"Summaries", std::move(summaries)}};
  // Positions start at 0; the token stands for the next one.
  if (more) internal::SetNextToken(out, "ListStackSetOperationResults", last + 1);
  return out;
}

json::value StackSetProvider::StopStackSetOperation(const RequestContext& ctx,
                                                    const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::string operation_id = RequiredString(in, "OperationId");
  store::Transaction tx = sets_.Begin();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  std::optional<StackSetOperationRecord> operation =
      sets_.FindOperation(tx, set.stack_set_id, operation_id);
  if (!operation) ThrowOperationNotFound(operation_id);
  if (operation->status == "STOPPING") return json::object();
  if (operation->status != "RUNNING" && operation->status != "QUEUED") {
    // nimbus's wording: AWS's is not recorded.
    throw AwsError("InvalidOperationException", "Operation " + operation_id + " is " +
                                                    operation->status + " and cannot be stopped");
  }
  // The runner finishes the targets under way, then cancels the others (STOPPED).
  operation->status = "STOPPING";
  sets_.UpdateOperation(tx, *operation);
  tx.Commit();
  return json::object();
}

}  // namespace nimbus::cloudformation
