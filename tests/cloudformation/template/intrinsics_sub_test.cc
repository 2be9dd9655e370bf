#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"

namespace nimbus::cloudformation {
namespace {

using testing::Json;

class SubTest : public testing::EvaluationTest {
 protected:
  void SetUp() override {
    Load(R"({
      "Parameters": {
        "RootDomainName": {"Type": "String", "Default": "example.com"},
        "Names": {"Type": "CommaDelimitedList", "Default": "a,b"}
      },
      "Resources": {"vpc": {"Type": "AWS::EC2::VPC"}, "MyInstance": {"Type": "AWS::EC2::Instance"}}
    })");
  }
};

TEST_F(SubTest, PseudoParametersAndResourcesAreSubstituted) {
  EXPECT_EQ(Eval(R"({"Fn::Sub": "arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${vpc}"})"),
            Json(R"("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-physical")"));
}

TEST_F(SubTest, MapVariablesAreSubstituted) {
  EXPECT_EQ(Eval(R"({"Fn::Sub": ["www.${Domain}", {"Domain": {"Ref": "RootDomainName"}}]})"),
            Json(R"("www.example.com")"));
}

TEST_F(SubTest, MapVariableShadowsAParameterOfTheSameName) {
  EXPECT_EQ(Eval(R"({"Fn::Sub": ["${RootDomainName}", {"RootDomainName": "local"}]})"),
            Json(R"("local")"));
}

TEST_F(SubTest, DottedVariableIsAnAttribute) {
  EXPECT_EQ(Eval(R"({"Fn::Sub": "ip=${MyInstance.PublicIp}"})"),
            Json(R"("ip=MyInstance.PublicIp")"));
}

TEST_F(SubTest, ExclamationMarkWritesTheVariableLiterally) {
  EXPECT_EQ(Eval(R"({"Fn::Sub": "${!Literal}-${AWS::StackName}"})"),
            Json(R"("${Literal}-teststack")"));
}

TEST_F(SubTest, TextWithoutVariablesIsKept) {
  EXPECT_EQ(Eval(R"({"Fn::Sub": "plain $ text {}"})"), Json(R"("plain $ text {}")"));
}

TEST_F(SubTest, UnknownVariableIsAnUnresolvedDependency) {
  EXPECT_EQ(EvalError(R"({"Fn::Sub": "${Nope}"})"),
            "ValidationError: Template format error: Unresolved resource dependencies [Nope] in "
            "the Resources block of the template");
}

TEST_F(SubTest, ListParameterDoesNotResolveToAString) {
  EXPECT_EQ(EvalError(R"({"Fn::Sub": "${Names}"})"),
            "ValidationError: Template error: variable Names in Fn::Sub expression does not "
            "resolve to a string");
}

TEST_F(SubTest, VariableNameWithASpaceIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Sub": "${ Name }"})"),
            "ValidationError: Template error: variable names in Fn::Sub syntax must contain only "
            "alphanumeric characters, underscores, periods, and colons");
}

TEST_F(SubTest, MapValueThatIsAListIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Sub": ["${X}", {"X": ["a"]}]})"),
            "ValidationError: Template error: every value of the context object of every Fn::Sub "
            "object must be a string or a function that returns a string");
}

TEST_F(SubTest, ThreeArgumentsAreRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Sub": ["a", {}, "b"]})"),
            "ValidationError: Template error: One or more Fn::Sub intrinsic functions don't "
            "specify expected arguments. Specify a string as first argument, and an optional "
            "second argument to specify a mapping of values to replace in the string");
}

}  // namespace
}  // namespace nimbus::cloudformation
