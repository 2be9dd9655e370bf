// TemplateURL and StackPolicyURL in the operations that take them: the object read from nimbus's
// S3 (template_url_reader_test.cc tests the URL forms and the reader's errors).
#include <string>
#include <utility>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kFake = R"({"Resources": {"R": {"Type": "Test::Fake"}}})";
const std::string kNoSuchBucket =
    "S3 error: The specified bucket does not exist\nFor more information check "
    "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html";

class TemplateUrlTest : public testing::StackTest {
 protected:
  std::pair<std::string, std::string> ErrorOfCall(std::string_view operation, json::object in) {
    const core::AwsError error = ErrorOf([&] { Call(operation, in); });
    return {error.code(), error.what()};
  }
  void Put(const std::string& key, const std::string& body) {
    rt_->Call(ctx_, "s3", "CreateBucket", {{"Bucket", "templates"}});
    rt_->Call(ctx_, "s3", "PutObject", {{"Bucket", "templates"}, {"Key", key}, {"Body", body}});
  }
};

TEST_F(TemplateUrlTest, ValidateTemplateReadsTheTemplateFromS3) {
  Put("t.json", R"({"Description": "from S3", "Resources": {"R": {"Type": "Test::Fake"}}})");
  EXPECT_EQ(Call("ValidateTemplate", {{"TemplateURL", "https://templates.s3.amazonaws.com/t.json"}})
                .at("Description")
                .as_string(),
            "from S3");
}

TEST_F(TemplateUrlTest, CreateStackDeploysTheTemplateReadFromS3) {
  Put("t.json", std::string(kFake));
  Call("CreateStack",
       {{"StackName", "app"}, {"TemplateURL", "https://s3.amazonaws.com/templates/t.json"}});
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(Call("GetTemplate", {{"StackName", "app"}}).at("TemplateBody").as_string(), kFake);
}

TEST_F(TemplateUrlTest, AStackPolicyUrlIsReadAndKeptAsTheStacksPolicy) {
  const std::string policy =
      R"({"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*",)"
      R"( "Resource": "*"}]})";
  Put("policy.json", policy);
  Call("CreateStack", {{"StackName", "app"},
                       {"TemplateBody", kFake},
                       {"StackPolicyURL", "https://templates.s3.amazonaws.com/policy.json"}});
  EXPECT_EQ(Call("GetStackPolicy", {{"StackName", "app"}}).at("StackPolicyBody").as_string(),
            policy);
}

TEST_F(TemplateUrlTest, SetStackPolicyReadsItsUrl) {
  const std::string policy =
      R"({"Statement": [{"Effect": "Deny", "Action": "Update:*", "Principal": "*",)"
      R"( "Resource": "*"}]})";
  Put("deny.json", policy);
  Create("app", kFake);
  Call("SetStackPolicy",
       {{"StackName", "app"}, {"StackPolicyURL", "https://s3.amazonaws.com/templates/deny.json"}});
  EXPECT_EQ(Call("GetStackPolicy", {{"StackName", "app"}}).at("StackPolicyBody").as_string(),
            policy);
}

TEST_F(TemplateUrlTest, ValidateTemplateOfAMissingBucketIsS3sError) {
  EXPECT_EQ(ErrorOfCall("ValidateTemplate",
                        {{"TemplateURL", "https://bucket.s3.us-east-1.amazonaws.com/t.yaml"}}),
            std::make_pair(std::string("ValidationError"), kNoSuchBucket));
}

TEST_F(TemplateUrlTest, GetTemplateSummaryOfAMissingBucketIsS3sError) {
  EXPECT_EQ(ErrorOfCall("GetTemplateSummary",
                        {{"TemplateURL", "https://s3-eu-west-1.amazonaws.com/bucket/t.yaml"}}),
            std::make_pair(std::string("ValidationError"), kNoSuchBucket));
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

TEST_F(TemplateUrlTest, CreateStackDeploysTheTemplateOfACloudFormationDocument) {
  rt_->Call(ctx_, "ssm", "CreateDocument",
            {{"Name", "app-template"}, {"Content", kFake}, {"DocumentType", "CloudFormation"}});
  const std::string arn = "arn:aws:ssm:us-east-1:" + ctx_.scope.account + ":document/app-template";
  Call("CreateStack", {{"StackName", "app"}, {"TemplateURL", "ssm-doc://" + arn}});
  rt_->RunDueTasks();
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(Call("GetTemplate", {{"StackName", "app"}}).at("TemplateBody").as_string(), kFake);
}

TEST_F(TemplateUrlTest, ADocumentUrlMayNameTheDocumentWithoutItsArn) {
  rt_->Call(ctx_, "ssm", "CreateDocument",
            {{"Name", "by-name"}, {"Content", kFake}, {"DocumentType", "CloudFormation"}});
  EXPECT_EQ(Call("ValidateTemplate", {{"TemplateURL", "ssm-doc://by-name"}}).at("Parameters"),
            json::array{});
}

TEST_F(TemplateUrlTest, ACommandDocumentIsNoTemplate) {
  rt_->Call(ctx_, "ssm", "CreateDocument",
            {{"Name", "a-command"}, {"Content", R"({"schemaVersion": "2.2", "mainSteps": [{"action":
               "aws:runShellScript", "name": "x", "inputs": {"runCommand": ["true"]}}]})"}});
  EXPECT_EQ(ErrorOfCall("ValidateTemplate", {{"TemplateURL", "ssm-doc://a-command"}}),
            std::make_pair(std::string("ValidationError"),
                           std::string("SSM error: document a-command is not a CloudFormation "
                                       "document")));
}

TEST_F(TemplateUrlTest, AStackPolicyUrlOfAMissingBucketIsS3sErrorAndCreatesNoStack) {
  EXPECT_EQ(ErrorOfCall("CreateStack",
                        {{"StackName", "app"},
                         {"TemplateBody", kFake},
                         {"StackPolicyURL", "https://s3.amazonaws.com/bucket/policy.json"}}),
            std::make_pair(std::string("ValidationError"), kNoSuchBucket));
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
                                       "StackPolicyBody")));
}

}  // namespace
}  // namespace nimbus::cloudformation
