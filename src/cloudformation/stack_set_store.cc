#include "cloudformation/stack_set_store.h"

namespace nimbus::cloudformation {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE cfn_stack_sets (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, region TEXT "
    "NOT NULL, stack_set_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, status TEXT NOT NULL, "
    "description TEXT NOT NULL, template_body TEXT NOT NULL, parameters TEXT NOT NULL, "
    "capabilities TEXT NOT NULL, tags TEXT NOT NULL, admin_role_arn TEXT NOT NULL, "
    "execution_role_name TEXT NOT NULL, permission_model TEXT NOT NULL, managed_execution TEXT "
    "NOT NULL, client_token TEXT NOT NULL, created_millis INTEGER NOT NULL);"
    "CREATE INDEX cfn_stack_sets_by_name ON cfn_stack_sets (account, region, name, status);"
    "CREATE TABLE cfn_stack_instances (seq INTEGER PRIMARY KEY, stack_set_id TEXT NOT NULL, "
    "account TEXT NOT NULL, region TEXT NOT NULL, stack_id TEXT NOT NULL, parameter_overrides "
    "TEXT NOT NULL, status TEXT NOT NULL, detailed_status TEXT NOT NULL, status_reason TEXT NOT "
    "NULL, drift_status TEXT NOT NULL, last_operation_id TEXT NOT NULL, UNIQUE (stack_set_id, "
    "account, region));"
    "CREATE TABLE cfn_stack_set_operations (seq INTEGER PRIMARY KEY, stack_set_id TEXT NOT NULL, "
    "operation_id TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL, status_reason TEXT "
    "NOT NULL, preferences TEXT NOT NULL, retain_stacks INTEGER, admin_role_arn TEXT NOT NULL, "
    "execution_role_name TEXT NOT NULL, created_millis INTEGER NOT NULL, ended_millis INTEGER, "
    "targets TEXT NOT NULL, UNIQUE (stack_set_id, operation_id));"
    "CREATE TABLE cfn_stack_set_results (stack_set_id TEXT NOT NULL, operation_id TEXT NOT NULL, "
    "position INTEGER NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, status TEXT NOT "
    "NULL, status_reason TEXT NOT NULL, PRIMARY KEY (stack_set_id, operation_id, position));",
    // A page of ListStackInstances walks its set in seq order from the token on, instead of
    // sorting the whole set (half a second with 10,000 instances under load; bench/stack_sets.py).
    "CREATE INDEX cfn_stack_instances_by_set ON cfn_stack_instances (stack_set_id, seq);",
    // Set drift detection (stack_set_drift.h): when the instance's stack was last checked.
    "ALTER TABLE cfn_stack_instances ADD COLUMN last_drift_check_millis INTEGER;",
    // Service-managed sets: AutoDeployment and the OUs targeted in which regions; the OU through
    // which each instance's account was reached.
    "ALTER TABLE cfn_stack_sets ADD COLUMN auto_deployment TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE cfn_stack_sets ADD COLUMN ou_targets TEXT NOT NULL DEFAULT '{}';"
    "ALTER TABLE cfn_stack_instances ADD COLUMN organizational_unit_id TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE cfn_stack_set_results ADD COLUMN organizational_unit_id TEXT NOT NULL DEFAULT '';",
};

constexpr std::string_view kSetColumns =
    "seq, account, region, stack_set_id, name, status, description, template_body, parameters, "
    "capabilities, tags, admin_role_arn, execution_role_name, permission_model, "
    "managed_execution, client_token, created_millis, auto_deployment, ou_targets";
constexpr std::string_view kInstanceColumns =
    "seq, stack_set_id, account, region, stack_id, parameter_overrides, status, "
    "detailed_status, status_reason, drift_status, last_operation_id, last_drift_check_millis, "
    "organizational_unit_id";
constexpr std::string_view kOperationColumns =
    "seq, stack_set_id, operation_id, action, status, status_reason, preferences, "
    "retain_stacks, admin_role_arn, execution_role_name, created_millis, ended_millis, targets";

std::string Text(std::string_view text) { return std::string(text); }

StackSetRecord SetFromRow(const store::Row& row) {
  return StackSetRecord{.stack_set_id = row.Text(3),
                        .name = row.Text(4),
                        .scope = {.account = row.Text(1), .region = row.Text(2)},
                        .status = row.Text(5),
                        .description = row.Text(6),
                        .template_body = row.Text(7),
                        .parameters = row.Text(8),
                        .capabilities = row.Text(9),
                        .tags = row.Text(10),
                        .admin_role_arn = row.Text(11),
                        .execution_role_name = row.Text(12),
                        .permission_model = row.Text(13),
                        .managed_execution = row.Text(14),
                        .client_token = row.Text(15),
                        .created_millis = row.Int(16),
                        .auto_deployment = row.Text(17),
                        .ou_targets = row.Text(18),
                        .seq = row.Int(0)};
}

StackInstanceRecord InstanceFromRow(const store::Row& row) {
  return StackInstanceRecord{.stack_set_id = row.Text(1),
                             .account = row.Text(2),
                             .region = row.Text(3),
                             .stack_id = row.Text(4),
                             .parameter_overrides = row.Text(5),
                             .status = row.Text(6),
                             .detailed_status = row.Text(7),
                             .status_reason = row.Text(8),
                             .drift_status = row.Text(9),
                             .last_operation_id = row.Text(10),
                             .last_drift_check_millis = row.OptInt(11),
                             .organizational_unit_id = row.Text(12),
                             .seq = row.Int(0)};
}

StackSetOperationRecord OperationFromRow(const store::Row& row) {
  std::optional<bool> retain;
  if (!row.IsNull(7)) retain = row.Int(7) != 0;
  return StackSetOperationRecord{.operation_id = row.Text(2),
                                 .stack_set_id = row.Text(1),
                                 .action = row.Text(3),
                                 .status = row.Text(4),
                                 .status_reason = row.Text(5),
                                 .preferences = row.Text(6),
                                 .targets = row.Text(12),
                                 .retain_stacks = retain,
                                 .admin_role_arn = row.Text(8),
                                 .execution_role_name = row.Text(9),
                                 .created_millis = row.Int(10),
                                 .ended_millis = row.OptInt(11),
                                 .seq = row.Int(0)};
}

std::string Select(std::string_view columns, std::string_view table, std::string_view where) {
  return "SELECT " + std::string(columns) + " FROM " + std::string(table) + " WHERE " +
         std::string(where);
}

store::Value OptionalInt(const std::optional<int64_t>& value) {
  if (!value) return nullptr;
  return *value;
}

}  // namespace

StackSetStore::StackSetStore(store::Database& db)
    : schema_(db, "cloudformation_stack_sets", kMigrations) {}

void StackSetStore::InsertSet(store::Transaction& tx, StackSetRecord* record) {
  schema_.Ensure();
  tx.Exec("INSERT INTO cfn_stack_sets (" + std::string(kSetColumns.substr(5)) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {record->scope.account, record->scope.region, record->stack_set_id, record->name,
           record->status, record->description, record->template_body, record->parameters,
           record->capabilities, record->tags, record->admin_role_arn, record->execution_role_name,
           record->permission_model, record->managed_execution, record->client_token,
           record->created_millis, record->auto_deployment, record->ou_targets});
  record->seq = tx.LastInsertRowId();
}

void StackSetStore::UpdateSet(store::Transaction& tx, const StackSetRecord& record) {
  schema_.Ensure();
  tx.Exec(
      "UPDATE cfn_stack_sets SET status = ?, description = ?, template_body = ?, parameters = ?, "
      "capabilities = ?, tags = ?, admin_role_arn = ?, execution_role_name = ?, "
      "managed_execution = ? WHERE stack_set_id = ?",
      {record.status, record.description, record.template_body, record.parameters,
       record.capabilities, record.tags, record.admin_role_arn, record.execution_role_name,
       record.managed_execution, record.stack_set_id});
}

void StackSetStore::UpdateOrganizationTargets(store::Transaction& tx,
                                              const StackSetRecord& record) {
  schema_.Ensure();
  tx.Exec("UPDATE cfn_stack_sets SET auto_deployment = ?, ou_targets = ? WHERE stack_set_id = ?",
          {record.auto_deployment, record.ou_targets, record.stack_set_id});
}

std::vector<StackSetRecord> StackSetStore::ServiceManagedSets(store::Transaction& tx,
                                                              std::string_view account) {
  schema_.Ensure();
  std::vector<StackSetRecord> records;
  for (const store::Row& row :
       tx.Query(Select(kSetColumns, "cfn_stack_sets",
                       "account = ? AND status = 'ACTIVE' AND permission_model = "
                       "'SERVICE_MANAGED' ORDER BY seq"),
                {Text(account)})) {
    records.push_back(SetFromRow(row));
  }
  return records;
}

std::optional<StackSetRecord> StackSetStore::FindSetByName(store::Transaction& tx,
                                                           const core::Scope& scope,
                                                           std::string_view name) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select(kSetColumns, "cfn_stack_sets",
                         "account = ? AND region = ? AND name = ? AND status = 'ACTIVE'"),
                  {scope.account, scope.region, Text(name)});
  if (!row) return std::nullopt;
  return SetFromRow(*row);
}

std::optional<StackSetRecord> StackSetStore::FindSetById(store::Transaction& tx,
                                                         const core::Scope* scope,
                                                         std::string_view id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select(kSetColumns, "cfn_stack_sets", "stack_set_id = ?"), {Text(id)});
  if (!row) return std::nullopt;
  StackSetRecord record = SetFromRow(*row);
  if (scope && (record.scope.account != scope->account || record.scope.region != scope->region)) {
    return std::nullopt;
  }
  return record;
}

std::vector<StackSetRecord> StackSetStore::ListSets(store::Transaction& tx,
                                                    const core::Scope& scope,
                                                    std::string_view status, int64_t after,
                                                    int64_t limit) {
  schema_.Ensure();
  std::vector<StackSetRecord> records;
  for (const store::Row& row :
       tx.Query(Select(kSetColumns, "cfn_stack_sets",
                       "account = ? AND region = ? AND (? = '' OR status = ?) AND seq > ? "
                       "ORDER BY seq LIMIT ?"),
                {scope.account, scope.region, Text(status), Text(status), after, limit})) {
    records.push_back(SetFromRow(row));
  }
  return records;
}

void StackSetStore::PutInstance(store::Transaction& tx, StackInstanceRecord* record) {
  schema_.Ensure();
  // An upsert keeps the row's seq, so listings keep their order as instances change.
  tx.Exec("INSERT INTO cfn_stack_instances (" + std::string(kInstanceColumns.substr(5)) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stack_set_id, account, "
              "region) DO UPDATE SET stack_id = excluded.stack_id, parameter_overrides = "
              "excluded.parameter_overrides, status = excluded.status, detailed_status = "
              "excluded.detailed_status, status_reason = excluded.status_reason, drift_status = "
              "excluded.drift_status, last_operation_id = excluded.last_operation_id, "
              "last_drift_check_millis = excluded.last_drift_check_millis, "
              "organizational_unit_id = excluded.organizational_unit_id",
          {record->stack_set_id, record->account, record->region, record->stack_id,
           record->parameter_overrides, record->status, record->detailed_status,
           record->status_reason, record->drift_status, record->last_operation_id,
           OptionalInt(record->last_drift_check_millis), record->organizational_unit_id});
  if (record->seq == 0) {
    record->seq = tx.QueryOne(
                        "SELECT seq FROM cfn_stack_instances WHERE stack_set_id = ? AND "
                        "account = ? AND region = ?",
                        {record->stack_set_id, record->account, record->region})
                      ->Int(0);
  }
}

void StackSetStore::DeleteInstance(store::Transaction& tx, std::string_view set_id,
                                   std::string_view account, std::string_view region) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_stack_instances WHERE stack_set_id = ? AND account = ? AND region = ?",
          {Text(set_id), Text(account), Text(region)});
}

std::optional<StackInstanceRecord> StackSetStore::FindInstance(store::Transaction& tx,
                                                               std::string_view set_id,
                                                               std::string_view account,
                                                               std::string_view region) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select(kInstanceColumns, "cfn_stack_instances",
                         "stack_set_id = ? AND account = ? AND region = ?"),
                  {Text(set_id), Text(account), Text(region)});
  if (!row) return std::nullopt;
  return InstanceFromRow(*row);
}

std::optional<StackInstanceRecord> StackSetStore::FindInstanceByStackId(store::Transaction& tx,
                                                                        std::string_view stack_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      Select(kInstanceColumns, "cfn_stack_instances", "stack_id = ? LIMIT 1"), {Text(stack_id)});
  if (!row) return std::nullopt;
  return InstanceFromRow(*row);
}

std::vector<StackInstanceRecord> StackSetStore::ListInstances(store::Transaction& tx,
                                                              std::string_view set_id,
                                                              std::string_view account,
                                                              std::string_view region,
                                                              int64_t after, int64_t limit) {
  schema_.Ensure();
  std::vector<StackInstanceRecord> records;
  for (const store::Row& row :
       tx.Query(Select(kInstanceColumns, "cfn_stack_instances",
                       "stack_set_id = ? AND (? = '' OR account = ?) AND (? = '' OR region = ?) "
                       "AND seq > ? ORDER BY seq LIMIT ?"),
                {Text(set_id), Text(account), Text(account), Text(region), Text(region), after,
                 limit})) {
    records.push_back(InstanceFromRow(row));
  }
  return records;
}

int64_t StackSetStore::CountInstances(store::Transaction& tx, std::string_view set_id) {
  schema_.Ensure();
  return tx
      .QueryOne("SELECT COUNT(*) FROM cfn_stack_instances WHERE stack_set_id = ?", {Text(set_id)})
      ->Int(0);
}

std::vector<std::string> StackSetStore::InstanceRegions(store::Transaction& tx,
                                                        std::string_view set_id) {
  schema_.Ensure();
  std::vector<std::string> regions;
  for (const store::Row& row :
       tx.Query("SELECT DISTINCT region FROM cfn_stack_instances WHERE stack_set_id = ? "
                "ORDER BY region",
                {Text(set_id)})) {
    regions.push_back(row.Text(0));
  }
  return regions;
}

void StackSetStore::InsertOperation(store::Transaction& tx, StackSetOperationRecord* record) {
  schema_.Ensure();
  store::Value retain = nullptr;
  if (record->retain_stacks) retain = int64_t{*record->retain_stacks ? 1 : 0};
  tx.Exec("INSERT INTO cfn_stack_set_operations (" + std::string(kOperationColumns.substr(5)) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {record->stack_set_id, record->operation_id, record->action, record->status,
           record->status_reason, record->preferences, retain, record->admin_role_arn,
           record->execution_role_name, record->created_millis, OptionalInt(record->ended_millis),
           record->targets});
  record->seq = tx.LastInsertRowId();
}

void StackSetStore::UpdateOperation(store::Transaction& tx, const StackSetOperationRecord& record) {
  schema_.Ensure();
  tx.Exec(
      "UPDATE cfn_stack_set_operations SET status = ?, status_reason = ?, ended_millis = ? "
      "WHERE stack_set_id = ? AND operation_id = ?",
      {record.status, record.status_reason, OptionalInt(record.ended_millis), record.stack_set_id,
       record.operation_id});
}

std::optional<StackSetOperationRecord> StackSetStore::FindOperation(store::Transaction& tx,
                                                                    std::string_view set_id,
                                                                    std::string_view operation_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(Select(kOperationColumns, "cfn_stack_set_operations",
                                                     "stack_set_id = ? AND operation_id = ?"),
                                              {Text(set_id), Text(operation_id)});
  if (!row) return std::nullopt;
  return OperationFromRow(*row);
}

std::optional<StackSetOperationRecord> StackSetStore::ActiveOperation(store::Transaction& tx,
                                                                      std::string_view set_id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(Select(kOperationColumns, "cfn_stack_set_operations",
                         "stack_set_id = ? AND status IN ('RUNNING', 'STOPPING', 'QUEUED')"),
                  {Text(set_id)});
  if (!row) return std::nullopt;
  return OperationFromRow(*row);
}

std::vector<StackSetOperationRecord> StackSetStore::ListOperations(store::Transaction& tx,
                                                                   std::string_view set_id,
                                                                   int64_t after, int64_t limit) {
  schema_.Ensure();
  std::vector<StackSetOperationRecord> records;
  for (const store::Row& row : tx.Query(Select(kOperationColumns, "cfn_stack_set_operations",
                                               "stack_set_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
                                        {Text(set_id), after, limit})) {
    records.push_back(OperationFromRow(row));
  }
  return records;
}

void StackSetStore::PutResult(store::Transaction& tx, std::string_view set_id,
                              std::string_view operation_id, const OperationResultRecord& result) {
  schema_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO cfn_stack_set_results (stack_set_id, operation_id, position, "
      "account, region, status, status_reason, organizational_unit_id) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?)",
      {Text(set_id), Text(operation_id), result.position, result.account, result.region,
       result.status, result.status_reason, result.organizational_unit_id});
}

std::vector<OperationResultRecord> StackSetStore::Results(store::Transaction& tx,
                                                          std::string_view set_id,
                                                          std::string_view operation_id,
                                                          int64_t after, int64_t limit) {
  schema_.Ensure();
  std::vector<OperationResultRecord> results;
  for (const store::Row& row :
       tx.Query("SELECT account, region, status, status_reason, position, organizational_unit_id "
                "FROM cfn_stack_set_results "
                "WHERE stack_set_id = ? AND operation_id = ? AND position > ? ORDER BY position "
                "LIMIT ?",
                {Text(set_id), Text(operation_id), after, limit})) {
    results.push_back(OperationResultRecord{.account = row.Text(0),
                                            .region = row.Text(1),
                                            .status = row.Text(2),
                                            .status_reason = row.Text(3),
                                            .position = row.Int(4),
                                            .organizational_unit_id = row.Text(5)});
  }
  return results;
}

}  // namespace nimbus::cloudformation
