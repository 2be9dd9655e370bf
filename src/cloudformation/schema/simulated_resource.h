#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "cloudformation/resources/resource.h"
#include "cloudformation/schema/schema_registry.h"

namespace nimbus::cloudformation {

// What the CREATE_COMPLETE event of a simulated resource of `type` says, e.g. "Simulated by
// nimbus: nimbus does not emulate the EC2 service; the resource exists only in this stack".
std::string SimulatedReason(std::string_view type);

// The handlers of every resource type that has a resource schema but no native handler
// (ResourceRegistry::SetFallback): such a resource exists only in its stack. Its properties are
// validated against the schema (PropertyValidator); Ref returns what the type's page says (the
// schema's RefInfo), else its primaryIdentifier, and that is its physical id; what the template
// does not give is generated as AWS shapes it (generated_values.h): identifiers when the resource
// is created, Fn::GetAtt's attributes from a seed of the physical id, so that they stay the same
// for the resource's life. Custom resources and macros are not simulated: they run code nimbus
// cannot run. Thread-safe.
class SimulatedResources {
 public:
  explicit SimulatedResources(const SchemaRegistry& schemas);
  ~SimulatedResources();
  SimulatedResources(const SimulatedResources&) = delete;
  SimulatedResources& operator=(const SimulatedResources&) = delete;

  // The handler of `type`, made on first use; nullptr for a type without a schema.
  Resource* Find(std::string_view type) const;
  // Whether `handler` is a simulated one (Find made it).
  bool Owns(const Resource* handler) const;

 private:
  const SchemaRegistry& schemas_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::unique_ptr<Resource>, std::less<>> handlers_;
};

}  // namespace nimbus::cloudformation
