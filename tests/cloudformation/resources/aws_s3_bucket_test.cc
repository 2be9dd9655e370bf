// AWS::S3::Bucket and AWS::S3::BucketPolicy: buckets and their configuration made, changed and
// removed through the S3 API; S3's errors are the resources' failures.
#include <string>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"
#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using ::testing::MatchesRegex;

class S3BucketResourceTest : public testing::NativeResourceTest {
 protected:
  S3BucketResourceTest() : NativeResourceTest("AWS::S3::Bucket") {}

  std::string Attribute(std::string_view bucket, std::string_view name) {
    return std::string(handler_->Attribute(Request({}), bucket, name)->as_string());
  }
  json::value S3(std::string_view operation, std::string_view bucket) {
    return Call("s3", operation, {{"Bucket", bucket}});
  }
};

TEST_F(S3BucketResourceTest, CreateMakesTheNamedBucket) {
  const ResourceResult result = handler_->Create(Request({{"BucketName", "cfn-named"}}));
  EXPECT_EQ(result.physical_id, "cfn-named");
  EXPECT_EQ(S3("HeadBucket", "cfn-named").at("BucketRegion"), "us-east-1");
}

TEST_F(S3BucketResourceTest, AGeneratedNameIsLowerCaseStackLogicalIdAndRandomPart) {
  const ResourceResult result = handler_->Create(Request({}, "Assets"));
  EXPECT_THAT(result.physical_id, MatchesRegex("app-assets-[a-z0-9]{13}"));
}

TEST_F(S3BucketResourceTest, AGeneratedNameIsAtMostSixtyThreeCharacters) {
  const ResourceResult result = handler_->Create(Request({}, std::string(80, 'L')));
  EXPECT_EQ(result.physical_id.size(), 63u);
}

TEST_F(S3BucketResourceTest, TagsAreTheResourcesTheStacksAndCloudFormations) {
  handler_->Create(Request({{"BucketName", "cfn-tags"},
                            {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}}},
                           "Tagged"));
  const json::array tags = S3("GetBucketTagging", "cfn-tags").at("TagSet").as_array();
  EXPECT_EQ(tags.size(), 5u);
  EXPECT_NE(std::find(tags.begin(), tags.end(),
                      json::value(json::object{{"Key", "aws:cloudformation:logical-id"},
                                               {"Value", "Tagged"}})),
            tags.end());
  EXPECT_NE(std::find(tags.begin(), tags.end(),
                      json::value(json::object{{"Key", "env"}, {"Value", "dev"}})),
            tags.end());
}

TEST_F(S3BucketResourceTest, BucketEncryptionBecomesTheBucketsDefaultEncryption) {
  handler_->Create(Request(
      {{"BucketName", "cfn-kms"},
       {"BucketEncryption",
        {{"ServerSideEncryptionConfiguration",
          json::array{json::object{
              {"ServerSideEncryptionByDefault", {{"SSEAlgorithm", "aws:kms"}}},
              {"BucketKeyEnabled", true}}}}}}}));
  const json::value rule =
      S3("GetBucketEncryption", "cfn-kms").at("ServerSideEncryptionConfiguration").at("Rules").at(0);
  EXPECT_EQ(rule.at("ApplyServerSideEncryptionByDefault").at("SSEAlgorithm"), "aws:kms");
  EXPECT_EQ(rule.at("BucketKeyEnabled"), true);
}

TEST_F(S3BucketResourceTest, CorsRulesAreRenamedAsS3NamesThem) {
  handler_->Create(Request(
      {{"BucketName", "cfn-cors"},
       {"CorsConfiguration",
        {{"CorsRules", json::array{json::object{{"AllowedMethods", json::array{"GET"}},
                                                {"AllowedOrigins", json::array{"*"}},
                                                {"ExposedHeaders", json::array{"ETag"}},
                                                {"MaxAge", "600"}}}}}}}));
  const json::value rule = S3("GetBucketCors", "cfn-cors").at("CORSRules").at(0);
  EXPECT_EQ(rule.at("ExposeHeaders"), json::array{"ETag"});
  EXPECT_EQ(rule.at("MaxAgeSeconds"), 600);
}

TEST_F(S3BucketResourceTest, ALifecycleRulesPrefixAndExpirationBecomeAFilterAndDays) {
  handler_->Create(Request(
      {{"BucketName", "cfn-life"},
       {"LifecycleConfiguration",
        {{"Rules", json::array{json::object{{"Id", "old-logs"},
                                            {"Status", "Enabled"},
                                            {"Prefix", "logs/"},
                                            {"ExpirationInDays", 7}}}}}}}));
  const json::value rule = S3("GetBucketLifecycleConfiguration", "cfn-life").at("Rules").at(0);
  EXPECT_EQ(rule.at("Filter").at("Prefix"), "logs/");
  EXPECT_EQ(rule.at("Expiration").at("Days"), 7);
}

TEST_F(S3BucketResourceTest, WebsiteDocumentsBecomeSuffixAndKey) {
  handler_->Create(Request({{"BucketName", "cfn-site"},
                            {"WebsiteConfiguration",
                             {{"IndexDocument", "index.html"}, {"ErrorDocument", "404.html"}}}}));
  const json::value site = S3("GetBucketWebsite", "cfn-site");
  EXPECT_EQ(site.at("IndexDocument").at("Suffix"), "index.html");
  EXPECT_EQ(site.at("ErrorDocument").at("Key"), "404.html");
}

TEST_F(S3BucketResourceTest, PublicAccessBlockTakesBooleansGivenAsStrings) {
  handler_->Create(Request({{"BucketName", "cfn-pab"},
                            {"PublicAccessBlockConfiguration", {{"BlockPublicAcls", "true"}}}}));
  const json::value block =
      S3("GetPublicAccessBlock", "cfn-pab").at("PublicAccessBlockConfiguration");
  EXPECT_EQ(block.at("BlockPublicAcls"), true);
  EXPECT_EQ(block.at("BlockPublicPolicy"), false);
}

TEST_F(S3BucketResourceTest, UpdateRemovesAConfigurationNoLongerGiven) {
  const json::object before{{"BucketName", "cfn-upd"},
                            {"WebsiteConfiguration", {{"IndexDocument", "index.html"}}}};
  handler_->Create(Request(before));
  handler_->Update(Request({{"BucketName", "cfn-upd"}}), "cfn-upd", before);
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketWebsite", "cfn-upd"); }).code(),
            "NoSuchWebsiteConfiguration");
}

TEST_F(S3BucketResourceTest, VersioningConfigurationEnablesTheBucketsVersioning) {
  handler_->Create(
      Request({{"BucketName", "cfn-ver"}, {"VersioningConfiguration", {{"Status", "Enabled"}}}}));
  EXPECT_EQ(S3("GetBucketVersioning", "cfn-ver").at("Status"), "Enabled");
}

TEST_F(S3BucketResourceTest, ABucketWithoutVersioningConfigurationIsNeverVersioned) {
  handler_->Create(Request({{"BucketName", "cfn-unver"}}));
  EXPECT_FALSE(S3("GetBucketVersioning", "cfn-unver").as_object().contains("Status"));
}

TEST_F(S3BucketResourceTest, RemovingVersioningConfigurationSuspendsVersioning) {
  const json::object before{{"BucketName", "cfn-susp"},
                            {"VersioningConfiguration", {{"Status", "Enabled"}}}};
  handler_->Create(Request(before));
  handler_->Update(Request({{"BucketName", "cfn-susp"}}), "cfn-susp", before);
  EXPECT_EQ(S3("GetBucketVersioning", "cfn-susp").at("Status"), "Suspended");
}

TEST_F(S3BucketResourceTest, AnExistingBucketOfTheCallerFailsWithS3sMessage) {
  Call("s3", "CreateBucket", {{"Bucket", "cfn-taken"}});
  const core::AwsError error =
      test::ErrorOf([&] { handler_->Create(Request({{"BucketName", "cfn-taken"}})); });
  EXPECT_EQ(error.code(), "BucketAlreadyOwnedByYou");
  EXPECT_STREQ(error.what(),
               "Your previous request to create the named bucket succeeded and you already own "
               "it.");
}

TEST_F(S3BucketResourceTest, DeletingABucketWithObjectsFailsAsS3Does) {
  handler_->Create(Request({{"BucketName", "cfn-full"}}));
  Call("s3", "PutObject", {{"Bucket", "cfn-full"}, {"Key", "k"}, {"Body", "v"}});
  const core::AwsError error = test::ErrorOf([&] { handler_->Delete(Request({}), "cfn-full"); });
  EXPECT_EQ(error.code(), "BucketNotEmpty");
  EXPECT_STREQ(error.what(), "The bucket you tried to delete is not empty");
}

TEST_F(S3BucketResourceTest, DeletingABucketThatIsGoneSucceeds) {
  handler_->Delete(Request({}), "cfn-never-made");
  EXPECT_EQ(test::ErrorOf([&] { S3("HeadBucket", "cfn-never-made"); }).code(), "NoSuchBucket");
}

TEST_F(S3BucketResourceTest, AttributesAreTheBucketsNamesInItsRegion) {
  EXPECT_EQ(Attribute("b1x", "Arn"), "arn:aws:s3:::b1x");
  EXPECT_EQ(Attribute("b1x", "DomainName"), "b1x.s3.amazonaws.com");
  EXPECT_EQ(Attribute("b1x", "RegionalDomainName"), "b1x.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(Attribute("b1x", "DualStackDomainName"), "b1x.s3.dualstack.us-east-1.amazonaws.com");
}

TEST_F(S3BucketResourceTest, WebsiteUrlUsesAHyphenInUsEast1) {
  EXPECT_EQ(Attribute("site", "WebsiteURL"), "http://site.s3-website-us-east-1.amazonaws.com");
}

TEST_F(S3BucketResourceTest, WebsiteUrlUsesADotInNewerRegions) {
  ctx_.scope.region = "eu-central-1";
  EXPECT_EQ(Attribute("site", "WebsiteURL"), "http://site.s3-website.eu-central-1.amazonaws.com");
}

TEST_F(S3BucketResourceTest, AnUnknownPropertyFailsValidation) {
  EXPECT_EQ(ValidationMessage({{"Colour", "red"}}),
            "Property validation failure: [Encountered unsupported properties in {/}: [Colour]]");
}

class S3BucketPolicyResourceTest : public testing::NativeResourceTest {
 protected:
  S3BucketPolicyResourceTest() : NativeResourceTest("AWS::S3::BucketPolicy") {
    Call("s3", "CreateBucket", {{"Bucket", "guarded"}});
  }
  static json::object Document() {
    return {{"Version", "2012-10-17"},
            {"Statement", json::array{json::object{{"Effect", "Allow"},
                                                   {"Principal", "*"},
                                                   {"Action", "s3:GetObject"},
                                                   {"Resource", "arn:aws:s3:::guarded/*"}}}}};
  }
  json::value Policy() {
    return json::parse(Call("s3", "GetBucketPolicy", {{"Bucket", "guarded"}}).at("Policy").as_string());
  }
};

TEST_F(S3BucketPolicyResourceTest, AnObjectDocumentBecomesTheBucketsPolicy) {
  const ResourceResult result =
      handler_->Create(Request({{"Bucket", "guarded"}, {"PolicyDocument", Document()}}));
  EXPECT_EQ(result.physical_id, "guarded");
  EXPECT_EQ(Policy(), Document());
}

TEST_F(S3BucketPolicyResourceTest, AStringDocumentIsTakenAsThePolicysText) {
  handler_->Create(
      Request({{"Bucket", "guarded"}, {"PolicyDocument", json::serialize(Document())}}));
  EXPECT_EQ(Policy(), Document());
}

TEST_F(S3BucketPolicyResourceTest, AnotherBucketsResourceFailsWithS3sMessage) {
  json::object document = Document();
  document["Statement"].as_array()[0].as_object()["Resource"] = "arn:aws:s3:::elsewhere/*";
  const core::AwsError error = test::ErrorOf(
      [&] { handler_->Create(Request({{"Bucket", "guarded"}, {"PolicyDocument", document}})); });
  EXPECT_EQ(error.code(), "MalformedPolicy");
  EXPECT_STREQ(error.what(), "Policy has invalid resource");
}

TEST_F(S3BucketPolicyResourceTest, DeleteRemovesThePolicy) {
  handler_->Create(Request({{"Bucket", "guarded"}, {"PolicyDocument", Document()}}));
  handler_->Delete(Request({}), "guarded");
  EXPECT_EQ(test::ErrorOf([&] { Call("s3", "GetBucketPolicy", {{"Bucket", "guarded"}}); }).code(),
            "NoSuchBucketPolicy");
}

class S3BucketStackTest : public testing::StackTest {};

TEST_F(S3BucketStackTest, DeletingAStackWhoseBucketHasObjectsIsDeleteFailed) {
  Create("store", R"({"Resources": {"Box": {"Type": "AWS::S3::Bucket",
                                          "Properties": {"BucketName": "stack-box"}}}})");
  rt_->Call(ctx_, "s3", "PutObject", {{"Bucket", "stack-box"}, {"Key", "k"}, {"Body", "v"}});
  Delete("store");
  EXPECT_EQ(Status("store"), "DELETE_FAILED");
  EXPECT_THAT(Events("store"), ::testing::Contains("Box DELETE_FAILED The bucket you tried to "
                                                   "delete is not empty"));
}

TEST_F(S3BucketStackTest, ARetainedBucketOutlivesItsStack) {
  Create("kept", R"({"Resources": {"Box": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain",
                                         "Properties": {"BucketName": "kept-box"}}}})");
  Delete("kept");
  EXPECT_EQ(rt_->Call(ctx_, "s3", "HeadBucket", {{"Bucket", "kept-box"}}).at("BucketRegion"),
            "us-east-1");
}

TEST_F(S3BucketStackTest, ChangingBucketNameReplacesTheBucket) {
  Create("moving", R"({"Resources": {"Box": {"Type": "AWS::S3::Bucket",
                                           "Properties": {"BucketName": "first-box"}}}})");
  Call("UpdateStack", {{"StackName", "moving"},
                       {"TemplateBody", R"({"Resources": {"Box": {"Type": "AWS::S3::Bucket",
                                           "Properties": {"BucketName": "second-box"}}}})"}});
  rt_->RunDueTasks();
  EXPECT_EQ(Status("moving"), "UPDATE_COMPLETE");
  EXPECT_EQ(test::ErrorOf([&] { rt_->Call(ctx_, "s3", "HeadBucket", {{"Bucket", "first-box"}}); })
                .code(),
            "NoSuchBucket");
}

TEST_F(S3BucketStackTest, AnS3TypeWithoutHandlerIsSimulatedAsATypeOfAnEmulatedService) {
  Create("points", R"({"Resources": {"Point": {"Type": "AWS::S3::AccessPoint",
                                             "Properties": {"Bucket": "some-bucket"}}}})");
  const json::value out =
      Call("DescribeStackResource", {{"StackName", "points"}, {"LogicalResourceId", "Point"}});
  EXPECT_EQ(out.at("StackResourceDetail").at("ResourceStatusReason").as_string(),
            "Simulated by nimbus: nimbus emulates S3 but not AWS::S3::AccessPoint yet; the "
            "resource exists only in this stack");
}

}  // namespace
}  // namespace nimbus::cloudformation
