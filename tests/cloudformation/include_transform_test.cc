// AWS::Include: snippets read from nimbus's S3 and inserted before the template is checked and
// deployed; GetTemplate shows the template as given (Original) and as deployed (Processed).
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class IncludeTransformTest : public testing::StackTest {
 protected:
  void SetUp() override { rt_->Call(ctx_, "s3", "CreateBucket", {{"Bucket", "snippets"}}); }
  void Put(const std::string& key, const std::string& body) {
    rt_->Call(ctx_, "s3", "PutObject", {{"Bucket", "snippets"}, {"Key", key}, {"Body", body}});
  }
  std::string CreateError(std::string_view body) {
    const core::AwsError error = ErrorOf([&] {
      Call("CreateStack", {{"StackName", "app"},
                           {"TemplateBody", body},
                           {"Capabilities", json::array{"CAPABILITY_AUTO_EXPAND"}}});
    });
    return error.code() + ": " + error.what();
  }
  json::value TemplateOf(std::string_view stage) {
    return json::parse(Call("GetTemplate", {{"StackName", "app"}, {"TemplateStage", stage}})
                           .at("TemplateBody")
                           .as_string());
  }
};

constexpr std::string_view kIncludedResources = R"({"Resources": {
    "Own": {"Type": "Test::Fake"},
    "Fn::Transform": {"Name": "AWS::Include",
                      "Parameters": {"Location": "s3://snippets/resources.yaml"}}}})";

TEST_F(IncludeTransformTest, AYamlSnippetAddsItsResourcesBesideTheTemplatesOwn) {
  Put("resources.yaml", "Included:\n  Type: Test::Fake\n");
  Create("app", kIncludedResources);
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  std::vector<std::string> ids;
  const json::value listed = Call("ListStackResources", {{"StackName", "app"}});
  for (const json::value& resource : listed.at("StackResourceSummaries").as_array()) {
    ids.emplace_back(resource.at("LogicalResourceId").as_string());
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"Included", "Own"}));
}

TEST_F(IncludeTransformTest, GetTemplateOriginalIsTheTemplateAsGiven) {
  Put("resources.yaml", "Included:\n  Type: Test::Fake\n");
  Create("app", kIncludedResources);
  EXPECT_EQ(TemplateOf("Original"), json::parse(kIncludedResources));
}

TEST_F(IncludeTransformTest, GetTemplateProcessedHasTheSnippetInserted) {
  Put("resources.yaml", "Included:\n  Type: Test::Fake\n");
  Create("app", kIncludedResources);
  EXPECT_EQ(TemplateOf("Processed"), json::parse(R"({"Resources": {"Own": {"Type": "Test::Fake"},
                                          "Included": {"Type": "Test::Fake"}}})"));
}

TEST_F(IncludeTransformTest, AnFnTransformAloneIsReplacedByAJsonSnippet) {
  Put("properties.json", R"({"Value": "from-snippet"})");
  Create("app", R"({"Resources": {"R": {"Type": "Test::Fake", "Properties": {
      "Fn::Transform": {"Name": "AWS::Include",
                        "Parameters": {"Location": "s3://snippets/properties.json"}}}}}})");
  EXPECT_EQ(TemplateOf("Processed").at("Resources").at("R").at("Properties"),
            json::parse(R"({"Value": "from-snippet"})"));
}

TEST_F(IncludeTransformTest, ATopLevelIncludeAddsItsSectionsAndLeavesTheTransformList) {
  Put("outputs.json", R"({"Outputs": {"Out": {"Value": "included"}}})");
  Create("app", R"({"Transform": {"Name": "AWS::Include",
                                  "Parameters": {"Location": "s3://snippets/outputs.json"}},
                    "Resources": {"R": {"Type": "Test::Fake"}}})",
         {{"Capabilities", json::array{"CAPABILITY_AUTO_EXPAND"}}});
  const json::value processed = TemplateOf("Processed");
  EXPECT_FALSE(processed.as_object().contains("Transform"));
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue").as_string(), "included");
}

TEST_F(IncludeTransformTest, ATopLevelIncludeStillNeedsCapabilityAutoExpand) {
  Put("outputs.json", R"({"Outputs": {"Out": {"Value": "included"}}})");
  const core::AwsError error = ErrorOf([&] {
    Call("CreateStack", {{"StackName", "app"},
                         {"TemplateBody", R"({"Transform": {"Name": "AWS::Include", "Parameters":
                                   {"Location": "s3://snippets/outputs.json"}},
                               "Resources": {"R": {"Type": "Test::Fake"}}})"}});
  });
  EXPECT_EQ(error.code(), "InsufficientCapabilitiesException");
}

TEST_F(IncludeTransformTest, AMissingBucketFailsAsAwsWordsIt) {
  EXPECT_EQ(CreateError(R"({"Resources": {"Fn::Transform": {"Name": "AWS::Include",
                              "Parameters": {"Location": "s3://doesnotexist/x.yaml"}}}})"),
            "ValidationError: Transform AWS::Include failed with: S3 bucket [doesnotexist] does "
            "not exist.");
}

TEST_F(IncludeTransformTest, ALocalPathIsNotAValidS3Uri) {
  EXPECT_EQ(CreateError(R"({"Resources": {"Fn::Transform": {"Name": "AWS::Include",
                              "Parameters": {"Location": "../swagger/api.yaml"}}}})"),
            "ValidationError: Transform AWS::Include failed with: The location parameter is not "
            "a valid S3 uri.");
}

TEST_F(IncludeTransformTest, ASnippetThatIsNotYamlOrJsonFails) {
  Put("bad.yaml", "a: [unclosed\n");
  EXPECT_EQ(CreateError(R"({"Resources": {"Fn::Transform": {"Name": "AWS::Include",
                              "Parameters": {"Location": "s3://snippets/bad.yaml"}}}})"),
            "ValidationError: Transform AWS::Include failed with: The specified S3 object's "
            "content should be valid Yaml/JSON.");
}

TEST_F(IncludeTransformTest, ASnippetCannotIncludeAnother) {
  Put("inner.json", R"({"Inner": {"Type": "Test::Fake"}})");
  Put("outer.json", R"({"Outer": {"Type": "Test::Fake", "Properties": {"Fn::Transform":
      {"Name": "AWS::Include", "Parameters": {"Location": "s3://snippets/inner.json"}}}}})");
  EXPECT_EQ(CreateError(R"({"Resources": {"Fn::Transform": {"Name": "AWS::Include",
                              "Parameters": {"Location": "s3://snippets/outer.json"}}}})"),
            "ValidationError: Transform AWS::Include failed with: The specified S3 object's "
            "content should be valid Yaml/JSON.");
}

TEST_F(IncludeTransformTest, UpdateStackReadsTheSnippetAgain) {
  Put("resources.yaml", "Included:\n  Type: Test::Fake\n");
  Create("app", kIncludedResources);
  Put("resources.yaml", "Changed:\n  Type: Test::Fake\n");
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", kIncludedResources}});
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_TRUE(TemplateOf("Processed").at("Resources").as_object().contains("Changed"));
}

}  // namespace
}  // namespace nimbus::cloudformation
