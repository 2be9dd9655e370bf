#include "services/s3/s3_bucket_policy.h"

#include <cctype>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/text.h"

namespace nimbus::s3::internal {

namespace json = boost::json;
using core::AwsError;

namespace {

[[noreturn]] void Malformed(const std::string& message) {
  throw AwsError("MalformedPolicy", message);
}

// A policy element that is one string or an array of strings, as a list; throws `message` for
// any other shape.
std::vector<std::string> Strings(const json::value& value, const std::string& message) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.emplace_back(value.get_string());
    return out;
  }
  if (!value.is_array() || value.get_array().empty()) Malformed(message);
  for (const json::value& item : value.get_array()) {
    if (!item.is_string()) Malformed(message);
    out.emplace_back(item.get_string());
  }
  return out;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// An AWS principal: "*", an account id, an IAM ARN of an account (root, user, role, ...), or
// the unique id of a user or role (AIDA..., AROA...), which is how S3 shows a deleted one's.
bool ValidAwsPrincipal(std::string_view principal) {
  if (principal == "*" || (principal.size() == 12 && AllDigits(principal))) return true;
  if ((principal.starts_with("AIDA") || principal.starts_with("AROA")) && principal.size() > 16) {
    return true;
  }
  const std::optional<core::ParsedArn> arn = core::ParseArn(principal);
  if (!arn) return false;
  if (arn->service == "sts") return arn->resource.starts_with("assumed-role/");
  if (arn->service != "iam" || !arn->region.empty() || arn->account.size() != 12 ||
      !AllDigits(arn->account)) {
    return false;
  }
  for (std::string_view kind : {"root", "user/", "role/", "group/"}) {
    if (arn->resource == kind || (kind.back() == '/' && arn->resource.starts_with(kind))) {
      return true;
    }
  }
  return false;
}

void CheckPrincipal(const json::value& principal) {
  const std::string invalid = "Invalid principal in policy";
  if (principal.is_string()) {
    if (principal.get_string() != "*") Malformed(invalid);
    return;
  }
  if (!principal.is_object() || principal.get_object().empty()) Malformed(invalid);
  for (const auto& [kind, value] : principal.get_object()) {
    const std::vector<std::string> names = Strings(value, invalid);
    for (const std::string& name : names) {
      if (kind == "AWS") {
        if (!ValidAwsPrincipal(name)) Malformed(invalid);
      } else if (kind == "Service") {
        if (name.empty() || name.find('.') == std::string::npos) Malformed(invalid);
      } else if (kind == "CanonicalUser") {
        if (name.size() != 64) Malformed(invalid);
      } else if (kind != "Federated") {
        Malformed(invalid);
      }
    }
  }
}

// An S3 action ("s3:GetObject", "s3:Get*", "s3:*") or "*".
void CheckActions(const json::value& actions) {
  const std::string invalid = "Policy has invalid action";
  for (const std::string& action : Strings(actions, invalid)) {
    if (action == "*") continue;
    if (!core::StartsWith(action, "s3:") || action.size() == 3) Malformed(invalid);
    for (const char c : action.substr(3)) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '*' && c != '?') {
        Malformed(invalid);
      }
    }
  }
}

// The bucket's ARN, or an object ARN under it ("arn:aws:s3:::b/*"); S3 refuses other buckets.
void CheckResources(const json::value& resources, std::string_view bucket,
                    std::string_view region) {
  const std::string invalid = "Policy has invalid resource";
  const std::string arn = "arn:" + core::PartitionOf(region).id + ":s3:::" + std::string(bucket);
  for (const std::string& resource : Strings(resources, invalid)) {
    if (resource != arn && !core::StartsWith(resource, arn + "/")) Malformed(invalid);
  }
}

void CheckStatement(const json::value& statement, std::string_view bucket,
                    std::string_view region) {
  if (!statement.is_object()) Malformed("This policy contains invalid Json");
  const json::object& s = statement.get_object();
  const json::value* effect = s.if_contains("Effect");
  if (!effect) Malformed("Missing required field Effect");
  if (!effect->is_string() || (effect->get_string() != "Allow" && effect->get_string() != "Deny")) {
    Malformed("Invalid effect: " + (effect->is_string() ? std::string(effect->get_string())
                                                         : std::string()));
  }
  const json::value* principal = s.if_contains("Principal");
  const json::value* not_principal = s.if_contains("NotPrincipal");
  if (!principal && !not_principal) Malformed("Missing required field Principal");
  CheckPrincipal(principal ? *principal : *not_principal);
  const json::value* action = s.if_contains("Action");
  const json::value* not_action = s.if_contains("NotAction");
  if (!action && !not_action) Malformed("Missing required field Action");
  CheckActions(action ? *action : *not_action);
  const json::value* resource = s.if_contains("Resource");
  const json::value* not_resource = s.if_contains("NotResource");
  if (!resource && !not_resource) Malformed("Missing required field Resource");
  CheckResources(resource ? *resource : *not_resource, bucket, region);
}

}  // namespace

json::object CheckedBucketPolicy(std::string_view text, std::string_view bucket,
                                 std::string_view region) {
  if (text.empty() || text.front() != '{') {
    Malformed("Policies must be valid JSON and the first byte must be '{'");
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) Malformed("This policy contains invalid Json");
  json::object& policy = parsed.as_object();
  if (const json::value* version = policy.if_contains("Version")) {
    if (*version != "2012-10-17" && *version != "2008-10-17") {
      Malformed("The policy must contain a valid version string");
    }
  }
  const json::value* statements = policy.if_contains("Statement");
  if (!statements) Malformed("Missing required field Statement");
  if (statements->is_object()) {
    CheckStatement(*statements, bucket, region);
  } else if (!statements->is_array() || statements->get_array().empty()) {
    Malformed("Could not parse the policy: Statement is empty!");
  } else {
    for (const json::value& statement : statements->get_array()) {
      CheckStatement(statement, bucket, region);
    }
  }
  return std::move(policy);
}

bool PolicyIsPublic(const json::object& policy) {
  const json::value* statements = policy.if_contains("Statement");
  if (!statements) return false;
  const auto is_public = [](const json::value& statement) {
    if (!statement.is_object()) return false;
    const json::object& s = statement.get_object();
    if (s.if_contains("Effect") == nullptr || s.at("Effect") != "Allow" || s.contains("Condition")) {
      return false;
    }
    const json::value* principal = s.if_contains("Principal");
    if (!principal) return false;
    if (principal->is_string()) return principal->get_string() == "*";
    const json::value* aws = principal->is_object() ? principal->get_object().if_contains("AWS")
                                                     : nullptr;
    if (!aws) return false;
    if (aws->is_string()) return aws->get_string() == "*";
    if (!aws->is_array()) return false;
    for (const json::value& name : aws->get_array()) {
      if (name == "*") return true;
    }
    return false;
  };
  if (statements->is_object()) return is_public(*statements);
  if (!statements->is_array()) return false;
  for (const json::value& statement : statements->get_array()) {
    if (is_public(statement)) return true;
  }
  return false;
}

}  // namespace nimbus::s3::internal
