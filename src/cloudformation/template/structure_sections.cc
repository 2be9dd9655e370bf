#include "cloudformation/template/structure_sections.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>

#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation::internal {
namespace {

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
constexpr size_t kMaxParameters = 200;
constexpr size_t kMaxMappings = 200;
constexpr size_t kMaxMappingAttributes = 200;
constexpr size_t kMaxNameLength = 255;

// The Parameters section page: the properties a parameter may have.
constexpr std::string_view kParameterProperties[] = {
    "AllowedPattern", "AllowedValues", "ConstraintDescription",
    "Default",        "Description",   "MaxLength",
    "MaxValue",       "MinLength",     "MinValue",
    "NoEcho",         "Type"};


// The types that are not AWS-specific. List<String> is not on the page but cfn-lint, whose list
// AWS maintains, accepts it.
constexpr std::string_view kGeneralTypes[] = {"String", "Number", "CommaDelimitedList",
                                              "List<Number>", "List<String>"};

template <size_t N>
bool IsOneOf(std::string_view text, const std::string_view (&choices)[N]) {
  return std::find(std::begin(choices), std::end(choices), text) != std::end(choices);
}

// "AWS-specific parameter types" on the Parameters section page; each has a List<> form too.
bool IsAwsSpecificType(std::string_view type) {
  if (internal::IsAwsSpecificParameterType(type)) return true;
  return type.starts_with("List<") && type.ends_with(">") &&
         internal::IsAwsSpecificParameterType(type.substr(5, type.size() - 6));
}

// AWS::SSM::Parameter::Value<T> takes String, Number, the list types and the AWS-specific ones;
// a List<> of SSM types is unsupported (both from the Parameters section page).
bool IsParameterType(std::string_view type) {
  if (IsOneOf(type, kGeneralTypes) || IsAwsSpecificType(type)) return true;
  if (type == "AWS::SSM::Parameter::Name") return true;
  constexpr std::string_view kSsmValue = "AWS::SSM::Parameter::Value<";
  if (!type.starts_with(kSsmValue) || !type.ends_with(">")) return false;
  const std::string_view inner = type.substr(kSsmValue.size(), type.size() - kSsmValue.size() - 1);
  return IsOneOf(inner, kGeneralTypes) || IsAwsSpecificType(inner) ||
         inner == "AWS::SSM::Parameter::Name";
}

bool IsNumberText(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

// A number, or a string that reads as one: the JSON examples of the Parameters page write
// "MinValue" : "1150".
bool IsNumberLike(const boost::json::value& value) {
  return value.is_number() || (value.is_string() && IsNumberText(value.get_string()));
}

bool IsNonNegativeInteger(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64() >= 0;
  if (value.is_uint64()) return true;
  if (value.is_double())
    return value.get_double() >= 0 && std::floor(value.get_double()) == value.get_double();
  if (!value.is_string()) return false;
  const std::string_view text = value.get_string();
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsBooleanLike(const boost::json::value& value) {
  if (value.is_bool()) return true;
  if (!value.is_string()) return false;
  std::string text(value.get_string());
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text == "true" || text == "false";
}

// Each property's value has the type the Parameters page gives it [unverified wording].
void CheckParameterValues(std::string_view name, const boost::json::object& parameter) {
  auto fail = [&](std::string_view property, std::string_view what) {
    ThrowFormatError("Parameter '" + std::string(name) + "' " + std::string(property) +
                     " must be " + std::string(what));
  };
  for (const std::string_view text :
       {"AllowedPattern", "ConstraintDescription", "Default", "Description"}) {
    const boost::json::value* value = parameter.if_contains(text);
    if (value != nullptr && !IsScalar(*value)) fail(text, "a string");
  }
  if (const boost::json::value* allowed = parameter.if_contains("AllowedValues")) {
    if (!allowed->is_array() ||
        !std::all_of(allowed->get_array().begin(), allowed->get_array().end(), IsScalar)) {
      fail("AllowedValues", "a list of strings");
    }
  }
  for (const std::string_view length : {"MinLength", "MaxLength"}) {
    const boost::json::value* value = parameter.if_contains(length);
    if (value != nullptr && !IsNonNegativeInteger(*value)) fail(length, "an integer");
  }
  for (const std::string_view bound : {"MinValue", "MaxValue"}) {
    const boost::json::value* value = parameter.if_contains(bound);
    if (value != nullptr && !IsNumberLike(*value)) fail(bound, "a number");
  }
  const boost::json::value* no_echo = parameter.if_contains("NoEcho");
  if (no_echo != nullptr && !IsBooleanLike(*no_echo)) fail("NoEcho", "a boolean");
}

// What a mapping attribute may hold: text, or a list of text [recorded message].
bool IsMappingValue(const boost::json::value& value) {
  if (IsScalar(value)) return true;
  return value.is_array() &&
         std::all_of(value.get_array().begin(), value.get_array().end(), IsScalar);
}

}  // namespace

void ThrowValidationError(const std::string& message) {
  throw core::AwsError("ValidationError", message, 400);
}

bool IsScalar(const boost::json::value& value) {
  return value.is_string() || value.is_number() || value.is_bool();
}

// "Resource name my-bad-resource-id is non alphanumeric." and "Parameter name AWS::NoValue is
// non alphanumeric." are recorded; the other kinds and the length message are worded alike.
void CheckLogicalId(std::string_view kind, std::string_view name) {
  const bool alphanumeric = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
  if (!alphanumeric) {
    ThrowFormatError(std::string(kind) + " name " + std::string(name) + " is non alphanumeric.");
  }
  if (name.size() > kMaxNameLength) {
    ThrowFormatError(std::string(kind) + " name " + std::string(name) +
                     " exceeds the maximum length of 255 characters.");
  }
}

// A transform is named by a string, or by an object with a Name (AWS::Include takes Parameters
// too); the section holds one or a list. "Key Name of transform definition must be a string."
// is recorded for a Name given as {"Ref": ...}.
void CheckTransform(const boost::json::value& transform) {
  auto check_one = [](const boost::json::value& item) {
    if (item.is_string()) return;
    if (!item.is_object()) {
      ThrowFormatError("Every Transform member must be a string or an object.");
    }
    const boost::json::value* name = item.get_object().if_contains("Name");
    if (name == nullptr || !name->is_string()) {
      ThrowValidationError("Key Name of transform definition must be a string.");
    }
  };
  if (!transform.is_array()) {
    check_one(transform);
    return;
  }
  for (const boost::json::value& item : transform.get_array()) check_one(item);
}

// The recorded messages come from engine/test_mappings (a string below a top-level key: "Every
// Mappings member A must be a map"; a map or a Ref below an attribute: "Every Mappings attribute
// must be a String or a List."). The count messages follow the Outputs and Parameters ones.
void CheckMappings(const boost::json::object& mappings) {
  if (mappings.size() > kMaxMappings) {
    ThrowFormatError("Mappings count " + std::to_string(mappings.size()) +
                     " is greater than max allowed " + std::to_string(kMaxMappings));
  }
  for (const auto& mapping : mappings) {
    CheckLogicalId("Mapping", mapping.key());
    if (!mapping.value().is_object()) {
      ThrowFormatError("Every Mappings member " + std::string(mapping.key()) + " must be a map");
    }
    for (const auto& entry : mapping.value().get_object()) {
      if (!entry.value().is_object()) {
        ThrowFormatError("Every Mappings member " + std::string(entry.key()) + " must be a map");
      }
      const boost::json::object& attributes = entry.value().get_object();
      if (attributes.size() > kMaxMappingAttributes) {
        ThrowFormatError("Mapping attributes count " + std::to_string(attributes.size()) +
                         " is greater than max allowed " + std::to_string(kMaxMappingAttributes));
      }
      for (const auto& attribute : attributes) {
        // The Mappings page: the name "can contain only alphanumeric characters (A-Za-z0-9)".
        CheckLogicalId("Mapping attribute", attribute.key());
        if (!IsMappingValue(attribute.value())) {
          ThrowFormatError("Every Mappings attribute must be a String or a List.");
        }
      }
    }
  }
}

// "Parameter count 63 is greater than max allowed 60" is quoted in aws/aws-cdk#8736 and
// remind101/empire#861; "Unrecognized parameter type: X" and "Invalid template parameter
// property 'X'" in AWS's knowledge center article on template validation errors.
void CheckParameters(const boost::json::object& parameters) {
  if (parameters.size() > kMaxParameters) {
    ThrowFormatError("Parameter count " + std::to_string(parameters.size()) +
                     " is greater than max allowed " + std::to_string(kMaxParameters));
  }
  for (const auto& member : parameters) {
    CheckLogicalId("Parameter", member.key());
    if (!member.value().is_object()) ThrowFormatError("Any Parameters member must be an object.");
    const boost::json::object& parameter = member.value().get_object();
    for (const auto& property : parameter) {
      if (!IsOneOf(property.key(), kParameterProperties)) {
        ThrowValidationError("Invalid template parameter property '" + std::string(property.key()) +
                             "'");
      }
    }
    const boost::json::value* type = parameter.if_contains("Type");
    if (type == nullptr) ThrowFormatError("Every Parameters object must contain a Type member.");
    if (!type->is_string() || !IsParameterType(type->get_string())) {
      const std::string text =
          type->is_string() ? std::string(type->get_string()) : boost::json::serialize(*type);
      ThrowFormatError("Unrecognized parameter type: " + text);
    }
    CheckParameterValues(member.key(), parameter);
  }
}

void CheckRules(const boost::json::object& rules) {
  for (const auto& rule : rules) {
    if (!rule.value().is_object()) ThrowFormatError("Any Rules member must be an object.");
  }
}

}  // namespace nimbus::cloudformation::internal
