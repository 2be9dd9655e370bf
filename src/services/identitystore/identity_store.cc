#include "services/identitystore/identity_store.h"

#include "services/common/sql.h"

namespace nimbus::identitystore {

namespace {

using services::Sql;
using store::Row;
using store::Transaction;
using store::Value;

const std::vector<std::string> kMigrations = {
    "CREATE TABLE ids_users (account TEXT NOT NULL, region TEXT NOT NULL, store_id TEXT NOT NULL, "
    "user_id TEXT NOT NULL, user_name TEXT NOT NULL, email TEXT, attributes_json TEXT NOT NULL, "
    "created_millis INTEGER NOT NULL, created_by TEXT NOT NULL, updated_millis INTEGER NOT NULL, "
    "updated_by TEXT NOT NULL, PRIMARY KEY (account, region, store_id, user_id));"
    "CREATE UNIQUE INDEX ids_users_name ON ids_users (account, region, store_id, user_name);"
    "CREATE INDEX ids_users_email ON ids_users (account, region, store_id, email);"
    "CREATE TABLE ids_groups (account TEXT NOT NULL, region TEXT NOT NULL, store_id TEXT NOT "
    "NULL, group_id TEXT NOT NULL, display_name TEXT NOT NULL, description TEXT, created_millis "
    "INTEGER NOT NULL, created_by TEXT NOT NULL, updated_millis INTEGER NOT NULL, updated_by TEXT "
    "NOT NULL, PRIMARY KEY (account, region, store_id, group_id));"
    "CREATE UNIQUE INDEX ids_groups_name ON ids_groups (account, region, store_id, display_name);"
    "CREATE TABLE ids_memberships (account TEXT NOT NULL, region TEXT NOT NULL, store_id TEXT NOT "
    "NULL, membership_id TEXT NOT NULL, group_id TEXT NOT NULL, user_id TEXT NOT NULL, "
    "created_millis INTEGER NOT NULL, created_by TEXT NOT NULL, updated_millis INTEGER NOT NULL, "
    "updated_by TEXT NOT NULL, PRIMARY KEY (account, region, store_id, membership_id));"
    "CREATE UNIQUE INDEX ids_memberships_pair ON ids_memberships (account, region, store_id, "
    "group_id, user_id);"
    "CREATE INDEX ids_memberships_group ON ids_memberships (account, region, store_id, group_id, "
    "membership_id);"
    "CREATE INDEX ids_memberships_user ON ids_memberships (account, region, store_id, user_id, "
    "membership_id);",
};

constexpr std::string_view kUserColumns =
    "user_id, user_name, email, attributes_json, created_millis, created_by, updated_millis, "
    "updated_by";
constexpr std::string_view kGroupColumns =
    "group_id, display_name, description, created_millis, created_by, updated_millis, updated_by";
constexpr std::string_view kMembershipColumns =
    "membership_id, group_id, user_id, created_millis, created_by, updated_millis, updated_by";
constexpr std::string_view kKey = "account = ? AND region = ? AND store_id = ?";

Value S(std::string_view s) { return std::string(s); }

Value Opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

// The key parameters followed by `more`.
std::vector<Value> Params(const core::Scope& scope, std::string_view store_id,
                          std::initializer_list<Value> more = {}) {
  std::vector<Value> out = {scope.account, scope.region, S(store_id)};
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

Audit ToAudit(const Row& r, size_t o) {
  return {.created_millis = r.Int(o),
          .created_by = r.Text(o + 1),
          .updated_millis = r.Int(o + 2),
          .updated_by = r.Text(o + 3)};
}

UserRecord ToUser(const Row& r) {
  return {.user_id = r.Text(0),
          .user_name = r.Text(1),
          .email = r.OptText(2),
          .attributes_json = r.Text(3),
          .audit = ToAudit(r, 4)};
}

GroupRecord ToGroup(const Row& r) {
  return {.group_id = r.Text(0),
          .display_name = r.Text(1),
          .description = r.OptText(2),
          .audit = ToAudit(r, 3)};
}

MembershipRecord ToMembership(const Row& r) {
  return {.membership_id = r.Text(0),
          .group_id = r.Text(1),
          .user_id = r.Text(2),
          .audit = ToAudit(r, 3)};
}

}  // namespace

IdentityStoreStore::IdentityStoreStore(store::Database& db) : schema_(db, "identitystore", kMigrations) {}

void IdentityStoreStore::InsertUser(Transaction& tx, const core::Scope& scope,
                                    std::string_view store_id, const UserRecord& u) {
  tx.Exec(Sql({"INSERT INTO ids_users (account, region, store_id, ", kUserColumns,
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"}),
          Params(scope, store_id,
                 {u.user_id, u.user_name, Opt(u.email), u.attributes_json, u.audit.created_millis,
                  u.audit.created_by, u.audit.updated_millis, u.audit.updated_by}));
}

void IdentityStoreStore::UpdateUser(Transaction& tx, const core::Scope& scope,
                                    std::string_view store_id, const UserRecord& u) {
  tx.Exec(Sql({"UPDATE ids_users SET user_name = ?, email = ?, attributes_json = ?, "
               "updated_millis = ?, updated_by = ? WHERE user_id = ? AND ",
               kKey}),
          {u.user_name, Opt(u.email), u.attributes_json, u.audit.updated_millis, u.audit.updated_by,
           u.user_id, scope.account, scope.region, S(store_id)});
}

std::optional<UserRecord> IdentityStoreStore::FindUser(Transaction& tx, const core::Scope& scope,
                                                       std::string_view store_id,
                                                       std::string_view user_id) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kUserColumns, " FROM ids_users WHERE ", kKey, " AND user_id = ?"}),
      Params(scope, store_id, {S(user_id)}));
  if (!row) return std::nullopt;
  return ToUser(*row);
}

std::optional<UserRecord> IdentityStoreStore::FindUserByName(Transaction& tx,
                                                             const core::Scope& scope,
                                                             std::string_view store_id,
                                                             std::string_view user_name) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kUserColumns, " FROM ids_users WHERE ", kKey, " AND user_name = ?"}),
      Params(scope, store_id, {S(user_name)}));
  if (!row) return std::nullopt;
  return ToUser(*row);
}

std::optional<UserRecord> IdentityStoreStore::FindUserByEmail(Transaction& tx,
                                                              const core::Scope& scope,
                                                              std::string_view store_id,
                                                              std::string_view email) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kUserColumns, " FROM ids_users WHERE ", kKey, " AND email = ? LIMIT 1"}),
      Params(scope, store_id, {S(email)}));
  if (!row) return std::nullopt;
  return ToUser(*row);
}

std::vector<UserRecord> IdentityStoreStore::ListUsers(Transaction& tx, const core::Scope& scope,
                                                      std::string_view store_id,
                                                      const std::optional<std::string>& user_name,
                                                      std::string_view after, int64_t limit) {
  std::vector<Row> rows;
  if (user_name) {
    rows = tx.Query(Sql({"SELECT ", kUserColumns, " FROM ids_users WHERE ", kKey,
                         " AND user_name = ? AND user_id > ? ORDER BY user_id LIMIT ?"}),
                    Params(scope, store_id, {*user_name, S(after), limit}));
  } else {
    rows = tx.Query(Sql({"SELECT ", kUserColumns, " FROM ids_users WHERE ", kKey,
                         " AND user_id > ? ORDER BY user_id LIMIT ?"}),
                    Params(scope, store_id, {S(after), limit}));
  }
  std::vector<UserRecord> out;
  for (const Row& r : rows) out.push_back(ToUser(r));
  return out;
}

void IdentityStoreStore::DeleteUser(Transaction& tx, const core::Scope& scope,
                                    std::string_view store_id, std::string_view user_id) {
  tx.Exec(Sql({"DELETE FROM ids_users WHERE ", kKey, " AND user_id = ?"}),
          Params(scope, store_id, {S(user_id)}));
  tx.Exec(Sql({"DELETE FROM ids_memberships WHERE ", kKey, " AND user_id = ?"}),
          Params(scope, store_id, {S(user_id)}));
}

void IdentityStoreStore::InsertGroup(Transaction& tx, const core::Scope& scope,
                                     std::string_view store_id, const GroupRecord& g) {
  tx.Exec(Sql({"INSERT INTO ids_groups (account, region, store_id, ", kGroupColumns,
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"}),
          Params(scope, store_id,
                 {g.group_id, g.display_name, Opt(g.description), g.audit.created_millis,
                  g.audit.created_by, g.audit.updated_millis, g.audit.updated_by}));
}

void IdentityStoreStore::UpdateGroup(Transaction& tx, const core::Scope& scope,
                                     std::string_view store_id, const GroupRecord& g) {
  tx.Exec(Sql({"UPDATE ids_groups SET display_name = ?, description = ?, updated_millis = ?, "
               "updated_by = ? WHERE group_id = ? AND ",
               kKey}),
          {g.display_name, Opt(g.description), g.audit.updated_millis, g.audit.updated_by,
           g.group_id, scope.account, scope.region, S(store_id)});
}

std::optional<GroupRecord> IdentityStoreStore::FindGroup(Transaction& tx, const core::Scope& scope,
                                                         std::string_view store_id,
                                                         std::string_view group_id) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kGroupColumns, " FROM ids_groups WHERE ", kKey, " AND group_id = ?"}),
      Params(scope, store_id, {S(group_id)}));
  if (!row) return std::nullopt;
  return ToGroup(*row);
}

std::optional<GroupRecord> IdentityStoreStore::FindGroupByName(Transaction& tx,
                                                               const core::Scope& scope,
                                                               std::string_view store_id,
                                                               std::string_view display_name) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kGroupColumns, " FROM ids_groups WHERE ", kKey, " AND display_name = ?"}),
      Params(scope, store_id, {S(display_name)}));
  if (!row) return std::nullopt;
  return ToGroup(*row);
}

std::vector<GroupRecord> IdentityStoreStore::ListGroups(
    Transaction& tx, const core::Scope& scope, std::string_view store_id,
    const std::optional<std::string>& display_name, std::string_view after, int64_t limit) {
  std::vector<Row> rows;
  if (display_name) {
    rows = tx.Query(Sql({"SELECT ", kGroupColumns, " FROM ids_groups WHERE ", kKey,
                         " AND display_name = ? AND group_id > ? ORDER BY group_id LIMIT ?"}),
                    Params(scope, store_id, {*display_name, S(after), limit}));
  } else {
    rows = tx.Query(Sql({"SELECT ", kGroupColumns, " FROM ids_groups WHERE ", kKey,
                         " AND group_id > ? ORDER BY group_id LIMIT ?"}),
                    Params(scope, store_id, {S(after), limit}));
  }
  std::vector<GroupRecord> out;
  for (const Row& r : rows) out.push_back(ToGroup(r));
  return out;
}

void IdentityStoreStore::DeleteGroup(Transaction& tx, const core::Scope& scope,
                                     std::string_view store_id, std::string_view group_id) {
  tx.Exec(Sql({"DELETE FROM ids_groups WHERE ", kKey, " AND group_id = ?"}),
          Params(scope, store_id, {S(group_id)}));
  tx.Exec(Sql({"DELETE FROM ids_memberships WHERE ", kKey, " AND group_id = ?"}),
          Params(scope, store_id, {S(group_id)}));
}

void IdentityStoreStore::InsertMembership(Transaction& tx, const core::Scope& scope,
                                          std::string_view store_id, const MembershipRecord& m) {
  tx.Exec(Sql({"INSERT INTO ids_memberships (account, region, store_id, ", kMembershipColumns,
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"}),
          Params(scope, store_id,
                 {m.membership_id, m.group_id, m.user_id, m.audit.created_millis,
                  m.audit.created_by, m.audit.updated_millis, m.audit.updated_by}));
}

std::optional<MembershipRecord> IdentityStoreStore::FindMembership(Transaction& tx,
                                                                   const core::Scope& scope,
                                                                   std::string_view store_id,
                                                                   std::string_view membership_id) {
  auto row = tx.QueryOne(Sql({"SELECT ", kMembershipColumns, " FROM ids_memberships WHERE ", kKey,
                              " AND membership_id = ?"}),
                         Params(scope, store_id, {S(membership_id)}));
  if (!row) return std::nullopt;
  return ToMembership(*row);
}

std::optional<MembershipRecord> IdentityStoreStore::FindMembershipOf(Transaction& tx,
                                                                     const core::Scope& scope,
                                                                     std::string_view store_id,
                                                                     std::string_view group_id,
                                                                     std::string_view user_id) {
  auto row = tx.QueryOne(Sql({"SELECT ", kMembershipColumns, " FROM ids_memberships WHERE ", kKey,
                              " AND group_id = ? AND user_id = ?"}),
                         Params(scope, store_id, {S(group_id), S(user_id)}));
  if (!row) return std::nullopt;
  return ToMembership(*row);
}

std::vector<MembershipRecord> IdentityStoreStore::ListMembershipsOfGroup(
    Transaction& tx, const core::Scope& scope, std::string_view store_id, std::string_view group_id,
    std::string_view after, int64_t limit) {
  std::vector<MembershipRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kMembershipColumns, " FROM ids_memberships WHERE ", kKey,
                     " AND group_id = ? AND membership_id > ? ORDER BY membership_id LIMIT ?"}),
                Params(scope, store_id, {S(group_id), S(after), limit}))) {
    out.push_back(ToMembership(r));
  }
  return out;
}

std::vector<MembershipRecord> IdentityStoreStore::ListMembershipsOfUser(
    Transaction& tx, const core::Scope& scope, std::string_view store_id, std::string_view user_id,
    std::string_view after, int64_t limit) {
  std::vector<MembershipRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kMembershipColumns, " FROM ids_memberships WHERE ", kKey,
                     " AND user_id = ? AND membership_id > ? ORDER BY membership_id LIMIT ?"}),
                Params(scope, store_id, {S(user_id), S(after), limit}))) {
    out.push_back(ToMembership(r));
  }
  return out;
}

void IdentityStoreStore::DeleteMembership(Transaction& tx, const core::Scope& scope,
                                          std::string_view store_id,
                                          std::string_view membership_id) {
  tx.Exec(Sql({"DELETE FROM ids_memberships WHERE ", kKey, " AND membership_id = ?"}),
          Params(scope, store_id, {S(membership_id)}));
}

}  // namespace nimbus::identitystore
