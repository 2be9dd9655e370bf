// Templates written with YAML short-form tags, parsed by ParseTemplate and then evaluated: the
// long form the parser produces is what the evaluators read.
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"
#include "cloudformation/template/parse.h"

namespace nimbus::cloudformation {
namespace {

using testing::Json;

class ShortFormEvaluationTest : public testing::EvaluationTest {
 protected:
  void SetUp() override {
    Load(boost::json::serialize(ParseTemplate(R"(
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr ['10.0.0.0/16', 1, 8]]
      Ipv6CidrBlock: !GetAtt Vpc.Ipv6CidrBlocks
      AvailabilityZone: !Select
        - 0
        - !GetAZs ''
      Tags:
        - Key: Name
          Value: !Sub '${AWS::StackName}-${Env}'
        - !If [IsProd, {Key: Tier, Value: !Join ['-', [a, !Ref Env]]}, !Ref 'AWS::NoValue']
)")));
  }
};

TEST_F(ShortFormEvaluationTest, ShortFormsResolveLikeTheLongForm) {
  EXPECT_EQ(Eval(boost::json::serialize(tmpl_.at("Resources").at("Subnet").at("Properties"))),
            Json(R"({"VpcId": "Vpc-physical", "CidrBlock": "10.0.0.0/24",
                     "Ipv6CidrBlock": "Vpc.Ipv6CidrBlocks",
                     "AvailabilityZone": "us-east-1a",
                     "Tags": [{"Key": "Name", "Value": "teststack-prod"},
                              {"Key": "Tier", "Value": "a-prod"}]})"));
}

}  // namespace
}  // namespace nimbus::cloudformation
