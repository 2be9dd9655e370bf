#pragma once

#include <memory>
#include <vector>

#include "cloudformation/resources/resource.h"
#include "services/runtime.h"

namespace nimbus::cloudformation {
class NestedStackHost;
class WaitConditionStore;
}  // namespace nimbus::cloudformation

// The native handlers, one file each; registry.cc adds them all.
namespace nimbus::cloudformation::internal {

std::unique_ptr<Resource> MakeSsmParameter();
std::unique_ptr<Resource> MakeKmsKey();
std::unique_ptr<Resource> MakeKmsAlias();
std::unique_ptr<Resource> MakeOrganizationalUnit();
std::unique_ptr<Resource> MakeOrganizationsAccount();
std::unique_ptr<Resource> MakeCdkMetadata();
std::unique_ptr<Resource> MakeSsoInstance();
std::unique_ptr<Resource> MakeSsoPermissionSet();
std::unique_ptr<Resource> MakeSsoAssignment();
std::unique_ptr<Resource> MakeIdentityStoreGroup();
std::unique_ptr<Resource> MakeIdentityStoreGroupMembership();
// AWS::IAM::* through IAM (iam_entity.h: what Role, User and Group share).
std::unique_ptr<Resource> MakeIamRole();
std::unique_ptr<Resource> MakeIamUser();
std::unique_ptr<Resource> MakeIamGroup();
std::unique_ptr<Resource> MakeIamPolicy();
std::unique_ptr<Resource> MakeIamManagedPolicy();
std::unique_ptr<Resource> MakeIamInstanceProfile();
std::unique_ptr<Resource> MakeIamAccessKey();
std::unique_ptr<Resource> MakeIamUserToGroupAddition();
std::unique_ptr<Resource> MakeS3Bucket();
std::unique_ptr<Resource> MakeS3BucketPolicy();
// aws_cloudformation_wait_condition.cc; the StackProvider adds them, with its wait store.
std::unique_ptr<Resource> MakeWaitConditionHandle(const Runtime& rt, WaitConditionStore& waits);
std::unique_ptr<Resource> MakeWaitCondition(const Runtime& rt, WaitConditionStore& waits);
// aws_cloudformation_stack.cc: nested stacks; the StackProvider adds it, as their host.
std::unique_ptr<Resource> MakeNestedStack(NestedStackHost& host);
// aws_cloudformation_unemulated.cc: the types that fail at creation with a reason that says why
// nimbus cannot create them (custom resources: Custom::X and AWS::CloudFormation::CustomResource,
// macros, stack sets, the CloudFormation registry's types).
std::unique_ptr<Resource> MakeCustomResource();
std::vector<std::unique_ptr<Resource>> MakeUnemulatedCloudFormationTypes();

}  // namespace nimbus::cloudformation::internal
