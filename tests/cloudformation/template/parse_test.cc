// ParseTemplate: JSON or YAML as CloudFormation decides, the YAML 1.1 typing of AWS's parser,
// short-form tags, and the exact texts of the format errors.
#include "cloudformation/template/parse.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

// The message ParseTemplate throws for `body` (its code is always ValidationError).
std::string MessageOf(const std::string& body) {
  const core::AwsError error = test::ErrorOf([&] { ParseTemplate(body); });
  EXPECT_EQ(error.code(), "ValidationError");
  return error.what();
}

TEST(ParseTemplateTest, ReadsAJsonBody) {
  EXPECT_EQ(ParseTemplate(R"({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})"),
            json::parse(R"({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})"));
}

TEST(ParseTemplateTest, ReadsAYamlBody) {
  EXPECT_EQ(ParseTemplate("Resources:\n  T:\n    Type: AWS::SNS::Topic\n"),
            json::parse(R"({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})"));
}

TEST(ParseTemplateTest, KeepsJsonScalarsAsWritten) {
  // As YAML, 010 and yes would be 8 and true; a body that is JSON is never read as YAML.
  EXPECT_EQ(ParseTemplate(R"({"A": "010", "B": "yes", "C": 10})"),
            json::parse(R"({"A": "010", "B": "yes", "C": 10})"));
}

TEST(ParseTemplateTest, ReadsAFlowStyleYamlBodyThatIsNotJson) {
  EXPECT_EQ(ParseTemplate("{Resources: {T: {Type: 'AWS::SNS::Topic'}}}"),
            json::parse(R"({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})"));
}

TEST(ParseTemplateTest, KeepsTheOrderOfKeys) {
  const json::object tmpl = ParseTemplate("Z: 1\nA: 2\nM: 3\n");
  std::string keys;
  for (const auto& member : tmpl) keys += std::string(member.key());
  EXPECT_EQ(keys, "ZAM");
}

TEST(ParseTemplateTest, KeepsTheLastValueOfAJsonKeyGivenTwiceInItsFirstPlace) {
  EXPECT_EQ(json::serialize(ParseTemplate(R"({"A": 1, "B": 2, "A": 3})")), R"({"A":3,"B":2})");
}

TEST(ParseTemplateTest, KeepsTheLastValueOfAYamlKeyGivenTwiceInItsFirstPlace) {
  EXPECT_EQ(json::serialize(ParseTemplate("A: 1\nB: 2\nA: 3\n")), R"({"A":3,"B":2})");
}

TEST(ParseTemplateTest, SkipsAByteOrderMark) {
  EXPECT_EQ(ParseTemplate("\xEF\xBB\xBF{\"A\": 1}"), json::parse(R"({"A": 1})"));
}

TEST(ParseTemplateTest, ReportsInvalidJsonAtJacksonsColumn) {
  // Recorded from AWS (api/test_templates: test_validate_invalid_json_template_should_fail).
  EXPECT_EQ(MessageOf(R"({"this is invalid JSON"="bobbins"})"),
            "Template format error: JSON not well-formed. (line 1, column 25)");
}

TEST(ParseTemplateTest, ReportsInvalidJsonOnALaterLine) {
  EXPECT_EQ(MessageOf("{\n  \"A\": 1,\n  \"B\" = 2\n}"),
            "Template format error: JSON not well-formed. (line 3, column 8)");
}

TEST(ParseTemplateTest, ReadsJsonWithATrailingCommaAsYaml) {
  // Not JSON, but a YAML flow mapping: CloudFormation tries YAML when JSON fails.
  EXPECT_EQ(ParseTemplate(R"({"A": [1, 2,],})"), json::parse(R"({"A": [1, 2]})"));
}

TEST(ParseTemplateTest, ReportsUnterminatedJsonOnePastTheEnd) {
  EXPECT_EQ(MessageOf(R"({"A": 1)"),
            "Template format error: JSON not well-formed. (line 1, column 8)");
}

TEST(ParseTemplateTest, ReportsInvalidYamlWithItsPosition) {
  // The body of api/test_templates: test_create_stack_invalid_yaml_template_should_fail.
  EXPECT_EQ(MessageOf("Resources:\n"
                      "  MyBucket:\n"
                      "    Type: AWS::S3::Bucket\n"
                      "    Properties:\n"
                      "        BucketName: test\n"
                      "      VersioningConfiguration:\n"
                      "        Status: Enabled\n"),
            "Template format error: YAML not well-formed. (line 6, column 7)");
}

TEST(ParseTemplateTest, RefusesABareStringAsAnUnsupportedStructure) {
  // Recorded: a TemplateBody holding a template's URL.
  EXPECT_EQ(MessageOf("https://raw.githubusercontent.com/aws-cloudformation/"
                      "aws-cloudformation-templates/refs/heads/main/EC2/InstanceWithCfnInit.yaml"),
            "Template format error: unsupported structure.");
}

TEST(ParseTemplateTest, RefusesAYamlListAsAnUnsupportedStructure) {
  EXPECT_EQ(MessageOf("- Resources\n- Outputs\n"), "Template format error: unsupported structure.");
}

TEST(ParseTemplateTest, RefusesAJsonArrayAsAnUnsupportedStructure) {
  EXPECT_EQ(MessageOf(R"([{"Resources": {}}])"), "Template format error: unsupported structure.");
}

TEST(ParseTemplateTest, RefusesABodyOfCommentsAsAnUnsupportedStructure) {
  EXPECT_EQ(MessageOf("# nothing but a comment\n"),
            "Template format error: unsupported structure.");
}

TEST(ParseTemplateTest, RefusesASecondYamlDocument) {
  EXPECT_EQ(MessageOf("A: 1\n---\nB: 2\n"),
            "Template format error: YAML not well-formed. (line 2, column 1)");
}

TEST(ParseTemplateTest, RefusesYamlNestedFiveHundredLevelsDeep) {
  // yaml-cpp's own bound; it points past the brackets it had read.
  EXPECT_EQ(MessageOf("V: " + std::string(500, '[') + std::string(500, ']')),
            "Template format error: YAML not well-formed. (line 1, column 1004)");
}

TEST(ParseTemplateTest, ReadsYamlNestedFourHundredLevelsDeep) {
  const json::object tmpl = ParseTemplate("V: " + std::string(400, '[') + std::string(400, ']'));
  EXPECT_TRUE(tmpl.at("V").is_array());
}

TEST(ParseTemplateTest, RefusesJsonNestedDeeperThanAThousandLevels) {
  EXPECT_EQ(MessageOf("{\"V\": " + std::string(1000, '[') + std::string(1000, ']') + "}"),
            "Template format error: JSON not well-formed. (line 1, column 1007)");
}

TEST(ParseTemplateTest, ReadsJsonNestedAThousandLevelsDeep) {
  const json::object tmpl =
      ParseTemplate("{\"V\": " + std::string(999, '[') + std::string(999, ']') + "}");
  EXPECT_TRUE(tmpl.at("V").is_array());
}

TEST(ParseTemplateTest, RefusesAYamlAlias) {
  EXPECT_EQ(MessageOf("A: &tags [a, b]\nB: *tags\n"),
            "Template error: YAML aliases are not allowed in CloudFormation templates");
}

TEST(ParseTemplateTest, AcceptsAYamlAnchorWithoutAlias) {
  EXPECT_EQ(ParseTemplate("A: &tags [a, b]\n"), json::parse(R"({"A": ["a", "b"]})"));
}

TEST(ParseTemplateTest, KeepsAMergeKeyAsAnOrdinaryKey) {
  EXPECT_EQ(ParseTemplate("A:\n  <<: {B: 1}\n"), json::parse(R"({"A": {"<<": {"B": 1}}})"));
}

TEST(ParseTemplateTest, RefusesANullKey) {
  EXPECT_EQ(MessageOf("~: 1\n"), "Template format error: YAML not well-formed. (line 1, column 1)");
}

TEST(ParseTemplateTest, RefusesAListAsAKey) {
  EXPECT_EQ(MessageOf("? [a, b]\n: 1\n"),
            "Template format error: YAML not well-formed. (line 1, column 3)");
}

TEST(ParseTemplateTest, RefusesAShortFormTagOnAKey) {
  EXPECT_EQ(MessageOf("!Ref A: 1\n"),
            "Template format error: YAML not well-formed. (line 1, column 1)");
}

TEST(ParseTemplateTest, KeepsTheFormatVersionDateAsAString) {
  EXPECT_EQ(ParseTemplate("AWSTemplateFormatVersion: 2010-09-09\n").at("AWSTemplateFormatVersion"),
            "2010-09-09");
}

// A plain key is typed like a value, then written back as text.
struct KeyCase {
  const char* name;
  const char* yaml;
  const char* key;
};

void PrintTo(const KeyCase& c, std::ostream* out) { *out << c.name; }

std::string KeyCaseName(const ::testing::TestParamInfo<KeyCase>& param) { return param.param.name; }

class YamlKeyTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(YamlKeyTest, BecomesTheTextOfItsValue) {
  const json::object tmpl = ParseTemplate(std::string(GetParam().yaml) + ": x\n");
  ASSERT_EQ(tmpl.size(), 1u);
  EXPECT_EQ(tmpl.begin()->key(), GetParam().key);
}

INSTANTIATE_TEST_SUITE_P(
    Keys, YamlKeyTest,
    ::testing::Values(
        KeyCase{"PlainWord", "Name", "Name"}, KeyCase{"BooleanWord", "No", "false"},
        KeyCase{"QuotedBooleanWord", "'No'", "No"}, KeyCase{"Octal", "010", "8"},
        KeyCase{"Decimal", "123456789012", "123456789012"}, KeyCase{"Float", "1.5", "1.5"},
        KeyCase{"AccountIdWithLeadingZeroAndEight", "012345678901", "1.2345678901E10"},
        KeyCase{"Region", "us-east-1", "us-east-1"}, KeyCase{"ExplicitString", "!!str 010", "010"}),
    KeyCaseName);

TEST(ScalarTextTest, WritesIntegersInDecimal) {
  EXPECT_EQ(ScalarText(json::value(int64_t{-42})), "-42");
}

TEST(ScalarTextTest, WritesLargeUnsignedIntegersInDecimal) {
  EXPECT_EQ(ScalarText(json::value(uint64_t{18446744073709551615ULL})), "18446744073709551615");
}

TEST(ScalarTextTest, WritesBooleansAsWords) { EXPECT_EQ(ScalarText(json::value(true)), "true"); }

TEST(ScalarTextTest, WritesStringsAsTheyAre) { EXPECT_EQ(ScalarText(json::value("a b")), "a b"); }

struct DoubleCase {
  const char* name;
  double value;
  const char* text;
};

void PrintTo(const DoubleCase& c, std::ostream* out) { *out << c.name; }

std::string DoubleCaseName(const ::testing::TestParamInfo<DoubleCase>& param) {
  return param.param.name;
}

class JavaDoubleTextTest : public ::testing::TestWithParam<DoubleCase> {};

TEST_P(JavaDoubleTextTest, MatchesJavasDoubleToString) {
  EXPECT_EQ(ScalarText(json::value(GetParam().value)), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    Doubles, JavaDoubleTextTest,
    ::testing::Values(DoubleCase{"Fraction", 1.5, "1.5"}, DoubleCase{"WholeNumber", 100.0, "100.0"},
                      DoubleCase{"Negative", -2.25, "-2.25"}, DoubleCase{"Zero", 0.0, "0.0"},
                      DoubleCase{"SmallestPlain", 0.001, "0.001"},
                      DoubleCase{"BelowPlain", 0.0001, "1.0E-4"},
                      DoubleCase{"LargestPlain", 9999999.0, "9999999.0"},
                      DoubleCase{"AbovePlain", 10000000.0, "1.0E7"},
                      DoubleCase{"AccountId", 12345678901.0, "1.2345678901E10"},
                      DoubleCase{"Infinity", std::numeric_limits<double>::infinity(), "Infinity"}),
    DoubleCaseName);

// The CDK CLI's capture of `cdk deploy`: the template it uploads before CreateChangeSet.
TEST(ParseTemplateTest, ReadsTheTemplateTheCdkCliSynthesised) {
  std::ifstream file(std::string(NIMBUS_TEST_DATA_DIR) +
                     "/fixtures/requests/cdk-cli-2.1148.1/s3.PutObject.http");
  std::stringstream capture;
  capture << file.rdbuf();
  const std::string request = capture.str();
  const size_t body = request.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  const json::object tmpl = ParseTemplate(request.substr(body + 4));
  EXPECT_EQ(tmpl.at("Resources").at("P4E0919BE").at("Type"), "AWS::SSM::Parameter");
  EXPECT_EQ(tmpl.at("Parameters").at("BootstrapVersion").at("Type"),
            "AWS::SSM::Parameter::Value<String>");
  EXPECT_EQ(tmpl.at("Rules").at("CheckBootstrapVersion").at("Assertions").at(0).at("Assert"),
            json::parse(R"({"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"],
                                                           {"Ref": "BootstrapVersion"}]}]})"));
}

}  // namespace
}  // namespace nimbus::cloudformation
