#include "core/self_check.h"

namespace nimbus::core::self_check {

namespace json = boost::json;
using model::Shape;
using model::ShapeType;

namespace {

std::optional<std::string> Problem(const Shape& shape, const json::value& v,
                                   const std::string& path) {
  if (v.is_null()) {
    return std::nullopt;  // the encoders omit nulls
  }
  const auto wrong_kind = [&](std::string_view expected) {
    return path + " is " + std::string(json::to_string(v.kind())) + ", not " +
           std::string(expected) + " (" + shape.name + ")";
  };
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (shape.is_document) return std::nullopt;
      if (!v.is_object()) return wrong_kind("an object");
      for (const auto& [name, item] : v.get_object()) {
        const model::MemberRef* member = shape.FindMember(name);
        if (!member) {
          return "member '" + std::string(name) + "' at " + path + " is not in " + shape.name;
        }
        if (member->shape) {
          if (auto problem = Problem(*member->shape, item, path + "." + std::string(name))) {
            return problem;
          }
        }
      }
      return std::nullopt;
    }
    case ShapeType::kList: {
      if (!v.is_array()) return wrong_kind("an array");
      size_t index = 0;
      for (const json::value& item : v.get_array()) {
        if (shape.member.shape) {
          if (auto problem = Problem(*shape.member.shape, item,
                                     path + "[" + std::to_string(index) + "]")) {
            return problem;
          }
        }
        ++index;
      }
      return std::nullopt;
    }
    case ShapeType::kMap: {
      if (!v.is_object()) return wrong_kind("an object");
      for (const auto& [key, item] : v.get_object()) {
        if (shape.value.shape) {
          if (auto problem = Problem(*shape.value.shape, item, path + "." + std::string(key))) {
            return problem;
          }
        }
      }
      return std::nullopt;
    }
    case ShapeType::kString:
    case ShapeType::kBlob:
      return v.is_string() ? std::nullopt : std::optional(wrong_kind("a string"));
    case ShapeType::kInteger:
    case ShapeType::kLong:
      return v.is_int64() || v.is_uint64() ? std::nullopt : std::optional(wrong_kind("an integer"));
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      return v.is_number() ? std::nullopt : std::optional(wrong_kind("a number"));
    case ShapeType::kBoolean:
      return v.is_bool() ? std::nullopt : std::optional(wrong_kind("a boolean"));
    case ShapeType::kTimestamp:
      // Epoch seconds, or an ISO 8601 string (core/service.h).
      return v.is_number() || v.is_string() ? std::nullopt
                                            : std::optional(wrong_kind("a timestamp"));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> OutputProblem(const Shape* shape, const json::value& output) {
  if (!shape) {
    const bool empty = output.is_null() || (output.is_object() && output.get_object().empty());
    return empty ? std::nullopt : std::optional<std::string>("the operation has no output");
  }
  return Problem(*shape, output, "output");
}

bool ErrorAllowed(const model::ServiceModel& model, const model::Operation& op,
                  const AwsError& error) {
  for (const Shape* shape : op.errors) {
    if (shape->name == error.code() || (shape->error && shape->error->code == error.code())) {
      return true;
    }
  }
  if (model.protocol() == "rest-xml" && model.FindError(error.code())) return true;
  return CommonErrorStatus(error.code()).has_value();
}

}  // namespace nimbus::core::self_check
