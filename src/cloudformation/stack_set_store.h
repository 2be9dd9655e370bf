#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::cloudformation {

// One stack set as stored: the template and what its instances' stacks are made from.
struct StackSetRecord {
  std::string stack_set_id{};  // <name>:<uuid>
  std::string name{};
  core::Scope scope{};            // the administrator's account and region
  std::string status = "ACTIVE";  // ACTIVE | DELETED
  std::string description{};
  std::string template_body{};
  std::string parameters = "[]";  // the API's Parameters, as given
  std::string capabilities = "[]";
  std::string tags = "[]";
  std::string admin_role_arn{};
  std::string execution_role_name{};
  std::string permission_model = "SELF_MANAGED";
  std::string managed_execution = "{}";  // the API's ManagedExecution
  std::string client_token{};
  int64_t created_millis = 0;
  // SERVICE_MANAGED sets: the API's AutoDeployment ("" for self-managed sets), and the OUs (or
  // root) CreateStackInstances targeted, each with its regions ({"ou-...": ["us-east-1"]}).
  std::string auto_deployment{};
  std::string ou_targets = "{}";
  int64_t seq = 0;  // listing order, set by Insert
};

// One stack instance: a stack of the set in a target account and region.
struct StackInstanceRecord {
  std::string stack_set_id{};
  std::string account{};
  std::string region{};
  std::string stack_id{};                   // "" until its stack was created
  std::string parameter_overrides = "[]";   // the API's Parameters
  std::string status = "OUTDATED";          // CURRENT | OUTDATED | INOPERABLE
  std::string detailed_status = "PENDING";  // PENDING | RUNNING | SUCCEEDED | FAILED | ...
  std::string status_reason{};
  std::string drift_status = "NOT_CHECKED";  // | DRIFTED | IN_SYNC | UNKNOWN
  std::string last_operation_id{};
  std::optional<int64_t> last_drift_check_millis{};  // the last DETECT_DRIFT that reached it
  std::string organizational_unit_id{};  // service-managed: the OU the account was reached by
  int64_t seq = 0;
};

// One operation on a set (CREATE, UPDATE, DELETE), and where it stands.
struct StackSetOperationRecord {
  std::string operation_id{};
  std::string stack_set_id{};
  std::string action{};            // CREATE | UPDATE | DELETE
  std::string status = "RUNNING";  // RUNNING | STOPPING | SUCCEEDED | FAILED | STOPPED
  std::string status_reason{};
  std::string preferences = "{}";  // the API's OperationPreferences, as described
  // The plan's accounts and regions ({"Accounts": [...], "Regions": [...]}, regions in plan
  // order): results are numbered in their cross product (engine/stack_set_schedule.h).
  std::string targets = "{}";
  std::optional<bool> retain_stacks{};  // DELETE only
  std::string admin_role_arn{};
  std::string execution_role_name{};
  int64_t created_millis = 0;
  std::optional<int64_t> ended_millis{};
  int64_t seq = 0;
};

// The outcome of an operation in one account and region.
struct OperationResultRecord {
  std::string account{};
  std::string region{};
  std::string status = "PENDING";  // PENDING | RUNNING | SUCCEEDED | FAILED | CANCELLED
  std::string status_reason{};
  int64_t position = 0;  // in the operation's plan (engine/stack_set_schedule.h)
  std::string organizational_unit_id{};  // service-managed: the instance's
};

// The SQL of stack sets (component `cloudformation_stack_sets`): sets, instances, operations
// and their per-target results. Instances are keyed by (set, account, region), so one is found
// by its key whatever the size of the set.
class StackSetStore {
 public:
  explicit StackSetStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  void InsertSet(store::Transaction& tx, StackSetRecord* record);
  void UpdateSet(store::Transaction& tx, const StackSetRecord& record);
  // Writes the set's auto_deployment and ou_targets.
  void UpdateOrganizationTargets(store::Transaction& tx, const StackSetRecord& record);
  // The ACTIVE SERVICE_MANAGED sets kept in `account` (a management account), any region.
  std::vector<StackSetRecord> ServiceManagedSets(store::Transaction& tx, std::string_view account);
  // The ACTIVE set named `name` in `scope`.
  std::optional<StackSetRecord> FindSetByName(store::Transaction& tx, const core::Scope& scope,
                                              std::string_view name);
  // The set `id` (<name>:<uuid>), deleted too; in `scope` unless scope is null.
  std::optional<StackSetRecord> FindSetById(store::Transaction& tx, const core::Scope* scope,
                                            std::string_view id);
  // Sets of `scope` with seq > after, in creation order; `status` "" for every status.
  std::vector<StackSetRecord> ListSets(store::Transaction& tx, const core::Scope& scope,
                                       std::string_view status, int64_t after, int64_t limit);

  // Inserts or replaces the instance (set, account, region).
  void PutInstance(store::Transaction& tx, StackInstanceRecord* record);
  void DeleteInstance(store::Transaction& tx, std::string_view set_id, std::string_view account,
                      std::string_view region);
  std::optional<StackInstanceRecord> FindInstance(store::Transaction& tx, std::string_view set_id,
                                                  std::string_view account,
                                                  std::string_view region);
  // The instance, of any set, whose stack is `stack_id` (ImportStacksToStackSet: a stack belongs
  // to one set at most).
  std::optional<StackInstanceRecord> FindInstanceByStackId(store::Transaction& tx,
                                                           std::string_view stack_id);
  // Instances of the set with seq > after, in creation order; `account`/`region` "" for any.
  std::vector<StackInstanceRecord> ListInstances(store::Transaction& tx, std::string_view set_id,
                                                 std::string_view account, std::string_view region,
                                                 int64_t after, int64_t limit);
  int64_t CountInstances(store::Transaction& tx, std::string_view set_id);
  // The distinct regions of the set's instances, sorted.
  std::vector<std::string> InstanceRegions(store::Transaction& tx, std::string_view set_id);

  void InsertOperation(store::Transaction& tx, StackSetOperationRecord* record);
  void UpdateOperation(store::Transaction& tx, const StackSetOperationRecord& record);
  std::optional<StackSetOperationRecord> FindOperation(store::Transaction& tx,
                                                       std::string_view set_id,
                                                       std::string_view operation_id);
  // The set's operation that is RUNNING or STOPPING, if any.
  std::optional<StackSetOperationRecord> ActiveOperation(store::Transaction& tx,
                                                         std::string_view set_id);
  // Operations of the set with seq > after, in creation order.
  std::vector<StackSetOperationRecord> ListOperations(store::Transaction& tx,
                                                      std::string_view set_id, int64_t after,
                                                      int64_t limit);

  void PutResult(store::Transaction& tx, std::string_view set_id, std::string_view operation_id,
                 const OperationResultRecord& result);
  // The operation's results in plan order, from position `after` + 1.
  std::vector<OperationResultRecord> Results(store::Transaction& tx, std::string_view set_id,
                                             std::string_view operation_id, int64_t after = -1,
                                             int64_t limit = -1);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::cloudformation
