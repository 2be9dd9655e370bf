#include "cloudformation/change_set_store.h"

namespace nimbus::cloudformation {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE cfn_change_sets (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, region TEXT "
    "NOT NULL, change_set_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, stack_id TEXT NOT NULL, "
    "stack_name TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, status_reason TEXT NOT "
    "NULL, final_status TEXT NOT NULL, final_reason TEXT NOT NULL, description TEXT NOT NULL, "
    "template_body TEXT NOT NULL, parameters TEXT NOT NULL, request TEXT NOT NULL, changes TEXT "
    "NOT NULL, client_token TEXT NOT NULL, operation_id TEXT NOT NULL, created_millis INTEGER "
    "NOT NULL, base_operation_id TEXT NOT NULL);"
    "CREATE INDEX cfn_change_sets_by_stack ON cfn_change_sets (stack_id, name);",
};

constexpr std::string_view kColumns =
    "seq, account, region, change_set_id, name, stack_id, stack_name, type, status, "
    "status_reason, final_status, final_reason, description, template_body, parameters, request, "
    "changes, client_token, operation_id, created_millis, base_operation_id";

std::string Text(std::string_view text) { return std::string(text); }

ChangeSetRecord FromRow(const store::Row& row) {
  return ChangeSetRecord{.change_set_id = row.Text(3),
                         .name = row.Text(4),
                         .stack_id = row.Text(5),
                         .stack_name = row.Text(6),
                         .scope = {.account = row.Text(1), .region = row.Text(2)},
                         .type = row.Text(7),
                         .status = row.Text(8),
                         .status_reason = row.Text(9),
                         .final_status = row.Text(10),
                         .final_reason = row.Text(11),
                         .description = row.Text(12),
                         .template_body = row.Text(13),
                         .parameters = row.Text(14),
                         .request = row.Text(15),
                         .changes = row.Text(16),
                         .client_token = row.Text(17),
                         .operation_id = row.Text(18),
                         .base_operation_id = row.Text(20),
                         .created_millis = row.Int(19),
                         .seq = row.Int(0)};
}

std::string Select(std::string_view where) {
  return "SELECT " + std::string(kColumns) + " FROM cfn_change_sets WHERE " + std::string(where);
}

}  // namespace

ChangeSetStore::ChangeSetStore(store::Database& db)
    : schema_(db, "cloudformation_change_sets", kMigrations) {}

void ChangeSetStore::Insert(store::Transaction& tx, const core::Scope& scope,
                            ChangeSetRecord* record) {
  schema_.Ensure();
  tx.Exec("INSERT INTO cfn_change_sets (" + std::string(kColumns.substr(5)) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {scope.account,          scope.region,
           record->change_set_id,  record->name,
           record->stack_id,       record->stack_name,
           record->type,           record->status,
           record->status_reason,  record->final_status,
           record->final_reason,   record->description,
           record->template_body,  record->parameters,
           record->request,        record->changes,
           record->client_token,   record->operation_id,
           record->created_millis, record->base_operation_id});
  record->seq = tx.LastInsertRowId();
  record->scope = scope;
}

void ChangeSetStore::Update(store::Transaction& tx, const ChangeSetRecord& record) {
  schema_.Ensure();
  tx.Exec(
      "UPDATE cfn_change_sets SET status = ?, status_reason = ?, operation_id = ? WHERE "
      "change_set_id = ?",
      {record.status, record.status_reason, record.operation_id, record.change_set_id});
}

std::optional<ChangeSetRecord> ChangeSetStore::FindById(store::Transaction& tx,
                                                        const core::Scope& scope,
                                                        std::string_view change_set_id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select("change_set_id = ? AND account = ? AND region = ?"),
                  {Text(change_set_id), scope.account, scope.region});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::optional<ChangeSetRecord> ChangeSetStore::FindAnywhere(store::Transaction& tx,
                                                            std::string_view change_set_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(Select("change_set_id = ?"), {Text(change_set_id)});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::optional<ChangeSetRecord> ChangeSetStore::FindByName(store::Transaction& tx,
                                                          std::string_view stack_id,
                                                          std::string_view name) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select("stack_id = ? AND name = ?"), {Text(stack_id), Text(name)});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::optional<ChangeSetRecord> ChangeSetStore::FindByToken(store::Transaction& tx,
                                                           std::string_view stack_id,
                                                           std::string_view token) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select("stack_id = ? AND client_token = ?"), {Text(stack_id), Text(token)});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::vector<ChangeSetRecord> ChangeSetStore::List(store::Transaction& tx, std::string_view stack_id,
                                                  int64_t after, int64_t limit) {
  schema_.Ensure();
  std::vector<ChangeSetRecord> records;
  for (const store::Row& row : tx.Query(Select("stack_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
                                        {Text(stack_id), after, limit})) {
    records.push_back(FromRow(row));
  }
  return records;
}

int64_t ChangeSetStore::Count(store::Transaction& tx, std::string_view stack_id) {
  schema_.Ensure();
  return tx.QueryOne("SELECT COUNT(*) FROM cfn_change_sets WHERE stack_id = ?", {Text(stack_id)})
      ->Int(0);
}

std::optional<std::string> ChangeSetStore::Executed(store::Transaction& tx,
                                                    std::string_view stack_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT change_set_id FROM cfn_change_sets WHERE stack_id = ? AND operation_id != '' "
      "ORDER BY seq DESC LIMIT 1",
      {Text(stack_id)});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void ChangeSetStore::Delete(store::Transaction& tx, std::string_view change_set_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_change_sets WHERE change_set_id = ?", {Text(change_set_id)});
}

void ChangeSetStore::DeleteOfStack(store::Transaction& tx, std::string_view stack_id,
                                   std::string_view keep) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_change_sets WHERE stack_id = ? AND change_set_id != ?",
          {Text(stack_id), Text(keep)});
}

}  // namespace nimbus::cloudformation
