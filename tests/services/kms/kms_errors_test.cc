// Every kind of error KMS answers, whole: code, message (or none), members and, where the
// provider sets it, HTTP status. KMS's error shapes have no member but the message. The last
// tests read the JSON bodies the dispatcher writes for the errors that AWS sends with no message.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/http/message.h"
#include "services/kms/kms_test_support.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using core::AwsError;
using test::Json;
using testing::B64;
using testing::ErrorOf;

constexpr std::string_view kUnknownKey = "11111111-2222-3333-4444-555555555555";
constexpr std::string_view kBadArn = "arn:aws:kms:us-east-1:111122223333:thing/x";

class KmsErrorsTest : public testing::KmsTest {
 protected:
  // Checks code, message and that the error has no members besides its message.
  static void ExpectError(const AwsError& error, std::string_view code, std::string_view message) {
    EXPECT_EQ(error.code(), code);
    EXPECT_TRUE(error.has_message());
    EXPECT_EQ(std::string_view(error.what()), message);
    EXPECT_TRUE(error.members().empty());
  }
  // Checks that the error is `code` with no message member at all, as AWS sends it.
  static void ExpectNoMessage(const AwsError& error, std::string_view code) {
    EXPECT_EQ(error.code(), code);
    EXPECT_FALSE(error.has_message());
    EXPECT_TRUE(error.members().empty());
  }
  std::string NewKeyOf(std::string_view spec, std::string_view usage) {
    return std::string(NewKey(R"({"KeySpec":")" + std::string(spec) + R"(","KeyUsage":")" +
                              std::string(usage) + R"("})")
                           .at("KeyId")
                           .as_string());
  }
};

TEST_F(KmsErrorsTest, UnknownKeyIsNotFoundNamingTheKeyArn) {
  ExpectError(ErrorOf([&] { Describe(std::string(kUnknownKey)); }), "NotFoundException",
              "Key '" + ArnOf(kUnknownKey) + "' does not exist");
}

TEST_F(KmsErrorsTest, UnknownAliasIsNotFoundNamingTheAliasArn) {
  ExpectError(ErrorOf([&] { Describe("alias/none"); }), "NotFoundException",
              "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.");
}

TEST_F(KmsErrorsTest, MalformedKeyArnInDescribeKeyIsInvalidArn) {
  ExpectError(ErrorOf([&] { Describe(std::string(kBadArn)); }), "InvalidArnException",
              "Invalid arn " + std::string(kBadArn));
}

TEST_F(KmsErrorsTest, MalformedKeyArnInEncryptIsNotFoundAsEncryptListsNoInvalidArn) {
  ExpectError(ErrorOf([&] { Encrypt(std::string(kBadArn), "x"); }), "NotFoundException",
              "Invalid keyId '" + std::string(kBadArn) + "'");
}

TEST_F(KmsErrorsTest, MalformedAliasTargetIsNotFoundAsCreateAliasListsNoInvalidArn) {
  ExpectError(ErrorOf([&] {
                Call("CreateAlias", {{"AliasName", "alias/x"}, {"TargetKeyId", kBadArn}});
              }),
              "NotFoundException", "Invalid keyId '" + std::string(kBadArn) + "'");
}

TEST_F(KmsErrorsTest, DisablingAnAwsManagedKeyIsAccessDeniedWith400) {
  const std::string arn(Describe("alias/aws/ssm").at("Arn").as_string());
  const AwsError error = ErrorOf([&] { Call("DisableKey", {{"KeyId", arn}}); });
  ExpectError(error, "AccessDeniedException",
              "User: arn:aws:iam::111122223333:root is not authorized to perform: "
              "kms:DisableKey on resource: " +
                  arn + " because no resource-based policy allows the kms:DisableKey action");
  EXPECT_EQ(error.status(), 400);
}

TEST_F(KmsErrorsTest, ExistingAliasNameIsAlreadyExists) {
  const std::string id = NewKeyId();
  Call("CreateAlias", {{"AliasName", "alias/app"}, {"TargetKeyId", id}});
  ExpectError(ErrorOf([&] {
                Call("CreateAlias", {{"AliasName", "alias/app"}, {"TargetKeyId", id}});
              }),
              "AlreadyExistsException",
              "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists");
}

TEST_F(KmsErrorsTest, ReservedAliasNameIsInvalidAliasName) {
  ExpectError(ErrorOf([&] {
                Call("CreateAlias", {{"AliasName", "alias/aws/mine"}, {"TargetKeyId", NewKeyId()}});
              }),
              "InvalidAliasNameException",
              "Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
}

TEST_F(KmsErrorsTest, AliasWithoutPrefixIsValidationException) {
  const AwsError error = ErrorOf([&] {
    Call("CreateAlias", {{"AliasName", "noprefix"}, {"TargetKeyId", NewKeyId()}});
  });
  ExpectError(error, "ValidationException",
              "Alias must start with the prefix \"alias/\". Please see "
              "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
  EXPECT_EQ(error.status(), 400);
}

TEST_F(KmsErrorsTest, KeyPendingDeletionIsInvalidState) {
  const std::string id = NewKeyId();
  Call("ScheduleKeyDeletion", {{"KeyId", id}, {"PendingWindowInDays", 7}});
  ExpectError(ErrorOf([&] { Encrypt(id, "x"); }), "KMSInvalidStateException",
              ArnOf(id) + " is pending deletion.");
}

TEST_F(KmsErrorsTest, DisabledKeyIsDisabledException) {
  const std::string id = NewKeyId();
  Call("DisableKey", {{"KeyId", id}});
  ExpectError(ErrorOf([&] { Encrypt(id, "x"); }), "DisabledException", ArnOf(id) + " is disabled.");
}

TEST_F(KmsErrorsTest, CiphertextUnderAnotherContextIsInvalidCiphertextWithoutMessage) {
  const json::object sealed = Encrypt(NewKeyId(), "x", R"({"a":"1"})");
  ExpectNoMessage(ErrorOf([&] { Decrypt(sealed.at("CiphertextBlob"), R"({"a":"2"})"); }),
                  "InvalidCiphertextException");
}

TEST_F(KmsErrorsTest, CiphertextOfAnotherKeyIsIncorrectKey) {
  const json::object sealed = Encrypt(NewKeyId(), "x");
  ExpectError(ErrorOf([&] { Decrypt(sealed.at("CiphertextBlob"), "{}", NewKeyId()); }),
              "IncorrectKeyException",
              "The key ID in the request does not identify a CMK that can perform this "
              "operation.");
}

TEST_F(KmsErrorsTest, EncryptWithASigningKeyIsInvalidKeyUsage) {
  const std::string id = NewKeyOf("RSA_2048", "SIGN_VERIFY");
  ExpectError(ErrorOf([&] { Encrypt(id, "x"); }), "InvalidKeyUsageException",
              ArnOf(id) + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
}

TEST_F(KmsErrorsTest, WrongSignatureIsInvalidSignatureWithoutMessage) {
  const std::string id = NewKeyOf("ECC_NIST_P256", "SIGN_VERIFY");
  const json::value signature =
      Call("Sign", {{"KeyId", id}, {"Message", B64("m")}, {"SigningAlgorithm", "ECDSA_SHA_256"}})
          .at("Signature");
  ExpectNoMessage(ErrorOf([&] {
                    Call("Verify", {{"KeyId", id},
                                    {"Message", B64("other")},
                                    {"Signature", signature},
                                    {"SigningAlgorithm", "ECDSA_SHA_256"}});
                  }),
                  "KMSInvalidSignatureException");
}

TEST_F(KmsErrorsTest, WrongMacIsInvalidMacWithoutMessage) {
  const std::string id = NewKeyOf("HMAC_256", "GENERATE_VERIFY_MAC");
  ExpectNoMessage(ErrorOf([&] {
                    Call("VerifyMac", {{"KeyId", id},
                                       {"Message", B64("m")},
                                       {"Mac", B64(std::string(32, 'x'))},
                                       {"MacAlgorithm", "HMAC_SHA_256"}});
                  }),
                  "KMSInvalidMacException");
}

TEST_F(KmsErrorsTest, DryRunIsDryRunOperation) {
  ExpectError(ErrorOf([&] {
                Call("Encrypt", {{"KeyId", NewKeyId()}, {"Plaintext", B64("x")}, {"DryRun", true}});
              }),
              "DryRunOperationException",
              "The request would have succeeded, but the DryRun option is set.");
}

TEST_F(KmsErrorsTest, AwsPrefixedTagIsTagException) {
  ExpectError(ErrorOf([&] { NewKey(R"({"Tags":[{"TagKey":"aws:x","TagValue":"1"}]})"); }),
              "TagException", "Tags beginning with aws: are reserved");
}

TEST_F(KmsErrorsTest, FiftyFirstTagIsLimitExceeded) {
  json::array tags;
  for (int i = 0; i < 51; ++i) {
    tags.push_back(json::object{{"TagKey", "k" + std::to_string(i)}, {"TagValue", "v"}});
  }
  const std::string id = NewKeyId();
  ExpectError(ErrorOf([&] {
                Call("TagResource", {{"KeyId", id}, {"Tags", tags}});
              }),
              "LimitExceededException",
              "The request was rejected because a quota was exceeded: a KMS key can have at "
              "most 50 tags.");
}

TEST_F(KmsErrorsTest, PolicyThatIsNotJsonIsMalformedPolicyDocument) {
  const std::string id = NewKeyId();
  ExpectError(ErrorOf([&] {
                Call("PutKeyPolicy", {{"KeyId", id}, {"Policy", "not json"}});
              }),
              "MalformedPolicyDocumentException", "The policy document is not valid JSON.");
}

TEST_F(KmsErrorsTest, RotationOfAnAsymmetricKeyIsUnsupportedOperation) {
  const std::string id = NewKeyOf("RSA_2048", "SIGN_VERIFY");
  ExpectError(ErrorOf([&] {
                Call("GetKeyRotationStatus", {{"KeyId", id}});
              }),
              "UnsupportedOperationException",
              ArnOf(id) + " key type or origin does not support automatic key rotation.");
}

TEST_F(KmsErrorsTest, UnknownCustomKeyStoreIsCustomKeyStoreNotFound) {
  ExpectError(ErrorOf([&] {
                Call("GenerateRandom",
                     {{"NumberOfBytes", 16}, {"CustomKeyStoreId", "cks-1234567890abcdef0"}});
              }),
              "CustomKeyStoreNotFoundException",
              "Custom key store cks-1234567890abcdef0 does not exist");
}

TEST_F(KmsErrorsTest, MarkerNimbusDidNotIssueIsInvalidMarker) {
  ExpectError(ErrorOf([&] {
                Call("ListKeys", {{"Marker", "!!!"}});
              }),
              "InvalidMarkerException", "Invalid marker: !!!");
}

TEST_F(KmsErrorsTest, SigningWithAnMlDsaKeyIsNotImplemented) {
  const std::string id = NewKeyOf("ML_DSA_44", "SIGN_VERIFY");
  const AwsError error = ErrorOf([&] {
    Call("Sign", {{"KeyId", id}, {"Message", B64("m")}, {"SigningAlgorithm", "ML_DSA_SHAKE_256"}});
  });
  ExpectError(error, "NotImplemented",
              "nimbus does not emulate the key material of ML_DSA_44 keys.");
  EXPECT_EQ(error.status(), 501);
}

TEST_F(KmsErrorsTest, DecryptForANitroEnclaveIsNotImplemented) {
  const json::object sealed = Encrypt(NewKeyId(), "x");
  const AwsError error = ErrorOf([&] {
    Call("Decrypt", {{"CiphertextBlob", sealed.at("CiphertextBlob")},
                     {"Recipient", json::object{{"KeyEncryptionAlgorithm", "RSAES_OAEP_SHA_256"},
                                                {"AttestationDocument", B64("doc")}}}});
  });
  ExpectError(error, "NotImplemented",
              "nimbus does not emulate Nitro Enclaves attestation (Recipient).");
  EXPECT_EQ(error.status(), 501);
}

// The wire: JSON 1.1 requests through the dispatcher, as a client sends them (unsigned, so in
// the default account 000000000000).
class KmsErrorBodyTest : public testing::KmsTest {
 protected:
  core::HttpResponse Post(std::string_view operation, const json::object& input) {
    const core::HttpRequest request{
        .method = "POST",
        .target = "/",
        .headers = {{"Host", "localhost:4566"},
                    {"Content-Type", "application/x-amz-json-1.1"},
                    {"X-Amz-Target", "TrentService." + std::string(operation)}},
        .body = json::serialize(input)};
    return rt_.dispatcher.Handle(request).response;
  }
  std::string NewKeyOf(std::string_view spec, std::string_view usage) {
    const core::HttpResponse r = Post("CreateKey", {{"KeySpec", spec}, {"KeyUsage", usage}});
    return std::string(json::parse(r.body).at("KeyMetadata").at("KeyId").as_string());
  }
};

TEST_F(KmsErrorBodyTest, InvalidCiphertextBodyIsOnlyItsType) {
  const core::HttpResponse r = Post("Decrypt", {{"CiphertextBlob", B64("not a kms blob")}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("x-amzn-ErrorType"), "InvalidCiphertextException");
  EXPECT_EQ(r.body, R"({"__type":"InvalidCiphertextException"})");
}

TEST_F(KmsErrorBodyTest, InvalidSignatureBodyIsOnlyItsType) {
  const std::string id = NewKeyOf("ECC_NIST_P256", "SIGN_VERIFY");
  const core::HttpResponse r = Post("Verify", {{"KeyId", id},
                                               {"Message", B64("m")},
                                               {"Signature", B64("not a signature")},
                                               {"SigningAlgorithm", "ECDSA_SHA_256"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"KMSInvalidSignatureException"})");
}

TEST_F(KmsErrorBodyTest, InvalidMacBodyIsOnlyItsType) {
  const std::string id = NewKeyOf("HMAC_256", "GENERATE_VERIFY_MAC");
  const core::HttpResponse r = Post("VerifyMac", {{"KeyId", id},
                                                  {"Message", B64("m")},
                                                  {"Mac", B64(std::string(32, 'x'))},
                                                  {"MacAlgorithm", "HMAC_SHA_256"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"KMSInvalidMacException"})");
}

TEST_F(KmsErrorBodyTest, NotFoundBodyCarriesALowerCaseMessage) {
  const core::HttpResponse r = Post("DescribeKey", {{"KeyId", kUnknownKey}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      json::parse(r.body),
      json::parse(R"({"__type":"NotFoundException","message":"Key 'arn:aws:kms:us-east-1:)"
                  R"(000000000000:key/11111111-2222-3333-4444-555555555555' does not exist"})"));
}

}  // namespace
}  // namespace nimbus::kms
