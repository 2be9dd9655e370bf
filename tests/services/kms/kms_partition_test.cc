// KMS outside the aws partition: key and alias ARNs, key policies and key references.
#include <string>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "services/kms/kms_provider.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/provider_test_support.h"

namespace nimbus::kms {
namespace {

namespace json = boost::json;
using test::ErrorCode;

constexpr std::string_view kAccount = "111122223333";

class KmsPartitionTest : public ::testing::Test {
 protected:
  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{db_, clock_, ids_, scheduler_, {}};
  KmsProvider kms_{rt_};

  core::RequestContext Ctx(std::string region = "cn-north-1") {
    core::RequestContext ctx;
    ctx.scope = {.account = std::string(kAccount), .region = std::move(region)};
    ctx.caller = {.access_key_id = "AKIDEXAMPLE",
                  .account = std::string(kAccount),
                  .arn = "arn:aws-cn:iam::111122223333:root",
                  .user_id = std::string(kAccount)};
    ctx.now_millis = clock_.NowMillis();
    return ctx;
  }
  std::string NewKeyId() {
    return std::string(kms_.CreateKey(Ctx(), {}).at("KeyMetadata").at("KeyId").as_string());
  }
  // The key's policy, parsed.
  json::value Policy(const std::string& key_id) {
    return json::parse(kms_.GetKeyPolicy(Ctx(), {{"KeyId", key_id}}).at("Policy").as_string());
  }
};

TEST_F(KmsPartitionTest, CreateKeyInChinaHasAnAwsCnArn) {
  const std::string id = NewKeyId();
  EXPECT_EQ(kms_.DescribeKey(Ctx(), {{"KeyId", id}}).at("KeyMetadata").at("Arn").as_string(),
            "arn:aws-cn:kms:cn-north-1:111122223333:key/" + id);
}

TEST_F(KmsPartitionTest, DefaultKeyPolicyInChinaNamesTheAwsCnRoot) {
  EXPECT_EQ(Policy(NewKeyId()).at("Statement").at(0).at("Principal").at("AWS").as_string(),
            "arn:aws-cn:iam::111122223333:root");
}

TEST_F(KmsPartitionTest, AliasArnInChinaIsInTheAwsCnPartition) {
  kms_.CreateAlias(Ctx(), {{"AliasName", "alias/app"}, {"TargetKeyId", NewKeyId()}});
  const json::value list = kms_.ListAliases(Ctx(), {});
  for (const json::value& alias : list.at("Aliases").as_array()) {
    if (alias.at("AliasName") == "alias/app") {
      EXPECT_EQ(alias.at("AliasArn").as_string(),
                "arn:aws-cn:kms:cn-north-1:111122223333:alias/app");
      return;
    }
  }
  ADD_FAILURE() << "alias/app is not listed";
}

TEST_F(KmsPartitionTest, DescribeKeyAcceptsTheAwsCnKeyArn) {
  const std::string id = NewKeyId();
  const std::string arn = "arn:aws-cn:kms:cn-north-1:111122223333:key/" + id;
  EXPECT_EQ(kms_.DescribeKey(Ctx(), {{"KeyId", arn}}).at("KeyMetadata").at("KeyId").as_string(),
            id);
}

TEST_F(KmsPartitionTest, KeyArnOfAnotherPartitionIsNotFound) {
  const std::string id = NewKeyId();
  EXPECT_EQ(ErrorCode([&] {
              kms_.DescribeKey(Ctx(), {{"KeyId", "arn:aws:kms:cn-north-1:111122223333:key/" + id}});
            }),
            "NotFoundException");
}

TEST_F(KmsPartitionTest, KeyArnOfAnUnknownPartitionIsInvalidArn) {
  const std::string id = NewKeyId();
  EXPECT_EQ(
      ErrorCode([&] {
        kms_.DescribeKey(Ctx(), {{"KeyId", "arn:aws-moon:kms:cn-north-1:111122223333:key/" + id}});
      }),
      "InvalidArnException");
}

TEST_F(KmsPartitionTest, ManagedKeyViaServiceUsesThePartitionDnsSuffix) {
  kms_.Encrypt(Ctx(), {{"KeyId", "alias/aws/ssm"}, {"Plaintext", core::Base64Encode("v")}});
  const std::string id(
      kms_.DescribeKey(Ctx(), {{"KeyId", "alias/aws/ssm"}}).at("KeyMetadata").at("KeyId").as_string());
  EXPECT_EQ(Policy(id)
                .at("Statement")
                .at(0)
                .at("Condition")
                .at("StringEquals")
                .at("kms:ViaService")
                .as_string(),
            "ssm.cn-north-1.amazonaws.com.cn");
}

}  // namespace
}  // namespace nimbus::kms
