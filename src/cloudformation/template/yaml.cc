#include "cloudformation/template/yaml.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "cloudformation/template/parse.h"
#include "cloudformation/template/template_error.h"

namespace nimbus::cloudformation::internal {
namespace {

// Deeper than any real template: a bound on the recursion a body of nested brackets causes (a
// 51,200-byte body could nest 50,000 levels deep). yaml-cpp 0.7 stops at about 500 levels itself
// ("bad file"); this guard stands for the builds whose yaml-cpp does not.
constexpr size_t kMaxDepth = 1000;

// The prefix yaml-cpp gives the YAML core tags (!!str is "tag:yaml.org,2002:str").
constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

// Thrown by the event handler where the body is YAML but not a template AWS can read (a second
// document, a mapping as a key, an unsupported tag); ParseYaml answers it as a syntax error.
struct NotWellFormed {
  YAML::Mark mark;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }
bool IsBinary(char c) { return c == '0' || c == '1'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// True when every character of `text` is a digit (by `is_digit`) or '_' and one at least is a
// digit: the `_*[0-7]+[0-7_]*` shape of SnakeYAML's integer patterns.
template <typename IsDigitFn>
bool DigitsWithUnderscores(std::string_view text, IsDigitFn is_digit) {
  return std::all_of(text.begin(), text.end(), [&](char c) { return c == '_' || is_digit(c); }) &&
         std::any_of(text.begin(), text.end(), is_digit);
}

// The magnitude of `digits` in `base` ('_' skipped), or nullopt past UINT64_MAX.
std::optional<uint64_t> Magnitude(std::string_view digits, int base) {
  uint64_t value = 0;
  for (const char c : digits) {
    if (c == '_') continue;
    const auto digit = static_cast<uint64_t>(DigitValue(c));
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / static_cast<uint64_t>(base)) {
      return std::nullopt;
    }
    value = value * static_cast<uint64_t>(base) + digit;
  }
  return value;
}

// The same digits as a double, for integers too large for 64 bits (SnakeYAML makes a BigInteger;
// JSON has no such thing, so the value keeps its magnitude and loses its last digits).
double ApproximateMagnitude(std::string_view digits, int base) {
  std::string clean;
  for (const char c : digits) {
    if (c != '_') clean.push_back(c);
  }
  double value = 0;
  if (base == 10) {
    std::from_chars(clean.data(), clean.data() + clean.size(), value);  // correctly rounded
    return value;
  }
  for (const char c : clean) value = value * base + DigitValue(c);
  return value;
}

boost::json::value SignedInteger(bool negative, std::optional<uint64_t> magnitude,
                                 double approximate) {
  constexpr auto kMaxInt64 = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (!magnitude) return negative ? -approximate : approximate;
  if (!negative) {
    if (*magnitude <= kMaxInt64) return static_cast<int64_t>(*magnitude);
    return *magnitude;
  }
  if (*magnitude <= kMaxInt64) return -static_cast<int64_t>(*magnitude);
  if (*magnitude == kMaxInt64 + 1) return std::numeric_limits<int64_t>::min();
  return -static_cast<double>(*magnitude);
}

// The parts of a base-60 number ("190:20:30"): a first part that `valid_first` accepts, then
// parts of one or two digits, the first of two at most 5. Nothing when `text` is not of that shape.
std::optional<std::vector<std::string_view>> SexagesimalParts(
    std::string_view text, bool (*valid_first)(std::string_view)) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || !valid_first(parts.front())) return std::nullopt;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    const bool one = part.size() == 1 && IsDigit(part[0]);
    const bool two = part.size() == 2 && part[0] >= '0' && part[0] <= '5' && IsDigit(part[1]);
    if (!one && !two) return std::nullopt;
  }
  return parts;
}

// [1-9][0-9_]*: a decimal integer other than 0, and the first part of a base-60 one.
bool IsDecimalInteger(std::string_view part) {
  return !part.empty() && part[0] >= '1' && part[0] <= '9' &&
         std::all_of(part.begin(), part.end(), [](char c) { return IsDigit(c) || c == '_'; });
}

// SnakeYAML's INT: [-+]? then 0b.., 0x.., 0, 0<octal>, decimal, or base 60.
std::optional<boost::json::value> MatchInteger(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  auto in_base = [&](std::string_view digits, int base) -> boost::json::value {
    return SignedInteger(negative, Magnitude(digits, base), ApproximateMagnitude(digits, base));
  };
  if (text.size() > 1 && text[0] == '0' && (text[1] == 'b' || text[1] == 'x')) {
    const std::string_view digits = text.substr(2);
    if (text[1] == 'b' && DigitsWithUnderscores(digits, IsBinary)) return in_base(digits, 2);
    if (text[1] == 'x' && DigitsWithUnderscores(digits, IsHex)) return in_base(digits, 16);
    return std::nullopt;
  }
  if (text == "0") return boost::json::value(int64_t{0});
  if (text[0] == '0') {
    if (DigitsWithUnderscores(text.substr(1), IsOctal)) return in_base(text.substr(1), 8);
    return std::nullopt;
  }
  if (IsDecimalInteger(text)) return in_base(text, 10);
  if (const auto parts = SexagesimalParts(text, IsDecimalInteger)) {
    uint64_t value = 0;
    for (const std::string_view part : *parts) {
      const std::optional<uint64_t> digits = Magnitude(part, 10);
      if (!digits || value > (std::numeric_limits<uint64_t>::max() - *digits) / 60) {
        return std::nullopt;
      }
      value = value * 60 + *digits;
    }
    return SignedInteger(negative, value, static_cast<double>(value));
  }
  return std::nullopt;
}

std::optional<double> ParseDouble(std::string_view text) {
  std::string clean;
  for (const char c : text) {
    if (c != '_') clean.push_back(c);
  }
  double value = 0;
  const auto [end, error] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
  if (error != std::errc() || end != clean.data() + clean.size()) return std::nullopt;
  return value;
}

// The `(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)?` part of SnakeYAML's FLOAT, with at
// least one digit (Java's Double.valueOf refuses "_" and ".", so AWS could not read those).
bool IsDecimalFloat(std::string_view text) {
  size_t i = 0;
  auto digits_from = [&](bool underscores) {
    const size_t start = i;
    while (i < text.size() && (IsDigit(text[i]) || (underscores && text[i] == '_'))) ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits_from(false) == 0) return false;
  } else {
    if (digits_from(true) == 0) return false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      digits_from(true);
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (digits_from(false) == 0) return false;
  }
  return i == text.size() && std::any_of(text.begin(), text.end(), IsDigit);
}

bool IsSexagesimalFloatHead(std::string_view part) {
  return !part.empty() && IsDigit(part[0]) &&
         std::all_of(part.begin(), part.end(), [](char c) { return IsDigit(c) || c == '_'; });
}

// SnakeYAML's FLOAT: decimal and exponent forms, base 60 with a fraction, .inf and .nan.
std::optional<double> MatchFloat(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double sign = 1;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  if (text == ".inf" || text == ".Inf" || text == ".INF") {
    return sign * std::numeric_limits<double>::infinity();
  }
  if (IsDecimalFloat(text)) {
    const std::optional<double> value = ParseDouble(text);
    if (value) return sign * *value;
    return std::nullopt;
  }
  // [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*: the fraction belongs to the last part.
  const size_t dot = text.rfind('.');
  if (dot == std::string_view::npos || text.find(':') == std::string_view::npos ||
      text.find(':', dot) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view fraction = text.substr(dot + 1);
  if (!std::all_of(fraction.begin(), fraction.end(),
                   [](char c) { return IsDigit(c) || c == '_'; })) {
    return std::nullopt;
  }
  const auto parts = SexagesimalParts(text.substr(0, dot), IsSexagesimalFloatHead);
  if (!parts) return std::nullopt;
  double value = 0;
  for (size_t i = 0; i + 1 < parts->size(); ++i) {
    value = value * 60 + ApproximateMagnitude((*parts)[i], 10);
  }
  const std::string last = std::string(parts->back()) + "." + std::string(fraction);
  const std::optional<double> tail = ParseDouble(last);
  if (!tail) return std::nullopt;
  return sign * (value * 60 + *tail);
}

std::optional<bool> MatchBool(std::string_view text) {
  static constexpr std::string_view kTrue[] = {"yes",  "Yes", "YES", "true", "True",
                                               "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view kFalse[] = {"no",    "No",  "NO",  "false", "False",
                                                "FALSE", "off", "Off", "OFF"};
  if (std::find(std::begin(kTrue), std::end(kTrue), text) != std::end(kTrue)) return true;
  if (std::find(std::begin(kFalse), std::end(kFalse), text) != std::end(kFalse)) return false;
  return std::nullopt;
}

bool IsNull(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// The long form of a short-form tag: !Ref and !Condition keep their name, any other !Name is
// Fn::Name. !GetAtt with a string argument splits it at the first dot.
boost::json::value Intrinsic(std::string_view name, boost::json::value argument) {
  std::string key;
  if (name == "Ref" || name == "Condition") {
    key = std::string(name);
  } else {
    key = "Fn::" + std::string(name);
  }
  if (name == "GetAtt" && argument.is_string()) {
    const std::string_view text = argument.as_string();
    const size_t dot = text.find('.');
    boost::json::array parts;
    parts.emplace_back(text.substr(0, dot));
    if (dot != std::string_view::npos) parts.emplace_back(text.substr(dot + 1));
    argument = std::move(parts);
  }
  return boost::json::object{{key, std::move(argument)}};
}

// The name of a short-form tag ("!Sub" -> "Sub"), or empty when `tag` is not one.
std::string_view ShortFormName(std::string_view tag) {
  if (tag.size() < 2 || tag[0] != '!' || tag[1] == '!' || tag[1] == '<') return {};
  return tag.substr(1);
}

// Builds the template value from yaml-cpp's events, one container per open collection.
class TemplateBuilder final : public YAML::EventHandler {
 public:
  boost::json::value TakeRoot() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0) throw NotWellFormed{mark};  // SnakeYAML's load() takes one document
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    if (AwaitingKey()) throw NotWellFormed{mark};
    Add(nullptr);
  }

  void OnAlias(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {
    ThrowTemplateError("YAML aliases are not allowed in CloudFormation templates");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                const std::string& value) override {
    if (AwaitingKey()) {
      stack_.back().key = KeyText(mark, tag, value);
      return;
    }
    Add(ScalarValue(mark, tag, value));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(mark, tag, "seq", boost::json::array());
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(mark, tag, "map", boost::json::object());
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    boost::json::value container;    // the array or object being filled
    std::string short_form;          // the tag's function name, to wrap the container in
    std::optional<std::string> key;  // in an object: the key whose value comes next
  };

  bool AwaitingKey() const {
    return !stack_.empty() && stack_.back().container.is_object() && !stack_.back().key;
  }

  void Add(boost::json::value value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.container.is_array()) {
      parent.container.as_array().push_back(std::move(value));
      return;
    }
    // A key given twice keeps its first place and takes the later value, as SnakeYAML does.
    parent.container.as_object().insert_or_assign(*parent.key, std::move(value));
    parent.key.reset();
  }

  void Open(const YAML::Mark& mark, std::string_view tag, std::string_view core_kind,
            boost::json::value container) {
    if (AwaitingKey() || stack_.size() >= kMaxDepth) throw NotWellFormed{mark};
    Frame frame{.container = std::move(container), .short_form = {}, .key = {}};
    if (tag.starts_with(kCoreTag)) {
      if (tag.substr(kCoreTag.size()) != core_kind) throw NotWellFormed{mark};
    } else if (tag != "?" && tag != "!" && !tag.empty()) {
      const std::string_view name = ShortFormName(tag);
      if (name.empty()) throw NotWellFormed{mark};
      frame.short_form = std::string(name);
    }
    stack_.push_back(std::move(frame));
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.short_form.empty()) {
      Add(std::move(frame.container));
    } else {
      Add(Intrinsic(frame.short_form, std::move(frame.container)));
    }
  }

  // A scalar in value position: typed when plain, a string when quoted or a block, converted by
  // an explicit core tag, wrapped by a short-form tag.
  static boost::json::value ScalarValue(const YAML::Mark& mark, std::string_view tag,
                                        const std::string& text) {
    if (tag == "?") return ResolvePlainScalar(text);
    if (tag == "!") return boost::json::string(text);
    if (tag.starts_with(kCoreTag)) {
      const std::string_view kind = tag.substr(kCoreTag.size());
      if (kind == "str") return boost::json::string(text);
      if (kind == "null") return nullptr;
      if (kind == "bool") {
        if (const std::optional<bool> value = MatchBool(text)) return *value;
      } else if (kind == "int") {
        if (std::optional<boost::json::value> value = MatchInteger(text)) return *value;
      } else if (kind == "float") {
        if (const std::optional<double> value = MatchFloat(text)) return *value;
        if (std::optional<boost::json::value> value = MatchInteger(text)) {
          return value->to_number<double>();
        }
      }
      // binary, timestamp, set, omap, pairs: tags the user guide says CloudFormation refuses.
      throw NotWellFormed{mark};
    }
    const std::string_view name = ShortFormName(tag);
    if (name.empty()) throw NotWellFormed{mark};
    return Intrinsic(name, boost::json::string(text));
  }

  // A scalar in key position, as the string key the template gets.
  static std::string KeyText(const YAML::Mark& mark, std::string_view tag,
                             const std::string& text) {
    if (tag == "!" || tag == std::string(kCoreTag) + "str") return text;
    if (tag != "?" && !tag.starts_with(kCoreTag)) throw NotWellFormed{mark};
    const boost::json::value key = ScalarValue(mark, tag, text);
    if (key.is_null()) throw NotWellFormed{mark};
    return ScalarText(key);
  }

  std::vector<Frame> stack_;
  boost::json::value root_;
  int documents_ = 0;
};

TextPosition PositionOf(const YAML::Mark& mark) {
  if (mark.is_null()) return {.line = 1, .column = 1};
  return {.line = mark.line + 1, .column = mark.column + 1};
}

}  // namespace

boost::json::value ResolvePlainScalar(std::string_view text) {
  if (IsNull(text)) return nullptr;
  if (const std::optional<bool> value = MatchBool(text)) return *value;
  if (std::optional<boost::json::value> value = MatchInteger(text)) return std::move(*value);
  if (const std::optional<double> value = MatchFloat(text)) return *value;
  return boost::json::string(text);
}

std::variant<boost::json::value, TextPosition> ParseYaml(std::string_view body) {
  std::istringstream input{std::string(body)};
  YAML::Parser parser(input);
  TemplateBuilder builder;
  try {
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& error) {
    return PositionOf(error.mark);
  } catch (const NotWellFormed& error) {
    return PositionOf(error.mark);
  }
  return builder.TakeRoot();
}

}  // namespace nimbus::cloudformation::internal
