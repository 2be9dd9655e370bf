#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/request_context.h"

namespace nimbus::kms {

// What other services need of KMS (SSM SecureString, SSO Admin encryption configuration),
// implemented by the KMS provider and handed to them in services/registry.cc. Everything acts in
// ctx.scope (the caller's account and region), as a call to KMS by that caller would.
class KeyService {
 public:
  virtual ~KeyService() = default;

  struct KeyInfo {
    std::string key_id;     // "1234abcd-12ab-34cd-56ef-1234567890ab"
    std::string arn;        // "arn:aws:kms:us-east-1:111122223333:key/<key_id>"
    std::string state;      // KeyState: "Enabled", "Disabled", "PendingDeletion", ...
    std::string manager;    // KeyManager: "CUSTOMER" or "AWS"
    std::string key_usage;  // "ENCRYPT_DECRYPT", ...
    std::string key_spec;   // "SYMMETRIC_DEFAULT", ...
  };

  // Resolves a key id, key ARN, alias name ("alias/x") or alias ARN; nullopt if there is none.
  // An AWS managed alias ("alias/aws/ssm") that was never used resolves to nullopt.
  virtual std::optional<KeyInfo> FindKey(const core::RequestContext& ctx,
                                         std::string_view key_ref) = 0;

  // Encrypts with the key, as KMS Encrypt would (same errors: NotFoundException,
  // DisabledException, KMSInvalidStateException, ...). An AWS managed alias "alias/aws/<svc>"
  // creates its key on first use. Returns the raw ciphertext blob (not base64).
  virtual std::string Encrypt(const core::RequestContext& ctx, std::string_view key_ref,
                              std::string_view plaintext,
                              const std::map<std::string, std::string>& encryption_context) = 0;

  // Decrypts a blob made by Encrypt, as KMS Decrypt would (InvalidCiphertextException,
  // DisabledException, ...). Sets *key_arn to the key that encrypted it when given.
  virtual std::string Decrypt(const core::RequestContext& ctx, std::string_view ciphertext_blob,
                              const std::map<std::string, std::string>& encryption_context,
                              std::string* key_arn = nullptr) = 0;
};

}  // namespace nimbus::kms
