// ParseTemplate on YAML: how each plain scalar is typed (YAML 1.1 as SnakeYAML, AWS's parser,
// reads it) and what every short-form tag becomes.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/template/parse.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

struct YamlCase {
  const char* name;      // the test's name
  const char* yaml;      // the value of V in `V: <yaml>`
  const char* expected;  // what V becomes, as JSON
};

void PrintTo(const YamlCase& c, std::ostream* out) { *out << c.name; }

json::value ValueOf(const std::string& yaml) { return ParseTemplate("V: " + yaml).at("V"); }

std::string CaseName(const ::testing::TestParamInfo<YamlCase>& param) { return param.param.name; }

class PlainScalarTest : public ::testing::TestWithParam<YamlCase> {};

TEST_P(PlainScalarTest, IsTypedAsAwsTypesIt) {
  const json::value value = ValueOf(GetParam().yaml);
  const json::value expected = json::parse(GetParam().expected);
  EXPECT_EQ(value.kind(), expected.kind());
  EXPECT_EQ(value, expected);
}

INSTANTIATE_TEST_SUITE_P(
    Scalars, PlainScalarTest,
    ::testing::Values(
        YamlCase{"Integer", "123", "123"}, YamlCase{"NegativeInteger", "-7", "-7"},
        YamlCase{"PlusSignedInteger", "+7", "7"}, YamlCase{"Zero", "0", "0"},
        YamlCase{"IntegerWithUnderscores", "1_000", "1000"}, YamlCase{"Hex", "0x1F", "31"},
        YamlCase{"Octal", "017", "15"}, YamlCase{"Binary", "0b101", "5"},
        YamlCase{"BaseSixty", "1:30", "90"}, YamlCase{"BaseSixtyHours", "190:20:30", "685230"},
        YamlCase{"LargestInt64", "9223372036854775807", "9223372036854775807"},
        YamlCase{"SmallestInt64", "-9223372036854775808", "-9223372036854775808"},
        YamlCase{"Uint64", "18446744073709551615", "18446744073709551615"},
        YamlCase{"BeyondUint64", "99999999999999999999", "1E20"}, YamlCase{"Float", "1.5", "1.5"},
        YamlCase{"NegativeFloat", "-1.5", "-1.5"}, YamlCase{"FloatWithoutIntegerPart", ".5", "0.5"},
        YamlCase{"FloatWithoutFraction", "1.", "1.0"}, YamlCase{"Exponent", "1e3", "1000.0"},
        YamlCase{"ExponentWithSign", "2.5E-3", "0.0025"},
        YamlCase{"FloatWithUnderscores", "1_0.2_5", "10.25"},
        YamlCase{"BaseSixtyFloat", "1:30.5", "90.5"},
        YamlCase{"LeadingZeroWithEightIsFloat", "012345678901", "12345678901.0"},
        YamlCase{"LeadingZeroWithNineIsFloat", "09", "9.0"}, YamlCase{"True", "true", "true"},
        YamlCase{"TrueCapitalised", "True", "true"}, YamlCase{"TrueUpper", "TRUE", "true"},
        YamlCase{"Yes", "yes", "true"}, YamlCase{"YesCapitalised", "Yes", "true"},
        YamlCase{"YesUpper", "YES", "true"}, YamlCase{"On", "on", "true"},
        YamlCase{"OnUpper", "ON", "true"}, YamlCase{"False", "false", "false"},
        YamlCase{"No", "no", "false"}, YamlCase{"NoCapitalised", "No", "false"},
        YamlCase{"Off", "Off", "false"}, YamlCase{"Y", "y", "\"y\""}, YamlCase{"N", "n", "\"n\""},
        YamlCase{"MixedCaseYes", "yES", "\"yES\""}, YamlCase{"Tilde", "~", "null"},
        YamlCase{"Null", "null", "null"}, YamlCase{"NullCapitalised", "Null", "null"},
        YamlCase{"NullUpper", "NULL", "null"}, YamlCase{"Empty", "", "null"},
        YamlCase{"Date", "2010-09-09", "\"2010-09-09\""},
        YamlCase{"DateTime", "2001-12-14t21:59:43.10-05:00", "\"2001-12-14t21:59:43.10-05:00\""},
        YamlCase{"Version", "1.2.3", "\"1.2.3\""}, YamlCase{"LetterOPrefix", "0o17", "\"0o17\""},
        YamlCase{"HexWithoutDigits", "0x", "\"0x\""}, YamlCase{"Underscore", "_", "\"_\""},
        YamlCase{"Dot", ".", "\".\""}, YamlCase{"Word", "t2.micro", "\"t2.micro\""},
        YamlCase{"Arn", "arn:aws:s3:::bucket", "\"arn:aws:s3:::bucket\""},
        YamlCase{"Cidr", "10.0.0.0/16", "\"10.0.0.0/16\""},
        YamlCase{"TimeOfDayPastSixty", "12:75", "\"12:75\""}),
    CaseName);

TEST(PlainScalarTest, ReadsDotInfAsInfinity) {
  const json::value value = ValueOf(".inf");
  ASSERT_TRUE(value.is_double());
  EXPECT_EQ(value.get_double(), std::numeric_limits<double>::infinity());
}

TEST(PlainScalarTest, ReadsMinusDotInfAsNegativeInfinity) {
  const json::value value = ValueOf("-.Inf");
  ASSERT_TRUE(value.is_double());
  EXPECT_EQ(value.get_double(), -std::numeric_limits<double>::infinity());
}

TEST(PlainScalarTest, ReadsDotNanAsNotANumber) {
  const json::value value = ValueOf(".NaN");
  ASSERT_TRUE(value.is_double());
  EXPECT_TRUE(std::isnan(value.get_double()));
}

class NonPlainScalarTest : public ::testing::TestWithParam<YamlCase> {};

TEST_P(NonPlainScalarTest, IsTypedByItsStyleOrTag) {
  const json::value value = ValueOf(GetParam().yaml);
  const json::value expected = json::parse(GetParam().expected);
  EXPECT_EQ(value.kind(), expected.kind());
  EXPECT_EQ(value, expected);
}

INSTANTIATE_TEST_SUITE_P(Scalars, NonPlainScalarTest,
                         ::testing::Values(YamlCase{"SingleQuotedNumber", "'123'", "\"123\""},
                                           YamlCase{"DoubleQuotedBoolean", "\"true\"", "\"true\""},
                                           YamlCase{"DoubleQuotedNull", "\"null\"", "\"null\""},
                                           YamlCase{"LiteralBlock", "|\n  123\n", "\"123\\n\""},
                                           YamlCase{"FoldedBlock", ">-\n  a\n  b\n", "\"a b\""},
                                           YamlCase{"ExplicitString", "!!str 123", "\"123\""},
                                           YamlCase{"ExplicitInteger", "!!int '42'", "42"},
                                           YamlCase{"ExplicitFloat", "!!float 1", "1.0"},
                                           YamlCase{"ExplicitBoolean", "!!bool yes", "true"},
                                           YamlCase{"ExplicitNull", "!!null ''", "null"},
                                           YamlCase{"ExplicitSequence", "!!seq [a]", "[\"a\"]"},
                                           YamlCase{"ExplicitMapping", "!!map {a: 1}",
                                                    "{\"a\": 1}"}),
                         CaseName);

TEST(NonPlainScalarTest, RefusesTheBinaryTag) {
  EXPECT_EQ(test::ErrorOf([] { ParseTemplate("V: !!binary aGk=\n"); }).what(),
            std::string("Template format error: YAML not well-formed. (line 1, column 4)"));
}

TEST(NonPlainScalarTest, RefusesTheTimestampTag) {
  EXPECT_EQ(test::ErrorOf([] { ParseTemplate("V: !!timestamp 2010-09-09\n"); }).what(),
            std::string("Template format error: YAML not well-formed. (line 1, column 4)"));
}

TEST(NonPlainScalarTest, RefusesTheSetTag) {
  EXPECT_EQ(test::ErrorOf([] { ParseTemplate("V: !!set {a, b}\n"); }).what(),
            std::string("Template format error: YAML not well-formed. (line 1, column 4)"));
}

TEST(NonPlainScalarTest, RefusesAnIntegerTagOnText) {
  EXPECT_EQ(test::ErrorOf([] { ParseTemplate("V: !!int abc\n"); }).what(),
            std::string("Template format error: YAML not well-formed. (line 1, column 4)"));
}

// Every short form the intrinsic function and rule function pages document, and an unknown one.
class ShortFormTest : public ::testing::TestWithParam<YamlCase> {};

TEST_P(ShortFormTest, BecomesTheLongForm) {
  EXPECT_EQ(ValueOf(GetParam().yaml), json::parse(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Tags, ShortFormTest,
    ::testing::Values(
        YamlCase{"Ref", "!Ref MyParameter", R"({"Ref": "MyParameter"})"},
        YamlCase{"RefToPseudoParameter", "!Ref AWS::Region", R"({"Ref": "AWS::Region"})"},
        YamlCase{"Condition", "!Condition IsProd", R"({"Condition": "IsProd"})"},
        YamlCase{"GetAttWithDot", "!GetAtt MyRole.Arn", R"({"Fn::GetAtt": ["MyRole", "Arn"]})"},
        YamlCase{"GetAttSplitsAtTheFirstDot", "!GetAtt MyDb.Endpoint.Address",
                 R"({"Fn::GetAtt": ["MyDb", "Endpoint.Address"]})"},
        YamlCase{"GetAttWithoutDot", "!GetAtt MyRole", R"({"Fn::GetAtt": ["MyRole"]})"},
        YamlCase{"GetAttList", "!GetAtt [MyRole, Arn]", R"({"Fn::GetAtt": ["MyRole", "Arn"]})"},
        YamlCase{"Sub", "!Sub 'arn:${AWS::Partition}:s3:::${B}'",
                 R"({"Fn::Sub": "arn:${AWS::Partition}:s3:::${B}"})"},
        YamlCase{"SubWithVariables", "!Sub ['${A}-x', {A: !Ref P}]",
                 R"({"Fn::Sub": ["${A}-x", {"A": {"Ref": "P"}}]})"},
        YamlCase{"Join", "!Join [',', [a, b]]", R"({"Fn::Join": [",", ["a", "b"]]})"},
        YamlCase{"Select", "!Select [1, [a, b]]", R"({"Fn::Select": [1, ["a", "b"]]})"},
        YamlCase{"Split", "!Split [',', 'a,b']", R"({"Fn::Split": [",", "a,b"]})"},
        YamlCase{"If", "!If [IsProd, a, b]", R"({"Fn::If": ["IsProd", "a", "b"]})"},
        YamlCase{"Equals", "!Equals [!Ref Env, prod]",
                 R"({"Fn::Equals": [{"Ref": "Env"}, "prod"]})"},
        YamlCase{"And", "!And [!Condition A, !Condition B]",
                 R"({"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]})"},
        YamlCase{"Or", "!Or [!Condition A, !Condition B]",
                 R"({"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]})"},
        YamlCase{"Not", "!Not [!Condition A]", R"({"Fn::Not": [{"Condition": "A"}]})"},
        YamlCase{"FindInMap", "!FindInMap [RegionMap, !Ref 'AWS::Region', AMI]",
                 R"({"Fn::FindInMap": ["RegionMap", {"Ref": "AWS::Region"}, "AMI"]})"},
        YamlCase{"GetAZs", "!GetAZs ''", R"({"Fn::GetAZs": ""})"},
        YamlCase{"GetAZsWithoutArgument", "!GetAZs", R"({"Fn::GetAZs": ""})"},
        YamlCase{"Base64", "!Base64 hello", R"({"Fn::Base64": "hello"})"},
        YamlCase{"ScalarArgumentStaysText", "!Base64 123", R"({"Fn::Base64": "123"})"},
        YamlCase{"Cidr", "!Cidr [10.0.0.0/16, 6, 5]", R"({"Fn::Cidr": ["10.0.0.0/16", 6, 5]})"},
        YamlCase{"ImportValue", "!ImportValue SharedVpc", R"({"Fn::ImportValue": "SharedVpc"})"},
        YamlCase{"Transform", "!Transform {Name: 'AWS::Include', Parameters: {Location: s3://b/k}}",
                 R"({"Fn::Transform": {"Name": "AWS::Include",
                                       "Parameters": {"Location": "s3://b/k"}}})"},
        YamlCase{"ToJsonString", "!ToJsonString {a: b}", R"({"Fn::ToJsonString": {"a": "b"}})"},
        YamlCase{"Length", "!Length [a, b]", R"({"Fn::Length": ["a", "b"]})"},
        YamlCase{"Contains", "!Contains [[a, b], !Ref P]",
                 R"({"Fn::Contains": [["a", "b"], {"Ref": "P"}]})"},
        YamlCase{"EachMemberEquals", "!EachMemberEquals [!RefAll 'AWS::EC2::VPC::Id', vpc-1]",
                 R"({"Fn::EachMemberEquals": [{"Fn::RefAll": "AWS::EC2::VPC::Id"}, "vpc-1"]})"},
        YamlCase{"EachMemberIn", "!EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, VpcId], [v]]",
                 R"({"Fn::EachMemberIn": [{"Fn::ValueOfAll": ["AWS::EC2::Subnet::Id", "VpcId"]},
                                          ["v"]]})"},
        YamlCase{"RefAll", "!RefAll AWS::EC2::VPC::Id", R"({"Fn::RefAll": "AWS::EC2::VPC::Id"})"},
        YamlCase{"ValueOf", "!ValueOf [Subnet, VpcId]", R"({"Fn::ValueOf": ["Subnet", "VpcId"]})"},
        YamlCase{"ValueOfAll", "!ValueOfAll [AWS::EC2::VPC::Id, Tags.Name]",
                 R"({"Fn::ValueOfAll": ["AWS::EC2::VPC::Id", "Tags.Name"]})"},
        YamlCase{"UnknownTagBecomesAnUnknownFunction", "!Foo bar", R"({"Fn::Foo": "bar"})"},
        YamlCase{"SubInsideJoin", "!Join ['', [!Sub '${A}', !Ref B]]",
                 R"({"Fn::Join": ["", [{"Fn::Sub": "${A}"}, {"Ref": "B"}]]})"},
        YamlCase{"LongFormSubInsideShortFormBase64", "!Base64\n  Fn::Sub: '${A}'\n",
                 R"({"Fn::Base64": {"Fn::Sub": "${A}"}})"},
        YamlCase{"SelectOfGetAZs", "!Select [0, !GetAZs '']",
                 R"({"Fn::Select": [0, {"Fn::GetAZs": ""}]})"}),
    CaseName);

TEST(ShortFormTest, RefusesTwoTagsOnOneNode) {
  // The Fn::Base64 page: "!Base64 !Sub string" isn't valid; nest with the full function name.
  EXPECT_EQ(test::ErrorOf([] { ParseTemplate("V: !Base64 !Sub x\n"); }).what(),
            std::string("Template format error: YAML not well-formed. (line 1, column 12)"));
}

std::string DataFile(const std::string& name) {
  std::ifstream file(std::string(NIMBUS_TEST_DATA_DIR) + "/templates/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// every_short_form.yaml passes cfn-lint; its JSON twin is what cfn-lint's own decoder makes of
// it, so two implementations agree on every tag.
TEST(ShortFormTest, ReadsTheTemplateOfEveryShortFormAsCfnLintDoes) {
  EXPECT_EQ(ParseTemplate(DataFile("every_short_form.yaml")),
            json::parse(DataFile("every_short_form.json")));
}

}  // namespace
}  // namespace nimbus::cloudformation
