// Every captured client request (tests/data/fixtures/requests/<client>/<svc>.<Op>.http) must route
// to the service and operation its file name says, decode to the members the client sent, and
// pass model validation. Out-of-scope captures (sqs, monitoring) must route to no service and get
// an error that names them.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/auth/identity.h"
#include "core/auth/sigv4.h"
#include "core/clock.h"
#include "core/dispatch.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "core/protocol/json_codec.h"
#include "core/protocol/query.h"
#include "core/protocol/rest_xml.h"
#include "core/protocol/validate.h"
#include "core/routing/router.h"
#include "core/service.h"
#include "core/text.h"
#include "testing/http_fixture.h"

namespace nimbus {
namespace {

namespace json = boost::json;
using core::HttpRequest;
using core::model::ModelRegistry;
using core::routing::Wire;

const ModelRegistry& Models() {
  static const ModelRegistry* models = new ModelRegistry();
  return *models;
}

// "boto3/s3.PutObject.special-key.http" (relative to fixtures/requests).
std::string RelativeName(const std::string& path) {
  return std::filesystem::relative(path, test::TestDataPath("fixtures/requests")).string();
}

struct Expected {
  std::string service;    // "sso-admin"
  std::string operation;  // "DescribeInstance"
};

Expected FromFileName(const std::string& path) {
  const std::string file = std::filesystem::path(path).filename().string();
  const std::vector<std::string_view> parts = core::Split(file, '.');
  return {std::string(parts.at(0)), std::string(parts.at(1))};
}

struct Decoded {
  core::routing::Route route;
  const core::model::ServiceModel* model = nullptr;
  const core::model::Operation* op = nullptr;
  json::object input;
};

// What the dispatcher does before calling a handler, step by step through the public APIs.
Decoded Decode(const HttpRequest& request) {
  Decoded out;
  core::auth::AuthError error;
  const std::optional<core::auth::SignatureInfo> signature =
      core::auth::ParseSignature(request, &error);
  core::protocol::QueryParams params;
  EXPECT_TRUE(core::protocol::ParseQueryString(request.RawQuery(), &params));
  if (core::routing::IsFormRequest(request) && request.method == "POST") {
    EXPECT_TRUE(core::protocol::ParseQueryString(request.body, &params));
  }
  out.route = core::routing::RouteRequest(request, signature ? &*signature : nullptr, params);
  if (!out.route.service) {
    return out;
  }
  out.model = &Models().Get(out.route.service->name);
  switch (out.route.wire) {
    case Wire::kQuery:
      out.op = out.model->FindOperation(out.route.operation);
      if (out.op) out.input = core::protocol::DecodeQueryInput(out.op->input, params);
      break;
    case Wire::kJson:
      out.op = out.model->FindOperation(out.route.operation);
      if (out.op) out.input = core::protocol::DecodeJsonInput(out.op->input, request.body);
      break;
    case Wire::kRestXml: {
      out.op = core::protocol::MatchRestOperation(*out.model, request.method,
                                                  out.route.rest_path, request.RawQuery());
      if (!out.op) break;
      std::string body = request.body;
      if (request.Header("Content-Encoding").find("aws-chunked") != std::string_view::npos) {
        std::string decoded;
        EXPECT_TRUE(core::auth::DecodeAwsChunked(request.body, &decoded));
        body = decoded;
      }
      out.input = core::protocol::DecodeRestXmlInput(*out.op, request, body);
      break;
    }
  }
  return out;
}

const json::value& At(const json::object& in, std::string_view name) {
  const json::value* v = in.if_contains(name);
  if (!v) {
    ADD_FAILURE() << "member " << name << " missing in " << json::serialize(in);
    static const json::value kNull;
    return kNull;
  }
  return *v;
}

// Spot checks of decoded members, by fixture.
const std::map<std::string, std::function<void(const json::object&)>>& SpotChecks() {
  static const auto* checks = new std::map<std::string, std::function<void(const json::object&)>>{
      {"boto3/cloudformation.CreateStack.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "StackName"), "demo");
         EXPECT_EQ(At(in, "TemplateURL"), "https://demo-bucket.s3.amazonaws.com/templates/demo.json");
         const json::array& parameters = At(in, "Parameters").as_array();
         ASSERT_EQ(parameters.size(), 2u);
         EXPECT_EQ(parameters[0].at("ParameterKey"), "Env");
         EXPECT_EQ(parameters[0].at("ParameterValue"), "dev");
         EXPECT_EQ(parameters[1].at("ParameterKey"), "Size");
         EXPECT_EQ(parameters[1].at("UsePreviousValue"), json::value(true));
         EXPECT_EQ(At(in, "Capabilities"),
                   (json::array{"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"}));
         EXPECT_EQ(At(in, "NotificationARNs"), json::array());
         EXPECT_EQ(At(in, "TimeoutInMinutes"), json::value(5));
         EXPECT_EQ(At(in, "DisableRollback"), json::value(false));
         EXPECT_EQ(At(in, "Tags"), (json::array{json::object{{"Key", "team"}, {"Value", "core"}}}));
       }},
      {"jssdk-v3/cloudformation.CreateStack.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "StackName"), "demo");
         EXPECT_EQ(At(in, "Parameters").as_array().size(), 2u);
         EXPECT_EQ(At(in, "NotificationARNs"), json::array());
         EXPECT_EQ(At(in, "TimeoutInMinutes"), json::value(5));
       }},
      {"cdk-cli-2.1148.1/cloudformation.CreateChangeSet.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "StackName"), "DemoStack");
         EXPECT_EQ(At(in, "ChangeSetName"), "cdk-deploy-change-set");
         EXPECT_EQ(At(in, "Parameters"), json::array());
         EXPECT_EQ(At(in, "Tags"), json::array());
         EXPECT_EQ(At(in, "Capabilities").as_array().size(), 3u);
         EXPECT_EQ(At(in, "ChangeSetType"), "CREATE");
         EXPECT_EQ(At(in, "IncludeNestedStacks"), json::value(true));
       }},
      {"cdk-cli-2.1148.1/sts.AssumeRole.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "RoleArn"),
                   "arn:aws:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-us-east-1");
         EXPECT_EQ(At(in, "RoleSessionName"), "aws-cdk-root");
       }},
      {"boto3/iam.GetUser.http",
       [](const json::object& in) { EXPECT_EQ(At(in, "UserName"), "test"); }},
      {"boto3/sts.GetCallerIdentity.http",
       [](const json::object& in) { EXPECT_TRUE(in.empty()) << json::serialize(in); }},
      {"boto3/ssm.GetParameter.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Name"), "/demo/p");
         EXPECT_EQ(At(in, "WithDecryption"), json::value(true));
       }},
      {"boto3/ssm.PutParameter.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Type"), "String");
         EXPECT_EQ(At(in, "Overwrite"), json::value(true));
         EXPECT_EQ(At(in, "Tags"), json::array());
       }},
      {"boto3/ssm.DescribeInstanceInformation.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "MaxResults"), json::value(10));
         EXPECT_EQ(At(in, "Filters"),
                   (json::array{json::object{{"Key", "PingStatus"},
                                             {"Values", json::array{"Online"}}}}));
       }},
      {"boto3/sso-admin.DescribeInstance.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "InstanceArn"), "arn:aws:sso:::instance/ssoins-0123456789abcdef");
       }},
      {"boto3/s3.CreateBucket.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "demo-bucket");
         EXPECT_FALSE(in.contains("CreateBucketConfiguration"));
       }},
      {"jssdk-v3/s3.CreateBucket.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "demo-bucket");
         EXPECT_EQ(At(in, "CreateBucketConfiguration"),
                   (json::object{{"LocationConstraint", "us-west-2"}}));
       }},
      {"boto3/s3.PutObject.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "demo-bucket");
         EXPECT_EQ(At(in, "Key"), "templates/demo.json");
         EXPECT_EQ(At(in, "Body"), "{\"Resources\":{}}");
         EXPECT_EQ(At(in, "ContentType"), "application/json");
       }},
      {"boto3/s3.PutObject.special-key.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "demo-bucket");
         EXPECT_EQ(At(in, "Key"), "dir/a b+c=(1)~\xC3\xBC.json");
         EXPECT_EQ(At(in, "Body"), "x");
       }},
      {"jssdk-v3/s3.PutObject.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Key"), "templates/demo.json");
         EXPECT_EQ(At(in, "Body"), "{\"Resources\":{}}");
       }},
      {"jssdk-v3/s3.PutObject.streaming.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "cdk-assets");
         EXPECT_EQ(At(in, "Key"), "asset.zip");
         const std::string body(At(in, "Body").as_string());
         EXPECT_EQ(body.size(), 220u);  // x-amz-decoded-content-length
         EXPECT_TRUE(core::StartsWith(body, "PK-fake-asset-content-")) << body;
         EXPECT_EQ(body.find("chunk"), std::string::npos);
         EXPECT_EQ(body.find("x-amz-checksum"), std::string::npos);
         EXPECT_EQ(At(in, "ContentType"), "application/octet-stream");
       }},
      {"boto3/s3.ListObjectsV2.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "demo-bucket");
         EXPECT_EQ(At(in, "Prefix"), "dir/a b");
         EXPECT_EQ(At(in, "Delimiter"), "/");
         EXPECT_EQ(At(in, "MaxKeys"), json::value(5));
         EXPECT_EQ(At(in, "EncodingType"), "url");
       }},
      {"cdk-cli-2.1148.1/s3.GetBucketLocation.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "cdk-hnb659fds-assets-123456789012-us-east-1");
       }},
      {"boto3/s3.GetObject.http",
       [](const json::object& in) {
         EXPECT_EQ(At(in, "Bucket"), "demo-bucket");
         EXPECT_EQ(At(in, "Key"), "templates/demo.json");
       }},
      {"terraform-aws-5.100.0/s3.GetObjectTagging.http",
       [](const json::object& in) { EXPECT_EQ(At(in, "Key"), "templates/tf.json"); }},
  };
  return *checks;
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, RoutesDecodesAndValidatesAsItsFileNameSays) {
  const std::string name = RelativeName(GetParam());
  const Expected expected = FromFileName(GetParam());
  const HttpRequest request = test::LoadHttpFixture(GetParam());
  const Decoded decoded = Decode(request);
  if (!ModelRegistry::FindByName(expected.service)) {
    EXPECT_EQ(decoded.route.service, nullptr) << name << " is not a service nimbus emulates";
    return;
  }
  ASSERT_NE(decoded.route.service, nullptr) << name;
  EXPECT_EQ(decoded.route.service->name, expected.service) << name;
  ASSERT_NE(decoded.op, nullptr) << name;
  EXPECT_EQ(decoded.op->name, expected.operation) << name;
  if (decoded.op->input) {
    const std::vector<core::protocol::Violation> violations =
        core::protocol::Validate(*decoded.model, *decoded.op->input, decoded.input);
    EXPECT_TRUE(violations.empty())
        << name << ": " << core::protocol::ValidationMessage(violations);
  }
  auto check = SpotChecks().find(name);
  if (check != SpotChecks().end()) {
    SCOPED_TRACE(name);
    check->second(decoded.input);
  }
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
  std::string out;
  for (const char c : RelativeName(info.param)) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllCaptures, FixtureTest, ::testing::ValuesIn(test::AllRequestFixtures()),
                         ParamName);

TEST(FixtureTableTest, EverySpotCheckNamesAnExistingFixture) {
  std::vector<std::string> names;
  for (const std::string& path : test::AllRequestFixtures()) names.push_back(RelativeName(path));
  for (const auto& [name, check] : SpotChecks()) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_GE(names.size(), 50u);
}

// A provider for any service that records what the dispatcher hands it.
class RecordingService final : public core::Service {
 public:
  RecordingService(std::string name, const core::model::ServiceModel& model,
                   std::vector<std::pair<std::string, json::object>>* calls)
      : name_(std::move(name)) {
    for (const auto& [op_name, op] : model.operations()) {
      Register(op_name, [calls, op_name = op_name](const core::RequestContext&,
                                                   const json::object& in) -> json::value {
        calls->emplace_back(op_name, in);
        return json::object();
      });
    }
  }
  std::string_view Name() const override { return name_; }

 private:
  std::string name_;
};

class FixtureDispatchTest : public ::testing::TestWithParam<std::string> {
 protected:
  explicit FixtureDispatchTest(core::DispatchConfig config = {})
      : dispatcher_(std::move(config), Models(), clock_, ids_) {
    for (const core::model::ServiceInfo& info : ModelRegistry::Services()) {
      dispatcher_.AddService(std::make_unique<RecordingService>(
          std::string(info.name), Models().Get(info.name), &calls_));
    }
  }

  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  core::Dispatcher dispatcher_;
  std::vector<std::pair<std::string, json::object>> calls_;
};

// The whole dispatcher path (routing, auth parsing, decoding, validation) reaches the handler of
// the operation in the file name; out-of-scope services get an error naming them.
TEST_P(FixtureDispatchTest, DispatcherCallsTheOperationOrNamesTheUnknownService) {
  const std::string name = RelativeName(GetParam());
  const Expected expected = FromFileName(GetParam());
  const core::Outcome outcome = dispatcher_.Handle(test::LoadHttpFixture(GetParam()));
  if (!ModelRegistry::FindByName(expected.service)) {
    EXPECT_TRUE(calls_.empty()) << name;
    EXPECT_EQ(outcome.response.status, 400) << name;
    EXPECT_EQ(outcome.response.Header("x-amzn-ErrorType"), "UnknownOperationException") << name;
    EXPECT_NE(outcome.response.body.find(expected.service), std::string::npos)
        << name << ": " << outcome.response.body;
    return;
  }
  EXPECT_EQ(outcome.service, expected.service) << name;
  EXPECT_EQ(outcome.operation, expected.operation) << name;
  ASSERT_EQ(calls_.size(), 1u) << name << ": " << outcome.response.status << " "
                               << outcome.response.body;
  EXPECT_EQ(calls_[0].first, expected.operation);
  EXPECT_LT(outcome.response.status, 300) << name << ": " << outcome.response.body;
}

INSTANTIATE_TEST_SUITE_P(AllCaptures, FixtureDispatchTest,
                         ::testing::ValuesIn(test::AllRequestFixtures()), ParamName);

class AwsChunkedDispatchTest : public FixtureDispatchTest {};

// The URLs boto3 presigned (SigV2 by default, SigV4 with s3v4), one a line after '#' comments.
std::vector<std::string> PresignedUrls() {
  std::ifstream in(test::TestDataPath("fixtures/requests/boto3/s3.GetObject.presigned-urls.txt"));
  std::vector<std::string> urls;
  for (std::string line; std::getline(in, line);) {
    if (core::StartsWith(line, "http://")) urls.push_back(line.substr(line.find('/', 7)));
  }
  return urls;
}

class PresignedDispatchTest : public FixtureDispatchTest {
 protected:
  PresignedDispatchTest() : FixtureDispatchTest({.verify_signatures = true}) {
    dispatcher_.AddKeyDirectory(&keys_);
    clock_.Set(1'795'313'543'000 + 60'000);  // a minute after X-Amz-Date 20261122T021223Z
  }
  core::Outcome Get(const std::string& target) {
    // One URL was signed with session credentials: the key file names their token, since a
    // long-term key presented with a token nimbus does not know is refused.
    const bool session = target.find("X-Amz-Security-Token=") != std::string::npos;
    keys_ = Keys(session ? "aws_session_token = FQoGZXIvYXdzEXAMPLETOKEN\n" : "");
    return dispatcher_.Handle(
        {.method = "GET", .target = target, .headers = {{"Host", "127.0.0.1:4566"}}, .body = ""});
  }

  static core::auth::StaticKeys Keys(const std::string& extra) {
    return core::auth::StaticKeys::Parse(
        "[docs]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n" +
            extra,
        "000000000000");
  }

  core::auth::StaticKeys keys_ = Keys("");
};

TEST_F(PresignedDispatchTest, PresignedUrlsVerifyAndRouteToGetObject) {
  const std::vector<std::string> urls = PresignedUrls();
  ASSERT_EQ(urls.size(), 3u);
  for (const std::string& url : urls) {
    calls_.clear();
    const core::Outcome outcome = Get(url);
    EXPECT_EQ(outcome.response.status, 200) << url << "\n" << outcome.response.body;
    ASSERT_EQ(calls_.size(), 1u) << url;
    EXPECT_EQ(calls_[0].first, "GetObject");
    EXPECT_EQ(At(calls_[0].second, "Bucket"), "demo-bucket");
    EXPECT_EQ(At(calls_[0].second, "Key"), "templates/demo.json");
  }
}

TEST_F(PresignedDispatchTest, ExpiredPresignedUrlIsRefused) {
  clock_.Advance(301'000);
  for (const std::string& url : PresignedUrls()) {
    calls_.clear();
    const core::Outcome outcome = Get(url);
    EXPECT_EQ(outcome.response.status, 403) << url;
    EXPECT_NE(outcome.response.body.find("<Code>AccessDenied</Code><Message>Request has expired"
                                         "</Message>"),
              std::string::npos)
        << outcome.response.body;
    EXPECT_TRUE(calls_.empty());
  }
}

TEST_F(PresignedDispatchTest, TamperedPresignedUrlIsSignatureDoesNotMatch) {
  for (const std::string& url : PresignedUrls()) {
    calls_.clear();
    std::string tampered = url;
    tampered.replace(tampered.find("demo.json"), 9, "evil.json");
    const core::Outcome outcome = Get(tampered);
    EXPECT_EQ(outcome.response.status, 403) << tampered;
    EXPECT_NE(outcome.response.body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos)
        << outcome.response.body;
    EXPECT_TRUE(calls_.empty());
  }
}

// The JS SDK's streaming upload: what the handler sees is what the client meant to send.
TEST_F(AwsChunkedDispatchTest, HandlerSeesDecodedLengthPlainEncodingAndTrailerChecksum) {
  const HttpRequest request =
      test::LoadHttpFixture(test::TestDataPath("fixtures/requests/jssdk-v3/s3.PutObject.streaming.http"));
  const core::Outcome outcome = dispatcher_.Handle(request);
  ASSERT_EQ(calls_.size(), 1u) << outcome.response.body;
  const json::object& in = calls_[0].second;
  EXPECT_EQ(calls_[0].first, "PutObject");
  EXPECT_EQ(At(in, "Body").as_string().size(), 220u);
  EXPECT_EQ(At(in, "ContentLength"), json::value(220));
  EXPECT_FALSE(in.contains("ContentEncoding")) << json::serialize(in);
  EXPECT_EQ(At(in, "ChecksumCRC32"), "cNc8oQ==");
  EXPECT_EQ(At(in, "ChecksumAlgorithm"), "CRC32");
}

TEST_F(AwsChunkedDispatchTest, OtherContentEncodingsAreKept) {
  HttpRequest request =
      test::LoadHttpFixture(test::TestDataPath("fixtures/requests/jssdk-v3/s3.PutObject.streaming.http"));
  for (core::HttpHeader& h : request.headers) {
    if (core::EqualsIgnoreCase(h.name, "content-encoding")) h.value = "gzip,aws-chunked";
  }
  dispatcher_.Handle(request);
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(At(calls_[0].second, "ContentEncoding"), "gzip");
}

TEST_F(AwsChunkedDispatchTest, DecodedLengthMismatchIsIncompleteBody) {
  HttpRequest request =
      test::LoadHttpFixture(test::TestDataPath("fixtures/requests/jssdk-v3/s3.PutObject.streaming.http"));
  for (core::HttpHeader& h : request.headers) {
    if (core::EqualsIgnoreCase(h.name, "x-amz-decoded-content-length")) h.value = "221";
  }
  const core::Outcome outcome = dispatcher_.Handle(request);
  EXPECT_TRUE(calls_.empty());
  EXPECT_EQ(outcome.response.status, 400);
  EXPECT_NE(outcome.response.body.find("<Code>IncompleteBody</Code>"), std::string::npos)
      << outcome.response.body;
}

TEST_F(AwsChunkedDispatchTest, TruncatedFramingIsIncompleteBody) {
  HttpRequest request =
      test::LoadHttpFixture(test::TestDataPath("fixtures/requests/jssdk-v3/s3.PutObject.streaming.http"));
  request.body.resize(100);
  const core::Outcome outcome = dispatcher_.Handle(request);
  EXPECT_TRUE(calls_.empty());
  EXPECT_EQ(outcome.response.status, 400);
  EXPECT_NE(outcome.response.body.find("<Code>IncompleteBody</Code>"), std::string::npos);
}

}  // namespace
}  // namespace nimbus
