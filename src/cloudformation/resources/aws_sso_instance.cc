// AWS::SSO::Instance: an IAM Identity Center instance, newer than the archived user guide, so its
// resource schema (models/cloudformation-schemas/resources/AWS-SSO-Instance.json) is the
// reference: Name and Tags, both changed in place (no createOnlyProperties); Ref and the physical
// id are the primaryIdentifier, InstanceArn; Fn::GetAtt offers the readOnlyProperties InstanceArn,
// IdentityStoreId, OwnerAccountId and Status. SSO Admin creates and deletes an instance
// asynchronously: the resource is complete once DescribeInstance says ACTIVE (CREATE_FAILED fails
// it with the instance's StatusReason), and deleted once SSO Admin no longer knows it.
#include <array>
#include <set>
#include <string>
#include <vector>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::PropertyKind;
using internal::PropertySpec;

// From the type's resource schema (models/cloudformation-schemas/resources/AWS-SSO-Instance.json).
constexpr std::array<PropertySpec, 2> kProperties = {{
    {.name = "Name", .minimum = 1, .maximum = 32, .pattern = "^[\\w+=,.@-]+$"},
    {.name = "Tags", .kind = PropertyKind::kTags},
}};

// The instance as DescribeInstance answers it, or nullopt once SSO Admin no longer knows it (an
// instance that is gone answers AccessDeniedException, like another account's).
std::optional<json::object> Describe(const ResourceRequest& req, std::string_view arn) {
  try {
    return req.services.Call(req.ctx, "sso-admin", "DescribeInstance", {{"InstanceArn", arn}})
        .as_object();
  } catch (const core::AwsError& error) {
    if (error.code() == "AccessDeniedException") return std::nullopt;
    throw;
  }
}

class SsoInstance final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::SSO::Instance"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    json::object in{{"Tags", internal::ResourceTags(req, true)}};
    if (std::optional<std::string> name = internal::StringProperty(req.props, "Name"))
      in["Name"] = *name;
    const json::value made = req.services.Call(req.ctx, "sso-admin", "CreateInstance", in);
    return {.physical_id = std::string(made.at("InstanceArn").as_string()), .ready = false};
  }

  bool Ready(const ResourceRequest& req, std::string_view physical_id) override {
    const std::optional<json::object> instance = Describe(req, physical_id);
    if (!instance) {
      throw core::AwsError("NotFound", "Instance " + std::string(physical_id) + " not found.");
    }
    const std::string status = internal::StringProperty(*instance, "Status").value_or("");
    if (status == "CREATE_FAILED") {
      throw core::AwsError("NotStabilized", internal::StringProperty(*instance, "StatusReason")
                                                .value_or("Instance " + std::string(physical_id) +
                                                          " failed to create."));
    }
    return status == "ACTIVE";
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)previous;
    if (std::optional<std::string> name = internal::StringProperty(req.props, "Name")) {
      req.services.Call(req.ctx, "sso-admin", "UpdateInstance",
                        {{"InstanceArn", physical_id}, {"Name", *name}});
    }
    const json::array tags = internal::ResourceTags(req, true);
    std::set<std::string> kept;
    for (const json::value& tag : tags)
      kept.insert(internal::StringProperty(tag.as_object(), "Key").value_or(""));
    const json::value listed =
        req.services.Call(req.ctx, "sso-admin", "ListTagsForResource",
                          {{"InstanceArn", physical_id}, {"ResourceArn", physical_id}});
    json::array removed;
    for (const json::value& tag : listed.at("Tags").as_array()) {
      const std::string key = internal::StringProperty(tag.as_object(), "Key").value_or("");
      if (!kept.contains(key)) removed.emplace_back(key);
    }
    if (!removed.empty()) {
      req.services.Call(req.ctx, "sso-admin", "UntagResource",
                        {{"InstanceArn", physical_id},
                         {"ResourceArn", physical_id},
                         {"TagKeys", std::move(removed)}});
    }
    req.services.Call(req.ctx, "sso-admin", "TagResource",
                      {{"InstanceArn", physical_id}, {"ResourceArn", physical_id}, {"Tags", tags}});
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    const std::optional<json::object> instance = Describe(req, physical_id);
    // Gone already, or being deleted by someone else: either way it will not be there.
    if (!instance ||
        internal::StringProperty(*instance, "Status").value_or("") == "DELETE_IN_PROGRESS")
      return;
    req.services.Call(req.ctx, "sso-admin", "DeleteInstance", {{"InstanceArn", physical_id}});
  }

  bool Gone(const ResourceRequest& req, std::string_view physical_id) override {
    return !Describe(req, physical_id);
  }

  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    if (name != "InstanceArn" && name != "IdentityStoreId" && name != "OwnerAccountId" &&
        name != "Status") {
      return std::nullopt;
    }
    const std::optional<json::object> instance = Describe(req, physical_id);
    if (!instance) {
      throw core::AwsError("NotFound", "Instance " + std::string(physical_id) + " not found.");
    }
    const json::value* value = instance->if_contains(name);
    return value ? *value : json::value(json::string());
  }

  std::vector<std::string> Identifiers() const override { return {"InstanceArn"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeSsoInstance() { return std::make_unique<SsoInstance>(); }

}  // namespace nimbus::cloudformation
