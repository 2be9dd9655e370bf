#include "services/sts/credential_store.h"

namespace nimbus::sts {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE sts_credentials (access_key_id TEXT PRIMARY KEY, secret_access_key TEXT NOT "
    "NULL, session_token TEXT NOT NULL, account TEXT NOT NULL, arn TEXT NOT NULL, user_id TEXT "
    "NOT NULL, expires_millis INTEGER NOT NULL, created_millis INTEGER NOT NULL)",
};

}  // namespace

CredentialStore::CredentialStore(store::Database& db) : schema_(db, "sts", kMigrations) {}

void CredentialStore::Insert(store::Transaction& tx, const core::auth::KnownKey& key,
                             int64_t created_millis) {
  tx.Exec(
      "INSERT INTO sts_credentials (access_key_id, secret_access_key, session_token, account, "
      "arn, user_id, expires_millis, created_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {key.access_key_id, key.secret_access_key, key.session_token, key.account, key.arn,
       key.user_id, key.expires_millis, created_millis});
}

std::optional<core::auth::KnownKey> CredentialStore::FindKey(std::string_view access_key_id) const {
  // Every key this store issues starts with ASIA; the common AKIA/test keys need no lookup.
  if (access_key_id.substr(0, 4) != "ASIA") {
    return std::nullopt;
  }
  store::Transaction tx = schema_.Read();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT access_key_id, secret_access_key, session_token, account, arn, user_id, "
      "expires_millis FROM sts_credentials WHERE access_key_id = ?",
      {std::string(access_key_id)});
  if (!row) {
    return std::nullopt;
  }
  return core::auth::KnownKey{.access_key_id = row->Text(0),
                              .secret_access_key = row->Text(1),
                              .session_token = row->Text(2),
                              .account = row->Text(3),
                              .arn = row->Text(4),
                              .user_id = row->Text(5),
                              .expires_millis = row->Int(6)};
}

}  // namespace nimbus::sts
