#include "cloudformation/engine/drift.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// The principal drift detection reads resources as, on the caller's behalf (aws:CalledVia).
constexpr std::string_view kCalledVia = "cloudformation.amazonaws.com";

// A value as PropertyDifference and comparisons write it: a string as itself, a number or a
// boolean as its JSON text (an integral double without a fraction), anything else as JSON.
std::string Text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_double()) {
    const double number = value.get_double();
    if (number == static_cast<double>(static_cast<int64_t>(number))) {
      return std::to_string(static_cast<int64_t>(number));
    }
  }
  return json::serialize(value);
}

// The JSON object or array a string holds (a policy document given as text), or nullopt.
std::optional<json::value> JsonIn(const json::value& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string_view text = value.get_string();
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || (text[first] != '{' && text[first] != '[')) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec) return std::nullopt;
  return parsed;
}

// A form in which equal values are identical: members sorted by name, scalars as their text,
// documents held in strings parsed.
json::value Canonical(const json::value& value) {
  if (std::optional<json::value> parsed = JsonIn(value)) return Canonical(*parsed);
  if (value.is_object()) {
    std::map<std::string_view, const json::value*> sorted;
    for (const auto& [key, member] : value.get_object()) sorted[key] = &member;
    json::object out;
    for (const auto& [key, member] : sorted) out[key] = Canonical(*member);
    return out;
  }
  if (value.is_array()) {
    json::array out;
    for (const json::value& element : value.get_array()) out.push_back(Canonical(element));
    return out;
  }
  return json::string(Text(value));
}

std::string Key(const json::value& value) { return json::serialize(Canonical(value)); }

bool SameElements(const json::array& a, const json::array& b) {
  if (a.size() != b.size()) return false;
  std::vector<std::string> left;
  std::vector<std::string> right;
  for (const json::value& element : a) left.push_back(Key(element));
  for (const json::value& element : b) right.push_back(Key(element));
  std::sort(left.begin(), left.end());
  std::sort(right.begin(), right.end());
  return left == right;
}

bool AllScalars(const json::array& values) {
  return std::all_of(values.begin(), values.end(),
                     [](const json::value& value) { return !value.is_structured(); });
}

// A member name as a JSON pointer writes it (RFC 6901: "~" as "~0", "/" as "~1").
std::string PathOf(const std::string& parent, std::string_view name) {
  std::string out = parent + "/";
  for (char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

void Compare(const json::value& expected, const json::value& actual, const std::string& path,
             std::vector<PropertyDifference>& out) {
  // A document given as text compares as the document it holds.
  const bool expected_text = expected.is_string();
  const bool actual_text = actual.is_string();
  if (expected_text != actual_text || (expected_text && expected != actual)) {
    const std::optional<json::value> left =
        expected_text ? JsonIn(expected) : std::optional<json::value>(expected);
    const std::optional<json::value> right =
        actual_text ? JsonIn(actual) : std::optional<json::value>(actual);
    if (left && right && (left->is_structured() || right->is_structured()) &&
        (expected_text || actual_text)) {
      Compare(*left, *right, path, out);
      return;
    }
  }
  if (expected.is_object() && actual.is_object()) {
    const json::object& want = expected.get_object();
    const json::object& have = actual.get_object();
    for (const auto& [key, value] : want) {
      if (const json::value* live = have.if_contains(key)) {
        Compare(value, *live, PathOf(path, key), out);
      } else {
        out.push_back({PathOf(path, key), Text(value), "null", "REMOVE"});
      }
    }
    for (const auto& [key, value] : have) {
      if (!want.contains(key)) out.push_back({PathOf(path, key), "null", Text(value), "ADD"});
    }
    return;
  }
  if (expected.is_array() && actual.is_array()) {
    const json::array& want = expected.get_array();
    const json::array& have = actual.get_array();
    if (SameElements(want, have)) return;
    if (AllScalars(want) && AllScalars(have)) {
      // A list of names or ARNs is a set: what is missing is removed, what is new is added.
      const size_t before = out.size();
      std::vector<std::string> wanted;
      std::vector<std::string> had;
      for (const json::value& element : want) wanted.push_back(Key(element));
      for (const json::value& element : have) had.push_back(Key(element));
      for (size_t i = 0; i < want.size(); ++i) {
        if (std::find(had.begin(), had.end(), wanted[i]) == had.end()) {
          out.push_back({path + "/" + std::to_string(i), Text(want[i]), "null", "REMOVE"});
        }
      }
      for (size_t i = 0; i < have.size(); ++i) {
        if (std::find(wanted.begin(), wanted.end(), had[i]) == wanted.end()) {
          out.push_back({path + "/" + std::to_string(i), "null", Text(have[i]), "ADD"});
        }
      }
      if (out.size() != before) return;
    }
    for (size_t i = 0; i < std::max(want.size(), have.size()); ++i) {
      const std::string at = path + "/" + std::to_string(i);
      if (i < want.size() && i < have.size()) {
        Compare(want[i], have[i], at, out);
      } else if (i < want.size()) {
        out.push_back({at, Text(want[i]), "null", "REMOVE"});
      } else {
        out.push_back({at, "null", Text(have[i]), "ADD"});
      }
    }
    return;
  }
  if (Key(expected) != Key(actual)) {
    out.push_back({path, Text(expected), Text(actual), "NOT_EQUAL"});
  }
}

// The keys of tags given as [{Key, Value}] or {key: value}.
std::set<std::string> TagKeys(const json::value& tags) {
  std::set<std::string> keys;
  if (tags.is_object()) {
    for (const auto& [key, value] : tags.get_object()) keys.insert(std::string(key));
  } else if (tags.is_array()) {
    for (const json::value& tag : tags.get_array()) {
      const json::value* key = tag.is_object() ? tag.get_object().if_contains("Key") : nullptr;
      if (key && key->is_string()) keys.insert(std::string(key->get_string()));
    }
  }
  return keys;
}

json::object ParsedObject(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return {};
  return std::move(parsed.as_object());
}

json::array ParsedArray(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_array()) return {};
  return std::move(parsed.as_array());
}

}  // namespace

std::vector<PropertyDifference> CompareProperties(const json::object& expected,
                                                  const json::object& actual) {
  std::vector<PropertyDifference> out;
  for (const auto& [key, value] : expected) {
    if (const json::value* live = actual.if_contains(key)) {
      Compare(value, *live, PathOf("", key), out);
    } else {
      out.push_back({PathOf("", key), Text(value), "null", "REMOVE"});
    }
  }
  return out;
}

json::value ComparedTags(const json::array& live, const json::value& expected,
                         const json::array& stack_tags) {
  const std::set<std::string> own = TagKeys(expected);
  const std::set<std::string> from_stack = TagKeys(stack_tags);
  std::map<std::string, std::string> kept;
  for (const json::value& tag : live) {
    const json::object& pair = tag.as_object();
    const std::string key(pair.at("Key").as_string());
    if (key.starts_with("aws:")) continue;
    if (from_stack.contains(key) && !own.contains(key)) continue;
    const json::value* value = pair.if_contains("Value");
    kept[key] = value ? Text(*value) : "";
  }
  if (expected.is_object()) {
    json::object out;
    for (const auto& [key, value] : kept) out[key] = value;
    return out;
  }
  json::array out;
  for (const auto& [key, value] : kept) out.push_back(json::object{{"Key", key}, {"Value", value}});
  return out;
}

json::object ResourceDrift::Shape(std::string_view stack_id) const {
  json::object out{{"StackId", stack_id}, {"LogicalResourceId", logical_id}};
  if (!physical_id.empty()) out["PhysicalResourceId"] = physical_id;
  out["ResourceType"] = type;
  if (status != "NOT_CHECKED") out["ExpectedProperties"] = json::serialize(expected);
  if (status == "IN_SYNC" || status == "MODIFIED") {
    out["ActualProperties"] = json::serialize(actual);
    json::array list;
    for (const PropertyDifference& difference : differences) {
      list.push_back(json::object{{"PropertyPath", difference.path},
                                  {"ExpectedValue", difference.expected_value},
                                  {"ActualValue", difference.actual_value},
                                  {"DifferenceType", difference.type}});
    }
    out["PropertyDifferences"] = std::move(list);
  }
  out["StackResourceDriftStatus"] = status;
  if (!failure.empty()) out["DriftStatusReason"] = failure;
  out["Timestamp"] = core::EpochSeconds(timestamp_millis);
  return out;
}

StackDrift DriftDetector::DetectStack(const core::RequestContext& ctx, const StackRecord& stack,
                                      const std::vector<ResourceRecord>& resources,
                                      const std::vector<std::string>& logical_ids) const {
  StackDrift out;
  std::vector<std::string> failed;
  std::string first_failure;
  for (const ResourceRecord& resource : resources) {
    if (resource.physical_id.empty() || resource.status.starts_with("DELETE_")) continue;
    if (!logical_ids.empty() && std::find(logical_ids.begin(), logical_ids.end(),
                                          resource.logical_id) == logical_ids.end()) {
      continue;
    }
    ResourceDrift drift = DetectResource(ctx, stack, resource);
    if (drift.status == "MODIFIED" || drift.status == "DELETED") ++out.drifted_count;
    if (!drift.failure.empty()) {
      failed.push_back(drift.logical_id);
      if (first_failure.empty()) first_failure = drift.failure;
    }
    out.resources.push_back(std::move(drift));
  }
  out.status = out.drifted_count > 0 ? "DRIFTED" : "IN_SYNC";
  if (!failed.empty()) {
    std::string names;
    for (const std::string& name : failed) names += (names.empty() ? "" : ", ") + name;
    out.failure = "Failed to detect drift on resources [" + names + "]: " + first_failure;
  }
  return out;
}

ResourceDrift DriftDetector::DetectResource(const core::RequestContext& ctx,
                                            const StackRecord& stack,
                                            const ResourceRecord& resource) const {
  ResourceDrift drift{.logical_id = resource.logical_id,
                      .physical_id = resource.physical_id,
                      .type = resource.type,
                      .status = "NOT_CHECKED",
                      .timestamp_millis = clock_.NowMillis()};
  const json::object expected = ParsedObject(resource.properties);
  Resource* handler = resources_.Find(resource.type);
  if (resource.simulated || (handler && simulated_ && simulated_(handler))) {
    // Nothing outside the stack can change a simulated resource.
    drift.status = "IN_SYNC";
    drift.expected = expected;
    drift.actual = expected;
    return drift;
  }
  if (!handler) return drift;
  core::RequestContext via = ctx;
  via.caller.called_via = std::string(kCalledVia);
  const json::array stack_tags = ParsedArray(stack.tags);
  const ResourceRequest req{.ctx = via,
                            .services = services_,
                            .ids = ids_,
                            .stack_name = stack.name,
                            .stack_id = stack.stack_id,
                            .logical_id = resource.logical_id,
                            .props = expected,
                            .stack_tags = stack_tags};
  LiveProperties live;
  try {
    live = handler->ReadLive(req, resource.physical_id);
  } catch (const core::AwsError& error) {
    drift.failure = error.what();
    return drift;
  }
  if (live.state == LiveProperties::State::kUnsupported) return drift;
  for (const auto& [name, value] : expected) {  // in the template's order
    if (std::find(live.read.begin(), live.read.end(), name) != live.read.end()) {
      drift.expected[name] = value;
    }
  }
  if (live.state == LiveProperties::State::kDeleted) {
    drift.status = "DELETED";
    return drift;
  }
  for (const auto& [name, value] : drift.expected) {
    const json::value* found = live.props.if_contains(name);
    if (!found) continue;
    if (name == "Tags" && found->is_array()) {
      drift.actual[name] = ComparedTags(found->get_array(), value, stack_tags);
    } else {
      drift.actual[name] = *found;
    }
  }
  drift.differences = CompareProperties(drift.expected, drift.actual);
  drift.status = drift.differences.empty() ? "IN_SYNC" : "MODIFIED";
  return drift;
}

}  // namespace nimbus::cloudformation
