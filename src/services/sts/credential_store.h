#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/identity.h"
#include "store/database.h"

namespace nimbus::sts {

// The session tags of issued credentials: (key, value) pairs in request order, and the keys of
// those that pass on to a session this one assumes (role chaining).
struct SessionTags {
  std::vector<std::pair<std::string, std::string>> tags{};
  std::vector<std::string> transitive_keys{};
};

// Temporary credentials issued by nimbus STS (AssumeRole, GetSessionToken). Also the directory
// the dispatcher asks, so a key issued here acts as the identity it was issued for.
class CredentialStore final : public core::auth::KeyDirectory {
 public:
  explicit CredentialStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }

  void Insert(store::Transaction& tx, const core::auth::KnownKey& key, int64_t created_millis,
              const SessionTags& tags = {});
  std::optional<core::auth::KnownKey> FindKey(std::string_view access_key_id) const override;
  // The session tags of a key issued here; empty for any other key.
  SessionTags TagsOf(std::string_view access_key_id) const;

 private:
  store::Schema schema_;
};

}  // namespace nimbus::sts
