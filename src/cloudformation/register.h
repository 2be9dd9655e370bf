#pragma once

#include "cloudformation/stack_provider.h"
#include "core/dispatch.h"
#include "services/registry.h"
#include "services/runtime.h"

namespace nimbus::cloudformation {

// Adds the CloudFormation API to the dispatcher, above the services it creates resources in
// (call after RegisterServices). Its deployments run on rt.scheduler. Returns the provider, which
// the dispatcher owns. StackSets observes `hooks`' Organizations membership (automatic
// deployment).
StackProvider& RegisterCloudFormation(Runtime& rt, core::Dispatcher& dispatcher,
                                      const ServiceHooks& hooks = {});

}  // namespace nimbus::cloudformation
