// GetTemplate, ValidateTemplate and GetTemplateSummary.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class TemplateProviderTest : public testing::StackTest {};

constexpr std::string_view kYaml = R"(AWSTemplateFormatVersion: "2010-09-09"
Description: the demo
Metadata:
  Team: blue
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
    Description: where
  Secret:
    Type: String
    NoEcho: true
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  P1:
    Type: AWS::SSM::Parameter
    Properties: {Type: String, Value: !Ref Env}
  P2:
    Type: AWS::SSM::Parameter
    Properties: {Type: String, Value: x}
)";

TEST_F(TemplateProviderTest, GetTemplateAnswersTheBodyAsSent) {
  Create("app", kYaml,
         {{"Parameters", json::parse(R"([{"ParameterKey": "Secret", "ParameterValue": "s"}])")},
          {"Capabilities", json::array{"CAPABILITY_IAM"}}});
  EXPECT_EQ(Call("GetTemplate", {{"StackName", "app"}}),
            json::value(json::object{{"TemplateBody", kYaml},
                                     {"StagesAvailable", json::array{"Original", "Processed"}}}));
}

TEST_F(TemplateProviderTest, GetTemplateWithoutAStackNameIsAValidationError) {
  EXPECT_STREQ(ErrorOf([&] { Call("GetTemplate"); }).what(),
               "StackName is required if ChangeSetName is not specified.");
}

TEST_F(TemplateProviderTest, GetTemplateOfAChangeSetThatDoesNotExistIsChangeSetNotFound) {
  const std::string arn = "arn:aws:cloudformation:us-east-1:111122223333:changeSet/cs/1";
  const core::AwsError error = ErrorOf([&] { Call("GetTemplate", {{"ChangeSetName", arn}}); });
  EXPECT_EQ(error.code(), "ChangeSetNotFound");
  EXPECT_EQ(std::string(error.what()), "ChangeSet [" + arn + "] does not exist");
}

TEST_F(TemplateProviderTest, ValidateTemplateAnswersParametersDescriptionAndCapabilities) {
  const json::value out = Call("ValidateTemplate", {{"TemplateBody", kYaml}});
  EXPECT_EQ(out, json::parse(R"({
    "Parameters": [
      {"ParameterKey": "Env", "DefaultValue": "dev", "NoEcho": false, "Description": "where"},
      {"ParameterKey": "Secret", "NoEcho": true}],
    "Description": "the demo",
    "Capabilities": ["CAPABILITY_IAM"],
    "CapabilitiesReason": "The following resource(s) require capabilities: [AWS::IAM::Role]"})"));
}

TEST_F(TemplateProviderTest, ValidateTemplateAnswersTheParsersError) {
  const core::AwsError error = ErrorOf([&] {
    Call("ValidateTemplate", {{"TemplateBody", R"({"this is invalid JSON"="bobbins"})"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "Template format error: JSON not well-formed. (line 1, column 25)");
}

TEST_F(TemplateProviderTest, ValidateTemplateChecksReferences) {
  EXPECT_STREQ(ErrorOf([&] {
                 Call("ValidateTemplate",
                      {{"TemplateBody", R"({"Resources": {"A": {"Type": "Test::Fake",
                         "DependsOn": "Ghost"}}})"}});
               }).what(),
               "Template format error: Unresolved resource dependencies [Ghost] in the Resources "
               "block of the template");
}

TEST_F(TemplateProviderTest, GetTemplateSummaryDescribesATemplate) {
  const json::value out = Call("GetTemplateSummary", {{"TemplateBody", kYaml}});
  EXPECT_EQ(out, json::parse(R"({
    "Parameters": [
      {"ParameterKey": "Env", "DefaultValue": "dev", "ParameterType": "String", "NoEcho": false,
       "Description": "where", "ParameterConstraints": {"AllowedValues": ["dev", "prod"]}},
      {"ParameterKey": "Secret", "ParameterType": "String", "NoEcho": true,
       "ParameterConstraints": {}}],
    "Description": "the demo",
    "Capabilities": ["CAPABILITY_IAM"],
    "CapabilitiesReason": "The following resource(s) require capabilities: [AWS::IAM::Role]",
    "ResourceTypes": ["AWS::IAM::Role", "AWS::SSM::Parameter"],
    "Version": "2010-09-09",
    "Metadata": "{\"Team\":\"blue\"}",
    "ResourceIdentifierSummaries": [
      {"ResourceType": "AWS::IAM::Role", "LogicalResourceIds": ["Role"],
       "ResourceIdentifiers": ["RoleName"]},
      {"ResourceType": "AWS::SSM::Parameter", "LogicalResourceIds": ["P1", "P2"],
       "ResourceIdentifiers": ["Name"]}]})"));
}

TEST_F(TemplateProviderTest, AnUnknownResourceTypeIsAFormatErrorOfValidateTemplate) {
  EXPECT_STREQ(ErrorOf([&] {
                 Call("ValidateTemplate",
                      {{"TemplateBody", R"({"Resources": {"A": {"Type": "AWS::Nimbus::Nothing"},
                         "B": {"Type": "Custom::Mine"}}})"}});
               }).what(),
               "Template format error: Unrecognized resource types: [AWS::Nimbus::Nothing]");
}

TEST_F(TemplateProviderTest, GetTemplateSummaryCanListUnknownTypesAsWarnings) {
  const json::value out =
      Call("GetTemplateSummary",
           {{"TemplateBody", R"({"Resources": {"A": {"Type": "AWS::Nimbus::Nothing"}}})"},
            {"TemplateSummaryConfig", {{"TreatUnrecognizedResourceTypesAsWarnings", true}}}});
  EXPECT_EQ(out.at("Warnings"),
            json::parse(R"({"UnrecognizedResourceTypes": ["AWS::Nimbus::Nothing"]})"));
}

TEST_F(TemplateProviderTest, GetTemplateSummaryOfAStackReadsItsTemplate) {
  Create("app", R"({"Resources": {"R": {"Type": "Test::Fake"}}})");
  const json::value out = Call("GetTemplateSummary", {{"StackName", "app"}});
  EXPECT_EQ(out.at("ResourceTypes"), json::array{"Test::Fake"});
}

TEST_F(TemplateProviderTest, GetTemplateSummaryOfAnUnknownStackIsAValidationError) {
  EXPECT_STREQ(ErrorOf([&] {
                 Call("GetTemplateSummary", {{"StackName", "nope"}});
               }).what(),
               "Stack with id nope does not exist");
}

TEST_F(TemplateProviderTest, GetTemplateSummaryOfATemplateWithoutResourcesIsAFormatError) {
  EXPECT_STREQ(ErrorOf([&] {
                 Call("GetTemplateSummary", {{"TemplateBody", "{}"}});
               }).what(),
               "Template format error: At least one Resources member must be defined.");
}

}  // namespace
}  // namespace nimbus::cloudformation
