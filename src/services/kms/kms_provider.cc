// KmsProvider's key management: keys and their life cycle, aliases, tags, key policies and
// rotation. The cryptographic operations are in kms_crypto.cc.
#include "services/kms/kms_provider.h"

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/kms/ciphertext.h"
#include "services/kms/key_defaults.h"
#include "services/kms/key_material.h"
#include "services/kms/key_rules.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::AliasArn;
using internal::CheckNotPendingDeletion;
using internal::CheckUsable;
using internal::DefaultPolicy;
using internal::EncryptionAlgorithms;
using internal::InvalidKeyId;
using internal::IsKeyId;
using internal::IsLegacySpec;
using internal::KeyArn;
using internal::kManagedAliases;
using internal::kSymmetric;
using internal::ManagedAliasNoun;
using internal::ManagedPolicy;
using internal::NotFound;
using internal::OtherRegion;
using internal::ParsedRef;
using internal::ParseRef;
using internal::SigningAlgorithms;

namespace {

constexpr int64_t kDayMillis = 86'400'000;
constexpr std::string_view kDeleteTask = "kms.DeleteKey";
constexpr size_t kMaxTags = 50;

[[noreturn]] void InvalidMarker(const json::object& in) {
  throw AwsError("InvalidMarkerException", "Invalid marker: " + StringOr(in, "Marker", ""));
}

// The position of the Marker of listing `kind` (the operation); "" without one.
std::string DecodeMarker(const json::object& in, std::string_view kind) {
  std::optional<std::string> position = services::ReadPageToken(in, "Marker", kind);
  if (!position) InvalidMarker(in);
  return std::move(*position);
}

void CheckPolicy(std::string_view policy) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(policy, ec);
  if (ec || !parsed.is_object()) {
    throw AwsError("MalformedPolicyDocumentException", "The policy document is not valid JSON.");
  }
}

// Which key usages a key spec allows (AWS KMS developer guide, "Key spec reference").
bool UsageAllowed(std::string_view spec, std::string_view usage) {
  if (spec == kSymmetric) return usage == "ENCRYPT_DECRYPT";
  if (core::StartsWith(spec, "RSA_")) return usage == "ENCRYPT_DECRYPT" || usage == "SIGN_VERIFY";
  if (core::StartsWith(spec, "HMAC_")) return usage == "GENERATE_VERIFY_MAC";
  if (spec == "ECC_NIST_P256" || spec == "ECC_NIST_P384" || spec == "ECC_NIST_P521") {
    return usage == "SIGN_VERIFY" || usage == "KEY_AGREEMENT";
  }
  if (spec == "SM2") return usage != "GENERATE_VERIFY_MAC";
  return usage == "SIGN_VERIFY";  // ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, ML_DSA_*
}

[[noreturn]] void ReservedTag() {
  throw AwsError("TagException", "Tags beginning with aws: are reserved");
}

services::TagList ReadTags(const json::object& in) {
  services::TagList tags = services::ReadTagList(in, "Tags", services::kKmsTagMembers);
  if (services::FindReservedTagKey(tags)) ReservedTag();
  return tags;
}

}  // namespace

KmsProvider::KmsProvider(Runtime& rt) : rt_(rt), store_(rt.db) {
  rt_.scheduler.Register(std::string(kDeleteTask), [this](const store::Task& t) { DeleteDue(t); });
  // Slow: RSA key generation takes from a tenth of a second (2048) to seconds (4096), and RSA
  // private-key operations (Sign, Decrypt, ReEncrypt) milliseconds.
  Register("CreateKey", &KmsProvider::CreateKey, core::Cost::kSlow);
  Register("DescribeKey", &KmsProvider::DescribeKey);
  Register("ListKeys", &KmsProvider::ListKeys);
  Register("EnableKey", &KmsProvider::EnableKey);
  Register("DisableKey", &KmsProvider::DisableKey);
  Register("ScheduleKeyDeletion", &KmsProvider::ScheduleKeyDeletion);
  Register("CancelKeyDeletion", &KmsProvider::CancelKeyDeletion);
  Register("UpdateKeyDescription", &KmsProvider::UpdateKeyDescription);
  Register("CreateAlias", &KmsProvider::CreateAlias);
  Register("UpdateAlias", &KmsProvider::UpdateAlias);
  Register("DeleteAlias", &KmsProvider::DeleteAlias);
  Register("ListAliases", &KmsProvider::ListAliases);
  Register("TagResource", &KmsProvider::TagResource);
  Register("UntagResource", &KmsProvider::UntagResource);
  Register("ListResourceTags", &KmsProvider::ListResourceTags);
  Register("GetKeyPolicy", &KmsProvider::GetKeyPolicy);
  Register("PutKeyPolicy", &KmsProvider::PutKeyPolicy);
  Register("ListKeyPolicies", &KmsProvider::ListKeyPolicies);
  Register("GetKeyRotationStatus", &KmsProvider::GetKeyRotationStatus);
  Register("EnableKeyRotation", &KmsProvider::EnableKeyRotation);
  Register("DisableKeyRotation", &KmsProvider::DisableKeyRotation);
  Register("Encrypt", &KmsProvider::Encrypt);
  Register("Decrypt", &KmsProvider::Decrypt, core::Cost::kSlow);
  Register("ReEncrypt", &KmsProvider::ReEncrypt, core::Cost::kSlow);
  Register("GenerateDataKey", &KmsProvider::GenerateDataKey);
  Register("GenerateDataKeyWithoutPlaintext", &KmsProvider::GenerateDataKeyWithoutPlaintext);
  Register("GenerateRandom", &KmsProvider::GenerateRandom);
  Register("GenerateDataKeyPair", &KmsProvider::GenerateDataKeyPair, core::Cost::kSlow);
  Register("GenerateDataKeyPairWithoutPlaintext",
           &KmsProvider::GenerateDataKeyPairWithoutPlaintext, core::Cost::kSlow);
  Register("GetPublicKey", &KmsProvider::GetPublicKey);
  Register("Sign", &KmsProvider::Sign, core::Cost::kSlow);
  Register("Verify", &KmsProvider::Verify);
  Register("GenerateMac", &KmsProvider::GenerateMac);
  Register("VerifyMac", &KmsProvider::VerifyMac);
  Register("DeriveSharedSecret", &KmsProvider::DeriveSharedSecret);
  Register("GetParametersForImport", &KmsProvider::GetParametersForImport, core::Cost::kSlow);
  Register("ImportKeyMaterial", &KmsProvider::ImportKeyMaterial, core::Cost::kSlow);
  Register("DeleteImportedKeyMaterial", &KmsProvider::DeleteImportedKeyMaterial);
  Register("RotateKeyOnDemand", &KmsProvider::RotateKeyOnDemand);
  Register("ListKeyRotations", &KmsProvider::ListKeyRotations);
  Register("ReplicateKey", &KmsProvider::ReplicateKey, core::Cost::kSlow);
  Register("UpdatePrimaryRegion", &KmsProvider::UpdatePrimaryRegion);
  Register("CreateGrant", &KmsProvider::CreateGrant);
  Register("ListGrants", &KmsProvider::ListGrants);
  Register("ListRetirableGrants", &KmsProvider::ListRetirableGrants);
  Register("RetireGrant", &KmsProvider::RetireGrant);
  Register("RevokeGrant", &KmsProvider::RevokeGrant);
}

KeyRecord KmsProvider::Resolve(store::Transaction& tx, const RequestContext& ctx,
                               std::string_view key_ref, bool allow_alias, bool create_managed,
                               const GrantUse* use) {
  const std::optional<ParsedRef> ref = ParseRef(ctx.scope, key_ref);
  if (!ref) {
    throw AwsError("InvalidArnException", "Invalid arn " + std::string(key_ref));
  }
  if (ref->alias) {
    if (!allow_alias) InvalidKeyId(key_ref);
    if (!ref->local) NotFound("Alias " + ref->arn + " is not found.");
    std::optional<AliasRecord> alias = store_.FindAlias(tx, ctx.scope, ref->value);
    if (!alias) {
      if (create_managed && ManagedAliasNoun(ref->value)) {
        return CreateManagedKey(tx, ctx, ref->value);
      }
      NotFound("Alias " + ref->arn + " is not found.");
    }
    std::optional<KeyRecord> key = store_.FindKey(tx, ctx.scope, alias->key_id);
    if (!key) NotFound("Alias " + ref->arn + " is not found.");
    internal::ExpireImportedMaterial(*key, ctx.now_millis);
    return *key;
  }
  if (!IsKeyId(ref->value)) InvalidKeyId(key_ref);
  if (!ref->region.empty() && ref->region != ctx.scope.region) OtherRegion(ref->region);
  std::optional<KeyRecord> key;
  if (ref->local) {
    key = store_.FindKey(tx, ctx.scope, ref->value);
  } else if (const std::optional<core::ParsedArn> arn = core::ParseArn(ref->arn);
             arn && arn->partition == core::PartitionOf(ctx.scope.region).id) {
    // Another account's key: usable through a grant to the caller (kms_grants.cc).
    const core::Scope owner{.account = arn->account, .region = arn->region};
    key = store_.FindKey(tx, owner, ref->value);
    if (key && !GrantAllows(tx, ctx, owner, *key, use)) key.reset();
  }
  if (!key) NotFound("Key '" + ref->arn + "' does not exist");
  internal::ExpireImportedMaterial(*key, ctx.now_millis);
  return *key;
}

KeyRecord KmsProvider::ResolveManaged(store::Transaction& tx, const RequestContext& ctx,
                                      std::string_view key_ref, std::string_view action) {
  KeyRecord key = Resolve(tx, ctx, key_ref, /*allow_alias=*/false, /*create_managed=*/false);
  if (key.manager == "AWS") {
    throw AwsError(
        "AccessDeniedException",
        "User: " + ctx.caller.arn + " is not authorized to perform: kms:" + std::string(action) +
            " on resource: " + key.arn +
            " because no resource-based policy allows the kms:" + std::string(action) + " action",
        400);
  }
  return key;
}

KeyRecord KmsProvider::CreateManagedKey(store::Transaction& tx, const RequestContext& ctx,
                                        std::string_view alias_name) {
  const std::string key_id = rt_.ids.Uuid();
  KeyRecord key{
      .key_id = key_id,
      .arn = KeyArn(ctx.scope, key_id),
      .description = "Default key that protects my " + std::string(*ManagedAliasNoun(alias_name)) +
                     " when no other key is defined",
      .key_usage = "ENCRYPT_DECRYPT",
      .key_spec = std::string(kSymmetric),
      .origin = "AWS_KMS",
      .manager = "AWS",
      .state = "Enabled",
      .created_millis = ctx.now_millis,
      .policy = ManagedPolicy(ctx.scope, alias_name),
      .rotation_enabled = true,
      .rotation_period_days = 365,
      .next_rotation_millis = ctx.now_millis + 365 * kDayMillis,
      .material = RandomBytes(32),
      .material_id = rt_.ids.Hex(64),
  };
  store_.InsertKey(tx, ctx.scope, key);
  store_.PutAlias(tx, ctx.scope,
                  {.alias_name = std::string(alias_name),
                   .key_id = key_id,
                   .created_millis = ctx.now_millis,
                   .updated_millis = ctx.now_millis});
  return *store_.FindKey(tx, ctx.scope, key_id);
}

json::object KmsProvider::Metadata(const RequestContext& ctx, const KeyRecord& key) const {
  json::object out{{"AWSAccountId", KeyScope(ctx, key).account},
                   {"KeyId", key.key_id},
                   {"Arn", key.arn},
                   {"CreationDate", EpochSeconds(key.created_millis)},
                   {"Enabled", key.state == "Enabled"},
                   {"Description", key.description},
                   {"KeyUsage", key.key_usage},
                   {"KeyState", key.state}};
  if (key.deletion_millis) out["DeletionDate"] = EpochSeconds(*key.deletion_millis);
  out["Origin"] = key.origin;
  out["KeyManager"] = key.manager;
  if (IsLegacySpec(key.key_spec)) out["CustomerMasterKeySpec"] = key.key_spec;
  out["KeySpec"] = key.key_spec;
  if (key.key_usage == "ENCRYPT_DECRYPT") out["EncryptionAlgorithms"] = EncryptionAlgorithms(key);
  if (key.key_usage == "SIGN_VERIFY") out["SigningAlgorithms"] = SigningAlgorithms(key);
  if (key.key_usage == "GENERATE_VERIFY_MAC") {
    out["MacAlgorithms"] = json::array{"HMAC_SHA_" + key.key_spec.substr(5)};
  }
  if (key.key_usage == "KEY_AGREEMENT") out["KeyAgreementAlgorithms"] = json::array{"ECDH"};
  out["MultiRegion"] = key.multi_region;
  if (key.multi_region) {
    // The replicas are filled in by MultiRegionConfiguration (kms_multi_region.cc).
    const core::Scope scope = KeyScope(ctx, key);
    const std::string primary = key.primary_region.empty() ? scope.region : key.primary_region;
    out["MultiRegionConfiguration"] = json::object{
        {"MultiRegionKeyType", primary == scope.region ? "PRIMARY" : "REPLICA"},
        {"PrimaryKey",
         json::object{{"Arn", KeyArn({.account = scope.account, .region = primary}, key.key_id)},
                      {"Region", primary}}},
        {"ReplicaKeys", json::array{}}};
  }
  if (key.pending_window_days) out["PendingDeletionWindowInDays"] = *key.pending_window_days;
  if (!key.material_id.empty()) out["CurrentKeyMaterialId"] = key.material_id;
  if (key.valid_to_millis) out["ValidTo"] = EpochSeconds(*key.valid_to_millis);
  if (!key.expiration_model.empty()) out["ExpirationModel"] = key.expiration_model;
  return out;
}

json::value KmsProvider::CreateKey(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> key_spec_in = OptString(in, "KeySpec");
  const std::optional<std::string> cmk_spec_in = OptString(in, "CustomerMasterKeySpec");
  if (key_spec_in && cmk_spec_in) {
    core::ValidationFailed(
        "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. "
        "CustomerMasterKeySpec is deprecated.");
  }
  const std::string key_spec =
      key_spec_in ? *key_spec_in : cmk_spec_in.value_or(std::string(kSymmetric));
  if (key_spec != kSymmetric && !in.contains("KeyUsage")) {
    core::ValidationFailed(
        "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
  }
  const std::string key_usage = StringOr(in, "KeyUsage", "ENCRYPT_DECRYPT");
  if (!UsageAllowed(key_spec, key_usage)) {
    core::ValidationFailed("KeyUsage " + key_usage + " is not compatible with KeySpec " + key_spec);
  }
  const std::string origin = StringOr(in, "Origin", "AWS_KMS");
  if (origin == "AWS_CLOUDHSM" || origin == "EXTERNAL_KEY_STORE") {
    if (!OptString(in, "CustomKeyStoreId")) {
      core::ValidationFailed("CustomKeyStoreId is required when Origin is " + origin);
    }
    throw AwsError("CustomKeyStoreNotFoundException",
                   "Custom key store " + *OptString(in, "CustomKeyStoreId") + " does not exist");
  }
  if (origin == "EXTERNAL" && key_spec != kSymmetric && !core::StartsWith(key_spec, "HMAC_") &&
      !core::StartsWith(key_spec, "RSA_") && !core::StartsWith(key_spec, "ECC_")) {
    throw AwsError("UnsupportedOperationException",
                   "KeySpec " + key_spec + " does not support imported key material");
  }
  const std::optional<std::string> policy = OptString(in, "Policy");
  if (policy) CheckPolicy(*policy);
  const services::TagList tags = ReadTags(in);
  if (tags.size() > kMaxTags) {
    throw AwsError("TagException", "Too many tags");
  }
  const bool multi_region = BoolOr(in, "MultiRegion", false);
  const std::string key_id = multi_region ? "mrk-" + rt_.ids.Hex(32) : rt_.ids.Uuid();
  KeyRecord key{
      .key_id = key_id,
      .arn = KeyArn(ctx.scope, key_id),
      .description = StringOr(in, "Description", ""),
      .key_usage = key_usage,
      .key_spec = key_spec,
      .origin = origin,
      .manager = "CUSTOMER",
      .state = origin == "EXTERNAL" ? "PendingImport" : "Enabled",
      .created_millis = ctx.now_millis,
      .multi_region = multi_region,
      .policy = policy.value_or(DefaultPolicy(ctx.scope)),
      .material = origin == "AWS_KMS" ? GenerateKeyMaterial(key_spec) : std::string(),
      .material_id =
          origin == "AWS_KMS" && key_spec == kSymmetric ? rt_.ids.Hex(64) : std::string(),
      .primary_region = multi_region ? ctx.scope.region : std::string(),
  };
  store::Transaction tx = store_.Begin();
  store_.InsertKey(tx, ctx.scope, key);
  for (const auto& [tag_key, tag_value] : tags) {
    store_.PutTag(tx, ctx.scope, key_id, tag_key, tag_value);
  }
  KeyRecord stored = *store_.FindKey(tx, ctx.scope, key_id);
  json::object metadata = Metadata(ctx, stored);
  tx.Commit();
  return json::object{{"KeyMetadata", std::move(metadata)}};
}

json::value KmsProvider::DescribeKey(const RequestContext& ctx, const json::object& in) {
  // DescribeKey on an unused AWS managed alias creates its key (DescribeKey API reference).
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, true);
  json::object metadata = Metadata(ctx, key);
  if (key.multi_region) AddReplicaKeys(tx, ctx, key, metadata);
  tx.Commit();
  return json::object{{"KeyMetadata", std::move(metadata)}};
}

json::value KmsProvider::ListKeys(const RequestContext& ctx, const json::object& in) {
  const int64_t limit = core::protocol::IntOr(in, "Limit", 100);
  const std::string position = DecodeMarker(in, "ListKeys");
  int64_t after = 0;
  if (!position.empty()) {
    const char* end = position.data() + position.size();
    const auto [ptr, ec] = std::from_chars(position.data(), end, after);
    if (ec != std::errc() || ptr != end) InvalidMarker(in);
  }
  store::Transaction tx = store_.Read();
  std::vector<KeyRecord> keys = store_.ListKeys(tx, ctx.scope, after, limit + 1);
  const bool truncated = services::TrimPage(keys, limit);
  json::array list;
  for (const KeyRecord& key : keys) {
    list.push_back(json::object{{"KeyId", key.key_id}, {"KeyArn", key.arn}});
  }
  json::object out{{"Keys", std::move(list)}, {"Truncated", truncated}};
  if (truncated) {
    out["NextMarker"] = services::EncodePageToken("ListKeys", std::to_string(keys.back().seq));
  }
  return out;
}

json::value KmsProvider::EnableKey(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "EnableKey");
  CheckNotPendingDeletion(key);
  if (key.state == "PendingImport") {
    throw AwsError("KMSInvalidStateException", key.arn + " is pending import.");
  }
  key.state = "Enabled";
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::DisableKey(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "DisableKey");
  CheckNotPendingDeletion(key);
  if (key.state == "PendingImport") {
    throw AwsError("KMSInvalidStateException", key.arn + " is pending import.");
  }
  key.state = "Disabled";
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::ScheduleKeyDeletion(const RequestContext& ctx, const json::object& in) {
  const int64_t days = core::protocol::IntOr(in, "PendingWindowInDays", 30);
  if (days < 7 || days > 30) {
    core::ValidationFailed("1 validation error detected: Value '" + std::to_string(days) +
                           "' at 'pendingWindowInDays' failed to satisfy constraint: Member must "
                           "have value " +
                           (days < 7 ? "greater than or equal to 7" : "less than or equal to 30"));
  }
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "ScheduleKeyDeletion");
  CheckNotPendingDeletion(key);
  key.state = "PendingDeletion";
  key.deletion_millis = ctx.now_millis + days * kDayMillis;
  key.pending_window_days = days;
  store_.UpdateKey(tx, ctx.scope, key);
  json::object payload{{"account", ctx.scope.account},
                       {"region", ctx.scope.region},
                       {"key_id", key.key_id},
                       {"deletion_millis", *key.deletion_millis}};
  rt_.scheduler.Schedule(tx, kDeleteTask, json::serialize(payload), days * kDayMillis);
  tx.Commit();
  return json::object{{"KeyId", key.arn},
                      {"DeletionDate", EpochSeconds(*key.deletion_millis)},
                      {"KeyState", key.state},
                      {"PendingWindowInDays", days}};
}

void KmsProvider::DeleteDue(const store::Task& task) {
  const json::object payload = json::parse(task.payload).as_object();
  const core::Scope scope{.account = std::string(payload.at("account").as_string()),
                          .region = std::string(payload.at("region").as_string())};
  const std::string key_id(payload.at("key_id").as_string());
  const int64_t deletion = payload.at("deletion_millis").to_number<int64_t>();
  store::Transaction tx = store_.Begin();
  const std::optional<KeyRecord> key = store_.FindKey(tx, scope, key_id);
  // A cancelled (and perhaps rescheduled) deletion leaves this task stale: do nothing then.
  if (key && key->state == "PendingDeletion" && key->deletion_millis == deletion) {
    store_.DeleteKey(tx, scope, key_id);
  }
  tx.Commit();
}

json::value KmsProvider::CancelKeyDeletion(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "CancelKeyDeletion");
  if (key.state != "PendingDeletion") {
    throw AwsError("KMSInvalidStateException", key.arn + " is not pending deletion.");
  }
  key.state = "Disabled";
  key.deletion_millis.reset();
  key.pending_window_days.reset();
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{{"KeyId", key.arn}};
}

json::value KmsProvider::UpdateKeyDescription(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "UpdateKeyDescription");
  CheckNotPendingDeletion(key);
  key.description = StringOr(in, "Description", "");
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

namespace {

void CheckAliasName(std::string_view name) {
  if (!core::StartsWith(name, "alias/")) {
    core::ValidationFailed(
        "Alias must start with the prefix \"alias/\". Please see "
        "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
  }
  if (name.find(':') != std::string_view::npos) {
    core::ValidationFailed(std::string(name) + " contains invalid characters for an alias");
  }
}

}  // namespace

json::value KmsProvider::CreateAlias(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "AliasName");
  const std::string target = RequiredString(in, "TargetKeyId");
  CheckAliasName(name);
  if (core::StartsWith(name, "alias/aws/")) {
    throw AwsError("InvalidAliasNameException",
                   "Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
  }
  const std::optional<ParsedRef> ref = ParseRef(ctx.scope, target);
  // Neither operation lists InvalidArnException: a malformed target is not found.
  if (!ref) InvalidKeyId(target);
  if (ref->alias) core::ValidationFailed("Aliases must refer to keys. Not aliases");
  store::Transaction tx = store_.Begin();
  if (store_.FindAlias(tx, ctx.scope, name)) {
    throw AwsError("AlreadyExistsException",
                   "An alias with the name " + AliasArn(ctx.scope, name) + " already exists");
  }
  const KeyRecord key = ResolveManaged(tx, ctx, target, "CreateAlias");
  CheckNotPendingDeletion(key);
  store_.PutAlias(tx, ctx.scope,
                  {.alias_name = name,
                   .key_id = key.key_id,
                   .created_millis = ctx.now_millis,
                   .updated_millis = ctx.now_millis});
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::UpdateAlias(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "AliasName");
  const std::string target = RequiredString(in, "TargetKeyId");
  CheckAliasName(name);
  const std::optional<ParsedRef> ref = ParseRef(ctx.scope, target);
  // Neither operation lists InvalidArnException: a malformed target is not found.
  if (!ref) InvalidKeyId(target);
  if (ref->alias) core::ValidationFailed("Aliases must refer to keys. Not aliases");
  store::Transaction tx = store_.Begin();
  std::optional<AliasRecord> alias = store_.FindAlias(tx, ctx.scope, name);
  if (!alias) NotFound("Alias " + AliasArn(ctx.scope, name) + " is not found.");
  if (core::StartsWith(name, "alias/aws/")) {
    throw AwsError("AccessDeniedException",
                   "User: " + ctx.caller.arn +
                       " is not authorized to perform: kms:UpdateAlias on resource: " +
                       AliasArn(ctx.scope, name),
                   400);
  }
  const KeyRecord key = ResolveManaged(tx, ctx, target, "UpdateAlias");
  CheckNotPendingDeletion(key);
  if (const std::optional<KeyRecord> current = store_.FindKey(tx, ctx.scope, alias->key_id)) {
    const bool same_type =
        (current->key_spec == kSymmetric) == (key.key_spec == kSymmetric) &&
        core::StartsWith(current->key_spec, "HMAC_") == core::StartsWith(key.key_spec, "HMAC_");
    if (!same_type || current->key_usage != key.key_usage) {
      core::ValidationFailed("Alias " + AliasArn(ctx.scope, name) +
                             " cannot be changed to a key of a different type or key usage");
    }
  }
  alias->key_id = key.key_id;
  alias->updated_millis = ctx.now_millis;
  store_.PutAlias(tx, ctx.scope, *alias);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::DeleteAlias(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "AliasName");
  CheckAliasName(name);
  store::Transaction tx = store_.Begin();
  if (!store_.FindAlias(tx, ctx.scope, name)) {
    NotFound("Alias " + AliasArn(ctx.scope, name) + " is not found.");
  }
  if (core::StartsWith(name, "alias/aws/")) {
    throw AwsError("AccessDeniedException",
                   "User: " + ctx.caller.arn +
                       " is not authorized to perform: kms:DeleteAlias on resource: " +
                       AliasArn(ctx.scope, name),
                   400);
  }
  store_.DeleteAlias(tx, ctx.scope, name);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::ListAliases(const RequestContext& ctx, const json::object& in) {
  const int64_t limit = core::protocol::IntOr(in, "Limit", 50);
  const std::string after = DecodeMarker(in, "ListAliases");
  store::Transaction tx = store_.Read();
  std::optional<std::string> key_id;
  if (const std::optional<std::string> key_ref = OptString(in, "KeyId")) {
    key_id = Resolve(tx, ctx, *key_ref, /*allow_alias=*/false, false).key_id;
  }
  std::vector<AliasRecord> aliases = store_.ListAliases(tx, ctx.scope, key_id, after, limit + 1);
  if (!key_id) {
    // AWS lists its predefined aliases before their keys exist, without a TargetKeyId
    // (ListAliases API reference). Merge those that have no key yet into the page.
    for (const auto& [name, noun] : kManagedAliases) {
      if (name > after && !store_.FindAlias(tx, ctx.scope, name)) {
        aliases.push_back({.alias_name = std::string(name)});
      }
    }
    std::sort(aliases.begin(), aliases.end(), [](const AliasRecord& a, const AliasRecord& b) {
      return a.alias_name < b.alias_name;
    });
    if (static_cast<int64_t>(aliases.size()) > limit + 1)
      aliases.resize(static_cast<size_t>(limit + 1));
  }
  const bool truncated = services::TrimPage(aliases, limit);
  json::array list;
  for (const AliasRecord& alias : aliases) {
    json::object entry{{"AliasName", alias.alias_name},
                       {"AliasArn", AliasArn(ctx.scope, alias.alias_name)}};
    if (!alias.key_id.empty()) {
      entry["TargetKeyId"] = alias.key_id;
      entry["CreationDate"] = EpochSeconds(alias.created_millis);
      entry["LastUpdatedDate"] = EpochSeconds(alias.updated_millis);
    }
    list.push_back(std::move(entry));
  }
  json::object out{{"Aliases", std::move(list)}, {"Truncated", truncated}};
  if (truncated) {
    out["NextMarker"] = services::EncodePageToken("ListAliases", aliases.back().alias_name);
  }
  return out;
}

json::value KmsProvider::TagResource(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "TagResource");
  const services::TagList tags = ReadTags(in);
  for (size_t i = 1; i < tags.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (tags[i].first == tags[j].first) throw AwsError("TagException", "Duplicate tag keys");
    }
  }
  CheckNotPendingDeletion(key);
  for (const auto& [tag_key, tag_value] : tags) {
    store_.PutTag(tx, ctx.scope, key.key_id, tag_key, tag_value);
  }
  if (store_.CountTags(tx, ctx.scope, key.key_id) > static_cast<int64_t>(kMaxTags)) {
    throw AwsError("LimitExceededException",
                   "The request was rejected because a quota was exceeded: a KMS key can have "
                   "at most 50 tags.");
  }
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::UntagResource(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "UntagResource");
  CheckNotPendingDeletion(key);
  for (const std::string& tag_key : core::protocol::StringList(in, "TagKeys")) {
    if (services::IsReservedTagKey(tag_key)) ReservedTag();
    store_.DeleteTag(tx, ctx.scope, key.key_id, tag_key);
  }
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::ListResourceTags(const RequestContext& ctx, const json::object& in) {
  const int64_t limit = core::protocol::IntOr(in, "Limit", 50);
  const std::string after = DecodeMarker(in, "ListResourceTags");
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  auto tags = store_.ListTags(tx, ctx.scope, key.key_id, after, limit + 1);
  const bool truncated = services::TrimPage(tags, limit);
  json::object out{{"Tags", services::TagListJson(tags, services::kKmsTagMembers)},
                   {"Truncated", truncated}};
  if (truncated) {
    out["NextMarker"] = services::EncodePageToken("ListResourceTags", tags.back().first);
  }
  return out;
}

namespace {

void CheckPolicyName(const json::object& in) {
  const std::string name = StringOr(in, "PolicyName", "default");
  if (name != "default") {
    NotFound("No such policy exists");
  }
}

}  // namespace

json::value KmsProvider::GetKeyPolicy(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  CheckPolicyName(in);
  return json::object{{"Policy", key.policy}, {"PolicyName", "default"}};
}

json::value KmsProvider::PutKeyPolicy(const RequestContext& ctx, const json::object& in) {
  // The key first: a missing key is NotFoundException even when the policy is malformed too.
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "PutKeyPolicy");
  CheckPolicyName(in);
  const std::string policy = RequiredString(in, "Policy");
  CheckPolicy(policy);
  CheckNotPendingDeletion(key);
  key.policy = policy;
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::ListKeyPolicies(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  return json::object{{"PolicyNames", json::array{"default"}}, {"Truncated", false}};
}

}  // namespace nimbus::kms
