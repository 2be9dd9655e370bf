#include "services/kms/kms_provider.h"

#include "core/aws_error.h"

namespace nimbus::kms {

KmsProvider::KmsProvider(Runtime& rt) : rt_(rt) {}

std::optional<KeyService::KeyInfo> KmsProvider::FindKey(const core::RequestContext&,
                                                        std::string_view) {
  return std::nullopt;
}

std::string KmsProvider::Encrypt(const core::RequestContext&, std::string_view, std::string_view,
                                 const std::map<std::string, std::string>&) {
  throw core::NotImplemented("kms", "Encrypt");
}

std::string KmsProvider::Decrypt(const core::RequestContext&, std::string_view,
                                 const std::map<std::string, std::string>&, std::string*) {
  throw core::NotImplemented("kms", "Decrypt");
}

}  // namespace nimbus::kms
