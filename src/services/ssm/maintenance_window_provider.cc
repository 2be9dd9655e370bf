#include "services/ssm/maintenance_window_provider.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/ssm/list_pages.h"
#include "services/ssm/maintenance_window_schedule.h"

namespace nimbus::ssm {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using core::protocol::StringOr;

namespace internal {

json::object Pick(const json::object& from, const std::vector<std::string_view>& names) {
  json::object out;
  for (std::string_view name : names) {
    if (const json::value* v = from.if_contains(name)) out[name] = *v;
  }
  return out;
}

void Merge(const json::object& in, json::object& out, const std::vector<std::string_view>& names,
           bool replace) {
  for (std::string_view name : names) {
    const json::value* v = in.if_contains(name);
    if (v && !v->is_null()) {
      out[name] = *v;
    } else if (replace) {
      out.erase(name);
    }
  }
}

bool FilterValues(const json::object& in, std::string_view key, std::vector<std::string>& values) {
  bool found = false;
  if (const json::array* filters = OptArray(in, "Filters")) {
    for (const json::value& f : *filters) {
      if (!f.is_object() || OptString(f.get_object(), "Key").value_or("") != key) continue;
      found = true;
      for (std::string& v : StringList(f.get_object(), "Values")) values.push_back(std::move(v));
    }
  }
  return found;
}

}  // namespace internal

namespace {

using internal::FilterValues;
using internal::Merge;
using internal::Pick;

constexpr std::string_view kMaintenanceWindow = "MaintenanceWindow";

// The optional members of a window that CreateMaintenanceWindow and UpdateMaintenanceWindow set
// as given.
const std::vector<std::string_view> kOptionalWindowMembers = {"Description", "StartDate", "EndDate",
                                                              "ScheduleTimezone", "ScheduleOffset"};
// The members CreateMaintenanceWindow requires; UpdateMaintenanceWindow with Replace too.
const std::vector<std::string_view> kRequiredWindowMembers = {"Name", "Schedule", "Duration",
                                                              "Cutoff", "AllowUnassociatedTargets"};

[[noreturn]] void Invalid(const std::string& message) {
  throw AwsError("ValidationException", message);
}

int64_t NumberOr(const json::object& o, std::string_view name, int64_t fallback) {
  const json::value* v = o.if_contains(name);
  return v && v->is_int64() ? v->as_int64() : fallback;
}

// Checks what the model cannot: the schedule's syntax, dates, the cutoff against the duration
// and the offset against the kind of schedule. The messages are nimbus's (README).
void ValidateWindow(const json::object& window) {
  const std::string schedule = StringOr(window, "Schedule", "");
  const std::optional<WindowSchedule> parsed = WindowSchedule::Parse(schedule);
  if (!parsed) Invalid("Schedule expression " + schedule + " is not valid.");
  if (window.contains("ScheduleOffset") && !parsed->is_cron()) {
    Invalid("ScheduleOffset is supported only for cron expressions.");
  }
  for (std::string_view date : {"StartDate", "EndDate"}) {
    const std::string text = StringOr(window, date, "");
    if (!text.empty() && !ParseWindowTime(text)) {
      Invalid(std::string(date) + " " + text + " is not a valid ISO 8601 date and time.");
    }
  }
  if (NumberOr(window, "Cutoff", 0) >= NumberOr(window, "Duration", 0)) {
    Invalid("The cutoff must be less than the duration of the maintenance window.");
  }
}

json::object WindowIdentity(const json::object& window, const std::string& next) {
  json::object out =
      Pick(window, {"WindowId", "Name", "Description", "Enabled", "Duration", "Cutoff", "Schedule",
                    "ScheduleTimezone", "ScheduleOffset", "EndDate", "StartDate"});
  if (!next.empty()) out["NextExecutionTime"] = next;
  return out;
}

// Whether a window target's Targets share a key and a value with `wanted`.
bool TargetsOverlap(const json::value* registered, const json::array& wanted) {
  if (!registered || !registered->is_array()) return false;
  for (const json::value& have : registered->as_array()) {
    for (const json::value& want : wanted) {
      if (!have.is_object() || !want.is_object()) continue;
      if (StringOr(have.as_object(), "Key", "") != StringOr(want.as_object(), "Key", "")) continue;
      const std::vector<std::string> a = StringList(have.as_object(), "Values");
      for (const std::string& value : StringList(want.as_object(), "Values")) {
        if (std::find(a.begin(), a.end(), value) != a.end()) return true;
      }
    }
  }
  return false;
}

}  // namespace

MaintenanceWindowProvider::MaintenanceWindowProvider(Runtime& rt)
    : windows_(rt.db), tags_(rt.db), clock_(rt.clock), ids_(rt.ids) {
  using P = MaintenanceWindowProvider;
  Register("CreateMaintenanceWindow", &P::CreateMaintenanceWindow);
  Register("GetMaintenanceWindow", &P::GetMaintenanceWindow);
  Register("UpdateMaintenanceWindow", &P::UpdateMaintenanceWindow);
  Register("DeleteMaintenanceWindow", &P::DeleteMaintenanceWindow);
  Register("DescribeMaintenanceWindows", &P::DescribeMaintenanceWindows);
  Register("DescribeMaintenanceWindowsForTarget", &P::DescribeMaintenanceWindowsForTarget);
  Register("DescribeMaintenanceWindowSchedule", &P::DescribeMaintenanceWindowSchedule);
  Register("DescribeMaintenanceWindowExecutions", &P::DescribeMaintenanceWindowExecutions);
  for (const char* op : {"GetMaintenanceWindowExecution", "GetMaintenanceWindowExecutionTask",
                         "GetMaintenanceWindowExecutionTaskInvocation",
                         "DescribeMaintenanceWindowExecutionTasks",
                         "DescribeMaintenanceWindowExecutionTaskInvocations",
                         "CancelMaintenanceWindowExecution"}) {
    Register(op, &P::NoSuchWindowExecution);
  }
  Register("RegisterTargetWithMaintenanceWindow", &P::RegisterTargetWithMaintenanceWindow);
  Register("DeregisterTargetFromMaintenanceWindow", &P::DeregisterTargetFromMaintenanceWindow);
  Register("DescribeMaintenanceWindowTargets", &P::DescribeMaintenanceWindowTargets);
  Register("UpdateMaintenanceWindowTarget", &P::UpdateMaintenanceWindowTarget);
  Register("RegisterTaskWithMaintenanceWindow", &P::RegisterTaskWithMaintenanceWindow);
  Register("DeregisterTaskFromMaintenanceWindow", &P::DeregisterTaskFromMaintenanceWindow);
  Register("DescribeMaintenanceWindowTasks", &P::DescribeMaintenanceWindowTasks);
  Register("GetMaintenanceWindowTask", &P::GetMaintenanceWindowTask);
  Register("UpdateMaintenanceWindowTask", &P::UpdateMaintenanceWindowTask);
}

json::object MaintenanceWindowProvider::RequireWindow(store::Transaction& tx,
                                                      const RequestContext& ctx,
                                                      const std::string& window_id) {
  std::optional<json::object> window = windows_.Find(tx, ctx.scope, window_id, WindowItem::kWindow);
  // AWS's wording, as a RegisterTaskWithMaintenanceWindow error quoted in
  // aws-samples/aws-security-reference-architecture-examples#288 shows it.
  if (!window) {
    throw AwsError("DoesNotExistException", "Maintenance window " + window_id + " does not exist");
  }
  return std::move(*window);
}

std::string MaintenanceWindowProvider::NextExecutionTime(const json::object& window) const {
  if (!BoolOr(window, "Enabled", true)) return "";
  const std::optional<WindowSchedule> schedule =
      WindowSchedule::Parse(StringOr(window, "Schedule", ""));
  if (!schedule) return "";
  const int64_t now = clock_.NowMillis() / 1000;
  const int64_t created = NumberOr(window, "CreatedMillis", 0) / 1000;
  const std::optional<int64_t> start = ParseWindowTime(StringOr(window, "StartDate", ""));
  const std::optional<int64_t> end = ParseWindowTime(StringOr(window, "EndDate", ""));
  const int64_t after = std::max(now, start ? *start - 1 : now);
  const std::optional<int64_t> next =
      schedule->NextAfter(after, start.value_or(created), NumberOr(window, "ScheduleOffset", 0));
  if (!next || (end && *next > *end)) return "";
  return FormatWindowTime(*next);
}

json::value MaintenanceWindowProvider::CreateMaintenanceWindow(const RequestContext& ctx,
                                                               const json::object& in) {
  json::object window;
  Merge(in, window, kRequiredWindowMembers, false);
  Merge(in, window, kOptionalWindowMembers, false);
  ValidateWindow(window);
  const std::optional<std::string> token = OptString(in, "ClientToken");
  store::Transaction tx = windows_.Begin();
  if (token) {
    // A retried request with the same ClientToken creates nothing new.
    for (const json::object& existing : windows_.List(tx, ctx.scope, WindowItem::kWindow)) {
      if (StringOr(existing, "ClientToken", "") == *token) {
        return json::object{{"WindowId", existing.at("WindowId")}};
      }
    }
    window["ClientToken"] = *token;
  }
  const std::string id = "mw-" + ids_.Hex(17);
  const int64_t now = clock_.NowMillis();
  window["WindowId"] = id;
  window["Enabled"] = true;
  window["CreatedMillis"] = now;
  window["ModifiedMillis"] = now;
  windows_.Put(tx, ctx.scope, id, WindowItem::kWindow, "", window);
  tags_.Put(tx, ctx.scope, kMaintenanceWindow, id, services::ReadTagMap(in));
  tx.Commit();
  return json::object{{"WindowId", id}};
}

json::value MaintenanceWindowProvider::GetMaintenanceWindow(const RequestContext& ctx,
                                                            const json::object& in) {
  store::Transaction tx = windows_.Read();
  const json::object window = RequireWindow(tx, ctx, RequiredString(in, "WindowId"));
  json::object out = Pick(window, {"WindowId", "Name", "Description", "StartDate", "EndDate",
                                   "Schedule", "ScheduleTimezone", "ScheduleOffset"});
  const std::string next = NextExecutionTime(window);
  if (!next.empty()) out["NextExecutionTime"] = next;
  for (std::string_view name : {"Duration", "Cutoff", "AllowUnassociatedTargets", "Enabled"}) {
    out[name] = window.at(name);
  }
  out["CreatedDate"] = core::EpochSeconds(NumberOr(window, "CreatedMillis", 0));
  out["ModifiedDate"] = core::EpochSeconds(NumberOr(window, "ModifiedMillis", 0));
  return out;
}

json::value MaintenanceWindowProvider::UpdateMaintenanceWindow(const RequestContext& ctx,
                                                               const json::object& in) {
  const std::string id = RequiredString(in, "WindowId");
  const bool replace = BoolOr(in, "Replace", false);
  if (replace) {
    // "If True, then all fields that are required by the CreateMaintenanceWindow operation are
    // also required for this API request." (UpdateMaintenanceWindow, Replace)
    for (std::string_view name : kRequiredWindowMembers) {
      if (!in.contains(name)) {
        Invalid(std::string(name) + " is required when Replace is true.");
      }
    }
  }
  store::Transaction tx = windows_.Begin();
  json::object window = RequireWindow(tx, ctx, id);
  Merge(in, window, kRequiredWindowMembers, false);
  Merge(in, window, kOptionalWindowMembers, replace);
  if (const std::optional<bool> enabled = core::protocol::OptBool(in, "Enabled")) {
    window["Enabled"] = *enabled;
  } else if (replace) {
    window["Enabled"] = true;
  }
  ValidateWindow(window);
  window["ModifiedMillis"] = clock_.NowMillis();
  windows_.Put(tx, ctx.scope, id, WindowItem::kWindow, "", window);
  tx.Commit();
  return Pick(window, {"WindowId", "Name", "Description", "StartDate", "EndDate", "Schedule",
                       "ScheduleTimezone", "ScheduleOffset", "Duration", "Cutoff",
                       "AllowUnassociatedTargets", "Enabled"});
}

json::value MaintenanceWindowProvider::DeleteMaintenanceWindow(const RequestContext& ctx,
                                                               const json::object& in) {
  // The operation lists no DoesNotExistException: deleting an unknown window answers its id.
  const std::string id = RequiredString(in, "WindowId");
  store::Transaction tx = windows_.Begin();
  windows_.DeleteWindow(tx, ctx.scope, id);
  tags_.RemoveAll(tx, ctx.scope, kMaintenanceWindow, id);
  tx.Commit();
  return json::object{{"WindowId", id}};
}

json::value MaintenanceWindowProvider::DescribeMaintenanceWindows(const RequestContext& ctx,
                                                                  const json::object& in) {
  std::vector<std::string> names;
  std::vector<std::string> enabled;
  const bool by_name = FilterValues(in, "Name", names);
  const bool by_enabled = FilterValues(in, "Enabled", enabled);
  const size_t from = ReadListPosition(in, "DescribeMaintenanceWindows");
  const size_t limit = static_cast<size_t>(OptInt(in, "MaxResults").value_or(50));
  store::Transaction tx = windows_.Read();
  std::vector<json::object> windows = windows_.List(tx, ctx.scope, WindowItem::kWindow);
  std::stable_sort(windows.begin(), windows.end(),
                   [](const json::object& a, const json::object& b) {
                     return NumberOr(a, "CreatedMillis", 0) < NumberOr(b, "CreatedMillis", 0);
                   });
  json::array identities;
  size_t index = 0;
  json::object out;
  for (const json::object& window : windows) {
    if (by_name &&
        std::find(names.begin(), names.end(), StringOr(window, "Name", "")) == names.end()) {
      continue;
    }
    const std::string on = BoolOr(window, "Enabled", true) ? "true" : "false";
    if (by_enabled && std::none_of(enabled.begin(), enabled.end(), [&](const std::string& v) {
          return core::EqualsIgnoreCase(v, on);
        })) {
      continue;
    }
    if (index++ < from) continue;
    if (identities.size() == limit) {
      out["NextToken"] =
          services::EncodePageToken("DescribeMaintenanceWindows", std::to_string(from + limit));
      break;
    }
    identities.push_back(WindowIdentity(window, NextExecutionTime(window)));
  }
  out["WindowIdentities"] = std::move(identities);
  return out;
}

json::value MaintenanceWindowProvider::DescribeMaintenanceWindowsForTarget(
    const RequestContext& ctx, const json::object& in) {
  const std::string resource_type = RequiredString(in, "ResourceType");
  const json::array* wanted = OptArray(in, "Targets");
  const size_t from = ReadListPosition(in, "DescribeMaintenanceWindowsForTarget");
  const size_t limit = static_cast<size_t>(OptInt(in, "MaxResults").value_or(50));
  store::Transaction tx = windows_.Read();
  std::set<std::string> matched;
  for (const json::object& target : windows_.List(tx, ctx.scope, WindowItem::kTarget)) {
    if (StringOr(target, "ResourceType", "") == resource_type && wanted &&
        TargetsOverlap(target.if_contains("Targets"), *wanted)) {
      matched.insert(StringOr(target, "WindowId", ""));
    }
  }
  json::object out;
  json::array identities;
  size_t index = 0;
  for (const std::string& id : matched) {
    if (index++ < from) continue;
    if (identities.size() == limit) {
      out["NextToken"] = services::EncodePageToken("DescribeMaintenanceWindowsForTarget",
                                                   std::to_string(from + limit));
      break;
    }
    const std::optional<json::object> window =
        windows_.Find(tx, ctx.scope, id, WindowItem::kWindow);
    if (window) identities.push_back(Pick(*window, {"WindowId", "Name"}));
  }
  out["WindowIdentities"] = std::move(identities);
  return out;
}

json::value MaintenanceWindowProvider::DescribeMaintenanceWindowSchedule(const RequestContext& ctx,
                                                                         const json::object& in) {
  std::vector<std::string> before;
  std::vector<std::string> after;
  FilterValues(in, "ScheduledBefore", before);
  FilterValues(in, "ScheduledAfter", after);
  std::optional<int64_t> until;
  int64_t since = clock_.NowMillis() / 1000;
  for (const std::string& text : before) {
    const std::optional<int64_t> t = ParseWindowTime(text);
    if (!t) Invalid("ScheduledBefore " + text + " is not a valid ISO 8601 date and time.");
    until = until ? std::min(*until, *t) : *t;
  }
  for (const std::string& text : after) {
    const std::optional<int64_t> t = ParseWindowTime(text);
    if (!t) Invalid("ScheduledAfter " + text + " is not a valid ISO 8601 date and time.");
    since = std::max(since, *t);
  }
  const size_t from = ReadListPosition(in, "DescribeMaintenanceWindowSchedule");
  // MaxResults has no modelled maximum; a page holds at most 100 runs and NextToken the rest.
  const size_t limit =
      static_cast<size_t>(std::min<int64_t>(OptInt(in, "MaxResults").value_or(50), 100));

  store::Transaction tx = windows_.Read();
  std::vector<json::object> windows;
  if (const std::optional<std::string> id = OptString(in, "WindowId")) {
    windows.push_back(RequireWindow(tx, ctx, *id));
  } else if (const json::array* wanted = OptArray(in, "Targets")) {
    const std::string resource_type = OptString(in, "ResourceType").value_or("INSTANCE");
    std::set<std::string> ids;
    for (const json::object& target : windows_.List(tx, ctx.scope, WindowItem::kTarget)) {
      if (StringOr(target, "ResourceType", "") == resource_type &&
          TargetsOverlap(target.if_contains("Targets"), *wanted)) {
        ids.insert(StringOr(target, "WindowId", ""));
      }
    }
    for (const std::string& window_id : ids) {
      if (auto w = windows_.Find(tx, ctx.scope, window_id, WindowItem::kWindow))
        windows.push_back(*w);
    }
  } else {
    Invalid("Either WindowId or Targets must be specified.");
  }

  // The runs of every window, merged in time order, as many as the page needs.
  struct Run {
    int64_t at;
    size_t window;
  };
  std::vector<Run> runs;
  const size_t wanted_runs = from + limit + 1;
  for (size_t w = 0; w < windows.size(); ++w) {
    const json::object& window = windows[w];
    if (!BoolOr(window, "Enabled", true)) continue;
    const std::optional<WindowSchedule> schedule =
        WindowSchedule::Parse(StringOr(window, "Schedule", ""));
    if (!schedule) continue;
    const std::optional<int64_t> start = ParseWindowTime(StringOr(window, "StartDate", ""));
    const std::optional<int64_t> end = ParseWindowTime(StringOr(window, "EndDate", ""));
    const int64_t anchor = start.value_or(NumberOr(window, "CreatedMillis", 0) / 1000);
    int64_t cursor = std::max(since, start ? *start - 1 : since);
    for (size_t n = 0; n < wanted_runs; ++n) {
      const std::optional<int64_t> next =
          schedule->NextAfter(cursor, anchor, NumberOr(window, "ScheduleOffset", 0));
      if (!next || (end && *next > *end) || (until && *next >= *until)) break;
      runs.push_back({*next, w});
      cursor = *next;
    }
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const Run& a, const Run& b) { return a.at < b.at; });
  json::object out;
  json::array executions;
  for (size_t i = from; i < runs.size(); ++i) {
    if (executions.size() == limit) {
      out["NextToken"] = services::EncodePageToken("DescribeMaintenanceWindowSchedule",
                                                   std::to_string(from + limit));
      break;
    }
    const json::object& window = windows[runs[i].window];
    executions.push_back(json::object{{"WindowId", window.at("WindowId")},
                                      {"Name", window.at("Name")},
                                      {"ExecutionTime", FormatWindowTime(runs[i].at)}});
  }
  out["ScheduledWindowExecutions"] = std::move(executions);
  return out;
}

json::value MaintenanceWindowProvider::DescribeMaintenanceWindowExecutions(
    const RequestContext& /*ctx*/, const json::object& /*in*/) {
  // nimbus never runs a window, so there is no execution to list (README).
  return json::object{{"WindowExecutions", json::array{}}};
}

json::value MaintenanceWindowProvider::NoSuchWindowExecution(const RequestContext& /*ctx*/,
                                                             const json::object& in) {
  // The model requires WindowExecutionId in each of these operations; the wording is nimbus's.
  throw AwsError(
      "DoesNotExistException",
      "Maintenance window execution " + StringOr(in, "WindowExecutionId", "") + " does not exist");
}

}  // namespace nimbus::ssm
