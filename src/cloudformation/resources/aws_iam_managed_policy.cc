// AWS::IAM::ManagedPolicy
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html).
// A customer managed policy made through IAM as the stack's caller (CreatePolicy), attached to
// its Roles, Users and Groups. ManagedPolicyName, Path and Description are create-only (the
// schema's createOnlyProperties: the deployer replaces the policy). A new PolicyDocument is a new
// default version (CreatePolicyVersion), the oldest non-default version deleted first when the
// policy already has IAM's five; attachments change in place. Ref is the ARN.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cloudformation/resources/iam_drift.h"
#include "cloudformation/resources/iam_entity.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"
#include "core/clock.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IamEntity;
using internal::PropertyKind;
using internal::PropertySpec;

// From the type's resource schema (AWS-IAM-ManagedPolicy.json: "required": ["PolicyDocument"]);
// name and path patterns are left to IAM.
constexpr std::array<PropertySpec, 7> kProperties = {{
    {.name = "Description", .maximum = 1000},
    {.name = "Groups", .kind = PropertyKind::kStringList},
    {.name = "ManagedPolicyName", .minimum = 1, .maximum = 128},
    {.name = "Path", .minimum = 1, .maximum = 512},
    {.name = "PolicyDocument", .kind = PropertyKind::kJson, .required = true},
    {.name = "Roles", .kind = PropertyKind::kStringList},
    {.name = "Users", .kind = PropertyKind::kStringList},
}};

constexpr size_t kMaxPolicyName = 128;
// IAM keeps at most five versions of a managed policy.
constexpr size_t kMaxVersions = 5;

// The entity lists and the kind of entity each holds.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kLists = {
    {{"Roles", "Role"}, {"Users", "User"}, {"Groups", "Group"}}};

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void Attach(const ResourceRequest& req, std::string_view kind, const std::string& name,
            std::string_view arn, bool attach) {
  json::object in = IamEntity{.kind = kind, .name = name}.Target();
  in["PolicyArn"] = arn;
  const std::string operation = (attach ? "Attach" : "Detach") + std::string(kind) + "Policy";
  if (attach) {
    req.services.Call(req.ctx, "iam", operation, in);
  } else {
    internal::DeleteUnlessGone(req, "iam", operation, in, {"NoSuchEntity"});
  }
}

// A GetPolicy member as Fn::GetAtt gives it: dates in ISO 8601.
json::value AttributeValue(const json::value& value, std::string_view name) {
  if ((name == "CreateDate" || name == "UpdateDate") && value.is_number()) {
    return json::string(
        core::FormatIso8601(static_cast<int64_t>(value.to_number<double>() * 1000)));
  }
  return value;
}

class IamManagedPolicy final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::ManagedPolicy"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    json::object in{
        {"PolicyName", internal::GeneratedIamName(req, "ManagedPolicyName", kMaxPolicyName)},
        {"PolicyDocument", internal::PolicyText(req.props.at("PolicyDocument"))}};
    for (std::string_view member : {"Path", "Description"}) {
      if (std::optional<std::string> value = internal::StringProperty(req.props, member)) {
        in[member] = *value;
      }
    }
    const json::value made = req.services.Call(req.ctx, "iam", "CreatePolicy", in);
    const std::string arn(made.at("Policy").at("Arn").as_string());
    try {
      ApplyAttachments(req, arn, json::object());
    } catch (const core::AwsError&) {
      // The resource failed: leave no policy behind that the stack does not know of.
      Delete(req, arn);
      throw;
    }
    return {.physical_id = arn};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const std::string document = internal::PolicyText(req.props.at("PolicyDocument"));
    const json::value* before = previous.if_contains("PolicyDocument");
    if (!before || internal::PolicyText(*before) != document) {
      const json::value listed =
          req.services.Call(req.ctx, "iam", "ListPolicyVersions", {{"PolicyArn", physical_id}});
      const json::array& versions = listed.at("Versions").as_array();
      if (versions.size() >= kMaxVersions) {
        // Newest first: the oldest non-default version is the last one that is not the default.
        for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
          if (it->at("IsDefaultVersion").as_bool()) continue;
          req.services.Call(req.ctx, "iam", "DeletePolicyVersion",
                            {{"PolicyArn", physical_id}, {"VersionId", it->at("VersionId")}});
          break;
        }
      }
      req.services.Call(
          req.ctx, "iam", "CreatePolicyVersion",
          {{"PolicyArn", physical_id}, {"PolicyDocument", document}, {"SetAsDefault", true}});
    }
    ApplyAttachments(req, physical_id, previous);
    return {.physical_id = std::string(physical_id)};
  }

  // Detached from everything and without its other versions first: IAM refuses otherwise.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    json::value entities;
    try {
      entities =
          req.services.Call(req.ctx, "iam", "ListEntitiesForPolicy", {{"PolicyArn", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() == "NoSuchEntity") return;
      throw;
    }
    for (const auto& [list, kind] :
         {std::pair<std::string_view, std::string_view>{"PolicyRoles", "Role"},
          {"PolicyUsers", "User"},
          {"PolicyGroups", "Group"}}) {
      for (const json::value& entity : entities.at(list).as_array()) {
        const std::string name(entity.at(std::string(kind) + "Name").as_string());
        Attach(req, kind, name, physical_id, false);
      }
    }
    const json::value listed =
        req.services.Call(req.ctx, "iam", "ListPolicyVersions", {{"PolicyArn", physical_id}});
    for (const json::value& version : listed.at("Versions").as_array()) {
      if (version.at("IsDefaultVersion").as_bool()) continue;
      req.services.Call(req.ctx, "iam", "DeletePolicyVersion",
                        {{"PolicyArn", physical_id}, {"VersionId", version.at("VersionId")}});
    }
    internal::DeleteUnlessGone(req, "iam", "DeletePolicy", {{"PolicyArn", physical_id}},
                               {"NoSuchEntity"});
  }

  // The page's attributes, read back from IAM's GetPolicy (PolicyArn is its Arn).
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    static constexpr std::array<std::string_view, 8> kAttributes = {"AttachmentCount",
                                                                    "CreateDate",
                                                                    "DefaultVersionId",
                                                                    "IsAttachable",
                                                                    "PermissionsBoundaryUsageCount",
                                                                    "PolicyArn",
                                                                    "PolicyId",
                                                                    "UpdateDate"};
    if (std::find(kAttributes.begin(), kAttributes.end(), name) == kAttributes.end()) {
      return std::nullopt;
    }
    const json::value got =
        req.services.Call(req.ctx, "iam", "GetPolicy", {{"PolicyArn", physical_id}});
    const json::object& policy = got.at("Policy").as_object();
    const json::value* value = policy.if_contains(name == "PolicyArn" ? "Arn" : name);
    return value ? AttributeValue(*value, name) : json::value(nullptr);
  }

  // Drift: GetPolicy, the document of its default version and the entities it is attached to.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    LiveProperties live{.state = LiveProperties::State::kFound,
                        .read = {"ManagedPolicyName", "Path", "Description", "PolicyDocument",
                                 "Roles", "Users", "Groups"}};
    json::value got;
    try {
      got = req.services.Call(req.ctx, "iam", "GetPolicy", {{"PolicyArn", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() != "NoSuchEntity") throw;
      live.state = LiveProperties::State::kDeleted;
      return live;
    }
    const json::object& policy = got.at("Policy").as_object();
    live.props["ManagedPolicyName"] = policy.at("PolicyName");
    for (std::string_view member : {"Path", "Description"}) {
      if (const json::value* value = policy.if_contains(member)) live.props[member] = *value;
    }
    const json::value version = req.services.Call(
        req.ctx, "iam", "GetPolicyVersion",
        {{"PolicyArn", physical_id}, {"VersionId", policy.at("DefaultVersionId")}});
    live.props["PolicyDocument"] =
        internal::DecodedPolicy(version.at("PolicyVersion").at("Document").as_string());
    const json::value entities =
        req.services.Call(req.ctx, "iam", "ListEntitiesForPolicy", {{"PolicyArn", physical_id}});
    for (const auto& [list, kind] : kLists) {
      json::array names;
      for (const json::value& entity : entities.at("Policy" + std::string(list)).as_array()) {
        names.push_back(entity.at(std::string(kind) + "Name"));
      }
      live.props[list] = std::move(names);
    }
    return live;
  }

  std::vector<std::string> Identifiers() const override { return {"PolicyArn"}; }

 private:
  // Attaches the policy to the entities the properties list that `previous` did not, and
  // detaches it from those `previous` listed that are gone.
  static void ApplyAttachments(const ResourceRequest& req, std::string_view arn,
                               const json::object& previous) {
    for (const auto& [list, kind] : kLists) {
      const std::vector<std::string> wanted = internal::StringList(req.props, list);
      const std::vector<std::string> before = internal::StringList(previous, list);
      for (const std::string& name : before) {
        if (!Has(wanted, name)) Attach(req, kind, name, arn, false);
      }
      for (const std::string& name : wanted) {
        if (!Has(before, name)) Attach(req, kind, name, arn, true);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamManagedPolicy() {
  return std::make_unique<IamManagedPolicy>();
}

}  // namespace nimbus::cloudformation
