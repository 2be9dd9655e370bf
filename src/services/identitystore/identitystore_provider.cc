#include "services/identitystore/identitystore_provider.h"

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"

namespace nimbus::identitystore {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using store::Transaction;

namespace {

constexpr int64_t kDefaultMaxResults = 100;

[[noreturn]] void NotFound(std::string_view type) {
  throw AwsError("ResourceNotFoundException", std::string(type) + " not found.");
}

[[noreturn]] void Invalid(std::string message) {
  throw AwsError("ValidationException", std::move(message));
}

[[noreturn]] void Conflict(std::string message) {
  throw AwsError("ConflictException", std::move(message));
}

// ---- paging ----

using Page = services::KeysetPage;

// Each listing's tokens are its own: `kind` is the operation's name.
Page ReadPage(const json::object& in, std::string_view kind) {
  std::optional<Page> page = services::ReadKeysetPage(in, kind, kDefaultMaxResults);
  if (!page) {
    Invalid("The given pagination token is invalid.");
  }
  return *page;
}

// ---- user attributes ----

enum class Kind { kString, kName, kList };

struct Attribute {
  std::string_view lower;   // attribute path, lowercased ("displayname")
  std::string_view member;  // model member ("DisplayName")
  Kind kind;
};

constexpr std::array<Attribute, 17> kUserAttributes = {{
    {"username", "UserName", Kind::kString},
    {"displayname", "DisplayName", Kind::kString},
    {"nickname", "NickName", Kind::kString},
    {"profileurl", "ProfileUrl", Kind::kString},
    {"usertype", "UserType", Kind::kString},
    {"title", "Title", Kind::kString},
    {"preferredlanguage", "PreferredLanguage", Kind::kString},
    {"locale", "Locale", Kind::kString},
    {"timezone", "Timezone", Kind::kString},
    {"website", "Website", Kind::kString},
    {"birthdate", "Birthdate", Kind::kString},
    {"name", "Name", Kind::kName},
    {"emails", "Emails", Kind::kList},
    {"addresses", "Addresses", Kind::kList},
    {"phonenumbers", "PhoneNumbers", Kind::kList},
    {"photos", "Photos", Kind::kList},
    {"roles", "Roles", Kind::kList},
}};

// Members of Name and of the list items (Email, Address, PhoneNumber, Photo, Role).
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kSubMembers = {{
    {"formatted", "Formatted"},
    {"familyname", "FamilyName"},
    {"givenname", "GivenName"},
    {"middlename", "MiddleName"},
    {"honorificprefix", "HonorificPrefix"},
    {"honorificsuffix", "HonorificSuffix"},
    {"value", "Value"},
    {"type", "Type"},
    {"primary", "Primary"},
    {"display", "Display"},
    {"streetaddress", "StreetAddress"},
    {"locality", "Locality"},
    {"region", "Region"},
    {"postalcode", "PostalCode"},
    {"country", "Country"},
}};

constexpr std::string_view kEnterpriseExtension = "aws:identitystore:enterprise";

const Attribute* FindAttribute(std::string_view lower) {
  for (const Attribute& a : kUserAttributes) {
    if (a.lower == lower) return &a;
  }
  return nullptr;
}

std::optional<std::string_view> SubMember(std::string_view key) {
  const std::string lower = core::ToLower(key);
  for (const auto& [l, member] : kSubMembers) {
    if (l == lower) return member;
  }
  return std::nullopt;
}

// `value` with its keys spelled as the model's members; ValidationException for unknown keys.
json::object NormalizeObject(const json::value& value, std::string_view path) {
  if (!value.is_object()) Invalid("Invalid value for attribute " + std::string(path) + ".");
  json::object out;
  for (const auto& [key, v] : value.get_object()) {
    std::optional<std::string_view> member = SubMember(key);
    if (!member) {
      Invalid("Invalid attribute path " + std::string(path) + "." + std::string(key) + ".");
    }
    out[*member] = v;
  }
  return out;
}

// The stored form of attribute `a` set to `value` (from UpdateUser).
json::value NormalizeAttribute(const Attribute& a, const json::value& value,
                               std::string_view path) {
  switch (a.kind) {
    case Kind::kString:
      if (!value.is_string() || value.get_string().empty()) {
        Invalid("Invalid value for attribute " + std::string(path) + ".");
      }
      return value;
    case Kind::kName:
      return NormalizeObject(value, path);
    case Kind::kList: {
      json::array out;
      if (value.is_array()) {
        for (const json::value& item : value.get_array()) {
          out.push_back(NormalizeObject(item, path));
        }
      } else {
        out.push_back(NormalizeObject(value, path));
      }
      return out;
    }
  }
  return value;
}

std::optional<std::string> PrimaryEmail(const json::object& attributes) {
  const json::array* emails = OptArray(attributes, "Emails");
  if (!emails || emails->empty()) return std::nullopt;
  const json::value& first = emails->front();
  if (!first.is_object()) return std::nullopt;
  const json::value* value = first.get_object().if_contains("Value");
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// CreateUser's required attributes, as IAM Identity Center enforces them.
void RequireUserAttributes(const json::object& attributes) {
  auto has_string = [](const json::object& o, std::string_view k) {
    return OptString(o, k).has_value();
  };
  if (!has_string(attributes, "UserName")) Invalid("userName is a required attribute");
  std::vector<std::string> missing;
  if (!has_string(attributes, "DisplayName")) missing.emplace_back("displayname");
  const json::object* name = OptObject(attributes, "Name");
  if (!name) {
    missing.emplace_back("name");
  } else {
    if (!has_string(*name, "GivenName")) missing.emplace_back("givenname");
    if (!has_string(*name, "FamilyName")) missing.emplace_back("familyname");
  }
  if (!missing.empty()) {
    std::string message;
    for (const std::string& m : missing) {
      if (!message.empty()) message += ", ";
      message += m + ": The attribute " + m + " is required";
    }
    Invalid(message);
  }
}

json::object AuditJson(json::object out, const Audit& audit) {
  out["CreatedAt"] = EpochSeconds(audit.created_millis);
  out["CreatedBy"] = audit.created_by;
  out["UpdatedAt"] = EpochSeconds(audit.updated_millis);
  out["UpdatedBy"] = audit.updated_by;
  return out;
}

json::object UserJson(std::string_view store_id, const UserRecord& user,
                      const json::array* extension_names) {
  json::object attributes = json::parse(user.attributes_json).as_object();
  json::object out{{"IdentityStoreId", store_id}, {"UserId", user.user_id}};
  for (const auto& [key, value] : attributes) {
    if (key != "Extensions") out[key] = value;
  }
  out["UserStatus"] = "ENABLED";
  // Extensions come back only when asked for by name.
  const json::object* stored = OptObject(attributes, "Extensions");
  if (extension_names && stored) {
    json::object extensions;
    for (const json::value& name : *extension_names) {
      if (const json::value* v = stored->if_contains(name.as_string())) {
        extensions[name.as_string()] = *v;
      }
    }
    if (!extensions.empty()) out["Extensions"] = std::move(extensions);
  }
  return AuditJson(std::move(out), user.audit);
}

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

// MemberId is a union whose one member today is UserId.
std::string MemberUserId(const json::object& in) {
  const json::object* member = OptObject(in, "MemberId");
  std::optional<std::string> user_id = member ? OptString(*member, "UserId") : std::nullopt;
  if (!user_id) Invalid("MemberId must contain a UserId.");
  return *user_id;
}

struct UniqueAttribute {
  std::string path_lower;
  std::string value;
};

// AlternateIdentifier.UniqueAttribute, or nullopt for an ExternalId (never stored: users and
// groups made through this API have no external ids).
std::optional<UniqueAttribute> ReadAlternateIdentifier(const json::object& in) {
  const json::object* alternate = OptObject(in, "AlternateIdentifier");
  if (!alternate) Invalid("AlternateIdentifier is required.");
  const json::object* unique = OptObject(*alternate, "UniqueAttribute");
  if (!unique) {
    if (!OptObject(*alternate, "ExternalId")) {
      Invalid("AlternateIdentifier must contain ExternalId or UniqueAttribute.");
    }
    return std::nullopt;
  }
  const std::string path = RequiredString(*unique, "AttributePath");
  const std::optional<std::string> value = OptString(*unique, "AttributeValue");
  if (!value) Invalid("attribute value cannot be empty or null for attribute path " + path);
  return UniqueAttribute{core::ToLower(path), *value};
}

// The deprecated Filters of ListUsers/ListGroups: at most one, on `allowed` (lowercase).
std::optional<std::string> ReadFilter(const json::object& in, std::string_view allowed) {
  const json::array* filters = OptArray(in, "Filters");
  if (!filters || filters->empty()) return std::nullopt;
  const json::object& filter = filters->front().as_object();
  const std::string path = RequiredString(filter, "AttributePath");
  if (core::ToLower(path) != allowed) {
    Invalid("The attribute path " + path + " is not a supported filter attribute.");
  }
  return RequiredString(filter, "AttributeValue");
}

}  // namespace

IdentityStoreProvider::IdentityStoreProvider(Runtime& rt) : rt_(rt), store_(rt.db) {
#define NIMBUS_IDS_OP(name) \
  Register(#name, [this](const Ctx& ctx, const In& in) { return name(ctx, in); })
  NIMBUS_IDS_OP(CreateUser);
  NIMBUS_IDS_OP(DescribeUser);
  NIMBUS_IDS_OP(ListUsers);
  NIMBUS_IDS_OP(UpdateUser);
  NIMBUS_IDS_OP(DeleteUser);
  NIMBUS_IDS_OP(GetUserId);
  NIMBUS_IDS_OP(CreateGroup);
  NIMBUS_IDS_OP(DescribeGroup);
  NIMBUS_IDS_OP(ListGroups);
  NIMBUS_IDS_OP(UpdateGroup);
  NIMBUS_IDS_OP(DeleteGroup);
  NIMBUS_IDS_OP(GetGroupId);
  NIMBUS_IDS_OP(CreateGroupMembership);
  NIMBUS_IDS_OP(DescribeGroupMembership);
  NIMBUS_IDS_OP(DeleteGroupMembership);
  NIMBUS_IDS_OP(ListGroupMemberships);
  NIMBUS_IDS_OP(ListGroupMembershipsForMember);
  NIMBUS_IDS_OP(IsMemberInGroups);
  NIMBUS_IDS_OP(GetGroupMembershipId);
#undef NIMBUS_IDS_OP
}

bool IdentityStoreProvider::PrincipalExists(const core::Scope& scope,
                                            std::string_view identity_store_id,
                                            std::string_view principal_type,
                                            std::string_view principal_id) {
  Transaction tx = store_.Read();
  if (principal_type == "USER") {
    return store_.FindUser(tx, scope, identity_store_id, principal_id).has_value();
  }
  if (principal_type == "GROUP") {
    return store_.FindGroup(tx, scope, identity_store_id, principal_id).has_value();
  }
  return false;
}

// Stores named d-<10 hex> give their resources ids "<those 10 hex>-<uuid>", as AWS does.
std::string IdentityStoreProvider::NewId(std::string_view store_id) {
  if (core::StartsWith(store_id, "d-")) {
    return std::string(store_id.substr(2)) + "-" + rt_.ids.Uuid();
  }
  return rt_.ids.Uuid();
}

// ---- users ----

json::value IdentityStoreProvider::CreateUser(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  json::object attributes;
  for (const auto& [key, value] : in) {
    if (key != "IdentityStoreId" && !value.is_null()) attributes[key] = value;
  }
  RequireUserAttributes(attributes);
  const std::string user_name(attributes["UserName"].as_string());
  Transaction tx = store_.Begin();
  if (store_.FindUserByName(tx, ctx.scope, store_id, user_name)) Conflict("Duplicate UserName");
  UserRecord user{.user_id = NewId(store_id),
                  .user_name = user_name,
                  .email = PrimaryEmail(attributes),
                  .attributes_json = json::serialize(attributes),
                  .audit = {.created_millis = ctx.now_millis,
                            .created_by = ctx.caller.arn,
                            .updated_millis = ctx.now_millis,
                            .updated_by = ctx.caller.arn}};
  store_.InsertUser(tx, ctx.scope, store_id, user);
  tx.Commit();
  return json::object{{"IdentityStoreId", store_id}, {"UserId", user.user_id}};
}

json::value IdentityStoreProvider::DescribeUser(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string user_id = RequiredString(in, "UserId");
  Transaction tx = store_.Read();
  std::optional<UserRecord> user = store_.FindUser(tx, ctx.scope, store_id, user_id);
  if (!user) NotFound("USER");
  return UserJson(store_id, *user, OptArray(in, "Extensions"));
}

json::value IdentityStoreProvider::ListUsers(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::optional<std::string> user_name = ReadFilter(in, "username");
  const Page page = ReadPage(in, "ListUsers");
  Transaction tx = store_.Read();
  std::vector<UserRecord> rows =
      store_.ListUsers(tx, ctx.scope, store_id, user_name, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const UserRecord& u) { return u.user_id; });
  json::array users;
  const json::array* extensions = OptArray(in, "Extensions");
  for (const UserRecord& u : rows) users.push_back(UserJson(store_id, u, extensions));
  out["Users"] = std::move(users);
  return out;
}

json::value IdentityStoreProvider::UpdateUser(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string user_id = RequiredString(in, "UserId");
  Transaction tx = store_.Begin();
  std::optional<UserRecord> user = store_.FindUser(tx, ctx.scope, store_id, user_id);
  if (!user) NotFound("USER");
  json::object attributes = json::parse(user->attributes_json).as_object();
  for (const json::value& op_value : *OptArray(in, "Operations")) {
    const json::object& op = op_value.as_object();
    const std::string path = RequiredString(op, "AttributePath");
    const json::value* value = op.if_contains("AttributeValue");
    const bool remove = !value || value->is_null();
    const std::string lower = core::ToLower(path);
    if (lower == core::ToLower(kEnterpriseExtension)) {
      json::object extensions;
      if (const json::object* e = OptObject(attributes, "Extensions")) extensions = *e;
      if (remove) {
        extensions.erase(kEnterpriseExtension);
      } else if (value->is_object()) {
        extensions[kEnterpriseExtension] = *value;
      } else {
        Invalid("Invalid value for attribute " + path + ".");
      }
      if (extensions.empty()) {
        attributes.erase("Extensions");
      } else {
        attributes["Extensions"] = std::move(extensions);
      }
      continue;
    }
    const size_t dot = lower.find('.');
    if (dot != std::string::npos) {
      // name.givenName and the like: one member of Name.
      std::optional<std::string_view> sub = SubMember(lower.substr(dot + 1));
      if (lower.substr(0, dot) != "name" || !sub) {
        Invalid("Invalid attribute path " + path + ".");
      }
      json::object name;
      if (const json::object* n = OptObject(attributes, "Name")) name = *n;
      if (remove) {
        name.erase(*sub);
      } else if (value->is_string() && !value->get_string().empty()) {
        name[*sub] = *value;
      } else {
        Invalid("Invalid value for attribute " + path + ".");
      }
      if (name.empty()) {
        attributes.erase("Name");
      } else {
        attributes["Name"] = std::move(name);
      }
      continue;
    }
    const Attribute* attribute = FindAttribute(lower);
    if (!attribute) Invalid("Invalid attribute path " + path + ".");
    if (remove) {
      if (attribute->member == "UserName" || attribute->member == "DisplayName") {
        Invalid("The attribute " + path + " is required and cannot be removed.");
      }
      attributes.erase(attribute->member);
    } else {
      attributes[attribute->member] = NormalizeAttribute(*attribute, *value, path);
    }
  }
  const std::string new_name(attributes["UserName"].as_string());
  if (new_name != user->user_name && store_.FindUserByName(tx, ctx.scope, store_id, new_name)) {
    Conflict("Duplicate UserName");
  }
  user->user_name = new_name;
  user->email = PrimaryEmail(attributes);
  user->attributes_json = json::serialize(attributes);
  user->audit.updated_millis = ctx.now_millis;
  user->audit.updated_by = ctx.caller.arn;
  store_.UpdateUser(tx, ctx.scope, store_id, *user);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::DeleteUser(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string user_id = RequiredString(in, "UserId");
  Transaction tx = store_.Begin();
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER");
  store_.DeleteUser(tx, ctx.scope, store_id, user_id);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::GetUserId(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::optional<UniqueAttribute> unique = ReadAlternateIdentifier(in);
  Transaction tx = store_.Read();
  std::optional<UserRecord> user;
  if (unique) {
    if (unique->path_lower == "username") {
      user = store_.FindUserByName(tx, ctx.scope, store_id, unique->value);
    } else if (unique->path_lower == "emails.value") {
      user = store_.FindUserByEmail(tx, ctx.scope, store_id, unique->value);
    } else {
      Invalid("The attribute " + unique->path_lower + " is not a unique attribute");
    }
  }
  if (!user) NotFound("USER");
  return json::object{{"IdentityStoreId", store_id}, {"UserId", user->user_id}};
}

// ---- groups ----

json::value IdentityStoreProvider::CreateGroup(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::optional<std::string> display_name = OptString(in, "DisplayName");
  if (!display_name) Invalid("displayName: The attribute displayName is required");
  Transaction tx = store_.Begin();
  if (store_.FindGroupByName(tx, ctx.scope, store_id, *display_name)) {
    Conflict("Duplicate GroupDisplayName");
  }
  GroupRecord group{.group_id = NewId(store_id),
                    .display_name = *display_name,
                    .description = OptString(in, "Description"),
                    .audit = {.created_millis = ctx.now_millis,
                              .created_by = ctx.caller.arn,
                              .updated_millis = ctx.now_millis,
                              .updated_by = ctx.caller.arn}};
  store_.InsertGroup(tx, ctx.scope, store_id, group);
  tx.Commit();
  return json::object{{"GroupId", group.group_id}, {"IdentityStoreId", store_id}};
}

json::value IdentityStoreProvider::DescribeGroup(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string group_id = RequiredString(in, "GroupId");
  Transaction tx = store_.Read();
  std::optional<GroupRecord> group = store_.FindGroup(tx, ctx.scope, store_id, group_id);
  if (!group) NotFound("GROUP");
  return GroupJson(store_id, *group);
}

json::value IdentityStoreProvider::ListGroups(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
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

json::value IdentityStoreProvider::UpdateGroup(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string group_id = RequiredString(in, "GroupId");
  Transaction tx = store_.Begin();
  std::optional<GroupRecord> group = store_.FindGroup(tx, ctx.scope, store_id, group_id);
  if (!group) NotFound("GROUP");
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
    Conflict("Duplicate GroupDisplayName");
  }
  group->audit.updated_millis = ctx.now_millis;
  group->audit.updated_by = ctx.caller.arn;
  store_.UpdateGroup(tx, ctx.scope, store_id, *group);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::DeleteGroup(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string group_id = RequiredString(in, "GroupId");
  Transaction tx = store_.Begin();
  if (!store_.FindGroup(tx, ctx.scope, store_id, group_id)) NotFound("GROUP");
  store_.DeleteGroup(tx, ctx.scope, store_id, group_id);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::GetGroupId(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
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

// ---- memberships ----

json::value IdentityStoreProvider::CreateGroupMembership(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string group_id = RequiredString(in, "GroupId");
  const std::string user_id = MemberUserId(in);
  Transaction tx = store_.Begin();
  if (!store_.FindGroup(tx, ctx.scope, store_id, group_id)) NotFound("GROUP");
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER");
  if (store_.FindMembershipOf(tx, ctx.scope, store_id, group_id, user_id)) {
    Conflict("Member and Group relationship already exists.");
  }
  MembershipRecord membership{.membership_id = NewId(store_id),
                              .group_id = group_id,
                              .user_id = user_id,
                              .audit = {.created_millis = ctx.now_millis,
                                        .created_by = ctx.caller.arn,
                                        .updated_millis = ctx.now_millis,
                                        .updated_by = ctx.caller.arn}};
  store_.InsertMembership(tx, ctx.scope, store_id, membership);
  tx.Commit();
  return json::object{{"MembershipId", membership.membership_id}, {"IdentityStoreId", store_id}};
}

json::value IdentityStoreProvider::DescribeGroupMembership(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string membership_id = RequiredString(in, "MembershipId");
  Transaction tx = store_.Read();
  std::optional<MembershipRecord> m = store_.FindMembership(tx, ctx.scope, store_id, membership_id);
  if (!m) NotFound("GROUP_MEMBERSHIP");
  return MembershipJson(store_id, *m);
}

json::value IdentityStoreProvider::DeleteGroupMembership(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string membership_id = RequiredString(in, "MembershipId");
  Transaction tx = store_.Begin();
  if (!store_.FindMembership(tx, ctx.scope, store_id, membership_id)) {
    NotFound("GROUP_MEMBERSHIP");
  }
  store_.DeleteMembership(tx, ctx.scope, store_id, membership_id);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::ListGroupMemberships(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string group_id = RequiredString(in, "GroupId");
  const Page page = ReadPage(in, "ListGroupMemberships");
  Transaction tx = store_.Read();
  if (!store_.FindGroup(tx, ctx.scope, store_id, group_id)) NotFound("GROUP");
  std::vector<MembershipRecord> rows =
      store_.ListMembershipsOfGroup(tx, ctx.scope, store_id, group_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const MembershipRecord& m) { return m.membership_id; });
  json::array list;
  for (const MembershipRecord& m : rows) list.push_back(MembershipJson(store_id, m));
  out["GroupMemberships"] = std::move(list);
  return out;
}

json::value IdentityStoreProvider::ListGroupMembershipsForMember(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string user_id = MemberUserId(in);
  const Page page = ReadPage(in, "ListGroupMembershipsForMember");
  Transaction tx = store_.Read();
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER");
  std::vector<MembershipRecord> rows =
      store_.ListMembershipsOfUser(tx, ctx.scope, store_id, user_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const MembershipRecord& m) { return m.membership_id; });
  json::array list;
  for (const MembershipRecord& m : rows) list.push_back(MembershipJson(store_id, m));
  out["GroupMemberships"] = std::move(list);
  return out;
}

json::value IdentityStoreProvider::IsMemberInGroups(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string user_id = MemberUserId(in);
  Transaction tx = store_.Read();
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER");
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

json::value IdentityStoreProvider::GetGroupMembershipId(const Ctx& ctx, const In& in) {
  const std::string store_id = RequiredString(in, "IdentityStoreId");
  const std::string group_id = RequiredString(in, "GroupId");
  const std::string user_id = MemberUserId(in);
  Transaction tx = store_.Read();
  std::optional<MembershipRecord> m =
      store_.FindMembershipOf(tx, ctx.scope, store_id, group_id, user_id);
  if (!m) NotFound("GROUP_MEMBERSHIP");
  return json::object{{"MembershipId", m->membership_id}, {"IdentityStoreId", store_id}};
}

}  // namespace nimbus::identitystore
