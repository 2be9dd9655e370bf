#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;

constexpr std::string_view kCommand = R"({
  "schemaVersion": "2.2",
  "description": "Say hello",
  "parameters": {
    "greeting": {"type": "String", "description": "What to say", "default": "hello"},
    "times": {"type": "Integer", "default": 3}
  },
  "mainSteps": [
    {"action": "aws:runShellScript", "name": "hello",
     "inputs": {"runCommand": ["echo {{ greeting }}"]}}
  ]
})";

class DocumentTest : public testing::ParameterTest {
 protected:
  json::object Create(const std::string& name, std::string_view content = kCommand,
                      json::object extra = {}) {
    extra["Name"] = name;
    extra["Content"] = content;
    return Call("CreateDocument", extra).at("DocumentDescription").as_object();
  }
  json::object Update(const std::string& name, const std::string& content) {
    return Call("UpdateDocument",
                json::object{{"Name", name}, {"Content", content}, {"DocumentVersion", "$LATEST"}})
        .at("DocumentDescription")
        .as_object();
  }
  std::vector<std::string> Listed(json::object in) {
    const json::value out = Call("ListDocuments", in);
    std::vector<std::string> names;
    for (const json::value& d : out.at("DocumentIdentifiers").as_array()) {
      names.emplace_back(d.at("Name").as_string());
    }
    return names;
  }
  static std::string Command(std::string_view echo) {
    return R"({"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript",
      "name": "run", "inputs": {"runCommand": [")" +
           std::string(echo) + R"("]}}]})";
  }
};

TEST_F(DocumentTest, CreateDocumentDescribesVersionOneAsActive) {
  const json::object d = Create("hello-doc");
  EXPECT_EQ(d.at("Name").as_string(), "hello-doc");
  EXPECT_EQ(d.at("Status").as_string(), "Active");
  EXPECT_EQ(d.at("DocumentVersion").as_string(), "1");
  EXPECT_EQ(d.at("LatestVersion").as_string(), "1");
  EXPECT_EQ(d.at("DefaultVersion").as_string(), "1");
  EXPECT_EQ(d.at("DocumentType").as_string(), "Command");
  EXPECT_EQ(d.at("DocumentFormat").as_string(), "JSON");
  EXPECT_EQ(d.at("SchemaVersion").as_string(), "2.2");
  EXPECT_EQ(d.at("Owner").as_string(), "111122223333");
  EXPECT_EQ(d.at("Description").as_string(), "Say hello");
  EXPECT_EQ(d.at("HashType").as_string(), "Sha256");
  EXPECT_EQ(d.at("Hash").as_string().size(), 64u);
}

TEST_F(DocumentTest, CreateDocumentReadsParametersFromTheContent) {
  const json::object d = Create("params-doc");
  EXPECT_EQ(
      d.at("Parameters"),
      (json::array{json::object{{"Name", "greeting"},
                                {"Type", "String"},
                                {"Description", "What to say"},
                                {"DefaultValue", "hello"}},
                   json::object{{"Name", "times"}, {"Type", "Integer"}, {"DefaultValue", "3"}}}));
}

TEST_F(DocumentTest, ShellScriptCommandRunsOnLinuxAndMacOS) {
  EXPECT_EQ(Create("shell-doc").at("PlatformTypes"), (json::array{"Linux", "MacOS"}));
}

TEST_F(DocumentTest, CreateDocumentWithMalformedJsonIsInvalidDocumentContent) {
  EXPECT_EQ(ErrorOf([&] { Create("bad-json", "{\"schemaVersion\": "); }), "InvalidDocumentContent");
}

TEST_F(DocumentTest, CommandWithoutSchemaVersionIsInvalidDocumentContent) {
  EXPECT_EQ(ErrorOf([&] { Create("no-schema", R"({"mainSteps": []})"); }),
            "InvalidDocumentContent");
}

TEST_F(DocumentTest, CommandWithAutomationSchemaIsInvalidDocumentSchemaVersion) {
  EXPECT_EQ(
      ErrorOf([&] { Create("wrong-schema", R"({"schemaVersion": "0.3", "mainSteps": [{}]})"); }),
      "InvalidDocumentSchemaVersion");
}

TEST_F(DocumentTest, CreatingAnExistingNameIsDocumentAlreadyExists) {
  Create("twice-doc");
  EXPECT_EQ(ErrorOf([&] { Create("twice-doc"); }), "DocumentAlreadyExists");
}

TEST_F(DocumentTest, NamesStartingWithAwsAreValidationException) {
  EXPECT_EQ(ErrorOf([&] { Create("AWS-Mine"); }), "ValidationException");
}

TEST_F(DocumentTest, CloudFormationDocumentWithoutResourcesIsInvalidDocumentContent) {
  EXPECT_EQ(ErrorOf([&] {
              Create("cfn-empty", "AWSTemplateFormatVersion: '2010-09-09'\n",
                     {{"DocumentType", "CloudFormation"}, {"DocumentFormat", "YAML"}});
            }),
            "InvalidDocumentContent");
}

TEST_F(DocumentTest, CloudFormationDocumentInYamlWithShortTagsIsAccepted) {
  const json::object d =
      Create("cfn-topic",
             "Resources:\n  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
             "      Type: String\n      Value: !Ref AWS::Region\n",
             {{"DocumentType", "CloudFormation"}, {"DocumentFormat", "YAML"}});
  EXPECT_EQ(d.at("DocumentType").as_string(), "CloudFormation");
  EXPECT_EQ(d.at("PlatformTypes"), json::array{});
}

TEST_F(DocumentTest, YamlDocumentIsReturnedAsJsonOnRequest) {
  Create("yaml-doc",
         "schemaVersion: '2.2'\nmainSteps:\n  - action: aws:runShellScript\n    name: run\n"
         "    inputs:\n      runCommand:\n        - echo hi\n",
         {{"DocumentFormat", "YAML"}});
  const json::object out =
      Call("GetDocument", json::object{{"Name", "yaml-doc"}, {"DocumentFormat", "JSON"}})
          .as_object();
  EXPECT_EQ(out.at("DocumentFormat").as_string(), "JSON");
  EXPECT_EQ(json::parse(out.at("Content").as_string()),
            json::parse(R"({"schemaVersion": "2.2", "mainSteps": [{"action":
              "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["echo hi"]}}]})"));
}

TEST_F(DocumentTest, JsonDocumentIsReturnedAsYamlOnRequest) {
  Create("json-doc", Command("echo 10"));
  const json::object out =
      Call("GetDocument", json::object{{"Name", "json-doc"}, {"DocumentFormat", "YAML"}})
          .as_object();
  EXPECT_EQ(out.at("Content").as_string(),
            "schemaVersion: \"2.2\"\nmainSteps:\n  - action: aws:runShellScript\n    name: run\n"
            "    inputs:\n      runCommand:\n        - echo 10\n");
}

TEST_F(DocumentTest, GetDocumentReturnsTheContentAsCreated) {
  Create("as-created");
  const json::object out = Call("GetDocument", json::object{{"Name", "as-created"}}).as_object();
  EXPECT_EQ(out.at("Content").as_string(), kCommand);
  EXPECT_EQ(out.at("DocumentVersion").as_string(), "1");
}

TEST_F(DocumentTest, GetUnknownDocumentIsInvalidDocument) {
  EXPECT_EQ(ErrorOf([&] {
              Call("GetDocument", json::object{{"Name", "nope-doc"}});
            }),
            "InvalidDocument");
}

TEST_F(DocumentTest, UpdateDocumentAddsALatestVersionAndKeepsTheDefault) {
  Create("versions-doc", Command("v1"));
  const json::object d = Update("versions-doc", Command("v2"));
  EXPECT_EQ(d.at("DocumentVersion").as_string(), "2");
  EXPECT_EQ(d.at("LatestVersion").as_string(), "2");
  EXPECT_EQ(d.at("DefaultVersion").as_string(), "1");
  EXPECT_EQ(Call("GetDocument", json::object{{"Name", "versions-doc"}}).at("DocumentVersion"), "1");
  EXPECT_EQ(
      Call("GetDocument", json::object{{"Name", "versions-doc"}, {"DocumentVersion", "$LATEST"}})
          .at("Content")
          .as_string(),
      Command("v2"));
}

TEST_F(DocumentTest, UpdateDocumentWithTheSameContentIsDuplicateDocumentContent) {
  Create("dup-doc", Command("same"));
  EXPECT_EQ(ErrorOf([&] { Update("dup-doc", Command("same")); }), "DuplicateDocumentContent");
}

TEST_F(DocumentTest, UpdateDocumentOfAnOlderVersionIsInvalidDocumentVersion) {
  Create("old-doc", Command("v1"));
  Update("old-doc", Command("v2"));
  EXPECT_EQ(ErrorOf([&] {
              Call("UpdateDocument",
                   json::object{
                       {"Name", "old-doc"}, {"Content", Command("v3")}, {"DocumentVersion", "1"}});
            }),
            "InvalidDocumentVersion");
}

TEST_F(DocumentTest, UpdateDocumentDefaultVersionMovesTheDefault) {
  Create("default-doc", Command("v1"));
  Update("default-doc", Command("v2"));
  const json::object out = Call("UpdateDocumentDefaultVersion",
                                json::object{{"Name", "default-doc"}, {"DocumentVersion", "2"}})
                               .as_object();
  EXPECT_EQ(out.at("Description").at("DefaultVersion").as_string(), "2");
  EXPECT_EQ(Call("GetDocument", json::object{{"Name", "default-doc"}}).at("Content").as_string(),
            Command("v2"));
}

TEST_F(DocumentTest, DeletingTheDefaultVersionIsInvalidDocumentOperation) {
  Create("keep-default", Command("v1"));
  Update("keep-default", Command("v2"));
  EXPECT_EQ(
      ErrorOf([&] {
        Call("DeleteDocument", json::object{{"Name", "keep-default"}, {"DocumentVersion", "1"}});
      }),
      "InvalidDocumentOperation");
}

TEST_F(DocumentTest, DeletingTheLatestVersionMakesThePreviousOneLatest) {
  Create("drop-latest", Command("v1"));
  Update("drop-latest", Command("v2"));
  Call("DeleteDocument", json::object{{"Name", "drop-latest"}, {"DocumentVersion", "2"}});
  EXPECT_EQ(Call("DescribeDocument", json::object{{"Name", "drop-latest"}})
                .at("Document")
                .at("LatestVersion"),
            "1");
}

TEST_F(DocumentTest, DeleteDocumentRemovesEveryVersion) {
  Create("gone-doc");
  Call("DeleteDocument", json::object{{"Name", "gone-doc"}});
  EXPECT_EQ(ErrorOf([&] {
              Call("DescribeDocument", json::object{{"Name", "gone-doc"}});
            }),
            "InvalidDocument");
}

TEST_F(DocumentTest, ListDocumentsIncludesTheAwsOwnedDocuments) {
  const std::vector<std::string> names =
      Listed({{"Filters",
               json::array{json::object{{"Key", "Owner"}, {"Values", json::array{"Amazon"}}}}}});
  EXPECT_NE(std::find(names.begin(), names.end(), "AWS-RunShellScript"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "AWS-RunPowerShellScript"), names.end());
}

TEST_F(DocumentTest, ListDocumentsOwnerSelfListsOnlyTheCallersDocuments) {
  Create("mine-b");
  Create("mine-a");
  EXPECT_EQ(Listed({{"Filters", json::array{json::object{{"Key", "Owner"},
                                                         {"Values", json::array{"Self"}}}}}}),
            (std::vector<std::string>{"mine-a", "mine-b"}));
}

TEST_F(DocumentTest, ListDocumentsPagesWithNextToken) {
  for (const char* name : {"page-1", "page-2", "page-3"}) Create(name);
  const json::array self{json::object{{"Key", "Owner"}, {"Values", json::array{"Self"}}}};
  const json::object first =
      Call("ListDocuments", json::object{{"Filters", self}, {"MaxResults", 2}}).as_object();
  EXPECT_EQ(first.at("DocumentIdentifiers").as_array().size(), 2u);
  const json::object second =
      Call("ListDocuments",
           json::object{{"Filters", self}, {"MaxResults", 2}, {"NextToken", first.at("NextToken")}})
          .as_object();
  EXPECT_EQ(second.at("DocumentIdentifiers").as_array()[0].at("Name").as_string(), "page-3");
  EXPECT_FALSE(second.contains("NextToken"));
}

TEST_F(DocumentTest, ListDocumentsFiltersByTag) {
  Create("tagged-doc", kCommand,
         {{"Tags", json::array{json::object{{"Key", "team"}, {"Value", "ops"}}}}});
  Create("untagged-doc");
  EXPECT_EQ(Listed({{"Filters", json::array{json::object{{"Key", "tag:team"},
                                                         {"Values", json::array{"ops"}}}}}}),
            std::vector<std::string>{"tagged-doc"});
}

TEST_F(DocumentTest, ListDocumentVersionsMarksTheDefault) {
  Create("list-versions", Command("v1"));
  Update("list-versions", Command("v2"));
  const json::array versions = Call("ListDocumentVersions", json::object{{"Name", "list-versions"}})
                                   .at("DocumentVersions")
                                   .as_array();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].at("IsDefaultVersion").as_bool(), true);
  EXPECT_EQ(versions[1].at("DocumentVersion").as_string(), "2");
  EXPECT_EQ(versions[1].at("IsDefaultVersion").as_bool(), false);
}

TEST_F(DocumentTest, ModifyDocumentPermissionSharesWithAnAccount) {
  Create("shared-doc");
  Call("ModifyDocumentPermission", json::object{{"Name", "shared-doc"},
                                                {"PermissionType", "Share"},
                                                {"AccountIdsToAdd", json::array{"444455556666"}}});
  const json::object out = Call("DescribeDocumentPermission",
                                json::object{{"Name", "shared-doc"}, {"PermissionType", "Share"}})
                               .as_object();
  EXPECT_EQ(out.at("AccountIds"), json::array{"444455556666"});
}

TEST_F(DocumentTest, SharedDocumentIsReadableByArnFromTheOtherAccount) {
  Create("readable-doc");
  Call("ModifyDocumentPermission", json::object{{"Name", "readable-doc"},
                                                {"PermissionType", "Share"},
                                                {"AccountIdsToAdd", json::array{"444455556666"}}});
  const json::object out =
      rt_.Call(Alice("444455556666"), "ssm", "GetDocument",
               json::object{{"Name", "arn:aws:ssm:us-east-1:111122223333:document/readable-doc"}})
          .as_object();
  EXPECT_EQ(out.at("Content").as_string(), kCommand);
}

TEST_F(DocumentTest, UnsharedDocumentIsInvalidDocumentForAnotherAccount) {
  Create("private-doc");
  EXPECT_EQ(
      ErrorOf([&] {
        rt_.Call(Alice("444455556666"), "ssm", "GetDocument",
                 json::object{{"Name", "arn:aws:ssm:us-east-1:111122223333:document/private-doc"}});
      }),
      "InvalidDocument");
}

TEST_F(DocumentTest, DeletingASharedDocumentIsInvalidDocumentOperation) {
  Create("still-shared");
  Call("ModifyDocumentPermission", json::object{{"Name", "still-shared"},
                                                {"PermissionType", "Share"},
                                                {"AccountIdsToAdd", json::array{"all"}}});
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteDocument", json::object{{"Name", "still-shared"}});
            }),
            "InvalidDocumentOperation");
}

TEST_F(DocumentTest, AwsOwnedDocumentIsReadable) {
  const json::object d = Call("DescribeDocument", json::object{{"Name", "AWS-RunShellScript"}})
                             .at("Document")
                             .as_object();
  EXPECT_EQ(d.at("Owner").as_string(), "Amazon");
  EXPECT_EQ(d.at("SchemaVersion").as_string(), "1.2");
  EXPECT_EQ(d.at("PlatformTypes"), (json::array{"Linux", "MacOS"}));
}

TEST_F(DocumentTest, AwsOwnedDocumentCannotBeDeleted) {
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteDocument", json::object{{"Name", "AWS-RunShellScript"}});
            }),
            "InvalidDocumentOperation");
}

TEST_F(DocumentTest, DocumentTagsGoThroughAddTagsToResource) {
  Create("tag-me");
  Call("AddTagsToResource",
       json::object{{"ResourceType", "Document"},
                    {"ResourceId", "tag-me"},
                    {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}}});
  EXPECT_EQ(Call("ListTagsForResource",
                 json::object{{"ResourceType", "Document"}, {"ResourceId", "tag-me"}})
                .at("TagList"),
            (json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}));
}

}  // namespace
}  // namespace nimbus::ssm
