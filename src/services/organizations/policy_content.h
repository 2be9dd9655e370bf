#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What Organizations knows of a policy's content: the AWS managed policies, the checks CreatePolicy
// and UpdatePolicy run per policy type, and the inheritance of management policies (tag, backup,
// AI services opt-out, ...) that DescribeEffectivePolicy answers. Pure functions.
namespace nimbus::organizations {

// A policy AWS manages: the same in every organization, attached where the type is enabled.
struct ManagedPolicy {
  std::string_view id;  // p-FullAWSAccess
  std::string_view name;
  std::string_view description;
  std::string_view type;
  std::string_view content;
};

// The AWS managed policy with this id, or nullptr.
const ManagedPolicy* FindManagedPolicy(std::string_view id);
// The AWS managed policy AWS attaches everywhere when `type` is enabled (FullAWSAccess for SCPs,
// RCPFullAWSAccess for RCPs), or nullptr.
const ManagedPolicy* ManagedPolicyOfType(std::string_view type);

// Whether policies of `type` are IAM-like authorization policies (SCP, RCP) rather than
// management policies with inheritance operators.
bool IsAuthorizationPolicyType(std::string_view type);

// The largest content, in characters, a policy of `type` may have.
size_t MaxPolicySize(std::string_view type);

// How many policies of `type` one root, OU or account may have attached.
int64_t MaxAttachments(std::string_view type);

// Why `content` is not a valid policy of `type` (for the log; clients get one fixed message), or
// nullopt when it is.
std::optional<std::string> PolicyContentProblem(std::string_view type, std::string_view content);

// The effective management policy of an account: `contents` are the policies attached to the
// root, then to each OU down to the account, then to the account, each level's in any order.
// Inheritance operators (@@assign, @@append, @@remove) are applied and removed, as
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_mgmt.html
// describes. Returns the compact JSON text.
std::string EffectivePolicyContent(const std::vector<std::string>& contents);

}  // namespace nimbus::organizations
