#pragma once

#include <string_view>

#include "cloudformation/stack_set_store.h"
#include "core/service_client.h"

// Suspended accounts in the operations of service-managed stack sets: StackSets skips a target
// account that Organizations reports closed, and marks its instances SKIPPED_SUSPENDED_ACCOUNT
// instead of FAILED, so that they do not count against the failure tolerance
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackInstanceComprehensiveStatus.html;
// https://aws.amazon.com/about-aws/whats-new/2023/06/aws-cloudformation-stacksets-suspended-accounts-deployments/).
namespace nimbus::cloudformation {

inline constexpr std::string_view kSkippedSuspendedAccount = "SKIPPED_SUSPENDED_ACCOUNT";

// The StatusReason of a skipped instance (AWS's wording, quoted from a DescribeStackInstance
// answer by users).
inline constexpr std::string_view kSuspendedAccountReason =
    "This account is suspended. To remove this instance from the stack set, run "
    "DeleteStackInstances with the RetainStacks parameter.";

// Whether an account with Organizations' Status `status` is skipped: SUSPENDED, and
// PENDING_CLOSURE too (the Organizations API cannot undo a closure; nimbus's choice).
bool IsSuspendedStatus(std::string_view status);

// Whether Organizations reports `account` suspended (IsSuspendedStatus) in the organization
// that `management_account` manages, read with DescribeAccount as that account's root in
// `region`. False for an account the organization does not hold (an account named in
// DeploymentTargets' Accounts need not be a member) and when there is no organization any more.
bool AccountSuspended(const core::ServiceClient& services, std::string_view management_account,
                      std::string_view account, std::string_view region);

// What an operation with `action` (CREATE, UPDATE, DELETE, DETECT_DRIFT) does at a target of a
// suspended account, without touching its stack: the result is SUCCEEDED (the result's enum has
// no SKIPPED value, and a skipped account is not a failure) with kSuspendedAccountReason, and
// the instance is OUTDATED / SKIPPED_SUSPENDED_ACCOUNT with that reason, its StackId kept. A
// DELETE with `retain_stacks` removes the instance from the set, as the reason tells users to
// do (the result SUCCEEDED without a reason, the instance SUCCEEDED, to be removed); without it
// the instance stays. A DETECT_DRIFT leaves the instance as it was.
OperationResultRecord SkipSuspendedTarget(std::string_view action, bool retain_stacks,
                                          const OperationResultRecord& result,
                                          StackInstanceRecord* instance);

}  // namespace nimbus::cloudformation
