// The cryptographic operations of KmsProvider (Encrypt, Decrypt, ReEncrypt, GenerateDataKey*,
// GenerateDataKeyPair*, GenerateRandom, GetPublicKey, Sign, Verify, GenerateMac, VerifyMac). Key
// management is in kms_provider.cc.
#include <algorithm>
#include <stdexcept>
#include <utility>

#include <openssl/crypto.h>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/kms/ciphertext.h"
#include "services/kms/key_material.h"
#include "services/kms/key_rules.h"
#include "services/kms/kms_provider.h"

namespace nimbus::kms {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringMap;
using core::protocol::StringOr;
using internal::CheckUsable;
using internal::EncryptionAlgorithms;
using internal::InvalidKeyId;
using internal::IsKeyId;
using internal::IsLegacySpec;
using internal::KeyArn;
using internal::kSymmetric;
using internal::NotFound;
using internal::ParsedRef;
using internal::ParseRef;
using internal::SigningAlgorithms;

namespace {

std::string ReadBlob(const json::object& in, std::string_view name) {
  const std::optional<std::string> text = OptString(in, name);
  std::string bytes;
  if (!text || !core::Base64Decode(*text, &bytes)) {
    core::ValidationFailed("1 validation error detected: Value at '" + std::string(name) +
                           "' failed to satisfy constraint: Member must not be null");
  }
  return bytes;
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

// What AWS does but nimbus does not (AWS would succeed): 501 NotImplemented, which no client
// mistakes for an answer of AWS.
[[noreturn]] void NotEmulated(const std::string& what) {
  throw AwsError("NotImplemented", "nimbus does not emulate " + what + ".", 501);
}

[[noreturn]] void DryRunSucceeded() {
  throw AwsError("DryRunOperationException",
                 "The request would have succeeded, but the DryRun option is set.");
}

}  // namespace

KeyRecord KmsProvider::ResolveForUse(store::Transaction& tx, const RequestContext& ctx,
                                     std::string_view key_ref, bool create_managed,
                                     const GrantUse& use) {
  if (!ParseRef(ctx.scope, key_ref)) InvalidKeyId(key_ref);
  return Resolve(tx, ctx, key_ref, /*allow_alias=*/true, create_managed, &use);
}

std::string KmsProvider::Seal(const KeyRecord& key, std::string_view operation,
                              std::string_view algorithm, std::string_view plaintext,
                              const std::map<std::string, std::string>& context) {
  CheckUsable(key);
  if (key.key_usage != "ENCRYPT_DECRYPT") CheckSymmetric(key, operation);
  if (!IsAlgorithmOf(key, algorithm)) AlgorithmMismatch(key, algorithm);
  if (key.key_spec == kSymmetric) return SealBlob(key.key_id, key.material, plaintext, context);
  if (key.material.empty()) CheckSymmetric(key, operation);
  const size_t limit = RsaOaepLimit(key.key_spec, algorithm);
  if (plaintext.size() > limit) {
    core::ValidationFailed("Algorithm " + std::string(algorithm) + " and key spec " + key.key_spec +
                           " cannot encrypt data larger than " + std::to_string(limit) + " bytes.");
  }
  std::optional<std::string> sealed = RsaEncrypt(key.material, algorithm, plaintext);
  if (!sealed) throw std::runtime_error("RSAES-OAEP encryption failed under its size limit");
  return std::move(*sealed);
}

std::string KmsProvider::Open(store::Transaction& tx, const RequestContext& ctx,
                              std::string_view blob,
                              const std::map<std::string, std::string>& context,
                              const std::optional<std::string>& key_ref, std::string_view algorithm,
                              const GrantUse& use, KeyRecord* used) {
  std::optional<KeyRecord> requested;
  if (key_ref) requested = ResolveForUse(tx, ctx, *key_ref, /*create_managed=*/false, use);
  const std::optional<CiphertextBlob> parsed = ParseCiphertextBlob(blob);
  const bool rsa = requested && core::StartsWith(requested->key_spec, "RSA_") &&
                   requested->key_usage == "ENCRYPT_DECRYPT";
  // A blob of a symmetric key names its key: another KeyId is IncorrectKeyException, before
  // any check of that key's usage or state.
  if (requested && !rsa && parsed && requested->key_id != parsed->key_id) {
    throw AwsError("IncorrectKeyException",
                   "The key ID in the request does not identify a CMK that can perform this "
                   "operation.");
  }
  if (requested && requested->key_spec != kSymmetric) {
    // Asymmetric ciphertexts carry no key id: the KeyId names the key (Decrypt API reference).
    CheckUsable(*requested);
    if (requested->key_usage != "ENCRYPT_DECRYPT" || requested->material.empty()) {
      CheckSymmetric(*requested, "Decrypt");
    }
    if (!IsAlgorithmOf(*requested, algorithm)) AlgorithmMismatch(*requested, algorithm);
    std::optional<std::string> plaintext = RsaDecrypt(requested->material, algorithm, blob);
    if (!plaintext) throw AwsError::WithoutMessage("InvalidCiphertextException");
    if (used) *used = *requested;
    return std::move(*plaintext);
  }
  if (!parsed) throw AwsError::WithoutMessage("InvalidCiphertextException");
  std::optional<KeyRecord> key = requested;  // the same key, perhaps another account's
  if (!key) key = store_.FindKey(tx, ctx.scope, parsed->key_id);
  // The blob names the key, not its account: another account's key through a grant (AWS reads
  // the key from the ciphertext's metadata, so KeyId is optional for a grantee too).
  if (!key) key = GrantedKey(tx, ctx, parsed->key_id, use);
  if (!key) {
    if (!IsKeyId(parsed->key_id)) throw AwsError::WithoutMessage("InvalidCiphertextException");
    NotFound("Key '" + KeyArn(ctx.scope, parsed->key_id) + "' does not exist");
  }
  internal::ExpireImportedMaterial(*key, ctx.now_millis);
  CheckUsable(*key);
  CheckSymmetric(*key, "Decrypt");
  if (algorithm != kSymmetric) AlgorithmMismatch(*key, algorithm);
  std::optional<std::string> plaintext = OpenBlob(*parsed, key->material, context);
  if (!plaintext) {
    plaintext = OpenWithEarlierMaterial(tx, KeyScope(ctx, *key), *key, *parsed, context);
  }
  if (!plaintext) throw AwsError::WithoutMessage("InvalidCiphertextException");
  if (used) *used = *key;
  return std::move(*plaintext);
}

json::value KmsProvider::Encrypt(const RequestContext& ctx, const json::object& in) {
  const std::string plaintext = ReadBlob(in, "Plaintext");
  const auto context = StringMap(in, "EncryptionContext");
  const std::string algorithm = StringOr(in, "EncryptionAlgorithm", kSymmetric);
  const GrantUse use = ReadGrantUse(in, "Encrypt", "EncryptionContext");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveForUse(tx, ctx, RequiredString(in, "KeyId"), true, use);
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

json::value KmsProvider::Decrypt(const RequestContext& ctx, const json::object& in) {
  const std::string blob = ReadBlob(in, "CiphertextBlob");
  const auto context = StringMap(in, "EncryptionContext");
  const std::string algorithm = StringOr(in, "EncryptionAlgorithm", kSymmetric);
  if (in.contains("Recipient")) {
    NotEmulated("Nitro Enclaves attestation (Recipient)");
  }
  const GrantUse use = ReadGrantUse(in, "Decrypt", "EncryptionContext");
  store::Transaction tx = store_.Read();
  KeyRecord used;
  const std::string plaintext =
      Open(tx, ctx, blob, context, OptString(in, "KeyId"), algorithm, use, &used);
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
  const GrantUse from = ReadGrantUse(in, "ReEncryptFrom", "SourceEncryptionContext");
  const GrantUse to = ReadGrantUse(in, "ReEncryptTo", "DestinationEncryptionContext");
  store::Transaction tx = store_.Begin();
  KeyRecord source;
  const std::string plaintext = Open(tx, ctx, blob, *from.context, OptString(in, "SourceKeyId"),
                                     source_algorithm, from, &source);
  const KeyRecord destination =
      ResolveForUse(tx, ctx, RequiredString(in, "DestinationKeyId"), true, to);
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
    NotEmulated("Nitro Enclaves attestation (Recipient)");
  }
  const GrantUse use = ReadGrantUse(in, "GenerateDataKey", "EncryptionContext");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveForUse(tx, ctx, RequiredString(in, "KeyId"), true, use);
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
  const GrantUse use = ReadGrantUse(in, "GenerateDataKeyWithoutPlaintext", "EncryptionContext");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveForUse(tx, ctx, RequiredString(in, "KeyId"), true, use);
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
    NotEmulated("Nitro Enclaves attestation (Recipient)");
  }
  const GrantUse use = ReadGrantUse(in, operation, "EncryptionContext");
  store::Transaction tx = store_.Begin();
  const KeyRecord key = ResolveForUse(tx, ctx, RequiredString(in, "KeyId"), true, use);
  CheckUsable(key);
  CheckSymmetric(key, operation);
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  const std::string private_key = GenerateKeyMaterial(spec);
  if (private_key.empty()) {
    NotEmulated(spec + " data key pairs");
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
  const GrantUse use = ReadGrantUse(in, "GetPublicKey", "");
  store::Transaction tx = store_.Read();
  const KeyRecord key = Resolve(tx, ctx, RequiredString(in, "KeyId"), true, false, &use);
  CheckUsable(key);
  if (key.key_spec == kSymmetric || core::StartsWith(key.key_spec, "HMAC_")) {
    throw AwsError("UnsupportedOperationException",
                   key.arn + " key spec " + key.key_spec + " does not have a public key.");
  }
  if (key.material.empty()) {
    NotEmulated("the key material of " + key.key_spec + " keys");
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
  KeyRecord key =
      ResolveForUse(tx, ctx, RequiredString(in, "KeyId"), false, ReadGrantUse(in, operation, ""));
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
    NotEmulated("the key material of " + key.key_spec + " keys");
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
    throw AwsError::WithoutMessage("KMSInvalidSignatureException");
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
    throw AwsError::WithoutMessage("KMSInvalidMacException");
  }
  return json::object{{"KeyId", key.arn}, {"MacValid", true}, {"MacAlgorithm", algorithm}};
}

json::value KmsProvider::DeriveSharedSecret(const RequestContext& ctx, const json::object& in) {
  const std::string public_key = ReadBlob(in, "PublicKey");
  const std::string algorithm = RequiredString(in, "KeyAgreementAlgorithm");
  if (in.contains("Recipient")) {
    NotEmulated("Nitro Enclaves attestation (Recipient)");
  }
  const GrantUse use = ReadGrantUse(in, "DeriveSharedSecret", "");
  store::Transaction tx = store_.Read();
  const KeyRecord key = ResolveForUse(tx, ctx, RequiredString(in, "KeyId"), false, use);
  CheckUsable(key);
  if (key.key_usage != "KEY_AGREEMENT") {
    throw AwsError("InvalidKeyUsageException", key.arn + " key usage is " + key.key_usage +
                                                   " which is not valid for DeriveSharedSecret.");
  }
  if (key.material.empty()) NotEmulated("the key material of " + key.key_spec + " keys");
  if (BoolOr(in, "DryRun", false)) DryRunSucceeded();
  const std::optional<std::string> secret = DeriveEcdh(key.material, public_key);
  if (!secret) {
    core::ValidationFailed(
        "The public key is not a valid DER-encoded X.509 public key of the "
        "key spec " +
        key.key_spec + ".");
  }
  return json::object{{"KeyId", key.arn},
                      {"SharedSecret", core::Base64Encode(*secret)},
                      {"KeyAgreementAlgorithm", algorithm},
                      {"KeyOrigin", key.origin}};
}

}  // namespace nimbus::kms
