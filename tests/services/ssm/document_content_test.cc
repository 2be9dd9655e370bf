#include "services/ssm/document_content.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;

std::string ErrorCode(const json::value& tree, std::string_view type) {
  try {
    ValidateDocumentContent(tree, type);
  } catch (const core::AwsError& e) {
    return e.code();
  }
  return "";
}

TEST(DocumentContentTest, YamlPlainScalarsAreTyped) {
  EXPECT_EQ(*ParseDocumentContent("a: 10\nb: 2.5\nc: true\nd: ~\ne: text\nf: '10'\n", "YAML"),
            json::parse(R"({"a": 10, "b": 2.5, "c": true, "d": null, "e": "text", "f": "10"})"));
}

TEST(DocumentContentTest, YamlShortFormTagsBecomeTheLongForm) {
  EXPECT_EQ(*ParseDocumentContent("a: !Ref X\nb: !GetAtt R.Arn\nc: !Sub '${X}'\n", "YAML"),
            json::parse(R"({"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["R", "Arn"]},
                            "c": {"Fn::Sub": "${X}"}})"));
}

TEST(DocumentContentTest, MalformedYamlDoesNotParse) {
  EXPECT_FALSE(ParseDocumentContent("a: [1, 2\n", "YAML").has_value());
}

TEST(DocumentContentTest, TextContentIsTheStringItself) {
  EXPECT_EQ(*ParseDocumentContent("BEGIN:VCALENDAR", "TEXT"), json::value("BEGIN:VCALENDAR"));
}

TEST(DocumentContentTest, YamlQuotesStringsThatWouldReadAsOtherTypes) {
  EXPECT_EQ(
      WriteDocumentContent(json::parse(R"({"v": "2.2", "b": "yes", "n": 3, "s": "x"})"), "YAML"),
      "v: \"2.2\"\nb: \"yes\"\nn: 3\ns: x\n");
}

TEST(DocumentContentTest, YamlWritesMultiLineStringsAsLiteralBlocks) {
  EXPECT_EQ(WriteDocumentContent(json::parse(R"({"script": "echo a\necho b"})"), "YAML"),
            "script: |\n  echo a\n  echo b\n");
}

TEST(DocumentContentTest, JsonIsIndentedByFourSpaces) {
  EXPECT_EQ(WriteDocumentContent(json::parse(R"({"a": [1], "b": {}})"), "JSON"),
            "{\n    \"a\": [\n        1\n    ],\n    \"b\": {}\n}");
}

TEST(DocumentContentTest, AutomationNeedsSchemaVersionZeroPointThree) {
  EXPECT_EQ(ErrorCode(json::parse(R"({"schemaVersion": "2.2", "mainSteps": [{}]})"), "Automation"),
            "InvalidDocumentSchemaVersion");
}

TEST(DocumentContentTest, YamlNumericSchemaVersionIsReadAsText) {
  const json::value tree = *ParseDocumentContent(
      "schemaVersion: 2.2\nmainSteps:\n  - action: aws:runPowerShellScript\n", "YAML");
  EXPECT_EQ(ErrorCode(tree, "Command"), "");
  EXPECT_EQ(FactsOf(tree, "Command").schema_version, "2.2");
}

TEST(DocumentContentTest, PowerShellCommandRunsOnWindows) {
  const json::value tree = json::parse(
      R"({"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runPowerShellScript"}]})");
  EXPECT_EQ(FactsOf(tree, "Command").platform_types, std::vector<std::string>{"Windows"});
}

TEST(DocumentContentTest, SessionDocumentNeedsSessionType) {
  EXPECT_EQ(ErrorCode(json::parse(R"({"schemaVersion": "1.0"})"), "Session"),
            "InvalidDocumentContent");
}

}  // namespace
}  // namespace nimbus::ssm
