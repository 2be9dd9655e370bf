// AWS::SSO::PermissionSet
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sso-permissionset.html).
// Made through SSO Admin as the stack's caller: CreatePermissionSet, then its managed policies,
// customer managed policy references, inline policy and permissions boundary, so a name that is
// taken fails the resource with SSO Admin's own ConflictException and the result is visible
// through the SSO Admin API. InstanceArn and Name are create-only; everything else changes in
// place, after which the permission set is provisioned again to the accounts that have it
// (ALL_PROVISIONED_ACCOUNTS), as CloudFormation does. The page's Ref example reads
// "permission-arn|sso-instance-arn", but the type's primaryIdentifier is InstanceArn then
// PermissionSetArn: Ref and the physical id are `<InstanceArn>|<PermissionSetArn>`.
#include <array>
#include <set>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "cloudformation/resources/composite_id.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

using internal::IdentifierPart;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

// From the type's resource schema (models/cloudformation-schemas/resources/
// AWS-SSO-PermissionSet.json), in its order ("required": ["Name", "InstanceArn"]). The patterns
// of Description and RelayStateType, and SessionDuration's (a lookahead RE2 cannot run), are
// left to SSO Admin.
constexpr std::array<PropertySpec, 10> kProperties = {{
    {.name = "Name", .required = true, .minimum = 1, .maximum = 32, .pattern = "[\\w+=,.@-]+"},
    {.name = "InstanceArn",
     .required = true,
     .minimum = 10,
     .maximum = 1224,
     .pattern = "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}"},
    {.name = "Description", .minimum = 1, .maximum = 700},
    {.name = "SessionDuration", .minimum = 1, .maximum = 100},
    {.name = "RelayStateType", .minimum = 1, .maximum = 240},
    {.name = "ManagedPolicies", .kind = PropertyKind::kStringList},
    {.name = "CustomerManagedPolicyReferences", .kind = PropertyKind::kObjectList},
    {.name = "InlinePolicy", .kind = PropertyKind::kJson},
    {.name = "PermissionsBoundary", .kind = PropertyKind::kObject},
    {.name = "Tags", .kind = PropertyKind::kTags},
}};

std::optional<std::string> OptText(const json::object& props, std::string_view name) {
  return StringProperty(props, name);
}

std::string Text(const json::object& props, std::string_view name) {
  return StringProperty(props, name).value_or("");
}

// Identifies the permission set in every SSO Admin call.
json::object Target(std::string_view physical_id) {
  return json::object{{"InstanceArn", IdentifierPart(physical_id, 0)},
                      {"PermissionSetArn", IdentifierPart(physical_id, 1)}};
}

json::object With(json::object in, std::string_view key, json::value value) {
  in[key] = std::move(value);
  return in;
}

// A customer managed policy reference as SSO Admin keeps it: Path defaults to "/".
json::object Reference(const json::value& value) {
  const json::object empty;
  const json::object& ref = value.is_object() ? value.get_object() : empty;
  return json::object{{"Name", Text(ref, "Name")}, {"Path", OptText(ref, "Path").value_or("/")}};
}

std::string Key(const json::object& reference) {
  return Text(reference, "Path") + Text(reference, "Name");
}

const json::array& ArrayOr(const json::object& props, std::string_view name) {
  static const json::array kEmpty;
  const json::value* value = props.if_contains(name);
  return value && value->is_array() ? value->get_array() : kEmpty;
}

// Every page of an SSO Admin listing of the permission set.
json::array ListAll(const ResourceRequest& req, std::string_view physical_id,
                    std::string_view operation, std::string_view member) {
  json::array all;
  json::object in = Target(physical_id);
  while (true) {
    const json::value out = req.services.Call(req.ctx, "sso-admin", operation, in);
    for (const json::value& item : out.at(member).as_array()) all.push_back(item);
    const std::optional<std::string> next = OptText(out.as_object(), "NextToken");
    if (!next) return all;
    in["NextToken"] = *next;
  }
}

class SsoPermissionSet final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::SSO::PermissionSet"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    json::object in{{"InstanceArn", Text(req.props, "InstanceArn")},
                    {"Name", Text(req.props, "Name")},
                    {"Tags", internal::ResourceTags(req, true)}};
    AddSettings(req.props, in);
    const json::value made = req.services.Call(req.ctx, "sso-admin", "CreatePermissionSet", in);
    const std::string physical_id =
        internal::JoinIdentifiers({Text(req.props, "InstanceArn"),
                                   made.at("PermissionSet").at("PermissionSetArn").as_string()});
    try {
      ApplyPolicies(req, physical_id, json::object());
    } catch (const core::AwsError&) {
      // The resource failed: leave nothing behind that the stack does not know of.
      Delete(req, physical_id);
      throw;
    }
    return {.physical_id = physical_id};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    json::object in = Target(physical_id);
    AddSettings(req.props, in);
    req.services.Call(req.ctx, "sso-admin", "UpdatePermissionSet", in);
    ApplyPolicies(req, physical_id, previous);
    ReplaceTags(req, physical_id);
    req.services.Call(req.ctx, "sso-admin", "ProvisionPermissionSet",
                      With(Target(physical_id), "TargetType", "ALL_PROVISIONED_ACCOUNTS"));
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::DeleteUnlessGone(req, "sso-admin", "DeletePermissionSet", Target(physical_id),
                               {"ResourceNotFoundException"});
  }

  // The page's one attribute, PermissionSetArn, read back from SSO Admin.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::DescribedAttribute(req, name, {"PermissionSetArn"},
                                        {"sso-admin", "DescribePermissionSet", "PermissionSet"},
                                        Target(physical_id));
  }

  std::vector<std::string> Identifiers() const override {
    return {"InstanceArn", "PermissionSetArn"};
  }

 private:
  // Description, SessionDuration and RelayState, the members Create and Update share.
  static void AddSettings(const json::object& props, json::object& in) {
    if (std::optional<std::string> value = OptText(props, "Description"))
      in["Description"] = *value;
    if (std::optional<std::string> value = OptText(props, "SessionDuration")) {
      in["SessionDuration"] = *value;
    }
    if (std::optional<std::string> value = OptText(props, "RelayStateType")) {
      in["RelayState"] = *value;
    }
  }

  // Brings the policies SSO Admin has for the permission set to what the properties say:
  // managed policies and customer managed references attached or detached against SSO Admin's
  // own lists; the inline policy and boundary put, or deleted when `previous` had one.
  static void ApplyPolicies(const ResourceRequest& req, std::string_view physical_id,
                            const json::object& previous) {
    std::set<std::string> wanted;
    for (const json::value& arn : ArrayOr(req.props, "ManagedPolicies")) {
      if (arn.is_string()) wanted.insert(std::string(arn.get_string()));
    }
    for (const json::value& attached : ListAll(
             req, physical_id, "ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies")) {
      const std::string arn = Text(attached.as_object(), "Arn");
      if (wanted.erase(arn) == 0) {
        req.services.Call(req.ctx, "sso-admin", "DetachManagedPolicyFromPermissionSet",
                          With(Target(physical_id), "ManagedPolicyArn", json::string(arn)));
      }
    }
    for (const std::string& arn : wanted) {
      req.services.Call(req.ctx, "sso-admin", "AttachManagedPolicyToPermissionSet",
                        With(Target(physical_id), "ManagedPolicyArn", json::string(arn)));
    }

    std::vector<json::object> references;
    std::set<std::string> wanted_references;
    for (const json::value& value : ArrayOr(req.props, "CustomerManagedPolicyReferences")) {
      references.push_back(Reference(value));
      wanted_references.insert(Key(references.back()));
    }
    std::set<std::string> present;
    for (const json::value& value :
         ListAll(req, physical_id, "ListCustomerManagedPolicyReferencesInPermissionSet",
                 "CustomerManagedPolicyReferences")) {
      const json::object reference = Reference(value);
      present.insert(Key(reference));
      if (!wanted_references.contains(Key(reference))) {
        req.services.Call(req.ctx, "sso-admin",
                          "DetachCustomerManagedPolicyReferenceFromPermissionSet",
                          With(Target(physical_id), "CustomerManagedPolicyReference", reference));
      }
    }
    for (const json::object& reference : references) {
      if (present.insert(Key(reference)).second) {
        req.services.Call(req.ctx, "sso-admin",
                          "AttachCustomerManagedPolicyReferenceToPermissionSet",
                          With(Target(physical_id), "CustomerManagedPolicyReference", reference));
      }
    }

    // InlinePolicy is an object or a string holding one (the schema's ["object", "string"]).
    if (const json::value* policy = req.props.if_contains("InlinePolicy")) {
      const std::string text =
          policy->is_string() ? std::string(policy->get_string()) : json::serialize(*policy);
      req.services.Call(req.ctx, "sso-admin", "PutInlinePolicyToPermissionSet",
                        With(Target(physical_id), "InlinePolicy", json::string(text)));
    } else if (previous.contains("InlinePolicy")) {
      req.services.Call(req.ctx, "sso-admin", "DeleteInlinePolicyFromPermissionSet",
                        Target(physical_id));
    }

    if (const json::value* boundary = req.props.if_contains("PermissionsBoundary")) {
      json::object in = Target(physical_id);
      json::object given;
      if (std::optional<std::string> arn = OptText(boundary->as_object(), "ManagedPolicyArn")) {
        given["ManagedPolicyArn"] = *arn;
      }
      if (const json::value* reference =
              boundary->as_object().if_contains("CustomerManagedPolicyReference")) {
        given["CustomerManagedPolicyReference"] = Reference(*reference);
      }
      in["PermissionsBoundary"] = std::move(given);
      req.services.Call(req.ctx, "sso-admin", "PutPermissionsBoundaryToPermissionSet", in);
    } else if (previous.contains("PermissionsBoundary")) {
      req.services.Call(req.ctx, "sso-admin", "DeletePermissionsBoundaryFromPermissionSet",
                        Target(physical_id));
    }
  }

  // The tags CloudFormation gives the permission set, and no others.
  static void ReplaceTags(const ResourceRequest& req, std::string_view physical_id) {
    const json::array tags = internal::ResourceTags(req, true);
    std::set<std::string> kept;
    for (const json::value& tag : tags) kept.insert(Text(tag.as_object(), "Key"));
    const std::string arn = IdentifierPart(physical_id, 1);
    const json::value listed =
        req.services.Call(req.ctx, "sso-admin", "ListTagsForResource",
                          {{"InstanceArn", IdentifierPart(physical_id, 0)}, {"ResourceArn", arn}});
    json::array removed;
    for (const json::value& tag : listed.at("Tags").as_array()) {
      const std::string key = Text(tag.as_object(), "Key");
      if (!kept.contains(key)) removed.emplace_back(key);
    }
    if (!removed.empty()) {
      req.services.Call(req.ctx, "sso-admin", "UntagResource",
                        {{"InstanceArn", IdentifierPart(physical_id, 0)},
                         {"ResourceArn", arn},
                         {"TagKeys", std::move(removed)}});
    }
    req.services.Call(
        req.ctx, "sso-admin", "TagResource",
        {{"InstanceArn", IdentifierPart(physical_id, 0)}, {"ResourceArn", arn}, {"Tags", tags}});
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeSsoPermissionSet() {
  return std::make_unique<SsoPermissionSet>();
}

}  // namespace nimbus::cloudformation
