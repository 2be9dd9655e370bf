// ImportStacksToStackSet, CreateStackSet's StackId and the ResolvedValue of ParameterOverrides.
#include "cloudformation/stack_set_import.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_set_fixture.h"
#include "core/partition.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kNoRole = "123123123123";
constexpr std::string_view kFromSsm = R"({
  "Parameters": {"Value": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/src/a"}},
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/import/resolved", "Type": "String",
                                     "Value": {"Ref": "Value"}}}}})";

std::string StackArn(std::string_view account, std::string_view region, std::string_view name) {
  const core::Scope scope{.account = std::string(account), .region = std::string(region)};
  return core::Arn(scope, "cloudformation", "stack/" + std::string(name) + "/uuid-1");
}

TEST(LocateStackTest, AStackArnGivesItsAccountAndRegion) {
  const std::optional<StackLocation> where =
      LocateStack(StackArn("444455556666", "eu-west-1", "s"));
  ASSERT_TRUE(where.has_value());
  EXPECT_EQ(where->account, "444455556666");
  EXPECT_EQ(where->region, "eu-west-1");
}

TEST(LocateStackTest, AnArnOfAnotherResourceIsNoStack) {
  const core::Scope scope{.account = "444455556666", .region = "eu-west-1"};
  EXPECT_FALSE(LocateStack(core::Arn(scope, "cloudformation", "stackset/s:1")).has_value());
  EXPECT_FALSE(LocateStack("my-stack").has_value());
}

TEST(ParseStackIdListTest, IdsAreSplitByCommasAndLinesAndKeptOnce) {
  EXPECT_EQ(ParseStackIdList("a, b\r\nc\n\na,"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ImportOverridesTest, OnlyValuesTheSetDoesNotGiveBecomeOverrides) {
  const json::array stack{{{"ParameterKey", "Same"}, {"ParameterValue", "1"}},
                          {{"ParameterKey", "Other"}, {"ParameterValue", "2"}},
                          {{"ParameterKey", "Unset"}, {"ParameterValue", "3"}}};
  EXPECT_EQ(ImportOverrides(R"([{"ParameterKey":"Same","ParameterValue":"1"},)"
                            R"({"ParameterKey":"Other","ParameterValue":"9"}])",
                            stack),
            R"([{"ParameterKey":"Other","ParameterValue":"2"},)"
            R"({"ParameterKey":"Unset","ParameterValue":"3"}])");
}

TEST(WithResolvedValuesTest, EachOverrideGetsTheResolvedValueItsStackReports) {
  const json::array stack{
      {{"ParameterKey", "Ssm"}, {"ParameterValue", "/a"}, {"ResolvedValue", "x"}},
      {{"ParameterKey", "Plain"}, {"ParameterValue", "p"}}};
  EXPECT_EQ(WithResolvedValues(R"([{"ParameterKey":"Ssm","ParameterValue":"/a",)"
                               R"("ResolvedValue":"old"},)"
                               R"({"ParameterKey":"Plain","ParameterValue":"p"}])",
                               stack),
            R"([{"ParameterKey":"Ssm","ParameterValue":"/a","ResolvedValue":"x"},)"
            R"({"ParameterKey":"Plain","ParameterValue":"p"}])");
}

class StackSetImportTest : public testing::StackSetTest {
 protected:
  // A stack of `account`, deployed; returns its id.
  std::string StackIn(std::string_view account, std::string_view name,
                      std::string_view body = kParameter, json::object in = {}) {
    in["StackName"] = name;
    in["TemplateBody"] = body;
    const std::string id(rt_->Call(test::Context(account), "cloudformation", "CreateStack", in)
                             .at("StackId")
                             .as_string());
    Settle();
    return id;
  }
  json::object StackOf(std::string_view account, std::string_view id) {
    return rt_
        ->Call(test::Context(account), "cloudformation", "DescribeStacks", {{"StackName", id}})
        .at("Stacks")
        .at(0)
        .as_object();
  }
  std::string Import(std::string_view set, json::array ids) {
    return std::string(
        Call("ImportStacksToStackSet", {{"StackSetName", set}, {"StackIds", std::move(ids)}})
            .at("OperationId")
            .as_string());
  }
};

TEST_F(StackSetImportTest, AnImportedStackBecomesACurrentInstanceWithItsStackId) {
  const std::string stack_id = StackIn(kTargetA, "existing");
  CreateSet("adopt");
  Import("adopt", {stack_id});
  Settle();
  const json::object instance = Instance("adopt", kTargetA);
  EXPECT_EQ(instance.at("StackId").as_string(), stack_id);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(Detailed(instance), "SUCCEEDED");
}

TEST_F(StackSetImportTest, AnImportedStackIsNotRecreated) {
  const std::string stack_id = StackIn(kTargetA, "untouched");
  const json::object before = StackOf(kTargetA, stack_id);
  CreateSet("keep");
  Import("keep", {stack_id});
  Settle();
  const json::object after = StackOf(kTargetA, stack_id);
  EXPECT_EQ(after.at("CreationTime"), before.at("CreationTime"));
  EXPECT_EQ(after.at("StackStatus").as_string(), "CREATE_COMPLETE");
  EXPECT_FALSE(after.contains("LastUpdatedTime"));
}

TEST_F(StackSetImportTest, AnImportIsACreateOperationThatSucceeds) {
  const std::string stack_id = StackIn(kTargetA, "op");
  CreateSet("operation");
  const json::object operation = Operation("operation", Import("operation", {stack_id}));
  EXPECT_EQ(operation.at("Action").as_string(), "CREATE");
  Settle();
  EXPECT_EQ(
      Operation("operation", operation.at("OperationId").as_string()).at("Status").as_string(),
      "SUCCEEDED");
}

TEST_F(StackSetImportTest, StackValuesOtherThanTheSetsBecomeOverrides) {
  const std::string stack_id = StackIn(
      kTargetA, "valued", kParameter,
      {{"Parameters", json::array{{{"ParameterKey", "Value"}, {"ParameterValue", "mine"}}}}});
  CreateSet("values");
  Import("values", {stack_id});
  Settle();
  EXPECT_EQ(json::serialize(Instance("values", kTargetA).at("ParameterOverrides")),
            R"([{"ParameterKey":"Value","ParameterValue":"mine"}])");
}

TEST_F(StackSetImportTest, AnUnknownStackIsStackNotFound) {
  CreateSet("unknown");
  const core::AwsError error =
      ErrorOf([&] { Import("unknown", {StackArn(kTargetA, "us-east-1", "nothing")}); });
  EXPECT_EQ(error.code(), "StackNotFoundException");
}

TEST_F(StackSetImportTest, AnIdThatIsNoStackArnIsAValidationError) {
  CreateSet("notarn");
  EXPECT_EQ(ErrorOf([&] { Import("notarn", {"just-a-name"}); }).code(), "ValidationError");
}

TEST_F(StackSetImportTest, MoreThanTenStacksIsLimitExceeded) {
  CreateSet("many");
  json::array ids;
  for (int i = 0; i < 11; ++i) {
    ids.push_back(json::value(StackArn(kTargetA, "us-east-1", "s" + std::to_string(i))));
  }
  EXPECT_EQ(ErrorOf([&] { Import("many", ids); }).code(), "LimitExceededException");
}

TEST_F(StackSetImportTest, AnImportIntoAnUnknownSetIsStackSetNotFound) {
  const std::string stack_id = StackIn(kTargetA, "orphan");
  EXPECT_EQ(ErrorOf([&] { Import("nowhere", {stack_id}); }).code(), "StackSetNotFoundException");
}

TEST_F(StackSetImportTest, AStackOfAnotherSetFailsItsImport) {
  const std::string stack_id = StackIn(kTargetA, "shared");
  CreateSet("first");
  CreateSet("second");
  Import("first", {stack_id});
  Settle();
  const std::string operation = Import("second", {stack_id});
  Settle();
  const json::object instance = Instance("second", kTargetA);
  EXPECT_EQ(Detailed(instance), "FAILED_IMPORT");
  EXPECT_EQ(instance.at("Status").as_string(), "OUTDATED");
  EXPECT_EQ(instance.at("StatusReason").as_string(),
            "Stack " + stack_id + " already belongs to StackSet first.");
  EXPECT_FALSE(instance.contains("StackId"));
  EXPECT_EQ(Operation("second", operation).at("Status").as_string(), "FAILED");
}

TEST_F(StackSetImportTest, AMissingExecutionRoleFailsTheImport) {
  const std::string stack_id = StackIn(kNoRole, "roleless");
  CreateSet("norole");
  Import("norole", {stack_id});
  Settle();
  const json::object instance = Instance("norole", kNoRole);
  EXPECT_EQ(Detailed(instance), "FAILED_IMPORT");
  EXPECT_EQ(instance.at("StatusReason").as_string(),
            "Account 123123123123 should have 'AWSCloudFormationStackSetExecutionRole' role with "
            "trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'.");
}

TEST_F(StackSetImportTest, AFailedImportCanBeRetried) {
  const std::string stack_id = StackIn(kNoRole, "retry");
  CreateSet("retry");
  Import("retry", {stack_id});
  Settle();
  MakeExecutionRole(kNoRole);
  Import("retry", {stack_id});
  Settle();
  EXPECT_EQ(Detailed(Instance("retry", kNoRole)), "SUCCEEDED");
}

TEST_F(StackSetImportTest, AnAccountAndRegionWithAnInstanceIsInvalidOperation) {
  const std::string first = StackIn(kTargetA, "one");
  const std::string second = StackIn(kTargetA, "two");
  CreateSet("occupied");
  Import("occupied", {first});
  Settle();
  EXPECT_EQ(ErrorOf([&] { Import("occupied", {second}); }).code(), "InvalidOperationException");
}

TEST_F(StackSetImportTest, CreateStackSetFromAStackIdTakesItsTemplate) {
  const std::string stack_id = StackIn(kAdmin, "source");
  Call("CreateStackSet", {{"StackSetName", "fromstack"}, {"StackId", stack_id}});
  EXPECT_EQ(Call("DescribeStackSet", {{"StackSetName", "fromstack"}})
                .at("StackSet")
                .at("TemplateBody")
                .as_string(),
            kParameter);
}

TEST_F(StackSetImportTest, CreateStackSetFromAnUnknownStackIsAValidationError) {
  const std::string missing = StackArn(kAdmin, "us-east-1", "gone");
  const core::AwsError error = ErrorOf([&] {
    Call("CreateStackSet", {{"StackSetName", "fromnothing"}, {"StackId", missing}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string(error.what()), "Stack with id " + missing + " does not exist");
}

TEST_F(StackSetImportTest, AnSsmTypedOverrideShowsTheValueItsStackResolved) {
  rt_->Call(test::Context(kTargetA), "ssm", "PutParameter",
            {{"Name", "/src/b"}, {"Value", "resolved-b"}, {"Type", "String"}});
  CreateSet("resolved", kFromSsm);
  Call("CreateStackInstances",
       {{"StackSetName", "resolved"},
        {"Accounts", json::array{kTargetA}},
        {"Regions", json::array{"us-east-1"}},
        {"ParameterOverrides",
         json::array{{{"ParameterKey", "Value"}, {"ParameterValue", "/src/b"}}}}});
  Settle();
  EXPECT_EQ(json::serialize(Instance("resolved", kTargetA).at("ParameterOverrides")),
            R"([{"ParameterKey":"Value","ParameterValue":"/src/b","ResolvedValue":"resolved-b"}])");
}

TEST_F(StackSetImportTest, WithManagedExecutionASecondOperationIsQueued) {
  Call("CreateStackSet", {{"StackSetName", "managed"},
                          {"TemplateBody", kParameter},
                          {"ManagedExecution", {{"Active", true}}}});
  const json::object first = Call("CreateStackInstances", {{"StackSetName", "managed"},
                                                           {"Accounts", json::array{kTargetA}},
                                                           {"Regions", json::array{"us-east-1"}}})
                                 .as_object();
  const json::object second = Call("CreateStackInstances", {{"StackSetName", "managed"},
                                                            {"Accounts", json::array{kTargetB}},
                                                            {"Regions", json::array{"us-east-1"}}})
                                  .as_object();
  const std::string queued(second.at("OperationId").as_string());
  EXPECT_EQ(Operation("managed", queued).at("Status").as_string(), "QUEUED");
  EXPECT_EQ(Operation("managed", first.at("OperationId").as_string()).at("Status").as_string(),
            "RUNNING");
}

TEST_F(StackSetImportTest, AQueuedOperationRunsOnceTheOneBeforeItEnds) {
  Call("CreateStackSet", {{"StackSetName", "inorder"},
                          {"TemplateBody", kParameter},
                          {"ManagedExecution", {{"Active", true}}}});
  Call("CreateStackInstances", {{"StackSetName", "inorder"},
                                {"Accounts", json::array{kTargetA}},
                                {"Regions", json::array{"us-east-1"}}});
  const std::string queued(Call("CreateStackInstances", {{"StackSetName", "inorder"},
                                                         {"Accounts", json::array{kTargetB}},
                                                         {"Regions", json::array{"us-east-1"}}})
                               .at("OperationId")
                               .as_string());
  Settle();
  Settle();
  EXPECT_EQ(Operation("inorder", queued).at("Status").as_string(), "SUCCEEDED");
  EXPECT_EQ(Detailed(Instance("inorder", kTargetB)), "SUCCEEDED");
}

TEST_F(StackSetImportTest, WithoutManagedExecutionASecondOperationIsInProgress) {
  CreateSet("unmanaged");
  Call("CreateStackInstances", {{"StackSetName", "unmanaged"},
                                {"Accounts", json::array{kTargetA}},
                                {"Regions", json::array{"us-east-1"}}});
  EXPECT_EQ(ErrorOf([&] {
              Call("CreateStackInstances", {{"StackSetName", "unmanaged"},
                                            {"Accounts", json::array{kTargetB}},
                                            {"Regions", json::array{"us-east-1"}}});
            }).code(),
            "OperationInProgressException");
}

}  // namespace
}  // namespace nimbus::cloudformation
