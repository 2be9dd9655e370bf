// The targets and tasks of maintenance windows (the windows themselves are in
// maintenance_window_provider.cc).
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/common/page_token.h"
#include "services/ssm/list_pages.h"
#include "services/ssm/maintenance_window_provider.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringOr;
using internal::FilterValues;
using internal::Merge;
using internal::Pick;

namespace {

const std::vector<std::string_view> kOptionalTargetMembers = {"OwnerInformation", "Name",
                                                              "Description"};
const std::vector<std::string_view> kTargetMembers = {
    "WindowId",         "WindowTargetId", "ResourceType", "Targets",
    "OwnerInformation", "Name",           "Description"};
// The members of a task that Register/UpdateMaintenanceWindowTask set as given.
const std::vector<std::string_view> kOptionalTaskMembers = {
    "Targets",  "ServiceRoleArn", "TaskParameters",    "TaskInvocationParameters",
    "Priority", "MaxConcurrency", "MaxErrors",         "LoggingInfo",
    "Name",     "Description",    "AlarmConfiguration"};

// The messages of a missing target or task are nimbus's (README); the window's is AWS's.
[[noreturn]] void NoSuchItem(std::string_view what, const std::string& id) {
  throw AwsError("DoesNotExistException", std::string(what) + " " + id + " does not exist");
}

bool HasTargets(const json::object& item) {
  const json::value* targets = item.if_contains("Targets");
  return targets && targets->is_array() && !targets->as_array().empty();
}

// "Although this element is listed as "Required: No", a value can be omitted only when you are
// registering or updating a targetless task." (RegisterTaskWithMaintenanceWindow, MaxConcurrency
// and MaxErrors)
void ValidateTask(const json::object& task) {
  if (!HasTargets(task)) return;
  for (std::string_view name : {"MaxConcurrency", "MaxErrors"}) {
    if (!task.contains(name)) {
      throw AwsError("ValidationException",
                     std::string(name) + " is required for a task with targets.");
    }
  }
}

// Whether an item passes every filter of `in` on `keys`: the item's member of the same name
// (as text) must be one of the filter's values.
bool PassesFilters(const json::object& in, const json::object& item,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> keys) {
  for (const auto& [key, member] : keys) {
    std::vector<std::string> values;
    if (!FilterValues(in, key, values)) continue;
    const json::value* v = item.if_contains(member);
    std::string text;
    if (v && v->is_string()) text = std::string(v->as_string());
    if (v && v->is_int64()) text = std::to_string(v->as_int64());
    if (std::find(values.begin(), values.end(), text) == values.end()) return false;
  }
  return true;
}

}  // namespace

json::value MaintenanceWindowProvider::RegisterTargetWithMaintenanceWindow(
    const RequestContext& ctx, const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  store::Transaction tx = windows_.Begin();
  RequireWindow(tx, ctx, window_id);
  const std::optional<std::string> token = OptString(in, "ClientToken");
  if (token) {
    for (const json::object& t : windows_.List(tx, ctx.scope, WindowItem::kTarget, window_id)) {
      if (StringOr(t, "ClientToken", "") == *token) {
        return json::object{{"WindowTargetId", t.at("WindowTargetId")}};
      }
    }
  }
  json::object target;
  const std::string id = ids_.Uuid();
  target["WindowId"] = window_id;
  target["WindowTargetId"] = id;
  Merge(in, target, {"ResourceType", "Targets"}, false);
  Merge(in, target, kOptionalTargetMembers, false);
  if (token) target["ClientToken"] = *token;
  windows_.Put(tx, ctx.scope, window_id, WindowItem::kTarget, id, target);
  tx.Commit();
  return json::object{{"WindowTargetId", id}};
}

json::value MaintenanceWindowProvider::DeregisterTargetFromMaintenanceWindow(
    const RequestContext& ctx, const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  const std::string target_id = RequiredString(in, "WindowTargetId");
  store::Transaction tx = windows_.Begin();
  RequireWindow(tx, ctx, window_id);
  if (!windows_.Find(tx, ctx.scope, window_id, WindowItem::kTarget, target_id)) {
    NoSuchItem("Maintenance window target", target_id);
  }
  // "Safe: The system checks if the target is being referenced by a task. If the target is being
  // referenced, the system returns an error and doesn't deregister the target."
  if (BoolOr(in, "Safe", false)) {
    for (const json::object& task : windows_.List(tx, ctx.scope, WindowItem::kTask, window_id)) {
      const json::value* targets = task.if_contains("Targets");
      if (!targets || !targets->is_array()) continue;
      for (const json::value& t : targets->as_array()) {
        if (!t.is_object() || StringOr(t.as_object(), "Key", "") != "WindowTargetIds") continue;
        for (const std::string& v : core::protocol::StringList(t.as_object(), "Values")) {
          if (v == target_id) {
            throw AwsError("TargetInUseException", "Target " + target_id +
                                                       " is referenced by task " +
                                                       StringOr(task, "WindowTaskId", "") + ".");
          }
        }
      }
    }
  }
  windows_.Delete(tx, ctx.scope, window_id, WindowItem::kTarget, target_id);
  tx.Commit();
  return json::object{{"WindowId", window_id}, {"WindowTargetId", target_id}};
}

json::value MaintenanceWindowProvider::DescribeMaintenanceWindowTargets(const RequestContext& ctx,
                                                                        const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  store::Transaction tx = windows_.Read();
  RequireWindow(tx, ctx, window_id);
  std::vector<json::object> items;
  for (const json::object& t : windows_.List(tx, ctx.scope, WindowItem::kTarget, window_id)) {
    if (PassesFilters(in, t,
                      {{"WindowTargetId", "WindowTargetId"},
                       {"Type", "ResourceType"},
                       {"OwnerInformation", "OwnerInformation"}})) {
      items.push_back(Pick(t, kTargetMembers));
    }
  }
  json::object out;
  out["Targets"] = ListPage(in, "DescribeMaintenanceWindowTargets", std::move(items), 50, out);
  return out;
}

json::value MaintenanceWindowProvider::UpdateMaintenanceWindowTarget(const RequestContext& ctx,
                                                                     const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  const std::string target_id = RequiredString(in, "WindowTargetId");
  const bool replace = BoolOr(in, "Replace", false);
  // "If True, then all fields that are required by the RegisterTargetWithMaintenanceWindow
  // operation are also required for this API request."
  if (replace && !OptArray(in, "Targets")) {
    throw AwsError("ValidationException", "Targets is required when Replace is true.");
  }
  store::Transaction tx = windows_.Begin();
  RequireWindow(tx, ctx, window_id);
  std::optional<json::object> target =
      windows_.Find(tx, ctx.scope, window_id, WindowItem::kTarget, target_id);
  if (!target) NoSuchItem("Maintenance window target", target_id);
  Merge(in, *target, {"Targets"}, false);
  Merge(in, *target, kOptionalTargetMembers, replace);
  windows_.Put(tx, ctx.scope, window_id, WindowItem::kTarget, target_id, *target);
  tx.Commit();
  return Pick(*target,
              {"WindowId", "WindowTargetId", "Targets", "OwnerInformation", "Name", "Description"});
}

json::value MaintenanceWindowProvider::RegisterTaskWithMaintenanceWindow(const RequestContext& ctx,
                                                                         const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  store::Transaction tx = windows_.Begin();
  RequireWindow(tx, ctx, window_id);
  const std::optional<std::string> token = OptString(in, "ClientToken");
  if (token) {
    for (const json::object& t : windows_.List(tx, ctx.scope, WindowItem::kTask, window_id)) {
      if (StringOr(t, "ClientToken", "") == *token) {
        return json::object{{"WindowTaskId", t.at("WindowTaskId")}};
      }
    }
  }
  json::object task;
  const std::string id = ids_.Uuid();
  task["WindowId"] = window_id;
  task["WindowTaskId"] = id;
  Merge(in, task, {"TaskArn", "TaskType"}, false);
  Merge(in, task, kOptionalTaskMembers, false);
  // CONTINUE_TASK is the documented default of CutoffBehavior.
  task["CutoffBehavior"] = OptString(in, "CutoffBehavior").value_or("CONTINUE_TASK");
  ValidateTask(task);
  if (token) task["ClientToken"] = *token;
  windows_.Put(tx, ctx.scope, window_id, WindowItem::kTask, id, task);
  tx.Commit();
  return json::object{{"WindowTaskId", id}};
}

json::value MaintenanceWindowProvider::DeregisterTaskFromMaintenanceWindow(
    const RequestContext& ctx, const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  const std::string task_id = RequiredString(in, "WindowTaskId");
  store::Transaction tx = windows_.Begin();
  RequireWindow(tx, ctx, window_id);
  if (!windows_.Find(tx, ctx.scope, window_id, WindowItem::kTask, task_id)) {
    NoSuchItem("Maintenance window task", task_id);
  }
  windows_.Delete(tx, ctx.scope, window_id, WindowItem::kTask, task_id);
  tx.Commit();
  return json::object{{"WindowId", window_id}, {"WindowTaskId", task_id}};
}

json::value MaintenanceWindowProvider::DescribeMaintenanceWindowTasks(const RequestContext& ctx,
                                                                      const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  store::Transaction tx = windows_.Read();
  RequireWindow(tx, ctx, window_id);
  std::vector<json::object> items;
  for (const json::object& t : windows_.List(tx, ctx.scope, WindowItem::kTask, window_id)) {
    if (!PassesFilters(in, t,
                       {{"WindowTaskId", "WindowTaskId"},
                        {"TaskArn", "TaskArn"},
                        {"Priority", "Priority"},
                        {"TaskType", "TaskType"}})) {
      continue;
    }
    json::object item = Pick(t, {"WindowId", "WindowTaskId", "TaskArn"});
    if (const json::value* type = t.if_contains("TaskType")) item["Type"] = *type;
    for (std::string_view name : {"Targets", "TaskParameters", "Priority", "LoggingInfo",
                                  "ServiceRoleArn", "MaxConcurrency", "MaxErrors", "Name",
                                  "Description", "CutoffBehavior", "AlarmConfiguration"}) {
      if (const json::value* v = t.if_contains(name)) item[name] = *v;
    }
    items.push_back(std::move(item));
  }
  json::object out;
  out["Tasks"] = ListPage(in, "DescribeMaintenanceWindowTasks", std::move(items), 50, out);
  return out;
}

json::value MaintenanceWindowProvider::GetMaintenanceWindowTask(const RequestContext& ctx,
                                                                const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  const std::string task_id = RequiredString(in, "WindowTaskId");
  store::Transaction tx = windows_.Read();
  RequireWindow(tx, ctx, window_id);
  const std::optional<json::object> task =
      windows_.Find(tx, ctx.scope, window_id, WindowItem::kTask, task_id);
  if (!task) NoSuchItem("Maintenance window task", task_id);
  return Pick(*task, {"WindowId", "WindowTaskId", "Targets", "TaskArn", "ServiceRoleArn",
                      "TaskType", "TaskParameters", "TaskInvocationParameters", "Priority",
                      "MaxConcurrency", "MaxErrors", "LoggingInfo", "Name", "Description",
                      "CutoffBehavior", "AlarmConfiguration"});
}

json::value MaintenanceWindowProvider::UpdateMaintenanceWindowTask(const RequestContext& ctx,
                                                                   const json::object& in) {
  const std::string window_id = RequiredString(in, "WindowId");
  const std::string task_id = RequiredString(in, "WindowTaskId");
  const bool replace = BoolOr(in, "Replace", false);
  // With Replace, "all fields that are required by the RegisterTaskWithMaintenanceWindow
  // operation are also required for this API request": TaskArn (the type cannot change).
  if (replace && !OptString(in, "TaskArn")) {
    throw AwsError("ValidationException", "TaskArn is required when Replace is true.");
  }
  store::Transaction tx = windows_.Begin();
  RequireWindow(tx, ctx, window_id);
  std::optional<json::object> task =
      windows_.Find(tx, ctx.scope, window_id, WindowItem::kTask, task_id);
  if (!task) NoSuchItem("Maintenance window task", task_id);
  Merge(in, *task, {"TaskArn"}, false);
  Merge(in, *task, kOptionalTaskMembers, replace);
  if (const std::optional<std::string> cutoff = OptString(in, "CutoffBehavior")) {
    (*task)["CutoffBehavior"] = *cutoff;
  } else if (replace) {
    (*task)["CutoffBehavior"] = "CONTINUE_TASK";
  }
  ValidateTask(*task);
  windows_.Put(tx, ctx.scope, window_id, WindowItem::kTask, task_id, *task);
  tx.Commit();
  return Pick(*task,
              {"WindowId", "WindowTaskId", "Targets", "TaskArn", "ServiceRoleArn", "TaskParameters",
               "TaskInvocationParameters", "Priority", "MaxConcurrency", "MaxErrors", "LoggingInfo",
               "Name", "Description", "CutoffBehavior", "AlarmConfiguration"});
}

}  // namespace nimbus::ssm
