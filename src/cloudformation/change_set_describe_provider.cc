// DescribeChangeSet, ListChangeSets and DeleteChangeSet, and how a request names a change set.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/change_plan.h"
#include "cloudformation/engine/stack_events.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

// Changes per page of DescribeChangeSet, change sets per page of ListChangeSets.
constexpr int64_t kChangesPerPage = 100;
constexpr int64_t kChangeSetsPerPage = 100;

using internal::Invalid;

[[noreturn]] void ThrowNotFound(std::string_view named) {  // recorded from AWS
  throw AwsError("ChangeSetNotFound", "ChangeSet [" + std::string(named) + "] does not exist");
}

// The members every shape of a change set has (ChangeSetSummary and DescribeChangeSet's).
json::object CommonShape(const ChangeSetRecord& record, const json::object& request,
                         std::string_view execution) {
  json::object out{{"ChangeSetName", record.name},
                   {"ChangeSetId", record.change_set_id},
                   {"StackId", record.stack_id},
                   {"StackName", record.stack_name}};
  if (!record.description.empty()) out["Description"] = record.description;
  out["CreationTime"] = core::EpochSeconds(record.created_millis);
  out["ExecutionStatus"] = execution;
  out["Status"] = record.status;
  if (!record.status_reason.empty()) out["StatusReason"] = record.status_reason;
  out["IncludeNestedStacks"] = BoolOr(request, "IncludeNestedStacks", false);
  out["ImportExistingResources"] = BoolOr(request, "ImportExistingResources", false);
  return out;
}

}  // namespace

std::string StackProvider::ExecutionStatus(const ChangeSetRecord& change_set,
                                           const StackRecord& stack) {
  if (change_set.operation_id.empty()) {
    if (change_set.status != "CREATE_COMPLETE") return "UNAVAILABLE";
    return stack.operation_id == change_set.base_operation_id ? "AVAILABLE" : "OBSOLETE";
  }
  if (stack.operation_id != change_set.operation_id) return "EXECUTE_COMPLETE";  // moved on
  if (InProgress(stack.status)) return "EXECUTE_IN_PROGRESS";
  return stack.status == "CREATE_COMPLETE" || stack.status == "UPDATE_COMPLETE" ? "EXECUTE_COMPLETE"
                                                                                : "EXECUTE_FAILED";
}

ChangeSetRecord StackProvider::FindChangeSet(store::Transaction& tx, const RequestContext& ctx,
                                             const json::object& in) {
  const std::string named = RequiredString(in, "ChangeSetName");
  if (core::StartsWith(named, "arn:")) {
    std::optional<ChangeSetRecord> record = change_sets_.FindById(tx, ctx.scope, named);
    if (!record) ThrowNotFound(named);
    return std::move(*record);
  }
  const std::optional<std::string> stack_name = OptString(in, "StackName");
  if (!stack_name) {  // recorded from AWS
    Invalid("StackName must be specified if ChangeSetName is not specified as an ARN.");
  }
  std::optional<StackRecord> stack = Find(tx, ctx, *stack_name);
  if (!stack) Invalid("Stack [" + *stack_name + "] does not exist");  // recorded from AWS
  std::optional<ChangeSetRecord> record = change_sets_.FindByName(tx, stack->stack_id, named);
  if (!record) ThrowNotFound(named);
  return std::move(*record);
}

json::value StackProvider::DescribeChangeSet(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = stacks_.Read();
  const ChangeSetRecord record = FindChangeSet(tx, ctx, in);
  const std::optional<StackRecord> stack = stacks_.FindByIdAnywhere(tx, record.stack_id);
  const json::object request = json::parse(record.request).as_object();
  json::object out = CommonShape(record, request, stack ? ExecutionStatus(record, *stack) : "");
  out["Parameters"] = ParametersFromJson(record.parameters).Described();
  out["NotificationARNs"] = request.contains("NotificationARNs") ? request.at("NotificationARNs")
                                                                 : json::value(json::array());
  out["RollbackConfiguration"] = request.contains("RollbackConfiguration")
                                     ? request.at("RollbackConfiguration")
                                     : json::value(json::object());
  out["Capabilities"] =
      request.contains("Capabilities") ? request.at("Capabilities") : json::value(json::array());
  out["Tags"] = request.contains("Tags") ? request.at("Tags") : json::value(json::array());
  if (record.type == "CREATE" || request.contains("OnStackFailure")) {
    out["OnStackFailure"] = OptString(request, "OnStackFailure").value_or("ROLLBACK");
  }
  for (std::string_view member : {"DeploymentMode", "DeploymentConfig"}) {
    if (const json::value* value = request.if_contains(member)) out[member] = *value;
  }

  // The Changes, a page at a time.
  const bool values = BoolOr(in, "IncludePropertyValues", false);
  // None is known while the change set is being created.
  const bool created = record.status == "CREATE_COMPLETE" || record.status == "FAILED";
  const json::array changes = created ? json::parse(record.changes).as_array() : json::array();
  const int64_t first = internal::ReadPosition(in, "DescribeChangeSet");
  json::array page;
  for (int64_t i = first; i < static_cast<int64_t>(changes.size()) && i < first + kChangesPerPage;
       ++i) {
    const json::object& change = changes[static_cast<size_t>(i)].as_object();
    page.push_back(values ? change : WithoutPropertyValues(change));
  }
  out["Changes"] = std::move(page);
  if (first + kChangesPerPage < static_cast<int64_t>(changes.size())) {
    internal::SetNextToken(out, "DescribeChangeSet", first + kChangesPerPage);
  }
  return out;
}

json::value StackProvider::ListChangeSets(const RequestContext& ctx, const json::object& in) {
  const std::string stack_name = RequiredString(in, "StackName");
  store::Transaction tx = stacks_.Read();
  std::optional<StackRecord> stack = Find(tx, ctx, stack_name);
  if (!stack) Invalid("Stack [" + stack_name + "] does not exist");
  const int64_t after = internal::ReadPosition(in, "ListChangeSets");
  std::vector<ChangeSetRecord> records =
      change_sets_.List(tx, stack->stack_id, after, kChangeSetsPerPage + 1);
  json::object out;
  if (static_cast<int64_t>(records.size()) > kChangeSetsPerPage) {
    records.pop_back();
    internal::SetNextToken(out, "ListChangeSets", records.back().seq);
  }
  json::array summaries;
  for (const ChangeSetRecord& record : records) {
    summaries.push_back(CommonShape(record, json::parse(record.request).as_object(),
                                    ExecutionStatus(record, *stack)));
  }
  out["Summaries"] = std::move(summaries);
  return out;
}

json::value StackProvider::DeleteChangeSet(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = stacks_.Begin();
  const ChangeSetRecord record = FindChangeSet(tx, ctx, in);
  if (std::optional<StackRecord> stack = stacks_.FindByIdAnywhere(tx, record.stack_id)) {
    const std::string execution = ExecutionStatus(record, *stack);
    if (execution == "EXECUTE_IN_PROGRESS") {  // unverified wording
      throw AwsError("InvalidChangeSetStatus",
                     "ChangeSet [" + record.change_set_id +
                         "] cannot be deleted in its current status of [" + execution + "]");
    }
  }
  // A stack in REVIEW_IN_PROGRESS stays so without change sets, as AWS's does.
  change_sets_.Delete(tx, record.change_set_id);
  tx.Commit();
  return json::object();
}

}  // namespace nimbus::cloudformation
