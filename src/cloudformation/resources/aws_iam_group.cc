// AWS::IAM::Group
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-group.html).
// Made through IAM as the stack's caller: CreateGroup (Path), then its inline Policies and
// ManagedPolicyArns, which change in place. GroupName is create-only. A changed Path is refused:
// nimbus's IAM has no UpdateGroup yet.
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

// From the type's resource schema (AWS-IAM-Group.json); name and path patterns are left to IAM.
constexpr std::array<PropertySpec, 4> kProperties = {{
    {.name = "GroupName", .minimum = 1, .maximum = 128},
    {.name = "ManagedPolicyArns", .kind = PropertyKind::kStringList},
    {.name = "Path", .minimum = 1, .maximum = 512},
    {.name = "Policies", .kind = PropertyKind::kObjectList},
}};

constexpr size_t kMaxGroupName = 128;

IamEntity GroupOf(std::string_view name) {
  return IamEntity{.kind = "Group", .name = std::string(name)};
}

class IamGroup final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::Group"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string name = internal::GeneratedIamName(req, "GroupName", kMaxGroupName);
    json::object in{{"GroupName", name}};
    if (std::optional<std::string> path = internal::StringProperty(req.props, "Path")) {
      in["Path"] = *path;
    }
    req.services.Call(req.ctx, "iam", "CreateGroup", in);
    internal::ApplyNewEntityPolicies(req, GroupOf(name), [&] { Delete(req, name); });
    return {.physical_id = name};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    if (internal::StringProperty(req.props, "Path") != internal::StringProperty(previous, "Path")) {
      throw core::AwsError("NotImplemented",
                           "nimbus cannot move a group to another Path yet: its IAM has no "
                           "UpdateGroup",
                           501);
    }
    internal::ApplyInlinePolicies(req, GroupOf(physical_id), previous);
    internal::ApplyManagedPolicies(req, GroupOf(physical_id), previous);
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::RemovePolicies(req, GroupOf(physical_id));
    internal::DeleteUnlessGone(req, "iam", "DeleteGroup", {{"GroupName", physical_id}},
                               {"NoSuchEntity"});
  }

  // The page's one attribute, Arn, read back from IAM.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::IamAttribute(req, GroupOf(physical_id), name, {"Arn"});
  }

  // Drift: GetGroup, the inline policies the template names and the attached managed policies.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    return internal::LiveIamEntity(req, GroupOf(physical_id),
                                   {"GroupName", "Path", "Policies", "ManagedPolicyArns"},
                                   [](const json::object& group, json::object* props) {
                                     internal::CopyMembers(group, {"GroupName", "Path"}, props);
                                   });
  }

  std::vector<std::string> Identifiers() const override { return {"GroupName"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamGroup() { return std::make_unique<IamGroup>(); }

}  // namespace nimbus::cloudformation
