#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/service.h"
#include "services/kms/key_service.h"
#include "services/runtime.h"

namespace nimbus::kms {

// AWS Key Management Service: symmetric keys, aliases, tags, and real authenticated encryption
// (AES-256-GCM) for Encrypt / Decrypt / GenerateDataKey / ReEncrypt. Also the KeyService that
// other providers (SSM SecureString, SSO Admin) use.
class KmsProvider final : public core::Service, public KeyService {
 public:
  explicit KmsProvider(Runtime& rt);
  std::string_view Name() const override { return "kms"; }

  // KeyService
  std::optional<KeyInfo> FindKey(const core::RequestContext& ctx,
                                 std::string_view key_ref) override;
  std::string Encrypt(const core::RequestContext& ctx, std::string_view key_ref,
                      std::string_view plaintext,
                      const std::map<std::string, std::string>& encryption_context) override;
  std::string Decrypt(const core::RequestContext& ctx, std::string_view ciphertext_blob,
                      const std::map<std::string, std::string>& encryption_context,
                      std::string* key_arn = nullptr) override;

 private:
  Runtime& rt_;
};

}  // namespace nimbus::kms
