// The deployer through the API: creation order and events, values between resources, the three
// OnFailure outcomes with a resource that really fails, deletion, policies, timeouts.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using Lines = std::vector<std::string>;

class DeployerTest : public testing::StackTest {};

constexpr std::string_view kOneParameter = R"({"Resources": {
  "Param": {"Type": "AWS::SSM::Parameter",
            "Properties": {"Name": "/app/one", "Type": "String", "Value": "v1"}}}})";

constexpr std::string_view kTwoIndependent = R"({"Resources": {
  "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/app/a", "Type": "String", "Value": "a"}},
  "B": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/app/b", "Type": "String", "Value": "b"}}}})";

// A stands where B's name is already taken: B really fails, A is created first.
constexpr std::string_view kSecondFails = R"({"Resources": {
  "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/app/a", "Type": "String", "Value": "a"}},
  "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
        "Properties": {"Name": "/taken", "Type": "String", "Value": "b"}}}})";

constexpr std::string_view kTaken =
    "The parameter already exists. To overwrite this value, set the overwrite option in the "
    "request to true.";

TEST_F(DeployerTest, AStackOfOneParameterIsCreateComplete) {
  Create("app", kOneParameter);
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(Parameter("/app/one"), "v1");
}

TEST_F(DeployerTest, EventsFollowAwsOrder) {
  Create("app", kOneParameter);
  EXPECT_EQ(Events("app"),
            (Lines{"app CREATE_IN_PROGRESS User Initiated", "Param CREATE_IN_PROGRESS",
                   "Param CREATE_IN_PROGRESS Resource creation Initiated", "Param CREATE_COMPLETE",
                   "app CREATE_COMPLETE"}));
}

TEST_F(DeployerTest, TheFirstResourceEventHasNoPhysicalIdAndTheLaterOnesHaveIt) {
  Create("app", kOneParameter);
  const json::value out = Call("DescribeStackEvents", {{"StackName", "app"}});
  const json::array& events = out.at("StackEvents").as_array();  // newest first
  EXPECT_EQ(events.at(3).at("PhysicalResourceId"), "");
  EXPECT_EQ(events.at(2).at("PhysicalResourceId"), "/app/one");
  EXPECT_EQ(events.at(1).at("PhysicalResourceId"), "/app/one");
}

TEST_F(DeployerTest, AResourceEventIdIsLogicalIdStatusAndTime) {
  Create("app", kOneParameter);
  const json::value out = Call("DescribeStackEvents", {{"StackName", "app"}});
  EXPECT_EQ(out.at("StackEvents").at(1).at("EventId").as_string(),
            "Param-CREATE_COMPLETE-" + core::FormatIso8601(rt_->clock.NowMillis()));
}

TEST_F(DeployerTest, AStackEventIsTheStackWithAUuidEventId) {
  const std::string id = Create("app", kOneParameter);
  const json::object event =
      Call("DescribeStackEvents", {{"StackName", "app"}}).at("StackEvents").at(0).as_object();
  EXPECT_EQ(event.at("LogicalResourceId"), "app");
  EXPECT_EQ(event.at("PhysicalResourceId").as_string(), id);
  EXPECT_EQ(event.at("ResourceType"), "AWS::CloudFormation::Stack");
  EXPECT_EQ(event.at("EventId").as_string().size(), 36u);
}

TEST_F(DeployerTest, ResourceEventsCarryTheResolvedProperties) {
  Create("app", kOneParameter);
  const json::value out = Call("DescribeStackEvents", {{"StackName", "app"}});
  EXPECT_EQ(json::parse(out.at("StackEvents").at(1).at("ResourceProperties").as_string()),
            json::parse(R"({"Name":"/app/one","Type":"String","Value":"v1"})"));
}

TEST_F(DeployerTest, EveryEventOfTheOperationCarriesItsClientRequestToken) {
  Create("app", kOneParameter, {{"ClientRequestToken", "token-1"}});
  const json::value out = Call("DescribeStackEvents", {{"StackName", "app"}});
  ASSERT_EQ(out.at("StackEvents").as_array().size(), 5u);
  for (const json::value& event : out.at("StackEvents").as_array()) {
    EXPECT_EQ(event.at("ClientRequestToken"), "token-1");
  }
}

TEST_F(DeployerTest, IndependentResourcesStartTogetherBeforeEitherIsCreated) {
  Create("app", kTwoIndependent);
  EXPECT_EQ(Events("app"),
            (Lines{"app CREATE_IN_PROGRESS User Initiated", "A CREATE_IN_PROGRESS",
                   "B CREATE_IN_PROGRESS", "A CREATE_IN_PROGRESS Resource creation Initiated",
                   "B CREATE_IN_PROGRESS Resource creation Initiated", "A CREATE_COMPLETE",
                   "B CREATE_COMPLETE", "app CREATE_COMPLETE"}));
}

TEST_F(DeployerTest, AResourceStartsOnceWhatItReferencesIsComplete) {
  Create("app", R"({"Resources": {
    "B": {"Type": "Test::Fake", "Properties": {"Other": {"Ref": "A"}}},
    "A": {"Type": "Test::Fake"}}})");
  EXPECT_EQ(fake_->calls, (Lines{"Create A", "Create B"}));
  EXPECT_EQ(Events("app")[4], "B CREATE_IN_PROGRESS");
}

// More waves than one transaction takes (16 steps): each resource names the one before it.
TEST_F(DeployerTest, AChainOfMoreWavesThanATransactionTakesIsCreatedInOrder) {
  json::object resources{{"R0", json::object{{"Type", "Test::Fake"}}}};
  Lines expected{"Create R0"};
  for (int i = 1; i < 40; ++i) {
    resources["R" + std::to_string(i)] = json::object{
        {"Type", "Test::Fake"},
        {"Properties", {{"Other", {{"Ref", "R" + std::to_string(i - 1)}}}}}};
    expected.push_back("Create R" + std::to_string(i));
  }
  Create("app", json::serialize(json::object{{"Resources", std::move(resources)}}));
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(fake_->calls, expected);
  EXPECT_EQ(Events("app").back(), "app CREATE_COMPLETE");
}

TEST_F(DeployerTest, RefGetAttAndSubPassValuesBetweenParameters) {
  Create("app", R"({
    "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
    "Resources": {
      "Base": {"Type": "AWS::SSM::Parameter",
               "Properties": {"Name": {"Fn::Sub": "/${Env}/base"}, "Type": "String", "Value": "root"}},
      "Copy": {"Type": "AWS::SSM::Parameter",
               "Properties": {"Name": {"Fn::Sub": "${Base}/copy"}, "Type": "String",
                              "Value": {"Fn::GetAtt": ["Base", "Value"]}}},
      "Both": {"Type": "AWS::SSM::Parameter",
               "Properties": {"Name": "/both", "Type": "String",
                              "Value": {"Fn::Sub": "${Copy}=${Copy.Value}:${AWS::StackName}"}}}}})");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(Parameter("/dev/base/copy"), "root");
  EXPECT_EQ(Parameter("/both"), "/dev/base/copy=root:app");
}

TEST_F(DeployerTest, OutputsAreResolvedOnceEveryResourceIsComplete) {
  Create("app", R"({"Resources": {
      "P": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/o", "Type": "String", "Value": "x"}}},
    "Outputs": {"Name": {"Value": {"Ref": "P"}, "Description": "the name",
                         "Export": {"Name": "app-name"}},
                "Type": {"Value": {"Fn::GetAtt": ["P", "Type"]}}}})");
  EXPECT_EQ(Stack("app").at("Outputs"), json::parse(R"([
      {"OutputKey":"Name","OutputValue":"/o","Description":"the name","ExportName":"app-name"},
      {"OutputKey":"Type","OutputValue":"String"}])"));
}

TEST_F(DeployerTest, AnExportedValueIsImportedByAnotherStack) {
  Create("one", R"({"Resources": {"P": {"Type": "Test::Fake"}},
    "Outputs": {"N": {"Value": {"Ref": "P"}, "Export": {"Name": "shared"}}}})");
  Create("two", R"({"Resources": {"Q": {"Type": "AWS::SSM::Parameter",
    "Properties": {"Name": "/imported", "Type": "String", "Value": {"Fn::ImportValue": "shared"}}}}})");
  EXPECT_EQ(Parameter("/imported"), "fake-P");
}

TEST_F(DeployerTest, AnExportNameTakenByAnotherStackFailsTheStack) {
  constexpr std::string_view kExporting = R"({"Resources": {"P": {"Type": "Test::Fake"}},
    "Outputs": {"N": {"Value": {"Ref": "P"}, "Export": {"Name": "shared"}}}})";
  Create("one", kExporting);
  Create("two", kExporting);
  EXPECT_EQ(Status("two"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Events("two")[4],
            "two ROLLBACK_IN_PROGRESS Export with name shared is already exported by stack one. "
            "Rollback requested by user.");
}

TEST_F(DeployerTest, AFailedResourceRollsTheStackBack) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "mine"}});
  Create("app", kSecondFails);
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Events("app"),
            (Lines{"app CREATE_IN_PROGRESS User Initiated", "A CREATE_IN_PROGRESS",
                   "A CREATE_IN_PROGRESS Resource creation Initiated", "A CREATE_COMPLETE",
                   "B CREATE_IN_PROGRESS", "B CREATE_IN_PROGRESS Resource creation Initiated",
                   "B CREATE_FAILED " + std::string(kTaken),
                   "app ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [B]. "
                   "Rollback requested by user.",
                   "B DELETE_IN_PROGRESS", "B DELETE_COMPLETE", "A DELETE_IN_PROGRESS",
                   "A DELETE_COMPLETE", "app ROLLBACK_COMPLETE"}));
}

TEST_F(DeployerTest, ARollbackDeletesWhatWasCreatedAndLeavesWhatWasThere) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "mine"}});
  Create("app", kSecondFails);
  EXPECT_EQ(Parameter("/app/a"), "");
  EXPECT_EQ(Parameter("/taken"), "mine");
  EXPECT_EQ(Resources("app"), (Lines{"A DELETE_COMPLETE", "B DELETE_COMPLETE"}));
}

TEST_F(DeployerTest, OnFailureDeleteDeletesTheStack) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "mine"}});
  const std::string id = Create("app", kSecondFails, {{"OnFailure", "DELETE"}});
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
  EXPECT_EQ(Events(id)[7],
            "app DELETE_IN_PROGRESS The following resource(s) failed to create: [B]. Delete "
            "requested by user.");
  EXPECT_EQ(Events(id).back(), "app DELETE_COMPLETE");
  EXPECT_EQ(Parameter("/app/a"), "");
  EXPECT_EQ(ErrorOf([&] { Stack("app"); }).what(), std::string("Stack with id app does not exist"));
}

TEST_F(DeployerTest, OnFailureDoNothingLeavesTheStackCreateFailed) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "mine"}});
  Create("app", kSecondFails, {{"OnFailure", "DO_NOTHING"}});
  EXPECT_EQ(Status("app"), "CREATE_FAILED");
  EXPECT_EQ(Reason("app"), "The following resource(s) failed to create: [B]. ");
  EXPECT_EQ(Parameter("/app/a"), "a");
  EXPECT_EQ(Resources("app"), (Lines{"A CREATE_COMPLETE", "B CREATE_FAILED"}));
}

TEST_F(DeployerTest, DisableRollbackLeavesTheStackCreateFailed) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "mine"}});
  Create("app", kSecondFails, {{"DisableRollback", true}});
  EXPECT_EQ(Status("app"), "CREATE_FAILED");
  EXPECT_EQ(Parameter("/app/a"), "a");
}

TEST_F(DeployerTest, DeploymentConfigDisableRollbackLeavesTheStackCreateFailed) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "mine"}});
  Create("app", kSecondFails, {{"DeploymentConfig", {{"DisableRollback", true}}}});
  EXPECT_EQ(Status("app"), "CREATE_FAILED");
  EXPECT_EQ(Stack("app").at("DeploymentConfig"), json::parse(R"({"DisableRollback": true})"));
}

TEST_F(DeployerTest, ARollbackThatCannotDeleteIsRollbackFailed) {
  Create("app", R"({"Resources": {
    "Stuck": {"Type": "Test::Fake", "Properties": {"FailDelete": "still in use"}},
    "Bad": {"Type": "Test::Fake", "DependsOn": "Stuck", "Properties": {"FailCreate": "no"}}}})");
  EXPECT_EQ(Status("app"), "ROLLBACK_FAILED");
  EXPECT_EQ(Reason("app"), "The following resource(s) failed to delete: [Stuck]. ");
  EXPECT_EQ(Events("app").back(),
            "app ROLLBACK_FAILED The following resource(s) failed to delete: [Stuck]. ");
  EXPECT_EQ(Resources("app"), (Lines{"Stuck DELETE_FAILED", "Bad DELETE_COMPLETE"}));
}

TEST_F(DeployerTest, APropertyValidationFailureFailsBeforeCreation) {
  Create("app",
         R"({"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {"Value": "v"}}}})");
  EXPECT_EQ(Events("app")[1], "P CREATE_IN_PROGRESS");
  EXPECT_EQ(Events("app")[2],
            "P CREATE_FAILED Property validation failure: [The property {/Type} is required]");
}

TEST_F(DeployerTest, DeletionDeletesResourcesInReverseDependencyOrder) {
  Create("app", R"({"Resources": {
    "A": {"Type": "Test::Fake"},
    "B": {"Type": "Test::Fake", "DependsOn": "A"},
    "C": {"Type": "Test::Fake", "Properties": {"Of": {"Ref": "B"}}}}})");
  fake_->calls.clear();
  Delete("app");
  EXPECT_EQ(fake_->calls, (Lines{"Delete C", "Delete B", "Delete A"}));
}

TEST_F(DeployerTest, ADeletedStackIsDeleteCompleteByIdWithItsEvents) {
  const std::string id = Create("app", kOneParameter);
  Delete("app");
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
  EXPECT_EQ(Parameter("/app/one"), "");
  const Lines events = Events(id);
  EXPECT_EQ(Lines(events.end() - 4, events.end()),
            (Lines{"app DELETE_IN_PROGRESS User Initiated", "Param DELETE_IN_PROGRESS",
                   "Param DELETE_COMPLETE", "app DELETE_COMPLETE"}));
  EXPECT_TRUE(Stack(id).contains("DeletionTime"));
}

TEST_F(DeployerTest, DeletionPolicyRetainKeepsTheResource) {
  const std::string id = Create("app", R"({"Resources": {"P": {"Type": "AWS::SSM::Parameter",
    "DeletionPolicy": "Retain", "Properties": {"Name": "/kept", "Type": "String", "Value": "v"}}}})");
  Delete("app");
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
  EXPECT_EQ(Events(id).end()[-2], "P DELETE_SKIPPED");
  EXPECT_EQ(Parameter("/kept"), "v");
}

TEST_F(DeployerTest, DeletionPolicyRetainAlsoKeepsTheResourceInARollback) {
  Create("app", R"({"Resources": {
    "Kept": {"Type": "Test::Fake", "DeletionPolicy": "Retain"},
    "Bad": {"Type": "Test::Fake", "DependsOn": "Kept", "Properties": {"FailCreate": "no"}}}})");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(fake_->calls, (Lines{"Create Kept", "Create Bad"}));
  EXPECT_EQ(Resources("app"), (Lines{"Kept DELETE_SKIPPED", "Bad DELETE_COMPLETE"}));
}

TEST_F(DeployerTest, RetainExceptOnCreateDeletesTheResourceInTheRollbackOfItsCreation) {
  Create("app", R"({"Resources": {
    "Kept": {"Type": "Test::Fake", "DeletionPolicy": "RetainExceptOnCreate"},
    "Bad": {"Type": "Test::Fake", "DependsOn": "Kept", "Properties": {"FailCreate": "no"}}}})");
  EXPECT_EQ(fake_->calls, (Lines{"Create Kept", "Create Bad", "Delete Kept"}));
}

TEST_F(DeployerTest, RetainExceptOnCreateKeepsTheResourceWhenTheStackIsDeleted) {
  Create("app", R"({"Resources": {
    "Kept": {"Type": "Test::Fake", "DeletionPolicy": "RetainExceptOnCreate"}}})");
  Delete("app");
  EXPECT_EQ(fake_->calls, (Lines{"Create Kept"}));
}

TEST_F(DeployerTest, TheRetainExceptOnCreateOptionDeletesEvenRetainedResourcesInARollback) {
  Create("app", R"({"Resources": {
    "Kept": {"Type": "Test::Fake", "DeletionPolicy": "Retain"},
    "Bad": {"Type": "Test::Fake", "DependsOn": "Kept", "Properties": {"FailCreate": "no"}}}})",
         {{"RetainExceptOnCreate", true}});
  EXPECT_EQ(fake_->calls, (Lines{"Create Kept", "Create Bad", "Delete Kept"}));
}

TEST_F(DeployerTest, AStackThatFailsToDeleteIsDeleteFailed) {
  Create("app", R"({"Resources": {"Stuck": {"Type": "Test::Fake",
    "Properties": {"FailDelete": "still in use"}}}})");
  Delete("app");
  EXPECT_EQ(Status("app"), "DELETE_FAILED");
  EXPECT_EQ(Reason("app"), "The following resource(s) failed to delete: [Stuck]. ");
  EXPECT_EQ(Events("app").end()[-2], "Stuck DELETE_FAILED still in use");
}

TEST_F(DeployerTest, RetainResourcesCompletesTheDeletionOfADeleteFailedStack) {
  const std::string id = Create("app", R"({"Resources": {"Stuck": {"Type": "Test::Fake",
    "Properties": {"FailDelete": "still in use"}}}})");
  Delete("app");
  Delete("app", {{"RetainResources", json::array{"Stuck"}}});
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
  EXPECT_EQ(Events(id).end()[-2], "Stuck DELETE_SKIPPED");
}

TEST_F(DeployerTest, ADeleteFailedStackIsDeletedAgainWhenAskedAgain) {
  Create("app", R"({"Resources": {"Stuck": {"Type": "Test::Fake",
    "Properties": {"FailDelete": "still in use"}}}})");
  Delete("app");
  fake_->calls.clear();
  Delete("app");
  EXPECT_EQ(fake_->calls, (Lines{"Delete Stuck"}));
}

TEST_F(DeployerTest, AResourceTheServiceCompletesLaterIsPolledUntilReady) {
  Create("app", R"({"Resources": {"Slow": {"Type": "Test::Fake", "Properties": {"Polls": 2}}}})");
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  EXPECT_EQ(Resources("app"), (Lines{"Slow CREATE_IN_PROGRESS"}));
  rt_->clock.Advance(100);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  rt_->clock.Advance(100);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(fake_->calls, (Lines{"Create Slow", "Poll Slow", "Poll Slow"}));
}

TEST_F(DeployerTest, AStackThatOutlivesTimeoutInMinutesFailsAndRollsBack) {
  Create("app",
         R"({"Resources": {"Slow": {"Type": "Test::Fake", "Properties": {"Polls": 100000}}}})",
         {{"TimeoutInMinutes", 1}});
  rt_->clock.Advance(60'000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  const Lines events = Events("app");
  EXPECT_NE(
      std::find(events.begin(), events.end(), "Slow CREATE_FAILED Resource creation cancelled"),
      events.end());
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "app ROLLBACK_IN_PROGRESS Stack creation time exceeded the specified "
                      "timeout. Rollback requested by user."),
            events.end());
}

TEST_F(DeployerTest, WithAnAsyncDelayEachStepWaitsItsTurn) {
  rt_->rt.options.async_delay_millis = 1000;
  Start("app", R"({"Resources": {"A": {"Type": "Test::Fake"},
    "B": {"Type": "Test::Fake", "DependsOn": "A"}}})");
  rt_->RunDueTasks();
  EXPECT_EQ(Resources("app"), Lines{});
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  EXPECT_EQ(Resources("app"), (Lines{"A CREATE_COMPLETE"}));
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(DeployerTest, DeleteStackDuringCreationTakesOver) {
  rt_->rt.options.async_delay_millis = 1000;
  const std::string id = Start("app", R"({"Resources": {"A": {"Type": "Test::Fake"},
    "B": {"Type": "Test::Fake", "DependsOn": "A"}}})");
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  Call("DeleteStack", {{"StackName", "app"}});
  for (int i = 0; i < 4; ++i) {
    rt_->clock.Advance(1000);
    rt_->RunDueTasks();
  }
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
  EXPECT_EQ(fake_->calls, (Lines{"Create A", "Delete A"}));
}

// A restart with --data-dir: the state and the scheduled task of a deployment half done are in
// the database file, and a new runtime over it finishes the deployment.
class DeployerRestartTest : public testing::OnDatabaseFile<testing::StackTest> {};

TEST_F(DeployerRestartTest, ARestartInTheMiddleOfACreationFinishesIt) {
  rt_->rt.options.async_delay_millis = 1000;
  const std::string id = Start("app", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/r/a", "Type": "String", "Value": "a"}},
    "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
          "Properties": {"Name": "/r/b", "Type": "String", "Value": "b"}}}})");
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  ASSERT_EQ(Resources("app"), (Lines{"A CREATE_COMPLETE"}));
  Restart();
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status(id), "CREATE_COMPLETE");
  EXPECT_EQ(Parameter("/r/b"), "b");
}

}  // namespace
}  // namespace nimbus::cloudformation
