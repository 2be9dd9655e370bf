// AWS::IAM::* in whole stacks: the CDK bootstrap template's roles made natively (so STS can
// assume them later, as `cdk deploy` does), updated, deleted, and the capabilities they need.
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"
#include "core/text.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kDeployRole =
    "arn:aws:iam::111122223333:role/cdk-hnb659fds-deploy-role-111122223333-us-east-1";
constexpr std::string_view kExecRole = "cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1";

std::string Template(std::string_view name) {
  std::ifstream file(std::string(NIMBUS_TEST_DATA_DIR) + "/templates/" + std::string(name));
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

class IamStackTest : public testing::StackTest {
 protected:
  json::value Iam(std::string_view operation, const json::object& in) {
    return rt_->Call(ctx_, "iam", operation, in);
  }
  std::string CreateBootstrap(json::object in = {}) {
    in["Capabilities"] = json::array{"CAPABILITY_NAMED_IAM"};
    return Create("CDKToolkit", Template("cdk_bootstrap_iam.yaml"), std::move(in));
  }
  std::string Output(std::string_view key) { return StackTest::Output("CDKToolkit", key); }
};

TEST_F(IamStackTest, TheCdkBootstrapRolesAreCreated) {
  CreateBootstrap();
  EXPECT_EQ(Stack("CDKToolkit").at("StackStatus"), "CREATE_COMPLETE");
  EXPECT_EQ(Output("DeployRoleArn"), kDeployRole);
  EXPECT_EQ(Output("ExecutionRoleArn"), "arn:aws:iam::111122223333:role/" + std::string(kExecRole));
}

TEST_F(IamStackTest, TheDeployRoleCanBeAssumedThroughSts) {
  CreateBootstrap();
  const json::value assumed =
      rt_->Call(ctx_, "sts", "AssumeRole", {{"RoleArn", kDeployRole}, {"RoleSessionName", "cdk"}});
  EXPECT_EQ(assumed.at("AssumedRoleUser").at("Arn"),
            "arn:aws:sts::111122223333:assumed-role/"
            "cdk-hnb659fds-deploy-role-111122223333-us-east-1/cdk");
}

TEST_F(IamStackTest, TheExecutionRoleGetsAdministratorAccessByDefault) {
  CreateBootstrap();
  EXPECT_EQ(Iam("ListAttachedRolePolicies", {{"RoleName", kExecRole}})
                .at("AttachedPolicies")
                .at(0)
                .at("PolicyArn"),
            "arn:aws:iam::aws:policy/AdministratorAccess");
}

TEST_F(IamStackTest, TheFilePublishingPolicyNamesTheAssetsBucketThroughFnSub) {
  CreateBootstrap();
  const json::value got = Iam(
      "GetRolePolicy",
      {{"RoleName", "cdk-hnb659fds-file-publishing-role-111122223333-us-east-1"},
       {"PolicyName", "cdk-hnb659fds-file-publishing-role-default-policy-111122223333-us-east-1"}});
  std::string text;
  core::UrlDecode(got.at("PolicyDocument").as_string(), &text, false);
  EXPECT_EQ(json::parse(text).at("Statement").at(0).at("Resource").at(0),
            "arn:aws:s3:::cdk-hnb659fds-assets-111122223333-us-east-1");
}

TEST_F(IamStackTest, TheBootstrapStackCanBeUsedAsTheStacksServiceRole) {
  CreateBootstrap();
  Create("app", R"({"Resources": {"R": {"Type": "Test::Fake"}}})",
         {{"RoleARN", "arn:aws:iam::111122223333:role/" + std::string(kExecRole)}});
  EXPECT_EQ(Stack("app").at("StackStatus"), "CREATE_COMPLETE");
}

TEST_F(IamStackTest, AnUpdateOfTheExecutionPoliciesChangesTheRoleInPlace) {
  CreateBootstrap();
  const std::string role_id(
      Iam("GetRole", {{"RoleName", kExecRole}}).at("Role").at("RoleId").as_string());
  Call("UpdateStack",
       {{"StackName", "CDKToolkit"},
        {"UsePreviousTemplate", true},
        {"Capabilities", json::array{"CAPABILITY_NAMED_IAM"}},
        {"Parameters", json::parse(R"([{"ParameterKey": "CloudFormationExecutionPolicies",
                          "ParameterValue": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])")}});
  rt_->RunDueTasks();
  EXPECT_EQ(Stack("CDKToolkit").at("StackStatus"), "UPDATE_COMPLETE");
  EXPECT_EQ(Iam("GetRole", {{"RoleName", kExecRole}}).at("Role").at("RoleId"),
            json::value(role_id));
  EXPECT_EQ(Iam("ListAttachedRolePolicies", {{"RoleName", kExecRole}})
                .at("AttachedPolicies")
                .at(0)
                .at("PolicyName"),
            "ReadOnlyAccess");
}

TEST_F(IamStackTest, DeletingTheStackLeavesNoRole) {
  CreateBootstrap();
  Delete("CDKToolkit");
  EXPECT_EQ(Iam("ListRoles", {}).at("Roles"), json::value(json::array{}));
}

TEST_F(IamStackTest, ANamedRoleWithOnlyCapabilityIamIsRefused) {
  const core::AwsError error = ErrorOf([&] {
    Start("CDKToolkit", Template("cdk_bootstrap_iam.yaml"),
          {{"Capabilities", json::array{"CAPABILITY_IAM"}}});
  });
  EXPECT_EQ(error.code(), "InsufficientCapabilitiesException");
  EXPECT_STREQ(error.what(), "Requires capabilities : [CAPABILITY_NAMED_IAM]");
}

TEST_F(IamStackTest, AnUnnamedRoleNeedsOnlyCapabilityIam) {
  Create("app", R"({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
      "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"Service": "ec2.amazonaws.com"}}]}}}}})",
         {{"Capabilities", json::array{"CAPABILITY_IAM"}}});
  EXPECT_EQ(Stack("app").at("StackStatus"), "CREATE_COMPLETE");
}

TEST_F(IamStackTest, AnIamErrorIsTheResourcesCreateFailedReason) {
  Create("app", R"({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {
      "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"Service": "ec2.amazonaws.com"}, "Resource": "*"}]}}}}})",
         {{"Capabilities", json::array{"CAPABILITY_IAM"}}});
  EXPECT_EQ(Stack("app").at("StackStatus"), "ROLLBACK_COMPLETE");
  bool found = false;
  const json::value events = Call("DescribeStackEvents", {{"StackName", "app"}});
  for (const json::value& event : events.at("StackEvents").as_array()) {
    if (event.at("ResourceStatus") == "CREATE_FAILED") {
      EXPECT_EQ(event.at("ResourceStatusReason"), "Has prohibited field Resource");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace nimbus::cloudformation
