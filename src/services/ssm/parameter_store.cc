#include "services/ssm/parameter_store.h"

#include <utility>

#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

namespace {

const std::vector<std::string> kMigrations = {
    // Latest version of every parameter; `parent` is ParentOf(name) for one-level listings.
    "CREATE TABLE ssm_parameters (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT "
    "NULL, parent TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT "
    "NULL, key_id TEXT NOT NULL, description TEXT NOT NULL, allowed_pattern TEXT NOT NULL, tier "
    "TEXT NOT NULL, policies TEXT NOT NULL, data_type TEXT NOT NULL, modified_millis INTEGER NOT "
    "NULL, modified_user TEXT NOT NULL, PRIMARY KEY (account, region, name)) WITHOUT ROWID;"
    "CREATE INDEX ssm_parameters_by_parent ON ssm_parameters (account, region, parent, name);"
    "CREATE TABLE ssm_parameter_versions (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT "
    "NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, key_id TEXT NOT "
    "NULL, description TEXT NOT NULL, allowed_pattern TEXT NOT NULL, tier TEXT NOT NULL, policies "
    "TEXT NOT NULL, data_type TEXT NOT NULL, modified_millis INTEGER NOT NULL, modified_user TEXT "
    "NOT NULL, PRIMARY KEY (account, region, name, version)) WITHOUT ROWID;"
    "CREATE TABLE ssm_parameter_labels (account TEXT NOT NULL, region TEXT NOT NULL, name TEXT "
    "NOT NULL, label TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (account, region, name, "
    "label)) WITHOUT ROWID;"
    "CREATE INDEX ssm_parameter_labels_by_version ON ssm_parameter_labels (account, region, name, "
    "version);",
};

constexpr std::string_view kColumns =
    "name, version, type, value, key_id, description, allowed_pattern, tier, policies, "
    "data_type, modified_millis, modified_user";

ParameterRecord FromRow(const store::Row& row) {
  return ParameterRecord{.name = row.Text(0),
                         .version = row.Int(1),
                         .type = row.Text(2),
                         .value = row.Text(3),
                         .key_id = row.Text(4),
                         .description = row.Text(5),
                         .allowed_pattern = row.Text(6),
                         .tier = row.Text(7),
                         .policies = row.Text(8),
                         .data_type = row.Text(9),
                         .modified_millis = row.Int(10),
                         .modified_user = row.Text(11)};
}

// The smallest string greater than every string that starts with `prefix`.
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

std::string StripLeadingSlashes(std::string_view text) {
  while (!text.empty() && text.front() == '/') text.remove_prefix(1);
  return std::string(text);
}

// Appends "(cond OR cond ...)" matching `column` against the filter values.
void AppendColumnMatch(std::string_view column, const ParameterFilter& filter, std::string* sql,
                       std::vector<store::Value>* params) {
  *sql += " AND (";
  bool first = true;
  for (const std::string& value : filter.values) {
    if (!first) *sql += " OR ";
    first = false;
    if (filter.option == "BeginsWith") {
      *sql += "substr(p." + std::string(column) + ", 1, ?) = ?";
      params->push_back(static_cast<int64_t>(value.size()));
      params->push_back(value);
    } else {
      *sql += "p." + std::string(column) + " = ?";
      params->push_back(value);
    }
  }
  *sql += ")";
}

void AppendFilter(const ParameterFilter& filter, std::string* sql,
                  std::vector<store::Value>* params) {
  const std::string& key = filter.key;
  if (key == "Type") return AppendColumnMatch("type", filter, sql, params);
  if (key == "KeyId") return AppendColumnMatch("key_id", filter, sql, params);
  if (key == "Tier") return AppendColumnMatch("tier", filter, sql, params);
  if (key == "DataType") return AppendColumnMatch("data_type", filter, sql, params);
  if (key == "Name") {
    // "foo" and "/foo" name the same level: the filter matches either spelling.
    *sql += " AND (";
    bool first = true;
    for (const std::string& value : filter.values) {
      if (filter.option == "Contains") {
        if (!first) *sql += " OR ";
        first = false;
        // Compared on the rooted spelling, so "/foo" finds a parameter created as "foo".
        *sql += "instr('/' || ltrim(p.name, '/'), ?) > 0";
        params->push_back(value);
        continue;
      }
      const std::string bare = StripLeadingSlashes(value);
      for (const std::string& spelling : {bare, "/" + bare}) {
        if (!first) *sql += " OR ";
        first = false;
        if (filter.option == "BeginsWith") {
          *sql += "(p.name >= ? AND p.name < ?)";
          params->push_back(spelling);
          params->push_back(PrefixEnd(spelling));
        } else {
          *sql += "p.name = ?";
          params->push_back(spelling);
        }
      }
    }
    *sql += ")";
    return;
  }
  if (key == "Path") {
    *sql += " AND (";
    bool first = true;
    for (std::string value : filter.values) {
      while (value.size() > 1 && value.back() == '/') value.pop_back();
      if (!first) *sql += " OR ";
      first = false;
      if (filter.option == "Recursive") {
        if (value == "/") {
          *sql += "1";
        } else {
          *sql += "(p.name >= ? AND p.name < ?)";
          params->push_back(value + "/");
          params->push_back(PrefixEnd(value + "/"));
        }
      } else {
        *sql += "p.parent = ?";
        params->push_back(value);
      }
    }
    *sql += ")";
    return;
  }
  if (key == "Label") {
    *sql +=
        " AND EXISTS (SELECT 1 FROM ssm_parameter_labels l WHERE l.account = p.account AND "
        "l.region = p.region AND l.name = p.name AND l.label IN (";
    for (size_t i = 0; i < filter.values.size(); ++i) {
      *sql += i == 0 ? "?" : ", ?";
      params->push_back(filter.values[i]);
    }
    *sql += "))";
    return;
  }
  // tag:<key>
  *sql += " AND EXISTS (SELECT 1 FROM " + std::string(TagStore::kTable) +
          " t WHERE t.account = p.account AND t.region = p.region AND t.resource_type = "
          "'Parameter' AND t.resource_id = p.name AND t.key = ?";
  params->push_back(key.substr(4));
  if (!filter.values.empty()) {
    *sql += " AND (";
    for (size_t i = 0; i < filter.values.size(); ++i) {
      if (i > 0) *sql += " OR ";
      if (filter.option == "BeginsWith") {
        *sql += "substr(t.value, 1, ?) = ?";
        params->push_back(static_cast<int64_t>(filter.values[i].size()));
      } else {
        *sql += "t.value = ?";
      }
      params->push_back(filter.values[i]);
    }
    *sql += ")";
  }
  *sql += ")";
}

}  // namespace

std::string ParentOf(std::string_view name) {
  const size_t slash = name.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(name.substr(0, slash));
}

ParameterStore::ParameterStore(store::Database& db)
    : tags_schema_(db, "ssm_tags", TagStore::Migrations()),
      schema_(db, "ssm_parameters", kMigrations, &tags_schema_) {}

std::optional<ParameterRecord> ParameterStore::Latest(store::Transaction& tx,
                                                      const core::Scope& scope,
                                                      std::string_view name) {
  const std::optional<store::Row> row =
      tx.QueryOne("SELECT " + std::string(kColumns) +
                      " FROM ssm_parameters WHERE account = ? AND region = ? AND name = ?",
                  {scope.account, scope.region, std::string(name)});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::optional<ParameterRecord> ParameterStore::Version(store::Transaction& tx,
                                                       const core::Scope& scope,
                                                       std::string_view name, int64_t version) {
  const std::optional<store::Row> row = tx.QueryOne(
      "SELECT " + std::string(kColumns) +
          " FROM ssm_parameter_versions WHERE account = ? AND region = ? AND name = ? AND "
          "version = ?",
      {scope.account, scope.region, std::string(name), version});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::optional<int64_t> ParameterStore::VersionOfLabel(store::Transaction& tx,
                                                      const core::Scope& scope,
                                                      std::string_view name,
                                                      std::string_view label) {
  const std::optional<store::Row> row = tx.QueryOne(
      "SELECT version FROM ssm_parameter_labels WHERE account = ? AND region = ? AND name = ? "
      "AND label = ?",
      {scope.account, scope.region, std::string(name), std::string(label)});
  if (!row) return std::nullopt;
  return row->Int(0);
}

int64_t ParameterStore::VersionCount(store::Transaction& tx, const core::Scope& scope,
                                     std::string_view name) {
  return tx
      .QueryOne(
          "SELECT count(*) FROM ssm_parameter_versions WHERE account = ? AND region = ? AND "
          "name = ?",
          {scope.account, scope.region, std::string(name)})
      ->Int(0);
}

int64_t ParameterStore::OldestVersion(store::Transaction& tx, const core::Scope& scope,
                                      std::string_view name) {
  const std::optional<store::Row> row = tx.QueryOne(
      "SELECT version FROM ssm_parameter_versions WHERE account = ? AND region = ? AND name = ? "
      "ORDER BY version LIMIT 1",
      {scope.account, scope.region, std::string(name)});
  return row ? row->Int(0) : 0;
}

void ParameterStore::Insert(store::Transaction& tx, const core::Scope& scope,
                            const ParameterRecord& r) {
  const std::vector<store::Value> values = {
      scope.account, scope.region,      r.name,        r.version,
      r.type,        r.value,           r.key_id,      r.description,
      r.allowed_pattern, r.tier,        r.policies,    r.data_type,
      r.modified_millis, r.modified_user};
  tx.Exec(
      "INSERT INTO ssm_parameter_versions (account, region, " + std::string(kColumns) +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      values);
  std::vector<store::Value> latest = values;
  latest.push_back(ParentOf(r.name));
  tx.Exec("INSERT OR REPLACE INTO ssm_parameters (account, region, " + std::string(kColumns) +
              ", parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          latest);
}

void ParameterStore::DeleteVersion(store::Transaction& tx, const core::Scope& scope,
                                   std::string_view name, int64_t version) {
  tx.Exec(
      "DELETE FROM ssm_parameter_versions WHERE account = ? AND region = ? AND name = ? AND "
      "version = ?",
      {scope.account, scope.region, std::string(name), version});
  tx.Exec(
      "DELETE FROM ssm_parameter_labels WHERE account = ? AND region = ? AND name = ? AND "
      "version = ?",
      {scope.account, scope.region, std::string(name), version});
}

bool ParameterStore::Delete(store::Transaction& tx, const core::Scope& scope,
                            std::string_view name) {
  const std::vector<store::Value> key = {scope.account, scope.region, std::string(name)};
  const int64_t removed =
      tx.Exec("DELETE FROM ssm_parameters WHERE account = ? AND region = ? AND name = ?", key);
  tx.Exec("DELETE FROM ssm_parameter_versions WHERE account = ? AND region = ? AND name = ?",
          key);
  tx.Exec("DELETE FROM ssm_parameter_labels WHERE account = ? AND region = ? AND name = ?", key);
  return removed > 0;
}

std::vector<std::string> ParameterStore::Labels(store::Transaction& tx, const core::Scope& scope,
                                                std::string_view name, int64_t version) {
  std::vector<std::string> labels;
  for (const store::Row& row : tx.Query(
           "SELECT label FROM ssm_parameter_labels WHERE account = ? AND region = ? AND name = ? "
           "AND version = ? ORDER BY label",
           {scope.account, scope.region, std::string(name), version})) {
    labels.push_back(row.Text(0));
  }
  return labels;
}

std::map<int64_t, std::vector<std::string>> ParameterStore::LabelsByVersion(
    store::Transaction& tx, const core::Scope& scope, std::string_view name) {
  std::map<int64_t, std::vector<std::string>> labels;
  for (const store::Row& row :
       tx.Query("SELECT version, label FROM ssm_parameter_labels WHERE account = ? AND region = "
                "? AND name = ? ORDER BY version, label",
                {scope.account, scope.region, std::string(name)})) {
    labels[row.Int(0)].push_back(row.Text(1));
  }
  return labels;
}

void ParameterStore::SetLabel(store::Transaction& tx, const core::Scope& scope,
                              std::string_view name, std::string_view label, int64_t version) {
  tx.Exec(
      "INSERT INTO ssm_parameter_labels (account, region, name, label, version) VALUES (?, ?, ?, "
      "?, ?) ON CONFLICT (account, region, name, label) DO UPDATE SET version = excluded.version",
      {scope.account, scope.region, std::string(name), std::string(label), version});
}

void ParameterStore::RemoveLabel(store::Transaction& tx, const core::Scope& scope,
                                 std::string_view name, std::string_view label) {
  tx.Exec(
      "DELETE FROM ssm_parameter_labels WHERE account = ? AND region = ? AND name = ? AND label "
      "= ?",
      {scope.account, scope.region, std::string(name), std::string(label)});
}

std::vector<ParameterRecord> ParameterStore::History(store::Transaction& tx,
                                                     const core::Scope& scope,
                                                     std::string_view name, int64_t after_version,
                                                     int64_t limit) {
  std::vector<ParameterRecord> records;
  for (const store::Row& row :
       tx.Query("SELECT " + std::string(kColumns) +
                    " FROM ssm_parameter_versions WHERE account = ? AND region = ? AND name = ? "
                    "AND version > ? ORDER BY version LIMIT ?",
                {scope.account, scope.region, std::string(name), after_version, limit})) {
    records.push_back(FromRow(row));
  }
  return records;
}

std::vector<ParameterRecord> ParameterStore::List(store::Transaction& tx,
                                                  const core::Scope& scope,
                                                  const ParameterScan& scan) {
  // A Name filter with Equals or BeginsWith is a set of name ranges: each is scanned on its own
  // (an index range of at most `limit` rows) and the results merged, instead of filtering every
  // name. SQLite does not turn an OR of ranges into index ranges here.
  const ParameterFilter* name_filter = nullptr;
  for (const ParameterFilter& filter : scan.filters) {
    if (filter.key == "Name" && filter.option != "Contains" &&
        scan.kind != ParameterScan::Kind::kChildren) {
      name_filter = &filter;
    }
  }
  auto run = [&](const std::string& extra, const std::vector<store::Value>& extra_params) {
    // Without statistics SQLite prefers the primary key's `name > ?` range even for one-level
    // scans, which then read every name after the cursor: name the parent index explicitly.
    std::string sql = "SELECT " + std::string(kColumns) + " FROM ssm_parameters p" +
                      (scan.kind == ParameterScan::Kind::kChildren
                           ? " INDEXED BY ssm_parameters_by_parent"
                           : "") +
                      " WHERE p.account = ? AND p.region = ?" + extra;
    std::vector<store::Value> params = {scope.account, scope.region};
    params.insert(params.end(), extra_params.begin(), extra_params.end());
    switch (scan.kind) {
      case ParameterScan::Kind::kAll:
        if (!scan.after.empty()) {
          sql += " AND p.name > ?";
          params.push_back(scan.after);
        }
        break;
      case ParameterScan::Kind::kSubtree: {
        const std::string prefix = scan.path + "/";
        sql += " AND p.name >= ? AND p.name < ? AND p.name > ?";
        params.push_back(prefix);
        params.push_back(PrefixEnd(prefix));
        params.push_back(scan.after);
        break;
      }
      case ParameterScan::Kind::kChildren:
        sql += " AND p.parent = ? AND p.name > ?";
        params.push_back(scan.path);
        params.push_back(scan.after);
        break;
    }
    for (const ParameterFilter& filter : scan.filters) {
      if (&filter != name_filter) AppendFilter(filter, &sql, &params);
    }
    sql += scan.kind == ParameterScan::Kind::kChildren ? " ORDER BY p.parent, p.name LIMIT ?"
                                                        : " ORDER BY p.name LIMIT ?";
    params.push_back(scan.limit);
    std::vector<ParameterRecord> records;
    for (const store::Row& row : tx.Query(sql, params)) records.push_back(FromRow(row));
    return records;
  };
  if (!name_filter) return run("", {});

  std::map<std::string, ParameterRecord> merged;
  for (const std::string& value : name_filter->values) {
    // "foo" and "/foo" name the same level: the filter matches either spelling.
    const std::string bare = StripLeadingSlashes(value);
    for (const std::string& spelling : {bare, "/" + bare}) {
      std::vector<ParameterRecord> part =
          name_filter->option == "BeginsWith"
              ? run(" AND p.name >= ? AND p.name < ?", {spelling, PrefixEnd(spelling)})
              : run(" AND p.name = ?", {spelling});
      for (ParameterRecord& record : part) merged.emplace(record.name, std::move(record));
    }
  }
  std::vector<ParameterRecord> records;
  for (auto& [name, record] : merged) {
    if (static_cast<int64_t>(records.size()) == scan.limit) break;
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace nimbus::ssm
