#include "cloudformation/template/conditions.h"

#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;

class ConditionsTest : public testing::EvaluationTest {
 protected:
  // Loads a template whose Conditions section is `conditions` (JSON), with Env=prod.
  void LoadConditions(std::string_view conditions) {
    Load(R"({"Parameters": {"Env": {"Type": "String", "Default": "prod"},
                            "Count": {"Type": "Number", "Default": "3"}},
             "Mappings": {"EnvMap": {"prod": {"Big": "yes"}}},
             "Conditions": )" +
         std::string(conditions) + R"(, "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}})");
  }

  std::string LoadError(std::string_view conditions) {
    return ErrorOf([&] { LoadConditions(conditions); });
  }
};

TEST_F(ConditionsTest, EqualsComparesAParameterWithAString) {
  LoadConditions(R"({"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}})");
  EXPECT_TRUE(conditions_.at("IsProd"));
}

TEST_F(ConditionsTest, EqualsComparesTextsOfNumbers) {
  LoadConditions(R"({"Three": {"Fn::Equals": [{"Ref": "Count"}, 3]}})");
  EXPECT_TRUE(conditions_.at("Three"));
}

TEST_F(ConditionsTest, EqualsReadsFindInMap) {
  LoadConditions(
      R"({"Big": {"Fn::Equals": [{"Fn::FindInMap": ["EnvMap", {"Ref": "Env"}, "Big"]}, "yes"]}})");
  EXPECT_TRUE(conditions_.at("Big"));
}

TEST_F(ConditionsTest, EqualsWithThreeArgumentsIsRefused) {
  EXPECT_EQ(LoadError(R"({"A": {"Fn::Equals": ["a", "a", "a"]}})"),
            "ValidationError: Template error: every Fn::Equals object requires a list of 2 string "
            "parameters.");
}

TEST_F(ConditionsTest, AndIsTrueWhenAllAre) {
  LoadConditions(R"({"A": {"Fn::And": [{"Fn::Equals": ["a", "a"]}, {"Condition": "B"}]},
                     "B": {"Fn::Not": [{"Fn::Equals": ["a", "b"]}]}})");
  EXPECT_TRUE(conditions_.at("A"));
  EXPECT_TRUE(conditions_.at("B"));
}

TEST_F(ConditionsTest, OrIsTrueWhenOneIs) {
  LoadConditions(R"({"A": {"Fn::Or": [{"Fn::Equals": ["a", "b"]}, {"Fn::Equals": ["c", "c"]}]}})");
  EXPECT_TRUE(conditions_.at("A"));
}

TEST_F(ConditionsTest, AndWithOneConditionIsRefused) {
  EXPECT_EQ(LoadError(R"({"A": {"Fn::And": [{"Fn::Equals": ["a", "a"]}]}})"),
            "ValidationError: Template error: every Fn::And object requires a list of at least 2 "
            "and at most 10 boolean parameters.");
}

TEST_F(ConditionsTest, OrWithElevenConditionsIsRefused) {
  std::string operands;
  for (int i = 0; i < 11; ++i) {
    operands += (i == 0 ? "" : ",") + std::string(R"({"Fn::Equals": ["a", "a"]})");
  }
  EXPECT_EQ(LoadError(R"({"A": {"Fn::Or": [)" + operands + "]}}"),
            "ValidationError: Template error: every Fn::Or object requires a list of at least 2 "
            "and at most 10 boolean parameters.");
}

TEST_F(ConditionsTest, NotOfAStringIsRefused) {
  EXPECT_EQ(LoadError(R"({"A": {"Fn::Not": ["true"]}})"),
            "ValidationError: Template error: Fn::Not requires a list argument with one function "
            "token");
}

TEST_F(ConditionsTest, ConditionReadsAConditionDeclaredLater) {
  LoadConditions(R"({"A": {"Fn::Not": [{"Condition": "B"}]}, "B": {"Fn::Equals": ["x", "y"]}})");
  EXPECT_TRUE(conditions_.at("A"));
}

TEST_F(ConditionsTest, ConditionOfAnUndeclaredNameIsRefused) {
  EXPECT_EQ(LoadError(R"({"A": {"Fn::Not": [{"Condition": "Nope"}]}})"),
            "ValidationError: Template error: unresolved condition dependency Nope in Condition");
}

TEST_F(ConditionsTest, ConditionsThatReadEachOtherAreACycle) {
  EXPECT_EQ(
      LoadError(
          R"({"B": {"Fn::Not": [{"Condition": "A"}]}, "A": {"Fn::Not": [{"Condition": "B"}]}})"),
      "ValidationError: Template format error: Circular dependency between conditions: [A, B]");
}

TEST_F(ConditionsTest, RefToAResourceInAConditionIsRefused) {
  EXPECT_EQ(LoadError(R"({"A": {"Fn::Equals": [{"Ref": "Bucket"}, "x"]}})"),
            "ValidationError: Template format error: Unresolved dependencies [Bucket]. Cannot "
            "reference resources in the Conditions block of the template");
}

TEST_F(ConditionsTest, ConditionThatIsNoBooleanOperationIsRefused) {
  EXPECT_EQ(LoadError(R"({"A": {"Ref": "Env"}})"),
            "ValidationError: Template format error: Conditions can only be boolean operations on "
            "parameters and other conditions");
}

TEST_F(ConditionsTest, MemberWithoutConditionIsActive) {
  EXPECT_TRUE(IsActive(testing::Json(R"({"Type": "AWS::S3::Bucket"})").as_object(), {}));
}

TEST_F(ConditionsTest, MemberWithAFalseConditionIsInactive) {
  EXPECT_FALSE(
      IsActive(testing::Json(R"({"Type": "AWS::S3::Bucket", "Condition": "C"})").as_object(),
               {{"C", false}}));
}

TEST_F(ConditionsTest, MemberWithAnUndeclaredConditionIsRefused) {
  EXPECT_EQ(
      ErrorOf([] {
        IsActive(testing::Json(R"({"Type": "AWS::S3::Bucket", "Condition": "C"})").as_object(), {});
      }),
      "ValidationError: Template format error: Condition C is not defined.");
}

}  // namespace
}  // namespace nimbus::cloudformation
