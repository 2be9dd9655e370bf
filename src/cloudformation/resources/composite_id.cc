#include "cloudformation/resources/composite_id.h"

namespace nimbus::cloudformation::internal {

std::string JoinIdentifiers(std::initializer_list<std::string_view> parts) {
  std::string joined;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) joined += '|';
    joined.append(part);
    first = false;
  }
  return joined;
}

std::string IdentifierPart(std::string_view physical_id, size_t index) {
  size_t start = 0;
  for (size_t i = 0; i < index; ++i) {
    const size_t bar = physical_id.find('|', start);
    if (bar == std::string_view::npos) return "";
    start = bar + 1;
  }
  const size_t end = physical_id.find('|', start);
  return std::string(physical_id.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace nimbus::cloudformation::internal
