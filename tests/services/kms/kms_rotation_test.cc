// RotateKeyOnDemand and ListKeyRotations: new key material, and ciphertexts of the earlier
// material still decrypt.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/kms/kms_test_support.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::Unb64;

class KmsRotationTest : public testing::KmsTest {
 protected:
  json::array Rotations(const std::string& key) {
    return Call("ListKeyRotations", {{"KeyId", key}}).at("Rotations").as_array();
  }
};

TEST_F(KmsRotationTest, RotateKeyOnDemandMakesNewCurrentKeyMaterial) {
  const std::string key = NewKeyId();
  const json::value before = Describe(key).at("CurrentKeyMaterialId");
  EXPECT_EQ(Call("RotateKeyOnDemand", {{"KeyId", key}}).at("KeyId"), json::value(key));
  EXPECT_NE(Describe(key).at("CurrentKeyMaterialId"), before);
}

TEST_F(KmsRotationTest, CiphertextFromBeforeARotationStillDecrypts) {
  const std::string key = NewKeyId();
  const json::value blob = Encrypt(key, "old").at("CiphertextBlob");
  Call("RotateKeyOnDemand", {{"KeyId", key}});
  Call("RotateKeyOnDemand", {{"KeyId", key}});
  EXPECT_EQ(Unb64(Decrypt(blob).at("Plaintext")), "old");
}

TEST_F(KmsRotationTest, ListKeyRotationsListsAnOnDemandRotation) {
  const std::string key = NewKeyId();
  Call("RotateKeyOnDemand", {{"KeyId", key}});
  const json::array rotations = Rotations(key);
  ASSERT_EQ(rotations.size(), 1u);
  EXPECT_EQ(rotations[0].at("KeyId"), json::value(key));
  EXPECT_EQ(rotations[0].at("RotationType"), "ON_DEMAND");
  EXPECT_EQ(rotations[0].at("RotationDate").to_number<double>(),
            core::EpochSeconds(rt_.clock.NowMillis()));
  EXPECT_EQ(rotations[0].at("KeyMaterialId"), Describe(key).at("CurrentKeyMaterialId"));
}

TEST_F(KmsRotationTest, ListKeyRotationsOfANeverRotatedKeyIsEmpty) {
  EXPECT_TRUE(Rotations(NewKeyId()).empty());
}

TEST_F(KmsRotationTest, ListKeyRotationsPagesByLimitAndMarker) {
  const std::string key = NewKeyId();
  Call("RotateKeyOnDemand", {{"KeyId", key}});
  Call("RotateKeyOnDemand", {{"KeyId", key}});
  const json::object first = Call("ListKeyRotations", {{"KeyId", key}, {"Limit", 1}}).as_object();
  EXPECT_EQ(first.at("Truncated"), true);
  EXPECT_EQ(first.at("Rotations").as_array().size(), 1u);
  const json::object second =
      Call("ListKeyRotations", {{"KeyId", key}, {"Limit", 1}, {"Marker", first.at("NextMarker")}})
          .as_object();
  EXPECT_EQ(second.at("Truncated"), false);
  EXPECT_EQ(second.at("Rotations").as_array().size(), 1u);
  EXPECT_NE(second.at("Rotations").as_array()[0].at("KeyMaterialId"),
            first.at("Rotations").as_array()[0].at("KeyMaterialId"));
}

TEST_F(KmsRotationTest, RotateKeyOnDemandOfAnAsymmetricKeyIsUnsupportedOperation) {
  const std::string key(
      NewKey(R"({"KeySpec":"ECC_NIST_P256","KeyUsage":"SIGN_VERIFY"})").at("KeyId").as_string());
  EXPECT_EQ(ErrorOf([&] {
              Call("RotateKeyOnDemand", {{"KeyId", key}});
            }).code(),
            "UnsupportedOperationException");
}

TEST_F(KmsRotationTest, RotateKeyOnDemandOfADisabledKeyIsDisabledException) {
  const std::string key = NewKeyId();
  Call("DisableKey", {{"KeyId", key}});
  EXPECT_EQ(ErrorOf([&] {
              Call("RotateKeyOnDemand", {{"KeyId", key}});
            }).code(),
            "DisabledException");
}

TEST_F(KmsRotationTest, AnEleventhOnDemandRotationIsLimitExceeded) {
  const std::string key = NewKeyId();
  for (int i = 0; i < 10; ++i) Call("RotateKeyOnDemand", {{"KeyId", key}});
  EXPECT_EQ(ErrorOf([&] {
              Call("RotateKeyOnDemand", {{"KeyId", key}});
            }).code(),
            "LimitExceededException");
}

}  // namespace
}  // namespace nimbus::kms
