// Stack policies through the API: SetStackPolicy and GetStackPolicy, and updates that a policy
// refuses rolling back.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

std::string OneParameter(std::string_view name, std::string_view value) {
  return R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": ")" +
         std::string(name) + R"(", "Type": "String", "Value": ")" + std::string(value) + R"("}}}})";
}

constexpr std::string_view kProtectParam = R"({"Statement": [
  {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "Update:*", "Principal": "*", "Resource": "LogicalResourceId/Param"}]})";
constexpr std::string_view kAllowAll =
    R"({"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]})";

class PolicyProviderTest : public testing::StackTest {
 protected:
  void Update(std::string_view body, json::object in = {}) {
    in["StackName"] = "app";
    in["TemplateBody"] = body;
    Call("UpdateStack", in);
    rt_->RunDueTasks();
  }
};

TEST_F(PolicyProviderTest, GetStackPolicyReturnsThePolicySet) {
  Create("app", OneParameter("/p/a", "v1"));
  Call("SetStackPolicy", {{"StackName", "app"}, {"StackPolicyBody", kProtectParam}});
  EXPECT_EQ(Call("GetStackPolicy", {{"StackName", "app"}}).at("StackPolicyBody").as_string(),
            kProtectParam);
}

TEST_F(PolicyProviderTest, AStackWithoutAPolicyHasNoPolicyBody) {
  Create("app", OneParameter("/p/a", "v1"));
  EXPECT_FALSE(
      Call("GetStackPolicy", {{"StackName", "app"}}).as_object().contains("StackPolicyBody"));
}

TEST_F(PolicyProviderTest, SetStackPolicyRefusesBothBodyAndUrl) {
  Create("app", OneParameter("/p/a", "v1"));
  const core::AwsError error = ErrorOf([&] {
    Call("SetStackPolicy", {{"StackName", "app"},
                            {"StackPolicyBody", kAllowAll},
                            {"StackPolicyURL", "https://example.com/p.json"}});
  });
  EXPECT_STREQ(error.what(), "You cannot specify both StackPolicyURL and StackPolicyBody");
}

TEST_F(PolicyProviderTest, SetStackPolicyRefusesAnInvalidPolicy) {
  Create("app", OneParameter("/p/a", "v1"));
  const core::AwsError error = ErrorOf([&] {
    Call("SetStackPolicy", {{"StackName", "app"}, {"StackPolicyBody", "{}"}});
  });
  EXPECT_STREQ(error.what(), "Error validating stack policy: Invalid stack policy");
}

TEST_F(PolicyProviderTest, APolicyGivenAtCreationIsKept) {
  Create("app", OneParameter("/p/a", "v1"), {{"StackPolicyBody", kProtectParam}});
  EXPECT_EQ(Call("GetStackPolicy", {{"StackName", "app"}}).at("StackPolicyBody").as_string(),
            kProtectParam);
}

TEST_F(PolicyProviderTest, ADeniedModificationFailsTheUpdateAndRollsBack) {
  Create("app", OneParameter("/p/a", "v1"), {{"StackPolicyBody", kProtectParam}});
  Update(OneParameter("/p/a", "v2"));
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/p/a"), "v1");
  const std::vector<std::string> events = Events("app");
  EXPECT_EQ(events.at(6),
            "Param UPDATE_FAILED Action denied by stack policy: Statement [#2] does not allow "
            "[Update:Modify] for resource [LogicalResourceId/Param];");
  EXPECT_EQ(
      events.at(7),
      "app UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [Param]. ");
}

TEST_F(PolicyProviderTest, ADeniedReplacementKeepsTheOldParameter) {
  Create("app", OneParameter("/p/a", "v1"), {{"StackPolicyBody", R"({"Statement": [
           {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
           {"Effect": "Deny", "Action": "Update:Replace", "Principal": "*", "Resource": "*",
            "Condition": {"StringEquals": {"ResourceType": "AWS::SSM::Parameter"}}}]})"}});
  Update(OneParameter("/p/b", "v1"));
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/p/a"), "v1");
  EXPECT_EQ(Parameter("/p/b"), "");
}

TEST_F(PolicyProviderTest, ADeniedRemovalKeepsTheResource) {
  Create("app", R"({"Resources": {
    "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/p/a", "Type": "String", "Value": "v1"}},
    "Other": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/p/o", "Type": "String", "Value": "o"}}}})",
         {{"StackPolicyBody", kProtectParam}});
  Update(R"({"Resources": {
    "Other": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/p/o", "Type": "String", "Value": "o2"}}}})");
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/p/a"), "v1");
  EXPECT_EQ(Parameter("/p/o"), "o");
}

TEST_F(PolicyProviderTest, APolicyDuringUpdateOverridesTheStacksForOneUpdate) {
  Create("app", OneParameter("/p/a", "v1"), {{"StackPolicyBody", kProtectParam}});
  Update(OneParameter("/p/a", "v2"), {{"StackPolicyDuringUpdateBody", kAllowAll}});
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/p/a"), "v2");
  Update(OneParameter("/p/a", "v3"));
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
