#include "cloudformation/stack_store.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "cloudformation/event_archive.h"

namespace nimbus::cloudformation {

namespace {

const std::vector<std::string> kMigrations = {
    // `seq` orders stacks for listings (newest first). A name is unique among the live stacks of
    // an account and region only: a deleted stack keeps its row, and its name can be reused.
    "CREATE TABLE cfn_stacks (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT "
    "NULL, stack_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, status TEXT NOT NULL, "
    "status_reason TEXT NOT NULL, template_body TEXT NOT NULL, description TEXT NOT NULL, "
    "parameters TEXT NOT NULL, outputs TEXT NOT NULL, tags TEXT NOT NULL, notification_arns "
    "TEXT NOT NULL, capabilities TEXT NOT NULL, resource_types TEXT NOT NULL, "
    "rollback_configuration TEXT NOT NULL, options TEXT NOT NULL, caller TEXT NOT NULL, "
    "disable_rollback INTEGER NOT NULL, on_failure TEXT NOT NULL, timeout_minutes INTEGER, "
    "role_arn TEXT NOT NULL, client_request_token TEXT NOT NULL, termination_protection "
    "INTEGER NOT NULL, retain_except_on_create INTEGER NOT NULL, operation_type TEXT NOT NULL, "
    "operation_id TEXT NOT NULL, operation_token TEXT NOT NULL, retain_resources TEXT NOT NULL, "
    "created_millis INTEGER NOT NULL, updated_millis INTEGER, deleted_millis INTEGER, "
    "deadline_millis INTEGER);"
    "CREATE UNIQUE INDEX cfn_stacks_live_name ON cfn_stacks (account, region, name) WHERE "
    "deleted_millis IS NULL;"
    "CREATE INDEX cfn_stacks_by_scope ON cfn_stacks (account, region, seq);"
    // A stack's resources and events are keyed by its seq: an integer key keeps their indexes
    // small, where the id would repeat some 90 bytes in every row of both.
    "CREATE TABLE cfn_stack_resources (stack_seq INTEGER NOT NULL, logical_id TEXT NOT NULL, "
    "physical_id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, "
    "properties TEXT NOT NULL, attributes TEXT NOT NULL, dependencies TEXT NOT NULL, "
    "deletion_policy TEXT NOT NULL, wave INTEGER NOT NULL, updated_millis INTEGER NOT NULL, "
    "simulated INTEGER NOT NULL, pending_delete INTEGER NOT NULL, PRIMARY KEY (stack_seq, "
    "logical_id)) WITHOUT ROWID;"
    "CREATE INDEX cfn_stack_resources_by_physical_id ON cfn_stack_resources (physical_id);"
    // Events are only appended, so the rowid orders them; a page is a range scan of the index.
    "CREATE TABLE cfn_stack_events (seq INTEGER PRIMARY KEY, stack_seq INTEGER NOT NULL, event_id "
    "TEXT NOT NULL, logical_id TEXT NOT NULL, physical_id TEXT NOT NULL, type TEXT NOT NULL, "
    "status TEXT NOT NULL, reason TEXT NOT NULL, properties TEXT NOT NULL, timestamp_millis "
    "INTEGER NOT NULL, client_request_token TEXT NOT NULL, operation_id TEXT NOT NULL);"
    "CREATE INDEX cfn_stack_events_by_stack ON cfn_stack_events (stack_seq, seq);"
    "CREATE TABLE cfn_exports (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, "
    "value TEXT NOT NULL, stack_id TEXT NOT NULL, PRIMARY KEY (account, region, name)) WITHOUT "
    "ROWID;"
    "CREATE INDEX cfn_exports_by_stack ON cfn_exports (stack_id);",
    // What an update under way must restore if it rolls back, and what it leaves to clean up:
    // one JSON document per stack (engine/deployer_update.cc), written at UpdateStack.
    "CREATE TABLE cfn_stack_updates (stack_seq INTEGER PRIMARY KEY, state TEXT NOT NULL);",
    // Listings that do not read every stack of the account: ListStacks with a StackStatusFilter
    // reads one range per status (a status no stack has cost a scan of them all), and
    // DescribeStacks without a name the live stacks only.
    "CREATE INDEX cfn_stacks_by_status ON cfn_stacks (account, region, status, seq);"
    "CREATE INDEX cfn_stacks_live ON cfn_stacks (account, region, seq) WHERE deleted_millis IS "
    "NULL;",
    // A deleted stack's events, packed into one value (event_archive.h) when it is deleted.
    // Stacks deleted before this migration keep their rows in cfn_stack_events.
    "CREATE TABLE cfn_deleted_stack_events (stack_seq INTEGER PRIMARY KEY, events BLOB NOT "
    "NULL);",
};

const std::vector<std::string> kLinkMigrations = {
    // Which stacks import which exports: an export in use cannot be deleted (ListImports).
    "CREATE TABLE cfn_imports (account TEXT NOT NULL, region TEXT NOT NULL, export_name TEXT NOT "
    "NULL, stack_id TEXT NOT NULL, PRIMARY KEY (account, region, export_name, stack_id)) WITHOUT "
    "ROWID;"
    "CREATE INDEX cfn_imports_by_stack ON cfn_imports (stack_id);"
    // ClientRequestTokens by the stack name they were used with.
    "CREATE TABLE cfn_request_tokens (account TEXT NOT NULL, region TEXT NOT NULL, stack_name "
    "TEXT NOT NULL, token TEXT NOT NULL, stack_id TEXT NOT NULL, operation TEXT NOT NULL, "
    "PRIMARY KEY (account, region, stack_name, token)) WITHOUT ROWID;",
};

constexpr std::string_view kStackColumns =
    "seq, stack_id, name, status, status_reason, template_body, description, parameters, "
    "outputs, tags, notification_arns, capabilities, resource_types, rollback_configuration, "
    "options, caller, disable_rollback, on_failure, timeout_minutes, role_arn, "
    "client_request_token, termination_protection, retain_except_on_create, operation_type, "
    "operation_id, operation_token, retain_resources, created_millis, updated_millis, "
    "deleted_millis, deadline_millis";
// What a stack is read with: its columns, then its scope.
const std::string kStackSelect = "SELECT " + std::string(kStackColumns) + ", account, region";

// The same with an empty template: no listing shows it, and a page of 100 stacks would copy
// up to 100 templates of 51,200 bytes.
std::string WithoutTemplate(std::string select) {
  const std::string_view column = "template_body";
  return select.replace(select.find(column), column.size(), "''");
}
const std::string kStackListSelect = WithoutTemplate(kStackSelect);

StackRecord StackFromRow(const store::Row& row) {
  StackRecord r;
  r.seq = row.Int(0);
  r.stack_id = row.Text(1);
  r.name = row.Text(2);
  r.status = row.Text(3);
  r.status_reason = row.Text(4);
  r.template_body = row.Text(5);
  r.description = row.Text(6);
  r.parameters = row.Text(7);
  r.outputs = row.Text(8);
  r.tags = row.Text(9);
  r.notification_arns = row.Text(10);
  r.capabilities = row.Text(11);
  r.resource_types = row.Text(12);
  r.rollback_configuration = row.Text(13);
  r.options = row.Text(14);
  r.caller = row.Text(15);
  r.disable_rollback = row.Int(16) != 0;
  r.on_failure = row.Text(17);
  r.timeout_minutes = row.OptInt(18);
  r.role_arn = row.Text(19);
  r.client_request_token = row.Text(20);
  r.termination_protection = row.Int(21) != 0;
  r.retain_except_on_create = row.Int(22) != 0;
  r.operation_type = row.Text(23);
  r.operation_id = row.Text(24);
  r.operation_token = row.Text(25);
  r.retain_resources = row.Text(26);
  r.created_millis = row.Int(27);
  r.updated_millis = row.OptInt(28);
  r.deleted_millis = row.OptInt(29);
  r.deadline_millis = row.OptInt(30);
  r.scope = {.account = row.Text(31), .region = row.Text(32)};
  return r;
}

store::Value Optional(const std::optional<int64_t>& value) {
  if (value) return *value;
  return nullptr;
}

// The stack's members after `seq`, in kStackColumns order.
std::vector<store::Value> StackValues(const StackRecord& r) {
  return {r.stack_id,
          r.name,
          r.status,
          r.status_reason,
          r.template_body,
          r.description,
          r.parameters,
          r.outputs,
          r.tags,
          r.notification_arns,
          r.capabilities,
          r.resource_types,
          r.rollback_configuration,
          r.options,
          r.caller,
          int64_t{r.disable_rollback},
          r.on_failure,
          Optional(r.timeout_minutes),
          r.role_arn,
          r.client_request_token,
          int64_t{r.termination_protection},
          int64_t{r.retain_except_on_create},
          r.operation_type,
          r.operation_id,
          r.operation_token,
          r.retain_resources,
          r.created_millis,
          Optional(r.updated_millis),
          Optional(r.deleted_millis),
          Optional(r.deadline_millis)};
}

constexpr std::string_view kResourceColumns =
    "logical_id, physical_id, type, status, reason, properties, attributes, dependencies, "
    "deletion_policy, wave, updated_millis, simulated, pending_delete";

ResourceRecord ResourceFromRow(const store::Row& row) {
  return ResourceRecord{.logical_id = row.Text(0),
                        .physical_id = row.Text(1),
                        .type = row.Text(2),
                        .status = row.Text(3),
                        .reason = row.Text(4),
                        .properties = row.Text(5),
                        .attributes = row.Text(6),
                        .dependencies = row.Text(7),
                        .deletion_policy = row.Text(8),
                        .wave = row.Int(9),
                        .updated_millis = row.Int(10),
                        .simulated = row.Int(11) != 0,
                        .pending_delete = row.Int(12) != 0};
}

// An event read with "seq, event_id, logical_id, physical_id, type, status, reason, properties,
// timestamp_millis, client_request_token, operation_id".
EventRecord EventFromRow(const store::RowView& row) {
  return EventRecord{.event_id = std::string(row.Text(1)),
                     .logical_id = std::string(row.Text(2)),
                     .physical_id = std::string(row.Text(3)),
                     .type = std::string(row.Text(4)),
                     .status = std::string(row.Text(5)),
                     .reason = std::string(row.Text(6)),
                     .properties = std::string(row.Text(7)),
                     .timestamp_millis = row.Int(8),
                     .client_request_token = std::string(row.Text(9)),
                     .operation_id = std::string(row.Text(10))};
}

// Rows per INSERT statement: a 500-resource stack writes 500 resources and some 1,500 events
// in one step, and a statement per row would cost more than the rows.
constexpr size_t kRowsPerStatement = 16;

// Inserts `count` rows, kRowsPerStatement per statement: `prefix` is "INSERT ... VALUES ",
// `columns` the values per row, and add(i, params) appends row i's values.
template <typename Add>
void InsertRows(store::Transaction& tx, std::string_view prefix, size_t columns, size_t count,
                Add add) {
  std::string group = "(?";
  for (size_t c = 1; c < columns; ++c) group += ", ?";
  group += ")";
  std::vector<store::Value> params;
  for (size_t start = 0; start < count; start += kRowsPerStatement) {
    const size_t rows = std::min(kRowsPerStatement, count - start);
    std::string sql(prefix);
    for (size_t r = 0; r < rows; ++r) sql.append(r == 0 ? "" : ", ").append(group);
    params.clear();
    params.reserve(rows * columns);
    for (size_t i = start; i < start + rows; ++i) add(i, params);
    tx.Exec(sql, params);
  }
}

}  // namespace

StackStore::StackStore(store::Database& db)
    : schema_(db, "cloudformation", kMigrations),
      links_(db, "cloudformation_links", kLinkMigrations, &schema_) {}

void StackStore::InsertStack(store::Transaction& tx, const core::Scope& scope,
                             StackRecord* record) {
  schema_.Ensure();
  std::vector<store::Value> values = {scope.account, scope.region};
  for (store::Value& value : StackValues(*record)) values.push_back(std::move(value));
  tx.Exec(
      "INSERT INTO cfn_stacks (account, region, " + std::string(kStackColumns.substr(5)) +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?)",
      values);
  record->seq = tx.LastInsertRowId();
  record->scope = scope;
}

void StackStore::UpdateStack(store::Transaction& tx, const StackRecord& record) {
  schema_.Ensure();
  std::vector<store::Value> values = StackValues(record);
  values.erase(values.begin());  // the id is the key
  values.push_back(record.stack_id);
  tx.Exec(
      "UPDATE cfn_stacks SET name = ?, status = ?, status_reason = ?, template_body = ?, "
      "description = ?, parameters = ?, outputs = ?, tags = ?, notification_arns = ?, "
      "capabilities = ?, resource_types = ?, rollback_configuration = ?, options = ?, caller = ?, "
      "disable_rollback = ?, on_failure = ?, timeout_minutes = ?, role_arn = ?, "
      "client_request_token = ?, termination_protection = ?, retain_except_on_create = ?, "
      "operation_type = ?, operation_id = ?, operation_token = ?, retain_resources = ?, "
      "created_millis = ?, updated_millis = ?, deleted_millis = ?, deadline_millis = ? WHERE "
      "stack_id = ?",
      values);
}

void StackStore::UpdateProgress(store::Transaction& tx, const StackRecord& record) {
  schema_.Ensure();
  tx.Exec(
      "UPDATE cfn_stacks SET status = ?, status_reason = ?, outputs = ?, deleted_millis = ? "
      "WHERE stack_id = ?",
      {record.status, record.status_reason, record.outputs, Optional(record.deleted_millis),
       record.stack_id});
}

std::optional<std::pair<std::string, std::string>> StackStore::Progress(store::Transaction& tx,
                                                                        std::string_view stack_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT status, operation_id FROM cfn_stacks WHERE stack_id = ?", {std::string(stack_id)});
  if (!row) return std::nullopt;
  return std::make_pair(row->Text(0), row->Text(1));
}

std::optional<StackRecord> StackStore::FindLiveByName(store::Transaction& tx,
                                                      const core::Scope& scope,
                                                      std::string_view name) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      kStackSelect +
          " FROM cfn_stacks WHERE account = ? AND region = ? AND name = ? AND deleted_millis IS "
          "NULL",
      {scope.account, scope.region, std::string(name)});
  if (!row) return std::nullopt;
  return StackFromRow(*row);
}

std::optional<StackRecord> StackStore::FindById(store::Transaction& tx, const core::Scope& scope,
                                                std::string_view stack_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      kStackSelect + " FROM cfn_stacks WHERE stack_id = ? AND account = ? AND region = ?",
      {std::string(stack_id), scope.account, scope.region});
  if (!row) return std::nullopt;
  return StackFromRow(*row);
}

std::optional<StackRecord> StackStore::FindByIdAnywhere(store::Transaction& tx,
                                                        std::string_view stack_id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne(kStackSelect + " FROM cfn_stacks WHERE stack_id = ?", {std::string(stack_id)});
  if (!row) return std::nullopt;
  return StackFromRow(*row);
}

std::vector<StackRecord> StackStore::ListStacks(store::Transaction& tx, const core::Scope& scope,
                                                int64_t before, int64_t limit, bool live_only,
                                                const std::vector<std::string>& statuses) {
  schema_.Ensure();
  const std::string live = live_only ? " AND deleted_millis IS NULL" : "";
  const int64_t first = before > 0 ? before : INT64_MAX;
  std::vector<StackRecord> out;
  if (statuses.empty()) {
    for (const store::Row& row : tx.Query(
             kStackListSelect + " FROM cfn_stacks WHERE account = ? AND region = ? AND seq < ?" +
                 live + " ORDER BY seq DESC LIMIT ?",
             {scope.account, scope.region, first, limit})) {
      out.push_back(StackFromRow(row));
    }
    return out;
  }
  // The newest `limit` of each status (from the index alone), merged; then those stacks.
  const std::string newest_of_status =
      "SELECT seq FROM cfn_stacks WHERE account = ? AND region = ? AND status = ? AND seq < ?" +
      live + " ORDER BY seq DESC LIMIT ?";
  std::vector<int64_t> seqs;
  for (const std::string& status : statuses) {
    tx.ForEach(newest_of_status, {scope.account, scope.region, status, first, limit},
               [&seqs](const store::RowView& row) { seqs.push_back(row.Int(0)); });
  }
  std::sort(seqs.begin(), seqs.end(), std::greater<>());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  if (static_cast<int64_t>(seqs.size()) > limit) seqs.resize(static_cast<size_t>(limit));
  for (const int64_t seq : seqs) {
    std::optional<store::Row> row =
        tx.QueryOne(kStackListSelect + " FROM cfn_stacks WHERE seq = ?", {seq});
    if (row) out.push_back(StackFromRow(*row));
  }
  return out;
}

void StackStore::PutResource(store::Transaction& tx, const StackRecord& stack,
                             const ResourceRecord& record) {
  PutResources(tx, stack, {&record});
}

void StackStore::PutResources(store::Transaction& tx, const StackRecord& stack,
                              const std::vector<const ResourceRecord*>& records) {
  schema_.Ensure();
  static const std::string kInsert = "INSERT OR REPLACE INTO cfn_stack_resources (stack_seq, " +
                                     std::string(kResourceColumns) + ") VALUES ";
  InsertRows(tx, kInsert, 14, records.size(), [&](size_t i, std::vector<store::Value>& params) {
    const ResourceRecord& r = *records[i];
    params.insert(params.end(),
                  {stack.seq, r.logical_id, r.physical_id, r.type, r.status, r.reason, r.properties,
                   r.attributes, r.dependencies, r.deletion_policy, r.wave, r.updated_millis,
                   int64_t{r.simulated}, int64_t{r.pending_delete}});
  });
}

std::vector<ResourceRecord> StackStore::Resources(store::Transaction& tx,
                                                  const StackRecord& stack) {
  schema_.Ensure();
  std::vector<ResourceRecord> out;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kResourceColumns) +
                    " FROM cfn_stack_resources WHERE stack_seq = ? ORDER BY wave, logical_id",
                {stack.seq})) {
    out.push_back(ResourceFromRow(row));
  }
  return out;
}

std::optional<ResourceRecord> StackStore::Resource(store::Transaction& tx, const StackRecord& stack,
                                                   std::string_view logical_id) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kResourceColumns) +
                      " FROM cfn_stack_resources WHERE stack_seq = ? AND logical_id = ?",
                  {stack.seq, std::string(logical_id)});
  if (!row) return std::nullopt;
  return ResourceFromRow(*row);
}

void StackStore::DeleteResource(store::Transaction& tx, const StackRecord& stack,
                                std::string_view logical_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_stack_resources WHERE stack_seq = ? AND logical_id = ?",
          {stack.seq, std::string(logical_id)});
}

std::optional<std::string> StackStore::StackOfPhysicalId(store::Transaction& tx,
                                                         const core::Scope& scope,
                                                         std::string_view physical_id) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT s.stack_id FROM cfn_stack_resources r JOIN cfn_stacks s ON s.seq = r.stack_seq "
      "WHERE r.physical_id = ? AND s.account = ? AND s.region = ? AND s.deleted_millis IS NULL "
      "ORDER BY s.seq DESC LIMIT 1",
      {std::string(physical_id), scope.account, scope.region});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void StackStore::AddEvents(store::Transaction& tx, const StackRecord& stack,
                           const std::vector<EventRecord>& events) {
  schema_.Ensure();
  InsertRows(tx,
             "INSERT INTO cfn_stack_events (stack_seq, event_id, logical_id, physical_id, type, "
             "status, reason, properties, timestamp_millis, client_request_token, operation_id) "
             "VALUES ",
             11, events.size(), [&](size_t i, std::vector<store::Value>& params) {
               const EventRecord& e = events[i];
               params.insert(
                   params.end(),
                   {stack.seq, e.event_id, e.logical_id, e.physical_id, e.type, e.status, e.reason,
                    e.properties, e.timestamp_millis, e.client_request_token, e.operation_id});
             });
  // A deleted stack's last event: from now on its events are only read.
  if (stack.deleted_millis) ArchiveEvents(tx, stack);
}

std::vector<std::pair<int64_t, EventRecord>> StackStore::Events(store::Transaction& tx,
                                                                const StackRecord& stack,
                                                                int64_t before, int64_t limit) {
  schema_.Ensure();
  std::vector<std::pair<int64_t, EventRecord>> out;
  if (stack.deleted_millis) {
    if (std::optional<store::Row> row = tx.QueryOne(
            "SELECT events FROM cfn_deleted_stack_events WHERE stack_seq = ?", {stack.seq})) {
      std::vector<internal::PositionedEvent> events = internal::UnpackEvents(row->Text(0));
      for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (static_cast<int64_t>(out.size()) == limit) break;
        if (before <= 0 || it->first < before) out.push_back(std::move(*it));
      }
      return out;
    }
  }
  tx.ForEach(
      "SELECT seq, event_id, logical_id, physical_id, type, status, reason, properties, "
      "timestamp_millis, client_request_token, operation_id FROM cfn_stack_events WHERE "
      "stack_seq = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
      {stack.seq, before > 0 ? before : INT64_MAX, limit}, [&out](const store::RowView& row) {
        out.emplace_back(row.Int(0), EventFromRow(row));
      });
  return out;
}

void StackStore::ArchiveEvents(store::Transaction& tx, const StackRecord& stack) {
  std::vector<internal::PositionedEvent> events;
  if (std::optional<store::Row> row = tx.QueryOne(
          "SELECT events FROM cfn_deleted_stack_events WHERE stack_seq = ?", {stack.seq})) {
    events = internal::UnpackEvents(row->Text(0));
  }
  tx.ForEach(
      "SELECT seq, event_id, logical_id, physical_id, type, status, reason, properties, "
      "timestamp_millis, client_request_token, operation_id FROM cfn_stack_events WHERE "
      "stack_seq = ? ORDER BY seq",
      {stack.seq}, [&events](const store::RowView& row) {
        events.emplace_back(row.Int(0), EventFromRow(row));
      });
  tx.Exec("INSERT OR REPLACE INTO cfn_deleted_stack_events (stack_seq, events) VALUES (?, ?)",
          {stack.seq, internal::PackEvents(events)});
  tx.Exec("DELETE FROM cfn_stack_events WHERE stack_seq = ?", {stack.seq});
}

std::optional<ExportRecord> StackStore::FindExport(store::Transaction& tx, const core::Scope& scope,
                                                   std::string_view name) {
  schema_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT name, value, stack_id FROM cfn_exports WHERE account = ? AND region = ? AND name = ?",
      {scope.account, scope.region, std::string(name)});
  if (!row) return std::nullopt;
  return ExportRecord{.name = row->Text(0), .value = row->Text(1), .stack_id = row->Text(2)};
}

void StackStore::PutExport(store::Transaction& tx, const core::Scope& scope,
                           const ExportRecord& record) {
  schema_.Ensure();
  tx.Exec("INSERT INTO cfn_exports (account, region, name, value, stack_id) VALUES (?, ?, ?, ?, ?)",
          {scope.account, scope.region, record.name, record.value, record.stack_id});
}

void StackStore::DeleteExports(store::Transaction& tx, std::string_view stack_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_exports WHERE stack_id = ?", {std::string(stack_id)});
}

void StackStore::PutUpdateState(store::Transaction& tx, const StackRecord& stack,
                                std::string_view state) {
  schema_.Ensure();
  tx.Exec("INSERT OR REPLACE INTO cfn_stack_updates (stack_seq, state) VALUES (?, ?)",
          {stack.seq, std::string(state)});
}

std::optional<std::string> StackStore::UpdateState(store::Transaction& tx,
                                                   const StackRecord& stack) {
  schema_.Ensure();
  std::optional<store::Row> row =
      tx.QueryOne("SELECT state FROM cfn_stack_updates WHERE stack_seq = ?", {stack.seq});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void StackStore::DeleteUpdateState(store::Transaction& tx, const StackRecord& stack) {
  schema_.Ensure();
  tx.Exec("DELETE FROM cfn_stack_updates WHERE stack_seq = ?", {stack.seq});
}

std::vector<ExportRecord> StackStore::ListExports(store::Transaction& tx, const core::Scope& scope,
                                                  std::string_view after, int64_t limit) {
  schema_.Ensure();
  std::vector<ExportRecord> out;
  for (const store::Row& row : tx.Query(
           "SELECT name, value, stack_id FROM cfn_exports WHERE account = ? AND region = ? AND "
           "name > ? ORDER BY name LIMIT ?",
           {scope.account, scope.region, std::string(after), limit})) {
    out.push_back(ExportRecord{.name = row.Text(0), .value = row.Text(1), .stack_id = row.Text(2)});
  }
  return out;
}

void StackStore::AddImports(store::Transaction& tx, const core::Scope& scope,
                            std::string_view stack_id, const std::vector<std::string>& names) {
  links_.Ensure();
  for (const std::string& name : names) {
    tx.Exec(
        "INSERT OR IGNORE INTO cfn_imports (account, region, export_name, stack_id) VALUES (?, ?, "
        "?, ?)",
        {scope.account, scope.region, name, std::string(stack_id)});
  }
}

void StackStore::DeleteImports(store::Transaction& tx, std::string_view stack_id) {
  links_.Ensure();
  tx.Exec("DELETE FROM cfn_imports WHERE stack_id = ?", {std::string(stack_id)});
}

std::vector<std::string> StackStore::Imports(store::Transaction& tx, std::string_view stack_id) {
  links_.Ensure();
  std::vector<std::string> out;
  for (const store::Row& row :
       tx.Query("SELECT export_name FROM cfn_imports WHERE stack_id = ? ORDER BY export_name",
                {std::string(stack_id)})) {
    out.push_back(row.Text(0));
  }
  return out;
}

std::vector<std::string> StackStore::Importers(store::Transaction& tx, const core::Scope& scope,
                                               std::string_view name, std::string_view after,
                                               int64_t limit) {
  links_.Ensure();
  std::vector<std::string> out;
  for (const store::Row& row : tx.Query(
           "SELECT s.name FROM cfn_imports i JOIN cfn_stacks s ON s.stack_id = i.stack_id WHERE "
           "i.account = ? AND i.region = ? AND i.export_name = ? AND s.name > ? ORDER BY s.name "
           "LIMIT ?",
           {scope.account, scope.region, std::string(name), std::string(after), limit})) {
    out.push_back(row.Text(0));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> StackStore::ExportsInUse(
    store::Transaction& tx, std::string_view stack_id) {
  links_.Ensure();
  std::vector<std::pair<std::string, std::string>> out;
  for (const store::Row& row : tx.Query(
           "SELECT e.name, s.name FROM cfn_exports e JOIN cfn_imports i ON i.account = e.account "
           "AND i.region = e.region AND i.export_name = e.name JOIN cfn_stacks s ON s.stack_id = "
           "i.stack_id WHERE e.stack_id = ? AND i.stack_id != e.stack_id ORDER BY e.name, s.name",
           {std::string(stack_id)})) {
    out.emplace_back(row.Text(0), row.Text(1));
  }
  return out;
}

std::optional<TokenRecord> StackStore::FindToken(store::Transaction& tx, const core::Scope& scope,
                                                 std::string_view stack_name,
                                                 std::string_view token) {
  links_.Ensure();
  std::optional<store::Row> row = tx.QueryOne(
      "SELECT stack_id, operation FROM cfn_request_tokens WHERE account = ? AND region = ? AND "
      "stack_name = ? AND token = ?",
      {scope.account, scope.region, std::string(stack_name), std::string(token)});
  if (!row) return std::nullopt;
  return TokenRecord{.stack_name = std::string(stack_name),
                     .token = std::string(token),
                     .stack_id = row->Text(0),
                     .operation = row->Text(1)};
}

void StackStore::PutToken(store::Transaction& tx, const core::Scope& scope,
                          const TokenRecord& record) {
  links_.Ensure();
  tx.Exec(
      "INSERT OR REPLACE INTO cfn_request_tokens (account, region, stack_name, token, stack_id, "
      "operation) VALUES (?, ?, ?, ?, ?, ?)",
      {scope.account, scope.region, record.stack_name, record.token, record.stack_id,
       record.operation});
}

}  // namespace nimbus::cloudformation
