#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace nimbus::organizations {

struct OrgRecord {
  std::string id{};  // o-...
  std::string master_account{};
  std::string master_email{};
  std::string feature_set{};  // ALL | CONSOLIDATED_BILLING
  std::string root_id{};      // r-...
  int64_t created_millis = 0;
};

struct AccountRecord {
  std::string id{};
  std::string org_id{};
  std::string name{};
  std::string email{};
  std::string joined_method{};  // INVITED | CREATED
  int64_t joined_millis = 0;
  std::string parent_id{};  // r-... or ou-...
  std::string status = "ACTIVE";  // ACTIVE | PENDING_CLOSURE | SUSPENDED (CloseAccount)
  std::optional<int64_t> close_requested_millis{};
};

struct OuRecord {
  std::string id{};
  std::string org_id{};
  std::string parent_id{};
  std::string name{};
};

struct CreateAccountStatusRecord {
  std::string id{};  // car-...
  std::string org_id{};
  std::string account_name{};
  std::string email{};
  std::string state{};  // IN_PROGRESS | SUCCEEDED | FAILED
  int64_t requested_millis = 0;
  std::optional<int64_t> completed_millis{};
  std::optional<std::string> account_id{};
  std::optional<std::string> failure_reason{};
  std::string tags_json = "[]";  // the Tags of the request, applied to the account on success
};

struct Delegation {
  std::string account_id{};
  std::string service_principal{};
  int64_t enabled_millis = 0;
};

struct Tag {
  std::string key{};
  std::string value{};
};

// Organizations state in SQL and nothing else. Lists are keyset-paged: `after` is the key of the
// last row of the previous page ("" for the first page) and at most `limit` rows come back, so a
// page costs O(page).
class OrgStore {
 public:
  explicit OrgStore(store::Database& db);

  store::Transaction Begin() { return schema_.Begin(); }
  store::Transaction Read() { return schema_.Read(); }
  // For the stores whose tables sit beside these (PolicyStore).
  const store::Schema& schema() const { return schema_; }

  // Organizations.
  void InsertOrg(store::Transaction& tx, const OrgRecord& org);
  std::optional<OrgRecord> FindOrg(store::Transaction& tx, std::string_view org_id);
  // The organization `account` belongs to, as management account or member.
  std::optional<OrgRecord> OrgOfAccount(store::Transaction& tx, std::string_view account);
  // Deletes the organization and everything recorded under it.
  void DeleteOrg(store::Transaction& tx, std::string_view org_id);

  // Accounts (members and the management account).
  void InsertAccount(store::Transaction& tx, const AccountRecord& account);
  std::optional<AccountRecord> FindAccount(store::Transaction& tx, std::string_view org_id,
                                           std::string_view account_id);
  // Whether `account_id` is in any organization.
  bool AccountInAnyOrg(store::Transaction& tx, std::string_view account_id);
  bool EmailInOrg(store::Transaction& tx, std::string_view org_id, std::string_view email);
  std::vector<AccountRecord> ListAccounts(store::Transaction& tx, std::string_view org_id,
                                          std::string_view after, int64_t limit);
  std::vector<AccountRecord> ListAccountsForParent(store::Transaction& tx, std::string_view org_id,
                                                   std::string_view parent_id,
                                                   std::string_view after, int64_t limit);
  int64_t CountAccounts(store::Transaction& tx, std::string_view org_id);
  void SetAccountParent(store::Transaction& tx, std::string_view org_id,
                        std::string_view account_id, std::string_view parent_id);
  // Sets the account's status; `close_requested_millis` when CloseAccount asks for it.
  void SetAccountStatus(store::Transaction& tx, std::string_view org_id,
                        std::string_view account_id, std::string_view status,
                        std::optional<int64_t> close_requested_millis);
  // How many accounts CloseAccount was asked to close at or after `since_millis`.
  int64_t CountClosuresSince(store::Transaction& tx, std::string_view org_id, int64_t since_millis);
  // Removes the account with its delegations and tags.
  void DeleteAccount(store::Transaction& tx, std::string_view org_id, std::string_view account_id);

  // Organizational units.
  void InsertOu(store::Transaction& tx, const OuRecord& ou);
  std::optional<OuRecord> FindOu(store::Transaction& tx, std::string_view org_id,
                                 std::string_view ou_id);
  // The OU named `name` under `parent_id`, if any.
  std::optional<OuRecord> FindOuByName(store::Transaction& tx, std::string_view org_id,
                                       std::string_view parent_id, std::string_view name);
  std::vector<OuRecord> ListOus(store::Transaction& tx, std::string_view org_id,
                                std::string_view parent_id, std::string_view after, int64_t limit);
  void RenameOu(store::Transaction& tx, std::string_view org_id, std::string_view ou_id,
                std::string_view name);
  void DeleteOu(store::Transaction& tx, std::string_view org_id, std::string_view ou_id);
  // Whether any account or OU has `parent_id` as parent.
  bool HasChildren(store::Transaction& tx, std::string_view org_id, std::string_view parent_id);

  // CreateAccount requests.
  void InsertCreateStatus(store::Transaction& tx, const CreateAccountStatusRecord& status);
  std::optional<CreateAccountStatusRecord> FindCreateStatus(store::Transaction& tx,
                                                            std::string_view org_id,
                                                            std::string_view request_id);
  // Looks a request up by id alone (the scheduler task knows no organization).
  std::optional<CreateAccountStatusRecord> FindCreateStatusById(store::Transaction& tx,
                                                                std::string_view request_id);
  // States: empty means all.
  std::vector<CreateAccountStatusRecord> ListCreateStatus(store::Transaction& tx,
                                                          std::string_view org_id,
                                                          const std::vector<std::string>& states,
                                                          std::string_view after, int64_t limit);
  void CompleteCreateStatus(store::Transaction& tx, std::string_view request_id,
                            std::string_view state, int64_t completed_millis,
                            const std::optional<std::string>& account_id,
                            const std::optional<std::string>& failure_reason);

  // Trusted service access.
  // Returns false if it was already enabled.
  bool EnableService(store::Transaction& tx, std::string_view org_id, std::string_view principal,
                     int64_t now_millis);
  void DisableService(store::Transaction& tx, std::string_view org_id, std::string_view principal);
  // (principal, enabled millis) pairs, ordered by principal.
  std::vector<std::pair<std::string, int64_t>> ListServices(store::Transaction& tx,
                                                            std::string_view org_id,
                                                            std::string_view after, int64_t limit);

  // Delegated administrators.
  void InsertDelegation(store::Transaction& tx, std::string_view org_id, const Delegation& d);
  bool DelegationExists(store::Transaction& tx, std::string_view org_id,
                        std::string_view account_id, std::string_view principal);
  void DeleteDelegation(store::Transaction& tx, std::string_view org_id,
                        std::string_view account_id, std::string_view principal);
  // Whether `account_id` is a delegated administrator for any service.
  bool IsDelegatedAdmin(store::Transaction& tx, std::string_view org_id,
                        std::string_view account_id);
  // One entry per account (service_principal empty), enabled_millis = its first delegation;
  // ordered by account id. `principal` empty means any service.
  std::vector<Delegation> ListDelegatedAdmins(store::Transaction& tx, std::string_view org_id,
                                              std::string_view principal, std::string_view after,
                                              int64_t limit);
  std::vector<Delegation> ListDelegatedServices(store::Transaction& tx, std::string_view org_id,
                                                std::string_view account_id, std::string_view after,
                                                int64_t limit);

  // Tags of accounts, OUs and roots.
  void PutTag(store::Transaction& tx, std::string_view org_id, std::string_view resource_id,
              const Tag& tag);
  void DeleteTag(store::Transaction& tx, std::string_view org_id, std::string_view resource_id,
                 std::string_view key);
  int64_t CountTags(store::Transaction& tx, std::string_view org_id, std::string_view resource_id);
  std::vector<Tag> ListTags(store::Transaction& tx, std::string_view org_id,
                            std::string_view resource_id, std::string_view after, int64_t limit);

  // Policy types enabled in the organization's root, sorted.
  std::vector<std::string> PolicyTypes(store::Transaction& tx, std::string_view org_id);
  // Enables or disables `type`; returns false if it already was in that state.
  bool SetPolicyType(store::Transaction& tx, std::string_view org_id, std::string_view type,
                     bool enabled);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::organizations
