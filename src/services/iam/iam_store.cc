#include "services/iam/iam_store.h"

#include "core/partition.h"
#include "core/text.h"
#include "services/common/sql.h"

namespace nimbus::iam {

namespace {

using services::Sql;
using store::Row;
using store::Transaction;
using store::Value;

// Entity names are compared without case (`*_key` columns hold the lowercased name); the
// other tables refer to an entity by its key, so a rename rewrites them in one place each.
const std::vector<std::string> kMigrations = {
    "CREATE TABLE iam_entities (account TEXT NOT NULL, kind TEXT NOT NULL, name_key TEXT NOT "
    "NULL, name TEXT NOT NULL, path TEXT NOT NULL, id TEXT NOT NULL, created_millis INTEGER NOT "
    "NULL, extra_json TEXT NOT NULL, PRIMARY KEY (account, kind, name_key));"
    "CREATE TABLE iam_inline_policies (account TEXT NOT NULL, kind TEXT NOT NULL, entity_key "
    "TEXT NOT NULL, policy_name TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (account, "
    "kind, entity_key, policy_name));"
    "CREATE TABLE iam_attachments (account TEXT NOT NULL, kind TEXT NOT NULL, entity_key TEXT "
    "NOT NULL, policy_arn TEXT NOT NULL, PRIMARY KEY (account, kind, entity_key, policy_arn));"
    "CREATE INDEX iam_attachments_policy ON iam_attachments (account, policy_arn);"
    "CREATE TABLE iam_policies (account TEXT NOT NULL, arn TEXT NOT NULL, name_key TEXT NOT "
    "NULL, name TEXT NOT NULL, path TEXT NOT NULL, id TEXT NOT NULL, description TEXT NOT NULL, "
    "default_version TEXT NOT NULL, next_version INTEGER NOT NULL, created_millis INTEGER NOT "
    "NULL, updated_millis INTEGER NOT NULL, PRIMARY KEY (account, arn));"
    "CREATE INDEX iam_policies_name ON iam_policies (account, name_key);"
    "CREATE TABLE iam_policy_versions (account TEXT NOT NULL, arn TEXT NOT NULL, version_id "
    "TEXT NOT NULL, number INTEGER NOT NULL, document TEXT NOT NULL, created_millis INTEGER NOT "
    "NULL, PRIMARY KEY (account, arn, version_id));"
    "CREATE TABLE iam_tags (account TEXT NOT NULL, kind TEXT NOT NULL, entity_key TEXT NOT NULL, "
    "key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (account, kind, entity_key, key));"
    "CREATE TABLE iam_group_members (account TEXT NOT NULL, group_key TEXT NOT NULL, user_key "
    "TEXT NOT NULL, PRIMARY KEY (account, group_key, user_key));"
    "CREATE INDEX iam_group_members_user ON iam_group_members (account, user_key);"
    "CREATE TABLE iam_access_keys (access_key_id TEXT PRIMARY KEY, secret_access_key TEXT NOT "
    "NULL, account TEXT NOT NULL, user_key TEXT NOT NULL, status TEXT NOT NULL, created_millis "
    "INTEGER NOT NULL, last_used_millis INTEGER, last_used_service TEXT NOT NULL DEFAULT '', "
    "last_used_region TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX iam_access_keys_user ON iam_access_keys (account, user_key);",
};

constexpr std::string_view kEntityColumns = "kind, name, path, id, created_millis, extra_json";
constexpr std::string_view kPolicyColumns =
    "arn, name, path, id, description, default_version, next_version, created_millis, "
    "updated_millis";

std::string Key(std::string_view name) { return core::ToLower(name); }
std::string S(std::string_view text) { return std::string(text); }

EntityRecord ToEntity(const Row& r) {
  return {.kind = r.Text(0),
          .name = r.Text(1),
          .path = r.Text(2),
          .id = r.Text(3),
          .created_millis = r.Int(4),
          .extra_json = r.Text(5)};
}

ManagedPolicyRecord ToPolicy(const Row& r) {
  return {.arn = r.Text(0),
          .name = r.Text(1),
          .path = r.Text(2),
          .id = r.Text(3),
          .description = r.Text(4),
          .default_version = r.Text(5),
          .next_version = r.Int(6),
          .created_millis = r.Int(7),
          .updated_millis = r.Int(8)};
}

AccessKeyRecord ToKey(const Row& r) {
  return {.access_key_id = r.Text(0),
          .secret_access_key = r.Text(1),
          .user_name = r.Text(2),
          .status = r.Text(3),
          .created_millis = r.Int(4),
          .last_used_millis = r.OptInt(5),
          .last_used_service = r.Text(6),
          .last_used_region = r.Text(7)};
}

// The key columns joined with the user's row, for the user's name as created.
constexpr std::string_view kKeySelect =
    "SELECT k.access_key_id, k.secret_access_key, e.name, k.status, k.created_millis, "
    "k.last_used_millis, k.last_used_service, k.last_used_region FROM iam_access_keys k JOIN "
    "iam_entities e ON e.account = k.account AND e.kind = 'user' AND e.name_key = k.user_key ";

}  // namespace

IamStore::IamStore(store::Database& db) : schema_(db, "iam", kMigrations) {}

void IamStore::InsertEntity(Transaction& tx, std::string_view account, const EntityRecord& e) {
  tx.Exec(
      "INSERT INTO iam_entities (account, kind, name_key, name, path, id, created_millis, "
      "extra_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {S(account), e.kind, Key(e.name), e.name, e.path, e.id, e.created_millis, e.extra_json});
}

std::optional<EntityRecord> IamStore::FindEntity(Transaction& tx, std::string_view account,
                                                 std::string_view kind, std::string_view name) {
  std::optional<Row> row =
      tx.QueryOne(Sql({"SELECT ", kEntityColumns,
                       " FROM iam_entities WHERE account = ? AND kind = ? AND name_key = ?"}),
                  {S(account), S(kind), Key(name)});
  if (!row) return std::nullopt;
  return ToEntity(*row);
}

std::vector<EntityRecord> IamStore::ListEntities(Transaction& tx, std::string_view account,
                                                 std::string_view kind,
                                                 std::string_view path_prefix,
                                                 std::string_view after, int64_t limit) {
  std::vector<EntityRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kEntityColumns,
                     " FROM iam_entities WHERE account = ? AND kind = ? AND name_key > ? AND "
                     "substr(path, 1, ?) = ? ORDER BY name_key LIMIT ?"}),
                {S(account), S(kind), S(after), static_cast<int64_t>(path_prefix.size()),
                 S(path_prefix), limit})) {
    out.push_back(ToEntity(r));
  }
  return out;
}

void IamStore::UpdateEntity(Transaction& tx, std::string_view account, std::string_view old_name,
                            const EntityRecord& e) {
  const std::string old_key = Key(old_name);
  const std::string new_key = Key(e.name);
  tx.Exec(
      "UPDATE iam_entities SET name_key = ?, name = ?, path = ?, extra_json = ? WHERE account = "
      "? AND kind = ? AND name_key = ?",
      {new_key, e.name, e.path, e.extra_json, S(account), e.kind, old_key});
  if (new_key == old_key) return;
  for (std::string_view table : {"iam_inline_policies", "iam_attachments", "iam_tags"}) {
    tx.Exec(Sql({"UPDATE ", table,
                 " SET entity_key = ? WHERE account = ? AND kind = ? AND entity_key = ?"}),
            {new_key, S(account), e.kind, old_key});
  }
  if (e.kind == kUser) {
    tx.Exec("UPDATE iam_group_members SET user_key = ? WHERE account = ? AND user_key = ?",
            {new_key, S(account), old_key});
    tx.Exec("UPDATE iam_access_keys SET user_key = ? WHERE account = ? AND user_key = ?",
            {new_key, S(account), old_key});
  } else if (e.kind == kGroup) {
    tx.Exec("UPDATE iam_group_members SET group_key = ? WHERE account = ? AND group_key = ?",
            {new_key, S(account), old_key});
  }
}

void IamStore::DeleteEntity(Transaction& tx, std::string_view account, std::string_view kind,
                            std::string_view name) {
  const std::string key = Key(name);
  tx.Exec("DELETE FROM iam_entities WHERE account = ? AND kind = ? AND name_key = ?",
          {S(account), S(kind), key});
  tx.Exec("DELETE FROM iam_tags WHERE account = ? AND kind = ? AND entity_key = ?",
          {S(account), S(kind), key});
}

void IamStore::PutInlinePolicy(Transaction& tx, std::string_view account, std::string_view kind,
                               std::string_view entity, std::string_view policy_name,
                               std::string_view document) {
  tx.Exec(
      "INSERT INTO iam_inline_policies (account, kind, entity_key, policy_name, document) VALUES "
      "(?, ?, ?, ?, ?) ON CONFLICT (account, kind, entity_key, policy_name) DO UPDATE SET "
      "document = excluded.document",
      {S(account), S(kind), Key(entity), S(policy_name), S(document)});
}

std::optional<std::string> IamStore::FindInlinePolicy(Transaction& tx, std::string_view account,
                                                      std::string_view kind,
                                                      std::string_view entity,
                                                      std::string_view policy_name) {
  std::optional<Row> row = tx.QueryOne(
      "SELECT document FROM iam_inline_policies WHERE account = ? AND kind = ? AND entity_key = "
      "? AND policy_name = ?",
      {S(account), S(kind), Key(entity), S(policy_name)});
  if (!row) return std::nullopt;
  return row->Text(0);
}

std::vector<std::pair<std::string, std::string>> IamStore::ListInlinePolicies(
    Transaction& tx, std::string_view account, std::string_view kind, std::string_view entity) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Row& r : tx.Query(
           "SELECT policy_name, document FROM iam_inline_policies WHERE account = ? AND kind = ? "
           "AND entity_key = ? ORDER BY policy_name",
           {S(account), S(kind), Key(entity)})) {
    out.emplace_back(r.Text(0), r.Text(1));
  }
  return out;
}

bool IamStore::DeleteInlinePolicy(Transaction& tx, std::string_view account, std::string_view kind,
                                  std::string_view entity, std::string_view policy_name) {
  return tx.Exec(
             "DELETE FROM iam_inline_policies WHERE account = ? AND kind = ? AND entity_key = ? "
             "AND policy_name = ?",
             {S(account), S(kind), Key(entity), S(policy_name)}) > 0;
}

bool IamStore::Attach(Transaction& tx, std::string_view account, const Attachment& a) {
  return tx.Exec(
             "INSERT OR IGNORE INTO iam_attachments (account, kind, entity_key, policy_arn) "
             "VALUES (?, ?, ?, ?)",
             {S(account), a.kind, Key(a.entity_name), a.policy_arn}) > 0;
}

bool IamStore::Detach(Transaction& tx, std::string_view account, const Attachment& a) {
  return tx.Exec(
             "DELETE FROM iam_attachments WHERE account = ? AND kind = ? AND entity_key = ? AND "
             "policy_arn = ?",
             {S(account), a.kind, Key(a.entity_name), a.policy_arn}) > 0;
}

std::vector<std::string> IamStore::AttachedPolicies(Transaction& tx, std::string_view account,
                                                    std::string_view kind,
                                                    std::string_view entity) {
  std::vector<std::string> out;
  for (const Row& r :
       tx.Query("SELECT policy_arn FROM iam_attachments WHERE account = ? AND kind = ? AND "
                "entity_key = ? ORDER BY policy_arn",
                {S(account), S(kind), Key(entity)})) {
    out.push_back(r.Text(0));
  }
  return out;
}

std::vector<Attachment> IamStore::AttachmentsOf(Transaction& tx, std::string_view account,
                                                std::string_view policy_arn) {
  std::vector<Attachment> out;
  for (const Row& r : tx.Query(
           "SELECT a.kind, e.name FROM iam_attachments a JOIN iam_entities e ON e.account = "
           "a.account AND e.kind = a.kind AND e.name_key = a.entity_key WHERE a.account = ? AND "
           "a.policy_arn = ? ORDER BY a.kind, a.entity_key",
           {S(account), S(policy_arn)})) {
    out.push_back({.kind = r.Text(0), .entity_name = r.Text(1), .policy_arn = S(policy_arn)});
  }
  return out;
}

int64_t IamStore::CountAttachments(Transaction& tx, std::string_view account,
                                   std::string_view policy_arn) {
  return tx
      .QueryOne("SELECT COUNT(*) FROM iam_attachments WHERE account = ? AND policy_arn = ?",
                {S(account), S(policy_arn)})
      ->Int(0);
}

void IamStore::InsertPolicy(Transaction& tx, std::string_view account,
                            const ManagedPolicyRecord& p) {
  tx.Exec(
      "INSERT INTO iam_policies (account, arn, name_key, name, path, id, description, "
      "default_version, next_version, created_millis, updated_millis) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)",
      {S(account), p.arn, Key(p.name), p.name, p.path, p.id, p.description, p.default_version,
       p.next_version, p.created_millis, p.updated_millis});
}

std::optional<ManagedPolicyRecord> IamStore::FindPolicy(Transaction& tx, std::string_view account,
                                                        std::string_view arn) {
  std::optional<Row> row = tx.QueryOne(
      Sql({"SELECT ", kPolicyColumns, " FROM iam_policies WHERE account = ? AND arn = ?"}),
      {S(account), S(arn)});
  if (!row) return std::nullopt;
  return ToPolicy(*row);
}

bool IamStore::PolicyNameTaken(Transaction& tx, std::string_view account, std::string_view name) {
  return tx
      .QueryOne("SELECT 1 FROM iam_policies WHERE account = ? AND name_key = ?",
                {S(account), Key(name)})
      .has_value();
}

std::vector<ManagedPolicyRecord> IamStore::ListPolicies(Transaction& tx, std::string_view account,
                                                        std::string_view path_prefix,
                                                        std::string_view after, int64_t limit) {
  std::vector<ManagedPolicyRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kPolicyColumns,
                     " FROM iam_policies WHERE account = ? AND name_key > ? AND substr(path, 1, "
                     "?) = ? ORDER BY name_key LIMIT ?"}),
                {S(account), S(after), static_cast<int64_t>(path_prefix.size()), S(path_prefix),
                 limit})) {
    out.push_back(ToPolicy(r));
  }
  return out;
}

void IamStore::UpdatePolicy(Transaction& tx, std::string_view account,
                            const ManagedPolicyRecord& p) {
  tx.Exec(
      "UPDATE iam_policies SET default_version = ?, next_version = ?, updated_millis = ? WHERE "
      "account = ? AND arn = ?",
      {p.default_version, p.next_version, p.updated_millis, S(account), p.arn});
}

void IamStore::DeletePolicy(Transaction& tx, std::string_view account, std::string_view arn) {
  tx.Exec("DELETE FROM iam_policies WHERE account = ? AND arn = ?", {S(account), S(arn)});
  tx.Exec("DELETE FROM iam_policy_versions WHERE account = ? AND arn = ?", {S(account), S(arn)});
  tx.Exec("DELETE FROM iam_tags WHERE account = ? AND kind = 'policy' AND entity_key = ?",
          {S(account), Key(arn)});
}

void IamStore::InsertVersion(Transaction& tx, std::string_view account, std::string_view arn,
                             const PolicyVersionRecord& v) {
  tx.Exec(
      "INSERT INTO iam_policy_versions (account, arn, version_id, number, document, "
      "created_millis) VALUES (?, ?, ?, ?, ?, ?)",
      {S(account), S(arn), v.version_id, std::stoll(v.version_id.substr(1)), v.document,
       v.created_millis});
}

std::optional<PolicyVersionRecord> IamStore::FindVersion(Transaction& tx, std::string_view account,
                                                         std::string_view arn,
                                                         std::string_view version_id) {
  std::optional<Row> row = tx.QueryOne(
      "SELECT version_id, document, created_millis FROM iam_policy_versions WHERE account = ? "
      "AND arn = ? AND version_id = ?",
      {S(account), S(arn), S(version_id)});
  if (!row) return std::nullopt;
  return PolicyVersionRecord{row->Text(0), row->Text(1), row->Int(2)};
}

std::vector<PolicyVersionRecord> IamStore::ListVersions(Transaction& tx, std::string_view account,
                                                        std::string_view arn) {
  std::vector<PolicyVersionRecord> out;
  for (const Row& r : tx.Query(
           "SELECT version_id, document, created_millis FROM iam_policy_versions WHERE account "
           "= ? AND arn = ? ORDER BY number DESC",
           {S(account), S(arn)})) {
    out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  }
  return out;
}

void IamStore::DeleteVersion(Transaction& tx, std::string_view account, std::string_view arn,
                             std::string_view version_id) {
  tx.Exec("DELETE FROM iam_policy_versions WHERE account = ? AND arn = ? AND version_id = ?",
          {S(account), S(arn), S(version_id)});
}

void IamStore::PutTag(Transaction& tx, std::string_view account, std::string_view kind,
                      std::string_view entity, std::string_view key, std::string_view value) {
  tx.Exec(
      "INSERT INTO iam_tags (account, kind, entity_key, key, value) VALUES (?, ?, ?, ?, ?) ON "
      "CONFLICT (account, kind, entity_key, key) DO UPDATE SET value = excluded.value",
      {S(account), S(kind), Key(entity), S(key), S(value)});
}

void IamStore::DeleteTag(Transaction& tx, std::string_view account, std::string_view kind,
                         std::string_view entity, std::string_view key) {
  tx.Exec("DELETE FROM iam_tags WHERE account = ? AND kind = ? AND entity_key = ? AND key = ?",
          {S(account), S(kind), Key(entity), S(key)});
}

std::vector<std::pair<std::string, std::string>> IamStore::ListTags(Transaction& tx,
                                                                    std::string_view account,
                                                                    std::string_view kind,
                                                                    std::string_view entity) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Row& r :
       tx.Query("SELECT key, value FROM iam_tags WHERE account = ? AND kind = ? AND entity_key = ? "
                "ORDER BY key",
                {S(account), S(kind), Key(entity)})) {
    out.emplace_back(r.Text(0), r.Text(1));
  }
  return out;
}

bool IamStore::AddMember(Transaction& tx, std::string_view account, std::string_view group,
                         std::string_view user) {
  return tx.Exec(
             "INSERT OR IGNORE INTO iam_group_members (account, group_key, user_key) VALUES (?, "
             "?, ?)",
             {S(account), Key(group), Key(user)}) > 0;
}

bool IamStore::RemoveMember(Transaction& tx, std::string_view account, std::string_view group,
                            std::string_view user) {
  return tx.Exec(
             "DELETE FROM iam_group_members WHERE account = ? AND group_key = ? AND user_key = ?",
             {S(account), Key(group), Key(user)}) > 0;
}

std::vector<std::string> IamStore::MembersOf(Transaction& tx, std::string_view account,
                                             std::string_view group) {
  std::vector<std::string> out;
  for (const Row& r : tx.Query(
           "SELECT user_key FROM iam_group_members WHERE account = ? AND group_key = ? ORDER BY "
           "user_key",
           {S(account), Key(group)})) {
    out.push_back(r.Text(0));
  }
  return out;
}

std::vector<std::string> IamStore::GroupsOf(Transaction& tx, std::string_view account,
                                            std::string_view user) {
  std::vector<std::string> out;
  for (const Row& r : tx.Query(
           "SELECT group_key FROM iam_group_members WHERE account = ? AND user_key = ? ORDER BY "
           "group_key",
           {S(account), Key(user)})) {
    out.push_back(r.Text(0));
  }
  return out;
}

void IamStore::InsertAccessKey(Transaction& tx, std::string_view account,
                               const AccessKeyRecord& key) {
  tx.Exec(
      "INSERT INTO iam_access_keys (access_key_id, secret_access_key, account, user_key, status, "
      "created_millis) VALUES (?, ?, ?, ?, ?, ?)",
      {key.access_key_id, key.secret_access_key, S(account), Key(key.user_name), key.status,
       key.created_millis});
}

std::optional<AccessKeyRecord> IamStore::FindAccessKey(Transaction& tx, std::string_view account,
                                                       std::string_view access_key_id) {
  std::optional<Row> row =
      tx.QueryOne(Sql({kKeySelect, "WHERE k.account = ? AND k.access_key_id = ?"}),
                  {S(account), S(access_key_id)});
  if (!row) return std::nullopt;
  return ToKey(*row);
}

std::vector<AccessKeyRecord> IamStore::ListAccessKeys(Transaction& tx, std::string_view account,
                                                      std::string_view user) {
  std::vector<AccessKeyRecord> out;
  for (const Row& r :
       tx.Query(Sql({kKeySelect,
                     "WHERE k.account = ? AND k.user_key = ? ORDER BY k.created_millis, "
                     "k.access_key_id"}),
                {S(account), Key(user)})) {
    out.push_back(ToKey(r));
  }
  return out;
}

void IamStore::SetAccessKeyStatus(Transaction& tx, std::string_view access_key_id,
                                  std::string_view status) {
  tx.Exec("UPDATE iam_access_keys SET status = ? WHERE access_key_id = ?",
          {S(status), S(access_key_id)});
}

void IamStore::DeleteAccessKey(Transaction& tx, std::string_view access_key_id) {
  tx.Exec("DELETE FROM iam_access_keys WHERE access_key_id = ?", {S(access_key_id)});
}

std::optional<core::auth::KnownKey> IamStore::FindKey(std::string_view access_key_id) const {
  // Every key IAM creates starts with AKIA; STS's ASIA keys and the configured ones are asked
  // elsewhere.
  if (access_key_id.substr(0, 4) != "AKIA") return std::nullopt;
  store::Transaction tx = schema_.Read();
  std::optional<Row> row = tx.QueryOne(
      "SELECT k.secret_access_key, k.account, e.name, e.path, e.id FROM iam_access_keys k JOIN "
      "iam_entities e ON e.account = k.account AND e.kind = 'user' AND e.name_key = k.user_key "
      "WHERE k.access_key_id = ? AND k.status = 'Active'",
      {S(access_key_id)});
  if (!row) return std::nullopt;
  return core::auth::KnownKey{
      .access_key_id = S(access_key_id),
      .secret_access_key = row->Text(0),
      .session_token = "",
      .account = row->Text(1),
      .arn = core::GlobalArn({.account = row->Text(1), .region = ""}, "iam",
                             "user" + row->Text(3) + row->Text(2)),
      .user_id = row->Text(4),
  };
}

}  // namespace nimbus::iam
