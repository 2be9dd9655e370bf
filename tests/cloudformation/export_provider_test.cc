// Exports and imports: Outputs with Export, Fn::ImportValue, ListExports, ListImports, and a
// stack whose export is in use that cannot be deleted.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using Lines = std::vector<std::string>;

class ExportProviderTest : public testing::StackTest {};

constexpr std::string_view kExporter = R"({"Resources": {"R": {"Type": "Test::Fake"}},
  "Outputs": {"Out": {"Value": "v1", "Export": {"Name": "shared"}}}})";
constexpr std::string_view kImporter = R"({"Resources": {"P": {"Type": "AWS::SSM::Parameter",
  "Properties": {"Type": "String", "Value": {"Fn::ImportValue": "shared"}}}}})";

// A template that exports `count` outputs, named e000, e001, ...
std::string ManyExports(int count) {
  json::object outputs;
  for (int i = 0; i < count; ++i) {
    char name[16];
    std::snprintf(name, sizeof(name), "e%03d", i);
    outputs[std::string("O") + (name + 1)] =
        json::object{{"Value", "v"}, {"Export", json::object{{"Name", name}}}};
  }
  return json::serialize(
      json::object{{"Resources", json::object{{"R", json::object{{"Type", "Test::Fake"}}}}},
                   {"Outputs", std::move(outputs)}});
}

TEST_F(ExportProviderTest, ListExportsAnswersTheNameValueAndExportingStack) {
  const std::string id = Create("one", kExporter);
  EXPECT_EQ(Call("ListExports"), json::parse(R"({"Exports": [{"ExportingStackId": ")" + id +
                                             R"(", "Name": "shared", "Value": "v1"}]})"));
}

TEST_F(ExportProviderTest, ListExportsOfAnAccountWithoutExportsIsAnEmptyList) {
  EXPECT_EQ(Call("ListExports"), json::parse(R"({"Exports": []})"));
}

TEST_F(ExportProviderTest, ListExportsAnswersPagesOfAHundredByName) {
  Create("many", ManyExports(101));
  const json::value first = Call("ListExports");
  ASSERT_EQ(first.at("Exports").as_array().size(), 100u);
  EXPECT_EQ(first.at("Exports").at(0).at("Name"), "e000");
  EXPECT_EQ(first.at("Exports").at(99).at("Name"), "e099");
  const json::value second = Call("ListExports", {{"NextToken", first.at("NextToken")}});
  ASSERT_EQ(second.at("Exports").as_array().size(), 1u);
  EXPECT_EQ(second.at("Exports").at(0).at("Name"), "e100");
  EXPECT_FALSE(second.as_object().contains("NextToken"));
}

TEST_F(ExportProviderTest, ListExportsRefusesATokenItDidNotIssue) {
  EXPECT_EQ(ErrorOf([&] {
              Call("ListExports", {{"NextToken", "bogus"}});
            }).code(),
            "ValidationError");
}

TEST_F(ExportProviderTest, ATokenItDidNotIssueIsNotAValidNextToken) {
  EXPECT_EQ(ErrorOf([&] {
              Call("ListExports", {{"NextToken", "bogus"}});
            }).message(),
            "bogus is not a valid NextToken");
}

TEST_F(ExportProviderTest, ImportValueGivesTheExportedValueToAResource) {
  Create("one", kExporter);
  Create("two", kImporter);
  ASSERT_EQ(Status("two"), "CREATE_COMPLETE");
  const json::value resource =
      Call("DescribeStackResource", {{"StackName", "two"}, {"LogicalResourceId", "P"}});
  EXPECT_EQ(Parameter(resource.at("StackResourceDetail").at("PhysicalResourceId").as_string()),
            "v1");
}

TEST_F(ExportProviderTest, ImportOfAnUnknownExportFailsTheStackBeforeAnyResourceIsCreated) {
  Create("two", kImporter);
  EXPECT_EQ(Status("two"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Events("two"),
            (Lines{"two CREATE_IN_PROGRESS User Initiated",
                   "two ROLLBACK_IN_PROGRESS No export named shared found. Rollback requested by "
                   "user.",
                   "two ROLLBACK_COMPLETE"}));
}

TEST_F(ExportProviderTest, AnExportNameBuiltFromAParameterIsImported) {
  Create("one", kExporter);
  Create("two", R"({"Parameters": {"Prefix": {"Type": "String"}},
    "Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String",
      "Value": {"Fn::ImportValue": {"Fn::Sub": "${Prefix}red"}}}}}})",
         {{"Parameters", json::parse(R"([{"ParameterKey": "Prefix", "ParameterValue": "sha"}])")}});
  EXPECT_EQ(Status("two"), "CREATE_COMPLETE");
  EXPECT_EQ(Call("ListImports", {{"ExportName", "shared"}}),
            json::parse(R"({"Imports": ["two"]})"));
}

TEST_F(ExportProviderTest, AnImportInTheBranchAnFnIfDoesNotTakeIsNotLookedUp) {
  Create("two", R"({"Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
    "Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String",
      "Value": {"Fn::If": ["Never", {"Fn::ImportValue": "missing"}, "plain"]}}}}})");
  EXPECT_EQ(Status("two"), "CREATE_COMPLETE");
}

TEST_F(ExportProviderTest, ListImportsNamesEveryStackThatImportsTheExport) {
  Create("one", kExporter);
  Create("two", kImporter);
  Create("three", kImporter);
  EXPECT_EQ(Call("ListImports", {{"ExportName", "shared"}}),
            json::parse(R"({"Imports": ["three", "two"]})"));
}

TEST_F(ExportProviderTest, ListImportsOfAnExportNobodyImportsIsValidationError) {
  Create("one", kExporter);
  const core::AwsError error = ErrorOf([&] { Call("ListImports", {{"ExportName", "shared"}}); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string(error.what()), "Export 'shared' is not imported by any stack.");
}

TEST_F(ExportProviderTest, AStackWhoseExportIsImportedGoesBackToItsStatusAndKeepsItsResources) {
  Create("one", kExporter);
  Create("two", kImporter);
  Delete("one");
  EXPECT_EQ(Status("one"), "CREATE_COMPLETE");
  EXPECT_EQ(Reason("one"), "Export shared cannot be deleted as it is in use by two");
  EXPECT_EQ(Resources("one"), (Lines{"R CREATE_COMPLETE"}));
  EXPECT_EQ(Call("ListExports").at("Exports").as_array().size(), 1u);
}

TEST_F(ExportProviderTest, ARefusedDeletionWritesTheDeletionThenThePreviousStatus) {
  Create("one", kExporter);
  Create("two", kImporter);
  Delete("one");
  const std::vector<std::string> events = Events("one");
  EXPECT_EQ(Lines(events.end() - 2, events.end()),
            (Lines{"one DELETE_IN_PROGRESS User Initiated",
                   "one CREATE_COMPLETE Export shared cannot be deleted as it is in use by two"}));
}

TEST_F(ExportProviderTest, DeletingTheImportingStackLetsTheExporterBeDeleted) {
  Create("one", kExporter);
  Create("two", kImporter);
  Delete("two");
  EXPECT_EQ(ErrorOf([&] {
              Call("ListImports", {{"ExportName", "shared"}});
            }).code(),
            "ValidationError");
  Delete("one");
  EXPECT_EQ(Call("ListStacks", {{"StackStatusFilter", json::array{"DELETE_COMPLETE"}}})
                .at("StackSummaries")
                .as_array()
                .size(),
            2u);
  EXPECT_EQ(Call("ListExports"), json::parse(R"({"Exports": []})"));
}

}  // namespace
}  // namespace nimbus::cloudformation
