#include "services/sts/sts_provider.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/sts/trust_policy.h"

namespace nimbus::sts {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct RoleArn {
  std::string account;
  std::string name;  // the last path segment
};

// arn:aws:iam::123456789012:role/path/Name, in any partition (arn:aws-cn:iam::...).
std::optional<RoleArn> ParseRoleArn(std::string_view text) {
  const std::optional<core::ParsedArn> arn = core::ParseArn(text);
  if (!arn || arn->service != "iam" || !arn->region.empty()) return std::nullopt;
  if (arn->account.size() != 12) return std::nullopt;
  for (const char c : arn->account) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  const std::string_view resource = arn->resource;
  if (resource.substr(0, 5) != "role/" || resource.size() == 5) return std::nullopt;
  const std::string_view name = resource.substr(resource.rfind('/') + 1);
  if (name.empty()) return std::nullopt;
  return RoleArn{arn->account, std::string(name)};
}

[[noreturn]] void InvalidTags(const std::string& message) {
  throw AwsError("InvalidParameterValue", message, 400);
}

// The request's Tags, keys unique without regard to case, as STS requires of session tags.
std::vector<std::pair<std::string, std::string>> ReadTags(const json::object& in) {
  std::vector<std::pair<std::string, std::string>> tags;
  std::set<std::string> seen;
  if (const json::array* list = core::protocol::OptArray(in, "Tags")) {
    for (const json::value& tag : *list) {
      const json::object& pair = tag.as_object();
      tags.emplace_back(RequiredString(pair, "Key"), RequiredString(pair, "Value"));
      if (!seen.insert(core::ToLower(tags.back().first)).second) {
        InvalidTags("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
    }
  }
  return tags;
}

bool HasKey(const std::vector<std::string>& keys, std::string_view key) {
  return std::any_of(keys.begin(), keys.end(),
                     [&](const std::string& k) { return core::EqualsIgnoreCase(k, key); });
}

// The session tags of an AssumeRole request checked as STS checks them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html), followed by the
// transitive tags of the calling session, which pass on to the new one.
SessionTags ReadSessionTags(const json::object& in, const SessionTags& calling) {
  SessionTags out{.tags = ReadTags(in),
                  .transitive_keys = core::protocol::StringList(in, "TransitiveTagKeys")};
  std::vector<std::string> requested;
  for (const auto& tag : out.tags) requested.push_back(tag.first);
  for (const std::string& key : out.transitive_keys) {
    if (!HasKey(requested, key)) {
      InvalidTags("The specified transitive tag key must be included in the requested tags.");
    }
  }
  for (const std::string& key : requested) {
    if (HasKey(calling.transitive_keys, key)) {
      InvalidTags(
          "One of the specified transitive tag keys can't be set because it conflicts with a "
          "transitive tag key from the calling session.");
    }
  }
  for (const auto& [key, value] : calling.tags) {
    if (HasKey(calling.transitive_keys, key)) out.tags.emplace_back(key, value);
  }
  for (const std::string& key : calling.transitive_keys) out.transitive_keys.push_back(key);
  return out;
}

// Whether the role's trust policy (URL-encoded, as IAM answers it) allows `caller`.
bool Trusts(const json::object& role, const core::Caller& caller) {
  const json::value* encoded = role.if_contains("AssumeRolePolicyDocument");
  std::string document;
  if (!encoded || !encoded->is_string() ||
      !core::UrlDecode(encoded->as_string(), &document, /*plus_is_space=*/false)) {
    return false;
  }
  return TrustAllows(document, caller);
}

}  // namespace

StsProvider::StsProvider(store::Database& db, core::IdGenerator& ids,
                         const core::ServiceClient& services, bool evaluate_trust)
    : ids_(ids), services_(services), evaluate_trust_(evaluate_trust), credentials_(db) {
  Register("GetCallerIdentity", &StsProvider::GetCallerIdentity);
  Register("AssumeRole", &StsProvider::AssumeRole);
  Register("GetSessionToken", &StsProvider::GetSessionToken);
  Register("GetAccessKeyInfo", &StsProvider::GetAccessKeyInfo);
  Register("GetFederationToken", &StsProvider::GetFederationToken);
  Register("AssumeRoleWithWebIdentity", &StsProvider::AssumeRoleWithWebIdentity);
  Register("AssumeRoleWithSAML", &StsProvider::AssumeRoleWithSAML);
  Register("DecodeAuthorizationMessage", &StsProvider::DecodeAuthorizationMessage);
}

json::value StsProvider::GetCallerIdentity(const RequestContext& ctx, const json::object&) {
  return json::object{{"UserId", ctx.caller.user_id},
                      {"Account", ctx.caller.account},
                      {"Arn", ctx.caller.arn}};
}

json::object StsProvider::Issue(const RequestContext& ctx, const std::string& account,
                                const std::string& arn, const std::string& user_id,
                                int64_t duration_seconds, const SessionTags& tags) {
  core::auth::KnownKey key{
      .access_key_id = "ASIA" + ids_.UpperAlnum(16),
      .secret_access_key = ids_.Random(40, kSecretAlphabet),
      .session_token = "IQoJb3JpZ2luX2VjE" + ids_.Random(340, kSecretAlphabet),
      .account = account,
      .arn = arn,
      .user_id = user_id,
      .expires_millis = ctx.now_millis + duration_seconds * 1000,
  };
  store::Transaction tx = credentials_.Begin();
  credentials_.Insert(tx, key, ctx.now_millis, tags);
  tx.Commit();
  return json::object{{"AccessKeyId", key.access_key_id},
                      {"SecretAccessKey", key.secret_access_key},
                      {"SessionToken", key.session_token},
                      {"Expiration", core::EpochSeconds(key.expires_millis)}};
}

std::optional<StsProvider::FoundRole> StsProvider::FindRole(const RequestContext& ctx,
                                                            const std::string& role_arn) const {
  const std::optional<RoleArn> role = ParseRoleArn(role_arn);
  if (!role) {
    throw AwsError("ValidationError", role_arn + " is invalid", 400);
  }
  // The role must exist in its account: IAM answers for it.
  const core::Caller account_root{
      .access_key_id = "",
      .account = role->account,
      .arn = core::GlobalArn({.account = role->account, .region = ctx.scope.region}, "iam", "root"),
      .user_id = role->account};
  json::value found;
  try {
    found = services_.Call(account_root, ctx.scope.region, "iam", "GetRole",
                           {{"RoleName", role->name}});
  } catch (const AwsError& error) {
    if (error.code() != "NoSuchEntity") throw;
  }
  const json::object* iam_role =
      found.is_object() ? found.as_object().at("Role").if_object() : nullptr;
  if (!iam_role || iam_role->at("Arn").as_string() != role_arn) return std::nullopt;
  return FoundRole{.arn = role_arn, .account = role->account, .name = role->name, .iam = *iam_role};
}

json::object StsProvider::IssueRoleSession(const RequestContext& ctx, const FoundRole& role,
                                           const std::string& session, int64_t duration,
                                           const SessionTags& tags) {
  if (duration > role.iam.at("MaxSessionDuration").to_number<int64_t>()) {
    throw AwsError("ValidationError",
                   "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                   400);
  }
  const std::string role_id(role.iam.at("RoleId").as_string());
  const std::string assumed_arn =
      core::GlobalArn({.account = role.account, .region = ctx.scope.region}, "sts",
                      "assumed-role/" + role.name + "/" + session);
  const std::string user_id = role_id + ":" + session;
  return json::object{
      {"Credentials", Issue(ctx, role.account, assumed_arn, user_id, duration, tags)},
      {"AssumedRoleUser", json::object{{"AssumedRoleId", user_id}, {"Arn", assumed_arn}}}};
}

json::value StsProvider::AssumeRole(const RequestContext& ctx, const json::object& in) {
  const std::string role_arn = RequiredString(in, "RoleArn");
  const std::string session = RequiredString(in, "RoleSessionName");
  const int64_t duration = IntOr(in, "DurationSeconds", 3600);
  const SessionTags tags = ReadSessionTags(in, credentials_.TagsOf(ctx.caller.access_key_id));
  const std::optional<FoundRole> role = FindRole(ctx, role_arn);
  // AWS does not tell a missing role from one that does not trust the caller; both are this
  // AccessDenied.
  if (!role || (evaluate_trust_ && !Trusts(role->iam, ctx.caller))) {
    throw AwsError("AccessDenied",
                   "User: " + ctx.caller.arn +
                       " is not authorized to perform: sts:AssumeRole on "
                       "resource: " +
                       role_arn,
                   403);
  }
  json::object out = IssueRoleSession(ctx, *role, session, duration, tags);
  if (OptString(in, "Policy") || in.contains("Tags") || in.contains("PolicyArns")) {
    out["PackedPolicySize"] = 6;
  }
  if (auto source = OptString(in, "SourceIdentity")) {
    out["SourceIdentity"] = *source;
  }
  return out;
}

json::value StsProvider::GetSessionToken(const RequestContext& ctx, const json::object& in) {
  if (ctx.caller.temporary) {
    throw AwsError("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
  }
  const int64_t duration = IntOr(in, "DurationSeconds", 43200);
  return json::object{
      {"Credentials", Issue(ctx, ctx.caller.account, ctx.caller.arn, ctx.caller.user_id, duration)}};
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
json::value StsProvider::GetFederationToken(const RequestContext& ctx, const json::object& in) {
  if (ctx.caller.temporary) {
    throw AwsError("AccessDenied", "Cannot call GetFederationToken with session credentials", 403);
  }
  const std::string name = RequiredString(in, "Name");
  const SessionTags tags{.tags = ReadTags(in)};
  int64_t duration = IntOr(in, "DurationSeconds", 43200);
  // "Sessions obtained using root user credentials are restricted to a maximum of 3,600
  // seconds": a longer request is shortened, not refused.
  if (ctx.caller.user_id == ctx.caller.account) {  // the root user
    duration = std::min<int64_t>(duration, 3600);
  }
  const std::string arn = core::GlobalArn(
      {.account = ctx.caller.account, .region = ctx.scope.region}, "sts", "federated-user/" + name);
  const std::string user_id = ctx.caller.account + ":" + name;
  json::object out{{"Credentials", Issue(ctx, ctx.caller.account, arn, user_id, duration, tags)},
                   {"FederatedUser", json::object{{"FederatedUserId", user_id}, {"Arn", arn}}}};
  if (OptString(in, "Policy") || in.contains("Tags") || in.contains("PolicyArns")) {
    out["PackedPolicySize"] = 6;
  }
  return out;
}

json::value StsProvider::GetAccessKeyInfo(const RequestContext& ctx, const json::object& in) {
  const std::string key_id = RequiredString(in, "AccessKeyId");
  const std::optional<core::auth::KnownKey> known = credentials_.FindKey(key_id);
  const core::Caller owner =
      core::auth::ResolveCaller(key_id, known, ctx.caller.account, ctx.scope.region);
  return json::object{{"Account", owner.account}};
}

}  // namespace nimbus::sts
