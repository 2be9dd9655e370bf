#include "cloudformation/template/structure.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/template/parse.h"
#include "cloudformation/template/structure_sections.h"
#include "cloudformation/template/template_error.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {
namespace {

using internal::CheckLogicalId;
using internal::IsScalar;
using internal::ThrowValidationError;

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
constexpr size_t kMaxResources = 500;
constexpr size_t kMaxOutputs = 200;
constexpr size_t kMaxDescriptionBytes = 1024;

constexpr std::string_view kSections[] = {"AWSTemplateFormatVersion",
                                          "Description",
                                          "Metadata",
                                          "Parameters",
                                          "Rules",
                                          "Mappings",
                                          "Conditions",
                                          "Transform",
                                          "Resources",
                                          "Outputs",
                                          "Hooks"};
// The sections whose value is an object of named members.
constexpr std::string_view kObjectSections[] = {"Metadata",   "Parameters", "Rules", "Mappings",
                                                "Conditions", "Outputs",    "Hooks"};
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-product-attribute-reference.html
constexpr std::string_view kResourceAttributes[] = {
    "Type",      "Properties",     "DependsOn",
    "Condition", "DeletionPolicy", "UpdateReplacePolicy",
    "Metadata",  "CreationPolicy", "UpdatePolicy"};
constexpr std::string_view kObjectResourceAttributes[] = {"Properties", "Metadata",
                                                          "CreationPolicy", "UpdatePolicy"};
constexpr std::string_view kDeletionPolicies[] = {"Delete", "Retain", "Snapshot",
                                                  "RetainExceptOnCreate"};
constexpr std::string_view kUpdateReplacePolicies[] = {"Delete", "Retain", "Snapshot"};
constexpr std::string_view kOutputFields[] = {"Description", "Value", "Export", "Condition"};

template <size_t N>
bool IsOneOf(std::string_view text, const std::string_view (&choices)[N]) {
  return std::find(std::begin(choices), std::end(choices), text) != std::end(choices);
}

std::string Join(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

// A loop of the AWS::LanguageExtensions transform, which stands where a logical id would.
bool IsForEach(std::string_view key) { return key.starts_with("Fn::ForEach::"); }

bool DeclaresTransform(const boost::json::object& tmpl, std::string_view name) {
  const boost::json::value* transform = tmpl.if_contains("Transform");
  if (transform == nullptr) return false;
  if (transform->is_string()) return transform->get_string() == name;
  if (!transform->is_array()) return false;
  const boost::json::array& names = transform->get_array();
  return std::any_of(names.begin(), names.end(), [&](const boost::json::value& item) {
    return item.is_string() && item.get_string() == name;
  });
}

// Depth-first, in template order: true when `value` holds a null, with `path` leading to it.
bool FindNull(const boost::json::value& value, std::vector<std::string>& path) {
  if (value.is_null()) return true;
  if (value.is_object()) {
    for (const auto& member : value.get_object()) {
      path.emplace_back(member.key());
      if (FindNull(member.value(), path)) return true;
      path.pop_back();
    }
  } else if (value.is_array()) {
    const boost::json::array& items = value.get_array();
    for (size_t i = 0; i < items.size(); ++i) {
      path.push_back(std::to_string(i));
      if (FindNull(items[i], path)) return true;
      path.pop_back();
    }
  }
  return false;
}

void CheckNoNulls(const boost::json::object& tmpl) {
  std::vector<std::string> path;
  for (const auto& section : tmpl) {
    path.assign(1, std::string(section.key()));
    if (!FindNull(section.value(), path)) continue;
    // AWS's pointer names a resource's Properties "Type": "[/Resources/UserPool/Type/LambdaConfig/
    // PreSignUp] 'null' values are not allowed in templates" (cfn-lint issue 246, serverless
    // issues 3007 and others quote it so).
    if (path.size() > 2 && path[0] == "Resources" && path[2] == "Properties") path[2] = "Type";
    std::string pointer;
    for (const std::string& segment : path) pointer += "/" + segment;
    ThrowValidationError("[" + pointer + "] 'null' values are not allowed in templates");
  }
}

const boost::json::object& CheckResourcesPresent(const boost::json::object& tmpl) {
  const boost::json::value* resources = tmpl.if_contains("Resources");
  if (resources == nullptr) ThrowFormatError("At least one Resources member must be defined.");
  if (!resources->is_object()) ThrowFormatError("Any Resources member must be an object.");
  if (resources->get_object().empty()) {
    ThrowFormatError("At least one Resources member must be defined.");
  }
  return resources->get_object();
}

// Quoted in aws/aws-cli#2858 and mbj/stratosphere#91 ("Invalid template property or properties
// [FormatVersion]"); AWS's order for several keys is unknown, ours is the template's.
void CheckSectionNames(const boost::json::object& tmpl) {
  std::vector<std::string> unknown;
  for (const auto& section : tmpl) {
    if (!IsOneOf(section.key(), kSections)) unknown.emplace_back(section.key());
  }
  if (!unknown.empty()) {
    ThrowValidationError("Invalid template property or properties [" + Join(unknown) + "]");
  }
}

// "'Description' length is greater than 1024." is quoted in zalando-stups/senza#319.
void CheckDescription(const boost::json::value& description) {
  if (!IsScalar(description)) ThrowFormatError("Every Description member must be a string.");
  if (ScalarText(description).size() > kMaxDescriptionBytes) {
    ThrowFormatError("'Description' length is greater than 1024.");
  }
}

void CheckHeader(const boost::json::object& tmpl) {
  if (const boost::json::value* version = tmpl.if_contains("AWSTemplateFormatVersion")) {
    if (!version->is_string() || version->get_string() != "2010-09-09") {
      ThrowFormatError("unsupported value for AWSTemplateFormatVersion.");
    }
  }
  if (const boost::json::value* description = tmpl.if_contains("Description")) {
    CheckDescription(*description);
  }
  if (const boost::json::value* transform = tmpl.if_contains("Transform")) {
    internal::CheckTransform(*transform);
  }
  for (const std::string_view section : kObjectSections) {
    const boost::json::value* value = tmpl.if_contains(section);
    if (value != nullptr && !value->is_object()) {
      ThrowFormatError("Any " + std::string(section) + " member must be an object.");
    }
  }
}

void CheckPolicy(const boost::json::object& resource, std::string_view attribute,
                 std::string_view id, bool (*known)(std::string_view)) {
  const boost::json::value* policy = resource.if_contains(attribute);
  // A function (Ref, Fn::If) is resolved under AWS::LanguageExtensions; evaluation checks it.
  if (policy == nullptr || policy->is_object()) return;
  if (policy->is_string() && known(policy->get_string())) return;
  const std::string text = IsScalar(*policy) ? ScalarText(*policy) : serialize(*policy);
  ThrowFormatError("Unrecognized " + std::string(attribute) + " " + text + " for resource " +
                   std::string(id));
}

void CheckResource(std::string_view id, const boost::json::object& resource) {
  const boost::json::value* type = resource.if_contains("Type");
  if (type == nullptr || !type->is_string()) {
    ThrowFormatError("[/Resources/" + std::string(id) +
                     "] Every Resources object must contain a Type member.");
  }
  const std::string_view type_name = type->get_string();
  const bool custom =
      type_name == "AWS::CloudFormation::CustomResource" || type_name.starts_with("Custom::");
  for (const auto& attribute : resource) {
    if (IsOneOf(attribute.key(), kResourceAttributes)) continue;
    if (custom && attribute.key() == "Version") continue;  // the custom resource's own version
    ThrowValidationError("Invalid template resource property '" + std::string(attribute.key()) +
                         "'");
  }
  for (const std::string_view attribute : kObjectResourceAttributes) {
    const boost::json::value* value = resource.if_contains(attribute);
    if (value != nullptr && !value->is_object()) {
      ThrowFormatError("Every " + std::string(attribute) + " member must be an object.");
    }
  }
  CheckPolicy(resource, "DeletionPolicy", id,
              [](std::string_view p) { return IsOneOf(p, kDeletionPolicies); });
  CheckPolicy(resource, "UpdateReplacePolicy", id,
              [](std::string_view p) { return IsOneOf(p, kUpdateReplacePolicies); });
  const boost::json::value* condition = resource.if_contains("Condition");
  if (condition != nullptr && !condition->is_string()) {
    // AWS's knowledge center lists "Every Condition member must be a string".
    ThrowFormatError("Every Condition member must be a string.");
  }
}

// DependsOn names resources of this template (the DependsOn attribute page). Names made by
// Fn::ForEach loops are unknown until the loops are expanded, so a template with loops is not
// checked for them.
void CheckDependsOn(const boost::json::object& resources) {
  const bool has_loops = std::any_of(resources.begin(), resources.end(),
                                     [](const auto& member) { return IsForEach(member.key()); });
  std::vector<std::string> unresolved;
  for (const auto& member : resources) {
    if (IsForEach(member.key())) continue;
    const boost::json::value* depends_on = member.value().get_object().if_contains("DependsOn");
    if (depends_on == nullptr) continue;
    std::vector<const boost::json::value*> names;
    if (depends_on->is_array()) {
      for (const boost::json::value& name : depends_on->get_array()) names.push_back(&name);
    } else if (depends_on->is_string()) {
      names.push_back(depends_on);
    } else {
      ThrowFormatError("DependsOn must be a string or list of strings.");
    }
    for (const boost::json::value* name : names) {
      if (!name->is_string()) ThrowFormatError("Every DependsOn value must be a string.");
      const std::string text(name->get_string());
      if (has_loops || resources.contains(text)) continue;
      if (std::find(unresolved.begin(), unresolved.end(), text) == unresolved.end()) {
        unresolved.push_back(text);
      }
    }
  }
  if (!unresolved.empty()) {
    ThrowFormatError("Unresolved resource dependencies [" + Join(unresolved) +
                     "] in the Resources block of the template");
  }
}

// "Number of resources, 211, is greater than maximum allowed, 200" is quoted in
// serverless/serverless#2387 and amplify-education/serverless-log-forwarding#26 (the limit is
// 500 since October 2020).
void CheckResources(const boost::json::object& resources, bool loops) {
  if (resources.size() > kMaxResources) {
    ThrowFormatError("Number of resources, " + std::to_string(resources.size()) +
                     ", is greater than maximum allowed, " + std::to_string(kMaxResources));
  }
  for (const auto& member : resources) {
    if (loops && IsForEach(member.key())) continue;
    CheckLogicalId("Resource", member.key());
    if (!member.value().is_object()) ThrowFormatError("Any Resources member must be an object.");
    CheckResource(member.key(), member.value().get_object());
  }
  CheckDependsOn(resources);
}

// An export name AWS accepts: letters, digits, colons and hyphens.
bool IsExportName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
           c == '-';
  });
}

// "Output PublicIp is malformed. The Name field of every Export member must be specified and
// consist only of alphanumeric characters, colons, or hyphens." is quoted by users of
// CreateChangeSet. A Name built by a function is checked once evaluated.
void CheckExport(std::string_view output, const boost::json::value& exported) {
  const boost::json::value* name =
      exported.is_object() ? exported.get_object().if_contains("Name") : nullptr;
  if (name != nullptr &&
      (name->is_object() || (name->is_string() && IsExportName(name->get_string())))) {
    return;
  }
  ThrowFormatError("Output " + std::string(output) +
                   " is malformed. The Name field of every Export member must be specified and "
                   "consist only of alphanumeric characters, colons, or hyphens.");
}

// "Outputs count 78 is greater than max allowed 60" is quoted in
// dougmoscrop/serverless-plugin-split-stacks#43 (the limit is 200 since October 2020).
void CheckOutputs(const boost::json::object& outputs, bool loops) {
  if (outputs.size() > kMaxOutputs) {
    ThrowFormatError("Outputs count " + std::to_string(outputs.size()) +
                     " is greater than max allowed " + std::to_string(kMaxOutputs));
  }
  for (const auto& member : outputs) {
    if (loops && IsForEach(member.key())) continue;
    CheckLogicalId("Output", member.key());
    if (!member.value().is_object()) ThrowFormatError("Any Outputs member must be an object.");
    const boost::json::object& output = member.value().get_object();
    for (const auto& field : output) {
      if (!IsOneOf(field.key(), kOutputFields)) {
        ThrowValidationError("Invalid template output property '" + std::string(field.key()) + "'");
      }
    }
    if (!output.contains("Value")) {
      ThrowFormatError("Every Outputs member must contain a Value object");
    }
    if (const boost::json::value* description = output.if_contains("Description")) {
      CheckDescription(*description);
    }
    const boost::json::value* condition = output.if_contains("Condition");
    if (condition != nullptr && !condition->is_string()) {
      ThrowFormatError("Every Condition member must be a string.");
    }
    if (const boost::json::value* exported = output.if_contains("Export")) {
      CheckExport(member.key(), *exported);
    }
  }
}

const boost::json::object* Section(const boost::json::object& tmpl, std::string_view name) {
  const boost::json::value* section = tmpl.if_contains(name);
  return section == nullptr ? nullptr : &section->get_object();
}

}  // namespace

void CheckStructure(const boost::json::object& tmpl) {
  CheckNoNulls(tmpl);
  const boost::json::object& resources = CheckResourcesPresent(tmpl);
  CheckSectionNames(tmpl);
  CheckHeader(tmpl);
  const bool loops = DeclaresTransform(tmpl, "AWS::LanguageExtensions");
  if (const boost::json::object* mappings = Section(tmpl, "Mappings")) {
    internal::CheckMappings(*mappings);
  }
  if (const boost::json::object* parameters = Section(tmpl, "Parameters")) {
    internal::CheckParameters(*parameters);
  }
  if (const boost::json::object* rules = Section(tmpl, "Rules")) internal::CheckRules(*rules);
  CheckResources(resources, loops);
  if (const boost::json::object* outputs = Section(tmpl, "Outputs")) CheckOutputs(*outputs, loops);
}

}  // namespace nimbus::cloudformation
