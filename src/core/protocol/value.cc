#include "core/protocol/value.h"

#include "core/aws_error.h"

namespace nimbus::core::protocol {

namespace json = boost::json;

std::optional<std::string> OptString(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  if (!v || !v->is_string() || v->get_string().empty()) {
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::string RequiredString(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  if (!v || !v->is_string()) {
    std::string path(name);
    if (!path.empty()) path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
    ValidationFailed("1 validation error detected: Value null at '" + path +
                     "' failed to satisfy constraint: Member must not be null");
  }
  return std::string(v->get_string());
}

std::string StringOr(const json::object& in, std::string_view name, std::string_view fallback) {
  return OptString(in, name).value_or(std::string(fallback));
}

std::optional<int64_t> OptInt(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  if (!v || !v->is_number()) {
    return std::nullopt;
  }
  return v->to_number<int64_t>();
}

int64_t IntOr(const json::object& in, std::string_view name, int64_t fallback) {
  return OptInt(in, name).value_or(fallback);
}

std::optional<bool> OptBool(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  if (!v || !v->is_bool()) {
    return std::nullopt;
  }
  return v->get_bool();
}

bool BoolOr(const json::object& in, std::string_view name, bool fallback) {
  return OptBool(in, name).value_or(fallback);
}

const json::array* OptArray(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

const json::object* OptObject(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

std::optional<double> OptDouble(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  if (!v || !v->is_number()) {
    return std::nullopt;
  }
  return v->to_number<double>();
}

std::vector<std::string> StringList(const json::object& in, std::string_view name) {
  std::vector<std::string> out;
  if (const json::array* items = OptArray(in, name)) {
    for (const json::value& item : *items) {
      if (item.is_string()) out.emplace_back(item.get_string());
    }
  }
  return out;
}

std::map<std::string, std::string> StringMap(const json::object& in, std::string_view name) {
  std::map<std::string, std::string> out;
  if (const json::object* map = OptObject(in, name)) {
    for (const auto& [key, value] : *map) {
      if (value.is_string()) out[std::string(key)] = std::string(value.get_string());
    }
  }
  return out;
}

}  // namespace nimbus::core::protocol
