#pragma once

#include <optional>
#include <string>
#include <string_view>

// Key material and the cryptography of non-symmetric KMS keys (OpenSSL EVP): RSA and elliptic
// curve key pairs for Sign / Verify / GetPublicKey and RSAES-OAEP Encrypt / Decrypt, and HMAC keys
// for GenerateMac / VerifyMac. Symmetric encryption lives in ciphertext.h.
namespace nimbus::kms {

// New key material for `key_spec`: 32 random bytes for SYMMETRIC_DEFAULT, random bytes of the
// HMAC size for HMAC_*, a PKCS#8 DER private key for RSA_* and the ECC_NIST_P*/ECC_SECG_P256K1
// curves; "" for specs nimbus keeps as metadata only (SM2, ML_DSA_*, ECC_NIST_EDWARDS25519).
std::string GenerateKeyMaterial(std::string_view key_spec);

// Private key material imported into an asymmetric key: `der` must be a whole PKCS#8 DER private
// key of `key_spec` (RSA of that modulus size, EC on that curve), whose public and private parts
// belong together. Returns it as nimbus keeps key pairs (PKCS#8 DER), or nullopt.
std::optional<std::string> ImportedPrivateKey(std::string_view key_spec, std::string_view der);

// The DER SubjectPublicKeyInfo of a PKCS#8 private key.
std::string PublicKeyDer(std::string_view private_key_der);

// The digest length (bytes) of a signing algorithm ("RSASSA_PSS_SHA_256" -> 32), or 0.
size_t SigningDigestSize(std::string_view signing_algorithm);

// Signs `message` (a digest of the algorithm's size when `is_digest`), DER for ECDSA.
std::string SignMessage(std::string_view private_key_der, std::string_view signing_algorithm,
                        std::string_view message, bool is_digest);
bool VerifySignature(std::string_view private_key_der, std::string_view signing_algorithm,
                     std::string_view message, bool is_digest, std::string_view signature);

// RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256. Encrypt returns nullopt if the plaintext is too long;
// Decrypt returns nullopt if the ciphertext does not decrypt.
// The largest plaintext RSAES-OAEP takes for an RSA_* key spec: the modulus size less twice the
// digest size less 2 (RSA_2048: 214 bytes with SHA-1, 190 with SHA-256).
size_t RsaOaepLimit(std::string_view key_spec, std::string_view algorithm);

std::optional<std::string> RsaEncrypt(std::string_view private_key_der, std::string_view algorithm,
                                      std::string_view plaintext);
std::optional<std::string> RsaDecrypt(std::string_view private_key_der, std::string_view algorithm,
                                      std::string_view ciphertext);

// Unwraps key material imported with ImportKeyMaterial under the RSA private key of its import
// token: RSAES_OAEP_SHA_1/256, or RSA_AES_KEY_WRAP_SHA_1/256 (an RSA-OAEP-wrapped AES-256 key
// followed by the material under AES key wrap with padding, RFC 5649). nullopt if it does not
// unwrap.
std::optional<std::string> UnwrapImportedMaterial(std::string_view private_key_der,
                                                  std::string_view wrapping_algorithm,
                                                  std::string_view wrapped);

// ECDH between an elliptic curve private key (PKCS#8) and a peer's DER SubjectPublicKeyInfo on
// the same curve; nullopt if the public key does not parse or is of another curve.
std::optional<std::string> DeriveEcdh(std::string_view private_key_der,
                                      std::string_view peer_public_der);

// The SHA-256 of `data`, in lowercase hex.
std::string Sha256Hex(std::string_view data);

// HMAC_SHA_224/256/384/512 of `message` under `key`.
std::string ComputeMac(std::string_view key, std::string_view mac_algorithm,
                       std::string_view message);

}  // namespace nimbus::kms
