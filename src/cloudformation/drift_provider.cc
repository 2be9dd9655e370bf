// Drift detection of single stacks: DetectStackDrift (on the scheduler),
// DescribeStackDriftDetectionStatus, DetectStackResourceDrift, DescribeStackResourceDrifts, and
// the DriftInformation the describe calls show once a stack or resource has been checked
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/detect-drift-stack.html).
#include <algorithm>
#include <array>
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::RequestContext;
using core::protocol::OptInt;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

using internal::Invalid;

// The scheduler task that runs a DetectStackDrift (its payload is the detection's id).
constexpr std::string_view kDriftTask = "cloudformation.DetectDrift";
// DescribeStackResourceDrifts' page when MaxResults is not given (the model's maximum).
constexpr int64_t kDriftPageSize = 100;

// The statuses drift detection runs in (using-cfn-stack-drift.md: "You can perform drift
// detection on stacks with the following statuses").
constexpr std::array<std::string_view, 4> kCheckable = {
    "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED"};

void CheckDriftable(const StackRecord& stack) {
  if (std::find(kCheckable.begin(), kCheckable.end(), stack.status) == kCheckable.end()) {
    // nimbus's wording: AWS's message for this case is not recorded.
    Invalid("Stack [" + stack.name + "] is in " + stack.status +
            " state and cannot be checked for drift");
  }
}

}  // namespace

void StackProvider::RegisterDrift() {
  Register("DetectStackDrift", &StackProvider::DetectStackDrift);
  Register("DescribeStackDriftDetectionStatus", &StackProvider::DescribeStackDriftDetectionStatus);
  Register("DetectStackResourceDrift", &StackProvider::DetectStackResourceDrift);
  Register("DescribeStackResourceDrifts", &StackProvider::DescribeStackResourceDrifts);
  rt_.scheduler.Register(std::string(kDriftTask),
                         [this](const store::Task& task) { RunDriftDetection(task.payload); });
}

json::value StackProvider::DetectStackDrift(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::vector<std::string> logical_ids = StringList(in, "LogicalResourceIds");
  store::Transaction tx = stacks_.Begin();
  const StackRecord stack = FindOrThrow(tx, ctx, name);
  CheckDriftable(stack);
  json::array ids;
  for (const std::string& logical_id : logical_ids) {
    if (!stacks_.Resource(tx, stack, logical_id)) {
      Invalid("Resource " + logical_id + " does not exist for stack " + name);  // nimbus's
    }
    ids.push_back(json::string(logical_id));
  }
  const DriftDetectionRecord detection{.id = rt_.ids.Uuid(),
                                       .stack_id = stack.stack_id,
                                       .scope = stack.scope,
                                       .timestamp_millis = rt_.clock.NowMillis(),
                                       .logical_ids = json::serialize(ids),
                                       .caller = Deployer::CallerToJson(ctx.caller)};
  drifts_.PutDetection(tx, detection);
  rt_.scheduler.Schedule(tx, kDriftTask, detection.id, rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{{"StackDriftDetectionId", detection.id}};
}

void StackProvider::RunDriftDetection(std::string_view detection_id) {
  std::optional<DriftDetectionRecord> detection;
  std::optional<StackRecord> stack;
  std::vector<ResourceRecord> resources;
  {
    store::Transaction tx = stacks_.Read();
    detection = drifts_.FindDetectionAnywhere(tx, detection_id);
    if (!detection || detection->status != "DETECTION_IN_PROGRESS") return;
    stack = stacks_.FindByIdAnywhere(tx, detection->stack_id);
    if (stack) resources = stacks_.Resources(tx, *stack);
  }
  StackDrift found;
  if (!stack) {
    found.failure = "Stack with id " + detection->stack_id + " does not exist";
  } else {
    RequestContext ctx;
    ctx.request_id = rt_.ids.Uuid();
    ctx.service = "cloudformation";
    ctx.scope = stack->scope;
    ctx.caller = Deployer::CallerFromJson(detection->caller);
    std::vector<std::string> logical_ids;
    const json::value asked = json::parse(detection->logical_ids);
    for (const json::value& id : asked.as_array()) {
      logical_ids.emplace_back(id.as_string());
    }
    found = drift_detector_.DetectStack(ctx, *stack, resources, logical_ids);
  }
  const int64_t now = rt_.clock.NowMillis();
  store::Transaction tx = stacks_.Begin();
  for (const ResourceDrift& drift : found.resources) {
    drifts_.PutResourceDrift(tx, detection->stack_id,
                             {.logical_id = drift.logical_id,
                              .status = drift.status,
                              .timestamp_millis = drift.timestamp_millis,
                              .drift = json::serialize(drift.Shape(detection->stack_id))});
  }
  detection->status = found.failure.empty() ? "DETECTION_COMPLETE" : "DETECTION_FAILED";
  detection->reason = found.failure;
  detection->stack_drift_status = stack ? found.status : "NOT_CHECKED";
  detection->drifted_count = found.drifted_count;
  detection->timestamp_millis = now;
  drifts_.PutDetection(tx, *detection);
  if (stack) drifts_.PutStackDrift(tx, detection->stack_id, found.status, now);
  tx.Commit();
}

json::value StackProvider::DescribeStackDriftDetectionStatus(const RequestContext& ctx,
                                                             const json::object& in) {
  const std::string id = RequiredString(in, "StackDriftDetectionId");
  store::Transaction tx = drifts_.Read();
  const std::optional<DriftDetectionRecord> detection = drifts_.FindDetection(tx, ctx.scope, id);
  if (!detection) Invalid("Drift detection with id " + id + " does not exist");  // nimbus's
  json::object out{{"StackId", detection->stack_id}, {"StackDriftDetectionId", detection->id}};
  if (!detection->stack_drift_status.empty()) {
    out["StackDriftStatus"] = detection->stack_drift_status;
  }
  out["DetectionStatus"] = detection->status;
  if (!detection->reason.empty()) out["DetectionStatusReason"] = detection->reason;
  if (detection->status != "DETECTION_IN_PROGRESS") {
    out["DriftedStackResourceCount"] = detection->drifted_count;
  }
  out["Timestamp"] = core::EpochSeconds(detection->timestamp_millis);
  return out;
}

json::value StackProvider::DetectStackResourceDrift(const RequestContext& ctx,
                                                    const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::string logical_id = RequiredString(in, "LogicalResourceId");
  StackRecord stack;
  std::optional<ResourceRecord> resource;
  {
    store::Transaction tx = stacks_.Read();
    stack = FindOrThrow(tx, ctx, name);
    CheckDriftable(stack);
    resource = stacks_.Resource(tx, stack, logical_id);
  }
  if (!resource || resource->physical_id.empty() || resource->status.starts_with("DELETE_")) {
    Invalid("Resource " + logical_id + " does not exist for stack " + name);
  }
  const ResourceDrift drift = drift_detector_.DetectResource(ctx, stack, *resource);
  // The resource could not be read: the service's error, as the detection's failure.
  if (!drift.failure.empty()) Invalid(drift.failure);
  json::object shape = drift.Shape(stack.stack_id);
  store::Transaction tx = drifts_.Begin();
  drifts_.PutResourceDrift(tx, stack.stack_id,
                           {.logical_id = drift.logical_id,
                            .status = drift.status,
                            .timestamp_millis = drift.timestamp_millis,
                            .drift = json::serialize(shape)});
  tx.Commit();
  return json::object{{"StackResourceDrift", std::move(shape)}};
}

json::value StackProvider::DescribeStackResourceDrifts(const RequestContext& ctx,
                                                       const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::vector<std::string> filters = StringList(in, "StackResourceDriftStatusFilters");
  const int64_t page = OptInt(in, "MaxResults").value_or(kDriftPageSize);
  const int64_t start = internal::ReadPosition(in, "DescribeStackResourceDrifts");
  store::Transaction tx = stacks_.Read();
  const StackRecord stack = FindOrThrow(tx, ctx, name);
  std::map<std::string, std::string, std::less<>> drifts;
  for (ResourceDriftRecord& record : drifts_.ResourceDrifts(tx, stack.stack_id)) {
    if (!filters.empty() &&
        std::find(filters.begin(), filters.end(), record.status) == filters.end()) {
      continue;
    }
    drifts[record.logical_id] = std::move(record.drift);
  }
  // In the stack's order; a resource an update has removed since it was checked is left out.
  std::vector<const std::string*> listed;
  for (const ResourceRecord& resource : stacks_.Resources(tx, stack)) {
    if (auto it = drifts.find(resource.logical_id); it != drifts.end()) {
      listed.push_back(&it->second);
    }
  }
  json::object out;
  json::array shapes;
  for (size_t i = static_cast<size_t>(start); i < listed.size(); ++i) {
    if (static_cast<int64_t>(shapes.size()) == page) {
      internal::SetNextToken(out, "DescribeStackResourceDrifts", static_cast<int64_t>(i));
      break;
    }
    shapes.push_back(json::parse(*listed[i]));
  }
  out["StackResourceDrifts"] = std::move(shapes);
  return out;
}

json::object StackProvider::StackDriftInformation(store::Transaction& tx,
                                                  std::string_view stack_id) {
  const std::optional<std::pair<std::string, int64_t>> drift = drifts_.StackDrift(tx, stack_id);
  if (!drift) return json::object{{"StackDriftStatus", "NOT_CHECKED"}};
  return json::object{{"StackDriftStatus", drift->first},
                      {"LastCheckTimestamp", core::EpochSeconds(drift->second)}};
}

std::map<std::string, json::object, std::less<>> StackProvider::ResourceDriftInformation(
    store::Transaction& tx, std::string_view stack_id) {
  std::map<std::string, json::object, std::less<>> out;
  for (const ResourceDriftRecord& record : drifts_.ResourceDrifts(tx, stack_id)) {
    out[record.logical_id] =
        json::object{{"StackResourceDriftStatus", record.status},
                     {"LastCheckTimestamp", core::EpochSeconds(record.timestamp_millis)}};
  }
  return out;
}

}  // namespace nimbus::cloudformation
