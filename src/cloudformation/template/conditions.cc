#include "cloudformation/template/conditions.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "cloudformation/template/internal/intrinsics.h"
#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"

namespace nimbus::cloudformation {
namespace {

constexpr std::string_view kEqualsError =
    "every Fn::Equals object requires a list of 2 string parameters.";

std::string AndOrError(std::string_view name) {  // unverified (Eucalyptus)
  return "every " + std::string(name) +
         " object requires a list of at least 2 and at most 10 boolean parameters.";
}

bool IsConditionFunction(const boost::json::value& value) {
  const boost::json::key_value_pair* function = internal::AsFunction(value);
  if (function == nullptr) {
    return value.is_bool();
  }
  const std::string_view name = function->key();
  return name == "Fn::Equals" || name == "Fn::And" || name == "Fn::Or" || name == "Fn::Not" ||
         name == "Condition";
}

// Fn::Equals compares the texts of two scalars ("true" equals true, "3" equals 3), and other
// values (lists) as they are.
bool Equal(const boost::json::value& a, const boost::json::value& b) {
  const std::optional<std::string> a_text = internal::ScalarText(a);
  const std::optional<std::string> b_text = internal::ScalarText(b);
  if (a_text && b_text) {
    return *a_text == *b_text;
  }
  return a == b;
}

// The names of the conditions `value` reads through {"Condition": name}.
void CollectConditionNames(const boost::json::value& value, std::vector<std::string>& names) {
  if (const boost::json::object* object = value.if_object()) {
    if (object->size() == 1 && object->contains("Condition") &&
        object->at("Condition").is_string()) {
      names.emplace_back(object->at("Condition").get_string());
      return;
    }
    for (const auto& member : *object) {
      CollectConditionNames(member.value(), names);
    }
  } else if (const boost::json::array* list = value.if_array()) {
    for (const boost::json::value& item : *list) {
      CollectConditionNames(item, names);
    }
  }
}

}  // namespace

bool EvaluateCondition(const boost::json::value& condition, const EvaluationContext& ctx) {
  if (condition.is_bool()) {
    return condition.get_bool();
  }
  const boost::json::key_value_pair* function = internal::AsFunction(condition);
  const std::string_view name = function == nullptr ? "" : function->key();
  const boost::json::value* args = function == nullptr ? nullptr : &function->value();
  const boost::json::array* list = args == nullptr ? nullptr : args->if_array();
  if (name == "Fn::Equals") {
    if (list == nullptr || list->size() != 2) {
      ThrowTemplateError(std::string(kEqualsError));
    }
    return Equal(internal::ResolveArgument((*list)[0], ctx, Block::kConditions),
                 internal::ResolveArgument((*list)[1], ctx, Block::kConditions));
  }
  if (name == "Fn::And" || name == "Fn::Or") {
    if (list == nullptr || list->size() < 2 || list->size() > 10 ||
        !std::all_of(list->begin(), list->end(), IsConditionFunction)) {
      ThrowTemplateError(AndOrError(name));
    }
    // Every operand is evaluated, so an error in any of them shows whatever the others are.
    bool all = true;
    bool any = false;
    for (const boost::json::value& operand : *list) {
      const bool value = EvaluateCondition(operand, ctx);
      all = all && value;
      any = any || value;
    }
    return name == "Fn::And" ? all : any;
  }
  if (name == "Fn::Not") {
    if (list == nullptr || list->size() != 1 || !IsConditionFunction((*list)[0])) {
      ThrowTemplateError("Fn::Not requires a list argument with one function token");  // unverified
    }
    return !EvaluateCondition((*list)[0], ctx);
  }
  if (name == "Condition" && args->is_string()) {
    const std::string_view other = args->get_string();
    const auto found =
        ctx.conditions == nullptr ? ConditionValues::const_iterator() : ctx.conditions->find(other);
    if (ctx.conditions == nullptr || found == ctx.conditions->end()) {
      ThrowTemplateError("unresolved condition dependency " + std::string(other) +  // unverified
                         " in Condition");
    }
    return found->second;
  }
  ThrowFormatError(  // unverified
      "Conditions can only be boolean operations on parameters and other conditions");
}

ConditionValues EvaluateConditions(const boost::json::object& tmpl, const EvaluationContext& ctx) {
  const boost::json::object& definitions = internal::Section(tmpl, "Conditions");
  ConditionValues values;
  EvaluationContext scope{.tmpl = tmpl,
                          .stack = ctx.stack,
                          .parameters = ctx.parameters,
                          .conditions = &values,
                          .lookups = ctx.lookups};
  // Depth first, so a condition is evaluated after those it reads; `path` holds the chain being
  // evaluated, to name a cycle.
  std::vector<std::string> path;
  std::function<void(const std::string&)> evaluate = [&](const std::string& name) {
    if (values.contains(name)) {
      return;
    }
    if (const auto again = std::find(path.begin(), path.end(), name); again != path.end()) {
      std::vector<std::string> cycle(again, path.end());
      std::sort(cycle.begin(), cycle.end());  // unverified: AWS's order is not known
      ThrowFormatError("Circular dependency between conditions: " + internal::NameList(cycle));
    }
    const boost::json::value& definition = definitions.at(name);
    path.push_back(name);
    std::vector<std::string> needed;
    CollectConditionNames(definition, needed);
    for (const std::string& other : needed) {
      if (definitions.contains(other)) {
        evaluate(other);  // an unknown name fails inside EvaluateCondition, with AWS's wording
      }
    }
    path.pop_back();
    values[name] = EvaluateCondition(definition, scope);
  };
  for (const auto& member : definitions) {
    evaluate(std::string(member.key()));
  }
  return values;
}

bool IsActive(const boost::json::object& member, const ConditionValues& conditions) {
  const boost::json::value* condition = member.if_contains("Condition");
  if (condition == nullptr) {
    return true;
  }
  const std::string_view name =
      condition->is_string() ? std::string_view(condition->get_string()) : std::string_view();
  const auto found = conditions.find(name);
  if (found == conditions.end()) {
    ThrowFormatError("Condition " + std::string(name) + " is not defined.");  // unverified
  }
  return found->second;
}

}  // namespace nimbus::cloudformation
