// KMS cryptographic operations through the dispatcher: Encrypt, Decrypt, ReEncrypt, data keys,
// GenerateRandom, asymmetric keys, HMAC keys, DryRun.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "services/kms/ciphertext.h"
#include "services/kms/key_material.h"
#include "services/kms/kms_test_support.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using test::ErrorCode;
using test::Json;
using testing::B64;
using testing::kDay;
using testing::Unb64;

class KmsCryptoTest : public testing::KmsTest {};

TEST_F(KmsCryptoTest, EncryptDecryptRoundTripWithContext) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "secret value", R"({"purpose":"test"})");
  EXPECT_EQ(enc.at("KeyId").as_string(), "arn:aws:kms:us-east-1:111122223333:key/" + id);
  EXPECT_EQ(enc.at("EncryptionAlgorithm").as_string(), "SYMMETRIC_DEFAULT");
  const std::string blob = Unb64(enc.at("CiphertextBlob"));
  EXPECT_EQ(blob.find("secret value"), std::string::npos);
  const json::object dec = Decrypt(enc.at("CiphertextBlob"), R"({"purpose":"test"})");
  EXPECT_EQ(Unb64(dec.at("Plaintext")), "secret value");
  EXPECT_EQ(dec.at("KeyId").as_string(), enc.at("KeyId").as_string());
}

TEST_F(KmsCryptoTest, DecryptWithWrongContextIsInvalidCiphertext) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "x", R"({"a":"1"})");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob"), R"({"a":"2"})"); }),
            "InvalidCiphertextException");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "InvalidCiphertextException");
}

TEST_F(KmsCryptoTest, DecryptOfTamperedOrForeignBlobIsInvalidCiphertext) {
  const std::string id = NewKeyId();
  std::string blob = Unb64(Encrypt(id, "hello").at("CiphertextBlob"));
  blob.back() = static_cast<char>(blob.back() ^ 1);
  EXPECT_EQ(ErrorCode([&] { Decrypt(json::value(B64(blob))); }), "InvalidCiphertextException");
  EXPECT_EQ(ErrorCode([&] { Decrypt(json::value(B64("not a kms blob at all"))); }),
            "InvalidCiphertextException");
}

TEST_F(KmsCryptoTest, DecryptWithOtherKeyIdIsIncorrectKey) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  const json::object enc = Encrypt(a, "x");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob"), "{}", b); }),
            "IncorrectKeyException");
  EXPECT_EQ(Unb64(Decrypt(enc.at("CiphertextBlob"), "{}", a).at("Plaintext")), "x");
}

TEST_F(KmsCryptoTest, DisabledKeyRejectsEncryptAndDecrypt) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "x");
  Call("DisableKey", {{"KeyId", id}});
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Disabled");
  EXPECT_EQ(Describe(id).at("Enabled").as_bool(), false);
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "y"); }, &message), "DisabledException");
  EXPECT_EQ(message, "arn:aws:kms:us-east-1:111122223333:key/" + id + " is disabled.");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "DisabledException");
  Call("EnableKey", {{"KeyId", id}});
  EXPECT_EQ(Unb64(Decrypt(enc.at("CiphertextBlob")).at("Plaintext")), "x");
}

TEST_F(KmsCryptoTest, ReEncryptMovesCiphertextToAnotherKeyAndContext) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  const json::object enc = Encrypt(a, "moving", R"({"from":"a"})");
  const json::object out =
      Call("ReEncrypt", {{"CiphertextBlob", enc.at("CiphertextBlob")},
                         {"SourceEncryptionContext", Json(R"({"from":"a"})")},
                         {"DestinationKeyId", b},
                         {"DestinationEncryptionContext", Json(R"({"to":"b"})")}})
          .as_object();
  EXPECT_EQ(out.at("SourceKeyId").as_string(), "arn:aws:kms:us-east-1:111122223333:key/" + a);
  EXPECT_EQ(out.at("KeyId").as_string(), "arn:aws:kms:us-east-1:111122223333:key/" + b);
  const json::object dec = Decrypt(out.at("CiphertextBlob"), R"({"to":"b"})");
  EXPECT_EQ(Unb64(dec.at("Plaintext")), "moving");
  EXPECT_EQ(dec.at("KeyId").as_string(), out.at("KeyId").as_string());
}

TEST_F(KmsCryptoTest, ReEncryptWithWrongSourceContextIsInvalidCiphertext) {
  const std::string a = NewKeyId();
  const json::object enc = Encrypt(a, "x", R"({"k":"v"})");
  EXPECT_EQ(
      ErrorCode([&] {
        Call("ReEncrypt", {{"CiphertextBlob", enc.at("CiphertextBlob")}, {"DestinationKeyId", a}});
      }),
      "InvalidCiphertextException");
}

TEST_F(KmsCryptoTest, GenerateDataKeyPlaintextDecryptsFromBlob) {
  const std::string id = NewKeyId();
  const json::object out =
      Call("GenerateDataKey", {{"KeyId", id}, {"KeySpec", "AES_128"}}).as_object();
  const std::string plaintext = Unb64(out.at("Plaintext"));
  EXPECT_EQ(plaintext.size(), 16u);
  EXPECT_EQ(Unb64(Decrypt(out.at("CiphertextBlob")).at("Plaintext")), plaintext);
  const json::object sized =
      Call("GenerateDataKey", {{"KeyId", id}, {"NumberOfBytes", 64}}).as_object();
  EXPECT_EQ(Unb64(sized.at("Plaintext")).size(), 64u);
  EXPECT_EQ(ErrorCode([&] { Call("GenerateDataKey", {{"KeyId", id}}); }), "ValidationException");
  const json::object without =
      Call("GenerateDataKeyWithoutPlaintext", {{"KeyId", id}, {"KeySpec", "AES_256"}}).as_object();
  EXPECT_FALSE(without.contains("Plaintext"));
  EXPECT_EQ(Unb64(Decrypt(without.at("CiphertextBlob")).at("Plaintext")).size(), 32u);
}

TEST_F(KmsCryptoTest, GenerateRandomReturnsRequestedBytes) {
  const json::object out = Call("GenerateRandom", {{"NumberOfBytes", 48}}).as_object();
  EXPECT_EQ(Unb64(out.at("Plaintext")).size(), 48u);
  const json::object other = Call("GenerateRandom", {{"NumberOfBytes", 48}}).as_object();
  EXPECT_NE(out.at("Plaintext"), other.at("Plaintext"));
}

TEST_F(KmsCryptoTest, GenerateDataKeyPairSealsThePrivateKey) {
  const std::string id = NewKeyId();
  const json::object pair =
      Call("GenerateDataKeyPair", {{"KeyId", id}, {"KeyPairSpec", "ECC_NIST_P256"}}).as_object();
  EXPECT_EQ(pair.at("KeyPairSpec").as_string(), "ECC_NIST_P256");
  const std::string private_key = Unb64(pair.at("PrivateKeyPlaintext"));
  EXPECT_EQ(Unb64(pair.at("PublicKey")), PublicKeyDer(private_key));
  EXPECT_EQ(Unb64(Decrypt(pair.at("PrivateKeyCiphertextBlob")).at("Plaintext")), private_key);
  const json::object without =
      Call("GenerateDataKeyPairWithoutPlaintext", {{"KeyId", id}, {"KeyPairSpec", "RSA_2048"}})
          .as_object();
  EXPECT_FALSE(without.contains("PrivateKeyPlaintext"));
  EXPECT_EQ(Unb64(without.at("PublicKey")),
            PublicKeyDer(Unb64(Decrypt(without.at("PrivateKeyCiphertextBlob")).at("Plaintext"))));
}

TEST_F(KmsCryptoTest, DryRunChecksButDoesNotEncrypt) {
  const std::string id = NewKeyId();
  json::object in{{"KeyId", id}, {"Plaintext", B64("x")}, {"DryRun", true}};
  EXPECT_EQ(ErrorCode([&] { Call("Encrypt", in); }), "DryRunOperationException");
  Call("DisableKey", {{"KeyId", id}});
  EXPECT_EQ(ErrorCode([&] { Call("Encrypt", in); }), "DisabledException");
}

TEST_F(KmsCryptoTest, DryRunOnUnusedManagedAliasCreatesNoKey) {
  json::object in{{"KeyId", "alias/aws/ssm"}, {"Plaintext", B64("x")}, {"DryRun", true}};
  EXPECT_EQ(ErrorCode([&] { Call("Encrypt", in); }), "DryRunOperationException");
  EXPECT_TRUE(Call("ListKeys").at("Keys").as_array().empty());
}

TEST_F(KmsCryptoTest, RsaEncryptDecryptNeedsKeyIdAndAlgorithm) {
  const std::string id(
      NewKey(R"({"KeySpec":"RSA_2048","KeyUsage":"ENCRYPT_DECRYPT"})").at("KeyId").as_string());
  json::object in{{"KeyId", id},
                  {"Plaintext", B64("rsa secret")},
                  {"EncryptionAlgorithm", "RSAES_OAEP_SHA_256"}};
  const json::object enc = Call("Encrypt", in).as_object();
  EXPECT_EQ(enc.at("EncryptionAlgorithm").as_string(), "RSAES_OAEP_SHA_256");
  EXPECT_EQ(Unb64(enc.at("CiphertextBlob")).size(), 256u);
  const json::object dec = Call("Decrypt", {{"KeyId", id},
                                            {"CiphertextBlob", enc.at("CiphertextBlob")},
                                            {"EncryptionAlgorithm", "RSAES_OAEP_SHA_256"}})
                               .as_object();
  EXPECT_EQ(Unb64(dec.at("Plaintext")), "rsa secret");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "InvalidCiphertextException");
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "x"); }), "InvalidKeyUsageException");
  in["Plaintext"] = B64(std::string(300, 'p'));
  EXPECT_EQ(ErrorCode([&] { Call("Encrypt", in); }), "ValidationException");
}

TEST_F(KmsCryptoTest, RsaSignVerifyAndPublicKey) {
  const json::object meta = NewKey(R"({"KeySpec":"RSA_2048","KeyUsage":"SIGN_VERIFY"})");
  const std::string id(meta.at("KeyId").as_string());
  EXPECT_EQ(meta.at("SigningAlgorithms").as_array().size(), 6u);
  EXPECT_FALSE(meta.contains("EncryptionAlgorithms"));
  EXPECT_FALSE(meta.contains("CurrentKeyMaterialId"));
  const json::object pub = Call("GetPublicKey", {{"KeyId", id}}).as_object();
  EXPECT_GT(Unb64(pub.at("PublicKey")).size(), 256u);
  EXPECT_EQ(pub.at("KeyUsage").as_string(), "SIGN_VERIFY");
  for (const char* algorithm : {"RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_512"}) {
    const json::object sig =
        Call("Sign", {{"KeyId", id}, {"Message", B64("to sign")}, {"SigningAlgorithm", algorithm}})
            .as_object();
    EXPECT_EQ(Unb64(sig.at("Signature")).size(), 256u);
    const json::object ok = Call("Verify", {{"KeyId", id},
                                            {"Message", B64("to sign")},
                                            {"Signature", sig.at("Signature")},
                                            {"SigningAlgorithm", algorithm}})
                                .as_object();
    EXPECT_EQ(ok.at("SignatureValid").as_bool(), true);
    EXPECT_EQ(ErrorCode([&] {
                Call("Verify", {{"KeyId", id},
                                {"Message", B64("tampered")},
                                {"Signature", sig.at("Signature")},
                                {"SigningAlgorithm", algorithm}});
              }),
              "KMSInvalidSignatureException");
  }
  EXPECT_EQ(
      ErrorCode([&] {
        Call("Sign", {{"KeyId", id}, {"Message", B64("m")}, {"SigningAlgorithm", "ECDSA_SHA_256"}});
      }),
      "InvalidKeyUsageException");
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "x"); }), "InvalidKeyUsageException");
}

TEST_F(KmsCryptoTest, EccSignsDigests) {
  const std::string id(
      NewKey(R"({"KeySpec":"ECC_NIST_P256","KeyUsage":"SIGN_VERIFY"})").at("KeyId").as_string());
  const std::string digest(32, '\x5a');
  const json::object sig = Call("Sign", {{"KeyId", id},
                                         {"Message", B64(digest)},
                                         {"MessageType", "DIGEST"},
                                         {"SigningAlgorithm", "ECDSA_SHA_256"}})
                               .as_object();
  EXPECT_EQ(Call("Verify", {{"KeyId", id},
                            {"Message", B64(digest)},
                            {"MessageType", "DIGEST"},
                            {"Signature", sig.at("Signature")},
                            {"SigningAlgorithm", "ECDSA_SHA_256"}})
                .as_object()
                .at("SignatureValid")
                .as_bool(),
            true);
  EXPECT_EQ(ErrorCode([&] {
              Call("Sign", {{"KeyId", id},
                            {"Message", B64("short")},
                            {"MessageType", "DIGEST"},
                            {"SigningAlgorithm", "ECDSA_SHA_256"}});
            }),
            "ValidationException");
}

TEST_F(KmsCryptoTest, HmacGenerateAndVerifyMac) {
  const std::string id(
      NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})").at("KeyId").as_string());
  const json::object mac =
      Call("GenerateMac",
           {{"KeyId", id}, {"Message", B64("hello")}, {"MacAlgorithm", "HMAC_SHA_256"}})
          .as_object();
  EXPECT_EQ(Unb64(mac.at("Mac")).size(), 32u);
  EXPECT_EQ(Call("VerifyMac", {{"KeyId", id},
                               {"Message", B64("hello")},
                               {"Mac", mac.at("Mac")},
                               {"MacAlgorithm", "HMAC_SHA_256"}})
                .as_object()
                .at("MacValid")
                .as_bool(),
            true);
  EXPECT_EQ(ErrorCode([&] {
              Call("VerifyMac", {{"KeyId", id},
                                 {"Message", B64("hellO")},
                                 {"Mac", mac.at("Mac")},
                                 {"MacAlgorithm", "HMAC_SHA_256"}});
            }),
            "KMSInvalidMacException");
  EXPECT_EQ(ErrorCode([&] {
              Call("GenerateMac",
                   {{"KeyId", id}, {"Message", B64("hello")}, {"MacAlgorithm", "HMAC_SHA_512"}});
            }),
            "InvalidKeyUsageException");
  const std::string symmetric = NewKeyId();
  EXPECT_EQ(
      ErrorCode([&] {
        Call("GenerateMac",
             {{"KeyId", symmetric}, {"Message", B64("hello")}, {"MacAlgorithm", "HMAC_SHA_256"}});
      }),
      "InvalidKeyUsageException");
  EXPECT_EQ(ErrorCode([&] {
              Call("GetPublicKey", {{"KeyId", symmetric}});
            }),
            "UnsupportedOperationException");
}

TEST_F(KmsCryptoTest, CiphertextBlobCarriesTheKeyId) {
  const std::string blob = SealBlob("my-key", std::string(32, 'k'), "data", {});
  const std::optional<CiphertextBlob> parsed = ParseCiphertextBlob(blob);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->key_id, "my-key");
  EXPECT_EQ(OpenBlob(*parsed, std::string(32, 'k'), {}), "data");
  EXPECT_FALSE(OpenBlob(*parsed, std::string(32, 'j'), {}).has_value());
  EXPECT_FALSE(ParseCiphertextBlob("\x02garbage").has_value());
}

}  // namespace
}  // namespace nimbus::kms
