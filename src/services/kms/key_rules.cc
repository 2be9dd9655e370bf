#include "services/kms/key_rules.h"

#include <cctype>
#include <utility>

#include "core/aws_error.h"
#include "core/partition.h"
#include "core/text.h"

namespace nimbus::kms::internal {

namespace json = boost::json;
using core::AwsError;

[[noreturn]] void NotFound(std::string message) {
  throw AwsError("NotFoundException", std::move(message));
}

void InvalidKeyId(std::string_view key_ref) {
  NotFound("Invalid keyId '" + std::string(key_ref) + "'");
}

void OtherRegion(std::string_view region) { NotFound("Invalid arn " + std::string(region)); }

std::string KeyArn(const core::Scope& scope, std::string_view key_id) {
  return core::Arn(scope, "kms", "key/" + std::string(key_id));
}

std::string AliasArn(const core::Scope& scope, std::string_view alias_name) {
  return core::Arn(scope, "kms", alias_name);
}

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

std::optional<ParsedRef> ParseRef(const core::Scope& scope, std::string_view ref) {
  if (core::StartsWith(ref, "arn:")) {
    // Any partition's form is a valid reference; only the caller's own partition can hold it.
    const std::optional<core::ParsedArn> arn = core::ParseArn(ref);
    if (!arn || arn->service != "kms") return std::nullopt;
    const std::string_view resource = arn->resource;
    ParsedRef out;
    out.arn = std::string(ref);
    out.region = std::string(arn->region);
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

void ExpireImportedMaterial(KeyRecord& key, int64_t now_millis) {
  if (key.origin != "EXTERNAL" || !key.valid_to_millis || now_millis < *key.valid_to_millis) {
    return;
  }
  if (key.state == "Enabled" || key.state == "Disabled") key.state = "PendingImport";
  key.material.clear();
  key.valid_to_millis.reset();
}

}  // namespace nimbus::kms::internal
