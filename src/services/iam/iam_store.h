#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/identity.h"
#include "store/database.h"

namespace nimbus::iam {

// What an entity is: the `kind` column of the tables that users, roles, groups and instance
// profiles share.
inline constexpr std::string_view kUser = "user";
inline constexpr std::string_view kRole = "role";
inline constexpr std::string_view kGroup = "group";
inline constexpr std::string_view kInstanceProfile = "instance-profile";

// A user, role, group or instance profile. Names are unique per account and kind without regard
// to case, as in IAM; `name` keeps the case it was created with.
struct EntityRecord {
  std::string kind{};
  std::string name{};
  std::string path{};  // "/" or "/a/b/"
  std::string id{};    // AIDA..., AROA..., AGPA..., AIPA...
  int64_t created_millis = 0;
  // What only some kinds have, as JSON text: a role's AssumeRolePolicyDocument, Description,
  // MaxSessionDuration and PermissionsBoundary; a user's PermissionsBoundary; an instance
  // profile's role names ({"Roles": [...]}).
  std::string extra_json = "{}";
};

struct ManagedPolicyRecord {
  std::string arn{};
  std::string name{};
  std::string path{};
  std::string id{};  // ANPA...
  std::string description{};
  std::string default_version{};  // "v1"
  int64_t next_version = 2;       // the number the next CreatePolicyVersion takes
  int64_t created_millis = 0;
  int64_t updated_millis = 0;
};

struct PolicyVersionRecord {
  std::string version_id{};
  std::string document{};
  int64_t created_millis = 0;
};

struct AccessKeyRecord {
  std::string access_key_id{};
  std::string secret_access_key{};
  std::string user_name{};
  std::string status{};  // Active | Inactive
  int64_t created_millis = 0;
  std::optional<int64_t> last_used_millis{};
  std::string last_used_service{};
  std::string last_used_region{};
};

// An attachment of a managed policy to a user, role or group.
struct Attachment {
  std::string kind{};
  std::string entity_name{};
  std::string policy_arn{};
};

// IAM state in SQL and nothing else. Every row is keyed by account: IAM is global, so one set
// per account whatever the region. Lists are keyset-paged on the lowercased name: `after` is the
// key of the last row of the previous page, and at most `limit` rows come back.
class IamStore final : public core::auth::KeyDirectory {
 public:
  explicit IamStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Users, roles, groups, instance profiles.
  void InsertEntity(store::Transaction& tx, std::string_view account, const EntityRecord& e);
  std::optional<EntityRecord> FindEntity(store::Transaction& tx, std::string_view account,
                                         std::string_view kind, std::string_view name);
  // Those whose path starts with `path_prefix`, ordered by lowercased name.
  std::vector<EntityRecord> ListEntities(store::Transaction& tx, std::string_view account,
                                         std::string_view kind, std::string_view path_prefix,
                                         std::string_view after, int64_t limit);
  // Rewrites name, path and extra; a new name moves the entity's policies, tags, keys and
  // memberships along with it.
  void UpdateEntity(store::Transaction& tx, std::string_view account, std::string_view old_name,
                    const EntityRecord& e);
  void DeleteEntity(store::Transaction& tx, std::string_view account, std::string_view kind,
                    std::string_view name);

  // Inline policies of users, roles and groups, ordered by name.
  void PutInlinePolicy(store::Transaction& tx, std::string_view account, std::string_view kind,
                       std::string_view entity, std::string_view policy_name,
                       std::string_view document);
  std::optional<std::string> FindInlinePolicy(store::Transaction& tx, std::string_view account,
                                              std::string_view kind, std::string_view entity,
                                              std::string_view policy_name);
  // (name, document) pairs.
  std::vector<std::pair<std::string, std::string>> ListInlinePolicies(store::Transaction& tx,
                                                                      std::string_view account,
                                                                      std::string_view kind,
                                                                      std::string_view entity);
  bool DeleteInlinePolicy(store::Transaction& tx, std::string_view account, std::string_view kind,
                          std::string_view entity, std::string_view policy_name);

  // Managed policy attachments.
  // Returns false if it was attached already.
  bool Attach(store::Transaction& tx, std::string_view account, const Attachment& a);
  bool Detach(store::Transaction& tx, std::string_view account, const Attachment& a);
  // The ARNs attached to one entity, ordered.
  std::vector<std::string> AttachedPolicies(store::Transaction& tx, std::string_view account,
                                            std::string_view kind, std::string_view entity);
  // The entities `policy_arn` is attached to, ordered by kind and name.
  std::vector<Attachment> AttachmentsOf(store::Transaction& tx, std::string_view account,
                                        std::string_view policy_arn);
  int64_t CountAttachments(store::Transaction& tx, std::string_view account,
                           std::string_view policy_arn);

  // Customer managed policies and their versions.
  void InsertPolicy(store::Transaction& tx, std::string_view account, const ManagedPolicyRecord& p);
  std::optional<ManagedPolicyRecord> FindPolicy(store::Transaction& tx, std::string_view account,
                                                std::string_view arn);
  bool PolicyNameTaken(store::Transaction& tx, std::string_view account, std::string_view name);
  // Ordered by lowercased name; `after` is a lowercased name.
  std::vector<ManagedPolicyRecord> ListPolicies(store::Transaction& tx, std::string_view account,
                                                std::string_view path_prefix,
                                                std::string_view after, int64_t limit);
  void UpdatePolicy(store::Transaction& tx, std::string_view account, const ManagedPolicyRecord& p);
  void DeletePolicy(store::Transaction& tx, std::string_view account, std::string_view arn);
  void InsertVersion(store::Transaction& tx, std::string_view account, std::string_view arn,
                     const PolicyVersionRecord& v);
  std::optional<PolicyVersionRecord> FindVersion(store::Transaction& tx, std::string_view account,
                                                 std::string_view arn, std::string_view version_id);
  // Newest first.
  std::vector<PolicyVersionRecord> ListVersions(store::Transaction& tx, std::string_view account,
                                                std::string_view arn);
  void DeleteVersion(store::Transaction& tx, std::string_view account, std::string_view arn,
                     std::string_view version_id);

  // Tags of users, roles and policies (kind "policy", entity = ARN), ordered by key.
  void PutTag(store::Transaction& tx, std::string_view account, std::string_view kind,
              std::string_view entity, std::string_view key, std::string_view value);
  void DeleteTag(store::Transaction& tx, std::string_view account, std::string_view kind,
                 std::string_view entity, std::string_view key);
  std::vector<std::pair<std::string, std::string>> ListTags(store::Transaction& tx,
                                                            std::string_view account,
                                                            std::string_view kind,
                                                            std::string_view entity);

  // Group membership, by user and group names.
  bool AddMember(store::Transaction& tx, std::string_view account, std::string_view group,
                 std::string_view user);
  bool RemoveMember(store::Transaction& tx, std::string_view account, std::string_view group,
                    std::string_view user);
  // Lowercased user names of a group / group names of a user, ordered.
  std::vector<std::string> MembersOf(store::Transaction& tx, std::string_view account,
                                     std::string_view group);
  std::vector<std::string> GroupsOf(store::Transaction& tx, std::string_view account,
                                    std::string_view user);

  // Access keys of IAM users.
  void InsertAccessKey(store::Transaction& tx, std::string_view account,
                       const AccessKeyRecord& key);
  // The key with this id in `account`, whoever its user.
  std::optional<AccessKeyRecord> FindAccessKey(store::Transaction& tx, std::string_view account,
                                               std::string_view access_key_id);
  std::vector<AccessKeyRecord> ListAccessKeys(store::Transaction& tx, std::string_view account,
                                              std::string_view user);
  void SetAccessKeyStatus(store::Transaction& tx, std::string_view access_key_id,
                          std::string_view status);
  void DeleteAccessKey(store::Transaction& tx, std::string_view access_key_id);

  // The dispatcher's lookup: an Active key created by IAM acts as its user, in the aws
  // partition here (the caller's identity is moved to the request's partition).
  std::optional<core::auth::KnownKey> FindKey(std::string_view access_key_id) const override;

 private:
  store::Schema schema_;
};

}  // namespace nimbus::iam
