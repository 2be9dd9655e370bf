// Multi-Region keys (ReplicateKey, UpdatePrimaryRegion, DescribeKey's MultiRegionConfiguration)
// and DeriveSharedSecret on KEY_AGREEMENT keys.
#include <memory>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/aws_error.h"
#include "services/kms/kms_test_support.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using testing::B64;
using testing::ErrorOf;
using testing::Unb64;

class KmsMultiRegionTest : public testing::KmsTest {
 protected:
  std::string NewMultiRegionKey() {
    return std::string(NewKey(R"({"MultiRegion":true})").at("KeyId").as_string());
  }
  json::object Replicate(const std::string& key, std::string_view region = "eu-west-1") {
    return Call("ReplicateKey", {{"KeyId", key}, {"ReplicaRegion", region}}).as_object();
  }
  json::object DescribeIn(const core::RequestContext& ctx, const std::string& key) {
    return rt_.Call(ctx, "kms", "DescribeKey", {{"KeyId", key}}).at("KeyMetadata").as_object();
  }

  core::RequestContext eu_ = test::Context("111122223333", "eu-west-1");
};

TEST_F(KmsMultiRegionTest, ReplicateKeyMakesAReplicaOfTheSameIdInTheOtherRegion) {
  const std::string key = NewMultiRegionKey();
  const json::object meta = Replicate(key).at("ReplicaKeyMetadata").as_object();
  EXPECT_EQ(meta.at("KeyId"), json::value(key));
  EXPECT_EQ(meta.at("Arn"), json::value("arn:aws:kms:eu-west-1:111122223333:key/" + key));
  const json::object& config = meta.at("MultiRegionConfiguration").as_object();
  EXPECT_EQ(config.at("MultiRegionKeyType"), "REPLICA");
  EXPECT_EQ(config.at("PrimaryKey"), (json::object{{"Arn", ArnOf(key)}, {"Region", "us-east-1"}}));
}

TEST_F(KmsMultiRegionTest, DescribeKeyOfThePrimaryListsItsReplicas) {
  const std::string key = NewMultiRegionKey();
  Replicate(key);
  const json::object config = Describe(key).at("MultiRegionConfiguration").as_object();
  EXPECT_EQ(config.at("MultiRegionKeyType"), "PRIMARY");
  EXPECT_EQ(config.at("ReplicaKeys"),
            (json::array{json::object{{"Arn", "arn:aws:kms:eu-west-1:111122223333:key/" + key},
                                      {"Region", "eu-west-1"}}}));
}

TEST_F(KmsMultiRegionTest, ACiphertextOfThePrimaryDecryptsInTheReplicaRegion) {
  const std::string key = NewMultiRegionKey();
  Replicate(key);
  const json::value blob = Encrypt(key, "everywhere").at("CiphertextBlob");
  const json::object opened =
      rt_.Call(eu_, "kms", "Decrypt", {{"CiphertextBlob", blob}}).as_object();
  EXPECT_EQ(Unb64(opened.at("Plaintext")), "everywhere");
  EXPECT_EQ(opened.at("KeyId"), json::value("arn:aws:kms:eu-west-1:111122223333:key/" + key));
}

TEST_F(KmsMultiRegionTest, ReplicatingASingleRegionKeyIsUnsupportedOperation) {
  const std::string key = NewKeyId();
  EXPECT_EQ(ErrorOf([&] { Replicate(key); }).code(), "UnsupportedOperationException");
}

TEST_F(KmsMultiRegionTest, ReplicatingTwiceIntoARegionIsAlreadyExists) {
  const std::string key = NewMultiRegionKey();
  Replicate(key);
  EXPECT_EQ(ErrorOf([&] { Replicate(key); }).code(), "AlreadyExistsException");
}

TEST_F(KmsMultiRegionTest, UpdatePrimaryRegionMakesTheReplicaThePrimary) {
  const std::string key = NewMultiRegionKey();
  Replicate(key);
  Call("UpdatePrimaryRegion", {{"KeyId", key}, {"PrimaryRegion", "eu-west-1"}});
  EXPECT_EQ(DescribeIn(eu_, key).at("MultiRegionConfiguration").at("MultiRegionKeyType"),
            "PRIMARY");
  EXPECT_EQ(Describe(key).at("MultiRegionConfiguration").at("MultiRegionKeyType"), "REPLICA");
}

TEST_F(KmsMultiRegionTest, UpdatePrimaryRegionToARegionWithoutReplicaIsNotFound) {
  const std::string key = NewMultiRegionKey();
  EXPECT_EQ(ErrorOf([&] {
              Call("UpdatePrimaryRegion", {{"KeyId", key}, {"PrimaryRegion", "ap-south-1"}});
            }).code(),
            "NotFoundException");
}

// A client's own P-256 key pair: its DER public key and the ECDH secret with `peer_der`.
struct ClientKey {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_EC_gen("P-256"), &EVP_PKEY_free};
  std::string PublicDer() const {
    unsigned char* out = nullptr;
    const int size = i2d_PUBKEY(key.get(), &out);
    std::string der(reinterpret_cast<char*>(out), static_cast<size_t>(size));
    OPENSSL_free(out);
    return der;
  }
  std::string Derive(const std::string& peer_der) const {
    const auto* p = reinterpret_cast<const unsigned char*>(peer_der.data());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> peer(
        d2i_PUBKEY(nullptr, &p, static_cast<long>(peer_der.size())), &EVP_PKEY_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new(key.get(), nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY_derive_init(ctx.get());
    EVP_PKEY_derive_set_peer(ctx.get(), peer.get());
    size_t size = 0;
    EVP_PKEY_derive(ctx.get(), nullptr, &size);
    std::string secret(size, '\0');
    EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &size);
    return secret;
  }
};

// A DeriveSharedSecret request (ECDH) on `key` with the public key of `client`.
json::object DeriveRequest(const std::string& key, const ClientKey& client) {
  return {
      {"KeyId", key}, {"KeyAgreementAlgorithm", "ECDH"}, {"PublicKey", B64(client.PublicDer())}};
}

TEST_F(KmsMultiRegionTest, DeriveSharedSecretMatchesTheClientsEcdh) {
  const std::string key(
      NewKey(R"({"KeySpec":"ECC_NIST_P256","KeyUsage":"KEY_AGREEMENT"})").at("KeyId").as_string());
  const ClientKey client;
  const json::object out = Call("DeriveSharedSecret", DeriveRequest(key, client)).as_object();
  const std::string kms_public = Unb64(Call("GetPublicKey", {{"KeyId", key}}).at("PublicKey"));
  EXPECT_EQ(Unb64(out.at("SharedSecret")), client.Derive(kms_public));
  EXPECT_EQ(out.at("KeyAgreementAlgorithm"), "ECDH");
  EXPECT_EQ(out.at("KeyOrigin"), "AWS_KMS");
}

TEST_F(KmsMultiRegionTest, DeriveSharedSecretWithASigningKeyIsInvalidKeyUsage) {
  const std::string key(
      NewKey(R"({"KeySpec":"ECC_NIST_P256","KeyUsage":"SIGN_VERIFY"})").at("KeyId").as_string());
  const ClientKey client;
  EXPECT_EQ(ErrorOf([&] { Call("DeriveSharedSecret", DeriveRequest(key, client)); }).code(),
            "InvalidKeyUsageException");
}

TEST_F(KmsMultiRegionTest, DeriveSharedSecretWithAPublicKeyOfAnotherCurveIsValidationException) {
  const std::string key(
      NewKey(R"({"KeySpec":"ECC_NIST_P384","KeyUsage":"KEY_AGREEMENT"})").at("KeyId").as_string());
  const ClientKey client;
  EXPECT_EQ(ErrorOf([&] { Call("DeriveSharedSecret", DeriveRequest(key, client)); }).code(),
            "ValidationException");
}

}  // namespace
}  // namespace nimbus::kms
