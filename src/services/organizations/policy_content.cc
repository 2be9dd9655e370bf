#include "services/organizations/policy_content.h"

#include <algorithm>
#include <array>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace nimbus::organizations {

namespace json = boost::json;

namespace {

// The content AWS shows for its two "full access" policies:
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_strategies.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
constexpr std::array<ManagedPolicy, 2> kManagedPolicies = {{
    {.id = "p-FullAWSAccess",
     .name = "FullAWSAccess",
     .description = "Allows access to every operation",
     .type = "SERVICE_CONTROL_POLICY",
     .content = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": "
                "\"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"},
    {.id = "p-RCPFullAWSAccess",
     .name = "RCPFullAWSAccess",
     .description = "Allows access to every operation",
     .type = "RESOURCE_CONTROL_POLICY",
     .content = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": "
                "\"Allow\",\n      \"Principal\": \"*\",\n      \"Action\": \"*\",\n      "
                "\"Resource\": \"*\"\n    }\n  ]\n}"},
}};

constexpr std::array<std::string_view, 4> kOperators = {"@@assign", "@@append", "@@remove",
                                                        "@@operators_allowed_for_child_policies"};

std::optional<json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

bool IsStringOrStringList(const json::value& v) {
  if (v.is_string()) return true;
  if (!v.is_array() || v.as_array().empty()) return false;
  return std::all_of(v.as_array().begin(), v.as_array().end(),
                     [](const json::value& item) { return item.is_string(); });
}

// One statement of an SCP or RCP, checked against the elements
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
// and .../orgs_manage_policies_rcps_syntax.html list.
std::optional<std::string> StatementProblem(const json::value& v, bool rcp) {
  if (!v.is_object()) return "a statement is not an object";
  const json::object& s = v.as_object();
  for (const json::key_value_pair& kv : s) {
    const std::string_view key = kv.key();
    static constexpr std::array<std::string_view, 8> kElements = {
        "Sid",      "Effect",      "Action",    "NotAction",
        "Resource", "NotResource", "Condition", "Principal"};
    if (std::find(kElements.begin(), kElements.end(), key) == kElements.end()) {
      return "unknown element " + std::string(key);
    }
  }
  const json::value* effect = s.if_contains("Effect");
  if (!effect || !effect->is_string() ||
      (effect->as_string() != "Allow" && effect->as_string() != "Deny")) {
    return "Effect must be Allow or Deny";
  }
  const json::value* action = s.if_contains("Action");
  const json::value* not_action = s.if_contains("NotAction");
  if ((action == nullptr) == (not_action == nullptr)) return "one of Action and NotAction";
  if (!IsStringOrStringList(action ? *action : *not_action)) return "Action is not strings";
  if (s.contains("Resource") && s.contains("NotResource")) return "Resource and NotResource";
  for (std::string_view key : {"Resource", "NotResource"}) {
    if (const json::value* r = s.if_contains(key); r && !IsStringOrStringList(*r)) {
      return std::string(key) + " is not strings";
    }
  }
  if (const json::value* c = s.if_contains("Condition"); c && !c->is_object()) {
    return "Condition is not an object";
  }
  if (const json::value* sid = s.if_contains("Sid"); sid && !sid->is_string()) {
    return "Sid is not a string";
  }
  const json::value* principal = s.if_contains("Principal");
  if (!rcp && principal) return "an SCP has no Principal";
  if (rcp && (!principal || !principal->is_string() || principal->as_string() != "*")) {
    return "an RCP's Principal must be \"*\"";
  }
  return std::nullopt;
}

std::optional<std::string> AuthorizationPolicyProblem(const json::object& doc, bool rcp) {
  for (const json::key_value_pair& kv : doc) {
    const std::string_view key = kv.key();
    if (key != "Version" && key != "Statement" && key != "Id")
      return "unknown key " + std::string(key);
  }
  if (const json::value* version = doc.if_contains("Version");
      version && (!version->is_string() || version->as_string() != "2012-10-17")) {
    return "Version must be 2012-10-17";
  }
  const json::value* statement = doc.if_contains("Statement");
  if (!statement) return "no Statement";
  if (statement->is_array()) {
    if (statement->as_array().empty()) return "empty Statement";
    for (const json::value& s : statement->as_array()) {
      if (auto problem = StatementProblem(s, rcp)) return problem;
    }
    return std::nullopt;
  }
  return StatementProblem(*statement, rcp);
}

// Inheritance operators where a management policy uses them: a value is a scalar or a list.
std::optional<std::string> ManagementNodeProblem(const json::object& node) {
  for (const auto& [key, value] : node) {
    const std::string_view k = key;
    if (k.substr(0, 2) != "@@") {
      if (!value.is_object()) return "a setting without an operator: " + std::string(k);
      if (auto problem = ManagementNodeProblem(value.as_object())) return problem;
      continue;
    }
    if (std::find(kOperators.begin(), kOperators.end(), k) == kOperators.end()) {
      return "unknown operator " + std::string(k);
    }
    if (k == "@@operators_allowed_for_child_policies") {
      if (!IsStringOrStringList(value)) return "operators allowed must be a list";
      continue;
    }
    if (value.is_object() || value.is_null()) return std::string(k) + " needs a value or a list";
  }
  return std::nullopt;
}

// The top-level key each documented management policy syntax starts with.
std::optional<std::string_view> TopLevelKey(std::string_view type) {
  if (type == "TAG_POLICY") return "tags";
  if (type == "BACKUP_POLICY") return "plans";
  if (type == "AISERVICES_OPT_OUT_POLICY") return "services";
  return std::nullopt;
}

void AppendValues(json::value& into, const json::value& values) {
  json::array list;
  if (into.is_array()) {
    list = into.as_array();
  } else if (!into.is_null()) {
    list.push_back(into);
  }
  auto add = [&](const json::value& v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
  };
  if (values.is_array()) {
    for (const json::value& v : values.as_array()) add(v);
  } else {
    add(values);
  }
  into = std::move(list);
}

void RemoveValues(json::value& into, const json::value& values) {
  auto removed = [&](const json::value& v) {
    if (values.is_array()) {
      return std::find(values.as_array().begin(), values.as_array().end(), v) !=
             values.as_array().end();
    }
    return v == values;
  };
  if (into.is_array()) {
    json::array kept;
    for (const json::value& v : into.as_array()) {
      if (!removed(v)) kept.push_back(v);
    }
    into = std::move(kept);
  } else if (!into.is_null() && removed(into)) {
    into = nullptr;
  }
}

// Applies one policy's `node` to the effective value `into` of the same place.
void Apply(json::value& into, const json::value& node) {
  if (!node.is_object()) {
    into = node;
    return;
  }
  const json::object& obj = node.as_object();
  if (const json::value* v = obj.if_contains("@@assign")) into = *v;
  if (const json::value* v = obj.if_contains("@@append")) AppendValues(into, *v);
  if (const json::value* v = obj.if_contains("@@remove")) RemoveValues(into, *v);
  for (const auto& [key, child] : obj) {
    if (std::string_view(key).substr(0, 2) == "@@") continue;
    if (!into.is_object()) into = json::object{};
    json::object& children = into.as_object();
    Apply(children[key], child);
    if (children.at(key).is_null()) children.erase(key);
  }
}

}  // namespace

const ManagedPolicy* FindManagedPolicy(std::string_view id) {
  for (const ManagedPolicy& p : kManagedPolicies) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const ManagedPolicy* ManagedPolicyOfType(std::string_view type) {
  for (const ManagedPolicy& p : kManagedPolicies) {
    if (p.type == type) return &p;
  }
  return nullptr;
}

bool IsAuthorizationPolicyType(std::string_view type) {
  return type == "SERVICE_CONTROL_POLICY" || type == "RESOURCE_CONTROL_POLICY";
}

// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
size_t MaxPolicySize(std::string_view type) {
  if (IsAuthorizationPolicyType(type)) return 5120;
  if (type == "AISERVICES_OPT_OUT_POLICY") return 2500;
  return 10000;
}

int64_t MaxAttachments(std::string_view type) {
  if (IsAuthorizationPolicyType(type) || type == "AISERVICES_OPT_OUT_POLICY") return 5;
  return 10;
}

std::optional<std::string> PolicyContentProblem(std::string_view type, std::string_view content) {
  std::optional<json::value> doc = ParseJson(content);
  if (!doc) return "not JSON";
  if (!doc->is_object()) return "not a JSON object";
  if (IsAuthorizationPolicyType(type)) {
    return AuthorizationPolicyProblem(doc->as_object(), type == "RESOURCE_CONTROL_POLICY");
  }
  if (std::optional<std::string_view> top = TopLevelKey(type)) {
    for (const json::key_value_pair& kv : doc->as_object()) {
      if (kv.key() != *top) return "unknown top-level key " + std::string(kv.key());
    }
  }
  return ManagementNodeProblem(doc->as_object());
}

std::string EffectivePolicyContent(const std::vector<std::string>& contents) {
  json::value effective = json::object{};
  for (const std::string& content : contents) {
    if (std::optional<json::value> doc = ParseJson(content)) Apply(effective, *doc);
  }
  if (effective.is_null()) effective = json::object{};
  return json::serialize(effective);
}

}  // namespace nimbus::organizations
