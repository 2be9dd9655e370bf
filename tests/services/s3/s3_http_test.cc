// S3 through the dispatcher, as the server hands it requests: the wire details the handlers
// cannot show (statuses, headers, XML roots, addressing).
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "core/http/message.h"
#include "testing/runtime.h"

namespace nimbus::s3 {
namespace {

using core::HttpRequest;
using core::HttpResponse;

class S3HttpTest : public ::testing::Test {
 protected:
  HttpResponse Send(std::string method, std::string target, std::string body = "",
                    std::vector<core::HttpHeader> headers = {}) {
    bool has_host = false;
    for (const core::HttpHeader& h : headers) has_host = has_host || h.name == "Host";
    if (!has_host) headers.push_back({"Host", "localhost:4566"});
    HttpResponse response = rt_.dispatcher
                                .Handle(HttpRequest{.method = std::move(method),
                                                    .target = std::move(target),
                                                    .headers = std::move(headers),
                                                    .body = std::move(body)})
                                .response;
    if (response.file) response.body = SentBody(*response.file);
    return response;
  }
  // The bytes the server sends for a body answered from a file (GetObject).
  static std::string SentBody(const core::FileSlice& file) {
    std::string bytes(static_cast<size_t>(file.length()), '\0');
    const ssize_t n = ::pread(file.fd(), bytes.data(), bytes.size(), file.offset());
    bytes.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return bytes;
  }
  void SetUp() override {
    ASSERT_EQ(Send("PUT", "/wire").status, 200);
    ASSERT_EQ(Send("PUT", "/wire/key.txt", "0123456789").status, 200);
  }

  test::Runtime rt_;
};

TEST_F(S3HttpTest, ARangedGetIsPartialContent) {
  const HttpResponse r = Send("GET", "/wire/key.txt", "", {{"Range", "bytes=0-3"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "0123");
  EXPECT_EQ(r.Header("Content-Range"), "bytes 0-3/10");
}

TEST_F(S3HttpTest, NotModifiedHasNoBody) {
  const std::string etag(Send("HEAD", "/wire/key.txt").Header("ETag"));
  const HttpResponse r = Send("GET", "/wire/key.txt", "", {{"If-None-Match", etag}});
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.body, "");
}

TEST_F(S3HttpTest, HeadObjectAnswersLengthAndETagHeaders) {
  const HttpResponse r = Send("HEAD", "/wire/key.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Length"), "10");
  EXPECT_EQ(r.Header("ETag"), "\"781e5e245d69b566979b86e28d23f2c7\"");
}

TEST_F(S3HttpTest, GetBucketLocationOfUsEast1IsAnEmptyLocationConstraintRoot) {
  EXPECT_EQ(Send("GET", "/wire?location").body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");
}

TEST_F(S3HttpTest, ListBucketsAnswersListAllMyBucketsResult) {
  EXPECT_NE(Send("GET", "/").body.find("<ListAllMyBucketsResult "), std::string::npos);
}

TEST_F(S3HttpTest, ListObjectsV2AnswersListBucketResult) {
  const HttpResponse r = Send("GET", "/wire?list-type=2");
  EXPECT_NE(r.body.find("<ListBucketResult "), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<Key>key.txt</Key>"), std::string::npos) << r.body;
}

TEST_F(S3HttpTest, NoSuchBucketNamesTheBucketInTheErrorBody) {
  const HttpResponse r = Send("GET", "/absent/key");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<Code>NoSuchBucket</Code><Message>The specified bucket does not "
                        "exist</Message><BucketName>absent</BucketName>"),
            std::string::npos)
      << r.body;
}

TEST_F(S3HttpTest, AVirtualHostRequestFindsTheBucketInTheHost) {
  const HttpResponse r = Send("GET", "/key.txt", "", {{"Host", "wire.localhost:4566"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "0123456789");
}

TEST_F(S3HttpTest, AnAwsStyleVirtualHostFindsTheBucketToo) {
  const HttpResponse r = Send("GET", "/key.txt", "", {{"Host", "wire.s3.us-east-1.amazonaws.com"}});
  EXPECT_EQ(r.body, "0123456789");
}

TEST_F(S3HttpTest, AnAwsChunkedUploadStoresTheDecodedBody) {
  const HttpResponse put =
      Send("PUT", "/wire/chunked", "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
           {{"Content-Encoding", "aws-chunked"},
            {"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
            {"x-amz-decoded-content-length", "5"},
            {"x-amz-trailer", "x-amz-checksum-crc32"}});
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(put.Header("x-amz-checksum-crc32"), "NhCmhg==");
  EXPECT_EQ(Send("GET", "/wire/chunked").body, "hello");
}

TEST_F(S3HttpTest, AnOperationWithoutAHandlerIsNotImplementedNamingIt) {
  const HttpResponse r = Send("GET", "/wire?analytics");
  EXPECT_EQ(r.status, 501);
  EXPECT_NE(r.body.find("nimbus does not implement S3.ListBucketAnalyticsConfigurations yet"),
            std::string::npos)
      << r.body;
}

}  // namespace
}  // namespace nimbus::s3
