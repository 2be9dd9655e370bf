#include "services/ssm/list_pages.h"

#include <charconv>
#include <optional>
#include <string>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/common/page_token.h"

namespace nimbus::ssm {

namespace json = boost::json;

size_t ReadListPosition(const json::object& in, std::string_view kind) {
  const std::optional<std::string> position = services::ReadPageToken(in, "NextToken", kind);
  if (!position) throw core::AwsError("ValidationException", "The specified token isn't valid.");
  size_t n = 0;
  std::from_chars(position->data(), position->data() + position->size(), n);
  return n;
}

json::array ListPage(const json::object& in, std::string_view kind,
                     std::vector<json::object> items, size_t default_limit, json::object& out) {
  const size_t from = ReadListPosition(in, kind);
  const auto limit = static_cast<size_t>(
      core::protocol::OptInt(in, "MaxResults").value_or(static_cast<int64_t>(default_limit)));
  json::array page;
  for (size_t i = from; i < items.size(); ++i) {
    if (page.size() == limit) {
      out["NextToken"] = services::EncodePageToken(kind, std::to_string(from + limit));
      break;
    }
    page.push_back(std::move(items[i]));
  }
  return page;
}

}  // namespace nimbus::ssm
