#include "cloudformation/wait_condition_store.h"

namespace nimbus::cloudformation {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE cfn_wait_handles (stack_id TEXT NOT NULL, logical_id TEXT NOT NULL, secret "
    "TEXT NOT NULL, PRIMARY KEY (stack_id, logical_id)) WITHOUT ROWID;"
    // `seq` keeps the order in which UniqueIds first arrived; a repeated one keeps its place.
    "CREATE TABLE cfn_wait_signals (seq INTEGER PRIMARY KEY, stack_id TEXT NOT NULL, logical_id "
    "TEXT NOT NULL, unique_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, data "
    "TEXT NOT NULL, UNIQUE (stack_id, logical_id, unique_id));"
    "CREATE TABLE cfn_wait_conditions (stack_id TEXT NOT NULL, logical_id TEXT NOT NULL, "
    "handle_stack_id TEXT NOT NULL, handle_logical_id TEXT NOT NULL, count INTEGER NOT NULL, "
    "deadline_millis INTEGER NOT NULL, PRIMARY KEY (stack_id, logical_id)) WITHOUT ROWID;",
};

std::string Text(std::string_view text) { return std::string(text); }

}  // namespace

WaitConditionStore::WaitConditionStore(store::Database& db)
    : schema_(db, "cloudformation_wait", kMigrations) {}

void WaitConditionStore::PutHandle(store::Transaction& tx, std::string_view stack_id,
                                   std::string_view logical_id, std::string_view secret) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO cfn_wait_handles (stack_id, logical_id, secret) VALUES (?, ?, ?)",
          {Text(stack_id), Text(logical_id), Text(secret)});
}

std::optional<std::string> WaitConditionStore::HandleSecret(store::Transaction& tx,
                                                            std::string_view stack_id,
                                                            std::string_view logical_id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne("SELECT secret FROM cfn_wait_handles WHERE stack_id = ? AND logical_id = ?",
                  {Text(stack_id), Text(logical_id)});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void WaitConditionStore::DeleteHandle(store::Transaction& tx, std::string_view stack_id,
                                      std::string_view logical_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_wait_handles WHERE stack_id = ? AND logical_id = ?",
          {Text(stack_id), Text(logical_id)});
  tx.Exec("DELETE FROM cfn_wait_signals WHERE stack_id = ? AND logical_id = ?",
          {Text(stack_id), Text(logical_id)});
}

void WaitConditionStore::PutSignal(store::Transaction& tx, std::string_view stack_id,
                                   std::string_view logical_id, const WaitSignal& signal) {
  schema_.Ensure();
  tx.Exec(
      "INSERT INTO cfn_wait_signals (stack_id, logical_id, unique_id, status, reason, data) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stack_id, logical_id, unique_id) DO UPDATE SET "
      "status = excluded.status, reason = excluded.reason, data = excluded.data",
      {Text(stack_id), Text(logical_id), signal.unique_id, signal.status, signal.reason,
       signal.data});
}

std::vector<WaitSignal> WaitConditionStore::Signals(store::Transaction& tx,
                                                    std::string_view stack_id,
                                                    std::string_view logical_id) {
  schema_.Ensure();
  std::vector<WaitSignal> signals;
  for (const store::Row& row :
       tx.Query("SELECT unique_id, status, reason, data FROM cfn_wait_signals WHERE stack_id = ? "
                "AND logical_id = ? ORDER BY seq",
                {Text(stack_id), Text(logical_id)})) {
    signals.push_back({.unique_id = row.Text(0),
                       .status = row.Text(1),
                       .reason = row.Text(2),
                       .data = row.Text(3)});
  }
  return signals;
}

void WaitConditionStore::PutCondition(store::Transaction& tx, const WaitConditionRecord& record) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO cfn_wait_conditions (stack_id, logical_id, handle_stack_id, "
      "handle_logical_id, count, deadline_millis) VALUES (?, ?, ?, ?, ?, ?)",
      {record.stack_id, record.logical_id, record.handle_stack_id, record.handle_logical_id,
       record.count, record.deadline_millis});
}

std::optional<WaitConditionRecord> WaitConditionStore::Condition(store::Transaction& tx,
                                                                 std::string_view stack_id,
                                                                 std::string_view logical_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT handle_stack_id, handle_logical_id, count, deadline_millis FROM "
      "cfn_wait_conditions WHERE stack_id = ? AND logical_id = ?",
      {Text(stack_id), Text(logical_id)});
  if (!row) return std::nullopt;
  return WaitConditionRecord{.stack_id = Text(stack_id),
                             .logical_id = Text(logical_id),
                             .handle_stack_id = row->Text(0),
                             .handle_logical_id = row->Text(1),
                             .count = row->Int(2),
                             .deadline_millis = row->Int(3)};
}

void WaitConditionStore::DeleteCondition(store::Transaction& tx, std::string_view stack_id,
                                         std::string_view logical_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_wait_conditions WHERE stack_id = ? AND logical_id = ?",
          {Text(stack_id), Text(logical_id)});
}

void WaitConditionStore::DeleteStack(store::Transaction& tx, std::string_view stack_id) {
  schema_.Ensure();
  for (const char* table : {"cfn_wait_handles", "cfn_wait_signals", "cfn_wait_conditions"}) {
    tx.Exec("DELETE FROM " + std::string(table) + " WHERE stack_id = ?", {Text(stack_id)});
  }
}

}  // namespace nimbus::cloudformation
