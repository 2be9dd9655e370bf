// Groups and group memberships.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/identitystore/identity_internal.h"
#include "services/identitystore/identitystore_provider.h"

namespace nimbus::identitystore {

namespace json = boost::json;
using core::protocol::OptArray;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AuditJson;
using internal::CreatedAudit;
using internal::Invalid;
using internal::MemberUserId;
using internal::NotFound;
using internal::Page;
using internal::ReadAlternateIdentifier;
using internal::ReadFilter;
using internal::ReadPage;
using internal::TouchAudit;
using internal::UniqueAttribute;
using internal::UniquenessConflict;
using store::Transaction;

namespace {

json::object GroupJson(std::string_view store_id, const GroupRecord& group) {
  json::object out{{"GroupId", group.group_id},
                   {"DisplayName", group.display_name},
                   {"IdentityStoreId", store_id}};
  if (group.description) out["Description"] = *group.description;
  return AuditJson(std::move(out), group.audit);
}

json::object MembershipJson(std::string_view store_id, const MembershipRecord& m) {
  return AuditJson(json::object{{"IdentityStoreId", store_id},
                                {"MembershipId", m.membership_id},
                                {"GroupId", m.group_id},
                                {"MemberId", json::object{{"UserId", m.user_id}}}},
                   m.audit);
}

// A page of GroupMemberships from `rows`, read with one row more than the page holds.
json::object MembershipPage(std::string_view store_id, std::vector<MembershipRecord> rows,
                            const Page& page) {
  json::object out;
  services::FinishKeysetPage(rows, page, out,
                             [](const MembershipRecord& m) { return m.membership_id; });
  json::array list;
  for (const MembershipRecord& m : rows) list.push_back(MembershipJson(store_id, m));
  out["GroupMemberships"] = std::move(list);
  return out;
}

}  // namespace

json::value IdentityStoreProvider::CreateGroup(const core::RequestContext& ctx,
                                               const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::optional<std::string> display_name = OptString(in, "DisplayName");
  if (!display_name) Invalid("displayName: The attribute displayName is required");
  Transaction tx = store_.Begin();
  if (store_.FindGroupByName(tx, ctx.scope, store_id, *display_name)) {
    UniquenessConflict("Duplicate GroupDisplayName");
  }
  GroupRecord group{.group_id = NewId(store_id),
                    .display_name = *display_name,
                    .description = OptString(in, "Description"),
                    .audit = CreatedAudit(ctx)};
  store_.InsertGroup(tx, ctx.scope, store_id, group);
  tx.Commit();
  return json::object{{"GroupId", group.group_id}, {"IdentityStoreId", store_id}};
}

json::value IdentityStoreProvider::DescribeGroup(const core::RequestContext& ctx,
                                                 const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string group_id = RequiredString(in, "GroupId");
  Transaction tx = store_.Read();
  std::optional<GroupRecord> group = store_.FindGroup(tx, ctx.scope, store_id, group_id);
  if (!group) NotFound("GROUP", group_id);
  return GroupJson(store_id, *group);
}

json::value IdentityStoreProvider::ListGroups(const core::RequestContext& ctx,
                                              const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::optional<std::string> display_name = ReadFilter(in, "displayname");
  const Page page = ReadPage(in, "ListGroups");
  Transaction tx = store_.Read();
  std::vector<GroupRecord> rows =
      store_.ListGroups(tx, ctx.scope, store_id, display_name, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const GroupRecord& g) { return g.group_id; });
  json::array groups;
  for (const GroupRecord& g : rows) groups.push_back(GroupJson(store_id, g));
  out["Groups"] = std::move(groups);
  return out;
}

json::value IdentityStoreProvider::UpdateGroup(const core::RequestContext& ctx,
                                               const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string group_id = RequiredString(in, "GroupId");
  Transaction tx = store_.Begin();
  std::optional<GroupRecord> group = store_.FindGroup(tx, ctx.scope, store_id, group_id);
  if (!group) NotFound("GROUP", group_id);
  const std::string old_name = group->display_name;
  for (const json::value& op_value : *OptArray(in, "Operations")) {
    const json::object& op = op_value.as_object();
    const std::string path = RequiredString(op, "AttributePath");
    const json::value* value = op.if_contains("AttributeValue");
    const bool remove = !value || value->is_null();
    const std::string lower = core::ToLower(path);
    if (lower != "displayname" && lower != "description") {
      Invalid("Invalid attribute path " + path + ".");
    }
    if (remove) {
      if (lower == "displayname") {
        Invalid("The attribute " + path + " is required and cannot be removed.");
      }
      group->description.reset();
      continue;
    }
    if (!value->is_string() || value->get_string().empty()) {
      Invalid("Invalid value for attribute " + path + ".");
    }
    if (lower == "displayname") {
      group->display_name = std::string(value->get_string());
    } else {
      group->description = std::string(value->get_string());
    }
  }
  if (group->display_name != old_name &&
      store_.FindGroupByName(tx, ctx.scope, store_id, group->display_name)) {
    UniquenessConflict("Duplicate GroupDisplayName");
  }
  TouchAudit(group->audit, ctx);
  store_.UpdateGroup(tx, ctx.scope, store_id, *group);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::DeleteGroup(const core::RequestContext& ctx,
                                               const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string group_id = RequiredString(in, "GroupId");
  Transaction tx = store_.Begin();
  if (!store_.FindGroup(tx, ctx.scope, store_id, group_id)) NotFound("GROUP", group_id);
  store_.DeleteGroup(tx, ctx.scope, store_id, group_id);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::GetGroupId(const core::RequestContext& ctx,
                                              const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::optional<UniqueAttribute> unique = ReadAlternateIdentifier(in);
  Transaction tx = store_.Read();
  std::optional<GroupRecord> group;
  if (unique) {
    if (unique->path_lower != "displayname") {
      Invalid("The attribute " + unique->path_lower + " is not a unique attribute");
    }
    group = store_.FindGroupByName(tx, ctx.scope, store_id, unique->value);
  }
  if (!group) NotFound("GROUP");
  return json::object{{"GroupId", group->group_id}, {"IdentityStoreId", store_id}};
}

json::value IdentityStoreProvider::CreateGroupMembership(const core::RequestContext& ctx,
                                                         const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string group_id = RequiredString(in, "GroupId");
  const std::string user_id = MemberUserId(in);
  Transaction tx = store_.Begin();
  if (!store_.FindGroup(tx, ctx.scope, store_id, group_id)) NotFound("GROUP", group_id);
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER", user_id);
  if (store_.FindMembershipOf(tx, ctx.scope, store_id, group_id, user_id)) {
    UniquenessConflict("Member and Group relationship already exists.");
  }
  MembershipRecord membership{.membership_id = NewId(store_id),
                              .group_id = group_id,
                              .user_id = user_id,
                              .audit = CreatedAudit(ctx)};
  store_.InsertMembership(tx, ctx.scope, store_id, membership);
  tx.Commit();
  return json::object{{"MembershipId", membership.membership_id}, {"IdentityStoreId", store_id}};
}

json::value IdentityStoreProvider::DescribeGroupMembership(const core::RequestContext& ctx,
                                                           const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string membership_id = RequiredString(in, "MembershipId");
  Transaction tx = store_.Read();
  std::optional<MembershipRecord> m = store_.FindMembership(tx, ctx.scope, store_id, membership_id);
  if (!m) NotFound("GROUP_MEMBERSHIP", membership_id);
  return MembershipJson(store_id, *m);
}

json::value IdentityStoreProvider::DeleteGroupMembership(const core::RequestContext& ctx,
                                                         const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string membership_id = RequiredString(in, "MembershipId");
  Transaction tx = store_.Begin();
  if (!store_.FindMembership(tx, ctx.scope, store_id, membership_id)) {
    NotFound("GROUP_MEMBERSHIP", membership_id);
  }
  store_.DeleteMembership(tx, ctx.scope, store_id, membership_id);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::ListGroupMemberships(const core::RequestContext& ctx,
                                                        const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string group_id = RequiredString(in, "GroupId");
  const Page page = ReadPage(in, "ListGroupMemberships");
  Transaction tx = store_.Read();
  if (!store_.FindGroup(tx, ctx.scope, store_id, group_id)) NotFound("GROUP", group_id);
  std::vector<MembershipRecord> rows =
      store_.ListMembershipsOfGroup(tx, ctx.scope, store_id, group_id, page.after, page.limit + 1);
  return MembershipPage(store_id, std::move(rows), page);
}

json::value IdentityStoreProvider::ListGroupMembershipsForMember(const core::RequestContext& ctx,
                                                                 const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string user_id = MemberUserId(in);
  const Page page = ReadPage(in, "ListGroupMembershipsForMember");
  Transaction tx = store_.Read();
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER", user_id);
  std::vector<MembershipRecord> rows =
      store_.ListMembershipsOfUser(tx, ctx.scope, store_id, user_id, page.after, page.limit + 1);
  return MembershipPage(store_id, std::move(rows), page);
}

json::value IdentityStoreProvider::IsMemberInGroups(const core::RequestContext& ctx,
                                                    const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string user_id = MemberUserId(in);
  Transaction tx = store_.Read();
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER", user_id);
  json::array results;
  for (const json::value& group : *OptArray(in, "GroupIds")) {
    const std::string group_id(group.as_string());
    const bool exists =
        store_.FindMembershipOf(tx, ctx.scope, store_id, group_id, user_id).has_value();
    results.push_back(json::object{{"GroupId", group_id},
                                   {"MemberId", json::object{{"UserId", user_id}}},
                                   {"MembershipExists", exists}});
  }
  return json::object{{"Results", std::move(results)}};
}

json::value IdentityStoreProvider::GetGroupMembershipId(const core::RequestContext& ctx,
                                                        const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string group_id = RequiredString(in, "GroupId");
  const std::string user_id = MemberUserId(in);
  Transaction tx = store_.Read();
  std::optional<MembershipRecord> m =
      store_.FindMembershipOf(tx, ctx.scope, store_id, group_id, user_id);
  if (!m) NotFound("GROUP_MEMBERSHIP");
  return json::object{{"MembershipId", m->membership_id}, {"IdentityStoreId", store_id}};
}

}  // namespace nimbus::identitystore
