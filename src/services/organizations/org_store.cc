#include "services/organizations/org_store.h"

#include "services/common/sql.h"

namespace nimbus::organizations {

namespace {

using services::Sql;
using store::Row;
using store::Transaction;
using store::Value;

const std::vector<std::string> kMigrations = {
    "CREATE TABLE orgs_organizations (org_id TEXT PRIMARY KEY, master_account TEXT NOT NULL, "
    "master_email TEXT NOT NULL, feature_set TEXT NOT NULL, root_id TEXT NOT NULL, "
    "created_millis INTEGER NOT NULL);"
    "CREATE TABLE orgs_accounts (account_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT "
    "NULL, email TEXT NOT NULL, joined_method TEXT NOT NULL, joined_millis INTEGER NOT NULL, "
    "parent_id TEXT NOT NULL);"
    "CREATE INDEX orgs_accounts_org ON orgs_accounts (org_id, account_id);"
    "CREATE INDEX orgs_accounts_parent ON orgs_accounts (org_id, parent_id, account_id);"
    "CREATE INDEX orgs_accounts_email ON orgs_accounts (org_id, email);"
    "CREATE TABLE orgs_ous (ou_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, parent_id TEXT NOT "
    "NULL, name TEXT NOT NULL);"
    "CREATE INDEX orgs_ous_parent ON orgs_ous (org_id, parent_id, ou_id);"
    "CREATE INDEX orgs_ous_name ON orgs_ous (org_id, parent_id, name);"
    "CREATE TABLE orgs_create_account_status (request_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, "
    "account_name TEXT NOT NULL, email TEXT NOT NULL, state TEXT NOT NULL, requested_millis "
    "INTEGER NOT NULL, completed_millis INTEGER, account_id TEXT, failure_reason TEXT, "
    "tags_json TEXT NOT NULL);"
    "CREATE INDEX orgs_create_account_status_org ON orgs_create_account_status (org_id, "
    "request_id);"
    "CREATE TABLE orgs_service_access (org_id TEXT NOT NULL, principal TEXT NOT NULL, "
    "enabled_millis INTEGER NOT NULL, PRIMARY KEY (org_id, principal));"
    "CREATE TABLE orgs_delegated_admins (org_id TEXT NOT NULL, account_id TEXT NOT NULL, "
    "principal TEXT NOT NULL, enabled_millis INTEGER NOT NULL, PRIMARY KEY (org_id, account_id, "
    "principal));"
    "CREATE INDEX orgs_delegated_admins_principal ON orgs_delegated_admins (org_id, principal, "
    "account_id);"
    "CREATE TABLE orgs_tags (org_id TEXT NOT NULL, resource_id TEXT NOT NULL, key TEXT NOT NULL, "
    "value TEXT NOT NULL, PRIMARY KEY (org_id, resource_id, key));",
    "CREATE TABLE orgs_policy_types (org_id TEXT NOT NULL, policy_type TEXT NOT NULL, "
    "PRIMARY KEY (org_id, policy_type));",
    "ALTER TABLE orgs_accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'ACTIVE';"
    "ALTER TABLE orgs_accounts ADD COLUMN close_requested_millis INTEGER;",
};

constexpr std::string_view kOrgColumns =
    "org_id, master_account, master_email, feature_set, root_id, created_millis";
constexpr std::string_view kAccountColumns =
    "account_id, org_id, name, email, joined_method, joined_millis, parent_id, status, "
    "close_requested_millis";
constexpr std::string_view kOuColumns = "ou_id, org_id, parent_id, name";
constexpr std::string_view kStatusColumns =
    "request_id, org_id, account_name, email, state, requested_millis, completed_millis, "
    "account_id, failure_reason, tags_json";

OrgRecord ToOrg(const Row& r) {
  return {.id = r.Text(0),
          .master_account = r.Text(1),
          .master_email = r.Text(2),
          .feature_set = r.Text(3),
          .root_id = r.Text(4),
          .created_millis = r.Int(5)};
}

AccountRecord ToAccount(const Row& r, size_t o = 0) {
  return {.id = r.Text(o),
          .org_id = r.Text(o + 1),
          .name = r.Text(o + 2),
          .email = r.Text(o + 3),
          .joined_method = r.Text(o + 4),
          .joined_millis = r.Int(o + 5),
          .parent_id = r.Text(o + 6),
          .status = r.Text(o + 7),
          .close_requested_millis = r.OptInt(o + 8)};
}

OuRecord ToOu(const Row& r) {
  return {.id = r.Text(0), .org_id = r.Text(1), .parent_id = r.Text(2), .name = r.Text(3)};
}

CreateAccountStatusRecord ToStatus(const Row& r) {
  return {.id = r.Text(0),
          .org_id = r.Text(1),
          .account_name = r.Text(2),
          .email = r.Text(3),
          .state = r.Text(4),
          .requested_millis = r.Int(5),
          .completed_millis = r.OptInt(6),
          .account_id = r.OptText(7),
          .failure_reason = r.OptText(8),
          .tags_json = r.Text(9)};
}

Value S(std::string_view s) { return std::string(s); }

}  // namespace

OrgStore::OrgStore(store::Database& db) : schema_(db, "organizations", kMigrations) {}

void OrgStore::InsertOrg(Transaction& tx, const OrgRecord& org) {
  tx.Exec(Sql({"INSERT INTO orgs_organizations (", kOrgColumns, ") VALUES (?, ?, ?, ?, ?, ?)"}),
          {org.id, org.master_account, org.master_email, org.feature_set, org.root_id,
           org.created_millis});
}

std::optional<OrgRecord> OrgStore::FindOrg(Transaction& tx, std::string_view org_id) {
  auto row = tx.QueryOne(Sql({"SELECT ", kOrgColumns, " FROM orgs_organizations WHERE org_id = ?"}),
                         {S(org_id)});
  if (!row) return std::nullopt;
  return ToOrg(*row);
}

std::optional<OrgRecord> OrgStore::OrgOfAccount(Transaction& tx, std::string_view account) {
  auto row = tx.QueryOne(
      "SELECT o.org_id, o.master_account, o.master_email, o.feature_set, o.root_id, "
      "o.created_millis FROM orgs_accounts a JOIN orgs_organizations o ON o.org_id = a.org_id "
      "WHERE a.account_id = ?",
      {S(account)});
  if (!row) return std::nullopt;
  return ToOrg(*row);
}

void OrgStore::DeleteOrg(Transaction& tx, std::string_view org_id) {
  for (std::string_view table :
       {"orgs_organizations", "orgs_accounts", "orgs_ous", "orgs_create_account_status",
        "orgs_service_access", "orgs_delegated_admins", "orgs_tags", "orgs_policy_types"}) {
    tx.Exec(Sql({"DELETE FROM ", table, " WHERE org_id = ?"}), {S(org_id)});
  }
}

void OrgStore::InsertAccount(Transaction& tx, const AccountRecord& a) {
  tx.Exec(
      Sql({"INSERT INTO orgs_accounts (", kAccountColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"}),
      {a.id, a.org_id, a.name, a.email, a.joined_method, a.joined_millis, a.parent_id, a.status,
       a.close_requested_millis ? Value(*a.close_requested_millis) : Value(nullptr)});
}

std::optional<AccountRecord> OrgStore::FindAccount(Transaction& tx, std::string_view org_id,
                                                   std::string_view account_id) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kAccountColumns, " FROM orgs_accounts WHERE account_id = ? AND org_id = ?"}),
      {S(account_id), S(org_id)});
  if (!row) return std::nullopt;
  return ToAccount(*row);
}

bool OrgStore::AccountInAnyOrg(Transaction& tx, std::string_view account_id) {
  return tx.QueryOne("SELECT 1 FROM orgs_accounts WHERE account_id = ?", {S(account_id)})
      .has_value();
}

bool OrgStore::EmailInOrg(Transaction& tx, std::string_view org_id, std::string_view email) {
  return tx
      .QueryOne("SELECT 1 FROM orgs_accounts WHERE org_id = ? AND email = ? LIMIT 1",
                {S(org_id), S(email)})
      .has_value();
}

std::vector<AccountRecord> OrgStore::ListAccounts(Transaction& tx, std::string_view org_id,
                                                  std::string_view after, int64_t limit) {
  std::vector<AccountRecord> out;
  for (const Row& r : tx.Query(Sql({"SELECT ", kAccountColumns,
                                    " FROM orgs_accounts WHERE org_id = ? AND account_id > ? "
                                    "ORDER BY account_id LIMIT ?"}),
                               {S(org_id), S(after), limit})) {
    out.push_back(ToAccount(r));
  }
  return out;
}

std::vector<AccountRecord> OrgStore::ListAccountsForParent(Transaction& tx, std::string_view org_id,
                                                           std::string_view parent_id,
                                                           std::string_view after, int64_t limit) {
  std::vector<AccountRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kAccountColumns,
                     " FROM orgs_accounts WHERE org_id = ? AND parent_id = ? AND account_id > ? "
                     "ORDER BY account_id LIMIT ?"}),
                {S(org_id), S(parent_id), S(after), limit})) {
    out.push_back(ToAccount(r));
  }
  return out;
}

int64_t OrgStore::CountAccounts(Transaction& tx, std::string_view org_id) {
  return tx.QueryOne("SELECT COUNT(*) FROM orgs_accounts WHERE org_id = ?", {S(org_id)})->Int(0);
}

void OrgStore::SetAccountParent(Transaction& tx, std::string_view org_id,
                                std::string_view account_id, std::string_view parent_id) {
  tx.Exec("UPDATE orgs_accounts SET parent_id = ? WHERE org_id = ? AND account_id = ?",
          {S(parent_id), S(org_id), S(account_id)});
}

void OrgStore::SetAccountStatus(Transaction& tx, std::string_view org_id,
                                std::string_view account_id, std::string_view status,
                                std::optional<int64_t> close_requested_millis) {
  tx.Exec(
      "UPDATE orgs_accounts SET status = ?, close_requested_millis = COALESCE(?, "
      "close_requested_millis) WHERE org_id = ? AND account_id = ?",
      {S(status), close_requested_millis ? Value(*close_requested_millis) : Value(nullptr),
       S(org_id), S(account_id)});
}

int64_t OrgStore::CountClosuresSince(Transaction& tx, std::string_view org_id,
                                     int64_t since_millis) {
  return tx
      .QueryOne(
          "SELECT COUNT(*) FROM orgs_accounts WHERE org_id = ? AND close_requested_millis >= ?",
          {S(org_id), since_millis})
      ->Int(0);
}

void OrgStore::DeleteAccount(Transaction& tx, std::string_view org_id,
                             std::string_view account_id) {
  tx.Exec("DELETE FROM orgs_accounts WHERE org_id = ? AND account_id = ?",
          {S(org_id), S(account_id)});
  tx.Exec("DELETE FROM orgs_delegated_admins WHERE org_id = ? AND account_id = ?",
          {S(org_id), S(account_id)});
  tx.Exec("DELETE FROM orgs_tags WHERE org_id = ? AND resource_id = ?", {S(org_id), S(account_id)});
}

void OrgStore::InsertOu(Transaction& tx, const OuRecord& ou) {
  tx.Exec(Sql({"INSERT INTO orgs_ous (", kOuColumns, ") VALUES (?, ?, ?, ?)"}),
          {ou.id, ou.org_id, ou.parent_id, ou.name});
}

std::optional<OuRecord> OrgStore::FindOu(Transaction& tx, std::string_view org_id,
                                         std::string_view ou_id) {
  auto row =
      tx.QueryOne(Sql({"SELECT ", kOuColumns, " FROM orgs_ous WHERE ou_id = ? AND org_id = ?"}),
                  {S(ou_id), S(org_id)});
  if (!row) return std::nullopt;
  return ToOu(*row);
}

std::optional<OuRecord> OrgStore::FindOuByName(Transaction& tx, std::string_view org_id,
                                               std::string_view parent_id, std::string_view name) {
  auto row = tx.QueryOne(Sql({"SELECT ", kOuColumns,
                              " FROM orgs_ous WHERE org_id = ? AND parent_id = ? AND name = ?"}),
                         {S(org_id), S(parent_id), S(name)});
  if (!row) return std::nullopt;
  return ToOu(*row);
}

std::vector<OuRecord> OrgStore::ListOus(Transaction& tx, std::string_view org_id,
                                        std::string_view parent_id, std::string_view after,
                                        int64_t limit) {
  std::vector<OuRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kOuColumns,
                     " FROM orgs_ous WHERE org_id = ? AND parent_id = ? AND ou_id > ? "
                     "ORDER BY ou_id LIMIT ?"}),
                {S(org_id), S(parent_id), S(after), limit})) {
    out.push_back(ToOu(r));
  }
  return out;
}

void OrgStore::RenameOu(Transaction& tx, std::string_view org_id, std::string_view ou_id,
                        std::string_view name) {
  tx.Exec("UPDATE orgs_ous SET name = ? WHERE org_id = ? AND ou_id = ?",
          {S(name), S(org_id), S(ou_id)});
}

void OrgStore::DeleteOu(Transaction& tx, std::string_view org_id, std::string_view ou_id) {
  tx.Exec("DELETE FROM orgs_ous WHERE org_id = ? AND ou_id = ?", {S(org_id), S(ou_id)});
  tx.Exec("DELETE FROM orgs_tags WHERE org_id = ? AND resource_id = ?", {S(org_id), S(ou_id)});
}

bool OrgStore::HasChildren(Transaction& tx, std::string_view org_id, std::string_view parent_id) {
  return tx.QueryOne("SELECT 1 FROM orgs_accounts WHERE org_id = ? AND parent_id = ? LIMIT 1",
                     {S(org_id), S(parent_id)})
             .has_value() ||
         tx.QueryOne("SELECT 1 FROM orgs_ous WHERE org_id = ? AND parent_id = ? LIMIT 1",
                     {S(org_id), S(parent_id)})
             .has_value();
}

void OrgStore::InsertCreateStatus(Transaction& tx, const CreateAccountStatusRecord& s) {
  tx.Exec(Sql({"INSERT INTO orgs_create_account_status (", kStatusColumns,
               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"}),
          {s.id, s.org_id, s.account_name, s.email, s.state, s.requested_millis,
           s.completed_millis ? Value(*s.completed_millis) : Value(nullptr),
           s.account_id ? Value(*s.account_id) : Value(nullptr),
           s.failure_reason ? Value(*s.failure_reason) : Value(nullptr), s.tags_json});
}

std::optional<CreateAccountStatusRecord> OrgStore::FindCreateStatus(Transaction& tx,
                                                                    std::string_view org_id,
                                                                    std::string_view request_id) {
  auto row = tx.QueryOne(Sql({"SELECT ", kStatusColumns,
                              " FROM orgs_create_account_status WHERE request_id = ? AND "
                              "org_id = ?"}),
                         {S(request_id), S(org_id)});
  if (!row) return std::nullopt;
  return ToStatus(*row);
}

std::optional<CreateAccountStatusRecord> OrgStore::FindCreateStatusById(
    Transaction& tx, std::string_view request_id) {
  auto row = tx.QueryOne(
      Sql({"SELECT ", kStatusColumns, " FROM orgs_create_account_status WHERE request_id = ?"}),
      {S(request_id)});
  if (!row) return std::nullopt;
  return ToStatus(*row);
}

std::vector<CreateAccountStatusRecord> OrgStore::ListCreateStatus(
    Transaction& tx, std::string_view org_id, const std::vector<std::string>& states,
    std::string_view after, int64_t limit) {
  std::string sql = Sql({"SELECT ", kStatusColumns,
                         " FROM orgs_create_account_status WHERE org_id = ? AND request_id > ?"});
  std::vector<Value> params = {S(org_id), S(after)};
  if (!states.empty()) {
    sql += " AND state IN (";
    for (size_t i = 0; i < states.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(states[i]);
    }
    sql += ")";
  }
  sql += " ORDER BY request_id LIMIT ?";
  params.emplace_back(limit);
  std::vector<CreateAccountStatusRecord> out;
  for (const Row& r : tx.Query(sql, params)) out.push_back(ToStatus(r));
  return out;
}

void OrgStore::CompleteCreateStatus(Transaction& tx, std::string_view request_id,
                                    std::string_view state, int64_t completed_millis,
                                    const std::optional<std::string>& account_id,
                                    const std::optional<std::string>& failure_reason) {
  tx.Exec(
      "UPDATE orgs_create_account_status SET state = ?, completed_millis = ?, account_id = ?, "
      "failure_reason = ? WHERE request_id = ?",
      {S(state), completed_millis, account_id ? Value(*account_id) : Value(nullptr),
       failure_reason ? Value(*failure_reason) : Value(nullptr), S(request_id)});
}

bool OrgStore::EnableService(Transaction& tx, std::string_view org_id, std::string_view principal,
                             int64_t now_millis) {
  return tx.Exec(
             "INSERT OR IGNORE INTO orgs_service_access (org_id, principal, enabled_millis) "
             "VALUES (?, ?, ?)",
             {S(org_id), S(principal), now_millis}) > 0;
}

void OrgStore::DisableService(Transaction& tx, std::string_view org_id,
                              std::string_view principal) {
  tx.Exec("DELETE FROM orgs_service_access WHERE org_id = ? AND principal = ?",
          {S(org_id), S(principal)});
}

std::vector<std::pair<std::string, int64_t>> OrgStore::ListServices(Transaction& tx,
                                                                    std::string_view org_id,
                                                                    std::string_view after,
                                                                    int64_t limit) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& r :
       tx.Query("SELECT principal, enabled_millis FROM orgs_service_access WHERE org_id = ? AND "
                "principal > ? ORDER BY principal LIMIT ?",
                {S(org_id), S(after), limit})) {
    out.emplace_back(r.Text(0), r.Int(1));
  }
  return out;
}

void OrgStore::InsertDelegation(Transaction& tx, std::string_view org_id, const Delegation& d) {
  tx.Exec(
      "INSERT INTO orgs_delegated_admins (org_id, account_id, principal, enabled_millis) VALUES "
      "(?, ?, ?, ?)",
      {S(org_id), d.account_id, d.service_principal, d.enabled_millis});
}

bool OrgStore::DelegationExists(Transaction& tx, std::string_view org_id,
                                std::string_view account_id, std::string_view principal) {
  return tx
      .QueryOne(
          "SELECT 1 FROM orgs_delegated_admins WHERE org_id = ? AND account_id = ? AND "
          "principal = ?",
          {S(org_id), S(account_id), S(principal)})
      .has_value();
}

void OrgStore::DeleteDelegation(Transaction& tx, std::string_view org_id,
                                std::string_view account_id, std::string_view principal) {
  tx.Exec("DELETE FROM orgs_delegated_admins WHERE org_id = ? AND account_id = ? AND principal = ?",
          {S(org_id), S(account_id), S(principal)});
}

bool OrgStore::IsDelegatedAdmin(Transaction& tx, std::string_view org_id,
                                std::string_view account_id) {
  return tx
      .QueryOne("SELECT 1 FROM orgs_delegated_admins WHERE org_id = ? AND account_id = ? LIMIT 1",
                {S(org_id), S(account_id)})
      .has_value();
}

std::vector<Delegation> OrgStore::ListDelegatedAdmins(Transaction& tx, std::string_view org_id,
                                                      std::string_view principal,
                                                      std::string_view after, int64_t limit) {
  std::vector<Row> rows;
  if (principal.empty()) {
    rows = tx.Query(
        "SELECT account_id, MIN(enabled_millis) FROM orgs_delegated_admins WHERE org_id = ? AND "
        "account_id > ? GROUP BY account_id ORDER BY account_id LIMIT ?",
        {S(org_id), S(after), limit});
  } else {
    rows = tx.Query(
        "SELECT account_id, enabled_millis FROM orgs_delegated_admins WHERE org_id = ? AND "
        "principal = ? AND account_id > ? ORDER BY account_id LIMIT ?",
        {S(org_id), S(principal), S(after), limit});
  }
  std::vector<Delegation> out;
  for (const Row& r : rows) {
    out.push_back({.account_id = r.Text(0), .service_principal = "", .enabled_millis = r.Int(1)});
  }
  return out;
}

std::vector<Delegation> OrgStore::ListDelegatedServices(Transaction& tx, std::string_view org_id,
                                                        std::string_view account_id,
                                                        std::string_view after, int64_t limit) {
  std::vector<Delegation> out;
  for (const Row& r :
       tx.Query("SELECT account_id, principal, enabled_millis FROM orgs_delegated_admins WHERE "
                "org_id = ? AND account_id = ? AND principal > ? ORDER BY principal LIMIT ?",
                {S(org_id), S(account_id), S(after), limit})) {
    out.push_back(
        {.account_id = r.Text(0), .service_principal = r.Text(1), .enabled_millis = r.Int(2)});
  }
  return out;
}

void OrgStore::PutTag(Transaction& tx, std::string_view org_id, std::string_view resource_id,
                      const Tag& tag) {
  tx.Exec(
      "INSERT INTO orgs_tags (org_id, resource_id, key, value) VALUES (?, ?, ?, ?) ON CONFLICT "
      "(org_id, resource_id, key) DO UPDATE SET value = excluded.value",
      {S(org_id), S(resource_id), tag.key, tag.value});
}

void OrgStore::DeleteTag(Transaction& tx, std::string_view org_id, std::string_view resource_id,
                         std::string_view key) {
  tx.Exec("DELETE FROM orgs_tags WHERE org_id = ? AND resource_id = ? AND key = ?",
          {S(org_id), S(resource_id), S(key)});
}

int64_t OrgStore::CountTags(Transaction& tx, std::string_view org_id,
                            std::string_view resource_id) {
  return tx
      .QueryOne("SELECT COUNT(*) FROM orgs_tags WHERE org_id = ? AND resource_id = ?",
                {S(org_id), S(resource_id)})
      ->Int(0);
}

std::vector<Tag> OrgStore::ListTags(Transaction& tx, std::string_view org_id,
                                    std::string_view resource_id, std::string_view after,
                                    int64_t limit) {
  std::vector<Tag> out;
  for (const Row& r :
       tx.Query("SELECT key, value FROM orgs_tags WHERE org_id = ? AND resource_id = ? AND key > ? "
                "ORDER BY key LIMIT ?",
                {S(org_id), S(resource_id), S(after), limit})) {
    out.push_back({.key = r.Text(0), .value = r.Text(1)});
  }
  return out;
}

std::vector<std::string> OrgStore::PolicyTypes(Transaction& tx, std::string_view org_id) {
  std::vector<std::string> out;
  for (const Row& r :
       tx.Query("SELECT policy_type FROM orgs_policy_types WHERE org_id = ? ORDER BY policy_type",
                {S(org_id)})) {
    out.push_back(r.Text(0));
  }
  return out;
}

bool OrgStore::SetPolicyType(Transaction& tx, std::string_view org_id, std::string_view type,
                             bool enabled) {
  if (enabled) {
    return tx.Exec("INSERT OR IGNORE INTO orgs_policy_types (org_id, policy_type) VALUES (?, ?)",
                   {S(org_id), S(type)}) > 0;
  }
  return tx.Exec("DELETE FROM orgs_policy_types WHERE org_id = ? AND policy_type = ?",
                 {S(org_id), S(type)}) > 0;
}

}  // namespace nimbus::organizations
