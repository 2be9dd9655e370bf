// Request -> (service, operation) before any decoding (PROTOCOLS.md section 8).
#include "core/routing/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/auth/sigv4.h"

namespace nimbus::core::routing {
namespace {

auth::SignatureInfo Scope(std::string service) {
  auth::SignatureInfo info;
  info.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  info.region = "us-east-1";
  info.service = std::move(service);
  return info;
}

Route RouteOf(const HttpRequest& request, const auth::SignatureInfo* signature) {
  protocol::QueryParams params;
  EXPECT_TRUE(protocol::ParseQueryString(request.RawQuery(), &params));
  if (IsFormRequest(request) && request.method == "POST") {
    EXPECT_TRUE(protocol::ParseQueryString(request.body, &params));
  }
  return RouteRequest(request, signature, params);
}

HttpRequest Json(std::string target, std::string content_type = "application/x-amz-json-1.1") {
  return {.method = "POST",
          .target = "/",
          .headers = {{"X-Amz-Target", std::move(target)}, {"Content-Type", content_type}},
          .body = "{}"};
}

HttpRequest Form(std::string body) {
  return {.method = "POST",
          .target = "/",
          .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
          .body = std::move(body)};
}

TEST(RouterTest, JsonTargetPrefixPicksTheService) {
  const auth::SignatureInfo sso = Scope("sso");
  const Route route = RouteOf(Json("SWBExternalService.CreateInstance"), &sso);
  EXPECT_EQ(route.wire, Wire::kJson);
  ASSERT_NE(route.service, nullptr);
  EXPECT_EQ(route.service->name, "sso-admin");
  EXPECT_EQ(route.operation, "CreateInstance");
  EXPECT_EQ(route.json_version, "1.1");
}

TEST(RouterTest, JsonVersionComesFromContentType) {
  EXPECT_EQ(RouteOf(Json("TrentService.ListKeys", "application/x-amz-json-1.0"), nullptr)
                .json_version,
            "1.0");
}

TEST(RouterTest, EveryJsonServiceByTargetPrefix) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"AmazonSSM.GetParameter", "ssm"},
      {"TrentService.CreateKey", "kms"},
      {"AWSOrganizationsV20161128.DescribeOrganization", "organizations"},
      {"AWSIdentityStore.ListUsers", "identitystore"},
      {"SWBExternalService.ListInstances", "sso-admin"}};
  for (const auto& [target, service] : cases) {
    const Route route = RouteOf(Json(target), nullptr);
    ASSERT_NE(route.service, nullptr) << target;
    EXPECT_EQ(route.service->name, service) << target;
  }
}

TEST(RouterTest, UnknownTargetPrefixIsNoServiceNamedByItsScope) {
  const auth::SignatureInfo sqs = Scope("sqs");
  const Route signed_route = RouteOf(Json("AmazonSQS.ListQueues"), &sqs);
  EXPECT_EQ(signed_route.service, nullptr);
  EXPECT_EQ(signed_route.requested_service, "sqs");
  EXPECT_EQ(signed_route.operation, "ListQueues");
  const Route unsigned_route = RouteOf(Json("AmazonSQS.ListQueues"), nullptr);
  EXPECT_EQ(unsigned_route.service, nullptr);
  EXPECT_EQ(unsigned_route.requested_service, "AmazonSQS");
}

TEST(RouterTest, QueryActionWithScope) {
  const auth::SignatureInfo cfn = Scope("cloudformation");
  const Route route = RouteOf(Form("Action=CreateStack&Version=2010-05-15&StackName=s"), &cfn);
  EXPECT_EQ(route.wire, Wire::kQuery);
  ASSERT_NE(route.service, nullptr);
  EXPECT_EQ(route.service->name, "cloudformation");
  EXPECT_EQ(route.operation, "CreateStack");
}

TEST(RouterTest, QueryScopeWinsOverVersion) {
  const auth::SignatureInfo iam = Scope("iam");
  const Route route = RouteOf(Form("Action=GetUser&Version=2011-06-15"), &iam);
  ASSERT_NE(route.service, nullptr);
  EXPECT_EQ(route.service->name, "iam");
}

TEST(RouterTest, UnsignedQueryRoutesByVersion) {
  for (const auto& [version, service] : std::vector<std::pair<std::string, std::string>>{
           {"2011-06-15", "sts"}, {"2010-05-08", "iam"}, {"2010-05-15", "cloudformation"}}) {
    const Route route = RouteOf(Form("Action=X&Version=" + version), nullptr);
    ASSERT_NE(route.service, nullptr) << version;
    EXPECT_EQ(route.service->name, service);
  }
}

TEST(RouterTest, UnsignedQueryWithUnknownVersionIsNoService) {
  const Route route = RouteOf(Form("Action=DescribeInstances&Version=2016-11-15"), nullptr);
  EXPECT_EQ(route.wire, Wire::kQuery);
  EXPECT_EQ(route.service, nullptr);
  EXPECT_EQ(route.requested_service, "Version=2016-11-15");
}

TEST(RouterTest, QueryStringGetIsAQueryRequest) {
  const HttpRequest request{.method = "GET",
                            .target = "/?Action=GetCallerIdentity&Version=2011-06-15",
                            .headers = {},
                            .body = ""};
  EXPECT_TRUE(IsFormRequest(request));
  const Route route = RouteOf(request, nullptr);
  EXPECT_EQ(route.wire, Wire::kQuery);
  ASSERT_NE(route.service, nullptr);
  EXPECT_EQ(route.service->name, "sts");
}

TEST(RouterTest, SignedForAKnownServiceWithoutActionOrTargetIsThatService) {
  const auth::SignatureInfo sts = Scope("sts");
  const Route query = RouteOf(Form("Version=2011-06-15"), &sts);
  EXPECT_EQ(query.wire, Wire::kQuery);
  ASSERT_NE(query.service, nullptr);
  EXPECT_EQ(query.service->name, "sts");
  EXPECT_EQ(query.operation, "");
  const auth::SignatureInfo sso = Scope("sso");
  const Route json = RouteOf({.method = "POST", .target = "/", .headers = {}, .body = "{}"}, &sso);
  EXPECT_EQ(json.wire, Wire::kJson);
  ASSERT_NE(json.service, nullptr);
  EXPECT_EQ(json.service->name, "sso-admin");
}

TEST(RouterTest, SignedForAnUnknownNonS3ServiceIsNotS3) {
  const auth::SignatureInfo lambda = Scope("lambda");
  const Route route = RouteOf({.method = "GET", .target = "/2015-03-31/functions/",
                               .headers = {}, .body = ""},
                              &lambda);
  EXPECT_EQ(route.service, nullptr);
  EXPECT_EQ(route.requested_service, "lambda");
}

struct HostCase {
  std::string host;
  std::string target;
  std::string rest_path;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const HostCase& c, std::ostream* out) { *out << c.host; }

class S3HostTest : public ::testing::TestWithParam<HostCase> {};

TEST_P(S3HostTest, VirtualHostBucketGoesFirstInThePath) {
  const auth::SignatureInfo s3 = Scope("s3");
  const HostCase& c = GetParam();
  const Route route = RouteOf(
      {.method = "GET", .target = c.target, .headers = {{"Host", c.host}}, .body = ""}, &s3);
  EXPECT_EQ(route.wire, Wire::kRestXml);
  ASSERT_NE(route.service, nullptr);
  EXPECT_EQ(route.service->name, "s3");
  EXPECT_EQ(route.rest_path, c.rest_path) << c.host;
}

INSTANTIATE_TEST_SUITE_P(
    Hosts, S3HostTest,
    ::testing::Values(HostCase{"127.0.0.1:4566", "/b/k", "/b/k"},
                      HostCase{"localhost:4566", "/b/k?tagging", "/b/k"},
                      HostCase{"[::1]:4566", "/b/k", "/b/k"},
                      HostCase{"nimbus:4566", "/b/k", "/b/k"},
                      HostCase{"demo-bucket.localhost:4566", "/dir/k", "/demo-bucket/dir/k"},
                      HostCase{"demo-bucket.localhost:4566", "/", "/demo-bucket"},
                      HostCase{"demo-bucket.s3.amazonaws.com", "/k", "/demo-bucket/k"},
                      HostCase{"demo-bucket.s3.eu-west-1.amazonaws.com", "/k", "/demo-bucket/k"},
                      HostCase{"s3.amazonaws.com", "/b/k", "/b/k"},
                      HostCase{"s3.eu-west-1.amazonaws.com", "/b/k", "/b/k"},
                      HostCase{"demo-bucket.s3.localhost.localstack.cloud:4566", "/k",
                               "/demo-bucket/k"},
                      HostCase{"s3.localhost.localstack.cloud:4566", "/b/k", "/b/k"},
                      HostCase{"localhost.localstack.cloud:4566", "/b/k", "/b/k"}));

TEST(RouterTest, UnsignedRequestWithoutTargetOrActionIsS3) {
  const Route route = RouteOf({.method = "PUT", .target = "/b", .headers = {}, .body = ""}, nullptr);
  EXPECT_EQ(route.wire, Wire::kRestXml);
  ASSERT_NE(route.service, nullptr);
  EXPECT_EQ(route.service->name, "s3");
}

TEST(RouterTest, S3PathWithActionLikeQueryIsStillS3) {
  // Only "/" carries AWS Query requests.
  const Route route =
      RouteOf({.method = "GET", .target = "/b?Action=x", .headers = {}, .body = ""}, nullptr);
  EXPECT_EQ(route.wire, Wire::kRestXml);
}

}  // namespace
}  // namespace nimbus::core::routing
