// Managed policies (customer managed and the AWS managed table), their versions, and the
// listing of the entities they are attached to.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/iam/aws_managed_policies.h"
#include "services/iam/iam_internal.h"
#include "services/iam/iam_provider.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;

namespace {

constexpr size_t kMaxManagedPolicySize = 6144;
constexpr size_t kMaxVersions = 5;
constexpr size_t kMaxTags = 50;
// AWS managed policies carry the dates AWS created them; nimbus gives them all one date in
// 2015, when IAM's first managed policies appeared (README.md).
constexpr int64_t kAwsPolicyCreatedMillis = 1423247986000;

[[noreturn]] void PolicyNotFound(std::string_view arn) {
  throw AwsError("NoSuchEntity", "Policy " + std::string(arn) + " was not found.");
}

// The customer managed policy `arn` of the account; NoSuchEntity when there is none.
ManagedPolicyRecord MustFindLocal(IamStore& store, store::Transaction& tx,
                                  const RequestContext& ctx, std::string_view arn) {
  std::optional<ManagedPolicyRecord> policy = store.FindPolicy(tx, ctx.scope.account, arn);
  if (!policy) PolicyNotFound(arn);
  return std::move(*policy);
}

const AwsManagedPolicy* AwsPolicyOf(std::string_view arn) {
  const std::optional<core::ParsedArn> parsed = core::ParseArn(arn);
  if (!parsed || parsed->service != "iam" || parsed->account != "aws") return nullptr;
  return FindAwsManagedPolicy(parsed->resource);
}

json::object VersionJson(const PolicyVersionRecord& version, std::string_view default_version,
                         bool document) {
  json::object out{{"VersionId", version.version_id},
                   {"IsDefaultVersion", version.version_id == default_version},
                   {"CreateDate", EpochSeconds(version.created_millis)}};
  if (document) out["Document"] = internal::EncodeDocument(version.document);
  return out;
}

}  // namespace

namespace internal {

std::optional<ManagedPolicyRecord> ResolvePolicy(IamStore& store, store::Transaction& tx,
                                                 const RequestContext& ctx, std::string_view arn) {
  if (const AwsManagedPolicy* aws = AwsPolicyOf(arn)) {
    return ManagedPolicyRecord{.arn = std::string(arn),
                               .name = std::string(aws->name),
                               .path = std::string(aws->path),
                               .id = std::string(aws->id),
                               .description = std::string(aws->description),
                               .default_version = std::string(aws->default_version),
                               .next_version = 0,
                               .created_millis = kAwsPolicyCreatedMillis,
                               .updated_millis = kAwsPolicyCreatedMillis};
  }
  return store.FindPolicy(tx, ctx.scope.account, arn);
}

}  // namespace internal

namespace {

json::object PolicyJson(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
                        const ManagedPolicyRecord& policy, bool description) {
  json::object out{{"PolicyName", policy.name},
                   {"PolicyId", policy.id},
                   {"Arn", policy.arn},
                   {"Path", policy.path},
                   {"DefaultVersionId", policy.default_version},
                   {"AttachmentCount", store.CountAttachments(tx, ctx.scope.account, policy.arn)},
                   {"PermissionsBoundaryUsageCount", 0},
                   {"IsAttachable", true},
                   {"CreateDate", EpochSeconds(policy.created_millis)},
                   {"UpdateDate", EpochSeconds(policy.updated_millis)}};
  if (description && !policy.description.empty()) out["Description"] = policy.description;
  return out;
}

}  // namespace

json::value IamProvider::CreatePolicy(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "PolicyName");
  const std::string document = RequiredString(in, "PolicyDocument");
  const std::string path = StringOr(in, "Path", "/");
  if (PolicySize(document) > kMaxManagedPolicySize) {
    throw AwsError("LimitExceeded", "Cannot exceed quota for PolicySize: 6144");
  }
  internal::CheckPolicyDocument(document, PolicyKind::kIdentity);
  const auto tags = internal::ReadTags(in);
  store::Transaction tx = store_.Begin();
  if (store_.PolicyNameTaken(tx, ctx.scope.account, name)) {
    throw AwsError("EntityAlreadyExists",
                   "A policy called " + name + " already exists. Duplicate names are not allowed.");
  }
  const ManagedPolicyRecord policy{.arn = internal::IamArn(ctx, "policy", path, name),
                                   .name = name,
                                   .path = path,
                                   .id = "ANPA" + ids_.UpperAlnum(17),
                                   .description = StringOr(in, "Description", ""),
                                   .default_version = "v1",
                                   .next_version = 2,
                                   .created_millis = ctx.now_millis,
                                   .updated_millis = ctx.now_millis};
  store_.InsertPolicy(tx, ctx.scope.account, policy);
  store_.InsertVersion(
      tx, ctx.scope.account, policy.arn,
      {.version_id = "v1", .document = document, .created_millis = ctx.now_millis});
  for (const auto& [key, value] : tags) {
    store_.PutTag(tx, ctx.scope.account, "policy", policy.arn, key, value);
  }
  json::object out = PolicyJson(store_, tx, ctx, policy, false);
  if (!tags.empty()) out["Tags"] = internal::TagsJson(tags);
  tx.Commit();
  return json::object{{"Policy", std::move(out)}};
}

json::value IamProvider::GetPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  store::Transaction tx = store_.Read();
  const std::optional<ManagedPolicyRecord> policy = internal::ResolvePolicy(store_, tx, ctx, arn);
  if (!policy) PolicyNotFound(arn);
  json::object out = PolicyJson(store_, tx, ctx, *policy, true);
  auto tags = store_.ListTags(tx, ctx.scope.account, "policy", arn);
  if (!tags.empty()) out["Tags"] = internal::TagsJson(tags);
  return json::object{{"Policy", std::move(out)}};
}

json::value IamProvider::ListPolicies(const RequestContext& ctx, const json::object& in) {
  const services::KeysetPage page = internal::ReadPage(in, "ListPolicies");
  const std::string scope = StringOr(in, "Scope", "All");
  const std::string path_prefix = StringOr(in, "PathPrefix", "/");
  const bool only_attached = BoolOr(in, "OnlyAttached", false);
  store::Transaction tx = store_.Read();
  std::vector<ManagedPolicyRecord> all;
  if (scope != "Local") {
    for (const AwsManagedPolicy& aws : AwsManagedPolicies()) {
      const std::string arn =
          core::GlobalArn({.account = "aws", .region = ctx.scope.region}, "iam",
                          "policy" + std::string(aws.path) + std::string(aws.name));
      all.push_back(*internal::ResolvePolicy(store_, tx, ctx, arn));
    }
  }
  if (scope != "AWS") {
    for (ManagedPolicyRecord& local :
         store_.ListPolicies(tx, ctx.scope.account, "/", "", INT64_MAX)) {
      all.push_back(std::move(local));
    }
  }
  // One order over both sets: the lowercased name, then the ARN (a local policy may share an
  // AWS managed policy's name).
  auto key = [](const ManagedPolicyRecord& p) { return core::ToLower(p.name) + "|" + p.arn; };
  std::sort(all.begin(), all.end(),
            [&key](const ManagedPolicyRecord& a, const ManagedPolicyRecord& b) {
              return key(a) < key(b);
            });
  std::vector<ManagedPolicyRecord> rows;
  for (ManagedPolicyRecord& policy : all) {
    if (!page.after.empty() && key(policy) <= page.after) continue;
    if (!core::StartsWith(policy.path, path_prefix)) continue;
    if (only_attached && store_.CountAttachments(tx, ctx.scope.account, policy.arn) == 0) continue;
    rows.push_back(std::move(policy));
    if (static_cast<int64_t>(rows.size()) > page.limit) break;
  }
  json::object out;
  internal::FinishPage(rows, page, out, key);
  json::array list;
  for (const ManagedPolicyRecord& policy : rows) {
    list.push_back(PolicyJson(store_, tx, ctx, policy, false));
  }
  out["Policies"] = std::move(list);
  return out;
}

json::value IamProvider::DeletePolicy(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  store::Transaction tx = store_.Begin();
  const ManagedPolicyRecord policy = MustFindLocal(store_, tx, ctx, arn);
  if (store_.CountAttachments(tx, ctx.scope.account, arn) > 0) {
    throw AwsError("DeleteConflict", "Cannot delete a policy attached to entities.");
  }
  if (store_.ListVersions(tx, ctx.scope.account, arn).size() > 1) {
    throw AwsError("DeleteConflict",
                   "This policy has more than one version. Before you delete a policy, you must "
                   "delete the policy's versions. The default version is deleted with the "
                   "policy.");
  }
  store_.DeletePolicy(tx, ctx.scope.account, arn);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::CreatePolicyVersion(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  const std::string document = RequiredString(in, "PolicyDocument");
  store::Transaction tx = store_.Begin();
  ManagedPolicyRecord policy = MustFindLocal(store_, tx, ctx, arn);
  if (PolicySize(document) > kMaxManagedPolicySize) {
    throw AwsError("LimitExceeded", "Cannot exceed quota for PolicySize: 6144");
  }
  internal::CheckPolicyDocument(document, PolicyKind::kIdentity);
  if (store_.ListVersions(tx, ctx.scope.account, arn).size() >= kMaxVersions) {
    throw AwsError("LimitExceeded",
                   "A managed policy can have up to 5 versions. Before you create a new version, "
                   "you must delete an existing version.");
  }
  const PolicyVersionRecord version{.version_id = "v" + std::to_string(policy.next_version),
                                    .document = document,
                                    .created_millis = ctx.now_millis};
  store_.InsertVersion(tx, ctx.scope.account, arn, version);
  ++policy.next_version;
  if (BoolOr(in, "SetAsDefault", false)) policy.default_version = version.version_id;
  policy.updated_millis = ctx.now_millis;
  store_.UpdatePolicy(tx, ctx.scope.account, policy);
  tx.Commit();
  return json::object{{"PolicyVersion", VersionJson(version, policy.default_version, false)}};
}

json::value IamProvider::GetPolicyVersion(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  const std::string version_id = RequiredString(in, "VersionId");
  if (const AwsManagedPolicy* aws = AwsPolicyOf(arn); aws && version_id == aws->default_version) {
    const PolicyVersionRecord version{std::string(aws->default_version), std::string(aws->document),
                                      kAwsPolicyCreatedMillis};
    return json::object{{"PolicyVersion", VersionJson(version, aws->default_version, true)}};
  }
  store::Transaction tx = store_.Read();
  const ManagedPolicyRecord policy = MustFindLocal(store_, tx, ctx, arn);
  const std::optional<PolicyVersionRecord> version =
      store_.FindVersion(tx, ctx.scope.account, arn, version_id);
  if (!version) {
    throw AwsError("NoSuchEntity", "Policy " + arn + " version " + version_id +
                                       " does not exist or is not attachable.");
  }
  return json::object{{"PolicyVersion", VersionJson(*version, policy.default_version, true)}};
}

json::value IamProvider::ListPolicyVersions(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  json::array list;
  if (const AwsManagedPolicy* aws = AwsPolicyOf(arn)) {
    list.push_back(VersionJson({std::string(aws->default_version), "", kAwsPolicyCreatedMillis},
                               aws->default_version, false));
  } else {
    store::Transaction tx = store_.Read();
    const ManagedPolicyRecord policy = MustFindLocal(store_, tx, ctx, arn);
    for (const PolicyVersionRecord& version : store_.ListVersions(tx, ctx.scope.account, arn)) {
      list.push_back(VersionJson(version, policy.default_version, false));
    }
  }
  json::object out;
  internal::PageInto(std::move(list), in, "ListPolicyVersions", "Versions", out);
  return out;
}

json::value IamProvider::DeletePolicyVersion(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  const std::string version_id = RequiredString(in, "VersionId");
  store::Transaction tx = store_.Begin();
  const ManagedPolicyRecord policy = MustFindLocal(store_, tx, ctx, arn);
  if (!store_.FindVersion(tx, ctx.scope.account, arn, version_id)) {
    throw AwsError("NoSuchEntity", "Policy " + arn + " version " + version_id +
                                       " does not exist or is not attachable.");
  }
  if (version_id == policy.default_version) {
    throw AwsError("DeleteConflict", "Cannot delete the default version of a policy.");
  }
  store_.DeleteVersion(tx, ctx.scope.account, arn, version_id);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::SetDefaultPolicyVersion(const RequestContext& ctx,
                                                 const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  const std::string version_id = RequiredString(in, "VersionId");
  store::Transaction tx = store_.Begin();
  ManagedPolicyRecord policy = MustFindLocal(store_, tx, ctx, arn);
  if (!store_.FindVersion(tx, ctx.scope.account, arn, version_id)) {
    throw AwsError("NoSuchEntity", "Policy " + arn + " version " + version_id +
                                       " does not exist or is not attachable.");
  }
  policy.default_version = version_id;
  policy.updated_millis = ctx.now_millis;
  store_.UpdatePolicy(tx, ctx.scope.account, policy);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::ListEntitiesForPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  const std::optional<std::string> filter = OptString(in, "EntityFilter");
  store::Transaction tx = store_.Read();
  if (!internal::ResolvePolicy(store_, tx, ctx, arn)) PolicyNotFound(arn);
  // One listing over the three kinds; a page may hold some of each.
  std::vector<std::pair<std::string, json::object>> entities;
  for (const Attachment& a : store_.AttachmentsOf(tx, ctx.scope.account, arn)) {
    const std::optional<EntityRecord> entity =
        store_.FindEntity(tx, ctx.scope.account, a.kind, a.entity_name);
    if (!entity) continue;
    if (a.kind == kGroup && (!filter || *filter == "Group")) {
      entities.emplace_back("PolicyGroups",
                            json::object{{"GroupName", entity->name}, {"GroupId", entity->id}});
    } else if (a.kind == kUser && (!filter || *filter == "User")) {
      entities.emplace_back("PolicyUsers",
                            json::object{{"UserName", entity->name}, {"UserId", entity->id}});
    } else if (a.kind == kRole && (!filter || *filter == "Role")) {
      entities.emplace_back("PolicyRoles",
                            json::object{{"RoleName", entity->name}, {"RoleId", entity->id}});
    }
  }
  json::object out{{"PolicyGroups", json::array{}},
                   {"PolicyUsers", json::array{}},
                   {"PolicyRoles", json::array{}}};
  const internal::Slice slice =
      internal::PageSlice(entities.size(), in, "ListEntitiesForPolicy", out);
  for (size_t i = slice.begin; i < slice.end; ++i) {
    out[entities[i].first].as_array().push_back(std::move(entities[i].second));
  }
  return out;
}

// Tags of customer managed policies, keyed by ARN; AWS managed policies cannot be tagged.
json::value IamProvider::TagPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  const auto tags = internal::ReadTags(in);
  store::Transaction tx = store_.Begin();
  MustFindLocal(store_, tx, ctx, arn);
  std::set<std::string> keys;
  for (const auto& [key, value] : store_.ListTags(tx, ctx.scope.account, "policy", arn)) {
    keys.insert(key);
  }
  for (const auto& [key, value] : tags) keys.insert(key);
  if (keys.size() > kMaxTags) {
    throw AwsError("LimitExceeded", "Cannot exceed quota for TagsPerPolicy: 50.");
  }
  for (const auto& [key, value] : tags) {
    store_.PutTag(tx, ctx.scope.account, "policy", arn, key, value);
  }
  tx.Commit();
  return json::object{};
}

json::value IamProvider::UntagPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  store::Transaction tx = store_.Begin();
  MustFindLocal(store_, tx, ctx, arn);
  for (const std::string& key : core::protocol::StringList(in, "TagKeys")) {
    store_.DeleteTag(tx, ctx.scope.account, "policy", arn, key);
  }
  tx.Commit();
  return json::object{};
}

json::value IamProvider::ListPolicyTags(const RequestContext& ctx, const json::object& in) {
  const std::string arn = RequiredString(in, "PolicyArn");
  store::Transaction tx = store_.Read();
  MustFindLocal(store_, tx, ctx, arn);
  json::object out;
  internal::PageInto(internal::TagsJson(store_.ListTags(tx, ctx.scope.account, "policy", arn)), in,
                     "ListPolicyTags", "Tags", out);
  return out;
}

}  // namespace nimbus::iam
