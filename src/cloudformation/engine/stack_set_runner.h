#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cloudformation/engine/stack_set_schedule.h"
#include "cloudformation/stack_set_drift.h"
#include "cloudformation/stack_set_store.h"
#include "core/service_client.h"
#include "services/runtime.h"
#include "store/scheduler.h"

namespace nimbus::cloudformation {

// Runs stack set operations on the scheduler (task kind `cloudformation.StackSetOperation`):
// each step polls the stacks of the targets under way, then starts the next batch of the
// operation's plan (stack_set_schedule.h). Each instance's stack is created, updated or deleted
// in its target account and region through the stack API (CreateStack, UpdateStack,
// DeleteStack), as the set's execution role there, after the self-managed roles are checked in
// IAM. Nothing blocks: a step that waits on stacks schedules the next one. A DETECT_DRIFT
// operation checks each instance's stack through `drift` instead, leaving the stack as it is.
class StackSetRunner {
 public:
  StackSetRunner(Runtime& rt, const core::ServiceClient& services, StackSetStore& sets,
                 StackSetDrift& drift);

  // Schedules the first step of the operation in `tx` (its results stored PENDING).
  void Start(store::Transaction& tx, std::string_view set_id, std::string_view operation_id);

  // Starts the set's oldest QUEUED operation (ManagedExecution Active, automatic deployments)
  // whose dependencies have succeeded, if any, in `tx`.
  void StartQueued(store::Transaction& tx, std::string_view set_id);

  static constexpr std::string_view kTask = "cloudformation.StackSetOperation";

 private:
  struct Context;
  void Run(const store::Task& task);
  // One step of Run: polls, then starts the next batch or ends the operation.
  void Step(const store::Task& task);
  // Starts the operation's action on one target; returns its result (RUNNING while its stack
  // works, else final) and updates `instance`.
  OperationResultRecord StartTarget(const Context& c, const OperationResultRecord& result,
                                    StackInstanceRecord* instance);
  // Polls a RUNNING target's stack; returns its result, final once the stack is.
  OperationResultRecord PollTarget(const Context& c, const OperationResultRecord& result,
                                   StackInstanceRecord* instance);
  // stack_set_runner_import.cc. The stack an ImportStacksToStackSet operation adopts at
  // (account, region), if the operation is an import.
  static std::optional<std::string> ImportedStack(const StackSetOperationRecord& operation,
                                                  std::string_view account,
                                                  std::string_view region);
  // Adopts the stack `stack_id` as the instance (CURRENT, SUCCEEDED, its StackId, overrides from
  // the stack's parameters) without touching the stack, or fails it FAILED_IMPORT with the reason:
  // `refused` (CheckRoles), a stack gone, unstable, with NoEcho parameters or in another set.
  OperationResultRecord ImportTarget(const StackSetRecord& set, const core::Caller& executor,
                                     std::string_view refused, std::string_view stack_id,
                                     const OperationResultRecord& result,
                                     StackInstanceRecord* instance);
  // "" when the administration role exists and the execution role of `account` trusts it,
  // else the reason the instance fails.
  std::string CheckRoles(const Context& c, std::string_view account, std::string_view region);
  // Whether the target account of a service-managed set is suspended in its organization
  // (stack_set_suspended.h), read once per step; false for a self-managed set.
  bool Suspended(const Context& c, std::string_view account, std::string_view region);
  // CheckRoles' answer as IAM gives it now (CheckRoles keeps it for the rest of the step).
  std::string ReadRoles(const Context& c, std::string_view account, std::string_view region);

  Runtime& rt_;
  const core::ServiceClient& services_;
  StackSetStore& sets_;
  StackSetDrift& drift_;
};

}  // namespace nimbus::cloudformation
