// kms::KeyService, the in-process interface SSM and SSO Admin use: the same keys, code paths and
// errors as the API.
#include <algorithm>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/ids.h"
#include "services/kms/kms_provider.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using test::ErrorCode;

class KmsKeyServiceTest : public ::testing::Test {
 protected:
  core::RequestContext Ctx() {
    core::RequestContext ctx = test::Context("111122223333", "us-east-1");
    ctx.now_millis = clock_.NowMillis();
    return ctx;
  }
  std::string NewKeyId() {
    return std::string(kms_.CreateKey(Ctx(), {}).at("KeyMetadata").at("KeyId").as_string());
  }
  json::object Describe(const std::string& key) {
    return kms_.DescribeKey(Ctx(), {{"KeyId", key}}).at("KeyMetadata").as_object();
  }

  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{db_, clock_, ids_, scheduler_, {}};
  KmsProvider kms_{rt_};
};

// The predefined AWS alias `name` as ListAliases shows it.
const json::object* FindAliasEntry(const json::object& list, std::string_view name) {
  for (const json::value& entry : list.at("Aliases").as_array()) {
    if (entry.at("AliasName").as_string() == name) return &entry.as_object();
  }
  return nullptr;
}

TEST_F(KmsKeyServiceTest, ManagedSsmKeyIsCreatedOnFirstUse) {
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

TEST_F(KmsKeyServiceTest, KeyServiceErrorsMatchTheApi) {
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

}  // namespace
}  // namespace nimbus::kms
