// UpdateStack through the API: the plan (add, modify in place, replace, remove), the events AWS
// writes for each, the cleanup, and the rollback of an update that really fails.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using Lines = std::vector<std::string>;

// One parameter whose name and value the test chooses.
std::string OneParameter(std::string_view name, std::string_view value) {
  return R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": ")" +
         std::string(name) + R"(", "Type": "String", "Value": ")" + std::string(value) +
         R"("}}}, "Outputs": {"Value": {"Value": {"Fn::GetAtt": ["Param", "Value"]}}}})";
}

constexpr std::string_view kTaken =
    "The parameter already exists. To overwrite this value, set the overwrite option in the "
    "request to true.";

class DeployerUpdateTest : public testing::StackTest {
 protected:
  explicit DeployerUpdateTest(const std::string& db_path = ":memory:") : StackTest(db_path) {}

  // UpdateStack with this body and the other members of `in`, then the update as far as it goes.
  void Update(std::string_view name, std::string_view body, json::object in = {}) {
    in["StackName"] = name;
    if (!body.empty()) in["TemplateBody"] = body;
    Call("UpdateStack", in);
    rt_->RunDueTasks();
  }
  // The events after the last `User Initiated` one before them (the last operation's).
  Lines LastOperation(std::string_view name) {
    const Lines all = Events(name);
    size_t start = 0;
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i].find("User Initiated") != std::string::npos) start = i;
    }
    return Lines(all.begin() + static_cast<std::ptrdiff_t>(start), all.end());
  }
};

TEST_F(DeployerUpdateTest, ANewValueIsUpdatedInPlace) {
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/u/p", "v2"));
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/u/p"), "v2");
}

TEST_F(DeployerUpdateTest, AnInPlaceUpdateWritesAwsEvents) {
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/u/p", "v2"));
  EXPECT_EQ(LastOperation("app"),
            (Lines{"app UPDATE_IN_PROGRESS User Initiated", "Param UPDATE_IN_PROGRESS",
                   "Param UPDATE_COMPLETE", "app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                   "app UPDATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, OutputsShowTheUpdatedValue) {
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/u/p", "v2"));
  EXPECT_EQ(Output("app", "Value"), "v2");
}

TEST_F(DeployerUpdateTest, AnUpdateSetsLastUpdatedTime) {
  Create("app", OneParameter("/u/p", "v1"));
  rt_->clock.Advance(5000);
  Update("app", OneParameter("/u/p", "v2"));
  EXPECT_EQ(Stack("app").at("LastUpdatedTime").to_number<double>(),
            static_cast<double>(rt_->clock.NowMillis()) / 1000.0);
}

TEST_F(DeployerUpdateTest, ANewNameReplacesTheParameter) {
  Create("app", OneParameter("/u/old", "v1"));
  Update("app", OneParameter("/u/new", "v1"));
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/u/new"), "v1");
  EXPECT_EQ(Parameter("/u/old"), "");
}

TEST_F(DeployerUpdateTest, AReplacementWritesAwsEvents) {
  Create("app", OneParameter("/u/old", "v1"));
  Update("app", OneParameter("/u/new", "v1"));
  EXPECT_EQ(LastOperation("app"),
            (Lines{"app UPDATE_IN_PROGRESS User Initiated",
                   "Param UPDATE_IN_PROGRESS Requested update requires the creation of a new "
                   "physical resource; hence creating one.",
                   "Param UPDATE_IN_PROGRESS Resource creation Initiated", "Param UPDATE_COMPLETE",
                   "app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "Param DELETE_IN_PROGRESS",
                   "Param DELETE_COMPLETE", "app UPDATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, TheCleanupEventsCarryTheOldPhysicalId) {
  Create("app", OneParameter("/u/old", "v1"));
  Update("app", OneParameter("/u/new", "v1"));
  const json::array events =
      Call("DescribeStackEvents", {{"StackName", "app"}}).at("StackEvents").as_array();
  EXPECT_EQ(events.at(1).at("ResourceStatus"), "DELETE_COMPLETE");
  EXPECT_EQ(events.at(1).at("PhysicalResourceId"), "/u/old");
  EXPECT_EQ(events.at(4).at("ResourceStatus"), "UPDATE_COMPLETE");
  EXPECT_EQ(events.at(4).at("PhysicalResourceId"), "/u/new");
}

TEST_F(DeployerUpdateTest, UpdateReplacePolicyRetainKeepsTheOldParameter) {
  Create("app", OneParameter("/u/old", "v1"));
  std::string body = OneParameter("/u/new", "v1");
  body.replace(body.find(R"("Properties")"), 0, R"("UpdateReplacePolicy": "Retain", )");
  Update("app", body);
  EXPECT_EQ(Parameter("/u/old"), "v1");
  EXPECT_EQ(LastOperation("app").at(5), "Param DELETE_SKIPPED");
}

TEST_F(DeployerUpdateTest, AResourceAddedToTheTemplateIsCreated) {
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/p", "Type": "String", "Value": "v1"}},
    "Extra": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/extra", "Type": "String", "Value": "x"}}}})");
  EXPECT_EQ(Parameter("/u/extra"), "x");
  EXPECT_EQ(LastOperation("app"),
            (Lines{"app UPDATE_IN_PROGRESS User Initiated", "Extra CREATE_IN_PROGRESS",
                   "Extra CREATE_IN_PROGRESS Resource creation Initiated", "Extra CREATE_COMPLETE",
                   "app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "app UPDATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, AResourceRemovedFromTheTemplateIsDeletedInTheCleanup) {
  Create("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/p", "Type": "String", "Value": "v1"}},
    "Extra": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/extra", "Type": "String", "Value": "x"}}}})");
  Update("app", OneParameter("/u/p", "v1"));
  EXPECT_EQ(Parameter("/u/extra"), "");
  EXPECT_EQ(Resources("app"), (Lines{"Param CREATE_COMPLETE"}));
  EXPECT_EQ(
      LastOperation("app"),
      (Lines{"app UPDATE_IN_PROGRESS User Initiated", "app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
             "Extra DELETE_IN_PROGRESS", "Extra DELETE_COMPLETE", "app UPDATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, ARemovedResourceWithDeletionPolicyRetainIsKept) {
  Create("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/p", "Type": "String", "Value": "v1"}},
    "Extra": {"Type": "AWS::SSM::Parameter", "DeletionPolicy": "Retain",
              "Properties": {"Name": "/u/extra", "Type": "String", "Value": "x"}}}})");
  Update("app", OneParameter("/u/p", "v1"));
  EXPECT_EQ(Parameter("/u/extra"), "x");
  EXPECT_EQ(Resources("app"), (Lines{"Param CREATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, TheSameTemplateIsNoUpdatesToBePerformed) {
  Create("app", OneParameter("/u/p", "v1"));
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", OneParameter("/u/p", "v1")}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "No updates are to be performed.");
}

TEST_F(DeployerUpdateTest, AnUnknownStackDoesNotExist) {
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack", {{"StackName", "nothing"}, {"TemplateBody", OneParameter("/u/p", "v")}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "Stack [nothing] does not exist");
}

TEST_F(DeployerUpdateTest, ARolledBackCreationCannotBeUpdated) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  const std::string id = Create("app", OneParameter("/taken", "v1"));
  ASSERT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", OneParameter("/u/p", "v")}});
  });
  EXPECT_STREQ(error.what(),
               ("Stack:" + id + " is in ROLLBACK_COMPLETE state and can not be updated.").c_str());
}

TEST_F(DeployerUpdateTest, AStackUnderwayCannotBeUpdated) {
  rt_->rt.options.async_delay_millis = 1000;
  const std::string id = Start("app", OneParameter("/u/p", "v1"));
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", OneParameter("/u/p", "v2")}});
  });
  EXPECT_STREQ(error.what(),
               ("Stack:" + id + " is in CREATE_IN_PROGRESS state and can not be updated.").c_str());
}

TEST_F(DeployerUpdateTest, ANewTypeForAResourceIsRefused) {
  Create("app", OneParameter("/u/p", "v1"));
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack", {{"StackName", "app"},
                         {"TemplateBody", R"({"Resources": {"Param": {"Type": "Test::Fake"}}})"}});
  });
  EXPECT_STREQ(error.what(),
               "Update of resource type is not permitted. The new template modifies resource "
               "type of the following resources: [Param]");
}

TEST_F(DeployerUpdateTest, UsePreviousTemplateWithANewParameterValueUpdates) {
  constexpr std::string_view kWithParameter = R"({"Parameters": {"V": {"Type": "String"}},
    "Resources": {"Param": {"Type": "AWS::SSM::Parameter",
                            "Properties": {"Name": "/u/p", "Type": "String", "Value": {"Ref": "V"}}}}})";
  json::object in{{"Parameters", json::array{{{"ParameterKey", "V"}, {"ParameterValue", "one"}}}}};
  Create("app", kWithParameter, in);
  Update("app", "",
         {{"UsePreviousTemplate", true},
          {"Parameters", json::array{{{"ParameterKey", "V"}, {"ParameterValue", "two"}}}}});
  EXPECT_EQ(Parameter("/u/p"), "two");
}

TEST_F(DeployerUpdateTest, UsePreviousValueKeepsAParameterAndIsNoUpdate) {
  constexpr std::string_view kWithParameter = R"({"Parameters": {"V": {"Type": "String"}},
    "Resources": {"Param": {"Type": "AWS::SSM::Parameter",
                            "Properties": {"Name": "/u/p", "Type": "String", "Value": {"Ref": "V"}}}}})";
  Create("app", kWithParameter,
         {{"Parameters", json::array{{{"ParameterKey", "V"}, {"ParameterValue", "one"}}}}});
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack",
         {{"StackName", "app"},
          {"UsePreviousTemplate", true},
          {"Parameters", json::array{{{"ParameterKey", "V"}, {"UsePreviousValue", true}}}}});
  });
  EXPECT_STREQ(error.what(), "No updates are to be performed.");
}

TEST_F(DeployerUpdateTest, AReplacementWhoseNewNameIsTakenRollsBack) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/taken", "v2"));
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/u/p"), "v1");
  EXPECT_EQ(Parameter("/taken"), "x");
}

TEST_F(DeployerUpdateTest, AFailedUpdateWritesTheRollbackEvents) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/taken", "v2"));
  EXPECT_EQ(
      LastOperation("app"),
      (Lines{"app UPDATE_IN_PROGRESS User Initiated",
             "Param UPDATE_IN_PROGRESS Requested update requires the creation of a new "
             "physical resource; hence creating one.",
             "Param UPDATE_FAILED " + std::string(kTaken),
             "app UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: "
             "[Param]. ",
             "Param UPDATE_IN_PROGRESS", "Param UPDATE_COMPLETE",
             "app UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "app UPDATE_ROLLBACK_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, ARollbackRestoresTheTemplate) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/taken", "v2"));
  EXPECT_EQ(Call("GetTemplate", {{"StackName", "app"}}).at("TemplateBody").as_string(),
            OneParameter("/u/p", "v1"));
}

TEST_F(DeployerUpdateTest, ARollbackDeletesWhatTheUpdateCreated) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/p", "Type": "String", "Value": "v1"}},
    "Extra": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/extra", "Type": "String", "Value": "x"}},
    "Broken": {"Type": "AWS::SSM::Parameter", "DependsOn": "Extra",
               "Properties": {"Name": "/taken", "Type": "String", "Value": "y"}}}})");
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Reason("app"), "");
  EXPECT_EQ(Parameter("/u/extra"), "");
  EXPECT_EQ(Resources("app"), (Lines{"Param CREATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, ACreationFailureInAnUpdateIsNamedSo) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/p", "Type": "String", "Value": "v1"}},
    "Broken": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/taken", "Type": "String", "Value": "y"}}}})");
  EXPECT_EQ(LastOperation("app").at(4),
            "app UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: "
            "[Broken]. ");
}

TEST_F(DeployerUpdateTest, AnInPlaceUpdateTheServiceRefusesRollsBackToTheOldValue) {
  Create("app", R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties":
    {"Name": "/u/p", "Type": "String", "Value": "123", "AllowedPattern": "^[0-9]+$"}}}})");
  Update("app", R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties":
    {"Name": "/u/p", "Type": "String", "Value": "abc", "AllowedPattern": "^[0-9]+$"}}}})");
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/u/p"), "123");
}

TEST_F(DeployerUpdateTest, DisableRollbackLeavesTheStackUpdateFailed) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/taken", "v2"), {{"DisableRollback", true}});
  EXPECT_EQ(Status("app"), "UPDATE_FAILED");
  EXPECT_EQ(Reason("app"), "The following resource(s) failed to update: [Param]. ");
}

TEST_F(DeployerUpdateTest, AStackInUpdateFailedCanBeUpdatedAgain) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", OneParameter("/u/p", "v1"));
  Update("app", OneParameter("/taken", "v2"), {{"DisableRollback", true}});
  Update("app", OneParameter("/u/q", "v3"));
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/u/q"), "v3");
  EXPECT_EQ(Parameter("/u/p"), "");
}

TEST_F(DeployerUpdateTest, ADependentSeesTheReplacementsNewName) {
  Create("app", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/a1", "Type": "String", "Value": "a"}},
    "B": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/b", "Type": "String", "Value": {"Ref": "A"}}}}})");
  Update("app", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/a2", "Type": "String", "Value": "a"}},
    "B": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/b", "Type": "String", "Value": {"Ref": "A"}}}}})");
  EXPECT_EQ(Parameter("/u/b"), "/u/a2");
}

TEST_F(DeployerUpdateTest, ExportsFollowTheUpdatedOutputs) {
  constexpr std::string_view kExporting = R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "%"}}},
    "Outputs": {"Out": {"Value": {"Fn::GetAtt": ["Param", "Value"]}, "Export": {"Name": "shared"}}}})";
  std::string first(kExporting);
  first.replace(first.find('%'), 1, "one");
  std::string second(kExporting);
  second.replace(second.find('%'), 1, "two");
  Create("app", first);
  Update("app", second);
  Create("reader", R"({"Resources": {"Copy": {"Type": "AWS::SSM::Parameter", "Properties":
    {"Name": "/u/copy", "Type": "String", "Value": {"Fn::ImportValue": "shared"}}}}})");
  EXPECT_EQ(Parameter("/u/copy"), "two");
}

TEST_F(DeployerUpdateTest, AResourceThatNeverGotCreatedGoesWhenTheTemplateDropsIt) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  Create("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/u/p", "Type": "String", "Value": "v1"}},
    "Broken": {"Type": "AWS::SSM::Parameter", "DependsOn": "Param",
               "Properties": {"Name": "/taken", "Type": "String", "Value": "y"}}}})",
         {{"DisableRollback", true}});
  ASSERT_EQ(Status("app"), "CREATE_FAILED");
  Update("app", OneParameter("/u/p", "v2"));
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Resources("app"), (Lines{"Param UPDATE_COMPLETE"}));
}

TEST_F(DeployerUpdateTest, ARetryWithTheSameTokenAnswersTheSameUpdate) {
  Create("app", OneParameter("/u/p", "v1"));
  rt_->rt.options.async_delay_millis = 1000;
  const json::object in{{"StackName", "app"},
                        {"TemplateBody", OneParameter("/u/p", "v2")},
                        {"ClientRequestToken", "token-1"}};
  const json::value first = Call("UpdateStack", in);
  EXPECT_EQ(Call("UpdateStack", in).at("OperationId"), first.at("OperationId"));
}

TEST_F(DeployerUpdateTest, TagsNotGivenToAnUpdateStayOnTheStack) {
  Create("app", OneParameter("/u/p", "v1"),
         {{"Tags", json::array{{{"Key", "team"}, {"Value", "blue"}}}}});
  Update("app", OneParameter("/u/p", "v2"));
  EXPECT_EQ(Stack("app").at("Tags"), (json::array{{{"Key", "team"}, {"Value", "blue"}}}));
}

// A restart with --data-dir in the middle of an update finishes it.
class DeployerUpdateRestartTest : public testing::OnDatabaseFile<DeployerUpdateTest> {};

TEST_F(DeployerUpdateRestartTest, ARestartInTheMiddleOfAnUpdateFinishesIt) {
  Create("app", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/r/a", "Type": "String", "Value": "a"}},
    "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
          "Properties": {"Name": "/r/b", "Type": "String", "Value": "b"}}}})");
  rt_->rt.options.async_delay_millis = 1000;
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/r/a2", "Type": "String", "Value": "a"}},
    "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
          "Properties": {"Name": "/r/b", "Type": "String", "Value": "b2"}}}})"}});
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  ASSERT_EQ(Status("app"), "UPDATE_IN_PROGRESS");
  Restart();
  rt_->rt.options.async_delay_millis = 0;
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/r/b"), "b2");
  EXPECT_EQ(Parameter("/r/a"), "");
}

TEST_F(DeployerUpdateRestartTest, ARestartedUpdateSettlesItsImportsWhenItCompletes) {
  Create("one", R"({"Resources": {"R": {"Type": "Test::Fake"}}, "Outputs": {
    "A": {"Value": "a", "Export": {"Name": "old"}}, "B": {"Value": "b", "Export": {"Name": "new"}}}})");
  Create("two", R"({"Resources": {"P": {"Type": "Test::Fake",
    "Properties": {"Name": {"Fn::ImportValue": "old"}}}}})");
  rt_->rt.options.async_delay_millis = 1000;
  Call("UpdateStack", {{"StackName", "two"}, {"TemplateBody", R"({"Resources": {
    "P": {"Type": "Test::Fake", "Properties": {"Name": {"Fn::ImportValue": "new"}}},
    "Q": {"Type": "Test::Fake", "DependsOn": "P"}}})"}});
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  ASSERT_EQ(Status("two"), "UPDATE_IN_PROGRESS");
  Restart();
  rt_->rt.options.async_delay_millis = 0;
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  ASSERT_EQ(Status("two"), "UPDATE_COMPLETE");
  EXPECT_EQ(Call("ListImports", {{"ExportName", "new"}}), json::parse(R"({"Imports": ["two"]})"));
  EXPECT_EQ(ErrorOf([&] {
              Call("ListImports", {{"ExportName", "old"}});
            }).code(),
            "ValidationError");
}

}  // namespace
}  // namespace nimbus::cloudformation
