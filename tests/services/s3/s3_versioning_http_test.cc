// Versioning through the dispatcher: the headers a delete marker's errors carry, and the empty
// configuration root, which the handlers cannot show.
#include <string>

#include <gtest/gtest.h>

#include "core/http/message.h"
#include "testing/runtime.h"

namespace nimbus::s3 {
namespace {

using core::HttpRequest;
using core::HttpResponse;

class S3VersioningHttpTest : public ::testing::Test {
 protected:
  HttpResponse Send(std::string method, std::string target, std::string body = "") {
    return rt_.dispatcher
        .Handle(HttpRequest{.method = std::move(method),
                            .target = std::move(target),
                            .headers = {{"Host", "localhost:4566"}},
                            .body = std::move(body)})
        .response;
  }
  void SetUp() override { ASSERT_EQ(Send("PUT", "/vwire").status, 200); }
  void EnableVersioning() {
    ASSERT_EQ(Send("PUT", "/vwire?versioning",
                   "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                   "<Status>Enabled</Status></VersioningConfiguration>")
                  .status,
              200);
  }

  test::Runtime rt_;
};

TEST_F(S3VersioningHttpTest, ABucketNeverVersionedAnswersAnEmptyVersioningConfiguration) {
  EXPECT_EQ(Send("GET", "/vwire?versioning").body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><VersioningConfiguration "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></VersioningConfiguration>");
}

TEST_F(S3VersioningHttpTest, HeadOfAKeyWhoseLatestVersionIsADeleteMarkerAnswersItsHeaders) {
  EnableVersioning();
  Send("PUT", "/vwire/k", "v");
  const std::string marker(Send("DELETE", "/vwire/k").Header("x-amz-version-id"));
  const HttpResponse r = Send("HEAD", "/vwire/k");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("x-amz-delete-marker"), "true");
  EXPECT_EQ(r.Header("x-amz-version-id"), marker);
}

TEST_F(S3VersioningHttpTest, GetOfADeleteMarkersVersionIs405AllowingDelete) {
  EnableVersioning();
  Send("PUT", "/vwire/k", "v");
  const std::string marker(Send("DELETE", "/vwire/k").Header("x-amz-version-id"));
  const HttpResponse r = Send("GET", "/vwire/k?versionId=" + marker);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "DELETE");
  EXPECT_EQ(r.Header("x-amz-delete-marker"), "true");
  EXPECT_NE(r.body.find("<Code>MethodNotAllowed</Code>"), std::string::npos) << r.body;
}

TEST_F(S3VersioningHttpTest, ADeleteMarkerIsAnsweredWithItsHeaders) {
  EnableVersioning();
  const HttpResponse r = Send("DELETE", "/vwire/never");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("x-amz-delete-marker"), "true");
  EXPECT_EQ(r.Header("x-amz-version-id").size(), 32u);
}

}  // namespace
}  // namespace nimbus::s3
