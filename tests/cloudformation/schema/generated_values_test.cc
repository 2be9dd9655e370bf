#include "cloudformation/schema/generated_values.h"

#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloudformation/schema/simulated_resource.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation::internal {
namespace {

namespace json = boost::json;
using ::testing::MatchesRegex;

// Generation calls no service.
class NoServices final : public core::ServiceClient {
 protected:
  json::value Run(const core::Caller&, std::string_view, std::string_view, std::string_view,
                  const json::object&) const override {
    throw std::logic_error("no service is called");
  }
};

// One generated value: type, property or attribute, the resource's own name or id, the region,
// and the pattern the value must match.
struct GeneratedCase {
  std::string type;
  std::string path;
  std::string own;
  std::string region;
  std::string pattern;
};

class GeneratedValueTest : public ::testing::TestWithParam<GeneratedCase> {
 protected:
  std::string Generate(const GeneratedCase& c) {
    const ResourceSchema* schema = schemas_.Find(c.type);
    if (schema == nullptr) {
      ADD_FAILURE() << "no schema for " << c.type;
      return "";
    }
    const core::RequestContext ctx = test::Context("111122223333", c.region);
    const json::object props;
    const json::array tags;
    const ResourceRequest req{.ctx = ctx,
                              .services = services_,
                              .ids = ids_,
                              .stack_name = "app",
                              .stack_id = "stack-id",
                              .logical_id = "Thing",
                              .props = props,
                              .stack_tags = tags};
    const json::value value = GenerateValue(*schema, req, c.path, c.own);
    return value.is_string() ? std::string(value.get_string()) : json::serialize(value);
  }

  SchemaRegistry schemas_;
  NoServices services_;
  core::IdGenerator ids_{3};
};

TEST_P(GeneratedValueTest, IsShapedAsAwsShapesIt) {
  EXPECT_THAT(Generate(GetParam()), MatchesRegex(GetParam().pattern));
}

INSTANTIATE_TEST_SUITE_P(
    Types, GeneratedValueTest,
    ::testing::Values(
        GeneratedCase{"AWS::EC2::VPC", "VpcId", "", "us-east-1", "vpc-[0-9a-f]{17}"},
        GeneratedCase{"AWS::EC2::InternetGateway", "InternetGatewayId", "", "us-east-1",
                      "igw-[0-9a-f]{17}"},
        GeneratedCase{"AWS::EC2::RouteTable", "RouteTableId", "", "us-east-1", "rtb-[0-9a-f]{17}"},
        GeneratedCase{"AWS::EC2::NetworkInterface", "Id", "", "us-east-1", "eni-[0-9a-f]{17}"},
        GeneratedCase{"AWS::EC2::Instance", "InstanceId", "", "us-east-1", "i-[0-9a-f]{17}"},
        GeneratedCase{"AWS::EC2::VPC", "DefaultSecurityGroup", "vpc-0123456789abcdef0", "us-east-1",
                      "sg-[0-9a-f]{17}"},
        GeneratedCase{"AWS::EC2::SecurityGroup", "GroupId", "sg-0123456789abcdef0", "us-east-1",
                      "sg-0123456789abcdef0"},
        GeneratedCase{"AWS::IAM::Role", "RoleId", "app-Role-X", "us-east-1", "AROA[A-Z0-9]{17}"},
        GeneratedCase{"AWS::IAM::Role", "Arn", "app-Role-X", "us-east-1",
                      "arn:aws:iam::111122223333:role/app-Role-X"},
        GeneratedCase{"AWS::SNS::Topic", "TopicArn", "", "us-east-1",
                      "arn:aws:sns:us-east-1:111122223333:app-Thing-[A-Z0-9]{13}"},
        GeneratedCase{"AWS::SNS::Topic", "TopicArn", "", "cn-north-1",
                      "arn:aws-cn:sns:cn-north-1:111122223333:app-Thing-[A-Z0-9]{13}"},
        GeneratedCase{"AWS::SQS::Queue", "QueueUrl", "jobs", "us-east-1",
                      "https://sqs[.]us-east-1[.]amazonaws[.]com/111122223333/jobs"},
        GeneratedCase{"AWS::S3::Bucket", "BucketName", "", "us-east-1", "app-thing-[a-z0-9]{13}"},
        GeneratedCase{"AWS::S3::Bucket", "WebsiteURL", "site", "eu-west-1",
                      "http://site[.]s3-website-eu-west-1[.]amazonaws[.]com"},
        GeneratedCase{"AWS::Logs::LogGroup", "Arn", "logs", "us-east-1",
                      "arn:aws:logs:us-east-1:111122223333:log-group:logs:[*]"},
        GeneratedCase{"AWS::ECR::Repository", "Arn", "repo", "us-east-1",
                      "arn:aws:ecr:us-east-1:111122223333:repository/repo"},
        GeneratedCase{"AWS::Events::EventBus", "Arn", "bus", "us-west-2",
                      "arn:aws:events:us-west-2:111122223333:event-bus/bus"},
        GeneratedCase{"AWS::SSM::Document", "Name", "", "us-east-1", "app-Thing-[A-Z0-9]{13}"},
        GeneratedCase{"AWS::EC2::EIP", "PublicIp", "", "us-east-1", "198[.]51[.]100[.][0-9]{1,3}"},
        GeneratedCase{"AWS::EC2::Instance", "PrivateIp", "i-0123456789abcdef0", "us-east-1",
                      "10[.]0[.]0[.][0-9]{1,3}"},
        GeneratedCase{"AWS::EC2::Instance", "AvailabilityZone", "i-0123456789abcdef0", "eu-west-1",
                      "eu-west-1a"},
        GeneratedCase{"AWS::EC2::EIP", "AllocationId", "198.51.100.7", "us-east-1",
                      "eipalloc-[0-9a-f]{17}"},
        GeneratedCase{"AWS::ApiGateway::RestApi", "RestApiId", "", "us-east-1", "[a-z0-9]{10}"},
        GeneratedCase{"AWS::Cognito::UserPool", "UserPoolId", "", "eu-west-1",
                      "eu-west-1_[A-Za-z0-9]{9}"},
        GeneratedCase{"AWS::Route53::HostedZone", "Id", "", "us-east-1", "Z[A-Z0-9]{20}"},
        GeneratedCase{"AWS::SecretsManager::Secret", "Id", "db", "us-east-1",
                      "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-[A-Za-z]{6}"},
        GeneratedCase{"AWS::ECR::Repository", "RepositoryUri", "repo", "us-east-1",
                      "111122223333[.]dkr[.]ecr[.]us-east-1[.]amazonaws[.]com/repo"},
        GeneratedCase{"AWS::ElasticLoadBalancingV2::LoadBalancer", "DNSName", "web", "us-east-1",
                      "web-[0-9]{10}[.]us-east-1[.]elb[.]amazonaws[.]com"}));

TEST(StableHashTest, TheSameTextHashesTheSameAndAnotherDifferently) {
  EXPECT_EQ(StableHash("vpc-1\nDefaultSecurityGroup"), StableHash("vpc-1\nDefaultSecurityGroup"));
  EXPECT_NE(StableHash("vpc-1\nDefaultSecurityGroup"), StableHash("vpc-2\nDefaultSecurityGroup"));
}

TEST(NamePropertyTest, ATypesNamePropertyIsItsResourceNameOrName) {
  const SchemaRegistry schemas;
  EXPECT_EQ(NameProperty(*schemas.Find("AWS::S3::Bucket")), "BucketName");
  EXPECT_EQ(NameProperty(*schemas.Find("AWS::SSM::Document")), "Name");
  EXPECT_EQ(NameProperty(*schemas.Find("AWS::EC2::VPC")), "");
}

}  // namespace
}  // namespace nimbus::cloudformation::internal

namespace nimbus::cloudformation::internal {
namespace {

// Every simulated type, created from no properties: a physical id, and a value for each of its
// attributes (the generators meet every schema shape without failing).
TEST(EveryTypeTest, EverySimulatedTypeGetsAPhysicalIdAndAValueForEachAttribute) {
  const SchemaRegistry schemas;
  const SimulatedResources simulated(schemas);
  const NoServices services;
  core::IdGenerator ids{5};
  const core::RequestContext ctx = test::Context("111122223333", "us-east-1");
  const json::object props;
  const json::array tags;
  const ResourceRequest req{.ctx = ctx,
                            .services = services,
                            .ids = ids,
                            .stack_name = "app",
                            .stack_id = "stack-id",
                            .logical_id = "Thing",
                            .props = props,
                            .stack_tags = tags};
  std::vector<std::string> without_id;
  std::vector<std::string> without_value;
  for (std::string_view type : schemas.Types()) {
    Resource* handler = simulated.Find(type);
    if (handler == nullptr) continue;
    const ResourceResult result = handler->Create(req);
    if (result.physical_id.empty()) without_id.emplace_back(type);
    for (const std::string& attribute : schemas.Find(type)->get_att) {
      if (!handler->Attribute(req, result.physical_id, attribute)) {
        without_value.push_back(std::string(type) + "." + attribute);
      }
    }
  }
  EXPECT_EQ(without_id, std::vector<std::string>{});
  EXPECT_EQ(without_value, std::vector<std::string>{});
}

}  // namespace
}  // namespace nimbus::cloudformation::internal
