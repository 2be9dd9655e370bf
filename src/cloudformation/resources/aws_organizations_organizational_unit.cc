// AWS::Organizations::OrganizationalUnit
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organizationalunit.html).
// Calls Organizations through ServiceClient as the stack's caller, who must be the management
// account: the OU is visible through the Organizations API, and Organizations' errors (a
// duplicate name, a missing parent, a caller outside an organization) are the failure reasons.
// ParentId is create-only (a new parent replaces the OU); Name and Tags change in place.
#include <array>
#include <set>
#include <string>
#include <vector>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/organizations_tags.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

namespace {

// From the type's resource schema
// (models/cloudformation-schemas/resources/AWS-Organizations-OrganizationalUnit.json).
constexpr std::array<PropertySpec, 3> kProperties = {{
    {.name = "Name", .required = true, .minimum = 1, .maximum = 128},
    {.name = "ParentId",
     .required = true,
     .maximum = 100,
     .pattern = "^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"},
    {.name = "Tags", .kind = PropertyKind::kTags},
}};

class OrganizationalUnit final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::Organizations::OrganizationalUnit"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const json::value created =
        req.services.Call(req.ctx, "organizations", "CreateOrganizationalUnit",
                          {{"ParentId", *StringProperty(req.props, "ParentId")},
                           {"Name", *StringProperty(req.props, "Name")},
                           {"Tags", internal::ResourceTags(req, true)}});
    // Ref returns the OU's id, as the page says.
    return {.physical_id = std::string(created.at("OrganizationalUnit").at("Id").as_string())};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const std::string name = *StringProperty(req.props, "Name");
    if (name != StringProperty(previous, "Name")) {
      req.services.Call(req.ctx, "organizations", "UpdateOrganizationalUnit",
                        {{"OrganizationalUnitId", physical_id}, {"Name", name}});
    }
    internal::ReplaceOrganizationsTags(req, physical_id, internal::ResourceTags(req, true));
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    // Deleted outside the stack counts as deleted. An OU that still holds accounts or OUs
    // fails, as in AWS.
    internal::DeleteUnlessGone(req, "organizations", "DeleteOrganizationalUnit",
                               {{"OrganizationalUnitId", physical_id}},
                               {"OrganizationalUnitNotFoundException"});
  }

  // The attributes the page lists: Arn and Id, read from Organizations.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::DescribedAttribute(
        req, name, {"Arn", "Id"},
        {"organizations", "DescribeOrganizationalUnit", "OrganizationalUnit"},
        {{"OrganizationalUnitId", physical_id}});
  }

  std::vector<std::string> Identifiers() const override { return {"Id"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeOrganizationalUnit() {
  return std::make_unique<OrganizationalUnit>();
}

}  // namespace nimbus::cloudformation
