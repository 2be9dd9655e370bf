#include "services/common/tags.h"

#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::services {

namespace json = boost::json;

TagList ReadTagList(const json::object& in, std::string_view list, TagMembers members) {
  TagList tags;
  if (const json::array* items = core::protocol::OptArray(in, list)) {
    for (const json::value& item : *items) {
      if (!item.is_object()) continue;
      if (std::optional<std::string> key =
              core::protocol::OptString(item.get_object(), members.key)) {
        tags.emplace_back(std::move(*key),
                          core::protocol::StringOr(item.get_object(), members.value, ""));
      }
    }
  }
  return tags;
}

std::map<std::string, std::string> ReadTagMap(const json::object& in, std::string_view list,
                                              TagMembers members) {
  std::map<std::string, std::string> tags;
  for (auto& [key, value] : ReadTagList(in, list, members)) tags[std::move(key)] = std::move(value);
  return tags;
}

bool IsReservedTagKey(std::string_view key) {
  return key.size() >= 4 && core::EqualsIgnoreCase(key.substr(0, 4), "aws:");
}

}  // namespace nimbus::services
