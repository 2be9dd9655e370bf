#include "services/ssm/managed_node_store.h"

#include <algorithm>

#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

namespace {

// Every filterable column has an index that ends in instance_id, so a single-valued filter reads
// its matches already in page order.
const std::vector<std::string> kMigrations = {
    "CREATE TABLE ssm_activations (account TEXT NOT NULL, region TEXT NOT NULL, activation_id "
    "TEXT NOT NULL, activation_code TEXT NOT NULL, description TEXT NOT NULL, "
    "default_instance_name TEXT NOT NULL, iam_role TEXT NOT NULL, registration_limit INTEGER NOT "
    "NULL, registrations_count INTEGER NOT NULL, expiration_millis INTEGER NOT NULL, "
    "created_millis INTEGER NOT NULL, PRIMARY KEY (account, region, activation_id)) WITHOUT "
    "ROWID;"
    "CREATE INDEX ssm_activations_by_id ON ssm_activations (activation_id);"
    "CREATE INDEX ssm_activations_by_created ON ssm_activations (account, region, "
    "created_millis, activation_id);"
    "CREATE TABLE ssm_managed_nodes (account TEXT NOT NULL, region TEXT NOT NULL, instance_id "
    "TEXT NOT NULL, name TEXT NOT NULL, activation_id TEXT NOT NULL, iam_role TEXT NOT NULL, "
    "registration_millis INTEGER, last_ping_millis INTEGER NOT NULL, agent_name TEXT NOT NULL, "
    "agent_version TEXT NOT NULL, agent_status TEXT NOT NULL, is_latest_version INTEGER, "
    "platform_type TEXT NOT NULL, platform_name TEXT NOT NULL, platform_version TEXT NOT NULL, "
    "computer_name TEXT NOT NULL, ip_address TEXT NOT NULL, resource_type TEXT NOT NULL, "
    "source_id TEXT NOT NULL, source_type TEXT NOT NULL, association_status TEXT NOT NULL, "
    "last_association_execution_millis INTEGER, last_successful_association_execution_millis "
    "INTEGER, association_overview TEXT NOT NULL, public_key TEXT NOT NULL, public_key_type TEXT "
    "NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (account, region, instance_id)) WITHOUT "
    "ROWID;"
    "CREATE INDEX ssm_managed_nodes_by_id ON ssm_managed_nodes (instance_id);"
    "CREATE INDEX ssm_managed_nodes_by_activation ON ssm_managed_nodes (account, region, "
    "activation_id, instance_id);"
    "CREATE INDEX ssm_managed_nodes_by_platform ON ssm_managed_nodes (account, region, "
    "platform_type, instance_id);"
    "CREATE INDEX ssm_managed_nodes_by_agent ON ssm_managed_nodes (account, region, "
    "agent_version, instance_id);"
    "CREATE INDEX ssm_managed_nodes_by_role ON ssm_managed_nodes (account, region, iam_role, "
    "instance_id);"
    "CREATE INDEX ssm_managed_nodes_by_type ON ssm_managed_nodes (account, region, "
    "resource_type, instance_id);",
    // PingStatus alone: the ids whose last ping is before (or after) the cut, in id order, read
    // from this narrow index instead of from the wide rows (QueryNodes, PingOnlyPage).
    "CREATE INDEX ssm_managed_nodes_by_ping ON ssm_managed_nodes (account, region, instance_id, "
    "last_ping_millis);",
};

constexpr std::string_view kActivationColumns =
    "account, region, activation_id, activation_code, description, default_instance_name, "
    "iam_role, registration_limit, registrations_count, expiration_millis, created_millis";

constexpr std::string_view kNodeInsertColumns =
    "account, region, instance_id, name, activation_id, iam_role, registration_millis, "
    "last_ping_millis, agent_name, agent_version, agent_status, is_latest_version, platform_type, "
    "platform_name, platform_version, computer_name, ip_address, resource_type, source_id, "
    "source_type, association_status, last_association_execution_millis, "
    "last_successful_association_execution_millis, association_overview, public_key, "
    "public_key_type, fingerprint";

ActivationRecord ToActivation(const store::Row& row) {
  return {.scope = {.account = row.Text(0), .region = row.Text(1)},
          .activation_id = row.Text(2),
          .activation_code = row.Text(3),
          .description = row.Text(4),
          .default_instance_name = row.Text(5),
          .iam_role = row.Text(6),
          .registration_limit = row.Int(7),
          .registrations_count = row.Int(8),
          .expiration_millis = row.Int(9),
          .created_millis = row.Int(10)};
}

// What DescribeInstanceInformation shows, and no more: a page costs per row read.
constexpr std::string_view kNodeListColumns =
    "i.instance_id, i.name, i.activation_id, i.iam_role, i.registration_millis, "
    "i.last_ping_millis, i.agent_version, i.is_latest_version, i.platform_type, "
    "i.platform_name, i.platform_version, i.computer_name, i.ip_address, i.resource_type, "
    "i.source_id, i.source_type, i.association_status, i.last_association_execution_millis, "
    "i.last_successful_association_execution_millis, i.association_overview";

// From a store::Row or, for pages, a store::RowView read in place.
template <class R>
ManagedNodeRecord ToListedNode(const R& row, const core::Scope& scope) {
  ManagedNodeRecord node;
  node.scope = scope;
  node.instance_id = row.Text(0);
  node.name = row.Text(1);
  node.activation_id = row.Text(2);
  node.iam_role = row.Text(3);
  node.registration_millis = row.OptInt(4);
  node.last_ping_millis = row.Int(5);
  node.agent_version = row.Text(6);
  if (auto latest = row.OptInt(7)) node.is_latest_version = *latest != 0;
  node.platform_type = row.Text(8);
  node.platform_name = row.Text(9);
  node.platform_version = row.Text(10);
  node.computer_name = row.Text(11);
  node.ip_address = row.Text(12);
  node.resource_type = row.Text(13);
  node.source_id = row.Text(14);
  node.source_type = row.Text(15);
  node.association_status = row.Text(16);
  node.last_association_execution_millis = row.OptInt(17);
  node.last_successful_association_execution_millis = row.OptInt(18);
  node.association_overview_json = row.Text(19);
  return node;
}

// A whole node: the listed columns, then the scope and what only the agent's calls use.
const std::string kSelectNode =
    "SELECT " + std::string(kNodeListColumns) +
    ", i.account, i.region, i.agent_name, i.agent_status, i.public_key, i.public_key_type, "
    "i.fingerprint";

ManagedNodeRecord ToNode(const store::Row& row) {
  ManagedNodeRecord node = ToListedNode(row, {.account = row.Text(20), .region = row.Text(21)});
  node.agent_name = row.Text(22);
  node.agent_status = row.Text(23);
  node.public_key = row.Text(24);
  node.public_key_type = row.Text(25);
  node.fingerprint = row.Text(26);
  return node;
}

store::Value OptValue(const std::optional<int64_t>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

void Append(std::vector<store::Value>* params, const std::vector<std::string>& values) {
  for (const std::string& v : values) params->emplace_back(v);
}

// Without statistics SQLite walks the primary key even when an equality filter has an index
// (account, region, column, instance_id) that yields the page directly; name that index. The
// columns are in rough order of selectivity. None when instance ids are given (the primary key
// serves them) or no single-valued indexed filter exists.
std::string IndexHint(const std::vector<NodeCondition>& conditions) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kIndexes = {
      {"activation_id", "ssm_managed_nodes_by_activation"},
      {"agent_version", "ssm_managed_nodes_by_agent"},
      {"iam_role", "ssm_managed_nodes_by_role"},
      {"platform_type", "ssm_managed_nodes_by_platform"},
      {"resource_type", "ssm_managed_nodes_by_type"}};
  for (const NodeCondition& c : conditions) {
    if (c.kind == NodeCondition::Kind::kColumnIn && c.column == "instance_id") return "";
  }
  for (const auto& [column, index] : kIndexes) {
    for (const NodeCondition& c : conditions) {
      if (c.kind == NodeCondition::Kind::kColumnIn && c.column == column && c.values.size() == 1) {
        return " INDEXED BY " + std::string(index);
      }
    }
  }
  return "";
}

// How many matches of each candidate driving tag filter are read to compare their densities.
constexpr int64_t kDensitySample = 32;

// Of the single-valued tag filters, the one to drive the query with: the sparsest after the
// cursor, judged by how far on its kDensitySample-th match lies (a filter with fewer matches
// left wins at once). Driving by it reads the fewest candidates for a page; the other filters
// are checked per candidate. Null without such a filter.
const NodeCondition* SparsestTag(store::Transaction& tx, const core::Scope& scope,
                                 const std::vector<NodeCondition>& conditions,
                                 std::string_view after) {
  std::vector<const NodeCondition*> candidates;
  for (const NodeCondition& c : conditions) {
    if (c.kind == NodeCondition::Kind::kTagValue && c.values.size() == 1) candidates.push_back(&c);
  }
  if (candidates.size() < 2) return candidates.empty() ? nullptr : candidates.front();
  const NodeCondition* sparsest = nullptr;
  std::string furthest;
  for (const NodeCondition* c : candidates) {
    std::optional<store::Row> sample = tx.QueryOne(
        "SELECT resource_id FROM " + std::string(TagStore::kTable) +
            " INDEXED BY ssm_tags_by_key WHERE account = ? AND region = ? AND resource_type = "
            "'ManagedInstance' AND key = ? AND value = ? AND resource_id > ? ORDER BY "
            "resource_id LIMIT 1 OFFSET ?",
        {scope.account, scope.region, c->key, c->values.front(), std::string(after),
         kDensitySample - 1});
    if (!sample) return c;
    if (!sparsest || sample->Text(0) > furthest) {
      sparsest = c;
      furthest = sample->Text(0);
    }
  }
  return sparsest;
}

}  // namespace

const std::vector<std::string_view> ManagedNodeStore::kFilterColumns = {
    "instance_id",   "agent_version",      "platform_type", "activation_id", "iam_role",
    "resource_type", "association_status", "source_id",     "source_type"};

ManagedNodeStore::ManagedNodeStore(store::Database& db)
    : tags_schema_(db, "ssm_tags", TagStore::Migrations()),
      schema_(db, "ssm_managed_nodes", kMigrations, &tags_schema_) {}

void ManagedNodeStore::InsertActivation(store::Transaction& tx, const ActivationRecord& a) {
  tx.Exec("INSERT INTO ssm_activations (" + std::string(kActivationColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {a.scope.account, a.scope.region, a.activation_id, a.activation_code, a.description,
           a.default_instance_name, a.iam_role, a.registration_limit, a.registrations_count,
           a.expiration_millis, a.created_millis});
}

std::optional<ActivationRecord> ManagedNodeStore::FindActivation(store::Transaction& tx,
                                                                 const core::Scope& scope,
                                                                 std::string_view activation_id) {
  auto row = tx.QueryOne("SELECT " + std::string(kActivationColumns) +
                             " FROM ssm_activations WHERE account = ? AND region = ? AND "
                             "activation_id = ?",
                         {scope.account, scope.region, std::string(activation_id)});
  if (!row) return std::nullopt;
  return ToActivation(*row);
}

std::optional<ActivationRecord> ManagedNodeStore::FindActivationAnywhere(
    store::Transaction& tx, std::string_view activation_id) {
  auto row = tx.QueryOne("SELECT " + std::string(kActivationColumns) +
                             " FROM ssm_activations WHERE activation_id = ? LIMIT 1",
                         {std::string(activation_id)});
  if (!row) return std::nullopt;
  return ToActivation(*row);
}

bool ManagedNodeStore::DeleteActivation(store::Transaction& tx, const core::Scope& scope,
                                        std::string_view activation_id) {
  return tx.Exec(
             "DELETE FROM ssm_activations WHERE account = ? AND region = ? AND activation_id = ?",
             {scope.account, scope.region, std::string(activation_id)}) > 0;
}

void ManagedNodeStore::CountRegistration(store::Transaction& tx, const core::Scope& scope,
                                         std::string_view activation_id) {
  tx.Exec(
      "UPDATE ssm_activations SET registrations_count = registrations_count + 1 WHERE account = ? "
      "AND region = ? AND activation_id = ?",
      {scope.account, scope.region, std::string(activation_id)});
}

std::vector<ActivationRecord> ManagedNodeStore::ListActivations(
    store::Transaction& tx, const core::Scope& scope,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& filters,
    std::optional<std::pair<int64_t, std::string>> after, int64_t limit) {
  std::string sql = "SELECT " + std::string(kActivationColumns) +
                    " FROM ssm_activations WHERE account = ? AND region = ?";
  std::vector<store::Value> params = {scope.account, scope.region};
  for (const auto& [column, values] : filters) {
    if (column != "activation_id" && column != "default_instance_name" && column != "iam_role") {
      continue;
    }
    sql += " AND " + column + " IN (" + Placeholders(values.size()) + ")";
    Append(&params, values);
  }
  if (after) {
    sql += " AND (created_millis, activation_id) > (?, ?)";
    params.emplace_back(after->first);
    params.emplace_back(after->second);
  }
  sql += " ORDER BY created_millis, activation_id LIMIT ?";
  params.emplace_back(limit);
  std::vector<ActivationRecord> out;
  for (const store::Row& row : tx.Query(sql, params)) out.push_back(ToActivation(row));
  return out;
}

void ManagedNodeStore::PutNode(store::Transaction& tx, const ManagedNodeRecord& n) {
  std::optional<int64_t> latest;
  if (n.is_latest_version) latest = *n.is_latest_version ? 1 : 0;
  tx.Exec("INSERT OR REPLACE INTO ssm_managed_nodes (" + std::string(kNodeInsertColumns) +
              ") VALUES (" + Placeholders(27) + ")",
          {n.scope.account,
           n.scope.region,
           n.instance_id,
           n.name,
           n.activation_id,
           n.iam_role,
           OptValue(n.registration_millis),
           n.last_ping_millis,
           n.agent_name,
           n.agent_version,
           n.agent_status,
           OptValue(latest),
           n.platform_type,
           n.platform_name,
           n.platform_version,
           n.computer_name,
           n.ip_address,
           n.resource_type,
           n.source_id,
           n.source_type,
           n.association_status,
           OptValue(n.last_association_execution_millis),
           OptValue(n.last_successful_association_execution_millis),
           n.association_overview_json,
           n.public_key,
           n.public_key_type,
           n.fingerprint});
}

std::optional<ManagedNodeRecord> ManagedNodeStore::FindNode(store::Transaction& tx,
                                                            const core::Scope& scope,
                                                            std::string_view instance_id) {
  auto row = tx.QueryOne(kSelectNode +
                             " FROM ssm_managed_nodes i WHERE i.account = ? AND i.region = ? "
                             "AND i.instance_id = ?",
                         {scope.account, scope.region, std::string(instance_id)});
  if (!row) return std::nullopt;
  return ToNode(*row);
}

std::optional<ManagedNodeRecord> ManagedNodeStore::FindNodeAnywhere(store::Transaction& tx,
                                                                    std::string_view instance_id) {
  auto row = tx.QueryOne(kSelectNode +
                             " FROM ssm_managed_nodes i WHERE i.instance_id = ? LIMIT 1",
                         {std::string(instance_id)});
  if (!row) return std::nullopt;
  return ToNode(*row);
}

bool ManagedNodeStore::DeleteNode(store::Transaction& tx, const core::Scope& scope,
                                  std::string_view instance_id) {
  return tx.Exec(
             "DELETE FROM ssm_managed_nodes WHERE account = ? AND region = ? AND instance_id = ?",
             {scope.account, scope.region, std::string(instance_id)}) > 0;
}

std::vector<std::string> ManagedNodeStore::ExistingNodes(
    store::Transaction& tx, const core::Scope& scope,
    const std::vector<std::string>& instance_ids) {
  std::vector<store::Value> params = {scope.account, scope.region};
  Append(&params, instance_ids);
  std::vector<std::string> out;
  for (const store::Row& row :
       tx.Query("SELECT instance_id FROM ssm_managed_nodes WHERE account = ? AND region = ? AND "
                "instance_id IN (" +
                    Placeholders(instance_ids.size()) + ")",
                params)) {
    out.push_back(row.Text(0));
  }
  return out;
}

namespace {

// A page filtered by PingStatus alone. PingStatus follows from the last ping and the time of the
// query, so no index holds one status in id order, and a rare status (ConnectionLost in a live
// fleet) means reading many nodes for a page. Reading them from the narrow ping index finds the
// page's ids in about half the time of reading the wide rows; the rows of those ids follow.
std::optional<std::vector<ManagedNodeRecord>> PingOnlyPage(
    store::Transaction& tx, const core::Scope& scope, const std::vector<NodeCondition>& conditions,
    std::string_view after, int64_t limit) {
  using Kind = NodeCondition::Kind;
  std::string where;
  std::vector<store::Value> params = {scope.account, scope.region};
  for (const NodeCondition& c : conditions) {
    if (c.kind == Kind::kPingAtLeast) {
      where += " AND last_ping_millis >= ?";
    } else if (c.kind == Kind::kPingBefore) {
      where += " AND last_ping_millis < ?";
    } else {
      return std::nullopt;
    }
    params.emplace_back(c.millis);
  }
  if (conditions.empty()) return std::nullopt;
  if (!after.empty()) {
    where += " AND instance_id > ?";
    params.emplace_back(std::string(after));
  }
  params.emplace_back(limit);
  const std::vector<store::Row> ids = tx.Query(
      "SELECT instance_id FROM ssm_managed_nodes INDEXED BY ssm_managed_nodes_by_ping WHERE "
      "account = ? AND region = ?" + where + " ORDER BY instance_id LIMIT ?",
      params);
  std::vector<ManagedNodeRecord> out;
  if (ids.empty()) return out;
  std::vector<store::Value> row_params = {scope.account, scope.region};
  for (const store::Row& id : ids) row_params.emplace_back(id.Text(0));
  out.reserve(ids.size());
  tx.ForEach("SELECT " + std::string(kNodeListColumns) +
                 " FROM ssm_managed_nodes i WHERE i.account = ? AND i.region = ? AND "
                 "i.instance_id IN (" + Placeholders(ids.size()) + ") ORDER BY i.instance_id",
             row_params,
             [&](const store::RowView& row) { out.push_back(ToListedNode(row, scope)); });
  return out;
}

}  // namespace

std::vector<ManagedNodeRecord> ManagedNodeStore::QueryNodes(
    store::Transaction& tx, const core::Scope& scope, const std::vector<NodeCondition>& conditions,
    std::string_view after, int64_t limit) {
  using Kind = NodeCondition::Kind;
  const std::string tags(TagStore::kTable);
  for (const NodeCondition& c : conditions) {
    if (c.kind == Kind::kNever) return {};
  }
  if (std::optional<std::vector<ManagedNodeRecord>> page =
          PingOnlyPage(tx, scope, conditions, after, limit)) {
    return std::move(*page);
  }
  // A single-valued tag filter drives the query: the tag index holds its nodes in id order.
  const NodeCondition* driver = SparsestTag(tx, scope, conditions, after);
  std::string sql = "SELECT " + std::string(kNodeListColumns);
  std::vector<store::Value> params;
  std::string id_column = "i.instance_id";
  // The other tag filters are checked against the driving tag row, so a node that fails them
  // is dropped before it is looked up.
  std::string same_node = "t.account = i.account AND t.region = i.region AND t.resource_id = "
                          "i.instance_id";
  if (driver) {
    // CROSS JOIN keeps SQLite from reordering: walk the tag index, look each node up by key.
    // The cursor is a range on resource_id: name the index, or SQLite may take it for a range
    // of ssm_tags_by_resource and read every later tag.
    sql += " FROM " + tags +
           " d INDEXED BY ssm_tags_by_key CROSS JOIN ssm_managed_nodes i WHERE d.account = ? AND "
           "d.region = ? AND d.resource_type = 'ManagedInstance' AND d.key = ? AND d.value = ? "
           "AND i.account = d.account AND i.region = d.region AND i.instance_id = d.resource_id";
    params = {scope.account, scope.region, driver->key, driver->values.front()};
    id_column = "d.resource_id";
    same_node = "t.account = d.account AND t.region = d.region AND t.resource_id = d.resource_id";
  } else {
    sql += " FROM ssm_managed_nodes i" + IndexHint(conditions) +
           " WHERE i.account = ? AND i.region = ?";
    params = {scope.account, scope.region};
  }
  // With instance ids given, the cursor trims the id list instead of becoming a range, which
  // SQLite would prefer to the id seeks and walk to the end of the fleet.
  bool ids_given = false;
  for (const NodeCondition& given : conditions) {
    if (&given == driver) continue;
    NodeCondition trimmed;
    const NodeCondition* cond = &given;
    if (given.kind == Kind::kColumnIn && given.column == "instance_id") {
      ids_given = true;
      trimmed = given;
      std::erase_if(trimmed.values, [&](const std::string& id) { return id <= after; });
      if (trimmed.values.empty()) return {};
      cond = &trimmed;
    }
    const NodeCondition& c = *cond;
    switch (c.kind) {
      case Kind::kColumnIn: {
        if (std::find(kFilterColumns.begin(), kFilterColumns.end(), c.column) ==
            kFilterColumns.end()) {
          return {};
        }
        // One value may use the column's index (already in id order); several values would make
        // SQLite sort every match, so '+' keeps it on the primary key, in page order. Instance
        // ids are the primary key: a few seeks and a sort of at most 100 rows.
        if (c.values.size() == 1) {
          sql += " AND i." + c.column + " = ?";
        } else if (c.column == "instance_id") {
          sql += " AND i.instance_id IN (" + Placeholders(c.values.size()) + ")";
        } else {
          sql += " AND +i." + c.column + " IN (" + Placeholders(c.values.size()) + ")";
        }
        Append(&params, c.values);
        break;
      }
      case Kind::kPingAtLeast:
        sql += " AND i.last_ping_millis >= ?";
        params.emplace_back(c.millis);
        break;
      case Kind::kPingBefore:
        sql += " AND i.last_ping_millis < ?";
        params.emplace_back(c.millis);
        break;
      case Kind::kTagValue:
        sql += " AND EXISTS (SELECT 1 FROM " + tags + " t WHERE " + same_node +
               " AND t.resource_type = 'ManagedInstance' AND t.key = ? AND t.value IN (" +
               Placeholders(c.values.size()) + "))";
        params.emplace_back(c.key);
        Append(&params, c.values);
        break;
      case Kind::kTagKeyIn:
        sql += " AND EXISTS (SELECT 1 FROM " + tags + " t WHERE " + same_node +
               " AND t.resource_type = 'ManagedInstance' AND t.key IN (" +
               Placeholders(c.values.size()) + "))";
        Append(&params, c.values);
        break;
      case Kind::kNever:
        return {};
    }
  }
  if (!after.empty() && !ids_given) {
    sql += " AND " + id_column + " > ?";
    params.emplace_back(std::string(after));
  }
  sql += " ORDER BY " + id_column + " LIMIT ?";
  params.emplace_back(limit);
  std::vector<ManagedNodeRecord> out;
  out.reserve(static_cast<size_t>(std::max<int64_t>(0, std::min<int64_t>(limit, 100))));
  tx.ForEach(sql, params,
             [&](const store::RowView& row) { out.push_back(ToListedNode(row, scope)); });
  return out;
}

}  // namespace nimbus::ssm
