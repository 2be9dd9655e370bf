#include "core/protocol/validate.h"

#include <re2/re2.h>

#include <cmath>
#include <sstream>

namespace nimbus::core::protocol {

namespace json = boost::json;
using model::Shape;
using model::ShapeType;

namespace {

// AWS reports member paths in lowerCamelCase ("roleSessionName", "tags.1.member.key").
std::string PathSegment(std::string_view member) {
  std::string out(member);
  if (!out.empty()) {
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  }
  return out;
}

std::string Join(const std::string& path, std::string_view segment) {
  return path.empty() ? std::string(segment) : path + "." + std::string(segment);
}

std::string FormatNumber(double n) {
  if (std::floor(n) == n && std::fabs(n) < 1e18) {
    return std::to_string(static_cast<int64_t>(n));
  }
  std::ostringstream out;
  out << n;
  return out.str();
}

// How AWS (Java toString) prints a value in a validation message.
std::string Printable(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: return std::string(v.get_string());
    case json::kind::int64: return std::to_string(v.get_int64());
    case json::kind::uint64: return std::to_string(v.get_uint64());
    case json::kind::double_: return FormatNumber(v.get_double());
    case json::kind::bool_: return v.get_bool() ? "true" : "false";
    case json::kind::array: {
      std::string out = "[";
      bool first = true;
      for (const json::value& item : v.get_array()) {
        out += (first ? "" : ", ") + Printable(item);
        first = false;
      }
      return out + "]";
    }
    case json::kind::object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, item] : v.get_object()) {
        out += (first ? "" : ", ") + std::string(k) + "=" + Printable(item);
        first = false;
      }
      return out + "}";
    }
    default: return "null";
  }
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

class Validator {
 public:
  Validator(const model::ServiceModel& model, std::vector<std::string>* out)
      : model_(model), out_(out) {}

  void Check(const Shape& shape, const json::value& v, const std::string& path) {
    switch (shape.type) {
      case ShapeType::kStructure:
        if (v.is_object() && !shape.is_document) {
          CheckStructure(shape, v.get_object(), path);
        }
        break;
      case ShapeType::kList:
        if (v.is_array()) {
          CheckSize(shape, v, v.get_array().size(), path);
          size_t index = 1;
          for (const json::value& item : v.get_array()) {
            if (shape.member.shape && !item.is_null()) {
              Check(*shape.member.shape, item, path + "." + std::to_string(index) + ".member");
            }
            ++index;
          }
        }
        break;
      case ShapeType::kMap:
        if (v.is_object()) {
          CheckSize(shape, v, v.get_object().size(), path);
          for (const auto& [k, item] : v.get_object()) {
            if (shape.key.shape) {
              Check(*shape.key.shape, json::value(k), path + ".key");
            }
            if (shape.value.shape && !item.is_null()) {
              Check(*shape.value.shape, item, path + "." + std::string(k) + ".value");
            }
          }
        }
        break;
      case ShapeType::kString:
        if (v.is_string()) {
          CheckString(shape, v, path);
        }
        break;
      case ShapeType::kBlob:
        if (v.is_string()) {
          CheckSize(shape, v, v.get_string().size() * 3 / 4, path);
        }
        break;
      case ShapeType::kInteger:
      case ShapeType::kLong:
      case ShapeType::kFloat:
      case ShapeType::kDouble:
        if (v.is_number()) {
          CheckRange(shape, v, path);
        }
        break;
      default:
        break;
    }
  }

  void CheckStructure(const Shape& shape, const json::object& object, const std::string& path) {
    for (const model::MemberRef& member : shape.members) {
      const json::value* v = object.if_contains(member.name);
      const std::string member_path = Join(path, PathSegment(member.name));
      if (!v || v->is_null()) {
        if (shape.IsRequired(member.name)) {
          Add(json::value(nullptr), member_path, "Member must not be null");
        }
        continue;
      }
      if (member.shape) {
        Check(*member.shape, *v, member_path);
      }
    }
  }

 private:
  void Add(const json::value& v, const std::string& path, const std::string& constraint) {
    const std::string value = Printable(v);
    out_->push_back((v.is_null() ? "Value null" : "Value '" + value + "'") + " at '" + path +
                    "' failed to satisfy constraint: " + constraint);
  }

  void CheckSize(const Shape& shape, const json::value& v, size_t size, const std::string& path) {
    if (shape.min && static_cast<double>(size) < *shape.min) {
      Add(v, path, "Member must have length greater than or equal to " + FormatNumber(*shape.min));
    }
    if (shape.max && static_cast<double>(size) > *shape.max) {
      Add(v, path, "Member must have length less than or equal to " + FormatNumber(*shape.max));
    }
  }

  void CheckString(const Shape& shape, const json::value& v, const std::string& path) {
    const std::string_view s = v.get_string();
    if (!shape.enum_values.empty()) {
      bool found = false;
      for (const std::string& e : shape.enum_values) {
        found = found || e == s;
      }
      if (!found) {
        std::string set = "[";
        for (size_t i = 0; i < shape.enum_values.size(); ++i) {
          set += (i ? ", " : "") + shape.enum_values[i];
        }
        Add(v, path, "Member must satisfy enum value set: " + set + "]");
        return;
      }
    }
    CheckSize(shape, v, CodePoints(s), path);
    if (const re2::RE2* re = model_.Pattern(shape)) {
      if (!re2::RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *re)) {
        Add(v, path, "Member must satisfy regular expression pattern: " + shape.pattern);
      }
    }
  }

  void CheckRange(const Shape& shape, const json::value& v, const std::string& path) {
    const double n = v.to_number<double>();
    if (shape.min && n < *shape.min) {
      Add(v, path, "Member must have value greater than or equal to " + FormatNumber(*shape.min));
    }
    if (shape.max && n > *shape.max) {
      Add(v, path, "Member must have value less than or equal to " + FormatNumber(*shape.max));
    }
  }

  const model::ServiceModel& model_;
  std::vector<std::string>* out_;
};

}  // namespace

std::vector<std::string> Validate(const model::ServiceModel& model, const Shape& shape,
                                  const json::object& input) {
  std::vector<std::string> violations;
  Validator(model, &violations).CheckStructure(shape, input, "");
  return violations;
}

std::string ValidationMessage(const std::vector<std::string>& violations) {
  std::string message = std::to_string(violations.size()) +
                        (violations.size() == 1 ? " validation error detected: "
                                                : " validation errors detected: ");
  for (size_t i = 0; i < violations.size(); ++i) {
    message += (i ? "; " : "") + violations[i];
  }
  return message;
}

void ValidateInput(const model::ServiceModel& model, const Shape& shape,
                   const json::object& input) {
  const std::vector<std::string> violations = Validate(model, shape, input);
  if (!violations.empty()) {
    throw ValidationError(model, ValidationMessage(violations));
  }
}

AwsError ValidationError(const model::ServiceModel& model, std::string message) {
  if (model.protocol() == "query") {
    return AwsError("ValidationError", std::move(message), 400);
  }
  if (model.protocol() == "rest-xml") {
    // S3 has no ValidationException: an argument it cannot accept is InvalidArgument.
    return AwsError("InvalidArgument", std::move(message), 400);
  }
  return AwsError("ValidationException", std::move(message), 400);
}

}  // namespace nimbus::core::protocol
