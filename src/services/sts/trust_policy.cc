#include "services/sts/trust_policy.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/partition.h"
#include "core/text.h"

namespace nimbus::sts {

namespace json = boost::json;

namespace {

std::vector<std::string> Strings(const json::value& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.emplace_back(value.as_string());
  if (value.is_array()) {
    for (const json::value& item : value.as_array()) {
      if (item.is_string()) out.emplace_back(item.as_string());
    }
  }
  return out;
}

// IAM's wildcard match, `*` any run, `?` one character; without case unless `exact_case`.
bool Matches(std::string_view pattern, std::string_view text, bool exact_case = false) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (Matches(pattern.substr(1), text.substr(i), exact_case)) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern.front() != '?' &&
      (exact_case ? pattern.front() != text.front()
                  : core::ToLower(pattern.substr(0, 1)) != core::ToLower(text.substr(0, 1)))) {
    return false;
  }
  return Matches(pattern.substr(1), text.substr(1), exact_case);
}

bool ActionMatches(const json::object& statement, std::string_view wanted = "sts:AssumeRole") {
  if (const json::value* action = statement.if_contains("Action")) {
    for (const std::string& pattern : Strings(*action)) {
      if (Matches(pattern, wanted)) return true;
    }
    return false;
  }
  if (const json::value* not_action = statement.if_contains("NotAction")) {
    for (const std::string& pattern : Strings(*not_action)) {
      if (Matches(pattern, wanted)) return false;
    }
    return true;
  }
  return false;
}

bool AwsPrincipalMatches(std::string_view principal, const core::Caller& caller) {
  if (principal == "*" || principal == caller.account) return true;
  const std::optional<core::ParsedArn> wanted = core::ParseArn(principal);
  const std::optional<core::ParsedArn> who = core::ParseArn(caller.arn);
  if (!wanted || !who || wanted->account != caller.account) return false;
  if (wanted->service == "iam" && wanted->resource == "root") return true;
  if (wanted->service == who->service && wanted->resource == who->resource) return true;
  // A role ARN names every session of the role: assumed-role/<role>/<session>.
  if (wanted->service == "iam" && who->service == "sts" &&
      core::StartsWith(wanted->resource, "role/") &&
      core::StartsWith(who->resource, "assumed-role/")) {
    const std::string_view role =
        std::string_view(wanted->resource).substr(wanted->resource.rfind('/') + 1);
    const std::string_view session = std::string_view(who->resource).substr(13);
    return session.substr(0, session.find('/')) == role;
  }
  return false;
}

bool PrincipalMatches(const json::object& statement, const core::Caller& caller) {
  const json::value* principal = statement.if_contains("Principal");
  if (!principal || statement.contains("Condition")) return false;
  if (principal->is_string()) return principal->as_string() == "*";
  if (!principal->is_object()) return false;
  const json::value* aws = principal->as_object().if_contains("AWS");
  if (!aws) return false;
  for (const std::string& value : Strings(*aws)) {
    if (AwsPrincipalMatches(value, caller)) return true;
  }
  return false;
}

// One operator of a Condition block over the request's keys; false for what is not evaluated.
bool OperatorHolds(std::string_view op, const json::value& keys,
                   const std::map<std::string, std::string>& context) {
  std::string base(op);
  const bool ignore_case = base.size() > 10 && base.ends_with("IgnoreCase");
  if (ignore_case) base.resize(base.size() - 10);
  const bool negated = base == "StringNotEquals" || base == "StringNotLike";
  const bool like = base == "StringLike" || base == "StringNotLike";
  if (!negated && !like && base != "StringEquals") return false;
  if (!keys.is_object()) return false;
  for (const auto& [key, wanted] : keys.as_object()) {
    const std::string* value = nullptr;
    for (const auto& [name, v] : context) {
      if (core::EqualsIgnoreCase(name, key)) value = &v;
    }
    if (!value) return false;
    bool any = false;
    for (const std::string& pattern : Strings(wanted)) {
      if (like) {
        any = any || Matches(pattern, *value, /*exact_case=*/!ignore_case);
      } else {
        any = any || (ignore_case ? core::EqualsIgnoreCase(pattern, *value) : pattern == *value);
      }
    }
    if (any == negated) return false;
  }
  return true;
}

bool ConditionHolds(const json::object& statement,
                    const std::map<std::string, std::string>& context) {
  const json::value* condition = statement.if_contains("Condition");
  if (!condition) return true;
  if (!condition->is_object()) return false;
  for (const auto& [op, keys] : condition->as_object()) {
    if (!OperatorHolds(op, keys, context)) return false;
  }
  return true;
}

bool FederatedPrincipalMatches(const json::object& statement, std::string_view provider_arn) {
  const json::value* principal = statement.if_contains("Principal");
  if (!principal || !principal->is_object()) return false;
  const json::value* federated = principal->as_object().if_contains("Federated");
  if (!federated) return false;
  for (const std::string& value : Strings(*federated)) {
    if (value == provider_arn) return true;
  }
  return false;
}

// The statements of a policy document; empty if it is not one.
std::vector<json::object> StatementsOf(std::string_view document) {
  boost::system::error_code ec;
  const json::value policy = json::parse(document, ec);
  std::vector<json::object> list;
  if (ec || !policy.is_object()) return list;
  const json::value* statements = policy.as_object().if_contains("Statement");
  if (!statements) return list;
  if (statements->is_object()) list.push_back(statements->as_object());
  if (statements->is_array()) {
    for (const json::value& s : statements->as_array()) {
      if (s.is_object()) list.push_back(s.as_object());
    }
  }
  return list;
}

// An Allow among the statements `applies` picks, and no Deny among them.
template <typename Applies>
bool Allowed(std::string_view document, Applies applies) {
  bool allowed = false;
  for (const json::object& statement : StatementsOf(document)) {
    if (!applies(statement)) continue;
    const json::value* effect = statement.if_contains("Effect");
    if (!effect || !effect->is_string()) continue;
    if (effect->as_string() == "Deny") return false;
    if (effect->as_string() == "Allow") allowed = true;
  }
  return allowed;
}

}  // namespace

bool TrustAllows(std::string_view document, const core::Caller& caller) {
  return Allowed(document, [&](const json::object& statement) {
    return ActionMatches(statement) && PrincipalMatches(statement, caller);
  });
}

bool FederatedTrustAllows(std::string_view document, const FederatedCaller& caller) {
  return Allowed(document, [&](const json::object& statement) {
    return ActionMatches(statement, caller.action) &&
           FederatedPrincipalMatches(statement, caller.provider_arn) &&
           ConditionHolds(statement, caller.context);
  });
}

}  // namespace nimbus::sts
