#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/resources/resource.h"

// What the native handlers of KMS and Organizations share: a check of resolved properties
// against a small table taken from the type's resource schema, readers that accept the values
// CloudFormation converts (a Boolean property given as "true", an Integer as "7", as parameters
// always are), and the tags CloudFormation puts on a taggable resource.
namespace nimbus::cloudformation::internal {

enum class PropertyKind {
  kString,
  kBoolean,
  kInteger,
  kJson,        // an object, or a string holding one (KMS KeyPolicy)
  kStringList,  // a list of strings
  kTags,        // a list of {Key, Value}
  kObject,      // a structure (SSO PermissionsBoundary, Identity Store MemberId)
  kObjectList,  // a list of structures (SSO CustomerManagedPolicyReferences)
};

// One property of a type's schema, with the constraints its handler checks before creating.
struct PropertySpec {
  std::string_view name;
  PropertyKind kind = PropertyKind::kString;
  bool required = false;
  std::span<const std::string_view> allowed = {};  // the schema's enum, if any
  std::optional<int64_t> minimum = std::nullopt;   // integer value, or string length
  std::optional<int64_t> maximum = std::nullopt;
  std::string_view pattern = {};  // the schema's pattern (RE2, searched, as JSON schema does)
};

// Checks `props` against `specs` (every property the type has) and throws the property
// validation failure, every problem listed, as AWS words them:
// "Property validation failure: [Encountered unsupported properties in {/}: [Foo], The property
// {/Name} is required]".
void CheckProperties(const boost::json::object& props, std::span<const PropertySpec> specs);

// Readers of resolved properties; nullopt when absent or not of the kind.
std::optional<std::string> StringProperty(const boost::json::object& props, std::string_view name);
std::optional<bool> BoolProperty(const boost::json::object& props, std::string_view name);
std::optional<int64_t> IntProperty(const boost::json::object& props, std::string_view name);
// An integer given as a number or as a string of digits, as templates write both ("Count": "3");
// nullopt for anything else.
std::optional<int64_t> IntegerOf(const boost::json::value& value);

// The tags of a resource whose schema has a Tags list: the stack's, the resource's own over
// them (same key), then, when `system_tags`, CloudFormation's aws:cloudformation:stack-name,
// stack-id and logical-id (types whose schema sets cloudFormationSystemTags false, such as
// AWS::KMS::Key, do not get them: KMS refuses keys beginning with aws:). [{Key, Value}].
boost::json::array ResourceTags(const ResourceRequest& req, bool system_tags);

}  // namespace nimbus::cloudformation::internal
