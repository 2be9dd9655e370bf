#include <gtest/gtest.h>

#include "core/text.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3ObjectTest : public S3Test {
 protected:
  void SetUp() override { MakeBucket("objects"); }
  json::value Get(const std::string& key, json::object extra = {}) {
    extra["Bucket"] = "objects";
    extra["Key"] = key;
    return S3("GetObject", extra);
  }
};

TEST_F(S3ObjectTest, PutObjectAnswersTheQuotedMd5AsETag) {
  EXPECT_EQ(Put("objects", "a.txt", "hello").at("ETag"), "\"5d41402abc4b2a76b9719d911017c592\"");
}

TEST_F(S3ObjectTest, GetObjectAnswersTheBodyPut) {
  Put("objects", "dir/a b+c.json", "{\"x\":1}");
  EXPECT_EQ(Body(Get("dir/a b+c.json")), "{\"x\":1}");
}

TEST_F(S3ObjectTest, GetObjectOfAMissingKeyIsNoSuchKeyNamingIt) {
  const core::AwsError error = test::ErrorOf([&] { Get("missing"); });
  EXPECT_EQ(error.code(), "NoSuchKey");
  EXPECT_EQ(error.message(), "The specified key does not exist.");
  EXPECT_EQ(error.members().at("Key"), "missing");
}

TEST_F(S3ObjectTest, PutObjectIntoAMissingBucketIsNoSuchBucket) {
  EXPECT_EQ(test::ErrorOf([&] { Put("no-such", "k", "v"); }).code(), "NoSuchBucket");
}

TEST_F(S3ObjectTest, PutObjectKeepsContentTypeAndUserMetadata) {
  S3("PutObject", {{"Bucket", "objects"},
                   {"Key", "m"},
                   {"Body", "x"},
                   {"ContentType", "text/plain"},
                   {"Metadata", {{"owner", "me"}}}});
  const json::value out = S3("HeadObject", {{"Bucket", "objects"}, {"Key", "m"}});
  EXPECT_EQ(out.at("ContentType"), "text/plain");
  EXPECT_EQ(out.at("Metadata").at("owner"), "me");
  EXPECT_EQ(out.at("ContentLength"), 1);
}

TEST_F(S3ObjectTest, PutObjectWithoutContentTypeIsBinaryOctetStream) {
  Put("objects", "plain", "x");
  EXPECT_EQ(Get("plain").at("ContentType"), "binary/octet-stream");
}

TEST_F(S3ObjectTest, PutObjectWithAWrongContentMd5IsBadDigest) {
  EXPECT_EQ(test::ErrorOf([&] {
              S3("PutObject", {{"Bucket", "objects"},
                               {"Key", "k"},
                               {"Body", "hello"},
                               {"ContentMD5", core::Base64Encode(Md5("other"))}});
            }).code(),
            "BadDigest");
}

TEST_F(S3ObjectTest, PutObjectWithAMalformedContentMd5IsInvalidDigest) {
  EXPECT_EQ(test::ErrorOf([&] {
              S3("PutObject", {{"Bucket", "objects"},
                               {"Key", "k"},
                               {"Body", "hello"},
                               {"ContentMD5", "bm90IG1kNQ=="}});
            }).code(),
            "InvalidDigest");
}

TEST_F(S3ObjectTest, PutObjectWithAMatchingCrc32IsStoredAndAnsweredWhenAsked) {
  // CRC-32 of "hello" is 0x3610a686.
  S3("PutObject",
     {{"Bucket", "objects"}, {"Key", "c"}, {"Body", "hello"}, {"ChecksumCRC32", "NhCmhg=="}});
  EXPECT_EQ(Get("c", {{"ChecksumMode", "ENABLED"}}).at("ChecksumCRC32"), "NhCmhg==");
}

TEST_F(S3ObjectTest, PutObjectWithAWrongSha256IsBadDigest) {
  const core::AwsError error = test::ErrorOf([&] {
    S3("PutObject", {{"Bucket", "objects"},
                     {"Key", "k"},
                     {"Body", "hello"},
                     {"ChecksumSHA256", core::Base64Encode(std::string(32, 'x'))}});
  });
  EXPECT_EQ(error.code(), "BadDigest");
  EXPECT_EQ(error.message(), "The SHA256 you specified did not match the calculated checksum.");
}

TEST_F(S3ObjectTest, GetObjectWithARangeAnswersThosePartsOfTheBody) {
  Put("objects", "r", "0123456789");
  const json::value out = Get("r", {{"Range", "bytes=2-4"}});
  EXPECT_EQ(Body(out), "234");
  EXPECT_EQ(out.at("ContentRange"), "bytes 2-4/10");
  EXPECT_EQ(out.at("ContentLength"), 3);
}

TEST_F(S3ObjectTest, GetObjectWithASuffixRangeAnswersTheLastBytes) {
  Put("objects", "r", "0123456789");
  EXPECT_EQ(Body(Get("r", {{"Range", "bytes=-3"}})), "789");
}

TEST_F(S3ObjectTest, GetObjectWithARangeBeyondTheEndIsInvalidRange) {
  Put("objects", "r", "0123456789");
  EXPECT_EQ(test::ErrorOf([&] { Get("r", {{"Range", "bytes=10-"}}); }).code(), "InvalidRange");
}

TEST_F(S3ObjectTest, GetObjectWithAMatchingIfNoneMatchIsNotModified) {
  const json::value put = Put("objects", "n", "v");
  EXPECT_EQ(test::ErrorOf([&] {
              Get("n", {{"IfNoneMatch", put.at("ETag")}});
            }).code(),
            "NotModified");
}

TEST_F(S3ObjectTest, GetObjectWithAnotherIfMatchIsPreconditionFailed) {
  Put("objects", "n", "v");
  EXPECT_EQ(test::ErrorOf([&] {
              Get("n", {{"IfMatch", "\"abc\""}});
            }).code(),
            "PreconditionFailed");
}

TEST_F(S3ObjectTest, GetObjectModifiedBeforeIfModifiedSinceIsNotModified) {
  Put("objects", "t", "v");
  const double later = static_cast<double>(rt_.clock.NowMillis() / 1000 + 60);
  EXPECT_EQ(test::ErrorOf([&] { Get("t", {{"IfModifiedSince", later}}); }).code(), "NotModified");
}

TEST_F(S3ObjectTest, GetObjectModifiedAfterIfUnmodifiedSinceIsPreconditionFailed) {
  Put("objects", "t", "v");
  const double earlier = static_cast<double>(rt_.clock.NowMillis() / 1000 - 60);
  EXPECT_EQ(test::ErrorOf([&] {
              Get("t", {{"IfUnmodifiedSince", earlier}});
            }).code(),
            "PreconditionFailed");
}

TEST_F(S3ObjectTest, ResponseContentTypeOverridesTheStoredOne) {
  Put("objects", "o", "v");
  EXPECT_EQ(Get("o", {{"ResponseContentType", "text/csv"}}).at("ContentType"), "text/csv");
}

TEST_F(S3ObjectTest, PutObjectReplacesTheBody) {
  Put("objects", "k", "first");
  Put("objects", "k", "second");
  EXPECT_EQ(Body(Get("k")), "second");
}

TEST_F(S3ObjectTest, DeleteObjectRemovesIt) {
  Put("objects", "d", "v");
  S3("DeleteObject", {{"Bucket", "objects"}, {"Key", "d"}});
  EXPECT_EQ(test::ErrorOf([&] { Get("d"); }).code(), "NoSuchKey");
}

TEST_F(S3ObjectTest, DeleteObjectOfAMissingKeySucceeds) {
  EXPECT_TRUE(S3("DeleteObject", {{"Bucket", "objects"}, {"Key", "never"}}).as_object().empty());
}

TEST_F(S3ObjectTest, DeleteObjectsListsEachDeletedKey) {
  Put("objects", "a", "1");
  Put("objects", "b", "2");
  const json::value out =
      S3("DeleteObjects",
         {{"Bucket", "objects"}, {"Delete", {{"Objects", {{{"Key", "a"}}, {{"Key", "b"}}}}}}});
  ASSERT_EQ(out.at("Deleted").as_array().size(), 2u);
  EXPECT_EQ(out.at("Deleted").at(1).at("Key"), "b");
}

TEST_F(S3ObjectTest, QuietDeleteObjectsListsNothing) {
  Put("objects", "a", "1");
  const json::value out =
      S3("DeleteObjects",
         {{"Bucket", "objects"}, {"Delete", {{"Objects", {{{"Key", "a"}}}}, {"Quiet", true}}}});
  EXPECT_FALSE(out.as_object().contains("Deleted"));
}

TEST_F(S3ObjectTest, CopyObjectCopiesBodyAndMetadata) {
  S3("PutObject",
     {{"Bucket", "objects"}, {"Key", "src"}, {"Body", "data"}, {"Metadata", {{"a", "1"}}}});
  S3("CopyObject", {{"Bucket", "objects"}, {"Key", "dst"}, {"CopySource", "objects/src"}});
  const json::value out = Get("dst");
  EXPECT_EQ(Body(out), "data");
  EXPECT_EQ(out.at("Metadata").at("a"), "1");
}

TEST_F(S3ObjectTest, CopyObjectWithReplaceTakesTheRequestsMetadata) {
  S3("PutObject",
     {{"Bucket", "objects"}, {"Key", "src"}, {"Body", "data"}, {"Metadata", {{"a", "1"}}}});
  S3("CopyObject", {{"Bucket", "objects"},
                    {"Key", "src"},
                    {"CopySource", "/objects/src"},
                    {"MetadataDirective", "REPLACE"},
                    {"Metadata", {{"b", "2"}}}});
  const json::value out = Get("src");
  EXPECT_EQ(out.at("Metadata").at("b"), "2");
  EXPECT_FALSE(out.at("Metadata").as_object().contains("a"));
}

TEST_F(S3ObjectTest, CopyObjectOntoItselfWithoutChangesIsInvalidRequest) {
  Put("objects", "self", "v");
  EXPECT_EQ(
      test::ErrorOf([&] {
        S3("CopyObject", {{"Bucket", "objects"}, {"Key", "self"}, {"CopySource", "objects/self"}});
      }).code(),
      "InvalidRequest");
}

TEST_F(S3ObjectTest, TaggingHeaderTagsTheObject) {
  S3("PutObject", {{"Bucket", "objects"}, {"Key", "t"}, {"Body", "v"}, {"Tagging", "a=1&b=x%20y"}});
  const json::value tags = S3("GetObjectTagging", {{"Bucket", "objects"}, {"Key", "t"}});
  ASSERT_EQ(tags.at("TagSet").as_array().size(), 2u);
  EXPECT_EQ(tags.at("TagSet").at(1).at("Value"), "x y");
}

TEST_F(S3ObjectTest, PutObjectTaggingReplacesTheTags) {
  Put("objects", "t", "v");
  S3("PutObjectTagging", {{"Bucket", "objects"},
                          {"Key", "t"},
                          {"Tagging", {{"TagSet", {{{"Key", "k"}, {"Value", "v"}}}}}}});
  EXPECT_EQ(
      S3("GetObjectTagging", {{"Bucket", "objects"}, {"Key", "t"}}).at("TagSet").at(0).at("Key"),
      "k");
}

TEST_F(S3ObjectTest, ElevenTagsAreInvalidTag) {
  Put("objects", "t", "v");
  json::array tags;
  for (int i = 0; i < 11; ++i) tags.push_back({{"Key", "k" + std::to_string(i)}, {"Value", ""}});
  EXPECT_EQ(test::ErrorOf([&] {
              S3("PutObjectTagging",
                 {{"Bucket", "objects"}, {"Key", "t"}, {"Tagging", {{"TagSet", tags}}}});
            }).code(),
            "InvalidTag");
}

TEST_F(S3ObjectTest, DeleteObjectTaggingLeavesNoTags) {
  S3("PutObject", {{"Bucket", "objects"}, {"Key", "t"}, {"Body", "v"}, {"Tagging", "a=1"}});
  S3("DeleteObjectTagging", {{"Bucket", "objects"}, {"Key", "t"}});
  EXPECT_TRUE(S3("GetObjectTagging", {{"Bucket", "objects"}, {"Key", "t"}})
                  .at("TagSet")
                  .as_array()
                  .empty());
}

}  // namespace
}  // namespace nimbus::s3
