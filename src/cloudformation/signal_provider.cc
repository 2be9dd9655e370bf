// SignalResource
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_SignalResource.html): a
// signal to a resource whose CreationPolicy holds its creation (engine/deployer_signals.cc). The
// signal is kept with the resource's wait (WaitConditionStore), a SUCCESS one written as the
// resource's event "Received SUCCESS signal with UniqueId X" as AWS writes it, and the stack's
// deployment woken to count them; a FAILURE one fails the resource there.
#include "cloudformation/engine/stack_events.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::RequestContext;
using core::protocol::RequiredString;
using internal::Invalid;

json::value StackProvider::SignalResource(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::string logical_id = RequiredString(in, "LogicalResourceId");
  const WaitSignal signal{.unique_id = RequiredString(in, "UniqueId"),
                          .status = RequiredString(in, "Status"),
                          .reason = "",
                          .data = ""};
  store::Transaction tx = stacks_.Begin();
  const StackRecord stack = FindLiveOrThrow(tx, ctx, name);
  if (stack.status != "CREATE_IN_PROGRESS" && stack.status != "UPDATE_IN_PROGRESS") {
    // Quoted from AWS by users of cfn-signal.
    Invalid("Stack " + stack.stack_id + " is in " + stack.status + " state and cannot be signaled");
  }
  const std::optional<ResourceRecord> resource = stacks_.Resource(tx, stack, logical_id);
  if (!resource) Invalid("Resource " + logical_id + " does not exist for stack " + stack.name);
  if (resource->status != "CREATE_IN_PROGRESS") {
    Invalid("Resource " + logical_id + " is in " + resource->status +
            " state and cannot be signaled");
  }
  // A resource waits for signals once its handler is done, with a wait that reads its own.
  const std::optional<WaitConditionRecord> wait = waits_.Condition(tx, stack.stack_id, logical_id);
  if (!wait || wait->handle_stack_id != stack.stack_id || wait->handle_logical_id != logical_id) {
    Invalid("Resource " + logical_id + " is not waiting for signals: it has no CreationPolicy " +
            "with a ResourceSignal, or its creation is not done yet");
  }
  waits_.PutSignal(tx, stack.stack_id, logical_id, signal);
  if (signal.status == "SUCCESS") {
    stacks_.AddEvents(tx, stack,
                      {ResourceEvent(stack, *resource, "CREATE_IN_PROGRESS",
                                     "Received SUCCESS signal with UniqueId " + signal.unique_id,
                                     rt_.clock.NowMillis())});
  }
  deployer_.Wake(tx, stack.stack_id, stack.operation_id);
  tx.Commit();
  return json::object();
}

}  // namespace nimbus::cloudformation
