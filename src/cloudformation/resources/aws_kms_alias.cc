// AWS::KMS::Alias
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-alias.html).
// Calls KMS through ServiceClient as the stack's caller, so a name that is taken fails the
// resource with KMS's own AlreadyExistsException message. AliasName is create-only (a new name
// replaces the alias); a new TargetKeyId is UpdateAlias.
#include <array>
#include <string>
#include <vector>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

namespace {

// From the type's resource schema (models/cloudformation-schemas/resources/AWS-KMS-Alias.json).
constexpr std::array<PropertySpec, 2> kProperties = {{
    {.name = "AliasName",
     .required = true,
     .minimum = 1,
     .maximum = 256,
     .pattern = "^(alias/)[a-zA-Z0-9:/_-]+$"},
    {.name = "TargetKeyId", .required = true, .minimum = 1, .maximum = 256},
}};

class KmsAlias final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::KMS::Alias"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string name = *StringProperty(req.props, "AliasName");
    req.services.Call(
        req.ctx, "kms", "CreateAlias",
        {{"AliasName", name}, {"TargetKeyId", *StringProperty(req.props, "TargetKeyId")}});
    return {.physical_id = name};  // Ref returns the alias name, as the page says
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    const std::string target = *StringProperty(req.props, "TargetKeyId");
    if (target != StringProperty(previous, "TargetKeyId")) {
      req.services.Call(req.ctx, "kms", "UpdateAlias",
                        {{"AliasName", physical_id}, {"TargetKeyId", target}});
    }
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::DeleteUnlessGone(req, "kms", "DeleteAlias", {{"AliasName", physical_id}},
                               {"NotFoundException"});
  }

  // Drift: the alias as ListAliases answers it. A TargetKeyId given as the key's ARN or as
  // another alias of it is compared by the key it names.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    LiveProperties live{.state = LiveProperties::State::kFound,
                        .read = {"AliasName", "TargetKeyId"}};
    const json::value listed = req.services.Call(req.ctx, "kms", "ListAliases", json::object());
    for (const json::value& alias : listed.at("Aliases").as_array()) {
      if (alias.at("AliasName").as_string() != physical_id) continue;
      live.props["AliasName"] = alias.at("AliasName");
      const json::value* target = alias.as_object().if_contains("TargetKeyId");
      if (!target) break;
      live.props["TargetKeyId"] = *target;
      const std::optional<std::string> expected = StringProperty(req.props, "TargetKeyId");
      if (expected && *expected != target->as_string()) {
        const json::value key =
            req.services.Call(req.ctx, "kms", "DescribeKey", {{"KeyId", *expected}});
        if (key.at("KeyMetadata").at("KeyId") == *target) live.props["TargetKeyId"] = *expected;
      }
      return live;
    }
    live.state = LiveProperties::State::kDeleted;
    return live;
  }

  std::vector<std::string> Identifiers() const override { return {"AliasName"}; }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeKmsAlias() { return std::make_unique<KmsAlias>(); }

}  // namespace nimbus::cloudformation
