#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/resources/registry.h"
#include "cloudformation/stack_store.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/request_context.h"
#include "core/service_client.h"

// Drift detection: a stack's resources read back through their services and compared with the
// properties the stack gave them, as CloudFormation compares them
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html):
// only the properties the template sets are compared, so a service's defaults are not drift;
// objects and arrays structurally; a policy document given as JSON text is compared as JSON.
namespace nimbus::cloudformation {

// One PropertyDifference of a StackResourceDrift.
struct PropertyDifference {
  std::string path{};            // "/Value", "/Policies/0/PolicyDocument/Statement/0/Effect"
  std::string expected_value{};  // scalars as text, objects and arrays as JSON; "null" if absent
  std::string actual_value{};
  std::string type{};  // ADD | REMOVE | NOT_EQUAL
};

// The differences between a resource's `expected` properties and its `actual` ones. Only the
// members `expected` has are compared at the top (a property the template does not set is not
// checked); below it, a member only `actual` has is ADD, one only `expected` has is REMOVE.
// Scalars compare as text (CloudFormation passes `5` as "5"); arrays holding the same elements
// in another order are equal, otherwise they compare element by element, and extra elements
// are ADD or REMOVE; a string holding a JSON object or array equals that object or array.
std::vector<PropertyDifference> CompareProperties(const boost::json::object& expected,
                                                  const boost::json::object& actual);

// The tags drift detection compares: `live` ([{Key, Value}]) without the `aws:` tags
// CloudFormation and AWS add, and without the stack's tags (`stack_tags`) unless the resource's
// own `expected` tags ([{Key, Value}] or {key: value}) set the key too. The result has the form
// of `expected`, sorted by key.
boost::json::value ComparedTags(const boost::json::array& live, const boost::json::value& expected,
                                const boost::json::array& stack_tags);

// The drift of one resource, as StackResourceDrift describes it.
struct ResourceDrift {
  std::string logical_id{};
  std::string physical_id{};
  std::string type{};
  std::string status{};  // IN_SYNC | MODIFIED | DELETED | NOT_CHECKED
  boost::json::object expected{};
  boost::json::object actual{};
  std::vector<PropertyDifference> differences{};
  int64_t timestamp_millis = 0;
  // The service's error when the resource could not be read (the detection failed for it).
  std::string failure{};

  // The StackResourceDrift shape of `stack_id`'s resource.
  boost::json::object Shape(std::string_view stack_id) const;
};

// What one detection found for a stack.
struct StackDrift {
  std::string status{};  // DRIFTED | IN_SYNC
  int64_t drifted_count = 0;
  std::vector<ResourceDrift> resources{};
  // "" when every resource was checked; otherwise why some could not be (DETECTION_FAILED).
  std::string failure{};
};

// Reads back a stack's resources through their handlers (Resource::ReadLive) and compares them.
// It writes nothing: the caller keeps what it found (DriftStore).
//
// Entry point for other parts of CloudFormation (StackSets' DetectStackSetDrift): construct it
// with the provider's services and registry, then DetectStack(ctx, stack, {}) with the caller
// the detection runs as (the stack's account and region in ctx.scope); it answers the stack's
// drift status and each resource's drift.
class DriftDetector {
 public:
  // `simulated` tells the handlers of simulated types (schema/) from native ones.
  DriftDetector(const core::ServiceClient& services, const ResourceRegistry& resources,
                std::function<bool(const Resource*)> simulated, core::IdGenerator& ids,
                const core::Clock& clock)
      : services_(services),
        resources_(resources),
        simulated_(std::move(simulated)),
        ids_(ids),
        clock_(clock) {}

  // The drift of each resource of `stack` in `resources` (those `logical_ids` names, or all when
  // it is empty), read as ctx's caller via CloudFormation. A resource not yet created, or
  // already deleted by the stack, is left out. Resources of simulated types are IN_SYNC;
  // those of types whose handler cannot read them back are NOT_CHECKED.
  StackDrift DetectStack(const core::RequestContext& ctx, const StackRecord& stack,
                         const std::vector<ResourceRecord>& resources,
                         const std::vector<std::string>& logical_ids) const;
  // The drift of one resource of `stack`.
  ResourceDrift DetectResource(const core::RequestContext& ctx, const StackRecord& stack,
                               const ResourceRecord& resource) const;

 private:
  const core::ServiceClient& services_;
  const ResourceRegistry& resources_;
  std::function<bool(const Resource*)> simulated_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
};

}  // namespace nimbus::cloudformation
