// Resource types simulated from their schemas, through the API: Ref and Fn::GetAtt in a stack's
// outputs, generated identifiers, the label, validation failures, --cfn-simulated fail.
#include "cloudformation/schema/simulated_resource.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using ::testing::MatchesRegex;
using Lines = std::vector<std::string>;

class SimulatedResourceTest : public testing::StackTest {
 protected:
  // The stack's outputs, key -> value, after creating it from `body`.
  std::map<std::string, std::string> Outputs(std::string_view name, std::string_view body) {
    Create(name, body);
    EXPECT_EQ(Status(name), "CREATE_COMPLETE") << Reason(name);
    std::map<std::string, std::string> outputs;
    const json::object stack = Stack(name);
    if (const json::value* list = stack.if_contains("Outputs")) {
      for (const json::value& output : list->as_array()) {
        outputs[std::string(output.at("OutputKey").as_string())] =
            std::string(output.at("OutputValue").as_string());
      }
    }
    return outputs;
  }
};

constexpr std::string_view kNetwork = R"({"Resources": {
  "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
  "Subnet": {"Type": "AWS::EC2::Subnet",
             "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"}},
  "Group": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "web", "VpcId": {"Ref": "Vpc"}}}},
  "Outputs": {
    "VpcId": {"Value": {"Ref": "Vpc"}},
    "VpcIdAttribute": {"Value": {"Fn::GetAtt": ["Vpc", "VpcId"]}},
    "VpcCidr": {"Value": {"Fn::GetAtt": ["Vpc", "CidrBlock"]}},
    "DefaultSecurityGroup": {"Value": {"Fn::GetAtt": ["Vpc", "DefaultSecurityGroup"]}},
    "DefaultNetworkAcl": {"Value": {"Fn::GetAtt": ["Vpc", "DefaultNetworkAcl"]}},
    "CidrBlockAssociations": {"Value": {"Fn::Join": [",",
                                        {"Fn::GetAtt": ["Vpc", "CidrBlockAssociations"]}]}},
    "SubnetId": {"Value": {"Ref": "Subnet"}},
    "SubnetVpc": {"Value": {"Fn::GetAtt": ["Subnet", "VpcId"]}},
    "SubnetZone": {"Value": {"Fn::GetAtt": ["Subnet", "AvailabilityZone"]}},
    "GroupId": {"Value": {"Ref": "Group"}},
    "GroupIdAttribute": {"Value": {"Fn::GetAtt": ["Group", "GroupId"]}}}})";

TEST_F(SimulatedResourceTest, AVpcIdIsVpcAndSeventeenHexDigits) {
  EXPECT_THAT(Outputs("net", kNetwork)["VpcId"], MatchesRegex("vpc-[0-9a-f]{17}"));
}

TEST_F(SimulatedResourceTest, TheVpcIdAttributeIsWhatRefReturns) {
  auto outputs = Outputs("net", kNetwork);
  EXPECT_EQ(outputs["VpcIdAttribute"], outputs["VpcId"]);
}

TEST_F(SimulatedResourceTest, AnAttributeThatIsAGivenPropertyIsItsValue) {
  EXPECT_EQ(Outputs("net", kNetwork)["VpcCidr"], "10.0.0.0/16");
}

TEST_F(SimulatedResourceTest, AVpcsReadOnlyAttributesAreShapedAsEc2ShapesThem) {
  auto outputs = Outputs("net", kNetwork);
  EXPECT_THAT(outputs["DefaultSecurityGroup"], MatchesRegex("sg-[0-9a-f]{17}"));
  EXPECT_THAT(outputs["DefaultNetworkAcl"], MatchesRegex("acl-[0-9a-f]{17}"));
  EXPECT_THAT(outputs["CidrBlockAssociations"], MatchesRegex("vpc-cidr-assoc-[0-9a-f]{17}"));
}

TEST_F(SimulatedResourceTest, ASubnetAndASecurityGroupGetTheirOwnPrefixes) {
  auto outputs = Outputs("net", kNetwork);
  EXPECT_THAT(outputs["SubnetId"], MatchesRegex("subnet-[0-9a-f]{17}"));
  EXPECT_THAT(outputs["GroupId"], MatchesRegex("sg-[0-9a-f]{17}"));
  EXPECT_EQ(outputs["GroupIdAttribute"], outputs["GroupId"]);
}

TEST_F(SimulatedResourceTest, ASubnetsVpcIdIsTheVpcItWasGiven) {
  auto outputs = Outputs("net", kNetwork);
  EXPECT_EQ(outputs["SubnetVpc"], outputs["VpcId"]);
}

TEST_F(SimulatedResourceTest, ASubnetWithoutZoneIsInTheStacksRegion) {
  EXPECT_EQ(Outputs("net", kNetwork)["SubnetZone"], "us-east-1a");
}

TEST_F(SimulatedResourceTest, TheSameAttributeReadTwiceIsTheSameValue) {
  Create("net", kNetwork);
  const std::string first =
      std::string(Stack("net").at("Outputs").at(3).at("OutputValue").as_string());
  EXPECT_EQ(Stack("net").at("Outputs").at(3).at("OutputValue").as_string(), first);
}

TEST_F(SimulatedResourceTest, TheCreateCompleteEventSaysTheResourceIsSimulated) {
  Create("net", R"({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
                                          "Properties": {"CidrBlock": "10.0.0.0/16"}}}})");
  EXPECT_EQ(Events("net")[3],
            "Vpc CREATE_COMPLETE Simulated by nimbus: nimbus does not emulate the EC2 service; "
            "the resource exists only in this stack");
}

TEST_F(SimulatedResourceTest, DescribeStackResourceKeepsTheLabelAsItsReason) {
  Create("net", R"({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
                                          "Properties": {"CidrBlock": "10.0.0.0/16"}}}})");
  const json::value out =
      Call("DescribeStackResource", {{"StackName", "net"}, {"LogicalResourceId", "Vpc"}});
  EXPECT_EQ(out.at("StackResourceDetail").at("ResourceStatusReason").as_string(),
            "Simulated by nimbus: nimbus does not emulate the EC2 service; the resource exists "
            "only in this stack");
}

TEST_F(SimulatedResourceTest, ATypeOfAnEmulatedServiceWithoutHandlerIsSimulatedAndSaysSo) {
  EXPECT_EQ(SimulatedReason("AWS::SSM::Document"),
            "Simulated by nimbus: nimbus emulates SSM but not AWS::SSM::Document yet; the "
            "resource exists only in this stack");
}

TEST_F(SimulatedResourceTest, AnSnsTopicsRefIsItsArnWithAGeneratedName) {
  auto outputs = Outputs("app", R"({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"Arn": {"Value": {"Ref": "Topic"}},
                "Name": {"Value": {"Fn::GetAtt": ["Topic", "TopicName"]}}}})");
  EXPECT_THAT(outputs["Arn"],
              MatchesRegex("arn:aws:sns:us-east-1:111122223333:app-Topic-[A-Z0-9]{13}"));
  EXPECT_EQ("arn:aws:sns:us-east-1:111122223333:" + outputs["Name"], outputs["Arn"]);
}

TEST_F(SimulatedResourceTest, AnSnsTopicWithANameHasItInItsArn) {
  auto outputs = Outputs("app", R"({"Resources": {"Topic": {"Type": "AWS::SNS::Topic",
                                       "Properties": {"TopicName": "alerts"}}},
    "Outputs": {"Arn": {"Value": {"Ref": "Topic"}}}})");
  EXPECT_EQ(outputs["Arn"], "arn:aws:sns:us-east-1:111122223333:alerts");
}

TEST_F(SimulatedResourceTest, AnS3BucketsRefIsItsNameAndItsAttributesAreS3s) {
  auto outputs = Outputs("app", R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket",
                                       "Properties": {"BucketName": "my-bucket"}}},
    "Outputs": {"Name": {"Value": {"Ref": "Bucket"}},
                "Arn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}},
                "Domain": {"Value": {"Fn::GetAtt": ["Bucket", "DomainName"]}},
                "Regional": {"Value": {"Fn::GetAtt": ["Bucket", "RegionalDomainName"]}}}})");
  EXPECT_EQ(outputs["Name"], "my-bucket");
  EXPECT_EQ(outputs["Arn"], "arn:aws:s3:::my-bucket");
  EXPECT_EQ(outputs["Domain"], "my-bucket.s3.amazonaws.com");
  EXPECT_EQ(outputs["Regional"], "my-bucket.s3.us-east-1.amazonaws.com");
}

TEST_F(SimulatedResourceTest, AGeneratedBucketNameMatchesTheSchemasPattern) {
  auto outputs = Outputs("App", R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
    "Outputs": {"Name": {"Value": {"Ref": "Bucket"}}}})");
  EXPECT_THAT(outputs["Name"], MatchesRegex("app-bucket-[a-z0-9]{13}"));
}

constexpr std::string_view kFunction = R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function",
  "Properties": {"Code": {"ZipFile": "def handler(e, c): pass"}, "Handler": "index.handler",
                 "Runtime": "python3.12", "Role": "arn:aws:iam::111122223333:role/r"}}},
  "Outputs": {"Name": {"Value": {"Ref": "Fn"}}, "Arn": {"Value": {"Fn::GetAtt": ["Fn", "Arn"]}}}})";

TEST_F(SimulatedResourceTest, ALambdaFunctionsRefIsItsNameAndItsArnNamesIt) {
  auto outputs = Outputs("app", kFunction);
  EXPECT_THAT(outputs["Name"], MatchesRegex("app-Fn-[A-Z0-9]{13}"));
  EXPECT_EQ(outputs["Arn"], "arn:aws:lambda:us-east-1:111122223333:function:" + outputs["Name"]);
}

TEST_F(SimulatedResourceTest, ALambdaFunctionWithoutRoleFailsItsPropertyValidation) {
  Create("app", R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function",
                   "Properties": {"Code": {"ZipFile": "x"}, "Runtime": "python3.12"}}}})");
  EXPECT_EQ(Events("app")[2],
            "Fn CREATE_FAILED Property validation failure: [The property {/Role} is required]");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

TEST_F(SimulatedResourceTest, SeveralProblemsAreJoinedInOneReason) {
  Create("app", R"({"Resources": {"Net": {"Type": "AWS::EC2::Subnet",
                   "Properties": {"Colour": "red", "CidrBlock": ["10.0.1.0/24"]}}}})");
  EXPECT_EQ(Events("app")[2],
            "Net CREATE_FAILED Property validation failure: [Encountered unsupported properties "
            "in {/}: [Colour], Value of property {/CidrBlock} does not match type {String}, The "
            "property {/VpcId} is required]");
}

TEST_F(SimulatedResourceTest, ADynamoDbTablesRefIsItsNameAndItsArnIsATableArn) {
  auto outputs = Outputs("app", R"({"Resources": {"Table": {"Type": "AWS::DynamoDB::Table",
    "Properties": {"TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
                   "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}},
    "Outputs": {"Name": {"Value": {"Ref": "Table"}},
                "Arn": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}}}})");
  EXPECT_EQ(outputs["Name"], "orders");
  EXPECT_EQ(outputs["Arn"], "arn:aws:dynamodb:us-east-1:111122223333:table/orders");
}

TEST_F(SimulatedResourceTest, ACompositeIdentifierJoinsItsPartsWithABar) {
  auto outputs = Outputs("app", R"({"Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
    "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "g"}},
    "Link": {"Type": "AWS::EC2::SecurityGroupVpcAssociation",
             "Properties": {"GroupId": {"Ref": "Group"}, "VpcId": {"Ref": "Vpc"}}}},
    "Outputs": {"Link": {"Value": {"Ref": "Link"}}, "Group": {"Value": {"Ref": "Group"}},
                "Vpc": {"Value": {"Ref": "Vpc"}}}})");
  EXPECT_EQ(outputs["Link"], outputs["Group"] + "|" + outputs["Vpc"]);
}

TEST_F(SimulatedResourceTest, AnAttributeTheTypeDoesNotHaveFailsTheStack) {
  Create("app", R"({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",
                                          "Properties": {"CidrBlock": "10.0.0.0/16"}}},
    "Outputs": {"Nope": {"Value": {"Fn::GetAtt": ["Vpc", "Nope"]}}}})");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Events("app")[4],
            "app ROLLBACK_IN_PROGRESS Template error: resource Vpc does not support attribute "
            "type Nope in Fn::GetAtt. Rollback requested by user.");
}

TEST_F(SimulatedResourceTest, APropertyThatIsNoAttributeIsNoAttribute) {
  Create("app", R"({"Resources": {"Bucket": {"Type": "AWS::S3::Bucket",
                                             "Properties": {"BucketName": "b"}}},
    "Outputs": {"Name": {"Value": {"Fn::GetAtt": ["Bucket", "BucketName"]}}}})");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

TEST_F(SimulatedResourceTest, AStackOfSimulatedResourcesDeletes) {
  const std::string id = Create("net", kNetwork);
  Delete("net");
  EXPECT_EQ(Status(id), "DELETE_COMPLETE");
  Lines resources = Resources(id);
  std::sort(resources.begin(), resources.end());
  EXPECT_EQ(resources,
            (Lines{"Group DELETE_COMPLETE", "Subnet DELETE_COMPLETE", "Vpc DELETE_COMPLETE"}));
}

TEST_F(SimulatedResourceTest, CfnSimulatedFailRefusesCreateStackNamingTheTypes) {
  rt_->rt.options.cfn_simulated_allowed = false;
  const core::AwsError error = ErrorOf([&] { Start("net", kNetwork); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(),
               "Template format error: nimbus does not emulate resource types [AWS::EC2::VPC, "
               "AWS::EC2::Subnet, AWS::EC2::SecurityGroup]; they would be simulated "
               "(--cfn-simulated fail)");
}

TEST_F(SimulatedResourceTest, CfnSimulatedFailRefusesValidateTemplate) {
  rt_->rt.options.cfn_simulated_allowed = false;
  EXPECT_EQ(ErrorOf([&] {
              Call("ValidateTemplate", {{"TemplateBody", kNetwork}});
            }).code(),
            "ValidationError");
}

TEST_F(SimulatedResourceTest, CfnSimulatedFailAcceptsNativeTypes) {
  rt_->rt.options.cfn_simulated_allowed = false;
  Create("app", R"({"Resources": {"P": {"Type": "AWS::SSM::Parameter",
                   "Properties": {"Name": "/app/p", "Type": "String", "Value": "v"}}}})");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(SimulatedResourceTest, AnSsmDocumentIsSimulatedThoughNimbusEmulatesSsm) {
  Create("app", R"({"Resources": {"Doc": {"Type": "AWS::SSM::Document",
                   "Properties": {"DocumentType": "Command", "Content": {
                     "schemaVersion": "2.2", "mainSteps": []}}}}})");
  EXPECT_EQ(Events("app")[3],
            "Doc CREATE_COMPLETE Simulated by nimbus: nimbus emulates SSM but not "
            "AWS::SSM::Document yet; the resource exists only in this stack");
}

// Update and its attributes, asked of the handler directly.
class SimulatedUpdateTest : public testing::StackTest {
 protected:
  ResourceRequest Request(const json::object& props) {
    return ResourceRequest{.ctx = ctx_,
                           .services = rt_->dispatcher,
                           .ids = rt_->ids,
                           .stack_name = "app",
                           .stack_id = "stack-id",
                           .logical_id = "Vpc",
                           .props = props,
                           .stack_tags = tags_};
  }

  SchemaRegistry schemas_;
  SimulatedResources simulated_{schemas_};
  Resource* vpc_ = simulated_.Find("AWS::EC2::VPC");
  const json::object before_{{"CidrBlock", "10.0.0.0/16"}, {"EnableDnsSupport", false}};
  const json::object after_{{"CidrBlock", "10.0.0.0/16"}, {"EnableDnsSupport", true}};
  const json::array tags_;
};

TEST_F(SimulatedUpdateTest, AnUpdateKeepsThePhysicalId) {
  EXPECT_EQ(vpc_->Update(Request(after_), "vpc-0123456789abcdef0", before_).physical_id,
            "vpc-0123456789abcdef0");
}

TEST_F(SimulatedUpdateTest, AnAttributeIsTheSameBeforeAndAfterAnUpdate) {
  const std::optional<json::value> before =
      vpc_->Attribute(Request(before_), "vpc-0123456789abcdef0", "DefaultSecurityGroup");
  vpc_->Update(Request(after_), "vpc-0123456789abcdef0", before_);
  EXPECT_EQ(vpc_->Attribute(Request(after_), "vpc-0123456789abcdef0", "DefaultSecurityGroup"),
            before);
}

TEST(SimulatedResourcesTest, CustomResourcesAreNotSimulated) {
  const SchemaRegistry schemas;
  const SimulatedResources simulated(schemas);
  EXPECT_EQ(simulated.Find("AWS::CloudFormation::CustomResource"), nullptr);
}

TEST(SimulatedResourcesTest, ATypeWithoutSchemaIsNotSimulated) {
  const SchemaRegistry schemas;
  const SimulatedResources simulated(schemas);
  EXPECT_EQ(simulated.Find("AWS::Nimbus::Nothing"), nullptr);
}

}  // namespace
}  // namespace nimbus::cloudformation
