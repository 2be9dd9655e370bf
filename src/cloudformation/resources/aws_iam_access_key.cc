// AWS::IAM::AccessKey
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-iam-accesskey.html).
// CreateAccessKey through IAM as the stack's caller, so the key signs requests as its user. Ref
// is the AccessKeyId (the physical id); SecretAccessKey is answered by IAM only at creation, so
// the deployer keeps it from then on (ResourceResult::attributes). UserName and Serial are
// create-only (a new Serial rotates the key: the deployer replaces it); Status changes in place.
#include <array>
#include <optional>
#include <string>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::PropertyKind;
using internal::PropertySpec;

constexpr std::array<std::string_view, 2> kStatuses = {"Active", "Inactive"};

// From the type's resource schema (AWS-IAM-AccessKey.json: "required": ["UserName"]).
constexpr std::array<PropertySpec, 3> kProperties = {{
    {.name = "Serial", .kind = PropertyKind::kInteger},
    {.name = "Status", .allowed = kStatuses},
    {.name = "UserName", .required = true, .minimum = 1, .maximum = 64},
}};

std::string User(const json::object& props) {
  return internal::StringProperty(props, "UserName").value_or("");
}

class IamAccessKey final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::IAM::AccessKey"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const json::value made =
        req.services.Call(req.ctx, "iam", "CreateAccessKey", {{"UserName", User(req.props)}});
    const json::object& key = made.at("AccessKey").as_object();
    const std::string id(key.at("AccessKeyId").as_string());
    if (internal::StringProperty(req.props, "Status") == "Inactive") SetStatus(req, id);
    return {.physical_id = id,
            .attributes = json::object{{"SecretAccessKey", key.at("SecretAccessKey")}}};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    if (internal::StringProperty(req.props, "Status") !=
        internal::StringProperty(previous, "Status")) {
      SetStatus(req, physical_id);
    }
    return {.physical_id = std::string(physical_id), .keeps_attributes = true};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::DeleteUnlessGone(req, "iam", "DeleteAccessKey",
                               {{"UserName", User(req.props)}, {"AccessKeyId", physical_id}},
                               {"NoSuchEntity"});
  }

  // SecretAccessKey comes from what the creation kept; IAM cannot answer it again. Id is the
  // physical id.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    (void)req;
    if (name == "Id") return json::string(physical_id);
    return std::nullopt;
  }

  std::vector<std::string> Identifiers() const override { return {"Id"}; }

 private:
  static void SetStatus(const ResourceRequest& req, std::string_view id) {
    req.services.Call(
        req.ctx, "iam", "UpdateAccessKey",
        {{"UserName", User(req.props)},
         {"AccessKeyId", id},
         {"Status", internal::StringProperty(req.props, "Status").value_or("Active")}});
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeIamAccessKey() { return std::make_unique<IamAccessKey>(); }

}  // namespace nimbus::cloudformation
