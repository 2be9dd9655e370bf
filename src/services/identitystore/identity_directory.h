#pragma once

#include <string_view>

#include "core/request_context.h"

namespace nimbus::identitystore {

// What SSO Admin needs of Identity Store: whether a user or group exists in a store (account
// assignments may only name principals that do). Implemented by the Identity Store provider.
class IdentityDirectory {
 public:
  virtual ~IdentityDirectory() = default;
  // principal_type is "USER" or "GROUP".
  virtual bool PrincipalExists(const core::Scope& scope, std::string_view identity_store_id,
                               std::string_view principal_type,
                               std::string_view principal_id) = 0;
};

}  // namespace nimbus::identitystore
