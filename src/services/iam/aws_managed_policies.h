#pragma once

#include <span>
#include <string_view>

// The AWS managed policies nimbus knows: a small table of the ones that templates, the CDK and
// the StackSets documentation attach most, with the names, paths, default versions and
// documents of the AWS Managed Policy Reference Guide
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html).
namespace nimbus::iam {

struct AwsManagedPolicy {
  std::string_view name;
  std::string_view path;
  std::string_view id;  // ANPA...
  std::string_view default_version;
  std::string_view description;
  std::string_view document;
};

std::span<const AwsManagedPolicy> AwsManagedPolicies();

// The policy whose ARN resource is `resource` ("policy/service-role/AWSLambdaBasicExecutionRole"),
// or nullptr.
const AwsManagedPolicy* FindAwsManagedPolicy(std::string_view resource);

}  // namespace nimbus::iam
