#include "services/sts/sts_provider.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/database.h"
#include "testing/provider_test_support.h"

namespace nimbus::sts {
namespace {

using test::ErrorCode;

class StsProviderTest : public ::testing::Test {
 protected:
  store::Database db_;
  core::IdGenerator ids_{7};
  StsProvider sts_{db_, ids_};

  core::RequestContext Ctx(std::string region) {
    core::RequestContext ctx;
    ctx.scope = {.account = "123456789012", .region = std::move(region)};
    ctx.caller = {.access_key_id = "AKIDEXAMPLE",
                  .account = "123456789012",
                  .arn = "arn:aws-cn:iam::123456789012:root",
                  .user_id = "123456789012"};
    return ctx;
  }
};

TEST_F(StsProviderTest, AssumeRoleAcceptsAnAwsCnRoleInChina) {
  const boost::json::value out = sts_.AssumeRole(
      Ctx("cn-north-1"),
      {{"RoleArn", "arn:aws-cn:iam::111122223333:role/x"}, {"RoleSessionName", "s1"}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws-cn:sts::111122223333:assumed-role/x/s1");
}

TEST_F(StsProviderTest, AssumeRoleAcceptsARoleWithAPath) {
  const boost::json::value out = sts_.AssumeRole(
      Ctx("us-gov-west-1"),
      {{"RoleArn", "arn:aws-us-gov:iam::111122223333:role/ci/deploy"}, {"RoleSessionName", "s"}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws-us-gov:sts::111122223333:assumed-role/deploy/s");
}

TEST_F(StsProviderTest, AssumeRoleOfAnUnknownPartitionIsValidationError) {
  EXPECT_EQ(ErrorCode([&] {
              sts_.AssumeRole(Ctx("cn-north-1"),
                              {{"RoleArn", "arn:aws-moon:iam::111122223333:role/x"},
                               {"RoleSessionName", "s1"}});
            }),
            "ValidationError");
}

TEST_F(StsProviderTest, AssumeRoleOfANonRoleArnIsValidationError) {
  EXPECT_EQ(ErrorCode([&] {
              sts_.AssumeRole(
                  Ctx("cn-north-1"),
                  {{"RoleArn", "arn:aws-cn:iam::111122223333:user/x"}, {"RoleSessionName", "s1"}});
            }),
            "ValidationError");
}

}  // namespace
}  // namespace nimbus::sts
