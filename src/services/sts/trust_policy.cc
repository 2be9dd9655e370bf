#include "services/sts/trust_policy.h"

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

// IAM's wildcard match, without case: `*` any run, `?` one character.
bool Matches(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (Matches(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern.front() != '?' &&
      core::ToLower(pattern.substr(0, 1)) != core::ToLower(text.substr(0, 1))) {
    return false;
  }
  return Matches(pattern.substr(1), text.substr(1));
}

bool ActionMatches(const json::object& statement) {
  if (const json::value* action = statement.if_contains("Action")) {
    for (const std::string& pattern : Strings(*action)) {
      if (Matches(pattern, "sts:AssumeRole")) return true;
    }
    return false;
  }
  if (const json::value* not_action = statement.if_contains("NotAction")) {
    for (const std::string& pattern : Strings(*not_action)) {
      if (Matches(pattern, "sts:AssumeRole")) return false;
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

}  // namespace

bool TrustAllows(std::string_view document, const core::Caller& caller) {
  boost::system::error_code ec;
  const json::value policy = json::parse(document, ec);
  if (ec || !policy.is_object()) return false;
  const json::value* statements = policy.as_object().if_contains("Statement");
  if (!statements) return false;
  std::vector<const json::object*> list;
  if (statements->is_object()) list.push_back(&statements->as_object());
  if (statements->is_array()) {
    for (const json::value& s : statements->as_array()) {
      if (s.is_object()) list.push_back(&s.as_object());
    }
  }
  bool allowed = false;
  for (const json::object* statement : list) {
    if (!ActionMatches(*statement) || !PrincipalMatches(*statement, caller)) continue;
    const json::value* effect = statement->if_contains("Effect");
    if (!effect || !effect->is_string()) continue;
    if (effect->as_string() == "Deny") return false;
    if (effect->as_string() == "Allow") allowed = true;
  }
  return allowed;
}

}  // namespace nimbus::sts
