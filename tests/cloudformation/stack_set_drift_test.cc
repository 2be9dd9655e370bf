// Drift detection of stack sets: the counting and status rules of StackSetDriftDetectionDetails,
// and DetectStackSetDrift over instances that are real stacks in their target accounts.
#include "cloudformation/stack_set_drift.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_set_fixture.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

OperationResultRecord Result(std::string_view account, std::string_view status) {
  return {.account = std::string(account), .region = "us-east-1", .status = std::string(status)};
}

InstanceDriftRecord Found(std::string_view account, std::string_view drift, int64_t millis) {
  return {.account = std::string(account),
          .region = "us-east-1",
          .drift_status = std::string(drift),
          .checked_millis = millis};
}

TEST(SummarizeDriftTest, OneDriftedInstanceMakesTheSetDrifted) {
  const SetDriftDetails details =
      SummarizeDrift("SUCCEEDED", {Result("1", "SUCCEEDED"), Result("2", "SUCCEEDED")},
                     {Found("1", "DRIFTED", 5000), Found("2", "IN_SYNC", 7000)});
  EXPECT_EQ(details.drift_status, "DRIFTED");
  EXPECT_EQ(details.detection_status, "COMPLETED");
  EXPECT_EQ(details.total, 2);
  EXPECT_EQ(details.drifted, 1);
  EXPECT_EQ(details.in_sync, 1);
  EXPECT_EQ(details.in_progress, 0);
  EXPECT_EQ(details.failed, 0);
  EXPECT_EQ(details.last_check_millis, 7000);
}

TEST(SummarizeDriftTest, EveryInstanceInSyncMakesTheSetInSync) {
  const SetDriftDetails details =
      SummarizeDrift("SUCCEEDED", {Result("1", "SUCCEEDED")}, {Found("1", "IN_SYNC", 5000)});
  EXPECT_EQ(details.drift_status, "IN_SYNC");
  EXPECT_EQ(details.in_sync, 1);
}

TEST(SummarizeDriftTest, AFailureWithinTheToleranceIsPartialSuccess) {
  const SetDriftDetails details =
      SummarizeDrift("SUCCEEDED", {Result("1", "FAILED"), Result("2", "SUCCEEDED")},
                     {Found("1", "UNKNOWN", 5000), Found("2", "IN_SYNC", 5000)});
  EXPECT_EQ(details.detection_status, "PARTIAL_SUCCESS");
  EXPECT_EQ(details.failed, 1);
  EXPECT_EQ(details.in_sync, 1);
  EXPECT_EQ(details.drift_status, "IN_SYNC");
}

TEST(SummarizeDriftTest, AnOperationBeyondItsToleranceIsFailedAndCancelledOnesCountNowhere) {
  const SetDriftDetails details = SummarizeDrift(
      "FAILED", {Result("1", "FAILED"), Result("2", "CANCELLED")}, {Found("1", "UNKNOWN", 5000)});
  EXPECT_EQ(details.detection_status, "FAILED");
  EXPECT_EQ(details.drift_status, "NOT_CHECKED");
  EXPECT_EQ(details.total, 2);
  EXPECT_EQ(details.failed, 1);
  EXPECT_EQ(details.in_progress, 0);
  EXPECT_EQ(details.in_sync + details.drifted, 0);
}

TEST(SummarizeDriftTest, ARunningOperationCountsPendingAndRunningTargetsInProgress) {
  const SetDriftDetails details = SummarizeDrift(
      "RUNNING", {Result("1", "SUCCEEDED"), Result("2", "RUNNING"), Result("3", "PENDING")},
      {Found("1", "DRIFTED", 5000)});
  EXPECT_EQ(details.detection_status, "IN_PROGRESS");
  EXPECT_EQ(details.in_progress, 2);
  EXPECT_EQ(details.drifted, 1);
  EXPECT_EQ(details.drift_status, "DRIFTED");
}

TEST(SummarizeDriftTest, AStoppedOperationIsStopped) {
  EXPECT_EQ(SummarizeDrift("STOPPED", {Result("1", "CANCELLED")}, {}).detection_status, "STOPPED");
}

TEST(SummarizeDriftTest, ShapeLeavesOutTheTimestampOfASetNeverChecked) {
  const json::object shape = SetDriftDetails{}.Shape();
  EXPECT_EQ(shape, (json::object{{"DriftStatus", "NOT_CHECKED"},
                                 {"TotalStackInstancesCount", 0},
                                 {"DriftedStackInstancesCount", 0},
                                 {"InSyncStackInstancesCount", 0},
                                 {"InProgressStackInstancesCount", 0},
                                 {"FailedStackInstancesCount", 0}}));
}

TEST(ResourceDriftSummaryTest, KeepsTheDifferencesButNotTheProperties) {
  const ResourceDrift drift{.logical_id = "P",
                            .physical_id = "/p",
                            .type = "AWS::SSM::Parameter",
                            .status = "MODIFIED",
                            .expected = {{"Value", "v1"}},
                            .actual = {{"Value", "v2"}},
                            .differences = {{.path = "/Value",
                                             .expected_value = "v1",
                                             .actual_value = "v2",
                                             .type = "NOT_EQUAL"}},
                            .timestamp_millis = 3000};
  EXPECT_EQ(ResourceDriftSummary(drift, "stack-id"),
            (json::object{{"StackId", "stack-id"},
                          {"LogicalResourceId", "P"},
                          {"PhysicalResourceId", "/p"},
                          {"ResourceType", "AWS::SSM::Parameter"},
                          {"PropertyDifferences", json::array{{{"PropertyPath", "/Value"},
                                                               {"ExpectedValue", "v1"},
                                                               {"ActualValue", "v2"},
                                                               {"DifferenceType", "NOT_EQUAL"}}}},
                          {"StackResourceDriftStatus", "MODIFIED"},
                          {"Timestamp", 3.0}}));
}

constexpr std::string_view kDriftParameter = R"({
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/drift/p", "Type": "String", "Value": "v1"}}}})";

class StackSetDriftTest : public testing::StackSetTest {
 protected:
  // The set "watched" of kDriftParameter, deployed in kTargetA and kTargetB.
  void SetUp() override {
    StackSetTest::SetUp();
    CreateSet("watched", kDriftParameter);
    AddInstances("watched", {kTargetA, kTargetB});
    Settle();
  }
  std::string Detect() {
    const std::string id(
        Call("DetectStackSetDrift",
             {{"StackSetName", "watched"}, {"OperationPreferences", {{"MaxConcurrentCount", 2}}}})
            .at("OperationId")
            .as_string());
    Settle();
    return id;
  }
  void ChangeParameter(std::string_view account) {
    rt_->Call(test::Context(account), "ssm", "PutParameter",
              {{"Name", "/drift/p"}, {"Value", "v2"}, {"Type", "String"}, {"Overwrite", true}});
  }
  json::object Instance(std::string_view account) {
    return StackSetTest::Instance("watched", account);
  }
  json::object SetDetails() {
    return Call("DescribeStackSet", {{"StackSetName", "watched"}})
        .at("StackSet")
        .at("StackSetDriftDetectionDetails")
        .as_object();
  }
};

TEST_F(StackSetDriftTest, AChangedParameterDriftsItsInstanceAndTheSet) {
  ChangeParameter(kTargetA);
  const std::string operation = Detect();
  EXPECT_EQ(Instance(kTargetA).at("DriftStatus").as_string(), "DRIFTED");
  EXPECT_EQ(Instance(kTargetB).at("DriftStatus").as_string(), "IN_SYNC");
  const json::object details = SetDetails();
  EXPECT_EQ(details.at("DriftStatus").as_string(), "DRIFTED");
  EXPECT_EQ(details.at("DriftDetectionStatus").as_string(), "COMPLETED");
  EXPECT_EQ(details.at("DriftedStackInstancesCount").as_int64(), 1);
  EXPECT_EQ(details.at("InSyncStackInstancesCount").as_int64(), 1);
  EXPECT_EQ(
      Call("DescribeStackSetOperation", {{"StackSetName", "watched"}, {"OperationId", operation}})
          .at("StackSetOperation")
          .at("Action")
          .as_string(),
      "DETECT_DRIFT");
}

TEST_F(StackSetDriftTest, DetectionLeavesTheInstanceStatusAndLastOperation) {
  const std::string before(Instance(kTargetA).at("LastOperationId").as_string());
  Detect();
  const json::object instance = Instance(kTargetA);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(instance.at("StackInstanceStatus").at("DetailedStatus").as_string(), "SUCCEEDED");
  EXPECT_EQ(instance.at("LastOperationId").as_string(), before);
}

TEST_F(StackSetDriftTest, AnInstanceWhoseStackIsGoneIsUnknownAndFailsTheDetection) {
  const std::string stack_id(Instance(kTargetA).at("StackId").as_string());
  rt_->Call(test::Context(kTargetA), "cloudformation", "DeleteStack", {{"StackName", stack_id}});
  Settle();
  Call("DetectStackSetDrift",
       {{"StackSetName", "watched"}, {"OperationPreferences", {{"FailureToleranceCount", 1}}}});
  Settle();
  EXPECT_EQ(Instance(kTargetA).at("DriftStatus").as_string(), "UNKNOWN");
  const json::object details = SetDetails();
  EXPECT_EQ(details.at("DriftDetectionStatus").as_string(), "PARTIAL_SUCCESS");
  EXPECT_EQ(details.at("FailedStackInstancesCount").as_int64(), 1);
  EXPECT_EQ(details.at("DriftStatus").as_string(), "IN_SYNC");
}

TEST_F(StackSetDriftTest, ResourceDriftsOfAnUnknownOperationIsOperationNotFound) {
  EXPECT_EQ(ErrorOf([&] {
              Call("ListStackInstanceResourceDrifts", {{"StackSetName", "watched"},
                                                       {"StackInstanceAccount", kTargetA},
                                                       {"StackInstanceRegion", "us-east-1"},
                                                       {"OperationId", "missing"}});
            }).code(),
            "OperationNotFoundException");
}

TEST_F(StackSetDriftTest, ResourceDriftsListOnePagePerMaxResults) {
  ChangeParameter(kTargetA);
  const std::string operation = Detect();
  const json::object page =
      Call("ListStackInstanceResourceDrifts", {{"StackSetName", "watched"},
                                               {"StackInstanceAccount", kTargetA},
                                               {"StackInstanceRegion", "us-east-1"},
                                               {"OperationId", operation},
                                               {"MaxResults", 1}})
          .as_object();
  ASSERT_EQ(page.at("Summaries").as_array().size(), 1u);
  EXPECT_EQ(page.at("Summaries").at(0).at("StackResourceDriftStatus").as_string(), "MODIFIED");
  EXPECT_FALSE(page.contains("NextToken"));
}

}  // namespace
}  // namespace nimbus::cloudformation
