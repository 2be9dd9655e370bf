#include "cloudformation/drift_store.h"

namespace nimbus::cloudformation {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE cfn_drift_detections (id TEXT PRIMARY KEY, stack_id TEXT NOT NULL, account "
    "TEXT NOT NULL, region TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, "
    "stack_drift_status TEXT NOT NULL, drifted_count INTEGER NOT NULL, timestamp_millis INTEGER "
    "NOT NULL, logical_ids TEXT NOT NULL, caller TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE cfn_stack_drifts (stack_id TEXT PRIMARY KEY, status TEXT NOT NULL, "
    "timestamp_millis INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE cfn_resource_drifts (stack_id TEXT NOT NULL, logical_id TEXT NOT NULL, status "
    "TEXT NOT NULL, timestamp_millis INTEGER NOT NULL, drift TEXT NOT NULL, PRIMARY KEY "
    "(stack_id, logical_id)) WITHOUT ROWID;",
};

constexpr std::string_view kDetectionColumns =
    "id, stack_id, account, region, status, reason, stack_drift_status, drifted_count, "
    "timestamp_millis, logical_ids, caller";

std::string Text(std::string_view text) { return std::string(text); }

DriftDetectionRecord DetectionFrom(const store::Row& row) {
  return {.id = row.Text(0),
          .stack_id = row.Text(1),
          .scope = {.account = row.Text(2), .region = row.Text(3)},
          .status = row.Text(4),
          .reason = row.Text(5),
          .stack_drift_status = row.Text(6),
          .drifted_count = row.Int(7),
          .timestamp_millis = row.Int(8),
          .logical_ids = row.Text(9),
          .caller = row.Text(10)};
}

}  // namespace

DriftStore::DriftStore(store::Database& db) : schema_(db, "cloudformation_drift", kMigrations) {}

void DriftStore::PutDetection(store::Transaction& tx, const DriftDetectionRecord& record) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO cfn_drift_detections (" + std::string(kDetectionColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {record.id, record.stack_id, record.scope.account, record.scope.region, record.status,
           record.reason, record.stack_drift_status, record.drifted_count, record.timestamp_millis,
           record.logical_ids, record.caller});
}

std::optional<DriftDetectionRecord> DriftStore::FindDetection(store::Transaction& tx,
                                                              const core::Scope& scope,
                                                              std::string_view id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kDetectionColumns) +
                      " FROM cfn_drift_detections WHERE id = ? AND account = ? AND region = ?",
                  {Text(id), scope.account, scope.region});
  if (!row) return std::nullopt;
  return DetectionFrom(*row);
}

std::optional<DriftDetectionRecord> DriftStore::FindDetectionAnywhere(store::Transaction& tx,
                                                                      std::string_view id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT " + std::string(kDetectionColumns) + " FROM cfn_drift_detections WHERE id = ?",
      {Text(id)});
  if (!row) return std::nullopt;
  return DetectionFrom(*row);
}

void DriftStore::PutStackDrift(store::Transaction& tx, std::string_view stack_id,
                               std::string_view status, int64_t timestamp_millis) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO cfn_stack_drifts (stack_id, status, timestamp_millis) VALUES (?, "
      "?, ?)",
      {Text(stack_id), Text(status), timestamp_millis});
}

std::optional<std::pair<std::string, int64_t>> DriftStore::StackDrift(store::Transaction& tx,
                                                                      std::string_view stack_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT status, timestamp_millis FROM cfn_stack_drifts WHERE stack_id = ?", {Text(stack_id)});
  if (!row) return std::nullopt;
  return std::make_pair(row->Text(0), row->Int(1));
}

void DriftStore::PutResourceDrift(store::Transaction& tx, std::string_view stack_id,
                                  const ResourceDriftRecord& record) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO cfn_resource_drifts (stack_id, logical_id, status, "
      "timestamp_millis, drift) VALUES (?, ?, ?, ?, ?)",
      {Text(stack_id), record.logical_id, record.status, record.timestamp_millis, record.drift});
}

std::vector<ResourceDriftRecord> DriftStore::ResourceDrifts(store::Transaction& tx,
                                                            std::string_view stack_id) {
  schema_.Ensure();
  std::vector<ResourceDriftRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT logical_id, status, timestamp_millis, drift FROM cfn_resource_drifts "
                "WHERE stack_id = ? ORDER BY logical_id",
                {Text(stack_id)})) {
    out.push_back({.logical_id = row.Text(0),
                   .status = row.Text(1),
                   .timestamp_millis = row.Int(2),
                   .drift = row.Text(3)});
  }
  return out;
}

}  // namespace nimbus::cloudformation
