#include "cloudformation/template/internal/values.h"

#include <charconv>
#include <cmath>

#include "core/aws_error.h"
#include "core/text.h"

namespace nimbus::cloudformation::internal {

const boost::json::key_value_pair* AsFunction(const boost::json::value& value) {
  const boost::json::object* object = value.if_object();
  if (object == nullptr || object->size() != 1) {
    return nullptr;
  }
  const boost::json::key_value_pair& member = *object->begin();
  const std::string_view key = member.key();
  if (key == "Ref" || key == "Condition" ||
      (key.size() > 4 && core::EqualsIgnoreCase(key.substr(0, 4), "Fn::"))) {
    return &member;
  }
  return nullptr;
}

std::optional<std::string> ScalarText(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::string:
      return std::string(value.get_string());
    case boost::json::kind::int64:
      return std::to_string(value.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(value.get_uint64());
    case boost::json::kind::double_: {
      const double number = value.get_double();
      // Integral doubles keep one decimal, as a JSON "1.0" was written and as Java prints it.
      if (std::isfinite(number) && number == std::trunc(number) && std::fabs(number) < 1e15) {
        return std::to_string(static_cast<int64_t>(number)) + ".0";
      }
      char buffer[64];
      const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), number);
      return std::string(buffer, result.ptr);
    }
    case boost::json::kind::bool_:
      return value.get_bool() ? "true" : "false";
    default:
      return std::nullopt;
  }
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : ", ") + names[i];
  }
  return out + "]";
}

const boost::json::object& Section(const boost::json::object& tmpl, std::string_view name) {
  static const boost::json::object kEmpty;
  const boost::json::value* section = tmpl.if_contains(name);
  if (section == nullptr || !section->is_object()) {
    return kEmpty;
  }
  return section->get_object();
}

bool IsPseudoParameter(std::string_view name) {
  return name == "AWS::AccountId" || name == "AWS::NotificationARNs" || name == "AWS::NoValue" ||
         name == "AWS::Partition" || name == "AWS::Region" || name == "AWS::StackId" ||
         name == "AWS::StackName" || name == "AWS::URLSuffix";
}

bool UsesLanguageExtensions(const boost::json::object& tmpl) {
  const boost::json::value* transform = tmpl.if_contains("Transform");
  if (transform == nullptr) {
    return false;
  }
  if (transform->is_string()) {
    return transform->get_string() == "AWS::LanguageExtensions";
  }
  if (transform->is_array()) {
    for (const boost::json::value& name : transform->get_array()) {
      if (name.is_string() && name.get_string() == "AWS::LanguageExtensions") {
        return true;
      }
    }
  }
  return false;
}

void ThrowUnsupportedFunction(std::string_view name) {
  throw core::AwsError(
      "ValidationError",
      "Template Error: Encountered unsupported function: " + std::string(name) +
          " Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, "
          "Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, "
          "Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, "
          "Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr]",
      400);
}

}  // namespace nimbus::cloudformation::internal
