#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::ssm {

// A hybrid activation (CreateActivation). Codes are stored as issued: nimbus holds no secrets
// worth hashing.
struct ActivationRecord {
  core::Scope scope;
  std::string activation_id;
  std::string activation_code;
  std::string description;
  std::string default_instance_name;
  std::string iam_role;
  int64_t registration_limit = 1;
  int64_t registrations_count = 0;
  int64_t expiration_millis = 0;
  int64_t created_millis = 0;
};

// A managed node (hybrid "mi-" node, or an EC2 node loaded through the fleet endpoint). Empty
// strings and nullopt mean "not reported" and are left out of InstanceInformation.
struct ManagedNodeRecord {
  core::Scope scope;
  std::string instance_id;
  std::string name;
  std::string activation_id;
  std::string iam_role;
  std::optional<int64_t> registration_millis;
  int64_t last_ping_millis = 0;
  std::string agent_name;
  std::string agent_version;
  std::string agent_status;
  std::optional<bool> is_latest_version;
  std::string platform_type;
  std::string platform_name;
  std::string platform_version;
  std::string computer_name;
  std::string ip_address;
  std::string resource_type = "ManagedInstance";
  std::string source_id;
  std::string source_type;
  std::string association_status;
  std::optional<int64_t> last_association_execution_millis;
  std::optional<int64_t> last_successful_association_execution_millis;
  std::string association_overview_json;  // InstanceAggregatedAssociationOverview as JSON text
  std::string public_key;
  std::string public_key_type;
  std::string fingerprint;
};

// One condition of a DescribeInstanceInformation query; conditions are ANDed.
struct NodeCondition {
  enum class Kind {
    kColumnIn,     // `column` equals one of `values`
    kPingAtLeast,  // last heartbeat at or after `millis` (Online)
    kPingBefore,   // last heartbeat before `millis` (ConnectionLost)
    kNever,        // matches no node (a value no node can have, such as PingStatus Inactive)
    kTagValue,     // tag `key` has one of `values`
    kTagKeyIn,     // the node has a tag whose key is one of `values`
  };
  Kind kind = Kind::kNever;
  std::string column;  // for kColumnIn: one of ManagedNodeStore::kFilterColumns
  std::string key;     // for kTagValue
  std::vector<std::string> values;
  int64_t millis = 0;
};

// SQL of hybrid activations and managed nodes. Pages are keyset pages in instance-id order, so
// a page costs O(page) whatever the fleet size, and paging is stable while nodes are added.
class ManagedNodeStore {
 public:
  explicit ManagedNodeStore(store::Database& db);

  // Transactions over the activation and node tables and ssm_tags (tag filters join it).
  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Columns kColumnIn may name.
  static const std::vector<std::string_view> kFilterColumns;

  void InsertActivation(store::Transaction& tx, const ActivationRecord& activation);
  // The activation in `scope`, or nullopt.
  std::optional<ActivationRecord> FindActivation(store::Transaction& tx, const core::Scope& scope,
                                                 std::string_view activation_id);
  // The activation with that id in any account and region (ids are UUIDs): registration is an
  // anonymous call, so the activation names its account.
  std::optional<ActivationRecord> FindActivationAnywhere(store::Transaction& tx,
                                                         std::string_view activation_id);
  bool DeleteActivation(store::Transaction& tx, const core::Scope& scope,
                        std::string_view activation_id);
  void CountRegistration(store::Transaction& tx, const core::Scope& scope,
                         std::string_view activation_id);
  // Activations ordered by creation, after the (created_millis, activation_id) cursor. Filters:
  // each (column, values) pair is ANDed; columns are activation_id, default_instance_name,
  // iam_role.
  std::vector<ActivationRecord> ListActivations(
      store::Transaction& tx, const core::Scope& scope,
      const std::vector<std::pair<std::string, std::vector<std::string>>>& filters,
      std::optional<std::pair<int64_t, std::string>> after, int64_t limit);

  // Inserts or replaces the node (keyed by scope and instance id).
  void PutNode(store::Transaction& tx, const ManagedNodeRecord& node);
  std::optional<ManagedNodeRecord> FindNode(store::Transaction& tx, const core::Scope& scope,
                                            std::string_view instance_id);
  // The node with that id in any account and region (the agent's heartbeat names only the id).
  std::optional<ManagedNodeRecord> FindNodeAnywhere(store::Transaction& tx,
                                                    std::string_view instance_id);
  bool DeleteNode(store::Transaction& tx, const core::Scope& scope, std::string_view instance_id);
  // Which of `instance_ids` exist in `scope`.
  std::vector<std::string> ExistingNodes(store::Transaction& tx, const core::Scope& scope,
                                         const std::vector<std::string>& instance_ids);
  // Up to `limit` nodes matching every condition with instance id > `after`, by instance id.
  // Listed nodes carry the InstanceInformation fields only (no agent name/status, no key).
  std::vector<ManagedNodeRecord> QueryNodes(store::Transaction& tx, const core::Scope& scope,
                                            const std::vector<NodeCondition>& conditions,
                                            std::string_view after, int64_t limit);

 private:
  store::Schema tags_schema_;  // before schema_, which joins it
  store::Schema schema_;
};

}  // namespace nimbus::ssm
