#include "services/common/page_token.h"

#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::services {

namespace {

// FNV-1a over a fixed key and `text`, as 16 hex digits. Not a secret: it only tells tokens
// nimbus wrote from any other string.
std::string Check(std::string_view text) {
  uint64_t hash = 1469598103934665603ULL;
  const auto mix = [&hash](std::string_view bytes) {
    for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  };
  mix("nimbus-page:");
  mix(text);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kHex[hash & 0xF];
  return out;
}

}  // namespace

std::string EncodePageToken(std::string_view kind, std::string_view position) {
  std::string body = std::string(kind) + "|" + std::string(position);
  const std::string check = Check(body);
  return core::Base64Encode(body + "|" + check);
}

std::optional<std::string> DecodePageToken(std::string_view kind, std::string_view token) {
  std::string raw;
  if (!core::Base64Decode(token, &raw)) return std::nullopt;
  const size_t last = raw.rfind('|');
  if (last == std::string::npos) return std::nullopt;
  const std::string_view body = std::string_view(raw).substr(0, last);
  if (std::string_view(raw).substr(last + 1) != Check(body)) return std::nullopt;
  if (body.size() <= kind.size() || body.substr(0, kind.size()) != kind ||
      body[kind.size()] != '|') {
    return std::nullopt;
  }
  return std::string(body.substr(kind.size() + 1));
}

std::optional<std::string> ReadPageToken(const boost::json::object& in, std::string_view member,
                                         std::string_view kind) {
  const std::optional<std::string> token = core::protocol::OptString(in, member);
  if (!token) return std::string();
  return DecodePageToken(kind, *token);
}

std::optional<KeysetPage> ReadKeysetPage(const boost::json::object& in, std::string_view kind,
                                         int64_t default_limit) {
  std::optional<std::string> after = ReadPageToken(in, "NextToken", kind);
  if (!after) return std::nullopt;
  return KeysetPage{.kind = std::string(kind),
                    .after = std::move(*after),
                    .limit = core::protocol::IntOr(in, "MaxResults", default_limit)};
}

}  // namespace nimbus::services
