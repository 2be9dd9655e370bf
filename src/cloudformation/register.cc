#include "cloudformation/register.h"

#include <memory>

#include "cloudformation/stack_provider.h"

namespace nimbus::cloudformation {

void RegisterCloudFormation(Runtime& rt, core::Dispatcher& dispatcher) {
  dispatcher.AddService(std::make_unique<StackProvider>(rt, dispatcher));
}

}  // namespace nimbus::cloudformation
