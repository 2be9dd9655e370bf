#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace nimbus::organizations {

// A customer managed policy (AWS managed ones are constants, policy_content.h).
struct PolicyRecord {
  std::string id{};  // p-...
  std::string org_id{};
  std::string name{};
  std::string description{};
  std::string type{};  // SERVICE_CONTROL_POLICY, TAG_POLICY, ...
  std::string content{};
  int64_t updated_millis = 0;
};

// A policy attached to a root, an OU or an account.
struct Attachment {
  std::string policy_id{};
  std::string target_id{};
  std::string policy_type{};
  int64_t attached_millis = 0;
};

// Organizations policies and their attachments in SQL and nothing else. Its tables sit beside
// OrgStore's (`orgs` is that store's schema, whose tables AttachToAll reads); a transaction from
// either store reaches both. Lists are keyset-paged like OrgStore's.
class PolicyStore {
 public:
  PolicyStore(store::Database& db, const store::Schema& orgs);

  store::Transaction Begin() { return schema_.Begin(); }
  store::Transaction Read() { return schema_.Read(); }

  void InsertPolicy(store::Transaction& tx, const PolicyRecord& policy);
  // Replaces name, description, content and updated_millis of `policy.id`.
  void UpdatePolicy(store::Transaction& tx, const PolicyRecord& policy);
  // Deletes the policy (it has no attachments left).
  void DeletePolicy(store::Transaction& tx, std::string_view org_id, std::string_view policy_id);
  std::optional<PolicyRecord> FindPolicy(store::Transaction& tx, std::string_view org_id,
                                         std::string_view policy_id);
  // The policy of `type` named `name`, if any.
  std::optional<PolicyRecord> FindPolicyByName(store::Transaction& tx, std::string_view org_id,
                                               std::string_view type, std::string_view name);
  std::vector<PolicyRecord> ListPolicies(store::Transaction& tx, std::string_view org_id,
                                         std::string_view type, std::string_view after,
                                         int64_t limit);

  // Returns false if the policy already was attached to the target.
  bool Attach(store::Transaction& tx, std::string_view org_id, const Attachment& attachment);
  // Returns false if the policy was not attached to the target.
  bool Detach(store::Transaction& tx, std::string_view org_id, std::string_view policy_id,
              std::string_view target_id);
  // Attaches `policy_id` to the root, every OU and every account of the organization.
  void AttachToAll(store::Transaction& tx, std::string_view org_id, std::string_view root_id,
                   const Attachment& attachment);
  // Detaches every policy of `type` from every target.
  void DetachType(store::Transaction& tx, std::string_view org_id, std::string_view type);
  // Forgets the attachments of a target that is deleted or leaves the organization.
  void ForgetTarget(store::Transaction& tx, std::string_view org_id, std::string_view target_id);
  // Deletes every policy and attachment of the organization.
  void DeleteOrg(store::Transaction& tx, std::string_view org_id);

  // How many policies of `type` are attached to the target.
  int64_t CountAttached(store::Transaction& tx, std::string_view org_id, std::string_view target_id,
                        std::string_view type);
  bool InUse(store::Transaction& tx, std::string_view org_id, std::string_view policy_id);
  // The target's policies of `type`, ordered by policy id.
  std::vector<Attachment> ListForTarget(store::Transaction& tx, std::string_view org_id,
                                        std::string_view target_id, std::string_view type,
                                        std::string_view after, int64_t limit);
  // The targets of a policy, ordered by target id.
  std::vector<Attachment> ListTargets(store::Transaction& tx, std::string_view org_id,
                                      std::string_view policy_id, std::string_view after,
                                      int64_t limit);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::organizations
