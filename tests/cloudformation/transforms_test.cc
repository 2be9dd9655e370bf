// Transforms nimbus cannot run (macros, AWS::Serverless, Fn::Transform of a macro) fail
// CreateStack at once, naming the transform; ValidateTemplate lists them, as AWS does.
// AWS::Include runs (include_transform_test.cc); a snippet it cannot read fails the same way.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class TransformTest : public testing::StackTest {
 protected:
  std::string CreateError(std::string_view body) {
    const core::AwsError error = ErrorOf([&] {
      Call("CreateStack", {{"StackName", "app"},
                           {"TemplateBody", body},
                           {"Capabilities", json::array{"CAPABILITY_AUTO_EXPAND"}}});
    });
    return error.code() + ": " + error.what();
  }
};

constexpr std::string_view kMacro =
    R"({"Transform": "Upper", "Resources": {"R": {"Type": "Test::Fake"}}})";

TEST_F(TransformTest, AMacroFailsCreateStackNamingItWithTheAccount) {
  EXPECT_EQ(CreateError(kMacro),
            "ValidationError: Transform 111122223333::Upper failed with: nimbus cannot run "
            "macros: a macro is a Lambda function, and nimbus does not emulate Lambda.");
}

TEST_F(TransformTest, ValidateTemplateListsAMacroWithoutRunningIt) {
  EXPECT_EQ(Call("ValidateTemplate", {{"TemplateBody", kMacro}}).at("DeclaredTransforms"),
            (json::array{"Upper"}));
}

TEST_F(TransformTest, ValidateTemplateAcceptsASamTemplateAndItsServerlessTypes) {
  EXPECT_EQ(Call("ValidateTemplate",
                 {{"TemplateBody", R"({"Transform": "AWS::Serverless-2016-10-31",
                     "Resources": {"F": {"Type": "AWS::Serverless::Function"}}})"}})
                .at("DeclaredTransforms"),
            (json::array{"AWS::Serverless-2016-10-31"}));
}

TEST_F(TransformTest, TheServerlessTransformFailsCreateStack) {
  EXPECT_EQ(CreateError(R"({"Transform": "AWS::Serverless-2016-10-31",
                            "Resources": {"F": {"Type": "AWS::Serverless::Function"}}})"),
            "ValidationError: Transform AWS::Serverless-2016-10-31 failed with: nimbus does not "
            "run the AWS SAM transform: the resources it expands to (Lambda functions, API "
            "Gateway APIs) belong to services nimbus does not emulate.");
}

TEST_F(TransformTest, AwsIncludeOfAMissingBucketFailsAsAwsWordsIt) {
  EXPECT_EQ(CreateError(R"({"Transform": [{"Name": "AWS::Include",
                              "Parameters": {"Location": "s3://b/k.yaml"}}],
                            "Resources": {"R": {"Type": "Test::Fake"}}})"),
            "ValidationError: Transform AWS::Include failed with: S3 bucket [b] does not exist.");
}

TEST_F(TransformTest, FnTransformInAPropertyFailsNamingItsTransform) {
  EXPECT_EQ(CreateError(R"({"Resources": {"R": {"Type": "Test::Fake", "Properties": {
              "Value": {"Fn::Transform": {"Name": "AWS::Include",
                                          "Parameters": {"Location": "s3://b/k.yaml"}}}}}}})"),
            "ValidationError: Transform AWS::Include failed with: S3 bucket [b] does not exist.");
}

TEST_F(TransformTest, LanguageExtensionsWithAnotherTransformFailsNamingTheOther) {
  EXPECT_EQ(CreateError(R"({"Transform": ["AWS::LanguageExtensions", "Upper"],
                            "Resources": {"R": {"Type": "Test::Fake"}}})"),
            "ValidationError: Transform 111122223333::Upper failed with: nimbus cannot run "
            "macros: a macro is a Lambda function, and nimbus does not emulate Lambda.");
}

TEST_F(TransformTest, LanguageExtensionsAloneIsAccepted) {
  EXPECT_EQ(Call("ValidateTemplate", {{"TemplateBody", R"({"Transform": "AWS::LanguageExtensions",
                                      "Resources": {"R": {"Type": "Test::Fake"}}})"}})
                .at("DeclaredTransforms"),
            (json::array{"AWS::LanguageExtensions"}));
}

}  // namespace
}  // namespace nimbus::cloudformation
