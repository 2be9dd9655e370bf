#include "services/sso_admin/sso_admin_store.h"

#include <algorithm>

namespace nimbus::sso_admin {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE sso_instances (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE, "
    "account TEXT NOT NULL, region TEXT NOT NULL, identity_store_id TEXT NOT NULL, name TEXT, "
    "status TEXT NOT NULL, status_reason TEXT, created_millis INTEGER NOT NULL, kind TEXT NOT "
    "NULL, key_type TEXT NOT NULL, kms_key_arn TEXT, encryption_status TEXT NOT NULL, "
    "encryption_reason TEXT, prev_key_type TEXT, prev_key_arn TEXT);"
    "CREATE INDEX sso_instances_scope ON sso_instances (account, region, seq);"
    "CREATE TABLE sso_client_tokens (account TEXT NOT NULL, region TEXT NOT NULL, token TEXT NOT "
    "NULL, request_hash TEXT NOT NULL, arn TEXT NOT NULL, PRIMARY KEY (account, region, token));"
    "CREATE TABLE sso_tags (resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (resource_arn, key));"
    "CREATE TABLE sso_permission_sets (seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL "
    "UNIQUE, instance_arn TEXT NOT NULL, name TEXT NOT NULL, description TEXT, session_duration "
    "TEXT NOT NULL, relay_state TEXT, created_millis INTEGER NOT NULL, inline_policy TEXT, "
    "boundary TEXT, version INTEGER NOT NULL, UNIQUE (instance_arn, name));"
    "CREATE INDEX sso_permission_sets_instance ON sso_permission_sets (instance_arn, seq);"
    "CREATE TABLE sso_managed_policies (seq INTEGER PRIMARY KEY AUTOINCREMENT, permission_set_arn "
    "TEXT NOT NULL, arn TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (permission_set_arn, arn));"
    "CREATE INDEX sso_managed_policies_ps ON sso_managed_policies (permission_set_arn, seq);"
    "CREATE TABLE sso_customer_policies (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "permission_set_arn TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, "
    "UNIQUE (permission_set_arn, name, path));"
    "CREATE INDEX sso_customer_policies_ps ON sso_customer_policies (permission_set_arn, seq);"
    "CREATE TABLE sso_assignments (seq INTEGER PRIMARY KEY AUTOINCREMENT, instance_arn TEXT NOT "
    "NULL, target_id TEXT NOT NULL, permission_set_arn TEXT NOT NULL, principal_type TEXT NOT "
    "NULL, principal_id TEXT NOT NULL, UNIQUE (instance_arn, target_id, permission_set_arn, "
    "principal_type, principal_id));"
    "CREATE INDEX sso_assignments_list ON sso_assignments (instance_arn, target_id, "
    "permission_set_arn, seq);"
    "CREATE INDEX sso_assignments_principal ON sso_assignments (instance_arn, principal_type, "
    "principal_id, seq);"
    "CREATE INDEX sso_assignments_ps ON sso_assignments (permission_set_arn, target_id);"
    "CREATE TABLE sso_operations (seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL "
    "UNIQUE, instance_arn TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, failure_reason "
    "TEXT, target_id TEXT, target_type TEXT, permission_set_arn TEXT, principal_type TEXT, "
    "principal_id TEXT, created_millis INTEGER NOT NULL);"
    "CREATE INDEX sso_operations_list ON sso_operations (instance_arn, kind, seq);"
    "CREATE TABLE sso_provisioned (seq INTEGER PRIMARY KEY AUTOINCREMENT, instance_arn TEXT NOT "
    "NULL, permission_set_arn TEXT NOT NULL, account_id TEXT NOT NULL, version INTEGER NOT NULL, "
    "UNIQUE (permission_set_arn, account_id));"
    "CREATE INDEX sso_provisioned_account ON sso_provisioned (instance_arn, account_id, seq);",
    "ALTER TABLE sso_instances ADD COLUMN data_key TEXT;",
};

store::Value Opt(const std::optional<std::string>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}

constexpr std::string_view kInstanceColumns =
    "seq, arn, account, region, identity_store_id, name, status, status_reason, created_millis, "
    "kind, key_type, kms_key_arn, encryption_status, encryption_reason, prev_key_type, "
    "prev_key_arn, data_key";

InstanceRecord ToInstance(const store::Row& row) {
  return InstanceRecord{.seq = row.Int(0),
                        .arn = row.Text(1),
                        .account = row.Text(2),
                        .region = row.Text(3),
                        .identity_store_id = row.Text(4),
                        .name = row.OptText(5),
                        .status = row.Text(6),
                        .status_reason = row.OptText(7),
                        .created_millis = row.Int(8),
                        .kind = row.Text(9),
                        .key_type = row.Text(10),
                        .kms_key_arn = row.OptText(11),
                        .encryption_status = row.Text(12),
                        .encryption_reason = row.OptText(13),
                        .prev_key_type = row.OptText(14),
                        .prev_key_arn = row.OptText(15),
                        .data_key = row.OptText(16)};
}

constexpr std::string_view kPermissionSetColumns =
    "seq, arn, instance_arn, name, description, session_duration, relay_state, created_millis, "
    "inline_policy, boundary, version";

PermissionSetRecord ToPermissionSet(const store::Row& row) {
  return PermissionSetRecord{.seq = row.Int(0),
                             .arn = row.Text(1),
                             .instance_arn = row.Text(2),
                             .name = row.Text(3),
                             .description = row.OptText(4),
                             .session_duration = row.Text(5),
                             .relay_state = row.OptText(6),
                             .created_millis = row.Int(7),
                             .inline_policy = row.OptText(8),
                             .boundary = row.OptText(9),
                             .version = row.Int(10)};
}

constexpr std::string_view kAssignmentColumns =
    "seq, instance_arn, target_id, permission_set_arn, principal_type, principal_id";

AssignmentRecord ToAssignment(const store::Row& row) {
  return AssignmentRecord{.seq = row.Int(0),
                          .instance_arn = row.Text(1),
                          .target_id = row.Text(2),
                          .permission_set_arn = row.Text(3),
                          .principal_type = row.Text(4),
                          .principal_id = row.Text(5)};
}

constexpr std::string_view kOperationColumns =
    "seq, request_id, instance_arn, kind, status, failure_reason, target_id, target_type, "
    "permission_set_arn, principal_type, principal_id, created_millis";

OperationRecord ToOperation(const store::Row& row) {
  return OperationRecord{.seq = row.Int(0),
                         .request_id = row.Text(1),
                         .instance_arn = row.Text(2),
                         .kind = row.Text(3),
                         .status = row.Text(4),
                         .failure_reason = row.OptText(5),
                         .target_id = row.OptText(6),
                         .target_type = row.OptText(7),
                         .permission_set_arn = row.OptText(8),
                         .principal_type = row.OptText(9),
                         .principal_id = row.OptText(10),
                         .created_millis = row.Int(11)};
}

// Runs `sql` (which must end in "ORDER BY seq LIMIT ?") with limit + 1 to learn whether more
// rows follow; the extra row is dropped.
template <typename T, typename Convert>
Page<T> Paged(store::Transaction& tx, const std::string& sql, std::vector<store::Value> params,
              int64_t limit, Convert convert, size_t seq_column = 0) {
  params.emplace_back(limit + 1);
  std::vector<store::Row> rows = tx.Query(sql, params);
  Page<T> page;
  const size_t n = std::min<size_t>(rows.size(), static_cast<size_t>(limit));
  for (size_t i = 0; i < n; ++i) {
    page.items.push_back(convert(rows[i]));
  }
  if (rows.size() > n && n > 0) {
    page.next_after = rows[n - 1].Int(seq_column);
  }
  return page;
}

std::string LatestClause(std::optional<bool> latest) {
  if (!latest) return "";
  return *latest ? " AND p.version = s.version" : " AND p.version < s.version";
}

}  // namespace

SsoAdminStore::SsoAdminStore(store::Database& db) : schema_(db, "sso_admin", kMigrations) {}

void SsoAdminStore::InsertInstance(store::Transaction& tx, const InstanceRecord& r) {
  tx.Exec(
      "INSERT INTO sso_instances (arn, account, region, identity_store_id, name, status, "
      "status_reason, created_millis, kind, key_type, kms_key_arn, encryption_status, "
      "encryption_reason, prev_key_type, prev_key_arn, data_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?)",
      {r.arn, r.account, r.region, r.identity_store_id, Opt(r.name), r.status, Opt(r.status_reason),
       r.created_millis, r.kind, r.key_type, Opt(r.kms_key_arn), r.encryption_status,
       Opt(r.encryption_reason), Opt(r.prev_key_type), Opt(r.prev_key_arn), Opt(r.data_key)});
}

void SsoAdminStore::UpdateInstance(store::Transaction& tx, const InstanceRecord& r) {
  tx.Exec(
      "UPDATE sso_instances SET name = ?, status = ?, status_reason = ?, key_type = ?, "
      "kms_key_arn = ?, encryption_status = ?, encryption_reason = ?, prev_key_type = ?, "
      "prev_key_arn = ?, data_key = ? WHERE arn = ?",
      {Opt(r.name), r.status, Opt(r.status_reason), r.key_type, Opt(r.kms_key_arn),
       r.encryption_status, Opt(r.encryption_reason), Opt(r.prev_key_type), Opt(r.prev_key_arn),
       Opt(r.data_key), r.arn});
}

void SsoAdminStore::DeleteInstanceCascade(store::Transaction& tx, std::string_view arn) {
  const std::string a(arn);
  tx.Exec(
      "DELETE FROM sso_tags WHERE resource_arn = ? OR resource_arn IN (SELECT arn FROM "
      "sso_permission_sets WHERE instance_arn = ?)",
      {a, a});
  tx.Exec(
      "DELETE FROM sso_managed_policies WHERE permission_set_arn IN (SELECT arn FROM "
      "sso_permission_sets WHERE instance_arn = ?)",
      {a});
  tx.Exec(
      "DELETE FROM sso_customer_policies WHERE permission_set_arn IN (SELECT arn FROM "
      "sso_permission_sets WHERE instance_arn = ?)",
      {a});
  tx.Exec("DELETE FROM sso_permission_sets WHERE instance_arn = ?", {a});
  tx.Exec("DELETE FROM sso_assignments WHERE instance_arn = ?", {a});
  tx.Exec("DELETE FROM sso_operations WHERE instance_arn = ?", {a});
  tx.Exec("DELETE FROM sso_provisioned WHERE instance_arn = ?", {a});
  tx.Exec("DELETE FROM sso_instances WHERE arn = ?", {a});
}

std::optional<InstanceRecord> SsoAdminStore::FindInstance(store::Transaction& tx,
                                                          const core::Scope& scope,
                                                          std::string_view arn) {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kInstanceColumns) +
                      " FROM sso_instances WHERE arn = ? AND account = ? AND region = ?",
                  {std::string(arn), scope.account, scope.region});
  if (!row) return std::nullopt;
  return ToInstance(*row);
}

std::optional<InstanceRecord> SsoAdminStore::FindInstanceByArn(store::Transaction& tx,
                                                               std::string_view arn) {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kInstanceColumns) + " FROM sso_instances WHERE arn = ?",
                  {std::string(arn)});
  if (!row) return std::nullopt;
  return ToInstance(*row);
}

std::vector<InstanceRecord> SsoAdminStore::InstancesOfAccount(store::Transaction& tx,
                                                              std::string_view account) {
  std::vector<InstanceRecord> out;
  for (const store::Row& row : tx.Query("SELECT " + std::string(kInstanceColumns) +
                                            " FROM sso_instances WHERE account = ? ORDER BY seq",
                                        {std::string(account)})) {
    out.push_back(ToInstance(row));
  }
  return out;
}

Page<InstanceRecord> SsoAdminStore::ListInstances(store::Transaction& tx, const core::Scope& scope,
                                                  int64_t after, int64_t limit) {
  return Paged<InstanceRecord>(
      tx,
      "SELECT " + std::string(kInstanceColumns) +
          " FROM sso_instances WHERE account = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?",
      {scope.account, scope.region, after}, limit, ToInstance);
}

std::optional<std::pair<std::string, std::string>> SsoAdminStore::FindClientToken(
    store::Transaction& tx, const core::Scope& scope, std::string_view token) {
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT request_hash, arn FROM sso_client_tokens WHERE account = ? AND region = ? AND "
      "token = ?",
      {scope.account, scope.region, std::string(token)});
  if (!row) return std::nullopt;
  return std::make_pair(row->Text(0), row->Text(1));
}

void SsoAdminStore::InsertClientToken(store::Transaction& tx, const core::Scope& scope,
                                      std::string_view token, std::string_view hash,
                                      std::string_view arn) {
  tx.Exec(
      "INSERT INTO sso_client_tokens (account, region, token, request_hash, arn) VALUES (?, ?, ?, "
      "?, ?)",
      {scope.account, scope.region, std::string(token), std::string(hash), std::string(arn)});
}

std::vector<std::pair<std::string, std::string>> SsoAdminStore::Tags(
    store::Transaction& tx, std::string_view resource_arn) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const store::Row& row :
       tx.Query("SELECT key, value FROM sso_tags WHERE resource_arn = ? ORDER BY key",
                {std::string(resource_arn)})) {
    out.emplace_back(row.Text(0), row.Text(1));
  }
  return out;
}

void SsoAdminStore::PutTag(store::Transaction& tx, std::string_view resource_arn,
                           std::string_view key, std::string_view value) {
  tx.Exec(
      "INSERT INTO sso_tags (resource_arn, key, value) VALUES (?, ?, ?) ON CONFLICT "
      "(resource_arn, key) DO UPDATE SET value = excluded.value",
      {std::string(resource_arn), std::string(key), std::string(value)});
}

void SsoAdminStore::DeleteTag(store::Transaction& tx, std::string_view resource_arn,
                              std::string_view key) {
  tx.Exec("DELETE FROM sso_tags WHERE resource_arn = ? AND key = ?",
          {std::string(resource_arn), std::string(key)});
}

void SsoAdminStore::InsertPermissionSet(store::Transaction& tx, const PermissionSetRecord& r) {
  tx.Exec(
      "INSERT INTO sso_permission_sets (arn, instance_arn, name, description, session_duration, "
      "relay_state, created_millis, inline_policy, boundary, version) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?)",
      {r.arn, r.instance_arn, r.name, Opt(r.description), r.session_duration, Opt(r.relay_state),
       r.created_millis, Opt(r.inline_policy), Opt(r.boundary), r.version});
}

void SsoAdminStore::UpdatePermissionSet(store::Transaction& tx, const PermissionSetRecord& r) {
  tx.Exec(
      "UPDATE sso_permission_sets SET description = ?, session_duration = ?, relay_state = ?, "
      "inline_policy = ?, boundary = ?, version = ? WHERE arn = ?",
      {Opt(r.description), r.session_duration, Opt(r.relay_state), Opt(r.inline_policy),
       Opt(r.boundary), r.version, r.arn});
}

void SsoAdminStore::DeletePermissionSet(store::Transaction& tx, std::string_view arn) {
  const std::string a(arn);
  tx.Exec("DELETE FROM sso_tags WHERE resource_arn = ?", {a});
  tx.Exec("DELETE FROM sso_managed_policies WHERE permission_set_arn = ?", {a});
  tx.Exec("DELETE FROM sso_customer_policies WHERE permission_set_arn = ?", {a});
  tx.Exec("DELETE FROM sso_provisioned WHERE permission_set_arn = ?", {a});
  tx.Exec("DELETE FROM sso_permission_sets WHERE arn = ?", {a});
}

std::optional<PermissionSetRecord> SsoAdminStore::FindPermissionSet(store::Transaction& tx,
                                                                    std::string_view instance_arn,
                                                                    std::string_view arn) {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kPermissionSetColumns) +
                      " FROM sso_permission_sets WHERE arn = ? AND instance_arn = ?",
                  {std::string(arn), std::string(instance_arn)});
  if (!row) return std::nullopt;
  return ToPermissionSet(*row);
}

bool SsoAdminStore::PermissionSetNameTaken(store::Transaction& tx, std::string_view instance_arn,
                                           std::string_view name) {
  return tx
      .QueryOne("SELECT 1 FROM sso_permission_sets WHERE instance_arn = ? AND name = ?",
                {std::string(instance_arn), std::string(name)})
      .has_value();
}

int64_t SsoAdminStore::CountPermissionSets(store::Transaction& tx, std::string_view instance_arn) {
  return tx
      .QueryOne("SELECT COUNT(*) FROM sso_permission_sets WHERE instance_arn = ?",
                {std::string(instance_arn)})
      ->Int(0);
}

Page<std::string> SsoAdminStore::ListPermissionSets(store::Transaction& tx,
                                                    std::string_view instance_arn, int64_t after,
                                                    int64_t limit) {
  return Paged<std::string>(
      tx,
      "SELECT seq, arn FROM sso_permission_sets WHERE instance_arn = ? AND seq > ? ORDER BY seq "
      "LIMIT ?",
      {std::string(instance_arn), after}, limit, [](const store::Row& r) { return r.Text(1); });
}

bool SsoAdminStore::AddManagedPolicy(store::Transaction& tx, std::string_view ps_arn,
                                     std::string_view arn, std::string_view name) {
  return tx.Exec(
             "INSERT OR IGNORE INTO sso_managed_policies (permission_set_arn, arn, name) VALUES "
             "(?, ?, ?)",
             {std::string(ps_arn), std::string(arn), std::string(name)}) > 0;
}

bool SsoAdminStore::RemoveManagedPolicy(store::Transaction& tx, std::string_view ps_arn,
                                        std::string_view arn) {
  return tx.Exec("DELETE FROM sso_managed_policies WHERE permission_set_arn = ? AND arn = ?",
                 {std::string(ps_arn), std::string(arn)}) > 0;
}

Page<std::pair<std::string, std::string>> SsoAdminStore::ListManagedPolicies(
    store::Transaction& tx, std::string_view ps_arn, int64_t after, int64_t limit) {
  return Paged<std::pair<std::string, std::string>>(
      tx,
      "SELECT seq, arn, name FROM sso_managed_policies WHERE permission_set_arn = ? AND seq > ? "
      "ORDER BY seq LIMIT ?",
      {std::string(ps_arn), after}, limit,
      [](const store::Row& r) { return std::make_pair(r.Text(1), r.Text(2)); });
}

bool SsoAdminStore::AddCustomerPolicy(store::Transaction& tx, std::string_view ps_arn,
                                      std::string_view name, std::string_view path) {
  return tx.Exec(
             "INSERT OR IGNORE INTO sso_customer_policies (permission_set_arn, name, path) VALUES "
             "(?, ?, ?)",
             {std::string(ps_arn), std::string(name), std::string(path)}) > 0;
}

bool SsoAdminStore::RemoveCustomerPolicy(store::Transaction& tx, std::string_view ps_arn,
                                         std::string_view name, std::string_view path) {
  return tx.Exec(
             "DELETE FROM sso_customer_policies WHERE permission_set_arn = ? AND name = ? AND "
             "path = ?",
             {std::string(ps_arn), std::string(name), std::string(path)}) > 0;
}

Page<std::pair<std::string, std::string>> SsoAdminStore::ListCustomerPolicies(
    store::Transaction& tx, std::string_view ps_arn, int64_t after, int64_t limit) {
  return Paged<std::pair<std::string, std::string>>(
      tx,
      "SELECT seq, name, path FROM sso_customer_policies WHERE permission_set_arn = ? AND seq > ? "
      "ORDER BY seq LIMIT ?",
      {std::string(ps_arn), after}, limit,
      [](const store::Row& r) { return std::make_pair(r.Text(1), r.Text(2)); });
}

int64_t SsoAdminStore::CountAttachedPolicies(store::Transaction& tx, std::string_view ps_arn) {
  const std::string a(ps_arn);
  return tx
      .QueryOne(
          "SELECT (SELECT COUNT(*) FROM sso_managed_policies WHERE permission_set_arn = ?) + "
          "(SELECT COUNT(*) FROM sso_customer_policies WHERE permission_set_arn = ?)",
          {a, a})
      ->Int(0);
}

bool SsoAdminStore::AssignmentExists(store::Transaction& tx, const AssignmentRecord& r) {
  return tx
      .QueryOne(
          "SELECT 1 FROM sso_assignments WHERE instance_arn = ? AND target_id = ? AND "
          "permission_set_arn = ? AND principal_type = ? AND principal_id = ?",
          {r.instance_arn, r.target_id, r.permission_set_arn, r.principal_type, r.principal_id})
      .has_value();
}

void SsoAdminStore::InsertAssignment(store::Transaction& tx, const AssignmentRecord& r) {
  tx.Exec(
      "INSERT OR IGNORE INTO sso_assignments (instance_arn, target_id, permission_set_arn, "
      "principal_type, principal_id) VALUES (?, ?, ?, ?, ?)",
      {r.instance_arn, r.target_id, r.permission_set_arn, r.principal_type, r.principal_id});
}

void SsoAdminStore::DeleteAssignment(store::Transaction& tx, const AssignmentRecord& r) {
  tx.Exec(
      "DELETE FROM sso_assignments WHERE instance_arn = ? AND target_id = ? AND "
      "permission_set_arn = ? AND principal_type = ? AND principal_id = ?",
      {r.instance_arn, r.target_id, r.permission_set_arn, r.principal_type, r.principal_id});
}

int64_t SsoAdminStore::CountAssignments(store::Transaction& tx, std::string_view ps_arn,
                                        std::optional<std::string_view> target_id) {
  if (target_id) {
    return tx
        .QueryOne(
            "SELECT COUNT(*) FROM sso_assignments WHERE permission_set_arn = ? AND target_id = ?",
            {std::string(ps_arn), std::string(*target_id)})
        ->Int(0);
  }
  return tx
      .QueryOne("SELECT COUNT(*) FROM sso_assignments WHERE permission_set_arn = ?",
                {std::string(ps_arn)})
      ->Int(0);
}

Page<AssignmentRecord> SsoAdminStore::ListAssignments(store::Transaction& tx,
                                                      std::string_view instance_arn,
                                                      std::string_view target_id,
                                                      std::string_view ps_arn, int64_t after,
                                                      int64_t limit) {
  return Paged<AssignmentRecord>(
      tx,
      "SELECT " + std::string(kAssignmentColumns) +
          " FROM sso_assignments WHERE instance_arn = ? AND target_id = ? AND permission_set_arn "
          "= ? AND seq > ? ORDER BY seq LIMIT ?",
      {std::string(instance_arn), std::string(target_id), std::string(ps_arn), after}, limit,
      ToAssignment);
}

Page<AssignmentRecord> SsoAdminStore::ListAssignmentsForPrincipal(
    store::Transaction& tx, std::string_view instance_arn, std::string_view principal_type,
    std::string_view principal_id, std::optional<std::string> target_id, int64_t after,
    int64_t limit) {
  std::vector<store::Value> params = {std::string(instance_arn), std::string(principal_type),
                                      std::string(principal_id), after};
  std::string sql = "SELECT " + std::string(kAssignmentColumns) +
                    " FROM sso_assignments WHERE instance_arn = ? AND principal_type = ? AND "
                    "principal_id = ? AND seq > ?";
  if (target_id) {
    sql += " AND target_id = ?";
    params.emplace_back(*target_id);
  }
  return Paged<AssignmentRecord>(tx, sql + " ORDER BY seq LIMIT ?", params, limit, ToAssignment);
}

void SsoAdminStore::InsertOperation(store::Transaction& tx, const OperationRecord& r) {
  tx.Exec(
      "INSERT INTO sso_operations (request_id, instance_arn, kind, status, failure_reason, "
      "target_id, target_type, permission_set_arn, principal_type, principal_id, created_millis) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.request_id, r.instance_arn, r.kind, r.status, Opt(r.failure_reason), Opt(r.target_id),
       Opt(r.target_type), Opt(r.permission_set_arn), Opt(r.principal_type), Opt(r.principal_id),
       r.created_millis});
}

void SsoAdminStore::FinishOperation(store::Transaction& tx, std::string_view request_id,
                                    std::string_view status,
                                    std::optional<std::string> failure_reason) {
  tx.Exec("UPDATE sso_operations SET status = ?, failure_reason = ? WHERE request_id = ?",
          {std::string(status), Opt(failure_reason), std::string(request_id)});
}

std::optional<OperationRecord> SsoAdminStore::FindOperation(store::Transaction& tx,
                                                            std::string_view instance_arn,
                                                            std::string_view kind,
                                                            std::string_view request_id) {
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kOperationColumns) +
                      " FROM sso_operations WHERE request_id = ? AND instance_arn = ? AND kind = ?",
                  {std::string(request_id), std::string(instance_arn), std::string(kind)});
  if (!row) return std::nullopt;
  return ToOperation(*row);
}

std::optional<OperationRecord> SsoAdminStore::FindOperationById(store::Transaction& tx,
                                                                std::string_view request_id) {
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT " + std::string(kOperationColumns) + " FROM sso_operations WHERE request_id = ?",
      {std::string(request_id)});
  if (!row) return std::nullopt;
  return ToOperation(*row);
}

Page<OperationRecord> SsoAdminStore::ListOperations(store::Transaction& tx,
                                                    std::string_view instance_arn,
                                                    std::string_view kind,
                                                    std::optional<std::string> status,
                                                    int64_t after, int64_t limit) {
  std::vector<store::Value> params = {std::string(instance_arn), std::string(kind), after};
  std::string sql = "SELECT " + std::string(kOperationColumns) +
                    " FROM sso_operations WHERE instance_arn = ? AND kind = ? AND seq > ?";
  if (status) {
    sql += " AND status = ?";
    params.emplace_back(*status);
  }
  return Paged<OperationRecord>(tx, sql + " ORDER BY seq LIMIT ?", params, limit, ToOperation);
}

void SsoAdminStore::SetProvisioned(store::Transaction& tx, std::string_view instance_arn,
                                   std::string_view ps_arn, std::string_view account_id,
                                   int64_t version) {
  tx.Exec(
      "INSERT INTO sso_provisioned (instance_arn, permission_set_arn, account_id, version) VALUES "
      "(?, ?, ?, ?) ON CONFLICT (permission_set_arn, account_id) DO UPDATE SET version = "
      "excluded.version",
      {std::string(instance_arn), std::string(ps_arn), std::string(account_id), version});
}

void SsoAdminStore::RemoveProvisioned(store::Transaction& tx, std::string_view ps_arn,
                                      std::string_view account_id) {
  tx.Exec("DELETE FROM sso_provisioned WHERE permission_set_arn = ? AND account_id = ?",
          {std::string(ps_arn), std::string(account_id)});
}

std::vector<std::string> SsoAdminStore::ProvisionedAccounts(store::Transaction& tx,
                                                            std::string_view ps_arn) {
  std::vector<std::string> out;
  for (const store::Row& row :
       tx.Query("SELECT account_id FROM sso_provisioned WHERE permission_set_arn = ? ORDER BY seq",
                {std::string(ps_arn)})) {
    out.push_back(row.Text(0));
  }
  return out;
}

Page<std::string> SsoAdminStore::ListAccountsForPermissionSet(store::Transaction& tx,
                                                              std::string_view ps_arn,
                                                              std::optional<bool> latest,
                                                              int64_t after, int64_t limit) {
  return Paged<std::string>(
      tx,
      "SELECT p.seq, p.account_id FROM sso_provisioned p JOIN sso_permission_sets s ON s.arn = "
      "p.permission_set_arn WHERE p.permission_set_arn = ? AND p.seq > ?" +
          LatestClause(latest) + " ORDER BY p.seq LIMIT ?",
      {std::string(ps_arn), after}, limit, [](const store::Row& r) { return r.Text(1); });
}

Page<std::string> SsoAdminStore::ListPermissionSetsForAccount(store::Transaction& tx,
                                                              std::string_view instance_arn,
                                                              std::string_view account_id,
                                                              std::optional<bool> latest,
                                                              int64_t after, int64_t limit) {
  return Paged<std::string>(
      tx,
      "SELECT p.seq, p.permission_set_arn FROM sso_provisioned p JOIN sso_permission_sets s ON "
      "s.arn = p.permission_set_arn WHERE p.instance_arn = ? AND p.account_id = ? AND p.seq > ?" +
          LatestClause(latest) + " ORDER BY p.seq LIMIT ?",
      {std::string(instance_arn), std::string(account_id), after}, limit,
      [](const store::Row& r) { return r.Text(1); });
}

}  // namespace nimbus::sso_admin
