#pragma once

#include <string>
#include <string_view>

// Stack policies: which update actions a stack update may take on which resources
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html).
// Once a stack has a policy, every resource is protected unless a statement allows the action;
// a Deny wins over any Allow. Statements name actions (Update:Modify, Update:Replace,
// Update:Delete, Update:*) with Action or NotAction, resources ("*", "LogicalResourceId/<id>",
// with * wildcards) with Resource or NotResource, and may have a Condition StringEquals or
// StringLike on ResourceType.
namespace nimbus::cloudformation {

// Throws core::AwsError ValidationError "Error validating stack policy: Invalid stack policy"
// (recorded from AWS) when `body` is not a stack policy.
void CheckStackPolicy(std::string_view body);

// Why `policy` refuses `action` ("Update:Modify", "Update:Replace" or "Update:Delete") on the
// resource `logical_id` of type `type`, or "" when it allows it. `policy` passed
// CheckStackPolicy().
std::string StackPolicyDenial(std::string_view policy, std::string_view action,
                              std::string_view logical_id, std::string_view type);

}  // namespace nimbus::cloudformation
