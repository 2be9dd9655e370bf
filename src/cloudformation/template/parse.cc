#include "cloudformation/template/parse.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <variant>

#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include "cloudformation/template/template_error.h"
#include "cloudformation/template/yaml.h"

namespace nimbus::cloudformation {
namespace {

using internal::TextPosition;

// Jackson, AWS's JSON parser, refuses documents nested deeper than 1,000 levels.
constexpr unsigned kMaxJsonDepth = 1000;

std::string_view WithoutByteOrderMark(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  return body;
}

// Whether the body is meant as JSON: its first character, after white space, opens an object.
bool LooksLikeJson(std::string_view body) {
  const size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '{';
}

// Where Jackson reports an error found at byte `offset`: lines counted from 1, and a column one
// past the offending character ({"a"=1} fails at column 6), or one past the end of the input.
TextPosition JacksonPosition(std::string_view body, size_t offset) {
  const std::string_view before = body.substr(0, offset);
  const size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  TextPosition position;
  position.line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  position.column = static_cast<int>(offset - line_start) + (offset < body.size() ? 2 : 1);
  return position;
}

// Strict JSON (no comments, no trailing commas): the value, or where it stops being JSON.
std::variant<boost::json::value, TextPosition> ParseJson(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code error;
  const size_t consumed = parser.write(body.data(), body.size(), error);
  if (error) return JacksonPosition(body, consumed);
  parser.finish(error);
  if (error) return JacksonPosition(body, body.size());
  return parser.release();
}

boost::json::object AsTemplate(boost::json::value value) {
  if (!value.is_object()) ThrowFormatError("unsupported structure.");
  return std::move(value.as_object());
}

[[noreturn]] void ThrowNotWellFormed(std::string_view format, const TextPosition& where) {
  ThrowFormatError(std::string(format) + " not well-formed. (line " + std::to_string(where.line) +
                   ", column " + std::to_string(where.column) + ")");
}

// Java's Double.toString: plain decimals from 10^-3 to 10^7, "computerized scientific notation"
// ("1.2345678901E10") outside, always with a fractional digit, with the shortest digits that
// read back as the same double.
std::string JavaDoubleText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                    std::chars_format::scientific);
  const std::string_view scientific(buffer, static_cast<size_t>(result.ptr - buffer));
  const size_t e = scientific.find('e');
  std::string digits(1, scientific[0]);
  if (scientific[1] == '.') digits += scientific.substr(2, e - 2);
  int exponent = 0;
  const std::string_view exponent_text = scientific.substr(e + 1);
  std::from_chars(exponent_text.data() + (exponent_text[0] == '+' ? 1 : 0),
                  exponent_text.data() + exponent_text.size(), exponent);
  std::string text = value < 0 ? "-" : "";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const size_t integer_digits = static_cast<size_t>(exponent) + 1;
      if (digits.size() < integer_digits) digits.append(integer_digits - digits.size(), '0');
      const std::string fraction = digits.substr(integer_digits);
      text += digits.substr(0, integer_digits) + "." + (fraction.empty() ? "0" : fraction);
    } else {
      text += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    return text;
  }
  const std::string fraction = digits.substr(1);
  return text + digits.substr(0, 1) + "." + (fraction.empty() ? "0" : fraction) + "E" +
         std::to_string(exponent);
}

}  // namespace

boost::json::object ParseTemplate(std::string_view body) {
  body = WithoutByteOrderMark(body);
  std::variant<boost::json::value, TextPosition> json = ParseJson(body);
  if (auto* value = std::get_if<boost::json::value>(&json)) return AsTemplate(std::move(*value));
  std::variant<boost::json::value, TextPosition> yaml = internal::ParseYaml(body);
  if (auto* value = std::get_if<boost::json::value>(&yaml)) return AsTemplate(std::move(*value));
  if (LooksLikeJson(body)) ThrowNotWellFormed("JSON", std::get<TextPosition>(json));
  ThrowNotWellFormed("YAML", std::get<TextPosition>(yaml));
}

std::string ScalarText(const boost::json::value& scalar) {
  switch (scalar.kind()) {
    case boost::json::kind::string:
      return std::string(scalar.get_string());
    case boost::json::kind::int64:
      return std::to_string(scalar.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(scalar.get_uint64());
    case boost::json::kind::double_:
      return JavaDoubleText(scalar.get_double());
    case boost::json::kind::bool_:
      return scalar.get_bool() ? "true" : "false";
    default:
      return boost::json::serialize(scalar);
  }
}

}  // namespace nimbus::cloudformation
