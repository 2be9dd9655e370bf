// GetAccountAuthorizationDetails: the users, groups, roles and managed policies of the account,
// each with its inline and attached policies, as one answer.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/iam/aws_managed_policies.h"
#include "services/iam/iam_internal.h"
#include "services/iam/iam_provider.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::StringList;

namespace {

// [{"PolicyName": n, "PolicyDocument": <encoded>}, ...]
json::array InlineList(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
                       std::string_view kind, std::string_view name) {
  json::array out;
  for (const auto& [policy_name, document] :
       store.ListInlinePolicies(tx, ctx.scope.account, kind, name)) {
    out.push_back(json::object{{"PolicyName", policy_name},
                               {"PolicyDocument", internal::EncodeDocument(document)}});
  }
  return out;
}

// [{"PolicyName": n, "PolicyArn": arn}, ...]; adds each ARN to `attached`.
json::array AttachedList(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
                         std::string_view kind, std::string_view name,
                         std::set<std::string>& attached) {
  json::array out;
  for (const std::string& arn : store.AttachedPolicies(tx, ctx.scope.account, kind, name)) {
    if (auto policy = internal::ResolvePolicy(store, tx, ctx, arn)) {
      out.push_back(json::object{{"PolicyName", policy->name}, {"PolicyArn", arn}});
      attached.insert(arn);
    }
  }
  return out;
}

}  // namespace

json::value IamProvider::GetAccountAuthorizationDetails(const RequestContext& ctx,
                                                        const json::object& in) {
  const std::vector<std::string> filter = StringList(in, "Filter");
  auto wanted = [&filter](std::string_view type) {
    return filter.empty() || std::find(filter.begin(), filter.end(), type) != filter.end();
  };
  store::Transaction tx = store_.Read();
  const std::string& account = ctx.scope.account;
  std::set<std::string> attached;
  json::array users;
  json::array groups;
  json::array roles;
  for (const EntityRecord& user : store_.ListEntities(tx, account, kUser, "/", "", INT64_MAX)) {
    json::object detail = UserJson(ctx, tx, user, true);
    detail["UserPolicyList"] = InlineList(store_, tx, ctx, kUser, user.name);
    json::array group_names;
    for (const std::string& group_key : store_.GroupsOf(tx, account, user.name)) {
      if (auto group = store_.FindEntity(tx, account, kGroup, group_key)) {
        group_names.emplace_back(group->name);
      }
    }
    detail["GroupList"] = std::move(group_names);
    detail["AttachedManagedPolicies"] = AttachedList(store_, tx, ctx, kUser, user.name, attached);
    if (wanted("User")) users.push_back(std::move(detail));
  }
  for (const EntityRecord& group : store_.ListEntities(tx, account, kGroup, "/", "", INT64_MAX)) {
    json::object detail{{"Path", group.path},
                        {"GroupName", group.name},
                        {"GroupId", group.id},
                        {"Arn", internal::IamArn(ctx, "group", group.path, group.name)},
                        {"CreateDate", EpochSeconds(group.created_millis)}};
    detail["GroupPolicyList"] = InlineList(store_, tx, ctx, kGroup, group.name);
    detail["AttachedManagedPolicies"] = AttachedList(store_, tx, ctx, kGroup, group.name, attached);
    if (wanted("Group")) groups.push_back(std::move(detail));
  }
  const std::vector<EntityRecord> profiles =
      store_.ListEntities(tx, account, kInstanceProfile, "/", "", INT64_MAX);
  for (const EntityRecord& role : store_.ListEntities(tx, account, kRole, "/", "", INT64_MAX)) {
    json::object detail = RoleJson(ctx, tx, role, true);
    // RoleDetail has neither member.
    detail.erase("Description");
    detail.erase("MaxSessionDuration");
    json::array role_profiles;
    for (const EntityRecord& profile : profiles) {
      const json::object extra = internal::Extra(profile);
      const json::value* names = extra.if_contains("Roles");
      if (!names || !names->is_array()) continue;
      for (const json::value& name : names->as_array()) {
        if (name.is_string() && name.as_string() == core::ToLower(role.name)) {
          role_profiles.push_back(InstanceProfileJson(ctx, tx, profile));
        }
      }
    }
    detail["InstanceProfileList"] = std::move(role_profiles);
    detail["RolePolicyList"] = InlineList(store_, tx, ctx, kRole, role.name);
    detail["AttachedManagedPolicies"] = AttachedList(store_, tx, ctx, kRole, role.name, attached);
    if (wanted("Role")) roles.push_back(std::move(detail));
  }
  // Customer managed policies always; AWS managed ones when something of the account uses them.
  std::vector<ManagedPolicyRecord> policies;
  if (wanted("LocalManagedPolicy")) {
    policies = store_.ListPolicies(tx, account, "/", "", INT64_MAX);
  }
  if (wanted("AWSManagedPolicy")) {
    for (const std::string& arn : attached) {
      auto policy = internal::ResolvePolicy(store_, tx, ctx, arn);
      if (policy && !store_.FindPolicy(tx, account, arn)) policies.push_back(*policy);
    }
  }
  json::array policy_list;
  for (const ManagedPolicyRecord& policy : policies) {
    json::array versions;
    if (!store_.FindPolicy(tx, account, policy.arn)) {
      for (const AwsManagedPolicy& aws : AwsManagedPolicies()) {
        if (aws.name != policy.name) continue;
        versions.push_back(json::object{{"Document", internal::EncodeDocument(aws.document)},
                                        {"VersionId", aws.default_version},
                                        {"IsDefaultVersion", true},
                                        {"CreateDate", EpochSeconds(policy.created_millis)}});
      }
    } else {
      for (const PolicyVersionRecord& v : store_.ListVersions(tx, account, policy.arn)) {
        versions.push_back(
            json::object{{"Document", internal::EncodeDocument(v.document)},
                         {"VersionId", v.version_id},
                         {"IsDefaultVersion", v.version_id == policy.default_version},
                         {"CreateDate", EpochSeconds(v.created_millis)}});
      }
    }
    json::object detail{{"PolicyName", policy.name},
                        {"PolicyId", policy.id},
                        {"Arn", policy.arn},
                        {"Path", policy.path},
                        {"DefaultVersionId", policy.default_version},
                        {"AttachmentCount", store_.CountAttachments(tx, account, policy.arn)},
                        {"PermissionsBoundaryUsageCount", 0},
                        {"IsAttachable", true},
                        {"CreateDate", EpochSeconds(policy.created_millis)},
                        {"UpdateDate", EpochSeconds(policy.updated_millis)},
                        {"PolicyVersionList", std::move(versions)}};
    if (!policy.description.empty()) detail["Description"] = policy.description;
    policy_list.push_back(std::move(detail));
  }
  // One listing over the four lists in this order; a page may hold some of each.
  json::object out;
  std::vector<std::pair<std::string_view, json::array*>> lists = {{"UserDetailList", &users},
                                                                  {"GroupDetailList", &groups},
                                                                  {"RoleDetailList", &roles},
                                                                  {"Policies", &policy_list}};
  size_t total = 0;
  for (const auto& [member, list] : lists) total += list->size();
  const internal::Slice slice =
      internal::PageSlice(total, in, "GetAccountAuthorizationDetails", out);
  size_t offset = 0;
  for (const auto& [member, list] : lists) {
    json::array page;
    for (size_t i = 0; i < list->size(); ++i) {
      const size_t position = offset + i;
      if (position >= slice.begin && position < slice.end) page.push_back(std::move((*list)[i]));
    }
    offset += list->size();
    out[member] = std::move(page);
  }
  return out;
}

}  // namespace nimbus::iam
