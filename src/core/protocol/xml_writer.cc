#include "core/protocol/xml_writer.h"

#include <charconv>

#include "core/clock.h"
#include "core/text.h"

namespace nimbus::core::protocol {

namespace json = boost::json;
using model::MemberRef;
using model::Shape;
using model::ShapeType;

std::string FormatDouble(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

int64_t TimestampMillis(const json::value& value) {
  if (value.is_number()) {
    return EpochMillis(value.to_number<double>());
  }
  if (value.is_string()) {
    double seconds = 0;
    if (ParseTimestamp(value.get_string(), &seconds)) {
      return EpochMillis(seconds);
    }
  }
  return 0;
}

std::string ScalarText(const Shape& shape, const json::value& value,
                       std::string_view timestamp_format) {
  if (shape.type == ShapeType::kTimestamp) {
    const std::string_view format =
        !timestamp_format.empty() ? timestamp_format : std::string_view(shape.timestamp_format);
    const int64_t millis = TimestampMillis(value);
    if (format == "rfc822") {
      return FormatRfc1123(millis);
    }
    if (format == "unixTimestamp") {
      return FormatDouble(EpochSeconds(millis));
    }
    return FormatIso8601(millis);
  }
  switch (value.kind()) {
    case json::kind::string: return std::string(value.get_string());
    case json::kind::bool_: return value.get_bool() ? "true" : "false";
    case json::kind::int64: return std::to_string(value.get_int64());
    case json::kind::uint64: return std::to_string(value.get_uint64());
    case json::kind::double_:
      if ((shape.type == ShapeType::kInteger || shape.type == ShapeType::kLong) &&
          value.get_double() >= -0x1p63 && value.get_double() < 0x1p63) {
        return std::to_string(static_cast<int64_t>(value.get_double()));
      }
      return FormatDouble(value.get_double());
    default: return "";
  }
}

namespace {

// XmlEscape(ScalarText(shape, value, timestamp_format)) appended to `out`; the common kinds
// (strings, integers, ISO 8601 timestamps) without a string of their own, since a listing writes
// thousands of them.
void AppendXmlScalar(std::string& out, const Shape& shape, const json::value& value,
                     std::string_view timestamp_format) {
  if (shape.type == ShapeType::kTimestamp) {
    const std::string_view format =
        !timestamp_format.empty() ? timestamp_format : std::string_view(shape.timestamp_format);
    if (format.empty() || format == "iso8601") {
      AppendIso8601(out, TimestampMillis(value));
      return;
    }
  } else if (value.is_string()) {
    AppendXmlEscaped(out, value.get_string());
    return;
  } else if (value.is_int64()) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value.get_int64());
    out.append(buffer, result.ptr);
    return;
  }
  AppendXmlEscaped(out, ScalarText(shape, value, timestamp_format));
}

}  // namespace

void WriteXmlElement(std::string& out, std::string_view name, const MemberRef& ref,
                     const json::value& value) {
  const Shape& shape = *ref.shape;
  if (value.is_null()) {
    return;
  }
  switch (shape.type) {
    case ShapeType::kStructure:
      if (!value.is_object()) return;
      out.append("<").append(name).append(">");
      WriteXmlMembers(out, shape, value.get_object());
      out.append("</").append(name).append(">");
      return;
    case ShapeType::kList: {
      if (!value.is_array()) return;
      const bool flattened = ref.flattened || shape.flattened;
      if (flattened) {
        for (const json::value& item : value.get_array()) {
          WriteXmlElement(out, name, shape.member, item);
        }
        return;
      }
      const std::string item_name =
          shape.member.location_name.empty() ? "member" : shape.member.location_name;
      if (value.get_array().empty()) {
        out.append("<").append(name).append("/>");
        return;
      }
      out.append("<").append(name).append(">");
      for (const json::value& item : value.get_array()) {
        WriteXmlElement(out, item_name, shape.member, item);
      }
      out.append("</").append(name).append(">");
      return;
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return;
      const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
      const std::string value_name =
          shape.value.location_name.empty() ? "value" : shape.value.location_name;
      const bool flattened = ref.flattened || shape.flattened;
      if (!flattened) {
        out.append("<").append(name).append(">");
      }
      for (const auto& [k, v] : value.get_object()) {
        out.append(flattened ? "<" + std::string(name) + ">" : std::string("<entry>"));
        WriteXmlElement(out, key_name, shape.key, json::value(k));
        WriteXmlElement(out, value_name, shape.value, v);
        out.append(flattened ? "</" + std::string(name) + ">" : std::string("</entry>"));
      }
      if (!flattened) {
        out.append("</").append(name).append(">");
      }
      return;
    }
    default:
      break;
  }
  out.append("<").append(name).append(">");
  AppendXmlScalar(out, shape, value, ref.timestamp_format);
  out.append("</").append(name).append(">");
}

void WriteXmlMembers(std::string& out, const Shape& shape, const json::object& value) {
  for (const MemberRef& member : shape.members) {
    if (!member.location.empty() || member.xml_attribute) {
      continue;  // headers, status codes and attributes are not element content
    }
    const json::value* v = value.if_contains(member.name);
    if (!v || v->is_null() || !member.shape) {
      continue;
    }
    WriteXmlElement(out, member.WireName(), member, *v);
  }
}

void WriteXmlErrorMembers(std::string& out, const Shape* shape, const json::object& members) {
  if (shape) {
    WriteXmlMembers(out, *shape, members);
    return;
  }
  for (const auto& [name, value] : members) {
    if (value.is_string()) {
      out.append("<").append(name).append(">").append(XmlEscape(value.get_string()));
      out.append("</").append(name).append(">");
    }
  }
}

}  // namespace nimbus::core::protocol
