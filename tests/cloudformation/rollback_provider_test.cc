// CancelUpdateStack, ContinueUpdateRollback and RollbackStack through the API, with resources
// that really fail.
#include <string>

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

// Param gets an AllowedPattern its old value does not match, then Broken fails (its name is
// taken): rolling Param back to "abc" fails for real, as SSM keeps the pattern.
constexpr std::string_view kPatternThenBroken = R"({"Resources": {
  "Param": {"Type": "AWS::SSM::Parameter", "Properties":
    {"Name": "/r/p", "Type": "String", "Value": "123", "AllowedPattern": "^[0-9]+$"}},
  "Broken": {"Type": "AWS::SSM::Parameter", "DependsOn": "Param",
    "Properties": {"Name": "/taken", "Type": "String", "Value": "b"}}}})";

class RollbackProviderTest : public testing::StackTest {
 protected:
  void SetUp() override {
    Ssm("PutParameter", {{"Name", "/taken"}, {"Value", "x"}, {"Type", "String"}});
  }
  void Run(std::string_view operation, json::object in = {}) {
    in["StackName"] = "app";
    Call(operation, in);
    rt_->RunDueTasks();
  }
  std::string ErrorMessage(std::string_view operation) {
    return ErrorOf([&] { Call(operation, {{"StackName", "app"}}); }).what();
  }
};

TEST_F(RollbackProviderTest, RollbackStackRollsBackAnUpdateLeftFailed) {
  Create("app", OneParameter("/r/p", "v1"));
  Run("UpdateStack", {{"TemplateBody", OneParameter("/taken", "v2")}, {"DisableRollback", true}});
  ASSERT_EQ(Status("app"), "UPDATE_FAILED");
  Run("RollbackStack");
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/r/p"), "v1");
}

TEST_F(RollbackProviderTest, RollbackStackRollsBackACreationLeftFailed) {
  Create("app", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/r/a", "Type": "String", "Value": "a"}},
    "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
          "Properties": {"Name": "/taken", "Type": "String", "Value": "b"}}}})",
         {{"DisableRollback", true}});
  ASSERT_EQ(Status("app"), "CREATE_FAILED");
  Run("RollbackStack");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/r/a"), "");
}

TEST_F(RollbackProviderTest, RollbackStackOfACompleteStackIsRefused) {
  const std::string id = Create("app", OneParameter("/r/p", "v1"));
  EXPECT_EQ(ErrorMessage("RollbackStack"),
            "Stack:" + id + " is in CREATE_COMPLETE state and can not be rolled back.");
}

TEST_F(RollbackProviderTest, CancelUpdateStackOutsideAnUpdateIsRefused) {
  Create("app", OneParameter("/r/p", "v1"));
  EXPECT_EQ(ErrorMessage("CancelUpdateStack"),
            "CancelUpdateStack cannot be called from current stack status");
}

TEST_F(RollbackProviderTest, CancelUpdateStackRollsTheUpdateBack) {
  Create("app", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/r/a", "Type": "String", "Value": "a1"}},
    "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
          "Properties": {"Name": "/r/b", "Type": "String", "Value": "b1"}}}})");
  rt_->rt.options.async_delay_millis = 1000;
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", R"({"Resources": {
    "A": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/r/a", "Type": "String", "Value": "a2"}},
    "B": {"Type": "AWS::SSM::Parameter", "DependsOn": "A",
          "Properties": {"Name": "/r/b", "Type": "String", "Value": "b2"}}}})"}});
  rt_->clock.Advance(1000);
  rt_->RunDueTasks();
  ASSERT_EQ(Parameter("/r/a"), "a2");
  Call("CancelUpdateStack", {{"StackName", "app"}});
  for (int i = 0; i < 5; ++i) {
    rt_->clock.Advance(1000);
    rt_->RunDueTasks();
  }
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/r/a"), "a1");
  EXPECT_EQ(Parameter("/r/b"), "b1");
}

TEST_F(RollbackProviderTest, ARollbackTheServiceRefusesIsUpdateRollbackFailed) {
  Create("app", R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter",
    "Properties": {"Name": "/r/p", "Type": "String", "Value": "abc"}}}})");
  Run("UpdateStack", {{"TemplateBody", kPatternThenBroken}});
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_FAILED");
  EXPECT_EQ(Reason("app"), "The following resource(s) failed to update: [Param]. ");
}

TEST_F(RollbackProviderTest, ContinueUpdateRollbackSkippingTheFailedResourceCompletes) {
  Create("app", R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter",
    "Properties": {"Name": "/r/p", "Type": "String", "Value": "abc"}}}})");
  Run("UpdateStack", {{"TemplateBody", kPatternThenBroken}});
  ASSERT_EQ(Status("app"), "UPDATE_ROLLBACK_FAILED");
  Run("ContinueUpdateRollback", {{"ResourcesToSkip", json::array{"Param"}}});
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Events("app").at(Events("app").size() - 3),
            "Param UPDATE_COMPLETE Resource skipped during rollback.");
}

TEST_F(RollbackProviderTest, ContinueUpdateRollbackOutsideAFailedRollbackIsRefused) {
  const std::string id = Create("app", OneParameter("/r/p", "v1"));
  EXPECT_EQ(ErrorMessage("ContinueUpdateRollback"),
            "Stack:" + id +
                " is in CREATE_COMPLETE state and can not continue the update "
                "rollback.");
}

}  // namespace
}  // namespace nimbus::cloudformation
