// AWS::IAM::UserToGroupAddition
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-addusertogroup.html).
// AddUserToGroup for each of Users through IAM as the stack's caller; updates add and remove
// members (all of them move when GroupName changes); deletion removes them. Ref is "the resource
// name": a name generated as for other resources, since IAM has no object of its own for it.
#include <algorithm>
#include <array>
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

using internal::PropertyKind;
using internal::PropertySpec;

// From the type's resource schema (AWS-IAM-UserToGroupAddition.json:
// "required": ["GroupName", "Users"]).
constexpr std::array<PropertySpec, 2> kProperties = {{
    {.name = "GroupName", .required = true, .minimum = 1, .maximum = 128},
    {.name = "Users", .kind = PropertyKind::kStringList, .required = true},
}};

std::string Group(const json::object& props) {
  return internal::StringProperty(props, "GroupName").value_or("");
}

void Add(const ResourceRequest& req, const std::string& group, const std::string& user) {
  req.services.Call(req.ctx, "iam", "AddUserToGroup", {{"GroupName", group}, {"UserName", user}});
}

void Remove(const ResourceRequest& req, const std::string& group, const std::string& user) {
  internal::DeleteUnlessGone(req, "iam", "RemoveUserFromGroup",
                             {{"GroupName", group}, {"UserName", user}}, {"NoSuchEntity"});
}

class IamUserToGroupAddition final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::UserToGroupAddition"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string group = Group(req.props);
    std::vector<std::string> added;
    try {
      for (const std::string& user : internal::StringList(req.props, "Users")) {
        Add(req, group, user);
        added.push_back(user);
      }
    } catch (const core::AwsError&) {
      // The resource failed: take out the members it added.
      for (const std::string& user : added) Remove(req, group, user);
      throw;
    }
    return {.physical_id = req.GeneratedName()};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const std::string group = Group(req.props);
    const std::string old_group = Group(previous);
    const std::vector<std::string> wanted = internal::StringList(req.props, "Users");
    const std::vector<std::string> before = internal::StringList(previous, "Users");
    for (const std::string& user : before) {
      const bool kept = std::find(wanted.begin(), wanted.end(), user) != wanted.end();
      if (!kept || group != old_group) Remove(req, old_group, user);
    }
    for (const std::string& user : wanted) {
      const bool had = std::find(before.begin(), before.end(), user) != before.end();
      if (!had || group != old_group) Add(req, group, user);
    }
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)physical_id;
    for (const std::string& user : internal::StringList(req.props, "Users")) {
      Remove(req, Group(req.props), user);
    }
  }

  std::vector<std::string> Identifiers() const override { return {"Id"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamUserToGroupAddition() {
  return std::make_unique<IamUserToGroupAddition>();
}

}  // namespace nimbus::cloudformation
