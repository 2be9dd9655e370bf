// Change sets through the API: creation (CREATE and UPDATE), the Changes described, execution,
// deletion and listing, with AWS's recorded errors.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

// One SSM parameter whose name and value come from parameters with these defaults.
std::string Template(std::string_view name, std::string_view value) {
  return R"({"Parameters": {"Name": {"Type": "String", "Default": ")" + std::string(name) +
         R"("}, "Value": {"Type": "String", "Default": ")" + std::string(value) +
         R"("}}, "Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name":
         {"Ref": "Name"}, "Type": "String", "Value": {"Ref": "Value"}}}}})";
}

class ChangeSetProviderTest : public testing::StackTest {
 protected:
  // CreateChangeSet with this body and the other members of `in`; returns its Id.
  std::string CreateChangeSet(std::string_view stack, std::string_view name, std::string_view body,
                              json::object in = {}) {
    in["StackName"] = stack;
    in["ChangeSetName"] = name;
    if (!body.empty() && !in.contains("UsePreviousTemplate")) in["TemplateBody"] = body;
    return std::string(Call("CreateChangeSet", in).at("Id").as_string());
  }
  json::object Describe(std::string_view stack, std::string_view name, json::object in = {}) {
    in["StackName"] = stack;
    in["ChangeSetName"] = name;
    return Call("DescribeChangeSet", in).as_object();
  }
  void Execute(std::string_view stack, std::string_view name) {
    Call("ExecuteChangeSet", {{"StackName", stack}, {"ChangeSetName", name}});
    rt_->RunDueTasks();
  }
  // A stack created through a change set of this template.
  void Deploy(std::string_view stack, std::string_view body) {
    CreateChangeSet(stack, "initial", body, {{"ChangeSetType", "CREATE"}});
    Execute(stack, "initial");
  }
};

TEST_F(ChangeSetProviderTest, CreateChangeSetAnswersAChangeSetArn) {
  const std::string id =
      CreateChangeSet("app", "first", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  EXPECT_EQ(id.rfind("arn:aws:cloudformation:us-east-1:111122223333:changeSet/first/", 0), 0u);
}

TEST_F(ChangeSetProviderTest, ACreateChangeSetPutsANewStackInReview) {
  CreateChangeSet("app", "first", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  EXPECT_EQ(Status("app"), "REVIEW_IN_PROGRESS");
  EXPECT_EQ(Events("app"), std::vector<std::string>{"app REVIEW_IN_PROGRESS User Initiated"});
  EXPECT_TRUE(Resources("app").empty());
}

TEST_F(ChangeSetProviderTest, ACreateChangeSetIsAvailableWithAnAddPerResource) {
  CreateChangeSet("app", "first", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  const json::object described = Describe("app", "first");
  EXPECT_EQ(described.at("Status"), "CREATE_COMPLETE");
  EXPECT_EQ(described.at("ExecutionStatus"), "AVAILABLE");
  EXPECT_EQ(described.at("Changes"),
            json::parse(R"([{"Type": "Resource", "ResourceChange": {"LogicalResourceId": "Param",
                "ResourceType": "AWS::SSM::Parameter", "Action": "Add", "Scope": [],
                "Details": []}}])"));
}

TEST_F(ChangeSetProviderTest, ExecutingACreateChangeSetCreatesTheStack) {
  Deploy("app", Template("/cs/a", "v1"));
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(Parameter("/cs/a"), "v1");
}

TEST_F(ChangeSetProviderTest, ExecutingACreateChangeSetWritesCreateEventsAfterTheReview) {
  Deploy("app", Template("/cs/a", "v1"));
  EXPECT_EQ(Events("app"),
            (std::vector<std::string>{
                "app REVIEW_IN_PROGRESS User Initiated", "app CREATE_IN_PROGRESS User Initiated",
                "Param CREATE_IN_PROGRESS", "Param CREATE_IN_PROGRESS Resource creation Initiated",
                "Param CREATE_COMPLETE", "app CREATE_COMPLETE"}));
}

TEST_F(ChangeSetProviderTest, TheExecutedChangeSetIsTheStacksChangeSetId) {
  const std::string id =
      CreateChangeSet("app", "first", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  Execute("app", "first");
  EXPECT_EQ(Stack("app").at("ChangeSetId"), json::value(id));
  EXPECT_EQ(Describe("app", "first").at("ExecutionStatus"), "EXECUTE_COMPLETE");
}

TEST_F(ChangeSetProviderTest, ACreateChangeSetForALiveStackIsRefused) {
  Create("app", Template("/cs/a", "v1"));
  EXPECT_EQ(
      ErrorOf([&] {
        CreateChangeSet("app", "again", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
      }).what(),
      std::string("Stack [app] already exists and cannot be created again with the "
                  "changeSet [again]."));
}

TEST_F(ChangeSetProviderTest, AnUpdateChangeSetForNoStackIsRefused) {
  EXPECT_EQ(ErrorOf([&] { CreateChangeSet("nostack", "cs", Template("/cs/a", "v1")); }).what(),
            std::string("Stack [nostack] does not exist"));
}

TEST_F(ChangeSetProviderTest, AnImportChangeSetIsRefusedAsNotSupported) {
  const core::AwsError error = ErrorOf([&] {
    CreateChangeSet("app", "cs", Template("/cs/a", "v1"), {{"ChangeSetType", "IMPORT"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_NE(std::string(error.what()).find("IMPORT is not supported by nimbus"), std::string::npos);
}

TEST_F(ChangeSetProviderTest, AnUnchangedUpdateFailsWithAwsReason) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "same", Template("/cs/a", "v1"));
  const json::object described = Describe("app", "same");
  EXPECT_EQ(described.at("Status"), "FAILED");
  EXPECT_EQ(described.at("ExecutionStatus"), "UNAVAILABLE");
  EXPECT_EQ(described.at("StatusReason"),
            "The submitted information didn't contain changes. Submit different information to "
            "create a change set.");
}

TEST_F(ChangeSetProviderTest, ExecutingAFailedChangeSetIsInvalidChangeSetStatus) {
  Deploy("app", Template("/cs/a", "v1"));
  const std::string id = CreateChangeSet("app", "same", Template("/cs/a", "v1"));
  const core::AwsError error = ErrorOf([&] { Execute("app", "same"); });
  EXPECT_EQ(error.code(), "InvalidChangeSetStatus");
  EXPECT_EQ(std::string(error.what()),
            "ChangeSet [" + id + "] cannot be executed in its current status of [FAILED]");
}

TEST_F(ChangeSetProviderTest, AChangedNameIsAReplacement) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "rename", Template("/cs/b", "v1"));
  const json::value change = Describe("app", "rename").at("Changes").at(0).at("ResourceChange");
  EXPECT_EQ(change.at("Action"), "Modify");
  EXPECT_EQ(change.at("PhysicalResourceId"), "/cs/a");
  EXPECT_EQ(change.at("Replacement"), "True");
  EXPECT_EQ(change.at("Details").at(0).at("Target").at("RequiresRecreation"), "Always");
}

TEST_F(ChangeSetProviderTest, AParameterChangeIsAParameterReference) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "value", "",
                  {{"UsePreviousTemplate", true},
                   {"Parameters", json::array{json::object{{"ParameterKey", "Value"},
                                                           {"ParameterValue", "v2"}}}}});
  const json::value detail =
      Describe("app", "value").at("Changes").at(0).at("ResourceChange").at("Details").at(0);
  EXPECT_EQ(detail.at("ChangeSource"), "ParameterReference");
  EXPECT_EQ(detail.at("Target").at("Name"), "Value");
}

TEST_F(ChangeSetProviderTest, IncludePropertyValuesShowsBeforeAndAfter) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "value", Template("/cs/a", "v2"));
  const json::value target = Describe("app", "value", {{"IncludePropertyValues", true}})
                                 .at("Changes")
                                 .at(0)
                                 .at("ResourceChange")
                                 .at("Details")
                                 .at(0)
                                 .at("Target");
  EXPECT_EQ(target.at("BeforeValue"), "v1");
  EXPECT_EQ(target.at("AfterValue"), "v2");
}

TEST_F(ChangeSetProviderTest, ExecutingAnUpdateChangeSetUpdatesTheStack) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "value", Template("/cs/a", "v2"));
  Execute("app", "value");
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/cs/a"), "v2");
}

TEST_F(ChangeSetProviderTest, ExecutingOneChangeSetDeletesTheStacksOthers) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "one", Template("/cs/a", "v2"));
  CreateChangeSet("app", "two", Template("/cs/a", "v3"));
  Execute("app", "one");
  const json::array summaries =
      Call("ListChangeSets", {{"StackName", "app"}}).at("Summaries").as_array();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].at("ChangeSetName"), "one");
}

TEST_F(ChangeSetProviderTest, ListChangeSetsListsThemInCreationOrder) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  CreateChangeSet("app", "two", Template("/cs/a", "v2"), {{"ChangeSetType", "CREATE"}});
  const json::array summaries =
      Call("ListChangeSets", {{"StackName", "app"}}).at("Summaries").as_array();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].at("ChangeSetName"), "one");
  EXPECT_EQ(summaries[1].at("ChangeSetName"), "two");
  EXPECT_EQ(summaries[1].at("ExecutionStatus"), "AVAILABLE");
}

TEST_F(ChangeSetProviderTest, DeletingTheLastChangeSetLeavesTheStackInReview) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  Call("DeleteChangeSet", {{"StackName", "app"}, {"ChangeSetName", "one"}});
  EXPECT_EQ(Status("app"), "REVIEW_IN_PROGRESS");
}

TEST_F(ChangeSetProviderTest, ADeletedChangeSetIsChangeSetNotFound) {
  const std::string id =
      CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  Call("DeleteChangeSet", {{"ChangeSetName", id}});
  const core::AwsError error = ErrorOf([&] { Call("DescribeChangeSet", {{"ChangeSetName", id}}); });
  EXPECT_EQ(error.code(), "ChangeSetNotFound");
  EXPECT_EQ(std::string(error.what()), "ChangeSet [" + id + "] does not exist");
}

TEST_F(ChangeSetProviderTest, DeleteChangeSetByNameWithoutStackNameIsRefused) {
  EXPECT_EQ(
      ErrorOf([&] {
        Call("DeleteChangeSet", {{"ChangeSetName", "one"}});
      }).what(),
      std::string("StackName must be specified if ChangeSetName is not specified as an ARN."));
}

TEST_F(ChangeSetProviderTest, DeletingAStackInReviewDeletesIt) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  const std::string id = std::string(Stack("app").at("StackId").as_string());
  Delete("app");
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
}

TEST_F(ChangeSetProviderTest, ARetryWithTheSameClientTokenAnswersTheSameChangeSet) {
  Deploy("app", Template("/cs/a", "v1"));
  const std::string first =
      CreateChangeSet("app", "value", Template("/cs/a", "v2"), {{"ClientToken", "t1"}});
  EXPECT_EQ(CreateChangeSet("app", "value", Template("/cs/a", "v2"), {{"ClientToken", "t1"}}),
            first);
}

TEST_F(ChangeSetProviderTest, AReferenceToAReplacedResourceIsKnownAfterApply) {
  const std::string body = R"({"Parameters": {"Name": {"Type": "String"}}, "Resources": {
      "First": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": {"Ref": "Name"},
                "Type": "String", "Value": "v"}},
      "Second": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/cs/second",
                 "Type": "String", "Value": {"Ref": "First"}}}}})";
  const auto name = [](std::string_view value) {
    return json::array{json::object{{"ParameterKey", "Name"}, {"ParameterValue", value}}};
  };
  CreateChangeSet("app", "initial", body,
                  {{"ChangeSetType", "CREATE"}, {"Parameters", name("/cs/first")}});
  Execute("app", "initial");
  CreateChangeSet("app", "rename", body, {{"Parameters", name("/cs/other")}});
  const json::value second = Describe("app", "rename", {{"IncludePropertyValues", true}})
                                 .at("Changes")
                                 .at(1)
                                 .at("ResourceChange");
  EXPECT_EQ(second.at("LogicalResourceId"), "Second");
  EXPECT_EQ(second.at("Details").at(0).at("Evaluation"), "Dynamic");
  EXPECT_EQ(second.at("Details").at(0).at("Target").at("AfterValue"),
            "{{changeSet:KNOWN_AFTER_APPLY}}");
}

TEST_F(ChangeSetProviderTest, GetTemplateOfAChangeSetIsItsTemplate) {
  const std::string body = Template("/cs/a", "v1");
  CreateChangeSet("app", "one", body, {{"ChangeSetType", "CREATE"}});
  EXPECT_EQ(
      Call("GetTemplate", {{"StackName", "app"}, {"ChangeSetName", "one"}}).at("TemplateBody"),
      json::value(body));
}

TEST_F(ChangeSetProviderTest, GetTemplateSummaryOfAStackInReviewIsRefused) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  EXPECT_EQ(ErrorOf([&] {
              Call("GetTemplateSummary", {{"StackName", "app"}});
            }).what(),
            std::string("GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks."));
}

TEST_F(ChangeSetProviderTest, WithAnAsyncDelayAChangeSetPassesThroughPendingAndInProgress) {
  rt_->rt.options.async_delay_millis = 1000;
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  std::vector<std::string> statuses;
  for (int i = 0; i < 3; ++i) {
    const json::object described = Describe("app", "one");
    statuses.push_back(std::string(described.at("Status").as_string()) + " " +
                       std::string(described.at("ExecutionStatus").as_string()));
    rt_->clock.Advance(1000);
    rt_->RunDueTasks();
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"CREATE_PENDING UNAVAILABLE",
                                                "CREATE_IN_PROGRESS UNAVAILABLE",
                                                "CREATE_COMPLETE AVAILABLE"}));
}

TEST_F(ChangeSetProviderTest, ChangesComeAHundredAPage) {
  std::string body = R"({"Resources": {)";
  for (int i = 0; i < 101; ++i) {
    body += (i ? ", " : "") + std::string("\"P") + std::to_string(i) +
            R"(": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v"}})";
  }
  body += "}}";
  CreateChangeSet("app", "many", body, {{"ChangeSetType", "CREATE"}});
  const json::object first = Describe("app", "many");
  ASSERT_EQ(first.at("Changes").as_array().size(), 100u);
  const json::object second = Describe("app", "many", {{"NextToken", first.at("NextToken")}});
  ASSERT_EQ(second.at("Changes").as_array().size(), 1u);
  EXPECT_FALSE(second.contains("NextToken"));
}

TEST_F(ChangeSetProviderTest, ANextTokenNotGivenForTheListingIsRefusedInAwsWords) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  const core::AwsError error = ErrorOf([&] { Describe("app", "one", {{"NextToken", "bogus"}}); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string(error.what()), "bogus is not a valid NextToken");
}

TEST_F(ChangeSetProviderTest, DescribeChangeSetReturnsTheRequestMembers) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"),
                  {{"ChangeSetType", "CREATE"},
                   {"Description", "first try"},
                   {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "blue"}}}},
                   {"OnStackFailure", "DELETE"},
                   {"IncludeNestedStacks", true}});
  const json::object described = Describe("app", "one");
  EXPECT_EQ(described.at("Description"), "first try");
  EXPECT_EQ(described.at("Tags"), json::parse(R"([{"Key": "team", "Value": "blue"}])"));
  EXPECT_EQ(described.at("OnStackFailure"), "DELETE");
  EXPECT_EQ(described.at("IncludeNestedStacks"), true);
  EXPECT_EQ(described.at("Parameters"),
            json::parse(R"([{"ParameterKey": "Name", "ParameterValue": "/cs/a"},
                            {"ParameterKey": "Value", "ParameterValue": "v1"}])"));
}

TEST_F(ChangeSetProviderTest, ExecutingGivesTheStackTheChangeSetsTags) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"),
                  {{"ChangeSetType", "CREATE"},
                   {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "blue"}}}}});
  Execute("app", "one");
  EXPECT_EQ(Stack("app").at("Tags"), json::parse(R"([{"Key": "team", "Value": "blue"}])"));
}

TEST_F(ChangeSetProviderTest, ARemovedResourceIsARemove) {
  Deploy("app", Template("/cs/a", "v1"));
  CreateChangeSet("app", "empty",
                  R"({"Resources": {"Other": {"Type": "AWS::SSM::Parameter", "Properties":
                      {"Name": "/cs/other", "Type": "String", "Value": "v"}}}})");
  const json::array changes = Describe("app", "empty").at("Changes").as_array();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].at("ResourceChange").at("Action"), "Add");
  EXPECT_EQ(changes[1].at("ResourceChange").at("Action"), "Remove");
  EXPECT_EQ(changes[1].at("ResourceChange").at("PhysicalResourceId"), "/cs/a");
}

TEST_F(ChangeSetProviderTest, AChangeSetOfTheSameNameIsAlreadyExists) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  EXPECT_EQ(ErrorOf([&] {
              CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
            }).code(),
            "AlreadyExistsException");
}

TEST_F(ChangeSetProviderTest, AnUpdateChangeSetOfAStackInReviewIsRefused) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  const std::string id = std::string(Stack("app").at("StackId").as_string());
  EXPECT_EQ(ErrorOf([&] { CreateChangeSet("app", "two", Template("/cs/a", "v2")); }).what(),
            "Stack:" + id + " is in REVIEW_IN_PROGRESS state and can not be updated.");
}

TEST_F(ChangeSetProviderTest, ARetriedExecutionWithItsTokenChangesNothing) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  Call("ExecuteChangeSet",
       {{"StackName", "app"}, {"ChangeSetName", "one"}, {"ClientRequestToken", "t1"}});
  rt_->RunDueTasks();
  Call("ExecuteChangeSet",
       {{"StackName", "app"}, {"ChangeSetName", "one"}, {"ClientRequestToken", "t1"}});
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(ChangeSetProviderTest, AFailedExecutionIsExecuteFailed) {
  Ssm("PutParameter", {{"Name", "/cs/taken"}, {"Value", "x"}, {"Type", "String"}});
  CreateChangeSet("app", "one", Template("/cs/taken", "v1"), {{"ChangeSetType", "CREATE"}});
  Execute("app", "one");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Describe("app", "one").at("ExecutionStatus"), "EXECUTE_FAILED");
}

TEST_F(ChangeSetProviderTest, OnStackFailureDoNothingKeepsAFailedCreation) {
  Ssm("PutParameter", {{"Name", "/cs/taken"}, {"Value", "x"}, {"Type", "String"}});
  CreateChangeSet("app", "one", Template("/cs/taken", "v1"),
                  {{"ChangeSetType", "CREATE"}, {"OnStackFailure", "DO_NOTHING"}});
  Execute("app", "one");
  EXPECT_EQ(Status("app"), "CREATE_FAILED");
}

TEST_F(ChangeSetProviderTest, AnUpdateThatChangesAResourceTypeIsRefused) {
  Deploy("app", Template("/cs/a", "v1"));
  EXPECT_EQ(ErrorOf([&] {
              CreateChangeSet("app", "retype",
                              R"({"Resources": {"Param": {"Type": "Test::Fake"}}})");
            }).what(),
            std::string("Update of resource type is not permitted. The new template modifies "
                        "resource type of the following resources: [Param]"));
}

TEST_F(ChangeSetProviderTest, AChangeSetNameOutsideThePatternIsAValidationError) {
  const core::AwsError error = ErrorOf([&] {
    CreateChangeSet("app", "1-starts-with-a-digit", Template("/cs/a", "v1"),
                    {{"ChangeSetType", "CREATE"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_NE(std::string(error.what()).find("changeSetName"), std::string::npos);
}

TEST_F(ChangeSetProviderTest, AChangeSetOfAStackUpdatedSinceIsObsolete) {
  Deploy("app", Template("/cs/a", "v1"));
  const std::string id = CreateChangeSet("app", "stale", Template("/cs/a", "v2"));
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", Template("/cs/a", "v3")}});
  rt_->RunDueTasks();
  EXPECT_EQ(Describe("app", "stale").at("ExecutionStatus"), "OBSOLETE");
  EXPECT_EQ(ErrorOf([&] { Execute("app", "stale"); }).what(),
            "ChangeSet [" + id + "] cannot be executed in its current status of [OBSOLETE]");
}

TEST_F(ChangeSetProviderTest, DeletingAChangeSetThatDoesNotExistIsChangeSetNotFound) {
  CreateChangeSet("app", "one", Template("/cs/a", "v1"), {{"ChangeSetType", "CREATE"}});
  const core::AwsError error = ErrorOf([&] {
    Call("DeleteChangeSet", {{"StackName", "app"}, {"ChangeSetName", "two"}});
  });
  EXPECT_EQ(error.code(), "ChangeSetNotFound");
  EXPECT_EQ(std::string(error.what()), "ChangeSet [two] does not exist");
}

}  // namespace
}  // namespace nimbus::cloudformation
