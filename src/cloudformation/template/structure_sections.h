#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

// Parts of CheckStructure (structure.h lists the checks and their messages): the sections whose
// members are not resources or outputs, and the helpers both files use.
namespace nimbus::cloudformation::internal {

// A message AWS sends without the "Template format error: " prefix, as ValidationError (400).
[[noreturn]] void ThrowValidationError(const std::string& message);

// A string, number or boolean: what AWS's parser can read as text.
bool IsScalar(const boost::json::value& value);

// `kind` is "Resource", "Parameter", "Output", "Mapping"...: alphanumeric, at most 255 characters.
void CheckLogicalId(std::string_view kind, std::string_view name);

void CheckTransform(const boost::json::value& transform);
void CheckMappings(const boost::json::object& mappings);
void CheckParameters(const boost::json::object& parameters);
void CheckRules(const boost::json::object& rules);

}  // namespace nimbus::cloudformation::internal
