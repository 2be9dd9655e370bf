// The service role of a stack (RoleARN on CreateStack, UpdateStack, CreateChangeSet and
// DeleteStack, or the one the stack keeps): CloudFormation assumes it for the operation, so a
// role it cannot assume refuses the request at once, with AWS's recorded ValidationError
// "Role arn:<partition>:iam::<account>:role/<name> is invalid or cannot be assumed".
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html:
// the role must name cloudformation.amazonaws.com as the service that can assume it.
#include <string>

#include <boost/json/parse.hpp>

#include "cloudformation/stack_provider_internal.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/text.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

namespace {

constexpr std::string_view kCloudFormation = "cloudformation.amazonaws.com";

// `value` is `wanted`, or a list that holds it.
bool Names(const json::value* value, std::string_view wanted) {
  if (!value) return false;
  if (value->is_string()) return value->get_string() == wanted;
  if (!value->is_array()) return false;
  for (const json::value& item : value->get_array()) {
    if (item.is_string() && item.get_string() == wanted) return true;
  }
  return false;
}

// Whether a statement of the trust policy lets CloudFormation assume the role: Effect Allow, an
// action sts:AssumeRole (or sts:*, *), and a principal that is the CloudFormation service or
// anyone. Deny statements and conditions are not evaluated (nimbus's simplification).
bool TrustsCloudFormation(std::string_view encoded) {
  std::string text;
  if (!core::UrlDecode(encoded, &text, false)) return false;
  boost::system::error_code error;
  const json::value policy = json::parse(text, error);
  const json::object* root = error ? nullptr : policy.if_object();
  const json::value* statements = root ? root->if_contains("Statement") : nullptr;
  if (!statements) return false;
  const json::array list =
      statements->is_array() ? statements->get_array() : json::array{*statements};
  for (const json::value& entry : list) {
    const json::object* statement = entry.if_object();
    if (!statement || !Names(statement->if_contains("Effect"), "Allow")) continue;
    const json::value* action = statement->if_contains("Action");
    if (!Names(action, "sts:AssumeRole") && !Names(action, "sts:*") && !Names(action, "*")) {
      continue;
    }
    const json::value* principal = statement->if_contains("Principal");
    if (Names(principal, "*")) return true;
    const json::object* by_kind = principal ? principal->if_object() : nullptr;
    if (by_kind && (Names(by_kind->if_contains("Service"), kCloudFormation) ||
                    Names(by_kind->if_contains("AWS"), "*"))) {
      return true;
    }
  }
  return false;
}

}  // namespace

void CheckRoleArn(const core::RequestContext& ctx, const core::ServiceClient& services,
                  std::string_view role_arn) {
  if (role_arn.empty()) return;
  const std::string refused = "Role " + std::string(role_arn) + " is invalid or cannot be assumed";
  const std::optional<core::ParsedArn> arn = core::ParseArn(role_arn);
  if (!arn || arn->service != "iam" || !arn->region.empty() || arn->account.empty() ||
      !core::StartsWith(arn->resource, "role/")) {
    throw core::AwsError("ValidationError", refused, 400);
  }
  const std::string name = arn->resource.substr(arn->resource.rfind('/') + 1);
  // Asked as the role's account, as STS asks when a role is assumed.
  const core::Scope scope{.account = arn->account, .region = ctx.scope.region};
  const core::Caller account_root{.access_key_id = "",
                                  .account = arn->account,
                                  .arn = core::GlobalArn(scope, "iam", "root"),
                                  .user_id = arn->account};
  json::value found;
  try {
    found = services.Call(account_root, ctx.scope.region, "iam", "GetRole", {{"RoleName", name}});
  } catch (const core::AwsError& error) {
    if (error.code() != "NoSuchEntity") throw;
    throw core::AwsError("ValidationError", refused, 400);
  }
  const json::object& role = found.at("Role").as_object();
  if (role.at("Arn").as_string() != role_arn ||
      !TrustsCloudFormation(role.at("AssumeRolePolicyDocument").as_string())) {
    throw core::AwsError("ValidationError", refused, 400);
  }
}

}  // namespace nimbus::cloudformation::internal
