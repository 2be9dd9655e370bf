#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

// Page tokens (NextToken; KMS's Marker) for every service. A token is opaque to clients: base64
// of "<kind>|<position>|<check>", where `kind` names the listing ("ListUsers"), `position` is
// where the next page starts and `check` is a keyed hash of the rest. A token nimbus did not
// issue, or issued for another listing, is refused instead of silently restarting the listing;
// each service answers it with its own error (InvalidNextToken, InvalidMarkerException, ...).
namespace nimbus::services {

// The token that resumes listing `kind` at `position`.
std::string EncodePageToken(std::string_view kind, std::string_view position);

// The position `token` stands for, or nullopt unless nimbus issued it for `kind`.
std::optional<std::string> DecodePageToken(std::string_view kind, std::string_view token);

// The position in the request member `member` ("NextToken", "Marker"): "" when it is absent or
// empty (the first page), nullopt when it holds anything but a token issued for `kind`.
std::optional<std::string> ReadPageToken(const boost::json::object& in, std::string_view member,
                                         std::string_view kind);

// Drops the extra row of a `limit + 1` fetch. Returns whether there was one: a page follows.
template <typename T>
bool TrimPage(std::vector<T>& rows, int64_t limit) {
  if (static_cast<int64_t>(rows.size()) <= limit) return false;
  rows.resize(static_cast<size_t>(limit));
  return true;
}

// Keyset paging: a page is the rows after the last key returned, so it costs O(page) and stays
// stable while rows are added.
struct KeysetPage {
  std::string kind;
  std::string after;  // "" for the first page
  int64_t limit = 0;
};

// Reads MaxResults (default `default_limit`) and NextToken. Returns nullopt for a token not
// issued for `kind`; the caller throws its service's error for that.
std::optional<KeysetPage> ReadKeysetPage(const boost::json::object& in, std::string_view kind,
                                         int64_t default_limit);

// Trims the `limit + 1` rows fetched to `limit` and sets NextToken if there were more.
template <typename T, typename KeyFn>
void FinishKeysetPage(std::vector<T>& rows, const KeysetPage& page, boost::json::object& out,
                      KeyFn key) {
  if (TrimPage(rows, page.limit)) out["NextToken"] = EncodePageToken(page.kind, key(rows.back()));
}

}  // namespace nimbus::services
