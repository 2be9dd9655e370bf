#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "services/common/page_token.h"
#include "services/identitystore/identity_store.h"

// What the Identity Store provider's files share; identitystore_provider.cc defines it.
namespace nimbus::identitystore::internal {

// ResourceNotFoundException naming the missing resource: `type` is USER, GROUP or
// GROUP_MEMBERSHIP, `id` its id. Without an id when the request named none (a lookup by
// attribute).
[[noreturn]] void NotFound(std::string_view type, std::string_view id);
[[noreturn]] void NotFound(std::string_view type);

// ValidationException for what the model cannot check. Identity Store's Reason values are all
// about KMS keys, so these carry none.
[[noreturn]] void Invalid(std::string message);

// ConflictException: the request would break a uniqueness rule (UserName, group DisplayName, one
// membership per user and group).
[[noreturn]] void UniquenessConflict(std::string message);

using Page = services::KeysetPage;

// A listing's MaxResults (default 100) and NextToken; each listing's tokens are its own (`kind`
// is the operation's name). ValidationException for a foreign token.
Page ReadPage(const boost::json::object& in, std::string_view kind);

// `out` with the CreatedAt/CreatedBy/UpdatedAt/UpdatedBy members of `audit`.
boost::json::object AuditJson(boost::json::object out, const Audit& audit);

// The audit of a resource the caller of `ctx` creates now: created and updated by it, now.
Audit CreatedAudit(const core::RequestContext& ctx);

// Marks `audit` as updated now by the caller of `ctx`.
void TouchAudit(Audit& audit, const core::RequestContext& ctx);

// MemberId is a union whose one member today is UserId.
std::string MemberUserId(const boost::json::object& in);

struct UniqueAttribute {
  std::string path_lower;
  std::string value;
};

// AlternateIdentifier.UniqueAttribute, or nullopt for an ExternalId (never stored: users and
// groups made through this API have no external ids).
std::optional<UniqueAttribute> ReadAlternateIdentifier(const boost::json::object& in);

// The deprecated Filters of ListUsers/ListGroups: at most one, on `allowed` (lowercase).
std::optional<std::string> ReadFilter(const boost::json::object& in, std::string_view allowed);

}  // namespace nimbus::identitystore::internal
