// The change plan: the decision an update makes for each resource, and the change set's
// description of it
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html).
#include "cloudformation/engine/change_plan.h"

#include <algorithm>
#include <array>
#include <set>

#include <boost/json/serialize.hpp>

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// The resource attributes besides Properties whose change a change set lists, each a Scope.
constexpr std::array<std::string_view, 5> kAttributeScopes = {
    "Metadata", "CreationPolicy", "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy"};

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Whether one of `paths` lies under the property `name` ("VpcConfig.SubnetIds" under VpcConfig).
bool HasNestedPath(const std::vector<std::string>& paths, std::string_view name) {
  return std::any_of(paths.begin(), paths.end(), [name](const std::string& path) {
    return path.size() > name.size() && path.compare(0, name.size(), name) == 0 &&
           path[name.size()] == '.';
  });
}

// Whether a template value uses Fn::GetAtt (or ${A.B} in Fn::Sub) anywhere.
bool UsesGetAtt(const json::value& value) {
  if (const json::array* list = value.if_array()) {
    return std::any_of(list->begin(), list->end(), UsesGetAtt);
  }
  if (const json::string* text = value.if_string()) {
    // A Fn::Sub string's ${Resource.Attribute}.
    const std::string_view s = *text;
    for (size_t open = s.find("${"); open != std::string_view::npos;
         open = s.find("${", open + 2)) {
      const size_t close = s.find('}', open);
      if (close != std::string_view::npos &&
          s.substr(open, close - open).find('.') != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }
  const json::object* object = value.if_object();
  if (!object) return false;
  for (const auto& [key, member] : *object) {
    if (key == "Fn::GetAtt" || UsesGetAtt(member)) return true;
  }
  return false;
}

const json::value* Member(const json::object& object, std::string_view name) {
  return object.if_contains(name);
}

const json::object& PropertiesOf(const json::object& definition) {
  static const json::object kEmpty;
  const json::value* properties = definition.if_contains("Properties");
  return properties && properties->is_object() ? properties->get_object() : kEmpty;
}

// A value as BeforeValue/AfterValue show it: a string as it is, anything else as JSON.
std::string ValueText(const json::value& value) {
  if (const json::string* text = value.if_string()) return std::string(*text);
  return json::serialize(value);
}

std::string ContextOf(const ResourceSide& side) {
  json::object context;
  context["Properties"] = side.properties;
  for (std::string_view attribute : kAttributeScopes) {
    if (const json::value* value = Member(side.definition, attribute)) context[attribute] = *value;
  }
  return json::serialize(context);
}

void AddScope(json::array& scope, std::string_view name) {
  if (std::find(scope.begin(), scope.end(), json::value(name)) == scope.end()) {
    scope.emplace_back(name);
  }
}

}  // namespace

bool HasKnownAfterApply(const json::value& value) {
  if (const json::string* text = value.if_string()) {
    return std::string_view(*text).find(kKnownAfterApply) != std::string_view::npos;
  }
  if (const json::array* list = value.if_array()) {
    return std::any_of(list->begin(), list->end(), HasKnownAfterApply);
  }
  if (const json::object* object = value.if_object()) {
    return std::any_of(object->begin(), object->end(), [](const json::key_value_pair& member) {
      return HasKnownAfterApply(member.value());
    });
  }
  return false;
}

PropertyDiff DiffProperties(const ResourceSchema* schema, const json::object& previous,
                            const json::object& next) {
  std::set<std::string, std::less<>> names;
  for (const auto& [name, value] : previous) names.emplace(name);
  for (const auto& [name, value] : next) names.emplace(name);
  PropertyDiff diff;
  bool replaced = false;
  bool maybe_replaced = false;
  for (const std::string& name : names) {
    const json::value* before = previous.if_contains(name);
    const json::value* after = next.if_contains(name);
    if (before && after && *before == *after) continue;
    PropertyChange change{.name = name,
                          .requires_recreation = "Never",
                          .dynamic = after && HasKnownAfterApply(*after)};
    if (schema &&
        (schema->IsCreateOnly(name) || HasNestedPath(schema->create_only_properties, name))) {
      change.requires_recreation = "Always";
      (change.dynamic ? maybe_replaced : replaced) = true;
    } else if (schema && (Contains(schema->conditional_create_only_properties, name) ||
                          HasNestedPath(schema->conditional_create_only_properties, name))) {
      change.requires_recreation = "Conditionally";
      maybe_replaced = true;
    }
    diff.changes.push_back(std::move(change));
  }
  diff.replacement = replaced ? "True" : maybe_replaced ? "Conditional" : "False";
  return diff;
}

json::object ChangeOf(const ResourceSide* before, const ResourceSide* after,
                      const PropertyDiff& properties) {
  const ResourceSide& side = after ? *after : *before;
  json::object change{{"LogicalResourceId", side.logical_id}, {"ResourceType", side.type}};
  if (!before) {
    change["Action"] = "Add";
    change["Scope"] = json::array();
    change["Details"] = json::array();
    change["AfterContext"] = ContextOf(*after);
    return {{"Type", "Resource"}, {"ResourceChange", std::move(change)}};
  }
  change["PhysicalResourceId"] = before->physical_id;
  if (!after) {
    change["Action"] = "Remove";
    const json::value* policy = Member(before->definition, "DeletionPolicy");
    change["PolicyAction"] =
        policy && policy->is_string() && policy->get_string() != "Delete" ? "Retain" : "Delete";
    change["Scope"] = json::array();
    change["Details"] = json::array();
    change["BeforeContext"] = ContextOf(*before);
    return {{"Type", "Resource"}, {"ResourceChange", std::move(change)}};
  }

  json::array scope;
  json::array details;
  const json::object& old_raw = PropertiesOf(before->definition);
  const json::object& new_raw = PropertiesOf(after->definition);
  for (const PropertyChange& property : properties.changes) {
    const bool tags = property.name == "Tags";
    AddScope(scope, tags ? "Tags" : "Properties");
    const json::value* old_value = before->properties.if_contains(property.name);
    const json::value* new_value = after->properties.if_contains(property.name);
    const json::value* old_expression = old_raw.if_contains(property.name);
    const json::value* new_expression = new_raw.if_contains(property.name);
    const bool direct = !old_expression || !new_expression || *old_expression != *new_expression;
    json::object target{{"Attribute", tags ? "Tags" : "Properties"}};
    if (!tags) target["Name"] = property.name;
    target["RequiresRecreation"] = property.requires_recreation;
    target["Path"] = "/Properties/" + property.name;
    if (old_value) target["BeforeValue"] = ValueText(*old_value);
    if (new_value) target["AfterValue"] = ValueText(*new_value);
    target["AttributeChangeType"] = !old_value ? "Add" : !new_value ? "Remove" : "Modify";
    const auto detail = [&target](std::string_view evaluation, std::string_view source) {
      return json::object{{"Target", target}, {"Evaluation", evaluation}, {"ChangeSource", source}};
    };
    if (direct) details.push_back(detail("Static", "DirectModification"));
    if (property.dynamic) {
      const bool attribute = new_expression && UsesGetAtt(*new_expression);
      details.push_back(detail("Dynamic", attribute ? "ResourceAttribute" : "ResourceReference"));
    } else if (!direct) {
      // The same expression gives another value: a parameter's (or an import's) changed.
      details.push_back(detail("Static", "ParameterReference"));
    }
  }
  for (std::string_view attribute : kAttributeScopes) {
    const json::value* old_value = Member(before->definition, attribute);
    const json::value* new_value = Member(after->definition, attribute);
    if ((!old_value && !new_value) || (old_value && new_value && *old_value == *new_value)) {
      continue;
    }
    AddScope(scope, attribute);
    json::object target{{"Attribute", attribute}, {"RequiresRecreation", "Never"}};
    target["Path"] = "/" + std::string(attribute);
    if (old_value) target["BeforeValue"] = ValueText(*old_value);
    if (new_value) target["AfterValue"] = ValueText(*new_value);
    target["AttributeChangeType"] = !old_value ? "Add" : !new_value ? "Remove" : "Modify";
    details.push_back(json::object{{"Target", std::move(target)},
                                   {"Evaluation", "Static"},
                                   {"ChangeSource", "DirectModification"}});
  }
  if (details.empty()) return {};
  change["Action"] = "Modify";
  change["Replacement"] = properties.replacement;
  if (properties.Replaces()) {
    const json::value* policy = Member(after->definition, "UpdateReplacePolicy");
    change["PolicyAction"] = policy && policy->is_string() && policy->get_string() == "Retain"
                                 ? "ReplaceAndRetain"
                                 : "ReplaceAndDelete";
  }
  change["Scope"] = std::move(scope);
  change["Details"] = std::move(details);
  change["BeforeContext"] = ContextOf(*before);
  change["AfterContext"] = ContextOf(*after);
  return {{"Type", "Resource"}, {"ResourceChange", std::move(change)}};
}

json::object WithoutPropertyValues(json::object change) {
  json::value* resource = change.if_contains("ResourceChange");
  if (!resource || !resource->is_object()) return change;
  json::object& rc = resource->get_object();
  rc.erase("BeforeContext");
  rc.erase("AfterContext");
  if (json::value* details = rc.if_contains("Details"); details && details->is_array()) {
    for (json::value& detail : details->get_array()) {
      json::value* target = detail.as_object().if_contains("Target");
      if (!target || !target->is_object()) continue;
      target->get_object().erase("BeforeValue");
      target->get_object().erase("AfterValue");
      target->get_object().erase("AttributeChangeType");
    }
  }
  return change;
}

}  // namespace nimbus::cloudformation
