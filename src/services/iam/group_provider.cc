// IAM groups and their members.
#include <string>
#include <vector>

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
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::IamArn;
using internal::MustFindEntity;

namespace {

json::object GroupJson(const RequestContext& ctx, const EntityRecord& group) {
  return {{"Path", group.path},
          {"GroupName", group.name},
          {"GroupId", group.id},
          {"Arn", IamArn(ctx, "group", group.path, group.name)},
          {"CreateDate", EpochSeconds(group.created_millis)}};
}

}  // namespace

json::value IamProvider::CreateGroup(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "GroupName");
  store::Transaction tx = store_.Begin();
  internal::MustBeNew(store_, tx, ctx, kGroup, name);
  const EntityRecord group{.kind = std::string(kGroup),
                           .name = name,
                           .path = StringOr(in, "Path", "/"),
                           .id = "AGPA" + ids_.UpperAlnum(17),
                           .created_millis = ctx.now_millis};
  store_.InsertEntity(tx, ctx.scope.account, group);
  tx.Commit();
  return json::object{{"Group", GroupJson(ctx, group)}};
}

json::value IamProvider::GetGroup(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const EntityRecord group =
      MustFindEntity(store_, tx, ctx, kGroup, RequiredString(in, "GroupName"));
  json::array users;
  for (const std::string& user_key : store_.MembersOf(tx, ctx.scope.account, group.name)) {
    if (auto user = store_.FindEntity(tx, ctx.scope.account, kUser, user_key)) {
      users.push_back(UserJson(ctx, tx, *user, false));
    }
  }
  json::object out{{"Group", GroupJson(ctx, group)}};
  internal::PageInto(std::move(users), in, "GetGroup", "Users", out);
  return out;
}

json::value IamProvider::ListGroups(const RequestContext& ctx, const json::object& in) {
  const services::KeysetPage page = internal::ReadPage(in, "ListGroups");
  store::Transaction tx = store_.Read();
  std::vector<EntityRecord> groups = store_.ListEntities(
      tx, ctx.scope.account, kGroup, StringOr(in, "PathPrefix", "/"), page.after, page.limit + 1);
  json::object out;
  internal::FinishPage(groups, page, out,
                       [](const EntityRecord& g) { return core::ToLower(g.name); });
  json::array list;
  for (const EntityRecord& group : groups) list.push_back(GroupJson(ctx, group));
  out["Groups"] = std::move(list);
  return out;
}

json::value IamProvider::DeleteGroup(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "GroupName");
  store::Transaction tx = store_.Begin();
  MustFindEntity(store_, tx, ctx, kGroup, name);
  const std::string& account = ctx.scope.account;
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
  if (!store_.MembersOf(tx, account, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must remove users from group first.");
  }
  if (!store_.ListInlinePolicies(tx, account, kGroup, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must delete policies first.");
  }
  if (!store_.AttachedPolicies(tx, account, kGroup, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
  }
  store_.DeleteEntity(tx, account, kGroup, name);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::AddUserToGroup(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const EntityRecord group =
      MustFindEntity(store_, tx, ctx, kGroup, RequiredString(in, "GroupName"));
  const EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, RequiredString(in, "UserName"));
  store_.AddMember(tx, ctx.scope.account, group.name, user.name);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::RemoveUserFromGroup(const RequestContext& ctx, const json::object& in) {
  const std::string user_name = RequiredString(in, "UserName");
  store::Transaction tx = store_.Begin();
  const EntityRecord group =
      MustFindEntity(store_, tx, ctx, kGroup, RequiredString(in, "GroupName"));
  MustFindEntity(store_, tx, ctx, kUser, user_name);
  if (!store_.RemoveMember(tx, ctx.scope.account, group.name, user_name)) {
    throw AwsError("NoSuchEntity", "The user with name " + user_name +
                                       " cannot be found in group " + group.name + ".");
  }
  tx.Commit();
  return json::object{};
}

json::value IamProvider::ListGroupsForUser(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, RequiredString(in, "UserName"));
  json::array list;
  for (const std::string& group_key : store_.GroupsOf(tx, ctx.scope.account, user.name)) {
    if (auto group = store_.FindEntity(tx, ctx.scope.account, kGroup, group_key)) {
      list.push_back(GroupJson(ctx, *group));
    }
  }
  json::object out;
  internal::PageInto(std::move(list), in, "ListGroupsForUser", "Groups", out);
  return out;
}

}  // namespace nimbus::iam
