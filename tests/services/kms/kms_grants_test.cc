// KMS grants through the dispatcher: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant,
// RevokeGrant, and what a grant enables: another account's principal using the key by its ARN.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/text.h"
#include "services/kms/kms_test_support.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using testing::B64;
using testing::ErrorOf;

constexpr std::string_view kGrantee = "arn:aws:iam::444455556666:root";

class KmsGrantsTest : public testing::KmsTest {
 protected:
  json::object Grant(const std::string& key, json::array operations,
                     std::string_view grantee = kGrantee, json::object extra = {}) {
    extra["KeyId"] = key;
    extra["GranteePrincipal"] = grantee;
    extra["Operations"] = std::move(operations);
    return Call("CreateGrant", extra).as_object();
  }
  json::array Grants(const std::string& key, json::object extra = {}) {
    extra["KeyId"] = key;
    return Call("ListGrants", extra).at("Grants").as_array();
  }
  json::value CallAs(const core::RequestContext& ctx, std::string_view op, json::object in) {
    return rt_.Call(ctx, "kms", op, in);
  }

  core::RequestContext other_ = test::Context("444455556666", "us-east-1");
};

TEST_F(KmsGrantsTest, CreateGrantReturnsA64HexGrantIdAndAToken) {
  const json::object grant = Grant(NewKeyId(), {"Encrypt"});
  const std::string id(grant.at("GrantId").as_string());
  EXPECT_EQ(id.size(), 64u);
  EXPECT_TRUE(core::IsHex(id));
  EXPECT_FALSE(grant.at("GrantToken").as_string().empty());
}

TEST_F(KmsGrantsTest, ListGrantsShowsTheGrantAsCreated) {
  const std::string key = NewKeyId();
  const json::object grant =
      Grant(key, {"Encrypt", "Decrypt"}, kGrantee,
            {{"Name", "app"},
             {"RetiringPrincipal", "arn:aws:iam::111122223333:role/ops"},
             {"Constraints", json::object{{"EncryptionContextSubset", {{"app", "x"}}}}}});
  const json::array grants = Grants(key);
  ASSERT_EQ(grants.size(), 1u);
  const json::object& entry = grants[0].as_object();
  EXPECT_EQ(entry.at("KeyId"), json::value(ArnOf(key)));
  EXPECT_EQ(entry.at("GrantId"), grant.at("GrantId"));
  EXPECT_EQ(entry.at("Name"), "app");
  EXPECT_EQ(entry.at("GranteePrincipal"), json::value(kGrantee));
  EXPECT_EQ(entry.at("RetiringPrincipal"), "arn:aws:iam::111122223333:role/ops");
  EXPECT_EQ(entry.at("IssuingAccount"), "arn:aws:iam::111122223333:root");
  EXPECT_EQ(entry.at("Operations"), (json::array{"Encrypt", "Decrypt"}));
  EXPECT_EQ(entry.at("Constraints"),
            (json::object{{"EncryptionContextSubset", json::object{{"app", "x"}}}}));
}

TEST_F(KmsGrantsTest, CreateGrantWithTheSameNameAndParametersIsTheSameGrant) {
  const std::string key = NewKeyId();
  const json::object first = Grant(key, {"Encrypt"}, kGrantee, {{"Name", "once"}});
  const json::object again = Grant(key, {"Encrypt"}, kGrantee, {{"Name", "once"}});
  EXPECT_EQ(again.at("GrantId"), first.at("GrantId"));
  EXPECT_EQ(Grants(key).size(), 1u);
}

TEST_F(KmsGrantsTest, CreateGrantWithTheSameNameAndOtherOperationsIsANewGrant) {
  const std::string key = NewKeyId();
  const json::object first = Grant(key, {"Encrypt"}, kGrantee, {{"Name", "n"}});
  const json::object second = Grant(key, {"Decrypt"}, kGrantee, {{"Name", "n"}});
  EXPECT_NE(second.at("GrantId"), first.at("GrantId"));
  EXPECT_EQ(Grants(key).size(), 2u);
}

TEST_F(KmsGrantsTest, CreateGrantForSignOnASymmetricKeyIsValidationException) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] { Grant(key, {"Sign"}); }).code(), "ValidationException");
}

TEST_F(KmsGrantsTest, CreateGrantWithATokenNimbusDidNotIssueIsInvalidGrantToken) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] {
              Grant(key, {"Encrypt"}, kGrantee, {{"GrantTokens", json::array{"bogus"}}});
            }).code(),
            "InvalidGrantTokenException");
}

TEST_F(KmsGrantsTest, CreateGrantAcceptsATokenOfAnotherGrant) {
  const std::string key = NewKeyId();
  const json::value token = Grant(key, {"Encrypt"}).at("GrantToken");
  EXPECT_NO_THROW(Grant(key, {"Decrypt"}, kGrantee, {{"GrantTokens", json::array{token}}}));
}

TEST_F(KmsGrantsTest, ListGrantsFiltersByGrantId) {
  const std::string key = NewKeyId();
  Grant(key, {"Encrypt"});
  const json::value id = Grant(key, {"Decrypt"}).at("GrantId");
  const json::array grants = Grants(key, {{"GrantId", id}});
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].at("GrantId"), id);
}

TEST_F(KmsGrantsTest, ListGrantsFiltersByGranteePrincipal) {
  const std::string key = NewKeyId();
  Grant(key, {"Encrypt"});
  Grant(key, {"Encrypt"}, "arn:aws:iam::111122223333:role/app");
  const json::array grants =
      Grants(key, {{"GranteePrincipal", "arn:aws:iam::111122223333:role/app"}});
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].at("GranteePrincipal"), "arn:aws:iam::111122223333:role/app");
}

TEST_F(KmsGrantsTest, ListGrantsPagesByLimitAndMarker) {
  const std::string key = NewKeyId();
  const json::value a = Grant(key, {"Encrypt"}).at("GrantId");
  const json::value b = Grant(key, {"Decrypt"}).at("GrantId");
  const json::object first = Call("ListGrants", {{"KeyId", key}, {"Limit", 1}}).as_object();
  EXPECT_EQ(first.at("Truncated"), true);
  EXPECT_EQ(first.at("Grants").as_array()[0].at("GrantId"), a);
  const json::object second =
      Call("ListGrants", {{"KeyId", key}, {"Limit", 1}, {"Marker", first.at("NextMarker")}})
          .as_object();
  EXPECT_EQ(second.at("Truncated"), false);
  EXPECT_EQ(second.at("Grants").as_array()[0].at("GrantId"), b);
}

TEST_F(KmsGrantsTest, ListRetirableGrantsListsTheGrantsOfThatRetiringPrincipal) {
  const std::string key = NewKeyId();
  const json::value id =
      Grant(key, {"Encrypt"}, kGrantee, {{"RetiringPrincipal", "arn:aws:iam::444455556666:root"}})
          .at("GrantId");
  Grant(key, {"Decrypt"});
  const json::array grants =
      Call("ListRetirableGrants", {{"RetiringPrincipal", "arn:aws:iam::444455556666:root"}})
          .at("Grants")
          .as_array();
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].at("GrantId"), id);
}

TEST_F(KmsGrantsTest, RetireGrantByTokenRemovesIt) {
  const std::string key = NewKeyId();
  const json::value token = Grant(key, {"Encrypt"}).at("GrantToken");
  Call("RetireGrant", {{"GrantToken", token}});
  EXPECT_TRUE(Grants(key).empty());
}

TEST_F(KmsGrantsTest, RetireGrantByKeyAndGrantIdRemovesIt) {
  const std::string key = NewKeyId();
  const json::value id = Grant(key, {"Encrypt"}).at("GrantId");
  Call("RetireGrant", {{"KeyId", key}, {"GrantId", id}});
  EXPECT_TRUE(Grants(key).empty());
}

TEST_F(KmsGrantsTest, RetireGrantWithAMalformedTokenIsInvalidGrantToken) {
  EXPECT_EQ(ErrorOf([&] {
              Call("RetireGrant", {{"GrantToken", "nope"}});
            }).code(),
            "InvalidGrantTokenException");
}

TEST_F(KmsGrantsTest, RevokeGrantRemovesIt) {
  const std::string key = NewKeyId();
  const json::value id = Grant(key, {"Encrypt"}).at("GrantId");
  Call("RevokeGrant", {{"KeyId", key}, {"GrantId", id}});
  EXPECT_TRUE(Grants(key).empty());
}

TEST_F(KmsGrantsTest, RevokeGrantOfAnUnknownGrantIdIsNotFound) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] {
              Call("RevokeGrant", {{"KeyId", key}, {"GrantId", std::string(64, 'a')}});
            }).code(),
            "NotFoundException");
}

TEST_F(KmsGrantsTest, RevokeGrantOfAMalformedGrantIdIsInvalidGrantId) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] {
              Call("RevokeGrant", {{"KeyId", key}, {"GrantId", "x"}});
            }).code(),
            "InvalidGrantIdException");
}

TEST_F(KmsGrantsTest, AGrantLetsAnotherAccountEncryptWithTheKeyArn) {
  const std::string key = NewKeyId();
  Grant(key, {"Encrypt", "Decrypt"});
  const json::object sealed =
      CallAs(other_, "Encrypt", {{"KeyId", ArnOf(key)}, {"Plaintext", B64("shared")}}).as_object();
  EXPECT_EQ(sealed.at("KeyId"), json::value(ArnOf(key)));
  const json::object opened =
      CallAs(other_, "Decrypt",
             {{"KeyId", ArnOf(key)}, {"CiphertextBlob", sealed.at("CiphertextBlob")}})
          .as_object();
  EXPECT_EQ(testing::Unb64(opened.at("Plaintext")), "shared");
}

TEST_F(KmsGrantsTest, WithoutAGrantAnotherAccountDoesNotFindTheKey) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] {
              CallAs(other_, "Encrypt", {{"KeyId", ArnOf(key)}, {"Plaintext", B64("x")}});
            }).code(),
            "NotFoundException");
}

TEST_F(KmsGrantsTest, AGrantAllowsOnlyItsOperations) {
  const std::string key = NewKeyId();
  Grant(key, {"Decrypt"});
  EXPECT_EQ(ErrorOf([&] {
              CallAs(other_, "Encrypt", {{"KeyId", ArnOf(key)}, {"Plaintext", B64("x")}});
            }).code(),
            "NotFoundException");
}

TEST_F(KmsGrantsTest, ARevokedGrantNoLongerLetsAnotherAccountUseTheKey) {
  const std::string key = NewKeyId();
  const json::value id = Grant(key, {"Encrypt"}).at("GrantId");
  Call("RevokeGrant", {{"KeyId", key}, {"GrantId", id}});
  EXPECT_EQ(ErrorOf([&] {
              CallAs(other_, "Encrypt", {{"KeyId", ArnOf(key)}, {"Plaintext", B64("x")}});
            }).code(),
            "NotFoundException");
}

}  // namespace
}  // namespace nimbus::kms
