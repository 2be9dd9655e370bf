#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE ssm_tags (account TEXT NOT NULL, region TEXT NOT NULL, resource_type TEXT NOT "
    "NULL, resource_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY "
    "(account, region, resource_type, resource_id, key)) WITHOUT ROWID;"
    "CREATE INDEX ssm_tags_by_key ON ssm_tags (account, region, resource_type, key, value);",
    // "Does resource r have tag k (= v)?", asked per candidate by tag filters: keys that start
    // with the resource id are told apart at their first column, while the primary key and
    // ssm_tags_by_key compare the same account, region and type on every step of the descent.
    "CREATE INDEX ssm_tags_by_resource ON ssm_tags (resource_id, key, value);",
};

}  // namespace

TagStore::TagStore(store::Database& db) : schema_(db, "ssm_tags", kMigrations) {}

const std::vector<std::string>& TagStore::Migrations() { return kMigrations; }

void TagStore::Put(store::Transaction& tx, const core::Scope& scope, std::string_view resource_type,
                   std::string_view resource_id, const std::map<std::string, std::string>& tags) {
  schema_.Ensure();
  for (const auto& [key, value] : tags) {
    tx.Exec(
        "INSERT INTO ssm_tags (account, region, resource_type, resource_id, key, value) VALUES "
        "(?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, resource_type, resource_id, key) DO "
        "UPDATE SET value = excluded.value",
        {scope.account, scope.region, std::string(resource_type), std::string(resource_id), key,
         value});
  }
}

void TagStore::Remove(store::Transaction& tx, const core::Scope& scope,
                      std::string_view resource_type, std::string_view resource_id,
                      const std::vector<std::string>& keys) {
  schema_.Ensure();
  for (const std::string& key : keys) {
    tx.Exec(
        "DELETE FROM ssm_tags WHERE account = ? AND region = ? AND resource_type = ? AND "
        "resource_id = ? AND key = ?",
        {scope.account, scope.region, std::string(resource_type), std::string(resource_id), key});
  }
}

void TagStore::RemoveAll(store::Transaction& tx, const core::Scope& scope,
                         std::string_view resource_type, std::string_view resource_id) {
  schema_.Ensure();
  tx.Exec(
      "DELETE FROM ssm_tags WHERE account = ? AND region = ? AND resource_type = ? AND "
      "resource_id = ?",
      {scope.account, scope.region, std::string(resource_type), std::string(resource_id)});
}

std::map<std::string, std::string> TagStore::List(store::Transaction& tx, const core::Scope& scope,
                                                  std::string_view resource_type,
                                                  std::string_view resource_id) {
  schema_.Ensure();
  std::map<std::string, std::string> tags;
  for (const store::Row& row : tx.Query(
           "SELECT key, value FROM ssm_tags WHERE account = ? AND region = ? AND resource_type = "
           "? AND resource_id = ? ORDER BY key",
           {scope.account, scope.region, std::string(resource_type), std::string(resource_id)})) {
    tags[row.Text(0)] = row.Text(1);
  }
  return tags;
}

}  // namespace nimbus::ssm
