// SecureString parameters: encrypted and decrypted through the KMS provider, as the caller.
#include <regex>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/text.h"
#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::FailureOf;
using testing::MessageOf;

class SecureStringTest : public testing::ParameterTest {
 protected:
  // The stored (not decrypted) value of `name`.
  std::string Stored(std::string_view name) { return Value(name); }

  // KMS Decrypt of a stored value with the parameter's encryption context.
  json::value KmsDecrypt(const std::string& blob, std::string_view name) {
    return Kms("Decrypt", {{"CiphertextBlob", blob},
                           {"EncryptionContext",
                            {{"PARAMETER_ARN", "arn:aws:ssm:us-east-1:111122223333:parameter" +
                                                   std::string(name)}}}});
  }
  std::string KeyArn(std::string_view key) {
    return std::string(
        Kms("DescribeKey", {{"KeyId", key}}).at("KeyMetadata").at("Arn").as_string());
  }
  std::string Decrypted(std::string_view name) {
    return std::string(Call("GetParameter", {{"Name", name}, {"WithDecryption", true}})
                           .at("Parameter")
                           .at("Value")
                           .as_string());
  }
};

TEST_F(SecureStringTest, TheStoredValueIsAKmsCiphertextOfTheDefaultKey) {
  Put(R"({"Name":"/s","Value":"hunter2","Type":"SecureString"})");
  const json::value opened = KmsDecrypt(Stored("/s"), "/s");
  EXPECT_EQ(opened.at("Plaintext").as_string(), core::Base64Encode("hunter2"));
  EXPECT_EQ(opened.at("KeyId").as_string(), KeyArn("alias/aws/ssm"));
}

TEST_F(SecureStringTest, TheCiphertextIsBoundToTheParameterArn) {
  Put(R"({"Name":"/s","Value":"hunter2","Type":"SecureString"})");
  EXPECT_EQ(ErrorOf([&] { KmsDecrypt(Stored("/s"), "/other"); }), "InvalidCiphertextException");
}

TEST_F(SecureStringTest, WithDecryptionGetReturnsThePlaintext) {
  Put(R"({"Name":"/s","Value":"hunter2","Type":"SecureString"})");
  EXPECT_EQ(Decrypted("/s"), "hunter2");
}

TEST_F(SecureStringTest, DescribeNamesTheDefaultKeyAlias) {
  Put(R"({"Name":"/s","Value":"hunter2","Type":"SecureString"})");
  EXPECT_EQ(
      Call("DescribeParameters", json::object{}).at("Parameters").at(0).at("KeyId").as_string(),
      "alias/aws/ssm");
}

TEST_F(SecureStringTest, AGivenKeyEncryptsAndIsRecordedAsGiven) {
  const std::string key_id = CreateKey("alias/app");
  Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/app"})");
  EXPECT_EQ(KmsDecrypt(Stored("/s"), "/s").at("KeyId").as_string(), KeyArn(key_id));
  EXPECT_EQ(
      Call("GetParameterHistory", {{"Name", "/s"}}).at("Parameters").at(0).at("KeyId").as_string(),
      "alias/app");
}

TEST_F(SecureStringTest, AnOverwriteKeepsTheKeyOfTheLastVersion) {
  const std::string key_id = CreateKey("alias/app");
  Put(R"({"Name":"/s","Value":"p1","Type":"SecureString","KeyId":"alias/app"})");
  Put(R"({"Name":"/s","Value":"p2","Overwrite":true})");
  EXPECT_EQ(KmsDecrypt(Stored("/s"), "/s").at("KeyId").as_string(), KeyArn(key_id));
  EXPECT_EQ(Decrypted("/s"), "p2");
}

TEST_F(SecureStringTest, AnUnknownKeyIsInvalidKeyIdAndStoresNothing) {
  EXPECT_EQ(FailureOf([&] {
              Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/none"})");
            }),
            (testing::Failure{"InvalidKeyId", "Invalid keyId alias/none"}));
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/s"})"); }), "ParameterNotFound");
}

TEST_F(SecureStringTest, AKeyOfAnotherAccountIsInvalidKeyId) {
  const std::string arn =
      "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  EXPECT_EQ(MessageOf([&] {
              Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":")" + arn + R"("})");
            }),
            "Invalid keyId " + arn);
}

TEST_F(SecureStringTest, KeyIdOnAPlainStringIsAValidationError) {
  CreateKey("alias/app");
  EXPECT_EQ(
      FailureOf([&] { Put(R"({"Name":"/s","Value":"p","Type":"String","KeyId":"alias/app"})"); }),
      (testing::Failure{"ValidationException",
                        "KeyId is required for SecureString type parameter only."}));
}

TEST_F(SecureStringTest, ADisabledKeyMakesDecryptionInvalidKeyIdQuotingKms) {
  const std::string key_id = CreateKey("alias/app");
  Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/app"})");
  const std::string stored = Stored("/s");
  Kms("DisableKey", {{"KeyId", key_id}});
  const std::string kms_message = MessageOf([&] { KmsDecrypt(stored, "/s"); });
  const testing::Failure failure = FailureOf([&] { Decrypted("/s"); });
  EXPECT_EQ(failure.code, "InvalidKeyId");
  EXPECT_TRUE(failure.members.empty());
  const std::string suffix = failure.message.value_or("").substr(kms_message.size());
  EXPECT_EQ(failure.message.value_or("").substr(0, kms_message.size()), kms_message);
  EXPECT_TRUE(std::regex_match(suffix, std::regex(R"( \(Service: AWSKMS; Status Code: 400; )"
                                                  R"(Error Code: DisabledException; )"
                                                  R"(Request ID: [0-9a-f-]{36}\))")))
      << suffix;
}

TEST_F(SecureStringTest, WithoutDecryptionADisabledKeyStillGivesTheCiphertext) {
  const std::string key_id = CreateKey("alias/app");
  Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/app"})");
  const std::string stored = Stored("/s");
  Kms("DisableKey", {{"KeyId", key_id}});
  EXPECT_EQ(Stored("/s"), stored);
}

TEST_F(SecureStringTest, EncryptingWithADisabledKeyIsInvalidKeyIdQuotingKms) {
  const std::string key_id = CreateKey("alias/app");
  Kms("DisableKey", {{"KeyId", key_id}});
  const std::string message = MessageOf(
      [&] { Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/app"})"); });
  EXPECT_NE(message.find("; Error Code: DisabledException; "), std::string::npos) << message;
}

// KMS Encrypt takes at most 4096 bytes; an Advanced value up to 8192 is encrypted in pieces.
TEST_F(SecureStringTest, AnAdvancedValueLongerThanKmsTakesRoundTrips) {
  std::string value;
  for (int i = 0; value.size() < 8192; ++i) value += std::to_string(i % 10);
  Call("PutParameter",
       {{"Name", "/big"}, {"Value", value}, {"Type", "SecureString"}, {"Tier", "Advanced"}});
  EXPECT_EQ(Decrypted("/big"), value);
  EXPECT_EQ(core::Split(Stored("/big"), ':').size(), 2u);
}

}  // namespace
}  // namespace nimbus::ssm
