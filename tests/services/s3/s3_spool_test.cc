// S3 bodies that are files on both sides of the handler: a PutObject or UploadPart whose body the
// server spooled (HttpRequest::spooled) and a GetObject answered from its file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "core/http/body_spool.h"
#include "core/http/message.h"
#include "testing/runtime.h"

namespace nimbus::s3 {
namespace {

using core::HttpRequest;

class S3SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Handle(Request("PUT", "/spool")).response.status, 200); }

  static HttpRequest Request(std::string method, std::string target,
                             std::vector<core::HttpHeader> headers = {}) {
    headers.push_back({"Host", "localhost:4566"});
    return HttpRequest{.method = std::move(method),
                       .target = std::move(target),
                       .headers = std::move(headers),
                       .body = {}};
  }
  core::Outcome Handle(const HttpRequest& request) { return rt_.dispatcher.Handle(request); }
  // `request` with `body` spooled as the server spools it; fails the test if it would not be.
  HttpRequest Spooled(HttpRequest request, std::string_view body) {
    const std::optional<core::SpoolPlan> plan = rt_.dispatcher.SpoolPlanFor(request);
    EXPECT_TRUE(plan.has_value());
    if (!plan) return request;
    core::BodySpool spool(*plan);
    spool.Write(body);
    request.spooled = spool.Finish();
    return request;
  }
  // The bytes the server sends for a response answered from a file.
  static std::string SentBody(const core::HttpResponse& response) {
    if (!response.file) return response.body;
    std::string bytes(static_cast<size_t>(response.file->length()), '\0');
    const ssize_t n =
        ::pread(response.file->fd(), bytes.data(), bytes.size(), response.file->offset());
    bytes.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return bytes;
  }

  test::Runtime rt_;
};

TEST_F(S3SpoolTest, PutObjectIsSpooled) {
  EXPECT_TRUE(rt_.dispatcher.SpoolPlanFor(Request("PUT", "/spool/k")).has_value());
}

TEST_F(S3SpoolTest, UploadPartIsSpooled) {
  EXPECT_TRUE(
      rt_.dispatcher.SpoolPlanFor(Request("PUT", "/spool/k?partNumber=1&uploadId=u")).has_value());
}

TEST_F(S3SpoolTest, CreateBucketIsNotSpooled) {
  EXPECT_FALSE(rt_.dispatcher.SpoolPlanFor(Request("PUT", "/other")).has_value());
}

TEST_F(S3SpoolTest, APutToAPrefixRouteIsNotSpooled) {
  rt_.dispatcher.AddPrefixRoute("/spool-handle-", "cloudformation", "Signal",
                                [](const core::HttpRequest&) { return core::HttpResponse{}; });
  EXPECT_FALSE(rt_.dispatcher.SpoolPlanFor(Request("PUT", "/spool-handle-1/k")).has_value());
}

TEST_F(S3SpoolTest, APutToAnAdminPathIsNotSpooled) {
  EXPECT_FALSE(rt_.dispatcher.SpoolPlanFor(Request("PUT", "/_nimbus/anything")).has_value());
}

TEST_F(S3SpoolTest, AnUnsignedTrailerUploadIsSpooledAwsChunked) {
  const std::optional<core::SpoolPlan> plan = rt_.dispatcher.SpoolPlanFor(Request(
      "PUT", "/spool/k", {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}}));
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->aws_chunked);
}

TEST_F(S3SpoolTest, TheSpoolFolderIsTheFolderOfTheBodies) {
  const std::optional<core::SpoolPlan> plan =
      rt_.dispatcher.SpoolPlanFor(Request("PUT", "/spool/k"));
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(std::filesystem::is_directory(plan->dir));
}

TEST_F(S3SpoolTest, ASpooledPutObjectReadsBack) {
  const HttpRequest put = Spooled(Request("PUT", "/spool/k"), "spooled bytes");
  const core::Outcome outcome = Handle(put);
  EXPECT_EQ(outcome.response.status, 200);
  EXPECT_EQ(outcome.response.Header("ETag"), "\"d0b76d592d2b02b8956e1544c83c477b\"");
  EXPECT_EQ(SentBody(Handle(Request("GET", "/spool/k")).response), "spooled bytes");
}

TEST_F(S3SpoolTest, ASpooledBodyIsMovedIntoPlaceNotCopied) {
  const HttpRequest put = Spooled(Request("PUT", "/spool/k"), "moved");
  const std::string path = put.spooled->path;
  ASSERT_EQ(Handle(put).response.status, 200);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(S3SpoolTest, ASpooledBodyIsCheckedAgainstContentMd5) {
  const HttpRequest put = Spooled(
      Request("PUT", "/spool/k", {{"Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="}}), "other bytes");
  const core::Outcome outcome = Handle(put);
  EXPECT_EQ(outcome.response.status, 400);
  EXPECT_NE(outcome.response.body.find("<Code>BadDigest</Code>"), std::string::npos);
}

TEST_F(S3SpoolTest, ARefusedSpooledBodyLeavesNoFileOnceTheRequestIsGone) {
  std::string path;
  {
    const HttpRequest put = Spooled(Request("PUT", "/missing-bucket/k"), "x");
    path = put.spooled->path;
    EXPECT_EQ(Handle(put).response.status, 404);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(S3SpoolTest, ASpooledChecksumIsComputedWhenNamed) {
  const HttpRequest put = Spooled(
      Request("PUT", "/spool/k", {{"x-amz-sdk-checksum-algorithm", "CRC32"}}), "hello");
  EXPECT_EQ(Handle(put).response.Header("x-amz-checksum-crc32"), "NhCmhg==");
}

TEST_F(S3SpoolTest, ASpooledBodyIsDigestedAsItArrivesNotReadBackFromItsFile) {
  HttpRequest put = Spooled(Request("PUT", "/spool/k"), "spooled bytes");
  {
    // Same size, other bytes: an MD5 read back from the file would be this content's.
    std::ofstream file(put.spooled->path, std::ios::binary | std::ios::trunc);
    file << "SPOOLED BYTES";
  }
  EXPECT_EQ(Handle(put).response.Header("ETag"), "\"d0b76d592d2b02b8956e1544c83c477b\"");
}

TEST_F(S3SpoolTest, AChecksumTheHeaderDidNotAnnounceIsComputedFromTheFile) {
  // The trailer carries a CRC32 that no x-amz-trailer header named: the spool did not compute
  // it, so the handler reads the file for it.
  const HttpRequest put =
      Spooled(Request("PUT", "/spool/k",
                      {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                       {"Content-Encoding", "aws-chunked"}}),
              "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n");
  const core::Outcome outcome = Handle(put);
  EXPECT_EQ(outcome.response.status, 200);
  EXPECT_EQ(outcome.response.Header("x-amz-checksum-crc32"), "NhCmhg==");
}

TEST_F(S3SpoolTest, AnAnnouncedTrailerChecksumIsComputedAsTheBodyArrives) {
  const HttpRequest put =
      Spooled(Request("PUT", "/spool/k",
                      {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                       {"Content-Encoding", "aws-chunked"},
                       {"x-amz-trailer", "x-amz-checksum-crc32"}}),
              "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
  const core::Outcome outcome = Handle(put);
  EXPECT_EQ(outcome.response.status, 400);
  EXPECT_NE(outcome.response.body.find("<Code>BadDigest</Code>"), std::string::npos);
}

TEST_F(S3SpoolTest, GetObjectAnswersFromTheFileNotFromMemory) {
  ASSERT_EQ(Handle(Spooled(Request("PUT", "/spool/k"), "0123456789")).response.status, 200);
  const core::Outcome outcome = Handle(Request("GET", "/spool/k"));
  ASSERT_NE(outcome.response.file, nullptr);
  EXPECT_EQ(outcome.response.body, "");
  EXPECT_EQ(outcome.response.file->length(), 10);
}

TEST_F(S3SpoolTest, ARangedGetIsASliceOfTheFile) {
  ASSERT_EQ(Handle(Spooled(Request("PUT", "/spool/k"), "0123456789")).response.status, 200);
  const core::Outcome outcome = Handle(Request("GET", "/spool/k", {{"Range", "bytes=2-5"}}));
  EXPECT_EQ(outcome.response.status, 206);
  EXPECT_EQ(SentBody(outcome.response), "2345");
}

TEST_F(S3SpoolTest, TheFileOfAGetStaysReadableAfterTheObjectIsReplaced) {
  ASSERT_EQ(Handle(Spooled(Request("PUT", "/spool/k"), "old bytes")).response.status, 200);
  const core::Outcome get = Handle(Request("GET", "/spool/k"));
  ASSERT_EQ(Handle(Spooled(Request("PUT", "/spool/k"), "new")).response.status, 200);
  EXPECT_EQ(SentBody(get.response), "old bytes");
}

}  // namespace
}  // namespace nimbus::s3
