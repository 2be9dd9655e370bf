#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/schema/schema_registry.h"

namespace re2 {
class RE2;
}

namespace nimbus::cloudformation {

// Checks a resource's resolved properties against its type's resource schema, as CloudFormation
// does before it creates or updates the resource: required, type, enum, pattern, lengths,
// ranges, additionalProperties false, definitions ($ref), arrays (minItems, maxItems,
// uniqueItems), allOf, and anyOf/oneOf as "some branch fits". Scalars are taken as
// CloudFormation takes them: `5` fits a string, "true" a boolean, "10" an integer. A schema
// pattern RE2 cannot compile (a lookahead) is not checked. Thread-safe.
class PropertyValidator {
 public:
  explicit PropertyValidator(const ResourceSchema& schema);
  ~PropertyValidator();
  PropertyValidator(const PropertyValidator&) = delete;
  PropertyValidator& operator=(const PropertyValidator&) = delete;

  // What is wrong, each as AWS words it inside "Property validation failure: [...]"
  // ("The property {/CidrBlock} is required"); empty when the properties fit.
  std::vector<std::string> Problems(const boost::json::object& props) const;

 private:
  struct Walk;
  // The compiled `pattern`, or null when RE2 cannot compile it.
  const re2::RE2* Pattern(const std::string& pattern) const;

  const ResourceSchema& schema_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::unique_ptr<re2::RE2>, std::less<>> patterns_;
};

}  // namespace nimbus::cloudformation
