// core::Dispatcher end to end without sockets: routing, errors in each protocol, NotImplemented,
// admin endpoints, and --sigv4 verify.
#include "core/dispatch.h"

#include <memory>
#include <regex>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/auth/identity.h"
#include "core/auth/sigv4.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "services/iam/iam_provider.h"
#include "services/runtime.h"
#include "services/sts/sts_provider.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/sigv4_signer.h"

namespace nimbus::core {
namespace {

namespace json = boost::json;

constexpr std::string_view kKey = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const model::ModelRegistry& Models() {
  static const model::ModelRegistry* models = new model::ModelRegistry();
  return *models;
}

// The text of the first <tag>...</tag> in `xml`, or "".
std::string XmlText(const std::string& xml, const std::string& tag) {
  const size_t open = xml.find("<" + tag + ">");
  if (open == std::string::npos) return "";
  const size_t start = open + tag.size() + 2;
  const size_t close = xml.find("</" + tag + ">", start);
  return close == std::string::npos ? "" : xml.substr(start, close - start);
}

HttpRequest FormPost(std::string body) {
  return {.method = "POST",
          .target = "/",
          .headers = {{"Host", "localhost:4566"},
                      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
          .body = std::move(body)};
}

HttpRequest JsonPost(std::string target, std::string body) {
  return {.method = "POST",
          .target = "/",
          .headers = {{"Host", "localhost:4566"},
                      {"Content-Type", "application/x-amz-json-1.1"},
                      {"X-Amz-Target", std::move(target)}},
          .body = std::move(body)};
}

// Signs `request` with SigV4 the way the SDKs do (content-type;host;x-amz-date[;x-amz-target]).
void Sign(HttpRequest* request, std::string_view key, std::string_view secret,
          std::string_view service, int64_t now_millis, std::string region = "us-east-1",
          std::string session_token = "") {
  test::SignV4(request, now_millis,
               {.key = std::string(key),
                .secret = std::string(secret),
                .service = std::string(service),
                .region = std::move(region),
                .session_token = std::move(session_token)});
}

class DispatchTest : public ::testing::Test {
 protected:
  explicit DispatchTest(DispatchConfig config = {}) : dispatcher_(config, Models(), clock_, ids_) {
    auto sts = std::make_unique<sts::StsProvider>(db_, ids_, dispatcher_);
    sts_ = sts.get();
    dispatcher_.AddService(std::move(sts));
    dispatcher_.AddKeyDirectory(&sts_->credentials());
  }

  // AssumeRole asks IAM for the role: adds IAM with role/r of 111122223333, the one the tests
  // assume.
  void AddIamWithRoleR() {
    dispatcher_.AddService(std::make_unique<iam::IamProvider>(rt_));
    const Caller owner{.access_key_id = "",
                       .account = "111122223333",
                       .arn = auth::RootArn("111122223333", ""),
                       .user_id = "111122223333"};
    static_cast<const ServiceClient&>(dispatcher_)
        .Call(
            owner, "us-east-1", "iam", "CreateRole",
            {{"RoleName", "r"},
             {"AssumeRolePolicyDocument",
              R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}})"}});
  }

  FakeClock clock_;
  IdGenerator ids_{42};
  store::Database db_;
  Dispatcher dispatcher_;
  store::Scheduler scheduler_{db_, clock_};
  nimbus::Runtime rt_{db_, clock_, ids_, scheduler_, {}};
  sts::StsProvider* sts_ = nullptr;
};

TEST_F(DispatchTest, GetCallerIdentityOverQuery) {
  const Outcome outcome = dispatcher_.Handle(FormPost("Action=GetCallerIdentity&Version=2011-06-15"));
  const HttpResponse& r = outcome.response;
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(outcome.service, "sts");
  EXPECT_EQ(outcome.operation, "GetCallerIdentity");
  EXPECT_EQ(r.Header("Content-Type"), "text/xml");
  EXPECT_TRUE(r.body.starts_with(
      "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      "<GetCallerIdentityResult>"))
      << r.body;
  EXPECT_EQ(XmlText(r.body, "Account"), "000000000000");
  EXPECT_EQ(XmlText(r.body, "Arn"), "arn:aws:iam::000000000000:root");
  EXPECT_FALSE(r.Header("x-amzn-RequestId").empty());
  EXPECT_EQ(XmlText(r.body, "RequestId"), r.Header("x-amzn-RequestId"));
  EXPECT_EQ(outcome.request_id, r.Header("x-amzn-RequestId"));
  EXPECT_TRUE(std::regex_match(outcome.request_id,
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << outcome.request_id;
}

TEST_F(DispatchTest, SignedRequestActsInTheAccountOfATwelveDigitKey) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, "123456789012", "x", "sts", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlText(r.body, "Account"), "123456789012");
}

TEST_F(DispatchTest, UnsignedRequestRoutesByVersion) {
  const Outcome outcome = dispatcher_.Handle(FormPost("Action=GetCallerIdentity&Version=2011-06-15"));
  EXPECT_EQ(outcome.service, "sts");
  EXPECT_EQ(outcome.response.status, 200);
}

TEST_F(DispatchTest, GetWithQueryStringWorks) {
  const Outcome outcome = dispatcher_.Handle(
      {.method = "GET",
       .target = "/?Action=GetCallerIdentity&Version=2011-06-15",
       .headers = {{"Host", "localhost"}},
       .body = ""});
  EXPECT_EQ(outcome.response.status, 200) << outcome.response.body;
  EXPECT_EQ(outcome.operation, "GetCallerIdentity");
  EXPECT_EQ(XmlText(outcome.response.body, "Account"), "000000000000");
}

TEST_F(DispatchTest, UnknownActionIsInvalidActionInAnErrorResponse) {
  const HttpResponse r =
      dispatcher_.Handle(FormPost("Action=FlyToTheMoon&Version=2011-06-15")).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.body.starts_with(
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
      "<Type>Sender</Type><Code>InvalidAction</Code>"))
      << r.body;
  EXPECT_EQ(XmlText(r.body, "Message"),
            "The action FlyToTheMoon is not valid for this web service.");
  EXPECT_EQ(XmlText(r.body, "RequestId"), r.Header("x-amzn-RequestId"));
}

TEST_F(DispatchTest, MissingActionOnAKnownServiceIsAnError) {
  HttpRequest request = FormPost("Version=2011-06-15");
  Sign(&request, kKey, kSecret, "sts", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "MissingAction");
}

TEST_F(DispatchTest, MissingTargetOnAKnownJsonServiceIsUnknownOperation) {
  HttpRequest request = JsonPost("", "{}");
  request.headers.erase(request.headers.begin() + 2);  // no X-Amz-Target at all
  Sign(&request, kKey, kSecret, "sso", clock_.NowMillis());
  const Outcome outcome = dispatcher_.Handle(request);
  EXPECT_EQ(outcome.service, "sso-admin");
  EXPECT_EQ(outcome.response.status, 400);
  EXPECT_EQ(outcome.response.Header("x-amzn-ErrorType"), "UnknownOperationException");
}

TEST_F(DispatchTest, ValidationErrorOverQueryUsesTheModelWording) {
  const HttpResponse r = dispatcher_
                             .Handle(FormPost("Action=AssumeRole&Version=2011-06-15&RoleArn="
                                              "arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr"
                                              "&RoleSessionName=a"))
                             .response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "ValidationError");
  EXPECT_EQ(XmlText(r.body, "Message"),
            "1 validation error detected: Value &apos;a&apos; at &apos;roleSessionName&apos; "
            "failed to satisfy constraint: Member must have length greater than or equal to 2");
}

TEST_F(DispatchTest, MalformedQueryNumberIsValidationError) {
  const HttpResponse r = dispatcher_
                             .Handle(FormPost("Action=GetSessionToken&Version=2011-06-15"
                                              "&DurationSeconds=soon"))
                             .response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "ValidationError");
}

TEST_F(DispatchTest, JsonUnknownOperationIsUnknownOperationException) {
  HttpRequest request = JsonPost("AmazonSSM.FlyToTheMoon", "{}");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_EQ(json::parse(r.body).at("__type"), "UnknownOperationException");
  EXPECT_EQ(r.Header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_FALSE(r.Header("x-amzn-RequestId").empty());
}

TEST_F(DispatchTest, JsonUnknownServiceNamesTheSigningService) {
  HttpRequest request = JsonPost("AmazonSQS.ListQueues", "{}");
  request.headers[1].value = "application/x-amz-json-1.0";
  Sign(&request, kKey, kSecret, "sqs", clock_.NowMillis());
  const Outcome outcome = dispatcher_.Handle(request);
  EXPECT_EQ(outcome.response.status, 400);
  EXPECT_EQ(outcome.response.Header("x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_EQ(json::parse(outcome.response.body).at("message"),
            "nimbus does not emulate the service 'sqs' (operation ListQueues)");
  EXPECT_EQ(outcome.service, "sqs");
}

TEST_F(DispatchTest, QueryUnknownServiceNamesIt) {
  HttpRequest request = FormPost("Action=DescribeInstances&Version=2016-11-15");
  Sign(&request, kKey, kSecret, "ec2", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "InvalidAction");
  EXPECT_EQ(XmlText(r.body, "Message"),
            "nimbus does not emulate the service &apos;ec2&apos; (operation DescribeInstances)");
}

TEST_F(DispatchTest, JsonErrorTypeHeaderEqualsBodyType) {
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name": 5})");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "SerializationException");
  EXPECT_EQ(json::parse(r.body).at("__type").as_string(), r.Header("x-amzn-ErrorType"));
}

TEST_F(DispatchTest, JsonValidationIsValidationException) {
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({})");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "ValidationException");
  EXPECT_EQ(json::parse(r.body),
            json::parse(R"({"__type":"ValidationException","Message":"1 validation error )"
                        R"(detected: Value null at 'name' failed to satisfy constraint: Member )"
                        R"(must not be null"})"));
}

struct NotImplementedCase {
  std::string service;
  std::string operation;
  std::string expected_message;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const NotImplementedCase& c, std::ostream* out) { *out << c.service << "." << c.operation; }

class NotImplementedTest : public DispatchTest,
                           public ::testing::WithParamInterface<NotImplementedCase> {};

// Operations of the model without a handler answer 501 naming service and operation.
TEST_P(NotImplementedTest, ModelOperationWithoutHandlerIs501) {
  const NotImplementedCase& c = GetParam();
  HttpRequest request;
  if (c.service == "cloudformation") {
    request = FormPost("Action=CreateStack&Version=2010-05-15&StackName=s");
    Sign(&request, kKey, kSecret, "cloudformation", clock_.NowMillis());
  } else if (c.service == "iam") {
    request = FormPost("Action=GetUser&Version=2010-05-08");
    Sign(&request, kKey, kSecret, "iam", clock_.NowMillis());
  } else if (c.service == "s3") {
    request = {.method = "GET", .target = "/", .headers = {{"Host", "localhost"}}, .body = ""};
  } else if (c.service == "sso-admin") {
    request = JsonPost("SWBExternalService.ListInstances", "{}");
    Sign(&request, kKey, kSecret, "sso", clock_.NowMillis());
  }
  const Outcome outcome = dispatcher_.Handle(request);
  EXPECT_EQ(outcome.service, c.service);
  EXPECT_EQ(outcome.operation, c.operation);
  EXPECT_EQ(outcome.response.status, 501) << outcome.response.body;
  const std::string& body = outcome.response.body;
  if (c.service == "sso-admin") {
    EXPECT_EQ(outcome.response.Header("x-amzn-ErrorType"), "NotImplemented");
    EXPECT_EQ(json::parse(body).at("message").as_string(), c.expected_message);
  } else {
    EXPECT_EQ(XmlText(body, "Code"), "NotImplemented") << body;
    EXPECT_EQ(XmlText(body, "Message"), c.expected_message) << body;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Services, NotImplementedTest,
    ::testing::Values(
        NotImplementedCase{"cloudformation", "CreateStack",
                           "nimbus does not implement CloudFormation.CreateStack yet"},
        NotImplementedCase{"iam", "GetUser", "nimbus does not implement IAM.GetUser yet"},
        NotImplementedCase{"s3", "ListBuckets", "nimbus does not implement S3.ListBuckets yet"},
        NotImplementedCase{"sso-admin", "ListInstances",
                           "nimbus does not implement SSO Admin.ListInstances yet"}),
    [](const auto& p) { return p.param.operation; });

TEST_F(DispatchTest, S3ErrorHasS3RequestIdHeaders) {
  const HttpResponse r =
      dispatcher_.Handle({.method = "GET", .target = "/", .headers = {{"Host", "localhost"}},
                          .body = ""})
          .response;
  EXPECT_EQ(r.status, 501);
  EXPECT_TRUE(std::regex_match(std::string(r.Header("x-amz-request-id")),
                               std::regex("[0-9A-F]{16}")))
      << r.Header("x-amz-request-id");
  EXPECT_EQ(XmlText(r.body, "RequestId"), r.Header("x-amz-request-id"));
  EXPECT_FALSE(r.Header("x-amz-id-2").empty());
}

TEST_F(DispatchTest, S3HeadErrorHasNoBody) {
  const HttpResponse r = dispatcher_
                             .Handle({.method = "HEAD", .target = "/b/k",
                                      .headers = {{"Host", "localhost"}}, .body = ""})
                             .response;
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.body, "");
}

TEST_F(DispatchTest, S3ValidationFailureIsInvalidArgument) {
  class PickyS3 final : public Service {
   public:
    PickyS3() {
      Register("GetObject", [](const RequestContext&, const json::object&) -> json::value {
        ValidationFailed("Invalid version id specified");
      });
    }
    std::string_view Name() const override { return "s3"; }
  };
  dispatcher_.AddService(std::make_unique<PickyS3>());
  const HttpResponse r = dispatcher_
                             .Handle({.method = "GET", .target = "/b/k?versionId=x",
                                      .headers = {{"Host", "localhost"}}, .body = ""})
                             .response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "InvalidArgument");
  EXPECT_EQ(XmlText(r.body, "Message"), "Invalid version id specified");
}

TEST_F(DispatchTest, UnknownS3MethodIsMethodNotAllowed) {
  const HttpResponse r = dispatcher_
                             .Handle({.method = "PATCH", .target = "/b/k",
                                      .headers = {{"Host", "localhost"}}, .body = ""})
                             .response;
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(XmlText(r.body, "Code"), "MethodNotAllowed");
}

TEST_F(DispatchTest, HandlerExceptionIsInternalFailure) {
  class Broken final : public Service {
   public:
    Broken() {
      Register("ListInstances", [](const RequestContext&, const json::object&) -> json::value {
        throw std::runtime_error("boom");
      });
    }
    std::string_view Name() const override { return "sso-admin"; }
  };
  dispatcher_.AddService(std::make_unique<Broken>());
  HttpRequest request = JsonPost("SWBExternalService.ListInstances", "{}");
  Sign(&request, kKey, kSecret, "sso", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "InternalFailure");
}

TEST_F(DispatchTest, ModelledErrorTakesStatusAndCodeFromTheModel) {
  class Failing final : public Service {
   public:
    Failing() {
      Register("GetUser", [](const RequestContext&, const json::object&) -> json::value {
        throw AwsError("NoSuchEntityException", "The user with name x cannot be found.");
      });
    }
    std::string_view Name() const override { return "iam"; }
  };
  dispatcher_.AddService(std::make_unique<Failing>());
  HttpRequest request = FormPost("Action=GetUser&Version=2010-05-08&UserName=x");
  Sign(&request, kKey, kSecret, "iam", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(XmlText(r.body, "Code"), "NoSuchEntity");
  EXPECT_EQ(XmlText(r.body, "Type"), "Sender");
}

// A provider that throws `code` from every operation of `service`.
class Throwing final : public Service {
 public:
  Throwing(std::string service, std::string operation, std::string code)
      : service_(std::move(service)) {
    Register(std::move(operation),
             [code = std::move(code)](const RequestContext&, const json::object&) -> json::value {
               throw AwsError(code, "it failed");
             });
  }
  std::string_view Name() const override { return service_; }

 private:
  std::string service_;
};

TEST_F(DispatchTest, QueryServerFaultIsReceiverWithTheModelStatus) {
  dispatcher_.AddService(std::make_unique<Throwing>("iam", "GetUser", "ServiceFailureException"));
  HttpRequest request = FormPost("Action=GetUser&Version=2010-05-08");
  Sign(&request, kKey, kSecret, "iam", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(XmlText(r.body, "Code"), "ServiceFailure");
  EXPECT_EQ(XmlText(r.body, "Type"), "Receiver");
  EXPECT_EQ(XmlText(r.body, "Message"), "it failed");
}

TEST_F(DispatchTest, JsonModelledErrorIsShapeNameWith400) {
  dispatcher_.AddService(std::make_unique<Throwing>("ssm", "GetParameter", "ParameterNotFound"));
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name":"/x"})");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "ParameterNotFound");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"__type":"ParameterNotFound","message":"it failed"})"));
}

TEST_F(DispatchTest, JsonFaultShapeIs500) {
  dispatcher_.AddService(std::make_unique<Throwing>("ssm", "GetParameter", "InternalServerError"));
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name":"/x"})");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "InternalServerError");
}

TEST_F(DispatchTest, CommonErrorTakesItsStatusFromTheTable) {
  dispatcher_.AddService(std::make_unique<Throwing>("ssm", "GetParameter", "ExpiredTokenException"));
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name":"/x"})");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  EXPECT_EQ(dispatcher_.Handle(request).response.status, 403);
}

TEST_F(DispatchTest, ProviderValidationFailedUsesTheProtocolCode) {
  class Picky final : public Service {
   public:
    Picky() {
      Register("GetParameter", [](const RequestContext&, const json::object&) -> json::value {
        ValidationFailed("Parameter name: can't be prefixed with \"aws\"");
      });
    }
    std::string_view Name() const override { return "ssm"; }
  };
  dispatcher_.AddService(std::make_unique<Picky>());
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name":"aws-x"})");
  Sign(&request, kKey, kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "ValidationException");
}

TEST_F(DispatchTest, SecondProviderOfAServiceAnswersItsOperations) {
  dispatcher_.AddService(std::make_unique<Throwing>("sts", "GetSessionToken", "RegionDisabledException"));
  // sts's own provider still answers GetCallerIdentity; the second one only GetSessionToken,
  // which the first provider also has: the first registered wins.
  EXPECT_EQ(dispatcher_.Handle(FormPost("Action=GetCallerIdentity&Version=2011-06-15"))
                .response.status,
            200);
  EXPECT_EQ(dispatcher_.Handle(FormPost("Action=GetSessionToken&Version=2011-06-15"))
                .response.status,
            200);
}

TEST_F(DispatchTest, ResetHookRunsOnPost) {
  int resets = 0;
  dispatcher_.SetResetHook([&resets] { ++resets; });
  for (const char* path : {"/_nimbus/reset", "/moto-api/reset"}) {
    const Outcome outcome =
        dispatcher_.Handle({.method = "POST", .target = path, .headers = {}, .body = ""});
    EXPECT_EQ(outcome.response.status, 200) << path;
    EXPECT_EQ(json::parse(outcome.response.body), json::parse(R"({"reset":true})"));
  }
  EXPECT_EQ(resets, 2);
  const Outcome get =
      dispatcher_.Handle({.method = "GET", .target = "/_nimbus/reset", .headers = {}, .body = ""});
  EXPECT_EQ(get.response.status, 405);
  EXPECT_EQ(resets, 2);
}

TEST_F(DispatchTest, HealthListsEveryService) {
  for (const char* path : {"/_nimbus/health", "/_localstack/health"}) {
    const Outcome outcome =
        dispatcher_.Handle({.method = "GET", .target = path, .headers = {}, .body = ""});
    ASSERT_EQ(outcome.response.status, 200);
    EXPECT_EQ(outcome.response.Header("Content-Type"), "application/json");
    const json::object health = json::parse(outcome.response.body).as_object();
    EXPECT_EQ(health.at("version"), NIMBUS_VERSION);
    const json::object& services = health.at("services").as_object();
    EXPECT_EQ(services.size(), model::ModelRegistry::Services().size());
    for (const model::ServiceInfo& info : model::ModelRegistry::Services()) {
      ASSERT_TRUE(services.contains(info.name)) << info.name;
    }
    EXPECT_EQ(services.at("sts"), "running");
    EXPECT_EQ(services.at("cloudformation"), "disabled");
  }
}

// --sigv4 verify with keys from a credentials file.
class VerifyTest : public DispatchTest {
 protected:
  VerifyTest() : DispatchTest({.verify_signatures = true}) {
    dispatcher_.AddKeyDirectory(&keys_);
  }

  auth::StaticKeys keys_ = auth::StaticKeys::Parse(
      "[ci]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
      "account_id = 123456789012\n",
      "000000000000");
};

TEST_F(VerifyTest, RightSecretIsAccepted) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, kKey, kSecret, "sts", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlText(r.body, "Account"), "123456789012");
}

TEST_F(VerifyTest, UnknownKeyIsInvalidClientTokenIdOverQuery) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, "AKIANOTKNOWN0000000X", kSecret, "sts", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "InvalidClientTokenId");
  EXPECT_EQ(XmlText(r.body, "Message"), "The security token included in the request is invalid.");
}

TEST_F(VerifyTest, UnknownKeyIsUnrecognizedClientExceptionOverJson) {
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name":"p"})");
  Sign(&request, "AKIANOTKNOWN0000000X", kSecret, "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "UnrecognizedClientException");
  EXPECT_EQ(json::parse(r.body).at("__type"), "UnrecognizedClientException");
}

TEST_F(VerifyTest, WrongSecretIsSignatureDoesNotMatch) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, kKey, "not-the-secret", "sts", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "SignatureDoesNotMatch");
}

TEST_F(VerifyTest, WrongSecretOverJsonIsInvalidSignatureException) {
  HttpRequest request = JsonPost("AmazonSSM.GetParameter", R"({"Name":"p"})");
  Sign(&request, kKey, "not-the-secret", "ssm", clock_.NowMillis());
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "InvalidSignatureException");
}

TEST_F(VerifyTest, TamperedBodyIsSignatureDoesNotMatch) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, kKey, kSecret, "sts", clock_.NowMillis());
  request.body += "&Extra=1";
  EXPECT_EQ(XmlText(dispatcher_.Handle(request).response.body, "Code"), "SignatureDoesNotMatch");
}

TEST_F(VerifyTest, UnsignedRequestIsMissingAuthenticationToken) {
  const HttpResponse r =
      dispatcher_.Handle(FormPost("Action=GetCallerIdentity&Version=2011-06-15")).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "MissingAuthenticationToken");
}

TEST_F(VerifyTest, SkewedClockOverQueryIsRequestExpired) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, kKey, kSecret, "sts", clock_.NowMillis() - 16 * 60 * 1000);
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "RequestExpired");
}

TEST_F(VerifyTest, SkewedClockOverS3IsRequestTimeTooSkewed) {
  HttpRequest request{.method = "GET",
                      .target = "/",
                      .headers = {{"Host", "localhost"},
                                  {"Content-Type", "application/xml"},
                                  {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}},
                      .body = ""};
  Sign(&request, kKey, kSecret, "s3", clock_.NowMillis() + 16 * 60 * 1000);
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "RequestTimeTooSkewed");
}

TEST_F(VerifyTest, StsIssuedKeysVerifyWithTheirSecret) {
  AddIamWithRoleR();
  HttpRequest assume = FormPost(
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr"
      "&RoleSessionName=s1");
  Sign(&assume, kKey, kSecret, "sts", clock_.NowMillis());
  const HttpResponse issued = dispatcher_.Handle(assume).response;
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string key = XmlText(issued.body, "AccessKeyId");
  const std::string secret = XmlText(issued.body, "SecretAccessKey");
  ASSERT_EQ(key.size(), 20u);
  const std::string token = XmlText(issued.body, "SessionToken");
  HttpRequest who = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&who, key, secret, "sts", clock_.NowMillis(), "us-east-1", token);
  const HttpResponse r = dispatcher_.Handle(who).response;
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlText(r.body, "Account"), "111122223333");

  HttpRequest without_token = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&without_token, key, secret, "sts", clock_.NowMillis());
  const HttpResponse refused = dispatcher_.Handle(without_token).response;
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(XmlText(refused.body, "Code"), "InvalidClientTokenId");

  HttpRequest wrong_token = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&wrong_token, key, secret, "sts", clock_.NowMillis(), "us-east-1", token + "x");
  EXPECT_EQ(XmlText(dispatcher_.Handle(wrong_token).response.body, "Code"),
            "InvalidClientTokenId");
}

TEST_F(VerifyTest, ExpiredStsKeyIsExpiredToken) {
  AddIamWithRoleR();
  HttpRequest assume = FormPost(
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr"
      "&RoleSessionName=s1&DurationSeconds=900");
  Sign(&assume, kKey, kSecret, "sts", clock_.NowMillis());
  const HttpResponse issued = dispatcher_.Handle(assume).response;
  ASSERT_EQ(issued.status, 200) << issued.body;
  clock_.Advance(901 * 1000);
  HttpRequest who = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&who, XmlText(issued.body, "AccessKeyId"), XmlText(issued.body, "SecretAccessKey"), "sts",
       clock_.NowMillis(), "us-east-1", XmlText(issued.body, "SessionToken"));
  const HttpResponse r = dispatcher_.Handle(who).response;
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(XmlText(r.body, "Code"), "ExpiredToken");
  EXPECT_EQ(XmlText(r.body, "Message"), "The security token included in the request is expired");
}

TEST_F(DispatchTest, CallerOfARequestSignedForChinaIsInTheAwsCnPartition) {
  HttpRequest request = FormPost("Action=GetCallerIdentity&Version=2011-06-15");
  Sign(&request, "123456789012", "x", "sts", clock_.NowMillis(), "cn-north-1");
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlText(r.body, "Arn"), "arn:aws-cn:iam::123456789012:root");
}

TEST_F(DispatchTest, GlobalServiceActsInTheImplicitGlobalRegionOfThePartition) {
  class Echo final : public Service {
   public:
    explicit Echo(std::string* region) {
      Register("ListRoots", [region](const RequestContext& ctx, const json::object&) {
        *region = ctx.scope.region;
        return json::value(json::object{});
      });
    }
    std::string_view Name() const override { return "organizations"; }
  };
  std::string region;
  dispatcher_.AddService(std::make_unique<Echo>(&region));
  HttpRequest request = JsonPost("AWSOrganizationsV20161128.ListRoots", "{}");
  Sign(&request, kKey, kSecret, "organizations", clock_.NowMillis(), "cn-north-1");
  const HttpResponse r = dispatcher_.Handle(request).response;
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(region, "cn-northwest-1");
}

}  // namespace
}  // namespace nimbus::core
