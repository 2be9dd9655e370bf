#include "core/protocol/scalar.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>

#include "core/clock.h"

namespace nimbus::core::protocol {

namespace json = boost::json;
using model::ShapeType;

namespace {

std::optional<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max) {
  int64_t n = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (text.empty() || ec != std::errc() || ptr != end || n < min || n > max) return std::nullopt;
  return n;
}

std::optional<double> ParseDouble(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  // from_chars would also take "inf", "nan" and "infinity" in any case: only digits here.
  const std::string_view digits = !text.empty() && text.front() == '-' ? text.substr(1) : text;
  if (digits.empty() ||
      !((digits.front() >= '0' && digits.front() <= '9') || digits.front() == '.')) {
    return std::nullopt;
  }
  double d = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, d);
  if (ec != std::errc() || ptr != end) return std::nullopt;  // out of range, or trailing text
  return d;
}

std::optional<double> ParseTimestampAs(std::string_view text, std::string_view format) {
  double seconds = 0;
  const bool ok = format == "rfc822"          ? ParseRfc1123(text, &seconds)
                  : format == "unixTimestamp" ? ParseEpochSeconds(text, &seconds)
                                              : ParseIso8601(text, &seconds);
  if (!ok) return std::nullopt;
  return seconds;
}

}  // namespace

std::optional<json::value> ParseScalar(const model::Shape& shape, std::string_view text,
                                       std::string_view timestamp_format) {
  switch (shape.type) {
    case ShapeType::kInteger:
      if (auto n = ParseInteger(text, std::numeric_limits<int32_t>::min(),
                                std::numeric_limits<int32_t>::max())) {
        return json::value(*n);
      }
      return std::nullopt;
    case ShapeType::kLong:
      if (auto n = ParseInteger(text, std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max())) {
        return json::value(*n);
      }
      return std::nullopt;
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (auto d = ParseDouble(text)) return json::value(*d);
      return std::nullopt;
    case ShapeType::kBoolean:
      if (text == "true") return json::value(true);
      if (text == "false") return json::value(false);
      return std::nullopt;
    case ShapeType::kTimestamp:
      if (auto seconds = ParseTimestampAs(text, timestamp_format)) return json::value(*seconds);
      return std::nullopt;
    default:
      return json::value(json::string(text));
  }
}

std::string_view TimestampFormat(const model::MemberRef& ref, std::string_view location_default) {
  if (!ref.timestamp_format.empty()) return ref.timestamp_format;
  if (ref.shape && !ref.shape->timestamp_format.empty()) return ref.shape->timestamp_format;
  return location_default;
}

std::string_view ScalarNoun(model::ShapeType type) {
  switch (type) {
    case ShapeType::kBoolean:
      return "a boolean";
    case ShapeType::kTimestamp:
      return "a timestamp";
    default:
      return "a number";
  }
}

}  // namespace nimbus::core::protocol
