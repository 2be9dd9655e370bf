#include "cloudformation/register.h"

#include <memory>

#include "cloudformation/organizations_access_provider.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_set_provider.h"
#include "cloudformation/wait_condition_url.h"

namespace nimbus::cloudformation {

StackProvider& RegisterCloudFormation(Runtime& rt, core::Dispatcher& dispatcher) {
  auto provider = std::make_unique<StackProvider>(rt, dispatcher);
  StackProvider& stacks = *provider;
  dispatcher.AddService(std::move(provider));
  // Stack sets make their instances' stacks through the stack API above, by the dispatcher.
  dispatcher.AddService(
      std::make_unique<StackSetProvider>(rt, dispatcher, stacks.drift_detector()));
  dispatcher.AddService(std::make_unique<OrganizationsAccessProvider>(dispatcher));
  dispatcher.AddPrefixRoute(std::string(kWaitHandlePathPrefix), "cloudformation",
                            "SignalWaitConditionHandle",
                            [&stacks](const core::HttpRequest& request) {
                              return stacks.SignalWaitConditionHandle(request);
                            });
  return stacks;
}

}  // namespace nimbus::cloudformation
