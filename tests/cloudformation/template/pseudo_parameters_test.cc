#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"
#include "core/partition.h"

namespace nimbus::cloudformation {
namespace {

using testing::Json;

class PseudoParametersTest : public testing::EvaluationTest {
 protected:
  // The stack lives in `region`, with a StackId in that region's partition.
  void InRegion(std::string_view region) {
    stack_.region = region;
    stack_.stack_id = core::Arn({.account = stack_.account_id, .region = std::string(region)},
                                "cloudformation", "stack/teststack/51af3dc0");
    Load(R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}})");
  }
};

TEST_F(PseudoParametersTest, AccountIdRegionAndStackName) {
  InRegion("us-east-1");
  EXPECT_EQ(
      Eval(R"([{"Ref": "AWS::AccountId"}, {"Ref": "AWS::Region"}, {"Ref": "AWS::StackName"}])"),
      Json(R"(["123456789012", "us-east-1", "teststack"])"));
}

TEST_F(PseudoParametersTest, PartitionAndUrlSuffixInTheCommercialPartition) {
  InRegion("eu-west-1");
  EXPECT_EQ(Eval(R"([{"Ref": "AWS::Partition"}, {"Ref": "AWS::URLSuffix"}])"),
            Json(R"(["aws", "amazonaws.com"])"));
}

TEST_F(PseudoParametersTest, PartitionAndUrlSuffixInChina) {
  InRegion("cn-north-1");
  EXPECT_EQ(Eval(R"([{"Ref": "AWS::Partition"}, {"Ref": "AWS::URLSuffix"}])"),
            Json(R"(["aws-cn", "amazonaws.com.cn"])"));
}

TEST_F(PseudoParametersTest, StackIdInChinaNamesTheAwsCnPartition) {
  InRegion("cn-north-1");
  EXPECT_EQ(
      Eval(R"({"Ref": "AWS::StackId"})"),
      Json(R"("arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/teststack/51af3dc0")"));
}

TEST_F(PseudoParametersTest, PartitionAndUrlSuffixInGovCloud) {
  InRegion("us-gov-west-1");
  EXPECT_EQ(
      Eval(R"([{"Ref": "AWS::Partition"}, {"Ref": "AWS::URLSuffix"}, {"Ref": "AWS::Region"}])"),
      Json(R"(["aws-us-gov", "amazonaws.com", "us-gov-west-1"])"));
}

TEST_F(PseudoParametersTest, GovCloudSubBuildsAnArnInItsPartition) {
  InRegion("us-gov-west-1");
  EXPECT_EQ(Eval(R"({"Fn::Sub": "arn:${AWS::Partition}:s3:::bucket-${AWS::Region}"})"),
            Json(R"("arn:aws-us-gov:s3:::bucket-us-gov-west-1")"));
}

TEST_F(PseudoParametersTest, GetAZsInGovCloud) {
  InRegion("us-gov-west-1");
  EXPECT_EQ(Eval(R"({"Fn::GetAZs": {"Ref": "AWS::Region"}})"),
            Json(R"(["us-gov-west-1a", "us-gov-west-1b", "us-gov-west-1c"])"));
}

TEST_F(PseudoParametersTest, NotificationArnsIsAList) {
  InRegion("us-east-1");
  stack_.notification_arns = {"topic-a", "topic-b"};
  EXPECT_EQ(Eval(R"({"Fn::Select": [1, {"Ref": "AWS::NotificationARNs"}]})"), Json(R"("topic-b")"));
}

TEST_F(PseudoParametersTest, NoValueIsNoValueAtAll) {
  InRegion("us-east-1");
  EXPECT_FALSE(PseudoParameterValue("AWS::NoValue", stack_).has_value());
  EXPECT_TRUE(Eval(R"({"Ref": "AWS::NoValue"})").is_null());
}

}  // namespace
}  // namespace nimbus::cloudformation
