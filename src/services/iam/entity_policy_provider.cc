// Inline policies of users, roles and groups, and the managed policies attached to them: one
// implementation per operation, registered for each kind (PutUserPolicy, PutRolePolicy, ...).
#include <algorithm>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/iam/iam_internal.h"
#include "services/iam/iam_provider.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::MustFindEntity;

namespace {

// The member naming the entity: UserName, RoleName, GroupName.
std::string NameMember(std::string_view kind) {
  if (kind == kUser) return "UserName";
  if (kind == kRole) return "RoleName";
  return "GroupName";
}

// The quota on the inline policies of one entity, all documents together, without
// whitespace: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
size_t InlineQuota(std::string_view kind) {
  if (kind == kUser) return 2048;
  if (kind == kRole) return 10240;
  return 5120;
}

// The managed policies one entity may have attached (the default quota).
constexpr size_t kMaxAttached = 10;

std::string QuotaNoun(std::string_view kind) {
  if (kind == kUser) return "User";
  if (kind == kRole) return "Role";
  return "Group";
}

}  // namespace

json::value IamProvider::PutInline(const RequestContext& ctx, const json::object& in,
                                   std::string_view kind) {
  const std::string name = RequiredString(in, NameMember(kind));
  const std::string policy_name = RequiredString(in, "PolicyName");
  const std::string document = RequiredString(in, "PolicyDocument");
  store::Transaction tx = store_.Begin();
  const EntityRecord entity = MustFindEntity(store_, tx, ctx, kind, name);
  internal::CheckPolicyDocument(document, PolicyKind::kIdentity);
  size_t total = PolicySize(document);
  for (const auto& [other, text] : store_.ListInlinePolicies(tx, ctx.scope.account, kind, name)) {
    if (other != policy_name) total += PolicySize(text);
  }
  if (total > InlineQuota(kind)) {
    throw AwsError("LimitExceeded", "Maximum policy size of " + std::to_string(InlineQuota(kind)) +
                                        " bytes exceeded for " + std::string(kind) + " " +
                                        entity.name);
  }
  store_.PutInlinePolicy(tx, ctx.scope.account, kind, name, policy_name, document);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::GetInline(const RequestContext& ctx, const json::object& in,
                                   std::string_view kind) {
  const std::string member = NameMember(kind);
  const std::string name = RequiredString(in, member);
  const std::string policy_name = RequiredString(in, "PolicyName");
  store::Transaction tx = store_.Read();
  const EntityRecord entity = MustFindEntity(store_, tx, ctx, kind, name);
  const std::optional<std::string> document =
      store_.FindInlinePolicy(tx, ctx.scope.account, kind, name, policy_name);
  if (!document) {
    throw AwsError("NoSuchEntity", "The " + std::string(kind) + " policy with name " + policy_name +
                                       " cannot be found.");
  }
  return json::object{{member, entity.name},
                      {"PolicyName", policy_name},
                      {"PolicyDocument", internal::EncodeDocument(*document)}};
}

json::value IamProvider::ListInline(const RequestContext& ctx, const json::object& in,
                                    std::string_view kind) {
  const std::string name = RequiredString(in, NameMember(kind));
  store::Transaction tx = store_.Read();
  MustFindEntity(store_, tx, ctx, kind, name);
  json::array names;
  for (const auto& [policy_name, document] :
       store_.ListInlinePolicies(tx, ctx.scope.account, kind, name)) {
    names.emplace_back(policy_name);
  }
  json::object out;
  internal::PageInto(std::move(names), in, "List" + QuotaNoun(kind) + "Policies", "PolicyNames",
                     out);
  return out;
}

json::value IamProvider::DeleteInline(const RequestContext& ctx, const json::object& in,
                                      std::string_view kind) {
  const std::string name = RequiredString(in, NameMember(kind));
  const std::string policy_name = RequiredString(in, "PolicyName");
  store::Transaction tx = store_.Begin();
  MustFindEntity(store_, tx, ctx, kind, name);
  if (!store_.DeleteInlinePolicy(tx, ctx.scope.account, kind, name, policy_name)) {
    throw AwsError("NoSuchEntity", "The " + std::string(kind) + " policy with name " + policy_name +
                                       " cannot be found.");
  }
  tx.Commit();
  return json::object{};
}

json::value IamProvider::AttachPolicy(const RequestContext& ctx, const json::object& in,
                                      std::string_view kind) {
  const std::string name = RequiredString(in, NameMember(kind));
  const std::string arn = RequiredString(in, "PolicyArn");
  store::Transaction tx = store_.Begin();
  const EntityRecord entity = MustFindEntity(store_, tx, ctx, kind, name);
  if (!internal::ResolvePolicy(store_, tx, ctx, arn)) {
    throw AwsError("NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.");
  }
  const std::vector<std::string> attached =
      store_.AttachedPolicies(tx, ctx.scope.account, kind, name);
  if (attached.size() >= kMaxAttached &&
      std::find(attached.begin(), attached.end(), arn) == attached.end()) {
    throw AwsError("LimitExceeded",
                   "Cannot exceed quota for PoliciesPer" + QuotaNoun(kind) + ": 10");
  }
  store_.Attach(tx, ctx.scope.account,
                {.kind = std::string(kind), .entity_name = entity.name, .policy_arn = arn});
  tx.Commit();
  return json::object{};
}

json::value IamProvider::DetachPolicy(const RequestContext& ctx, const json::object& in,
                                      std::string_view kind) {
  const std::string name = RequiredString(in, NameMember(kind));
  const std::string arn = RequiredString(in, "PolicyArn");
  store::Transaction tx = store_.Begin();
  const EntityRecord entity = MustFindEntity(store_, tx, ctx, kind, name);
  if (!store_.Detach(tx, ctx.scope.account,
                     {.kind = std::string(kind), .entity_name = entity.name, .policy_arn = arn})) {
    throw AwsError("NoSuchEntity", "Policy " + arn + " was not found.");
  }
  tx.Commit();
  return json::object{};
}

json::value IamProvider::ListAttached(const RequestContext& ctx, const json::object& in,
                                      std::string_view kind) {
  const std::string name = RequiredString(in, NameMember(kind));
  const std::string path_prefix = StringOr(in, "PathPrefix", "/");
  store::Transaction tx = store_.Read();
  MustFindEntity(store_, tx, ctx, kind, name);
  json::array list;
  for (const std::string& arn : store_.AttachedPolicies(tx, ctx.scope.account, kind, name)) {
    const std::optional<ManagedPolicyRecord> policy = internal::ResolvePolicy(store_, tx, ctx, arn);
    if (!policy || !core::StartsWith(policy->path, path_prefix)) continue;
    list.push_back(json::object{{"PolicyName", policy->name}, {"PolicyArn", arn}});
  }
  json::object out;
  internal::PageInto(std::move(list), in, "ListAttached" + QuotaNoun(kind) + "Policies",
                     "AttachedPolicies", out);
  return out;
}

}  // namespace nimbus::iam
