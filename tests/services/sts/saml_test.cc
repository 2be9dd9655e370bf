#include <string>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/text.h"
#include "services/sts/saml_assertion.h"
#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sts {
namespace {

constexpr std::string_view kAccount = "111122223333";
constexpr std::string_view kRoleArn = "arn:aws:iam::111122223333:role/saml";
constexpr std::string_view kProviderArn = "arn:aws:iam::111122223333:saml-provider/corp";

// A SAML response as an IdP posts it to AWS, base64 as the SAMLAssertion parameter.
std::string Assertion(std::string_view roles, std::string_view expires,
                      std::string_view session = "alice") {
  const std::string xml =
      R"(<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" )"
      R"(xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Issuer>https://idp.example.com)"
      R"(</saml:Issuer><saml:Assertion><saml:Issuer>https://idp.example.com</saml:Issuer>)"
      R"(<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">)"
      R"(alice@example.com</saml:NameID><saml:SubjectConfirmation><saml:SubjectConfirmationData )"
      R"(Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject>)"
      R"(<saml:Conditions NotOnOrAfter=")" +
      std::string(expires) +
      R"("><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml)"
      R"(</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement>)"
      R"(<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>)" +
      std::string(roles) +
      R"(</saml:AttributeValue></saml:Attribute><saml:Attribute )"
      R"(Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>)" +
      std::string(session) +
      R"(</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>)"
      R"(</samlp:Response>)";
  return core::Base64Encode(xml);
}

std::string Metadata() {
  return R"(<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" )"
         R"(entityID="https://idp.example.com"><md:IDPSSODescriptor )"
         R"(protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>)"
         R"(</md:EntityDescriptor><!--)" +
         std::string(1000, 'x') + "-->";
}

TEST(SamlAssertionTest, IssuerSubjectAndRolesAreRead) {
  const std::optional<SamlAssertion> assertion =
      ParseSamlAssertion(Assertion("a,b", "2030-01-01T00:00:00Z"));
  ASSERT_TRUE(assertion);
  EXPECT_EQ(assertion->issuer, "https://idp.example.com");
  EXPECT_EQ(assertion->subject, "alice@example.com");
  EXPECT_EQ(assertion->roles, std::vector<std::string>{"a,b"});
  EXPECT_EQ(assertion->session_name, "alice");
}

TEST(SamlAssertionTest, TextThatIsNotBase64XmlIsNoAssertion) {
  EXPECT_FALSE(ParseSamlAssertion(core::Base64Encode("<unclosed>")));
}

TEST(SamlAssertionTest, SubjectTypeDropsTheSaml2FormatPrefix) {
  EXPECT_EQ(SubjectType("urn:oasis:names:tc:SAML:2.0:nameid-format:transient"), "transient");
}

class AssumeRoleWithSamlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_.Call(test::Context(kAccount), "iam", "CreateSAMLProvider",
             {{"Name", "corp"}, {"SAMLMetadataDocument", Metadata()}});
    rt_.Call(test::Context(kAccount), "iam", "CreateRole",
             {{"RoleName", "saml"},
              {"AssumeRolePolicyDocument",
               R"({"Statement":{"Effect":"Allow","Principal":{"Federated":")" +
                   std::string(kProviderArn) +
                   R"("},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":)"
                   R"({"SAML:aud":"https://signin.aws.amazon.com/saml"}}}})"}});
  }

  boost::json::value Assume(const std::string& assertion,
                            std::string_view principal = kProviderArn) {
    return rt_.Call(
        test::Context("999999999999"), "sts", "AssumeRoleWithSAML",
        {{"RoleArn", kRoleArn}, {"PrincipalArn", principal}, {"SAMLAssertion", assertion}});
  }

  std::string Valid() {
    return Assertion(std::string(kRoleArn) + "," + std::string(kProviderArn),
                     core::FormatIso8601(rt_.clock.NowMillis() + 300000));
  }

  test::Runtime rt_;
};

TEST_F(AssumeRoleWithSamlTest, ListedRoleGetsASessionNamedByTheAssertion) {
  EXPECT_EQ(Assume(Valid()).at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws:sts::111122223333:assumed-role/saml/alice");
}

TEST_F(AssumeRoleWithSamlTest, AnswerNamesSubjectIssuerAndAudience) {
  const boost::json::value out = Assume(Valid());
  EXPECT_EQ(out.at("Subject").as_string(), "alice@example.com");
  EXPECT_EQ(out.at("SubjectType").as_string(), "persistent");
  EXPECT_EQ(out.at("Issuer").as_string(), "https://idp.example.com");
  EXPECT_EQ(out.at("Audience").as_string(), "https://signin.aws.amazon.com/saml");
}

TEST_F(AssumeRoleWithSamlTest, NameQualifierIsTheDocumentedHash) {
  // base64(sha1("https://idp.example.com" + "111122223333" + "/corp")), computed with openssl.
  EXPECT_EQ(Assume(Valid()).at("NameQualifier").as_string(), "5YAVNRLrbcX2CRTWx7htz2tDbIE=");
}

TEST_F(AssumeRoleWithSamlTest, RoleNotListedInTheAssertionIsAccessDenied) {
  const std::string other =
      Assertion("arn:aws:iam::111122223333:role/other," + std::string(kProviderArn),
                core::FormatIso8601(rt_.clock.NowMillis() + 300000));
  EXPECT_EQ(test::ErrorOf([&] { Assume(other); }).code(), "AccessDenied");
}

TEST_F(AssumeRoleWithSamlTest, MissingProviderIsInvalidIdentityToken) {
  rt_.Call(test::Context(kAccount), "iam", "DeleteSAMLProvider",
           {{"SAMLProviderArn", kProviderArn}});
  EXPECT_EQ(test::ErrorOf([&] { Assume(Valid()); }).code(), "InvalidIdentityToken");
}

TEST_F(AssumeRoleWithSamlTest, ExpiredAssertionIsExpiredTokenException) {
  const std::string expired = Assertion(std::string(kRoleArn) + "," + std::string(kProviderArn),
                                        core::FormatIso8601(rt_.clock.NowMillis() - 1000));
  EXPECT_EQ(test::ErrorOf([&] { Assume(expired); }).code(), "ExpiredTokenException");
}

TEST_F(AssumeRoleWithSamlTest, AssertionThatIsNotXmlIsInvalidIdentityToken) {
  EXPECT_EQ(test::ErrorOf([&] { Assume(core::Base64Encode("nope")); }).code(),
            "InvalidIdentityToken");
}

}  // namespace
}  // namespace nimbus::sts
