#include "core/service.h"

#include <algorithm>

namespace nimbus::core {

const Handler* Service::Find(std::string_view operation, Cost* cost) const {
  auto it = handlers_.find(std::string(operation));
  if (it == handlers_.end()) return nullptr;
  if (cost) *cost = it->second.cost;
  return &it->second.handler;
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
