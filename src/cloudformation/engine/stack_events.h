#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cloudformation/stack_store.h"
#include "core/ids.h"

// Stack events as CloudFormation writes them (reference/cfn-aws-errors.md, "Stack / change set
// lifecycle"): one per status change of the stack or of a resource, carrying the operation's
// ClientRequestToken and id.
namespace nimbus::cloudformation {

inline constexpr std::string_view kStackType = "AWS::CloudFormation::Stack";

// A resource event's EventId: "<LogicalId>-<STATUS>-<ISO 8601 time with milliseconds>", as in
// "MyTopic-CREATE_IN_PROGRESS-2021-09-19T21:26:09.891Z".
std::string ResourceEventId(std::string_view logical_id, std::string_view status, int64_t millis);

// An event of the stack itself (its name as logical id, its id as physical id, a UUID EventId).
EventRecord StackEvent(const StackRecord& stack, std::string_view status, std::string_view reason,
                       int64_t millis, core::IdGenerator& ids);

// An event of a resource of the stack.
EventRecord ResourceEvent(const StackRecord& stack, const ResourceRecord& resource,
                          std::string_view status, std::string_view reason, int64_t millis);

// Moves the stack to `status` with `reason` ("" for none) and records the stack event.
void SetStackStatus(StackStore& stacks, store::Transaction& tx, StackRecord& stack,
                    std::string_view status, std::string_view reason, int64_t millis,
                    core::IdGenerator& ids);

// Whether a stack in `status` has an operation under way.
bool InProgress(std::string_view status);

}  // namespace nimbus::cloudformation
