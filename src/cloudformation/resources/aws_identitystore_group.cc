// AWS::IdentityStore::Group
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-identitystore-group.html).
// A group of an IAM Identity Center identity store, made and changed through the Identity Store
// API as the stack's caller, so it is visible through that API and a taken DisplayName fails the
// resource with Identity Store's own ConflictException. The page gives no Ref paragraph: Ref
// returns the schema's primaryIdentifier, `<GroupId>|<IdentityStoreId>`, which is the physical id.
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
using internal::PropertySpec;
using internal::StringProperty;

// From the type's resource schema (models/cloudformation-schemas/resources/
// AWS-IdentityStore-Group.json), in its order ("required": ["IdentityStoreId", "DisplayName"]);
// the patterns of DisplayName and Description are left to Identity Store.
constexpr std::array<PropertySpec, 3> kProperties = {{
    {.name = "IdentityStoreId",
     .required = true,
     .minimum = 1,
     .maximum = 36,
     .pattern = "^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
    {.name = "DisplayName", .required = true, .minimum = 1, .maximum = 1024},
    {.name = "Description", .minimum = 1, .maximum = 1024},
}};

std::string Text(const json::object& props, std::string_view name) {
  return StringProperty(props, name).value_or("");
}

// What Identity Store's calls on one group take, from its physical id.
json::object Key(std::string_view physical_id) {
  return {{"IdentityStoreId", IdentifierPart(physical_id, 1)},
          {"GroupId", IdentifierPart(physical_id, 0)}};
}

class IdentityStoreGroup final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IdentityStore::Group"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string store_id = Text(req.props, "IdentityStoreId");
    json::object in{{"IdentityStoreId", store_id}, {"DisplayName", Text(req.props, "DisplayName")}};
    if (std::optional<std::string> description = StringProperty(req.props, "Description")) {
      in["Description"] = *description;
    }
    const json::value made = req.services.Call(req.ctx, "identitystore", "CreateGroup", in);
    return {.physical_id = internal::JoinIdentifiers(
                {made.at("GroupId").as_string(), made.at("IdentityStoreId").as_string()})};
  }

  // DisplayName and Description change in place (IdentityStoreId is create-only: a new group).
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    json::array operations{json::object{{"AttributePath", "displayName"},
                                        {"AttributeValue", Text(req.props, "DisplayName")}}};
    if (std::optional<std::string> description = StringProperty(req.props, "Description")) {
      operations.push_back(
          json::object{{"AttributePath", "description"}, {"AttributeValue", *description}});
    } else if (previous.contains("Description")) {
      operations.push_back(json::object{{"AttributePath", "description"}});  // removes it
    }
    json::object in = Key(physical_id);
    in["Operations"] = std::move(operations);
    req.services.Call(req.ctx, "identitystore", "UpdateGroup", in);
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    // The group, or its whole store, may be gone: CloudFormation counts it as deleted.
    internal::DeleteUnlessGone(req, "identitystore", "DeleteGroup", Key(physical_id),
                               {"ResourceNotFoundException"});
  }

  // The page's one attribute, GroupId, read back from Identity Store.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::DescribedAttribute(req, name, {"GroupId"},
                                        {"identitystore", "DescribeGroup", ""}, Key(physical_id));
  }

  std::vector<std::string> Identifiers() const override { return {"GroupId", "IdentityStoreId"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIdentityStoreGroup() {
  return std::make_unique<IdentityStoreGroup>();
}

}  // namespace nimbus::cloudformation
