// AWS::IAM::Policy
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html).
// An inline policy embedded in each of its Roles, Users and Groups (PutRolePolicy,
// PutUserPolicy, PutGroupPolicy through IAM as the stack's caller), not a managed policy: the
// same PolicyName may sit on many entities, each with its own document. At least one entity is
// required (the page). Everything changes in place: the policy is put on the entities listed
// now and deleted from those no longer listed (and from all of them under its old name when
// PolicyName changes). Ref is "the resource name", the physical id, which CloudFormation
// generates for the resource; its shape here is nimbus's (see the README).
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cloudformation/resources/iam_drift.h"
#include "cloudformation/resources/iam_entity.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IamEntity;
using internal::PropertyKind;
using internal::PropertySpec;

// From the type's resource schema (AWS-IAM-Policy.json: "required": ["PolicyDocument",
// "PolicyName"]; PolicyDocument at most 131072 characters is left to IAM's own quotas).
constexpr std::array<PropertySpec, 5> kProperties = {{
    {.name = "Groups", .kind = PropertyKind::kStringList},
    {.name = "PolicyDocument", .kind = PropertyKind::kJson, .required = true},
    {.name = "PolicyName", .required = true, .minimum = 1, .maximum = 128},
    {.name = "Roles", .kind = PropertyKind::kStringList},
    {.name = "Users", .kind = PropertyKind::kStringList},
}};

// How many characters of the stack name and of the logical id the physical id keeps.
constexpr size_t kNamePart = 5;
constexpr size_t kRandomPart = 13;

// Every entity the properties name, Roles first, as {kind, name}.
std::vector<IamEntity> Entities(const json::object& props) {
  std::vector<IamEntity> entities;
  for (const auto& [kind, list] : {std::pair<std::string_view, std::string_view>{"Role", "Roles"},
                                   {"User", "Users"},
                                   {"Group", "Groups"}}) {
    for (std::string& name : internal::StringList(props, list)) {
      entities.push_back(IamEntity{.kind = kind, .name = std::move(name)});
    }
  }
  return entities;
}

bool Same(const IamEntity& a, const IamEntity& b) { return a.kind == b.kind && a.name == b.name; }

void Put(const ResourceRequest& req, const IamEntity& entity, std::string_view policy_name,
         const std::string& document) {
  json::object in = entity.Target();
  in["PolicyName"] = policy_name;
  in["PolicyDocument"] = document;
  req.services.Call(req.ctx, "iam", "Put" + std::string(entity.kind) + "Policy", in);
}

// Deletes the inline policy from the entity; one already gone (or an entity gone) is fine.
void Remove(const ResourceRequest& req, const IamEntity& entity, std::string_view policy_name) {
  json::object in = entity.Target();
  in["PolicyName"] = policy_name;
  try {
    req.services.Call(req.ctx, "iam", "Delete" + std::string(entity.kind) + "Policy", in);
  } catch (const core::AwsError& error) {
    if (error.code() != "NoSuchEntity") throw;
  }
}

class IamPolicy final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::Policy"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::vector<IamEntity> entities = CheckedEntities(req.props);
    const std::string name = Name(req.props);
    const std::string document = internal::PolicyText(req.props.at("PolicyDocument"));
    std::vector<IamEntity> done;
    try {
      for (const IamEntity& entity : entities) {
        Put(req, entity, name, document);
        done.push_back(entity);
      }
    } catch (const core::AwsError&) {
      // The resource failed: take the policy off the entities it reached.
      for (const IamEntity& entity : done) Remove(req, entity, name);
      throw;
    }
    const std::string stack(req.stack_name.substr(0, kNamePart));
    const std::string logical(req.logical_id.substr(0, kNamePart));
    return {.physical_id = stack + "-" + logical + "-" + req.ids.UpperAlnum(kRandomPart)};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const std::vector<IamEntity> entities = CheckedEntities(req.props);
    const std::string name = Name(req.props);
    const std::string old_name = Name(previous);
    for (const IamEntity& entity : Entities(previous)) {
      const bool kept = std::any_of(entities.begin(), entities.end(),
                                    [&](const IamEntity& now) { return Same(now, entity); });
      if (!kept || old_name != name) Remove(req, entity, old_name);
    }
    const std::string document = internal::PolicyText(req.props.at("PolicyDocument"));
    for (const IamEntity& entity : entities) Put(req, entity, name, document);
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)physical_id;
    for (const IamEntity& entity : Entities(req.props)) Remove(req, entity, Name(req.props));
  }

  // The page's one attribute, Id: the physical id (IAM has no id for an inline policy).
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    (void)req;
    if (name != "Id") return std::nullopt;
    return json::string(physical_id);
  }

  // Drift: the policy as each role, user and group of the template holds it
  // (Get<Kind>Policy); one that no longer has it is left out of its list, and the policy is
  // deleted when none has it.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    (void)physical_id;
    const std::optional<std::string> name = internal::StringProperty(req.props, "PolicyName");
    if (!name) return {};
    LiveProperties live{.state = LiveProperties::State::kFound,
                        .read = {"PolicyName", "PolicyDocument", "Roles", "Users", "Groups"}};
    std::map<std::string_view, json::array> holders;
    std::optional<json::value> document;
    for (const IamEntity& entity : Entities(req.props)) {
      json::object in = entity.Target();
      in["PolicyName"] = *name;
      json::value got;
      try {
        got = req.services.Call(req.ctx, "iam", "Get" + std::string(entity.kind) + "Policy", in);
      } catch (const core::AwsError& error) {
        if (error.code() != "NoSuchEntity") throw;
        continue;
      }
      if (!document) document = internal::DecodedPolicy(got.at("PolicyDocument").as_string());
      holders[entity.kind].push_back(json::string(entity.name));
    }
    if (!document) {
      live.state = LiveProperties::State::kDeleted;
      return live;
    }
    live.props["PolicyName"] = *name;
    live.props["PolicyDocument"] = std::move(*document);
    live.props["Roles"] = std::move(holders["Role"]);
    live.props["Users"] = std::move(holders["User"]);
    live.props["Groups"] = std::move(holders["Group"]);
    return live;
  }

  std::vector<std::string> Identifiers() const override { return {"Id"}; }

 private:
  static std::string Name(const json::object& props) {
    return internal::StringProperty(props, "PolicyName").value_or("");
  }

  // The entities, at least one (the page: "you must specify at least one of these properties").
  static std::vector<IamEntity> CheckedEntities(const json::object& props) {
    std::vector<IamEntity> entities = Entities(props);
    if (entities.empty()) {
      throw core::AwsError("InvalidRequest",
                           "At least one of [Groups,Roles,Users] must be non-empty.", 400);
    }
    return entities;
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamPolicy() { return std::make_unique<IamPolicy>(); }

}  // namespace nimbus::cloudformation
