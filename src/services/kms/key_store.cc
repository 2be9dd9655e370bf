#include "services/kms/key_store.h"

#include "core/text.h"

namespace nimbus::kms {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE kms_keys (seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, "
    "region TEXT NOT NULL, key_id TEXT NOT NULL, arn TEXT NOT NULL, description TEXT NOT NULL, "
    "key_usage TEXT NOT NULL, key_spec TEXT NOT NULL, origin TEXT NOT NULL, manager TEXT NOT "
    "NULL, state TEXT NOT NULL, created_millis INTEGER NOT NULL, deletion_millis INTEGER, "
    "pending_window_days INTEGER, multi_region INTEGER NOT NULL, policy TEXT NOT NULL, "
    "rotation_enabled INTEGER NOT NULL, rotation_period_days INTEGER NOT NULL, "
    "next_rotation_millis INTEGER, material_hex TEXT NOT NULL, material_id TEXT NOT NULL);"
    "CREATE UNIQUE INDEX kms_keys_by_id ON kms_keys (account, region, key_id);"
    "CREATE INDEX kms_keys_by_seq ON kms_keys (account, region, seq);"
    "CREATE TABLE kms_aliases (account TEXT NOT NULL, region TEXT NOT NULL, alias_name TEXT NOT "
    "NULL, key_id TEXT NOT NULL, created_millis INTEGER NOT NULL, updated_millis INTEGER NOT "
    "NULL, PRIMARY KEY (account, region, alias_name));"
    "CREATE INDEX kms_aliases_by_key ON kms_aliases (account, region, key_id, alias_name);"
    "CREATE TABLE kms_tags (account TEXT NOT NULL, region TEXT NOT NULL, key_id TEXT NOT NULL, "
    "tag_key TEXT NOT NULL, tag_value TEXT NOT NULL, PRIMARY KEY (account, region, key_id, "
    "tag_key));",
    // Grants (grant_store.cc).
    "CREATE TABLE kms_grants (account TEXT NOT NULL, region TEXT NOT NULL, grant_id TEXT NOT "
    "NULL, key_id TEXT NOT NULL, name TEXT NOT NULL, grantee TEXT NOT NULL, retiring TEXT, "
    "operations TEXT NOT NULL, constraints TEXT, issuing_account TEXT NOT NULL, created_millis "
    "INTEGER NOT NULL, token TEXT NOT NULL, PRIMARY KEY (account, region, grant_id));"
    "CREATE INDEX kms_grants_by_key ON kms_grants (account, region, key_id);"
    "CREATE INDEX kms_grants_by_retiring ON kms_grants (retiring, region);",
    // The material of a key before each rotation, kept so that older ciphertexts still decrypt.
    "CREATE TABLE kms_key_materials (account TEXT NOT NULL, region TEXT NOT NULL, key_id TEXT "
    "NOT NULL, material_id TEXT NOT NULL, material_hex TEXT NOT NULL, rotated_millis INTEGER "
    "NOT NULL, rotation_type TEXT NOT NULL, PRIMARY KEY (account, region, key_id, "
    "material_id));",
    // Imported key material (kms_import.cc).
    "ALTER TABLE kms_keys ADD COLUMN valid_to_millis INTEGER;"
    "ALTER TABLE kms_keys ADD COLUMN expiration_model TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE kms_import_tokens (account TEXT NOT NULL, region TEXT NOT NULL, token_id TEXT "
    "NOT NULL, key_id TEXT NOT NULL, wrapping_algorithm TEXT NOT NULL, private_key_hex TEXT NOT "
    "NULL, valid_to_millis INTEGER NOT NULL, PRIMARY KEY (account, region, token_id));",
    // Multi-Region keys (kms_multi_region.cc): every copy records the primary's region.
    "ALTER TABLE kms_keys ADD COLUMN primary_region TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX kms_keys_by_key_id ON kms_keys (account, key_id);",
};

constexpr std::string_view kKeyColumns =
    "seq, key_id, arn, description, key_usage, key_spec, origin, manager, state, created_millis, "
    "deletion_millis, pending_window_days, multi_region, policy, rotation_enabled, "
    "rotation_period_days, next_rotation_millis, material_hex, material_id, valid_to_millis, "
    "expiration_model, primary_region";

std::string HexDecode(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

store::Value OptValue(const std::optional<int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

KeyRecord ToKey(const store::Row& row) {
  return KeyRecord{.seq = row.Int(0),
                   .key_id = row.Text(1),
                   .arn = row.Text(2),
                   .description = row.Text(3),
                   .key_usage = row.Text(4),
                   .key_spec = row.Text(5),
                   .origin = row.Text(6),
                   .manager = row.Text(7),
                   .state = row.Text(8),
                   .created_millis = row.Int(9),
                   .deletion_millis = row.OptInt(10),
                   .pending_window_days = row.OptInt(11),
                   .multi_region = row.Int(12) != 0,
                   .policy = row.Text(13),
                   .rotation_enabled = row.Int(14) != 0,
                   .rotation_period_days = row.Int(15),
                   .next_rotation_millis = row.OptInt(16),
                   .material = HexDecode(row.Text(17)),
                   .material_id = row.Text(18),
                   .valid_to_millis = row.OptInt(19),
                   .expiration_model = row.Text(20),
                   .primary_region = row.Text(21)};
}

AliasRecord ToAlias(const store::Row& row) {
  return AliasRecord{.alias_name = row.Text(0),
                     .key_id = row.Text(1),
                     .created_millis = row.Int(2),
                     .updated_millis = row.Int(3)};
}

}  // namespace

KeyStore::KeyStore(store::Database& db) : schema_(db, "kms", kMigrations) {}

void KeyStore::InsertKey(store::Transaction& tx, const core::Scope& scope, const KeyRecord& key) {
  tx.Exec(
      "INSERT INTO kms_keys (account, region, key_id, arn, description, key_usage, key_spec, "
      "origin, manager, state, created_millis, deletion_millis, pending_window_days, "
      "multi_region, policy, rotation_enabled, rotation_period_days, next_rotation_millis, "
      "material_hex, material_id, valid_to_millis, expiration_model, primary_region) VALUES (?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {scope.account,
       scope.region,
       key.key_id,
       key.arn,
       key.description,
       key.key_usage,
       key.key_spec,
       key.origin,
       key.manager,
       key.state,
       key.created_millis,
       OptValue(key.deletion_millis),
       OptValue(key.pending_window_days),
       int64_t{key.multi_region ? 1 : 0},
       key.policy,
       int64_t{key.rotation_enabled ? 1 : 0},
       key.rotation_period_days,
       OptValue(key.next_rotation_millis),
       core::HexEncode(key.material),
       key.material_id,
       OptValue(key.valid_to_millis),
       key.expiration_model,
       key.primary_region});
}

std::optional<KeyRecord> KeyStore::FindKey(store::Transaction& tx, const core::Scope& scope,
                                           std::string_view key_id) {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kKeyColumns) +
                      " FROM kms_keys WHERE account = ? AND region = ? AND key_id = ?",
                  {scope.account, scope.region, std::string(key_id)});
  if (!row) return std::nullopt;
  return ToKey(*row);
}

void KeyStore::UpdateKey(store::Transaction& tx, const core::Scope& scope, const KeyRecord& key) {
  tx.Exec(
      "UPDATE kms_keys SET description = ?, state = ?, deletion_millis = ?, "
      "pending_window_days = ?, policy = ?, rotation_enabled = ?, rotation_period_days = ?, "
      "next_rotation_millis = ?, valid_to_millis = ?, expiration_model = ?, primary_region = ? "
      "WHERE account = ? AND region = ? AND key_id = ?",
      {key.description, key.state, OptValue(key.deletion_millis), OptValue(key.pending_window_days),
       key.policy, int64_t{key.rotation_enabled ? 1 : 0}, key.rotation_period_days,
       OptValue(key.next_rotation_millis), OptValue(key.valid_to_millis), key.expiration_model,
       key.primary_region, scope.account, scope.region, key.key_id});
}

void KeyStore::SetMaterial(store::Transaction& tx, const core::Scope& scope,
                           std::string_view key_id, std::string_view material,
                           std::string_view material_id) {
  tx.Exec(
      "UPDATE kms_keys SET material_hex = ?, material_id = ? WHERE account = ? AND region = ? "
      "AND key_id = ?",
      {core::HexEncode(material), std::string(material_id), scope.account, scope.region,
       std::string(key_id)});
}

void KeyStore::AddMaterialVersion(store::Transaction& tx, const core::Scope& scope,
                                  std::string_view key_id, const MaterialRecord& version) {
  tx.Exec(
      "INSERT INTO kms_key_materials (account, region, key_id, material_id, material_hex, "
      "rotated_millis, rotation_type) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {scope.account, scope.region, std::string(key_id), version.material_id,
       core::HexEncode(version.material), version.rotated_millis, version.rotation_type});
}

std::vector<MaterialRecord> KeyStore::MaterialVersions(store::Transaction& tx,
                                                       const core::Scope& scope,
                                                       std::string_view key_id, int64_t after,
                                                       int64_t limit) {
  std::vector<MaterialRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT rowid, material_id, material_hex, rotated_millis, rotation_type FROM "
                "kms_key_materials WHERE account = ? AND region = ? AND key_id = ? AND rowid > ? "
                "ORDER BY rowid LIMIT ?",
                {scope.account, scope.region, std::string(key_id), after, limit})) {
    out.push_back({.seq = row.Int(0),
                   .material_id = row.Text(1),
                   .material = HexDecode(row.Text(2)),
                   .rotated_millis = row.Int(3),
                   .rotation_type = row.Text(4)});
  }
  return out;
}

void KeyStore::PutImportToken(store::Transaction& tx, const core::Scope& scope,
                              const ImportTokenRecord& token) {
  tx.Exec(
      "INSERT INTO kms_import_tokens (account, region, token_id, key_id, wrapping_algorithm, "
      "private_key_hex, valid_to_millis) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {scope.account, scope.region, token.token_id, token.key_id, token.wrapping_algorithm,
       core::HexEncode(token.private_key), token.valid_to_millis});
}

std::optional<ImportTokenRecord> KeyStore::FindImportToken(store::Transaction& tx,
                                                           const core::Scope& scope,
                                                           std::string_view token_id) {
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT token_id, key_id, wrapping_algorithm, private_key_hex, valid_to_millis FROM "
      "kms_import_tokens WHERE account = ? AND region = ? AND token_id = ?",
      {scope.account, scope.region, std::string(token_id)});
  if (!row) return std::nullopt;
  return ImportTokenRecord{.token_id = row->Text(0),
                           .key_id = row->Text(1),
                           .wrapping_algorithm = row->Text(2),
                           .private_key = HexDecode(row->Text(3)),
                           .valid_to_millis = row->Int(4)};
}

std::vector<std::pair<std::string, KeyRecord>> KeyStore::FindInAllRegions(store::Transaction& tx,
                                                                          std::string_view account,
                                                                          std::string_view key_id) {
  std::vector<std::pair<std::string, KeyRecord>> out;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kKeyColumns) +
                    ", region FROM kms_keys WHERE account = ? AND key_id = ? ORDER BY region",
                {std::string(account), std::string(key_id)})) {
    out.emplace_back(row.Text(22), ToKey(row));
  }
  return out;
}

void KeyStore::DeleteKey(store::Transaction& tx, const core::Scope& scope,
                         std::string_view key_id) {
  const std::vector<store::Value> params{scope.account, scope.region, std::string(key_id)};
  tx.Exec("DELETE FROM kms_keys WHERE account = ? AND region = ? AND key_id = ?", params);
  tx.Exec("DELETE FROM kms_aliases WHERE account = ? AND region = ? AND key_id = ?", params);
  tx.Exec("DELETE FROM kms_tags WHERE account = ? AND region = ? AND key_id = ?", params);
  tx.Exec("DELETE FROM kms_grants WHERE account = ? AND region = ? AND key_id = ?", params);
  tx.Exec("DELETE FROM kms_key_materials WHERE account = ? AND region = ? AND key_id = ?", params);
  tx.Exec("DELETE FROM kms_import_tokens WHERE account = ? AND region = ? AND key_id = ?", params);
}

std::vector<KeyRecord> KeyStore::ListKeys(store::Transaction& tx, const core::Scope& scope,
                                          int64_t after, int64_t limit) {
  std::vector<KeyRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kKeyColumns) +
                    " FROM kms_keys WHERE account = ? AND region = ? AND seq > ? ORDER BY seq "
                    "LIMIT ?",
                {scope.account, scope.region, after, limit})) {
    out.push_back(ToKey(row));
  }
  return out;
}

std::optional<AliasRecord> KeyStore::FindAlias(store::Transaction& tx, const core::Scope& scope,
                                               std::string_view alias_name) {
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT alias_name, key_id, created_millis, updated_millis FROM kms_aliases WHERE account "
      "= ? AND region = ? AND alias_name = ?",
      {scope.account, scope.region, std::string(alias_name)});
  if (!row) return std::nullopt;
  return ToAlias(*row);
}

void KeyStore::PutAlias(store::Transaction& tx, const core::Scope& scope,
                        const AliasRecord& alias) {
  tx.Exec(
      "INSERT INTO kms_aliases (account, region, alias_name, key_id, created_millis, "
      "updated_millis) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, alias_name) DO "
      "UPDATE SET key_id = excluded.key_id, updated_millis = excluded.updated_millis",
      {scope.account, scope.region, alias.alias_name, alias.key_id, alias.created_millis,
       alias.updated_millis});
}

void KeyStore::DeleteAlias(store::Transaction& tx, const core::Scope& scope,
                           std::string_view alias_name) {
  tx.Exec("DELETE FROM kms_aliases WHERE account = ? AND region = ? AND alias_name = ?",
          {scope.account, scope.region, std::string(alias_name)});
}

std::vector<AliasRecord> KeyStore::ListAliases(store::Transaction& tx, const core::Scope& scope,
                                               const std::optional<std::string>& key_id,
                                               std::string_view after, int64_t limit) {
  std::vector<store::Row> rows;
  if (key_id) {
    rows = tx.Query(
        "SELECT alias_name, key_id, created_millis, updated_millis FROM kms_aliases WHERE "
        "account = ? AND region = ? AND key_id = ? AND alias_name > ? ORDER BY alias_name "
        "LIMIT ?",
        {scope.account, scope.region, *key_id, std::string(after), limit});
  } else {
    rows = tx.Query(
        "SELECT alias_name, key_id, created_millis, updated_millis FROM kms_aliases WHERE "
        "account = ? AND region = ? AND alias_name > ? ORDER BY alias_name LIMIT ?",
        {scope.account, scope.region, std::string(after), limit});
  }
  std::vector<AliasRecord> out;
  for (const store::Row& row : rows) out.push_back(ToAlias(row));
  return out;
}

std::vector<std::pair<std::string, std::string>> KeyStore::ListTags(store::Transaction& tx,
                                                                    const core::Scope& scope,
                                                                    std::string_view key_id,
                                                                    std::string_view after,
                                                                    int64_t limit) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const store::Row& row : tx.Query(
           "SELECT tag_key, tag_value FROM kms_tags WHERE account = ? AND region = ? AND key_id "
           "= ? AND tag_key > ? ORDER BY tag_key LIMIT ?",
           {scope.account, scope.region, std::string(key_id), std::string(after), limit})) {
    out.emplace_back(row.Text(0), row.Text(1));
  }
  return out;
}

int64_t KeyStore::CountTags(store::Transaction& tx, const core::Scope& scope,
                            std::string_view key_id) {
  return tx
      .QueryOne("SELECT COUNT(*) FROM kms_tags WHERE account = ? AND region = ? AND key_id = ?",
                {scope.account, scope.region, std::string(key_id)})
      ->Int(0);
}

void KeyStore::PutTag(store::Transaction& tx, const core::Scope& scope, std::string_view key_id,
                      std::string_view tag_key, std::string_view tag_value) {
  tx.Exec(
      "INSERT INTO kms_tags (account, region, key_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (account, region, key_id, tag_key) DO UPDATE SET tag_value = "
      "excluded.tag_value",
      {scope.account, scope.region, std::string(key_id), std::string(tag_key),
       std::string(tag_value)});
}

void KeyStore::DeleteTag(store::Transaction& tx, const core::Scope& scope, std::string_view key_id,
                         std::string_view tag_key) {
  tx.Exec("DELETE FROM kms_tags WHERE account = ? AND region = ? AND key_id = ? AND tag_key = ?",
          {scope.account, scope.region, std::string(key_id), std::string(tag_key)});
}

}  // namespace nimbus::kms
