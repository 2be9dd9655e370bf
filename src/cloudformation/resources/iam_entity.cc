#include "cloudformation/resources/iam_entity.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/json/serialize.hpp>

#include "cloudformation/resources/property_checks.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

namespace {

std::string Op(std::string_view verb, const IamEntity& entity, std::string_view noun = "") {
  return std::string(verb) + std::string(entity.kind) + std::string(noun);
}

// Policies as {PolicyName: document text}; entries without a name are left to IAM's checks.
std::map<std::string, std::string> InlinePolicies(const json::object& props) {
  std::map<std::string, std::string> policies;
  const json::value* list = props.if_contains("Policies");
  if (!list || !list->is_array()) return policies;
  for (const json::value& entry : list->get_array()) {
    const json::object* policy = entry.if_object();
    if (!policy) continue;
    const std::optional<std::string> name = StringProperty(*policy, "PolicyName");
    const json::value* document = policy->if_contains("PolicyDocument");
    policies[name.value_or("")] = document ? PolicyText(*document) : "";
  }
  return policies;
}

}  // namespace

json::object IamEntity::Target() const { return json::object{{std::string(kind) + "Name", name}}; }

std::string PolicyText(const json::value& document) {
  return document.is_string() ? std::string(document.get_string()) : json::serialize(document);
}

std::vector<std::string> StringList(const json::object& props, std::string_view name) {
  std::vector<std::string> items;
  const json::value* list = props.if_contains(name);
  if (!list || !list->is_array()) return items;
  for (const json::value& item : list->get_array()) {
    if (item.is_string()) items.emplace_back(item.get_string());
  }
  return items;
}

void ApplyInlinePolicies(const ResourceRequest& req, const IamEntity& entity,
                         const json::object& previous) {
  const std::map<std::string, std::string> wanted = InlinePolicies(req.props);
  const std::map<std::string, std::string> before = InlinePolicies(previous);
  for (const auto& [name, text] : before) {
    if (wanted.contains(name)) continue;
    json::object in = entity.Target();
    in["PolicyName"] = name;
    try {
      req.services.Call(req.ctx, "iam", Op("Delete", entity, "Policy"), in);
    } catch (const core::AwsError& error) {
      if (error.code() != "NoSuchEntity") throw;
    }
  }
  for (const auto& [name, text] : wanted) {
    const auto old = before.find(name);
    if (old != before.end() && old->second == text) continue;
    json::object in = entity.Target();
    in["PolicyName"] = name;
    in["PolicyDocument"] = text;
    req.services.Call(req.ctx, "iam", Op("Put", entity, "Policy"), in);
  }
}

void ApplyManagedPolicies(const ResourceRequest& req, const IamEntity& entity,
                          const json::object& previous) {
  const std::vector<std::string> wanted = StringList(req.props, "ManagedPolicyArns");
  const std::vector<std::string> before = StringList(previous, "ManagedPolicyArns");
  for (const std::string& arn : before) {
    if (std::find(wanted.begin(), wanted.end(), arn) != wanted.end()) continue;
    json::object in = entity.Target();
    in["PolicyArn"] = arn;
    try {
      req.services.Call(req.ctx, "iam", Op("Detach", entity, "Policy"), in);
    } catch (const core::AwsError& error) {
      if (error.code() != "NoSuchEntity") throw;
    }
  }
  for (const std::string& arn : wanted) {
    if (std::find(before.begin(), before.end(), arn) != before.end()) continue;
    json::object in = entity.Target();
    in["PolicyArn"] = arn;
    req.services.Call(req.ctx, "iam", Op("Attach", entity, "Policy"), in);
  }
}

void ApplyNewEntityPolicies(const ResourceRequest& req, const IamEntity& entity,
                            const std::function<void()>& undo, const std::function<void()>& more) {
  try {
    if (more) more();
    ApplyInlinePolicies(req, entity, json::object());
    ApplyManagedPolicies(req, entity, json::object());
  } catch (const core::AwsError&) {
    undo();
    throw;
  }
}

void RemovePolicies(const ResourceRequest& req, const IamEntity& entity) {
  json::value names;
  try {
    names = req.services.Call(req.ctx, "iam", Op("List", entity, "Policies"), entity.Target());
  } catch (const core::AwsError& error) {
    if (error.code() == "NoSuchEntity") return;
    throw;
  }
  for (const json::value& name : names.at("PolicyNames").as_array()) {
    json::object in = entity.Target();
    in["PolicyName"] = name;
    req.services.Call(req.ctx, "iam", Op("Delete", entity, "Policy"), in);
  }
  const json::value attached =
      req.services.Call(req.ctx, "iam", Op("ListAttached", entity, "Policies"), entity.Target());
  for (const json::value& policy : attached.at("AttachedPolicies").as_array()) {
    json::object in = entity.Target();
    in["PolicyArn"] = policy.at("PolicyArn");
    req.services.Call(req.ctx, "iam", Op("Detach", entity, "Policy"), in);
  }
}

void ReplaceIamTags(const ResourceRequest& req, const IamEntity& entity, const json::array& tags) {
  std::set<std::string> kept;
  for (const json::value& tag : tags) kept.insert(std::string(tag.at("Key").as_string()));
  const json::value listed =
      req.services.Call(req.ctx, "iam", Op("List", entity, "Tags"), entity.Target());
  json::array removed;
  for (const json::value& tag : listed.at("Tags").as_array()) {
    const std::string key(tag.at("Key").as_string());
    if (!kept.contains(key)) removed.emplace_back(key);
  }
  if (!removed.empty()) {
    json::object in = entity.Target();
    in["TagKeys"] = std::move(removed);
    req.services.Call(req.ctx, "iam", Op("Untag", entity), in);
  }
  if (!tags.empty()) {
    json::object in = entity.Target();
    in["Tags"] = tags;
    req.services.Call(req.ctx, "iam", Op("Tag", entity), in);
  }
}

std::string GeneratedIamName(const ResourceRequest& req, std::string_view name_property,
                             size_t max_length) {
  if (std::optional<std::string> name = StringProperty(req.props, name_property)) return *name;
  return req.GeneratedName(max_length);
}

std::optional<json::value> IamAttribute(const ResourceRequest& req, const IamEntity& entity,
                                        std::string_view name,
                                        std::initializer_list<std::string_view> attributes) {
  if (std::find(attributes.begin(), attributes.end(), name) == attributes.end()) {
    return std::nullopt;
  }
  const json::value got = req.services.Call(req.ctx, "iam", Op("Get", entity), entity.Target());
  return got.at(entity.kind).at(name);
}

}  // namespace nimbus::cloudformation::internal
