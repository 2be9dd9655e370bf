// CreationPolicy: a resource whose policy has a ResourceSignal stays CREATE_IN_PROGRESS after its
// handler has created it, until Count SUCCESS signals with distinct UniqueIds arrive through
// SignalResource (StackProvider::SignalResource records them and wakes the deployment). Its wait
// is a wait condition that reads its own signals (WaitConditionStore), so a restart with
// --data-dir goes on waiting with the same deadline and the signals already received.
#include <algorithm>
#include <string>

#include "cloudformation/engine/deployer.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace {

// The code of a resource's signal failure; only its message is shown (as the status reason).
constexpr std::string_view kSignalFailure = "ResourceSignalFailure";

}  // namespace

bool Deployer::SignalWaitStarted(store::Transaction& tx, const Session& s, size_t row) const {
  const std::optional<WaitConditionRecord> wait =
      waits_.Condition(tx, s.stack.stack_id, s.rows[row].logical_id);
  // A WaitCondition's own record reads its handle's signals: that is not a CreationPolicy's.
  return wait && wait->handle_stack_id == s.stack.stack_id &&
         wait->handle_logical_id == s.rows[row].logical_id;
}

bool Deployer::AwaitSignals(store::Transaction& tx, Session& s, size_t row,
                            const SignalPolicy& policy) {
  const ResourceRecord& resource = s.rows[row];
  std::optional<WaitConditionRecord> wait =
      waits_.Condition(tx, s.stack.stack_id, resource.logical_id);
  if (!wait) {
    wait = WaitConditionRecord{.stack_id = s.stack.stack_id,
                               .logical_id = resource.logical_id,
                               .handle_stack_id = s.stack.stack_id,
                               .handle_logical_id = resource.logical_id,
                               .count = policy.count,
                               .deadline_millis = Now() + policy.timeout_seconds * 1000};
    waits_.PutCondition(tx, *wait);
  }
  int64_t successes = 0;
  for (const WaitSignal& signal : waits_.Signals(tx, s.stack.stack_id, resource.logical_id)) {
    if (signal.status == "FAILURE") {
      throw core::AwsError(std::string(kSignalFailure),
                           "Received FAILURE signal with UniqueId " + signal.unique_id);
    }
    ++successes;
  }
  if (successes >= wait->count) return false;
  if (Now() >= wait->deadline_millis) {
    throw core::AwsError(std::string(kSignalFailure),
                         "Failed to receive " + std::to_string(wait->count - successes) +
                             " resource signal(s) within the specified duration");
  }
  return true;
}

std::optional<int64_t> Deployer::SignalDeadlineMillis(const Session& s, size_t row) const {
  if (!s.plan || s.rows[row].status != "CREATE_IN_PROGRESS") return std::nullopt;
  const PlannedResource* planned = s.plan->Find(s.rows[row].logical_id);
  if (!planned || !planned->signals) return std::nullopt;
  store::Transaction tx = waits_.Begin();
  if (!SignalWaitStarted(tx, s, row)) return std::nullopt;
  const std::optional<WaitConditionRecord> wait =
      waits_.Condition(tx, s.stack.stack_id, s.rows[row].logical_id);
  // A signal wakes the deployment; otherwise there is nothing to look at before the deadline.
  return std::max<int64_t>(1, wait->deadline_millis - Now());
}

}  // namespace nimbus::cloudformation
