// KmsProvider's imported key material (keys with Origin EXTERNAL): GetParametersForImport,
// ImportKeyMaterial, DeleteImportedKeyMaterial. The import token names an RSA key pair nimbus
// keeps (kms_import_tokens) for 24 hours; ImportKeyMaterial unwraps the material with its private
// key. Symmetric and HMAC keys take imported material, RSA and ECC keys their PKCS#8 private key.
#include <utility>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/kms/key_material.h"
#include "services/kms/key_rules.h"
#include "services/kms/kms_provider.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::CheckNotPendingDeletion;
using internal::kSymmetric;

namespace {

constexpr int64_t kDayMillis = 86'400'000;
constexpr std::string_view kTokenPrefix = "nimbus-import|";

void CheckExternal(const KeyRecord& key) {
  if (key.origin != "EXTERNAL") {
    throw AwsError("UnsupportedOperationException", key.arn + " origin is " + key.origin +
                                                        " which is not valid for this operation.");
  }
}

// The sizes of key material a key spec takes (KMS developer guide, "Importing key material":
// 256-bit symmetric keys; HMAC keys from the digest size up to the block size).
bool MaterialFits(std::string_view spec, size_t size) {
  if (spec == kSymmetric) return size == 32;
  if (spec == "HMAC_224") return size >= 28 && size <= 64;
  if (spec == "HMAC_256") return size >= 32 && size <= 64;
  if (spec == "HMAC_384") return size >= 48 && size <= 128;
  if (spec == "HMAC_512") return size >= 64 && size <= 128;
  return false;
}

std::optional<int64_t> ReadMillis(const json::object& in, std::string_view name) {
  const auto it = in.find(name);
  if (it == in.end() || it->value().is_null()) return std::nullopt;
  return static_cast<int64_t>(it->value().to_number<double>() * 1000);
}

}  // namespace

json::value KmsProvider::GetParametersForImport(const RequestContext& ctx, const json::object& in) {
  const std::string algorithm = RequiredString(in, "WrappingAlgorithm");
  const std::string spec = RequiredString(in, "WrappingKeySpec");
  store::Transaction tx = store_.Begin();
  const KeyRecord key =
      ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "GetParametersForImport");
  CheckExternal(key);
  CheckNotPendingDeletion(key);
  if (algorithm == "RSAES_PKCS1_V1_5" || algorithm == "SM2PKE" || spec == "SM2") {
    core::ValidationFailed("Wrapping algorithm " + algorithm + " with wrapping key spec " + spec +
                           " is not supported.");
  }
  const ImportTokenRecord token{.token_id = rt_.ids.Hex(64),
                                .key_id = key.key_id,
                                .wrapping_algorithm = algorithm,
                                .private_key = GenerateKeyMaterial(spec),
                                .valid_to_millis = ctx.now_millis + kDayMillis};
  store_.PutImportToken(tx, KeyScope(ctx, key), token);
  tx.Commit();
  return json::object{
      {"KeyId", key.arn},
      {"ImportToken", core::Base64Encode(std::string(kTokenPrefix) + token.token_id)},
      {"PublicKey", core::Base64Encode(PublicKeyDer(token.private_key))},
      {"ParametersValidTo", EpochSeconds(token.valid_to_millis)}};
}

json::value KmsProvider::ImportKeyMaterial(const RequestContext& ctx, const json::object& in) {
  std::string token_bytes;
  std::string wrapped;
  core::Base64Decode(RequiredString(in, "ImportToken"), &token_bytes);
  core::Base64Decode(RequiredString(in, "EncryptedKeyMaterial"), &wrapped);
  const std::string model = StringOr(in, "ExpirationModel", "KEY_MATERIAL_EXPIRES");
  const std::optional<int64_t> valid_to = ReadMillis(in, "ValidTo");
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "ImportKeyMaterial");
  CheckExternal(key);
  CheckNotPendingDeletion(key);
  const core::Scope scope = KeyScope(ctx, key);
  std::optional<ImportTokenRecord> token;
  if (core::StartsWith(token_bytes, kTokenPrefix)) {
    token = store_.FindImportToken(tx, scope, token_bytes.substr(kTokenPrefix.size()));
  }
  if (!token || token->key_id != key.key_id) {
    throw AwsError("InvalidImportTokenException",
                   "The import token is not valid for " + key.arn + ".");
  }
  if (ctx.now_millis >= token->valid_to_millis) {
    throw AwsError("ExpiredImportTokenException", "The import token has expired.");
  }
  if (model == "KEY_MATERIAL_EXPIRES" && !valid_to) {
    core::ValidationFailed(
        "A validTo date must be set if the ExpirationModel is "
        "KEY_MATERIAL_EXPIRES");
  }
  if (model == "KEY_MATERIAL_DOES_NOT_EXPIRE" && valid_to) {
    core::ValidationFailed(
        "A validTo date must not be set if the ExpirationModel is "
        "KEY_MATERIAL_DOES_NOT_EXPIRE");
  }
  if (valid_to && (*valid_to <= ctx.now_millis || *valid_to > ctx.now_millis + 365 * kDayMillis)) {
    core::ValidationFailed("ValidTo must be in the future and at most 365 days from now.");
  }
  std::optional<std::string> material =
      UnwrapImportedMaterial(token->private_key, token->wrapping_algorithm, wrapped);
  if (!material) throw AwsError::WithoutMessage("InvalidCiphertextException");
  const bool key_pair =
      core::StartsWith(key.key_spec, "RSA_") || core::StartsWith(key.key_spec, "ECC_");
  if (key.key_spec == "ECC_NIST_EDWARDS25519" || (!key_pair && key.key_spec != kSymmetric &&
                                                  !core::StartsWith(key.key_spec, "HMAC_"))) {
    throw AwsError("NotImplemented",
                   "nimbus does not emulate imported key material of " + key.key_spec + " keys.",
                   501);
  }
  // An asymmetric key takes its private key as PKCS#8 DER (KMS developer guide, "Importing key
  // material"), of the key's modulus size or curve.
  if (key_pair) material = ImportedPrivateKey(key.key_spec, *material);
  if (!material || (!key_pair && !MaterialFits(key.key_spec, material->size()))) {
    throw AwsError("IncorrectKeyMaterialException",
                   "The key material is not valid for key spec " + key.key_spec + ".");
  }
  // A key takes only the material it was first given, again after it expired or was deleted
  // (ImportKeyMaterial API reference); its id is the material's SHA-256 here.
  const std::string material_id = Sha256Hex(*material);
  if (!key.material_id.empty() && key.material_id != material_id) {
    throw AwsError("IncorrectKeyMaterialException",
                   "The key material does not match the key material previously imported into " +
                       key.arn + ".");
  }
  store_.SetMaterial(tx, scope, key.key_id, *material, material_id);
  if (key.state == "PendingImport") key.state = "Enabled";
  key.expiration_model = model;
  key.valid_to_millis = valid_to;
  store_.UpdateKey(tx, scope, key);
  tx.Commit();
  return json::object{{"KeyId", key.arn}, {"KeyMaterialId", material_id}};
}

json::value KmsProvider::DeleteImportedKeyMaterial(const RequestContext& ctx,
                                                   const json::object& in) {
  store::Transaction tx = store_.Begin();
  KeyRecord key = ResolveManaged(tx, ctx, RequiredString(in, "KeyId"), "DeleteImportedKeyMaterial");
  CheckExternal(key);
  CheckNotPendingDeletion(key);
  const core::Scope scope = KeyScope(ctx, key);
  store_.SetMaterial(tx, scope, key.key_id, "", key.material_id);
  key.state = "PendingImport";
  key.valid_to_millis.reset();
  store_.UpdateKey(tx, scope, key);
  tx.Commit();
  json::object out{{"KeyId", key.arn}};
  if (!key.material_id.empty()) out["KeyMaterialId"] = key.material_id;
  return out;
}

}  // namespace nimbus::kms
