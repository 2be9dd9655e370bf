#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

// Authenticated encryption of KMS Encrypt / GenerateDataKey: AES-256-GCM (OpenSSL EVP) under the
// key's material, with the encryption context as additional authenticated data.
namespace nimbus::kms {

// The parts of a ciphertext blob. Format version 1:
//   0x01 | key id length (1 byte) | key id | IV (12 bytes) | GCM tag (16 bytes) | ciphertext
// The version byte, length and key id are authenticated too.
struct CiphertextBlob {
  std::string key_id;
  std::string header;  // version, length and key id, as they appear in the blob
  std::string iv;
  std::string tag;
  std::string ciphertext;
};

// Splits a blob; nullopt if it is not one of ours (too short, unknown version).
std::optional<CiphertextBlob> ParseCiphertextBlob(std::string_view blob);

// Encrypts `plaintext` under the 32-byte `material`; returns the blob.
std::string SealBlob(std::string_view key_id, std::string_view material, std::string_view plaintext,
                     const std::map<std::string, std::string>& encryption_context);

// Decrypts a parsed blob; nullopt if authentication fails (wrong key or context, tampering).
std::optional<std::string> OpenBlob(const CiphertextBlob& blob, std::string_view material,
                                    const std::map<std::string, std::string>& encryption_context);

// `n` cryptographically random bytes.
std::string RandomBytes(size_t n);

}  // namespace nimbus::kms
