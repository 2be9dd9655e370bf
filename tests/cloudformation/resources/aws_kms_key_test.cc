// AWS::KMS::Key: created, changed, read back and scheduled for deletion through the KMS API.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class KmsKeyResourceTest : public testing::NativeResourceTest {
 protected:
  KmsKeyResourceTest() : NativeResourceTest("AWS::KMS::Key") {}

  std::string CreateKey(const json::object& props) {
    return handler_->Create(Request(props, "Key")).physical_id;
  }
  json::object Metadata(const std::string& key_id) {
    return Call("kms", "DescribeKey", {{"KeyId", key_id}}).at("KeyMetadata").as_object();
  }
  json::value Tags(const std::string& key_id) {
    return Call("kms", "ListResourceTags", {{"KeyId", key_id}}).at("Tags");
  }
};

TEST_F(KmsKeyResourceTest, CreateMakesAKeyVisibleThroughKms) {
  const std::string key_id = CreateKey({{"Description", "orders"}});
  const json::object metadata = Metadata(key_id);
  EXPECT_EQ(metadata.at("Description"), "orders");
  EXPECT_EQ(metadata.at("KeySpec"), "SYMMETRIC_DEFAULT");
  EXPECT_EQ(metadata.at("KeyUsage"), "ENCRYPT_DECRYPT");
  EXPECT_EQ(metadata.at("KeyState"), "Enabled");
}

TEST_F(KmsKeyResourceTest, TheKeyIdIsAUuidAndRefReturnsIt) {
  const std::string key_id = CreateKey({});
  EXPECT_EQ(key_id.size(), 36u);
  EXPECT_EQ(handler_->Ref(key_id), json::value(key_id));
}

TEST_F(KmsKeyResourceTest, KeySpecAndKeyUsageMakeAnAsymmetricKey) {
  const std::string key_id = CreateKey({{"KeySpec", "ECC_NIST_P256"}, {"KeyUsage", "SIGN_VERIFY"}});
  EXPECT_EQ(Metadata(key_id).at("KeySpec"), "ECC_NIST_P256");
  EXPECT_EQ(Metadata(key_id).at("KeyUsage"), "SIGN_VERIFY");
}

TEST_F(KmsKeyResourceTest, MultiRegionMakesAMultiRegionKey) {
  const std::string key_id = CreateKey({{"MultiRegion", true}});
  EXPECT_EQ(key_id.substr(0, 4), "mrk-");
  EXPECT_EQ(Metadata(key_id).at("MultiRegion"), true);
}

TEST_F(KmsKeyResourceTest, AKeyPolicyObjectIsTheKeysPolicy) {
  const json::object policy{
      {"Version", "2012-10-17"},
      {"Statement", json::array{json::object{{"Effect", "Allow"},
                                             {"Principal", {{"AWS", "111122223333"}}},
                                             {"Action", "kms:*"},
                                             {"Resource", "*"}}}}};
  const std::string key_id = CreateKey({{"KeyPolicy", policy}});
  const json::value got =
      Call("kms", "GetKeyPolicy", {{"KeyId", key_id}, {"PolicyName", "default"}});
  EXPECT_EQ(json::parse(got.at("Policy").as_string()), policy);
}

TEST_F(KmsKeyResourceTest, AKeyPolicyStringIsTheKeysPolicyAsWritten) {
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  const std::string key_id = CreateKey({{"KeyPolicy", policy}});
  EXPECT_EQ(
      Call("kms", "GetKeyPolicy", {{"KeyId", key_id}, {"PolicyName", "default"}}).at("Policy"),
      json::value(policy));
}

TEST_F(KmsKeyResourceTest, EnableKeyRotationTurnsRotationOnWithItsPeriod) {
  const std::string key_id =
      CreateKey({{"EnableKeyRotation", "true"}, {"RotationPeriodInDays", 180}});
  const json::value status = Call("kms", "GetKeyRotationStatus", {{"KeyId", key_id}});
  EXPECT_EQ(status.at("KeyRotationEnabled"), true);
  EXPECT_EQ(status.at("RotationPeriodInDays"), 180);
}

TEST_F(KmsKeyResourceTest, EnabledFalseLeavesTheKeyDisabled) {
  const std::string key_id = CreateKey({{"Enabled", false}});
  EXPECT_EQ(Metadata(key_id).at("KeyState"), "Disabled");
}

TEST_F(KmsKeyResourceTest, TagsAreTheStacksAndTheResourcesWithoutCloudFormationsOwn) {
  const std::string key_id =
      CreateKey({{"Tags", json::array{json::object{{"Key", "team"}, {"Value", "red"}},
                                      json::object{{"Key", "tier"}, {"Value", "db"}}}}});
  EXPECT_EQ(Tags(key_id), json::parse(R"([{"TagKey":"team","TagValue":"red"},
                                          {"TagKey":"tier","TagValue":"db"}])"));
}

TEST_F(KmsKeyResourceTest, RotationOnAnAsymmetricKeyIsAnInvalidRequest) {
  EXPECT_STREQ(test::ErrorOf([&] {
                 CreateKey({{"KeySpec", "RSA_2048"}, {"EnableKeyRotation", true}});
               }).what(),
               "Invalid request provided: You cannot set the EnableKeyRotation property to true "
               "on asymmetric or external keys.");
}

TEST_F(KmsKeyResourceTest, AttributesArnAndKeyIdAreReadFromKms) {
  const std::string key_id = CreateKey({});
  EXPECT_EQ(handler_->Attribute(Request({}), key_id, "KeyId"), json::value(key_id));
  EXPECT_EQ(handler_->Attribute(Request({}), key_id, "Arn"),
            json::value("arn:aws:kms:us-east-1:111122223333:key/" + key_id));
}

TEST_F(KmsKeyResourceTest, AnUnknownAttributeIsNone) {
  EXPECT_FALSE(handler_->Attribute(Request({}), CreateKey({}), "KeyArn"));
}

TEST_F(KmsKeyResourceTest, DeleteSchedulesDeletionAfterThirtyDaysByDefault) {
  const std::string key_id = CreateKey({});
  handler_->Delete(Request({}), key_id);
  const json::object metadata = Metadata(key_id);
  EXPECT_EQ(metadata.at("KeyState"), "PendingDeletion");
  EXPECT_EQ(metadata.at("PendingDeletionWindowInDays"), 30);
}

TEST_F(KmsKeyResourceTest, DeleteSchedulesDeletionAfterPendingWindowInDays) {
  const std::string key_id = CreateKey({});
  handler_->Delete(Request({{"PendingWindowInDays", 7}}), key_id);
  EXPECT_EQ(Metadata(key_id).at("PendingDeletionWindowInDays"), 7);
}

TEST_F(KmsKeyResourceTest, DeletingAKeyAlreadyPendingDeletionSucceeds) {
  const std::string key_id = CreateKey({});
  handler_->Delete(Request({}), key_id);
  EXPECT_NO_THROW(handler_->Delete(Request({}), key_id));
}

TEST_F(KmsKeyResourceTest, DeletingAKeyThatNeverExistedSucceeds) {
  EXPECT_NO_THROW(handler_->Delete(Request({}), "0b8e4c2a-1111-4222-8333-944455556666"));
}

TEST_F(KmsKeyResourceTest, UpdateChangesTheDescription) {
  const std::string key_id = CreateKey({{"Description", "a"}});
  handler_->Update(Request({{"Description", "b"}}), key_id, {{"Description", "a"}});
  EXPECT_EQ(Metadata(key_id).at("Description"), "b");
}

TEST_F(KmsKeyResourceTest, UpdateDisablesAndEnablesTheKey) {
  const std::string key_id = CreateKey({});
  handler_->Update(Request({{"Enabled", false}}), key_id, {});
  EXPECT_EQ(Metadata(key_id).at("KeyState"), "Disabled");
  handler_->Update(Request({{"Enabled", true}}), key_id, {{"Enabled", false}});
  EXPECT_EQ(Metadata(key_id).at("KeyState"), "Enabled");
}

TEST_F(KmsKeyResourceTest, UpdateTurnsRotationOff) {
  const std::string key_id = CreateKey({{"EnableKeyRotation", true}});
  handler_->Update(Request({}), key_id, {{"EnableKeyRotation", true}});
  EXPECT_EQ(Call("kms", "GetKeyRotationStatus", {{"KeyId", key_id}}).at("KeyRotationEnabled"),
            false);
}

TEST_F(KmsKeyResourceTest, UpdatePutsTheNewKeyPolicy) {
  const std::string key_id = CreateKey({});
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  handler_->Update(Request({{"KeyPolicy", policy}}), key_id, {});
  EXPECT_EQ(
      Call("kms", "GetKeyPolicy", {{"KeyId", key_id}, {"PolicyName", "default"}}).at("Policy"),
      json::value(policy));
}

TEST_F(KmsKeyResourceTest, UpdateReplacesTheTags) {
  const std::string key_id =
      CreateKey({{"Tags", json::array{json::object{{"Key", "old"}, {"Value", "1"}}}}});
  handler_->Update(Request({{"Tags", json::array{json::object{{"Key", "new"}, {"Value", "2"}}}}}),
                   key_id, {});
  EXPECT_EQ(Tags(key_id), json::parse(R"([{"TagKey":"new","TagValue":"2"},
                                          {"TagKey":"team","TagValue":"blue"}])"));
}

TEST_F(KmsKeyResourceTest, UpdateOfKeySpecFailsWhateverTheUpdateReplacePolicy) {
  const std::string key_id = CreateKey({});
  EXPECT_STREQ(test::ErrorOf([&] {
                 handler_->Update(
                     Request({{"KeySpec", "HMAC_256"}, {"KeyUsage", "GENERATE_VERIFY_MAC"}}),
                     key_id, {});
               }).what(),
               "Invalid request provided: You cannot change the values of the KeySpec, "
               "KeyUsage, Origin, or MultiRegion properties of an AWS::KMS::Key resource.");
}

TEST_F(KmsKeyResourceTest, GivingTheDefaultKeyUsageIsNoChange) {
  const std::string key_id = CreateKey({});
  EXPECT_NO_THROW(handler_->Update(Request({{"KeyUsage", "ENCRYPT_DECRYPT"}}), key_id, {}));
}

TEST_F(KmsKeyResourceTest, AnUnknownKeySpecIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"KeySpec", "AES_128"}}),
            "Property validation failure: [Value for property {/KeySpec} does not match with the "
            "enum list [SYMMETRIC_DEFAULT, RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, "
            "ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, HMAC_224, HMAC_256, HMAC_384, "
            "HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]]");
}

TEST_F(KmsKeyResourceTest, APendingWindowBelowSevenIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"PendingWindowInDays", 5}}),
            "Property validation failure: [Value of property {/PendingWindowInDays} is less than "
            "the minimum 7]");
}

TEST_F(KmsKeyResourceTest, ANonBooleanEnabledIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"Enabled", "yes"}}),
            "Property validation failure: [Value of property {/Enabled} does not match type "
            "{Boolean}]");
}

TEST_F(KmsKeyResourceTest, AnUnknownPropertyIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"KeyRotation", true}}),
            "Property validation failure: [Encountered unsupported properties in {/}: "
            "[KeyRotation]]");
}

}  // namespace
}  // namespace nimbus::cloudformation
