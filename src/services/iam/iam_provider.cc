#include "services/iam/iam_provider.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/tags.h"
#include "services/iam/iam_internal.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;

namespace internal {

services::KeysetPage ReadPage(const json::object& in, std::string_view kind) {
  constexpr int64_t kDefaultMaxItems = 100;
  const std::optional<std::string> after = services::ReadPageToken(in, "Marker", kind);
  if (!after) throw AwsError("ValidationError", "Invalid Marker.", 400);
  return {.kind = std::string(kind),
          .after = *after,
          .limit = core::protocol::IntOr(in, "MaxItems", kDefaultMaxItems)};
}

Slice PageSlice(size_t total, const json::object& in, std::string_view kind, json::object& out) {
  const services::KeysetPage page = ReadPage(in, kind);
  size_t begin = 0;
  if (!page.after.empty()) {
    // The position is nimbus's own (the token is checked), so it is a number.
    begin = std::min<size_t>(std::stoull(page.after), total);
  }
  const size_t limit = static_cast<size_t>(std::max<int64_t>(page.limit, 1));
  const size_t end = std::min(total, begin + limit);
  out["IsTruncated"] = end < total;
  if (end < total) out["Marker"] = services::EncodePageToken(kind, std::to_string(end));
  return {.begin = begin, .end = end};
}

void PageInto(json::array all, const json::object& in, std::string_view kind,
              std::string_view member, json::object& out) {
  const Slice slice = PageSlice(all.size(), in, kind, out);
  json::array page;
  for (size_t i = slice.begin; i < slice.end; ++i) page.push_back(std::move(all[i]));
  out[member] = std::move(page);
}

std::string IamArn(const RequestContext& ctx, std::string_view type, std::string_view path,
                   std::string_view name) {
  return core::GlobalArn(ctx.scope, "iam",
                         std::string(type) + std::string(path) + std::string(name));
}

void NoSuchEntity(std::string_view kind, std::string_view name) {
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html (Errors) and the
  // messages IAM answers: "The user with name X cannot be found."
  if (kind == kInstanceProfile) {
    throw AwsError("NoSuchEntity", "Instance Profile " + std::string(name) + " cannot be found.");
  }
  throw AwsError("NoSuchEntity", "The " + std::string(kind) + " with name " + std::string(name) +
                                     " cannot be found.");
}

EntityRecord MustFindEntity(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
                            std::string_view kind, std::string_view name) {
  std::optional<EntityRecord> entity = store.FindEntity(tx, ctx.scope.account, kind, name);
  if (!entity) NoSuchEntity(kind, name);
  return std::move(*entity);
}

void MustBeNew(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
               std::string_view kind, std::string_view name) {
  if (!store.FindEntity(tx, ctx.scope.account, kind, name)) return;
  std::string noun = kind == kUser    ? "User"
                     : kind == kRole  ? "Role"
                     : kind == kGroup ? "Group"
                                      : "Instance Profile";
  throw AwsError("EntityAlreadyExists",
                 noun + " with name " + std::string(name) + " already exists.");
}

void CheckPolicyDocument(std::string_view document, PolicyKind kind) {
  if (std::optional<std::string> problem = PolicyDocumentProblem(document, kind)) {
    throw AwsError("MalformedPolicyDocument", *problem);
  }
}

std::string EncodeDocument(std::string_view document) { return core::UriEncode(document); }

std::vector<std::pair<std::string, std::string>> ReadTags(const json::object& in) {
  services::TagList tags = services::ReadTagList(in);
  if (const std::string* duplicate = services::FindDuplicateTagKey(tags)) {
    throw AwsError("InvalidInput",
                   "Duplicate tag keys found. Please note that Tag keys are "
                   "case insensitive. Duplicate key: " +
                       *duplicate);
  }
  return tags;
}

json::array TagsJson(const std::vector<std::pair<std::string, std::string>>& tags) {
  return services::TagListJson(tags);
}

json::object Extra(const EntityRecord& entity) {
  boost::system::error_code ec;
  json::value parsed = json::parse(entity.extra_json, ec);
  if (ec || !parsed.is_object()) return {};
  return std::move(parsed.as_object());
}

}  // namespace internal

IamProvider::IamProvider(const Runtime& rt) : store_(rt.db), ids_(rt.ids) {
  Register("CreateUser", &IamProvider::CreateUser);
  Register("GetUser", &IamProvider::GetUser);
  Register("ListUsers", &IamProvider::ListUsers);
  Register("UpdateUser", &IamProvider::UpdateUser);
  Register("DeleteUser", &IamProvider::DeleteUser);
  Register("TagUser", &IamProvider::TagUser);
  Register("UntagUser", &IamProvider::UntagUser);
  Register("ListUserTags", &IamProvider::ListUserTags);
  Register("CreateAccessKey", &IamProvider::CreateAccessKey);
  Register("ListAccessKeys", &IamProvider::ListAccessKeys);
  Register("UpdateAccessKey", &IamProvider::UpdateAccessKey);
  Register("DeleteAccessKey", &IamProvider::DeleteAccessKey);
  Register("GetAccessKeyLastUsed", &IamProvider::GetAccessKeyLastUsed);
  Register("CreateLoginProfile", &IamProvider::CreateLoginProfile);
  Register("GetLoginProfile", &IamProvider::GetLoginProfile);
  Register("UpdateLoginProfile", &IamProvider::UpdateLoginProfile);
  Register("DeleteLoginProfile", &IamProvider::DeleteLoginProfile);
  Register("CreateRole", &IamProvider::CreateRole);
  Register("GetRole", &IamProvider::GetRole);
  Register("ListRoles", &IamProvider::ListRoles);
  Register("UpdateRole", &IamProvider::UpdateRole);
  Register("UpdateRoleDescription", &IamProvider::UpdateRoleDescription);
  Register("UpdateAssumeRolePolicy", &IamProvider::UpdateAssumeRolePolicy);
  Register("PutRolePermissionsBoundary", &IamProvider::PutRolePermissionsBoundary);
  Register("DeleteRolePermissionsBoundary", &IamProvider::DeleteRolePermissionsBoundary);
  Register("DeleteRole", &IamProvider::DeleteRole);
  Register("TagRole", &IamProvider::TagRole);
  Register("UntagRole", &IamProvider::UntagRole);
  Register("ListRoleTags", &IamProvider::ListRoleTags);
  Register("CreateInstanceProfile", &IamProvider::CreateInstanceProfile);
  Register("GetInstanceProfile", &IamProvider::GetInstanceProfile);
  Register("ListInstanceProfiles", &IamProvider::ListInstanceProfiles);
  Register("DeleteInstanceProfile", &IamProvider::DeleteInstanceProfile);
  Register("AddRoleToInstanceProfile", &IamProvider::AddRoleToInstanceProfile);
  Register("RemoveRoleFromInstanceProfile", &IamProvider::RemoveRoleFromInstanceProfile);
  Register("ListInstanceProfilesForRole", &IamProvider::ListInstanceProfilesForRole);
  Register("TagInstanceProfile", &IamProvider::TagInstanceProfile);
  Register("UntagInstanceProfile", &IamProvider::UntagInstanceProfile);
  Register("ListInstanceProfileTags", &IamProvider::ListInstanceProfileTags);
  Register("CreatePolicy", &IamProvider::CreatePolicy);
  Register("GetPolicy", &IamProvider::GetPolicy);
  Register("ListPolicies", &IamProvider::ListPolicies);
  Register("DeletePolicy", &IamProvider::DeletePolicy);
  Register("CreatePolicyVersion", &IamProvider::CreatePolicyVersion);
  Register("GetPolicyVersion", &IamProvider::GetPolicyVersion);
  Register("ListPolicyVersions", &IamProvider::ListPolicyVersions);
  Register("DeletePolicyVersion", &IamProvider::DeletePolicyVersion);
  Register("SetDefaultPolicyVersion", &IamProvider::SetDefaultPolicyVersion);
  Register("ListEntitiesForPolicy", &IamProvider::ListEntitiesForPolicy);
  Register("TagPolicy", &IamProvider::TagPolicy);
  Register("UntagPolicy", &IamProvider::UntagPolicy);
  Register("ListPolicyTags", &IamProvider::ListPolicyTags);
  Register("GetAccountAuthorizationDetails", &IamProvider::GetAccountAuthorizationDetails);
  Register("CreateGroup", &IamProvider::CreateGroup);
  Register("GetGroup", &IamProvider::GetGroup);
  Register("ListGroups", &IamProvider::ListGroups);
  Register("DeleteGroup", &IamProvider::DeleteGroup);
  Register("AddUserToGroup", &IamProvider::AddUserToGroup);
  Register("RemoveUserFromGroup", &IamProvider::RemoveUserFromGroup);
  Register("ListGroupsForUser", &IamProvider::ListGroupsForUser);
  RegisterPolicyOperations("User", kUser);
  RegisterPolicyOperations("Role", kRole);
  RegisterPolicyOperations("Group", kGroup);
  RegisterIdentityProviders();
}

void IamProvider::RegisterPolicyOperations(std::string_view kind_name, std::string_view kind) {
  using Method =
      json::value (IamProvider::*)(const RequestContext&, const json::object&, std::string_view);
  const std::string name(kind_name);
  const std::vector<std::pair<std::string, Method>> operations = {
      {"Put" + name + "Policy", &IamProvider::PutInline},
      {"Get" + name + "Policy", &IamProvider::GetInline},
      {"List" + name + "Policies", &IamProvider::ListInline},
      {"Delete" + name + "Policy", &IamProvider::DeleteInline},
      {"Attach" + name + "Policy", &IamProvider::AttachPolicy},
      {"Detach" + name + "Policy", &IamProvider::DetachPolicy},
      {"ListAttached" + name + "Policies", &IamProvider::ListAttached},
  };
  for (const auto& [operation, method] : operations) {
    Register(operation,
             core::Handler([this, method, kind](const RequestContext& ctx, const json::object& in) {
               return (this->*method)(ctx, in, kind);
             }));
  }
}

}  // namespace nimbus::iam
