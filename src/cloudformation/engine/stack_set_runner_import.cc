// The runner's side of ImportStacksToStackSet: a CREATE operation whose targets adopt existing
// stacks instead of creating new ones.
#include <optional>
#include <string>
#include <utility>

#include <boost/json/parse.hpp>

#include "cloudformation/engine/stack_set_runner.h"
#include "cloudformation/stack_set_import.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

std::string Text(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

std::optional<std::string> StackSetRunner::ImportedStack(const StackSetOperationRecord& operation,
                                                         std::string_view account,
                                                         std::string_view region) {
  if (operation.action != "CREATE" || operation.targets.find("\"Imports\"") == std::string::npos) {
    return std::nullopt;
  }
  boost::system::error_code error;
  const json::value targets = json::parse(operation.targets, error);
  const json::object* root = error ? nullptr : targets.if_object();
  const json::value* imports = root ? root->if_contains("Imports") : nullptr;
  if (!imports || !imports->is_array()) return std::nullopt;
  for (const json::value& item : imports->get_array()) {
    const json::object& entry = item.as_object();
    if (Text(entry, "Account") == account && Text(entry, "Region") == region) {
      return Text(entry, "StackId");
    }
  }
  return std::nullopt;
}

OperationResultRecord StackSetRunner::ImportTarget(
    const StackSetRecord& set, const core::Caller& executor, std::string_view refused,
    std::string_view stack_id, const OperationResultRecord& result, StackInstanceRecord* instance) {
  OperationResultRecord out = result;
  const auto fail = [&](std::string reason) {
    out.status = "FAILED";
    out.status_reason = reason;
    instance->status = "OUTDATED";
    instance->detailed_status = "FAILED_IMPORT";
    instance->status_reason = std::move(reason);
    return out;
  };
  if (!refused.empty()) return fail(std::string(refused));
  json::object stack;
  json::array declared;  // GetTemplateSummary's Parameters: which are NoEcho
  try {
    stack = services_
                .Call(executor, result.region, "cloudformation", "DescribeStacks",
                      {{"StackName", stack_id}})
                .at("Stacks")
                .at(0)
                .as_object();
    declared = services_
                   .Call(executor, result.region, "cloudformation", "GetTemplateSummary",
                         {{"StackName", stack_id}})
                   .at("Parameters")
                   .as_array();
  } catch (const core::AwsError& error) {
    return fail(error.what());
  }
  const std::string status = Text(stack, "StackStatus");
  // The reasons below are nimbus's wording: AWS's are not recorded.
  if (!ImportableStatus(status)) {
    return fail("Stack " + std::string(stack_id) + " is in " + status +
                " state and cannot be imported.");
  }
  for (const json::value& item : declared) {
    const json::value* no_echo = item.as_object().if_contains("NoEcho");
    if (no_echo && no_echo->is_bool() && no_echo->get_bool()) {
      // The user guide: "Stacks that contain NoEcho won't be imported".
      return fail("Stack " + std::string(stack_id) + " has the NoEcho parameter " +
                  Text(item.as_object(), "ParameterKey") +
                  ", which StackSet import does not "
                  "support.");
    }
  }
  {
    store::Transaction tx = sets_.Read();
    if (const std::optional<StackInstanceRecord> owner =
            sets_.FindInstanceByStackId(tx, stack_id)) {
      // The user guide: "Stacks can only belong to one stack set".
      const std::optional<StackSetRecord> other =
          sets_.FindSetById(tx, nullptr, owner->stack_set_id);
      return fail("Stack " + std::string(stack_id) + " already belongs to StackSet " +
                  (other ? other->name : owner->stack_set_id) + ".");
    }
  }
  json::array parameters;
  if (const json::value* given = stack.if_contains("Parameters")) parameters = given->as_array();
  instance->stack_id = std::string(stack_id);
  instance->status = "CURRENT";
  instance->detailed_status = "SUCCEEDED";
  instance->status_reason.clear();
  instance->parameter_overrides = ImportOverrides(set.parameters, parameters);
  out.status = "SUCCEEDED";
  out.status_reason.clear();
  return out;
}

}  // namespace nimbus::cloudformation
