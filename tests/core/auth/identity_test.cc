#include "core/auth/identity.h"

#include <gtest/gtest.h>

namespace nimbus::core::auth {
namespace {

TEST(IdentityTest, UnknownKeyIsTheRootOfTheDefaultAccountInTheAwsPartition) {
  EXPECT_EQ(ResolveCaller("AKIDEXAMPLE", std::nullopt, "000000000000", "us-east-1").arn,
            "arn:aws:iam::000000000000:root");
}

TEST(IdentityTest, RootInAChinaRegionIsInTheAwsCnPartition) {
  EXPECT_EQ(ResolveCaller("123456789012", std::nullopt, "000000000000", "cn-north-1").arn,
            "arn:aws-cn:iam::123456789012:root");
}

TEST(IdentityTest, ConfiguredUserIsShownInThePartitionOfTheRequestRegion) {
  const StaticKeys keys = StaticKeys::Parse(
      "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = s\n"
      "account_id = 111122223333\nuser_name = deployer\n",
      "000000000000");
  EXPECT_EQ(ResolveCaller("AKIACI", keys.FindKey("AKIACI"), "000000000000", "us-gov-west-1").arn,
            "arn:aws-us-gov:iam::111122223333:user/deployer");
}

TEST(IdentityTest, AssumedRoleKeyIsShownInThePartitionOfTheRequestRegion) {
  const KnownKey key{.access_key_id = "ASIAEXAMPLE",
                     .secret_access_key = "s",
                     .session_token = "t",
                     .account = "111122223333",
                     .arn = "arn:aws:sts::111122223333:assumed-role/r/s",
                     .user_id = "AROAEXAMPLE:s"};
  EXPECT_EQ(ResolveCaller("ASIAEXAMPLE", key, "000000000000", "cn-northwest-1").arn,
            "arn:aws-cn:sts::111122223333:assumed-role/r/s");
}

TEST(IdentityTest, RootArnIsInThePartitionOfTheRegion) {
  EXPECT_EQ(RootArn("123456789012", "us-iso-east-1"), "arn:aws-iso:iam::123456789012:root");
}

}  // namespace
}  // namespace nimbus::core::auth
