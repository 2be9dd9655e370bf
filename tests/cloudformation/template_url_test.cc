// TemplateURL and StackPolicyURL: nimbus cannot read them yet (S3 comes with issue 11), so every
// operation that takes one answers AWS's error for the URL rather than a fake success.
#include <string>
#include <utility>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kFake = R"({"Resources": {"R": {"Type": "Test::Fake"}}})";
const std::string kAccessDenied =
    "S3 error: Access Denied\nFor more information check "
    "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html";

class TemplateUrlTest : public testing::StackTest {
 protected:
  std::pair<std::string, std::string> ErrorOfCall(std::string_view operation, json::object in) {
    const core::AwsError error = ErrorOf([&] { Call(operation, in); });
    return {error.code(), error.what()};
  }
};

TEST_F(TemplateUrlTest, ValidateTemplateOfAnS3UrlIsTheUnreadableObjectError) {
  EXPECT_EQ(ErrorOfCall("ValidateTemplate",
                        {{"TemplateURL", "https://bucket.s3.us-east-1.amazonaws.com/t.yaml"}}),
            std::make_pair(std::string("ValidationError"), kAccessDenied));
}

TEST_F(TemplateUrlTest, GetTemplateSummaryOfAnS3UrlIsTheUnreadableObjectError) {
  EXPECT_EQ(ErrorOfCall("GetTemplateSummary",
                        {{"TemplateURL", "https://s3-eu-west-1.amazonaws.com/bucket/t.yaml"}}),
            std::make_pair(std::string("ValidationError"), kAccessDenied));
}

TEST_F(TemplateUrlTest, ValidateTemplateOfAWebUrlIsNotASupportedUrl) {
  EXPECT_EQ(ErrorOfCall("ValidateTemplate", {{"TemplateURL", "https://example.com/t.yaml"}}),
            std::make_pair(std::string("ValidationError"),
                           std::string("TemplateURL must be a supported URL.")));
}

TEST_F(TemplateUrlTest, ASystemsManagerDocumentCannotBeReadAndCreatesNoStack) {
  const auto error = ErrorOfCall(
      "CreateStack", {{"StackName", "app"},
                      {"TemplateURL", "ssm-doc://arn:aws:ssm:us-east-1:123456789012:document/T"}});
  EXPECT_EQ(error.first, "ValidationError");
  EXPECT_EQ(error.second,
            "SSM error: document arn:aws:ssm:us-east-1:123456789012:document/T does not exist or "
            "cannot be read");
  EXPECT_EQ(Call("ListStacks").at("StackSummaries").as_array().size(), 0u);
}

TEST_F(TemplateUrlTest, AnS3StackPolicyUrlIsTheUnreadableObjectErrorAndCreatesNoStack) {
  EXPECT_EQ(ErrorOfCall("CreateStack",
                        {{"StackName", "app"},
                         {"TemplateBody", kFake},
                         {"StackPolicyURL", "https://s3.amazonaws.com/bucket/policy.json"}}),
            std::make_pair(std::string("ValidationError"), kAccessDenied));
  EXPECT_EQ(Call("ListStacks").at("StackSummaries").as_array().size(), 0u);
}

TEST_F(TemplateUrlTest, AWebStackPolicyUrlIsNotASupportedUrl) {
  EXPECT_EQ(ErrorOfCall("CreateStack", {{"StackName", "app"},
                                        {"TemplateBody", kFake},
                                        {"StackPolicyURL", "https://example.com/policy.json"}}),
            std::make_pair(std::string("ValidationError"),
                           std::string("StackPolicyURL must be a supported URL.")));
}

TEST_F(TemplateUrlTest, StackPolicyUrlWithStackPolicyBodyIsRefused) {
  EXPECT_EQ(ErrorOfCall("CreateStack", {{"StackName", "app"},
                                        {"TemplateBody", kFake},
                                        {"StackPolicyBody", "{}"},
                                        {"StackPolicyURL", "https://example.com/policy.json"}}),
            std::make_pair(std::string("ValidationError"),
                           std::string("You cannot specify both StackPolicyURL and "
                                       "StackPolicyBody.")));
}

}  // namespace
}  // namespace nimbus::cloudformation
