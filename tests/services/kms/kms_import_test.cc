// Imported key material: keys with Origin EXTERNAL, GetParametersForImport, ImportKeyMaterial
// (the material wrapped here as a client wraps it, with OpenSSL), expiry, and
// DeleteImportedKeyMaterial.
#include <memory>
#include <string>
#include <utility>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/aws_error.h"
#include "services/kms/key_material.h"
#include "services/kms/kms_test_support.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using testing::B64;
using testing::ErrorOf;
using testing::kDay;
using testing::Unb64;

const std::string kMaterial(32, '\x2a');

// RSAES-OAEP with SHA-256 (or SHA-1) under a DER SubjectPublicKeyInfo, as a client wraps.
std::string OaepWrap(const std::string& public_der, const std::string& plaintext, bool sha1) {
  const auto* p = reinterpret_cast<const unsigned char*>(public_der.data());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      d2i_PUBKEY(nullptr, &p, static_cast<long>(public_der.size())), &EVP_PKEY_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new(key.get(), nullptr), &EVP_PKEY_CTX_free);
  const EVP_MD* md = sha1 ? EVP_sha1() : EVP_sha256();
  EVP_PKEY_encrypt_init(ctx.get());
  EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING);
  EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md);
  EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md);
  size_t size = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(plaintext.data());
  EVP_PKEY_encrypt(ctx.get(), nullptr, &size, in, plaintext.size());
  std::string out(size, '\0');
  EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, in,
                   plaintext.size());
  out.resize(size);
  return out;
}

// RSA_AES_KEY_WRAP_SHA_256: an OAEP-wrapped AES-256 key, then the material under AES-KWP.
std::string AesKeyWrap(const std::string& public_der, const std::string& material) {
  const std::string aes(32, '\x11');
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_wrap_pad(), nullptr,
                     reinterpret_cast<const unsigned char*>(aes.data()), nullptr);
  std::string out(material.size() + 16, '\0');
  int size = 0;
  int tail = 0;
  EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size,
                    reinterpret_cast<const unsigned char*>(material.data()),
                    static_cast<int>(material.size()));
  EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + size, &tail);
  out.resize(static_cast<size_t>(size + tail));
  return OaepWrap(public_der, aes, false) + out;
}

class KmsImportTest : public testing::KmsTest {
 protected:
  std::string NewExternalKey(std::string_view extra = "") {
    return std::string(
        NewKey(R"({"Origin":"EXTERNAL")" + std::string(extra) + "}").at("KeyId").as_string());
  }
  json::object Parameters(const std::string& key,
                          std::string_view algorithm = "RSAES_OAEP_SHA_256") {
    return Call("GetParametersForImport",
                {{"KeyId", key}, {"WrappingAlgorithm", algorithm}, {"WrappingKeySpec", "RSA_2048"}})
        .as_object();
  }
  // Imports `material` wrapped with RSAES_OAEP_SHA_256, material that does not expire.
  json::object Import(const std::string& key, const std::string& material = kMaterial,
                      json::object extra = {{"ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE"}}) {
    return ImportWith(key, Parameters(key), false, material, std::move(extra));
  }
  // Imports `material` into `key` with the token and wrapping key of `params` (from
  // GetParametersForImport of `key`, or of another key), wrapped with RSAES-OAEP and SHA-256
  // (SHA-1 if `sha1`).
  json::object ImportWith(const std::string& key, const json::object& params, bool sha1 = false,
                          const std::string& material = kMaterial,
                          json::object extra = {
                              {"ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE"}}) {
    extra["KeyId"] = key;
    extra["ImportToken"] = params.at("ImportToken");
    extra["EncryptedKeyMaterial"] = B64(OaepWrap(Unb64(params.at("PublicKey")), material, sha1));
    return Call("ImportKeyMaterial", extra).as_object();
  }
  std::string State(const std::string& key) {
    return std::string(Describe(key).at("KeyState").as_string());
  }
};

TEST_F(KmsImportTest, AnExternalKeyStartsPendingImport) {
  EXPECT_EQ(State(NewExternalKey()), "PendingImport");
}

TEST_F(KmsImportTest, GetParametersForImportIsValidForTwentyFourHours) {
  const std::string key = NewExternalKey();
  const json::object params = Parameters(key);
  EXPECT_EQ(params.at("KeyId"), json::value(ArnOf(key)));
  EXPECT_EQ(params.at("ParametersValidTo").to_number<double>(),
            core::EpochSeconds(rt_.clock.NowMillis() + kDay));
  EXPECT_FALSE(params.at("ImportToken").as_string().empty());
}

TEST_F(KmsImportTest, GetParametersForImportOfAKmsKeyIsUnsupportedOperation) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] { Parameters(key); }).code(), "UnsupportedOperationException");
}

TEST_F(KmsImportTest, ImportedMaterialEnablesTheKeyForEncryption) {
  const std::string key = NewExternalKey();
  const json::object imported = Import(key);
  EXPECT_EQ(imported.at("KeyId"), json::value(ArnOf(key)));
  EXPECT_EQ(State(key), "Enabled");
  EXPECT_EQ(Unb64(Decrypt(Encrypt(key, "secret").at("CiphertextBlob")).at("Plaintext")), "secret");
}

TEST_F(KmsImportTest, MaterialWrappedWithRsaAesKeyWrapImports) {
  const std::string key = NewExternalKey();
  const json::object params = Parameters(key, "RSA_AES_KEY_WRAP_SHA_256");
  Call("ImportKeyMaterial",
       {{"KeyId", key},
        {"ImportToken", params.at("ImportToken")},
        {"EncryptedKeyMaterial", B64(AesKeyWrap(Unb64(params.at("PublicKey")), kMaterial))},
        {"ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE"}});
  EXPECT_EQ(State(key), "Enabled");
}

TEST_F(KmsImportTest, ImportedHmacMaterialIsTheMacKey) {
  const std::string key =
      NewExternalKey(R"(,"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC")");
  Import(key);
  const json::value mac =
      Call("GenerateMac", {{"KeyId", key}, {"Message", B64("m")}, {"MacAlgorithm", "HMAC_SHA_256"}})
          .at("Mac");
  EXPECT_EQ(Unb64(mac), ComputeMac(kMaterial, "HMAC_SHA_256", "m"));
}

TEST_F(KmsImportTest, ExpiringMaterialShowsValidToAndExpirationModel) {
  const std::string key = NewExternalKey();
  const double valid_to = core::EpochSeconds(rt_.clock.NowMillis() + 2 * kDay);
  Import(key, kMaterial, {{"ExpirationModel", "KEY_MATERIAL_EXPIRES"}, {"ValidTo", valid_to}});
  const json::object meta = Describe(key);
  EXPECT_EQ(meta.at("ValidTo").to_number<double>(), valid_to);
  EXPECT_EQ(meta.at("ExpirationModel"), "KEY_MATERIAL_EXPIRES");
}

TEST_F(KmsImportTest, ExpiredMaterialMakesTheKeyPendingImportAgain) {
  const std::string key = NewExternalKey();
  Import(key, kMaterial, {{"ValidTo", core::EpochSeconds(rt_.clock.NowMillis() + kDay)}});
  rt_.clock.Advance(kDay);
  EXPECT_EQ(State(key), "PendingImport");
  EXPECT_EQ(ErrorOf([&] { Encrypt(key, "x"); }).code(), "KMSInvalidStateException");
}

TEST_F(KmsImportTest, ACiphertextOfExpiredMaterialNoLongerDecrypts) {
  const std::string key = NewExternalKey();
  Import(key, kMaterial, {{"ValidTo", core::EpochSeconds(rt_.clock.NowMillis() + kDay)}});
  const json::value blob = Encrypt(key, "x").at("CiphertextBlob");
  rt_.clock.Advance(kDay);
  EXPECT_EQ(ErrorOf([&] { Decrypt(blob); }).code(), "KMSInvalidStateException");
}

TEST_F(KmsImportTest, ExpiringMaterialWithoutValidToIsValidationException) {
  const std::string key = NewExternalKey();
  EXPECT_EQ(ErrorOf([&] {
              Import(key, kMaterial, {{"ExpirationModel", "KEY_MATERIAL_EXPIRES"}});
            }).code(),
            "ValidationException");
}

TEST_F(KmsImportTest, ATokenOfAnotherKeyIsInvalidImportToken) {
  const std::string key = NewExternalKey();
  const json::object params = Parameters(NewExternalKey());
  EXPECT_EQ(ErrorOf([&] { ImportWith(key, params); }).code(), "InvalidImportTokenException");
}

TEST_F(KmsImportTest, ATokenOlderThanTwentyFourHoursIsExpiredImportToken) {
  const std::string key = NewExternalKey();
  const json::object params = Parameters(key);
  rt_.clock.Advance(kDay);
  EXPECT_EQ(ErrorOf([&] { ImportWith(key, params); }).code(), "ExpiredImportTokenException");
}

TEST_F(KmsImportTest, MaterialWrappedWithTheWrongAlgorithmIsInvalidCiphertext) {
  const std::string key = NewExternalKey();
  const json::object params = Parameters(key);
  EXPECT_EQ(ErrorOf([&] { ImportWith(key, params, /*sha1=*/true); }).code(),
            "InvalidCiphertextException");
}

TEST_F(KmsImportTest, OtherMaterialThanTheFirstImportIsIncorrectKeyMaterial) {
  const std::string key = NewExternalKey();
  Import(key);
  Call("DeleteImportedKeyMaterial", {{"KeyId", key}});
  EXPECT_EQ(ErrorOf([&] { Import(key, std::string(32, '\x07')); }).code(),
            "IncorrectKeyMaterialException");
}

TEST_F(KmsImportTest, DeleteImportedKeyMaterialMakesTheKeyPendingImport) {
  const std::string key = NewExternalKey();
  Import(key);
  Call("DeleteImportedKeyMaterial", {{"KeyId", key}});
  EXPECT_EQ(State(key), "PendingImport");
}

TEST_F(KmsImportTest, ReimportingTheSameMaterialDecryptsEarlierCiphertexts) {
  const std::string key = NewExternalKey();
  Import(key);
  const json::value blob = Encrypt(key, "kept").at("CiphertextBlob");
  Call("DeleteImportedKeyMaterial", {{"KeyId", key}});
  Import(key);
  EXPECT_EQ(Unb64(Decrypt(blob).at("Plaintext")), "kept");
}

TEST_F(KmsImportTest, DeleteImportedKeyMaterialOfAKmsKeyIsUnsupportedOperation) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteImportedKeyMaterial", {{"KeyId", key}});
            }).code(),
            "UnsupportedOperationException");
}

// Asymmetric keys take their PKCS#8 private key, wrapped with RSA_AES_KEY_WRAP (an RSA private
// key is larger than RSAES-OAEP can wrap).

class KmsAsymmetricImportTest : public KmsImportTest {
 protected:
  // Imports `material` into `key` wrapped with RSA_AES_KEY_WRAP_SHA_256.
  json::object ImportKeyPair(const std::string& key, const std::string& material) {
    const json::object params = Parameters(key, "RSA_AES_KEY_WRAP_SHA_256");
    return Call("ImportKeyMaterial",
                {{"KeyId", key},
                 {"ImportToken", params.at("ImportToken")},
                 {"EncryptedKeyMaterial", B64(AesKeyWrap(Unb64(params.at("PublicKey")), material))},
                 {"ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE"}})
        .as_object();
  }
  std::string Sign(const std::string& key, std::string_view algorithm) {
    return Unb64(
        Call("Sign", {{"KeyId", key}, {"Message", B64("signed")}, {"SigningAlgorithm", algorithm}})
            .at("Signature"));
  }
};

TEST_F(KmsAsymmetricImportTest, AnImportedRsaKeyIsEnabledAndShowsItsPublicKey) {
  const std::string material = GenerateKeyMaterial("RSA_2048");
  const std::string key = NewExternalKey(R"(, "KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY")");
  ImportKeyPair(key, material);
  EXPECT_EQ(State(key), "Enabled");
  EXPECT_EQ(Unb64(Call("GetPublicKey", {{"KeyId", key}}).at("PublicKey")), PublicKeyDer(material));
}

TEST_F(KmsAsymmetricImportTest, AnImportedRsaKeySignsWithTheImportedPrivateKey) {
  const std::string material = GenerateKeyMaterial("RSA_2048");
  const std::string key = NewExternalKey(R"(, "KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY")");
  ImportKeyPair(key, material);
  EXPECT_TRUE(VerifySignature(material, "RSASSA_PSS_SHA_256", "signed", false,
                              Sign(key, "RSASSA_PSS_SHA_256")));
}

TEST_F(KmsAsymmetricImportTest, AnImportedEccKeySignsWithTheImportedPrivateKey) {
  const std::string material = GenerateKeyMaterial("ECC_NIST_P256");
  const std::string key =
      NewExternalKey(R"(, "KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY")");
  ImportKeyPair(key, material);
  EXPECT_TRUE(
      VerifySignature(material, "ECDSA_SHA_256", "signed", false, Sign(key, "ECDSA_SHA_256")));
}

TEST_F(KmsAsymmetricImportTest, AnImportedRsaEncryptionKeyDecryptsWithTheImportedPrivateKey) {
  const std::string material = GenerateKeyMaterial("RSA_2048");
  const std::string key =
      NewExternalKey(R"(, "KeySpec": "RSA_2048", "KeyUsage": "ENCRYPT_DECRYPT")");
  ImportKeyPair(key, material);
  const json::value blob = Call("Encrypt", {{"KeyId", key},
                                            {"Plaintext", B64("secret")},
                                            {"EncryptionAlgorithm", "RSAES_OAEP_SHA_256"}})
                               .at("CiphertextBlob");
  EXPECT_EQ(RsaDecrypt(material, "RSAES_OAEP_SHA_256", Unb64(blob)), "secret");
}

TEST_F(KmsAsymmetricImportTest, AnRsaKeyOfAnotherSizeIsIncorrectKeyMaterial) {
  const std::string key = NewExternalKey(R"(, "KeySpec": "RSA_3072", "KeyUsage": "SIGN_VERIFY")");
  EXPECT_EQ(ErrorOf([&] { ImportKeyPair(key, GenerateKeyMaterial("RSA_2048")); }).code(),
            "IncorrectKeyMaterialException");
}

TEST_F(KmsAsymmetricImportTest, AnEccKeyOfAnotherCurveIsIncorrectKeyMaterial) {
  const std::string key =
      NewExternalKey(R"(, "KeySpec": "ECC_NIST_P384", "KeyUsage": "SIGN_VERIFY")");
  EXPECT_EQ(ErrorOf([&] { ImportKeyPair(key, GenerateKeyMaterial("ECC_NIST_P256")); }).code(),
            "IncorrectKeyMaterialException");
}

TEST_F(KmsAsymmetricImportTest, MaterialThatIsNoPrivateKeyIsIncorrectKeyMaterial) {
  const std::string key =
      NewExternalKey(R"(, "KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY")");
  EXPECT_EQ(ErrorOf([&] { ImportKeyPair(key, kMaterial); }).code(),
            "IncorrectKeyMaterialException");
}

}  // namespace
}  // namespace nimbus::kms
