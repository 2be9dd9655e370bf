// UploadPartCopy, the x-amz-copy-source-if-* conditions of copies, and ListMultipartUploads.
#include <gtest/gtest.h>

#include "core/text.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3PartCopyTest : public S3Test {
 protected:
  void SetUp() override {
    MakeBucket("copies");
    source_etag_ = std::string(Put("copies", "source", "0123456789").at("ETag").as_string());
  }
  std::string Create(const std::string& key) {
    return std::string(S3("CreateMultipartUpload", {{"Bucket", "copies"}, {"Key", key}})
                           .at("UploadId")
                           .as_string());
  }
  json::value CopyPart(const std::string& id, json::object extra = {}) {
    extra["Bucket"] = "copies";
    extra["Key"] = "target";
    extra["UploadId"] = id;
    extra["PartNumber"] = 1;
    if (!extra.contains("CopySource")) extra["CopySource"] = "copies/source";
    return S3("UploadPartCopy", extra);
  }
  json::value Uploads(json::object extra = {}) {
    extra["Bucket"] = "copies";
    return S3("ListMultipartUploads", extra);
  }

  std::string source_etag_;
};

TEST_F(S3PartCopyTest, UploadPartCopyCopiesTheRangeAsAPart) {
  const std::string id = Create("target");
  const json::value out = CopyPart(id, {{"CopySourceRange", "bytes=2-5"}});
  EXPECT_EQ(std::string(out.at("CopyPartResult").at("ETag").as_string()),
            "\"" + core::HexEncode(Md5("2345")) + "\"");
  S3("CompleteMultipartUpload",
     {{"Bucket", "copies"},
      {"Key", "target"},
      {"UploadId", id},
      {"MultipartUpload",
       {{"Parts", {{{"PartNumber", 1}, {"ETag", out.at("CopyPartResult").at("ETag")}}}}}}});
  EXPECT_EQ(Body(S3("GetObject", {{"Bucket", "copies"}, {"Key", "target"}})), "2345");
}

TEST_F(S3PartCopyTest, UploadPartCopyWithoutARangeCopiesTheWholeObject) {
  const std::string id = Create("target");
  EXPECT_EQ(CopyPart(id).at("CopyPartResult").at("ETag"), json::value(source_etag_));
}

TEST_F(S3PartCopyTest, ACopyRangePastTheEndIsInvalidArgument) {
  const std::string id = Create("target");
  const core::AwsError error = test::ErrorOf([&] {
    CopyPart(id, {{"CopySourceRange", "bytes=5-10"}});
  });
  EXPECT_EQ(error.code(), "InvalidArgument");
  EXPECT_EQ(error.message(), "Range specified is not valid for source object of size: 10");
}

TEST_F(S3PartCopyTest, AnOpenCopyRangeIsInvalidArgument) {
  const std::string id = Create("target");
  EXPECT_EQ(test::ErrorOf([&] {
              CopyPart(id, {{"CopySourceRange", "bytes=5-"}});
            }).code(),
            "InvalidArgument");
}

TEST_F(S3PartCopyTest, UploadPartCopyOfAMissingSourceIsNoSuchKey) {
  const std::string id = Create("target");
  EXPECT_EQ(test::ErrorOf([&] {
              CopyPart(id, {{"CopySource", "copies/none"}});
            }).code(),
            "NoSuchKey");
}

TEST_F(S3PartCopyTest, UploadPartCopyIntoAMissingUploadIsNoSuchUpload) {
  EXPECT_EQ(test::ErrorOf([&] { CopyPart("nope"); }).code(), "NoSuchUpload");
}

TEST_F(S3PartCopyTest, ACopySourceIfMatchOfAnotherETagIsPreconditionFailed) {
  const std::string id = Create("target");
  EXPECT_EQ(test::ErrorOf([&] {
              CopyPart(id, {{"CopySourceIfMatch", "\"other\""}});
            }).code(),
            "PreconditionFailed");
}

TEST_F(S3PartCopyTest, ACopySourceIfNoneMatchOfTheETagIsPreconditionFailed) {
  EXPECT_EQ(test::ErrorOf([&] {
              S3("CopyObject", {{"Bucket", "copies"},
                                {"Key", "dst"},
                                {"CopySource", "copies/source"},
                                {"CopySourceIfNoneMatch", source_etag_}});
            }).code(),
            "PreconditionFailed");
}

TEST_F(S3PartCopyTest, ACopySourceIfModifiedSinceAfterTheChangeIsPreconditionFailed) {
  const double later = static_cast<double>(rt_.clock.NowMillis() / 1000 + 60);
  EXPECT_EQ(test::ErrorOf([&] {
              S3("CopyObject", {{"Bucket", "copies"},
                                {"Key", "dst"},
                                {"CopySource", "copies/source"},
                                {"CopySourceIfModifiedSince", later}});
            }).code(),
            "PreconditionFailed");
}

TEST_F(S3PartCopyTest, AMatchingCopySourceIfMatchIgnoresAFailingIfUnmodifiedSince) {
  const double earlier = static_cast<double>(rt_.clock.NowMillis() / 1000 - 60);
  S3("CopyObject", {{"Bucket", "copies"},
                    {"Key", "dst"},
                    {"CopySource", "copies/source"},
                    {"CopySourceIfMatch", source_etag_},
                    {"CopySourceIfUnmodifiedSince", earlier}});
  EXPECT_EQ(Body(S3("GetObject", {{"Bucket", "copies"}, {"Key", "dst"}})), "0123456789");
}

TEST_F(S3PartCopyTest, ListMultipartUploadsListsUploadsByKey) {
  const std::string b = Create("b");
  const std::string a = Create("a");
  const json::value uploads = Uploads().at("Uploads");
  ASSERT_EQ(uploads.as_array().size(), 2u);
  EXPECT_EQ(uploads.at(0).at("Key"), "a");
  EXPECT_EQ(uploads.at(0).at("UploadId"), json::value(a));
  EXPECT_EQ(uploads.at(1).at("UploadId"), json::value(b));
  EXPECT_EQ(uploads.at(0).at("StorageClass"), "STANDARD");
}

TEST_F(S3PartCopyTest, ListMultipartUploadsPagesWithKeyAndUploadIdMarkers) {
  Create("a");
  Create("b");
  const json::value page = Uploads({{"MaxUploads", 1}});
  EXPECT_EQ(page.at("IsTruncated"), true);
  EXPECT_EQ(page.at("NextKeyMarker"), "a");
  const json::value next = Uploads(
      {{"KeyMarker", page.at("NextKeyMarker")}, {"UploadIdMarker", page.at("NextUploadIdMarker")}});
  ASSERT_EQ(next.at("Uploads").as_array().size(), 1u);
  EXPECT_EQ(next.at("Uploads").at(0).at("Key"), "b");
}

TEST_F(S3PartCopyTest, ListMultipartUploadsRollsKeysUpIntoCommonPrefixes) {
  Create("dir/a");
  Create("dir/b");
  const json::value listed = Uploads({{"Delimiter", "/"}});
  EXPECT_EQ(listed.at("CommonPrefixes").at(0).at("Prefix"), "dir/");
  EXPECT_FALSE(listed.as_object().contains("Uploads"));
}

TEST_F(S3PartCopyTest, ACompletedUploadIsNoLongerListed) {
  const std::string id = Create("done");
  const json::value part = S3(
      "UploadPart",
      {{"Bucket", "copies"}, {"Key", "done"}, {"UploadId", id}, {"PartNumber", 1}, {"Body", "x"}});
  S3("CompleteMultipartUpload",
     {{"Bucket", "copies"},
      {"Key", "done"},
      {"UploadId", id},
      {"MultipartUpload", {{"Parts", {{{"PartNumber", 1}, {"ETag", part.at("ETag")}}}}}}});
  EXPECT_FALSE(Uploads().as_object().contains("Uploads"));
}

}  // namespace
}  // namespace nimbus::s3
