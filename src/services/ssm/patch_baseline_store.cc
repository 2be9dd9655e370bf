#include "services/ssm/patch_baseline_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace nimbus::ssm {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE ssm_patch_baselines (account TEXT NOT NULL, region TEXT NOT NULL, baseline_id "
    "TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (account, region, "
    "baseline_id)) WITHOUT ROWID;"
    "CREATE TABLE ssm_patch_groups (account TEXT NOT NULL, region TEXT NOT NULL, patch_group "
    "TEXT NOT NULL, operating_system TEXT NOT NULL, baseline_id TEXT NOT NULL, PRIMARY KEY "
    "(account, region, patch_group, operating_system)) WITHOUT ROWID;"
    "CREATE TABLE ssm_default_patch_baselines (account TEXT NOT NULL, region TEXT NOT NULL, "
    "operating_system TEXT NOT NULL, baseline_id TEXT NOT NULL, PRIMARY KEY (account, region, "
    "operating_system)) WITHOUT ROWID;",
};

}  // namespace

PatchBaselineStore::PatchBaselineStore(store::Database& db)
    : schema_(db, "ssm_patch_baselines", kMigrations) {}

void PatchBaselineStore::Put(store::Transaction& tx, const core::Scope& scope,
                             std::string_view baseline_id, const boost::json::object& body) {
  schema_.Ensure();
  tx.Exec(
      "INSERT INTO ssm_patch_baselines (account, region, baseline_id, seq, body) VALUES (?, ?, "
      "?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ssm_patch_baselines), ?) ON CONFLICT (account, "
      "region, baseline_id) DO UPDATE SET body = excluded.body",
      {scope.account, scope.region, std::string(baseline_id), boost::json::serialize(body)});
}

std::optional<boost::json::object> PatchBaselineStore::Find(store::Transaction& tx,
                                                            const core::Scope& scope,
                                                            std::string_view baseline_id) {
  schema_.Ensure();
  auto row = tx.QueryOne(
      "SELECT body FROM ssm_patch_baselines WHERE account = ? AND region = ? AND baseline_id = ?",
      {scope.account, scope.region, std::string(baseline_id)});
  if (!row) return std::nullopt;
  return boost::json::parse(row->Text(0)).as_object();
}

std::vector<boost::json::object> PatchBaselineStore::List(store::Transaction& tx,
                                                          const core::Scope& scope) {
  schema_.Ensure();
  std::vector<boost::json::object> out;
  for (const store::Row& row :
       tx.Query("SELECT body FROM ssm_patch_baselines WHERE account = ? AND region = ? ORDER "
                "BY seq",
                {scope.account, scope.region})) {
    out.push_back(boost::json::parse(row.Text(0)).as_object());
  }
  return out;
}

void PatchBaselineStore::Delete(store::Transaction& tx, const core::Scope& scope,
                                std::string_view baseline_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM ssm_patch_baselines WHERE account = ? AND region = ? AND baseline_id = ?",
          {scope.account, scope.region, std::string(baseline_id)});
}

void PatchBaselineStore::PutGroup(store::Transaction& tx, const core::Scope& scope,
                                  const PatchGroupMapping& m) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO ssm_patch_groups (account, region, patch_group, operating_system, "
      "baseline_id) VALUES (?, ?, ?, ?, ?)",
      {scope.account, scope.region, m.patch_group, m.operating_system, m.baseline_id});
}

void PatchBaselineStore::DeleteGroup(store::Transaction& tx, const core::Scope& scope,
                                     std::string_view patch_group,
                                     std::string_view operating_system) {
  schema_.Ensure();
  tx.Exec(
      "DELETE FROM ssm_patch_groups WHERE account = ? AND region = ? AND patch_group = ? AND "
      "operating_system = ?",
      {scope.account, scope.region, std::string(patch_group), std::string(operating_system)});
}

std::vector<PatchGroupMapping> PatchBaselineStore::Groups(store::Transaction& tx,
                                                          const core::Scope& scope) {
  schema_.Ensure();
  std::vector<PatchGroupMapping> out;
  for (const store::Row& row :
       tx.Query("SELECT patch_group, operating_system, baseline_id FROM ssm_patch_groups WHERE "
                "account = ? AND region = ? ORDER BY patch_group, operating_system",
                {scope.account, scope.region})) {
    out.push_back({row.Text(0), row.Text(1), row.Text(2)});
  }
  return out;
}

std::optional<std::string> PatchBaselineStore::Default(store::Transaction& tx,
                                                       const core::Scope& scope,
                                                       std::string_view operating_system) {
  schema_.Ensure();
  auto row = tx.QueryOne(
      "SELECT baseline_id FROM ssm_default_patch_baselines WHERE account = ? AND region = ? AND "
      "operating_system = ?",
      {scope.account, scope.region, std::string(operating_system)});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void PatchBaselineStore::PutDefault(store::Transaction& tx, const core::Scope& scope,
                                    std::string_view operating_system,
                                    std::string_view baseline_id) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO ssm_default_patch_baselines (account, region, operating_system, "
      "baseline_id) VALUES (?, ?, ?, ?)",
      {scope.account, scope.region, std::string(operating_system), std::string(baseline_id)});
}

void PatchBaselineStore::DeleteDefault(store::Transaction& tx, const core::Scope& scope,
                                       std::string_view operating_system) {
  schema_.Ensure();
  tx.Exec(
      "DELETE FROM ssm_default_patch_baselines WHERE account = ? AND region = ? AND "
      "operating_system = ?",
      {scope.account, scope.region, std::string(operating_system)});
}

}  // namespace nimbus::ssm
