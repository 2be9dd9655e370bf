#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/stack_store.h"

// What the deployer's files (deployer.cc, deployer_delete.cc, deployer_update.cc) share: readers
// of the JSON text a stack's rows and options are kept as, and the lists reasons show.
namespace nimbus::cloudformation::internal {

// `text` parsed, or `fallback` when it is empty.
inline boost::json::value ParseJson(std::string_view text, boost::json::value fallback) {
  if (text.empty()) return fallback;
  return boost::json::parse(text);
}

// "[A, B]", as CloudFormation lists resources in a reason.
inline std::string NameList(const std::vector<std::string>& names) {
  std::string list = "[";
  for (size_t i = 0; i < names.size(); ++i) list += (i > 0 ? ", " : "") + names[i];
  return list + "]";
}

// Whether the stack's DeploymentConfig (CreateStack, UpdateStack) sets DisableRollback.
inline bool DeploymentDisablesRollback(const StackRecord& stack) {
  const boost::json::value options = ParseJson(stack.options, boost::json::object());
  const boost::json::value* config = options.as_object().if_contains("DeploymentConfig");
  const boost::json::value* disable =
      config && config->is_object() ? config->get_object().if_contains("DisableRollback") : nullptr;
  return disable && disable->is_bool() && disable->get_bool();
}

}  // namespace nimbus::cloudformation::internal
