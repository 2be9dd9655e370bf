#pragma once

#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

// Tags as the services' requests and responses carry them, [{"Key": k, "Value": v}, ...] (KMS:
// TagKey/TagValue), and the checks AWS makes on them everywhere. The checks only find; each
// service throws its own error (KMS TagException, SSM ValidationException, Organizations
// InvalidInputException, ...), and keeps its own limit on the number of tags.
namespace nimbus::services {

// A request's tags in request order, duplicates kept (services differ on them).
using TagList = std::vector<std::pair<std::string, std::string>>;

// The member names of one tag.
struct TagMembers {
  std::string_view key = "Key";
  std::string_view value = "Value";
};
inline constexpr TagMembers kKmsTagMembers{.key = "TagKey", .value = "TagValue"};

// The tags in list member `list` of `in`. Items without a key (or with "") are skipped; a
// missing value reads as "".
TagList ReadTagList(const boost::json::object& in, std::string_view list = "Tags",
                    TagMembers members = {});
// The same as a map: of duplicate keys, the last wins.
std::map<std::string, std::string> ReadTagMap(const boost::json::object& in,
                                              std::string_view list = "Tags",
                                              TagMembers members = {});

// Whether `key` begins with "aws:" in any case, the prefix AWS reserves for its own tags.
bool IsReservedTagKey(std::string_view key);

// The first key of `tags` (a TagList, a map, or any range of key/value pairs) that is
// reserved, or nullptr.
template <typename Tags>
const std::string* FindReservedTagKey(const Tags& tags) {
  for (const auto& [key, value] : tags) {
    if (IsReservedTagKey(key)) return &key;
  }
  return nullptr;
}

// The first key that `tags` holds a second time, or nullptr.
template <typename Tags>
const std::string* FindDuplicateTagKey(const Tags& tags) {
  for (auto it = std::begin(tags); it != std::end(tags); ++it) {
    const auto& [key, value] = *it;
    for (auto seen = std::begin(tags); seen != it; ++seen) {
      const auto& [seen_key, seen_value] = *seen;
      if (seen_key == key) return &key;
    }
  }
  return nullptr;
}

// [{"Key": k, "Value": v}, ...] in the order of `tags`.
template <typename Tags>
boost::json::array TagListJson(const Tags& tags, TagMembers members = {}) {
  boost::json::array out;
  out.reserve(std::size(tags));
  for (const auto& [key, value] : tags) {
    out.push_back(boost::json::object{{members.key, key}, {members.value, value}});
  }
  return out;
}

}  // namespace nimbus::services
