// CheckStructure: templates AWS accepts pass; each problem AWS refuses before evaluation gets its
// exact message (structure.h says which messages are recorded, quoted or unverified).
#include "cloudformation/template/structure.h"

#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/template/parse.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

json::object Template(const char* text) { return json::parse(text).as_object(); }

// The whole error CheckStructure throws for `tmpl`, or an empty one when it passes.
core::AwsError ErrorOf(const json::object& tmpl) {
  return test::ErrorOf([&] { CheckStructure(tmpl); });
}

// `count` members named <prefix>1, <prefix>2... each holding `member`.
json::object Numbered(const char* prefix, size_t count, const json::value& member) {
  json::object members;
  for (size_t i = 1; i <= count; ++i) members[prefix + std::to_string(i)] = member;
  return members;
}

json::object WithTopic(json::object tmpl) {
  tmpl["Resources"] = json::object{{"Topic", {{"Type", "AWS::SNS::Topic"}}}};
  return tmpl;
}

TEST(CheckStructureTest, AcceptsAMinimalTemplate) {
  EXPECT_EQ(ErrorOf(Template(R"({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})")).code(),
            "");
}

TEST(CheckStructureTest, AcceptsATemplateWithEverySection) {
  const json::object tmpl = Template(R"({
    "AWSTemplateFormatVersion": "2010-09-09",
    "Description": "Every section",
    "Metadata": {"AWS::CloudFormation::Interface": {"ParameterGroups": []}},
    "Parameters": {
      "Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"],
              "AllowedPattern": "[a-z]+", "ConstraintDescription": "lower case",
              "Description": "stage", "MinLength": 1, "MaxLength": "8", "NoEcho": "true"},
      "Port": {"Type": "Number", "MinValue": "1150", "MaxValue": 65535, "NoEcho": false}
    },
    "Rules": {"ProdOnly": {"Assertions": [{"Assert": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}}]}},
    "Mappings": {"RegionMap": {"us-east-1": {"AMI": "ami-1", "Zones": ["a", "b"], "Size": 8}}},
    "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
    "Transform": ["AWS::LanguageExtensions"],
    "Resources": {
      "Topic": {"Type": "AWS::SNS::Topic", "Condition": "IsProd", "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Snapshot", "Metadata": {"a": "b"},
                "Properties": {"TopicName": {"Fn::Sub": "${Env}-topic"}}},
      "Queue": {"Type": "AWS::SQS::Queue", "DependsOn": "Topic",
                "DeletionPolicy": "RetainExceptOnCreate", "CreationPolicy": {},
                "UpdatePolicy": {}},
      "Other": {"Type": "AWS::SQS::Queue", "DependsOn": ["Topic", "Queue"]}
    },
    "Outputs": {
      "TopicArn": {"Description": "the topic", "Value": {"Ref": "Topic"}, "Condition": "IsProd",
                   "Export": {"Name": "stack:topic-arn"}}
    },
    "Hooks": {}
  })");
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

TEST(CheckStructureTest, AcceptsTheTemplateTheCdkCliSynthesised) {
  std::ifstream file(std::string(NIMBUS_TEST_DATA_DIR) +
                     "/fixtures/requests/cdk-cli-2.1148.1/s3.PutObject.http");
  std::stringstream capture;
  capture << file.rdbuf();
  const std::string request = capture.str();
  const json::object tmpl = ParseTemplate(request.substr(request.find("\r\n\r\n") + 4));
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

TEST(CheckStructureTest, AcceptsTheTemplateOfEveryShortForm) {
  std::ifstream file(std::string(NIMBUS_TEST_DATA_DIR) + "/templates/every_short_form.yaml");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(ErrorOf(ParseTemplate(text.str())).code(), "");
}

TEST(CheckStructureTest, AcceptsAConditionNamedLikeAPseudoParameter) {
  // Recorded: AWS deploys a condition named AWS::NoValue (test_using_pseudoparameters_in_places).
  EXPECT_EQ(ErrorOf(Template(R"({
    "Conditions": {"AWS::NoValue": {"Fn::Equals": ["a", "a"]}},
    "Resources": {"P": {"Type": "AWS::SSM::Parameter", "Condition": "AWS::NoValue",
                        "Properties": {"Type": "String", "Value": "v"}}}})"))
                .code(),
            "");
}

TEST(CheckStructureTest, AcceptsLoopsOfTheLanguageExtensions) {
  EXPECT_EQ(ErrorOf(Template(R"({
    "Transform": "AWS::LanguageExtensions",
    "Resources": {"Fn::ForEach::Topics": ["Name", ["A", "B"],
                                          {"Topic${Name}": {"Type": "AWS::SNS::Topic"}}],
                  "Queue": {"Type": "AWS::SQS::Queue", "DependsOn": "TopicA"}},
    "Outputs": {"Fn::ForEach::Arns": ["Name", ["A", "B"],
                                      {"Arn${Name}": {"Value": {"Ref": "Topic${Name}"}}}]}})"))
                .code(),
            "");
}

TEST(CheckStructureTest, AcceptsAFunctionAsDeletionPolicy) {
  EXPECT_EQ(ErrorOf(Template(R"({
    "Transform": "AWS::LanguageExtensions",
    "Parameters": {"Policy": {"Type": "String", "Default": "Retain"}},
    "Resources": {"T": {"Type": "AWS::SNS::Topic", "DeletionPolicy": {"Ref": "Policy"}}}})"))
                .code(),
            "");
}

TEST(CheckStructureTest, AcceptsVersionOnACustomResource) {
  EXPECT_EQ(ErrorOf(Template(R"({"Resources": {"C": {"Type": "Custom::Thing", "Version": "1.0",
                                                     "Properties": {"ServiceToken": "arn"}}}})"))
                .code(),
            "");
}

TEST(CheckStructureTest, AcceptsAnExportNameBuiltByAFunction) {
  EXPECT_EQ(ErrorOf(Template(R"({
    "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"Arn": {"Value": {"Ref": "T"},
                        "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-arn"}}}}})"))
                .code(),
            "");
}

TEST(CheckStructureTest, AcceptsFiveHundredResources) {
  json::object tmpl;
  tmpl["Resources"] = Numbered("Topic", 500, {{"Type", "AWS::SNS::Topic"}});
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

TEST(CheckStructureTest, AcceptsTwoHundredParametersOutputsAndMappings) {
  json::object tmpl = WithTopic({});
  tmpl["Parameters"] = Numbered("P", 200, {{"Type", "String"}});
  tmpl["Outputs"] = Numbered("O", 200, {{"Value", "v"}});
  tmpl["Mappings"] = Numbered("M", 200, {{"Key", Numbered("A", 200, "v")}});
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

TEST(CheckStructureTest, RefusesFiveHundredAndOneResources) {
  json::object tmpl;
  tmpl["Resources"] = Numbered("Topic", 501, {{"Type", "AWS::SNS::Topic"}});
  EXPECT_EQ(ErrorOf(tmpl).what(), std::string("Template format error: Number of resources, 501, "
                                              "is greater than maximum allowed, 500"));
}

TEST(CheckStructureTest, RefusesTwoHundredAndOneParameters) {
  json::object tmpl = WithTopic({});
  tmpl["Parameters"] = Numbered("P", 201, {{"Type", "String"}});
  EXPECT_EQ(
      ErrorOf(tmpl).what(),
      std::string("Template format error: Parameter count 201 is greater than max allowed 200"));
}

TEST(CheckStructureTest, RefusesTwoHundredAndOneOutputs) {
  json::object tmpl = WithTopic({});
  tmpl["Outputs"] = Numbered("O", 201, {{"Value", "v"}});
  EXPECT_EQ(
      ErrorOf(tmpl).what(),
      std::string("Template format error: Outputs count 201 is greater than max allowed 200"));
}

TEST(CheckStructureTest, RefusesTwoHundredAndOneMappings) {
  json::object tmpl = WithTopic({});
  tmpl["Mappings"] = Numbered("M", 201, {{"Key", {{"A", "v"}}}});
  EXPECT_EQ(
      ErrorOf(tmpl).what(),
      std::string("Template format error: Mappings count 201 is greater than max allowed 200"));
}

TEST(CheckStructureTest, RefusesTwoHundredAndOneAttributesUnderAMappingKey) {
  json::object tmpl = WithTopic({});
  tmpl["Mappings"] = {{"M", {{"Key", Numbered("A", 201, "v")}}}};
  EXPECT_EQ(ErrorOf(tmpl).what(), std::string("Template format error: Mapping attributes count "
                                              "201 is greater than max allowed 200"));
}

TEST(CheckStructureTest, RefusesAResourceNameOfTwoHundredAndFiftySixCharacters) {
  const std::string name(256, 'R');
  json::object tmpl;
  tmpl["Resources"] = {{name, {{"Type", "AWS::SNS::Topic"}}}};
  EXPECT_EQ(ErrorOf(tmpl).what(), "Template format error: Resource name " + name +
                                      " exceeds the maximum length of 255 characters.");
}

TEST(CheckStructureTest, AcceptsAResourceNameOfTwoHundredAndFiftyFiveCharacters) {
  json::object tmpl;
  tmpl["Resources"] = {{std::string(255, 'R'), {{"Type", "AWS::SNS::Topic"}}}};
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

TEST(CheckStructureTest, RefusesAParameterNameOfTwoHundredAndFiftySixCharacters) {
  const std::string name(256, 'P');
  json::object tmpl = WithTopic({});
  tmpl["Parameters"] = {{name, {{"Type", "String"}}}};
  EXPECT_EQ(ErrorOf(tmpl).what(), "Template format error: Parameter name " + name +
                                      " exceeds the maximum length of 255 characters.");
}

TEST(CheckStructureTest, AcceptsADescriptionOf1024Bytes) {
  json::object tmpl = WithTopic({});
  tmpl["Description"] = std::string(1024, 'd');
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

TEST(CheckStructureTest, RefusesADescriptionOf1025Bytes) {
  json::object tmpl = WithTopic({});
  tmpl["Description"] = std::string(1025, 'd');
  EXPECT_EQ(ErrorOf(tmpl).what(),
            std::string("Template format error: 'Description' length is greater than 1024."));
}

TEST(CheckStructureTest, CountsTheDescriptionInBytes) {
  json::object tmpl = WithTopic({});
  std::string text;
  for (int i = 0; i < 342; ++i) text += "\u00e9\u00e9";  // 684 characters, 1,368 bytes
  tmpl["Description"] = text;
  EXPECT_EQ(ErrorOf(tmpl).what(),
            std::string("Template format error: 'Description' length is greater than 1024."));
}

TEST(CheckStructureTest, RefusesAnOutputDescriptionOf1025Bytes) {
  json::object tmpl = WithTopic({});
  tmpl["Outputs"] = {{"O", {{"Value", "v"}, {"Description", std::string(1025, 'd')}}}};
  EXPECT_EQ(ErrorOf(tmpl).what(),
            std::string("Template format error: 'Description' length is greater than 1024."));
}

class ParameterTypeTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ParameterTypeTest, IsAccepted) {
  json::object tmpl = WithTopic({});
  tmpl["Parameters"] = {{"P", {{"Type", GetParam()}}}};
  EXPECT_EQ(ErrorOf(tmpl).code(), "");
}

INSTANTIATE_TEST_SUITE_P(
    DocumentedTypes, ParameterTypeTest,
    ::testing::Values("String", "Number", "List<Number>", "CommaDelimitedList",
                      "AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id",
                      "AWS::EC2::Instance::Id", "AWS::EC2::KeyPair::KeyName",
                      "AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id",
                      "AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id", "AWS::EC2::VPC::Id",
                      "AWS::Route53::HostedZone::Id", "List<AWS::EC2::AvailabilityZone::Name>",
                      "List<AWS::EC2::Image::Id>", "List<AWS::EC2::Instance::Id>",
                      "List<AWS::EC2::SecurityGroup::GroupName>",
                      "List<AWS::EC2::SecurityGroup::Id>", "List<AWS::EC2::Subnet::Id>",
                      "List<AWS::EC2::Volume::Id>", "List<AWS::EC2::VPC::Id>",
                      "List<AWS::Route53::HostedZone::Id>", "AWS::SSM::Parameter::Name",
                      "AWS::SSM::Parameter::Value<String>",
                      "AWS::SSM::Parameter::Value<List<String>>",
                      "AWS::SSM::Parameter::Value<CommaDelimitedList>",
                      "AWS::SSM::Parameter::Value<AWS::EC2::KeyPair::KeyName>",
                      "AWS::SSM::Parameter::Value<List<AWS::EC2::KeyPair::KeyName>>",
                      "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"));

}  // namespace
}  // namespace nimbus::cloudformation
