#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/request_context.h"

// AWS partitions (aws, aws-cn, aws-us-gov, ...) as botocore's partitions.json lists them, and the
// ARNs built from them: every ARN nimbus writes names the partition of the region it lives in.
namespace nimbus::core {

// One partition, with what nimbus needs of it.
struct Partition {
  std::string id;                      // "aws-cn": an ARN's second field
  std::string dns_suffix;              // "amazonaws.com.cn": <service>.<region>.<dns_suffix>
  std::string dual_stack_dns_suffix;   // "api.amazonwebservices.com.cn"; "" when none is listed
  std::string implicit_global_region;  // "cn-northwest-1": the region of global services
};

// The partition that lists `region`, else the first whose regionRegex matches it, else `aws`.
// models/partitions.json is parsed on the first call (thread-safe), not at start-up.
const Partition& PartitionOf(std::string_view region);

// True when a partition lists `region` or its regionRegex matches it ("us-east-1", and
// "eu-future-9" before botocore lists it); false for "", "nowhere" or "US-EAST-1".
bool IsRegion(std::string_view region);

// The partition named `id` ("aws-iso-b"), or nullptr if botocore lists no such partition.
const Partition* FindPartition(std::string_view id);

// arn:<partition>:<service>:<region>:<account>:<resource>, taken apart.
struct ParsedArn {
  std::string partition;
  std::string service;
  std::string region;    // "" for global resources (IAM, Organizations)
  std::string account;   // "" for some (SSO Admin instances)
  std::string resource;  // the rest, ':' and '/' included: "key/<id>", "parameter/a/b"
};

// arn:<partition of scope.region>:<service>:<scope.region>:<scope.account>:<resource>
std::string Arn(const Scope& scope, std::string_view service, std::string_view resource);

// A global resource's ARN, whose region field is empty: arn:aws-cn:iam::123456789012:root.
// scope.region only chooses the partition; scope.account may be "" (arn:aws:sso:::instance/...).
std::string GlobalArn(const Scope& scope, std::string_view service, std::string_view resource);

// The ARN with these fields (the inverse of ParseArn).
std::string FormatArn(const ParsedArn& arn);

// Splits `arn` if it is arn:<a known partition>:<service>:<region>:<account>:<resource> with a
// non-empty service and resource; std::nullopt otherwise. Fields are not validated further.
std::optional<ParsedArn> ParseArn(std::string_view arn);

}  // namespace nimbus::core
