// SSO Admin encryption configuration: UpdateInstance with a customer managed key goes UPDATING,
// then the scheduled check (KMS DescribeKey and Encrypt as the root of the instance's account,
// through the real KMS provider) ends it in ENABLED or UPDATE_FAILED. Under the key, permission
// set data is read and written through it, and a key KMS refuses answers errors with a Reason.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/sso_admin/sso_admin_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sso_admin {
namespace {

using test::ErrorOf;

namespace json = boost::json;
using core::AwsError;
using testing::kAccount;

class SsoAdminEncryptionTest : public testing::SsoAdminTest {
 protected:
  void UseKey(const std::string& instance, const std::string& key) {
    Call("UpdateInstance",
         {{"InstanceArn", instance},
          {"EncryptionConfiguration",
           json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"}, {"KmsKeyArn", key}}}});
  }
  void UseAwsOwnedKey(const std::string& instance) {
    Call("UpdateInstance",
         {{"InstanceArn", instance},
          {"EncryptionConfiguration", json::object{{"KeyType", "AWS_OWNED_KMS_KEY"}}}});
  }
  json::object Encryption(const std::string& instance) {
    return Describe(instance).at("EncryptionConfigurationDetails").as_object();
  }
  void Kms(std::string_view operation, const json::object& in) {
    rt_.Call(ctx_, "kms", operation, in);
  }
};

TEST_F(SsoAdminEncryptionTest, CustomerManagedKeyIsUpdatingUntilTheCheckRuns) {
  const std::string arn = NewInstance();
  const std::string key = NewKey();
  UseKey(arn, key);
  EXPECT_EQ(Encryption(arn), (json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"},
                                           {"KmsKeyArn", key},
                                           {"EncryptionStatus", "UPDATING"}}));
}

TEST_F(SsoAdminEncryptionTest, EnabledCustomerManagedKeyEndsInEnabled) {
  const std::string arn = NewInstance();
  const std::string key = NewKey();
  UseKey(arn, key);
  Settle();
  EXPECT_EQ(Encryption(arn), (json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"},
                                           {"KmsKeyArn", key},
                                           {"EncryptionStatus", "ENABLED"}}));
}

TEST_F(SsoAdminEncryptionTest, SecondUpdateWhileUpdatingIsAConflict) {
  const std::string arn = NewInstance();
  UseKey(arn, NewKey());
  const AwsError error = ErrorOf([&] { UseAwsOwnedKey(arn); });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.what(),
            "An encryption configuration update is already in progress for the "
            "instance " +
                arn + ".");
}

TEST_F(SsoAdminEncryptionTest, AwsOwnedKeyReplacesACustomerManagedKey) {
  const std::string arn = NewInstance();
  UseKey(arn, NewKey());
  Settle();
  UseAwsOwnedKey(arn);
  Settle();
  EXPECT_EQ(Encryption(arn),
            (json::object{{"KeyType", "AWS_OWNED_KMS_KEY"}, {"EncryptionStatus", "ENABLED"}}));
}

TEST_F(SsoAdminEncryptionTest, MissingKeyEndsInUpdateFailedAndKeepsTheOldKey) {
  const std::string arn = NewInstance();
  const std::string key =
      "arn:aws:kms:us-east-1:111122223333:key/00000000-1111-2222-3333-444444444444";
  UseKey(arn, key);
  Settle();
  EXPECT_EQ(Encryption(arn),
            (json::object{{"KeyType", "AWS_OWNED_KMS_KEY"},
                          {"EncryptionStatus", "UPDATE_FAILED"},
                          {"EncryptionStatusReason",
                           "The KMS key " + key + " does not exist or is not accessible."}}));
}

TEST_F(SsoAdminEncryptionTest, DisabledKeyEndsInUpdateFailed) {
  const std::string arn = NewInstance();
  const std::string key = NewKey();
  Kms("DisableKey", {{"KeyId", key}});
  UseKey(arn, key);
  Settle();
  EXPECT_EQ(Encryption(arn).at("EncryptionStatusReason"),
            json::value("The KMS key " + key + " is disabled."));
}

TEST_F(SsoAdminEncryptionTest, KeyPendingDeletionEndsInUpdateFailed) {
  const std::string arn = NewInstance();
  const std::string key = NewKey();
  Kms("ScheduleKeyDeletion", {{"KeyId", key}, {"PendingWindowInDays", 7}});
  UseKey(arn, key);
  Settle();
  EXPECT_EQ(Encryption(arn).at("EncryptionStatusReason"),
            json::value("The KMS key " + key + " is pending deletion."));
}

TEST_F(SsoAdminEncryptionTest, AsymmetricKeyEndsInUpdateFailed) {
  const std::string arn = NewInstance();
  const std::string key(
      rt_.Call(ctx_, "kms", "CreateKey", {{"KeySpec", "RSA_2048"}, {"KeyUsage", "SIGN_VERIFY"}})
          .at("KeyMetadata")
          .at("Arn")
          .as_string());
  UseKey(arn, key);
  Settle();
  EXPECT_EQ(Encryption(arn).at("EncryptionStatusReason"),
            json::value("The KMS key " + key +
                        " must be a symmetric encryption key (SYMMETRIC_DEFAULT, "
                        "ENCRYPT_DECRYPT)."));
}

TEST_F(SsoAdminEncryptionTest, KeyIsLookedUpInTheInstancesRegion) {
  const std::string arn = NewInstance();
  const std::string key(rt_.Call(test::Context(kAccount, "eu-west-1"), "kms", "CreateKey", {})
                            .at("KeyMetadata")
                            .at("Arn")
                            .as_string());
  UseKey(arn, key);
  Settle();
  EXPECT_EQ(Encryption(arn).at("EncryptionStatus"), "UPDATE_FAILED");
}

TEST_F(SsoAdminEncryptionTest, FailedUpdateRestoresTheCustomerManagedKeyInForce) {
  const std::string arn = NewInstance();
  const std::string good = NewKey();
  UseKey(arn, good);
  Settle();
  const std::string bad = NewKey();
  Kms("DisableKey", {{"KeyId", bad}});
  UseKey(arn, bad);
  Settle();
  EXPECT_EQ(Encryption(arn),
            (json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"},
                          {"KmsKeyArn", good},
                          {"EncryptionStatus", "UPDATE_FAILED"},
                          {"EncryptionStatusReason", "The KMS key " + bad + " is disabled."}}));
}

TEST_F(SsoAdminEncryptionTest, CustomerManagedKeyWithoutKmsKeyArnIsAValidationException) {
  const std::string arn = NewInstance();
  const AwsError error = ErrorOf([&] {
    Call("UpdateInstance",
         {{"InstanceArn", arn},
          {"EncryptionConfiguration", json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"}}}});
  });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_STREQ(error.what(), "KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY.");
  EXPECT_TRUE(error.members().empty());
  EXPECT_EQ(Encryption(arn).at("EncryptionStatus"), "ENABLED");
}

// An instance under an enabled customer managed key, with one permission set.
class SsoAdminKeyInUseTest : public SsoAdminEncryptionTest {
 protected:
  void SetUp() override {
    instance_ = NewInstance();
    ps_ = NewPermissionSet(instance_, "Ops");
    key_ = NewKey();
    UseKey(instance_, key_);
    Settle();
  }
  json::value DescribePermissionSet() {
    return Call("DescribePermissionSet", {{"InstanceArn", instance_}, {"PermissionSetArn", ps_}});
  }

  std::string instance_;
  std::string ps_;
  std::string key_;
};

TEST_F(SsoAdminKeyInUseTest, PermissionSetsAreReadThroughAnEnabledKey) {
  EXPECT_EQ(DescribePermissionSet().at("PermissionSet").at("Name"), "Ops");
}

TEST_F(SsoAdminKeyInUseTest, DisabledKeyIsAValidationExceptionWithItsReason) {
  Kms("DisableKey", {{"KeyId", key_}});
  const AwsError error = ErrorOf([&] { DescribePermissionSet(); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(error.what(), key_ + " is disabled.");
  EXPECT_EQ(error.members(), (json::object{{"Reason", "KMS_DisabledException"}}));
}

TEST_F(SsoAdminKeyInUseTest, WritingUnderADisabledKeyIsRefusedToo) {
  Kms("DisableKey", {{"KeyId", key_}});
  const AwsError error = ErrorOf([&] { NewPermissionSet(instance_, "Later"); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(error.members(), (json::object{{"Reason", "KMS_DisabledException"}}));
}

TEST_F(SsoAdminKeyInUseTest, KeyPendingDeletionIsAValidationExceptionWithItsReason) {
  Kms("ScheduleKeyDeletion", {{"KeyId", key_}, {"PendingWindowInDays", 7}});
  const AwsError error = ErrorOf([&] { DescribePermissionSet(); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(error.what(), key_ + " is pending deletion.");
  EXPECT_EQ(error.members(), (json::object{{"Reason", "KMS_InvalidStateException"}}));
}

TEST_F(SsoAdminKeyInUseTest, DeletedKeyIsResourceNotFoundWithItsReason) {
  Kms("ScheduleKeyDeletion", {{"KeyId", key_}, {"PendingWindowInDays", 7}});
  rt_.clock.Advance(7 * 86'400'000);
  rt_.RunDueTasks();
  const AwsError error = ErrorOf([&] { DescribePermissionSet(); });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(), "Key '" + key_ + "' does not exist");
  EXPECT_EQ(error.members(), (json::object{{"Reason", "KMS_NotFoundException"}}));
}

TEST_F(SsoAdminKeyInUseTest, ListingPermissionSetsDoesNotNeedTheKey) {
  Kms("DisableKey", {{"KeyId", key_}});
  EXPECT_EQ(Call("ListPermissionSets", {{"InstanceArn", instance_}}).at("PermissionSets"),
            json::array{json::value(ps_)});
}

TEST_F(SsoAdminKeyInUseTest, AwsOwnedKeyStopsUsingTheCustomerManagedKey) {
  Kms("DisableKey", {{"KeyId", key_}});
  UseAwsOwnedKey(instance_);
  Settle();
  EXPECT_EQ(DescribePermissionSet().at("PermissionSet").at("Name"), "Ops");
}

}  // namespace
}  // namespace nimbus::sso_admin
