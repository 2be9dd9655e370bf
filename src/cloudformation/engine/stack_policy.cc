#include "cloudformation/engine/stack_policy.h"

#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

[[noreturn]] void InvalidPolicy() {
  throw core::AwsError("ValidationError", "Error validating stack policy: Invalid stack policy",
                       400);
}

// A string or a list of strings; nullopt for anything else.
std::optional<std::vector<std::string>> Strings(const json::value& value) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.emplace_back(value.get_string());
    return out;
  }
  if (!value.is_array()) return std::nullopt;
  for (const json::value& item : value.get_array()) {
    if (!item.is_string()) return std::nullopt;
    out.emplace_back(item.get_string());
  }
  return out;
}

// Whether `text` matches `pattern`, where * stands for any run of characters and ? for one.
bool Matches(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool AnyMatches(const std::vector<std::string>& patterns, std::string_view text) {
  for (const std::string& pattern : patterns) {
    if (Matches(pattern, text)) return true;
  }
  return false;
}

// Whether the statement's Condition holds for a resource of `type`.
bool ConditionHolds(const json::object& statement, std::string_view type) {
  const json::value* condition = statement.if_contains("Condition");
  if (!condition) return true;
  for (const auto& [op, keys] : condition->as_object()) {
    for (const auto& [key, values] : keys.as_object()) {
      const std::vector<std::string> wanted = *Strings(values);
      bool holds = false;
      for (const std::string& value : wanted) {
        holds = holds || (op == "StringEquals" ? value == type : Matches(value, type));
      }
      if (!holds) return false;
    }
  }
  return true;
}

// Whether the statement covers `action` on `resource` ("LogicalResourceId/X") of `type`.
bool Covers(const json::object& statement, std::string_view action, std::string_view resource,
            std::string_view type) {
  if (const json::value* actions = statement.if_contains("Action")) {
    if (!AnyMatches(*Strings(*actions), action)) return false;
  } else if (AnyMatches(*Strings(statement.at("NotAction")), action)) {
    return false;
  }
  if (const json::value* resources = statement.if_contains("Resource")) {
    if (!AnyMatches(*Strings(*resources), resource)) return false;
  } else if (AnyMatches(*Strings(statement.at("NotResource")), resource)) {
    return false;
  }
  return ConditionHolds(statement, type);
}

}  // namespace

void CheckStackPolicy(std::string_view body) {
  boost::system::error_code ec;
  const json::value policy = json::parse(body, ec);
  if (ec || !policy.is_object()) InvalidPolicy();
  const json::value* statements = policy.get_object().if_contains("Statement");
  if (!statements) InvalidPolicy();
  const json::array list =
      statements->is_array() ? statements->get_array() : json::array{*statements};
  for (const json::value& item : list) {
    if (!item.is_object()) InvalidPolicy();
    const json::object& statement = item.get_object();
    const json::value* effect = statement.if_contains("Effect");
    if (!effect || (*effect != "Allow" && *effect != "Deny")) InvalidPolicy();
    const json::value* principal = statement.if_contains("Principal");
    if (!principal || *principal != "*") InvalidPolicy();
    // Exactly one of Action and NotAction, of Resource and NotResource.
    for (const auto& [one, other] :
         {std::pair<std::string_view, std::string_view>{"Action", "NotAction"},
          {"Resource", "NotResource"}}) {
      const json::value* value = statement.if_contains(one);
      const json::value* not_value = statement.if_contains(other);
      if ((value == nullptr) == (not_value == nullptr)) InvalidPolicy();
      const std::optional<std::vector<std::string>> names = Strings(value ? *value : *not_value);
      if (!names || names->empty()) InvalidPolicy();
      for (const std::string& name : *names) {
        if (one == "Action" && name.rfind("Update:", 0) != 0) InvalidPolicy();
      }
    }
    if (const json::value* condition = statement.if_contains("Condition")) {
      if (!condition->is_object()) InvalidPolicy();
      for (const auto& [op, keys] : condition->get_object()) {
        if ((op != "StringEquals" && op != "StringLike") || !keys.is_object()) InvalidPolicy();
        for (const auto& [key, values] : keys.get_object()) {
          if (key != "ResourceType" || !Strings(values)) InvalidPolicy();
        }
      }
    }
  }
}

std::string StackPolicyDenial(std::string_view policy, std::string_view action,
                              std::string_view logical_id, std::string_view type) {
  const json::value parsed = json::parse(policy);
  const json::value& statements = parsed.at("Statement");
  const json::array list = statements.is_array() ? statements.get_array() : json::array{statements};
  const std::string resource = "LogicalResourceId/" + std::string(logical_id);
  bool allowed = false;
  for (size_t i = 0; i < list.size(); ++i) {
    const json::object& statement = list[i].as_object();
    if (!Covers(statement, action, resource, type)) continue;
    if (statement.at("Effect") == "Deny") {  // quoted from AWS by users
      return "Action denied by stack policy: Statement [#" + std::to_string(i + 1) +
             "] does not allow [" + std::string(action) + "] for resource [" + resource + "];";
    }
    allowed = true;
  }
  if (allowed) return "";
  return "Action not allowed by stack policy: No statement allows [" + std::string(action) +
         "] for resource [" + resource + "];";
}

}  // namespace nimbus::cloudformation
