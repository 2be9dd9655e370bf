#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::sso_admin {

// One IAM Identity Center instance as stored.
struct InstanceRecord {
  int64_t seq = 0;
  std::string arn{};
  std::string account{};
  std::string region{};
  std::string identity_store_id{};
  std::optional<std::string> name{};
  std::string status{};  // CREATE_IN_PROGRESS, CREATE_FAILED, DELETE_IN_PROGRESS, ACTIVE
  std::optional<std::string> status_reason{};
  int64_t created_millis = 0;
  std::string kind{};  // ACCOUNT or ORGANIZATION
  std::string key_type = "AWS_OWNED_KMS_KEY";
  std::optional<std::string> kms_key_arn{};
  std::string encryption_status = "ENABLED";  // UPDATING, ENABLED, UPDATE_FAILED
  std::optional<std::string> encryption_reason{};
  // The configuration in force before the running update, restored if it fails.
  std::optional<std::string> prev_key_type{};
  std::optional<std::string> prev_key_arn{};
  // While a customer managed key is in force: the instance's data key, encrypted under it
  // (a KMS CiphertextBlob, base64). Reading or writing permission sets decrypts it.
  std::optional<std::string> data_key{};
};

struct PermissionSetRecord {
  int64_t seq = 0;
  std::string arn{};
  std::string instance_arn{};
  std::string name{};
  std::optional<std::string> description{};
  std::string session_duration{};
  std::optional<std::string> relay_state{};
  int64_t created_millis = 0;
  std::optional<std::string> inline_policy{};
  std::optional<std::string> boundary{};  // PermissionsBoundary as JSON text
  int64_t version = 1;                    // bumped by every change; provisioning records it
};

struct AssignmentRecord {
  int64_t seq = 0;
  std::string instance_arn{};
  std::string target_id{};
  std::string permission_set_arn{};
  std::string principal_type{};
  std::string principal_id{};
};

// An asynchronous request: account assignment creation or deletion, or permission set
// provisioning. kind is ASSIGNMENT_CREATE, ASSIGNMENT_DELETE or PROVISION.
struct OperationRecord {
  int64_t seq = 0;
  std::string request_id{};
  std::string instance_arn{};
  std::string kind{};
  std::string status{};  // IN_PROGRESS, SUCCEEDED, FAILED
  std::optional<std::string> failure_reason{};
  std::optional<std::string> target_id{};
  std::optional<std::string> target_type{};
  std::optional<std::string> permission_set_arn{};
  std::optional<std::string> principal_type{};
  std::optional<std::string> principal_id{};
  int64_t created_millis = 0;
};

// A page of a keyset-paged listing: rows after a sequence number, and whether more follow.
template <typename T>
struct Page {
  std::vector<T> items{};
  std::optional<int64_t> next_after{};  // seq of the last item when more follow
};

// SSO Admin's SQL and nothing else. Instances are keyed by account and region; everything else
// hangs off an instance ARN, which the provider has resolved in the caller's scope first.
class SsoAdminStore {
 public:
  explicit SsoAdminStore(store::Database& db);

  store::Transaction Begin() { return schema_.Begin(); }
  store::Transaction Read() { return schema_.Read(); }

  // Instances.
  void InsertInstance(store::Transaction& tx, const InstanceRecord& r);
  void UpdateInstance(store::Transaction& tx, const InstanceRecord& r);
  void DeleteInstanceCascade(store::Transaction& tx, std::string_view arn);
  std::optional<InstanceRecord> FindInstance(store::Transaction& tx, const core::Scope& scope,
                                             std::string_view arn);
  std::optional<InstanceRecord> FindInstanceByArn(store::Transaction& tx, std::string_view arn);
  // Instances of `account` in any region.
  std::vector<InstanceRecord> InstancesOfAccount(store::Transaction& tx, std::string_view account);
  Page<InstanceRecord> ListInstances(store::Transaction& tx, const core::Scope& scope,
                                     int64_t after, int64_t limit);

  // CreateInstance idempotency tokens.
  std::optional<std::pair<std::string, std::string>> FindClientToken(
      store::Transaction& tx, const core::Scope& scope, std::string_view token);  // hash, arn
  void InsertClientToken(store::Transaction& tx, const core::Scope& scope, std::string_view token,
                         std::string_view hash, std::string_view arn);

  // Tags of an instance or permission set, ordered by key.
  std::vector<std::pair<std::string, std::string>> Tags(store::Transaction& tx,
                                                        std::string_view resource_arn);
  void PutTag(store::Transaction& tx, std::string_view resource_arn, std::string_view key,
              std::string_view value);
  void DeleteTag(store::Transaction& tx, std::string_view resource_arn, std::string_view key);

  // Permission sets.
  void InsertPermissionSet(store::Transaction& tx, const PermissionSetRecord& r);
  void UpdatePermissionSet(store::Transaction& tx, const PermissionSetRecord& r);
  void DeletePermissionSet(store::Transaction& tx, std::string_view arn);
  std::optional<PermissionSetRecord> FindPermissionSet(store::Transaction& tx,
                                                       std::string_view instance_arn,
                                                       std::string_view arn);
  bool PermissionSetNameTaken(store::Transaction& tx, std::string_view instance_arn,
                              std::string_view name);
  int64_t CountPermissionSets(store::Transaction& tx, std::string_view instance_arn);
  Page<std::string> ListPermissionSets(store::Transaction& tx, std::string_view instance_arn,
                                       int64_t after, int64_t limit);

  // Managed policies (AWS managed: arn + name) and customer managed references (name + path).
  bool AddManagedPolicy(store::Transaction& tx, std::string_view ps_arn, std::string_view arn,
                        std::string_view name);
  bool RemoveManagedPolicy(store::Transaction& tx, std::string_view ps_arn, std::string_view arn);
  Page<std::pair<std::string, std::string>> ListManagedPolicies(store::Transaction& tx,
                                                                std::string_view ps_arn,
                                                                int64_t after, int64_t limit);
  bool AddCustomerPolicy(store::Transaction& tx, std::string_view ps_arn, std::string_view name,
                         std::string_view path);
  bool RemoveCustomerPolicy(store::Transaction& tx, std::string_view ps_arn, std::string_view name,
                            std::string_view path);
  Page<std::pair<std::string, std::string>> ListCustomerPolicies(store::Transaction& tx,
                                                                 std::string_view ps_arn,
                                                                 int64_t after, int64_t limit);
  int64_t CountAttachedPolicies(store::Transaction& tx, std::string_view ps_arn);

  // Account assignments.
  bool AssignmentExists(store::Transaction& tx, const AssignmentRecord& r);
  void InsertAssignment(store::Transaction& tx, const AssignmentRecord& r);
  void DeleteAssignment(store::Transaction& tx, const AssignmentRecord& r);
  int64_t CountAssignments(store::Transaction& tx, std::string_view ps_arn,
                           std::optional<std::string_view> target_id);
  Page<AssignmentRecord> ListAssignments(store::Transaction& tx, std::string_view instance_arn,
                                         std::string_view target_id, std::string_view ps_arn,
                                         int64_t after, int64_t limit);
  Page<AssignmentRecord> ListAssignmentsForPrincipal(store::Transaction& tx,
                                                     std::string_view instance_arn,
                                                     std::string_view principal_type,
                                                     std::string_view principal_id,
                                                     std::optional<std::string> target_id,
                                                     int64_t after, int64_t limit);

  // Asynchronous operations.
  void InsertOperation(store::Transaction& tx, const OperationRecord& r);
  void FinishOperation(store::Transaction& tx, std::string_view request_id, std::string_view status,
                       std::optional<std::string> failure_reason);
  std::optional<OperationRecord> FindOperation(store::Transaction& tx,
                                               std::string_view instance_arn, std::string_view kind,
                                               std::string_view request_id);
  std::optional<OperationRecord> FindOperationById(store::Transaction& tx,
                                                   std::string_view request_id);
  Page<OperationRecord> ListOperations(store::Transaction& tx, std::string_view instance_arn,
                                       std::string_view kind, std::optional<std::string> status,
                                       int64_t after, int64_t limit);

  // Which permission set version is provisioned to which account.
  void SetProvisioned(store::Transaction& tx, std::string_view instance_arn,
                      std::string_view ps_arn, std::string_view account_id, int64_t version);
  void RemoveProvisioned(store::Transaction& tx, std::string_view ps_arn,
                         std::string_view account_id);
  std::vector<std::string> ProvisionedAccounts(store::Transaction& tx, std::string_view ps_arn);
  // filter: nullopt for all, true for the latest version only, false for older versions only.
  Page<std::string> ListAccountsForPermissionSet(store::Transaction& tx, std::string_view ps_arn,
                                                 std::optional<bool> latest, int64_t after,
                                                 int64_t limit);
  Page<std::string> ListPermissionSetsForAccount(store::Transaction& tx,
                                                 std::string_view instance_arn,
                                                 std::string_view account_id,
                                                 std::optional<bool> latest, int64_t after,
                                                 int64_t limit);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::sso_admin
