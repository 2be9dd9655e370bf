// Drift detection of stack sets: DetectStackSetDrift (an operation of the set, run by the
// StackSetRunner through StackSetDrift), ListStackInstanceResourceDrifts, and the drift details
// DescribeStackSet and DescribeStackSetOperation show
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-drift.html).
#include <algorithm>
#include <utility>

#include <boost/json/parse.hpp>

#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/stack_set_provider.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

// ListStackInstanceResourceDrifts' page when MaxResults is not given (the model's maximum).
constexpr int64_t kDriftPageSize = 100;

}  // namespace

SetDriftDetails StackSetProvider::OperationDrift(store::Transaction& tx,
                                                 const StackSetOperationRecord& operation) {
  return SummarizeDrift(operation.status,
                        sets_.Results(tx, operation.stack_set_id, operation.operation_id),
                        drift_.Found(tx, operation.stack_set_id, operation.operation_id));
}

SetDriftDetails StackSetProvider::SetDrift(store::Transaction& tx, const StackSetRecord& set) {
  // The API reference: "information about the last completed drift operation performed on the
  // StackSet. Information about drift operations in-progress isn't included."
  const std::vector<StackSetOperationRecord> operations =
      sets_.ListOperations(tx, set.stack_set_id, 0, -1);
  for (auto it = operations.rbegin(); it != operations.rend(); ++it) {
    if (it->action == "DETECT_DRIFT" && it->status != "RUNNING" && it->status != "STOPPING") {
      return OperationDrift(tx, *it);
    }
  }
  return SetDriftDetails{};
}

json::value StackSetProvider::DetectStackSetDrift(const RequestContext& ctx,
                                                  const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  store::Transaction tx = sets_.Begin();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  // Every instance of the set, in the plan of their accounts and regions.
  OperationRequest request{.action = "DETECT_DRIFT"};
  TargetEveryInstance(sets_.ListInstances(tx, set.stack_set_id, "", "", 0, -1), &request);
  const std::string operation_id = BeginOperation(tx, set, in, request);
  tx.Commit();
  return json::object{{"OperationId", operation_id}};
}

json::value StackSetProvider::ListStackInstanceResourceDrifts(const RequestContext& ctx,
                                                              const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::string account = RequiredString(in, "StackInstanceAccount");
  const std::string region = RequiredString(in, "StackInstanceRegion");
  const std::string operation_id = RequiredString(in, "OperationId");
  const std::vector<std::string> statuses = StringList(in, "StackInstanceResourceDriftStatuses");
  const int64_t start = internal::ReadPosition(in, "ListStackInstanceResourceDrifts");
  const int64_t page = IntOr(in, "MaxResults", kDriftPageSize);
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  if (!sets_.FindInstance(tx, set.stack_set_id, account, region)) {
    ThrowInstanceNotFound(set, account, region);
  }
  if (!sets_.FindOperation(tx, set.stack_set_id, operation_id)) {
    // nimbus's wording, as DescribeStackSetOperation's: AWS's is not recorded.
    throw AwsError("OperationNotFoundException", "Operation " + operation_id + " not found");
  }
  // An operation that did not check the instance (not a DETECT_DRIFT, or not there yet) found
  // nothing.
  const std::optional<InstanceDriftRecord> found =
      drift_.Find(tx, set.stack_set_id, operation_id, account, region);
  json::array listed;
  if (found) {
    json::value parsed = json::parse(found->resources);
    for (json::value& summary : parsed.as_array()) {
      const json::string& status = summary.as_object().at("StackResourceDriftStatus").as_string();
      if (statuses.empty() ||
          std::find(statuses.begin(), statuses.end(), std::string(status)) != statuses.end()) {
        listed.push_back(std::move(summary));
      }
    }
  }
  json::object out;
  json::array summaries;
  for (size_t i = static_cast<size_t>(start); i < listed.size(); ++i) {
    if (static_cast<int64_t>(summaries.size()) == page) {
      internal::SetNextToken(out, "ListStackInstanceResourceDrifts", static_cast<int64_t>(i));
      break;
    }
    summaries.push_back(std::move(listed[i]));
  }
  out["Summaries"] = std::move(summaries);
  return out;
}

}  // namespace nimbus::cloudformation
