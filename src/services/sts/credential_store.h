#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/auth/identity.h"
#include "store/database.h"

namespace nimbus::sts {

// Temporary credentials issued by nimbus STS (AssumeRole, GetSessionToken). Also the directory
// the dispatcher asks, so a key issued here acts as the identity it was issued for.
class CredentialStore final : public core::auth::KeyDirectory {
 public:
  explicit CredentialStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }

  void Insert(store::Transaction& tx, const core::auth::KnownKey& key, int64_t created_millis);
  std::optional<core::auth::KnownKey> FindKey(std::string_view access_key_id) const override;

 private:
  store::Schema schema_;
};

}  // namespace nimbus::sts
