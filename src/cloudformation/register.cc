#include "cloudformation/register.h"

#include <memory>

#include "cloudformation/stack_provider.h"

namespace nimbus::cloudformation {

StackProvider& RegisterCloudFormation(Runtime& rt, core::Dispatcher& dispatcher) {
  auto provider = std::make_unique<StackProvider>(rt, dispatcher);
  StackProvider& stacks = *provider;
  dispatcher.AddService(std::move(provider));
  return stacks;
}

}  // namespace nimbus::cloudformation
