#include "services/identitystore/identitystore_provider.h"

namespace nimbus::identitystore {

IdentityStoreProvider::IdentityStoreProvider(Runtime& rt) : rt_(rt) {}

bool IdentityStoreProvider::PrincipalExists(const core::Scope&, std::string_view,
                                            std::string_view, std::string_view) {
  return false;
}

}  // namespace nimbus::identitystore
