#include "core/partition.h"

#include <gtest/gtest.h>

namespace nimbus::core {
namespace {

TEST(PartitionTest, ChinaRegionIsInTheAwsCnPartition) {
  EXPECT_EQ(PartitionOf("cn-north-1").id, "aws-cn");
}

TEST(PartitionTest, AwsCnDnsSuffixIsAmazonawsComCn) {
  EXPECT_EQ(PartitionOf("cn-north-1").dns_suffix, "amazonaws.com.cn");
}

TEST(PartitionTest, GovCloudRegionIsInTheAwsUsGovPartition) {
  EXPECT_EQ(PartitionOf("us-gov-west-1").id, "aws-us-gov");
}

TEST(PartitionTest, CommercialRegionIsInTheAwsPartition) {
  EXPECT_EQ(PartitionOf("eu-west-1").id, "aws");
  EXPECT_EQ(PartitionOf("eu-west-1").dns_suffix, "amazonaws.com");
}

TEST(PartitionTest, UnlistedRegionMatchingARegionRegexIsInThatPartition) {
  EXPECT_EQ(PartitionOf("cn-south-7").id, "aws-cn");
  EXPECT_EQ(PartitionOf("us-isob-north-9").id, "aws-iso-b");
}

TEST(PartitionTest, MadeUpRegionIsInTheAwsPartition) {
  EXPECT_EQ(PartitionOf("moon-base-1").id, "aws");
  EXPECT_EQ(PartitionOf("").id, "aws");
}

TEST(PartitionTest, ImplicitGlobalRegionOfAwsCnIsNingxia) {
  EXPECT_EQ(PartitionOf("cn-north-1").implicit_global_region, "cn-northwest-1");
  EXPECT_EQ(PartitionOf("us-west-2").implicit_global_region, "us-east-1");
}

TEST(PartitionTest, DualStackDnsSuffixIsImported) {
  EXPECT_EQ(PartitionOf("cn-north-1").dual_stack_dns_suffix, "api.amazonwebservices.com.cn");
}

TEST(PartitionTest, EveryPartitionBotocoreListsIsKnown) {
  for (const char* id : {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e",
                         "aws-iso-f", "aws-eusc"}) {
    ASSERT_NE(FindPartition(id), nullptr) << id;
    EXPECT_EQ(FindPartition(id)->id, id);
  }
  EXPECT_EQ(FindPartition("aws-moon"), nullptr);
}

TEST(PartitionTest, ArnUsesThePartitionOfTheScopeRegion) {
  EXPECT_EQ(Arn({.account = "123456789012", .region = "cn-north-1"}, "kms", "key/k1"),
            "arn:aws-cn:kms:cn-north-1:123456789012:key/k1");
}

TEST(PartitionTest, GlobalArnHasAnEmptyRegionField) {
  EXPECT_EQ(GlobalArn({.account = "123456789012", .region = "cn-north-1"}, "iam", "root"),
            "arn:aws-cn:iam::123456789012:root");
}

TEST(PartitionTest, GlobalArnMayHaveAnEmptyAccountField) {
  EXPECT_EQ(GlobalArn({.account = "", .region = "us-gov-east-1"}, "sso", "instance/ssoins-1"),
            "arn:aws-us-gov:sso:::instance/ssoins-1");
}

TEST(PartitionTest, ParseArnSplitsEveryField) {
  const std::optional<ParsedArn> arn =
      ParseArn("arn:aws-iso-f:ssm:us-isof-south-1:111122223333:parameter/a/b:c");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->partition, "aws-iso-f");
  EXPECT_EQ(arn->service, "ssm");
  EXPECT_EQ(arn->region, "us-isof-south-1");
  EXPECT_EQ(arn->account, "111122223333");
  EXPECT_EQ(arn->resource, "parameter/a/b:c");
}

TEST(PartitionTest, ParseArnKeepsEmptyRegionAndAccount) {
  const std::optional<ParsedArn> arn = ParseArn("arn:aws:sso:::permissionSet/ssoins-1/ps-2");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->region, "");
  EXPECT_EQ(arn->account, "");
  EXPECT_EQ(arn->resource, "permissionSet/ssoins-1/ps-2");
}

TEST(PartitionTest, ParseArnRejectsAnUnknownPartition) {
  EXPECT_FALSE(ParseArn("arn:aws-moon:iam::123456789012:root"));
}

TEST(PartitionTest, ParseArnRejectsTooFewFields) {
  EXPECT_FALSE(ParseArn("arn:aws:iam::123456789012"));
  EXPECT_FALSE(ParseArn("arn:aws:iam::123456789012:"));
  EXPECT_FALSE(ParseArn("urn:aws:iam::123456789012:root"));
}

TEST(PartitionTest, FormatArnIsTheInverseOfParseArn) {
  constexpr std::string_view kArn = "arn:aws-cn:sts::123456789012:assumed-role/r/s";
  EXPECT_EQ(FormatArn(*ParseArn(kArn)), kArn);
}

}  // namespace
}  // namespace nimbus::core
