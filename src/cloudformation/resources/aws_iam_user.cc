// AWS::IAM::User
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-user.html).
// Made through IAM as the stack's caller: CreateUser (Path, PermissionsBoundary, Tags), then its
// LoginProfile (CreateLoginProfile), Groups, inline Policies and ManagedPolicyArns. UserName is
// create-only; Path, the login profile, Groups, policies and tags change in place.
#include <algorithm>
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

// From the type's resource schema (AWS-IAM-User.json); name and path patterns are left to IAM.
constexpr std::array<PropertySpec, 8> kProperties = {{
    {.name = "Groups", .kind = PropertyKind::kStringList},
    {.name = "LoginProfile", .kind = PropertyKind::kObject},
    {.name = "ManagedPolicyArns", .kind = PropertyKind::kStringList},
    {.name = "Path", .minimum = 1, .maximum = 512},
    {.name = "PermissionsBoundary"},
    {.name = "Policies", .kind = PropertyKind::kObjectList},
    {.name = "Tags", .kind = PropertyKind::kTags},
    {.name = "UserName", .minimum = 1, .maximum = 64},
}};

constexpr size_t kMaxUserName = 64;

IamEntity UserOf(std::string_view name) {
  return IamEntity{.kind = "User", .name = std::string(name)};
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

class IamUser final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::User"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string name = internal::GeneratedIamName(req, "UserName", kMaxUserName);
    json::object in{{"UserName", name}};
    for (std::string_view member : {"Path", "PermissionsBoundary"}) {
      if (std::optional<std::string> value = internal::StringProperty(req.props, member)) {
        in[member] = *value;
      }
    }
    const json::array tags = internal::ResourceTags(req, false);
    if (!tags.empty()) in["Tags"] = tags;
    req.services.Call(req.ctx, "iam", "CreateUser", in);
    internal::ApplyNewEntityPolicies(
        req, UserOf(name), [&] { Delete(req, name); },
        [&] {
          ApplyLoginProfile(req, name, json::object());
          ApplyGroups(req, name, json::object());
        });
    return {.physical_id = name};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const std::optional<std::string> path = internal::StringProperty(req.props, "Path");
    if (path != internal::StringProperty(previous, "Path")) {
      req.services.Call(req.ctx, "iam", "UpdateUser",
                        {{"UserName", physical_id}, {"NewPath", path.value_or("/")}});
    }
    if (internal::StringProperty(req.props, "PermissionsBoundary") !=
        internal::StringProperty(previous, "PermissionsBoundary")) {
      throw core::AwsError("NotImplemented",
                           "nimbus cannot change a user's PermissionsBoundary yet: its IAM has no "
                           "PutUserPermissionsBoundary",
                           501);
    }
    const IamEntity user = UserOf(physical_id);
    ApplyLoginProfile(req, physical_id, previous);
    ApplyGroups(req, physical_id, previous);
    internal::ApplyInlinePolicies(req, user, previous);
    internal::ApplyManagedPolicies(req, user, previous);
    internal::ReplaceIamTags(req, user, internal::ResourceTags(req, false));
    return {.physical_id = std::string(physical_id)};
  }

  // Out of its groups, without policies and login profile first: IAM refuses to delete a user
  // that has them.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    json::value groups;
    try {
      groups = req.services.Call(req.ctx, "iam", "ListGroupsForUser", {{"UserName", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() == "NoSuchEntity") return;
      throw;
    }
    for (const json::value& group : groups.at("Groups").as_array()) {
      req.services.Call(req.ctx, "iam", "RemoveUserFromGroup",
                        {{"UserName", physical_id}, {"GroupName", group.at("GroupName")}});
    }
    internal::RemovePolicies(req, UserOf(physical_id));
    internal::DeleteUnlessGone(req, "iam", "DeleteLoginProfile", {{"UserName", physical_id}},
                               {"NoSuchEntity"});
    internal::DeleteUnlessGone(req, "iam", "DeleteUser", {{"UserName", physical_id}},
                               {"NoSuchEntity"});
  }

  // The page's one attribute, Arn, read back from IAM.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::IamAttribute(req, UserOf(physical_id), name, {"Arn"});
  }

  // Drift: GetUser, its groups, the inline policies the template names and the attached
  // managed policies. LoginProfile is not read back: IAM never answers a password.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    return internal::LiveIamEntity(
        req, UserOf(physical_id),
        {"UserName", "Path", "PermissionsBoundary", "Tags", "Groups", "Policies",
         "ManagedPolicyArns"},
        [&req, physical_id](const json::object& user, json::object* props) {
          internal::CopyMembers(user, {"UserName", "Path"}, props);
          internal::PutBoundaryAndTags(user, props);
          json::array groups;
          const json::value listed =
              req.services.Call(req.ctx, "iam", "ListGroupsForUser", {{"UserName", physical_id}});
          for (const json::value& group : listed.at("Groups").as_array()) {
            groups.push_back(group.at("GroupName"));
          }
          (*props)["Groups"] = std::move(groups);
        });
  }

  std::vector<std::string> Identifiers() const override { return {"UserName"}; }

 private:
  // Gives the user the LoginProfile ({Password, PasswordResetRequired}) the properties name, or
  // changes or deletes the one `previous` gave it.
  static void ApplyLoginProfile(const ResourceRequest& req, std::string_view user,
                                const json::object& previous) {
    const json::value* wanted = req.props.if_contains("LoginProfile");
    const json::value* before = previous.if_contains("LoginProfile");
    if (!wanted) {
      if (before) {
        internal::DeleteUnlessGone(req, "iam", "DeleteLoginProfile", {{"UserName", user}},
                                   {"NoSuchEntity"});
      }
      return;
    }
    if (before && *before == *wanted) return;
    const json::object& profile = wanted->as_object();
    json::object in{{"UserName", user},
                    {"Password", internal::StringProperty(profile, "Password").value_or("")}};
    if (std::optional<bool> reset = internal::BoolProperty(profile, "PasswordResetRequired")) {
      in["PasswordResetRequired"] = *reset;
    }
    req.services.Call(req.ctx, "iam", before ? "UpdateLoginProfile" : "CreateLoginProfile", in);
  }

  // Adds the user to the Groups `previous` did not list and removes it from those it listed that
  // are gone (memberships made by an AWS::IAM::UserToGroupAddition stay).
  static void ApplyGroups(const ResourceRequest& req, std::string_view user,
                          const json::object& previous) {
    const std::vector<std::string> wanted = internal::StringList(req.props, "Groups");
    const std::vector<std::string> before = internal::StringList(previous, "Groups");
    for (const std::string& group : before) {
      if (Has(wanted, group)) continue;
      internal::DeleteUnlessGone(req, "iam", "RemoveUserFromGroup",
                                 {{"UserName", user}, {"GroupName", group}}, {"NoSuchEntity"});
    }
    for (const std::string& group : wanted) {
      if (Has(before, group)) continue;
      req.services.Call(req.ctx, "iam", "AddUserToGroup",
                        {{"UserName", user}, {"GroupName", group}});
    }
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamUser() { return std::make_unique<IamUser>(); }

}  // namespace nimbus::cloudformation
