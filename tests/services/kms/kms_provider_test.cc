// KMS key management through the dispatcher: keys and their life cycle, aliases, tags, key
// policies, rotation, AWS managed keys.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

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

class KmsProviderTest : public testing::KmsTest {};

TEST_F(KmsProviderTest, CreateKeyReturnsSymmetricCustomerKeyMetadata) {
  const json::object meta = NewKey(R"({"Description":"app key"})");
  const std::string id(meta.at("KeyId").as_string());
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(meta.at("Arn").as_string(), "arn:aws:kms:us-east-1:111122223333:key/" + id);
  EXPECT_EQ(meta.at("AWSAccountId").as_string(), "111122223333");
  EXPECT_EQ(meta.at("Description").as_string(), "app key");
  EXPECT_EQ(meta.at("Enabled").as_bool(), true);
  EXPECT_EQ(meta.at("KeyState").as_string(), "Enabled");
  EXPECT_EQ(meta.at("KeyUsage").as_string(), "ENCRYPT_DECRYPT");
  EXPECT_EQ(meta.at("KeySpec").as_string(), "SYMMETRIC_DEFAULT");
  EXPECT_EQ(meta.at("CustomerMasterKeySpec").as_string(), "SYMMETRIC_DEFAULT");
  EXPECT_EQ(meta.at("KeyManager").as_string(), "CUSTOMER");
  EXPECT_EQ(meta.at("Origin").as_string(), "AWS_KMS");
  EXPECT_EQ(meta.at("MultiRegion").as_bool(), false);
  EXPECT_EQ(meta.at("EncryptionAlgorithms").as_array(), json::array{"SYMMETRIC_DEFAULT"});
  EXPECT_DOUBLE_EQ(meta.at("CreationDate").as_double(), rt_.clock.NowSeconds());
  EXPECT_FALSE(meta.contains("DeletionDate"));
}

TEST_F(KmsProviderTest, CreateKeyMultiRegionUsesMrkId) {
  const json::object meta = NewKey(R"({"MultiRegion":true})");
  EXPECT_EQ(meta.at("KeyId").as_string().subview().substr(0, 4), "mrk-");
  EXPECT_EQ(meta.at("MultiRegionConfiguration").at("MultiRegionKeyType").as_string(), "PRIMARY");
}

TEST_F(KmsProviderTest, CreateKeyWithIncompatibleUsageIsValidationException) {
  EXPECT_EQ(ErrorCode([&] { NewKey(R"({"KeySpec":"HMAC_256"})"); }), "ValidationException");
  const json::object hmac = NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})");
  EXPECT_EQ(hmac.at("MacAlgorithms").as_array(), json::array{"HMAC_SHA_256"});
}

TEST_F(KmsProviderTest, DescribeUnknownKeyIsNotFound) {
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Describe("11111111-2222-3333-4444-555555555555"); }, &message),
            "NotFoundException");
  EXPECT_EQ(message,
            "Key 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555' "
            "does not exist");
  EXPECT_EQ(ErrorCode([&] { Describe("alias/none"); }, &message), "NotFoundException");
  EXPECT_EQ(message, "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.");
}

TEST_F(KmsProviderTest, KeysAreScopedByAccount) {
  const std::string id = NewKeyId();
  EXPECT_EQ(ErrorCode([&] {
              rt_.Call(test::Context("999988887777"), "kms", "DescribeKey", {{"KeyId", id}});
            }),
            "NotFoundException");
}

TEST_F(KmsProviderTest, ScheduleKeyDeletionDefaultsToThirtyDays) {
  const std::string id = NewKeyId();
  const json::object out = Call("ScheduleKeyDeletion", {{"KeyId", id}}).as_object();
  EXPECT_EQ(out.at("KeyState").as_string(), "PendingDeletion");
  EXPECT_EQ(out.at("PendingWindowInDays").as_int64(), 30);
  EXPECT_DOUBLE_EQ(out.at("DeletionDate").as_double(), rt_.clock.NowSeconds() + 30 * 86400.0);
  const json::object meta = Describe(id);
  EXPECT_EQ(meta.at("KeyState").as_string(), "PendingDeletion");
  EXPECT_EQ(meta.at("PendingDeletionWindowInDays").as_int64(), 30);
  EXPECT_TRUE(meta.contains("DeletionDate"));
}

TEST_F(KmsProviderTest, PendingDeletionKeyIsInvalidStateForUse) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "x");
  Call("ScheduleKeyDeletion", {{"KeyId", id}, {"PendingWindowInDays", 7}});
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "y"); }, &message), "KMSInvalidStateException");
  EXPECT_EQ(message, "arn:aws:kms:us-east-1:111122223333:key/" + id + " is pending deletion.");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "KMSInvalidStateException");
  EXPECT_EQ(ErrorCode([&] { Call("EnableKey", {{"KeyId", id}}); }), "KMSInvalidStateException");
  EXPECT_EQ(ErrorCode([&] {
              Call("ScheduleKeyDeletion", {{"KeyId", id}});
            }),
            "KMSInvalidStateException");
}

TEST_F(KmsProviderTest, PendingWindowOutsideSevenToThirtyIsValidationException) {
  const std::string id = NewKeyId();
  std::string message;
  EXPECT_EQ(ErrorCode(
                [&] {
                  Call("ScheduleKeyDeletion", {{"KeyId", id}, {"PendingWindowInDays", 6}});
                },
                &message),
            "ValidationException");
  EXPECT_EQ(message,
            "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy "
            "constraint: Member must have value greater than or equal to 7");
  EXPECT_EQ(ErrorCode([&] {
              Call("ScheduleKeyDeletion", {{"KeyId", id}, {"PendingWindowInDays", 31}});
            }),
            "ValidationException");
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Enabled");
}

TEST_F(KmsProviderTest, CancelKeyDeletionLeavesKeyDisabled) {
  const std::string id = NewKeyId();
  EXPECT_EQ(ErrorCode([&] {
              Call("CancelKeyDeletion", {{"KeyId", id}});
            }),
            "KMSInvalidStateException");
  Call("ScheduleKeyDeletion", {{"KeyId", id}, {"PendingWindowInDays", 7}});
  const json::object out = Call("CancelKeyDeletion", {{"KeyId", id}}).as_object();
  EXPECT_EQ(out.at("KeyId").as_string(), "arn:aws:kms:us-east-1:111122223333:key/" + id);
  const json::object meta = Describe(id);
  EXPECT_EQ(meta.at("KeyState").as_string(), "Disabled");
  EXPECT_FALSE(meta.contains("DeletionDate"));
  EXPECT_FALSE(meta.contains("PendingDeletionWindowInDays"));
  // The stale deletion task must not delete the key when it comes due.
  rt_.clock.Advance(8 * kDay);
  rt_.RunDueTasks();
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Disabled");
}

TEST_F(KmsProviderTest, KeyIsDeletedWhenTheWindowEnds) {
  const std::string id = NewKeyId();
  Call("CreateAlias", {{"AliasName", "alias/doomed"}, {"TargetKeyId", id}});
  const json::object enc = Encrypt(id, "x");
  Call("ScheduleKeyDeletion", {{"KeyId", id}, {"PendingWindowInDays", 7}});
  rt_.clock.Advance(6 * kDay);
  rt_.RunDueTasks();
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "PendingDeletion");
  rt_.clock.Advance(1 * kDay);
  rt_.RunDueTasks();
  EXPECT_EQ(ErrorCode([&] { Describe(id); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] { Describe("alias/doomed"); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "NotFoundException");
}

TEST_F(KmsProviderTest, AliasLifecycle) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  Call("CreateAlias", {{"AliasName", "alias/app"}, {"TargetKeyId", a}});
  EXPECT_EQ(Describe("alias/app").at("KeyId").as_string(), a);
  EXPECT_EQ(Describe("arn:aws:kms:us-east-1:111122223333:alias/app").at("KeyId").as_string(), a);
  std::string message;
  EXPECT_EQ(ErrorCode(
                [&] {
                  Call("CreateAlias", {{"AliasName", "alias/app"}, {"TargetKeyId", b}});
                },
                &message),
            "AlreadyExistsException");
  EXPECT_EQ(message,
            "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists");
  Call("UpdateAlias", {{"AliasName", "alias/app"}, {"TargetKeyId", b}});
  EXPECT_EQ(Describe("alias/app").at("KeyId").as_string(), b);
  Call("DeleteAlias", {{"AliasName", "alias/app"}});
  EXPECT_EQ(ErrorCode([&] { Describe("alias/app"); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] {
              Call("DeleteAlias", {{"AliasName", "alias/app"}});
            }),
            "NotFoundException");
}

TEST_F(KmsProviderTest, CreateAliasRejectsBadNames) {
  const std::string id = NewKeyId();
  std::string message;
  EXPECT_EQ(ErrorCode([&] {
              Call("CreateAlias", {{"AliasName", "alias/aws/mine"}, {"TargetKeyId", id}});
            }),
            "InvalidAliasNameException");
  EXPECT_EQ(ErrorCode(
                [&] {
                  Call("CreateAlias", {{"AliasName", "noprefix"}, {"TargetKeyId", id}});
                },
                &message),
            "ValidationException");
  EXPECT_EQ(message,
            "Alias must start with the prefix \"alias/\". Please see "
            "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
  EXPECT_EQ(ErrorCode([&] {
              Call("CreateAlias", {{"AliasName", "alias/x"},
                                   {"TargetKeyId", "11111111-2222-3333-4444-555555555555"}});
            }),
            "NotFoundException");
  const json::object list = Call("ListAliases", {{"KeyId", id}}).as_object();
  EXPECT_TRUE(list.at("Aliases").as_array().empty());
}

TEST_F(KmsProviderTest, ListAliasesPagesAndFiltersByKey) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  for (const char* name : {"alias/a1", "alias/a2", "alias/a3"}) {
    Call("CreateAlias", {{"AliasName", name}, {"TargetKeyId", a}});
  }
  Call("CreateAlias", {{"AliasName", "alias/b1"}, {"TargetKeyId", b}});
  json::object page = Call("ListAliases", {{"KeyId", a}, {"Limit", 2}}).as_object();
  ASSERT_EQ(page.at("Aliases").as_array().size(), 2u);
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasName").as_string(), "alias/a1");
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasArn").as_string(),
            "arn:aws:kms:us-east-1:111122223333:alias/a1");
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("TargetKeyId").as_string(), a);
  EXPECT_EQ(page.at("Truncated").as_bool(), true);
  page = Call("ListAliases", {{"KeyId", a}, {"Limit", 2}, {"Marker", page.at("NextMarker")}})
             .as_object();
  ASSERT_EQ(page.at("Aliases").as_array().size(), 1u);
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasName").as_string(), "alias/a3");
  EXPECT_EQ(page.at("Truncated").as_bool(), false);
  EXPECT_FALSE(page.contains("NextMarker"));
  page = Call("ListAliases", {{"KeyId", b}}).as_object();
  ASSERT_EQ(page.at("Aliases").as_array().size(), 1u);
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasName").as_string(), "alias/b1");
  EXPECT_EQ(ErrorCode([&] { Call("ListAliases", {{"Marker", "!!!"}}); }), "InvalidMarkerException");
}

TEST_F(KmsProviderTest, UpdateAliasToKeyOfOtherUsageIsValidationException) {
  const std::string symmetric = NewKeyId();
  const std::string hmac(
      NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})").at("KeyId").as_string());
  Call("CreateAlias", {{"AliasName", "alias/typed"}, {"TargetKeyId", symmetric}});
  EXPECT_EQ(ErrorCode([&] {
              Call("UpdateAlias", {{"AliasName", "alias/typed"}, {"TargetKeyId", hmac}});
            }),
            "ValidationException");
  EXPECT_EQ(Describe("alias/typed").at("KeyId").as_string(), symmetric);
  EXPECT_EQ(ErrorCode([&] {
              Call("UpdateAlias", {{"AliasName", "alias/missing"}, {"TargetKeyId", symmetric}});
            }),
            "NotFoundException");
}

TEST_F(KmsProviderTest, InvalidKeyIdsAreNotFound) {
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Describe("not-a-key"); }, &message), "NotFoundException");
  EXPECT_EQ(message, "Invalid keyId 'not-a-key'");
  EXPECT_EQ(ErrorCode([&] { Call("DisableKey", {{"KeyId", "alias/x"}}); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] { Describe("arn:aws:kms:us-east-1:111122223333:thing/x"); }),
            "InvalidArnException");
}

TEST_F(KmsProviderTest, ListKeysPages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(NewKeyId());
  std::vector<std::string> seen;
  json::object in{{"Limit", 2}};
  for (int pages = 0; pages < 10; ++pages) {
    const json::object page = Call("ListKeys", in).as_object();
    for (const json::value& k : page.at("Keys").as_array()) {
      seen.emplace_back(k.at("KeyId").as_string());
    }
    if (!page.at("Truncated").as_bool()) break;
    in["Marker"] = page.at("NextMarker");
  }
  EXPECT_EQ(seen, ids);
}

// The predefined AWS alias `name` as ListAliases shows it.

const json::object* FindAliasEntry(const json::object& list, std::string_view name) {
  for (const json::value& entry : list.at("Aliases").as_array()) {
    if (entry.at("AliasName").as_string() == name) return &entry.as_object();
  }
  return nullptr;
}

TEST_F(KmsProviderTest, PredefinedAwsAliasesAreListedWithoutTarget) {
  const json::object list = Call("ListAliases", {}).as_object();
  const json::object* ssm = FindAliasEntry(list, "alias/aws/ssm");
  ASSERT_NE(ssm, nullptr);
  EXPECT_EQ(ssm->at("AliasArn").as_string(), "arn:aws:kms:us-east-1:111122223333:alias/aws/ssm");
  EXPECT_FALSE(ssm->contains("TargetKeyId"));
  // Paging over stored and predefined aliases together visits each name once, in order.
  const std::string id = NewKeyId();
  Call("CreateAlias", {{"AliasName", "alias/aaa"}, {"TargetKeyId", id}});
  Call("CreateAlias", {{"AliasName", "alias/zzz"}, {"TargetKeyId", id}});
  std::vector<std::string> names;
  json::object in{{"Limit", 3}};
  for (int pages = 0; pages < 20; ++pages) {
    const json::object page = Call("ListAliases", in).as_object();
    EXPECT_LE(page.at("Aliases").as_array().size(), 3u);
    for (const json::value& entry : page.at("Aliases").as_array()) {
      names.emplace_back(entry.at("AliasName").as_string());
    }
    if (!page.at("Truncated").as_bool()) break;
    in["Marker"] = page.at("NextMarker");
  }
  EXPECT_EQ(names.size(), list.at("Aliases").as_array().size() + 2);
  EXPECT_EQ(names.front(), "alias/aaa");
  EXPECT_EQ(names.back(), "alias/zzz");
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

TEST_F(KmsProviderTest, ManagedKeyCannotBeDisabledOrDeleted) {
  const std::string id(Describe("alias/aws/ssm").at("KeyId").as_string());
  EXPECT_EQ(ErrorCode([&] { Call("DisableKey", {{"KeyId", id}}); }), "AccessDeniedException");
  EXPECT_EQ(ErrorCode([&] {
              Call("ScheduleKeyDeletion", {{"KeyId", id}});
            }),
            "AccessDeniedException");
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Enabled");
}

TEST_F(KmsProviderTest, TagsAddReplaceRemoveAndPage) {
  const std::string id =
      NewKey(R"({"Tags":[{"TagKey":"env","TagValue":"dev"}]})").at("KeyId").as_string().c_str();
  Call("TagResource", {{"KeyId", id},
                       {"Tags", json::array{json::object{{"TagKey", "env"}, {"TagValue", "prod"}},
                                            json::object{{"TagKey", "team"}, {"TagValue", "a"}}}}});
  json::object page = Call("ListResourceTags", {{"KeyId", id}, {"Limit", 1}}).as_object();
  ASSERT_EQ(page.at("Tags").as_array().size(), 1u);
  EXPECT_EQ(page.at("Tags").as_array()[0].at("TagValue").as_string(), "prod");
  EXPECT_EQ(page.at("Truncated").as_bool(), true);
  page = Call("ListResourceTags", {{"KeyId", id}, {"Marker", page.at("NextMarker")}}).as_object();
  ASSERT_EQ(page.at("Tags").as_array().size(), 1u);
  EXPECT_EQ(page.at("Tags").as_array()[0].at("TagKey").as_string(), "team");
  Call("UntagResource", {{"KeyId", id}, {"TagKeys", json::array{"env"}}});
  page = Call("ListResourceTags", {{"KeyId", id}}).as_object();
  ASSERT_EQ(page.at("Tags").as_array().size(), 1u);
  EXPECT_EQ(page.at("Tags").as_array()[0].at("TagKey").as_string(), "team");
  EXPECT_EQ(ErrorCode([&] {
              Call("TagResource",
                   {{"KeyId", id},
                    {"Tags", json::array{json::object{{"TagKey", "aws:x"}, {"TagValue", "1"}}}}});
            }),
            "TagException");
}

TEST_F(KmsProviderTest, RotationAndPolicy) {
  const std::string id = NewKeyId();
  json::object status = Call("GetKeyRotationStatus", {{"KeyId", id}}).as_object();
  EXPECT_EQ(status.at("KeyRotationEnabled").as_bool(), false);
  Call("EnableKeyRotation", {{"KeyId", id}, {"RotationPeriodInDays", 90}});
  status = Call("GetKeyRotationStatus", {{"KeyId", id}}).as_object();
  EXPECT_EQ(status.at("KeyRotationEnabled").as_bool(), true);
  EXPECT_EQ(status.at("RotationPeriodInDays").as_int64(), 90);
  const json::object policy = Call("GetKeyPolicy", {{"KeyId", id}}).as_object();
  EXPECT_NE(std::string(policy.at("Policy").as_string()).find("arn:aws:iam::111122223333:root"),
            std::string::npos);
  EXPECT_EQ(ErrorCode([&] {
              Call("PutKeyPolicy", {{"KeyId", id}, {"Policy", "not json"}});
            }),
            "MalformedPolicyDocumentException");
}

}  // namespace
}  // namespace nimbus::kms
