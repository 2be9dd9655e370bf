#include "services/identitystore/identitystore_provider.h"

#include <optional>
#include <string>
#include <utility>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/identitystore/identity_internal.h"

namespace nimbus::identitystore {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using store::Transaction;

namespace internal {

// The message is moto's wording; AWS's is not verified (README).
void NotFound(std::string_view type, std::string_view id) {
  throw AwsError("ResourceNotFoundException", std::string(type) + " not found.")
      .With("ResourceType", json::string(type))
      .With("ResourceId", json::string(id));
}

void NotFound(std::string_view type) {
  throw AwsError("ResourceNotFoundException", std::string(type) + " not found.")
      .With("ResourceType", json::string(type));
}

void Invalid(std::string message) { throw AwsError("ValidationException", std::move(message)); }

void UniquenessConflict(std::string message) {
  throw AwsError("ConflictException", std::move(message))
      .With("Reason", "UNIQUENESS_CONSTRAINT_VIOLATION");
}

Page ReadPage(const json::object& in, std::string_view kind) {
  constexpr int64_t kDefaultMaxResults = 100;
  std::optional<Page> page = services::ReadKeysetPage(in, kind, kDefaultMaxResults);
  if (!page) Invalid("The given pagination token is invalid.");
  return *page;
}

json::object AuditJson(json::object out, const Audit& audit) {
  out["CreatedAt"] = EpochSeconds(audit.created_millis);
  out["CreatedBy"] = audit.created_by;
  out["UpdatedAt"] = EpochSeconds(audit.updated_millis);
  out["UpdatedBy"] = audit.updated_by;
  return out;
}

Audit CreatedAudit(const core::RequestContext& ctx) {
  return Audit{.created_millis = ctx.now_millis,
               .created_by = ctx.caller.arn,
               .updated_millis = ctx.now_millis,
               .updated_by = ctx.caller.arn};
}

void TouchAudit(Audit& audit, const core::RequestContext& ctx) {
  audit.updated_millis = ctx.now_millis;
  audit.updated_by = ctx.caller.arn;
}

std::string MemberUserId(const json::object& in) {
  const json::object* member = OptObject(in, "MemberId");
  std::optional<std::string> user_id = member ? OptString(*member, "UserId") : std::nullopt;
  if (!user_id) Invalid("MemberId must contain a UserId.");
  return *user_id;
}

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

}  // namespace internal

IdentityStoreProvider::IdentityStoreProvider(Runtime& rt, core::ServiceClient& services)
    : rt_(rt), store_(rt.db), services_(services) {
  Register("CreateUser", &IdentityStoreProvider::CreateUser);
  Register("DescribeUser", &IdentityStoreProvider::DescribeUser);
  Register("ListUsers", &IdentityStoreProvider::ListUsers);
  Register("UpdateUser", &IdentityStoreProvider::UpdateUser);
  Register("DeleteUser", &IdentityStoreProvider::DeleteUser);
  Register("GetUserId", &IdentityStoreProvider::GetUserId);
  Register("CreateGroup", &IdentityStoreProvider::CreateGroup);
  Register("DescribeGroup", &IdentityStoreProvider::DescribeGroup);
  Register("ListGroups", &IdentityStoreProvider::ListGroups);
  Register("UpdateGroup", &IdentityStoreProvider::UpdateGroup);
  Register("DeleteGroup", &IdentityStoreProvider::DeleteGroup);
  Register("GetGroupId", &IdentityStoreProvider::GetGroupId);
  Register("CreateGroupMembership", &IdentityStoreProvider::CreateGroupMembership);
  Register("DescribeGroupMembership", &IdentityStoreProvider::DescribeGroupMembership);
  Register("DeleteGroupMembership", &IdentityStoreProvider::DeleteGroupMembership);
  Register("ListGroupMemberships", &IdentityStoreProvider::ListGroupMemberships);
  Register("ListGroupMembershipsForMember", &IdentityStoreProvider::ListGroupMembershipsForMember);
  Register("IsMemberInGroups", &IdentityStoreProvider::IsMemberInGroups);
  Register("GetGroupMembershipId", &IdentityStoreProvider::GetGroupMembershipId);
}

// Asked on every call, with nothing cached: the instance is SSO Admin's to create and delete.
// No transaction is open here, so the nested call takes the database lock on its own.
std::string IdentityStoreProvider::RequireStore(const core::RequestContext& ctx,
                                                const json::object& in) const {
  std::string store_id = RequiredString(in, "IdentityStoreId");
  json::object page;
  while (true) {
    const json::value out = services_.Call(ctx, "sso-admin", "ListInstances", page);
    for (const json::value& instance : out.at("Instances").as_array()) {
      if (instance.at("IdentityStoreId").as_string() == store_id &&
          instance.at("Status").as_string() == "ACTIVE") {
        return store_id;
      }
    }
    const std::optional<std::string> next = OptString(out.as_object(), "NextToken");
    if (!next) break;
    page["NextToken"] = *next;
  }
  throw AwsError("ResourceNotFoundException",
                 "IdentityStore not present for IdentityStoreId: " + store_id)
      .With("ResourceType", "IDENTITY_STORE")
      .With("ResourceId", json::string(store_id));
}

// Stores named d-<10 hex> give their resources ids "<those 10 hex>-<uuid>", as AWS does.
std::string IdentityStoreProvider::NewId(std::string_view store_id) {
  if (core::StartsWith(store_id, "d-")) {
    return std::string(store_id.substr(2)) + "-" + rt_.ids.Uuid();
  }
  return rt_.ids.Uuid();
}

}  // namespace nimbus::identitystore
