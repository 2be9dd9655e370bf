// AWS::KMS::Key
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html).
// Calls KMS through ServiceClient as the stack's caller: the key is visible through the KMS API,
// KMS's errors are the resource's failure reasons, and removing it from a stack schedules its
// deletion after PendingWindowInDays (default 30), as the page says.
#include <array>
#include <set>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"
#include "core/partition.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::BoolProperty;
using internal::IntProperty;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

namespace {

// From the type's resource schema (models/cloudformation-schemas/resources/AWS-KMS-Key.json).
constexpr std::array<std::string_view, 17> kKeySpecs = {"SYMMETRIC_DEFAULT",
                                                        "RSA_2048",
                                                        "RSA_3072",
                                                        "RSA_4096",
                                                        "ECC_NIST_P256",
                                                        "ECC_NIST_P384",
                                                        "ECC_NIST_P521",
                                                        "ECC_SECG_P256K1",
                                                        "HMAC_224",
                                                        "HMAC_256",
                                                        "HMAC_384",
                                                        "HMAC_512",
                                                        "SM2",
                                                        "ML_DSA_44",
                                                        "ML_DSA_65",
                                                        "ML_DSA_87",
                                                        "ECC_NIST_EDWARDS25519"};
constexpr std::array<std::string_view, 4> kKeyUsages = {"ENCRYPT_DECRYPT", "SIGN_VERIFY",
                                                        "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"};
constexpr std::array<std::string_view, 2> kOrigins = {"AWS_KMS", "EXTERNAL"};

constexpr std::array<PropertySpec, 13> kProperties = {{
    {.name = "BypassPolicyLockoutSafetyCheck", .kind = PropertyKind::kBoolean},
    {.name = "Description", .maximum = 8192},
    {.name = "Enabled", .kind = PropertyKind::kBoolean},
    {.name = "EnableKeyRotation", .kind = PropertyKind::kBoolean},
    {.name = "KeyPolicy", .kind = PropertyKind::kJson},
    {.name = "KeySpec", .allowed = kKeySpecs},
    {.name = "KeyUsage", .allowed = kKeyUsages},
    {.name = "MultiRegion", .kind = PropertyKind::kBoolean},
    {.name = "Origin", .allowed = kOrigins},
    {.name = "PendingWindowInDays", .kind = PropertyKind::kInteger, .minimum = 7, .maximum = 30},
    {.name = "RotationPeriodInDays",
     .kind = PropertyKind::kInteger,
     .minimum = 90,
     .maximum = 2560},
    {.name = "Tags", .kind = PropertyKind::kTags},
    // Read-only in the schema, but accepted: a template may echo what it read.
    {.name = "KeyId"},
}};

constexpr int64_t kDefaultPendingWindow = 30;

// The handler's own failures, which CloudFormation reports as "Invalid request provided: ...".
[[noreturn]] void InvalidRequest(std::string_view message) {
  throw core::AwsError("InvalidRequest", "Invalid request provided: " + std::string(message));
}

// The properties that cannot change, with the defaults the schema gives them.
struct Immutable {
  std::string key_spec;
  std::string key_usage;
  std::string origin;
  bool multi_region;

  static Immutable Of(const json::object& props) {
    return {.key_spec = StringProperty(props, "KeySpec").value_or("SYMMETRIC_DEFAULT"),
            .key_usage = StringProperty(props, "KeyUsage").value_or("ENCRYPT_DECRYPT"),
            .origin = StringProperty(props, "Origin").value_or("AWS_KMS"),
            .multi_region = BoolProperty(props, "MultiRegion").value_or(false)};
  }
  bool operator==(const Immutable&) const = default;
};

// KeyPolicy as KMS takes it: the object serialized, or the string as given.
std::optional<std::string> PolicyText(const json::object& props) {
  const json::value* policy = props.if_contains("KeyPolicy");
  if (!policy) return std::nullopt;
  if (policy->is_string()) return std::string(policy->get_string());
  return json::serialize(*policy);
}

// The key policy KMS gives a key created without one, which is also the schema's default: the
// account's root may do everything.
std::string DefaultPolicy(const ResourceRequest& req) {
  json::object statement{{"Sid", "Enable IAM User Permissions"},
                         {"Effect", "Allow"},
                         {"Principal", {{"AWS", core::GlobalArn(req.ctx.scope, "iam", "root")}}},
                         {"Action", "kms:*"},
                         {"Resource", "*"}};
  return json::serialize(json::object{{"Version", "2012-10-17"},
                                      {"Id", "key-default"},
                                      {"Statement", json::array{std::move(statement)}}});
}

// KMS spells tags TagKey and TagValue.
json::array KmsTags(const json::array& tags) {
  json::array out;
  for (const json::value& tag : tags) {
    out.push_back(json::object{{"TagKey", tag.at("Key")}, {"TagValue", tag.at("Value")}});
  }
  return out;
}

void CheckRotation(const json::object& props) {
  const Immutable fixed = Immutable::Of(props);
  if (BoolProperty(props, "EnableKeyRotation").value_or(false) &&
      (fixed.key_spec != "SYMMETRIC_DEFAULT" || fixed.origin == "EXTERNAL")) {
    InvalidRequest(
        "You cannot set the EnableKeyRotation property to true on asymmetric or external keys.");
  }
}

class KmsKey final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::KMS::Key"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    CheckRotation(req.props);
    const Immutable fixed = Immutable::Of(req.props);
    json::object in{{"KeySpec", fixed.key_spec},
                    {"KeyUsage", fixed.key_usage},
                    {"Origin", fixed.origin},
                    {"MultiRegion", fixed.multi_region},
                    {"Tags", KmsTags(internal::ResourceTags(req, false))}};
    if (auto description = StringProperty(req.props, "Description"))
      in["Description"] = *description;
    if (auto policy = PolicyText(req.props)) in["Policy"] = *policy;
    if (auto bypass = BoolProperty(req.props, "BypassPolicyLockoutSafetyCheck")) {
      in["BypassPolicyLockoutSafetyCheck"] = *bypass;
    }
    const json::value created = req.services.Call(req.ctx, "kms", "CreateKey", in);
    const std::string key_id(created.at("KeyMetadata").at("KeyId").as_string());
    if (BoolProperty(req.props, "EnableKeyRotation").value_or(false)) EnableRotation(req, key_id);
    // A key with imported material starts PendingImport; Enabled means nothing for it yet.
    if (!BoolProperty(req.props, "Enabled").value_or(true) && fixed.origin != "EXTERNAL") {
      req.services.Call(req.ctx, "kms", "DisableKey", {{"KeyId", key_id}});
    }
    return {.physical_id = key_id};  // Ref returns the key id, as the page says
  }

  // In place, in the order of AWS's handler: a key that becomes enabled is enabled first (its
  // rotation cannot change while disabled), then rotation, then disabling, description, policy,
  // tags. KeySpec, KeyUsage, Origin and MultiRegion cannot change at all: the page says the
  // update fails whatever the UpdateReplacePolicy, so the schema lists none as create-only.
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    if (!(Immutable::Of(previous) == Immutable::Of(req.props))) {
      InvalidRequest(
          "You cannot change the values of the KeySpec, KeyUsage, Origin, or MultiRegion "
          "properties of an AWS::KMS::Key resource.");
    }
    CheckRotation(req.props);
    const std::string key_id(physical_id);
    const bool was_enabled = BoolProperty(previous, "Enabled").value_or(true);
    const bool enabled = BoolProperty(req.props, "Enabled").value_or(true);
    const bool rotated = BoolProperty(previous, "EnableKeyRotation").value_or(false);
    const bool rotate = BoolProperty(req.props, "EnableKeyRotation").value_or(false);
    const bool period_changed = IntProperty(previous, "RotationPeriodInDays") !=
                                IntProperty(req.props, "RotationPeriodInDays");
    if (!was_enabled && !enabled && rotated != rotate) {
      InvalidRequest(
          "You cannot change the EnableKeyRotation property while the Enabled property is "
          "false.");
    }
    if (!was_enabled && enabled)
      req.services.Call(req.ctx, "kms", "EnableKey", {{"KeyId", key_id}});
    if (rotate && (!rotated || period_changed)) {
      EnableRotation(req, key_id);
    } else if (!rotate && rotated) {
      req.services.Call(req.ctx, "kms", "DisableKeyRotation", {{"KeyId", key_id}});
    }
    if (was_enabled && !enabled)
      req.services.Call(req.ctx, "kms", "DisableKey", {{"KeyId", key_id}});
    const std::string description = StringProperty(req.props, "Description").value_or("");
    if (description != StringProperty(previous, "Description").value_or("")) {
      req.services.Call(req.ctx, "kms", "UpdateKeyDescription",
                        {{"KeyId", key_id}, {"Description", description}});
    }
    const std::string policy = PolicyText(req.props).value_or(DefaultPolicy(req));
    if (policy != PolicyText(previous).value_or(DefaultPolicy(req))) {
      json::object in{{"KeyId", key_id}, {"PolicyName", "default"}, {"Policy", policy}};
      if (auto bypass = BoolProperty(req.props, "BypassPolicyLockoutSafetyCheck")) {
        in["BypassPolicyLockoutSafetyCheck"] = *bypass;
      }
      req.services.Call(req.ctx, "kms", "PutKeyPolicy", in);
    }
    UpdateTags(req, key_id);
    return {.physical_id = key_id};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    const int64_t window =
        IntProperty(req.props, "PendingWindowInDays").value_or(kDefaultPendingWindow);
    // Gone, or already pending deletion: AWS's handler counts both as deleted.
    internal::DeleteUnlessGone(req, "kms", "ScheduleKeyDeletion",
                               {{"KeyId", physical_id}, {"PendingWindowInDays", window}},
                               {"NotFoundException", "KMSInvalidStateException"});
  }

  // The attributes the page lists: Arn and KeyId, read from KMS.
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    return internal::DescribedAttribute(req, name, {"Arn", "KeyId"},
                                        {"kms", "DescribeKey", "KeyMetadata"},
                                        {{"KeyId", physical_id}});
  }

  // Drift: DescribeKey, GetKeyPolicy, GetKeyRotationStatus and ListResourceTags. A key pending
  // deletion counts as deleted, as its Delete does.
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    LiveProperties live{
        .state = LiveProperties::State::kFound,
        .read = {"Description", "Enabled", "EnableKeyRotation", "KeyPolicy", "KeySpec", "KeyUsage",
                 "MultiRegion", "Origin", "RotationPeriodInDays", "Tags"}};
    json::value described;
    try {
      described = req.services.Call(req.ctx, "kms", "DescribeKey", {{"KeyId", physical_id}});
    } catch (const core::AwsError& error) {
      if (error.code() != "NotFoundException") throw;
      live.state = LiveProperties::State::kDeleted;
      return live;
    }
    const json::object& key = described.at("KeyMetadata").as_object();
    if (key.at("KeyState") == "PendingDeletion") {
      live.state = LiveProperties::State::kDeleted;
      return live;
    }
    for (std::string_view member :
         {"Description", "Enabled", "KeySpec", "KeyUsage", "MultiRegion", "Origin"}) {
      if (const json::value* value = key.if_contains(member)) live.props[member] = *value;
    }
    const json::value policy = req.services.Call(
        req.ctx, "kms", "GetKeyPolicy", {{"KeyId", physical_id}, {"PolicyName", "default"}});
    boost::system::error_code ec;
    json::value document = json::parse(policy.at("Policy").as_string(), ec);
    live.props["KeyPolicy"] = ec ? policy.at("Policy") : document;
    if (key.at("KeySpec") == "SYMMETRIC_DEFAULT") {  // KMS rotates no other key
      const json::value rotation =
          req.services.Call(req.ctx, "kms", "GetKeyRotationStatus", {{"KeyId", physical_id}});
      live.props["EnableKeyRotation"] = rotation.at("KeyRotationEnabled");
      if (const json::value* period = rotation.as_object().if_contains("RotationPeriodInDays")) {
        live.props["RotationPeriodInDays"] = *period;
      }
    }
    json::array tags;
    const json::value listed =
        req.services.Call(req.ctx, "kms", "ListResourceTags", {{"KeyId", physical_id}});
    for (const json::value& tag : listed.at("Tags").as_array()) {
      tags.push_back(json::object{{"Key", tag.at("TagKey")}, {"Value", tag.at("TagValue")}});
    }
    live.props["Tags"] = std::move(tags);
    return live;
  }

  std::vector<std::string> Identifiers() const override { return {"KeyId"}; }

 private:
  static void EnableRotation(const ResourceRequest& req, const std::string& key_id) {
    json::object in{{"KeyId", key_id}};
    if (auto period = IntProperty(req.props, "RotationPeriodInDays")) {
      in["RotationPeriodInDays"] = *period;
    }
    req.services.Call(req.ctx, "kms", "EnableKeyRotation", in);
  }

  // The key's tags become exactly the stack's and the resource's: what is no longer wanted is
  // removed, what is new or changed is written.
  static void UpdateTags(const ResourceRequest& req, const std::string& key_id) {
    const json::array wanted = KmsTags(internal::ResourceTags(req, false));
    std::set<std::string> wanted_keys;
    for (const json::value& tag : wanted)
      wanted_keys.insert(std::string(tag.at("TagKey").as_string()));
    json::array removed;
    std::string marker;
    do {
      json::object in{{"KeyId", key_id}};
      if (!marker.empty()) in["Marker"] = marker;
      const json::value page = req.services.Call(req.ctx, "kms", "ListResourceTags", in);
      for (const json::value& tag : page.at("Tags").as_array()) {
        if (!wanted_keys.contains(std::string(tag.at("TagKey").as_string()))) {
          removed.push_back(tag.at("TagKey"));
        }
      }
      const json::value* next = page.as_object().if_contains("NextMarker");
      marker = next && next->is_string() ? std::string(next->get_string()) : std::string();
    } while (!marker.empty());
    if (!removed.empty()) {
      req.services.Call(req.ctx, "kms", "UntagResource",
                        {{"KeyId", key_id}, {"TagKeys", std::move(removed)}});
    }
    if (!wanted.empty()) {
      req.services.Call(req.ctx, "kms", "TagResource", {{"KeyId", key_id}, {"Tags", wanted}});
    }
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeKmsKey() { return std::make_unique<KmsKey>(); }

}  // namespace nimbus::cloudformation
