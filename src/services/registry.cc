#include "services/registry.h"

#include <memory>

#include "services/sts/sts_provider.h"

namespace nimbus {

void RegisterServices(Runtime& rt, core::Dispatcher& dispatcher) {
  auto sts = std::make_unique<sts::StsProvider>(rt.db, rt.ids);
  dispatcher.AddKeyDirectory(&sts->credentials());
  dispatcher.AddService(std::move(sts));
}

}  // namespace nimbus
