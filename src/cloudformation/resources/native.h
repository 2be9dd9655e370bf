#pragma once

#include <memory>

#include "cloudformation/resources/resource.h"

// The native handlers, one file each; registry.cc adds them all.
namespace nimbus::cloudformation::internal {

std::unique_ptr<Resource> MakeSsmParameter();
std::unique_ptr<Resource> MakeKmsKey();
std::unique_ptr<Resource> MakeKmsAlias();

}  // namespace nimbus::cloudformation::internal
