#include "services/s3/s3_config_store.h"

#include <vector>

namespace nimbus::s3 {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE s3_bucket_configs (bucket TEXT NOT NULL, kind TEXT NOT NULL, document TEXT "
    "NOT NULL, PRIMARY KEY (bucket, kind)) WITHOUT ROWID",
};

}  // namespace

S3ConfigStore::S3ConfigStore(store::Database& db) : schema_(db, "s3_config", kMigrations) {}

std::optional<std::string> S3ConfigStore::Find(store::Transaction& tx, std::string_view bucket,
                                               std::string_view kind) const {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne("SELECT document FROM s3_bucket_configs WHERE bucket = ? AND kind = ?",
                  {std::string(bucket), std::string(kind)});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void S3ConfigStore::Put(store::Transaction& tx, std::string_view bucket, std::string_view kind,
                        std::string_view document) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO s3_bucket_configs (bucket, kind, document) VALUES (?, ?, ?)",
          {std::string(bucket), std::string(kind), std::string(document)});
}

void S3ConfigStore::Delete(store::Transaction& tx, std::string_view bucket,
                           std::string_view kind) {
  schema_.Ensure();
  tx.Exec("DELETE FROM s3_bucket_configs WHERE bucket = ? AND kind = ?",
          {std::string(bucket), std::string(kind)});
}

void S3ConfigStore::DeleteAll(store::Transaction& tx, std::string_view bucket) {
  schema_.Ensure();
  tx.Exec("DELETE FROM s3_bucket_configs WHERE bucket = ?", {std::string(bucket)});
}

}  // namespace nimbus::s3
