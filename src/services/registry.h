#pragma once

#include <string>

#include "core/dispatch.h"
#include "services/runtime.h"

namespace nimbus {

namespace organizations {
class MembershipObservers;
}  // namespace organizations

// What the services offer to what is registered after them (CloudFormation), owned by the
// dispatcher's providers.
struct ServiceHooks {
  // Told of accounts joining, moving between OUs and leaving (organizations/membership_observer.h):
  // for StackSets' automatic deployment.
  organizations::MembershipObservers* org_membership = nullptr;
};

// Creates every service provider and hands it to the dispatcher (one line per service), and
// registers the key directories that live in services (STS-issued keys).
ServiceHooks RegisterServices(Runtime& rt, core::Dispatcher& dispatcher);

}  // namespace nimbus
