#include "services/iam/policy_document.h"

#include <array>
#include <cctype>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace nimbus::iam {

namespace json = boost::json;

namespace {

// Messages as IAM writes them; README.md lists which were seen in real answers.
constexpr std::string_view kSyntaxErrors = "Syntax errors in policy.";
constexpr std::string_view kLegacyParsing = "The policy failed legacy parsing";

bool IsStringOrStrings(const json::value& value) {
  if (value.is_string()) return true;
  if (!value.is_array()) return false;
  for (const json::value& item : value.as_array()) {
    if (!item.is_string()) return false;
  }
  return true;
}

// "*" or "<vendor>:<action pattern>": IAM refuses an action without a vendor prefix.
bool IsActionPattern(std::string_view action) {
  if (action == "*") return true;
  const size_t colon = action.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == action.size()) return false;
  for (const char c : action.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

std::optional<std::string> ActionProblem(const json::value& actions) {
  if (!IsStringOrStrings(actions)) return std::string(kSyntaxErrors);
  auto check = [](const json::value& item) -> bool { return IsActionPattern(item.as_string()); };
  bool ok = true;
  if (actions.is_string()) {
    ok = check(actions);
  } else {
    for (const json::value& item : actions.as_array()) ok = ok && check(item);
  }
  if (!ok)
    return std::string(
        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  return std::nullopt;
}

// "*" or {"AWS"|"Service"|"Federated"|"CanonicalUser": string or strings}. IAM names the
// offending entry after the message (`Invalid principal in policy: "AWS":"arn:..."`, seen in
// real answers); nimbus does so for an entry of an unknown type.
std::optional<std::string> PrincipalProblem(const json::value& principal) {
  constexpr std::string_view kInvalid = "Invalid principal in policy";
  if (principal.is_string()) {
    if (principal.as_string() == "*") return std::nullopt;
    return std::string(kInvalid);
  }
  if (!principal.is_object() || principal.as_object().empty()) return std::string(kInvalid);
  static constexpr std::array<std::string_view, 4> kTypes = {"AWS", "Service", "Federated",
                                                             "CanonicalUser"};
  for (const auto& [type, value] : principal.as_object()) {
    if (!IsStringOrStrings(value)) return std::string(kInvalid);
    bool known = false;
    for (std::string_view k : kTypes) known = known || type == k;
    if (known) continue;
    const json::value& first =
        value.is_string() || value.as_array().empty() ? value : value.as_array().front();
    return std::string(kInvalid) + ": \"" + std::string(type) +
           "\":" + (first.is_string() ? "\"" + std::string(first.as_string()) + "\"" : "[]");
  }
  return std::nullopt;
}

std::optional<std::string> StatementProblem(const json::value& value, PolicyKind kind) {
  if (!value.is_object()) return std::string(kSyntaxErrors);
  const json::object& statement = value.as_object();
  static constexpr std::array<std::string_view, 9> kFields = {
      "Sid",         "Effect",    "Action",       "NotAction", "Resource",
      "NotResource", "Principal", "NotPrincipal", "Condition"};
  for (const auto& [field, member] : statement) {
    bool known = false;
    for (std::string_view f : kFields) known = known || field == f;
    if (!known) return std::string(kSyntaxErrors);
  }
  const json::value* effect = statement.if_contains("Effect");
  if (!effect) return std::string("Missing required field Effect");
  if (!effect->is_string() || (effect->as_string() != "Allow" && effect->as_string() != "Deny")) {
    return std::string(kSyntaxErrors);
  }
  const json::value* action = statement.if_contains("Action");
  const json::value* not_action = statement.if_contains("NotAction");
  if (action && not_action) return std::string(kSyntaxErrors);
  if (!action && !not_action) {
    return std::string(kind == PolicyKind::kTrust ? "Missing required field Action"
                                                  : "Policy statement must contain actions.");
  }
  if (auto problem = ActionProblem(action ? *action : *not_action)) return problem;

  const json::value* resource = statement.if_contains("Resource");
  const json::value* not_resource = statement.if_contains("NotResource");
  const json::value* principal = statement.if_contains("Principal");
  const json::value* not_principal = statement.if_contains("NotPrincipal");
  if (kind == PolicyKind::kTrust) {
    if (resource) return std::string("Has prohibited field Resource");
    if (not_resource) return std::string("Has prohibited field NotResource");
    if (!principal && !not_principal) return std::string("Missing required field Principal");
    if (auto problem = PrincipalProblem(principal ? *principal : *not_principal)) return problem;
  } else {
    if (principal || not_principal) {
      return std::string("Policy document should not specify a principal.");
    }
    if (resource && not_resource) return std::string(kSyntaxErrors);
    if (!resource && !not_resource) return std::string("Policy statement must contain resources.");
    if (!IsStringOrStrings(resource ? *resource : *not_resource)) {
      return std::string(kSyntaxErrors);
    }
  }
  if (const json::value* condition = statement.if_contains("Condition")) {
    if (!condition->is_object()) return std::string(kSyntaxErrors);
  }
  if (const json::value* sid = statement.if_contains("Sid")) {
    if (!sid->is_string()) return std::string(kSyntaxErrors);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> PolicyDocumentProblem(std::string_view document, PolicyKind kind) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(document, ec);
  if (ec || !parsed.is_object()) return std::string(kSyntaxErrors);
  const json::object& policy = parsed.as_object();
  for (const auto& [field, value] : policy) {
    if (field != "Version" && field != "Id" && field != "Statement") {
      return std::string(kSyntaxErrors);
    }
  }
  if (const json::value* version = policy.if_contains("Version")) {
    if (!version->is_string() ||
        (version->as_string() != "2012-10-17" && version->as_string() != "2008-10-17")) {
      return std::string(kLegacyParsing);
    }
  }
  const json::value* statements = policy.if_contains("Statement");
  if (!statements) return std::string(kSyntaxErrors);
  if (statements->is_array()) {
    for (const json::value& statement : statements->as_array()) {
      if (auto problem = StatementProblem(statement, kind)) return problem;
    }
    return std::nullopt;
  }
  return StatementProblem(*statements, kind);
}

size_t PolicySize(std::string_view document) {
  size_t size = 0;
  for (const char c : document) {
    if (!std::isspace(static_cast<unsigned char>(c))) ++size;
  }
  return size;
}

}  // namespace nimbus::iam
