// CreationPolicy and SignalResource: a resource held CREATE_IN_PROGRESS until its signals
// arrive, the events each signal writes, a FAILURE signal, the Timeout, SignalResource's errors,
// the WaitCondition's CreationPolicy form, and a restart in the middle of the wait.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using Lines = std::vector<std::string>;

// An SSM parameter held by a CreationPolicy; `policy` is its ResourceSignal.
std::string HeldParameter(std::string_view policy) {
  return R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/signals/p", "Type": "String", "Value": "v"},
      "CreationPolicy": {"ResourceSignal": )" +
         std::string(policy) + "}}}}";
}
const std::string kCountTwo = HeldParameter(R"({"Count": 2, "Timeout": "PT10M"})");

constexpr std::string_view kWaitCondition = R"({"Resources": {
  "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
           "CreationPolicy": {"ResourceSignal": {"Count": "1", "Timeout": "PT1H"}}}}})";

class DeployerSignalsTest : public testing::StackTest {
 protected:
  explicit DeployerSignalsTest(const std::string& db_path = ":memory:") : StackTest(db_path) {}

  void Signal(std::string_view unique_id, std::string_view status = "SUCCESS",
              std::string_view logical_id = "Param", std::string_view stack = "app") {
    Call("SignalResource", {{"StackName", stack},
                            {"LogicalResourceId", logical_id},
                            {"UniqueId", unique_id},
                            {"Status", status}});
    rt_->RunDueTasks();
  }
  std::string SignalError(std::string_view stack, std::string_view logical_id) {
    return ErrorOf([&] { Signal("i-1", "SUCCESS", logical_id, stack); }).what();
  }
  // The resource's events, without the stack's.
  Lines ResourceEvents(std::string_view logical_id) {
    Lines lines;
    for (const std::string& line : Events("app")) {
      if (line.starts_with(std::string(logical_id) + " ")) lines.push_back(line);
    }
    return lines;
  }
};

TEST_F(DeployerSignalsTest, AResourceWithACreationPolicyStaysInProgressUntilSignalled) {
  Create("app", kCountTwo);
  EXPECT_EQ(Resources("app"), Lines{"Param CREATE_IN_PROGRESS"});
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
}

TEST_F(DeployerSignalsTest, TheResourceIsCreatedBeforeItsSignalsArrive) {
  Create("app", kCountTwo);
  EXPECT_EQ(Parameter("/signals/p"), "v");
}

TEST_F(DeployerSignalsTest, CountSuccessSignalsCompleteTheStack) {
  Create("app", kCountTwo);
  Signal("i-1");
  Signal("i-2");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(DeployerSignalsTest, FewerSignalsThanCountKeepItWaiting) {
  Create("app", kCountTwo);
  Signal("i-1");
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
}

TEST_F(DeployerSignalsTest, ARepeatedUniqueIdCountsOnce) {
  Create("app", kCountTwo);
  Signal("i-1");
  Signal("i-1");
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
}

TEST_F(DeployerSignalsTest, EachSuccessSignalIsAnEventOfTheResource) {
  Create("app", kCountTwo);
  Signal("i-1");
  Signal("i-2");
  EXPECT_EQ(
      ResourceEvents("Param"),
      (Lines{"Param CREATE_IN_PROGRESS", "Param CREATE_IN_PROGRESS Resource creation Initiated",
             "Param CREATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-1",
             "Param CREATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-2",
             "Param CREATE_COMPLETE"}));
}

TEST_F(DeployerSignalsTest, CountDefaultsToOne) {
  Create("app", HeldParameter(R"({"Timeout": "PT1M"})"));
  Signal("i-1");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(DeployerSignalsTest, CountMayBeAParameter) {
  Create("app", R"({"Parameters": {"N": {"Type": "Number", "Default": "2"}},
    "Resources": {"Param": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/signals/p", "Type": "String", "Value": "v"},
      "CreationPolicy": {"ResourceSignal": {"Count": {"Ref": "N"}}}}}})");
  Signal("i-1");
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
}

TEST_F(DeployerSignalsTest, AFailureSignalFailsTheResource) {
  Create("app", kCountTwo);
  Signal("i-1", "FAILURE");
  EXPECT_EQ(ResourceEvents("Param").at(2),
            "Param CREATE_FAILED Received FAILURE signal with UniqueId i-1");
}

TEST_F(DeployerSignalsTest, AFailureSignalRollsTheStackBack) {
  Create("app", kCountTwo);
  Signal("i-1", "FAILURE");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/signals/p"), "");
}

TEST_F(DeployerSignalsTest, TheTimeoutFailsTheResourceWithAwsReason) {
  Create("app", kCountTwo);
  Signal("i-1");
  rt_->clock.Advance(600'000);
  rt_->RunDueTasks();
  EXPECT_EQ(ResourceEvents("Param").back(), "Param DELETE_COMPLETE");
  EXPECT_EQ(ResourceEvents("Param").at(3),
            "Param CREATE_FAILED Failed to receive 1 resource signal(s) within the specified "
            "duration");
}

TEST_F(DeployerSignalsTest, TheTimeoutDefaultsToFiveMinutes) {
  Create("app", HeldParameter("{}"));
  rt_->clock.Advance(299'000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  rt_->clock.Advance(1'000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

TEST_F(DeployerSignalsTest, ADependentWaitsForTheSignals) {
  Create("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/signals/p", "Type": "String", "Value": "v"},
      "CreationPolicy": {"ResourceSignal": {}}},
    "After": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/signals/after", "Type": "String", "Value": {"Ref": "Param"}}}}})");
  EXPECT_EQ(Parameter("/signals/after"), "");
  Signal("i-1");
  EXPECT_EQ(Parameter("/signals/after"), "/signals/p");
}

TEST_F(DeployerSignalsTest, AWaitConditionInItsCreationPolicyFormCompletesWithASignal) {
  Create("app", kWaitCondition);
  Signal("i-1", "SUCCESS", "Wait");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(DeployerSignalsTest, AWaitConditionWithNeitherHandleNorCreationPolicyFails) {
  Create("app", R"({"Resources": {"Wait": {"Type": "AWS::CloudFormation::WaitCondition"}}})");
  EXPECT_EQ(ResourceEvents("Wait").at(2),
            "Wait CREATE_FAILED WaitCondition Wait has neither a Handle nor a CreationPolicy: "
            "nothing can signal it");
}

TEST_F(DeployerSignalsTest, ATimeoutLongerThanTwelveHoursIsRefused) {
  EXPECT_EQ(std::string(
                ErrorOf([&] { Start("app", HeldParameter(R"({"Timeout": "PT12H1S"})")); }).what()),
            "Template format error: [/Resources/Param/CreationPolicy/ResourceSignal/Timeout] "
            "Timeout must be an ISO 8601 duration in the form PT#H#M#S of at most 12 hours");
}

TEST_F(DeployerSignalsTest, ATimeoutThatIsNoDurationIsAValidationError) {
  EXPECT_EQ(ErrorOf([&] { Start("app", HeldParameter(R"({"Timeout": "300"})")); }).code(),
            "ValidationError");
}

TEST_F(DeployerSignalsTest, SignallingAnUnknownStackIsAValidationError) {
  EXPECT_EQ(SignalError("nope", "Param"), "Stack [nope] does not exist");
}

TEST_F(DeployerSignalsTest, SignallingACompleteStackSaysItsState) {
  const std::string id = Create("app", kCountTwo);
  Signal("i-1");
  Signal("i-2");
  EXPECT_EQ(SignalError("app", "Param"),
            "Stack " + id + " is in CREATE_COMPLETE state and cannot be signaled");
}

TEST_F(DeployerSignalsTest, SignallingAnUnknownResourceIsAValidationError) {
  Create("app", kCountTwo);
  EXPECT_EQ(SignalError("app", "Nope"), "Resource Nope does not exist for stack app");
}

TEST_F(DeployerSignalsTest, SignallingAResourceWithoutCreationPolicyIsAValidationError) {
  Create("app", R"({"Resources": {
    "Held": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/signals/p", "Type": "String", "Value": "v"},
      "CreationPolicy": {"ResourceSignal": {}}},
    "Free": {"Type": "Test::Fake", "Properties": {"Polls": 100}}}})");
  EXPECT_EQ(SignalError("app", "Free"),
            "Resource Free is not waiting for signals: it has no CreationPolicy with a "
            "ResourceSignal, or its creation is not done yet");
}

TEST_F(DeployerSignalsTest, SignallingACompleteResourceSaysItsState) {
  Create("app", R"({"Resources": {
    "Held": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/signals/p", "Type": "String", "Value": "v"},
      "CreationPolicy": {"ResourceSignal": {}}},
    "Done": {"Type": "Test::Fake"}}})");
  EXPECT_EQ(SignalError("app", "Done"),
            "Resource Done is in CREATE_COMPLETE state and cannot be signaled");
}

TEST_F(DeployerSignalsTest, AResourceAddedByAnUpdateWaitsForItsSignals) {
  Create("app", R"({"Resources": {"Free": {"Type": "Test::Fake"}}})");
  Call("UpdateStack", {{"StackName", "app"},
                       {"TemplateBody", R"({"Resources": {"Free": {"Type": "Test::Fake"},
      "Param": {"Type": "AWS::SSM::Parameter",
                "Properties": {"Name": "/signals/p", "Type": "String", "Value": "v"},
                "CreationPolicy": {"ResourceSignal": {}}}}})"}});
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "UPDATE_IN_PROGRESS");
  Signal("i-1");
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
}

class DeployerSignalsRestartTest : public testing::OnDatabaseFile<DeployerSignalsTest> {};

TEST_F(DeployerSignalsRestartTest, SignalsBeforeARestartStillCount) {
  Create("app", kCountTwo);
  Signal("i-1");
  Restart();
  Signal("i-2");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(DeployerSignalsRestartTest, TheTimeoutStillHoldsAfterARestart) {
  Create("app", kCountTwo);
  Restart();
  rt_->clock.Advance(600'000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
