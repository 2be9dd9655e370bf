#pragma once

#include <string>

#include "core/dispatch.h"
#include "services/runtime.h"

namespace nimbus {

// Creates every service provider and hands it to the dispatcher (one line per service), and
// registers the key directories that live in services (STS-issued keys). `data_dir` is
// --data-dir ("" in memory mode): S3 keeps object bodies in a folder there.
void RegisterServices(Runtime& rt, core::Dispatcher& dispatcher, const std::string& data_dir = "");

}  // namespace nimbus
