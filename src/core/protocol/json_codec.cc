#include "core/protocol/json_codec.h"

#include <boost/json/detail/format.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/error_members.h"
#include "core/protocol/xml_writer.h"

namespace nimbus::core::protocol {

namespace json = boost::json;
using model::Shape;
using model::ShapeType;

namespace {

[[noreturn]] void Mismatch(std::string_view what) {
  throw AwsError("SerializationException", std::string(what));
}

// Checks JSON types against the shape; converts nothing but what the wire form requires.
void CheckInput(const Shape& shape, json::value& v) {
  if (v.is_null()) {
    return;
  }
  switch (shape.type) {
    case ShapeType::kStructure:
      if (shape.is_document) return;
      if (!v.is_object()) Mismatch("Start of structure or map found where not expected.");
      for (auto& [k, member_value] : v.get_object()) {
        if (const model::MemberRef* m = shape.FindMember(k); m && m->shape) {
          CheckInput(*m->shape, member_value);
        }
      }
      return;
    case ShapeType::kList:
      if (!v.is_array()) Mismatch("Start of list found where not expected");
      // A null item would reach handlers that read every item as its shape's type.
      for (json::value& item : v.get_array()) {
        if (item.is_null()) Mismatch("Null value found in a list where not expected");
        if (shape.member.shape) CheckInput(*shape.member.shape, item);
      }
      return;
    case ShapeType::kMap:
      if (!v.is_object()) Mismatch("Start of structure or map found where not expected.");
      for (auto& [k, item] : v.get_object()) {
        if (item.is_null()) Mismatch("Null value found in a map where not expected");
        if (shape.value.shape) CheckInput(*shape.value.shape, item);
      }
      return;
    case ShapeType::kString:
    case ShapeType::kBlob:
      if (!v.is_string()) Mismatch("STRING_VALUE can not be converted to a String");
      return;
    case ShapeType::kBoolean:
      if (!v.is_bool()) Mismatch("Boolean can not be converted from a non-boolean value");
      return;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      // 10.0 is an integer; 1e300 is not one we can hold (converting it would be undefined
      // behaviour), so it stays a double and is refused below.
      if (v.is_double() && std::floor(v.get_double()) == v.get_double() &&
          v.get_double() >= -0x1p63 && v.get_double() < 0x1p63) {
        v = static_cast<int64_t>(v.get_double());
      }
      if (!v.is_int64()) Mismatch("NUMBER_VALUE can not be converted to an Integer");
      // Beyond its shape's type a number is not one AWS reads (a uint64 above is already
      // beyond a long); handlers may read an integer as int32.
      if (shape.type == ShapeType::kInteger &&
          (v.get_int64() < std::numeric_limits<int32_t>::min() ||
           v.get_int64() > std::numeric_limits<int32_t>::max())) {
        Mismatch("NUMBER_VALUE can not be converted to an Integer");
      }
      return;
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (!v.is_number()) Mismatch("NUMBER_VALUE can not be converted to a Double");
      v = v.to_number<double>();
      return;
    case ShapeType::kTimestamp:
      if (v.is_number()) return;
      if (v.is_string()) {
        double seconds = 0;
        if (!ParseTimestamp(v.get_string(), &seconds)) {
          Mismatch("Unable to parse date: " + std::string(v.get_string()));
        }
        v = seconds;
        return;
      }
      Mismatch("Timestamp can not be converted from a non-numeric value");
  }
}

// The output writer appends straight to one string, walking the shape and the value together
// (no copy of the value tree). It writes exactly what boost::json::serialize writes: the same
// escapes (\" \\ \b \f \n \r \t, other control characters as \u00xx, everything else as is,
// UTF-8 included) and the same number forms (boost's own integer and double formatters).
class OutputWriter {
 public:
  // Structures with more members are matched by lookups.
  static constexpr size_t kMaxPaired = 64;

  explicit OutputWriter(std::string* out) : out_(*out) {}

  void Write(const Shape& shape, const json::value& v) {
    switch (shape.type) {
      case ShapeType::kStructure:
        if (shape.is_document || !v.is_object()) return Plain(v);
        return Structure(shape, v.get_object());
      case ShapeType::kList:
        if (!v.is_array() || !shape.member.shape) return Plain(v);
        out_.push_back('[');
        for (bool first = true; const json::value& item : v.get_array()) {
          Comma(&first);
          Write(*shape.member.shape, item);
        }
        out_.push_back(']');
        return;
      case ShapeType::kMap:
        if (!v.is_object() || !shape.value.shape) return Plain(v);
        out_.push_back('{');
        for (bool first = true; const auto& [k, item] : v.get_object()) {
          Comma(&first);
          String(k);
          out_.push_back(':');
          Write(*shape.value.shape, item);
        }
        out_.push_back('}');
        return;
      case ShapeType::kTimestamp:
        if (v.is_string()) return Double(EpochSeconds(TimestampMillis(v)));
        return Plain(v);
      case ShapeType::kInteger:
      case ShapeType::kLong:
        // A double here would be written "3E0", which Python clients read as the float 3.0.
        if (v.is_double() && v.get_double() >= -0x1p63 && v.get_double() < 0x1p63) {
          return Int(static_cast<int64_t>(std::llround(v.get_double())));
        }
        return Plain(v);
      default:
        return Plain(v);
    }
  }

 private:
  // Members in the shape's order under their wire names; null and unknown members left out.
  void Structure(const Shape& shape, const json::object& in) {
    // Wire names can only repeat if a member renames itself (locationName); then, as a JSON
    // object would, keep the first member written under a name.
    bool renamed = false;
    for (const model::MemberRef& member : shape.members) {
      renamed = renamed || !member.location_name.empty();
    }
    // Handlers mostly build their objects in the shape's order: then one forward walk pairs
    // each member with its value, without a lookup per member.
    std::array<const json::value*, kMaxPaired> paired{};
    const bool in_order = shape.members.size() <= kMaxPaired && Pair(shape, in, &paired);
    std::vector<std::string_view> written;
    out_.push_back('{');
    bool first = true;
    for (size_t i = 0; i < shape.members.size(); ++i) {
      const model::MemberRef& member = shape.members[i];
      const json::value* mv = in_order ? paired[i] : in.if_contains(member.name);
      if (!mv || mv->is_null() || !member.shape) continue;
      if (renamed) {
        if (std::find(written.begin(), written.end(), member.WireName()) != written.end()) continue;
        written.push_back(member.WireName());
      }
      Comma(&first);
      String(member.WireName());
      out_.push_back(':');
      Write(*member.shape, *mv);
    }
    out_.push_back('}');
  }

  // Sets (*paired)[i] to the value of member i if every key of `in` names a member and the keys
  // come in the members' order; false otherwise (then nothing is known).
  static bool Pair(const Shape& shape, const json::object& in,
                   std::array<const json::value*, kMaxPaired>* paired) {
    size_t next = 0;
    for (const json::key_value_pair& entry : in) {
      while (next < shape.members.size() && shape.members[next].name != entry.key()) ++next;
      if (next == shape.members.size()) return false;
      (*paired)[next++] = &entry.value();
    }
    return true;
  }

  // A value written as it is (documents, and values that do not have their shape's JSON type).
  void Plain(const json::value& v) {
    switch (v.kind()) {
      case json::kind::null: out_.append("null"); return;
      case json::kind::bool_: out_.append(v.get_bool() ? "true" : "false"); return;
      case json::kind::int64: return Int(v.get_int64());
      case json::kind::uint64: {
        char buf[json::detail::max_number_chars + 1];
        out_.append(buf, json::detail::format_uint64(buf, v.get_uint64()));
        return;
      }
      case json::kind::double_: return Double(v.get_double());
      case json::kind::string: return String(v.get_string());
      case json::kind::array:
        out_.push_back('[');
        for (bool first = true; const json::value& item : v.get_array()) {
          Comma(&first);
          Plain(item);
        }
        out_.push_back(']');
        return;
      case json::kind::object:
        out_.push_back('{');
        for (bool first = true; const auto& [k, item] : v.get_object()) {
          Comma(&first);
          String(k);
          out_.push_back(':');
          Plain(item);
        }
        out_.push_back('}');
        return;
    }
  }

  // Before every element but the first.
  void Comma(bool* first) {
    if (!*first) out_.push_back(',');
    *first = false;
  }

  void Int(int64_t i) {
    char buf[json::detail::max_number_chars + 1];
    out_.append(buf, json::detail::format_int64(buf, i));
  }

  void Double(double d) {
    char buf[json::detail::max_number_chars + 1];
    out_.append(buf, json::detail::format_double(buf, d));
  }

  // Whether a byte of `word` is a control character, '"' or '\\' (exact: the classic "has a
  // zero byte" and "has a byte below n" tests; bytes of 0x80 and up are never flagged).
  static bool NeedsEscape(uint64_t word) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHighs = 0x8080808080808080ULL;
    const auto has_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    return (((word - kOnes * 0x20) & ~word & kHighs) | has_zero(word ^ (kOnes * '"')) |
            has_zero(word ^ (kOnes * '\\'))) != 0;
  }

  void String(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_.push_back('"');
    size_t run = 0;  // start of the characters not yet copied
    size_t i = 0;
    // Eight bytes at a time up to the first that needs escaping (most strings have none).
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, sizeof(word));
      if (NeedsEscape(word)) break;
    }
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_.append("\\\""); break;
        case '\\': out_.append("\\\\"); break;
        case '\b': out_.append("\\b"); break;
        case '\f': out_.append("\\f"); break;
        case '\n': out_.append("\\n"); break;
        case '\r': out_.append("\\r"); break;
        case '\t': out_.append("\\t"); break;
        default: {
          const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_.append(escape, sizeof(escape));
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_.push_back('"');
  }

  std::string& out_;
};

}  // namespace

json::object DecodeJsonInput(const Shape* input, std::string_view body) {
  if (body.empty()) {
    return {};
  }
  json::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    Mismatch("Expected a JSON object in the request body");
  }
  if (input) {
    CheckInput(*input, parsed);
  }
  return std::move(parsed.get_object());
}

std::string EncodeJsonOutput(const Shape* output, const json::value& value) {
  if (!output || !value.is_object()) {
    return "{}";
  }
  // The thread's previous answer is a fair guess at this one's size: growing a 30 KB page from
  // nothing reallocates it a dozen times.
  thread_local size_t expected_size = 1024;
  std::string out;
  out.reserve(expected_size);
  OutputWriter(&out).Write(*output, value);
  expected_size = std::clamp<size_t>(out.size() + out.size() / 8, 1024, size_t{1} << 20);
  return out;
}

std::string EncodeJsonError(const Shape* shape, std::string_view code, const AwsError& error,
                            std::string_view request_id) {
  json::object members = ErrorMembers(shape, error, request_id);
  // The shape orders and types its members; an error shape without a message member (SSM's
  // TooManyTagsError) still gets the message, under "message".
  const bool shaped_message = shape && shape->FindMember(MessageMember(shape));
  if (error.has_message() && shaped_message) {
    members[MessageMember(shape)] = error.message();
  }
  const std::string rest = shape ? EncodeJsonOutput(shape, members) : json::serialize(members);
  std::string out = "{\"__type\":" + json::serialize(json::value(code));
  if (error.has_message() && !shaped_message) {
    out.append(",\"message\":").append(json::serialize(json::value(error.message())));
  }
  if (rest.size() > 2) {
    out.append(",").append(rest, 1, std::string::npos);  // with its closing brace
  } else {
    out.append("}");
  }
  return out;
}

}  // namespace nimbus::core::protocol
