#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::kms {

// One grant on a KMS key, as stored.
struct GrantRecord {
  int64_t seq = 0;         // creation order, the paging position
  std::string account{};   // the key's account
  std::string grant_id{};  // 64 hex digits
  std::string key_id{};
  std::string name{};  // "" without one
  std::string grantee{};
  std::optional<std::string> retiring{};
  std::vector<std::string> operations{};
  std::optional<std::string> constraints{};  // the GrantConstraints object, JSON
  std::string issuing_account{};
  int64_t created_millis = 0;
  std::string token{};
};

// SQL for KMS grants (the kms_grants table, created with the keys' tables by KeyStore), scoped
// by account and region; callers pass a transaction of KeyStore.
class GrantStore {
 public:
  void Insert(store::Transaction& tx, const core::Scope& scope, const GrantRecord& grant);
  std::optional<GrantRecord> Find(store::Transaction& tx, const core::Scope& scope,
                                  std::string_view grant_id);
  // The grant of `key_id` named `name`, the newest if several.
  std::optional<GrantRecord> FindByName(store::Transaction& tx, const core::Scope& scope,
                                        std::string_view key_id, std::string_view name);
  // Removes the grant; returns whether there was one.
  bool Delete(store::Transaction& tx, const core::Scope& scope, std::string_view grant_id);
  // Up to `limit` grants of `key_id` with seq > `after`, in creation order.
  std::vector<GrantRecord> ListForKey(store::Transaction& tx, const core::Scope& scope,
                                      std::string_view key_id, int64_t after, int64_t limit);
  // Up to `limit` grants that name `retiring` as retiring principal, on keys of any account in
  // `region`, seq > `after`, in creation order.
  std::vector<GrantRecord> ListRetirable(store::Transaction& tx, std::string_view region,
                                         std::string_view retiring, int64_t after, int64_t limit);
  // The grants of `key_id` to one of `grantees` that allow `operation`.
  std::vector<GrantRecord> Allowing(store::Transaction& tx, const core::Scope& scope,
                                    std::string_view key_id,
                                    const std::vector<std::string>& grantees,
                                    std::string_view operation);
  // The accounts of `region` whose key `key_id` has a grant to one of `grantees`.
  std::vector<std::string> AccountsGranting(store::Transaction& tx, std::string_view region,
                                            std::string_view key_id,
                                            const std::vector<std::string>& grantees);
  // Deletes every grant of the key (the key itself is gone).
  void DeleteForKey(store::Transaction& tx, const core::Scope& scope, std::string_view key_id);
};

}  // namespace nimbus::kms
