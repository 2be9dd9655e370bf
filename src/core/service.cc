#include "core/service.h"

#include <algorithm>

namespace nimbus::core {

const Handler* Service::Find(std::string_view operation) const {
  auto it = handlers_.find(std::string(operation));
  return it == handlers_.end() ? nullptr : &it->second.handler;
}

Cost Service::CostOf(std::string_view operation) const {
  auto it = handlers_.find(std::string(operation));
  return it == handlers_.end() ? Cost::kQuick : it->second.cost;
}

std::vector<std::string> Service::Operations() const {
  std::vector<std::string> names;
  names.reserve(handlers_.size());
  for (const auto& [name, handler] : handlers_) {
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void Service::Register(std::string operation, Handler handler, Cost cost) {
  handlers_[std::move(operation)] = Entry{std::move(handler), cost};
}

}  // namespace nimbus::core
