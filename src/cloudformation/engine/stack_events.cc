#include "cloudformation/engine/stack_events.h"

#include "core/clock.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace {

// FormatIso8601(millis), kept for the next call: a step writes a few thousand events in a few
// milliseconds, and formatting a time costs more than the rest of an event id.
const std::string& IsoTime(int64_t millis) {
  thread_local int64_t formatted = -1;
  thread_local std::string text;
  if (millis != formatted) {
    text = core::FormatIso8601(millis);
    formatted = millis;
  }
  return text;
}

}  // namespace

std::string ResourceEventId(std::string_view logical_id, std::string_view status, int64_t millis) {
  std::string id;
  id.reserve(logical_id.size() + status.size() + 26);
  id.append(logical_id).append("-").append(status).append("-").append(IsoTime(millis));
  return id;
}

EventRecord StackEvent(const StackRecord& stack, std::string_view status, std::string_view reason,
                       int64_t millis, core::IdGenerator& ids) {
  return EventRecord{.event_id = ids.Uuid(),
                     .logical_id = stack.name,
                     .physical_id = stack.stack_id,
                     .type = std::string(kStackType),
                     .status = std::string(status),
                     .reason = std::string(reason),
                     .properties = "",
                     .timestamp_millis = millis,
                     .client_request_token = stack.operation_token,
                     .operation_id = stack.operation_id};
}

EventRecord ResourceEvent(const StackRecord& stack, const ResourceRecord& resource,
                          std::string_view status, std::string_view reason, int64_t millis) {
  return EventRecord{.event_id = ResourceEventId(resource.logical_id, status, millis),
                     .logical_id = resource.logical_id,
                     .physical_id = resource.physical_id,
                     .type = resource.type,
                     .status = std::string(status),
                     .reason = std::string(reason),
                     .properties = resource.properties,
                     .timestamp_millis = millis,
                     .client_request_token = stack.operation_token,
                     .operation_id = stack.operation_id};
}

void SetStackStatus(StackStore& stacks, store::Transaction& tx, StackRecord& stack,
                    std::string_view status, std::string_view reason, int64_t millis,
                    core::IdGenerator& ids) {
  stack.status = std::string(status);
  stack.status_reason = std::string(reason);
  stacks.UpdateStack(tx, stack);
  stacks.AddEvents(tx, stack, {StackEvent(stack, status, reason, millis, ids)});
}

bool InProgress(std::string_view status) {
  return status.size() > 12 && status.substr(status.size() - 12) == "_IN_PROGRESS";
}

}  // namespace nimbus::cloudformation
