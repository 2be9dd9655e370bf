#include "services/kms/key_defaults.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/partition.h"

namespace nimbus::kms::internal {

namespace json = boost::json;

std::optional<std::string_view> ManagedAliasNoun(std::string_view alias_name) {
  for (const auto& [name, noun] : kManagedAliases) {
    if (name == alias_name) return noun;
  }
  return std::nullopt;
}

std::string DefaultPolicy(const core::Scope& scope) {
  json::object statement{
      {"Sid", "Enable IAM User Permissions"},
      {"Effect", "Allow"},
      {"Principal", json::object{{"AWS", core::GlobalArn(scope, "iam", "root")}}},
      {"Action", "kms:*"},
      {"Resource", "*"}};
  json::object policy{
      {"Version", "2012-10-17"}, {"Id", "key-default-1"}, {"Statement", json::array{statement}}};
  return json::serialize(policy);
}

std::string ManagedPolicy(const core::Scope& scope, std::string_view alias_name) {
  const std::string service(alias_name.substr(std::string_view("alias/aws/").size()));
  // The service's regional endpoint, in its partition's domain (ssm.cn-north-1.amazonaws.com.cn).
  const std::string via_service =
      service + "." + scope.region + "." + core::PartitionOf(scope.region).dns_suffix;
  json::object via{
      {"Sid", "Allow access through " + service +
                  " for all principals in the account that are authorized to use " + service},
      {"Effect", "Allow"},
      {"Principal", json::object{{"AWS", "*"}}},
      {"Action", json::array{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                             "kms:CreateGrant", "kms:DescribeKey"}},
      {"Resource", "*"},
      {"Condition", json::object{{"StringEquals", json::object{{"kms:CallerAccount", scope.account},
                                                               {"kms:ViaService", via_service}}}}}};
  json::object direct{
      {"Sid", "Allow direct access to key metadata to the account"},
      {"Effect", "Allow"},
      {"Principal", json::object{{"AWS", core::GlobalArn(scope, "iam", "root")}}},
      {"Action", json::array{"kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"}},
      {"Resource", "*"}};
  json::object policy{{"Version", "2012-10-17"},
                      {"Id", "auto-" + service + "-1"},
                      {"Statement", json::array{via, direct}}};
  return json::serialize(policy);
}

}  // namespace nimbus::kms::internal
