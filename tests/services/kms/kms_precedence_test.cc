// Which error KMS answers first and in which words (issue 13): the key is resolved before
// anything else of a key operation is checked, and the messages are AWS's.
#include <string>
#include <tuple>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
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

class KmsPrecedenceTest : public testing::KmsTest {
 protected:
  static void ExpectError(const AwsError& error, std::string_view code, std::string_view message) {
    EXPECT_EQ(error.code(), code);
    EXPECT_EQ(std::string_view(error.what()), message);
  }
  json::array TagsOf(std::string_view k1, std::string_view k2) {
    return json::array{json::object{{"TagKey", k1}, {"TagValue", "1"}},
                       json::object{{"TagKey", k2}, {"TagValue", "2"}}};
  }
};

TEST_F(KmsPrecedenceTest, PutKeyPolicyOfUnknownKeyIsNotFoundEvenWithAMalformedPolicy) {
  ExpectError(ErrorOf([&] {
                Call("PutKeyPolicy", {{"KeyId", kUnknownKey}, {"Policy", "not json"}});
              }),
              "NotFoundException", "Key '" + ArnOf(kUnknownKey) + "' does not exist");
}

TEST_F(KmsPrecedenceTest, TagResourceOfUnknownKeyIsNotFoundEvenWithAReservedTag) {
  ExpectError(ErrorOf([&] {
                Call("TagResource", {{"KeyId", kUnknownKey}, {"Tags", TagsOf("aws:x", "b")}});
              }),
              "NotFoundException", "Key '" + ArnOf(kUnknownKey) + "' does not exist");
}

TEST_F(KmsPrecedenceTest, AKeyIdThatIsNoKeyIdIsNotFoundWithTheIdInQuotes) {
  ExpectError(ErrorOf([&] { Encrypt("not-a-key", "x"); }), "NotFoundException",
              "Invalid keyId 'not-a-key'");
}

TEST_F(KmsPrecedenceTest, AKeyArnOfAnotherRegionIsNotFoundNamingThatRegion) {
  const std::string arn = "arn:aws:kms:us-west-2:111122223333:key/" + NewKeyId();
  ExpectError(ErrorOf([&] { Encrypt(arn, "x"); }), "NotFoundException", "Invalid arn us-west-2");
}

TEST_F(KmsPrecedenceTest, DescribeKeyOfAKeyArnOfAnotherRegionIsNotFoundNamingThatRegion) {
  const std::string arn = "arn:aws:kms:eu-west-1:111122223333:key/" + NewKeyId();
  ExpectError(ErrorOf([&] { Describe(arn); }), "NotFoundException", "Invalid arn eu-west-1");
}

TEST_F(KmsPrecedenceTest, TagResourceWithTwoEqualKeysIsDuplicateTagKeys) {
  const std::string id = NewKeyId();
  ExpectError(ErrorOf([&] {
                Call("TagResource", {{"KeyId", id}, {"Tags", TagsOf("a", "a")}});
              }),
              "TagException", "Duplicate tag keys");
}

TEST_F(KmsPrecedenceTest, CreateKeyWithMoreThanFiftyTagsIsTooManyTags) {
  json::array tags;
  for (int i = 0; i < 51; ++i) {
    tags.push_back(json::object{{"TagKey", "k" + std::to_string(i)}, {"TagValue", "v"}});
  }
  ExpectError(ErrorOf([&] {
                Call("CreateKey", {{"Tags", tags}});
              }),
              "TagException", "Too many tags");
}

TEST_F(KmsPrecedenceTest, CreateKeyWithAReservedTagKeyHasNoFinalPeriod) {
  ExpectError(ErrorOf([&] {
                Call("CreateKey", {{"Tags", TagsOf("aws:a", "b")}});
              }),
              "TagException", "Tags beginning with aws: are reserved");
}

TEST_F(KmsPrecedenceTest, DecryptNamingAnHmacKeyIsIncorrectKeyBeforeKeyUsage) {
  const json::object sealed = Encrypt(NewKeyId(), "x");
  const std::string hmac(
      NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})").at("KeyId").as_string());
  ExpectError(ErrorOf([&] { Decrypt(sealed.at("CiphertextBlob"), "{}", hmac); }),
              "IncorrectKeyException",
              "The key ID in the request does not identify a CMK that can perform this "
              "operation.");
}

TEST_F(KmsPrecedenceTest, ReEncryptNamingAnotherSourceKeyIsIncorrectKey) {
  const std::string key = NewKeyId();
  const json::object sealed = Encrypt(key, "x");
  ExpectError(ErrorOf([&] {
                Call("ReEncrypt", {{"CiphertextBlob", sealed.at("CiphertextBlob")},
                                   {"SourceKeyId", NewKeyId()},
                                   {"DestinationKeyId", key}});
              }),
              "IncorrectKeyException",
              "The key ID in the request does not identify a CMK that can perform this "
              "operation.");
}

TEST_F(KmsPrecedenceTest, CreateKeyOfAnHmacSpecWithoutKeyUsageAsksForOne) {
  ExpectError(ErrorOf([&] { NewKey(R"({"KeySpec":"HMAC_256"})"); }), "ValidationException",
              "You must specify a KeyUsage value for all KMS keys except for symmetric "
              "encryption keys.");
}

TEST_F(KmsPrecedenceTest, CreateKeyOfAnAsymmetricSpecWithoutKeyUsageAsksForOne) {
  ExpectError(ErrorOf([&] { NewKey(R"({"KeySpec":"ECC_NIST_P256"})"); }), "ValidationException",
              "You must specify a KeyUsage value for all KMS keys except for symmetric "
              "encryption keys.");
}

TEST_F(KmsPrecedenceTest, MacAlgorithmOutsideTheEnumListsItInAwsOrder) {
  const std::string id(
      NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})").at("KeyId").as_string());
  ExpectError(
      ErrorOf([&] {
        Call("GenerateMac", {{"KeyId", id}, {"Message", B64("m")}, {"MacAlgorithm", "HMAC_MD5"}});
      }),
      "ValidationException",
      "1 validation error detected: Value 'HMAC_MD5' at 'macAlgorithm' failed to satisfy "
      "constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, "
      "HMAC_SHA_224, HMAC_SHA_512]");
}

// RSAES-OAEP takes at most the modulus size less twice the digest size less 2 bytes.
class KmsRsaLimitTest
    : public testing::KmsTest,
      public ::testing::WithParamInterface<std::tuple<std::string, std::string, size_t>> {};

TEST_P(KmsRsaLimitTest, EncryptOneByteOverTheLimitNamesAlgorithmSpecAndLimit) {
  const auto& [spec, algorithm, limit] = GetParam();
  const std::string id(NewKey(R"({"KeySpec":")" + spec + R"(","KeyUsage":"ENCRYPT_DECRYPT"})")
                           .at("KeyId")
                           .as_string());
  auto encrypt = [&](size_t n) {
    Call("Encrypt", {{"KeyId", id},
                     {"Plaintext", B64(std::string(n, 'p'))},
                     {"EncryptionAlgorithm", algorithm}});
  };
  EXPECT_NO_THROW(encrypt(limit));
  const AwsError error = ErrorOf([&] { encrypt(limit + 1); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(std::string(error.what()), "Algorithm " + algorithm + " and key spec " + spec +
                                           " cannot encrypt data larger than " +
                                           std::to_string(limit) + " bytes.");
}

INSTANTIATE_TEST_SUITE_P(AwsLimits, KmsRsaLimitTest,
                         ::testing::Values(std::make_tuple("RSA_2048", "RSAES_OAEP_SHA_1", 214),
                                           std::make_tuple("RSA_2048", "RSAES_OAEP_SHA_256", 190),
                                           std::make_tuple("RSA_3072", "RSAES_OAEP_SHA_1", 342),
                                           std::make_tuple("RSA_3072", "RSAES_OAEP_SHA_256", 318),
                                           std::make_tuple("RSA_4096", "RSAES_OAEP_SHA_1", 470),
                                           std::make_tuple("RSA_4096", "RSAES_OAEP_SHA_256", 446)));

}  // namespace
}  // namespace nimbus::kms
