// AWS::IAM::InstanceProfile
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-instanceprofile.html).
// Made through IAM as the stack's caller: CreateInstanceProfile, then AddRoleToInstanceProfile
// for its Roles (IAM holds one role at most). InstanceProfileName and Path are create-only; Roles
// change in place. Ref is the name.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

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

// From the type's resource schema (AWS-IAM-InstanceProfile.json: "required": ["Roles"]).
constexpr std::array<PropertySpec, 3> kProperties = {{
    {.name = "InstanceProfileName", .minimum = 1, .maximum = 128},
    {.name = "Path", .minimum = 1, .maximum = 512},
    {.name = "Roles", .kind = PropertyKind::kStringList, .required = true},
}};

constexpr size_t kMaxProfileName = 128;

IamEntity ProfileOf(std::string_view name) {
  return IamEntity{.kind = "InstanceProfile", .name = std::string(name)};
}

void ChangeRole(const ResourceRequest& req, std::string_view profile, const std::string& role,
                bool add) {
  const json::object in{{"InstanceProfileName", profile}, {"RoleName", role}};
  if (add) {
    req.services.Call(req.ctx, "iam", "AddRoleToInstanceProfile", in);
  } else {
    internal::DeleteUnlessGone(req, "iam", "RemoveRoleFromInstanceProfile", in, {"NoSuchEntity"});
  }
}

class IamInstanceProfile final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::InstanceProfile"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string name =
        internal::GeneratedIamName(req, "InstanceProfileName", kMaxProfileName);
    json::object in{{"InstanceProfileName", name}};
    if (std::optional<std::string> path = internal::StringProperty(req.props, "Path")) {
      in["Path"] = *path;
    }
    req.services.Call(req.ctx, "iam", "CreateInstanceProfile", in);
    try {
      ApplyRoles(req, name, json::object());
    } catch (const core::AwsError&) {
      // The resource failed: leave no profile behind that the stack does not know of.
      Delete(req, name);
      throw;
    }
    return {.physical_id = name};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    ApplyRoles(req, physical_id, previous);
    return {.physical_id = std::string(physical_id)};
  }

  // Without its role first: IAM refuses to delete a profile that holds one.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    json::value got;
    try {
      got = req.services.Call(req.ctx, "iam", "GetInstanceProfile",
                              {{"InstanceProfileName", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() == "NoSuchEntity") return;
      throw;
    }
    for (const json::value& role : got.at("InstanceProfile").at("Roles").as_array()) {
      ChangeRole(req, physical_id, std::string(role.at("RoleName").as_string()), false);
    }
    internal::DeleteUnlessGone(req, "iam", "DeleteInstanceProfile",
                               {{"InstanceProfileName", physical_id}}, {"NoSuchEntity"});
  }

  // The page's one attribute, Arn, read back from IAM.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::IamAttribute(req, ProfileOf(physical_id), name, {"Arn"});
  }

  std::vector<std::string> Identifiers() const override { return {"InstanceProfileName"}; }

 private:
  static void ApplyRoles(const ResourceRequest& req, std::string_view profile,
                         const json::object& previous) {
    const std::vector<std::string> wanted = internal::StringList(req.props, "Roles");
    const std::vector<std::string> before = internal::StringList(previous, "Roles");
    for (const std::string& role : before) {
      if (std::find(wanted.begin(), wanted.end(), role) == wanted.end()) {
        ChangeRole(req, profile, role, false);
      }
    }
    for (const std::string& role : wanted) {
      if (std::find(before.begin(), before.end(), role) == before.end()) {
        ChangeRole(req, profile, role, true);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamInstanceProfile() {
  return std::make_unique<IamInstanceProfile>();
}

}  // namespace nimbus::cloudformation
