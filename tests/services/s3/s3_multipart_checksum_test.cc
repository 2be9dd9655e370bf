// The checksum a multipart upload announces: kept per part by UploadPart, combined by
// CompleteMultipartUpload (COMPOSITE from the parts' checksums, FULL_OBJECT over the bytes).
#include <gtest/gtest.h>

#include "core/text.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

const std::string kFirst(5 * 1024 * 1024, 'a');

std::string Crc32(std::string_view bytes) {
  return Checksum(*FindChecksumAlgorithm("CRC32"), bytes);
}

std::string Binary(std::string_view base64) {
  std::string out;
  core::Base64Decode(base64, &out);
  return out;
}

class S3MultipartChecksumTest : public S3Test {
 protected:
  void SetUp() override { MakeBucket("sums"); }
  json::value Create(json::object extra) {
    extra["Bucket"] = "sums";
    extra["Key"] = "k";
    return S3("CreateMultipartUpload", extra);
  }
  std::string CreateId(json::object extra) {
    return std::string(Create(std::move(extra)).at("UploadId").as_string());
  }
  json::value Upload(const std::string& id, int64_t number, const std::string& body,
                     json::object extra = {}) {
    extra["Bucket"] = "sums";
    extra["Key"] = "k";
    extra["UploadId"] = id;
    extra["PartNumber"] = number;
    extra["Body"] = body;
    return S3("UploadPart", extra);
  }
  json::value Complete(const std::string& id, json::array parts) {
    return S3("CompleteMultipartUpload", {{"Bucket", "sums"},
                                          {"Key", "k"},
                                          {"UploadId", id},
                                          {"MultipartUpload", {{"Parts", std::move(parts)}}}});
  }
  // Two parts (5 MiB of 'a', then "tail") sent with their CRC32, completed with them.
  json::value UploadTwoAndComplete(const std::string& id) {
    const json::value one = Upload(id, 1, kFirst, {{"ChecksumCRC32", Crc32(kFirst)}});
    const json::value two = Upload(id, 2, "tail", {{"ChecksumCRC32", Crc32("tail")}});
    return Complete(
        id, {{{"PartNumber", 1}, {"ETag", one.at("ETag")}, {"ChecksumCRC32", Crc32(kFirst)}},
             {{"PartNumber", 2}, {"ETag", two.at("ETag")}, {"ChecksumCRC32", Crc32("tail")}}});
  }
};

TEST_F(S3MultipartChecksumTest, CreateWithCrc32AnswersTheCompositeType) {
  const json::value out = Create({{"ChecksumAlgorithm", "CRC32"}});
  EXPECT_EQ(out.at("ChecksumAlgorithm"), "CRC32");
  EXPECT_EQ(out.at("ChecksumType"), "COMPOSITE");
}

TEST_F(S3MultipartChecksumTest, CreateWithCrc64NvmeDefaultsToFullObject) {
  EXPECT_EQ(Create({{"ChecksumAlgorithm", "CRC64NVME"}}).at("ChecksumType"), "FULL_OBJECT");
}

TEST_F(S3MultipartChecksumTest, AFullObjectSha256IsInvalidRequest) {
  const core::AwsError error = test::ErrorOf([&] {
    Create({{"ChecksumAlgorithm", "SHA256"}, {"ChecksumType", "FULL_OBJECT"}});
  });
  EXPECT_EQ(error.code(), "InvalidRequest");
  EXPECT_EQ(std::string(error.what()),
            "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.");
}

TEST_F(S3MultipartChecksumTest, CompletingACompositeUploadAnswersTheChecksumOfThePartsChecksums) {
  const json::value done = UploadTwoAndComplete(CreateId({{"ChecksumAlgorithm", "CRC32"}}));
  EXPECT_EQ(std::string(done.at("ChecksumCRC32").as_string()),
            Crc32(Binary(Crc32(kFirst)) + Binary(Crc32("tail"))) + "-2");
  EXPECT_EQ(done.at("ChecksumType"), "COMPOSITE");
}

TEST_F(S3MultipartChecksumTest, HeadObjectAnswersTheCompositeChecksumAndItsType) {
  UploadTwoAndComplete(CreateId({{"ChecksumAlgorithm", "CRC32"}}));
  const json::value head =
      S3("HeadObject", {{"Bucket", "sums"}, {"Key", "k"}, {"ChecksumMode", "ENABLED"}});
  EXPECT_EQ(std::string(head.at("ChecksumCRC32").as_string()),
            Crc32(Binary(Crc32(kFirst)) + Binary(Crc32("tail"))) + "-2");
  EXPECT_EQ(head.at("ChecksumType"), "COMPOSITE");
}

TEST_F(S3MultipartChecksumTest, CompletingAFullObjectUploadAnswersTheWholeBodysChecksum) {
  const json::value done = UploadTwoAndComplete(
      CreateId({{"ChecksumAlgorithm", "CRC32"}, {"ChecksumType", "FULL_OBJECT"}}));
  EXPECT_EQ(std::string(done.at("ChecksumCRC32").as_string()), Crc32(kFirst + "tail"));
  EXPECT_EQ(done.at("ChecksumType"), "FULL_OBJECT");
}

TEST_F(S3MultipartChecksumTest, AFullObjectPartSentWithoutAChecksumGetsTheUploadsOne) {
  const std::string id =
      CreateId({{"ChecksumAlgorithm", "CRC32"}, {"ChecksumType", "FULL_OBJECT"}});
  EXPECT_EQ(std::string(Upload(id, 1, "x").at("ChecksumCRC32").as_string()), Crc32("x"));
}

TEST_F(S3MultipartChecksumTest, ACompositePartSentWithoutAChecksumIsInvalidRequest) {
  const std::string id = CreateId({{"ChecksumAlgorithm", "CRC32"}});
  const core::AwsError error = test::ErrorOf([&] { Upload(id, 1, "x"); });
  EXPECT_EQ(error.code(), "InvalidRequest");
  EXPECT_EQ(std::string(error.what()),
            "Checksum Type mismatch occurred, expected checksum Type: CRC32, actual checksum "
            "Type: null");
}

TEST_F(S3MultipartChecksumTest, APartWithAnotherAlgorithmIsInvalidRequest) {
  const std::string id = CreateId({{"ChecksumAlgorithm", "CRC32"}});
  const core::AwsError error = test::ErrorOf([&] {
    Upload(id, 1, "x", {{"ChecksumSHA256", Checksum(*FindChecksumAlgorithm("SHA256"), "x")}});
  });
  EXPECT_EQ(std::string(error.what()),
            "Checksum Type mismatch occurred, expected checksum Type: CRC32, actual checksum "
            "Type: SHA256");
}

TEST_F(S3MultipartChecksumTest, CompletingACompositeUploadWithoutAPartsChecksumIsInvalidRequest) {
  const std::string id = CreateId({{"ChecksumAlgorithm", "CRC32"}});
  const json::value one = Upload(id, 1, "x", {{"ChecksumCRC32", Crc32("x")}});
  const core::AwsError error = test::ErrorOf([&] {
    Complete(id, {{{"PartNumber", 1}, {"ETag", one.at("ETag")}}});
  });
  EXPECT_EQ(error.code(), "InvalidRequest");
  EXPECT_EQ(std::string(error.what()),
            "The upload was created using a crc32 checksum. The complete request must include "
            "the checksum for each part. It was missing for part 1 in the request.");
}

TEST_F(S3MultipartChecksumTest, CompletingWithAnotherPartChecksumIsInvalidPart) {
  const std::string id = CreateId({{"ChecksumAlgorithm", "CRC32"}});
  const json::value one = Upload(id, 1, "x", {{"ChecksumCRC32", Crc32("x")}});
  EXPECT_EQ(test::ErrorOf([&] {
              Complete(
                  id,
                  {{{"PartNumber", 1}, {"ETag", one.at("ETag")}, {"ChecksumCRC32", Crc32("y")}}});
            }).code(),
            "InvalidPart");
}

TEST_F(S3MultipartChecksumTest, ListPartsAnswersEachPartsChecksumAndTheUploads) {
  const std::string id = CreateId({{"ChecksumAlgorithm", "CRC32"}});
  Upload(id, 1, "x", {{"ChecksumCRC32", Crc32("x")}});
  const json::value out = S3("ListParts", {{"Bucket", "sums"}, {"Key", "k"}, {"UploadId", id}});
  EXPECT_EQ(std::string(out.at("Parts").at(0).at("ChecksumCRC32").as_string()), Crc32("x"));
  EXPECT_EQ(out.at("ChecksumAlgorithm"), "CRC32");
  EXPECT_EQ(out.at("ChecksumType"), "COMPOSITE");
}

TEST_F(S3MultipartChecksumTest, AnUploadWithoutAnAlgorithmCompletesWithoutAChecksum) {
  const std::string id = CreateId({});
  const json::value one = Upload(id, 1, "x", {{"ChecksumCRC32", Crc32("x")}});
  const json::value done = Complete(id, {{{"PartNumber", 1}, {"ETag", one.at("ETag")}}});
  EXPECT_FALSE(done.as_object().contains("ChecksumCRC32"));
  EXPECT_FALSE(done.as_object().contains("ChecksumType"));
}

}  // namespace
}  // namespace nimbus::s3
