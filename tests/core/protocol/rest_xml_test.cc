// REST-XML (S3): operation matching, input binding, output and error encoding.
#include "core/protocol/rest_xml.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

const model::ServiceModel& S3() {
  static const model::ModelRegistry* models = new model::ModelRegistry();
  return models->Get("s3");
}

struct MatchCase {
  std::string method;
  std::string target;  // path?query, bucket first
  std::vector<HttpHeader> headers;
  std::string operation;  // "" for no match
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const MatchCase& c, std::ostream* out) { *out << c.method << " " << c.target; }

std::string Describe(const MatchCase& c) {
  std::string out = c.method + " " + c.target;
  for (const HttpHeader& h : c.headers) out += " [" + h.name + "]";
  return out;
}

class RestMatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(RestMatchTest, PicksTheOperation) {
  const MatchCase& c = GetParam();
  HttpRequest request{.method = c.method, .target = c.target, .headers = c.headers, .body = ""};
  const model::Operation* op = MatchRestOperation(S3(), request.method, request.RawPath(),
                                                  request.RawQuery(), &request.headers);
  if (c.operation.empty()) {
    EXPECT_EQ(op, nullptr) << Describe(c) << " matched " << (op ? op->name : "");
    return;
  }
  ASSERT_NE(op, nullptr) << Describe(c);
  EXPECT_EQ(op->name, c.operation) << Describe(c);
}

const std::vector<HttpHeader> kCopySource{{"x-amz-copy-source", "/src/key"}};

INSTANTIATE_TEST_SUITE_P(
    S3, RestMatchTest,
    ::testing::Values(
        MatchCase{"GET", "/", {}, "ListBuckets"},
        MatchCase{"PUT", "/b", {}, "CreateBucket"},
        MatchCase{"PUT", "/b/", {}, "CreateBucket"},  // the JS SDK's trailing slash
        MatchCase{"HEAD", "/b", {}, "HeadBucket"},
        MatchCase{"DELETE", "/b", {}, "DeleteBucket"},
        MatchCase{"GET", "/b", {}, "ListObjects"},
        MatchCase{"GET", "/b?list-type=2", {}, "ListObjectsV2"},
        MatchCase{"GET", "/b/?list-type=2&prefix=a", {}, "ListObjectsV2"},
        MatchCase{"GET", "/b?location", {}, "GetBucketLocation"},
        MatchCase{"GET", "/b?location=", {}, "GetBucketLocation"},
        MatchCase{"GET", "/b/?encryption=", {}, "GetBucketEncryption"},
        MatchCase{"GET", "/b?versioning", {}, "GetBucketVersioning"},
        MatchCase{"GET", "/b?lifecycle", {}, "GetBucketLifecycleConfiguration"},
        MatchCase{"PUT", "/b?lifecycle", {}, "PutBucketLifecycleConfiguration"},
        MatchCase{"GET", "/b?notification", {}, "GetBucketNotificationConfiguration"},
        MatchCase{"GET", "/b?analytics", {}, "ListBucketAnalyticsConfigurations"},
        MatchCase{"GET", "/b?analytics&id=a1", {}, "GetBucketAnalyticsConfiguration"},
        MatchCase{"GET", "/b?uploads", {}, "ListMultipartUploads"},
        MatchCase{"POST", "/b?delete", {}, "DeleteObjects"},
        MatchCase{"PUT", "/b/k", {}, "PutObject"},
        MatchCase{"PUT", "/b/k?x-id=PutObject", {}, "PutObject"},
        MatchCase{"PUT", "/b/dir/sub/k.json", {}, "PutObject"},
        MatchCase{"PUT", "/b/k", kCopySource, "CopyObject"},
        MatchCase{"PUT", "/b/k?x-id=CopyObject", kCopySource, "CopyObject"},
        MatchCase{"PUT", "/b/k?partNumber=1&uploadId=u", {}, "UploadPart"},
        MatchCase{"PUT", "/b/k?partNumber=1&uploadId=u", kCopySource, "UploadPartCopy"},
        MatchCase{"GET", "/b/k", {}, "GetObject"},
        MatchCase{"GET", "/b/k?x-id=GetObject", {}, "GetObject"},
        MatchCase{"GET", "/b/k?uploadId=u", {}, "ListParts"},
        MatchCase{"GET", "/b/k?tagging", {}, "GetObjectTagging"},
        MatchCase{"GET", "/b/k?tagging=", {}, "GetObjectTagging"},
        MatchCase{"PUT", "/b/k?tagging", {}, "PutObjectTagging"},
        MatchCase{"GET", "/b/k?acl", {}, "GetObjectAcl"},
        MatchCase{"HEAD", "/b/k", {}, "HeadObject"},
        MatchCase{"DELETE", "/b/k", {}, "DeleteObject"},
        MatchCase{"DELETE", "/b/k?x-id=DeleteObject", {}, "DeleteObject"},
        MatchCase{"DELETE", "/b/k?uploadId=u", {}, "AbortMultipartUpload"},
        MatchCase{"POST", "/b/k?uploads", {}, "CreateMultipartUpload"},
        MatchCase{"POST", "/b/k?uploadId=u", {}, "CompleteMultipartUpload"},
        MatchCase{"PATCH", "/b/k", {}, ""},
        MatchCase{"POST", "/b/k", {}, ""}));

class RestBindTest : public ::testing::Test {
 protected:
  json::object Bind(const std::string& op_name, HttpRequest request, std::string_view body = "") {
    const model::Operation* op = S3().FindOperation(op_name);
    EXPECT_NE(op, nullptr) << op_name;
    return DecodeRestXmlInput(*op, request, body);
  }
};

TEST_F(RestBindTest, LabelsAndGreedyKeyWithSlashesAndEscapes) {
  const json::object in =
      Bind("PutObject", {.method = "PUT", .target = "/my-bucket/dir/a%20b%2Bc%3D%281%29~%C3%BC.json",
                         .headers = {}, .body = ""},
           "data");
  EXPECT_EQ(in.at("Bucket"), "my-bucket");
  EXPECT_EQ(in.at("Key"), "dir/a b+c=(1)~\xC3\xBC.json");
  EXPECT_EQ(in.at("Body"), "data");
}

TEST_F(RestBindTest, PlusInAKeyIsAPlusNotASpace) {
  const json::object in =
      Bind("GetObject", {.method = "GET", .target = "/b/a+b", .headers = {}, .body = ""});
  EXPECT_EQ(in.at("Key"), "a+b");
}

TEST_F(RestBindTest, EscapedSlashInKeyIsASlash) {
  const json::object in =
      Bind("GetObject", {.method = "GET", .target = "/b/dir%2Fk", .headers = {}, .body = ""});
  EXPECT_EQ(in.at("Key"), "dir/k");
}

TEST_F(RestBindTest, HeadersAndMetadataMap) {
  const json::object in = Bind(
      "PutObject",
      {.method = "PUT",
       .target = "/b/k",
       .headers = {{"Content-Type", "text/plain"},
                   {"Content-Length", "4"},
                   {"x-amz-meta-Owner", "alice"},
                   {"X-Amz-Meta-project", "nimbus"},
                   {"x-amz-tagging", "a=1&b=2"},
                   {"x-amz-server-side-encryption", "AES256"}},
       .body = ""},
      "data");
  EXPECT_EQ(in.at("ContentType"), "text/plain");
  EXPECT_EQ(in.at("ContentLength"), json::value(4));
  EXPECT_EQ(in.at("Metadata"), (json::object{{"owner", "alice"}, {"project", "nimbus"}}));
  EXPECT_EQ(in.at("Tagging"), "a=1&b=2");
  EXPECT_EQ(in.at("ServerSideEncryption"), "AES256");
}

TEST_F(RestBindTest, QueryStringMembers) {
  const json::object in = Bind(
      "ListObjectsV2",
      {.method = "GET", .target = "/b?list-type=2&prefix=dir%2Fa%20b&max-keys=5&delimiter=%2F",
       .headers = {}, .body = ""});
  EXPECT_EQ(in.at("Bucket"), "b");
  EXPECT_EQ(in.at("Prefix"), "dir/a b");
  EXPECT_EQ(in.at("MaxKeys"), json::value(5));
  EXPECT_EQ(in.at("Delimiter"), "/");
  EXPECT_FALSE(in.contains("ContinuationToken"));
}

TEST_F(RestBindTest, XmlPayloadStructure) {
  const json::object in = Bind(
      "CreateBucket", {.method = "PUT", .target = "/b", .headers = {}, .body = ""},
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateBucketConfiguration "
      "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>eu-west-1"
      "</LocationConstraint></CreateBucketConfiguration>");
  EXPECT_EQ(in.at("Bucket"), "b");
  EXPECT_EQ(in.at("CreateBucketConfiguration"),
            (json::object{{"LocationConstraint", "eu-west-1"}}));
}

TEST_F(RestBindTest, XmlPayloadWithFlattenedList) {
  const json::object in = Bind(
      "DeleteObjects", {.method = "POST", .target = "/b?delete", .headers = {}, .body = ""},
      "<Delete><Object><Key>a</Key></Object><Object><Key>b/c</Key></Object><Quiet>true</Quiet>"
      "</Delete>");
  EXPECT_EQ(in.at("Delete"),
            (json::object{{"Objects", json::array{json::object{{"Key", "a"}},
                                                  json::object{{"Key", "b/c"}}}},
                          {"Quiet", true}}));
}

TEST_F(RestBindTest, EmptyBodyLeavesPayloadStructureAbsent) {
  const json::object in = Bind("CreateBucket", {.method = "PUT", .target = "/b", .headers = {},
                                                .body = ""});
  EXPECT_EQ(in, (json::object{{"Bucket", "b"}}));
}

TEST_F(RestBindTest, MalformedXmlIsMalformedXML) {
  try {
    Bind("CreateBucket", {.method = "PUT", .target = "/b", .headers = {}, .body = ""},
         "<CreateBucketConfiguration><Loc");
    FAIL() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "MalformedXML");
  }
}

TEST_F(RestBindTest, DeeplyNestedXmlIsMalformedNotACrash) {
  std::string body;
  for (int i = 0; i < 200000; ++i) body += "<a>";
  try {
    Bind("CreateBucket", {.method = "PUT", .target = "/b", .headers = {}, .body = ""}, body);
    FAIL() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "MalformedXML");
  }
}

// "InvalidArgument: Invalid number: 1.5x" for a request the binder refuses, "" otherwise.
std::string BindError(const std::string& op_name, HttpRequest request, std::string_view body = "") {
  try {
    DecodeRestXmlInput(*S3().FindOperation(op_name), request, body);
  } catch (const AwsError& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

HttpRequest Get(std::string target, std::vector<HttpHeader> headers = {}) {
  return {.method = "GET", .target = std::move(target), .headers = std::move(headers), .body = ""};
}

TEST_F(RestBindTest, QueryStringIntegerWithTrailingTextIsInvalidArgument) {
  EXPECT_EQ(BindError("ListObjectsV2", Get("/b?list-type=2&max-keys=1.5x")),
            "InvalidArgument: Invalid number: 1.5x");
}

TEST_F(RestBindTest, IntegerOutOfItsRangeIsInvalidArgument) {
  EXPECT_EQ(BindError("ListObjectsV2", Get("/b?list-type=2&max-keys=2147483648")),
            "InvalidArgument: Invalid number: 2147483648");
}

TEST_F(RestBindTest, LongHeaderOutOfItsRangeIsInvalidArgument) {
  EXPECT_EQ(BindError("PutObject", {.method = "PUT", .target = "/b/k",
                                    .headers = {{"Content-Length", "9223372036854775808"}},
                                    .body = ""}),
            "InvalidArgument: Invalid number: 9223372036854775808");
}

TEST_F(RestBindTest, LongHeaderAtItsLimitBinds) {
  const json::object in =
      Bind("PutObject", {.method = "PUT", .target = "/b/k",
                         .headers = {{"Content-Length", "9223372036854775807"}}, .body = ""});
  EXPECT_EQ(in.at("ContentLength"), json::value(9223372036854775807LL));
}

TEST_F(RestBindTest, BooleansAreLowerCaseTrueOrFalse) {
  EXPECT_EQ(Bind("ListObjectsV2", Get("/b?list-type=2&fetch-owner=true")).at("FetchOwner"),
            json::value(true));
  EXPECT_EQ(Bind("ListObjectsV2", Get("/b?list-type=2&fetch-owner=false")).at("FetchOwner"),
            json::value(false));
}

TEST_F(RestBindTest, TruncatedBooleanIsInvalidArgumentNotFalse) {
  EXPECT_EQ(BindError("ListObjectsV2", Get("/b?list-type=2&fetch-owner=tru")),
            "InvalidArgument: Invalid boolean: tru");
}

TEST_F(RestBindTest, CapitalisedBooleanHeaderIsInvalidArgument) {
  EXPECT_EQ(BindError("CreateBucket",
                      {.method = "PUT", .target = "/b",
                       .headers = {{"x-amz-bucket-object-lock-enabled", "True"}}, .body = ""}),
            "InvalidArgument: Invalid boolean: True");
}

TEST_F(RestBindTest, XmlBooleanOtherThanTrueOrFalseIsInvalidArgument) {
  EXPECT_EQ(BindError("DeleteObjects",
                      {.method = "POST", .target = "/b?delete", .headers = {}, .body = ""},
                      "<Delete><Object><Key>a</Key></Object><Quiet>yes</Quiet></Delete>"),
            "InvalidArgument: Invalid boolean: yes");
}

TEST_F(RestBindTest, XmlIntegerWithTrailingTextIsInvalidArgument) {
  EXPECT_EQ(BindError("CompleteMultipartUpload",
                      {.method = "POST", .target = "/b/k?uploadId=u", .headers = {}, .body = ""},
                      "<CompleteMultipartUpload><Part><ETag>e</ETag><PartNumber>1.5x</PartNumber>"
                      "</Part></CompleteMultipartUpload>"),
            "InvalidArgument: Invalid number: 1.5x");
}

TEST_F(RestBindTest, HeaderTimestampIsRfc1123) {
  const json::object in =
      Bind("GetObject", Get("/b/k", {{"If-Modified-Since", "Sun, 22 Nov 2026 02:03:29 GMT"}}));
  EXPECT_EQ(in.at("IfModifiedSince"), json::value(1795313009.0));
}

TEST_F(RestBindTest, HeaderTimestampInAnotherFormatIsInvalidArgument) {
  EXPECT_EQ(BindError("GetObject", Get("/b/k", {{"If-Modified-Since", "2026-11-22T02:03:29Z"}})),
            "InvalidArgument: Invalid timestamp: 2026-11-22T02:03:29Z");
}

TEST_F(RestBindTest, HeaderTimestampFollowsTheShapesFormat) {
  const json::object in =
      Bind("PutObject", {.method = "PUT", .target = "/b/k",
                         .headers = {{"x-amz-object-lock-retain-until-date",
                                      "2026-11-22T02:03:29.500Z"}},
                         .body = ""});
  EXPECT_EQ(in.at("ObjectLockRetainUntilDate"), json::value(1795313009.5));
}

TEST(RestOutputTest, HeaderMembersAndStatus) {
  const model::Operation& op = *S3().FindOperation("PutObject");
  HttpResponse response;
  EncodeRestXmlOutput(S3(), op,
                      json::object{{"ETag", "\"abc\""}, {"VersionId", "v1"},
                                   {"ServerSideEncryption", "AES256"}},
                      &response);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("ETag"), "\"abc\"");
  EXPECT_EQ(response.Header("x-amz-version-id"), "v1");
  EXPECT_EQ(response.Header("x-amz-server-side-encryption"), "AES256");
  EXPECT_EQ(response.body, "");
}

TEST(RestOutputTest, BlobPayloadIsTheBodyAndTimestampsInHeadersAreRfc1123) {
  const model::Operation& op = *S3().FindOperation("GetObject");
  HttpResponse response;
  EncodeRestXmlOutput(S3(), op,
                      json::object{{"Body", "hello"},
                                   {"ContentLength", 5},
                                   {"LastModified", 1795313009.0},
                                   {"Metadata", json::object{{"owner", "alice"}}}},
                      &response);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(response.Header("Content-Length"), "5");
  EXPECT_EQ(response.Header("Last-Modified"), "Sun, 22 Nov 2026 02:03:29 GMT");
  EXPECT_EQ(response.Header("x-amz-meta-owner"), "alice");
}

TEST(RestOutputTest, StructurePayloadIsAnXmlDocument) {
  const model::Operation& op = *S3().FindOperation("GetBucketEncryption");
  HttpResponse response;
  EncodeRestXmlOutput(
      S3(), op,
      json::object{{"ServerSideEncryptionConfiguration",
                    json::object{{"Rules", json::array{json::object{
                                               {"ApplyServerSideEncryptionByDefault",
                                                json::object{{"SSEAlgorithm", "AES256"}}}}}}}}},
      &response);
  EXPECT_EQ(response.Header("Content-Type"), "application/xml");
  EXPECT_EQ(response.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ServerSideEncryptionConfiguration "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
            "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
            "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>");
}

TEST(RestOutputTest, MembersWithoutPayloadFormTheResultDocument) {
  const model::Operation& op = *S3().FindOperation("ListObjectsV2");
  HttpResponse response;
  EncodeRestXmlOutput(
      S3(), op,
      json::object{{"Name", "b"},
                   {"KeyCount", 1},
                   {"IsTruncated", false},
                   {"Contents", json::array{json::object{{"Key", "a&b"}, {"Size", 3}}}}},
      &response);
  EXPECT_EQ(response.Header("Content-Type"), "application/xml");
  EXPECT_TRUE(response.body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><"))
      << response.body;
  // Flattened list: one <Contents> per object, no <member> wrapper.
  EXPECT_NE(response.body.find(" xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                               "<IsTruncated>false</IsTruncated><Contents><Key>a&amp;b</Key>"
                               "<Size>3</Size></Contents><Name>b</Name><KeyCount>1</KeyCount></"),
            std::string::npos)
      << response.body;
}

TEST(RestOutputTest, StatusComesFromTheModel) {
  HttpResponse response;
  EncodeRestXmlOutput(S3(), *S3().FindOperation("DeleteObject"), json::object(), &response);
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
}

// A small REST-XML model whose output shapes are named as models/patches would name them.
const model::ServiceModel& NamedRoots() {
  static const model::ServiceModel* m = new model::ServiceModel("demo-rest", R"({
    "metadata": {"protocol": "rest-xml", "apiVersion": "2006-03-01"},
    "operations": {
      "GetBucketLocation": {"name": "GetBucketLocation",
                            "http": {"method": "GET", "requestUri": "/{Bucket}?location"},
                            "output": {"shape": "GetBucketLocationOutput"}},
      "ListObjectsV2": {"name": "ListObjectsV2",
                        "http": {"method": "GET", "requestUri": "/{Bucket}?list-type=2"},
                        "output": {"shape": "ListObjectsV2Output"}}
    },
    "shapes": {
      "GetBucketLocationOutput": {"type": "structure", "locationName": "LocationConstraint",
                                  "members": {"LocationConstraint": {"shape": "Region"}}},
      "ListObjectsV2Output": {"type": "structure", "locationName": "ListBucketResult",
                              "members": {"Name": {"shape": "Region"},
                                          "RequestCharged": {"shape": "Region",
                                                             "location": "header",
                                                             "locationName": "x-amz-request-charged"}}},
      "Region": {"type": "string"}
    }})", "{}");
  return *m;
}

TEST(RestOutputTest, StructureNamedAfterItsOnlyScalarIsThatElement) {
  const model::ServiceModel& m = NamedRoots();
  HttpResponse response;
  EncodeRestXmlOutput(m, *m.FindOperation("GetBucketLocation"),
                      json::object{{"LocationConstraint", "eu-west-1"}}, &response);
  EXPECT_EQ(response.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>");
  HttpResponse us_east_1;
  EncodeRestXmlOutput(m, *m.FindOperation("GetBucketLocation"), json::object(), &us_east_1);
  EXPECT_EQ(us_east_1.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");
}

TEST(RestOutputTest, ShapeLocationNameIsTheRootElement) {
  const model::ServiceModel& m = NamedRoots();
  HttpResponse response;
  EncodeRestXmlOutput(m, *m.FindOperation("ListObjectsV2"),
                      json::object{{"Name", "b"}, {"RequestCharged", "requester"}}, &response);
  EXPECT_EQ(response.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name></ListBucketResult>");
  EXPECT_EQ(response.Header("x-amz-request-charged"), "requester");
}

TEST(RestOutputTest, ErrorDocument) {
  EXPECT_EQ(EncodeRestXmlError(nullptr, "NoSuchKey",
                               AwsError("NoSuchKey", "The specified key does not exist."), "ABC",
                               "aG9zdA=="),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The "
            "specified key does not exist.</Message><RequestId>ABC</RequestId><HostId>aG9zdA=="
            "</HostId></Error>");
}

}  // namespace
}  // namespace nimbus::core::protocol
