#include "cloudformation/template/parameters.h"

#include <cstdlib>
#include <map>

#include <re2/re2.h>

#include "cloudformation/template/internal/values.h"
#include "core/aws_error.h"
#include "core/text.h"

namespace nimbus::cloudformation {
namespace {

[[noreturn]] void Fail(const std::string& message) {
  throw core::AwsError("ValidationError", message, 400);
}

// How a parameter type's value is read and checked.
struct TypeInfo {
  bool list = false;       // Ref gives a list of strings
  bool number = false;     // each value must be a number (Number, List<Number>)
  bool ssm_value = false;  // AWS::SSM::Parameter::Value<...>: the value names an SSM parameter
  bool ssm_name = false;   // AWS::SSM::Parameter::Name
};

// List<X> -> X, or nullopt.
std::optional<std::string_view> ListItemType(std::string_view type) {
  if (type.size() > 6 && type.substr(0, 5) == "List<" && type.back() == '>') {
    return type.substr(5, type.size() - 6);
  }
  return std::nullopt;
}

TypeInfo ClassifyType(std::string_view type) {
  if (type == "String" || internal::IsAwsSpecificParameterType(type)) {
    return {};
  }
  if (type == "Number") {
    return {.number = true};
  }
  if (type == "CommaDelimitedList") {
    return {.list = true};
  }
  if (type == "AWS::SSM::Parameter::Name") {
    return {.ssm_name = true};
  }
  if (const std::optional<std::string_view> item = ListItemType(type)) {
    if (*item == "Number") {
      return {.list = true, .number = true};
    }
    if (*item == "String" || internal::IsAwsSpecificParameterType(*item)) {
      return {.list = true};
    }
  }
  constexpr std::string_view kSsmValue = "AWS::SSM::Parameter::Value<";
  if (type.size() > kSsmValue.size() && type.substr(0, kSsmValue.size()) == kSsmValue &&
      type.back() == '>') {
    const std::string_view inner =
        type.substr(kSsmValue.size(), type.size() - kSsmValue.size() - 1);
    const std::optional<std::string_view> item = ListItemType(inner);
    if (inner == "String" || internal::IsAwsSpecificParameterType(inner)) {
      return {.ssm_value = true};
    }
    if (inner == "CommaDelimitedList" ||
        (item && (*item == "String" || internal::IsAwsSpecificParameterType(*item)))) {
      return {.list = true, .ssm_value = true};
    }
  }
  // The structure check refuses unknown types first; this is its wording, for a direct caller.
  Fail("Template format error: Unrecognized parameter type: " + std::string(type));
}

// CommaDelimitedList items: one more than the commas, each trimmed of spaces; "" is one item "".
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  for (std::string_view item : core::Split(text, ',')) {
    items.emplace_back(core::Trim(item));
  }
  return items;
}

// A decimal number as Java's Double.parseDouble reads one: sign, digits, fraction, exponent.
bool IsNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    ++i;
  }
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    ++i, ++digits;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i, ++digits;
    }
  }
  if (digits == 0) {
    return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      ++i;
    }
    size_t exponent = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i, ++exponent;
    }
    if (exponent == 0) {
      return false;
    }
  }
  return i == text.size();
}

// A declaration's property as text ("MinLength": 3 or "3"), or nullopt when absent.
std::optional<std::string> PropertyText(const boost::json::object& declaration,
                                        std::string_view name) {
  const boost::json::value* value = declaration.if_contains(name);
  return value == nullptr ? std::nullopt : internal::ScalarText(*value);
}

bool IsTrue(const boost::json::object& declaration, std::string_view name) {
  const boost::json::value* value = declaration.if_contains(name);
  if (value == nullptr) {
    return false;
  }
  if (value->is_bool()) {
    return value->get_bool();
  }
  return value->is_string() && core::EqualsIgnoreCase(value->get_string(), "true");
}

// Checks one value (a String, or one item of a list) against the declaration's constraints.
class ConstraintChecker {
 public:
  ConstraintChecker(std::string_view key, const boost::json::object& declaration, TypeInfo type)
      : key_(key), declaration_(declaration), type_(type) {
    if (const std::optional<std::string> description =
            PropertyText(declaration, "ConstraintDescription")) {
      constraint_description_ = *description;
    }
  }

  void Check(const std::string& value) const {
    if (const boost::json::value* allowed = declaration_.if_contains("AllowedValues");
        allowed != nullptr && allowed->is_array()) {
      bool found = false;
      for (const boost::json::value& item : allowed->get_array()) {
        found = found || internal::ScalarText(item) == value;
      }
      if (!found) {
        Violated("must be one of AllowedValues");
      }
    }
    if (type_.number) {
      CheckNumber(value);
    } else {
      CheckString(value);
    }
  }

 private:
  void CheckNumber(const std::string& value) const {
    if (!IsNumber(value)) {
      Violated("must be a number.");
    }
    const double number = std::strtod(value.c_str(), nullptr);
    if (const std::optional<std::string> min = PropertyText(declaration_, "MinValue");
        min && IsNumber(*min) && number < std::strtod(min->c_str(), nullptr)) {
      Violated("must be a number not less than " + *min);
    }
    if (const std::optional<std::string> max = PropertyText(declaration_, "MaxValue");
        max && IsNumber(*max) && number > std::strtod(max->c_str(), nullptr)) {
      Violated("must be a number not greater than " + *max);
    }
  }

  void CheckString(const std::string& value) const {
    if (const std::optional<std::string> min = PropertyText(declaration_, "MinLength");
        min && IsNumber(*min) &&
        static_cast<double>(value.size()) < std::strtod(min->c_str(), nullptr)) {
      Violated("must contain at least " + *min + " characters");
    }
    if (const std::optional<std::string> max = PropertyText(declaration_, "MaxLength");
        max && IsNumber(*max) &&
        static_cast<double>(value.size()) > std::strtod(max->c_str(), nullptr)) {
      Violated("must contain at most " + *max + " characters");
    }
    if (const std::optional<std::string> pattern = PropertyText(declaration_, "AllowedPattern")) {
      // AWS matches the whole value with a Java regular expression; RE2 reads the common subset.
      const re2::RE2 regex(*pattern, re2::RE2::Quiet);
      if (!regex.ok()) {
        Fail("Parameter '" + key_ + "' AllowedPattern must be a valid regular expression.");
      }
      if (!re2::RE2::FullMatch(value, regex)) {
        Violated("must match pattern " + *pattern);
      }
    }
  }

  // AWS replaces its own reason with the ConstraintDescription when the template gives one.
  [[noreturn]] void Violated(const std::string& reason) const {
    if (constraint_description_) {
      Fail("Parameter " + key_ + " failed to satisfy constraint: " + *constraint_description_);
    }
    Fail("Parameter '" + key_ + "' " + reason);
  }

  std::string key_;
  const boost::json::object& declaration_;
  TypeInfo type_;
  std::optional<std::string> constraint_description_;
};

boost::json::value RefValue(const std::string& text, bool list) {
  if (!list) {
    return boost::json::string(text);
  }
  boost::json::array items;
  for (std::string& item : SplitList(text)) {
    items.emplace_back(std::move(item));
  }
  return items;
}

}  // namespace

std::vector<ParameterInput> ParameterInputs(const boost::json::array& parameters) {
  std::vector<ParameterInput> inputs;
  for (const boost::json::value& item : parameters) {
    const boost::json::object* parameter = item.if_object();
    if (parameter == nullptr) {
      continue;
    }
    ParameterInput input;
    if (const boost::json::value* key = parameter->if_contains("ParameterKey");
        key != nullptr && key->is_string()) {
      input.key = key->get_string();
    }
    if (const boost::json::value* value = parameter->if_contains("ParameterValue");
        value != nullptr && value->is_string()) {
      input.value = std::string(value->get_string());
    }
    if (const boost::json::value* previous = parameter->if_contains("UsePreviousValue");
        previous != nullptr && previous->is_bool()) {
      input.use_previous_value = previous->get_bool();
    }
    inputs.push_back(std::move(input));
  }
  return inputs;
}

const ResolvedParameter* ResolvedParameters::Find(std::string_view key) const {
  for (const ResolvedParameter& parameter : list) {
    if (parameter.key == key) {
      return &parameter;
    }
  }
  return nullptr;
}

boost::json::array ResolvedParameters::Described() const {
  boost::json::array out;
  for (const ResolvedParameter& parameter : list) {
    boost::json::object member{{"ParameterKey", parameter.key},
                               {"ParameterValue", parameter.no_echo ? "****" : parameter.value}};
    if (parameter.resolved_value) {
      member["ResolvedValue"] = parameter.no_echo ? "****" : *parameter.resolved_value;
    }
    out.emplace_back(std::move(member));
  }
  return out;
}

ResolvedParameters ResolveParameters(const boost::json::object& tmpl,
                                     const std::vector<ParameterInput>& input,
                                     const SsmParameterReader& read_ssm,
                                     const ResolvedParameters* previous) {
  const boost::json::object& declarations = internal::Section(tmpl, "Parameters");
  std::map<std::string, const ParameterInput*, std::less<>> given;
  for (const ParameterInput& parameter : input) {
    if (parameter.use_previous_value && parameter.value && !parameter.value->empty()) {
      Fail("Invalid input for parameter key " + parameter.key +
           ". Cannot specify usePreviousValue as true and non empty value for a parameter");
    }
    given[parameter.key] = &parameter;
  }

  // Gather each value and its source before any check: a missing value and an unknown key are
  // reported for all parameters at once, before one value's constraints.
  struct Pending {
    std::string key;
    const boost::json::object* declaration;
    TypeInfo type;
    std::string value;
    bool from_default;
  };
  std::vector<Pending> pending;
  std::vector<std::string> missing;
  for (const auto& [key, declaration_value] : declarations) {
    static const boost::json::object kNoProperties;
    const boost::json::object& declaration =
        declaration_value.is_object() ? declaration_value.get_object() : kNoProperties;
    const std::optional<std::string> type_name = PropertyText(declaration, "Type");
    Pending entry{.key = std::string(key),
                  .declaration = &declaration,
                  .type = ClassifyType(type_name.value_or("")),
                  .value = "",
                  .from_default = false};
    const auto found = given.find(key);
    if (found != given.end() && found->second->use_previous_value) {
      const ResolvedParameter* old = previous == nullptr ? nullptr : previous->Find(key);
      if (old == nullptr) {
        Fail("Invalid input for parameter key " + entry.key +
             ". Cannot specify usePreviousValue as true for a parameter key not in the previous "
             "template");
      }
      entry.value = old->value;
    } else if (found != given.end() && found->second->value) {
      entry.value = *found->second->value;
    } else if (const std::optional<std::string> fallback = PropertyText(declaration, "Default")) {
      entry.value = *fallback;
      entry.from_default = true;
    } else if (const boost::json::value* list = declaration.if_contains("Default");
               list != nullptr && list->is_array()) {
      // A YAML list as the Default of a list type: AWS reads it as the comma-joined text.
      for (const boost::json::value& item : list->get_array()) {
        entry.value += (entry.value.empty() ? "" : ",") + internal::ScalarText(item).value_or("");
      }
      entry.from_default = true;
    } else {
      missing.push_back(entry.key);
      continue;
    }
    pending.push_back(std::move(entry));
  }
  if (!missing.empty()) {
    Fail("Parameters: " + internal::NameList(missing) + " must have values");
  }
  std::vector<std::string> unknown;
  for (const ParameterInput& parameter : input) {
    if (!declarations.contains(parameter.key)) {
      unknown.push_back(parameter.key);
    }
  }
  if (!unknown.empty()) {
    Fail("Parameters: " + internal::NameList(unknown) + " do not exist in the template");
  }

  ResolvedParameters resolved;
  std::vector<std::string> unfetched;  // SSM names from Defaults that Parameter Store lacks
  for (Pending& entry : pending) {
    const ConstraintChecker checker(entry.key, *entry.declaration, entry.type);
    if (entry.type.list && !entry.type.ssm_value) {
      for (const std::string& item : SplitList(entry.value)) {
        checker.Check(item);
      }
    } else {
      checker.Check(entry.value);  // for SSM types the constraints apply to the parameter's name
    }
    ResolvedParameter parameter{.key = entry.key,
                                .type = PropertyText(*entry.declaration, "Type").value_or(""),
                                .value = entry.value,
                                .resolved_value = std::nullopt,
                                .no_echo = IsTrue(*entry.declaration, "NoEcho"),
                                .ref = RefValue(entry.value, entry.type.list)};
    if (entry.type.ssm_value || entry.type.ssm_name) {
      const std::optional<std::string> stored =
          read_ssm ? read_ssm(entry.value) : std::optional<std::string>();
      if (!stored && entry.from_default) {
        unfetched.push_back(entry.value);
        continue;
      }
      if (!stored) {
        Fail("Parameter " + entry.key + " should either have input value or default value");
      }
      if (entry.type.ssm_value) {
        parameter.resolved_value = *stored;
        parameter.ref = RefValue(*stored, entry.type.list);
      }
    }
    resolved.list.push_back(std::move(parameter));
  }
  if (!unfetched.empty()) {
    Fail("Unable to fetch parameters " + internal::NameList(unfetched) +
         " from parameter store for this account.");
  }
  return resolved;
}

}  // namespace nimbus::cloudformation
