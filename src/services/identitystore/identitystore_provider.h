#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "core/service.h"
#include "services/identitystore/identity_directory.h"
#include "services/runtime.h"

namespace nimbus::identitystore {

// AWS Identity Store: users, groups and group memberships of an IAM Identity Center store. Also
// the IdentityDirectory SSO Admin consults.
class IdentityStoreProvider final : public core::Service, public IdentityDirectory {
 public:
  explicit IdentityStoreProvider(Runtime& rt);
  std::string_view Name() const override { return "identitystore"; }

  // IdentityDirectory
  bool PrincipalExists(const core::Scope& scope, std::string_view identity_store_id,
                       std::string_view principal_type, std::string_view principal_id) override;

 private:
  Runtime& rt_;
};

}  // namespace nimbus::identitystore
