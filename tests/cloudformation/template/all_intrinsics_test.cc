// One template that uses every intrinsic function, evaluated the way the engine deploys it:
// parameters, rules, the AWS::LanguageExtensions transform, conditions, the dependency graph,
// then each resource in creation order with the values of the resources created before it, then
// the outputs.
#include <gtest/gtest.h>

#include "cloudformation/template/conditions.h"
#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"
#include "cloudformation/template/references.h"
#include "cloudformation/template/rules.h"
#include "core/partition.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;
using testing::Json;

constexpr std::string_view kTemplate = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Transform": "AWS::LanguageExtensions",
  "Parameters": {
    "Env": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "prod"},
    "Teams": {"Type": "CommaDelimitedList", "Default": "Red, Blue"},
    "VpcCidr": {"Type": "String", "Default": "10.0.0.0/16",
                "AllowedPattern": "\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"},
    "Version": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/bootstrap/version"}
  },
  "Mappings": {"EnvMap": {"prod": {"Size": "large"}, "dev": {"Size": "small"}}},
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
    "ProdInUsEast": {"Fn::And": [{"Condition": "IsProd"},
                                 {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}]},
    "AnyEnv": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]}
  },
  "Rules": {
    "NewEnoughBootstrap": {"Assertions": [{
      "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2"], {"Ref": "Version"}]}]},
      "AssertDescription": "Bootstrap version 3 or later is required."}]}
  },
  "Resources": {
    "Key": {"Type": "AWS::KMS::Key",
            "Properties": {"Description": {"Fn::Sub": "${AWS::StackName} key in ${AWS::Partition}"}}},
    "DevTopic": {"Type": "AWS::SNS::Topic", "Condition": "IsDev"},
    "Fn::ForEach::TeamParameters": ["Team", {"Ref": "Teams"}, {
      "${Team}Parameter": {"Type": "AWS::SSM::Parameter", "Properties": {
        "Name": {"Fn::Sub": "/${Env}/teams/${Team}"},
        "Type": "String",
        "Value": {"Fn::Join": [":", [{"Ref": "Team"}, {"Fn::GetAtt": ["Key", "Arn"]}]]}}}}],
    "Config": {"Type": "AWS::SSM::Parameter", "DependsOn": "RedParameter", "Properties": {
      "Name": {"Fn::Sub": ["/${Env}/config-${Part}",
                           {"Part": {"Fn::Select": [1, {"Fn::Split": ["-", {"Ref": "AWS::Region"}]}]}}]},
      "Type": "String",
      "Value": {"Fn::ToJsonString": {
        "size": {"Fn::FindInMap": ["EnvMap", {"Ref": "Env"}, "Size"]},
        "tier": {"Fn::FindInMap": ["EnvMap", {"Ref": "Env"}, "Tier", {"DefaultValue": "standard"}]},
        "zone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
        "subnet": {"Fn::Select": [1, {"Fn::Cidr": [{"Ref": "VpcCidr"}, 4, 8]}]},
        "teams": {"Fn::Length": {"Ref": "Teams"}},
        "topic": {"Fn::If": ["IsDev", {"Ref": "DevTopic"}, {"Ref": "AWS::NoValue"}]},
        "shared": {"Fn::ImportValue": "SharedVpcId"},
        "secret": "{{resolve:ssm:/shared/secret}}",
        "prodInUsEast": {"Fn::If": ["ProdInUsEast", "yes", "no"]},
        "anyEnv": {"Fn::If": ["AnyEnv", "yes", "no"]}}},
      "Tags": {"Encoded": {"Fn::Base64": {"Ref": "Env"}}}}}
  },
  "Outputs": {
    "KeyArn": {"Value": {"Fn::GetAtt": "Key.Arn"},
               "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-KeyArn"}}},
    "Topic": {"Condition": "IsDev", "Value": {"Ref": "DevTopic"}},
    "Notifications": {"Value": {"Fn::Join": [",", {"Ref": "AWS::NotificationARNs"}]}},
    "Suffix": {"Value": {"Ref": "AWS::URLSuffix"}},
    "Account": {"Value": {"Ref": "AWS::AccountId"}}
  }
})";

class AllIntrinsicsTest : public testing::EvaluationTest {
 protected:
  void SetUp() override {
    ssm_["/bootstrap/version"] = "30";
    ssm_["/shared/secret"] = "s3cr3t";
    exports_["SharedVpcId"] = "vpc-0123456789abcdef0";
  }

  // Runs the whole evaluation as the engine does; `created_` and `properties_` record each
  // resource, `outputs_` each output that exists.
  void Deploy() {
    LoadParameters(kTemplate);
    CheckRules(tmpl_, Context());
    tmpl_ = ExpandLanguageExtensions(tmpl_, Context());
    conditions_ = EvaluateConditions(tmpl_, Context());
    const DependencyGraph graph = BuildDependencyGraph(tmpl_, &conditions_);
    EvaluationContext ctx = Context();
    ctx.lookups.resource_ref = [this](std::string_view id) {
      return boost::json::value(created_.at(std::string(id)));
    };
    ctx.lookups.resource_attribute =
        [this](std::string_view id,
               std::string_view attribute) -> std::optional<boost::json::value> {
      if (attribute != "Arn") {
        return std::nullopt;
      }
      return boost::json::value(core::Arn({.account = stack_.account_id, .region = stack_.region},
                                          "kms", "key/" + created_.at(std::string(id))));
    };
    for (const std::string& id : graph.creation_order) {
      const boost::json::object& resource = tmpl_.at("Resources").at(id).as_object();
      properties_[id] = *Resolve(resource.at("Properties"), ctx);
      // An SSM parameter's Ref is its name; a key's is its id.
      created_[id] = properties_[id].as_object().contains("Name")
                         ? std::string(properties_[id].at("Name").as_string())
                         : "key-" + std::to_string(created_.size() + 1);
      order_.push_back(id);
    }
    for (const auto& [name, output] : tmpl_.at("Outputs").as_object()) {
      if (IsActive(output.as_object(), conditions_)) {
        outputs_[std::string(name)] = *Resolve(output, ctx, Block::kOutputs);
      }
    }
  }

  std::map<std::string, std::string> created_;
  std::map<std::string, boost::json::value> properties_;
  std::map<std::string, boost::json::value> outputs_;
  std::vector<std::string> order_;
};

TEST_F(AllIntrinsicsTest, ResourcesAreCreatedAfterWhatTheyReference) {
  Deploy();
  EXPECT_EQ(order_, (std::vector<std::string>{"Key", "RedParameter", "BlueParameter", "Config"}));
}

TEST_F(AllIntrinsicsTest, SubUsesPseudoParameters) {
  Deploy();
  EXPECT_EQ(properties_.at("Key"), Json(R"({"Description": "teststack key in aws"})"));
}

TEST_F(AllIntrinsicsTest, ForEachMadeOneParameterPerTeamWithTheKeysArn) {
  Deploy();
  EXPECT_EQ(properties_.at("BlueParameter"), Json(R"({"Name": "/prod/teams/Blue", "Type": "String",
                     "Value": "Blue:arn:aws:kms:us-east-1:123456789012:key/key-1"})"));
}

TEST_F(AllIntrinsicsTest, EveryOtherFunctionResolvesInsideToJsonString) {
  Deploy();
  EXPECT_EQ(properties_.at("Config").at("Name"), Json(R"("/prod/config-east")"));
  EXPECT_EQ(boost::json::parse(properties_.at("Config").at("Value").as_string()), Json(R"({
    "size": "large", "tier": "standard", "zone": "us-east-1a", "subnet": "10.0.1.0/24",
    "teams": 2, "shared": "vpc-0123456789abcdef0", "secret": "s3cr3t",
    "prodInUsEast": "yes", "anyEnv": "yes"})"));
  EXPECT_EQ(properties_.at("Config").at("Tags"), Json(R"({"Encoded": "cHJvZA=="})"));
}

TEST_F(AllIntrinsicsTest, OutputsOfResourcesThatExist) {
  Deploy();
  EXPECT_EQ(outputs_.size(), 4u);
  EXPECT_EQ(boost::json::value(outputs_.at("KeyArn")),
            Json(R"({"Value": "arn:aws:kms:us-east-1:123456789012:key/key-1",
                     "Export": {"Name": "teststack-KeyArn"}})"));
  EXPECT_EQ(outputs_.at("Notifications").at("Value"),
            Json(R"("arn:aws:sns:us-east-1:123456789012:topic-a")"));
  EXPECT_EQ(outputs_.at("Suffix").at("Value"), Json(R"("amazonaws.com")"));
  EXPECT_EQ(outputs_.at("Account").at("Value"), Json(R"("123456789012")"));
}

TEST_F(AllIntrinsicsTest, DevEnvironmentCreatesTheTopicAndItsOutput) {
  LoadParameters(kTemplate, {{.key = "Env", .value = "dev"}});
  tmpl_ = ExpandLanguageExtensions(tmpl_, Context());
  conditions_ = EvaluateConditions(tmpl_, Context());
  EXPECT_EQ(
      BuildDependencyGraph(tmpl_, &conditions_).resources,
      (std::vector<std::string>{"Key", "DevTopic", "RedParameter", "BlueParameter", "Config"}));
  EXPECT_EQ(conditions_,
            (ConditionValues{
                {"AnyEnv", true}, {"IsDev", true}, {"IsProd", false}, {"ProdInUsEast", false}}));
}

TEST_F(AllIntrinsicsTest, OldBootstrapIsRefusedByTheRule) {
  ssm_["/bootstrap/version"] = "2";
  EXPECT_EQ(ErrorOf([&] { Deploy(); }),
            "ValidationError: Bootstrap version 3 or later is required.");
}

TEST_F(AllIntrinsicsTest, EnvironmentOutsideAllowedValuesIsRefused) {
  EXPECT_EQ(ErrorOf([&] { LoadParameters(kTemplate, {{.key = "Env", .value = "test"}}); }),
            "ValidationError: Parameter 'Env' must be one of AllowedValues");
}

}  // namespace
}  // namespace nimbus::cloudformation
