#include "services/ssm/document_store.h"

namespace nimbus::ssm {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE ssm_documents (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT "
    "NULL, document_type TEXT NOT NULL, target_type TEXT NOT NULL, display_name TEXT NOT NULL, "
    "default_version INTEGER NOT NULL, latest_version INTEGER NOT NULL, created_millis INTEGER "
    "NOT NULL, PRIMARY KEY (account, region, name)) WITHOUT ROWID;"
    "CREATE TABLE ssm_document_versions (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT "
    "NOT NULL, version INTEGER NOT NULL, version_name TEXT NOT NULL, content TEXT NOT NULL, "
    "format TEXT NOT NULL, hash TEXT NOT NULL, requires TEXT NOT NULL, created_millis INTEGER "
    "NOT NULL, PRIMARY KEY (account, region, name, version)) WITHOUT ROWID;"
    "CREATE TABLE ssm_document_shares (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT "
    "NOT NULL, shared_with TEXT NOT NULL, shared_version TEXT NOT NULL, PRIMARY KEY (account, "
    "region, name, shared_with)) WITHOUT ROWID;"
    "CREATE INDEX ssm_document_shares_by_account ON ssm_document_shares (shared_with, region);",
};

constexpr std::string_view kDocumentColumns =
    "account, region, name, document_type, target_type, display_name, default_version, "
    "latest_version, created_millis";

constexpr std::string_view kVersionColumns =
    "version, version_name, content, format, hash, requires, created_millis";

DocumentRecord ToDocument(const store::Row& row) {
  return {.scope = {.account = row.Text(0), .region = row.Text(1)},
          .name = row.Text(2),
          .document_type = row.Text(3),
          .target_type = row.Text(4),
          .display_name = row.Text(5),
          .default_version = row.Int(6),
          .latest_version = row.Int(7),
          .created_millis = row.Int(8)};
}

DocumentVersionRecord ToVersion(const store::Row& row) {
  return {.version = row.Int(0),
          .version_name = row.Text(1),
          .content = row.Text(2),
          .format = row.Text(3),
          .hash = row.Text(4),
          .requires_json = row.Text(5),
          .created_millis = row.Int(6)};
}

}  // namespace

DocumentStore::DocumentStore(store::Database& db) : schema_(db, "ssm_documents", kMigrations) {}

void DocumentStore::Put(store::Transaction& tx, const DocumentRecord& d) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO ssm_documents (" + std::string(kDocumentColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {d.scope.account, d.scope.region, d.name, d.document_type, d.target_type, d.display_name,
           d.default_version, d.latest_version, d.created_millis});
}

std::optional<DocumentRecord> DocumentStore::Find(store::Transaction& tx, const core::Scope& scope,
                                                  std::string_view name) {
  schema_.Ensure();
  auto row = tx.QueryOne("SELECT " + std::string(kDocumentColumns) +
                             " FROM ssm_documents WHERE account = ? AND region = ? AND name = ?",
                         {scope.account, scope.region, std::string(name)});
  if (!row) return std::nullopt;
  return ToDocument(*row);
}

std::vector<DocumentRecord> DocumentStore::List(store::Transaction& tx, const core::Scope& scope) {
  schema_.Ensure();
  std::vector<DocumentRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kDocumentColumns) +
                    " FROM ssm_documents WHERE account = ? AND region = ? ORDER BY name",
                {scope.account, scope.region})) {
    out.push_back(ToDocument(row));
  }
  return out;
}

void DocumentStore::Delete(store::Transaction& tx, const core::Scope& scope,
                           std::string_view name) {
  schema_.Ensure();
  for (std::string_view table : {"ssm_documents", "ssm_document_versions", "ssm_document_shares"}) {
    tx.Exec("DELETE FROM " + std::string(table) + " WHERE account = ? AND region = ? AND name = ?",
            {scope.account, scope.region, std::string(name)});
  }
}

void DocumentStore::PutVersion(store::Transaction& tx, const core::Scope& scope,
                               std::string_view name, const DocumentVersionRecord& v) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO ssm_document_versions (account, region, name, " +
              std::string(kVersionColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {scope.account, scope.region, std::string(name), v.version, v.version_name, v.content,
           v.format, v.hash, v.requires_json, v.created_millis});
}

std::optional<DocumentVersionRecord> DocumentStore::FindVersion(store::Transaction& tx,
                                                                const core::Scope& scope,
                                                                std::string_view name,
                                                                int64_t version) {
  schema_.Ensure();
  auto row = tx.QueryOne("SELECT " + std::string(kVersionColumns) +
                             " FROM ssm_document_versions WHERE account = ? AND region = ? AND "
                             "name = ? AND version = ?",
                         {scope.account, scope.region, std::string(name), version});
  if (!row) return std::nullopt;
  return ToVersion(*row);
}

std::vector<DocumentVersionRecord> DocumentStore::Versions(store::Transaction& tx,
                                                           const core::Scope& scope,
                                                           std::string_view name) {
  schema_.Ensure();
  std::vector<DocumentVersionRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kVersionColumns) +
                    " FROM ssm_document_versions WHERE account = ? AND region = ? AND name = ? "
                    "ORDER BY version",
                {scope.account, scope.region, std::string(name)})) {
    out.push_back(ToVersion(row));
  }
  return out;
}

void DocumentStore::DeleteVersion(store::Transaction& tx, const core::Scope& scope,
                                  std::string_view name, int64_t version) {
  schema_.Ensure();
  tx.Exec(
      "DELETE FROM ssm_document_versions WHERE account = ? AND region = ? AND name = ? AND "
      "version = ?",
      {scope.account, scope.region, std::string(name), version});
}

void DocumentStore::PutShare(store::Transaction& tx, const core::Scope& scope,
                             std::string_view name, const DocumentShare& share) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO ssm_document_shares (account, region, name, shared_with, "
      "shared_version) VALUES (?, ?, ?, ?, ?)",
      {scope.account, scope.region, std::string(name), share.account, share.version});
}

void DocumentStore::RemoveShare(store::Transaction& tx, const core::Scope& scope,
                                std::string_view name, std::string_view account) {
  schema_.Ensure();
  tx.Exec(
      "DELETE FROM ssm_document_shares WHERE account = ? AND region = ? AND name = ? AND "
      "shared_with = ?",
      {scope.account, scope.region, std::string(name), std::string(account)});
}

std::vector<DocumentShare> DocumentStore::Shares(store::Transaction& tx, const core::Scope& scope,
                                                 std::string_view name) {
  schema_.Ensure();
  std::vector<DocumentShare> out;
  for (const store::Row& row :
       tx.Query("SELECT shared_with, shared_version FROM ssm_document_shares WHERE account = ? "
                "AND region = ? AND name = ? ORDER BY shared_with",
                {scope.account, scope.region, std::string(name)})) {
    out.push_back({.account = row.Text(0), .version = row.Text(1)});
  }
  return out;
}

std::vector<std::pair<DocumentRecord, std::string>> DocumentStore::SharedWith(
    store::Transaction& tx, std::string_view account, std::string_view region) {
  schema_.Ensure();
  std::vector<std::pair<DocumentRecord, std::string>> out;
  std::string columns;
  for (std::string_view c :
       {"account", "region", "name", "document_type", "target_type", "display_name",
        "default_version", "latest_version", "created_millis"}) {
    columns += (columns.empty() ? "d." : ", d.") + std::string(c);
  }
  for (const store::Row& row : tx.Query(
           "SELECT " + columns +
               ", s.shared_version FROM ssm_document_shares s JOIN ssm_documents d ON d.account = "
               "s.account AND d.region = s.region AND d.name = s.name WHERE s.shared_with IN (?, "
               "'all') AND s.region = ? AND s.account <> ? ORDER BY d.name, d.account",
           {std::string(account), std::string(region), std::string(account)})) {
    out.emplace_back(ToDocument(row), row.Text(9));
  }
  return out;
}

}  // namespace nimbus::ssm
