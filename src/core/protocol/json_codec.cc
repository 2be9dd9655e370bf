#include "core/protocol/json_codec.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "core/aws_error.h"
#include "core/clock.h"
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
      for (json::value& item : v.get_array()) {
        if (shape.member.shape) CheckInput(*shape.member.shape, item);
      }
      return;
    case ShapeType::kMap:
      if (!v.is_object()) Mismatch("Start of structure or map found where not expected.");
      for (auto& [k, item] : v.get_object()) {
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
      if (!v.is_int64() && !v.is_uint64()) Mismatch("NUMBER_VALUE can not be converted to an Integer");
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

json::value Output(const Shape& shape, const json::value& v) {
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (shape.is_document || !v.is_object()) return v;
      json::object out;
      for (const model::MemberRef& member : shape.members) {
        const json::value* mv = v.get_object().if_contains(member.name);
        if (mv && !mv->is_null() && member.shape) {
          out.emplace(member.WireName(), Output(*member.shape, *mv));
        }
      }
      return out;
    }
    case ShapeType::kList: {
      if (!v.is_array() || !shape.member.shape) return v;
      json::array out;
      out.reserve(v.get_array().size());
      for (const json::value& item : v.get_array()) {
        out.push_back(Output(*shape.member.shape, item));
      }
      return out;
    }
    case ShapeType::kMap: {
      if (!v.is_object() || !shape.value.shape) return v;
      json::object out;
      for (const auto& [k, item] : v.get_object()) {
        out.emplace(k, Output(*shape.value.shape, item));
      }
      return out;
    }
    case ShapeType::kTimestamp:
      if (v.is_string()) return static_cast<double>(TimestampMillis(v)) / 1000.0;
      return v;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      // A double here would be written "3E0", which Python clients read as the float 3.0.
      if (v.is_double() && v.get_double() >= -0x1p63 && v.get_double() < 0x1p63) {
        return static_cast<int64_t>(std::llround(v.get_double()));
      }
      return v;
    default:
      return v;
  }
}

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
  return json::serialize(Output(*output, value));
}

std::string EncodeJsonError(std::string_view code, std::string_view message) {
  json::object body;
  body["__type"] = code;
  body["message"] = message;
  return json::serialize(body);
}

}  // namespace nimbus::core::protocol
