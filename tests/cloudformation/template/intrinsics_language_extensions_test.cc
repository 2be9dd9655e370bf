#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;
using testing::Json;

class LanguageExtensionsTest : public testing::EvaluationTest {
 protected:
  // The template after the transform, as the engine deploys it.
  boost::json::object Expanded(std::string_view tmpl) {
    LoadParameters(tmpl);
    return ExpandLanguageExtensions(tmpl_, Context());
  }
};

// The user guide's "Replicate an Amazon SNS resource" example, with its collection in a
// CommaDelimitedList parameter.
TEST_F(LanguageExtensionsTest, ForEachReplicatesAResourcePerItem) {
  const boost::json::object out = Expanded(R"({
    "Transform": "AWS::LanguageExtensions",
    "Parameters": {"pRepoARNs": {"Type": "CommaDelimitedList", "Default": "Success,Failure"}},
    "Resources": {
      "Fn::ForEach::Topics": ["TopicName", {"Ref": "pRepoARNs"}, {
        "SnsTopic${TopicName}": {
          "Type": "AWS::SNS::Topic",
          "Properties": {"TopicName": {"Fn::Join": [".", [{"Ref": "TopicName"}, "fifo"]]},
                         "FifoTopic": true}}}]
    }
  })");
  EXPECT_EQ(boost::json::value(out.at("Resources")), Json(R"({
    "SnsTopicSuccess": {"Type": "AWS::SNS::Topic",
                        "Properties": {"TopicName": {"Fn::Join": [".", ["Success", "fifo"]]},
                                       "FifoTopic": true}},
    "SnsTopicFailure": {"Type": "AWS::SNS::Topic",
                        "Properties": {"TopicName": {"Fn::Join": [".", ["Failure", "fifo"]]},
                                       "FifoTopic": true}}
  })"));
}

TEST_F(LanguageExtensionsTest, ExpandedTemplateStillNamesTheTransformForItsOtherFunctions) {
  const boost::json::object out = Expanded(R"({
    "Transform": "AWS::LanguageExtensions", "Resources": {"A": {"Type": "AWS::SNS::Topic"}}})");
  EXPECT_EQ(out.at("Transform"), Json(R"("AWS::LanguageExtensions")"));
}

TEST_F(LanguageExtensionsTest, NestedForEachCombinesBothIdentifiers) {
  const boost::json::object out = Expanded(R"({
    "Transform": ["AWS::LanguageExtensions"],
    "Resources": {
      "Fn::ForEach::Envs": ["Env", ["Dev", "Prod"], {
        "Fn::ForEach::Apps": ["App", ["Web", "Api"], {
          "${Env}${App}Queue": {"Type": "AWS::SQS::Queue",
                                "Properties": {"QueueName": {"Fn::Sub": "${Env}-${App}"}}}}]}]
    }
  })");
  EXPECT_EQ(
      boost::json::value(out.at("Resources").at("ProdApiQueue")),
      Json(R"({"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "Prod-Api"}}})"));
  EXPECT_EQ(out.at("Resources").as_object().size(), 4u);
}

TEST_F(LanguageExtensionsTest, AmpersandIdentifierDropsNonAlphanumericCharacters) {
  const boost::json::object out = Expanded(R"({
    "Transform": "AWS::LanguageExtensions",
    "Resources": {
      "Fn::ForEach::Subnets": ["Cidr", ["10.0.0.0/24", "10.0.1.0/24"], {
        "Subnet&{Cidr}": {"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "${Cidr}"}}}]
    }
  })");
  EXPECT_EQ(boost::json::value(out.at("Resources").at("Subnet1001024")),
            Json(R"({"Type": "AWS::EC2::Subnet", "Properties": {"CidrBlock": "10.0.1.0/24"}})"));
}

TEST_F(LanguageExtensionsTest, ForEachInPropertiesReplicatesProperties) {
  const boost::json::object out = Expanded(R"({
    "Transform": "AWS::LanguageExtensions",
    "Resources": {"Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
      "Fn::ForEach::Tags": ["Key", ["A", "B"], {"Tag${Key}": {"Ref": "Key"}}]}}}
  })");
  EXPECT_EQ(boost::json::value(out.at("Resources").at("Table").at("Properties")),
            Json(R"({"TagA": "A", "TagB": "B"})"));
}

TEST_F(LanguageExtensionsTest, ForEachInOutputsAndConditions) {
  const boost::json::object out = Expanded(R"({
    "Transform": "AWS::LanguageExtensions",
    "Conditions": {"Fn::ForEach::C": ["N", ["X"], {"Is${N}": {"Fn::Equals": ["${N}", "X"]}}]},
    "Resources": {"A": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"Fn::ForEach::O": ["N", ["X"], {"Out${N}": {"Value": "${N}"}}]}
  })");
  EXPECT_EQ(boost::json::value(out.at("Conditions")),
            Json(R"({"IsX": {"Fn::Equals": ["X", "X"]}})"));
  EXPECT_EQ(boost::json::value(out.at("Outputs")), Json(R"({"OutX": {"Value": "X"}})"));
}

TEST_F(LanguageExtensionsTest, ForEachProducingTheSameKeyTwiceIsRefused) {
  EXPECT_EQ(ErrorOf([&] {
              Expanded(R"({"Transform": "AWS::LanguageExtensions", "Resources": {
                "Fn::ForEach::L": ["N", ["a", "b"], {"Same": {"Type": "AWS::SNS::Topic"}}]}})");
            }),
            "ValidationError: Template format error: Fn::ForEach::L produces the key Same more "
            "than once");
}

TEST_F(LanguageExtensionsTest, ForEachWithTwoElementsIsRefused) {
  EXPECT_EQ(ErrorOf([&] {
              Expanded(R"({"Transform": "AWS::LanguageExtensions", "Resources": {
                "Fn::ForEach::L": ["N", ["a"]]}})");
            }),
            "ValidationError: Template format error: Fn::ForEach::L requires a list of three "
            "elements: an identifier, a collection and an object to replicate");
}

TEST_F(LanguageExtensionsTest, TemplateWithoutTheTransformIsUnchanged) {
  const boost::json::object out =
      Expanded(R"({"Resources": {"Fn::ForEach::L": ["N", ["a"], {"R${N}": {}}]}})");
  EXPECT_EQ(boost::json::value(out),
            Json(R"({"Resources": {"Fn::ForEach::L": ["N", ["a"], {"R${N}": {}}]}})"));
}

class LanguageExtensionFunctionsTest : public testing::EvaluationTest {
 protected:
  void SetUp() override {
    Load(R"({"Transform": "AWS::LanguageExtensions",
             "Parameters": {"QueueList": {"Type": "CommaDelimitedList", "Default": "a,b,c"},
                            "Name": {"Type": "String", "Default": "resolvedValue"}},
             "Mappings": {"InstanceConfiguration": {"us-west-2": {"Type": "m5.large"}}},
             "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}})");
  }
};

TEST_F(LanguageExtensionFunctionsTest, LengthOfASplit) {
  EXPECT_EQ(Eval(R"({"Fn::Length": {"Fn::Split": ["|", "a|b|c"]}})"), Json("3"));
}

TEST_F(LanguageExtensionFunctionsTest, LengthOfAListParameter) {
  EXPECT_EQ(Eval(R"({"Fn::Length": {"Ref": "QueueList"}})"), Json("3"));
}

TEST_F(LanguageExtensionFunctionsTest, LengthOfALiteralList) {
  EXPECT_EQ(Eval(R"({"Fn::Length": [1, {"Ref": "Name"}, 3]})"), Json("3"));
}

TEST_F(LanguageExtensionFunctionsTest, LengthOfAStringIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Length": "abc"})"),
            "ValidationError: Template error: Fn::Length requires a list or a function that "
            "returns a list");
}

TEST_F(LanguageExtensionFunctionsTest, ToJsonStringOfAnObject) {
  EXPECT_EQ(Eval(R"({"Fn::ToJsonString": {"key1": "value1", "key2": {"Ref": "Name"}}})"),
            Json(R"("{\"key1\":\"value1\",\"key2\":\"resolvedValue\"}")"));
}

TEST_F(LanguageExtensionFunctionsTest, ToJsonStringOfAList) {
  EXPECT_EQ(Eval(R"({"Fn::ToJsonString": [{"key1": "value1"}, {"key2": {"Ref": "Name"}}]})"),
            Json(R"("[{\"key1\":\"value1\"},{\"key2\":\"resolvedValue\"}]")"));
}

TEST_F(LanguageExtensionFunctionsTest, FindInMapDefaultValueWhenTheKeyIsMissing) {
  EXPECT_EQ(Eval(R"({"Fn::FindInMap": ["InstanceConfiguration", {"Ref": "AWS::Region"}, "Type",
                                       {"DefaultValue": "m5.small"}]})"),
            Json(R"("m5.small")"));
}

TEST_F(LanguageExtensionFunctionsTest, FindInMapKeysMayBeFunctions) {
  EXPECT_EQ(Eval(R"({"Fn::FindInMap": ["InstanceConfiguration",
                                       {"Fn::Select": [0, {"Fn::Split": ["|", "us-west-2|x"]}]},
                                       "Type"]})"),
            Json(R"("m5.large")"));
}

TEST_F(LanguageExtensionFunctionsTest, RefMayTakeAFunction) {
  EXPECT_EQ(Eval(R"({"Ref": {"Fn::Join": ["", ["Que", "ue"]]}})"), Json(R"("Queue-physical")"));
}

}  // namespace
}  // namespace nimbus::cloudformation
