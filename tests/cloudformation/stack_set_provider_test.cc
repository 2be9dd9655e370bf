// Self-managed stack sets: sets, instances as real stacks in their target accounts, and the
// operations that make them, run on the scheduler.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_set_fixture.h"
#include "core/partition.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class StackSetProviderTest : public testing::StackSetTest {};

TEST_F(StackSetProviderTest, CreateStackSetAnswersTheNameAndAUuid) {
  const std::string id = CreateSet("first");
  EXPECT_EQ(id.substr(0, 6), "first:");
  EXPECT_EQ(id.size(), 6u + 36u);
}

TEST_F(StackSetProviderTest, DescribeStackSetHasTheDefaultRoles) {
  CreateSet("roles");
  const json::object set =
      Call("DescribeStackSet", {{"StackSetName", "roles"}}).at("StackSet").as_object();
  const core::Scope scope{.account = std::string(kAdmin), .region = "us-east-1"};
  EXPECT_EQ(set.at("AdministrationRoleARN").as_string(),
            core::GlobalArn(scope, "iam", "role/AWSCloudFormationStackSetAdministrationRole"));
  EXPECT_EQ(set.at("ExecutionRoleName").as_string(), "AWSCloudFormationStackSetExecutionRole");
  EXPECT_EQ(set.at("Status").as_string(), "ACTIVE");
  EXPECT_EQ(set.at("PermissionModel").as_string(), "SELF_MANAGED");
}

TEST_F(StackSetProviderTest, CreateStackSetWithATakenNameIsNameAlreadyExists) {
  CreateSet("taken");
  EXPECT_EQ(ErrorOf([&] { CreateSet("taken"); }).code(), "NameAlreadyExistsException");
}

TEST_F(StackSetProviderTest, AnUnknownStackSetIsNotFoundInAwsWords) {
  const core::AwsError error = ErrorOf([&] {
    Call("DescribeStackSet", {{"StackSetName", "missing"}});
  });
  EXPECT_EQ(error.code(), "StackSetNotFoundException");
  EXPECT_STREQ(error.what(), "StackSet missing not found");
}

TEST_F(StackSetProviderTest, ServiceManagedOutsideAnOrganizationIsRefused) {
  EXPECT_EQ(ErrorOf([&] {
              Call("CreateStackSet", {{"StackSetName", "org"},
                                      {"TemplateBody", kParameter},
                                      {"PermissionModel", "SERVICE_MANAGED"}});
            }).code(),
            "ValidationError");
}

TEST_F(StackSetProviderTest, AnInstanceIsPendingUntilTheOperationRuns) {
  CreateSet("pending");
  const std::string operation = AddInstances("pending", {kTargetA});
  const json::object instance = Instance("pending", kTargetA);
  EXPECT_EQ(instance.at("Status").as_string(), "OUTDATED");
  EXPECT_EQ(Detailed(instance), "PENDING");
  EXPECT_EQ(instance.at("LastOperationId").as_string(), operation);
  EXPECT_FALSE(instance.contains("StackId"));
}

TEST_F(StackSetProviderTest, AnInstanceBecomesAStackInItsTargetAccount) {
  CreateSet("deploy");
  const std::string operation = AddInstances("deploy", {kTargetA});
  Settle();
  const json::object instance = Instance("deploy", kTargetA);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(Detailed(instance), "SUCCEEDED");
  const std::string stack_id(instance.at("StackId").as_string());
  const json::object stack = rt_->Call(test::Context(kTargetA), "cloudformation", "DescribeStacks",
                                       {{"StackName", stack_id}})
                                 .at("Stacks")
                                 .at(0)
                                 .as_object();
  EXPECT_EQ(stack.at("StackStatus").as_string(), "CREATE_COMPLETE");
  EXPECT_EQ(std::string(stack.at("StackName").as_string()).substr(0, 16), "StackSet-deploy-");
  EXPECT_EQ(rt_->Call(test::Context(kTargetA), "ssm", "GetParameter", {{"Name", "/stackset/p"}})
                .at("Parameter")
                .at("Value")
                .as_string(),
            "v1");
  EXPECT_EQ(Operation("deploy", operation).at("Status").as_string(), "SUCCEEDED");
}

TEST_F(StackSetProviderTest, ParameterOverridesReachTheInstanceStack) {
  CreateSet("override");
  AddInstances(
      "override", {kTargetA},
      {{"ParameterOverrides", json::array{{{"ParameterKey", "Value"}, {"ParameterValue", "v2"}}}}});
  Settle();
  EXPECT_EQ(rt_->Call(test::Context(kTargetA), "ssm", "GetParameter", {{"Name", "/stackset/p"}})
                .at("Parameter")
                .at("Value")
                .as_string(),
            "v2");
}

TEST_F(StackSetProviderTest, AMissingExecutionRoleFailsTheInstanceWithItsReason) {
  CreateSet("norole");
  AddInstances("norole", {"123123123123"});
  Settle();
  const json::object instance = Instance("norole", "123123123123");
  EXPECT_EQ(instance.at("Status").as_string(), "OUTDATED");
  EXPECT_EQ(Detailed(instance), "FAILED");
  EXPECT_EQ(instance.at("StatusReason").as_string(),
            "Account 123123123123 should have 'AWSCloudFormationStackSetExecutionRole' role with "
            "trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.");
}

TEST_F(StackSetProviderTest, FailuresBeyondTheToleranceCancelTheRest) {
  CreateSet("tolerance");
  const std::string operation = AddInstances("tolerance", {"123123123123", kTargetA});
  Settle();
  EXPECT_EQ(Operation("tolerance", operation).at("Status").as_string(), "FAILED");
  const json::object cancelled = Instance("tolerance", kTargetA);
  EXPECT_EQ(Detailed(cancelled), "CANCELLED");
  EXPECT_EQ(cancelled.at("StatusReason").as_string(),
            "Cancelled since failure tolerance has exceeded");
}

TEST_F(StackSetProviderTest, FailuresWithinTheToleranceLetTheOperationSucceed) {
  CreateSet("within");
  const std::string operation =
      AddInstances("within", {"123123123123", kTargetA},
                   {{"OperationPreferences", {{"FailureToleranceCount", 1}}}});
  Settle();
  const json::object described = Operation("within", operation);
  EXPECT_EQ(described.at("Status").as_string(), "SUCCEEDED");
  EXPECT_EQ(described.at("StatusDetails").at("FailedStackInstancesCount").as_int64(), 1);
  EXPECT_EQ(Detailed(Instance("within", kTargetA)), "SUCCEEDED");
}

TEST_F(StackSetProviderTest, ASecondOperationWhileOneRunsIsInProgress) {
  const std::string id = CreateSet("busy");
  AddInstances("busy", {kTargetA});
  const core::AwsError error = ErrorOf([&] { AddInstances("busy", {kTargetB}); });
  EXPECT_EQ(error.code(), "OperationInProgressException");
  const core::Scope scope{.account = std::string(kAdmin), .region = "us-east-1"};
  EXPECT_EQ(std::string(error.what()), "Another Operation on StackSet " +
                                           core::Arn(scope, "cloudformation", "stackset/" + id) +
                                           " is in progress");
}

TEST_F(StackSetProviderTest, AReusedOperationIdIsOperationIdAlreadyExists) {
  CreateSet("reuse");
  AddInstances("reuse", {kTargetA}, {{"OperationId", "op-1"}});
  Settle();
  EXPECT_EQ(ErrorOf([&] {
              AddInstances("reuse", {kTargetB}, {{"OperationId", "op-1"}});
            }).code(),
            "OperationIdAlreadyExistsException");
}

TEST_F(StackSetProviderTest, UpdateStackSetLeavesInstancesOutdatedUntilItRuns) {
  CreateSet("update");
  AddInstances("update", {kTargetA});
  Settle();
  const std::string operation = std::string(
      Call("UpdateStackSet",
           {{"StackSetName", "update"},
            {"TemplateBody", kParameter},
            {"Parameters", json::array{{{"ParameterKey", "Value"}, {"ParameterValue", "v3"}}}}})
          .at("OperationId")
          .as_string());
  EXPECT_EQ(Instance("update", kTargetA).at("Status").as_string(), "OUTDATED");
  Settle();
  const json::object instance = Instance("update", kTargetA);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(instance.at("LastOperationId").as_string(), operation);
  EXPECT_EQ(rt_->Call(test::Context(kTargetA), "ssm", "GetParameter", {{"Name", "/stackset/p"}})
                .at("Parameter")
                .at("Value")
                .as_string(),
            "v3");
}

TEST_F(StackSetProviderTest, DeleteStackSetWithInstancesIsNotEmpty) {
  CreateSet("full");
  AddInstances("full", {kTargetA});
  Settle();
  const core::AwsError error = ErrorOf([&] { Call("DeleteStackSet", {{"StackSetName", "full"}}); });
  EXPECT_EQ(error.code(), "StackSetNotEmptyException");
  EXPECT_STREQ(error.what(), "StackSet is not empty");
}

TEST_F(StackSetProviderTest, DeleteStackInstancesDeletesTheirStacks) {
  CreateSet("gone");
  AddInstances("gone", {kTargetA});
  Settle();
  const std::string stack_id(Instance("gone", kTargetA).at("StackId").as_string());
  Call("DeleteStackInstances", {{"StackSetName", "gone"},
                                {"Accounts", json::array{kTargetA}},
                                {"Regions", json::array{"us-east-1"}},
                                {"RetainStacks", false}});
  Settle();
  EXPECT_EQ(ErrorOf([&] { Instance("gone", kTargetA); }).code(), "StackInstanceNotFoundException");
  EXPECT_EQ(rt_->Call(test::Context(kTargetA), "cloudformation", "DescribeStacks",
                      {{"StackName", stack_id}})
                .at("Stacks")
                .at(0)
                .at("StackStatus")
                .as_string(),
            "DELETE_COMPLETE");
  Call("DeleteStackSet", {{"StackSetName", "gone"}});
  EXPECT_EQ(Call("ListStackSets", {{"Status", "DELETED"}}).at("Summaries").as_array().size(), 1u);
}

TEST_F(StackSetProviderTest, AStoppedOperationCancelsWhatItHadNotStarted) {
  CreateSet("stop");
  const std::string operation = AddInstances("stop", {kTargetA, kTargetB});
  Call("StopStackSetOperation", {{"StackSetName", "stop"}, {"OperationId", operation}});
  EXPECT_EQ(Operation("stop", operation).at("Status").as_string(), "STOPPING");
  Settle();
  EXPECT_EQ(Operation("stop", operation).at("Status").as_string(), "STOPPED");
  EXPECT_EQ(Detailed(Instance("stop", kTargetB)), "CANCELLED");
}

TEST_F(StackSetProviderTest, OperationResultsNameEachAccountAndRegion) {
  CreateSet("results");
  const std::string operation =
      AddInstances("results", {"123123123123", kTargetA},
                   {{"OperationPreferences", {{"FailureToleranceCount", 1}}}});
  Settle();
  const json::array summaries = Call("ListStackSetOperationResults",
                                     {{"StackSetName", "results"}, {"OperationId", operation}})
                                    .at("Summaries")
                                    .as_array();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].at("Account").as_string(), "123123123123");
  EXPECT_EQ(summaries[0].at("Status").as_string(), "FAILED");
  EXPECT_EQ(summaries[1].at("Account").as_string(), kTargetA);
  EXPECT_EQ(summaries[1].at("Status").as_string(), "SUCCEEDED");
}

TEST_F(StackSetProviderTest, ListStackInstancesFilterLooksPastInstancesThatDoNotMatch) {
  CreateSet("filtered");
  AddInstances("filtered", {kTargetA, kTargetB, "123123123123"},
               {{"OperationPreferences", {{"FailureToleranceCount", 1}}}});
  Settle();
  const json::object page =
      Call("ListStackInstances",
           {{"StackSetName", "filtered"},
            {"MaxResults", 1},
            {"Filters", json::array{{{"Name", "DETAILED_STATUS"}, {"Values", "FAILED"}}}}})
          .as_object();
  ASSERT_EQ(page.at("Summaries").as_array().size(), 1u);
  EXPECT_EQ(page.at("Summaries").at(0).at("Account").as_string(), "123123123123");
  EXPECT_FALSE(page.contains("NextToken"));
}

TEST_F(StackSetProviderTest, ListStackInstancesNextTokenStartsAfterThePreviousPage) {
  CreateSet("paged");
  AddInstances("paged", {kTargetA, kTargetB});
  Settle();
  const json::object first =
      Call("ListStackInstances", {{"StackSetName", "paged"}, {"MaxResults", 1}}).as_object();
  ASSERT_EQ(first.at("Summaries").as_array().size(), 1u);
  EXPECT_EQ(first.at("Summaries").at(0).at("Account").as_string(), kTargetA);
  const json::object second =
      Call("ListStackInstances",
           {{"StackSetName", "paged"}, {"MaxResults", 1}, {"NextToken", first.at("NextToken")}})
          .as_object();
  ASSERT_EQ(second.at("Summaries").as_array().size(), 1u);
  EXPECT_EQ(second.at("Summaries").at(0).at("Account").as_string(), kTargetB);
  EXPECT_FALSE(second.contains("NextToken"));
}

}  // namespace
}  // namespace nimbus::cloudformation
