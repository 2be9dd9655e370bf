#include "core/protocol/query.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/aws_error.h"
#include "core/protocol/error_members.h"
#include "core/protocol/scalar.h"
#include "core/protocol/xml_writer.h"
#include "core/text.h"

namespace nimbus::core::protocol {

namespace json = boost::json;
using model::MemberRef;
using model::Shape;
using model::ShapeType;

bool ParseQueryString(std::string_view text, QueryParams* out) {
  if (text.empty()) {
    return true;
  }
  for (std::string_view pair : Split(text, '&')) {
    if (pair.empty()) {
      continue;
    }
    const size_t eq = pair.find('=');
    std::string key;
    std::string value;
    if (!UrlDecode(pair.substr(0, eq), &key) ||
        (eq != std::string_view::npos && !UrlDecode(pair.substr(eq + 1), &value))) {
      return false;
    }
    out->insert_or_assign(std::move(key), std::move(value));
  }
  return true;
}

namespace {

bool HasPrefix(const QueryParams& params, const std::string& prefix) {
  auto it = params.lower_bound(prefix);
  return it != params.end() && StartsWith(it->first, prefix);
}

// The 1-based indexes N that appear as "<prefix>N" or "<prefix>N.<rest>".
std::set<int> Indexes(const QueryParams& params, const std::string& prefix) {
  std::set<int> indexes;
  for (auto it = params.lower_bound(prefix); it != params.end() && StartsWith(it->first, prefix);
       ++it) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    int n = 0;
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec == std::errc() && n > 0 && (ptr == rest.data() + rest.size() || *ptr == '.')) {
      indexes.insert(n);
    }
  }
  return indexes;
}

[[noreturn]] void BadValue(const std::string& key, const std::string& value,
                           std::string_view what) {
  ValidationFailed("1 validation error detected: Value '" + value + "' at '" + key +
                   "' failed to satisfy constraint: Member must be " + std::string(what));
}

json::value DecodeValue(const MemberRef& ref, const QueryParams& params, const std::string& key,
                        bool* present);

json::object DecodeStructure(const Shape& shape, const QueryParams& params,
                             const std::string& prefix) {
  json::object out;
  for (const MemberRef& member : shape.members) {
    const std::string key = prefix.empty() ? member.WireName() : prefix + "." + member.WireName();
    bool present = false;
    json::value v = DecodeValue(member, params, key, &present);
    if (present) {
      out.emplace(member.name, std::move(v));
    }
  }
  return out;
}

json::value DecodeValue(const MemberRef& ref, const QueryParams& params, const std::string& key,
                        bool* present) {
  const Shape& shape = *ref.shape;
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!HasPrefix(params, key + ".")) {
        return nullptr;
      }
      *present = true;
      return DecodeStructure(shape, params, key);
    }
    case ShapeType::kList: {
      auto exact = params.find(key);
      const bool flattened = ref.flattened || shape.flattened;
      const std::string item_name =
          shape.member.location_name.empty() ? "member" : shape.member.location_name;
      const std::string item_prefix = flattened ? key + "." : key + "." + item_name + ".";
      const std::set<int> indexes = Indexes(params, item_prefix);
      if (indexes.empty()) {
        if (exact != params.end() && exact->second.empty()) {
          *present = true;  // "Name=" is how clients send an empty list
          return json::array();
        }
        return nullptr;
      }
      *present = true;
      json::array items;
      for (const int index : indexes) {
        bool item_present = false;
        json::value item =
            DecodeValue(shape.member, params, item_prefix + std::to_string(index), &item_present);
        items.push_back(item_present ? std::move(item) : json::value(nullptr));
      }
      return items;
    }
    case ShapeType::kMap: {
      const bool flattened = ref.flattened || shape.flattened;
      const std::string entry_prefix = flattened ? key + "." : key + ".entry.";
      const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
      const std::string value_name =
          shape.value.location_name.empty() ? "value" : shape.value.location_name;
      const std::set<int> indexes = Indexes(params, entry_prefix);
      if (indexes.empty()) {
        auto exact = params.find(key);
        if (exact != params.end() && exact->second.empty()) {
          *present = true;
          return json::object();
        }
        return nullptr;
      }
      *present = true;
      json::object map;
      for (const int index : indexes) {
        const std::string base = entry_prefix + std::to_string(index) + ".";
        auto k = params.find(base + key_name);
        if (k == params.end()) {
          continue;
        }
        bool value_present = false;
        json::value v = DecodeValue(shape.value, params, base + value_name, &value_present);
        map[k->second] = value_present ? std::move(v) : json::value(nullptr);
      }
      return map;
    }
    default:
      break;
  }
  auto it = params.find(key);
  if (it == params.end()) {
    return nullptr;
  }
  *present = true;
  std::optional<json::value> value =
      ParseScalar(shape, it->second, TimestampFormat(ref, "iso8601"));
  if (!value) BadValue(key, it->second, ScalarNoun(shape.type));
  return std::move(*value);
}

}  // namespace

json::object DecodeQueryInput(const Shape* input, const QueryParams& params) {
  if (!input) {
    return {};
  }
  return DecodeStructure(*input, params, "");
}

std::string EncodeQueryResponse(const model::ServiceModel& model, const model::Operation& op,
                                const json::value& output, std::string_view request_id) {
  std::string out;
  out.reserve(512);
  out.append("<").append(op.name).append("Response xmlns=\"").append(model.xml_namespace());
  out.append("\">");
  if (op.output) {
    const std::string wrapper = op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
    out.append("<").append(wrapper).append(">");
    if (output.is_object()) {
      WriteXmlMembers(out, *op.output, output.get_object());
    }
    out.append("</").append(wrapper).append(">");
  }
  out.append("<ResponseMetadata><RequestId>").append(request_id);
  out.append("</RequestId></ResponseMetadata></").append(op.name).append("Response>");
  return out;
}

std::string EncodeQueryError(std::string_view xml_namespace, const Shape* shape,
                             std::string_view code, const AwsError& error, bool sender_fault,
                             std::string_view request_id) {
  std::string out;
  out.append("<ErrorResponse xmlns=\"").append(xml_namespace).append("\"><Error><Type>");
  out.append(sender_fault ? "Sender" : "Receiver").append("</Type><Code>");
  out.append(XmlEscape(code)).append("</Code>");
  if (error.has_message()) {
    out.append("<Message>").append(XmlEscape(error.message())).append("</Message>");
  }
  WriteXmlErrorMembers(out, shape, ErrorMembers(shape, error, request_id));
  out.append("</Error><RequestId>").append(request_id);
  out.append("</RequestId></ErrorResponse>");
  return out;
}

}  // namespace nimbus::core::protocol
