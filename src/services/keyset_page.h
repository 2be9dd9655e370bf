#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/value.h"
#include "core/text.h"

// Keyset paging shared by the providers: a page is the rows after the last key returned, so it
// costs O(page) and stays stable while rows are added. NextToken is opaque to clients: base64 of
// "k:<last key>".
namespace nimbus::services {

struct KeysetPage {
  std::string after;  // "" for the first page
  int64_t limit = 0;
};

// Reads MaxResults (default `default_limit`) and NextToken. Returns nullopt for a token this
// server did not issue; the caller throws its service's error for that.
inline std::optional<KeysetPage> ReadKeysetPage(const boost::json::object& in,
                                                int64_t default_limit) {
  KeysetPage page{.after = "", .limit = core::protocol::IntOr(in, "MaxResults", default_limit)};
  if (auto token = core::protocol::OptString(in, "NextToken")) {
    std::string decoded;
    if (!core::Base64Decode(*token, &decoded) || !core::StartsWith(decoded, "k:")) {
      return std::nullopt;
    }
    page.after = decoded.substr(2);
  }
  return page;
}

// Trims the `limit + 1` rows fetched to `limit` and sets NextToken if there were more.
template <typename T, typename KeyFn>
void FinishKeysetPage(std::vector<T>& rows, const KeysetPage& page, boost::json::object& out,
                      KeyFn key) {
  if (static_cast<int64_t>(rows.size()) > page.limit) {
    rows.resize(static_cast<size_t>(page.limit));
    out["NextToken"] = core::Base64Encode("k:" + key(rows.back()));
  }
}

}  // namespace nimbus::services
