#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::kms {

// One KMS key as stored. `material` is the raw 256-bit AES key (symmetric keys only).
struct KeyRecord {
  int64_t seq = 0;  // insertion order, the ListKeys paging position
  std::string key_id{};
  std::string arn{};
  std::string description{};
  std::string key_usage{};  // ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT
  std::string key_spec{};   // SYMMETRIC_DEFAULT, RSA_2048, HMAC_256, ...
  std::string origin{};     // AWS_KMS, EXTERNAL
  std::string manager{};    // CUSTOMER, AWS
  std::string state{};      // Enabled, Disabled, PendingDeletion, PendingImport
  int64_t created_millis = 0;
  std::optional<int64_t> deletion_millis{};
  std::optional<int64_t> pending_window_days{};
  bool multi_region = false;
  std::string policy{};
  bool rotation_enabled = false;
  int64_t rotation_period_days = 365;
  std::optional<int64_t> next_rotation_millis{};
  std::string material{};
  std::string material_id{};  // CurrentKeyMaterialId (64 hex digits)
  std::optional<int64_t> valid_to_millis{};  // imported material that expires
  std::string expiration_model{};            // "" until material is imported
  std::string primary_region{};              // multi-Region keys: the primary's region
};

// The RSA key pair of one GetParametersForImport answer, for the ImportKeyMaterial that uses it.
struct ImportTokenRecord {
  std::string token_id{};
  std::string key_id{};
  std::string wrapping_algorithm{};
  std::string private_key{};  // PKCS#8 DER
  int64_t valid_to_millis = 0;
};

// One version of a key's material: the first (rotation_type "") and each rotation's.
struct MaterialRecord {
  int64_t seq = 0;
  std::string material_id{};
  std::string material{};
  int64_t rotated_millis = 0;
  std::string rotation_type{};  // ON_DEMAND, AUTOMATIC; "" for the key's first material
};

struct AliasRecord {
  std::string alias_name{};  // "alias/name"
  std::string key_id{};
  int64_t created_millis = 0;
  int64_t updated_millis = 0;
};

// SQL for KMS keys, aliases and key tags, scoped by account and region. Pages are keyset pages
// (`after` is the last position of the previous page), so a page costs O(page).
class KeyStore {
 public:
  explicit KeyStore(store::Database& db);

  store::Transaction Begin() { return schema_.Begin(); }
  store::Transaction Read() { return schema_.Read(); }

  void InsertKey(store::Transaction& tx, const core::Scope& scope, const KeyRecord& key);
  std::optional<KeyRecord> FindKey(store::Transaction& tx, const core::Scope& scope,
                                   std::string_view key_id);
  // Writes the mutable fields (description, state, deletion, policy, rotation, import expiry,
  // primary region) of `key`.
  void UpdateKey(store::Transaction& tx, const core::Scope& scope, const KeyRecord& key);
  // Replaces the key's current material (a rotation, an import) and its CurrentKeyMaterialId.
  void SetMaterial(store::Transaction& tx, const core::Scope& scope, std::string_view key_id,
                   std::string_view material, std::string_view material_id);
  // The material versions of a key kept for decryption after rotations, oldest first.
  void AddMaterialVersion(store::Transaction& tx, const core::Scope& scope, std::string_view key_id,
                          const MaterialRecord& version);
  std::vector<MaterialRecord> MaterialVersions(store::Transaction& tx, const core::Scope& scope,
                                               std::string_view key_id, int64_t after,
                                               int64_t limit);
  void PutImportToken(store::Transaction& tx, const core::Scope& scope,
                      const ImportTokenRecord& token);
  std::optional<ImportTokenRecord> FindImportToken(store::Transaction& tx, const core::Scope& scope,
                                                   std::string_view token_id);
  // The copies of multi-Region key `key_id` in every region of the account, by region.
  std::vector<std::pair<std::string, KeyRecord>> FindInAllRegions(store::Transaction& tx,
                                                                  std::string_view account,
                                                                  std::string_view key_id);
  // Deletes the key, its aliases, tags, grants and earlier key material.
  void DeleteKey(store::Transaction& tx, const core::Scope& scope, std::string_view key_id);
  // Up to `limit` keys with seq > `after`, in creation order.
  std::vector<KeyRecord> ListKeys(store::Transaction& tx, const core::Scope& scope, int64_t after,
                                  int64_t limit);

  std::optional<AliasRecord> FindAlias(store::Transaction& tx, const core::Scope& scope,
                                       std::string_view alias_name);
  void PutAlias(store::Transaction& tx, const core::Scope& scope, const AliasRecord& alias);
  void DeleteAlias(store::Transaction& tx, const core::Scope& scope, std::string_view alias_name);
  // Up to `limit` aliases with name > `after` (all keys, or only `key_id`'s), by name.
  std::vector<AliasRecord> ListAliases(store::Transaction& tx, const core::Scope& scope,
                                       const std::optional<std::string>& key_id,
                                       std::string_view after, int64_t limit);

  // Tags of a key: (key, value) by key.
  std::vector<std::pair<std::string, std::string>> ListTags(store::Transaction& tx,
                                                            const core::Scope& scope,
                                                            std::string_view key_id,
                                                            std::string_view after, int64_t limit);
  int64_t CountTags(store::Transaction& tx, const core::Scope& scope, std::string_view key_id);
  void PutTag(store::Transaction& tx, const core::Scope& scope, std::string_view key_id,
              std::string_view tag_key, std::string_view tag_value);
  void DeleteTag(store::Transaction& tx, const core::Scope& scope, std::string_view key_id,
                 std::string_view tag_key);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::kms
