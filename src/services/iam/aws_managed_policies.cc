#include "services/iam/aws_managed_policies.h"

#include <array>
#include <string>

namespace nimbus::iam {

namespace {

// Documents as the reference guide prints them, without whitespace. ReadOnlyAccess is
// abbreviated (the real one lists thousands of actions); README.md says so.
constexpr std::array<AwsManagedPolicy, 10> kPolicies = {{
    {"AdministratorAccess", "/", "ANPAIWMBCKSKIEE64ZLYK", "v1",
     "Provides full access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    {"PowerUserAccess", "/", "ANPAJYRXTHIB4FOVS3ZXS", "v5",
     "Provides full access to AWS services and resources, but does not allow management of Users "
     "and groups.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*",)"
     R"("organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":[)"
     R"("iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles",)"
     R"("organizations:DescribeOrganization","account:ListRegions",)"
     R"("account:GetAccountInformation"],"Resource":"*"}]})"},
    {"ReadOnlyAccess", "/", "ANPAILL3HVNFSB6DCOWYQ", "v1",
     "Provides read-only access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:Describe*",)"
     R"("cloudformation:Get*","cloudformation:List*","iam:Get*","iam:List*","kms:Describe*",)"
     R"("kms:Get*","kms:List*","s3:Get*","s3:List*","ssm:Describe*","ssm:Get*","ssm:List*",)"
     R"("sts:GetCallerIdentity"],"Resource":"*"}]})"},
    {"IAMFullAccess", "/", "ANPAI7XKCFMBPM3QQRRVQ", "v2",
     "Provides full access to IAM via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*",)"
     R"("organizations:DescribeAccount","organizations:DescribeOrganization",)"
     R"("organizations:DescribeOrganizationalUnit","organizations:DescribePolicy",)"
     R"("organizations:ListChildren","organizations:ListParents",)"
     R"("organizations:ListPoliciesForTarget","organizations:ListRoots",)"
     R"("organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]})"},
    {"AmazonS3FullAccess", "/", "ANPAIFIR6V6BVTRAHWINE", "v2",
     "Provides full access to all buckets via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*",)"
     R"("s3-object-lambda:*"],"Resource":"*"}]})"},
    {"AmazonS3ReadOnlyAccess", "/", "ANPAIZTJ4DXE7G6AGAE6M", "v3",
     "Provides read only access to all buckets via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*",)"
     R"("s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]})"},
    {"AWSLambdaBasicExecutionRole", "/service-role/", "ANPAJNCQGXC42545SKXIK", "v1",
     "Provides write permissions to CloudWatch Logs.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup",)"
     R"("logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
    {"AWSLambdaVPCAccessExecutionRole", "/service-role/", "ANPAJVTME3YLVNL72YR2K", "v3",
     "Provides minimum permissions for a Lambda function to execute while accessing a resource "
     "within a VPC - create, describe, delete network interfaces and write permissions to "
     "CloudWatch Logs.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup",)"
     R"("logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface",)"
     R"("ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface",)"
     R"("ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]})"},
    {"AWSCloudFormationFullAccess", "/", "ANPAJB6NHI2HXCMAUN6SU", "v1",
     "Provides full access to AWS CloudFormation.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:*"],)"
     R"("Resource":"*"}]})"},
    // Attached by the CDK bootstrap template to its deploy role.
    {"AWSCloudFormationReadOnlyAccess", "/", "ANPAJWVBEE4I2POWLODLW", "v4",
     "Provides access to AWS CloudFormation via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:)"
     R"(Describe*","cloudformation:EstimateTemplateCost","cloudformation:Get*",)"
     R"("cloudformation:List*","cloudformation:ValidateTemplate","cloudformation:Detect*"],)"
     R"("Resource":"*"}]})"},
}};

}  // namespace

std::span<const AwsManagedPolicy> AwsManagedPolicies() { return kPolicies; }

const AwsManagedPolicy* FindAwsManagedPolicy(std::string_view resource) {
  for (const AwsManagedPolicy& policy : kPolicies) {
    if (resource == "policy" + std::string(policy.path) + std::string(policy.name)) {
      return &policy;
    }
  }
  return nullptr;
}

}  // namespace nimbus::iam
