#include <string>

#include <gtest/gtest.h>

#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::iam {
namespace {

constexpr std::string_view kOidcArn = "arn:aws:iam::111122223333:oidc-provider/id.example.com/x";
constexpr std::string_view kSamlArn = "arn:aws:iam::111122223333:saml-provider/corp";

// IdP metadata of at least 1,000 characters, the model's minimum.
std::string Metadata(std::string_view entity_id = "https://idp.example.com") {
  return R"(<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID=")" +
         std::string(entity_id) +
         R"("><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">)"
         R"(<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">)"
         R"(<ds:X509Data><ds:X509Certificate>)" +
         std::string(1000, 'A') +
         R"(</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>)"
         R"(<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" )"
         R"(Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>)";
}

class IdentityProviderTest : public ::testing::Test {
 protected:
  boost::json::value Iam(std::string_view operation, const boost::json::object& in = {}) {
    return rt_.Call(ctx_, "iam", operation, in);
  }
  boost::json::value CreateOidc() {
    return Iam("CreateOpenIDConnectProvider",
               {{"Url", "https://id.example.com/x"},
                {"ClientIDList", boost::json::array{"app"}},
                {"ThumbprintList", boost::json::array{std::string(40, 'a')}},
                {"Tags", boost::json::array{{{"Key", "team"}, {"Value", "id"}}}}});
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333");
};

TEST_F(IdentityProviderTest, OidcProviderArnIsTheUrlWithoutScheme) {
  EXPECT_EQ(CreateOidc().at("OpenIDConnectProviderArn").as_string(), kOidcArn);
}

TEST_F(IdentityProviderTest, GetOidcProviderAnswersUrlClientIdsThumbprintsAndTags) {
  CreateOidc();
  const boost::json::value out =
      Iam("GetOpenIDConnectProvider", {{"OpenIDConnectProviderArn", kOidcArn}});
  EXPECT_EQ(out.at("Url").as_string(), "id.example.com/x");
  EXPECT_EQ(out.at("ClientIDList"), (boost::json::array{"app"}));
  EXPECT_EQ(out.at("ThumbprintList"), (boost::json::array{std::string(40, 'a')}));
  EXPECT_EQ(out.at("Tags"), (boost::json::array{{{"Key", "team"}, {"Value", "id"}}}));
}

TEST_F(IdentityProviderTest, OidcProviderOfTheSameUrlTwiceIsEntityAlreadyExists) {
  CreateOidc();
  EXPECT_EQ(test::ErrorOf([&] { CreateOidc(); }).code(), "EntityAlreadyExists");
}

TEST_F(IdentityProviderTest, OidcUrlWithoutHttpsIsInvalidInput) {
  EXPECT_EQ(test::ErrorOf([&] {
              Iam("CreateOpenIDConnectProvider", {{"Url", "http://id.example.com"}});
            }).code(),
            "InvalidInput");
}

TEST_F(IdentityProviderTest, ListOidcProvidersAnswersTheirArns) {
  CreateOidc();
  EXPECT_EQ(Iam("ListOpenIDConnectProviders").at("OpenIDConnectProviderList"),
            (boost::json::array{{{"Arn", kOidcArn}}}));
}

TEST_F(IdentityProviderTest, AddedClientIdIsListed) {
  CreateOidc();
  Iam("AddClientIDToOpenIDConnectProvider",
      {{"OpenIDConnectProviderArn", kOidcArn}, {"ClientID", "b"}});
  EXPECT_EQ(
      Iam("GetOpenIDConnectProvider", {{"OpenIDConnectProviderArn", kOidcArn}}).at("ClientIDList"),
      (boost::json::array{"app", "b"}));
}

TEST_F(IdentityProviderTest, RemovedClientIdIsGone) {
  CreateOidc();
  Iam("RemoveClientIDFromOpenIDConnectProvider",
      {{"OpenIDConnectProviderArn", kOidcArn}, {"ClientID", "app"}});
  EXPECT_EQ(
      Iam("GetOpenIDConnectProvider", {{"OpenIDConnectProviderArn", kOidcArn}}).at("ClientIDList"),
      boost::json::array{});
}

TEST_F(IdentityProviderTest, UpdatedThumbprintsReplaceTheOldOnes) {
  CreateOidc();
  Iam("UpdateOpenIDConnectProviderThumbprint",
      {{"OpenIDConnectProviderArn", kOidcArn},
       {"ThumbprintList", boost::json::array{std::string(40, 'b')}}});
  EXPECT_EQ(Iam("GetOpenIDConnectProvider", {{"OpenIDConnectProviderArn", kOidcArn}})
                .at("ThumbprintList"),
            (boost::json::array{std::string(40, 'b')}));
}

TEST_F(IdentityProviderTest, SixThumbprintsAreLimitExceeded) {
  boost::json::array six;
  for (char c : std::string("abcdef")) six.push_back(boost::json::string(std::string(40, c)));
  EXPECT_EQ(test::ErrorOf([&] {
              Iam("CreateOpenIDConnectProvider",
                  {{"Url", "https://id.example.com"}, {"ThumbprintList", six}});
            }).code(),
            "LimitExceeded");
}

TEST_F(IdentityProviderTest, DeletedOidcProviderIsNoSuchEntity) {
  CreateOidc();
  Iam("DeleteOpenIDConnectProvider", {{"OpenIDConnectProviderArn", kOidcArn}});
  EXPECT_EQ(test::ErrorOf([&] {
              Iam("GetOpenIDConnectProvider", {{"OpenIDConnectProviderArn", kOidcArn}});
            }).code(),
            "NoSuchEntity");
}

TEST_F(IdentityProviderTest, SamlProviderArnNamesTheProvider) {
  EXPECT_EQ(Iam("CreateSAMLProvider", {{"Name", "corp"}, {"SAMLMetadataDocument", Metadata()}})
                .at("SAMLProviderArn")
                .as_string(),
            kSamlArn);
}

TEST_F(IdentityProviderTest, GetSamlProviderAnswersTheMetadata) {
  Iam("CreateSAMLProvider", {{"Name", "corp"}, {"SAMLMetadataDocument", Metadata()}});
  EXPECT_EQ(Iam("GetSAMLProvider", {{"SAMLProviderArn", kSamlArn}})
                .at("SAMLMetadataDocument")
                .as_string(),
            Metadata());
}

TEST_F(IdentityProviderTest, SamlMetadataThatIsNotXmlIsInvalidInput) {
  EXPECT_EQ(test::ErrorOf([&] {
              Iam("CreateSAMLProvider",
                  {{"Name", "corp"}, {"SAMLMetadataDocument", std::string(1000, 'x') + "<"}});
            }).code(),
            "InvalidInput");
}

TEST_F(IdentityProviderTest, SamlMetadataWithoutEntityDescriptorIsInvalidInput) {
  EXPECT_EQ(
      test::ErrorOf([&] {
        Iam("CreateSAMLProvider",
            {{"Name", "corp"}, {"SAMLMetadataDocument", "<a>" + std::string(1000, 'x') + "</a>"}});
      }).code(),
      "InvalidInput");
}

TEST_F(IdentityProviderTest, UpdatedSamlMetadataReplacesTheOld) {
  Iam("CreateSAMLProvider", {{"Name", "corp"}, {"SAMLMetadataDocument", Metadata()}});
  Iam("UpdateSAMLProvider", {{"SAMLProviderArn", kSamlArn},
                             {"SAMLMetadataDocument", Metadata("https://idp2.example.com")}});
  EXPECT_EQ(Iam("GetSAMLProvider", {{"SAMLProviderArn", kSamlArn}})
                .at("SAMLMetadataDocument")
                .as_string(),
            Metadata("https://idp2.example.com"));
}

TEST_F(IdentityProviderTest, ListSamlProvidersAnswersTheirArns) {
  Iam("CreateSAMLProvider", {{"Name", "corp"}, {"SAMLMetadataDocument", Metadata()}});
  EXPECT_EQ(Iam("ListSAMLProviders").at("SAMLProviderList").as_array().at(0).at("Arn").as_string(),
            kSamlArn);
}

TEST_F(IdentityProviderTest, DeletedSamlProviderIsNoSuchEntity) {
  Iam("CreateSAMLProvider", {{"Name", "corp"}, {"SAMLMetadataDocument", Metadata()}});
  Iam("DeleteSAMLProvider", {{"SAMLProviderArn", kSamlArn}});
  EXPECT_EQ(test::ErrorOf([&] {
              Iam("GetSAMLProvider", {{"SAMLProviderArn", kSamlArn}});
            }).code(),
            "NoSuchEntity");
}

}  // namespace
}  // namespace nimbus::iam
