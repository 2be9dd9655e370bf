#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/request_context.h"

// Internal to the KMS provider: what AWS writes for keys that nobody configured, the default key
// policy and the AWS managed keys ("alias/aws/ssm") that KMS creates on first use.
namespace nimbus::kms::internal {

// AWS managed aliases that KMS creates a key for on first use, with the service noun of the
// key's description.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kManagedAliases = {{
    {"alias/aws/acm", "ACM private keys"},
    {"alias/aws/backup", "Backup vaults"},
    {"alias/aws/codecommit", "CodeCommit repositories"},
    {"alias/aws/dynamodb", "DynamoDB tables"},
    {"alias/aws/ebs", "EBS volumes"},
    {"alias/aws/elasticfilesystem", "EFS file systems"},
    {"alias/aws/es", "Elasticsearch domains"},
    {"alias/aws/glue", "Glue data"},
    {"alias/aws/kinesis", "Kinesis data"},
    {"alias/aws/lambda", "Lambda functions"},
    {"alias/aws/rds", "RDS database volumes"},
    {"alias/aws/redshift", "Redshift data"},
    {"alias/aws/s3", "S3 objects"},
    {"alias/aws/secretsmanager", "Secrets Manager secrets"},
    {"alias/aws/sns", "SNS topics"},
    {"alias/aws/sqs", "SQS queues"},
    {"alias/aws/ssm", "SSM parameters"},
    {"alias/aws/xray", "X-Ray traces"},
}};

// The service noun of a managed alias ("SSM parameters"), or nullopt if it is not one.
std::optional<std::string_view> ManagedAliasNoun(std::string_view alias_name);

// The key policy of a customer key created without one: the account's root may do everything.
std::string DefaultPolicy(const core::Scope& scope);

// The key policy of the AWS managed key of `alias_name`: use through that service by the
// account's principals, and reads of its metadata by the account.
std::string ManagedPolicy(const core::Scope& scope, std::string_view alias_name);

}  // namespace nimbus::kms::internal
