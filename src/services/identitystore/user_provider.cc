// Users: CreateUser's required attributes, UpdateUser's attribute paths, lookups by UserName or
// email.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/identitystore/identity_internal.h"
#include "services/identitystore/identitystore_provider.h"

namespace nimbus::identitystore {

namespace json = boost::json;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AuditJson;
using internal::CreatedAudit;
using internal::Invalid;
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

}  // namespace

json::value IdentityStoreProvider::CreateUser(const core::RequestContext& ctx,
                                              const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  json::object attributes;
  for (const auto& [key, value] : in) {
    if (key != "IdentityStoreId" && !value.is_null()) attributes[key] = value;
  }
  RequireUserAttributes(attributes);
  const std::string user_name(attributes["UserName"].as_string());
  Transaction tx = store_.Begin();
  if (store_.FindUserByName(tx, ctx.scope, store_id, user_name))
    UniquenessConflict("Duplicate UserName");
  UserRecord user{.user_id = NewId(store_id),
                  .user_name = user_name,
                  .email = PrimaryEmail(attributes),
                  .attributes_json = json::serialize(attributes),
                  .audit = CreatedAudit(ctx)};
  store_.InsertUser(tx, ctx.scope, store_id, user);
  tx.Commit();
  return json::object{{"IdentityStoreId", store_id}, {"UserId", user.user_id}};
}

json::value IdentityStoreProvider::DescribeUser(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string user_id = RequiredString(in, "UserId");
  Transaction tx = store_.Read();
  std::optional<UserRecord> user = store_.FindUser(tx, ctx.scope, store_id, user_id);
  if (!user) NotFound("USER", user_id);
  return UserJson(store_id, *user, OptArray(in, "Extensions"));
}

json::value IdentityStoreProvider::ListUsers(const core::RequestContext& ctx,
                                             const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
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

json::value IdentityStoreProvider::UpdateUser(const core::RequestContext& ctx,
                                              const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string user_id = RequiredString(in, "UserId");
  Transaction tx = store_.Begin();
  std::optional<UserRecord> user = store_.FindUser(tx, ctx.scope, store_id, user_id);
  if (!user) NotFound("USER", user_id);
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
    UniquenessConflict("Duplicate UserName");
  }
  user->user_name = new_name;
  user->email = PrimaryEmail(attributes);
  user->attributes_json = json::serialize(attributes);
  TouchAudit(user->audit, ctx);
  store_.UpdateUser(tx, ctx.scope, store_id, *user);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::DeleteUser(const core::RequestContext& ctx,
                                              const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
  const std::string user_id = RequiredString(in, "UserId");
  Transaction tx = store_.Begin();
  if (!store_.FindUser(tx, ctx.scope, store_id, user_id)) NotFound("USER", user_id);
  store_.DeleteUser(tx, ctx.scope, store_id, user_id);
  tx.Commit();
  return json::object{};
}

json::value IdentityStoreProvider::GetUserId(const core::RequestContext& ctx,
                                             const json::object& in) {
  const std::string store_id = RequireStore(ctx, in);
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

}  // namespace nimbus::identitystore
