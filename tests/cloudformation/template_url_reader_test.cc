// The TemplateURL reader: the URL forms of S3 and of nimbus itself, and the object read from
// nimbus's S3 as the caller, with AWS's errors.
#include "cloudformation/template_url.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/http/message.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

struct UrlCase {
  std::string url;
  std::string bucket;
  std::string key;
  std::string version_id;
};

class S3ObjectUrlTest : public ::testing::TestWithParam<UrlCase> {};

TEST_P(S3ObjectUrlTest, NamesTheBucketKeyAndVersion) {
  const std::optional<S3ObjectUrl> object =
      ParseS3ObjectUrl(test::Context(), GetParam().url);
  ASSERT_TRUE(object.has_value()) << GetParam().url;
  EXPECT_EQ(object->bucket, GetParam().bucket);
  EXPECT_EQ(object->key, GetParam().key);
  EXPECT_EQ(object->version_id, GetParam().version_id);
}

INSTANTIATE_TEST_SUITE_P(
    UrlForms, S3ObjectUrlTest,
    ::testing::Values(
        UrlCase{"https://b1.s3.amazonaws.com/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"https://b1.s3.eu-west-1.amazonaws.com/dir/t.yaml", "b1", "dir/t.yaml", ""},
        UrlCase{"https://b1.s3-eu-west-1.amazonaws.com/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"https://my.dotted.bucket.s3.amazonaws.com/t.yaml", "my.dotted.bucket", "t.yaml",
                ""},
        UrlCase{"https://b1.s3.dualstack.us-east-1.amazonaws.com/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"https://s3.amazonaws.com/b1/a/b/t.yaml", "b1", "a/b/t.yaml", ""},
        UrlCase{"https://s3.us-west-2.amazonaws.com/b1/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"https://s3-us-west-2.amazonaws.com/b1/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"http://s3.amazonaws.com/b1/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"https://b1.s3.cn-north-1.amazonaws.com.cn/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"http://127.0.0.1:4566/b1/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"http://localhost:4566/b1/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"http://b1.localhost:4566/t.yaml", "b1", "t.yaml", ""},
        UrlCase{"https://s3.amazonaws.com/b1/my%20dir/t%2Bx.yaml", "b1", "my dir/t+x.yaml", ""},
        UrlCase{"https://s3.amazonaws.com/b1/a+b.yaml", "b1", "a+b.yaml", ""},
        UrlCase{"https://b1.s3.amazonaws.com/t.yaml?versionId=3%2Fv", "b1", "t.yaml", "3/v"}));

TEST(S3ObjectUrl, TheHostTheRequestCameToIsNimbusItself) {
  core::HttpRequest request;
  request.headers.push_back({"Host", "nimbus.internal:4566"});
  core::RequestContext ctx = test::Context();
  ctx.http = &request;
  const std::optional<S3ObjectUrl> object =
      ParseS3ObjectUrl(ctx, "http://b1.nimbus.internal:4566/t.yaml");
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->bucket, "b1");
  EXPECT_EQ(object->key, "t.yaml");
}

TEST(S3ObjectUrl, AnotherWebHostIsNotS3) {
  EXPECT_FALSE(ParseS3ObjectUrl(test::Context(), "https://example.com/b1/t.yaml").has_value());
}

TEST(S3ObjectUrl, AnS3UrlWithoutAKeyNamesNoObject) {
  EXPECT_FALSE(ParseS3ObjectUrl(test::Context(), "https://s3.amazonaws.com/b1").has_value());
}

TEST(S3ObjectUrl, AnotherSchemeIsNotS3) {
  EXPECT_FALSE(ParseS3ObjectUrl(test::Context(), "ftp://s3.amazonaws.com/b1/t").has_value());
}

class TemplateUrlReaderTest : public ::testing::Test {
 protected:
  void Put(const std::string& bucket, const std::string& key, const std::string& body) {
    rt_.Call(ctx_, "s3", "PutObject", {{"Bucket", bucket}, {"Key", key}, {"Body", body}});
  }
  std::string Read(std::string_view url, std::string_view member = "TemplateURL") {
    return ReadTemplateUrl(rt_.dispatcher, ctx_, url, member);
  }
  std::string ErrorOf(std::string_view url, std::string_view member = "TemplateURL") {
    const core::AwsError error = test::ErrorOf([&] { Read(url, member); });
    EXPECT_EQ(error.code(), "ValidationError");
    return error.what();
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(TemplateUrlReaderTest, ReadsTheObjectOfAVirtualHostedUrl) {
  rt_.Call(ctx_, "s3", "CreateBucket", {{"Bucket", "templates"}});
  Put("templates", "dir/t.yaml", "Resources: {}\n");
  EXPECT_EQ(Read("https://templates.s3.us-east-1.amazonaws.com/dir/t.yaml"), "Resources: {}\n");
}

TEST_F(TemplateUrlReaderTest, ReadsAKeyWithSpacesFromItsPercentEncoding) {
  rt_.Call(ctx_, "s3", "CreateBucket", {{"Bucket", "templates"}});
  Put("templates", "my t.json", "{}");
  EXPECT_EQ(Read("http://127.0.0.1:4566/templates/my%20t.json"), "{}");
}

TEST_F(TemplateUrlReaderTest, AMissingKeyIsS3sNoSuchKeyMessage) {
  rt_.Call(ctx_, "s3", "CreateBucket", {{"Bucket", "templates"}});
  EXPECT_EQ(ErrorOf("https://templates.s3.amazonaws.com/missing.yaml"),
            "S3 error: The specified key does not exist.\nFor more information check "
            "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html");
}

TEST_F(TemplateUrlReaderTest, AMissingBucketIsS3sNoSuchBucketMessage) {
  EXPECT_EQ(ErrorOf("https://s3.amazonaws.com/no-such-bucket-here/t.yaml"),
            "S3 error: The specified bucket does not exist\nFor more information check "
            "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html");
}

TEST_F(TemplateUrlReaderTest, AnotherAccountsBucketIsAccessDenied) {
  rt_.Call(test::Context("444455556666"), "s3", "CreateBucket", {{"Bucket", "theirs"}});
  rt_.Call(test::Context("444455556666"), "s3", "PutObject",
           {{"Bucket", "theirs"}, {"Key", "t.yaml"}, {"Body", "{}"}});
  EXPECT_EQ(ErrorOf("https://theirs.s3.amazonaws.com/t.yaml"),
            "S3 error: Access Denied\nFor more information check "
            "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html");
}

TEST_F(TemplateUrlReaderTest, AnObjectAbove460800BytesIsRefused) {
  rt_.Call(ctx_, "s3", "CreateBucket", {{"Bucket", "templates"}});
  Put("templates", "big.yaml", std::string(460801, ' '));
  EXPECT_EQ(ErrorOf("https://templates.s3.amazonaws.com/big.yaml"),
            "Template may not exceed 460800 bytes in size.");
}

TEST_F(TemplateUrlReaderTest, AnObjectOf460800BytesIsRead) {
  rt_.Call(ctx_, "s3", "CreateBucket", {{"Bucket", "templates"}});
  Put("templates", "big.yaml", std::string(460800, ' '));
  EXPECT_EQ(Read("https://templates.s3.amazonaws.com/big.yaml").size(), 460800u);
}

TEST_F(TemplateUrlReaderTest, AnS3UriIsNotAValidS3Domain) {
  EXPECT_EQ(ErrorOf("s3://templates/t.yaml"),
            "S3 error: Domain name specified in templates is not a valid S3 domain");
}

TEST_F(TemplateUrlReaderTest, AnotherWebUrlIsNotASupportedUrlOfTheMember) {
  EXPECT_EQ(ErrorOf("https://example.com/t.yaml", "StackPolicyURL"),
            "StackPolicyURL must be a supported URL.");
}

}  // namespace
}  // namespace nimbus::cloudformation
