#include "cloudformation/schema/property_validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>

#include <boost/json/serialize.hpp>
#include <re2/re2.h>

#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// Schemas nest a dozen levels; recursive definitions stop with the data, this stops the rest.
constexpr int kMaxDepth = 64;

std::string Pointer(std::string_view path) { return path.empty() ? "/" : std::string(path); }

// "string" -> "String", as AWS names types in its messages.
std::string TypeName(std::string_view type) {
  std::string name(type);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

bool IsScalar(const json::value& value) {
  return value.is_string() || value.is_number() || value.is_bool();
}

// A scalar as CloudFormation passes it on: `5` is "5", `true` is "true".
std::string Text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  return json::serialize(value);
}

// A schema's number as text: 10, not 1E1.
std::string NumberText(double number) {
  if (std::floor(number) == number && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<int64_t>(number));
  }
  return json::serialize(json::value(number));
}

std::optional<double> NumberOf(const json::value& value) {
  if (value.is_number()) return value.to_number<double>();
  if (!value.is_string() || value.get_string().empty()) return std::nullopt;
  const std::string text(value.get_string());
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(number)) return std::nullopt;
  return number;
}

bool FitsType(const json::value& value, std::string_view type) {
  if (type == "string") return IsScalar(value);
  if (type == "number") return NumberOf(value).has_value();
  if (type == "integer") {
    const std::optional<double> number = NumberOf(value);
    return number && std::floor(*number) == *number;
  }
  if (type == "boolean") {
    if (value.is_bool()) return true;
    if (!value.is_string()) return false;
    const std::string text = core::ToLower(value.get_string());
    return text == "true" || text == "false";
  }
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "null") return value.is_null();
  return true;
}

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string List(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

struct PropertyValidator::Walk {
  const PropertyValidator& validator;
  std::vector<std::string> problems;

  void Problem(std::string problem) { problems.push_back(std::move(problem)); }

  // The schema "#/definitions/Tag" points to in the type's schema, or null.
  const json::object* Lookup(std::string_view ref) const {
    if (!core::StartsWith(ref, "#/")) return nullptr;
    const json::value* at = nullptr;
    const json::object* object = &validator.schema_.document;
    for (std::string_view rest = ref.substr(2); object;) {
      const size_t slash = rest.find('/');
      at = object->if_contains(rest.substr(0, slash));
      if (!at) return nullptr;
      if (slash == std::string_view::npos) break;
      object = at->if_object();
      rest = rest.substr(slash + 1);
    }
    return at ? at->if_object() : nullptr;
  }

  void Check(const json::value& value, const json::object& schema, const std::string& path,
             int depth) {
    if (depth > kMaxDepth) return;
    if (const json::value* ref = schema.if_contains("$ref"); ref && ref->is_string()) {
      if (const json::object* target = Lookup(ref->get_string())) {
        const size_t before = problems.size();
        Check(value, *target, path, depth + 1);
        if (problems.size() != before) return;
      }
    }
    if (!CheckType(value, schema, path)) return;
    CheckScalar(value, schema, path);
    if (value.is_object()) CheckObject(value.get_object(), schema, path, depth);
    if (value.is_array()) CheckArray(value.get_array(), schema, path, depth);
    if (const json::value* all = schema.if_contains("allOf"); all && all->is_array()) {
      for (const json::value& branch : all->get_array()) {
        if (branch.is_object()) Check(value, branch.get_object(), path, depth + 1);
      }
    }
    for (std::string_view keyword : {"anyOf", "oneOf"}) {
      if (const json::value* branches = schema.if_contains(keyword); branches) {
        CheckBranches(value, *branches, path, depth);
      }
    }
  }

  // Whether the value has (one of) the schema's type(s); a problem otherwise.
  bool CheckType(const json::value& value, const json::object& schema, const std::string& path) {
    const json::value* type = schema.if_contains("type");
    if (!type) return true;
    std::vector<std::string_view> types;
    if (type->is_string()) types.push_back(type->get_string());
    if (type->is_array()) {
      for (const json::value& t : type->get_array()) {
        if (t.is_string()) types.push_back(t.get_string());
      }
    }
    if (types.empty()) return true;
    for (std::string_view t : types) {
      if (FitsType(value, t)) return true;
    }
    Problem("Value of property {" + Pointer(path) + "} does not match type {" +
            TypeName(types.front()) + "}");
    return false;
  }

  void CheckScalar(const json::value& value, const json::object& schema, const std::string& path) {
    if (!IsScalar(value)) return;
    const std::string text = Text(value);
    if (const json::value* allowed = schema.if_contains("enum"); allowed && allowed->is_array()) {
      std::vector<std::string> names;
      bool found = false;
      for (const json::value& option : allowed->get_array()) {
        names.push_back(Text(option));
        found = found || names.back() == text;
      }
      if (!found) {
        Problem("Value for property {" + Pointer(path) + "} does not match with the enum list [" +
                List(names) + "]");
        return;
      }
    }
    if (value.is_string()) {
      const size_t length = CodePoints(text);
      if (const json::value* max = schema.if_contains("maxLength");
          max && max->is_number() && length > max->to_number<double>()) {
        Problem("Length of value {" + text + "} for property {" + Pointer(path) +
                "} is greater than maximum allowed length {" +
                NumberText(max->to_number<double>()) + "}");
      }
      if (const json::value* min = schema.if_contains("minLength");
          min && min->is_number() && length < min->to_number<double>()) {
        Problem("Length of value {" + text + "} for property {" + Pointer(path) +
                "} is less than minimum allowed length {" + NumberText(min->to_number<double>()) +
                "}");
      }
      if (const json::value* pattern = schema.if_contains("pattern");
          pattern && pattern->is_string()) {
        const std::string source(pattern->get_string());
        const re2::RE2* re = validator.Pattern(source);
        if (re && !re2::RE2::PartialMatch(text, *re)) {
          Problem("Value for property {" + Pointer(path) + "} does not match pattern {" + source +
                  "}");
        }
      }
    }
    const json::value* type = schema.if_contains("type");
    const bool numeric = type && type->is_string() &&
                         (type->get_string() == "integer" || type->get_string() == "number");
    const std::optional<double> number =
        numeric || value.is_number() ? NumberOf(value) : std::nullopt;
    if (!number) return;
    if (const json::value* max = schema.if_contains("maximum");
        max && max->is_number() && *number > max->to_number<double>()) {
      Problem("Value {" + text + "} for property {" + Pointer(path) +
              "} is greater than maximum allowed value {" + NumberText(max->to_number<double>()) +
              "}");
    }
    if (const json::value* min = schema.if_contains("minimum");
        min && min->is_number() && *number < min->to_number<double>()) {
      Problem("Value {" + text + "} for property {" + Pointer(path) +
              "} is less than minimum allowed value {" + NumberText(min->to_number<double>()) +
              "}");
    }
  }

  // The schema of patternProperties that `key` matches, or null.
  const json::object* PatternPropertySchema(const json::object& schema, std::string_view key) {
    const json::value* patterns = schema.if_contains("patternProperties");
    if (!patterns || !patterns->is_object()) return nullptr;
    for (const auto& [source, sub] : patterns->get_object()) {
      const re2::RE2* re = validator.Pattern(std::string(source));
      // A pattern RE2 cannot read accepts: nimbus cannot tell.
      if ((!re || re2::RE2::PartialMatch(key, *re)) && sub.is_object()) return &sub.get_object();
    }
    return nullptr;
  }

  void CheckObject(const json::object& value, const json::object& schema, const std::string& path,
                   int depth) {
    const json::object* properties = nullptr;
    if (const json::value* p = schema.if_contains("properties")) properties = p->if_object();
    const json::value* additional = schema.if_contains("additionalProperties");
    std::vector<std::string> unsupported;
    std::vector<std::pair<std::string, const json::object*>> known;
    for (const auto& [key, sub] : value) {
      const json::value* property = properties ? properties->if_contains(key) : nullptr;
      if (property && property->is_object()) {
        known.emplace_back(std::string(key), &property->get_object());
      } else if (const json::object* matched = PatternPropertySchema(schema, key)) {
        known.emplace_back(std::string(key), matched);
      } else if (additional && additional->is_bool() && !additional->get_bool()) {
        unsupported.emplace_back(key);
      } else if (additional && additional->is_object()) {
        known.emplace_back(std::string(key), &additional->get_object());
      }
    }
    if (!unsupported.empty()) {
      Problem("Encountered unsupported properties in {" + Pointer(path) + "}: [" +
              List(unsupported) + "]");
    }
    for (const auto& [key, sub] : known) {
      Check(value.at(key), *sub, path + "/" + key, depth + 1);
    }
    if (const json::value* required = schema.if_contains("required");
        required && required->is_array()) {
      for (const json::value& name : required->get_array()) {
        if (name.is_string() && !value.contains(name.get_string())) {
          Problem("The property {" + path + "/" + std::string(name.get_string()) + "} is required");
        }
      }
    }
  }

  void CheckArray(const json::array& value, const json::object& schema, const std::string& path,
                  int depth) {
    if (const json::value* max = schema.if_contains("maxItems");
        max && max->is_number() && value.size() > max->to_number<double>()) {
      Problem("Length of array for property {" + Pointer(path) +
              "} is greater than maximum allowed length {" + NumberText(max->to_number<double>()) +
              "}");
    }
    if (const json::value* min = schema.if_contains("minItems");
        min && min->is_number() && value.size() < min->to_number<double>()) {
      Problem("Length of array for property {" + Pointer(path) +
              "} is less than minimum allowed length {" + NumberText(min->to_number<double>()) +
              "}");
    }
    if (const json::value* unique = schema.if_contains("uniqueItems");
        unique && unique->is_bool() && unique->get_bool()) {
      std::set<std::string> seen;
      for (const json::value& item : value) {
        if (!seen.insert(json::serialize(item)).second) {
          Problem("Array for property {" + Pointer(path) + "} contains duplicate items");
          break;
        }
      }
    }
    const json::value* items = schema.if_contains("items");
    if (!items || !items->is_object()) return;
    for (size_t i = 0; i < value.size(); ++i) {
      Check(value[i], items->get_object(), path + "/" + std::to_string(i), depth + 1);
    }
  }

  // anyOf and oneOf: the value fits when one branch does. When none does, the problems of the
  // branch that came closest (a value given both ways is not refused: branches overlap).
  void CheckBranches(const json::value& value, const json::value& branches, const std::string& path,
                     int depth) {
    if (!branches.is_array()) return;
    std::optional<std::vector<std::string>> closest;
    for (const json::value& branch : branches.get_array()) {
      if (!branch.is_object()) continue;
      Walk walk{validator, {}};
      walk.Check(value, branch.get_object(), path, depth + 1);
      if (walk.problems.empty()) return;
      if (!closest || walk.problems.size() < closest->size()) closest = std::move(walk.problems);
    }
    if (closest) problems.insert(problems.end(), closest->begin(), closest->end());
  }
};

PropertyValidator::PropertyValidator(const ResourceSchema& schema) : schema_(schema) {}

PropertyValidator::~PropertyValidator() = default;

std::vector<std::string> PropertyValidator::Problems(const json::object& props) const {
  Walk walk{*this, {}};
  walk.Check(json::value(props), schema_.document, "", 0);
  return std::move(walk.problems);
}

const re2::RE2* PropertyValidator::Pattern(const std::string& pattern) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = patterns_.find(pattern);
  if (it == patterns_.end()) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(pattern, options);
    if (!re->ok()) re.reset();
    it = patterns_.emplace(pattern, std::move(re)).first;
  }
  return it->second.get();
}

}  // namespace nimbus::cloudformation
