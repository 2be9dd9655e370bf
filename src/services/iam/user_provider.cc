// IAM users, their tags and their access keys.
#include <set>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/iam/iam_internal.h"
#include "services/iam/iam_provider.h"

namespace nimbus::iam {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using core::protocol::StringOr;
using internal::IamArn;
using internal::MustFindEntity;

namespace {

constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kMaxTags = 50;
constexpr size_t kMaxAccessKeys = 2;

// IAM asks for a user name when the caller is not an IAM user (the root user has no name).
[[noreturn]] void NeedUserName() {
  throw AwsError("ValidationError", "Must specify userName when calling with non-User credentials",
                 400);
}

// The name of the caller when it is an IAM user ("user/path/name"), else nullopt.
std::optional<std::string> CallerUserName(const RequestContext& ctx) {
  const std::optional<core::ParsedArn> arn = core::ParseArn(ctx.caller.arn);
  if (!arn || arn->service != "iam" || arn->resource.substr(0, 5) != "user/") return std::nullopt;
  return arn->resource.substr(arn->resource.rfind('/') + 1);
}

// UserName of the request, or the calling user's.
std::string UserNameOrCaller(const RequestContext& ctx, const json::object& in) {
  if (std::optional<std::string> name = OptString(in, "UserName")) return *name;
  if (std::optional<std::string> caller = CallerUserName(ctx)) return *caller;
  NeedUserName();
}

json::object KeyMetadata(const AccessKeyRecord& key) {
  return {{"UserName", key.user_name},
          {"AccessKeyId", key.access_key_id},
          {"Status", key.status},
          {"CreateDate", EpochSeconds(key.created_millis)}};
}

// Checks that user `name` exists and has the access key `key_id`: NoSuchEntity otherwise.
void MustFindUsersKey(IamStore& store, store::Transaction& tx, const RequestContext& ctx,
                      std::string_view name, const std::string& key_id) {
  MustFindEntity(store, tx, ctx, kUser, name);
  const std::optional<AccessKeyRecord> key = store.FindAccessKey(tx, ctx.scope.account, key_id);
  if (!key || core::ToLower(key->user_name) != core::ToLower(name)) {
    throw AwsError("NoSuchEntity", "The Access Key with id " + key_id + " cannot be found.");
  }
}

// The default password policy of an account without one of its own: at least 8 characters and
// three of the four kinds (uppercase, lowercase, digits, symbols):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
void CheckPassword(std::string_view password) {
  constexpr size_t kMinLength = 8;
  constexpr int kMinKinds = 3;
  bool upper = false;
  bool lower = false;
  bool digit = false;
  bool symbol = false;
  for (const char c : password) {
    if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      symbol = true;
    }
  }
  const int kinds = int{upper} + int{lower} + int{digit} + int{symbol};
  if (password.size() < kMinLength || kinds < kMinKinds) {
    throw AwsError("PasswordPolicyViolation",
                   "Password does not conform to the account password policy.");
  }
}

// The user's login profile ({"CreateDate": millis, "PasswordResetRequired": bool}), or nullptr.
const json::object* LoginProfileOf(const json::object& extra) {
  const json::value* profile = extra.if_contains("LoginProfile");
  return profile && profile->is_object() ? &profile->as_object() : nullptr;
}

[[noreturn]] void NoLoginProfile(std::string_view user) {
  throw AwsError("NoSuchEntity",
                 "Login Profile for User " + std::string(user) + " cannot be found.");
}

}  // namespace

json::object IamProvider::UserJson(const RequestContext& ctx, store::Transaction& tx,
                                   const EntityRecord& user, bool tags) {
  json::object out{{"Path", user.path},
                   {"UserName", user.name},
                   {"UserId", user.id},
                   {"Arn", IamArn(ctx, "user", user.path, user.name)},
                   {"CreateDate", EpochSeconds(user.created_millis)}};
  const json::object extra = internal::Extra(user);
  if (const json::value* boundary = extra.if_contains("PermissionsBoundary")) {
    out["PermissionsBoundary"] =
        json::object{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", *boundary}};
  }
  if (tags) {
    auto list = store_.ListTags(tx, ctx.scope.account, kUser, user.name);
    if (!list.empty()) out["Tags"] = internal::TagsJson(list);
  }
  return out;
}

json::value IamProvider::CreateUser(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "UserName");
  const auto tags = internal::ReadTags(in);
  if (tags.size() > kMaxTags) {
    throw AwsError("LimitExceeded", "Cannot exceed quota for TagsPerUser: 50.");
  }
  store::Transaction tx = store_.Begin();
  internal::MustBeNew(store_, tx, ctx, kUser, name);
  EntityRecord user{.kind = std::string(kUser),
                    .name = name,
                    .path = StringOr(in, "Path", "/"),
                    .id = "AIDA" + ids_.UpperAlnum(17),
                    .created_millis = ctx.now_millis};
  if (std::optional<std::string> boundary = OptString(in, "PermissionsBoundary")) {
    user.extra_json = json::serialize(json::object{{"PermissionsBoundary", *boundary}});
  }
  store_.InsertEntity(tx, ctx.scope.account, user);
  for (const auto& [key, value] : tags)
    store_.PutTag(tx, ctx.scope.account, kUser, name, key, value);
  json::object out{{"User", UserJson(ctx, tx, user, true)}};
  tx.Commit();
  return out;
}

json::value IamProvider::GetUser(const RequestContext& ctx, const json::object& in) {
  std::optional<std::string> name = OptString(in, "UserName");
  if (!name) name = CallerUserName(ctx);
  if (!name) {
    const std::optional<core::ParsedArn> arn = core::ParseArn(ctx.caller.arn);
    if (ctx.caller.arn.empty() || (arn && arn->resource == "root")) {
      // The root user answers with its account id and ARN, without a name or path.
      return json::object{{"User", json::object{{"UserId", ctx.scope.account},
                                                {"Arn", core::GlobalArn(ctx.scope, "iam", "root")},
                                                {"CreateDate", EpochSeconds(ctx.now_millis)}}}};
    }
    NeedUserName();
  }
  store::Transaction tx = store_.Read();
  const EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, *name);
  return json::object{{"User", UserJson(ctx, tx, user, true)}};
}

json::value IamProvider::ListUsers(const RequestContext& ctx, const json::object& in) {
  const services::KeysetPage page = internal::ReadPage(in, "ListUsers");
  store::Transaction tx = store_.Read();
  std::vector<EntityRecord> users = store_.ListEntities(
      tx, ctx.scope.account, kUser, StringOr(in, "PathPrefix", "/"), page.after, page.limit + 1);
  json::object out;
  internal::FinishPage(users, page, out,
                       [](const EntityRecord& u) { return core::ToLower(u.name); });
  json::array list;
  for (const EntityRecord& user : users) list.push_back(UserJson(ctx, tx, user, false));
  out["Users"] = std::move(list);
  return out;
}

json::value IamProvider::UpdateUser(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "UserName");
  store::Transaction tx = store_.Begin();
  EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  if (std::optional<std::string> new_name = OptString(in, "NewUserName")) {
    if (core::ToLower(*new_name) != core::ToLower(user.name)) {
      internal::MustBeNew(store_, tx, ctx, kUser, *new_name);
    }
    user.name = *new_name;
  }
  if (std::optional<std::string> new_path = OptString(in, "NewPath")) user.path = *new_path;
  store_.UpdateEntity(tx, ctx.scope.account, name, user);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::DeleteUser(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "UserName");
  store::Transaction tx = store_.Begin();
  const EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  const std::string& account = ctx.scope.account;
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html: everything the
  // user has must be removed first.
  if (LoginProfileOf(internal::Extra(user))) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must delete login profile first.");
  }
  if (!store_.ListAccessKeys(tx, account, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must delete access keys first.");
  }
  if (!store_.ListInlinePolicies(tx, account, kUser, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must delete policies first.");
  }
  if (!store_.AttachedPolicies(tx, account, kUser, name).empty()) {
    throw AwsError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
  }
  if (!store_.GroupsOf(tx, account, name).empty()) {
    throw AwsError("DeleteConflict",
                   "Cannot delete entity, must remove user from all groups first.");
  }
  store_.DeleteEntity(tx, account, kUser, name);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::TagEntity(const RequestContext& ctx, const json::object& in,
                                   std::string_view kind, std::string_view name) {
  const auto tags = internal::ReadTags(in);
  store::Transaction tx = store_.Begin();
  MustFindEntity(store_, tx, ctx, kind, name);
  std::set<std::string> keys;
  for (const auto& [key, value] : store_.ListTags(tx, ctx.scope.account, kind, name)) {
    keys.insert(key);
  }
  for (const auto& [key, value] : tags) keys.insert(key);
  if (keys.size() > kMaxTags) {
    const std::string noun = kind == kUser ? "User" : kind == kRole ? "Role" : "InstanceProfile";
    throw AwsError("LimitExceeded", "Cannot exceed quota for TagsPer" + noun + ": 50.");
  }
  for (const auto& [key, value] : tags)
    store_.PutTag(tx, ctx.scope.account, kind, name, key, value);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::UntagEntity(const RequestContext& ctx, const json::object& in,
                                     std::string_view kind, std::string_view name) {
  store::Transaction tx = store_.Begin();
  MustFindEntity(store_, tx, ctx, kind, name);
  for (const std::string& key : StringList(in, "TagKeys")) {
    store_.DeleteTag(tx, ctx.scope.account, kind, name, key);
  }
  tx.Commit();
  return json::object{};
}

json::value IamProvider::ListEntityTags(const RequestContext& ctx, const json::object& in,
                                        std::string_view kind, std::string_view name) {
  store::Transaction tx = store_.Read();
  MustFindEntity(store_, tx, ctx, kind, name);
  json::object out;
  internal::PageInto(internal::TagsJson(store_.ListTags(tx, ctx.scope.account, kind, name)), in,
                     "List" + std::string(kind) + "Tags", "Tags", out);
  return out;
}

json::value IamProvider::TagUser(const RequestContext& ctx, const json::object& in) {
  return TagEntity(ctx, in, kUser, RequiredString(in, "UserName"));
}

json::value IamProvider::UntagUser(const RequestContext& ctx, const json::object& in) {
  return UntagEntity(ctx, in, kUser, RequiredString(in, "UserName"));
}

json::value IamProvider::ListUserTags(const RequestContext& ctx, const json::object& in) {
  return ListEntityTags(ctx, in, kUser, RequiredString(in, "UserName"));
}

json::value IamProvider::CreateAccessKey(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  store::Transaction tx = store_.Begin();
  const EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  if (store_.ListAccessKeys(tx, ctx.scope.account, name).size() >= kMaxAccessKeys) {
    throw AwsError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
  }
  const AccessKeyRecord key{.access_key_id = "AKIA" + ids_.UpperAlnum(16),
                            .secret_access_key = ids_.Random(40, kSecretAlphabet),
                            .user_name = user.name,
                            .status = "Active",
                            .created_millis = ctx.now_millis};
  store_.InsertAccessKey(tx, ctx.scope.account, key);
  tx.Commit();
  json::object out = KeyMetadata(key);
  out["SecretAccessKey"] = key.secret_access_key;
  return json::object{{"AccessKey", std::move(out)}};
}

json::value IamProvider::ListAccessKeys(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  store::Transaction tx = store_.Read();
  MustFindEntity(store_, tx, ctx, kUser, name);
  json::array list;
  for (const AccessKeyRecord& key : store_.ListAccessKeys(tx, ctx.scope.account, name)) {
    list.push_back(KeyMetadata(key));
  }
  json::object out;
  internal::PageInto(std::move(list), in, "ListAccessKeys", "AccessKeyMetadata", out);
  return out;
}

json::value IamProvider::UpdateAccessKey(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  const std::string key_id = RequiredString(in, "AccessKeyId");
  store::Transaction tx = store_.Begin();
  MustFindUsersKey(store_, tx, ctx, name, key_id);
  store_.SetAccessKeyStatus(tx, key_id, RequiredString(in, "Status"));
  tx.Commit();
  return json::object{};
}

json::value IamProvider::DeleteAccessKey(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  const std::string key_id = RequiredString(in, "AccessKeyId");
  store::Transaction tx = store_.Begin();
  MustFindUsersKey(store_, tx, ctx, name, key_id);
  store_.DeleteAccessKey(tx, key_id);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::GetAccessKeyLastUsed(const RequestContext& ctx, const json::object& in) {
  const std::string key_id = RequiredString(in, "AccessKeyId");
  store::Transaction tx = store_.Read();
  const std::optional<AccessKeyRecord> key = store_.FindAccessKey(tx, ctx.scope.account, key_id);
  if (!key) {
    throw AwsError("AccessDenied", "The access key with id " + key_id + " cannot be found.", 403);
  }
  // nimbus does not record the use of keys: IAM answers N/A for a key never used.
  return json::object{
      {"UserName", key->user_name},
      {"AccessKeyLastUsed", json::object{{"ServiceName", "N/A"}, {"Region", "N/A"}}}};
}

json::value IamProvider::CreateLoginProfile(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  store::Transaction tx = store_.Begin();
  EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  json::object extra = internal::Extra(user);
  if (LoginProfileOf(extra)) {
    throw AwsError("EntityAlreadyExists",
                   "Login Profile for user " + user.name + " already exists.");
  }
  CheckPassword(RequiredString(in, "Password"));
  const bool reset = core::protocol::BoolOr(in, "PasswordResetRequired", false);
  extra["LoginProfile"] =
      json::object{{"CreateDate", ctx.now_millis}, {"PasswordResetRequired", reset}};
  user.extra_json = json::serialize(extra);
  store_.UpdateEntity(tx, ctx.scope.account, name, user);
  tx.Commit();
  return json::object{{"LoginProfile", json::object{{"UserName", user.name},
                                                    {"CreateDate", EpochSeconds(ctx.now_millis)},
                                                    {"PasswordResetRequired", reset}}}};
}

json::value IamProvider::GetLoginProfile(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  store::Transaction tx = store_.Read();
  const EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  const json::object extra = internal::Extra(user);
  const json::object* profile = LoginProfileOf(extra);
  if (!profile) NoLoginProfile(user.name);
  return json::object{
      {"LoginProfile",
       json::object{{"UserName", user.name},
                    {"CreateDate", EpochSeconds(profile->at("CreateDate").to_number<int64_t>())},
                    {"PasswordResetRequired", profile->at("PasswordResetRequired")}}}};
}

json::value IamProvider::UpdateLoginProfile(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "UserName");
  store::Transaction tx = store_.Begin();
  EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  json::object extra = internal::Extra(user);
  if (!LoginProfileOf(extra)) NoLoginProfile(user.name);
  if (std::optional<std::string> password = OptString(in, "Password")) CheckPassword(*password);
  if (const json::value* reset = in.if_contains("PasswordResetRequired");
      reset && reset->is_bool()) {
    extra["LoginProfile"].as_object()["PasswordResetRequired"] = reset->as_bool();
  }
  user.extra_json = json::serialize(extra);
  store_.UpdateEntity(tx, ctx.scope.account, name, user);
  tx.Commit();
  return json::object{};
}

json::value IamProvider::DeleteLoginProfile(const RequestContext& ctx, const json::object& in) {
  const std::string name = UserNameOrCaller(ctx, in);
  store::Transaction tx = store_.Begin();
  EntityRecord user = MustFindEntity(store_, tx, ctx, kUser, name);
  json::object extra = internal::Extra(user);
  if (!LoginProfileOf(extra)) NoLoginProfile(user.name);
  extra.erase("LoginProfile");
  user.extra_json = json::serialize(extra);
  store_.UpdateEntity(tx, ctx.scope.account, name, user);
  tx.Commit();
  return json::object{};
}

}  // namespace nimbus::iam
