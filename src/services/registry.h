#pragma once

#include <string>

#include "core/dispatch.h"
#include "services/runtime.h"

namespace nimbus {

// Creates every service provider and hands it to the dispatcher (one line per service), and
// registers the key directories that live in services (STS-issued keys).
void RegisterServices(Runtime& rt, core::Dispatcher& dispatcher);

}  // namespace nimbus
