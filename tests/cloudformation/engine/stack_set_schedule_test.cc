// The walk of a stack set operation over accounts x regions, from its OperationPreferences.
#include "cloudformation/engine/stack_set_schedule.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;
using State = TargetState;

const std::vector<std::string> kAccounts = {"111111111111", "222222222222", "333333333333"};
const std::vector<std::string> kRegions = {"us-east-1", "eu-west-1"};

std::vector<State> AllPending(const OperationPlan& plan) {
  return std::vector<State>(plan.size(), State::kPending);
}

TEST(StackSetScheduleTest, DefaultsRunOneAccountOfTheFirstRegionAtATime) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {});
  EXPECT_EQ(NextTargets(plan, AllPending(plan)).start, std::vector<size_t>{0});
}

TEST(StackSetScheduleTest, RegionOrderComesFirstThenTheRequestOrder) {
  const OperationPlan plan = PlanOperation(kAccounts, {"us-east-1", "eu-west-1", "ap-south-1"},
                                           {{"RegionOrder", {"ap-south-1"}}});
  EXPECT_EQ(plan.regions, (std::vector<std::string>{"ap-south-1", "us-east-1", "eu-west-1"}));
}

TEST(StackSetScheduleTest, TargetsAreNumberedRegionMajor) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {});
  EXPECT_EQ(plan.AccountOf(4), "222222222222");
  EXPECT_EQ(plan.RegionOf(4), "eu-west-1");
}

TEST(StackSetScheduleTest, SequentialRegionsWaitForTheRegionBefore) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions, {{"MaxConcurrentCount", 3}, {"FailureToleranceCount", 2}});
  std::vector<State> states = AllPending(plan);
  EXPECT_EQ(NextTargets(plan, states).start, (std::vector<size_t>{0, 1, 2}));
  states[0] = states[1] = states[2] = State::kSucceeded;
  EXPECT_EQ(NextTargets(plan, states).start, (std::vector<size_t>{3, 4, 5}));
}

TEST(StackSetScheduleTest, ParallelRegionsStartTogether) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions, {{"RegionConcurrencyType", "PARALLEL"}});
  EXPECT_EQ(NextTargets(plan, AllPending(plan)).start, (std::vector<size_t>{0, 3}));
}

TEST(StackSetScheduleTest, NothingStartsWhileABatchRuns) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {});
  std::vector<State> states = AllPending(plan);
  states[0] = State::kRunning;
  const NextStep next = NextTargets(plan, states);
  EXPECT_TRUE(next.start.empty());
  EXPECT_FALSE(next.stop);
}

TEST(StackSetScheduleTest, AnAccountStartsAsSoonAsAnotherOfItsRegionEnds) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions,
                    {{"MaxConcurrentCount", 2}, {"ConcurrencyMode", "SOFT_FAILURE_TOLERANCE"}});
  std::vector<State> states = AllPending(plan);
  states[0] = State::kSucceeded;
  states[1] = State::kRunning;
  EXPECT_EQ(NextTargets(plan, states).start, std::vector<size_t>{2});
}

TEST(StackSetScheduleTest, ParallelRegionsDoNotWaitForEachOther) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions, {{"RegionConcurrencyType", "PARALLEL"}});
  std::vector<State> states = AllPending(plan);
  states[0] = State::kRunning;
  states[3] = State::kSucceeded;
  EXPECT_EQ(NextTargets(plan, states).start, std::vector<size_t>{4});
}

TEST(StackSetScheduleTest, SequentialRegionWaitsForTheLastRunningAccountBefore) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions, {{"MaxConcurrentCount", 3}, {"FailureToleranceCount", 2}});
  std::vector<State> states = AllPending(plan);
  states[0] = states[1] = State::kSucceeded;
  states[2] = State::kRunning;
  EXPECT_TRUE(NextTargets(plan, states).start.empty());
}

TEST(StackSetScheduleTest, FailuresBeyondToleranceStopOnlyOnceTheRunningTargetsEnd) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions,
                    {{"MaxConcurrentCount", 3}, {"ConcurrencyMode", "SOFT_FAILURE_TOLERANCE"}});
  std::vector<State> states = AllPending(plan);
  states[0] = State::kFailed;
  states[1] = State::kRunning;
  const NextStep next = NextTargets(plan, states);
  EXPECT_FALSE(next.stop);
  EXPECT_TRUE(next.start.empty());
}

TEST(StackSetScheduleTest, MaxConcurrentPercentageRoundsDownToAtLeastOne) {
  EXPECT_EQ(PlanOperation(kAccounts, kRegions, {{"MaxConcurrentPercentage", 10}}).max_concurrent,
            1);
  EXPECT_EQ(PlanOperation(kAccounts, kRegions, {{"MaxConcurrentPercentage", 70}}).max_concurrent,
            2);
}

TEST(StackSetScheduleTest, FailureTolerancePercentageRoundsDown) {
  EXPECT_EQ(PlanOperation(kAccounts, kRegions, {{"FailureTolerancePercentage", 50}}).tolerance, 1);
}

TEST(StackSetScheduleTest, StrictModeKeepsABatchWithinToleranceAndOne) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {{"MaxConcurrentCount", 3}});
  EXPECT_EQ(NextTargets(plan, AllPending(plan)).start, std::vector<size_t>{0});
}

TEST(StackSetScheduleTest, SoftModeKeepsMaxConcurrent) {
  const OperationPlan plan =
      PlanOperation(kAccounts, kRegions,
                    {{"MaxConcurrentCount", 3}, {"ConcurrencyMode", "SOFT_FAILURE_TOLERANCE"}});
  EXPECT_EQ(NextTargets(plan, AllPending(plan)).start, (std::vector<size_t>{0, 1, 2}));
}

TEST(StackSetScheduleTest, FailuresWithinToleranceGoOn) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {{"FailureToleranceCount", 1}});
  std::vector<State> states = AllPending(plan);
  states[0] = State::kFailed;
  const NextStep next = NextTargets(plan, states);
  EXPECT_FALSE(next.stop);
  EXPECT_EQ(next.start, std::vector<size_t>{1});
}

TEST(StackSetScheduleTest, FailuresBeyondToleranceStopTheOperation) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {});
  std::vector<State> states = AllPending(plan);
  states[0] = State::kFailed;
  const NextStep next = NextTargets(plan, states);
  EXPECT_TRUE(next.stop);
  EXPECT_TRUE(next.start.empty());
}

TEST(StackSetScheduleTest, AnOperationWithEveryTargetDoneStartsNothing) {
  const OperationPlan plan = PlanOperation(kAccounts, kRegions, {});
  const NextStep next = NextTargets(plan, std::vector<State>(plan.size(), State::kSucceeded));
  EXPECT_TRUE(next.start.empty());
  EXPECT_FALSE(next.stop);
}

TEST(StackSetScheduleTest, CountAndPercentageTogetherIsValidationError) {
  EXPECT_EQ(test::ErrorOf([] {
              PlanOperation(kAccounts, kRegions,
                            {{"MaxConcurrentCount", 1}, {"MaxConcurrentPercentage", 10}});
            }).code(),
            "ValidationError");
}

}  // namespace
}  // namespace nimbus::cloudformation
