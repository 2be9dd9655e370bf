// Suspended accounts in stack set operations: which Organizations statuses are skipped, what a
// skipped target leaves (pure), and the runner skipping an account closed with CloseAccount.
#include "cloudformation/stack_set_suspended.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/org_test_support.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kReason =
    "This account is suspended. To remove this instance from the stack set, run "
    "DeleteStackInstances with the RetainStacks parameter.";
constexpr std::string_view kTemplate = R"({
  "Parameters": {"Value": {"Type": "String", "Default": "v1"}},
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/suspended/p", "Type": "String",
                                     "Value": {"Ref": "Value"}}}}})";

TEST(IsSuspendedStatusTest, ASuspendedAccountIsSkipped) {
  EXPECT_TRUE(IsSuspendedStatus("SUSPENDED"));
}

TEST(IsSuspendedStatusTest, AnAccountPendingClosureIsSkipped) {
  EXPECT_TRUE(IsSuspendedStatus("PENDING_CLOSURE"));
}

TEST(IsSuspendedStatusTest, AnActiveAccountIsNotSkipped) {
  EXPECT_FALSE(IsSuspendedStatus("ACTIVE"));
}

class SkipSuspendedTargetTest : public ::testing::Test {
 protected:
  OperationResultRecord result_{.account = "222233334444",
                                .region = "us-east-1",
                                .status = "PENDING",
                                .position = 3,
                                .organizational_unit_id = "ou-ab12-cdef3456"};
  StackInstanceRecord instance_{.stack_set_id = "s:1",
                                .account = "222233334444",
                                .region = "us-east-1",
                                .stack_id = "stack-1",
                                .status = "CURRENT",
                                .detailed_status = "PENDING"};
};

TEST_F(SkipSuspendedTargetTest, TheResultSucceedsWithTheReason) {
  const OperationResultRecord out = SkipSuspendedTarget("CREATE", false, result_, &instance_);
  EXPECT_EQ(out.status, "SUCCEEDED");
  EXPECT_EQ(out.status_reason, kReason);
  EXPECT_EQ(out.position, 3);
  EXPECT_EQ(out.organizational_unit_id, "ou-ab12-cdef3456");
}

TEST_F(SkipSuspendedTargetTest, AnUpdatedInstanceIsOutdatedAndSkippedWithItsStackId) {
  SkipSuspendedTarget("UPDATE", false, result_, &instance_);
  EXPECT_EQ(instance_.status, "OUTDATED");
  EXPECT_EQ(instance_.detailed_status, "SKIPPED_SUSPENDED_ACCOUNT");
  EXPECT_EQ(instance_.status_reason, kReason);
  EXPECT_EQ(instance_.stack_id, "stack-1");
}

TEST_F(SkipSuspendedTargetTest, ADeleteWithoutRetainStacksKeepsTheInstanceSkipped) {
  const OperationResultRecord out = SkipSuspendedTarget("DELETE", false, result_, &instance_);
  EXPECT_EQ(out.status, "SUCCEEDED");
  EXPECT_EQ(instance_.detailed_status, "SKIPPED_SUSPENDED_ACCOUNT");
  EXPECT_EQ(instance_.stack_id, "stack-1");
}

TEST_F(SkipSuspendedTargetTest, ADeleteWithRetainStacksLetsTheInstanceLeave) {
  const OperationResultRecord out = SkipSuspendedTarget("DELETE", true, result_, &instance_);
  EXPECT_EQ(out.status, "SUCCEEDED");
  EXPECT_EQ(out.status_reason, "");
  EXPECT_EQ(instance_.detailed_status, "SUCCEEDED");
  EXPECT_EQ(instance_.status_reason, "");
}

TEST_F(SkipSuspendedTargetTest, ADriftDetectionLeavesTheInstanceAsItWas) {
  const OperationResultRecord out = SkipSuspendedTarget("DETECT_DRIFT", false, result_, &instance_);
  EXPECT_EQ(out.status_reason, kReason);
  EXPECT_EQ(instance_.status, "CURRENT");
  EXPECT_EQ(instance_.detailed_status, "PENDING");
  EXPECT_EQ(instance_.status_reason, "");
}

// A service-managed set on an OU holding `active_` and `closed_`; `closed_` is closed with
// CloseAccount (SUSPENDED once its scheduler step ran) when a test says so.
class SuspendedAccountTest : public OrganizationTest {
 protected:
  void SetUp() override {
    OrganizationTest::SetUp();
    ou_ = CreateOu(root_, "workloads");
    active_ = CreateAccount("active");
    closed_ = CreateAccount("closed");
    Move(active_, root_, ou_);
    Move(closed_, root_, ou_);
    Activate();
    Cfn("CreateStackSet", {{"StackSetName", "org"},
                           {"TemplateBody", kTemplate},
                           {"PermissionModel", "SERVICE_MANAGED"},
                           {"AutoDeployment", {{"Enabled", false}}}});
  }

  json::value Cfn(std::string_view operation, json::object in) {
    return rt_.Call(manager_, "cloudformation", operation, in);
  }
  void Close(std::string_view account) {
    rt_.Call(manager_, "organizations", "CloseAccount", {{"AccountId", account}});
    rt_.RunDueTasks();
  }
  std::string Run(std::string_view operation, json::object in) {
    in["StackSetName"] = "org";
    const std::string id(Cfn(operation, in).at("OperationId").as_string());
    for (int i = 0; i < 30; ++i) {
      rt_.RunDueTasks();
      rt_.clock.Advance(60);
    }
    return id;
  }
  std::string Deploy(json::object preferences = {}) {
    json::object in{{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}},
                    {"Regions", json::array{"us-east-1"}}};
    if (!preferences.empty()) in["OperationPreferences"] = std::move(preferences);
    return Run("CreateStackInstances", std::move(in));
  }
  std::string OperationStatus(std::string_view operation) {
    return std::string(
        Cfn("DescribeStackSetOperation", {{"StackSetName", "org"}, {"OperationId", operation}})
            .at("StackSetOperation")
            .at("Status")
            .as_string());
  }
  json::object Instance(std::string_view account) {
    return Cfn("DescribeStackInstance", {{"StackSetName", "org"},
                                         {"StackInstanceAccount", account},
                                         {"StackInstanceRegion", "us-east-1"}})
        .at("StackInstance")
        .as_object();
  }
  json::array Stacks(std::string_view account) {
    return rt_.Call(test::Context(account), "cloudformation", "DescribeStacks", {})
        .at("Stacks")
        .as_array();
  }

  std::string ou_;
  std::string active_;
  std::string closed_;
};

TEST_F(SuspendedAccountTest, AClosedAccountsInstanceIsSkippedWithAwsReason) {
  Close(closed_);
  const std::string operation = Deploy();
  const json::object instance = Instance(closed_);
  EXPECT_EQ(instance.at("Status").as_string(), "OUTDATED");
  EXPECT_EQ(instance.at("StackInstanceStatus"),
            (json::object{{"DetailedStatus", "SKIPPED_SUSPENDED_ACCOUNT"}}));
  EXPECT_EQ(instance.at("StatusReason").as_string(), kReason);
  EXPECT_EQ(instance.at("OrganizationalUnitId").as_string(), ou_);
  EXPECT_EQ(instance.at("LastOperationId").as_string(), operation);
  EXPECT_FALSE(instance.contains("StackId"));
}

TEST_F(SuspendedAccountTest, NoStackIsMadeInAClosedAccount) {
  Close(closed_);
  Deploy();
  EXPECT_EQ(Stacks(closed_).size(), 0u);
}

TEST_F(SuspendedAccountTest, TheOtherAccountIsDeployed) {
  Close(closed_);
  Deploy();
  const json::object instance = Instance(active_);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(instance.at("StackInstanceStatus").at("DetailedStatus").as_string(), "SUCCEEDED");
  EXPECT_EQ(Stacks(active_).size(), 1u);
}

TEST_F(SuspendedAccountTest, ASkippedAccountIsNoFailureAgainstAZeroTolerance) {
  Close(closed_);
  EXPECT_EQ(OperationStatus(Deploy({{"FailureToleranceCount", 0}})), "SUCCEEDED");
}

TEST_F(SuspendedAccountTest, AnAccountPendingClosureIsSkippedToo) {
  rt_.Call(manager_, "organizations", "CloseAccount", {{"AccountId", closed_}});
  // No scheduler step has run: the account is still PENDING_CLOSURE when the operation is asked.
  Deploy();
  EXPECT_EQ(Instance(closed_).at("StackInstanceStatus").at("DetailedStatus").as_string(),
            "SKIPPED_SUSPENDED_ACCOUNT");
}

TEST_F(SuspendedAccountTest, TheOperationResultSucceedsWithTheReason) {
  Close(closed_);
  const std::string operation = Deploy();
  const json::array results =
      Cfn("ListStackSetOperationResults", {{"StackSetName", "org"}, {"OperationId", operation}})
          .at("Summaries")
          .as_array();
  bool found = false;
  for (const json::value& result : results) {
    if (result.at("Account").as_string() != closed_) continue;
    found = true;
    EXPECT_EQ(result.at("Status").as_string(), "SUCCEEDED");
    EXPECT_EQ(result.at("StatusReason").as_string(), kReason);
  }
  EXPECT_TRUE(found);
}

TEST_F(SuspendedAccountTest, TheDetailedStatusFilterListsTheSkippedInstance) {
  Close(closed_);
  Deploy();
  const json::array summaries =
      Cfn("ListStackInstances",
          {{"StackSetName", "org"},
           {"Filters",
            json::array{{{"Name", "DETAILED_STATUS"}, {"Values", "SKIPPED_SUSPENDED_ACCOUNT"}}}}})
          .at("Summaries")
          .as_array();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].at("Account").as_string(), closed_);
}

TEST_F(SuspendedAccountTest, AnUpdateSkipsAnAccountClosedSinceAndKeepsItsStack) {
  Deploy();
  const std::string stack_id(Instance(closed_).at("StackId").as_string());
  Close(closed_);
  Run("UpdateStackSet",
      {{"TemplateBody", kTemplate},
       {"Parameters", json::array{{{"ParameterKey", "Value"}, {"ParameterValue", "v2"}}}}});
  const json::object instance = Instance(closed_);
  EXPECT_EQ(instance.at("StackInstanceStatus").at("DetailedStatus").as_string(),
            "SKIPPED_SUSPENDED_ACCOUNT");
  EXPECT_EQ(instance.at("StackId").as_string(), stack_id);
  EXPECT_EQ(Stacks(closed_).at(0).at("Parameters").at(0).at("ParameterValue").as_string(), "v1");
}

TEST_F(SuspendedAccountTest, ADeleteWithoutRetainStacksLeavesTheSkippedInstance) {
  Deploy();
  Close(closed_);
  const std::string operation = Run(
      "DeleteStackInstances", {{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}},
                               {"Regions", json::array{"us-east-1"}},
                               {"RetainStacks", false}});
  EXPECT_EQ(OperationStatus(operation), "SUCCEEDED");
  EXPECT_EQ(Instance(closed_).at("StackInstanceStatus").at("DetailedStatus").as_string(),
            "SKIPPED_SUSPENDED_ACCOUNT");
  EXPECT_EQ(Stacks(closed_).size(), 1u);
}

TEST_F(SuspendedAccountTest, ADeleteWithRetainStacksRemovesTheSkippedInstance) {
  Close(closed_);
  Deploy();
  Run("DeleteStackInstances", {{"DeploymentTargets", {{"Accounts", json::array{closed_}}}},
                               {"Regions", json::array{"us-east-1"}},
                               {"RetainStacks", true}});
  EXPECT_EQ(test::ErrorOf([&] { Instance(closed_); }).code(), "StackInstanceNotFoundException");
}

TEST_F(SuspendedAccountTest, ASelfManagedSetDoesNotSkipAClosedAccount) {
  Close(closed_);
  Cfn("CreateStackSet", {{"StackSetName", "own"}, {"TemplateBody", kTemplate}});
  Cfn("CreateStackInstances", {{"StackSetName", "own"},
                               {"Accounts", json::array{closed_}},
                               {"Regions", json::array{"us-east-1"}}});
  for (int i = 0; i < 30; ++i) {
    rt_.RunDueTasks();
    rt_.clock.Advance(60);
  }
  // No administration role in nimbus's IAM: the instance fails, as any self-managed one would.
  const json::object instance = Cfn("DescribeStackInstance", {{"StackSetName", "own"},
                                                              {"StackInstanceAccount", closed_},
                                                              {"StackInstanceRegion", "us-east-1"}})
                                    .at("StackInstance")
                                    .as_object();
  EXPECT_EQ(instance.at("StackInstanceStatus").at("DetailedStatus").as_string(), "FAILED");
}

TEST_F(SuspendedAccountTest, AnAccountOutsideTheOrganizationIsNotSuspended) {
  EXPECT_FALSE(AccountSuspended(rt_.dispatcher, kManagement, "999988887777", "us-east-1"));
}

TEST_F(SuspendedAccountTest, AClosedMemberIsSuspended) {
  Close(closed_);
  EXPECT_TRUE(AccountSuspended(rt_.dispatcher, kManagement, closed_, "us-east-1"));
}

}  // namespace
}  // namespace nimbus::cloudformation
