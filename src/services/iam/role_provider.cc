// IAM roles (trust policy, session duration, permissions boundary, tags) and instance profiles.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/iam/iam_internal.h"
#include "services/iam/iam_provider.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::IamArn;
using internal::MustFindEntity;

namespace {

constexpr size_t kMaxTrustPolicySize = 2048;
constexpr int64_t kDefaultMaxSessionDuration = 3600;

// A trust policy: its size against the account's default quota, then its grammar.
void CheckTrustPolicy(std::string_view document) {
  if (PolicySize(document) > kMaxTrustPolicySize) {
    throw AwsError("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048");
  }
  internal::CheckPolicyDocument(document, PolicyKind::kTrust);
}

// The lowercased role names of an instance profile.
std::vector<std::string> ProfileRoles(const EntityRecord& profile) {
  std::vector<std::string> out;
  const json::object extra = internal::Extra(profile);
  if (const json::value* roles = extra.if_contains("Roles"); roles && roles->is_array()) {
    for (const json::value& role : roles->as_array()) {
      if (role.is_string()) out.emplace_back(role.as_string());
    }
  }
  return out;
}

void SetProfileRoles(EntityRecord& profile, const std::vector<std::string>& roles) {
  json::array list;
  for (const std::string& role : roles) list.emplace_back(role);
  profile.extra_json = json::serialize(json::object{{"Roles", std::move(list)}});
}

}  // namespace

json::object IamProvider::RoleJson(const RequestContext& ctx, store::Transaction& tx,
                                   const EntityRecord& role, bool full) {
  const json::object extra = internal::Extra(role);
  json::object out{{"Path", role.path},
                   {"RoleName", role.name},
                   {"RoleId", role.id},
                   {"Arn", IamArn(ctx, "role", role.path, role.name)},
                   {"CreateDate", EpochSeconds(role.created_millis)}};
  if (const json::value* trust = extra.if_contains("AssumeRolePolicyDocument")) {
    out["AssumeRolePolicyDocument"] = internal::EncodeDocument(trust->as_string());
  }
  if (const json::value* description = extra.if_contains("Description")) {
    out["Description"] = *description;
  }
  const json::value* duration = extra.if_contains("MaxSessionDuration");
  out["MaxSessionDuration"] = duration ? *duration : json::value(kDefaultMaxSessionDuration);
  if (!full) return out;
  if (const json::value* boundary = extra.if_contains("PermissionsBoundary")) {
    out["PermissionsBoundary"] =
        json::object{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", *boundary}};
  }
  auto tags = store_.ListTags(tx, ctx.scope.account, kRole, role.name);
  if (!tags.empty()) out["Tags"] = internal::TagsJson(tags);
  out["RoleLastUsed"] = json::object{};
  return out;
}

json::value IamProvider::CreateRole(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  const std::string trust = RequiredString(in, "AssumeRolePolicyDocument");
  CheckTrustPolicy(trust);
  const auto tags = internal::ReadTags(in);
  if (tags.size() > 50) throw AwsError("LimitExceeded", "Cannot exceed quota for TagsPerRole: 50.");
  json::object extra{{"AssumeRolePolicyDocument", trust},
                     {"MaxSessionDuration",
                      OptInt(in, "MaxSessionDuration").value_or(kDefaultMaxSessionDuration)}};
  if (auto description = OptString(in, "Description")) extra["Description"] = *description;
  store::Transaction tx = store_.Begin();
  if (auto boundary = OptString(in, "PermissionsBoundary")) {
    if (!internal::ResolvePolicy(store_, tx, ctx, *boundary)) {
      throw AwsError("InvalidInput",
                     "Scope ARN: " + *boundary + " does not exist or is not attachable.");
    }
    extra["PermissionsBoundary"] = *boundary;
  }
  internal::MustBeNew(store_, tx, ctx, kRole, name);
  const EntityRecord role{.kind = std::string(kRole),
                          .name = name,
                          .path = StringOr(in, "Path", "/"),
                          .id = "AROA" + ids_.UpperAlnum(17),
                          .created_millis = ctx.now_millis,
                          .extra_json = json::serialize(extra)};
  store_.InsertEntity(tx, ctx.scope.account, role);
  for (const auto& [key, value] : tags)
    store_.PutTag(tx, ctx.scope.account, kRole, name, key, value);
  json::object out{{"Role", RoleJson(ctx, tx, role, true)}};
  out["Role"].as_object().erase("RoleLastUsed");
  tx.Commit();
  return out;
}

json::value IamProvider::GetRole(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, RequiredString(in, "RoleName"));
  return json::object{{"Role", RoleJson(ctx, tx, role, true)}};
}

json::value IamProvider::ListRoles(const RequestContext& ctx, const json::object& in) {
  const services::KeysetPage page = internal::ReadPage(in, "ListRoles");
  store::Transaction tx = store_.Read();
  std::vector<EntityRecord> roles = store_.ListEntities(
      tx, ctx.scope.account, kRole, StringOr(in, "PathPrefix", "/"), page.after, page.limit + 1);
  json::object out;
  internal::FinishPage(roles, page, out,
                       [](const EntityRecord& r) { return core::ToLower(r.name); });
  json::array list;
  for (const EntityRecord& role : roles) list.push_back(RoleJson(ctx, tx, role, false));
  out["Roles"] = std::move(list);
  return out;
}

// Rewrites one member of a role's extra fields (nullptr removes it).
namespace {
void SetExtra(EntityRecord& entity, std::string_view member, const json::value* value) {
  json::object extra = internal::Extra(entity);
  if (value) {
    extra[member] = *value;
  } else {
    extra.erase(member);
  }
  entity.extra_json = json::serialize(extra);
}
}  // namespace

json::value IamProvider::UpdateRole(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  store::Transaction tx = store_.Begin();
  EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, name);
  if (auto description = OptString(in, "Description")) {
    const json::value value(*description);
    SetExtra(role, "Description", &value);
  }
  if (auto duration = OptInt(in, "MaxSessionDuration")) {
    const json::value value(*duration);
    SetExtra(role, "MaxSessionDuration", &value);
  }
  store_.UpdateEntity(tx, ctx.scope.account, name, role);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::UpdateRoleDescription(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  store::Transaction tx = store_.Begin();
  EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, name);
  const json::value value(RequiredString(in, "Description"));
  SetExtra(role, "Description", &value);
  store_.UpdateEntity(tx, ctx.scope.account, name, role);
  json::object out{{"Role", RoleJson(ctx, tx, role, true)}};
  tx.Commit();
  return out;
}

json::value IamProvider::UpdateAssumeRolePolicy(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  const std::string document = RequiredString(in, "PolicyDocument");
  store::Transaction tx = store_.Begin();
  EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, name);
  CheckTrustPolicy(document);
  const json::value value(document);
  SetExtra(role, "AssumeRolePolicyDocument", &value);
  store_.UpdateEntity(tx, ctx.scope.account, name, role);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::PutRolePermissionsBoundary(const RequestContext& ctx,
                                                    const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  const std::string boundary = RequiredString(in, "PermissionsBoundary");
  store::Transaction tx = store_.Begin();
  EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, name);
  if (!internal::ResolvePolicy(store_, tx, ctx, boundary)) {
    throw AwsError("PolicyNotAttachable",
                   "Scope ARN: " + boundary + " does not exist or is not attachable.");
  }
  const json::value value(boundary);
  SetExtra(role, "PermissionsBoundary", &value);
  store_.UpdateEntity(tx, ctx.scope.account, name, role);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::DeleteRolePermissionsBoundary(const RequestContext& ctx,
                                                       const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  store::Transaction tx = store_.Begin();
  EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, name);
  SetExtra(role, "PermissionsBoundary", nullptr);
  store_.UpdateEntity(tx, ctx.scope.account, name, role);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::DeleteRole(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "RoleName");
  store::Transaction tx = store_.Begin();
  MustFindEntity(store_, tx, ctx, kRole, name);
  const std::string& account = ctx.scope.account;
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
  if (!store_.ListInlinePolicies(tx, account, kRole, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must delete policies first.");
  }
  if (!store_.AttachedPolicies(tx, account, kRole, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
  }
  for (const EntityRecord& profile :
       store_.ListEntities(tx, account, kInstanceProfile, "/", "", INT64_MAX)) {
    for (const std::string& role : ProfileRoles(profile)) {
      if (role == core::ToLower(name)) {
        throw AwsError("DeleteConflict",
                       "Cannot delete entity, must remove roles from instance profile first.");
      }
    }
  }
  store_.DeleteEntity(tx, account, kRole, name);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::TagRole(const RequestContext& ctx, const json::object& in) {
  return TagEntity(ctx, in, kRole, RequiredString(in, "RoleName"));
}

json::value IamProvider::UntagRole(const RequestContext& ctx, const json::object& in) {
  return UntagEntity(ctx, in, kRole, RequiredString(in, "RoleName"));
}

json::value IamProvider::ListRoleTags(const RequestContext& ctx, const json::object& in) {
  return ListEntityTags(ctx, in, kRole, RequiredString(in, "RoleName"));
}

json::value IamProvider::TagInstanceProfile(const RequestContext& ctx, const json::object& in) {
  return TagEntity(ctx, in, kInstanceProfile, RequiredString(in, "InstanceProfileName"));
}

json::value IamProvider::UntagInstanceProfile(const RequestContext& ctx, const json::object& in) {
  return UntagEntity(ctx, in, kInstanceProfile, RequiredString(in, "InstanceProfileName"));
}

json::value IamProvider::ListInstanceProfileTags(const RequestContext& ctx,
                                                 const json::object& in) {
  return ListEntityTags(ctx, in, kInstanceProfile, RequiredString(in, "InstanceProfileName"));
}

json::object IamProvider::InstanceProfileJson(const RequestContext& ctx, store::Transaction& tx,
                                              const EntityRecord& profile) {
  json::array roles;
  for (const std::string& role_name : ProfileRoles(profile)) {
    if (auto role = store_.FindEntity(tx, ctx.scope.account, kRole, role_name)) {
      roles.push_back(RoleJson(ctx, tx, *role, false));
    }
  }
  json::object out{{"Path", profile.path},
                   {"InstanceProfileName", profile.name},
                   {"InstanceProfileId", profile.id},
                   {"Arn", IamArn(ctx, "instance-profile", profile.path, profile.name)},
                   {"CreateDate", EpochSeconds(profile.created_millis)},
                   {"Roles", std::move(roles)}};
  auto tags = store_.ListTags(tx, ctx.scope.account, kInstanceProfile, profile.name);
  if (!tags.empty()) out["Tags"] = internal::TagsJson(tags);
  return out;
}

json::value IamProvider::CreateInstanceProfile(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "InstanceProfileName");
  const auto tags = internal::ReadTags(in);
  store::Transaction tx = store_.Begin();
  internal::MustBeNew(store_, tx, ctx, kInstanceProfile, name);
  EntityRecord profile{.kind = std::string(kInstanceProfile),
                       .name = name,
                       .path = StringOr(in, "Path", "/"),
                       .id = "AIPA" + ids_.UpperAlnum(17),
                       .created_millis = ctx.now_millis};
  SetProfileRoles(profile, {});
  store_.InsertEntity(tx, ctx.scope.account, profile);
  for (const auto& [key, value] : tags) {
    store_.PutTag(tx, ctx.scope.account, kInstanceProfile, name, key, value);
  }
  json::object out{{"InstanceProfile", InstanceProfileJson(ctx, tx, profile)}};
  tx.Commit();
  return out;
}

json::value IamProvider::GetInstanceProfile(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const EntityRecord profile =
      MustFindEntity(store_, tx, ctx, kInstanceProfile, RequiredString(in, "InstanceProfileName"));
  return json::object{{"InstanceProfile", InstanceProfileJson(ctx, tx, profile)}};
}

json::value IamProvider::ListInstanceProfiles(const RequestContext& ctx, const json::object& in) {
  const services::KeysetPage page = internal::ReadPage(in, "ListInstanceProfiles");
  store::Transaction tx = store_.Read();
  std::vector<EntityRecord> profiles =
      store_.ListEntities(tx, ctx.scope.account, kInstanceProfile, StringOr(in, "PathPrefix", "/"),
                          page.after, page.limit + 1);
  json::object out;
  internal::FinishPage(profiles, page, out,
                       [](const EntityRecord& p) { return core::ToLower(p.name); });
  json::array list;
  for (const EntityRecord& profile : profiles) {
    list.push_back(InstanceProfileJson(ctx, tx, profile));
  }
  out["InstanceProfiles"] = std::move(list);
  return out;
}

json::value IamProvider::DeleteInstanceProfile(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "InstanceProfileName");
  store::Transaction tx = store_.Begin();
  const EntityRecord profile = MustFindEntity(store_, tx, ctx, kInstanceProfile, name);
  if (!ProfileRoles(profile).empty()) {
    throw AwsError("DeleteConflict",
                   "Cannot delete entity, must remove roles from instance profile first.");
  }
  store_.DeleteEntity(tx, ctx.scope.account, kInstanceProfile, name);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::AddRoleToInstanceProfile(const RequestContext& ctx,
                                                  const json::object& in) {
  const std::string name = RequiredString(in, "InstanceProfileName");
  store::Transaction tx = store_.Begin();
  EntityRecord profile = MustFindEntity(store_, tx, ctx, kInstanceProfile, name);
  const EntityRecord role = MustFindEntity(store_, tx, ctx, kRole, RequiredString(in, "RoleName"));
  std::vector<std::string> roles = ProfileRoles(profile);
  // An instance profile holds one role at most.
  if (!roles.empty()) {
    throw AwsError("LimitExceeded",
                   "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
  }
  roles.push_back(core::ToLower(role.name));
  SetProfileRoles(profile, roles);
  store_.UpdateEntity(tx, ctx.scope.account, name, profile);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::RemoveRoleFromInstanceProfile(const RequestContext& ctx,
                                                       const json::object& in) {
  const std::string name = RequiredString(in, "InstanceProfileName");
  const std::string role_name = RequiredString(in, "RoleName");
  store::Transaction tx = store_.Begin();
  EntityRecord profile = MustFindEntity(store_, tx, ctx, kInstanceProfile, name);
  std::vector<std::string> roles = ProfileRoles(profile);
  const auto it = std::find(roles.begin(), roles.end(), core::ToLower(role_name));
  if (it == roles.end()) internal::NoSuchEntity(kRole, role_name);
  roles.erase(it);
  SetProfileRoles(profile, roles);
  store_.UpdateEntity(tx, ctx.scope.account, name, profile);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::ListInstanceProfilesForRole(const RequestContext& ctx,
                                                     const json::object& in) {
  const std::string role_name = RequiredString(in, "RoleName");
  store::Transaction tx = store_.Read();
  MustFindEntity(store_, tx, ctx, kRole, role_name);
  json::array list;
  for (const EntityRecord& profile :
       store_.ListEntities(tx, ctx.scope.account, kInstanceProfile, "/", "", INT64_MAX)) {
    const std::vector<std::string> roles = ProfileRoles(profile);
    if (std::find(roles.begin(), roles.end(), core::ToLower(role_name)) != roles.end()) {
      list.push_back(InstanceProfileJson(ctx, tx, profile));
    }
  }
  json::object out;
  internal::PageInto(std::move(list), in, "ListInstanceProfilesForRole", "InstanceProfiles", out);
  return out;
}

}  // namespace nimbus::iam
