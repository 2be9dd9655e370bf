// The membership observers: told, after the change commits, of an account that joins the
// organization, moves between OUs or leaves, with its parents before and after.
#include "services/organizations/membership_observer.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/dispatch.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "services/registry.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/runtime.h"

namespace nimbus::organizations {
namespace {

namespace json = boost::json;
using Kind = MembershipChange::Kind;

class Recorder final : public MembershipObserver {
 public:
  void OnMembershipChanged(const MembershipChange& change) override { changes.push_back(change); }
  std::vector<MembershipChange> changes;
};

// The services as the server registers them, without CloudFormation, whose hooks a test observes.
class MembershipObserverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hooks_ = RegisterServices(rt_, dispatcher_);
    hooks_.org_membership->Add(&recorder_);
    org_ = std::string(Call(manager_, "organizations", "CreateOrganization", {})
                           .at("Organization")
                           .at("Id")
                           .as_string());
    root_ = std::string(Call(manager_, "organizations", "ListRoots", {})
                            .at("Roots")
                            .as_array()[0]
                            .at("Id")
                            .as_string());
  }

  std::string CreateAccount(std::string_view name) {
    const std::string request(
        Call(manager_, "organizations", "CreateAccount",
                 {{"Email", std::string(name) + "@example.com"}, {"AccountName", name}})
            .at("CreateAccountStatus")
            .at("Id")
            .as_string());
    scheduler_.RunDue();
    return std::string(Call(manager_, "organizations", "DescribeCreateAccountStatus",
                                {{"CreateAccountRequestId", request}})
                           .at("CreateAccountStatus")
                           .at("AccountId")
                           .as_string());
  }

  std::string CreateOu(std::string_view parent, std::string_view name) {
    return std::string(Call(manager_, "organizations", "CreateOrganizationalUnit",
                                {{"ParentId", parent}, {"Name", name}})
                           .at("OrganizationalUnit")
                           .at("Id")
                           .as_string());
  }

  json::value Call(const core::RequestContext& ctx, std::string_view service,
                   std::string_view operation, const json::object& input) {
    return static_cast<const core::ServiceClient&>(dispatcher_).Call(ctx, service, operation,
                                                                     input);
  }

  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  store::Scheduler scheduler_{db_, clock_};
  core::model::ModelRegistry models_;
  core::Dispatcher dispatcher_{{.self_check = true}, models_, clock_, ids_};
  Runtime rt_{db_, clock_, ids_, scheduler_, {}};
  ServiceHooks hooks_;
  core::RequestContext manager_ = test::Context("111122223333");
  Recorder recorder_;
  std::string org_;
  std::string root_;
};

TEST_F(MembershipObserverTest, ACreatedAccountJoinsTheRoot) {
  const std::string account = CreateAccount("a");
  ASSERT_EQ(recorder_.changes.size(), 1u);
  EXPECT_EQ(recorder_.changes[0], (MembershipChange{.kind = Kind::kJoined,
                                                    .organization_id = org_,
                                                    .management_account = "111122223333",
                                                    .account_id = account,
                                                    .from_path = {},
                                                    .to_path = {root_},
                                                    .at_millis = clock_.NowMillis()}));
}

TEST_F(MembershipObserverTest, AMovedAccountReportsBothParentPaths) {
  const std::string account = CreateAccount("a");
  const std::string parent = CreateOu(root_, "parent");
  const std::string child = CreateOu(parent, "child");
  Call(manager_, "organizations", "MoveAccount",
           {{"AccountId", account}, {"SourceParentId", root_}, {"DestinationParentId", child}});
  scheduler_.RunDue();
  ASSERT_EQ(recorder_.changes.size(), 2u);
  EXPECT_EQ(recorder_.changes[1].kind, Kind::kMoved);
  EXPECT_EQ(recorder_.changes[1].from_path, std::vector<std::string>{root_});
  EXPECT_EQ(recorder_.changes[1].to_path, (std::vector<std::string>{child, parent, root_}));
}

TEST_F(MembershipObserverTest, ObserversAreToldOnlyOnceTheSchedulerRuns) {
  const std::string account = CreateAccount("a");
  const std::string ou = CreateOu(root_, "ou");
  Call(manager_, "organizations", "MoveAccount",
           {{"AccountId", account}, {"SourceParentId", root_}, {"DestinationParentId", ou}});
  EXPECT_EQ(recorder_.changes.size(), 1u);
}

TEST_F(MembershipObserverTest, ARemovedAccountLeavesItsOu) {
  const std::string account = CreateAccount("a");
  const std::string ou = CreateOu(root_, "ou");
  Call(manager_, "organizations", "MoveAccount",
           {{"AccountId", account}, {"SourceParentId", root_}, {"DestinationParentId", ou}});
  Call(manager_, "organizations", "RemoveAccountFromOrganization", {{"AccountId", account}});
  scheduler_.RunDue();
  ASSERT_EQ(recorder_.changes.size(), 3u);
  EXPECT_EQ(recorder_.changes[2].kind, Kind::kLeft);
  EXPECT_EQ(recorder_.changes[2].from_path, (std::vector<std::string>{ou, root_}));
  EXPECT_TRUE(recorder_.changes[2].to_path.empty());
}

TEST_F(MembershipObserverTest, AnAccountThatLeavesItselfIsReported) {
  const std::string account = CreateAccount("a");
  Call(test::Context(account), "organizations", "LeaveOrganization", {});
  scheduler_.RunDue();
  ASSERT_EQ(recorder_.changes.size(), 2u);
  EXPECT_EQ(recorder_.changes[1].kind, Kind::kLeft);
  EXPECT_EQ(recorder_.changes[1].account_id, account);
}

TEST(MembershipChangeJson, RoundTripsEveryField) {
  const MembershipChange change{.kind = Kind::kMoved,
                                .organization_id = "o-abcdefghij",
                                .management_account = "111122223333",
                                .account_id = "444455556666",
                                .from_path = {"ou-ab12-aaaaaaaa", "r-ab12"},
                                .to_path = {"r-ab12"},
                                .at_millis = 1700000000123};
  EXPECT_EQ(MembershipChangeFromJson(MembershipChangeToJson(change)), change);
}

}  // namespace
}  // namespace nimbus::organizations
