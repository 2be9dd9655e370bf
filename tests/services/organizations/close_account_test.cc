// CloseAccount through the dispatcher with self-check on: PENDING_CLOSURE, then SUSPENDED on the
// scheduler, and the documented errors.
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/organizations/org_test_support.h"
#include "testing/runtime.h"

namespace nimbus::organizations {
namespace {

namespace json = boost::json;
using test::ErrorOf;
using testing::kManager;

class CloseAccountTest : public testing::OrganizationsTest {
 protected:
  json::value Account(std::string_view id) {
    return Call("DescribeAccount", {{"AccountId", id}}).at("Account");
  }

  void SetUp() override { Call("CreateOrganization", {{"FeatureSet", "ALL"}}); }
};

TEST_F(CloseAccountTest, ClosedAccountIsPendingClosureUntilTheSchedulerRuns) {
  const std::string member = CreateMember("dev");
  Call("CloseAccount", {{"AccountId", member}});
  EXPECT_EQ(Account(member).at("Status"), "PENDING_CLOSURE");
  EXPECT_EQ(Account(member).at("State"), "PENDING_CLOSURE");
}

TEST_F(CloseAccountTest, ClosedAccountIsSuspendedOnceTheSchedulerRan) {
  const std::string member = CreateMember("dev");
  Call("CloseAccount", {{"AccountId", member}});
  rt_.RunDueTasks();
  EXPECT_EQ(Account(member).at("Status"), "SUSPENDED");
  EXPECT_EQ(Account(member).at("State"), "SUSPENDED");
}

TEST_F(CloseAccountTest, ClosingTheManagementAccountIsCannotCloseManagementAccount) {
  const core::AwsError e = ErrorOf([&] {
    Call("CloseAccount", {{"AccountId", std::string(kManager)}});
  });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"}}));
}

TEST_F(CloseAccountTest, ClosingAClosedAccountIsAccountAlreadyClosed) {
  const std::string member = CreateMember("dev");
  Call("CloseAccount", {{"AccountId", member}});
  rt_.RunDueTasks();
  const core::AwsError e = ErrorOf([&] { Call("CloseAccount", {{"AccountId", member}}); });
  EXPECT_EQ(e.code(), "AccountAlreadyClosedException");
  EXPECT_STREQ(e.what(), "You attempted to close an account that is already closed.");
}

TEST_F(CloseAccountTest, ClosingAnUnknownAccountIsAccountNotFound) {
  EXPECT_EQ(ErrorOf([&] {
              Call("CloseAccount", {{"AccountId", "999999999999"}});
            }).code(),
            "AccountNotFoundException");
}

TEST_F(CloseAccountTest, EleventhClosureIn30DaysOfASmallOrganizationIsCloseAccountQuotaExceeded) {
  std::vector<std::string> members;
  for (int i = 0; i < 11; ++i) members.push_back(CreateMember("m" + std::to_string(i)));
  for (int i = 0; i < 10; ++i) Call("CloseAccount", {{"AccountId", members[i]}});
  const core::AwsError e = ErrorOf([&] { Call("CloseAccount", {{"AccountId", members[10]}}); });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "CLOSE_ACCOUNT_QUOTA_EXCEEDED"}}));
}

TEST_F(CloseAccountTest, ClosureQuotaFreesUpAfter30Days) {
  std::vector<std::string> members;
  for (int i = 0; i < 11; ++i) members.push_back(CreateMember("m" + std::to_string(i)));
  for (int i = 0; i < 10; ++i) Call("CloseAccount", {{"AccountId", members[i]}});
  rt_.clock.Advance(int64_t{30} * 24 * 60 * 60 * 1000 + 1);
  Call("CloseAccount", {{"AccountId", members[10]}});
  EXPECT_EQ(Account(members[10]).at("Status"), "PENDING_CLOSURE");
}

}  // namespace
}  // namespace nimbus::organizations
