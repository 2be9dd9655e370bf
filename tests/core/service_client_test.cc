// core::ServiceClient: an in-process call runs what an HTTP request runs after decoding.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "core/aws_error.h"
#include "core/service.h"
#include "testing/runtime.h"

namespace nimbus::core {
namespace {

namespace json = boost::json;
using test::ErrorOf;

// An STS stand-in whose answers break the model, to show what self-check catches.
class MisbehavingSts final : public Service {
 public:
  MisbehavingSts() {
    Register("GetSessionToken", &MisbehavingSts::GetSessionToken);
    Register("GetAccessKeyInfo", &MisbehavingSts::GetAccessKeyInfo);
  }
  std::string_view Name() const override { return "sts"; }

  json::value GetSessionToken(const RequestContext&, const json::object&) {
    return json::object{{"Credentialz", json::object()}};
  }
  json::value GetAccessKeyInfo(const RequestContext&, const json::object&) {
    throw AwsError("NoSuchEntity", "not an STS error");
  }
};

class ServiceClientTest : public ::testing::Test {
 protected:
  test::Runtime rt_;
  RequestContext ctx_ = test::Context("123456789012", "eu-west-1");
};

TEST_F(ServiceClientTest, CallRunsTheHandlerAsTheCallerInItsRegion) {
  const json::value out = rt_.Call(ctx_, "sts", "GetCallerIdentity");
  EXPECT_EQ(out.at("Account"), "123456789012");
  const json::value key = rt_.Call(ctx_, "kms", "CreateKey", {{"Description", "d"}});
  EXPECT_EQ(std::string(key.at("KeyMetadata").at("Arn").as_string()).substr(0, 34),
            "arn:aws:kms:eu-west-1:123456789012");
}

TEST_F(ServiceClientTest, CallValidatesTheInputWithTheModelsWording) {
  const AwsError error = ErrorOf([&] { rt_.Call(ctx_, "ssm", "GetParameter", {}); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_STREQ(error.what(),
               "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
               "Member must not be null");
  EXPECT_EQ(error.status(), 400);
}

TEST_F(ServiceClientTest, CallThrowsTheProvidersError) {
  const AwsError error =
      ErrorOf([&] { rt_.Call(ctx_, "ssm", "GetParameter", {{"Name", "/missing"}}); });
  EXPECT_EQ(error.code(), "ParameterNotFound");
}

TEST_F(ServiceClientTest, AProvidersValidationFailureIsTheServicesValidationError) {
  // STS (AWS Query) answers ValidationError where JSON services answer ValidationException.
  const AwsError error = ErrorOf([&] {
    rt_.Call(ctx_, "sts", "AssumeRole",
             {{"RoleArn", "not-an-arn-at-all"}, {"RoleSessionName", "s"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
}

TEST_F(ServiceClientTest, UnknownOperationIsRefused) {
  EXPECT_EQ(ErrorOf([&] { rt_.Call(ctx_, "kms", "MakeCoffee"); }).code(),
            "UnknownOperationException");
  EXPECT_EQ(ErrorOf([&] { rt_.Call(ctx_, "sts", "MakeCoffee"); }).code(), "InvalidAction");
}

TEST_F(ServiceClientTest, ModelledOperationWithoutHandlerIsNotImplemented) {
  const AwsError error =
      ErrorOf([&] { rt_.Call(ctx_, "cloudformation", "ListGeneratedTemplates"); });
  EXPECT_EQ(error.code(), "NotImplemented");
  EXPECT_EQ(error.status(), 501);
}

class SelfCheckTest : public ServiceClientTest {
 protected:
  SelfCheckTest() {
    dispatcher_.AddService(std::make_unique<MisbehavingSts>());
  }
  Dispatcher dispatcher_{{.self_check = true}, rt_.models, rt_.clock, rt_.ids};
  const ServiceClient& client_ = dispatcher_;
};

TEST_F(SelfCheckTest, AnOutputMemberTheShapeDoesNotHaveFailsTheCall) {
  const AwsError error = ErrorOf([&] { client_.Call(ctx_, "sts", "GetSessionToken", {}); });
  EXPECT_EQ(error.code(), "InternalFailure");
  EXPECT_STREQ(error.what(),
               "nimbus self-check: sts.GetSessionToken answered member 'Credentialz' at output "
               "is not in GetSessionTokenResponse");
}

TEST_F(SelfCheckTest, AnErrorCodeTheOperationDoesNotListFailsTheCall) {
  const AwsError error = ErrorOf(
      [&] { client_.Call(ctx_, "sts", "GetAccessKeyInfo", {{"AccessKeyId", "AKIDEXAMPLE12345"}}); });
  EXPECT_EQ(error.code(), "InternalFailure");
  EXPECT_STREQ(error.what(),
               "nimbus self-check: sts.GetAccessKeyInfo threw NoSuchEntity, which the operation "
               "does not list (not an STS error)");
}

TEST_F(SelfCheckTest, WithoutSelfCheckTheAnswerPassesThrough) {
  Dispatcher lenient({}, rt_.models, rt_.clock, rt_.ids);
  lenient.AddService(std::make_unique<MisbehavingSts>());
  const ServiceClient& client = lenient;
  EXPECT_EQ(ErrorOf([&] { client.Call(ctx_, "sts", "GetSessionToken", {}); }).code(), "");
  EXPECT_EQ(ErrorOf([&] {
              client.Call(ctx_, "sts", "GetAccessKeyInfo", {{"AccessKeyId", "AKIDEXAMPLE12345"}});
            }).code(),
            "NoSuchEntity");
}

}  // namespace
}  // namespace nimbus::core
