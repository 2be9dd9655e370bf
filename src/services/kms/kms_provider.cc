#include "services/kms/kms_provider.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/crypto.h>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/kms/ciphertext.h"
#include "services/kms/key_material.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringMap;
using core::protocol::StringOr;

namespace {

constexpr int64_t kDayMillis = 86'400'000;
constexpr std::string_view kDeleteTask = "kms.DeleteKey";
constexpr std::string_view kSymmetric = "SYMMETRIC_DEFAULT";
constexpr size_t kMaxTags = 50;

// AWS managed aliases that KMS creates a key for on first use, with the service noun of the
// key's description.
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kManagedAliases = {{
    {"alias/aws/acm", "ACM private keys"},
    {"alias/aws/backup", "Backup vaults"},
    {"alias/aws/codecommit", "CodeCommit repositories"},
    {"alias/aws/dynamodb", "DynamoDB tables"},
    {"alias/aws/ebs", "EBS volumes"},
    {"alias/aws/elasticfilesystem", "EFS file systems"},
    {"alias/aws/es", "Elasticsearch domains"},
    {"alias/aws/glue", "Glue data"},
    {"alias/aws/kinesis", "Kinesis data"},
    {"alias/aws/lambda", "Lambda functions"},
    {"alias/aws/rds", "RDS database volumes"},
    {"alias/aws/redshift", "Redshift data"},
    {"alias/aws/s3", "S3 objects"},
    {"alias/aws/secretsmanager", "Secrets Manager secrets"},
    {"alias/aws/sns", "SNS topics"},
    {"alias/aws/sqs", "SQS queues"},
    {"alias/aws/ssm", "SSM parameters"},
    {"alias/aws/xray", "X-Ray traces"},
}};

std::optional<std::string_view> ManagedAliasNoun(std::string_view alias_name) {
  for (const auto& [name, noun] : kManagedAliases) {
    if (name == alias_name) return noun;
  }
  return std::nullopt;
}

[[noreturn]] void NotFound(std::string message) {
  throw AwsError("NotFoundException", std::move(message));
}

std::string KeyArn(const core::Scope& scope, std::string_view key_id) {
  return core::Arn(scope, "kms", "key/" + std::string(key_id));
}

std::string AliasArn(const core::Scope& scope, std::string_view alias_name) {
  return core::Arn(scope, "kms", alias_name);
}

// 1234abcd-12ab-34cd-56ef-1234567890ab, or a multi-Region key id mrk-<32 hex>.
bool IsKeyId(std::string_view id) {
  if (id.size() == 36 && id.substr(0, 4) == "mrk-") return core::IsHex(id.substr(4));
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (id[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(id[i]))) return false;
  }
  return true;
}

// A key reference taken apart: a key id or an alias name, and whether it points into the
// caller's account and region at all.
struct ParsedRef {
  bool alias = false;
  std::string value;  // key id, or "alias/<name>"
  std::string arn;    // how AWS names it in NotFoundException messages
  bool local = true;
};

std::optional<ParsedRef> ParseRef(const core::Scope& scope, std::string_view ref) {
  if (core::StartsWith(ref, "arn:")) {
    // Any partition's form is a valid reference; only the caller's own partition can hold it.
    const std::optional<core::ParsedArn> arn = core::ParseArn(ref);
    if (!arn || arn->service != "kms") return std::nullopt;
    const std::string_view resource = arn->resource;
    ParsedRef out;
    out.arn = std::string(ref);
    out.local = arn->partition == core::PartitionOf(scope.region).id &&
                arn->region == scope.region && arn->account == scope.account;
    if (core::StartsWith(resource, "key/")) {
      out.value = std::string(resource.substr(4));
    } else if (core::StartsWith(resource, "alias/")) {
      out.alias = true;
      out.value = std::string(resource);
    } else {
      return std::nullopt;
    }
    return out;
  }
  if (core::StartsWith(ref, "alias/")) {
    return ParsedRef{.alias = true, .value = std::string(ref), .arn = AliasArn(scope, ref)};
  }
  return ParsedRef{.alias = false, .value = std::string(ref), .arn = KeyArn(scope, ref)};
}

std::string ReadBlob(const json::object& in, std::string_view name) {
  const std::optional<std::string> text = OptString(in, name);
  std::string bytes;
  if (!text || !core::Base64Decode(*text, &bytes)) {
    core::ValidationFailed("1 validation error detected: Value at '" + std::string(name) +
                           "' failed to satisfy constraint: Member must not be null");
  }
  return bytes;
}

[[noreturn]] void InvalidMarker(const json::object& in) {
  throw AwsError("InvalidMarkerException", "Invalid marker: " + StringOr(in, "Marker", ""));
}

// The position of the Marker of listing `kind` (the operation); "" without one.
std::string DecodeMarker(const json::object& in, std::string_view kind) {
  std::optional<std::string> position = services::ReadPageToken(in, "Marker", kind);
  if (!position) InvalidMarker(in);
  return std::move(*position);
}

std::string DefaultPolicy(const core::Scope& scope) {
  json::object statement{
      {"Sid", "Enable IAM User Permissions"},
      {"Effect", "Allow"},
      {"Principal", json::object{{"AWS", core::GlobalArn(scope, "iam", "root")}}},
      {"Action", "kms:*"},
      {"Resource", "*"}};
  json::object policy{
      {"Version", "2012-10-17"}, {"Id", "key-default-1"}, {"Statement", json::array{statement}}};
  return json::serialize(policy);
}

std::string ManagedPolicy(const core::Scope& scope, std::string_view alias_name) {
  const std::string service(alias_name.substr(std::string_view("alias/aws/").size()));
  // The service's regional endpoint, in its partition's domain (ssm.cn-north-1.amazonaws.com.cn).
  const std::string via_service =
      service + "." + scope.region + "." + core::PartitionOf(scope.region).dns_suffix;
  json::object via{
      {"Sid", "Allow access through " + service +
                  " for all principals in the account that are authorized to use " + service},
      {"Effect", "Allow"},
      {"Principal", json::object{{"AWS", "*"}}},
      {"Action", json::array{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                             "kms:CreateGrant", "kms:DescribeKey"}},
      {"Resource", "*"},
      {"Condition", json::object{{"StringEquals", json::object{{"kms:CallerAccount", scope.account},
                                                               {"kms:ViaService", via_service}}}}}};
  json::object direct{
      {"Sid", "Allow direct access to key metadata to the account"},
      {"Effect", "Allow"},
      {"Principal", json::object{{"AWS", core::GlobalArn(scope, "iam", "root")}}},
      {"Action", json::array{"kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"}},
      {"Resource", "*"}};
  json::object policy{{"Version", "2012-10-17"},
                      {"Id", "auto-" + service + "-1"},
                      {"Statement", json::array{via, direct}}};
  return json::serialize(policy);
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

json::array EncryptionAlgorithms(const KeyRecord& key) {
  if (key.key_spec == kSymmetric) return {"SYMMETRIC_DEFAULT"};
  if (key.key_spec == "SM2") return {"SM2PKE"};
  return {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"};
}

json::array SigningAlgorithms(const KeyRecord& key) {
  const std::string& spec = key.key_spec;
  if (core::StartsWith(spec, "RSA_")) {
    return {"RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
            "RSASSA_PSS_SHA_256",        "RSASSA_PSS_SHA_384",        "RSASSA_PSS_SHA_512"};
  }
  if (spec == "ECC_NIST_P384") return {"ECDSA_SHA_384"};
  if (spec == "ECC_NIST_P521") return {"ECDSA_SHA_512"};
  if (spec == "ECC_NIST_EDWARDS25519") return {"ED25519_SHA_512", "ED25519_PH_SHA_512"};
  if (spec == "SM2") return {"SM2DSA"};
  if (core::StartsWith(spec, "ML_DSA_")) return {"ML_DSA_SHAKE_256"};
  return {"ECDSA_SHA_256"};
}

bool IsLegacySpec(std::string_view spec) {
  return !core::StartsWith(spec, "ML_DSA_") && spec != "ECC_NIST_EDWARDS25519";
}

// The state checks every cryptographic operation makes, with AWS's messages.
void CheckUsable(const KeyRecord& key) {
  if (key.state == "Disabled") throw AwsError("DisabledException", key.arn + " is disabled.");
  if (key.state == "PendingDeletion") {
    throw AwsError("KMSInvalidStateException", key.arn + " is pending deletion.");
  }
  if (key.state == "PendingImport") {
    throw AwsError("KMSInvalidStateException", key.arn + " is pending import.");
  }
}

void CheckNotPendingDeletion(const KeyRecord& key) {
  if (key.state == "PendingDeletion") {
    throw AwsError("KMSInvalidStateException", key.arn + " is pending deletion.");
  }
}

void CheckSymmetric(const KeyRecord& key, std::string_view operation) {
  if (key.key_usage != "ENCRYPT_DECRYPT" || key.key_spec != kSymmetric) {
    throw AwsError("InvalidKeyUsageException", key.arn + " key usage is " + key.key_usage +
                                                   " which is not valid for " +
                                                   std::string(operation) + ".");
  }
}

bool IsAlgorithmOf(const KeyRecord& key, std::string_view algorithm) {
  for (const json::value& known : EncryptionAlgorithms(key)) {
    if (known.as_string() == algorithm) return true;
  }
  return false;
}

[[noreturn]] void AlgorithmMismatch(const KeyRecord& key, std::string_view algorithm) {
  throw AwsError("InvalidKeyUsageException", "Algorithm " + std::string(algorithm) +
                                                 " is incompatible with key spec " + key.key_spec +
                                                 ".");
}

[[noreturn]] void DryRunSucceeded() {
  throw AwsError("DryRunOperationException",
                 "The request would have succeeded, but the DryRun option is set.");
}

[[noreturn]] void ReservedTag() {
  throw AwsError("TagException", "Tags beginning with aws: are reserved.");
}

services::TagList ReadTags(const json::object& in) {
  services::TagList tags = services::ReadTagList(in, "Tags", services::kKmsTagMembers);
  if (services::FindReservedTagKey(tags)) ReservedTag();
  return tags;
}

}  // namespace

KmsProvider::KmsProvider(Runtime& rt) : rt_(rt), store_(rt.db) {
  rt_.scheduler.Register(std::string(kDeleteTask), [this](const store::Task& t) { DeleteDue(t); });
  Register("CreateKey", [this](auto& ctx, auto& in) { return CreateKey(ctx, in); });
  Register("DescribeKey", [this](auto& ctx, auto& in) { return DescribeKey(ctx, in); });
  Register("ListKeys", [this](auto& ctx, auto& in) { return ListKeys(ctx, in); });
  Register("EnableKey", [this](auto& ctx, auto& in) { return EnableKey(ctx, in); });
  Register("DisableKey", [this](auto& ctx, auto& in) { return DisableKey(ctx, in); });
  Register("ScheduleKeyDeletion",
           [this](auto& ctx, auto& in) { return ScheduleKeyDeletion(ctx, in); });
  Register("CancelKeyDeletion", [this](auto& ctx, auto& in) { return CancelKeyDeletion(ctx, in); });
  Register("UpdateKeyDescription",
           [this](auto& ctx, auto& in) { return UpdateKeyDescription(ctx, in); });
  Register("CreateAlias", [this](auto& ctx, auto& in) { return CreateAlias(ctx, in); });
  Register("UpdateAlias", [this](auto& ctx, auto& in) { return UpdateAlias(ctx, in); });
  Register("DeleteAlias", [this](auto& ctx, auto& in) { return DeleteAlias(ctx, in); });
  Register("ListAliases", [this](auto& ctx, auto& in) { return ListAliases(ctx, in); });
  Register("TagResource", [this](auto& ctx, auto& in) { return TagResource(ctx, in); });
  Register("UntagResource", [this](auto& ctx, auto& in) { return UntagResource(ctx, in); });
  Register("ListResourceTags", [this](auto& ctx, auto& in) { return ListResourceTags(ctx, in); });
  Register("GetKeyPolicy", [this](auto& ctx, auto& in) { return GetKeyPolicy(ctx, in); });
  Register("PutKeyPolicy", [this](auto& ctx, auto& in) { return PutKeyPolicy(ctx, in); });
  Register("ListKeyPolicies", [this](auto& ctx, auto& in) { return ListKeyPolicies(ctx, in); });
  Register("GetKeyRotationStatus",
           [this](auto& ctx, auto& in) { return GetKeyRotationStatus(ctx, in); });
  Register("EnableKeyRotation", [this](auto& ctx, auto& in) { return EnableKeyRotation(ctx, in); });
  Register("DisableKeyRotation",
           [this](auto& ctx, auto& in) { return DisableKeyRotation(ctx, in); });
  Register("Encrypt", [this](auto& ctx, auto& in) { return EncryptOp(ctx, in); });
  Register("Decrypt", [this](auto& ctx, auto& in) { return DecryptOp(ctx, in); });
  Register("ReEncrypt", [this](auto& ctx, auto& in) { return ReEncrypt(ctx, in); });
  Register("GenerateDataKey", [this](auto& ctx, auto& in) { return GenerateDataKey(ctx, in); });
  Register("GenerateDataKeyWithoutPlaintext",
           [this](auto& ctx, auto& in) { return GenerateDataKeyWithoutPlaintext(ctx, in); });
  Register("GenerateRandom", [this](auto& ctx, auto& in) { return GenerateRandom(ctx, in); });
  Register("GenerateDataKeyPair",
           [this](auto& ctx, auto& in) { return GenerateDataKeyPair(ctx, in); });
  Register("GenerateDataKeyPairWithoutPlaintext",
           [this](auto& ctx, auto& in) { return GenerateDataKeyPairWithoutPlaintext(ctx, in); });
  Register("GetPublicKey", [this](auto& ctx, auto& in) { return GetPublicKey(ctx, in); });
  Register("Sign", [this](auto& ctx, auto& in) { return Sign(ctx, in); });
  Register("Verify", [this](auto& ctx, auto& in) { return Verify(ctx, in); });
  Register("GenerateMac", [this](auto& ctx, auto& in) { return GenerateMac(ctx, in); });
  Register("VerifyMac", [this](auto& ctx, auto& in) { return VerifyMac(ctx, in); });
}

KeyRecord KmsProvider::Resolve(store::Transaction& tx, const RequestContext& ctx,
                               std::string_view key_ref, bool allow_alias, bool create_managed) {
  const std::optional<ParsedRef> ref = ParseRef(ctx.scope, key_ref);
  if (!ref) {
    throw AwsError("InvalidArnException", "Invalid arn " + std::string(key_ref));
  }
  if (ref->alias) {
    if (!allow_alias) NotFound("Invalid keyId " + std::string(key_ref));
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
    return *key;
  }
  if (!IsKeyId(ref->value)) NotFound("Invalid keyId " + std::string(key_ref));
  std::optional<KeyRecord> key;
  if (ref->local) key = store_.FindKey(tx, ctx.scope, ref->value);
  if (!key) NotFound("Key '" + ref->arn + "' does not exist");
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
  json::object out{{"AWSAccountId", ctx.scope.account},
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
    out["MultiRegionConfiguration"] =
        json::object{{"MultiRegionKeyType", "PRIMARY"},
                     {"PrimaryKey", json::object{{"Arn", key.arn}, {"Region", ctx.scope.region}}},
                     {"ReplicaKeys", json::array{}}};
  }
  if (key.pending_window_days) out["PendingDeletionWindowInDays"] = *key.pending_window_days;
  if (!key.material_id.empty()) out["CurrentKeyMaterialId"] = key.material_id;
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
    throw AwsError("TagException", "Too many tags: a KMS key can have at most 50 tags.");
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
  };
  store::Transaction tx = store_.Begin();
  store_.InsertKey(tx, ctx.scope, key);
  for (const auto& [tag_key, tag_value] : tags) {
    store_.PutTag(tx, ctx.scope, key_id, tag_key, tag_value);
  }
  KeyRecord stored = *store_.FindKey(tx, ctx.scope, key_id);
  tx.Commit();
  return json::object{{"KeyMetadata", Metadata(ctx, stored)}};
}

json::value KmsProvider::DescribeKey(const RequestContext& ctx, const json::object& in) {
  // DescribeKey on an unused AWS managed alias creates its key (DescribeKey API reference).
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, true);
  tx.Commit();
  return json::object{{"KeyMetadata", Metadata(ctx, key)}};
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
  if (ref && ref->alias) core::ValidationFailed("Aliases must refer to keys. Not aliases");
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
  if (ref && ref->alias) core::ValidationFailed("Aliases must refer to keys. Not aliases");
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
  const services::TagList tags = ReadTags(in);
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "TagResource");
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
  CheckPolicyName(in);
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  return json::object{{"Policy", key.policy}, {"PolicyName", "default"}};
}

json::value KmsProvider::PutKeyPolicy(const RequestContext& ctx, const json::object& in) {
  CheckPolicyName(in);
  const std::string policy = RequiredString(in, "Policy");
  CheckPolicy(policy);
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "PutKeyPolicy");
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

namespace {

void CheckRotatable(const KeyRecord& key) {
  if (key.key_spec != kSymmetric || key.origin != "AWS_KMS") {
    throw AwsError("UnsupportedOperationException",
                   key.arn + " key type or origin does not support automatic key rotation.");
  }
}

}  // namespace

json::value KmsProvider::GetKeyRotationStatus(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), false, false);
  CheckNotPendingDeletion(key);
  CheckRotatable(key);
  json::object out{{"KeyRotationEnabled", key.rotation_enabled}, {"KeyId", key.key_id}};
  if (key.rotation_enabled) {
    out["RotationPeriodInDays"] = key.rotation_period_days;
    if (key.next_rotation_millis) out["NextRotationDate"] = EpochSeconds(*key.next_rotation_millis);
  }
  return out;
}

json::value KmsProvider::EnableKeyRotation(const RequestContext& ctx, const json::object& in) {
  const int64_t period = core::protocol::IntOr(in, "RotationPeriodInDays", 365);
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "EnableKeyRotation");
  CheckUsable(key);
  CheckRotatable(key);
  key.rotation_enabled = true;
  key.rotation_period_days = period;
  key.next_rotation_millis = ctx.now_millis + period * kDayMillis;
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

json::value KmsProvider::DisableKeyRotation(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "DisableKeyRotation");
  CheckUsable(key);
  CheckRotatable(key);
  key.rotation_enabled = false;
  key.next_rotation_millis.reset();
  store_.UpdateKey(tx, ctx.scope, key);
  tx.Commit();
  return json::object{};
}

std::string KmsProvider::Seal(const KeyRecord& key, std::string_view operation,
                              std::string_view algorithm, std::string_view plaintext,
                              const std::map<std::string, std::string>& context) {
  CheckUsable(key);
  if (key.key_usage != "ENCRYPT_DECRYPT") CheckSymmetric(key, operation);
  if (!IsAlgorithmOf(key, algorithm)) AlgorithmMismatch(key, algorithm);
  if (key.key_spec == kSymmetric) return SealBlob(key.key_id, key.material, plaintext, context);
  if (key.material.empty()) CheckSymmetric(key, operation);
  std::optional<std::string> sealed = RsaEncrypt(key.material, algorithm, plaintext);
  if (!sealed) {
    core::ValidationFailed("Plaintext of " + std::to_string(plaintext.size()) +
                           " bytes is too long for " + key.key_spec + " with " +
                           std::string(algorithm) + ".");
  }
  return std::move(*sealed);
}

std::string KmsProvider::Open(store::Transaction& tx, const RequestContext& ctx,
                              std::string_view blob,
                              const std::map<std::string, std::string>& context,
                              const std::optional<std::string>& key_ref, std::string_view algorithm,
                              KeyRecord* used) {
  std::optional<KeyRecord> requested;
  if (key_ref) requested = Resolve(tx, ctx, *key_ref, /*allow_alias=*/true, false);
  if (requested && requested->key_spec != kSymmetric) {
    // Asymmetric ciphertexts carry no key id: the KeyId names the key (Decrypt API reference).
    CheckUsable(*requested);
    if (requested->key_usage != "ENCRYPT_DECRYPT" || requested->material.empty()) {
      CheckSymmetric(*requested, "Decrypt");
    }
    if (!IsAlgorithmOf(*requested, algorithm)) AlgorithmMismatch(*requested, algorithm);
    std::optional<std::string> plaintext = RsaDecrypt(requested->material, algorithm, blob);
    if (!plaintext) throw AwsError("InvalidCiphertextException", "");
    if (used) *used = *requested;
    return std::move(*plaintext);
  }
  const std::optional<CiphertextBlob> parsed = ParseCiphertextBlob(blob);
  if (!parsed) throw AwsError("InvalidCiphertextException", "");
  if (requested && requested->key_id != parsed->key_id) {
    throw AwsError("IncorrectKeyException",
                   "The key ID in the request does not identify a KMS key that can perform this "
                   "operation.");
  }
  std::optional<KeyRecord> key = store_.FindKey(tx, ctx.scope, parsed->key_id);
  if (!key) {
    if (!IsKeyId(parsed->key_id)) throw AwsError("InvalidCiphertextException", "");
    NotFound("Key '" + KeyArn(ctx.scope, parsed->key_id) + "' does not exist");
  }
  CheckUsable(*key);
  CheckSymmetric(*key, "Decrypt");
  if (algorithm != kSymmetric) AlgorithmMismatch(*key, algorithm);
  std::optional<std::string> plaintext = OpenBlob(*parsed, key->material, context);
  if (!plaintext) throw AwsError("InvalidCiphertextException", "");
  if (used) *used = *key;
  return std::move(*plaintext);
}

std::optional<KeyService::KeyInfo> KmsProvider::FindKey(const RequestContext& ctx,
                                                        std::string_view key_ref) {
  const std::optional<ParsedRef> ref = ParseRef(ctx.scope, key_ref);
  if (!ref || !ref->local) return std::nullopt;
  store::Transaction tx = store_.Read();
  std::string key_id = ref->value;
  if (ref->alias) {
    const std::optional<AliasRecord> alias = store_.FindAlias(tx, ctx.scope, ref->value);
    if (!alias) return std::nullopt;
    key_id = alias->key_id;
  }
  const std::optional<KeyRecord> key = store_.FindKey(tx, ctx.scope, key_id);
  if (!key) return std::nullopt;
  return KeyInfo{.key_id = key->key_id,
                 .arn = key->arn,
                 .state = key->state,
                 .manager = key->manager,
                 .key_usage = key->key_usage,
                 .key_spec = key->key_spec};
}

std::string KmsProvider::Encrypt(const RequestContext& ctx, std::string_view key_ref,
                                 std::string_view plaintext,
                                 const std::map<std::string, std::string>& encryption_context) {
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, key_ref, true, true);
  std::string blob = Seal(key, "Encrypt", kSymmetric, plaintext, encryption_context);
  tx.Commit();
  return blob;
}

std::string KmsProvider::Decrypt(const RequestContext& ctx, std::string_view ciphertext_blob,
                                 const std::map<std::string, std::string>& encryption_context,
                                 std::string* key_arn) {
  store::Transaction tx = store_.Read();
  KeyRecord used;
  std::string plaintext =
      Open(tx, ctx, ciphertext_blob, encryption_context, std::nullopt, kSymmetric, &used);
  if (key_arn) *key_arn = used.arn;
  return plaintext;
}

json::value KmsProvider::EncryptOp(const RequestContext& ctx, const json::object& in) {
  const std::string plaintext = ReadBlob(in, "Plaintext");
  const auto context = StringMap(in, "EncryptionContext");
  const std::string algorithm = StringOr(in, "EncryptionAlgorithm", kSymmetric);
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, true);
  if (BoolOr(in, "DryRun", false)) {
    Seal(key, "Encrypt", algorithm, "", context);
    DryRunSucceeded();
  }
  const std::string blob = Seal(key, "Encrypt", algorithm, plaintext, context);
  tx.Commit();
  return json::object{{"CiphertextBlob", core::Base64Encode(blob)},
                      {"KeyId", key.arn},
                      {"EncryptionAlgorithm", algorithm}};
}

json::value KmsProvider::DecryptOp(const RequestContext& ctx, const json::object& in) {
  const std::string blob = ReadBlob(in, "CiphertextBlob");
  const auto context = StringMap(in, "EncryptionContext");
  const std::string algorithm = StringOr(in, "EncryptionAlgorithm", kSymmetric);
  if (in.contains("Recipient")) {
    throw AwsError("UnsupportedOperationException",
                   "nimbus does not emulate Nitro Enclaves attestation (Recipient).");
  }
  store::Transaction tx = store_.Read();
  KeyRecord used;
  const std::string plaintext =
      Open(tx, ctx, blob, context, OptString(in, "KeyId"), algorithm, &used);
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  return json::object{{"KeyId", used.arn},
                      {"Plaintext", core::Base64Encode(plaintext)},
                      {"EncryptionAlgorithm", algorithm}};
}

json::value KmsProvider::ReEncrypt(const RequestContext& ctx, const json::object& in) {
  const std::string blob = ReadBlob(in, "CiphertextBlob");
  const std::string source_algorithm = StringOr(in, "SourceEncryptionAlgorithm", kSymmetric);
  const std::string destination_algorithm =
      StringOr(in, "DestinationEncryptionAlgorithm", kSymmetric);
  store::Transaction tx = store_.Begin();
  KeyRecord source;
  const std::string plaintext = Open(tx, ctx, blob, StringMap(in, "SourceEncryptionContext"),
                                     OptString(in, "SourceKeyId"), source_algorithm, &source);
  const KeyRecord destination =
      Resolve(tx, ctx, RequiredString(in, "DestinationKeyId"), true, true);
  const auto destination_context = StringMap(in, "DestinationEncryptionContext");
  if (BoolOr(in, "DryRun", false)) {
    Seal(destination, "ReEncrypt", destination_algorithm, "", destination_context);
    DryRunSucceeded();
  }
  const std::string sealed =
      Seal(destination, "ReEncrypt", destination_algorithm, plaintext, destination_context);
  tx.Commit();
  return json::object{{"CiphertextBlob", core::Base64Encode(sealed)},
                      {"SourceKeyId", source.arn},
                      {"KeyId", destination.arn},
                      {"SourceEncryptionAlgorithm", source_algorithm},
                      {"DestinationEncryptionAlgorithm", destination_algorithm}};
}

namespace {

size_t DataKeySize(const json::object& in) {
  const std::optional<int64_t> bytes = OptInt(in, "NumberOfBytes");
  const std::optional<std::string> spec = OptString(in, "KeySpec");
  if (bytes && spec) {
    core::ValidationFailed("Please specify either number of bytes or key spec, but not both.");
  }
  if (!bytes && !spec) core::ValidationFailed("Please specify either number of bytes or key spec.");
  if (bytes) return static_cast<size_t>(*bytes);
  return *spec == "AES_128" ? 16 : 32;
}

}  // namespace

json::value KmsProvider::GenerateDataKey(const RequestContext& ctx, const json::object& in) {
  const size_t size = DataKeySize(in);
  if (in.contains("Recipient")) {
    throw AwsError("UnsupportedOperationException",
                   "nimbus does not emulate Nitro Enclaves attestation (Recipient).");
  }
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, true);
  CheckUsable(key);
  CheckSymmetric(key, "GenerateDataKey");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  const std::string data_key = RandomBytes(size);
  const std::string blob =
      Seal(key, "GenerateDataKey", kSymmetric, data_key, StringMap(in, "EncryptionContext"));
  tx.Commit();
  json::object out{{"CiphertextBlob", core::Base64Encode(blob)},
                   {"Plaintext", core::Base64Encode(data_key)},
                   {"KeyId", key.arn}};
  if (!key.material_id.empty()) out["KeyMaterialId"] = key.material_id;
  return out;
}

json::value KmsProvider::GenerateDataKeyWithoutPlaintext(const RequestContext& ctx,
                                                         const json::object& in) {
  const size_t size = DataKeySize(in);
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, true);
  CheckUsable(key);
  CheckSymmetric(key, "GenerateDataKeyWithoutPlaintext");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  const std::string blob = Seal(key, "GenerateDataKeyWithoutPlaintext", kSymmetric,
                                RandomBytes(size), StringMap(in, "EncryptionContext"));
  tx.Commit();
  json::object out{{"CiphertextBlob", core::Base64Encode(blob)}, {"KeyId", key.arn}};
  if (!key.material_id.empty()) out["KeyMaterialId"] = key.material_id;
  return out;
}

json::value KmsProvider::GenerateRandom(const RequestContext&, const json::object& in) {
  if (OptString(in, "CustomKeyStoreId")) {
    throw AwsError("CustomKeyStoreNotFoundException",
                   "Custom key store " + *OptString(in, "CustomKeyStoreId") + " does not exist");
  }
  const std::optional<int64_t> bytes = OptInt(in, "NumberOfBytes");
  if (!bytes) core::ValidationFailed("NumberOfBytes is required.");
  return json::object{{"Plaintext", core::Base64Encode(RandomBytes(static_cast<size_t>(*bytes)))}};
}

json::object KmsProvider::DataKeyPair(const RequestContext& ctx, const json::object& in,
                                      std::string_view operation, bool with_plaintext) {
  const std::string spec = RequiredString(in, "KeyPairSpec");
  if (with_plaintext && in.contains("Recipient")) {
    throw AwsError("UnsupportedOperationException",
                   "nimbus does not emulate Nitro Enclaves attestation (Recipient).");
  }
  store::Transaction tx = store_.Begin();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, true);
  CheckUsable(key);
  CheckSymmetric(key, operation);
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  const std::string private_key = GenerateKeyMaterial(spec);
  if (private_key.empty()) {
    throw AwsError("UnsupportedOperationException",
                   "nimbus does not generate " + spec + " data key pairs.");
  }
  const std::string sealed =
      Seal(key, operation, kSymmetric, private_key, StringMap(in, "EncryptionContext"));
  tx.Commit();
  json::object out{{"PrivateKeyCiphertextBlob", core::Base64Encode(sealed)}};
  if (with_plaintext) out["PrivateKeyPlaintext"] = core::Base64Encode(private_key);
  out["PublicKey"] = core::Base64Encode(PublicKeyDer(private_key));
  out["KeyId"] = key.arn;
  out["KeyPairSpec"] = spec;
  if (!key.material_id.empty()) out["KeyMaterialId"] = key.material_id;
  return out;
}

json::value KmsProvider::GenerateDataKeyPair(const RequestContext& ctx, const json::object& in) {
  return DataKeyPair(ctx, in, "GenerateDataKeyPair", true);
}

json::value KmsProvider::GenerateDataKeyPairWithoutPlaintext(const RequestContext& ctx,
                                                             const json::object& in) {
  return DataKeyPair(ctx, in, "GenerateDataKeyPairWithoutPlaintext", false);
}

json::value KmsProvider::GetPublicKey(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, false);
  CheckUsable(key);
  if (key.key_spec == kSymmetric || core::StartsWith(key.key_spec, "HMAC_")) {
    throw AwsError("UnsupportedOperationException",
                   key.arn + " key spec " + key.key_spec + " does not have a public key.");
  }
  if (key.material.empty()) {
    throw AwsError("UnsupportedOperationException",
                   "nimbus keeps " + key.key_spec + " keys as metadata only.");
  }
  json::object out{{"KeyId", key.arn},
                   {"PublicKey", core::Base64Encode(PublicKeyDer(key.material))}};
  if (IsLegacySpec(key.key_spec)) out["CustomerMasterKeySpec"] = key.key_spec;
  out["KeySpec"] = key.key_spec;
  out["KeyUsage"] = key.key_usage;
  if (key.key_usage == "ENCRYPT_DECRYPT") out["EncryptionAlgorithms"] = EncryptionAlgorithms(key);
  if (key.key_usage == "SIGN_VERIFY") out["SigningAlgorithms"] = SigningAlgorithms(key);
  if (key.key_usage == "KEY_AGREEMENT") out["KeyAgreementAlgorithms"] = json::array{"ECDH"};
  return out;
}

KeyRecord KmsProvider::SigningKey(store::Transaction& tx, const RequestContext& ctx,
                                  const json::object& in, std::string_view usage,
                                  std::string_view operation) {
  KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, false);
  CheckUsable(key);
  if (key.key_usage != usage) {
    throw AwsError("InvalidKeyUsageException", key.arn + " key usage is " + key.key_usage +
                                                   " which is not valid for " +
                                                   std::string(operation) + ".");
  }
  const bool mac = usage == "GENERATE_VERIFY_MAC";
  const std::string algorithm = RequiredString(in, mac ? "MacAlgorithm" : "SigningAlgorithm");
  const json::array allowed =
      mac ? json::array{"HMAC_SHA_" + key.key_spec.substr(5)} : SigningAlgorithms(key);
  if (std::find(allowed.begin(), allowed.end(), json::value(algorithm)) == allowed.end()) {
    throw AwsError(
        "InvalidKeyUsageException",
        "Algorithm " + algorithm + " is incompatible with key spec " + key.key_spec + ".");
  }
  if (key.material.empty()) {
    throw AwsError("UnsupportedOperationException",
                   "nimbus keeps " + key.key_spec + " keys as metadata only.");
  }
  return key;
}

namespace {

// The message to sign: RAW is hashed by the algorithm, DIGEST must already be a digest of its
// size (Sign API reference).
bool IsDigest(const json::object& in, std::string_view algorithm, std::string_view message) {
  const std::string type = StringOr(in, "MessageType", "RAW");
  if (type == "EXTERNAL_MU") {
    throw AwsError("InvalidKeyUsageException",
                   "MessageType EXTERNAL_MU is only valid for ML_DSA keys.");
  }
  if (type != "DIGEST") return false;
  if (message.size() != SigningDigestSize(algorithm)) {
    core::ValidationFailed("Digest is invalid length for algorithm " + std::string(algorithm) +
                           ".");
  }
  return true;
}

}  // namespace

json::value KmsProvider::Sign(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = SigningKey(tx, ctx, in, "SIGN_VERIFY", "Sign");
  const std::string algorithm = RequiredString(in, "SigningAlgorithm");
  const std::string message = ReadBlob(in, "Message");
  const bool digest = IsDigest(in, algorithm, message);
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  return json::object{
      {"KeyId", key.arn},
      {"Signature", core::Base64Encode(SignMessage(key.material, algorithm, message, digest))},
      {"SigningAlgorithm", algorithm}};
}

json::value KmsProvider::Verify(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = SigningKey(tx, ctx, in, "SIGN_VERIFY", "Verify");
  const std::string algorithm = RequiredString(in, "SigningAlgorithm");
  const std::string message = ReadBlob(in, "Message");
  const bool digest = IsDigest(in, algorithm, message);
  const std::string signature = ReadBlob(in, "Signature");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  if (!VerifySignature(key.material, algorithm, message, digest, signature)) {
    throw AwsError("KMSInvalidSignatureException", "");
  }
  return json::object{
      {"KeyId", key.arn}, {"SignatureValid", true}, {"SigningAlgorithm", algorithm}};
}

json::value KmsProvider::GenerateMac(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = SigningKey(tx, ctx, in, "GENERATE_VERIFY_MAC", "GenerateMac");
  const std::string algorithm = RequiredString(in, "MacAlgorithm");
  const std::string message = ReadBlob(in, "Message");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  return json::object{{"Mac", core::Base64Encode(ComputeMac(key.material, algorithm, message))},
                      {"MacAlgorithm", algorithm},
                      {"KeyId", key.arn}};
}

json::value KmsProvider::VerifyMac(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const KeyRecord key = SigningKey(tx, ctx, in, "GENERATE_VERIFY_MAC", "VerifyMac");
  const std::string algorithm = RequiredString(in, "MacAlgorithm");
  const std::string message = ReadBlob(in, "Message");
  const std::string mac = ReadBlob(in, "Mac");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  const std::string expected = ComputeMac(key.material, algorithm, message);
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    throw AwsError("KMSInvalidMacException", "");
  }
  return json::object{{"KeyId", key.arn}, {"MacValid", true}, {"MacAlgorithm", algorithm}};
}

}  // namespace nimbus::kms
