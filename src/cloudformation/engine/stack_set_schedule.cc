#include "cloudformation/engine/stack_set_schedule.h"

#include <algorithm>
#include <optional>

#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::protocol::OptInt;
using core::protocol::OptString;
using core::protocol::StringList;

namespace {

// A count given as such or as a percentage of `total`, rounded down; `fallback` when neither.
int64_t CountOf(const json::object& preferences, std::string_view count_member,
                std::string_view percentage_member, int64_t total, int64_t fallback) {
  const std::optional<int64_t> count = OptInt(preferences, count_member);
  const std::optional<int64_t> percentage = OptInt(preferences, percentage_member);
  if (count && percentage) {
    // nimbus's wording: the API reference says only one may be given.
    throw core::AwsError("ValidationError",
                         "You can specify either " + std::string(count_member) + " or " +
                             std::string(percentage_member) + ", but not both.",
                         400);
  }
  if (count) return *count;
  if (percentage) return *percentage * total / 100;
  return fallback;
}

}  // namespace

OperationPlan PlanOperation(const std::vector<std::string>& accounts,
                            const std::vector<std::string>& regions,
                            const json::object& preferences) {
  OperationPlan plan;
  plan.accounts = accounts;
  for (const std::string& region : StringList(preferences, "RegionOrder")) {
    if (std::find(regions.begin(), regions.end(), region) != regions.end() &&
        std::find(plan.regions.begin(), plan.regions.end(), region) == plan.regions.end()) {
      plan.regions.push_back(region);
    }
  }
  for (const std::string& region : regions) {
    if (std::find(plan.regions.begin(), plan.regions.end(), region) == plan.regions.end()) {
      plan.regions.push_back(region);
    }
  }
  plan.parallel = OptString(preferences, "RegionConcurrencyType").value_or("") == "PARALLEL";
  plan.strict = OptString(preferences, "ConcurrencyMode").value_or("") != "SOFT_FAILURE_TOLERANCE";
  const auto total = static_cast<int64_t>(accounts.size());
  plan.tolerance =
      CountOf(preferences, "FailureToleranceCount", "FailureTolerancePercentage", total, 0);
  plan.max_concurrent = std::max<int64_t>(
      1, CountOf(preferences, "MaxConcurrentCount", "MaxConcurrentPercentage", total, 1));
  return plan;
}

NextStep NextTargets(const OperationPlan& plan, const std::vector<TargetState>& states) {
  NextStep next;
  const size_t accounts = plan.accounts.size();
  if (accounts == 0) return next;
  const auto count = [&states, accounts](size_t region, TargetState state) {
    const auto first = states.begin() + static_cast<std::ptrdiff_t>(region * accounts);
    return std::count(first, first + static_cast<std::ptrdiff_t>(accounts), state);
  };
  const bool any_running =
      std::find(states.begin(), states.end(), TargetState::kRunning) != states.end();
  for (size_t region = 0; region < plan.regions.size(); ++region) {
    if (count(region, TargetState::kFailed) > plan.tolerance) {
      // Nothing more starts; the operation stops once the targets under way have ended.
      next.stop = !any_running;
      return next;
    }
  }
  for (size_t region = 0; region < plan.regions.size(); ++region) {
    const int64_t failed = count(region, TargetState::kFailed);
    const int64_t running = count(region, TargetState::kRunning);
    // Strict: the targets under way may all fail and still leave the failures within the
    // tolerance plus one, the failure that stops the operation.
    const int64_t limit = plan.strict ? std::min(plan.max_concurrent, plan.tolerance - failed + 1)
                                      : plan.max_concurrent;
    // An account starts as soon as another of its region ends, as on AWS
    // (stacksets-concepts.html: "at one time"), not once a whole batch has ended.
    int64_t under_way = running;
    for (size_t account = 0; account < accounts && under_way < limit; ++account) {
      const size_t target = region * accounts + account;
      if (states[target] != TargetState::kPending) continue;
      next.start.push_back(target);
      ++under_way;
    }
    if (!plan.parallel && (running > 0 || count(region, TargetState::kPending) > 0)) break;
  }
  return next;
}

}  // namespace nimbus::cloudformation
