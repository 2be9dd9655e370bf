#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::identitystore {

// Who made and last changed a record, and when.
struct Audit {
  int64_t created_millis = 0;
  std::string created_by{};
  int64_t updated_millis = 0;
  std::string updated_by{};
};

struct UserRecord {
  std::string user_id{};
  std::string user_name{};
  std::optional<std::string> email{};  // the (single) Emails[].Value, for GetUserId
  std::string attributes_json{};       // every modelled attribute but the ids, as a JSON object
  Audit audit{};
};

struct GroupRecord {
  std::string group_id{};
  std::string display_name{};
  std::optional<std::string> description{};
  Audit audit{};
};

struct MembershipRecord {
  std::string membership_id{};
  std::string group_id{};
  std::string user_id{};
  Audit audit{};
};

// Identity Store users, groups and memberships in SQL and nothing else. Every row is keyed by
// account, region and identity store id. Lists are keyset-paged by id: `after` is the last id of
// the previous page ("" first) and at most `limit` rows come back.
class IdentityStoreStore {
 public:
  explicit IdentityStoreStore(store::Database& db);

  store::Transaction Begin() { return schema_.Begin(); }
  store::Transaction Read() { return schema_.Read(); }

  void InsertUser(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                  const UserRecord& user);
  void UpdateUser(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                  const UserRecord& user);
  std::optional<UserRecord> FindUser(store::Transaction& tx, const core::Scope& scope,
                                     std::string_view store_id, std::string_view user_id);
  std::optional<UserRecord> FindUserByName(store::Transaction& tx, const core::Scope& scope,
                                           std::string_view store_id, std::string_view user_name);
  std::optional<UserRecord> FindUserByEmail(store::Transaction& tx, const core::Scope& scope,
                                            std::string_view store_id, std::string_view email);
  // `user_name` set: only that user (the deprecated UserName filter).
  std::vector<UserRecord> ListUsers(store::Transaction& tx, const core::Scope& scope,
                                    std::string_view store_id,
                                    const std::optional<std::string>& user_name,
                                    std::string_view after, int64_t limit);
  // Deletes the user and its memberships.
  void DeleteUser(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                  std::string_view user_id);

  void InsertGroup(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                   const GroupRecord& group);
  void UpdateGroup(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                   const GroupRecord& group);
  std::optional<GroupRecord> FindGroup(store::Transaction& tx, const core::Scope& scope,
                                       std::string_view store_id, std::string_view group_id);
  std::optional<GroupRecord> FindGroupByName(store::Transaction& tx, const core::Scope& scope,
                                             std::string_view store_id,
                                             std::string_view display_name);
  std::vector<GroupRecord> ListGroups(store::Transaction& tx, const core::Scope& scope,
                                      std::string_view store_id,
                                      const std::optional<std::string>& display_name,
                                      std::string_view after, int64_t limit);
  // Deletes the group and its memberships.
  void DeleteGroup(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                   std::string_view group_id);

  void InsertMembership(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                        const MembershipRecord& membership);
  std::optional<MembershipRecord> FindMembership(store::Transaction& tx, const core::Scope& scope,
                                                 std::string_view store_id,
                                                 std::string_view membership_id);
  std::optional<MembershipRecord> FindMembershipOf(store::Transaction& tx, const core::Scope& scope,
                                                   std::string_view store_id,
                                                   std::string_view group_id,
                                                   std::string_view user_id);
  std::vector<MembershipRecord> ListMembershipsOfGroup(store::Transaction& tx,
                                                       const core::Scope& scope,
                                                       std::string_view store_id,
                                                       std::string_view group_id,
                                                       std::string_view after, int64_t limit);
  std::vector<MembershipRecord> ListMembershipsOfUser(store::Transaction& tx,
                                                      const core::Scope& scope,
                                                      std::string_view store_id,
                                                      std::string_view user_id,
                                                      std::string_view after, int64_t limit);
  void DeleteMembership(store::Transaction& tx, const core::Scope& scope, std::string_view store_id,
                        std::string_view membership_id);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::identitystore
