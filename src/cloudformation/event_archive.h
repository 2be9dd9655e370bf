#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cloudformation/stack_store.h"

// A deleted stack's events packed into one compressed value (stack_store.cc keeps it in
// cfn_deleted_stack_events). AWS keeps a deleted stack's events for 90 days, and as rows they
// were most of what 1,000 stacks created and deleted left in memory (docs/performance.md, goal
// (c)): each repeated its type, status, properties and operation id, and an EventId that is its
// logical id, status and time. Packed, each distinct text is stored once per stack, a resource
// EventId that can be rebuilt is not stored at all, and the whole is deflated.
namespace nimbus::cloudformation::internal {

// An event with its position (the order of events, and a DescribeStackEvents page token).
using PositionedEvent = std::pair<int64_t, EventRecord>;

// `events`, oldest first, packed. Unpacking gives them back exactly.
std::string PackEvents(const std::vector<PositionedEvent>& events);
// The events PackEvents packed, oldest first. Throws std::runtime_error if `packed` is not
// PackEvents's output.
std::vector<PositionedEvent> UnpackEvents(std::string_view packed);

}  // namespace nimbus::cloudformation::internal
