#pragma once

#include <memory>

#include "cloudformation/resources/resource.h"

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

}  // namespace nimbus::cloudformation::internal
