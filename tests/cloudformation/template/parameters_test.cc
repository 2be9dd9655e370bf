#include "cloudformation/template/parameters.h"

#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;
using testing::Json;

class ParametersTest : public ::testing::Test {
 protected:
  ResolvedParameters Resolve(std::string_view parameters, const std::vector<ParameterInput>& input,
                             const ResolvedParameters* previous = nullptr) {
    tmpl_ = Json(R"({"Parameters": )" + std::string(parameters) + "}").as_object();
    return ResolveParameters(
        tmpl_, input,
        [this](std::string_view name) -> std::optional<std::string> {
          const auto found = ssm_.find(std::string(name));
          return found == ssm_.end() ? std::nullopt : std::optional<std::string>(found->second);
        },
        previous);
  }

  std::string Error(std::string_view parameters, const std::vector<ParameterInput>& input) {
    return ErrorOf([&] { Resolve(parameters, input); });
  }

  boost::json::object tmpl_;
  std::map<std::string, std::string> ssm_;
};

TEST_F(ParametersTest, DefaultIsTheValueWhenNoneIsGiven) {
  const ResolvedParameters resolved =
      Resolve(R"({"Env": {"Type": "String", "Default": "dev"}})", {});
  EXPECT_EQ(resolved.Find("Env")->value, "dev");
  EXPECT_EQ(resolved.Find("Env")->ref, Json(R"("dev")"));
}

TEST_F(ParametersTest, GivenValueWinsOverTheDefault) {
  const ResolvedParameters resolved = Resolve(R"({"Env": {"Type": "String", "Default": "dev"}})",
                                              {{.key = "Env", .value = "prod"}});
  EXPECT_EQ(resolved.Find("Env")->value, "prod");
}

TEST_F(ParametersTest, ParametersWithoutValueAreListedTogether) {
  EXPECT_EQ(Error(R"({"A": {"Type": "String"}, "B": {"Type": "Number"}})", {}),
            "ValidationError: Parameters: [A, B] must have values");
}

TEST_F(ParametersTest, KeysTheTemplateDoesNotDeclareAreRefused) {
  EXPECT_EQ(Error(R"({"A": {"Type": "String", "Default": "x"}})", {{.key = "Nope", .value = "1"}}),
            "ValidationError: Parameters: [Nope] do not exist in the template");
}

TEST_F(ParametersTest, NumberRefusesText) {
  EXPECT_EQ(Error(R"({"Value": {"Type": "Number"}})", {{.key = "Value", .value = "abc"}}),
            "ValidationError: Parameter 'Value' must be a number.");
}

TEST_F(ParametersTest, NumberDefaultWrittenAsJsonNumberIsRefAsString) {
  const ResolvedParameters resolved =
      Resolve(R"({"Port": {"Type": "Number", "Default": 3306}})", {});
  EXPECT_EQ(resolved.Find("Port")->ref, Json(R"("3306")"));
}

TEST_F(ParametersTest, ListOfNumbersChecksEveryItem) {
  EXPECT_EQ(Error(R"({"Ports": {"Type": "List<Number>"}})", {{.key = "Ports", .value = "80,x"}}),
            "ValidationError: Parameter 'Ports' must be a number.");
}

TEST_F(ParametersTest, ListOfNumbersRefIsAListOfStrings) {
  const ResolvedParameters resolved =
      Resolve(R"({"Ports": {"Type": "List<Number>"}})", {{.key = "Ports", .value = "80,20"}});
  EXPECT_EQ(resolved.Find("Ports")->ref, Json(R"(["80", "20"])"));
}

TEST_F(ParametersTest, CommaDelimitedListRefIsTheTrimmedItems) {
  const ResolvedParameters resolved = Resolve(
      R"({"Blocks": {"Type": "CommaDelimitedList", "Default": "10.0.48.0/24, 10.0.112.0/24 ,x"}})",
      {});
  EXPECT_EQ(resolved.Find("Blocks")->ref, Json(R"(["10.0.48.0/24", "10.0.112.0/24", "x"])"));
}

TEST_F(ParametersTest, AllowedValuesRefusesAnyOtherValue) {
  EXPECT_EQ(Error(R"({"Env": {"Type": "String", "AllowedValues": ["dev", "prod"]}})",
                  {{.key = "Env", .value = "test"}}),
            "ValidationError: Parameter 'Env' must be one of AllowedValues");
}

TEST_F(ParametersTest, AllowedValuesCheckEveryItemOfACommaDelimitedList) {
  EXPECT_EQ(Error(R"({"Envs": {"Type": "CommaDelimitedList", "AllowedValues": ["dev", "prod"]}})",
                  {{.key = "Envs", .value = "dev,test"}}),
            "ValidationError: Parameter 'Envs' must be one of AllowedValues");
}

TEST_F(ParametersTest, AllowedPatternMustMatchTheWholeValue) {
  EXPECT_EQ(Error(R"({"Name": {"Type": "String", "AllowedPattern": "[a-z]+"}})",
                  {{.key = "Name", .value = "abc1"}}),
            "ValidationError: Parameter 'Name' must match pattern [a-z]+");
}

TEST_F(ParametersTest, AllowedPatternAcceptsAMatchingValue) {
  const ResolvedParameters resolved =
      Resolve(R"({"Name": {"Type": "String", "AllowedPattern": "^[a-zA-Z0-9]*$"}})",
              {{.key = "Name", .value = "abc1"}});
  EXPECT_EQ(resolved.Find("Name")->value, "abc1");
}

TEST_F(ParametersTest, MinLengthRefusesAShorterValue) {
  EXPECT_EQ(
      Error(R"({"Pwd": {"Type": "String", "MinLength": "3"}})", {{.key = "Pwd", .value = "ab"}}),
      "ValidationError: Parameter 'Pwd' must contain at least 3 characters");
}

TEST_F(ParametersTest, MaxLengthRefusesALongerValue) {
  EXPECT_EQ(
      Error(R"({"Pwd": {"Type": "String", "MaxLength": 4}})", {{.key = "Pwd", .value = "abcde"}}),
      "ValidationError: Parameter 'Pwd' must contain at most 4 characters");
}

TEST_F(ParametersTest, MinValueRefusesASmallerNumber) {
  EXPECT_EQ(Error(R"({"Port": {"Type": "Number", "MinValue": "1150"}})",
                  {{.key = "Port", .value = "80"}}),
            "ValidationError: Parameter 'Port' must be a number not less than 1150");
}

TEST_F(ParametersTest, MaxValueRefusesALargerNumber) {
  EXPECT_EQ(Error(R"({"Port": {"Type": "Number", "MaxValue": 65535}})",
                  {{.key = "Port", .value = "70000"}}),
            "ValidationError: Parameter 'Port' must be a number not greater than 65535");
}

TEST_F(ParametersTest, ConstraintDescriptionReplacesTheReason) {
  EXPECT_EQ(Error(R"({"Profiles": {"Type": "CommaDelimitedList", "AllowedPattern": "\\w+",
                      "ConstraintDescription": "Active profiles use word characters."}})",
                  {{.key = "Profiles", .value = "dev,te-st"}}),
            "ValidationError: Parameter Profiles failed to satisfy constraint: Active profiles use "
            "word characters.");
}

TEST_F(ParametersTest, NoEchoValueIsDescribedAsAsterisks) {
  const ResolvedParameters resolved = Resolve(R"({"Pwd": {"Type": "String", "NoEcho": "true"}})",
                                              {{.key = "Pwd", .value = "secret"}});
  EXPECT_EQ(boost::json::value(resolved.Described()),
            Json(R"([{"ParameterKey": "Pwd", "ParameterValue": "****"}])"));
  EXPECT_EQ(resolved.Find("Pwd")->ref, Json(R"("secret")"));
}

TEST_F(ParametersTest, SsmValueTypeKeepsTheNameAndResolvesTheValue) {
  ssm_["/app/instance-type"] = "t3.micro";
  const ResolvedParameters resolved =
      Resolve(R"({"Type": {"Type": "AWS::SSM::Parameter::Value<String>"}})",
              {{.key = "Type", .value = "/app/instance-type"}});
  EXPECT_EQ(boost::json::value(resolved.Described()),
            Json(R"([{"ParameterKey": "Type", "ParameterValue": "/app/instance-type",
                      "ResolvedValue": "t3.micro"}])"));
  EXPECT_EQ(resolved.Find("Type")->ref, Json(R"("t3.micro")"));
}

TEST_F(ParametersTest, SsmValueListTypeRefIsTheListOfTheStringList) {
  ssm_["/app/subnets"] = "subnet-1,subnet-2";
  const ResolvedParameters resolved =
      Resolve(R"({"Subnets": {"Type": "AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>"}})",
              {{.key = "Subnets", .value = "/app/subnets"}});
  EXPECT_EQ(resolved.Find("Subnets")->ref, Json(R"(["subnet-1", "subnet-2"])"));
}

TEST_F(ParametersTest, SsmValueNamedByTheCallerThatDoesNotExistIsRefused) {
  EXPECT_EQ(Error(R"({"InputValue": {"Type": "AWS::SSM::Parameter::Value<String>"}})",
                  {{.key = "InputValue", .value = "parameter-does-not-exist"}}),
            "ValidationError: Parameter InputValue should either have input value or default "
            "value");
}

TEST_F(ParametersTest, SsmValueNamedByTheDefaultThatDoesNotExistCannotBeFetched) {
  EXPECT_EQ(Error(R"({"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                           "Default": "/cdk-bootstrap/hnb659fds/version"}})",
                  {}),
            "ValidationError: Unable to fetch parameters [/cdk-bootstrap/hnb659fds/version] from "
            "parameter store for this account.");
}

TEST_F(ParametersTest, SsmNameTypeKeepsTheNameOfAnExistingParameter) {
  ssm_["/app/db"] = "value";
  const ResolvedParameters resolved = Resolve(R"({"Name": {"Type": "AWS::SSM::Parameter::Name"}})",
                                              {{.key = "Name", .value = "/app/db"}});
  EXPECT_EQ(resolved.Find("Name")->ref, Json(R"("/app/db")"));
  EXPECT_FALSE(resolved.Find("Name")->resolved_value.has_value());
}

TEST_F(ParametersTest, UsePreviousValueTakesTheStacksCurrentValue) {
  const ResolvedParameters before =
      Resolve(R"({"Env": {"Type": "String"}})", {{.key = "Env", .value = "prod"}});
  const ResolvedParameters after =
      Resolve(R"({"Env": {"Type": "String", "Default": "dev"}})",
              {{.key = "Env", .value = std::nullopt, .use_previous_value = true}}, &before);
  EXPECT_EQ(after.Find("Env")->value, "prod");
}

TEST_F(ParametersTest, UsePreviousValueWithAValueIsRefused) {
  EXPECT_EQ(Error(R"({"Env": {"Type": "String"}})",
                  {{.key = "Env", .value = "x", .use_previous_value = true}}),
            "ValidationError: Invalid input for parameter key Env. Cannot specify "
            "usePreviousValue as true and non empty value for a parameter");
}

TEST_F(ParametersTest, UsePreviousValueForAKeyTheStackDidNotHaveIsRefused) {
  EXPECT_EQ(Error(R"({"Env": {"Type": "String"}})",
                  {{.key = "Env", .value = std::nullopt, .use_previous_value = true}}),
            "ValidationError: Invalid input for parameter key Env. Cannot specify "
            "usePreviousValue as true for a parameter key not in the previous template");
}

TEST_F(ParametersTest, AwsSpecificListTypeRefIsAList) {
  const ResolvedParameters resolved = Resolve(
      R"({"Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}, "Vpc": {"Type": "AWS::EC2::VPC::Id"}})",
      {{.key = "Subnets", .value = "subnet-123a351e, subnet-456b351e"},
       {.key = "Vpc", .value = "vpc-a123baa3"}});
  EXPECT_EQ(resolved.Find("Subnets")->ref, Json(R"(["subnet-123a351e", "subnet-456b351e"])"));
  EXPECT_EQ(resolved.Find("Vpc")->ref, Json(R"("vpc-a123baa3")"));
}

TEST_F(ParametersTest, UnknownTypeIsATemplateFormatError) {
  EXPECT_EQ(Error(R"({"A": {"Type": "Strin", "Default": "x"}})", {}),
            "ValidationError: Template format error: Unrecognized parameter type: Strin");
}

TEST_F(ParametersTest, ParameterInputsReadTheApiMembers) {
  const std::vector<ParameterInput> inputs =
      ParameterInputs(Json(R"([{"ParameterKey": "A", "ParameterValue": "1"},
               {"ParameterKey": "B", "UsePreviousValue": true}])")
                          .as_array());
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[0].key, "A");
  EXPECT_EQ(inputs[0].value, "1");
  EXPECT_EQ(inputs[1].key, "B");
  EXPECT_TRUE(inputs[1].use_previous_value);
  EXPECT_FALSE(inputs[1].value.has_value());
}

}  // namespace
}  // namespace nimbus::cloudformation
