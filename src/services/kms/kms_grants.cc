// KmsProvider's grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant.
// nimbus evaluates no key policy, so within the key's account a grant changes nothing; a grant
// to a principal of another account lets that principal use the key by its ARN for the grant's
// operations (Resolve in kms_provider.cc), when the request's encryption context meets the
// grant's constraints (GrantAllows).
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/kms/key_rules.h"
#include "services/kms/kms_provider.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using core::protocol::StringMap;
using core::protocol::StringOr;
using internal::CheckNotPendingDeletion;
using internal::KeyArn;
using internal::kSymmetric;
using internal::NotFound;

namespace {

constexpr std::string_view kTokenPrefix = "nimbus-grant";

[[noreturn]] void DryRunSucceeded() {
  throw AwsError("DryRunOperationException",
                 "The request would have succeeded, but the DryRun option is set.");
}

// The grant an issued token stands for: the key's account and region, and the grant id.
struct TokenParts {
  core::Scope scope;
  std::string grant_id;
};

std::string IssueToken(const core::Scope& scope, std::string_view grant_id,
                       std::string_view nonce) {
  return core::Base64Encode(std::string(kTokenPrefix) + "|" + scope.account + "|" + scope.region +
                            "|" + std::string(grant_id) + "|" + std::string(nonce));
}

std::optional<TokenParts> ReadToken(std::string_view token) {
  std::string text;
  if (!core::Base64Decode(std::string(token), &text)) return std::nullopt;
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t bar = text.find('|'); bar != std::string::npos; bar = text.find('|', start)) {
    parts.push_back(text.substr(start, bar - start));
    start = bar + 1;
  }
  parts.push_back(text.substr(start));
  if (parts.size() != 5 || parts[0] != kTokenPrefix) return std::nullopt;
  return TokenParts{.scope = {.account = parts[1], .region = parts[2]}, .grant_id = parts[3]};
}

[[noreturn]] void InvalidToken() {
  throw AwsError("InvalidGrantTokenException", "Invalid grant token");
}

void CheckTokens(const json::object& in) {
  for (const std::string& token : StringList(in, "GrantTokens")) {
    if (!ReadToken(token)) InvalidToken();
  }
}

bool IsGrantId(std::string_view id) { return id.size() == 64 && core::IsHex(id); }

void CheckGrantId(std::string_view id) {
  if (!IsGrantId(id))
    throw AwsError("InvalidGrantIdException", "Invalid grant ID " + std::string(id));
}

// The operations a grant may allow on a key of this usage and spec (CreateGrant API reference:
// "you cannot create a grant for a symmetric encryption KMS key that allows the Sign
// operation").
bool OperationFits(const KeyRecord& key, std::string_view op) {
  if (op == "CreateGrant" || op == "RetireGrant" || op == "DescribeKey") return true;
  const std::string& usage = key.key_usage;
  if (usage == "ENCRYPT_DECRYPT") {
    const bool symmetric = key.key_spec == kSymmetric;
    if (op == "Encrypt" || op == "Decrypt" || op == "ReEncryptFrom" || op == "ReEncryptTo") {
      return true;
    }
    if (core::StartsWith(op, "GenerateDataKey")) return symmetric;
    return op == "GetPublicKey" && !symmetric;
  }
  if (usage == "SIGN_VERIFY") return op == "Sign" || op == "Verify" || op == "GetPublicKey";
  if (usage == "GENERATE_VERIFY_MAC") return op == "GenerateMac" || op == "VerifyMac";
  if (usage == "KEY_AGREEMENT") return op == "DeriveSharedSecret" || op == "GetPublicKey";
  return false;
}

json::object GrantJson(const GrantRecord& grant, std::string_view region) {
  const core::Scope scope{.account = grant.account, .region = std::string(region)};
  json::object out{{"KeyId", KeyArn(scope, grant.key_id)}, {"GrantId", grant.grant_id}};
  if (!grant.name.empty()) out["Name"] = grant.name;
  out["CreationDate"] = EpochSeconds(grant.created_millis);
  out["GranteePrincipal"] = grant.grantee;
  if (grant.retiring) out["RetiringPrincipal"] = *grant.retiring;
  out["IssuingAccount"] = grant.issuing_account;
  json::array operations;
  for (const std::string& op : grant.operations) operations.emplace_back(op);
  out["Operations"] = std::move(operations);
  if (grant.constraints) out["Constraints"] = json::parse(*grant.constraints);
  return out;
}

int64_t MarkerPosition(const json::object& in, std::string_view kind) {
  const std::optional<std::string> position = services::ReadPageToken(in, "Marker", kind);
  int64_t after = 0;
  if (position && !position->empty()) {
    const char* end = position->data() + position->size();
    const auto [ptr, ec] = std::from_chars(position->data(), end, after);
    if (ec == std::errc() && ptr == end) return after;
  }
  if (!position || !position->empty()) {
    throw AwsError("InvalidMarkerException", "Invalid marker: " + StringOr(in, "Marker", ""));
  }
  return 0;
}

json::object GrantPage(std::vector<GrantRecord> grants, int64_t limit, std::string_view kind,
                       std::string_view region) {
  const bool truncated = services::TrimPage(grants, limit);
  json::array list;
  for (const GrantRecord& grant : grants) list.push_back(GrantJson(grant, region));
  json::object out{{"Grants", std::move(list)}, {"Truncated", truncated}};
  if (truncated) {
    out["NextMarker"] = services::EncodePageToken(kind, std::to_string(grants.back().seq));
  }
  return out;
}

// Grant constraint keys match without regard to case, values exactly (GrantConstraints API
// reference).
const std::string* ContextValue(const std::map<std::string, std::string>& context,
                                std::string_view key) {
  for (const auto& [name, value] : context) {
    if (core::EqualsIgnoreCase(name, key)) return &value;
  }
  return nullptr;
}

bool ContainsAll(const json::object& pairs, const std::map<std::string, std::string>& context) {
  for (const auto& [key, value] : pairs) {
    const std::string* found = ContextValue(context, key);
    if (!found || !value.is_string() || *found != value.as_string()) return false;
  }
  return true;
}

// Whether a request's encryption context meets a grant's constraints: all the pairs of
// EncryptionContextSubset, and exactly the pairs of EncryptionContextEquals.
bool ContextMeets(const json::object& constraints,
                  const std::map<std::string, std::string>& context) {
  if (const json::value* subset = constraints.if_contains("EncryptionContextSubset");
      subset && subset->is_object() && !ContainsAll(subset->as_object(), context)) {
    return false;
  }
  if (const json::value* equals = constraints.if_contains("EncryptionContextEquals");
      equals && equals->is_object() &&
      (equals->as_object().size() != context.size() ||
       !ContainsAll(equals->as_object(), context))) {
    return false;
  }
  return true;
}

// Whether the constraints `child` (a GrantConstraints object, JSON) are equally strict or
// stricter than `parent`: the same EncryptionContextEquals, and EncryptionContextSubset pairs
// that the child's Subset or Equals also holds.
bool AtLeastAsStrict(const std::optional<std::string>& child, const std::string& parent) {
  const json::object parent_constraints = json::parse(parent).as_object();
  std::map<std::string, std::string> child_subset;
  std::optional<std::map<std::string, std::string>> child_equals;
  if (child) {
    const json::object constraints = json::parse(*child).as_object();
    child_subset = StringMap(constraints, "EncryptionContextSubset");
    if (constraints.contains("EncryptionContextEquals")) {
      child_equals = StringMap(constraints, "EncryptionContextEquals");
    }
  }
  if (const json::value* equals = parent_constraints.if_contains("EncryptionContextEquals");
      equals && equals->is_object() &&
      (!child_equals || !ContextMeets({{"EncryptionContextEquals", *equals}}, *child_equals))) {
    return false;
  }
  if (const json::value* subset = parent_constraints.if_contains("EncryptionContextSubset");
      subset && subset->is_object() && !ContainsAll(subset->as_object(), child_subset) &&
      !(child_equals && ContainsAll(subset->as_object(), *child_equals))) {
    return false;
  }
  return true;
}

// The principals a grant to the caller may name: the caller, its account's root, and for an
// assumed-role session ("arn:...:sts::<a>:assumed-role/<role>/<session>") its role.
std::vector<std::string> GranteesOf(const RequestContext& ctx) {
  const core::Scope caller_scope{.account = ctx.caller.account, .region = ctx.scope.region};
  std::vector<std::string> grantees{ctx.caller.arn, core::GlobalArn(caller_scope, "iam", "root")};
  const std::optional<core::ParsedArn> caller = core::ParseArn(ctx.caller.arn);
  if (caller && core::StartsWith(caller->resource, "assumed-role/")) {
    const std::string_view rest = std::string_view(caller->resource).substr(13);
    grantees.push_back(core::GlobalArn(caller_scope, "iam",
                                       "role/" + std::string(rest.substr(0, rest.find('/')))));
  }
  return grantees;
}

[[noreturn]] void NotAuthorized(const RequestContext& ctx, std::string_view operation,
                                const KeyRecord& key) {
  const std::string action = "kms:" + std::string(operation);
  throw AwsError("AccessDeniedException",
                 "User: " + ctx.caller.arn + " is not authorized to perform: " + action +
                     " on resource: " + key.arn + " because no resource-based policy allows the " +
                     action + " action",
                 400);
}

// Same grant: the parameters CreateGrant compares for an idempotent retry with a Name.
bool SameGrant(const GrantRecord& a, const GrantRecord& b) {
  return a.grantee == b.grantee && a.retiring == b.retiring && a.operations == b.operations &&
         a.constraints == b.constraints;
}

}  // namespace

core::Scope KmsProvider::KeyScope(const RequestContext& ctx, const KeyRecord& key) const {
  const std::optional<core::ParsedArn> arn = core::ParseArn(key.arn);
  if (!arn) return ctx.scope;
  return core::Scope{.account = arn->account, .region = arn->region};
}

GrantUse KmsProvider::ReadGrantUse(const json::object& in, std::string_view operation,
                                   std::string_view context_member) {
  CheckTokens(in);
  GrantUse use{.operation = std::string(operation), .tokens = StringList(in, "GrantTokens")};
  if (!context_member.empty()) use.context = StringMap(in, context_member);
  return use;
}

bool KmsProvider::GrantAllows(store::Transaction& tx, const RequestContext& ctx,
                              const core::Scope& key_scope, const KeyRecord& key,
                              const GrantUse* use) {
  const std::vector<std::string> grantees = GranteesOf(ctx);
  std::vector<std::string> operations{use ? use->operation : ctx.operation};
  if (!use && ctx.operation == "ReEncrypt") operations = {"ReEncryptFrom", "ReEncryptTo"};
  // Grants take effect at once here (AWS: eventually), so a grant token adds no grant the
  // store does not hold; its form was checked by ReadGrantUse.
  // Encryption context constraints apply only to operations that take a context, that is, to
  // symmetric keys (GrantConstraints API reference).
  const bool constrained = use && use->context && key.key_spec == kSymmetric;
  bool denied = false;
  for (const std::string& op : operations) {
    for (const GrantRecord& grant : grants_.Allowing(tx, key_scope, key.key_id, grantees, op)) {
      if (!constrained || !grant.constraints ||
          ContextMeets(json::parse(*grant.constraints).as_object(), *use->context)) {
        return true;
      }
      denied = true;
    }
  }
  if (denied) NotAuthorized(ctx, operations.front(), key);
  return false;
}

std::optional<KeyRecord> KmsProvider::GrantedKey(store::Transaction& tx, const RequestContext& ctx,
                                                 std::string_view key_id, const GrantUse& use) {
  for (const std::string& account :
       grants_.AccountsGranting(tx, ctx.scope.region, key_id, GranteesOf(ctx))) {
    const core::Scope owner{.account = account, .region = ctx.scope.region};
    std::optional<KeyRecord> key = store_.FindKey(tx, owner, key_id);
    if (key && GrantAllows(tx, ctx, owner, *key, &use)) return key;
  }
  return std::nullopt;
}

json::value KmsProvider::CreateGrant(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  CheckNotPendingDeletion(key);
  CheckTokens(in);
  const core::Scope scope = KeyScope(ctx, key);
  GrantRecord grant{.account = scope.account,
                    .key_id = key.key_id,
                    .name = StringOr(in, "Name", ""),
                    .grantee = RequiredString(in, "GranteePrincipal"),
                    .retiring = OptString(in, "RetiringPrincipal"),
                    .operations = StringList(in, "Operations"),
                    .issuing_account = core::GlobalArn(
                        {.account = ctx.caller.account, .region = ctx.scope.region}, "iam", "root"),
                    .created_millis = ctx.now_millis};
  if (grant.operations.empty()) {
    core::ValidationFailed("Grant operations must not be empty.");
  }
  for (const std::string& op : grant.operations) {
    if (!OperationFits(key, op)) {
      core::ValidationFailed("Grant operations " + op + " are not valid for key " + key.arn +
                             " with key usage " + key.key_usage + " and key spec " + key.key_spec +
                             ".");
    }
  }
  if (const auto it = in.find("Constraints"); it != in.end() && it->value().is_object()) {
    grant.constraints = json::serialize(it->value());
  }
  if (scope.account != ctx.caller.account) {
    // Through a grant with constraints, only a grant equally or more constrained (CreateGrant
    // API reference, Constraints).
    bool allowed = false;
    for (const GrantRecord& parent :
         grants_.Allowing(tx, scope, key.key_id, GranteesOf(ctx), "CreateGrant")) {
      allowed = allowed || !parent.constraints ||
                AtLeastAsStrict(grant.constraints, *parent.constraints);
    }
    if (!allowed) NotAuthorized(ctx, "CreateGrant", key);
  }
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  if (!grant.name.empty()) {
    // A retry with the same name and parameters is the same grant (CreateGrant API reference).
    const std::optional<GrantRecord> existing =
        grants_.FindByName(tx, scope, key.key_id, grant.name);
    if (existing && SameGrant(*existing, grant)) {
      return json::object{{"GrantToken", existing->token}, {"GrantId", existing->grant_id}};
    }
  }
  grant.grant_id = rt_.ids.Hex(64);
  grant.token = IssueToken(scope, grant.grant_id, rt_.ids.Hex(32));
  grants_.Insert(tx, scope, grant);
  tx.Commit();
  return json::object{{"GrantToken", grant.token}, {"GrantId", grant.grant_id}};
}

json::value KmsProvider::ListGrants(const RequestContext& ctx, const json::object& in) {
  const int64_t limit = core::protocol::IntOr(in, "Limit", 50);
  const int64_t after = MarkerPosition(in, "ListGrants");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  const core::Scope scope = KeyScope(ctx, key);
  const std::optional<std::string> grant_id = OptString(in, "GrantId");
  if (grant_id) CheckGrantId(*grant_id);
  const std::optional<std::string> grantee = OptString(in, "GranteePrincipal");
  std::vector<GrantRecord> page;
  int64_t position = after;
  // Filters apply before the page is cut, so a filtered page still holds `limit` grants.
  while (static_cast<int64_t>(page.size()) <= limit) {
    std::vector<GrantRecord> rows = grants_.ListForKey(tx, scope, key.key_id, position, 100);
    if (rows.empty()) break;
    position = rows.back().seq;
    for (GrantRecord& grant : rows) {
      if (grant_id && grant.grant_id != *grant_id) continue;
      if (grantee && grant.grantee != *grantee) continue;
      page.push_back(std::move(grant));
    }
  }
  tx.Commit();
  if (static_cast<int64_t>(page.size()) > limit + 1) page.resize(static_cast<size_t>(limit + 1));
  return GrantPage(std::move(page), limit, "ListGrants", scope.region);
}

json::value KmsProvider::ListRetirableGrants(const RequestContext& ctx, const json::object& in) {
  const int64_t limit = core::protocol::IntOr(in, "Limit", 50);
  const int64_t after = MarkerPosition(in, "ListRetirableGrants");
  const std::string retiring = RequiredString(in, "RetiringPrincipal");
  store::Transaction tx = store_.Begin();
  std::vector<GrantRecord> grants =
      grants_.ListRetirable(tx, ctx.scope.region, retiring, after, limit + 1);
  tx.Commit();
  return GrantPage(std::move(grants), limit, "ListRetirableGrants", ctx.scope.region);
}

json::value KmsProvider::RetireGrant(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> token = OptString(in, "GrantToken");
  const std::optional<std::string> key_ref = OptString(in, "KeyId");
  const std::optional<std::string> grant_id = OptString(in, "GrantId");
  store::Transaction tx = store_.Begin();
  core::Scope scope = ctx.scope;
  std::string id;
  if (token) {
    const std::optional<TokenParts> parts = ReadToken(*token);
    if (!parts) InvalidToken();
    scope = parts->scope;
    id = parts->grant_id;
  } else {
    if (!key_ref || !grant_id) {
      core::ValidationFailed("Either GrantToken, or both KeyId and GrantId, must be specified.");
    }
    const KeyRecord key = Resolve(tx, ctx, *key_ref, false, false);
    CheckGrantId(*grant_id);
    scope = KeyScope(ctx, key);
    id = *grant_id;
  }
  const std::optional<GrantRecord> grant = grants_.Find(tx, scope, id);
  if (!grant) NotFound("Grant ID " + id + " not found");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  grants_.Delete(tx, scope, id);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::RevokeGrant(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  const std::string grant_id = RequiredString(in, "GrantId");
  CheckGrantId(grant_id);
  const core::Scope scope = KeyScope(ctx, key);
  const std::optional<GrantRecord> grant = grants_.Find(tx, scope, grant_id);
  if (!grant || grant->key_id != key.key_id) NotFound("Grant ID " + grant_id + " not found");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  grants_.Delete(tx, scope, grant_id);
  tx.Commit();
  return json::object{};
}

}  // namespace nimbus::kms
