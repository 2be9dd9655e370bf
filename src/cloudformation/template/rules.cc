#include "cloudformation/template/rules.h"

#include <algorithm>

#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {
namespace {

// Texts as strings; lists of them as lists. Rule functions compare texts, so 5 equals "5".
std::vector<std::string> Texts(const boost::json::value& value) {
  std::vector<std::string> texts;
  if (const boost::json::array* list = value.if_array()) {
    for (const boost::json::value& item : *list) {
      if (std::optional<std::string> text = internal::ScalarText(item)) {
        texts.push_back(std::move(*text));
      }
    }
  } else if (std::optional<std::string> text = internal::ScalarText(value)) {
    texts.push_back(std::move(*text));
  }
  return texts;
}

boost::json::array ToArray(const std::vector<std::string>& texts) {
  boost::json::array out;
  for (const std::string& text : texts) {
    out.emplace_back(text);
  }
  return out;
}

// Evaluates rule functions over the stack's parameters. The argument errors are nimbus's wording
// (unverified), in the form of AWS's messages for the other functions.
class RuleEvaluator {
 public:
  RuleEvaluator(const EvaluationContext& ctx, const RuleLookups& lookups)
      : ctx_(ctx), lookups_(lookups) {}

  bool Check(const boost::json::value& condition) const {
    const boost::json::value value = Evaluate(condition);
    if (!value.is_bool()) {
      ThrowTemplateError("every rule condition and assertion must evaluate to true or false");
    }
    return value.get_bool();
  }

 private:
  boost::json::value Evaluate(const boost::json::value& value) const {
    const boost::json::key_value_pair* function = internal::AsFunction(value);
    if (function == nullptr) {
      if (const boost::json::array* list = value.if_array()) {
        boost::json::array out;
        for (const boost::json::value& item : *list) {
          out.push_back(Evaluate(item));
        }
        return out;
      }
      return value;
    }
    const std::string_view name = function->key();
    const boost::json::value& args = function->value();
    if (name == "Ref") {
      return Ref(args);
    }
    if (name == "Fn::RefAll") {
      if (!args.is_string()) {
        ThrowTemplateError("every Fn::RefAll object requires a parameter type");
      }
      return ToArray(RefAll(args.get_string()));
    }
    if (name == "Fn::ValueOf" || name == "Fn::ValueOfAll") {
      return ValueOf(name, args);
    }
    const boost::json::array& list = Arguments(name, args);
    if (name == "Fn::Not") {
      return !Check(list[0]);
    }
    if (name == "Fn::And" || name == "Fn::Or") {
      bool all = true;
      bool any = false;
      for (const boost::json::value& operand : list) {
        const bool result = Check(operand);
        all = all && result;
        any = any || result;
      }
      return name == "Fn::And" ? all : any;
    }
    if (name == "Fn::If") {
      const auto found = list[0].is_string() && ctx_.conditions != nullptr
                             ? ctx_.conditions->find(list[0].get_string())
                             : ConditionValues::const_iterator();
      if (!list[0].is_string() || ctx_.conditions == nullptr || found == ctx_.conditions->end()) {
        ThrowTemplateError("unresolved condition dependency " +
                           internal::ScalarText(list[0]).value_or("") + " in Fn::If");
      }
      return Evaluate(list[found->second ? 1 : 2]);
    }
    const boost::json::value first = Evaluate(list[0]);
    const boost::json::value second = Evaluate(list[1]);
    if (name == "Fn::Equals") {
      return Texts(first) == Texts(second) && first.is_array() == second.is_array();
    }
    const std::vector<std::string> members = Texts(first);
    if (name == "Fn::Contains") {
      const std::optional<std::string> text = internal::ScalarText(second);
      return text && std::find(members.begin(), members.end(), *text) != members.end();
    }
    if (name == "Fn::EachMemberEquals") {
      const std::optional<std::string> text = internal::ScalarText(second);
      return text && std::all_of(members.begin(), members.end(),
                                 [&](const std::string& member) { return member == *text; });
    }
    const std::vector<std::string> allowed = Texts(second);  // Fn::EachMemberIn
    return std::all_of(members.begin(), members.end(), [&](const std::string& member) {
      return std::find(allowed.begin(), allowed.end(), member) != allowed.end();
    });
  }

  // The argument list of a function that takes a fixed number of them.
  static const boost::json::array& Arguments(std::string_view name,
                                             const boost::json::value& args) {
    size_t min = 2;
    size_t max = 2;
    if (name == "Fn::Not") {
      min = max = 1;
    } else if (name == "Fn::And" || name == "Fn::Or") {
      max = 10;
    } else if (name == "Fn::If") {
      min = max = 3;
    } else if (name != "Fn::Equals" && name != "Fn::Contains" && name != "Fn::EachMemberEquals" &&
               name != "Fn::EachMemberIn") {
      internal::ThrowUnsupportedFunction(name);
    }
    const boost::json::array* list = args.if_array();
    if (list == nullptr || list->size() < min || list->size() > max) {
      ThrowTemplateError(
          "every " + std::string(name) + " object requires a list of " +
          (min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max)) +
          " parameters");
    }
    return *list;
  }

  boost::json::value Ref(const boost::json::value& args) const {
    const std::string_view name =
        args.is_string() ? std::string_view(args.get_string()) : std::string_view();
    if (const ResolvedParameter* parameter = ctx_.parameters.Find(name)) {
      return parameter->ref;
    }
    if (std::optional<boost::json::value> pseudo = PseudoParameterValue(name, ctx_.stack)) {
      return std::move(*pseudo);
    }
    ThrowFormatError("Unresolved parameter dependencies [" + std::string(name) +
                     "] in the Rules block of the template");
  }

  // Every value of `type` in the account: from the engine, else the stack's own parameters.
  std::vector<std::string> RefAll(std::string_view type) const {
    if (lookups_.ref_all) {
      return lookups_.ref_all(type);
    }
    std::vector<std::string> values;
    const std::string list_type = "List<" + std::string(type) + ">";
    for (const ResolvedParameter& parameter : ctx_.parameters.list) {
      if (parameter.type == type || parameter.type == list_type) {
        for (std::string& text : Texts(parameter.ref)) {
          values.push_back(std::move(text));
        }
      }
    }
    return values;
  }

  // Fn::ValueOf [parameter, attribute] and Fn::ValueOfAll [type, attribute].
  boost::json::value ValueOf(std::string_view name, const boost::json::value& args) const {
    const boost::json::array* list = args.if_array();
    if (list == nullptr || list->size() != 2 || !(*list)[0].is_string() ||
        !(*list)[1].is_string()) {
      ThrowTemplateError("every " + std::string(name) +
                         " object requires a list of 2 string parameters");
    }
    const std::string_view subject = (*list)[0].get_string();
    const std::string_view attribute = (*list)[1].get_string();
    std::string type(subject);
    std::vector<std::string> values;
    bool single = false;
    if (name == "Fn::ValueOf") {
      const ResolvedParameter* parameter = ctx_.parameters.Find(subject);
      if (parameter == nullptr) {
        ThrowFormatError("Unresolved parameter dependencies [" + std::string(subject) +
                         "] in the Rules block of the template");
      }
      type = parameter->type;
      if (type.starts_with("List<") && type.ends_with(">")) {
        type = type.substr(5, type.size() - 6);
      }
      single = parameter->ref.is_string();
      values = Texts(parameter->ref);
    } else {
      values = RefAll(subject);
    }
    std::vector<std::string> attributes;
    for (const std::string& value : values) {
      const std::optional<std::string> read =
          lookups_.attribute ? lookups_.attribute(type, value, attribute) : std::nullopt;
      if (!read) {
        ThrowTemplateError(std::string(name) + " cannot read the attribute " +
                           std::string(attribute) + " of " + value);
      }
      attributes.push_back(*read);
    }
    if (single && attributes.size() == 1) {
      return boost::json::string(attributes[0]);
    }
    return ToArray(attributes);
  }

  const EvaluationContext& ctx_;
  const RuleLookups& lookups_;
};

}  // namespace

void CheckRules(const boost::json::object& tmpl, const EvaluationContext& ctx,
                const RuleLookups& lookups) {
  const RuleEvaluator evaluator(ctx, lookups);
  for (const auto& [name, definition] : internal::Section(tmpl, "Rules")) {
    const boost::json::object* rule = definition.if_object();
    if (rule == nullptr) {
      continue;  // the structure check refuses it
    }
    if (const boost::json::value* condition = rule->if_contains("RuleCondition");
        condition != nullptr && !evaluator.Check(*condition)) {
      continue;
    }
    const boost::json::value* assertions = rule->if_contains("Assertions");
    if (assertions == nullptr || !assertions->is_array()) {
      continue;
    }
    for (const boost::json::value& item : assertions->get_array()) {
      const boost::json::object* assertion = item.if_object();
      const boost::json::value* assert = assertion ? assertion->if_contains("Assert") : nullptr;
      if (assert == nullptr || evaluator.Check(*assert)) {
        continue;
      }
      const boost::json::value* description = assertion->if_contains("AssertDescription");
      throw core::AwsError("ValidationError",
                           description != nullptr && description->is_string()
                               ? std::string(description->get_string())
                               : "Assertion failed for rule " + std::string(name),
                           400);
    }
  }
}

}  // namespace nimbus::cloudformation
