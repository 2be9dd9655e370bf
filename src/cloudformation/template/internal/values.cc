#include "cloudformation/template/internal/values.h"

#include "cloudformation/template/parse.h"
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
  if (value.is_null() || value.is_array() || value.is_object()) {
    return std::nullopt;
  }
  return cloudformation::ScalarText(value);  // parse.h: as AWS's Java parser writes scalars
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

bool IsAwsSpecificParameterType(std::string_view type) {
  static constexpr std::string_view kTypes[] = {"AWS::EC2::AvailabilityZone::Name",
                                                "AWS::EC2::Image::Id",
                                                "AWS::EC2::Instance::Id",
                                                "AWS::EC2::KeyPair::KeyName",
                                                "AWS::EC2::SecurityGroup::GroupName",
                                                "AWS::EC2::SecurityGroup::Id",
                                                "AWS::EC2::Subnet::Id",
                                                "AWS::EC2::Volume::Id",
                                                "AWS::EC2::VPC::Id",
                                                "AWS::Route53::HostedZone::Id"};
  for (std::string_view known : kTypes) {
    if (type == known) return true;
  }
  return false;
}

}  // namespace nimbus::cloudformation::internal
