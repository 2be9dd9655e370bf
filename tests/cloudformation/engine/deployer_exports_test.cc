// Exports and imports under UpdateStack: an export another stack imports can be neither changed
// nor removed, an update records what it imports and releases what it no longer imports once it
// completes, and a rollback puts exports and imports back.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using Lines = std::vector<std::string>;

// A stack that exports `value` under `name`.
std::string Exporter(std::string_view value, std::string_view name = "shared") {
  return R"({"Resources": {"R": {"Type": "Test::Fake"}}, "Outputs": {"Out": {"Value": ")" +
         std::string(value) + R"(", "Export": {"Name": ")" + std::string(name) + R"("}}}})";
}
// A stack whose resource imports `name`.
std::string Importer(std::string_view name) {
  return R"({"Resources": {"P": {"Type": "Test::Fake", "Properties": {"Name": {"Fn::ImportValue": ")" +
         std::string(name) + R"("}}}}})";
}
constexpr std::string_view kNoExport = R"({"Resources": {"R": {"Type": "Test::Fake"}}})";
constexpr std::string_view kNoImport =
    R"({"Resources": {"P": {"Type": "Test::Fake", "Properties": {"Name": "plain"}}}})";

class DeployerExportsTest : public testing::StackTest {
 protected:
  void Update(std::string_view name, std::string_view body) {
    Call("UpdateStack", {{"StackName", name}, {"TemplateBody", body}});
    rt_->RunDueTasks();
  }
  // The reason of the stack's last UPDATE_ROLLBACK_IN_PROGRESS event, or "".
  std::string RollbackReason(std::string_view name) {
    const std::string prefix = std::string(name) + " UPDATE_ROLLBACK_IN_PROGRESS ";
    std::string reason;
    for (const std::string& line : Events(name)) {
      if (line.rfind(prefix, 0) == 0) reason = line.substr(prefix.size());
    }
    return reason;
  }
  // ListImports of `name`, or the error's message.
  std::string Importers(std::string_view name) {
    try {
      return json::serialize(Call("ListImports", {{"ExportName", name}}).at("Imports"));
    } catch (const core::AwsError& error) {
      return error.what();
    }
  }
  // ListExports as "name=value" entries.
  Lines ExportList() {
    Lines lines;
    const json::value out = Call("ListExports");
    for (const json::value& e : out.at("Exports").as_array()) {
      lines.push_back(std::string(e.at("Name").as_string()) + "=" +
                      std::string(e.at("Value").as_string()));
    }
    return lines;
  }
};

TEST_F(DeployerExportsTest, ChangingAnImportedExportsValueRollsTheUpdateBack) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Update("one", Exporter("v2"));
  EXPECT_EQ(Status("one"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(RollbackReason("one"), "Cannot update export shared as it is in use by two. ");
}

TEST_F(DeployerExportsTest, ARolledBackUpdateKeepsTheExportedValue) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Update("one", Exporter("v2"));
  EXPECT_EQ(ExportList(), (Lines{"shared=v1"}));
}

TEST_F(DeployerExportsTest, RemovingAnImportedExportRollsTheUpdateBack) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Update("one", kNoExport);
  EXPECT_EQ(Status("one"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(RollbackReason("one"), "Export shared cannot be deleted as it is in use by two. ");
  EXPECT_EQ(ExportList(), (Lines{"shared=v1"}));
}

TEST_F(DeployerExportsTest, TheReasonNamesEveryImporter) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Create("three", Importer("shared"));
  Update("one", Exporter("v2"));
  EXPECT_EQ(RollbackReason("one"),
            "Cannot update export shared as it is in use by three and two. ");
}

TEST_F(DeployerExportsTest, AnExportNobodyImportsTakesItsNewValue) {
  Create("one", Exporter("v1"));
  Update("one", Exporter("v2"));
  EXPECT_EQ(Status("one"), "UPDATE_COMPLETE");
  EXPECT_EQ(ExportList(), (Lines{"shared=v2"}));
}

TEST_F(DeployerExportsTest, AnImportedExportThatKeepsItsValueLetsTheUpdateComplete) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Update("one", R"({"Resources": {"R": {"Type": "Test::Fake", "Properties": {"Name": "n"}}},
    "Outputs": {"Out": {"Value": "v1", "Export": {"Name": "shared"}}}})");
  EXPECT_EQ(Status("one"), "UPDATE_COMPLETE");
}

TEST_F(DeployerExportsTest, ARenamedExportReleasesTheOldNameAndClaimsTheNew) {
  Create("one", Exporter("v1"));
  Update("one", Exporter("v1", "renamed"));
  EXPECT_EQ(Status("one"), "UPDATE_COMPLETE");
  EXPECT_EQ(ExportList(), (Lines{"renamed=v1"}));
  Create("other", Exporter("v9"));
  EXPECT_EQ(Status("other"), "CREATE_COMPLETE");
}

TEST_F(DeployerExportsTest, RenamingToANameAnotherStackExportsRollsTheUpdateBack) {
  Create("one", Exporter("v1"));
  Create("three", Exporter("v3", "taken"));
  Update("one", Exporter("v1", "taken"));
  EXPECT_EQ(Status("one"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(RollbackReason("one"), "Export with name taken is already exported by stack three. ");
  EXPECT_EQ(ExportList(), (Lines{"shared=v1", "taken=v3"}));
}

TEST_F(DeployerExportsTest, RenamingAnImportedExportRollsTheUpdateBack) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Update("one", Exporter("v1", "renamed"));
  EXPECT_EQ(RollbackReason("one"), "Export shared cannot be deleted as it is in use by two. ");
  EXPECT_EQ(ExportList(), (Lines{"shared=v1"}));
}

TEST_F(DeployerExportsTest, AnUpdateThatAddsAnImportRecordsIt) {
  Create("one", Exporter("v1"));
  Create("two", kNoImport);
  Update("two", Importer("shared"));
  EXPECT_EQ(Status("two"), "UPDATE_COMPLETE");
  EXPECT_EQ(Importers("shared"), R"(["two"])");
}

TEST_F(DeployerExportsTest, AnUpdateImportingAMissingExportRollsBackBeforeAnyResource) {
  Create("two", kNoImport);
  Update("two", Importer("missing"));
  EXPECT_EQ(Status("two"), "UPDATE_ROLLBACK_COMPLETE");
  const Lines events = Events("two");
  EXPECT_EQ(
      Lines(events.end() - 4, events.end()),
      (Lines{"two UPDATE_IN_PROGRESS User Initiated",
             "two UPDATE_ROLLBACK_IN_PROGRESS No export named missing found. ",
             "two UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "two UPDATE_ROLLBACK_COMPLETE"}));
}

TEST_F(DeployerExportsTest, AnUpdateThatStopsImportingReleasesTheExport) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Update("two", kNoImport);
  EXPECT_EQ(Importers("shared"), "Export 'shared' is not imported by any stack.");
  Update("one", Exporter("v2"));
  EXPECT_EQ(Status("one"), "UPDATE_COMPLETE");
}

TEST_F(DeployerExportsTest, AnImportIsHeldUntilTheUpdateThatDropsItCompletes) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Call("UpdateStack", {{"StackName", "two"}, {"TemplateBody", kNoImport}});
  EXPECT_EQ(Importers("shared"), R"(["two"])");
  rt_->RunDueTasks();
  EXPECT_EQ(Importers("shared"), "Export 'shared' is not imported by any stack.");
}

TEST_F(DeployerExportsTest, ARolledBackUpdateRestoresTheImports) {
  Create("one", Exporter("v1"));
  Create("three", Exporter("v3", "other"));
  Create("two", Importer("shared"));
  Update("two", R"({"Resources": {"P": {"Type": "Test::Fake",
      "Properties": {"Name": {"Fn::ImportValue": "other"}}},
    "Bad": {"Type": "Test::Fake", "DependsOn": "P", "Properties": {"FailCreate": "no"}}}})");
  ASSERT_EQ(Status("two"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Importers("shared"), R"(["two"])");
  EXPECT_EQ(Importers("other"), "Export 'other' is not imported by any stack.");
}

TEST_F(DeployerExportsTest, ADeletionNamesEveryImporterOfTheExport) {
  Create("one", Exporter("v1"));
  Create("two", Importer("shared"));
  Create("three", Importer("shared"));
  Delete("one");
  EXPECT_EQ(Reason("one"), "Export shared cannot be deleted as it is in use by three and two");
  EXPECT_EQ(Status("one"), "CREATE_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
