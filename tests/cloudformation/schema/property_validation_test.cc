#include "cloudformation/schema/property_validation.h"

#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace nimbus::cloudformation {
namespace {

using Problems = std::vector<std::string>;

// Checks properties (JSON text) against the embedded schema of a type, as the simulated
// resources do.
class PropertyValidationTest : public ::testing::Test {
 protected:
  Problems Check(std::string_view type, std::string_view props) {
    const ResourceSchema* schema = registry_.Find(type);
    if (schema == nullptr) {
      ADD_FAILURE() << "no schema for " << type;
      return {};
    }
    const PropertyValidator validator(*schema);
    return validator.Problems(boost::json::parse(props).as_object());
  }

  // A Lambda function's properties: its required Code and Role, and `more` (JSON members).
  Problems CheckFunction(std::string_view more) {
    return Check("AWS::Lambda::Function",
                 R"({"Code": {"ZipFile": "x"}, "Role": "arn:aws:iam::111122223333:role/r", )" +
                     std::string(more) + "}");
  }

  SchemaRegistry registry_;
};

TEST_F(PropertyValidationTest, PropertiesThatFitTheSchemaHaveNoProblems) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"CidrBlock": "10.0.0.0/16", "EnableDnsSupport": true,
                                       "Tags": [{"Key": "k", "Value": "v"}]})"),
            Problems{});
}

TEST_F(PropertyValidationTest, AMissingRequiredPropertyIsRequired) {
  EXPECT_EQ(Check("AWS::EC2::Subnet", R"({"CidrBlock": "10.0.1.0/24"})"),
            Problems{"The property {/VpcId} is required"});
}

TEST_F(PropertyValidationTest, AnObjectWhereAStringBelongsDoesNotMatchTypeString) {
  EXPECT_EQ(Check("AWS::EC2::Subnet", R"({"VpcId": {"a": 1}})"),
            Problems{"Value of property {/VpcId} does not match type {String}"});
}

TEST_F(PropertyValidationTest, ScalarsAreTakenAsCloudFormationTakesThem) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"CidrBlock": "10.0.0.0/16", "EnableDnsSupport": "true",
                                       "Ipv4NetmaskLength": "16"})"),
            Problems{});
}

TEST_F(PropertyValidationTest, TextWhereAnIntegerBelongsDoesNotMatchTypeInteger) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"Ipv4NetmaskLength": "sixteen"})"),
            Problems{"Value of property {/Ipv4NetmaskLength} does not match type {Integer}"});
}

TEST_F(PropertyValidationTest, AStringWhereAListBelongsDoesNotMatchTypeArray) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"Tags": "k=v"})"),
            Problems{"Value of property {/Tags} does not match type {Array}"});
}

TEST_F(PropertyValidationTest, UnknownPropertiesAreUnsupportedAtTheTop) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"CidrBlock": "10.0.0.0/16", "Foo": 1, "Bar": 2})"),
            Problems{"Encountered unsupported properties in {/}: [Foo, Bar]"});
}

TEST_F(PropertyValidationTest, UnknownPropertiesOfADefinitionAreUnsupportedWhereTheyAre) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"Tags": [{"Key": "k", "Value": "v", "Colour": "red"}]})"),
            Problems{"Encountered unsupported properties in {/Tags/0}: [Colour]"});
}

TEST_F(PropertyValidationTest, ARequiredMemberOfADefinitionIsRequiredWithItsPath) {
  EXPECT_EQ(Check("AWS::EC2::VPC", R"({"Tags": [{"Key": "k"}]})"),
            Problems{"The property {/Tags/0/Value} is required"});
}

TEST_F(PropertyValidationTest, AValueOutsideTheEnumDoesNotMatchTheEnumList) {
  EXPECT_EQ(Check("AWS::Events::Rule", R"({"State": "PAUSED"})"),
            Problems{"Value for property {/State} does not match with the enum list "
                     "[DISABLED, ENABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]"});
}

TEST_F(PropertyValidationTest, AValueThatDoesNotMatchThePatternSaysWhichPattern) {
  EXPECT_EQ(CheckFunction(R"("Handler": "index handler")"),
            Problems{"Value for property {/Handler} does not match pattern {^[^\\s]+$}"});
}

TEST_F(PropertyValidationTest, ATooLongValueIsLongerThanTheMaximumLength) {
  const std::string name(81, 'n');
  EXPECT_EQ(Check("AWS::StepFunctions::StateMachine",
                  R"({"RoleArn": "arn:aws:iam::111122223333:role/r", "StateMachineName": ")" +
                      name + R"("})"),
            Problems{"Length of value {" + name +
                     "} for property {/StateMachineName} is greater than maximum allowed "
                     "length {80}"});
}

TEST_F(PropertyValidationTest, AnEmptyValueIsShorterThanTheMinimumLength) {
  EXPECT_EQ(Check("AWS::StepFunctions::StateMachine",
                  R"({"RoleArn": "arn:aws:iam::111122223333:role/r", "StateMachineName": ""})"),
            Problems{"Length of value {} for property {/StateMachineName} is less than minimum "
                     "allowed length {1}"});
}

TEST_F(PropertyValidationTest, ANumberBelowTheMinimumIsLessThanTheMinimumValue) {
  EXPECT_EQ(CheckFunction(R"("ReservedConcurrentExecutions": -1)"),
            Problems{"Value {-1} for property {/ReservedConcurrentExecutions} is less than "
                     "minimum allowed value {0}"});
}

TEST_F(PropertyValidationTest, ANumberAboveTheMaximumIsGreaterThanTheMaximumValue) {
  EXPECT_EQ(Check("AWS::EC2::SubnetCidrBlock",
                  R"({"SubnetId": "subnet-0123456789abcdef0", "Ipv6NetmaskLength": "200"})"),
            Problems{"Value {200} for property {/Ipv6NetmaskLength} is greater than maximum "
                     "allowed value {128}"});
}

// cfn-lint lists the Lambda runtimes of its release; CloudFormation's schema has no such list,
// and AWS takes a runtime released since.
TEST_F(PropertyValidationTest, ALambdaRuntimeMissingFromCfnLintsListIsTaken) {
  EXPECT_EQ(CheckFunction(R"("Runtime": "nodejs99.x")"), Problems{});
}

TEST_F(PropertyValidationTest, AnInstanceTypeMissingFromCfnLintsListIsTaken) {
  EXPECT_EQ(Check("AWS::EC2::Instance", R"({"InstanceType": "z9.mega"})"), Problems{});
}

// SQS refuses it; CloudFormation's schema for the queue has no range (cfn-lint's has).
TEST_F(PropertyValidationTest, ARangeOnlyCfnLintGivesIsNotChecked) {
  EXPECT_EQ(Check("AWS::SQS::Queue", R"({"VisibilityTimeout": 50000})"), Problems{});
}

TEST_F(PropertyValidationTest, AListWithTooManyItemsIsLongerThanTheMaximum) {
  EXPECT_EQ(CheckFunction(R"("Architectures": ["x86_64", "arm64"])"),
            Problems{"Length of array for property {/Architectures} is greater than maximum "
                     "allowed length {1}"});
}

TEST_F(PropertyValidationTest, AnEmptyListBelowMinItemsIsShorterThanTheMinimum) {
  EXPECT_EQ(CheckFunction(R"("Architectures": [])"),
            Problems{"Length of array for property {/Architectures} is less than minimum "
                     "allowed length {1}"});
}

TEST_F(PropertyValidationTest, TheSameItemTwiceInAUniqueListIsADuplicate) {
  EXPECT_EQ(CheckFunction(R"("Layers": ["arn:aws:lambda:us-east-1:111122223333:layer:l:1",
                                       "arn:aws:lambda:us-east-1:111122223333:layer:l:1"])"),
            Problems{"Array for property {/Layers} contains duplicate items"});
}

TEST_F(PropertyValidationTest, ALambdaFunctionNeedsCodeAndRole) {
  EXPECT_EQ(Check("AWS::Lambda::Function", R"({"Runtime": "python3.12"})"),
            (Problems{"The property {/Code} is required", "The property {/Role} is required"}));
}

TEST_F(PropertyValidationTest, ALambdaRoleThatIsNotARoleArnDoesNotMatchItsPattern) {
  const Problems problems =
      Check("AWS::Lambda::Function", R"({"Code": {"ZipFile": "x"}, "Role": "my-role"})");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].substr(0, 50), "Value for property {/Role} does not match pattern ");
}

TEST_F(PropertyValidationTest, APatternRe2CannotReadIsNotChecked) {
  // Code.S3Bucket's pattern ends with a lookbehind, (?<!\.).
  EXPECT_EQ(Check("AWS::Lambda::Function",
                  R"({"Code": {"S3Bucket": "bucket.", "S3Key": "k"},
                      "Role": "arn:aws:iam::111122223333:role/r"})"),
            Problems{});
}

TEST_F(PropertyValidationTest, EveryProblemIsListedUnsupportedFirst) {
  EXPECT_EQ(Check("AWS::EC2::Subnet", R"({"Foo": 1, "CidrBlock": ["10.0.1.0/24"]})"),
            (Problems{"Encountered unsupported properties in {/}: [Foo]",
                      "Value of property {/CidrBlock} does not match type {String}",
                      "The property {/VpcId} is required"}));
}

}  // namespace
}  // namespace nimbus::cloudformation
