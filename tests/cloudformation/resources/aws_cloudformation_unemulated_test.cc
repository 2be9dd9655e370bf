// Custom resources, macros and the registry's types fail at creation with a reason that says
// why nimbus cannot create them.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

class UnemulatedTypeTest : public testing::StackTest {
 protected:
  // Creates a stack of the one resource `R` and returns its CREATE_FAILED reason.
  std::string FailureOf(std::string_view type, std::string_view properties) {
    Create("app", R"({"Resources": {"R": {"Type": ")" + std::string(type) + R"(", "Properties": )" +
                      std::string(properties) + "}}}");
    for (const std::string& line : Events("app")) {
      if (line.starts_with("R CREATE_FAILED ")) return line.substr(16);
    }
    return "";
  }
};

TEST_F(UnemulatedTypeTest, ACustomResourceWithALambdaTokenFailsSayingLambdaIsNotEmulated) {
  EXPECT_EQ(FailureOf("Custom::Thing",
                      R"({"ServiceToken": "arn:aws:lambda:us-east-1:111122223333:function:f"})"),
            "nimbus cannot invoke the ServiceToken "
            "arn:aws:lambda:us-east-1:111122223333:function:f of custom resource R: it is a "
            "Lambda function, and nimbus does not emulate Lambda");
}

TEST_F(UnemulatedTypeTest, ACustomResourceWithAnSnsTokenFailsSayingSnsIsNotEmulated) {
  EXPECT_EQ(FailureOf("AWS::CloudFormation::CustomResource",
                      R"({"ServiceToken": "arn:aws:sns:us-east-1:111122223333:topic"})"),
            "nimbus cannot invoke the ServiceToken arn:aws:sns:us-east-1:111122223333:topic of "
            "custom resource R: it is an SNS topic, and nimbus does not emulate SNS");
}

TEST_F(UnemulatedTypeTest, ACustomResourceFailsInTheFirstStepAndRollsBack) {
  FailureOf("Custom::Thing", R"({"ServiceToken": "arn:aws:lambda:us-east-1:1:function:f"})");
  EXPECT_EQ(Events("app").back(), "app ROLLBACK_COMPLETE");
}

TEST_F(UnemulatedTypeTest, ACustomResourceWithoutServiceTokenFailsValidation) {
  EXPECT_EQ(FailureOf("Custom::Thing", "{}"),
            "Property validation failure: [The property {/ServiceToken} is required]");
}

TEST_F(UnemulatedTypeTest, AMacroFailsSayingLambdaIsNotEmulated) {
  EXPECT_EQ(
      FailureOf("AWS::CloudFormation::Macro",
                R"({"Name": "Upper", "FunctionName": "arn:aws:lambda:us-east-1:1:function:u"})"),
      "nimbus cannot create macro Upper: a macro runs the Lambda function "
      "arn:aws:lambda:us-east-1:1:function:u, and nimbus does not emulate Lambda");
}

TEST_F(UnemulatedTypeTest, ARegistryTypeFailsSayingTheRegistryIsNotEmulated) {
  EXPECT_EQ(FailureOf("AWS::CloudFormation::ModuleVersion",
                      R"({"ModuleName": "A::B::C::MODULE", "ModulePackage": "s3://b/m.zip"})"),
            "nimbus does not emulate the CloudFormation registry (extensions, hooks, modules and "
            "their versions): AWS::CloudFormation::ModuleVersion cannot be created");
}

}  // namespace
}  // namespace nimbus::cloudformation
