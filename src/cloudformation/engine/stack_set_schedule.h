#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

// How a stack set operation walks its accounts x regions (pure functions of the request's
// OperationPreferences). https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
// stacksets-concepts.html#stackset-ops-options: regions one at a time in RegionOrder
// (SEQUENTIAL) or all at once (PARALLEL); in each region at most MaxConcurrent accounts at a
// time; more than FailureTolerance failed accounts in a region stops the operation.
namespace nimbus::cloudformation {

struct OperationPlan {
  std::vector<std::string> regions;   // in the order the operation visits them
  std::vector<std::string> accounts;  // in request order
  bool parallel = false;              // RegionConcurrencyType PARALLEL
  int64_t max_concurrent = 1;         // accounts per region at a time
  int64_t tolerance = 0;              // failed accounts per region the operation tolerates
  // STRICT_FAILURE_TOLERANCE (the default): concurrency is lowered so that one more batch can
  // never fail more accounts than the tolerance allows; SOFT_FAILURE_TOLERANCE keeps it.
  bool strict = true;

  // Targets are numbered region-major: target i is accounts[i % A] in regions[i / A].
  size_t size() const { return regions.size() * accounts.size(); }
  const std::string& AccountOf(size_t target) const { return accounts[target % accounts.size()]; }
  const std::string& RegionOf(size_t target) const { return regions[target / accounts.size()]; }
};

// The plan of an operation over `accounts` x `regions` with these OperationPreferences (the
// API's members). Regions named in RegionOrder come first, in its order, then the others in
// request order. Percentages are of the number of accounts, rounded down (MaxConcurrent at
// least 1), as the API reference says. Throws ValidationError when both the count and the
// percentage of the same setting are given.
OperationPlan PlanOperation(const std::vector<std::string>& accounts,
                            const std::vector<std::string>& regions,
                            const boost::json::object& preferences);

enum class TargetState { kPending, kRunning, kSucceeded, kFailed, kCancelled };

struct NextStep {
  std::vector<size_t> start;  // targets to start now
  bool stop = false;          // a region failed more accounts than tolerated: cancel the rest
};

// What the operation does next, given each target's state (one per target of `plan`): once a
// region's failures exceed the tolerance, nothing more starts and the operation stops when no
// target runs; else, in each region it visits, as many pending accounts as free the region's
// concurrency (no target left and none running: the operation is over).
NextStep NextTargets(const OperationPlan& plan, const std::vector<TargetState>& states);

}  // namespace nimbus::cloudformation
