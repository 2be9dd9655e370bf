#include "services/kms/grant_store.h"

#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace nimbus::kms {

namespace json = boost::json;

namespace {

constexpr std::string_view kColumns =
    "grant_id, key_id, name, grantee, retiring, operations, constraints, issuing_account, "
    "created_millis, token";
constexpr std::string_view kSelect =
    "SELECT rowid, account, grant_id, key_id, name, grantee, retiring, operations, constraints, "
    "issuing_account, created_millis, token FROM kms_grants ";

GrantRecord ToGrant(const store::Row& row) {
  GrantRecord grant{.seq = row.Int(0),
                    .account = row.Text(1),
                    .grant_id = row.Text(2),
                    .key_id = row.Text(3),
                    .name = row.Text(4),
                    .grantee = row.Text(5),
                    .retiring = row.OptText(6),
                    .constraints = row.OptText(8),
                    .issuing_account = row.Text(9),
                    .created_millis = row.Int(10),
                    .token = row.Text(11)};
  const json::value operations = json::parse(row.Text(7));
  for (const json::value& op : operations.as_array()) {
    grant.operations.emplace_back(op.as_string());
  }
  return grant;
}

store::Value OptText(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}

std::vector<GrantRecord> ToGrants(const std::vector<store::Row>& rows) {
  std::vector<GrantRecord> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) out.push_back(ToGrant(row));
  return out;
}

}  // namespace

void GrantStore::Insert(store::Transaction& tx, const core::Scope& scope,
                        const GrantRecord& grant) {
  json::array operations;
  for (const std::string& op : grant.operations) operations.emplace_back(op);
  tx.Exec("INSERT INTO kms_grants (account, region, " + std::string(kColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {scope.account, scope.region, grant.grant_id, grant.key_id, grant.name, grant.grantee,
           OptText(grant.retiring), json::serialize(operations), OptText(grant.constraints),
           grant.issuing_account, grant.created_millis, grant.token});
}

std::optional<GrantRecord> GrantStore::Find(store::Transaction& tx, const core::Scope& scope,
                                            std::string_view grant_id) {
  std::optional<store::Row> row =
      tx.QueryOne(std::string(kSelect) + "WHERE account = ? AND region = ? AND grant_id = ?",
                  {scope.account, scope.region, std::string(grant_id)});
  if (!row) return std::nullopt;
  return ToGrant(*row);
}

std::optional<GrantRecord> GrantStore::FindByName(store::Transaction& tx, const core::Scope& scope,
                                                  std::string_view key_id, std::string_view name) {
  std::optional<store::Row> row = tx.QueryOne(
      std::string(kSelect) +
          "WHERE account = ? AND region = ? AND key_id = ? AND name = ? ORDER BY rowid DESC",
      {scope.account, scope.region, std::string(key_id), std::string(name)});
  if (!row) return std::nullopt;
  return ToGrant(*row);
}

bool GrantStore::Delete(store::Transaction& tx, const core::Scope& scope,
                        std::string_view grant_id) {
  return tx.Exec("DELETE FROM kms_grants WHERE account = ? AND region = ? AND grant_id = ?",
                 {scope.account, scope.region, std::string(grant_id)}) > 0;
}

std::vector<GrantRecord> GrantStore::ListForKey(store::Transaction& tx, const core::Scope& scope,
                                                std::string_view key_id, int64_t after,
                                                int64_t limit) {
  return ToGrants(tx.Query(std::string(kSelect) +
                               "WHERE account = ? AND region = ? AND key_id = ? AND rowid > ? "
                               "ORDER BY rowid LIMIT ?",
                           {scope.account, scope.region, std::string(key_id), after, limit}));
}

std::vector<GrantRecord> GrantStore::ListRetirable(store::Transaction& tx, std::string_view region,
                                                   std::string_view retiring, int64_t after,
                                                   int64_t limit) {
  return ToGrants(tx.Query(std::string(kSelect) +
                               "WHERE retiring = ? AND region = ? AND rowid > ? ORDER BY rowid "
                               "LIMIT ?",
                           {std::string(retiring), std::string(region), after, limit}));
}

std::vector<GrantRecord> GrantStore::Allowing(store::Transaction& tx, const core::Scope& scope,
                                              std::string_view key_id,
                                              const std::vector<std::string>& grantees,
                                              std::string_view operation) {
  std::vector<GrantRecord> out;
  for (const std::string& grantee : grantees) {
    for (const store::Row& row :
         tx.Query(std::string(kSelect) +
                      "WHERE account = ? AND region = ? AND key_id = ? AND grantee = ?",
                  {scope.account, scope.region, std::string(key_id), grantee})) {
      GrantRecord grant = ToGrant(row);
      for (const std::string& op : grant.operations) {
        if (op != operation) continue;
        out.push_back(std::move(grant));
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> GrantStore::AccountsGranting(store::Transaction& tx,
                                                     std::string_view region,
                                                     std::string_view key_id,
                                                     const std::vector<std::string>& grantees) {
  std::vector<std::string> accounts;
  for (const std::string& grantee : grantees) {
    for (const store::Row& row :
         tx.Query("SELECT DISTINCT account FROM kms_grants WHERE region = ? AND key_id = ? AND "
                  "grantee = ?",
                  {std::string(region), std::string(key_id), grantee})) {
      accounts.push_back(row.Text(0));
    }
  }
  return accounts;
}

void GrantStore::DeleteForKey(store::Transaction& tx, const core::Scope& scope,
                              std::string_view key_id) {
  tx.Exec("DELETE FROM kms_grants WHERE account = ? AND region = ? AND key_id = ?",
          {scope.account, scope.region, std::string(key_id)});
}

}  // namespace nimbus::kms
