// AWS::IAM::Role
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html).
// Made through IAM as the stack's caller: CreateRole, then its inline Policies and
// ManagedPolicyArns, so what a stack makes is a role IAM (and STS AssumeRole) knows. RoleName and
// Path are create-only (the schema's createOnlyProperties: the deployer replaces the role);
// everything else changes in place. Deletion removes the inline policies and managed attachments
// first, as CloudFormation does, since IAM refuses to delete a role that has them.
#include <array>
#include <optional>
#include <string>

#include "cloudformation/resources/iam_drift.h"
#include "cloudformation/resources/iam_entity.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IamEntity;
using internal::PropertyKind;
using internal::PropertySpec;

// From the type's resource schema and page (models/cloudformation-schemas/resources/
// AWS-IAM-Role.json; RoleName "up to 64 characters", MaxSessionDuration 3600 to 43200). Name and
// path patterns are left to IAM, whose messages are the ones a user sees.
constexpr std::array<PropertySpec, 9> kProperties = {{
    {.name = "AssumeRolePolicyDocument", .kind = PropertyKind::kJson, .required = true},
    {.name = "Description", .maximum = 1000},
    {.name = "ManagedPolicyArns", .kind = PropertyKind::kStringList},
    {.name = "MaxSessionDuration",
     .kind = PropertyKind::kInteger,
     .minimum = 3600,
     .maximum = 43200},
    {.name = "Path", .minimum = 1, .maximum = 512},
    {.name = "PermissionsBoundary"},
    {.name = "Policies", .kind = PropertyKind::kObjectList},
    {.name = "RoleName", .minimum = 1, .maximum = 64},
    {.name = "Tags", .kind = PropertyKind::kTags},
}};

// IAM's limit on a role name.
constexpr size_t kMaxRoleName = 64;

IamEntity RoleOf(std::string_view name) {
  return IamEntity{.kind = "Role", .name = std::string(name)};
}

class IamRole final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::Role"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string name = internal::GeneratedIamName(req, "RoleName", kMaxRoleName);
    json::object in{{"RoleName", name},
                    {"AssumeRolePolicyDocument",
                     internal::PolicyText(req.props.at("AssumeRolePolicyDocument"))}};
    for (std::string_view member : {"Path", "Description", "PermissionsBoundary"}) {
      if (std::optional<std::string> value = internal::StringProperty(req.props, member)) {
        in[member] = *value;
      }
    }
    if (std::optional<int64_t> seconds = internal::IntProperty(req.props, "MaxSessionDuration")) {
      in["MaxSessionDuration"] = *seconds;
    }
    const json::array tags = internal::ResourceTags(req, false);
    if (!tags.empty()) in["Tags"] = tags;
    req.services.Call(req.ctx, "iam", "CreateRole", in);
    internal::ApplyNewEntityPolicies(req, RoleOf(name), [&] { Delete(req, name); });
    return {.physical_id = name};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const IamEntity role = RoleOf(physical_id);
    const std::string trust = internal::PolicyText(req.props.at("AssumeRolePolicyDocument"));
    const json::value* old_trust = previous.if_contains("AssumeRolePolicyDocument");
    if (!old_trust || internal::PolicyText(*old_trust) != trust) {
      req.services.Call(req.ctx, "iam", "UpdateAssumeRolePolicy",
                        {{"RoleName", physical_id}, {"PolicyDocument", trust}});
    }
    const std::optional<std::string> description =
        internal::StringProperty(req.props, "Description");
    const std::optional<int64_t> seconds = internal::IntProperty(req.props, "MaxSessionDuration");
    if (description != internal::StringProperty(previous, "Description") ||
        seconds != internal::IntProperty(previous, "MaxSessionDuration")) {
      // A property taken out goes back to IAM's default: no description, one hour.
      req.services.Call(req.ctx, "iam", "UpdateRole",
                        {{"RoleName", physical_id},
                         {"Description", description.value_or("")},
                         {"MaxSessionDuration", seconds.value_or(3600)}});
    }
    const std::optional<std::string> boundary =
        internal::StringProperty(req.props, "PermissionsBoundary");
    if (boundary != internal::StringProperty(previous, "PermissionsBoundary")) {
      if (boundary) {
        req.services.Call(req.ctx, "iam", "PutRolePermissionsBoundary",
                          {{"RoleName", physical_id}, {"PermissionsBoundary", *boundary}});
      } else {
        req.services.Call(req.ctx, "iam", "DeleteRolePermissionsBoundary",
                          {{"RoleName", physical_id}});
      }
    }
    internal::ApplyInlinePolicies(req, role, previous);
    internal::ApplyManagedPolicies(req, role, previous);
    internal::ReplaceIamTags(req, role, internal::ResourceTags(req, false));
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::RemovePolicies(req, RoleOf(physical_id));
    internal::DeleteUnlessGone(req, "iam", "DeleteRole", {{"RoleName", physical_id}},
                               {"NoSuchEntity"});
  }

  // The page's attributes, Arn and RoleId, read back from IAM.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::IamAttribute(req, RoleOf(physical_id), name, {"Arn", "RoleId"});
  }

  // Drift: GetRole, the inline policies the template names and the attached managed policies.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    return internal::LiveIamEntity(
        req, RoleOf(physical_id),
        {"RoleName", "Path", "AssumeRolePolicyDocument", "Description", "MaxSessionDuration",
         "PermissionsBoundary", "Tags", "Policies", "ManagedPolicyArns"},
        [](const json::object& role, json::object* props) {
          internal::CopyMembers(role, {"RoleName", "Path", "Description", "MaxSessionDuration"},
                                props);
          if (const json::value* trust = role.if_contains("AssumeRolePolicyDocument")) {
            (*props)["AssumeRolePolicyDocument"] = internal::DecodedPolicy(trust->as_string());
          }
          internal::PutBoundaryAndTags(role, props);
        });
  }

  std::vector<std::string> Identifiers() const override { return {"RoleName"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamRole() { return std::make_unique<IamRole>(); }

}  // namespace nimbus::cloudformation
