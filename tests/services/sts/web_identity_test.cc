#include <string>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/text.h"
#include "services/sts/web_identity_token.h"
#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sts {
namespace {

constexpr std::string_view kAccount = "111122223333";
constexpr std::string_view kIssuer = "https://token.example.com";
constexpr std::string_view kProviderArn =
    "arn:aws:iam::111122223333:oidc-provider/token.example.com";

std::string Base64Url(std::string_view bytes) {
  std::string text = core::Base64Encode(bytes);
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

// An unsigned-looking JWT: the signature part is not checked by nimbus.
std::string Jwt(const boost::json::object& claims) {
  return Base64Url(R"({"alg":"RS256","typ":"JWT"})") + "." +
         Base64Url(boost::json::serialize(claims)) + "." + Base64Url("signature");
}

TEST(WebIdentityTokenTest, ClaimsOfAWellFormedJwtAreRead) {
  const std::optional<WebIdentityToken> token =
      ParseWebIdentityToken(Jwt({{"iss", kIssuer}, {"aud", "app"}, {"sub", "alice"}, {"exp", 5}}));
  ASSERT_TRUE(token);
  EXPECT_EQ(token->issuer, kIssuer);
  EXPECT_EQ(token->audiences, std::vector<std::string>{"app"});
  EXPECT_EQ(token->subject, "alice");
  EXPECT_EQ(token->expires, 5.0);
}

TEST(WebIdentityTokenTest, AudienceMayBeAList) {
  const std::optional<WebIdentityToken> token =
      ParseWebIdentityToken(Jwt({{"iss", kIssuer}, {"aud", boost::json::array{"a", "b"}}}));
  ASSERT_TRUE(token);
  EXPECT_EQ(token->audiences, (std::vector<std::string>{"a", "b"}));
}

TEST(WebIdentityTokenTest, TwoPartsAreNoJwt) {
  EXPECT_FALSE(ParseWebIdentityToken(Base64Url("{}") + "." + Base64Url(R"({"iss":"x"})")));
}

TEST(WebIdentityTokenTest, PayloadThatIsNotJsonIsNoJwt) {
  EXPECT_FALSE(ParseWebIdentityToken(Base64Url("{}") + "." + Base64Url("iss") + ".c2ln"));
}

TEST(WebIdentityTokenTest, ProviderNameIsTheIssuerWithoutScheme) {
  EXPECT_EQ(OidcProviderName("https://token.example.com/path/"), "token.example.com/path");
}

class WebIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_.Call(test::Context(kAccount), "iam", "CreateOpenIDConnectProvider",
             {{"Url", kIssuer}, {"ClientIDList", boost::json::array{"app"}}});
    CreateRole("web", R"({"Statement":{"Effect":"Allow","Principal":{"Federated":")" +
                          std::string(kProviderArn) +
                          R"("},"Action":"sts:AssumeRoleWithWebIdentity","Condition":)"
                          R"({"StringEquals":{"token.example.com:sub":"alice"}}}})");
  }

  void CreateRole(std::string_view name, const std::string& trust) {
    rt_.Call(test::Context(kAccount), "iam", "CreateRole",
             {{"RoleName", name}, {"AssumeRolePolicyDocument", trust}});
  }

  boost::json::value Assume(const std::string& token, std::string_view role = "web") {
    return rt_.Call(test::Context("999999999999"), "sts", "AssumeRoleWithWebIdentity",
                    {{"RoleArn", "arn:aws:iam::111122223333:role/" + std::string(role)},
                     {"RoleSessionName", "s1"},
                     {"WebIdentityToken", token}});
  }

  // A token of the provider for `sub`, valid for an hour from the runtime's clock.
  std::string TokenFor(std::string_view sub, std::string_view aud = "app") {
    return Jwt({{"iss", kIssuer},
                {"aud", aud},
                {"sub", sub},
                {"exp", rt_.clock.NowMillis() / 1000 + 3600}});
  }

  test::Runtime rt_;
};

TEST_F(WebIdentityTest, TrustedSubjectGetsARoleSession) {
  const boost::json::value out = Assume(TokenFor("alice"));
  EXPECT_EQ(out.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws:sts::111122223333:assumed-role/web/s1");
}

TEST_F(WebIdentityTest, AnswerNamesSubjectAudienceAndProvider) {
  const boost::json::value out = Assume(TokenFor("alice"));
  EXPECT_EQ(out.at("SubjectFromWebIdentityToken").as_string(), "alice");
  EXPECT_EQ(out.at("Audience").as_string(), "app");
  EXPECT_EQ(out.at("Provider").as_string(), kProviderArn);
}

TEST_F(WebIdentityTest, MalformedTokenIsInvalidIdentityToken) {
  EXPECT_EQ(test::ErrorOf([&] { Assume("not-a-jwt"); }).code(), "InvalidIdentityToken");
}

TEST_F(WebIdentityTest, IssuerWithoutProviderIsInvalidIdentityTokenNamingTheIssuer) {
  const core::AwsError error = test::ErrorOf([&] {
    Assume(Jwt({{"iss", "https://other.example.com"}, {"aud", "app"}, {"sub", "alice"}}));
  });
  EXPECT_EQ(error.code(), "InvalidIdentityToken");
  EXPECT_EQ(std::string(error.what()),
            "No OpenIDConnect provider found in your account for https://other.example.com");
}

TEST_F(WebIdentityTest, AudienceNotAmongClientIdsIsInvalidIdentityToken) {
  const core::AwsError error = test::ErrorOf([&] { Assume(TokenFor("alice", "other")); });
  EXPECT_EQ(error.code(), "InvalidIdentityToken");
  EXPECT_EQ(std::string(error.what()), "Incorrect token audience");
}

TEST_F(WebIdentityTest, ExpiredTokenIsExpiredTokenException) {
  const std::string token = Jwt({{"iss", kIssuer},
                                 {"aud", "app"},
                                 {"sub", "alice"},
                                 {"exp", rt_.clock.NowMillis() / 1000 - 1}});
  EXPECT_EQ(test::ErrorOf([&] { Assume(token); }).code(), "ExpiredTokenException");
}

TEST_F(WebIdentityTest, SubjectTheConditionDoesNotAllowIsAccessDenied) {
  const core::AwsError error = test::ErrorOf([&] { Assume(TokenFor("mallory")); });
  EXPECT_EQ(error.code(), "AccessDenied");
  EXPECT_EQ(std::string(error.what()), "Not authorized to perform sts:AssumeRoleWithWebIdentity");
}

TEST_F(WebIdentityTest, RoleTrustingOnlyAccountsIsAccessDenied) {
  CreateRole(
      "aws-only",
      R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}})");
  EXPECT_EQ(test::ErrorOf([&] { Assume(TokenFor("alice"), "aws-only"); }).code(), "AccessDenied");
}

TEST_F(WebIdentityTest, StringLikeConditionOnTheSubjectIsEvaluated) {
  CreateRole("like", R"({"Statement":{"Effect":"Allow","Principal":{"Federated":")" +
                         std::string(kProviderArn) +
                         R"("},"Action":"sts:AssumeRoleWithWebIdentity","Condition":)"
                         R"({"StringLike":{"token.example.com:sub":"repo:org/*"}}}})");
  EXPECT_EQ(Assume(TokenFor("repo:org/app"), "like").at("SubjectFromWebIdentityToken"),
            "repo:org/app");
}

}  // namespace
}  // namespace nimbus::sts
