#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "services/common/page_token.h"
#include "services/iam/iam_store.h"
#include "services/iam/policy_document.h"

// What the IAM provider's files share; iam_provider.cc defines it.
namespace nimbus::iam::internal {

// A listing's MaxItems (default 100) and Marker; ValidationError for a marker nimbus did not
// issue for that listing (`kind`, the operation's name).
services::KeysetPage ReadPage(const boost::json::object& in, std::string_view kind);

// Trims the `limit + 1` rows to `limit` and sets IsTruncated (and Marker when truncated).
template <typename T, typename KeyFn>
void FinishPage(std::vector<T>& rows, const services::KeysetPage& page, boost::json::object& out,
                KeyFn key) {
  const bool truncated = services::TrimPage(rows, page.limit);
  out["IsTruncated"] = truncated;
  if (truncated) out["Marker"] = services::EncodePageToken(page.kind, key(rows.back()));
}

// The part of a listing built whole (in its order, `total` items) that one page answers:
// items [begin, end). Reads MaxItems and the Marker of listing `kind` (ValidationError for one
// nimbus did not issue for it) and sets IsTruncated, and Marker when a page follows.
struct Slice {
  size_t begin = 0;
  size_t end = 0;
};
Slice PageSlice(size_t total, const boost::json::object& in, std::string_view kind,
                boost::json::object& out);

// The items of `all` on the page PageSlice picks, as `member` of `out`.
void PageInto(boost::json::array all, const boost::json::object& in, std::string_view kind,
              std::string_view member, boost::json::object& out);

// arn:<partition>:iam::<account>:<type>/<path><name>; `type` is "user", "role", "policy", ...
std::string IamArn(const core::RequestContext& ctx, std::string_view type, std::string_view path,
                   std::string_view name);

// The entity in the caller's account; NoSuchEntity in IAM's words when there is none.
EntityRecord MustFindEntity(IamStore& store, store::Transaction& tx,
                            const core::RequestContext& ctx, std::string_view kind,
                            std::string_view name);
[[noreturn]] void NoSuchEntity(std::string_view kind, std::string_view name);

// EntityAlreadyExists when `kind` has `name` in the account already.
void MustBeNew(IamStore& store, store::Transaction& tx, const core::RequestContext& ctx,
               std::string_view kind, std::string_view name);

// MalformedPolicyDocument with IAM's message when `document` is not a valid policy of `kind`.
void CheckPolicyDocument(std::string_view document, PolicyKind kind);

// Documents are returned URL-encoded, as IAM returns them; clients decode them.
std::string EncodeDocument(std::string_view document);

// The request's Tags, checked as IAM checks them: at most 50 on an entity in total
// (LimitExceeded), keys not repeated (InvalidInput).
std::vector<std::pair<std::string, std::string>> ReadTags(const boost::json::object& in);

// [{"Key": k, "Value": v}, ...]
boost::json::array TagsJson(const std::vector<std::pair<std::string, std::string>>& tags);

// The managed policy `arn` names: a customer managed policy of the account or an AWS managed
// one (whose record has the path, name and default version of the table); nullopt if neither.
std::optional<ManagedPolicyRecord> ResolvePolicy(IamStore& store, store::Transaction& tx,
                                                 const core::RequestContext& ctx,
                                                 std::string_view arn);

// The extra members of an entity as an object.
boost::json::object Extra(const EntityRecord& entity);

}  // namespace nimbus::iam::internal
