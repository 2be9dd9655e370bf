#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cloudformation/drift_store.h"
#include "cloudformation/engine/drift.h"
#include "cloudformation/stack_set_store.h"
#include "cloudformation/stack_store.h"
#include "core/request_context.h"
#include "services/runtime.h"
#include "store/database.h"

// Drift detection of stack sets (DetectStackSetDrift): an operation of the set, Action
// DETECT_DRIFT, whose targets are the set's instances; each instance's stack is checked by the
// DriftDetector in its account and region
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-drift.html).
namespace nimbus::cloudformation {

// What a DETECT_DRIFT operation found for one instance.
struct InstanceDriftRecord {
  std::string account{};
  std::string region{};
  std::string stack_id{};
  std::string drift_status{};  // DRIFTED | IN_SYNC | UNKNOWN
  int64_t checked_millis = 0;
  // Each resource's StackInstanceResourceDriftsSummary, in the stack's order (JSON array).
  std::string resources = "[]";
};

// The StackSetDriftDetectionDetails of an operation, or of the set from its last completed
// DETECT_DRIFT operation.
struct SetDriftDetails {
  std::string drift_status = "NOT_CHECKED";  // DRIFTED | IN_SYNC | NOT_CHECKED
  std::string detection_status{};  // COMPLETED | FAILED | PARTIAL_SUCCESS | IN_PROGRESS | STOPPED
  std::optional<int64_t> last_check_millis{};
  int64_t total = 0;
  int64_t drifted = 0;
  int64_t in_sync = 0;
  int64_t in_progress = 0;
  int64_t failed = 0;

  boost::json::object Shape() const;
};

// The details of a DETECT_DRIFT operation in `operation_status` (RUNNING, STOPPING, SUCCEEDED,
// FAILED, STOPPED) from its targets' `results` and the drifts it `found` (API reference,
// StackSetDriftDetectionDetails): every target counts in the total; PENDING and RUNNING ones are
// in progress, FAILED ones failed (a CANCELLED one is neither); DRIFTED when an instance drifted,
// else IN_SYNC once one was found in sync, else NOT_CHECKED. The detection is IN_PROGRESS while
// the operation runs, STOPPED or FAILED (beyond the failure tolerance) as it ended, otherwise
// PARTIAL_SUCCESS when some instance failed within the tolerance and COMPLETED when none did.
// The last check is the latest instance's.
SetDriftDetails SummarizeDrift(std::string_view operation_status,
                               const std::vector<OperationResultRecord>& results,
                               const std::vector<InstanceDriftRecord>& found);

// The StackInstanceResourceDriftsSummary of a resource drift (StackResourceDrift's members but
// the expected and actual properties).
boost::json::object ResourceDriftSummary(const ResourceDrift& drift, std::string_view stack_id);

// Checks instances' stacks for StackSetRunner and keeps what each DETECT_DRIFT operation found
// (component `cloudformation_stack_set_drift`, table `cfn_stack_set_drifts`). The drift of an
// instance's stack is also the stack's own (DescribeStacks' DriftInformation, the resources'
// drifts), as a DetectStackDrift would leave it.
class StackSetDrift {
 public:
  StackSetDrift(Runtime& rt, const DriftDetector& detector);

  store::Transaction Read() const { return schema_.Read(); }

  // Checks the stack of `instance` (in result's account and region) as `executor`, records what
  // it found for `operation_id` and sets the instance's DriftStatus and LastDriftCheckTimestamp.
  // Answers the target's result: SUCCEEDED, or FAILED with the reason (the stack is gone, cannot
  // be checked, or a resource could not be read), the instance then UNKNOWN.
  OperationResultRecord DetectInstance(const core::Caller& executor, std::string_view operation_id,
                                       const OperationResultRecord& result,
                                       StackInstanceRecord* instance);

  // What `operation_id` found for the instance (account, region), if it checked it.
  std::optional<InstanceDriftRecord> Find(store::Transaction& tx, std::string_view set_id,
                                          std::string_view operation_id, std::string_view account,
                                          std::string_view region);
  // What `operation_id` found, for every instance it checked.
  std::vector<InstanceDriftRecord> Found(store::Transaction& tx, std::string_view set_id,
                                         std::string_view operation_id);

 private:
  // Records `found` and the stack's drift in `tx`.
  void Put(store::Transaction& tx, std::string_view set_id, std::string_view operation_id,
           const InstanceDriftRecord& found);

  Runtime& rt_;
  const DriftDetector& detector_;
  StackStore stacks_;
  DriftStore drifts_;
  store::Schema schema_;
};

}  // namespace nimbus::cloudformation
