#include "core/protocol/validate.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

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

// Bytes that a base64 text decodes to (blobs stay base64 in the value tree): "QUI=" is 2.
size_t DecodedSize(std::string_view base64) {
  size_t padding = 0;
  while (padding < 2 && padding < base64.size() && base64[base64.size() - 1 - padding] == '=') {
    ++padding;
  }
  return (base64.size() - padding) * 3 / 4;
}

bool IsNumeric(ShapeType type) {
  return type == ShapeType::kInteger || type == ShapeType::kLong || type == ShapeType::kFloat ||
         type == ShapeType::kDouble;
}

// A list of these is reported on the list, not member by member.
bool IsScalar(const Shape& shape) {
  return shape.type != ShapeType::kStructure && shape.type != ShapeType::kList &&
         shape.type != ShapeType::kMap;
}

// The kinds of constraint `shape` itself has (not its members), in the order AWS lists them
// when it reports them together: maximum, minimum, pattern, enum. No allocation: every scalar
// of every request goes through here.
class ConstraintKinds {
 public:
  explicit ConstraintKinds(const Shape& shape) {
    const bool numeric = IsNumeric(shape.type);
    const bool sized = shape.type == ShapeType::kString || shape.type == ShapeType::kBlob ||
                       shape.type == ShapeType::kList || shape.type == ShapeType::kMap;
    if (!numeric && !sized) return;
    if (shape.max) Push(numeric ? ViolationKind::kMaxValue : ViolationKind::kMaxLength);
    if (shape.min) Push(numeric ? ViolationKind::kMinValue : ViolationKind::kMinLength);
    if (shape.type == ShapeType::kString && !shape.pattern.empty()) Push(ViolationKind::kPattern);
    if (shape.type == ShapeType::kString && !shape.enum_values.empty()) Push(ViolationKind::kEnum);
  }

  const ViolationKind* begin() const { return kinds_.data(); }
  const ViolationKind* end() const { return kinds_.data() + size_; }
  bool empty() const { return size_ == 0; }

 private:
  void Push(ViolationKind kind) { kinds_[size_++] = kind; }

  std::array<ViolationKind, 4> kinds_{};
  size_t size_ = 0;
};

// A constraint of `shape` as AWS words it.
std::string ConstraintText(const Shape& shape, ViolationKind kind) {
  switch (kind) {
    case ViolationKind::kMaxLength:
      return "Member must have length less than or equal to " + FormatNumber(*shape.max);
    case ViolationKind::kMinLength:
      return "Member must have length greater than or equal to " + FormatNumber(*shape.min);
    case ViolationKind::kMaxValue:
      return "Member must have value less than or equal to " + FormatNumber(*shape.max);
    case ViolationKind::kMinValue:
      return "Member must have value greater than or equal to " + FormatNumber(*shape.min);
    case ViolationKind::kPattern:
      return "Member must satisfy regular expression pattern: " + shape.pattern;
    case ViolationKind::kEnum: {
      std::string set = "[";
      for (size_t i = 0; i < shape.enum_values.size(); ++i) {
        set += (i ? ", " : "") + shape.enum_values[i];
      }
      return "Member must satisfy enum value set: " + set + "]";
    }
    default:
      return "";
  }
}

// Every constraint of `shape`: "[Member must have length less than or equal to 100, ...]".
std::string AllConstraints(const Shape& shape) {
  std::string out = "[";
  for (const ViolationKind kind : ConstraintKinds(shape)) {
    out += (out.size() > 1 ? ", " : "") + ConstraintText(shape, kind);
  }
  return out + "]";
}

// Length as the shape measures it, or nullopt for a value of another JSON type (the codecs
// refuse those before validation).
std::optional<double> LengthOf(const Shape& shape, const json::value& v) {
  switch (shape.type) {
    case ShapeType::kString:
      if (v.is_string()) return static_cast<double>(CodePoints(v.get_string()));
      break;
    case ShapeType::kBlob:
      if (v.is_string()) return static_cast<double>(DecodedSize(v.get_string()));
      break;
    case ShapeType::kList:
      if (v.is_array()) return static_cast<double>(v.get_array().size());
      break;
    case ShapeType::kMap:
      if (v.is_object()) return static_cast<double>(v.get_object().size());
      break;
    default:
      break;
  }
  return std::nullopt;
}

class Validator {
 public:
  Validator(const model::ServiceModel& model, std::vector<Violation>* out)
      : model_(model), out_(out) {}

  // `sensitive`: a shape on the way here is marked sensitive.
  void Check(const Shape& shape, const json::value& v, const std::string& path, bool sensitive) {
    sensitive = sensitive || shape.sensitive;
    switch (shape.type) {
      case ShapeType::kStructure:
        if (v.is_object() && !shape.is_document) {
          CheckStructure(shape, v.get_object(), path, sensitive);
        }
        break;
      case ShapeType::kList:
        if (v.is_array()) {
          CheckOwn(shape, v, path, sensitive);
          CheckListMembers(shape, v.get_array(), v, path, sensitive);
        }
        break;
      case ShapeType::kMap:
        if (v.is_object()) {
          CheckOwn(shape, v, path, sensitive);
          CheckMapEntries(shape, v.get_object(), v, path, sensitive);
        }
        break;
      default:
        CheckOwn(shape, v, path, sensitive);
        break;
    }
  }

  void CheckStructure(const Shape& shape, const json::object& object, const std::string& path,
                      bool sensitive) {
    for (const model::MemberRef& member : shape.members) {
      const json::value* v = object.if_contains(member.name);
      const std::string member_path = Join(path, PathSegment(member.name));
      if (!v || v->is_null()) {
        if (shape.IsRequired(member.name)) {
          Add(ViolationKind::kRequired, member.shape, json::value(nullptr), member_path, sensitive,
              "Member must not be null");
        }
        continue;
      }
      if (member.shape) {
        Check(*member.shape, *v, member_path, sensitive);
      }
    }
  }

 private:
  // Whether `v` breaks a constraint of `shape` itself.
  bool Breaks(const Shape& shape, const json::value& v) const {
    for (const ViolationKind kind : ConstraintKinds(shape)) {
      if (!Satisfies(shape, kind, v)) return true;
    }
    return false;
  }

  bool Satisfies(const Shape& shape, ViolationKind kind, const json::value& v) const {
    switch (kind) {
      case ViolationKind::kMaxLength: {
        const std::optional<double> length = LengthOf(shape, v);
        return !length || *length <= *shape.max;
      }
      case ViolationKind::kMinLength: {
        const std::optional<double> length = LengthOf(shape, v);
        return !length || *length >= *shape.min;
      }
      case ViolationKind::kMaxValue:
        return !v.is_number() || v.to_number<double>() <= *shape.max;
      case ViolationKind::kMinValue:
        return !v.is_number() || v.to_number<double>() >= *shape.min;
      case ViolationKind::kPattern: {
        const re2::RE2* re = model_.Pattern(shape);
        if (!re || !v.is_string()) return true;
        const std::string_view s = v.get_string();
        return re2::RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *re);
      }
      case ViolationKind::kEnum: {
        if (!v.is_string()) return true;
        for (const std::string& e : shape.enum_values) {
          if (e == v.get_string()) return true;
        }
        return false;
      }
      default:
        return true;
    }
  }

  // One violation per constraint of the shape itself that `v` breaks, a length before a pattern
  // (AWS's order when a value breaks both); a value outside an enum breaks only that.
  void CheckOwn(const Shape& shape, const json::value& v, const std::string& path, bool sensitive) {
    const ConstraintKinds kinds(shape);
    if (std::find(kinds.begin(), kinds.end(), ViolationKind::kEnum) != kinds.end() &&
        !Satisfies(shape, ViolationKind::kEnum, v)) {
      Add(ViolationKind::kEnum, &shape, v, path, sensitive,
          ConstraintText(shape, ViolationKind::kEnum));
      return;
    }
    for (const ViolationKind kind : kinds) {
      if (!Satisfies(shape, kind, v)) {
        Add(kind, &shape, v, path, sensitive, ConstraintText(shape, kind));
      }
    }
  }

  void CheckListMembers(const Shape& shape, const json::array& items, const json::value& list,
                        const std::string& path, bool sensitive) {
    const Shape* member = shape.member.shape;
    if (!member) return;
    if (IsScalar(*member)) {
      // One violation for the list, however many members break the member's constraints.
      for (const json::value& item : items) {
        if (!item.is_null() && Breaks(*member, item)) {
          Add(ViolationKind::kMember, &shape, list, path, sensitive,
              "Member must satisfy constraint: " + AllConstraints(*member));
          return;
        }
      }
      return;
    }
    size_t index = 1;
    for (const json::value& item : items) {
      if (!item.is_null()) {
        Check(*member, item, path + "." + std::to_string(index) + ".member", sensitive);
      }
      ++index;
    }
  }

  // Keys, then scalar values (and the own constraints of list values), each reported once on
  // the map; structures and the members of lists are checked under "<path>.<key>.value".
  void CheckMapEntries(const Shape& shape, const json::object& entries, const json::value& map,
                       const std::string& path, bool sensitive) {
    const Shape* key = shape.key.shape;
    if (key && !ConstraintKinds(*key).empty()) {
      for (const auto& [k, item] : entries) {
        if (Breaks(*key, json::value(k))) {
          Add(ViolationKind::kMember, &shape, map, path, sensitive,
              "Map keys must satisfy constraint: " + AllConstraints(*key));
          break;
        }
      }
    }
    const Shape* value = shape.value.shape;
    if (!value) return;
    if (IsScalar(*value) || value->type == ShapeType::kList) {
      for (const auto& [k, item] : entries) {
        if (!item.is_null() && Breaks(*value, item)) {
          Add(ViolationKind::kMember, &shape, map, path, sensitive,
              "Map value must satisfy constraint: " + AllConstraints(*value));
          break;
        }
      }
    }
    if (IsScalar(*value)) return;
    for (const auto& [k, item] : entries) {
      if (item.is_null()) continue;
      const std::string item_path = path + "." + std::string(k) + ".value";
      if (value->type == ShapeType::kList) {
        if (item.is_array()) {
          CheckListMembers(*value, item.get_array(), item, item_path,
                           sensitive || value->sensitive);
        }
      } else {
        Check(*value, item, item_path, sensitive);
      }
    }
  }

  // `shape` is the shape of `v`; its value is left out when a shape on the path, or any shape
  // inside it, is sensitive.
  void Add(ViolationKind kind, const Shape* shape, const json::value& v, const std::string& path,
           bool sensitive, const std::string& constraint) {
    std::string text;
    if (v.is_null()) {
      text = "Value null";
    } else if (sensitive || (shape && ContainsSensitive(*shape))) {
      text = "Value";
    } else {
      text = "Value '" + Printable(v) + "'";
    }
    out_->push_back(
        {kind, text + " at '" + path + "' failed to satisfy constraint: " + constraint});
  }

  // Whether `shape` or a shape it contains is sensitive (a list of secrets, a structure with a
  // password member). Asked only when a violation is reported.
  bool ContainsSensitive(const Shape& shape) {
    if (const auto it = contains_sensitive_.find(&shape); it != contains_sensitive_.end()) {
      return it->second;
    }
    contains_sensitive_[&shape] = shape.sensitive;  // a recursive shape meets itself as is
    bool found = shape.sensitive;
    for (const model::MemberRef& member : shape.members) {
      found = found || (member.shape && ContainsSensitive(*member.shape));
    }
    for (const model::MemberRef* ref : {&shape.member, &shape.key, &shape.value}) {
      found = found || (ref->shape && ContainsSensitive(*ref->shape));
    }
    contains_sensitive_[&shape] = found;
    return found;
  }

  const model::ServiceModel& model_;
  std::vector<Violation>* out_;
  std::unordered_map<const Shape*, bool> contains_sensitive_;
};

// The reason and documented message of Organizations' InvalidInputException for a violation:
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_InvalidInputException.html
struct InputReason {
  std::string_view reason;
  std::string_view message;
};

InputReason ReasonFor(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::kRequired:
      return {"INPUT_REQUIRED", "You must include a value for all required parameters."};
    case ViolationKind::kEnum:
      return {"INVALID_ENUM", "You specified an invalid value."};
    case ViolationKind::kMinLength:
      return {"MIN_LENGTH_EXCEEDED",
              "You provided a string parameter that is shorter than allowed."};
    case ViolationKind::kMaxLength:
      return {"MAX_LENGTH_EXCEEDED",
              "You provided a string parameter that is longer than allowed."};
    case ViolationKind::kPattern:
      return {"INVALID_PATTERN", "You provided a value that doesn't match the required pattern."};
    case ViolationKind::kMinValue:
      return {"MIN_VALUE_EXCEEDED",
              "You provided a numeric parameter that has a smaller value than allowed."};
    case ViolationKind::kMaxValue:
      return {"MAX_VALUE_EXCEEDED",
              "You provided a numeric parameter that has a larger value than allowed."};
    case ViolationKind::kMember:
      return {"INVALID_LIST_MEMBER",
              "You provided a list to a parameter that contains at least one invalid value."};
  }
  return {"", ""};
}

// The Reason enum of the InvalidInputException that a JSON service answers instead of a
// ValidationException (Organizations), or null when the service answers ValidationException.
const Shape* InputReasonShape(const model::ServiceModel& model) {
  if (model.protocol() != "json" || model.FindError("ValidationException")) {
    return nullptr;
  }
  const Shape* error = model.FindError("InvalidInputException");
  const model::MemberRef* reason = error ? error->FindMember("Reason") : nullptr;
  return reason && reason->shape && !reason->shape->enum_values.empty() ? reason->shape : nullptr;
}

}  // namespace

std::vector<Violation> Validate(const model::ServiceModel& model, const Shape& shape,
                                const json::object& input) {
  std::vector<Violation> violations;
  Validator(model, &violations).CheckStructure(shape, input, "", shape.sensitive);
  return violations;
}

std::string ValidationMessage(const std::vector<Violation>& violations) {
  std::string message = std::to_string(violations.size()) +
                        (violations.size() == 1 ? " validation error detected: "
                                                : " validation errors detected: ");
  for (size_t i = 0; i < violations.size(); ++i) {
    message += (i ? "; " : "") + violations[i].text;
  }
  return message;
}

void ValidateInput(const model::ServiceModel& model, const Shape& shape,
                   const json::object& input) {
  const std::vector<Violation> violations = Validate(model, shape, input);
  if (!violations.empty()) {
    throw ValidationError(model, violations);
  }
}

AwsError ValidationError(const model::ServiceModel& model,
                         const std::vector<Violation>& violations) {
  const Shape* reasons = InputReasonShape(model);
  if (reasons && !violations.empty()) {
    // AWS names one reason: that of the first violation.
    const InputReason chosen = ReasonFor(violations.front().kind);
    AwsError error("InvalidInputException", std::string(chosen.message), 400);
    for (const std::string& allowed : reasons->enum_values) {
      if (allowed == chosen.reason) {
        error.With("Reason", json::string(allowed));
      }
    }
    return error;
  }
  return ValidationError(model, ValidationMessage(violations));
}

AwsError ValidationError(const model::ServiceModel& model, std::string message) {
  if (model.protocol() == "query") {
    return AwsError("ValidationError", std::move(message), 400);
  }
  if (model.protocol() == "rest-xml") {
    // S3 has no ValidationException: an argument it cannot accept is InvalidArgument.
    return AwsError("InvalidArgument", std::move(message), 400);
  }
  if (InputReasonShape(model)) {
    return AwsError("InvalidInputException", std::move(message), 400);
  }
  return AwsError("ValidationException", std::move(message), 400);
}

}  // namespace nimbus::core::protocol
