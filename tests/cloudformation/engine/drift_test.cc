// The comparison of drift detection: which differences, at which paths, of which type.
#include "cloudformation/engine/drift.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

// Each difference as "<path> <type> <expected> -> <actual>".
std::vector<std::string> Differences(std::string_view expected, std::string_view actual) {
  std::vector<std::string> lines;
  for (const PropertyDifference& difference :
       CompareProperties(json::parse(expected).as_object(), json::parse(actual).as_object())) {
    lines.push_back(difference.path + " " + difference.type + " " + difference.expected_value +
                    " -> " + difference.actual_value);
  }
  return lines;
}

using Lines = std::vector<std::string>;

TEST(DriftCompareTest, EqualPropertiesHaveNoDifference) {
  EXPECT_EQ(
      Differences(R"({"Value": "a", "Type": "String"})", R"({"Type": "String", "Value": "a"})"),
      Lines{});
}

TEST(DriftCompareTest, AChangedScalarIsNotEqualAtItsPath) {
  EXPECT_EQ(Differences(R"({"Value": "a"})", R"({"Value": "b"})"),
            Lines{"/Value NOT_EQUAL a -> b"});
}

TEST(DriftCompareTest, APropertyOnlyTheServiceHasIsNotCompared) {
  EXPECT_EQ(Differences(R"({"Value": "a"})", R"({"Value": "a", "Tier": "Standard"})"), Lines{});
}

TEST(DriftCompareTest, APropertyTheServiceNoLongerHasIsRemoved) {
  EXPECT_EQ(Differences(R"({"Description": "d"})", "{}"), Lines{"/Description REMOVE d -> null"});
}

TEST(DriftCompareTest, ANumberEqualsItsText) {
  EXPECT_EQ(Differences(R"({"MaxSessionDuration": 3600})", R"({"MaxSessionDuration": "3600"})"),
            Lines{});
}

TEST(DriftCompareTest, ANestedChangeHasTheFullPath) {
  EXPECT_EQ(Differences(R"({"RedrivePolicy": {"maxReceiveCount": 10, "arn": "x"}})",
                        R"({"RedrivePolicy": {"maxReceiveCount": 12, "arn": "x"}})"),
            Lines{"/RedrivePolicy/maxReceiveCount NOT_EQUAL 10 -> 12"});
}

TEST(DriftCompareTest, AnArrayInAnotherOrderIsEqual) {
  EXPECT_EQ(
      Differences(R"({"ManagedPolicyArns": ["a", "b"]})", R"({"ManagedPolicyArns": ["b", "a"]})"),
      Lines{});
}

TEST(DriftCompareTest, AnExtraArrayElementIsAdded) {
  EXPECT_EQ(Differences(R"({"ManagedPolicyArns": ["a"]})", R"({"ManagedPolicyArns": ["a", "b"]})"),
            Lines{"/ManagedPolicyArns/1 ADD null -> b"});
}

TEST(DriftCompareTest, AMissingArrayElementIsRemoved) {
  EXPECT_EQ(Differences(R"({"ManagedPolicyArns": ["a", "b"]})", R"({"ManagedPolicyArns": ["a"]})"),
            Lines{"/ManagedPolicyArns/1 REMOVE b -> null"});
}

TEST(DriftCompareTest, AListOfNamesComparesAsASet) {
  EXPECT_EQ(Differences(R"({"Groups": ["a", "b", "c"]})", R"({"Groups": ["c", "d", "a"]})"),
            (Lines{"/Groups/1 REMOVE b -> null", "/Groups/1 ADD null -> d"}));
}

TEST(DriftCompareTest, AChangedObjectInAListIsComparedByPosition) {
  EXPECT_EQ(Differences(R"({"Rules": [{"Id": "a", "Days": 1}]})",
                        R"({"Rules": [{"Id": "a", "Days": 2}]})"),
            Lines{"/Rules/0/Days NOT_EQUAL 1 -> 2"});
}

TEST(DriftCompareTest, APolicyGivenAsTextComparesAsJson) {
  EXPECT_EQ(Differences(R"({"PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": []}"})",
                        R"({"PolicyDocument": {"Statement": [], "Version": "2012-10-17"}})"),
            Lines{});
}

TEST(DriftCompareTest, AChangeInsideAPolicyIsAtItsPathInTheDocument) {
  EXPECT_EQ(Differences(R"({"Policies": [{"PolicyName": "p", "PolicyDocument":
                            {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}}]})",
                        R"({"Policies": [{"PolicyName": "p", "PolicyDocument":
                            {"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}}]})"),
            Lines{"/Policies/0/PolicyDocument/Statement/0/Action NOT_EQUAL s3:GetObject -> s3:*"});
}

TEST(DriftCompareTest, AMemberAddedInsideAnObjectIsAdded) {
  EXPECT_EQ(Differences(R"({"Config": {"a": "1"}})", R"({"Config": {"a": "1", "b": "2"}})"),
            Lines{"/Config/b ADD null -> 2"});
}

TEST(DriftCompareTest, AnObjectInPlaceOfAScalarIsNotEqualAsJson) {
  EXPECT_EQ(Differences(R"({"Value": "a"})", R"({"Value": {"x": 1}})"),
            Lines{R"(/Value NOT_EQUAL a -> {"x":1})"});
}

TEST(DriftCompareTest, AMemberNameWithASlashIsEscapedInThePath) {
  EXPECT_EQ(Differences(R"({"Tags": {"team/name": "a"}})", R"({"Tags": {"team/name": "b"}})"),
            Lines{"/Tags/team~1name NOT_EQUAL a -> b"});
}

TEST(DriftTagsTest, ComparedTagsLeaveOutAwsTagsAndTheStacksOwn) {
  const json::value tags = ComparedTags(
      json::parse(R"([{"Key": "b", "Value": "2"}, {"Key": "aws:cloudformation:stack-name",
        "Value": "s"}, {"Key": "env", "Value": "dev"}, {"Key": "a", "Value": "1"}])")
          .as_array(),
      json::parse(R"([{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])"),
      json::parse(R"([{"Key": "env", "Value": "dev"}])").as_array());
  EXPECT_EQ(tags, json::parse(R"([{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])"));
}

TEST(DriftTagsTest, ComparedTagsKeepAStackTagTheResourceSetsToo) {
  const json::value tags =
      ComparedTags(json::parse(R"([{"Key": "env", "Value": "prod"}])").as_array(),
                   json::parse(R"({"env": "prod"})"),
                   json::parse(R"([{"Key": "env", "Value": "dev"}])").as_array());
  EXPECT_EQ(tags, json::parse(R"({"env": "prod"})"));
}

}  // namespace
}  // namespace nimbus::cloudformation
