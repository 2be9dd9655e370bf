#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::organizations {

// An account that joined an organization, moved between its root and OUs, or left it.
struct MembershipChange {
  enum class Kind { kJoined, kMoved, kLeft };

  Kind kind = Kind::kMoved;
  std::string organization_id;     // o-...
  std::string management_account;  // the organization's
  std::string account_id;
  // The account's parents before and after the change, nearest first up to the root
  // (["ou-b", "ou-a", "r-x"]): empty before it joined (kJoined) and after it left (kLeft).
  std::vector<std::string> from_path{};
  std::vector<std::string> to_path{};
  int64_t at_millis = 0;

  bool operator==(const MembershipChange&) const = default;
};

// Told of each MembershipChange: how CloudFormation StackSets learns that an account entered or
// left a targeted OU, for automatic deployment.
class MembershipObserver {
 public:
  virtual ~MembershipObserver() = default;
  // Runs on the scheduler's thread after the change has committed, outside any transaction, in
  // the order of the changes. Delivery is at least once: the change is stored in the transaction
  // that made it and removed once every observer has returned, so a crash in between (with
  // --data-dir) tells it again after the restart. An exception is logged and not retried.
  virtual void OnMembershipChanged(const MembershipChange& change) = 0;
};

// The observers of the Organizations provider (OrganizationsProvider::membership()), which
// RegisterServices returns as ServiceHooks::org_membership.
class MembershipObservers {
 public:
  // Adds `observer`, which must outlive the provider. Call while the server is being set up,
  // before the scheduler starts (the list is not locked).
  void Add(MembershipObserver* observer) { observers_.push_back(observer); }
  bool empty() const { return observers_.empty(); }
  // Tells every observer, in the order they were added.
  void Notify(const MembershipChange& change) const;

 private:
  std::vector<MembershipObserver*> observers_;
};

// The stored form of a change (the scheduler task's payload), and back.
std::string MembershipChangeToJson(const MembershipChange& change);
MembershipChange MembershipChangeFromJson(std::string_view text);

}  // namespace nimbus::organizations
