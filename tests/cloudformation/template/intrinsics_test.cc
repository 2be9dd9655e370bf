#include "cloudformation/template/intrinsics.h"

#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"

namespace nimbus::cloudformation {
namespace {

using testing::Json;

constexpr std::string_view kTemplate = R"({
  "Parameters": {
    "Env": {"Type": "String", "Default": "prod"},
    "Subnets": {"Type": "CommaDelimitedList", "Default": "subnet-a,subnet-b,subnet-c"},
    "Index": {"Type": "Number", "Default": "1"}
  },
  "Mappings": {
    "RegionMap": {"us-east-1": {"Ami": "ami-0ff8a91507f77f867", "Zones": ["a", "b"]}}
  },
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]}
  },
  "Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "DevOnly": {"Type": "AWS::S3::Bucket", "Condition": "IsDev"}
  }
})";

class IntrinsicsTest : public testing::EvaluationTest {
 protected:
  void SetUp() override { Load(kTemplate); }
};

TEST_F(IntrinsicsTest, RefToAParameterIsItsValue) {
  EXPECT_EQ(Eval(R"({"Ref": "Env"})"), Json(R"("prod")"));
}

TEST_F(IntrinsicsTest, RefToAListParameterIsAList) {
  EXPECT_EQ(Eval(R"({"Ref": "Subnets"})"), Json(R"(["subnet-a", "subnet-b", "subnet-c"])"));
}

TEST_F(IntrinsicsTest, RefToAResourceIsWhatTheLookupAnswers) {
  EXPECT_EQ(Eval(R"({"Ref": "Bucket"})"), Json(R"("Bucket-physical")"));
}

TEST_F(IntrinsicsTest, RefToAnUndeclaredNameIsAnUnresolvedDependency) {
  EXPECT_EQ(EvalError(R"({"Ref": "InvalidRef"})"),
            "ValidationError: Template format error: Unresolved resource dependencies "
            "[InvalidRef] in the Resources block of the template");
}

TEST_F(IntrinsicsTest, RefToAResourceWhoseConditionIsFalseIsAnUnresolvedDependency) {
  EXPECT_EQ(EvalError(R"({"Ref": "DevOnly"})"),
            "ValidationError: Template format error: Unresolved resource dependencies [DevOnly] "
            "in the Resources block of the template");
}

TEST_F(IntrinsicsTest, RefInAnOutputToAResourceThatDoesNotExistNamesTheOutputsBlock) {
  EXPECT_EQ(EvalError(R"({"Ref": "DevOnly"})", Block::kOutputs),
            "ValidationError: Unresolved resource dependencies [DevOnly] in the Outputs block of "
            "the template");
}

TEST_F(IntrinsicsTest, RefToAResourceInAConditionIsRefused) {
  EXPECT_EQ(EvalError(R"({"Ref": "Bucket"})", Block::kConditions),
            "ValidationError: Template format error: Unresolved dependencies [Bucket]. Cannot "
            "reference resources in the Conditions block of the template");
}

TEST_F(IntrinsicsTest, RefToANonStringIsRefused) {
  EXPECT_EQ(EvalError(R"({"Ref": ["Env"]})"),
            "ValidationError: Template format error: Every Ref object must have a single String "
            "value.");
}

TEST_F(IntrinsicsTest, NoValueRemovesTheObjectMember) {
  EXPECT_EQ(Eval(R"({"A": "x", "B": {"Ref": "AWS::NoValue"}})"), Json(R"({"A": "x"})"));
}

TEST_F(IntrinsicsTest, NoValueRemovesTheListItem) {
  EXPECT_EQ(Eval(R"(["x", {"Fn::If": ["IsDev", "y", {"Ref": "AWS::NoValue"}]}, "z"])"),
            Json(R"(["x", "z"])"));
}

TEST_F(IntrinsicsTest, GetAttListFormReadsTheAttribute) {
  EXPECT_EQ(Eval(R"({"Fn::GetAtt": ["Bucket", "Arn"]})"), Json(R"("Bucket.Arn")"));
}

TEST_F(IntrinsicsTest, GetAttStringFormSplitsAtTheFirstDot) {
  EXPECT_EQ(Eval(R"({"Fn::GetAtt": "Bucket.Outputs.Value"})"), Json(R"("Bucket.Outputs.Value")"));
}

TEST_F(IntrinsicsTest, GetAttAttributeNameMayBeARef) {
  EXPECT_EQ(Eval(R"({"Fn::GetAtt": ["Bucket", {"Ref": "Env"}]})"), Json(R"("Bucket.prod")"));
}

TEST_F(IntrinsicsTest, GetAttWithOneParameterIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::GetAtt": ["Bucket"]})"),
            "ValidationError: Template error: every Fn::GetAtt object requires two non-empty "
            "parameters, the resource name and the resource attribute");
}

TEST_F(IntrinsicsTest, GetAttOfAnAttributeTheTypeLacksIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::GetAtt": ["Bucket", "Missing"]})"),
            "ValidationError: Template error: resource Bucket does not support attribute type "
            "Missing in Fn::GetAtt");
}

TEST_F(IntrinsicsTest, GetAttOfAnUndeclaredResourceIsAnUnresolvedDependency) {
  EXPECT_EQ(EvalError(R"({"Fn::GetAtt": ["Nope", "Arn"]})"),
            "ValidationError: Template format error: Unresolved resource dependencies [Nope] in "
            "the Resources block of the template");
}

TEST_F(IntrinsicsTest, JoinConcatenatesWithTheDelimiter) {
  EXPECT_EQ(Eval(R"({"Fn::Join": ["-", ["a", {"Ref": "Env"}, 3]]})"), Json(R"("a-prod-3")"));
}

TEST_F(IntrinsicsTest, JoinAcceptsAFunctionReturningAList) {
  EXPECT_EQ(Eval(R"({"Fn::Join": [",", {"Ref": "Subnets"}]})"),
            Json(R"("subnet-a,subnet-b,subnet-c")"));
}

TEST_F(IntrinsicsTest, JoinOfAStringIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Join": [",", "abc"]})"),
            "ValidationError: Template error: every Fn::Join object requires two parameters, (1) a "
            "string delimiter and (2) a list of strings to be joined or a function that returns a "
            "list of strings (such as Fn::GetAZs) to be joined.");
}

TEST_F(IntrinsicsTest, SelectPicksByIndex) {
  EXPECT_EQ(Eval(R"({"Fn::Select": ["1", ["a", "b", "c"]]})"), Json(R"("b")"));
}

TEST_F(IntrinsicsTest, SelectIndexMayBeANumberParameter) {
  EXPECT_EQ(Eval(R"({"Fn::Select": [{"Ref": "Index"}, {"Ref": "Subnets"}]})"),
            Json(R"("subnet-b")"));
}

TEST_F(IntrinsicsTest, SelectOutOfRangeIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Select": [3, ["a", "b", "c"]]})"),
            "ValidationError: Template error: Fn::Select requires a list argument with two "
            "elements: an integer index and a list");
}

TEST_F(IntrinsicsTest, SelectWithANonIntegerIndexIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Select": ["one", ["a"]]})"),
            "ValidationError: Template error: Fn::Select requires a list argument with two "
            "elements: an integer index and a list");
}

TEST_F(IntrinsicsTest, SplitCutsAtEveryDelimiter) {
  EXPECT_EQ(Eval(R"({"Fn::Split": ["|", "a|b||c"]})"), Json(R"(["a", "b", "", "c"])"));
}

TEST_F(IntrinsicsTest, SplitWithOneParameterIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Split": ["|"]})"),
            "ValidationError: Template error: every Fn::Split object requires two parameters, (1) "
            "a string delimiter and (2) a string to be split or a function that returns a string "
            "to be split.");
}

TEST_F(IntrinsicsTest, IfChoosesTheBranchOfTheCondition) {
  EXPECT_EQ(Eval(R"({"Fn::If": ["IsProd", "big", "small"]})"), Json(R"("big")"));
}

TEST_F(IntrinsicsTest, IfWithAnUndeclaredConditionIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::If": ["MissingCondition", "a", "b"]})"),
            "ValidationError: Template error: unresolved condition dependency MissingCondition in "
            "Fn::If");
}

TEST_F(IntrinsicsTest, IfWithTwoElementsIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::If": ["IsProd", "a"]})"),
            "ValidationError: Template error: Fn::If requires a list argument with three elements");
}

TEST_F(IntrinsicsTest, FindInMapReadsTheMapping) {
  EXPECT_EQ(Eval(R"({"Fn::FindInMap": ["RegionMap", {"Ref": "AWS::Region"}, "Ami"]})"),
            Json(R"("ami-0ff8a91507f77f867")"));
}

TEST_F(IntrinsicsTest, FindInMapReturnsAListAttribute) {
  EXPECT_EQ(Eval(R"({"Fn::FindInMap": ["RegionMap", "us-east-1", "Zones"]})"),
            Json(R"(["a", "b"])"));
}

TEST_F(IntrinsicsTest, FindInMapOfAMissingKeyIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::FindInMap": ["RegionMap", "eu-west-1", "Ami"]})"),
            "ValidationError: Template error: Unable to get mapping for RegionMap::eu-west-1::Ami");
}

TEST_F(IntrinsicsTest, FindInMapOfAMissingMappingIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::FindInMap": ["Nope", "a", "b"]})"),
            "ValidationError: Template error: Mapping named 'Nope' is not present in the "
            "'Mappings' section of template");
}

TEST_F(IntrinsicsTest, FindInMapDefaultValueNeedsTheLanguageExtensions) {
  EXPECT_EQ(EvalError(R"({"Fn::FindInMap": ["RegionMap", "x", "y", {"DefaultValue": "d"}]})"),
            "ValidationError: Template error: every Fn::FindInMap object requires three "
            "parameters, the map name, map key and the attribute for return value");
}

TEST_F(IntrinsicsTest, Base64EncodesTheString) {
  EXPECT_EQ(Eval(R"({"Fn::Base64": "AWS CloudFormation"})"), Json(R"("QVdTIENsb3VkRm9ybWF0aW9u")"));
}

TEST_F(IntrinsicsTest, GetAZsOfTheEmptyStringIsTheStacksRegion) {
  EXPECT_EQ(Eval(R"({"Fn::GetAZs": ""})"),
            Json(R"(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e",
                     "us-east-1f"])"));
}

TEST_F(IntrinsicsTest, GetAZsOfANamedRegionListsItsZones) {
  EXPECT_EQ(Eval(R"({"Fn::GetAZs": "us-west-1"})"), Json(R"(["us-west-1a", "us-west-1c"])"));
}

TEST_F(IntrinsicsTest, ImportValueReadsTheExport) {
  exports_["Shared-prod-Vpc"] = "vpc-123";
  EXPECT_EQ(Eval(R"({"Fn::ImportValue": {"Fn::Sub": "Shared-${Env}-Vpc"}})"), Json(R"("vpc-123")"));
}

TEST_F(IntrinsicsTest, ImportValueOfAMissingExportIsRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::ImportValue": "Nope"})"), "ValidationError: No export named Nope");
}

TEST_F(IntrinsicsTest, ConditionFunctionsInAPropertyAreBooleans) {
  EXPECT_EQ(
      Eval(R"({"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsDev"}]}]})"),
      Json("true"));
}

TEST_F(IntrinsicsTest, ConditionKeyOutsideAConditionFunctionIsData) {
  EXPECT_EQ(Eval(R"({"Condition": "IsProd"})"), Json(R"({"Condition": "IsProd"})"));
}

TEST_F(IntrinsicsTest, UnknownFunctionIsRefusedWithTheSupportedList) {
  EXPECT_EQ(EvalError(R"({"fn::GetAtt": ["Bucket", "Arn"]})"),
            "ValidationError: Template Error: Encountered unsupported function: fn::GetAtt "
            "Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, "
            "Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, "
            "Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, "
            "Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr]");
}

TEST_F(IntrinsicsTest, LengthWithoutTheLanguageExtensionsIsUnsupported) {
  EXPECT_EQ(
      EvalError(R"({"Fn::Length": [1, 2]})")
          .find("ValidationError: Template Error: Encountered unsupported function: Fn::Length "
                "Supported functions are: [Fn::Base64,"),
      0u);
}

TEST_F(IntrinsicsTest, LiteralsAreKeptAsTheyAre) {
  EXPECT_EQ(Eval(R"({"Count": 3, "Enabled": true, "Name": "x", "Tags": [{"Key": "k"}]})"),
            Json(R"({"Count": 3, "Enabled": true, "Name": "x", "Tags": [{"Key": "k"}]})"));
}

}  // namespace
}  // namespace nimbus::cloudformation
