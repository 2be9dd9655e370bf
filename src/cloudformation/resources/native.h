#pragma once

#include <memory>

#include "cloudformation/resources/resource.h"

// The native handlers, one file each; registry.cc adds them all.
namespace nimbus::cloudformation::internal {

std::unique_ptr<Resource> MakeSsmParameter();

}  // namespace nimbus::cloudformation::internal
