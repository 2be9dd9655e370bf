#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "core/service.h"
#include "services/runtime.h"
#include "services/ssm/maintenance_window_store.h"
#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

// SSM maintenance windows with their targets and tasks, and the schedule of their next runs
// (maintenance_window_schedule.h). Nothing runs: no execution is ever recorded, so the
// execution listings are empty and an execution id is never found (README). Window tags go through the tagging operations of the
// parameter provider (resource type MaintenanceWindow).
class MaintenanceWindowProvider final : public core::Service {
 public:
  explicit MaintenanceWindowProvider(Runtime& rt);
  std::string_view Name() const override { return "ssm"; }

  // Windows (maintenance_window_provider.cc).
  boost::json::value CreateMaintenanceWindow(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value GetMaintenanceWindow(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value UpdateMaintenanceWindow(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DeleteMaintenanceWindow(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DescribeMaintenanceWindows(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value DescribeMaintenanceWindowsForTarget(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value DescribeMaintenanceWindowSchedule(const core::RequestContext& ctx,
                                                       const boost::json::object& in);
  boost::json::value DescribeMaintenanceWindowExecutions(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  // GetMaintenanceWindowExecution, GetMaintenanceWindowExecutionTask(Invocation),
  // DescribeMaintenanceWindowExecutionTasks / TaskInvocations, CancelMaintenanceWindowExecution:
  // no execution ever exists, so each names its WindowExecutionId in a DoesNotExistException.
  boost::json::value NoSuchWindowExecution(const core::RequestContext& ctx,
                                           const boost::json::object& in);

  // Targets and tasks (maintenance_window_tasks.cc).
  boost::json::value RegisterTargetWithMaintenanceWindow(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value DeregisterTargetFromMaintenanceWindow(const core::RequestContext& ctx,
                                                           const boost::json::object& in);
  boost::json::value DescribeMaintenanceWindowTargets(const core::RequestContext& ctx,
                                                      const boost::json::object& in);
  boost::json::value UpdateMaintenanceWindowTarget(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value RegisterTaskWithMaintenanceWindow(const core::RequestContext& ctx,
                                                       const boost::json::object& in);
  boost::json::value DeregisterTaskFromMaintenanceWindow(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value DescribeMaintenanceWindowTasks(const core::RequestContext& ctx,
                                                    const boost::json::object& in);
  boost::json::value GetMaintenanceWindowTask(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value UpdateMaintenanceWindowTask(const core::RequestContext& ctx,
                                                 const boost::json::object& in);

 private:
  // The window `window_id` of the caller, or DoesNotExistException.
  boost::json::object RequireWindow(store::Transaction& tx, const core::RequestContext& ctx,
                                    const std::string& window_id);
  // The window's next run after now, "" when there is none (disabled, ended, at() passed).
  std::string NextExecutionTime(const boost::json::object& window) const;

  MaintenanceWindowStore windows_;
  TagStore tags_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
};

namespace internal {

// The members of `from` named in `names` that it has, in that order.
boost::json::object Pick(const boost::json::object& from,
                         const std::vector<std::string_view>& names);
// Sets each member named in `names` that `in` has to its value in `out`; with `replace`, removes
// from `out` those that `in` lacks (an Update* with Replace).
void Merge(const boost::json::object& in, boost::json::object& out,
           const std::vector<std::string_view>& names, bool replace);
// The Values of each filter in Filters whose Key is `key`, and whether there was such a filter.
bool FilterValues(const boost::json::object& in, std::string_view key,
                  std::vector<std::string>& values);

}  // namespace internal

}  // namespace nimbus::ssm
