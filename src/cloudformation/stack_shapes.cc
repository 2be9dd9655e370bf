// Stored stacks, events and resources in the API's shapes, with the model's member names.
#include <boost/json/parse.hpp>

#include "cloudformation/engine/stack_plan.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template/parse.h"
#include "core/clock.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

namespace {

json::value Parsed(std::string_view text, json::value fallback) {
  if (text.empty()) return fallback;
  return json::parse(text);
}

void PutIfNotEmpty(json::object& out, std::string_view member, std::string_view value) {
  if (!value.empty()) out[member] = value;
}

// A nested stack's ParentId and RootId, kept with its options (nested_stack_provider.cc).
void PutTreeIds(json::object& out, const json::object& options) {
  for (std::string_view member : {"ParentId", "RootId"}) {
    if (const json::value* id = options.if_contains(member)) out[member] = *id;
  }
}

json::array LastOperations(const StackRecord& stack) {
  json::array operations;
  if (!stack.operation_id.empty()) {
    operations.push_back(
        json::object{{"OperationType", stack.operation_type}, {"OperationId", stack.operation_id}});
  }
  return operations;
}

// StackResource and StackResourceDetail: the same members in the same order, but for the name of
// the time the resource last changed (`time_member`).
json::object StackResourceShape(const StackRecord& stack, const ResourceRecord& resource,
                                std::string_view time_member) {
  json::object out{{"StackName", stack.name},
                   {"StackId", stack.stack_id},
                   {"LogicalResourceId", resource.logical_id}};
  PutIfNotEmpty(out, "PhysicalResourceId", resource.physical_id);
  out["ResourceType"] = resource.type;
  out[time_member] = core::EpochSeconds(resource.updated_millis);
  out["ResourceStatus"] = resource.status;
  PutIfNotEmpty(out, "ResourceStatusReason", resource.reason);
  out["DriftInformation"] = json::object{{"StackResourceDriftStatus", "NOT_CHECKED"}};
  return out;
}

}  // namespace

json::object StackShape(const StackRecord& stack) {
  json::object out{{"StackId", stack.stack_id}, {"StackName", stack.name}};
  PutIfNotEmpty(out, "Description", stack.description);
  out["Parameters"] = ParametersFromJson(stack.parameters).Described();
  out["CreationTime"] = core::EpochSeconds(stack.created_millis);
  if (stack.deleted_millis) out["DeletionTime"] = core::EpochSeconds(*stack.deleted_millis);
  if (stack.updated_millis) out["LastUpdatedTime"] = core::EpochSeconds(*stack.updated_millis);
  out["RollbackConfiguration"] = Parsed(stack.rollback_configuration, json::object());
  out["StackStatus"] = stack.status;
  PutIfNotEmpty(out, "StackStatusReason", stack.status_reason);
  out["DisableRollback"] = stack.disable_rollback;
  const json::value options = Parsed(stack.options, json::object());
  if (const json::value* config = options.as_object().if_contains("DeploymentConfig")) {
    out["DeploymentConfig"] = *config;
  }
  out["NotificationARNs"] = Parsed(stack.notification_arns, json::array());
  if (stack.timeout_minutes) out["TimeoutInMinutes"] = *stack.timeout_minutes;
  out["Capabilities"] = Parsed(stack.capabilities, json::array());
  json::value outputs = Parsed(stack.outputs, json::array());
  if (!outputs.as_array().empty()) out["Outputs"] = std::move(outputs);
  PutIfNotEmpty(out, "RoleARN", stack.role_arn);
  out["Tags"] = Parsed(stack.tags, json::array());
  out["EnableTerminationProtection"] = stack.termination_protection;
  PutTreeIds(out, options.as_object());
  out["DriftInformation"] = json::object{{"StackDriftStatus", "NOT_CHECKED"}};
  out["RetainExceptOnCreate"] = stack.retain_except_on_create;
  if (const json::value* mode = options.as_object().if_contains("DeletionMode")) {
    out["DeletionMode"] = *mode;
  }
  out["LastOperations"] = LastOperations(stack);
  return out;
}

json::object StackSummaryShape(const StackRecord& stack) {
  json::object out{{"StackId", stack.stack_id}, {"StackName", stack.name}};
  PutIfNotEmpty(out, "TemplateDescription", stack.description);
  out["CreationTime"] = core::EpochSeconds(stack.created_millis);
  if (stack.updated_millis) out["LastUpdatedTime"] = core::EpochSeconds(*stack.updated_millis);
  if (stack.deleted_millis) out["DeletionTime"] = core::EpochSeconds(*stack.deleted_millis);
  out["StackStatus"] = stack.status;
  PutIfNotEmpty(out, "StackStatusReason", stack.status_reason);
  PutTreeIds(out, Parsed(stack.options, json::object()).as_object());
  out["DriftInformation"] = json::object{{"StackDriftStatus", "NOT_CHECKED"}};
  out["LastOperations"] = LastOperations(stack);
  return out;
}

json::object EventShape(const StackRecord& stack, const EventRecord& event) {
  json::object out{
      {"StackId", stack.stack_id}, {"EventId", event.event_id}, {"StackName", stack.name}};
  PutIfNotEmpty(out, "OperationId", event.operation_id);
  out["LogicalResourceId"] = event.logical_id;
  out["PhysicalResourceId"] = event.physical_id;  // "" before the resource exists, as AWS's
  out["ResourceType"] = event.type;
  out["Timestamp"] = core::EpochSeconds(event.timestamp_millis);
  out["ResourceStatus"] = event.status;
  PutIfNotEmpty(out, "ResourceStatusReason", event.reason);
  PutIfNotEmpty(out, "ResourceProperties", event.properties);
  PutIfNotEmpty(out, "ClientRequestToken", event.client_request_token);
  return out;
}

json::object ResourceShape(const StackRecord& stack, const ResourceRecord& resource) {
  return StackResourceShape(stack, resource, "Timestamp");
}

json::object ResourceDetailShape(const StackRecord& stack, const ResourceRecord& resource) {
  return StackResourceShape(stack, resource, "LastUpdatedTimestamp");
}

json::object ResourceSummaryShape(const ResourceRecord& resource) {
  json::object out{{"LogicalResourceId", resource.logical_id}};
  PutIfNotEmpty(out, "PhysicalResourceId", resource.physical_id);
  out["ResourceType"] = resource.type;
  out["LastUpdatedTimestamp"] = core::EpochSeconds(resource.updated_millis);
  out["ResourceStatus"] = resource.status;
  PutIfNotEmpty(out, "ResourceStatusReason", resource.reason);
  out["DriftInformation"] = json::object{{"StackResourceDriftStatus", "NOT_CHECKED"}};
  return out;
}

json::array TemplateParameters(const json::object& tmpl, bool declarations) {
  json::array out;
  const json::value* section = tmpl.if_contains("Parameters");
  if (!section || !section->is_object()) return out;
  for (const auto& [key, member] : section->get_object()) {
    const json::object* declared = member.if_object();
    if (!declared) continue;
    json::object parameter{{"ParameterKey", key}};
    const auto text = [declared](std::string_view name) -> std::optional<std::string> {
      const json::value* value = declared->if_contains(name);
      if (!value || value->is_object() || value->is_array() || value->is_null()) return {};
      return value->is_string() ? std::string(value->get_string()) : ScalarText(*value);
    };
    if (std::optional<std::string> value = text("Default")) parameter["DefaultValue"] = *value;
    if (declarations) {
      if (std::optional<std::string> type = text("Type")) parameter["ParameterType"] = *type;
    }
    const std::optional<std::string> no_echo = text("NoEcho");
    parameter["NoEcho"] = no_echo && (*no_echo == "true" || *no_echo == "True");
    if (std::optional<std::string> value = text("Description")) parameter["Description"] = *value;
    if (declarations) {
      json::object constraints;
      if (const json::value* allowed = declared->if_contains("AllowedValues");
          allowed && allowed->is_array()) {
        json::array values;
        for (const json::value& v : allowed->get_array()) {
          values.emplace_back(v.is_string() ? std::string(v.get_string()) : ScalarText(v));
        }
        constraints["AllowedValues"] = std::move(values);
      }
      parameter["ParameterConstraints"] = std::move(constraints);
    }
    out.push_back(std::move(parameter));
  }
  return out;
}

}  // namespace nimbus::cloudformation::internal
