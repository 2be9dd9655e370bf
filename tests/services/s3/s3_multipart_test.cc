#include <gtest/gtest.h>

#include "core/text.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3MultipartTest : public S3Test {
 protected:
  void SetUp() override { MakeBucket("parts"); }
  std::string Create(const std::string& key) {
    return std::string(S3("CreateMultipartUpload", {{"Bucket", "parts"}, {"Key", key}})
                           .at("UploadId")
                           .as_string());
  }
  json::value Upload(const std::string& key, const std::string& id, int64_t number,
                     const std::string& body) {
    return S3("UploadPart", {{"Bucket", "parts"},
                             {"Key", key},
                             {"UploadId", id},
                             {"PartNumber", number},
                             {"Body", body}});
  }
  json::value Complete(const std::string& key, const std::string& id, json::array parts) {
    return S3("CompleteMultipartUpload", {{"Bucket", "parts"},
                                          {"Key", key},
                                          {"UploadId", id},
                                          {"MultipartUpload", {{"Parts", std::move(parts)}}}});
  }
};

TEST_F(S3MultipartTest, CompletedPartsBecomeTheObjectWithTheMultipartETag) {
  const std::string id = Create("big");
  const std::string first(5 * 1024 * 1024, 'a');
  const json::value one = Upload("big", id, 1, first);
  const json::value two = Upload("big", id, 2, "tail");
  const json::value done = Complete("big", id,
                                    {{{"PartNumber", 1}, {"ETag", one.at("ETag")}},
                                     {{"PartNumber", 2}, {"ETag", two.at("ETag")}}});
  EXPECT_EQ(std::string(done.at("ETag").as_string()),
            "\"" + core::HexEncode(Md5(Md5(first) + Md5("tail"))) + "-2\"");
  EXPECT_EQ(Body(S3("GetObject", {{"Bucket", "parts"}, {"Key", "big"}})), first + "tail");
}

TEST_F(S3MultipartTest, APartWithAWrongContentMd5IsBadDigest) {
  const std::string id = Create("k");
  const core::AwsError error = test::ErrorOf([&] {
    S3("UploadPart", {{"Bucket", "parts"}, {"Key", "k"}, {"UploadId", id}, {"PartNumber", 1},
                      {"Body", "x"}, {"ContentMD5", core::Base64Encode(Md5("y"))}});
  });
  EXPECT_EQ(error.code(), "BadDigest");
  EXPECT_EQ(std::string(error.what()),
            "The Content-MD5 you specified did not match what we received.");
}

TEST_F(S3MultipartTest, APartWithTwoChecksumHeadersIsInvalidRequest) {
  const std::string id = Create("k");
  const core::AwsError error = test::ErrorOf([&] {
    S3("UploadPart",
       {{"Bucket", "parts"}, {"Key", "k"}, {"UploadId", id}, {"PartNumber", 1}, {"Body", "x"},
        {"ChecksumCRC32", Checksum(*FindChecksumAlgorithm("CRC32"), "x")},
        {"ChecksumSHA256", Checksum(*FindChecksumAlgorithm("SHA256"), "x")}});
  });
  EXPECT_EQ(error.code(), "InvalidRequest");
  EXPECT_EQ(std::string(error.what()),
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
}

TEST_F(S3MultipartTest, APartWithAMalformedChecksumHeaderIsInvalidRequest) {
  const std::string id = Create("k");
  const core::AwsError error = test::ErrorOf([&] {
    S3("UploadPart", {{"Bucket", "parts"}, {"Key", "k"}, {"UploadId", id}, {"PartNumber", 1},
                      {"Body", "x"}, {"ChecksumCRC32", "not base64!"}});
  });
  EXPECT_EQ(error.code(), "InvalidRequest");
  EXPECT_EQ(std::string(error.what()), "Value for x-amz-checksum-crc32 header is invalid.");
}

TEST_F(S3MultipartTest, ASmallPartBeforeTheLastIsEntityTooSmall) {
  const std::string id = Create("small");
  const json::value one = Upload("small", id, 1, "x");
  const json::value two = Upload("small", id, 2, "y");
  EXPECT_EQ(test::ErrorOf([&] {
              Complete("small", id,
                       {{{"PartNumber", 1}, {"ETag", one.at("ETag")}},
                        {{"PartNumber", 2}, {"ETag", two.at("ETag")}}});
            }).code(),
            "EntityTooSmall");
}

TEST_F(S3MultipartTest, AWrongPartETagIsInvalidPart) {
  const std::string id = Create("k");
  Upload("k", id, 1, "x");
  EXPECT_EQ(test::ErrorOf([&] {
              Complete("k", id, {{{"PartNumber", 1}, {"ETag", "\"0123\""}}});
            }).code(),
            "InvalidPart");
}

TEST_F(S3MultipartTest, PartsOutOfOrderAreInvalidPartOrder) {
  const std::string id = Create("k");
  const json::value one = Upload("k", id, 1, "x");
  const json::value two = Upload("k", id, 2, "y");
  EXPECT_EQ(test::ErrorOf([&] {
              Complete("k", id,
                       {{{"PartNumber", 2}, {"ETag", two.at("ETag")}},
                        {{"PartNumber", 1}, {"ETag", one.at("ETag")}}});
            }).code(),
            "InvalidPartOrder");
}

TEST_F(S3MultipartTest, AnAbortedUploadIsNoSuchUpload) {
  const std::string id = Create("k");
  S3("AbortMultipartUpload", {{"Bucket", "parts"}, {"Key", "k"}, {"UploadId", id}});
  const core::AwsError error = test::ErrorOf([&] { Upload("k", id, 1, "x"); });
  EXPECT_EQ(error.code(), "NoSuchUpload");
  EXPECT_EQ(std::string(error.members().at("UploadId").as_string()), id);
}

TEST_F(S3MultipartTest, ListPartsListsTheUploadedParts) {
  const std::string id = Create("k");
  Upload("k", id, 2, "bb");
  Upload("k", id, 1, "a");
  const json::value out = S3("ListParts", {{"Bucket", "parts"}, {"Key", "k"}, {"UploadId", id}});
  ASSERT_EQ(out.at("Parts").as_array().size(), 2u);
  EXPECT_EQ(out.at("Parts").at(0).at("PartNumber"), 1);
  EXPECT_EQ(out.at("Parts").at(1).at("Size"), 2);
}

}  // namespace
}  // namespace nimbus::s3
