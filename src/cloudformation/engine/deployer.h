#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cloudformation/engine/stack_plan.h"
#include "cloudformation/resources/registry.h"
#include "cloudformation/schema/schema_registry.h"
#include "cloudformation/stack_store.h"
#include "cloudformation/wait_condition_store.h"
#include "core/request_context.h"
#include "core/service_client.h"
#include "services/runtime.h"
#include "store/scheduler.h"

namespace nimbus::cloudformation {

// Runs stack operations on store::Scheduler. It knows no resource type: it asks the registry's
// handlers to create and delete, and writes the statuses and events CloudFormation writes.
//
// Creation goes in waves: every resource whose dependencies are complete is started (its
// CREATE_IN_PROGRESS event written) before any is created, then each is created ("Resource
// creation Initiated" with its physical id) and completed. A failure ends creation as OnFailure
// or DisableRollback says: ROLLBACK (ROLLBACK_IN_PROGRESS, the created resources deleted in
// reverse dependency order, ROLLBACK_COMPLETE or ROLLBACK_FAILED), DELETE (the same, then the
// stack deleted) or DO_NOTHING (CREATE_FAILED). Deletion honours DeletionPolicy and
// RetainResources (DELETE_SKIPPED).
//
// An update (deployer_update.cc) goes in waves too: each resource of the new template is added,
// left alone, modified in place or replaced (a changed createOnlyProperty of the type's schema),
// then UPDATE_COMPLETE_CLEANUP_IN_PROGRESS deletes what was replaced or removed. A failure rolls
// back to the state UpdateStack saved (UPDATE_ROLLBACK_IN_PROGRESS, then the cleanup of what the
// update created, UPDATE_ROLLBACK_COMPLETE or UPDATE_ROLLBACK_FAILED).
//
// Every step is one transaction that reads the stack's state and moves it on, with its events
// written a few rows per statement; the services' own writes (SSM's parameters) are part of it.
// So a step that is interrupted leaves nothing behind, and a restart with --data-dir finds the
// scheduled task and carries on from the last committed step: no stack stays IN_PROGRESS. With
// the runtime's async delay at 0, steps follow each other in one task, a few in one transaction;
// otherwise each step is a task of its own, that long after the last.
class Deployer {
 public:
  static constexpr std::string_view kTask = "cloudformation.Deploy";

  // Registers the task handler: construct before the scheduler starts.
  Deployer(Runtime& rt, const core::ServiceClient& services, StackStore& stacks,
           const ResourceRegistry& resources, const SchemaRegistry& schemas,
           WaitConditionStore& waits);
  Deployer(const Deployer&) = delete;
  Deployer& operator=(const Deployer&) = delete;

  // Schedules the current operation of `stack` to run once `tx` commits, and, for a creation
  // with TimeoutInMinutes, the step that fails it at its deadline.
  void Schedule(store::Transaction& tx, const StackRecord& stack);
  // Keeps the plan CreateStack built for `operation_id`, so that the deployment's first step
  // does not parse and evaluate the template again. A plan never taken is dropped when its
  // operation runs without it.
  void Adopt(const std::string& operation_id, std::unique_ptr<StackPlan> plan);
  // Runs the operation `operation_id` of the stack once `tx` commits: something a waiting
  // resource waits for has happened (a signal to a wait condition handle).
  void Wake(store::Transaction& tx, std::string_view stack_id, std::string_view operation_id);
  // Why `stack` cannot be deleted, "Export X cannot be deleted as it is in use by Y" (the first
  // of its exports another stack imports), or nullopt when none is imported.
  std::optional<std::string> ExportInUse(store::Transaction& tx, const StackRecord& stack);
  // Marks every resource of `stack` that still exists for deletion by the current operation.
  void MarkForDeletion(store::Transaction& tx, const StackRecord& stack);

  // Keeps what an update of `stack` must restore if it rolls back: `stack` as it is before the
  // update and its resources. Call in UpdateStack's transaction, before the stack changes.
  void SaveForUpdate(store::Transaction& tx, const StackRecord& stack);
  // Makes the next rollback of `stack`'s update leave the resources `logical_ids` as they are
  // (ContinueUpdateRollback's ResourcesToSkip).
  void SkipInRollback(store::Transaction& tx, const StackRecord& stack,
                      const std::vector<std::string>& logical_ids);

  // The caller of `stack`'s operations as StackRecord::caller keeps it, and back.
  static std::string CallerToJson(const core::Caller& caller);
  static core::Caller CallerFromJson(std::string_view text);

 private:
  // What one run of the task keeps between its steps.
  struct Session {
    StackRecord stack;
    core::RequestContext ctx;  // the stack's caller, in its region, via CloudFormation
    boost::json::array stack_tags;
    std::vector<ResourceRecord> rows;
    std::map<std::string, size_t, std::less<>> row_index;
    std::unique_ptr<StackPlan> plan;
    std::vector<EventRecord> events;  // written at the end of the transaction
    std::set<size_t> dirty;           // rows to write at the end of the transaction
    bool stack_changed = false;       // the stack's progress, likewise
    // Creation's bookkeeping, so that a step costs what its wave costs and not the stack's size:
    std::set<size_t> waiting;  // rows a service completes asynchronously, polled each step
    size_t unstarted = 0;      // every resource of the plan before this one has been started
    // The row of each resource of the plan by position, kNotStarted until it is started.
    std::vector<size_t> plan_rows;
    int64_t last_wave = 0;
    // An update's state (StackStore::UpdateState), read at its first step.
    boost::json::object update;
    bool exports_checked = false;  // a deletion found no export of the stack in use
  };
  enum class Next { kContinue, kWait, kDone };
  static constexpr size_t kNotStarted = static_cast<size_t>(-1);

  void Run(const store::Task& task);
  Session Load(store::Transaction& tx, const StackRecord& stack);
  Next Step(store::Transaction& tx, Session& s);
  // Writes the rows and events of the steps since the last Flush.
  void Flush(store::Transaction& tx, Session& s);
  // When to look again at the waiting resources: the soonest any of them asks for.
  int64_t NextPoll(const Session& s) const;
  // An exception that is not an AWS error (a bug) ends the operation as failed, so that the
  // stack does not stay IN_PROGRESS.
  void Abandon(std::string_view stack_id, std::string_view operation_id, std::string_view what);

  // Creation (deployer.cc).
  Next CreateStep(store::Transaction& tx, Session& s);
  Next CompleteCreate(store::Transaction& tx, Session& s);
  Lookups MakeLookups(store::Transaction& tx, Session& s);
  // Moves the stack to `status`; its event is written with the step's other events.
  void SetStatus(Session& s, std::string_view status, std::string_view reason);
  ResourceRecord& AddRow(Session& s, ResourceRecord row);
  // The DeletionPolicy of `planned`: the template's, else its type's default.
  std::string DeletionPolicyOf(const PlannedResource& planned,
                               const boost::json::object& props) const;
  void Record(Session& s, size_t row, std::string_view status, std::string_view reason);

  // CreationPolicy (deployer_signals.cc). Whether the resource of `row`, which its handler has
  // created, still waits for the signals `policy` asks for: the first call starts its wait (the
  // Timeout counts from then). Throws core::AwsError, the resource's failure, at a FAILURE
  // signal or once the Timeout has passed.
  bool AwaitSignals(store::Transaction& tx, Session& s, size_t row, const SignalPolicy& policy);
  // Whether the resource of `row` waits for signals already (its handler is done).
  bool SignalWaitStarted(store::Transaction& tx, const Session& s, size_t row) const;
  // Polls the resources whose service completes them later and those waiting for signals (of a
  // resource being created): a ready one takes the physical id its service gives (an
  // Organizations account's) and is CREATE_COMPLETE, or UPDATE_COMPLETE when it was being
  // updated; a failed one is *_FAILED and named in `create_failed` or `update_failed`.
  void PollWaiting(store::Transaction& tx, Session& s, std::vector<std::string>& create_failed,
                   std::vector<std::string>& update_failed);
  // For a resource waiting for signals: the milliseconds until its Timeout; nullopt otherwise.
  std::optional<int64_t> SignalDeadlineMillis(const Session& s, size_t row) const;

  // Failure and deletion (deployer_delete.cc).
  Next FailCreate(store::Transaction& tx, Session& s, const std::string& cause);
  Next DeleteStep(store::Transaction& tx, Session& s);
  Next FinishDelete(store::Transaction& tx, Session& s);
  // A stack whose export another stack imports cannot be deleted. DeleteStack refuses it at once;
  // an import recorded since (a creation that started meanwhile) is found here: DELETE_FAILED
  // ("Export X cannot be deleted as it is in use by Y"), its resources untouched. Returns whether
  // it failed so.
  bool FailDeleteOfExportInUse(store::Transaction& tx, Session& s);
  bool Retained(const Session& s, const ResourceRecord& row) const;

  // Updates (deployer_update.cc).
  Next UpdateStep(store::Transaction& tx, Session& s);
  Next BeginUpdateCleanup(store::Transaction& tx, Session& s);
  Next FailUpdate(store::Transaction& tx, Session& s, const std::string& cause);
  Next RollbackUpdateStep(store::Transaction& tx, Session& s);
  // The end of an update's rollback, once the resources its service puts back later (a nested
  // stack updated back by its own stack operation) are done: the exports and imports as they
  // were, then the cleanup.
  Next FinishUpdateRollback(store::Transaction& tx, Session& s);
  Next CleanupStep(store::Transaction& tx, Session& s);
  void LoadUpdate(store::Transaction& tx, Session& s);
  // Whether changing `previous` to `next` replaces a resource of `type`: a changed property is
  // one of its schema's createOnlyProperties.
  bool RequiresReplacement(std::string_view type, const boost::json::object& previous,
                           const boost::json::object& next) const;

  // Exports and imports (deployer_exports.cc).
  // Before the first resource: adds the exports the plan imports to those the stack imports, or
  // returns the reason the operation fails when one does not exist ("No export named X found").
  std::optional<std::string> CheckImports(store::Transaction& tx, Session& s);
  // Makes `names` all that `stack` imports (an update completed or rolled back).
  void SetImports(store::Transaction& tx, const StackRecord& stack,
                  const std::vector<std::string>& names);
  // The stack's outputs from the plan, and its exports replaced by the plan's; the error that
  // fails the operation, or "": a name another stack exports, or an export another stack
  // imports that would change or go.
  std::string PutOutputs(store::Transaction& tx, Session& s);
  // Importing stacks' names as AWS lists them in a reason: "A", "A and B".
  static std::string ImporterList(const std::vector<std::string>& stacks);

  ResourceRequest Request(const Session& s, const ResourceRecord& row,
                          const boost::json::object& props) const;
  int64_t Now() const;
  // The pseudo parameters' values for `stack`.
  static StackFacts FactsOf(const StackRecord& stack);

  // The plan of `operation_id`, if CreateStack left one (and forgets it).
  std::unique_ptr<StackPlan> TakePlan(const std::string& operation_id);

  Runtime& rt_;
  std::mutex plans_mu_;
  std::map<std::string, std::unique_ptr<StackPlan>, std::less<>> plans_;
  const core::ServiceClient& services_;
  StackStore& stacks_;
  const ResourceRegistry& resources_;
  const SchemaRegistry& schemas_;
  WaitConditionStore& waits_;  // the signals of resources with a CreationPolicy
};

}  // namespace nimbus::cloudformation
