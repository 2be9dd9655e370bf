// The CloudFormation stack API: CreateStack's checks and options, DescribeStacks, ListStacks,
// DeleteStack and termination protection, with AWS's codes and messages.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using Lines = std::vector<std::string>;

class StackProviderTest : public testing::StackTest {
 protected:
  // The code and message of the error CreateStack answers for `in`.
  std::pair<std::string, std::string> CreateError(json::object in) {
    if (!in.contains("StackName")) in["StackName"] = "app";
    const core::AwsError error = ErrorOf([&] { Call("CreateStack", in); });
    return {error.code(), error.what()};
  }
};

constexpr std::string_view kFake = R"({"Resources": {"R": {"Type": "Test::Fake"}}})";
constexpr std::string_view kRole = R"({"Resources": {"Role": {"Type": "AWS::IAM::Role",
  "Properties": {"AssumeRolePolicyDocument": {}}}}})";

TEST_F(StackProviderTest, CreateStackAnswersAStackIdInTheRegionsPartition) {
  ctx_ = test::Context("111122223333", "cn-north-1");
  const std::string id = Start("app", kFake);
  EXPECT_TRUE(id.starts_with("arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/app/")) << id;
  EXPECT_EQ(
      id.size(),
      std::string("arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/app/").size() + 36);
}

TEST_F(StackProviderTest, ANewStackIsCreateInProgressUntilTheDeploymentRuns) {
  Start("app", kFake);
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
  EXPECT_EQ(Reason("app"), "User Initiated");
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(StackProviderTest, DescribeStacksAnswersEveryMemberOfTheStack) {
  // A service role IAM has, that CloudFormation may assume.
  rt_->Call(ctx_, "iam", "CreateRole",
            {{"RoleName", "cfn"},
             {"AssumeRolePolicyDocument",
              R"({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                  "Principal": {"Service": "cloudformation.amazonaws.com"}}]})"}});
  const std::string id =
      Create("app", R"({"Description": "demo",
    "Parameters": {"Env": {"Type": "String"}, "Secret": {"Type": "String", "NoEcho": true}},
    "Resources": {"R": {"Type": "Test::Fake"}},
    "Outputs": {"Out": {"Value": {"Ref": "Env"}}}})",
             {{"Parameters", json::parse(R"([
                                  {"ParameterKey": "Env", "ParameterValue": "dev"},
                                  {"ParameterKey": "Secret", "ParameterValue": "hush"}])")},
              {"Tags", json::parse(R"([{"Key": "team", "Value": "blue"}])")},
              {"NotificationARNs", json::array{"arn:aws:sns:us-east-1:111122223333:topic"}},
              {"TimeoutInMinutes", 10},
              {"Capabilities", json::array{"CAPABILITY_IAM"}},
              {"RoleARN", "arn:aws:iam::111122223333:role/cfn"},
              {"EnableTerminationProtection", true}});
  const json::object stack = Stack("app");
  json::object expected = json::parse(R"({
    "StackName": "app", "Description": "demo",
    "Parameters": [{"ParameterKey": "Env", "ParameterValue": "dev"},
                   {"ParameterKey": "Secret", "ParameterValue": "****"}],
    "RollbackConfiguration": {}, "StackStatus": "CREATE_COMPLETE", "DisableRollback": false,
    "NotificationARNs": ["arn:aws:sns:us-east-1:111122223333:topic"], "TimeoutInMinutes": 10,
    "Capabilities": ["CAPABILITY_IAM"],
    "Outputs": [{"OutputKey": "Out", "OutputValue": "dev"}],
    "RoleARN": "arn:aws:iam::111122223333:role/cfn",
    "Tags": [{"Key": "team", "Value": "blue"}], "EnableTerminationProtection": true,
    "DriftInformation": {"StackDriftStatus": "NOT_CHECKED"}, "RetainExceptOnCreate": false})")
                              .as_object();
  expected["StackId"] = id;
  expected["CreationTime"] = rt_->clock.NowSeconds();
  expected["LastOperations"] = json::array{
      json::object{{"OperationType", "CREATE_STACK"},
                   {"OperationId", stack.at("LastOperations").at(0).at("OperationId")}}};
  EXPECT_EQ(stack, expected);
}

TEST_F(StackProviderTest, DescribeStacksOfAnUnknownStackIsAValidationError) {
  const core::AwsError error = ErrorOf([&] { Stack("nope"); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "Stack with id nope does not exist");
}

TEST_F(StackProviderTest, DescribeStacksWithoutANameListsLiveStacksNewestFirst) {
  Create("one", kFake);
  Create("two", kFake);
  Create("gone", kFake);
  Delete("gone");
  const json::value out = Call("DescribeStacks");
  ASSERT_EQ(out.at("Stacks").as_array().size(), 2u);
  EXPECT_EQ(out.at("Stacks").at(0).at("StackName"), "two");
  EXPECT_EQ(out.at("Stacks").at(1).at("StackName"), "one");
}

TEST_F(StackProviderTest, AStackNameIsTakenWhileItsStackLives) {
  Create("app", kFake);
  EXPECT_EQ(CreateError({{"TemplateBody", kFake}}),
            std::make_pair(std::string("AlreadyExistsException"),
                           std::string("Stack [app] already exists")));
}

TEST_F(StackProviderTest, TheNameOfADeletedStackCanBeUsedAgain) {
  const std::string first = Create("app", kFake);
  Delete("app");
  const std::string second = Create("app", kFake);
  EXPECT_NE(first, second);
  EXPECT_EQ(Status(first), "DELETE_COMPLETE");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(StackProviderTest, ARetryWithTheSameClientRequestTokenAnswersTheSameStack) {
  const std::string id = Create("app", kFake, {{"ClientRequestToken", "once"}});
  EXPECT_EQ(Start("app", kFake, {{"ClientRequestToken", "once"}}), id);
}

TEST_F(StackProviderTest, ASecondRequestWithAnotherTokenIsAlreadyExists) {
  Create("app", kFake, {{"ClientRequestToken", "once"}});
  EXPECT_EQ(CreateError({{"TemplateBody", kFake}, {"ClientRequestToken", "twice"}}).first,
            "AlreadyExistsException");
}

TEST_F(StackProviderTest, AStackNameMustStartWithALetter) {
  EXPECT_EQ(CreateError({{"StackName", "1app"}, {"TemplateBody", kFake}}).second,
            "1 validation error detected: Value '1app' at 'stackName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
}

TEST_F(StackProviderTest, AStackNameHasAtMost128Characters) {
  const std::string name(129, 'a');
  EXPECT_EQ(CreateError({{"StackName", name}, {"TemplateBody", kFake}}).second,
            "1 validation error detected: Value '" + name +
                "' at 'stackName' failed to satisfy constraint: Member must have length less "
                "than or equal to 128");
}

TEST_F(StackProviderTest, ATemplateIsRequired) {
  EXPECT_EQ(CreateError({}), std::make_pair(std::string("ValidationError"),
                                            std::string("Either Template URL or Template Body "
                                                        "must be specified.")));
}

TEST_F(StackProviderTest, TemplateBodyAndTemplateUrlExcludeEachOther) {
  EXPECT_EQ(CreateError({{"TemplateBody", kFake}, {"TemplateURL", "https://example.com/t"}}).second,
            "You cannot specify both Template URL and Template Body.");
}

TEST_F(StackProviderTest, ATemplateBodyHasAtMost51200Bytes) {
  const std::string body = std::string(kFake) + std::string(51200, ' ');
  EXPECT_EQ(CreateError({{"TemplateBody", body}}).second,
            "1 validation error detected: Value '" + body +
                "' at 'templateBody' failed to satisfy constraint: Member must have length less "
                "than or equal to 51200");
}

TEST_F(StackProviderTest, ATemplateUrlOutsideS3IsNotSupported) {
  EXPECT_EQ(CreateError({{"TemplateURL", "https://example.com/dummy.yml"}}).second,
            "TemplateURL must be a supported URL.");
}

TEST_F(StackProviderTest, AnS3SchemeUrlIsNotAnS3Domain) {
  EXPECT_EQ(CreateError({{"TemplateURL", "s3://bucket/test/template.yml"}}).second,
            "S3 error: Domain name specified in bucket is not a valid S3 domain");
}

TEST_F(StackProviderTest, AnS3UrlOfAMissingBucketIsS3sErrorInEveryForm) {
  const std::string missing =
      "S3 error: The specified bucket does not exist\nFor more information check "
      "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html";
  EXPECT_EQ(CreateError({{"TemplateURL", "https://s3.amazonaws.com/b/t.yml"}}).second, missing);
  EXPECT_EQ(CreateError({{"TemplateURL", "https://b.s3.eu-west-1.amazonaws.com/t.yml"}}).second,
            missing);
  EXPECT_EQ(CreateError({{"TemplateURL", "http://127.0.0.1:4566/b/t.yml"}}).second, missing);
}

TEST_F(StackProviderTest, OnFailureAndDisableRollbackExcludeEachOther) {
  EXPECT_EQ(
      CreateError({{"TemplateBody", kFake}, {"OnFailure", "DELETE"}, {"DisableRollback", false}})
          .second,
      "Either DisableRollback or OnFailure can be specified, not both.");
}

TEST_F(StackProviderTest, ATemplateErrorIsAnsweredBeforeAnyStackExists) {
  EXPECT_EQ(CreateError({{"TemplateBody", R"({"Resources": {"A": {"Type": "Test::Fake",
              "Properties": {"X": {"Ref": "Nothing"}}}}})"}})
                .second,
            "Template format error: Unresolved resource dependencies [Nothing] in the Resources "
            "block of the template");
  EXPECT_EQ(ErrorOf([&] { Stack("app"); }).code(), "ValidationError");
}

TEST_F(StackProviderTest, AResourceTypeNimbusDoesNotKnowIsAFormatError) {
  EXPECT_EQ(CreateError({{"TemplateBody", R"({"Resources": {
              "A": {"Type": "AWS::Nimbus::Nothing"}, "B": {"Type": "AWS::Nimbus::Nothing"},
              "C": {"Type": "AWS::Nimbus::Else"}}})"}})
                .second,
            "Template format error: Unrecognized resource types: [AWS::Nimbus::Nothing, "
            "AWS::Nimbus::Else]");
}

TEST_F(StackProviderTest, AMissingParameterValueIsAnsweredAtOnce) {
  EXPECT_EQ(CreateError({{"TemplateBody", R"({"Parameters": {"Input": {"Type": "String"}},
              "Resources": {"R": {"Type": "Test::Fake"}}})"}})
                .second,
            "Parameters: [Input] must have values");
}

TEST_F(StackProviderTest, AnIamResourceNeedsCapabilityIam) {
  EXPECT_EQ(CreateError({{"TemplateBody", kRole}}),
            std::make_pair(std::string("InsufficientCapabilitiesException"),
                           std::string("Requires capabilities : [CAPABILITY_IAM]")));
}

TEST_F(StackProviderTest, ANamedIamResourceNeedsCapabilityNamedIam) {
  EXPECT_EQ(CreateError({{"TemplateBody", R"({"Resources": {"Role": {"Type": "AWS::IAM::Role",
              "Properties": {"RoleName": "r", "AssumeRolePolicyDocument": {}}}}})"},
                         {"Capabilities", json::array{"CAPABILITY_IAM"}}})
                .second,
            "Requires capabilities : [CAPABILITY_NAMED_IAM]");
}

TEST_F(StackProviderTest, CapabilityNamedIamAcknowledgesUnnamedIamResources) {
  Start("app", kRole, {{"Capabilities", json::array{"CAPABILITY_NAMED_IAM"}}});
  EXPECT_EQ(Status("app"), "CREATE_IN_PROGRESS");
}

TEST_F(StackProviderTest, ATransformNeedsCapabilityAutoExpand) {
  EXPECT_EQ(CreateError({{"TemplateBody", R"({"Transform": "AWS::LanguageExtensions",
              "Resources": {"R": {"Type": "Test::Fake"}}})"}})
                .second,
            "Requires capabilities : [CAPABILITY_AUTO_EXPAND]");
}

TEST_F(StackProviderTest, ResourceTypesRefusesATypeItDoesNotAdmit) {
  EXPECT_EQ(CreateError({{"TemplateBody", R"({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})"},
                         {"ResourceTypes", json::array{"AWS::EC2::*"}}})
                .second,
            "Resource type AWS::SNS::Topic is not allowed by parameter ResourceTypes "
            "[AWS::EC2::*]");
}

TEST_F(StackProviderTest, ResourceTypesAdmitsTypesByPrefixAndInFull) {
  Start("app", kFake, {{"ResourceTypes", json::array{"AWS::EC2::*", "Test::*"}}});
  Start("other", kFake, {{"ResourceTypes", json::array{"Test::Fake"}}});
  EXPECT_EQ(Status("other"), "CREATE_IN_PROGRESS");
}

TEST_F(StackProviderTest, ARollbackTriggerMustBeACloudWatchAlarm) {
  EXPECT_EQ(CreateError({{"TemplateBody", kFake},
                         {"RollbackConfiguration", json::parse(R"({"RollbackTriggers": [{"Arn":
                            "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a",
                            "Type": "AWS::SNS::Topic"}]})")}})
                .second,
            "Rollback Trigger Type not supported");
}

TEST_F(StackProviderTest, ARollbackTriggerArnMustNameAnAlarm) {
  EXPECT_EQ(CreateError({{"TemplateBody", kFake},
                         {"RollbackConfiguration", json::parse(R"({"RollbackTriggers": [{"Arn":
                            "arn:aws:sns:us-east-1:111122223333:topic",
                            "Type": "AWS::CloudWatch::Alarm"}]})")}})
                .second,
            "RelativeId of a Rollback Trigger's ARN is incorrect");
}

TEST_F(StackProviderTest, AValidRollbackConfigurationIsKeptAndAnswered) {
  const json::value configuration = json::parse(R"({"RollbackTriggers": [{"Arn":
    "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a", "Type": "AWS::CloudWatch::Alarm"}],
    "MonitoringTimeInMinutes": 5})");
  Create("app", kFake, {{"RollbackConfiguration", configuration}});
  EXPECT_EQ(Stack("app").at("RollbackConfiguration"), configuration);
}

TEST_F(StackProviderTest, MoreThanFiveNotificationArnsAreRefusedByTheModel) {
  json::array arns;
  for (int i = 0; i < 6; ++i)
    arns.emplace_back("arn:aws:sns:us-east-1:111122223333:t" + std::to_string(i));
  EXPECT_EQ(CreateError({{"TemplateBody", kFake}, {"NotificationARNs", arns}}).first,
            "ValidationError");
}

TEST_F(StackProviderTest, ListStacksIncludesDeletedStacksAndFiltersByStatus) {
  Create("live", kFake);
  Create("gone", kFake);
  Delete("gone");
  const json::value all = Call("ListStacks");
  ASSERT_EQ(all.at("StackSummaries").as_array().size(), 2u);
  EXPECT_EQ(all.at("StackSummaries").at(0).at("StackStatus"), "DELETE_COMPLETE");
  const json::value live =
      Call("ListStacks", {{"StackStatusFilter", json::array{"CREATE_COMPLETE"}}});
  ASSERT_EQ(live.at("StackSummaries").as_array().size(), 1u);
  EXPECT_EQ(live.at("StackSummaries").at(0).at("StackName"), "live");
}

TEST_F(StackProviderTest, ListStacksPagesByAHundred) {
  for (int i = 0; i < 101; ++i) Start("s" + std::to_string(i), kFake);
  const json::value first = Call("ListStacks");
  EXPECT_EQ(first.at("StackSummaries").as_array().size(), 100u);
  const json::value second = Call("ListStacks", {{"NextToken", first.at("NextToken")}});
  ASSERT_EQ(second.at("StackSummaries").as_array().size(), 1u);
  EXPECT_EQ(second.at("StackSummaries").at(0).at("StackName"), "s0");
  EXPECT_FALSE(second.as_object().contains("NextToken"));
}

TEST_F(StackProviderTest, DeletingAStackThatDoesNotExistSucceeds) {
  EXPECT_EQ(Call("DeleteStack", {{"StackName", "nope"}}), json::object());
}

TEST_F(StackProviderTest, TerminationProtectionRefusesDeleteStack) {
  Create("app", kFake, {{"EnableTerminationProtection", true}});
  const core::AwsError error = ErrorOf([&] { Call("DeleteStack", {{"StackName", "app"}}); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(),
               "Stack [app] cannot be deleted while TerminationProtection is enabled");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(StackProviderTest, TurningTerminationProtectionOffAllowsDeleteStack) {
  const std::string id = Create("app", kFake, {{"EnableTerminationProtection", true}});
  EXPECT_EQ(Call("UpdateTerminationProtection",
                 {{"StackName", "app"}, {"EnableTerminationProtection", false}}),
            json::value(json::object{{"StackId", id}}));
  Delete("app");
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
}

TEST_F(StackProviderTest, TerminationProtectionOfADeletedStackCannotChange) {
  const std::string id = Create("app", kFake);
  Delete("app");
  EXPECT_EQ(std::string(ErrorOf([&] {
                          Call("UpdateTerminationProtection",
                               {{"StackName", id}, {"EnableTerminationProtection", true}});
                        }).what()),
            "Stack:" + id + " is in DELETE_COMPLETE state and can not be updated.");
}

TEST_F(StackProviderTest, RetainResourcesIsRefusedUnlessTheStackIsDeleteFailed) {
  Create("app", kFake);
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteStack", {{"StackName", "app"}, {"RetainResources", json::array{"R"}}});
            }).code(),
            "ValidationError");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(StackProviderTest, RetainResourcesOutsideDeleteFailedIsRefusedWithAwsWords) {
  const std::string id = Create("app", kFake);
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteStack", {{"StackName", "app"}, {"RetainResources", json::array{"R"}}});
            }).message(),
            "Invalid operation on stack [" + id +
                "]. When you delete a stack, specify which resources to retain only when the "
                "stack is in the DELETE_FAILED state.");
}

TEST_F(StackProviderTest, ForceDeleteOutsideDeleteFailedIsRefused) {
  const std::string id = Create("app", kFake);
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteStack", {{"StackName", "app"}, {"DeletionMode", "FORCE_DELETE_STACK"}});
            }).message(),
            "Invalid operation on stack [" + id +
                "]. The FORCE_DELETE_STACK deletion mode applies only to a stack in the "
                "DELETE_FAILED state.");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(StackProviderTest, DeleteStackKeepsItsClientRequestTokenOnItsEvents) {
  const std::string id = Create("app", kFake);
  Delete("app", {{"ClientRequestToken", "bye"}});
  const json::value out = Call("DescribeStackEvents", {{"StackName", id}});
  EXPECT_EQ(out.at("StackEvents").at(0).at("ClientRequestToken"), "bye");
  EXPECT_FALSE(out.at("StackEvents").as_array().back().as_object().contains("ClientRequestToken"));
}

}  // namespace
}  // namespace nimbus::cloudformation
