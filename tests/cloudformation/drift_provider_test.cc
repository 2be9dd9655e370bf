// Drift detection of a stack through the API: detections, resource drifts, DriftInformation.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class DriftProviderTest : public testing::StackTest {
 protected:
  // DetectStackDrift, then its task; returns the detection's status.
  json::object Detect(std::string_view stack) {
    const json::value id =
        Call("DetectStackDrift", {{"StackName", stack}}).at("StackDriftDetectionId");
    rt_->RunDueTasks();
    return Call("DescribeStackDriftDetectionStatus", {{"StackDriftDetectionId", id}}).as_object();
  }
  json::object ResourceDrift(std::string_view stack, std::string_view logical_id) {
    return Call("DetectStackResourceDrift",
                {{"StackName", stack}, {"LogicalResourceId", logical_id}})
        .at("StackResourceDrift")
        .as_object();
  }
};

constexpr std::string_view kParameter = R"({"Resources": {
  "P": {"Type": "AWS::SSM::Parameter",
        "Properties": {"Name": "/drift/p", "Type": "String", "Value": "v1",
                       "Tags": {"team": "a"}}},
  "S": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "t"}}}})";

TEST_F(DriftProviderTest, DetectionOfAnUntouchedStackIsCompleteAndInSync) {
  const std::string id = Create("app", kParameter);
  const json::object status = Detect("app");
  EXPECT_EQ(status.at("StackId").as_string(), id);
  EXPECT_EQ(status.at("DetectionStatus"), "DETECTION_COMPLETE");
  EXPECT_EQ(status.at("StackDriftStatus"), "IN_SYNC");
  EXPECT_EQ(status.at("DriftedStackResourceCount"), 0);
  EXPECT_EQ(status.at("Timestamp"), rt_->clock.NowSeconds());
}

TEST_F(DriftProviderTest, DetectionIsInProgressUntilItsTaskRuns) {
  Create("app", kParameter);
  const json::value id =
      Call("DetectStackDrift", {{"StackName", "app"}}).at("StackDriftDetectionId");
  const json::object status =
      Call("DescribeStackDriftDetectionStatus", {{"StackDriftDetectionId", id}}).as_object();
  EXPECT_EQ(status.at("DetectionStatus"), "DETECTION_IN_PROGRESS");
  EXPECT_FALSE(status.contains("StackDriftStatus"));
  EXPECT_FALSE(status.contains("DriftedStackResourceCount"));
}

TEST_F(DriftProviderTest, AParameterChangedOutsideTheStackIsModifiedWithItsValueDifference) {
  Create("app", kParameter);
  Ssm("PutParameter", {{"Name", "/drift/p"}, {"Value", "v2"}, {"Overwrite", true}});
  const json::object status = Detect("app");
  EXPECT_EQ(status.at("StackDriftStatus"), "DRIFTED");
  EXPECT_EQ(status.at("DriftedStackResourceCount"), 1);
  const json::array drifts =
      Call("DescribeStackResourceDrifts",
           {{"StackName", "app"}, {"StackResourceDriftStatusFilters", json::array{"MODIFIED"}}})
          .at("StackResourceDrifts")
          .as_array();
  ASSERT_EQ(drifts.size(), 1u);
  EXPECT_EQ(drifts[0].at("LogicalResourceId"), "P");
  EXPECT_EQ(drifts[0].at("PhysicalResourceId"), "/drift/p");
  EXPECT_EQ(drifts[0].at("PropertyDifferences"),
            json::parse(R"([{"PropertyPath": "/Value", "ExpectedValue": "v1",
                             "ActualValue": "v2", "DifferenceType": "NOT_EQUAL"}])"));
  EXPECT_EQ(json::parse(drifts[0].at("ActualProperties").as_string()),
            json::parse(R"({"Name": "/drift/p", "Type": "String", "Value": "v2",
                            "Tags": {"team": "a"}})"));
}

TEST_F(DriftProviderTest, ADeletedParameterIsDeleted) {
  Create("app", kParameter);
  Ssm("DeleteParameter", {{"Name", "/drift/p"}});
  const json::object drift = ResourceDrift("app", "P");
  EXPECT_EQ(drift.at("StackResourceDriftStatus"), "DELETED");
  EXPECT_FALSE(drift.contains("ActualProperties"));
}

TEST_F(DriftProviderTest, AChangedTagIsADifferenceOfTheTagsProperty) {
  Create("app", kParameter);
  Ssm("AddTagsToResource", {{"ResourceType", "Parameter"},
                            {"ResourceId", "/drift/p"},
                            {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "b"}}}}});
  const json::object drift = ResourceDrift("app", "P");
  EXPECT_EQ(drift.at("PropertyDifferences"),
            json::parse(R"([{"PropertyPath": "/Tags/team", "ExpectedValue": "a",
                             "ActualValue": "b", "DifferenceType": "NOT_EQUAL"}])"));
}

TEST_F(DriftProviderTest, ASimulatedResourceIsInSync) {
  Create("app", kParameter);
  EXPECT_EQ(ResourceDrift("app", "S").at("StackResourceDriftStatus"), "IN_SYNC");
}

TEST_F(DriftProviderTest, AResourceOfATypeThatCannotBeReadBackIsNotChecked) {
  Create("app", R"({"Resources": {"F": {"Type": "Test::Fake"}}})");
  const json::object drift = ResourceDrift("app", "F");
  EXPECT_EQ(drift.at("StackResourceDriftStatus"), "NOT_CHECKED");
  EXPECT_FALSE(drift.contains("ExpectedProperties"));
}

TEST_F(DriftProviderTest, DescribeStacksShowsTheLastDetection) {
  Create("app", kParameter);
  EXPECT_EQ(Stack("app").at("DriftInformation"),
            json::parse(R"({"StackDriftStatus": "NOT_CHECKED"})"));
  Detect("app");
  json::object expected{{"StackDriftStatus", "IN_SYNC"},
                        {"LastCheckTimestamp", rt_->clock.NowSeconds()}};
  EXPECT_EQ(Stack("app").at("DriftInformation"), expected);
}

TEST_F(DriftProviderTest, ResourcesShowTheirLastCheck) {
  Create("app", kParameter);
  Ssm("PutParameter", {{"Name", "/drift/p"}, {"Value", "v2"}, {"Overwrite", true}});
  Detect("app");
  const json::value summaries =
      Call("ListStackResources", {{"StackName", "app"}}).at("StackResourceSummaries");
  json::object expected{{"StackResourceDriftStatus", "MODIFIED"},
                        {"LastCheckTimestamp", rt_->clock.NowSeconds()}};
  EXPECT_EQ(summaries.at(0).at("DriftInformation"), expected);
  EXPECT_EQ(Call("DescribeStackResource", {{"StackName", "app"}, {"LogicalResourceId", "P"}})
                .at("StackResourceDetail")
                .at("DriftInformation"),
            expected);
}

TEST_F(DriftProviderTest, DescribeStackResourceDriftsPagesByMaxResults) {
  Create("app", kParameter);
  Detect("app");
  const json::value first =
      Call("DescribeStackResourceDrifts", {{"StackName", "app"}, {"MaxResults", 1}});
  ASSERT_EQ(first.at("StackResourceDrifts").as_array().size(), 1u);
  const json::value second = Call("DescribeStackResourceDrifts",
                                  {{"StackName", "app"}, {"NextToken", first.at("NextToken")}});
  ASSERT_EQ(second.at("StackResourceDrifts").as_array().size(), 1u);
  EXPECT_EQ(second.at("StackResourceDrifts").at(0).at("LogicalResourceId"), "S");
  EXPECT_FALSE(second.as_object().contains("NextToken"));
}

constexpr std::string_view kRoleAndKey = R"({"Resources": {
  "R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "drift-role",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]},
    "Policies": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}},
  "K": {"Type": "AWS::KMS::Key", "Properties": {"Description": "first",
                                                "EnableKeyRotation": true}}}})";

TEST_F(DriftProviderTest, AnUntouchedRoleAndKeyAreInSync) {
  Create("app", kRoleAndKey, {{"Capabilities", json::array{"CAPABILITY_NAMED_IAM"}}});
  const json::object status = Detect("app");
  EXPECT_EQ(status.at("StackDriftStatus"), "IN_SYNC");
  EXPECT_EQ(ResourceDrift("app", "R").at("StackResourceDriftStatus"), "IN_SYNC");
  EXPECT_EQ(ResourceDrift("app", "K").at("StackResourceDriftStatus"), "IN_SYNC");
}

TEST_F(DriftProviderTest, ARolePolicyChangedInIamIsADifferenceInsideTheDocument) {
  Create("app", kRoleAndKey, {{"Capabilities", json::array{"CAPABILITY_NAMED_IAM"}}});
  rt_->Call(ctx_, "iam", "PutRolePolicy",
            {{"RoleName", "drift-role"},
             {"PolicyName", "read"},
             {"PolicyDocument", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                    "Action": "s3:*", "Resource": "*"}]})"}});
  EXPECT_EQ(ResourceDrift("app", "R").at("PropertyDifferences"),
            json::parse(R"([{"PropertyPath": "/Policies/0/PolicyDocument/Statement/0/Action",
                             "ExpectedValue": "s3:GetObject", "ActualValue": "s3:*",
                             "DifferenceType": "NOT_EQUAL"}])"));
}

TEST_F(DriftProviderTest, AKeyWhoseRotationWasDisabledIsModified) {
  Create("app", kRoleAndKey, {{"Capabilities", json::array{"CAPABILITY_NAMED_IAM"}}});
  const json::value key_id =
      Call("DescribeStackResource", {{"StackName", "app"}, {"LogicalResourceId", "K"}})
          .at("StackResourceDetail")
          .at("PhysicalResourceId");
  rt_->Call(ctx_, "kms", "DisableKeyRotation", {{"KeyId", key_id}});
  EXPECT_EQ(ResourceDrift("app", "K").at("PropertyDifferences"),
            json::parse(R"([{"PropertyPath": "/EnableKeyRotation", "ExpectedValue": "true",
                             "ActualValue": "false", "DifferenceType": "NOT_EQUAL"}])"));
}

TEST_F(DriftProviderTest, DetectStackDriftOfAnUnknownStackIsAValidationError) {
  const core::AwsError error = ErrorOf([&] { Call("DetectStackDrift", {{"StackName", "nope"}}); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "Stack with id nope does not exist");
}

TEST_F(DriftProviderTest, DetectStackDriftOfAFailedStackIsAValidationError) {
  Create("bad",
         R"({"Resources": {"F": {"Type": "Test::Fake", "Properties": {"FailCreate": "no"}}}})",
         {{"OnFailure", "DO_NOTHING"}});
  ASSERT_EQ(Status("bad"), "CREATE_FAILED");
  const core::AwsError error = ErrorOf([&] { Call("DetectStackDrift", {{"StackName", "bad"}}); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(),
               "Stack [bad] is in CREATE_FAILED state and cannot be checked for drift");
}

TEST_F(DriftProviderTest, DescribeStackDriftDetectionStatusOfAnUnknownIdIsAValidationError) {
  EXPECT_EQ(ErrorOf([&] {
              Call("DescribeStackDriftDetectionStatus", {{"StackDriftDetectionId", "nope"}});
            }).code(),
            "ValidationError");
}

}  // namespace
}  // namespace nimbus::cloudformation
