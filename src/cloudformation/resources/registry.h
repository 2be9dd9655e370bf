#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "cloudformation/resources/resource.h"

namespace nimbus::cloudformation {

// Resource type -> its handler: the native handlers of resources/, and, for every other type,
// what the fallback (schema/, driven by the type's resource schema) offers.
class ResourceRegistry {
 public:
  // A registry with every native handler.
  ResourceRegistry();

  // Adds (or replaces) the handler of resource->Type(). Tests add fakes this way.
  void Add(std::unique_ptr<Resource> resource);
  // Where types without a native handler are looked up; it returns nullptr for a type it does
  // not serve either.
  void SetFallback(std::function<Resource*(std::string_view type)> fallback);

  // The handler of `type`, or nullptr when nimbus has none.
  Resource* Find(std::string_view type) const;

 private:
  std::map<std::string, std::unique_ptr<Resource>, std::less<>> native_;
  std::function<Resource*(std::string_view type)> fallback_;
};

// The reason a resource of a type without a handler fails with.
std::string UnsupportedTypeReason(std::string_view type);

}  // namespace nimbus::cloudformation
