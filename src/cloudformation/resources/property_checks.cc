#include "cloudformation/resources/property_checks.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <vector>

#include <re2/re2.h>

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

namespace {

std::string Path(std::string_view name) { return "{/" + std::string(name) + "}"; }

bool IsScalar(const json::value& value) {
  return value.is_string() || value.is_number() || value.is_bool();
}

std::string Text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_double()) return std::to_string(value.get_double());
  return {};
}

std::optional<bool> AsBool(const json::value& value) {
  if (value.is_bool()) return value.get_bool();
  if (value.is_string()) {
    if (value.get_string() == "true") return true;
    if (value.get_string() == "false") return false;
  }
  return std::nullopt;
}


std::string_view KindName(PropertyKind kind) {
  switch (kind) {
    case PropertyKind::kString:
      return "String";
    case PropertyKind::kBoolean:
      return "Boolean";
    case PropertyKind::kInteger:
      return "Integer";
    case PropertyKind::kJson:
      return "Json";
    case PropertyKind::kStringList:
    case PropertyKind::kTags:
    case PropertyKind::kObjectList:
      return "JSONArray";
    case PropertyKind::kObject:
      return "JSONObject";
  }
  return "String";
}

bool TagIsValid(const json::value& tag) {
  if (!tag.is_object()) return false;
  const json::object& object = tag.get_object();
  const json::value* key = object.if_contains("Key");
  const json::value* value = object.if_contains("Value");
  return object.size() == 2 && key && value && key->is_string() && IsScalar(*value);
}

bool KindMatches(const json::value& value, PropertyKind kind) {
  switch (kind) {
    case PropertyKind::kString:
      return IsScalar(value);
    case PropertyKind::kBoolean:
      return AsBool(value).has_value();
    case PropertyKind::kInteger:
      return IntegerOf(value).has_value();
    case PropertyKind::kJson:
      return value.is_object() || value.is_string();
    case PropertyKind::kStringList:
      return value.is_array() && std::all_of(value.get_array().begin(), value.get_array().end(),
                                             [](const json::value& v) { return IsScalar(v); });
    case PropertyKind::kTags:
      return value.is_array() &&
             std::all_of(value.get_array().begin(), value.get_array().end(), TagIsValid);
    case PropertyKind::kObject:
      return value.is_object();
    case PropertyKind::kObjectList:
      return value.is_array() && std::all_of(value.get_array().begin(), value.get_array().end(),
                                             [](const json::value& v) { return v.is_object(); });
  }
  return false;
}

// The value's constraints other than its type: enum, range, length, pattern.
void CheckValue(const PropertySpec& spec, const json::value& value,
                std::vector<std::string>& problems) {
  if (spec.kind == PropertyKind::kInteger) {
    const int64_t number = *IntegerOf(value);
    if (spec.minimum && number < *spec.minimum) {
      problems.push_back("Value of property " + Path(spec.name) + " is less than the minimum " +
                         std::to_string(*spec.minimum));
    } else if (spec.maximum && number > *spec.maximum) {
      problems.push_back("Value of property " + Path(spec.name) + " is greater than the maximum " +
                         std::to_string(*spec.maximum));
    }
    return;
  }
  if (spec.kind != PropertyKind::kString) return;
  const std::string text = Text(value);
  if (!spec.allowed.empty() &&
      std::find(spec.allowed.begin(), spec.allowed.end(), text) == spec.allowed.end()) {
    std::string list;
    for (std::string_view allowed : spec.allowed) {
      list += (list.empty() ? "" : ", ") + std::string(allowed);
    }
    problems.push_back("Value for property " + Path(spec.name) +
                       " does not match with the enum list [" + list + "]");
    return;
  }
  const auto length = static_cast<int64_t>(text.size());
  if ((spec.minimum && length < *spec.minimum) || (spec.maximum && length > *spec.maximum)) {
    problems.push_back("Length of value of property " + Path(spec.name) + " is not between " +
                       std::to_string(spec.minimum.value_or(0)) + " and " +
                       std::to_string(spec.maximum.value_or(length)));
    return;
  }
  if (!spec.pattern.empty() && !RE2::PartialMatch(text, RE2(spec.pattern))) {
    problems.push_back("Value for property " + Path(spec.name) + " does not match pattern {" +
                       std::string(spec.pattern) + "}");
  }
}

}  // namespace

void CheckProperties(const json::object& props, std::span<const PropertySpec> specs) {
  std::vector<std::string> problems;
  std::string unsupported;
  for (const auto& [key, value] : props) {
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&](const PropertySpec& s) { return s.name == key; });
    if (spec == specs.end()) {
      unsupported += (unsupported.empty() ? "" : ", ") + std::string(key);
    } else if (!KindMatches(value, spec->kind)) {
      problems.push_back("Value of property " + Path(key) + " does not match type {" +
                         std::string(KindName(spec->kind)) + "}");
    } else {
      CheckValue(*spec, value, problems);
    }
  }
  if (!unsupported.empty()) {
    problems.insert(problems.begin(),
                    "Encountered unsupported properties in {/}: [" + unsupported + "]");
  }
  for (const PropertySpec& spec : specs) {
    if (spec.required && !props.contains(spec.name)) {
      problems.push_back("The property " + Path(spec.name) + " is required");
    }
  }
  if (!problems.empty()) ThrowPropertyValidation(problems);
}

std::optional<std::string> StringProperty(const json::object& props, std::string_view name) {
  const json::value* value = props.if_contains(name);
  if (!value || !IsScalar(*value)) return std::nullopt;
  return Text(*value);
}

std::optional<int64_t> IntegerOf(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= INT64_MAX) {
    return static_cast<int64_t>(value.get_uint64());
  }
  if (!value.is_string()) return std::nullopt;
  const std::string_view text = value.get_string();
  int64_t parsed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return parsed;
}

std::optional<bool> BoolProperty(const json::object& props, std::string_view name) {
  const json::value* value = props.if_contains(name);
  return value ? AsBool(*value) : std::nullopt;
}

std::optional<int64_t> IntProperty(const json::object& props, std::string_view name) {
  const json::value* value = props.if_contains(name);
  return value ? IntegerOf(*value) : std::nullopt;
}

json::array ResourceTags(const ResourceRequest& req, bool system_tags) {
  std::map<std::string, std::string> own;
  if (const json::value* tags = req.props.if_contains("Tags"); tags && tags->is_array()) {
    for (const json::value& tag : tags->get_array()) {
      if (TagIsValid(tag)) own[std::string(tag.at("Key").as_string())] = Text(tag.at("Value"));
    }
  }
  json::array merged;
  for (const json::value& tag : system_tags ? req.Tags() : req.stack_tags) {
    if (!own.contains(std::string(tag.at("Key").as_string()))) merged.push_back(tag);
  }
  for (const auto& [key, value] : own) {
    merged.push_back(json::object{{"Key", key}, {"Value", value}});
  }
  return merged;
}

}  // namespace nimbus::cloudformation::internal
