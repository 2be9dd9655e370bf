#include "services/kms/kms_provider.h"

#include <algorithm>
#include <functional>
#include <string>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "services/kms/ciphertext.h"
#include "services/kms/key_material.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using test::ErrorCode;
using test::Json;

constexpr int64_t kDay = 86'400'000;

std::string B64(std::string_view bytes) { return core::Base64Encode(bytes); }

std::string Unb64(const json::value& v) {
  std::string out;
  EXPECT_TRUE(core::Base64Decode(std::string(v.as_string()), &out));
  return out;
}

class KmsProviderTest : public ::testing::Test {
 protected:
  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{db_, clock_, ids_, scheduler_, {}};
  KmsProvider kms_{rt_};

  core::RequestContext Ctx(std::string account = "111122223333") {
    core::RequestContext ctx;
    ctx.scope = {.account = account, .region = "us-east-1"};
    ctx.caller = {.access_key_id = "AKIDEXAMPLE",
                  .account = account,
                  .arn = "arn:aws:iam::" + account + ":root",
                  .user_id = account};
    ctx.now_millis = clock_.NowMillis();
    return ctx;
  }

  json::object NewKey(std::string_view extra = "") {
    const std::string body = extra.empty() ? "{}" : std::string(extra);
    return kms_.CreateKey(Ctx(), Json(body)).as_object().at("KeyMetadata").as_object();
  }
  std::string NewKeyId() { return std::string(NewKey().at("KeyId").as_string()); }

  json::object Encrypt(const std::string& key, std::string_view plaintext,
                       std::string_view context = "{}") {
    json::object in{
        {"KeyId", key}, {"Plaintext", B64(plaintext)}, {"EncryptionContext", json::parse(context)}};
    return kms_.EncryptOp(Ctx(), in).as_object();
  }
  json::object Decrypt(const json::value& blob, std::string_view context = "{}",
                       std::string_view key = "") {
    json::object in{{"CiphertextBlob", blob}, {"EncryptionContext", json::parse(context)}};
    if (!key.empty()) in["KeyId"] = key;
    return kms_.DecryptOp(Ctx(), in).as_object();
  }
  json::object Describe(const std::string& key) {
    return kms_.DescribeKey(Ctx(), {{"KeyId", key}}).as_object().at("KeyMetadata").as_object();
  }
};

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
  EXPECT_DOUBLE_EQ(meta.at("CreationDate").as_double(), clock_.NowSeconds());
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
              kms_.DescribeKey(Ctx("999988887777"), {{"KeyId", id}});
            }),
            "NotFoundException");
}

TEST_F(KmsProviderTest, EncryptDecryptRoundTripWithContext) {
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

TEST_F(KmsProviderTest, DecryptWithWrongContextIsInvalidCiphertext) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "x", R"({"a":"1"})");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob"), R"({"a":"2"})"); }),
            "InvalidCiphertextException");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "InvalidCiphertextException");
}

TEST_F(KmsProviderTest, DecryptOfTamperedOrForeignBlobIsInvalidCiphertext) {
  const std::string id = NewKeyId();
  std::string blob = Unb64(Encrypt(id, "hello").at("CiphertextBlob"));
  blob.back() = static_cast<char>(blob.back() ^ 1);
  EXPECT_EQ(ErrorCode([&] { Decrypt(json::value(B64(blob))); }), "InvalidCiphertextException");
  EXPECT_EQ(ErrorCode([&] { Decrypt(json::value(B64("not a kms blob at all"))); }),
            "InvalidCiphertextException");
}

TEST_F(KmsProviderTest, DecryptWithOtherKeyIdIsIncorrectKey) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  const json::object enc = Encrypt(a, "x");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob"), "{}", b); }),
            "IncorrectKeyException");
  EXPECT_EQ(Unb64(Decrypt(enc.at("CiphertextBlob"), "{}", a).at("Plaintext")), "x");
}

TEST_F(KmsProviderTest, DisabledKeyRejectsEncryptAndDecrypt) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "x");
  kms_.DisableKey(Ctx(), {{"KeyId", id}});
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Disabled");
  EXPECT_EQ(Describe(id).at("Enabled").as_bool(), false);
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "y"); }, &message), "DisabledException");
  EXPECT_EQ(message, "arn:aws:kms:us-east-1:111122223333:key/" + id + " is disabled.");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "DisabledException");
  kms_.EnableKey(Ctx(), {{"KeyId", id}});
  EXPECT_EQ(Unb64(Decrypt(enc.at("CiphertextBlob")).at("Plaintext")), "x");
}

TEST_F(KmsProviderTest, ScheduleKeyDeletionDefaultsToThirtyDays) {
  const std::string id = NewKeyId();
  const json::object out = kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_EQ(out.at("KeyState").as_string(), "PendingDeletion");
  EXPECT_EQ(out.at("PendingWindowInDays").as_int64(), 30);
  EXPECT_DOUBLE_EQ(out.at("DeletionDate").as_double(), clock_.NowSeconds() + 30 * 86400.0);
  const json::object meta = Describe(id);
  EXPECT_EQ(meta.at("KeyState").as_string(), "PendingDeletion");
  EXPECT_EQ(meta.at("PendingDeletionWindowInDays").as_int64(), 30);
  EXPECT_TRUE(meta.contains("DeletionDate"));
}

TEST_F(KmsProviderTest, PendingDeletionKeyIsInvalidStateForUse) {
  const std::string id = NewKeyId();
  const json::object enc = Encrypt(id, "x");
  kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}, {"PendingWindowInDays", 7}});
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "y"); }, &message), "KMSInvalidStateException");
  EXPECT_EQ(message, "arn:aws:kms:us-east-1:111122223333:key/" + id + " is pending deletion.");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "KMSInvalidStateException");
  EXPECT_EQ(ErrorCode([&] { kms_.EnableKey(Ctx(), {{"KeyId", id}}); }), "KMSInvalidStateException");
  EXPECT_EQ(ErrorCode([&] {
              kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}});
            }),
            "KMSInvalidStateException");
}

TEST_F(KmsProviderTest, PendingWindowOutsideSevenToThirtyIsValidationException) {
  const std::string id = NewKeyId();
  std::string message;
  EXPECT_EQ(ErrorCode(
                [&] {
                  kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}, {"PendingWindowInDays", 6}});
                },
                &message),
            "ValidationException");
  EXPECT_EQ(message,
            "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy "
            "constraint: Member must have value greater than or equal to 7");
  EXPECT_EQ(ErrorCode([&] {
              kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}, {"PendingWindowInDays", 31}});
            }),
            "ValidationException");
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Enabled");
}

TEST_F(KmsProviderTest, CancelKeyDeletionLeavesKeyDisabled) {
  const std::string id = NewKeyId();
  EXPECT_EQ(ErrorCode([&] {
              kms_.CancelKeyDeletion(Ctx(), {{"KeyId", id}});
            }),
            "KMSInvalidStateException");
  kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}, {"PendingWindowInDays", 7}});
  const json::object out = kms_.CancelKeyDeletion(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_EQ(out.at("KeyId").as_string(), "arn:aws:kms:us-east-1:111122223333:key/" + id);
  const json::object meta = Describe(id);
  EXPECT_EQ(meta.at("KeyState").as_string(), "Disabled");
  EXPECT_FALSE(meta.contains("DeletionDate"));
  EXPECT_FALSE(meta.contains("PendingDeletionWindowInDays"));
  // The stale deletion task must not delete the key when it comes due.
  clock_.Advance(8 * kDay);
  scheduler_.RunDue();
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Disabled");
}

TEST_F(KmsProviderTest, KeyIsDeletedWhenTheWindowEnds) {
  const std::string id = NewKeyId();
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/doomed"}, {"TargetKeyId", id}});
  const json::object enc = Encrypt(id, "x");
  kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}, {"PendingWindowInDays", 7}});
  clock_.Advance(6 * kDay);
  scheduler_.RunDue();
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "PendingDeletion");
  clock_.Advance(1 * kDay);
  scheduler_.RunDue();
  EXPECT_EQ(ErrorCode([&] { Describe(id); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] { Describe("alias/doomed"); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "NotFoundException");
}

TEST_F(KmsProviderTest, AliasLifecycle) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/app"}, {"TargetKeyId", a}});
  EXPECT_EQ(Describe("alias/app").at("KeyId").as_string(), a);
  EXPECT_EQ(Describe("arn:aws:kms:us-east-1:111122223333:alias/app").at("KeyId").as_string(), a);
  std::string message;
  EXPECT_EQ(ErrorCode(
                [&] {
                  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/app"}, {"TargetKeyId", b}});
                },
                &message),
            "AlreadyExistsException");
  EXPECT_EQ(message,
            "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/app already exists");
  kms_.UpdateAlias(Ctx(), {{"AliasName", "alias/app"}, {"TargetKeyId", b}});
  EXPECT_EQ(Describe("alias/app").at("KeyId").as_string(), b);
  kms_.DeleteAlias(Ctx(), {{"AliasName", "alias/app"}});
  EXPECT_EQ(ErrorCode([&] { Describe("alias/app"); }), "NotFoundException");
  EXPECT_EQ(ErrorCode([&] {
              kms_.DeleteAlias(Ctx(), {{"AliasName", "alias/app"}});
            }),
            "NotFoundException");
}

TEST_F(KmsProviderTest, CreateAliasRejectsBadNames) {
  const std::string id = NewKeyId();
  std::string message;
  EXPECT_EQ(ErrorCode([&] {
              kms_.CreateAlias(Ctx(), {{"AliasName", "alias/aws/mine"}, {"TargetKeyId", id}});
            }),
            "InvalidAliasNameException");
  EXPECT_EQ(ErrorCode(
                [&] {
                  kms_.CreateAlias(Ctx(), {{"AliasName", "noprefix"}, {"TargetKeyId", id}});
                },
                &message),
            "ValidationException");
  EXPECT_EQ(message,
            "Alias must start with the prefix \"alias/\". Please see "
            "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
  EXPECT_EQ(ErrorCode([&] {
              kms_.CreateAlias(Ctx(), {{"AliasName", "alias/x"},
                                       {"TargetKeyId", "11111111-2222-3333-4444-555555555555"}});
            }),
            "NotFoundException");
  const json::object list = kms_.ListAliases(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_TRUE(list.at("Aliases").as_array().empty());
}

TEST_F(KmsProviderTest, ListAliasesPagesAndFiltersByKey) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  for (const char* name : {"alias/a1", "alias/a2", "alias/a3"}) {
    kms_.CreateAlias(Ctx(), {{"AliasName", name}, {"TargetKeyId", a}});
  }
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/b1"}, {"TargetKeyId", b}});
  json::object page = kms_.ListAliases(Ctx(), {{"KeyId", a}, {"Limit", 2}}).as_object();
  ASSERT_EQ(page.at("Aliases").as_array().size(), 2u);
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasName").as_string(), "alias/a1");
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasArn").as_string(),
            "arn:aws:kms:us-east-1:111122223333:alias/a1");
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("TargetKeyId").as_string(), a);
  EXPECT_EQ(page.at("Truncated").as_bool(), true);
  page = kms_.ListAliases(Ctx(), {{"KeyId", a}, {"Limit", 2}, {"Marker", page.at("NextMarker")}})
             .as_object();
  ASSERT_EQ(page.at("Aliases").as_array().size(), 1u);
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasName").as_string(), "alias/a3");
  EXPECT_EQ(page.at("Truncated").as_bool(), false);
  EXPECT_FALSE(page.contains("NextMarker"));
  page = kms_.ListAliases(Ctx(), {{"KeyId", b}}).as_object();
  ASSERT_EQ(page.at("Aliases").as_array().size(), 1u);
  EXPECT_EQ(page.at("Aliases").as_array()[0].at("AliasName").as_string(), "alias/b1");
  EXPECT_EQ(ErrorCode([&] {
              kms_.ListAliases(Ctx(), {{"Marker", "!!!"}});
            }),
            "InvalidMarkerException");
}

TEST_F(KmsProviderTest, ListKeysPages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(NewKeyId());
  std::vector<std::string> seen;
  json::object in{{"Limit", 2}};
  for (int pages = 0; pages < 10; ++pages) {
    const json::object page = kms_.ListKeys(Ctx(), in).as_object();
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
  const json::object list = kms_.ListAliases(Ctx(), {}).as_object();
  const json::object* ssm = FindAliasEntry(list, "alias/aws/ssm");
  ASSERT_NE(ssm, nullptr);
  EXPECT_EQ(ssm->at("AliasArn").as_string(), "arn:aws:kms:us-east-1:111122223333:alias/aws/ssm");
  EXPECT_FALSE(ssm->contains("TargetKeyId"));
  // Paging over stored and predefined aliases together visits each name once, in order.
  const std::string id = NewKeyId();
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/aaa"}, {"TargetKeyId", id}});
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/zzz"}, {"TargetKeyId", id}});
  std::vector<std::string> names;
  json::object in{{"Limit", 3}};
  for (int pages = 0; pages < 20; ++pages) {
    const json::object page = kms_.ListAliases(Ctx(), in).as_object();
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

TEST_F(KmsProviderTest, ManagedSsmKeyIsCreatedOnFirstUse) {
  EXPECT_FALSE(kms_.FindKey(Ctx(), "alias/aws/ssm").has_value());
  const std::string blob = kms_.Encrypt(Ctx(), "alias/aws/ssm", "v", {{"k", "v"}});
  const std::optional<KeyService::KeyInfo> info = kms_.FindKey(Ctx(), "alias/aws/ssm");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->manager, "AWS");
  EXPECT_EQ(info->state, "Enabled");
  std::string arn;
  EXPECT_EQ(kms_.Decrypt(Ctx(), blob, {{"k", "v"}}, &arn), "v");
  EXPECT_EQ(arn, info->arn);
  // A second use reuses the same key.
  kms_.Encrypt(Ctx(), "alias/aws/ssm", "w", {});
  EXPECT_EQ(kms_.FindKey(Ctx(), "alias/aws/ssm")->key_id, info->key_id);
  const json::object meta = Describe(info->key_id);
  EXPECT_EQ(meta.at("KeyManager").as_string(), "AWS");
  EXPECT_EQ(meta.at("Description").as_string(),
            "Default key that protects my SSM parameters when no other key is defined");
  const json::object aliases = kms_.ListAliases(Ctx(), {}).as_object();
  const json::object* ssm = FindAliasEntry(aliases, "alias/aws/ssm");
  ASSERT_NE(ssm, nullptr);
  EXPECT_EQ(ssm->at("TargetKeyId").as_string(), info->key_id);
  EXPECT_EQ(std::count_if(
                aliases.at("Aliases").as_array().begin(), aliases.at("Aliases").as_array().end(),
                [](const json::value& e) { return e.as_object().contains("TargetKeyId"); }),
            1);
}

TEST_F(KmsProviderTest, ManagedKeyCannotBeDisabledOrDeleted) {
  kms_.Encrypt(Ctx(), "alias/aws/ssm", "v", {});
  const std::string id = kms_.FindKey(Ctx(), "alias/aws/ssm")->key_id;
  EXPECT_EQ(ErrorCode([&] { kms_.DisableKey(Ctx(), {{"KeyId", id}}); }), "AccessDeniedException");
  EXPECT_EQ(ErrorCode([&] {
              kms_.ScheduleKeyDeletion(Ctx(), {{"KeyId", id}});
            }),
            "AccessDeniedException");
  EXPECT_EQ(Describe(id).at("KeyState").as_string(), "Enabled");
}

TEST_F(KmsProviderTest, KeyServiceErrorsMatchTheApi) {
  EXPECT_EQ(ErrorCode([&] { kms_.Encrypt(Ctx(), "alias/missing", "v", {}); }), "NotFoundException");
  const std::string id = NewKeyId();
  const std::string blob = kms_.Encrypt(Ctx(), id, "v", {{"a", "b"}});
  EXPECT_EQ(ErrorCode([&] {
              kms_.Decrypt(Ctx(), blob, {{"a", "c"}});
            }),
            "InvalidCiphertextException");
  kms_.DisableKey(Ctx(), {{"KeyId", id}});
  EXPECT_EQ(ErrorCode([&] { kms_.Decrypt(Ctx(), blob, {{"a", "b"}}); }), "DisabledException");
  EXPECT_EQ(kms_.FindKey(Ctx(), id)->state, "Disabled");
}

TEST_F(KmsProviderTest, GenerateDataKeyPlaintextDecryptsFromBlob) {
  const std::string id = NewKeyId();
  const json::object out =
      kms_.GenerateDataKey(Ctx(), {{"KeyId", id}, {"KeySpec", "AES_128"}}).as_object();
  const std::string plaintext = Unb64(out.at("Plaintext"));
  EXPECT_EQ(plaintext.size(), 16u);
  EXPECT_EQ(Unb64(Decrypt(out.at("CiphertextBlob")).at("Plaintext")), plaintext);
  const json::object sized =
      kms_.GenerateDataKey(Ctx(), {{"KeyId", id}, {"NumberOfBytes", 64}}).as_object();
  EXPECT_EQ(Unb64(sized.at("Plaintext")).size(), 64u);
  EXPECT_EQ(ErrorCode([&] {
              kms_.GenerateDataKey(Ctx(), {{"KeyId", id}});
            }),
            "ValidationException");
  const json::object without =
      kms_.GenerateDataKeyWithoutPlaintext(Ctx(), {{"KeyId", id}, {"KeySpec", "AES_256"}})
          .as_object();
  EXPECT_FALSE(without.contains("Plaintext"));
  EXPECT_EQ(Unb64(Decrypt(without.at("CiphertextBlob")).at("Plaintext")).size(), 32u);
}

TEST_F(KmsProviderTest, ReEncryptMovesCiphertextToAnotherKeyAndContext) {
  const std::string a = NewKeyId();
  const std::string b = NewKeyId();
  const json::object enc = Encrypt(a, "moving", R"({"from":"a"})");
  const json::object out =
      kms_.ReEncrypt(Ctx(), {{"CiphertextBlob", enc.at("CiphertextBlob")},
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

TEST_F(KmsProviderTest, TagsAddReplaceRemoveAndPage) {
  const std::string id =
      NewKey(R"({"Tags":[{"TagKey":"env","TagValue":"dev"}]})").at("KeyId").as_string().c_str();
  kms_.TagResource(Ctx(),
                   {{"KeyId", id},
                    {"Tags", json::array{json::object{{"TagKey", "env"}, {"TagValue", "prod"}},
                                         json::object{{"TagKey", "team"}, {"TagValue", "a"}}}}});
  json::object page = kms_.ListResourceTags(Ctx(), {{"KeyId", id}, {"Limit", 1}}).as_object();
  ASSERT_EQ(page.at("Tags").as_array().size(), 1u);
  EXPECT_EQ(page.at("Tags").as_array()[0].at("TagValue").as_string(), "prod");
  EXPECT_EQ(page.at("Truncated").as_bool(), true);
  page =
      kms_.ListResourceTags(Ctx(), {{"KeyId", id}, {"Marker", page.at("NextMarker")}}).as_object();
  ASSERT_EQ(page.at("Tags").as_array().size(), 1u);
  EXPECT_EQ(page.at("Tags").as_array()[0].at("TagKey").as_string(), "team");
  kms_.UntagResource(Ctx(), {{"KeyId", id}, {"TagKeys", json::array{"env"}}});
  page = kms_.ListResourceTags(Ctx(), {{"KeyId", id}}).as_object();
  ASSERT_EQ(page.at("Tags").as_array().size(), 1u);
  EXPECT_EQ(page.at("Tags").as_array()[0].at("TagKey").as_string(), "team");
  EXPECT_EQ(ErrorCode([&] {
              kms_.TagResource(
                  Ctx(),
                  {{"KeyId", id},
                   {"Tags", json::array{json::object{{"TagKey", "aws:x"}, {"TagValue", "1"}}}}});
            }),
            "TagException");
}

TEST_F(KmsProviderTest, RotationAndPolicy) {
  const std::string id = NewKeyId();
  json::object status = kms_.GetKeyRotationStatus(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_EQ(status.at("KeyRotationEnabled").as_bool(), false);
  kms_.EnableKeyRotation(Ctx(), {{"KeyId", id}, {"RotationPeriodInDays", 90}});
  status = kms_.GetKeyRotationStatus(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_EQ(status.at("KeyRotationEnabled").as_bool(), true);
  EXPECT_EQ(status.at("RotationPeriodInDays").as_int64(), 90);
  const json::object policy = kms_.GetKeyPolicy(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_NE(std::string(policy.at("Policy").as_string()).find("arn:aws:iam::111122223333:root"),
            std::string::npos);
  EXPECT_EQ(ErrorCode([&] {
              kms_.PutKeyPolicy(Ctx(), {{"KeyId", id}, {"Policy", "not json"}});
            }),
            "MalformedPolicyDocumentException");
}

TEST_F(KmsProviderTest, CiphertextBlobCarriesTheKeyId) {
  const std::string blob = SealBlob("my-key", std::string(32, 'k'), "data", {});
  const std::optional<CiphertextBlob> parsed = ParseCiphertextBlob(blob);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->key_id, "my-key");
  EXPECT_EQ(OpenBlob(*parsed, std::string(32, 'k'), {}), "data");
  EXPECT_FALSE(OpenBlob(*parsed, std::string(32, 'j'), {}).has_value());
  EXPECT_FALSE(ParseCiphertextBlob("\x02garbage").has_value());
}

TEST_F(KmsProviderTest, RsaSignVerifyAndPublicKey) {
  const json::object meta = NewKey(R"({"KeySpec":"RSA_2048","KeyUsage":"SIGN_VERIFY"})");
  const std::string id(meta.at("KeyId").as_string());
  EXPECT_EQ(meta.at("SigningAlgorithms").as_array().size(), 6u);
  EXPECT_FALSE(meta.contains("EncryptionAlgorithms"));
  EXPECT_FALSE(meta.contains("CurrentKeyMaterialId"));
  const json::object pub = kms_.GetPublicKey(Ctx(), {{"KeyId", id}}).as_object();
  EXPECT_GT(Unb64(pub.at("PublicKey")).size(), 256u);
  EXPECT_EQ(pub.at("KeyUsage").as_string(), "SIGN_VERIFY");
  for (const char* algorithm : {"RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_512"}) {
    const json::object sig =
        kms_.Sign(Ctx(),
                  {{"KeyId", id}, {"Message", B64("to sign")}, {"SigningAlgorithm", algorithm}})
            .as_object();
    EXPECT_EQ(Unb64(sig.at("Signature")).size(), 256u);
    const json::object ok = kms_.Verify(Ctx(), {{"KeyId", id},
                                                {"Message", B64("to sign")},
                                                {"Signature", sig.at("Signature")},
                                                {"SigningAlgorithm", algorithm}})
                                .as_object();
    EXPECT_EQ(ok.at("SignatureValid").as_bool(), true);
    EXPECT_EQ(ErrorCode([&] {
                kms_.Verify(Ctx(), {{"KeyId", id},
                                    {"Message", B64("tampered")},
                                    {"Signature", sig.at("Signature")},
                                    {"SigningAlgorithm", algorithm}});
              }),
              "KMSInvalidSignatureException");
  }
  EXPECT_EQ(ErrorCode([&] {
              kms_.Sign(
                  Ctx(),
                  {{"KeyId", id}, {"Message", B64("m")}, {"SigningAlgorithm", "ECDSA_SHA_256"}});
            }),
            "InvalidKeyUsageException");
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "x"); }), "InvalidKeyUsageException");
}

TEST_F(KmsProviderTest, EccSignsDigests) {
  const std::string id(
      NewKey(R"({"KeySpec":"ECC_NIST_P256","KeyUsage":"SIGN_VERIFY"})").at("KeyId").as_string());
  const std::string digest(32, '\x5a');
  const json::object sig = kms_.Sign(Ctx(), {{"KeyId", id},
                                             {"Message", B64(digest)},
                                             {"MessageType", "DIGEST"},
                                             {"SigningAlgorithm", "ECDSA_SHA_256"}})
                               .as_object();
  EXPECT_EQ(kms_.Verify(Ctx(), {{"KeyId", id},
                                {"Message", B64(digest)},
                                {"MessageType", "DIGEST"},
                                {"Signature", sig.at("Signature")},
                                {"SigningAlgorithm", "ECDSA_SHA_256"}})
                .as_object()
                .at("SignatureValid")
                .as_bool(),
            true);
  EXPECT_EQ(ErrorCode([&] {
              kms_.Sign(Ctx(), {{"KeyId", id},
                                {"Message", B64("short")},
                                {"MessageType", "DIGEST"},
                                {"SigningAlgorithm", "ECDSA_SHA_256"}});
            }),
            "ValidationException");
}

TEST_F(KmsProviderTest, RsaEncryptDecryptNeedsKeyIdAndAlgorithm) {
  const std::string id(
      NewKey(R"({"KeySpec":"RSA_2048","KeyUsage":"ENCRYPT_DECRYPT"})").at("KeyId").as_string());
  json::object in{{"KeyId", id},
                  {"Plaintext", B64("rsa secret")},
                  {"EncryptionAlgorithm", "RSAES_OAEP_SHA_256"}};
  const json::object enc = kms_.EncryptOp(Ctx(), in).as_object();
  EXPECT_EQ(enc.at("EncryptionAlgorithm").as_string(), "RSAES_OAEP_SHA_256");
  EXPECT_EQ(Unb64(enc.at("CiphertextBlob")).size(), 256u);
  const json::object dec = kms_.DecryptOp(Ctx(), {{"KeyId", id},
                                                  {"CiphertextBlob", enc.at("CiphertextBlob")},
                                                  {"EncryptionAlgorithm", "RSAES_OAEP_SHA_256"}})
                               .as_object();
  EXPECT_EQ(Unb64(dec.at("Plaintext")), "rsa secret");
  EXPECT_EQ(ErrorCode([&] { Decrypt(enc.at("CiphertextBlob")); }), "InvalidCiphertextException");
  EXPECT_EQ(ErrorCode([&] { Encrypt(id, "x"); }), "InvalidKeyUsageException");
  in["Plaintext"] = B64(std::string(300, 'p'));
  EXPECT_EQ(ErrorCode([&] { kms_.EncryptOp(Ctx(), in); }), "ValidationException");
}

TEST_F(KmsProviderTest, HmacGenerateAndVerifyMac) {
  const std::string id(
      NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})").at("KeyId").as_string());
  const json::object mac =
      kms_.GenerateMac(Ctx(),
                       {{"KeyId", id}, {"Message", B64("hello")}, {"MacAlgorithm", "HMAC_SHA_256"}})
          .as_object();
  EXPECT_EQ(Unb64(mac.at("Mac")).size(), 32u);
  EXPECT_EQ(kms_.VerifyMac(Ctx(), {{"KeyId", id},
                                   {"Message", B64("hello")},
                                   {"Mac", mac.at("Mac")},
                                   {"MacAlgorithm", "HMAC_SHA_256"}})
                .as_object()
                .at("MacValid")
                .as_bool(),
            true);
  EXPECT_EQ(ErrorCode([&] {
              kms_.VerifyMac(Ctx(), {{"KeyId", id},
                                     {"Message", B64("hellO")},
                                     {"Mac", mac.at("Mac")},
                                     {"MacAlgorithm", "HMAC_SHA_256"}});
            }),
            "KMSInvalidMacException");
  EXPECT_EQ(ErrorCode([&] {
              kms_.GenerateMac(
                  Ctx(),
                  {{"KeyId", id}, {"Message", B64("hello")}, {"MacAlgorithm", "HMAC_SHA_512"}});
            }),
            "InvalidKeyUsageException");
  const std::string symmetric = NewKeyId();
  EXPECT_EQ(ErrorCode([&] {
              kms_.GenerateMac(Ctx(), {{"KeyId", symmetric},
                                       {"Message", B64("hello")},
                                       {"MacAlgorithm", "HMAC_SHA_256"}});
            }),
            "InvalidKeyUsageException");
  EXPECT_EQ(ErrorCode([&] {
              kms_.GetPublicKey(Ctx(), {{"KeyId", symmetric}});
            }),
            "UnsupportedOperationException");
}

TEST_F(KmsProviderTest, DryRunChecksButDoesNotEncrypt) {
  const std::string id = NewKeyId();
  json::object in{{"KeyId", id}, {"Plaintext", B64("x")}, {"DryRun", true}};
  EXPECT_EQ(ErrorCode([&] { kms_.EncryptOp(Ctx(), in); }), "DryRunOperationException");
  kms_.DisableKey(Ctx(), {{"KeyId", id}});
  EXPECT_EQ(ErrorCode([&] { kms_.EncryptOp(Ctx(), in); }), "DisabledException");
}

TEST_F(KmsProviderTest, DryRunOnUnusedManagedAliasCreatesNoKey) {
  json::object in{{"KeyId", "alias/aws/ssm"}, {"Plaintext", B64("x")}, {"DryRun", true}};
  EXPECT_EQ(ErrorCode([&] { kms_.EncryptOp(Ctx(), in); }), "DryRunOperationException");
  EXPECT_FALSE(kms_.FindKey(Ctx(), "alias/aws/ssm").has_value());
  EXPECT_TRUE(kms_.ListKeys(Ctx(), {}).as_object().at("Keys").as_array().empty());
}

TEST_F(KmsProviderTest, ReEncryptWithWrongSourceContextIsInvalidCiphertext) {
  const std::string a = NewKeyId();
  const json::object enc = Encrypt(a, "x", R"({"k":"v"})");
  EXPECT_EQ(ErrorCode([&] {
              kms_.ReEncrypt(
                  Ctx(), {{"CiphertextBlob", enc.at("CiphertextBlob")}, {"DestinationKeyId", a}});
            }),
            "InvalidCiphertextException");
}

TEST_F(KmsProviderTest, UpdateAliasToKeyOfOtherUsageIsValidationException) {
  const std::string symmetric = NewKeyId();
  const std::string hmac(
      NewKey(R"({"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"})").at("KeyId").as_string());
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/typed"}, {"TargetKeyId", symmetric}});
  EXPECT_EQ(ErrorCode([&] {
              kms_.UpdateAlias(Ctx(), {{"AliasName", "alias/typed"}, {"TargetKeyId", hmac}});
            }),
            "ValidationException");
  EXPECT_EQ(Describe("alias/typed").at("KeyId").as_string(), symmetric);
  EXPECT_EQ(ErrorCode([&] {
              kms_.UpdateAlias(Ctx(), {{"AliasName", "alias/missing"}, {"TargetKeyId", symmetric}});
            }),
            "NotFoundException");
}

TEST_F(KmsProviderTest, InvalidKeyIdsAreNotFound) {
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Describe("not-a-key"); }, &message), "NotFoundException");
  EXPECT_EQ(message, "Invalid keyId not-a-key");
  EXPECT_EQ(ErrorCode([&] {
              kms_.DisableKey(Ctx(), {{"KeyId", "alias/x"}});
            }),
            "NotFoundException");
  EXPECT_EQ(ErrorCode([&] { Describe("arn:aws:kms:us-east-1:111122223333:thing/x"); }),
            "InvalidArnException");
}

TEST_F(KmsProviderTest, GenerateRandomReturnsRequestedBytes) {
  const json::object out = kms_.GenerateRandom(Ctx(), {{"NumberOfBytes", 48}}).as_object();
  EXPECT_EQ(Unb64(out.at("Plaintext")).size(), 48u);
  const json::object other = kms_.GenerateRandom(Ctx(), {{"NumberOfBytes", 48}}).as_object();
  EXPECT_NE(out.at("Plaintext"), other.at("Plaintext"));
}

TEST_F(KmsProviderTest, GenerateDataKeyPairSealsThePrivateKey) {
  const std::string id = NewKeyId();
  const json::object pair =
      kms_.GenerateDataKeyPair(Ctx(), {{"KeyId", id}, {"KeyPairSpec", "ECC_NIST_P256"}})
          .as_object();
  EXPECT_EQ(pair.at("KeyPairSpec").as_string(), "ECC_NIST_P256");
  const std::string private_key = Unb64(pair.at("PrivateKeyPlaintext"));
  EXPECT_EQ(Unb64(pair.at("PublicKey")), PublicKeyDer(private_key));
  EXPECT_EQ(Unb64(Decrypt(pair.at("PrivateKeyCiphertextBlob")).at("Plaintext")), private_key);
  const json::object without =
      kms_.GenerateDataKeyPairWithoutPlaintext(Ctx(), {{"KeyId", id}, {"KeyPairSpec", "RSA_2048"}})
          .as_object();
  EXPECT_FALSE(without.contains("PrivateKeyPlaintext"));
  EXPECT_EQ(Unb64(without.at("PublicKey")),
            PublicKeyDer(Unb64(Decrypt(without.at("PrivateKeyCiphertextBlob")).at("Plaintext"))));
}

}  // namespace
}  // namespace nimbus::kms
