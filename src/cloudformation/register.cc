#include "cloudformation/register.h"

#include <memory>

#include "cloudformation/organizations_access_provider.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_set_provider.h"
#include "cloudformation/wait_condition_url.h"
#include "services/organizations/membership_observer.h"

namespace nimbus::cloudformation {

StackProvider& RegisterCloudFormation(Runtime& rt, core::Dispatcher& dispatcher,
                                      const ServiceHooks& hooks) {
  auto provider = std::make_unique<StackProvider>(rt, dispatcher);
  StackProvider& stacks = *provider;
  dispatcher.AddService(std::move(provider));
  // Stack sets make their instances' stacks through the stack API above, by the dispatcher.
  auto stack_sets = std::make_unique<StackSetProvider>(rt, dispatcher, stacks.drift_detector());
  if (hooks.org_membership) hooks.org_membership->Add(stack_sets.get());
  dispatcher.AddService(std::move(stack_sets));
  dispatcher.AddService(std::make_unique<OrganizationsAccessProvider>(dispatcher));
  dispatcher.AddPrefixRoute(std::string(kWaitHandlePathPrefix), "cloudformation",
                            "SignalWaitConditionHandle",
                            [&stacks](const core::HttpRequest& request) {
                              return stacks.SignalWaitConditionHandle(request);
                            });
  return stacks;
}

}  // namespace nimbus::cloudformation
