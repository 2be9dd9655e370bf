// AWS::IdentityStore::GroupMembership
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-identitystore-groupmembership.html).
// A user's membership of a group, made through the Identity Store API as the stack's caller: an
// unknown group or user, or a second membership of the same pair, fails the resource with
// Identity Store's own error. Every property is create-only in the type's schema, so a change is a
// replacement and Update has nothing to do in place. Ref returns the primaryIdentifier,
// `<MembershipId>|<IdentityStoreId>`, which is the physical id.
#include <array>
#include <string>
#include <vector>

#include "cloudformation/resources/composite_id.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IdentifierPart;
using internal::PropertyKind;
using internal::PropertySpec;

constexpr std::string_view kIdPattern =
    "^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$";

// From the type's resource schema (models/cloudformation-schemas/resources/
// AWS-IdentityStore-GroupMembership.json), in its order.
constexpr std::array<PropertySpec, 3> kProperties = {{
    {.name = "IdentityStoreId",
     .required = true,
     .minimum = 1,
     .maximum = 36,
     .pattern = "^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
    {.name = "GroupId", .required = true, .minimum = 1, .maximum = 47, .pattern = kIdPattern},
    {.name = "MemberId", .kind = PropertyKind::kObject, .required = true},
}};

std::string Text(const json::object& props, std::string_view name) {
  return internal::StringProperty(props, name).value_or("");
}

// What Identity Store's calls on one membership take, from its physical id.
json::object Key(std::string_view physical_id) {
  return {{"IdentityStoreId", IdentifierPart(physical_id, 1)},
          {"MembershipId", IdentifierPart(physical_id, 0)}};
}

class IdentityStoreGroupMembership final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IdentityStore::GroupMembership"; }

  void Validate(const json::object& props) const override {
    // The schema's "required": ["IdentityStoreId", "GroupId", "MemberId"], and MemberId's
    // "required": ["UserId"].
    const json::value* member = props.if_contains("MemberId");
    if (member && member->is_object()) {
      std::vector<std::string> problems;
      for (const auto& [key, value] : member->get_object()) {
        if (key != "UserId") {
          problems.push_back("Encountered unsupported properties in {/MemberId}: [" +
                             std::string(key) + "]");
        } else if (!value.is_string()) {
          problems.push_back("Value of property {/MemberId/UserId} does not match type {String}");
        }
      }
      if (!member->get_object().contains("UserId")) {
        problems.push_back("The property {/MemberId/UserId} is required");
      }
      if (!problems.empty()) ThrowPropertyValidation(problems);
    }
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const json::value made = req.services.Call(
        req.ctx, "identitystore", "CreateGroupMembership",
        {{"IdentityStoreId", Text(req.props, "IdentityStoreId")},
         {"GroupId", Text(req.props, "GroupId")},
         {"MemberId", {{"UserId", Text(req.props.at("MemberId").as_object(), "UserId")}}}});
    return {.physical_id = internal::JoinIdentifiers(
                {made.at("MembershipId").as_string(), made.at("IdentityStoreId").as_string()})};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)req;
    (void)previous;
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    // Gone with its group or user, or with the whole store: counted as deleted.
    internal::DeleteUnlessGone(req, "identitystore", "DeleteGroupMembership", Key(physical_id),
                               {"ResourceNotFoundException"});
  }

  // The page's one attribute, MembershipId, read back from Identity Store.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::DescribedAttribute(req, name, {"MembershipId"},
                                        {"identitystore", "DescribeGroupMembership", ""},
                                        Key(physical_id));
  }

  std::vector<std::string> Identifiers() const override {
    return {"MembershipId", "IdentityStoreId"};
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIdentityStoreGroupMembership() {
  return std::make_unique<IdentityStoreGroupMembership>();
}

}  // namespace nimbus::cloudformation
