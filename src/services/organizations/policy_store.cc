#include "services/organizations/policy_store.h"

#include "services/common/sql.h"

namespace nimbus::organizations {

namespace {

using services::Sql;
using store::Row;
using store::Transaction;
using store::Value;

const std::vector<std::string> kMigrations = {
    "CREATE TABLE orgs_policies (policy_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT "
    "NULL, description TEXT NOT NULL, type TEXT NOT NULL, content TEXT NOT NULL, updated_millis "
    "INTEGER NOT NULL);"
    "CREATE INDEX orgs_policies_type ON orgs_policies (org_id, type, policy_id);"
    "CREATE TABLE orgs_policy_attachments (org_id TEXT NOT NULL, policy_id TEXT NOT NULL, "
    "target_id TEXT NOT NULL, policy_type TEXT NOT NULL, attached_millis INTEGER NOT NULL, "
    "PRIMARY KEY (org_id, policy_id, target_id));"
    "CREATE INDEX orgs_policy_attachments_target ON orgs_policy_attachments (org_id, target_id, "
    "policy_type, policy_id);",
};

constexpr std::string_view kPolicyColumns =
    "policy_id, org_id, name, description, type, content, updated_millis";
constexpr std::string_view kAttachmentColumns =
    "policy_id, target_id, policy_type, attached_millis";

PolicyRecord ToPolicy(const Row& r) {
  return {.id = r.Text(0),
          .org_id = r.Text(1),
          .name = r.Text(2),
          .description = r.Text(3),
          .type = r.Text(4),
          .content = r.Text(5),
          .updated_millis = r.Int(6)};
}

Attachment ToAttachment(const Row& r) {
  return {.policy_id = r.Text(0),
          .target_id = r.Text(1),
          .policy_type = r.Text(2),
          .attached_millis = r.Int(3)};
}

Value S(std::string_view s) { return std::string(s); }

}  // namespace

PolicyStore::PolicyStore(store::Database& db, const store::Schema& orgs)
    : schema_(db, "organizations_policies", kMigrations, &orgs) {}

void PolicyStore::InsertPolicy(Transaction& tx, const PolicyRecord& p) {
  schema_.Ensure();
  tx.Exec(Sql({"INSERT INTO orgs_policies (", kPolicyColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?)"}),
          {p.id, p.org_id, p.name, p.description, p.type, p.content, p.updated_millis});
}

void PolicyStore::UpdatePolicy(Transaction& tx, const PolicyRecord& p) {
  schema_.Ensure();
  tx.Exec(
      "UPDATE orgs_policies SET name = ?, description = ?, content = ?, updated_millis = ? WHERE "
      "org_id = ? AND policy_id = ?",
      {p.name, p.description, p.content, p.updated_millis, p.org_id, p.id});
}

void PolicyStore::DeletePolicy(Transaction& tx, std::string_view org_id,
                               std::string_view policy_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM orgs_policies WHERE org_id = ? AND policy_id = ?",
          {S(org_id), S(policy_id)});
}

std::optional<PolicyRecord> PolicyStore::FindPolicy(Transaction& tx, std::string_view org_id,
                                                    std::string_view policy_id) {
  schema_.Ensure();
  auto row = tx.QueryOne(
      Sql({"SELECT ", kPolicyColumns, " FROM orgs_policies WHERE policy_id = ? AND org_id = ?"}),
      {S(policy_id), S(org_id)});
  if (!row) return std::nullopt;
  return ToPolicy(*row);
}

std::optional<PolicyRecord> PolicyStore::FindPolicyByName(Transaction& tx, std::string_view org_id,
                                                          std::string_view type,
                                                          std::string_view name) {
  schema_.Ensure();
  auto row = tx.QueryOne(Sql({"SELECT ", kPolicyColumns,
                              " FROM orgs_policies WHERE org_id = ? AND type = ? AND name = ?"}),
                         {S(org_id), S(type), S(name)});
  if (!row) return std::nullopt;
  return ToPolicy(*row);
}

std::vector<PolicyRecord> PolicyStore::ListPolicies(Transaction& tx, std::string_view org_id,
                                                    std::string_view type, std::string_view after,
                                                    int64_t limit) {
  schema_.Ensure();
  std::vector<PolicyRecord> out;
  for (const Row& r :
       tx.Query(Sql({"SELECT ", kPolicyColumns,
                     " FROM orgs_policies WHERE org_id = ? AND type = ? AND policy_id > ? "
                     "ORDER BY policy_id LIMIT ?"}),
                {S(org_id), S(type), S(after), limit})) {
    out.push_back(ToPolicy(r));
  }
  return out;
}

bool PolicyStore::Attach(Transaction& tx, std::string_view org_id, const Attachment& a) {
  schema_.Ensure();
  return tx.Exec(Sql({"INSERT OR IGNORE INTO orgs_policy_attachments (org_id, ", kAttachmentColumns,
                      ") VALUES (?, ?, ?, ?, ?)"}),
                 {S(org_id), a.policy_id, a.target_id, a.policy_type, a.attached_millis}) > 0;
}

bool PolicyStore::Detach(Transaction& tx, std::string_view org_id, std::string_view policy_id,
                         std::string_view target_id) {
  schema_.Ensure();
  return tx.Exec(
             "DELETE FROM orgs_policy_attachments WHERE org_id = ? AND policy_id = ? AND "
             "target_id = ?",
             {S(org_id), S(policy_id), S(target_id)}) > 0;
}

void PolicyStore::AttachToAll(Transaction& tx, std::string_view org_id, std::string_view root_id,
                              const Attachment& a) {
  schema_.Ensure();
  const std::string insert =
      Sql({"INSERT OR IGNORE INTO orgs_policy_attachments (org_id, ", kAttachmentColumns, ") "});
  const std::vector<Value> params = {S(org_id), a.policy_id, a.policy_type, a.attached_millis,
                                     S(org_id)};
  tx.Exec(insert + "VALUES (?, ?, ?, ?, ?)",
          {S(org_id), a.policy_id, S(root_id), a.policy_type, a.attached_millis});
  tx.Exec(insert + "SELECT ?, ?, ou_id, ?, ? FROM orgs_ous WHERE org_id = ?", params);
  tx.Exec(insert + "SELECT ?, ?, account_id, ?, ? FROM orgs_accounts WHERE org_id = ?", params);
}

void PolicyStore::DetachType(Transaction& tx, std::string_view org_id, std::string_view type) {
  schema_.Ensure();
  tx.Exec("DELETE FROM orgs_policy_attachments WHERE org_id = ? AND policy_type = ?",
          {S(org_id), S(type)});
}

void PolicyStore::ForgetTarget(Transaction& tx, std::string_view org_id,
                               std::string_view target_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM orgs_policy_attachments WHERE org_id = ? AND target_id = ?",
          {S(org_id), S(target_id)});
}

void PolicyStore::DeleteOrg(Transaction& tx, std::string_view org_id) {
  schema_.Ensure();
  tx.Exec("DELETE FROM orgs_policy_attachments WHERE org_id = ?", {S(org_id)});
  tx.Exec("DELETE FROM orgs_policies WHERE org_id = ?", {S(org_id)});
}

int64_t PolicyStore::CountAttached(Transaction& tx, std::string_view org_id,
                                   std::string_view target_id, std::string_view type) {
  schema_.Ensure();
  return tx
      .QueryOne(
          "SELECT COUNT(*) FROM orgs_policy_attachments WHERE org_id = ? AND target_id = ? AND "
          "policy_type = ?",
          {S(org_id), S(target_id), S(type)})
      ->Int(0);
}

bool PolicyStore::InUse(Transaction& tx, std::string_view org_id, std::string_view policy_id) {
  schema_.Ensure();
  return tx
      .QueryOne("SELECT 1 FROM orgs_policy_attachments WHERE org_id = ? AND policy_id = ? LIMIT 1",
                {S(org_id), S(policy_id)})
      .has_value();
}

std::vector<Attachment> PolicyStore::ListForTarget(Transaction& tx, std::string_view org_id,
                                                   std::string_view target_id,
                                                   std::string_view type, std::string_view after,
                                                   int64_t limit) {
  schema_.Ensure();
  std::vector<Attachment> out;
  for (const Row& r : tx.Query(Sql({"SELECT ", kAttachmentColumns,
                                    " FROM orgs_policy_attachments WHERE org_id = ? AND "
                                    "target_id = ? AND policy_type = ? AND policy_id > ? "
                                    "ORDER BY policy_id LIMIT ?"}),
                               {S(org_id), S(target_id), S(type), S(after), limit})) {
    out.push_back(ToAttachment(r));
  }
  return out;
}

std::vector<Attachment> PolicyStore::ListTargets(Transaction& tx, std::string_view org_id,
                                                 std::string_view policy_id, std::string_view after,
                                                 int64_t limit) {
  schema_.Ensure();
  std::vector<Attachment> out;
  for (const Row& r : tx.Query(Sql({"SELECT ", kAttachmentColumns,
                                    " FROM orgs_policy_attachments WHERE org_id = ? AND "
                                    "policy_id = ? AND target_id > ? ORDER BY target_id LIMIT ?"}),
                               {S(org_id), S(policy_id), S(after), limit})) {
    out.push_back(ToAttachment(r));
  }
  return out;
}

}  // namespace nimbus::organizations
