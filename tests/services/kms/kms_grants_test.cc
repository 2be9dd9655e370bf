// KMS grants through the dispatcher: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant,
// RevokeGrant, and what a grant enables: another account's principal using the key by its ARN.
#include <string>
#include <utility>

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

TEST_F(KmsGrantsTest, AGranteeDecryptsWithoutNamingTheKey) {
  const std::string key = NewKeyId();
  Grant(key, {"Decrypt"});
  const json::value blob = Encrypt(key, "shared").at("CiphertextBlob");
  const json::object opened = CallAs(other_, "Decrypt", {{"CiphertextBlob", blob}}).as_object();
  EXPECT_EQ(testing::Unb64(opened.at("Plaintext")), "shared");
  EXPECT_EQ(opened.at("KeyId"), json::value(ArnOf(key)));
}

TEST_F(KmsGrantsTest, WithoutAGrantAnotherAccountCannotDecryptTheKeysCiphertext) {
  const std::string key = NewKeyId();
  Grant(key, {"Encrypt"});
  const json::value blob = Encrypt(key, "shared").at("CiphertextBlob");
  EXPECT_EQ(ErrorOf([&] { CallAs(other_, "Decrypt", {{"CiphertextBlob", blob}}); }).code(),
            "NotFoundException");
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

// Grant constraints (GrantConstraints API reference) and grant tokens.

class KmsGrantConstraintsTest : public KmsGrantsTest {
 protected:
  // A key shared with the other account for `operations` under `constraints`.
  std::string SharedKey(json::array operations, json::object constraints) {
    const std::string key = NewKeyId();
    Grant(key, std::move(operations), kGrantee, {{"Constraints", std::move(constraints)}});
    return key;
  }
  json::value EncryptAs(const std::string& key, json::object context, json::object extra = {}) {
    extra["KeyId"] = ArnOf(key);
    extra["Plaintext"] = B64("x");
    extra["EncryptionContext"] = std::move(context);
    return CallAs(other_, "Encrypt", extra);
  }
  static json::object Subset(json::object pairs) {
    return {{"EncryptionContextSubset", std::move(pairs)}};
  }
  static json::object Equals(json::object pairs) {
    return {{"EncryptionContextEquals", std::move(pairs)}};
  }
};

TEST_F(KmsGrantConstraintsTest, EncryptionContextSubsetAllowsAContextWithItsPairsAndMore) {
  const std::string key = SharedKey({"Encrypt"}, Subset({{"app", "billing"}}));
  EXPECT_EQ(EncryptAs(key, {{"app", "billing"}, {"env", "prod"}}).at("KeyId"),
            json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, EncryptionContextSubsetDeniesAContextWithoutItsPairs) {
  const std::string key = SharedKey({"Encrypt"}, Subset({{"app", "billing"}}));
  EXPECT_EQ(ErrorOf([&] { EncryptAs(key, {{"env", "prod"}}); }).code(), "AccessDeniedException");
}

TEST_F(KmsGrantConstraintsTest, EncryptionContextEqualsAllowsExactlyItsPairs) {
  const std::string key = SharedKey({"Encrypt"}, Equals({{"app", "billing"}}));
  EXPECT_EQ(EncryptAs(key, {{"app", "billing"}}).at("KeyId"), json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, EncryptionContextEqualsDeniesAContextWithMorePairs) {
  const std::string key = SharedKey({"Encrypt"}, Equals({{"app", "billing"}}));
  EXPECT_EQ(ErrorOf([&] {
              EncryptAs(key, {{"app", "billing"}, {"env", "prod"}});
            }).code(),
            "AccessDeniedException");
}

TEST_F(KmsGrantConstraintsTest, ConstraintKeysMatchWithoutRegardToCase) {
  const std::string key = SharedKey({"Encrypt"}, Equals({{"App", "billing"}}));
  EXPECT_EQ(EncryptAs(key, {{"app", "billing"}}).at("KeyId"), json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, ConstraintValuesAreCaseSensitive) {
  const std::string key = SharedKey({"Encrypt"}, Equals({{"app", "Billing"}}));
  EXPECT_EQ(ErrorOf([&] { EncryptAs(key, {{"app", "billing"}}); }).code(),
            "AccessDeniedException");
}

TEST_F(KmsGrantConstraintsTest, DecryptIsCheckedAgainstTheConstraintToo) {
  const std::string key = SharedKey({"Encrypt", "Decrypt"}, Subset({{"app", "billing"}}));
  const json::value blob = EncryptAs(key, {{"app", "billing"}}).at("CiphertextBlob");
  const json::object opened =
      CallAs(other_, "Decrypt",
             {{"KeyId", ArnOf(key)},
              {"CiphertextBlob", blob},
              {"EncryptionContext", json::object{{"app", "billing"}}}})
          .as_object();
  EXPECT_EQ(testing::Unb64(opened.at("Plaintext")), "x");
}

TEST_F(KmsGrantConstraintsTest, AnUnconstrainedGrantAllowsWhatAConstrainedOneDenies) {
  const std::string key = SharedKey({"Encrypt"}, Equals({{"app", "billing"}}));
  Grant(key, {"Encrypt"});
  EXPECT_EQ(EncryptAs(key, {{"env", "prod"}}).at("KeyId"), json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, AConstrainedGrantStillAllowsDescribeKey) {
  const std::string key = SharedKey({"DescribeKey"}, Equals({{"app", "billing"}}));
  EXPECT_EQ(CallAs(other_, "DescribeKey", {{"KeyId", ArnOf(key)}}).at("KeyMetadata").at("KeyId"),
            json::value(key));
}

TEST_F(KmsGrantConstraintsTest, ConstraintsDoNotApplyToSigningWithAnAsymmetricKey) {
  const std::string key(
      NewKey(R"({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"})").at("KeyId").as_string());
  Grant(key, {"Sign"}, kGrantee, {{"Constraints", Equals({{"app", "billing"}})}});
  EXPECT_EQ(CallAs(other_, "Sign",
                   {{"KeyId", ArnOf(key)},
                    {"Message", B64("m")},
                    {"SigningAlgorithm", "ECDSA_SHA_256"}})
                .at("KeyId"),
            json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, ReEncryptChecksTheSourceContextForReEncryptFrom) {
  const std::string key = SharedKey({"Encrypt", "ReEncryptFrom"}, Subset({{"app", "billing"}}));
  const json::value blob = EncryptAs(key, {{"app", "billing"}}).at("CiphertextBlob");
  const std::string own(
      rt_.Call(other_, "kms", "CreateKey", {}).at("KeyMetadata").at("KeyId").as_string());
  EXPECT_EQ(ErrorOf([&] {
              CallAs(other_, "ReEncrypt",
                     {{"CiphertextBlob", blob},
                      {"SourceKeyId", ArnOf(key)},
                      {"DestinationKeyId", own},
                      {"DestinationEncryptionContext", json::object{{"app", "billing"}}}});
            }).code(),
            "AccessDeniedException");
}

TEST_F(KmsGrantConstraintsTest, ReEncryptFromAGrantAllowsTheSourceKey) {
  const std::string key = SharedKey({"Encrypt", "ReEncryptFrom"}, Subset({{"app", "billing"}}));
  const json::value blob = EncryptAs(key, {{"app", "billing"}}).at("CiphertextBlob");
  const std::string own(
      rt_.Call(other_, "kms", "CreateKey", {}).at("KeyMetadata").at("KeyId").as_string());
  const json::object out = CallAs(other_, "ReEncrypt",
                                  {{"CiphertextBlob", blob},
                                   {"SourceKeyId", ArnOf(key)},
                                   {"SourceEncryptionContext", json::object{{"app", "billing"}}},
                                   {"DestinationKeyId", own}})
                               .as_object();
  EXPECT_EQ(out.at("SourceKeyId"), json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, ReEncryptToAloneDoesNotAllowTheKeyAsSource) {
  const std::string key = NewKeyId();
  const json::value blob = Encrypt(key, "x").at("CiphertextBlob");
  Grant(key, {"ReEncryptTo"});
  const std::string own(
      rt_.Call(other_, "kms", "CreateKey", {}).at("KeyMetadata").at("KeyId").as_string());
  EXPECT_EQ(ErrorOf([&] {
              CallAs(other_, "ReEncrypt",
                     {{"CiphertextBlob", blob},
                      {"SourceKeyId", ArnOf(key)},
                      {"DestinationKeyId", own}});
            }).code(),
            "NotFoundException");
}

TEST_F(KmsGrantConstraintsTest, AGranteeMayPassItsGrantTokenAtOnce) {
  const std::string key = NewKeyId();
  const json::value token = Grant(key, {"Encrypt"}).at("GrantToken");
  EXPECT_EQ(EncryptAs(key, {}, {{"GrantTokens", json::array{token}}}).at("KeyId"),
            json::value(ArnOf(key)));
}

TEST_F(KmsGrantConstraintsTest, EncryptWithAGrantTokenNimbusDidNotIssueIsInvalidGrantToken) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] {
              Call("Encrypt", {{"KeyId", key},
                               {"Plaintext", B64("x")},
                               {"GrantTokens", json::array{"bogus"}}});
            }).code(),
            "InvalidGrantTokenException");
}

TEST_F(KmsGrantConstraintsTest, AGrantMadeThroughAConstrainedGrantMayBeStricter) {
  const std::string key = SharedKey({"CreateGrant"}, Subset({{"app", "billing"}}));
  const json::object grant =
      CallAs(other_, "CreateGrant",
             {{"KeyId", ArnOf(key)},
              {"GranteePrincipal", "arn:aws:iam::444455556666:role/app"},
              {"Operations", json::array{"Encrypt"}},
              {"Constraints", Subset({{"app", "billing"}, {"env", "prod"}})}})
          .as_object();
  EXPECT_EQ(grant.at("GrantId").as_string().size(), 64u);
}

TEST_F(KmsGrantConstraintsTest, AGrantMadeThroughAConstrainedGrantMayNotBeLooser) {
  const std::string key = SharedKey({"CreateGrant"}, Subset({{"app", "billing"}}));
  EXPECT_EQ(ErrorOf([&] {
              CallAs(other_, "CreateGrant",
                     {{"KeyId", ArnOf(key)},
                      {"GranteePrincipal", "arn:aws:iam::444455556666:role/app"},
                      {"Operations", json::array{"Encrypt"}}});
            }).code(),
            "AccessDeniedException");
}

}  // namespace
}  // namespace nimbus::kms
