#include "services/ssm/maintenance_window_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace nimbus::ssm {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE ssm_maintenance_windows (account TEXT NOT NULL, region TEXT NOT NULL, "
    "window_id TEXT NOT NULL, kind INTEGER NOT NULL, item_id TEXT NOT NULL, seq INTEGER NOT "
    "NULL, body TEXT NOT NULL, PRIMARY KEY (account, region, window_id, kind, item_id)) WITHOUT "
    "ROWID;",
};

int64_t KindNumber(WindowItem kind) { return static_cast<int64_t>(kind); }

}  // namespace

MaintenanceWindowStore::MaintenanceWindowStore(store::Database& db)
    : schema_(db, "ssm_maintenance_windows", kMigrations) {}

void MaintenanceWindowStore::Put(store::Transaction& tx, const core::Scope& scope,
                                 std::string_view window_id, WindowItem kind,
                                 std::string_view item_id, const boost::json::object& body) {
  schema_.Ensure();
  // A replaced item keeps its place in the listing: seq is only taken when it is new.
  tx.Exec(
      "INSERT INTO ssm_maintenance_windows (account, region, window_id, kind, item_id, seq, "
      "body) VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "
      "ssm_maintenance_windows), ?) ON CONFLICT (account, region, window_id, kind, item_id) DO "
      "UPDATE SET body = excluded.body",
      {scope.account, scope.region, std::string(window_id), KindNumber(kind), std::string(item_id),
       boost::json::serialize(body)});
}

std::optional<boost::json::object> MaintenanceWindowStore::Find(store::Transaction& tx,
                                                                const core::Scope& scope,
                                                                std::string_view window_id,
                                                                WindowItem kind,
                                                                std::string_view item_id) {
  schema_.Ensure();
  auto row = tx.QueryOne(
      "SELECT body FROM ssm_maintenance_windows WHERE account = ? AND region = ? AND window_id "
      "= ? AND kind = ? AND item_id = ?",
      {scope.account, scope.region, std::string(window_id), KindNumber(kind),
       std::string(item_id)});
  if (!row) return std::nullopt;
  return boost::json::parse(row->Text(0)).as_object();
}

std::vector<boost::json::object> MaintenanceWindowStore::List(store::Transaction& tx,
                                                              const core::Scope& scope,
                                                              WindowItem kind,
                                                              std::string_view window_id) {
  schema_.Ensure();
  std::vector<boost::json::object> out;
  for (const store::Row& row : tx.Query(
           "SELECT body FROM ssm_maintenance_windows WHERE account = ? AND region = ? AND kind = "
           "? AND (? = '' OR window_id = ?) ORDER BY window_id, seq",
           {scope.account, scope.region, KindNumber(kind), std::string(window_id),
            std::string(window_id)})) {
    out.push_back(boost::json::parse(row.Text(0)).as_object());
  }
  return out;
}

void MaintenanceWindowStore::Delete(store::Transaction& tx, const core::Scope& scope,
                                    std::string_view window_id, WindowItem kind,
                                    std::string_view item_id) {
  schema_.Ensure();
  tx.Exec(
      "DELETE FROM ssm_maintenance_windows WHERE account = ? AND region = ? AND window_id = ? "
      "AND kind = ? AND item_id = ?",
      {scope.account, scope.region, std::string(window_id), KindNumber(kind),
       std::string(item_id)});
}

void MaintenanceWindowStore::DeleteWindow(store::Transaction& tx, const core::Scope& scope,
                                          std::string_view window_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM ssm_maintenance_windows WHERE account = ? AND region = ? AND window_id = ?",
          {scope.account, scope.region, std::string(window_id)});
}

}  // namespace nimbus::ssm
