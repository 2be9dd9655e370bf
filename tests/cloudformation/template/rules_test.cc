#include "cloudformation/template/rules.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "testing/http_fixture.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;

class RulesTest : public testing::EvaluationTest {
 protected:
  // Loads a template with `rules` (JSON) as its Rules section and checks them.
  void Check(std::string_view rules, const std::vector<ParameterInput>& input = {},
             const RuleLookups& lookups = {}) {
    Load(R"({"Parameters": {
               "Environment": {"Type": "String", "Default": "test"},
               "InstanceType": {"Type": "String", "Default": "a1.medium"},
               "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>", "Default": "subnet-1,subnet-2"},
               "Vpc": {"Type": "AWS::EC2::VPC::Id", "Default": "vpc-1"}},
             "Rules": )" +
             std::string(rules) + R"(, "Resources": {"A": {"Type": "AWS::SNS::Topic"}}})",
         input);
    CheckRules(tmpl_, Context(), lookups);
  }

  std::string CheckError(std::string_view rules, const std::vector<ParameterInput>& input = {},
                         const RuleLookups& lookups = {}) {
    return ErrorOf([&] { Check(rules, input, lookups); });
  }
};

// The user guide's example: in a test environment the instance type must be a1.medium.
constexpr std::string_view kTestInstanceType = R"({"testInstanceType": {
  "RuleCondition": {"Fn::Equals": [{"Ref": "Environment"}, "test"]},
  "Assertions": [{"Assert": {"Fn::Contains": [["a1.medium"], {"Ref": "InstanceType"}]},
                  "AssertDescription": "For a test environment, the instance type must be a1.medium"}]}})";

TEST_F(RulesTest, AssertionThatHoldsLetsTheStackThrough) {
  EXPECT_EQ(CheckError(kTestInstanceType), "no error");
}

TEST_F(RulesTest, FailedAssertionIsRefusedWithItsDescription) {
  EXPECT_EQ(CheckError(kTestInstanceType, {{.key = "InstanceType", .value = "a1.large"}}),
            "ValidationError: For a test environment, the instance type must be a1.medium");
}

TEST_F(RulesTest, FalseRuleConditionSkipsTheAssertions) {
  EXPECT_EQ(CheckError(kTestInstanceType, {{.key = "Environment", .value = "prod"},
                                           {.key = "InstanceType", .value = "a1.large"}}),
            "no error");
}

TEST_F(RulesTest, FailedAssertionWithoutDescriptionNamesTheRule) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert": {"Fn::Equals": ["a", "b"]}}]}})"),
            "ValidationError: Assertion failed for rule R");
}

TEST_F(RulesTest, EachMemberEqualsComparesEveryMember) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert":
              {"Fn::EachMemberEquals": [["x", "x", "y"], "x"]}, "AssertDescription": "not all x"}]}})"),
            "ValidationError: not all x");
}

TEST_F(RulesTest, EachMemberInChecksEveryMember) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert":
              {"Fn::EachMemberIn": [{"Ref": "Subnets"}, ["subnet-1", "subnet-2", "subnet-3"]]}}]}})"),
            "no error");
}

TEST_F(RulesTest, RefAllWithoutALookupIsTheStacksOwnValuesOfThatType) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert":
              {"Fn::EachMemberIn": [{"Ref": "Subnets"}, {"Fn::RefAll": "AWS::EC2::Subnet::Id"}]}}]}})"),
            "no error");
}

TEST_F(RulesTest, RefAllReadsTheLookup) {
  RuleLookups lookups;
  lookups.ref_all = [](std::string_view) { return std::vector<std::string>{"vpc-2"}; };
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert":
              {"Fn::Contains": [{"Fn::RefAll": "AWS::EC2::VPC::Id"}, {"Ref": "Vpc"}]},
              "AssertDescription": "no such VPC"}]}})",
                       {}, lookups),
            "ValidationError: no such VPC");
}

TEST_F(RulesTest, ValueOfReadsTheAttributeOfEachValue) {
  RuleLookups lookups;
  lookups.attribute = [](std::string_view type, std::string_view value,
                         std::string_view attribute) -> std::optional<std::string> {
    if (type == "AWS::EC2::Subnet::Id" && attribute == "VpcId") {
      return value == "subnet-1" ? "vpc-1" : "vpc-9";
    }
    return std::nullopt;
  };
  EXPECT_EQ(CheckError(R"({"SubnetsInVPC": {"Assertions": [{"Assert":
              {"Fn::EachMemberEquals": [{"Fn::ValueOf": ["Subnets", "VpcId"]}, {"Ref": "Vpc"}]},
              "AssertDescription": "All subnets must be in the VPC"}]}})",
                       {}, lookups),
            "ValidationError: All subnets must be in the VPC");
}

TEST_F(RulesTest, ValueOfWithoutALookupIsATemplateError) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert":
              {"Fn::EachMemberEquals": [{"Fn::ValueOf": ["Vpc", "Tags.Department"]}, "IT"]}}]}})"),
            "ValidationError: Template error: Fn::ValueOf cannot read the attribute "
            "Tags.Department of vpc-1");
}

TEST_F(RulesTest, ContainsWithOneArgumentIsRefused) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert": {"Fn::Contains": [["a"]]}}]}})"),
            "ValidationError: Template error: every Fn::Contains object requires a list of 2 "
            "parameters");
}

TEST_F(RulesTest, RefToAnUndeclaredParameterIsRefused) {
  EXPECT_EQ(
      CheckError(R"({"R": {"Assertions": [{"Assert": {"Fn::Equals": [{"Ref": "Nope"}, "a"]}}]}})"),
      "ValidationError: Template format error: Unresolved parameter dependencies [Nope] in "
      "the Rules block of the template");
}

TEST_F(RulesTest, AssertionThatIsNotABooleanIsRefused) {
  EXPECT_EQ(CheckError(R"({"R": {"Assertions": [{"Assert": {"Ref": "Environment"}}]}})"),
            "ValidationError: Template error: every rule condition and assertion must evaluate to "
            "true or false");
}

// The template `cdk deploy` uploaded in the captured CDK CLI session, with its
// CheckBootstrapVersion rule over the AWS::SSM::Parameter::Value<String> parameter.
class CdkRulesTest : public testing::EvaluationTest {
 protected:
  void LoadCdkTemplate() {
    const std::string body =
        nimbus::test::LoadHttpFixture(
            nimbus::test::TestDataPath("fixtures/requests/cdk-cli-2.1148.1/s3.PutObject.http"))
            .body;
    Load(body);
  }
};

TEST_F(CdkRulesTest, CheckBootstrapVersionPassesWithACurrentBootstrap) {
  ssm_["/cdk-bootstrap/hnb659fds/version"] = "30";
  LoadCdkTemplate();
  EXPECT_EQ(ErrorOf([&] { CheckRules(tmpl_, Context()); }), "no error");
  EXPECT_EQ(parameters_.Find("BootstrapVersion")->resolved_value, "30");
}

TEST_F(CdkRulesTest, CheckBootstrapVersionRefusesVersionFive) {
  ssm_["/cdk-bootstrap/hnb659fds/version"] = "5";
  LoadCdkTemplate();
  EXPECT_EQ(ErrorOf([&] { CheckRules(tmpl_, Context()); }),
            "ValidationError: CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' "
            "with a recent version of the CDK CLI.");
}

TEST_F(CdkRulesTest, MissingBootstrapParameterCannotBeFetched) {
  EXPECT_EQ(ErrorOf([&] { LoadCdkTemplate(); }),
            "ValidationError: Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from "
            "parameter store for this account.");
}

}  // namespace
}  // namespace nimbus::cloudformation
