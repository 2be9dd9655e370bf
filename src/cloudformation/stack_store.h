#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::cloudformation {

// One stack as stored. List-valued and structured members are JSON text in the API's shapes
// (Tags, NotificationARNs, Capabilities, Outputs ...), so DescribeStacks copies them out as they
// are. A deleted stack keeps its row (status DELETE_COMPLETE) and stays visible by its id.
struct StackRecord {
  std::string stack_id{};  // arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>
  std::string name{};
  core::Scope scope{};  // the account and region it lives in; set by InsertStack
  std::string status{};
  std::string status_reason{};
  std::string template_body{};  // as the caller sent it
  std::string description{};    // the template's Description, "" without one
  // The stack's parameters as the engine resolved them (engine/stack_plan.h's JSON form).
  std::string parameters = "[]";
  std::string outputs = "[]";                 // [{OutputKey, OutputValue, Description, ExportName}]
  std::string tags = "[]";                    // [{Key, Value}]
  std::string notification_arns = "[]";       // ["arn...", ...]
  std::string capabilities = "[]";            // ["CAPABILITY_IAM", ...]
  std::string resource_types{};               // ["AWS::SSM::*", ...], "" when not given
  std::string rollback_configuration = "{}";  // RollbackConfiguration as given
  // Every other CreateStack option, as given (StackPolicyBody, DeploymentConfig, ...).
  std::string options = "{}";
  std::string caller = "{}";  // the core::Caller resources are created as (engine's JSON form)
  bool disable_rollback = false;
  std::string on_failure = "ROLLBACK";  // ROLLBACK | DELETE | DO_NOTHING
  std::optional<int64_t> timeout_minutes{};
  std::string role_arn{};
  std::string client_request_token{};  // CreateStack's
  bool termination_protection = false;
  bool retain_except_on_create = false;
  // The operation under way or last run: its type (CREATE_STACK, DELETE_STACK), id, and the
  // ClientRequestToken its events carry.
  std::string operation_type{};
  std::string operation_id{};
  std::string operation_token{};
  std::string retain_resources = "[]";  // DeleteStack's RetainResources, for the operation
  int64_t created_millis = 0;
  std::optional<int64_t> updated_millis{};
  std::optional<int64_t> deleted_millis{};
  std::optional<int64_t> deadline_millis{};  // when the create times out (TimeoutInMinutes)
  int64_t seq = 0;                           // creation order; set by InsertStack
};

// One resource of a stack as stored.
struct ResourceRecord {
  std::string logical_id{};
  std::string physical_id{};  // "" until the resource is created
  std::string type{};
  std::string status{};
  std::string reason{};
  std::string properties = "{}";           // the resolved properties, JSON
  std::string attributes = "{}";           // GetAtt values read so far, JSON
  std::string dependencies = "[]";         // logical ids this resource needs, JSON
  std::string deletion_policy = "Delete";  // Delete | Retain | RetainExceptOnCreate | Snapshot
  int64_t wave = 0;                        // which creation wave started it
  int64_t updated_millis = 0;
  bool simulated = false;  // created from a resource schema, not by a service nimbus runs
  // To be deleted by the operation under way (a rollback or DeleteStack marks every resource
  // that still exists; each is cleared once deleted, skipped or failed).
  bool pending_delete = false;
};

// One stack event. A stack's own events have the stack name as logical id and the stack id as
// physical id, with type AWS::CloudFormation::Stack.
struct EventRecord {
  std::string event_id{};
  std::string logical_id{};
  std::string physical_id{};
  std::string type{};
  std::string status{};
  std::string reason{};
  std::string properties{};  // ResourceProperties (JSON text); "" for stack events
  int64_t timestamp_millis = 0;
  std::string client_request_token{};
  std::string operation_id{};
};

// An Outputs Export of a stack: names are unique per account and region.
struct ExportRecord {
  std::string name{};
  std::string value{};
  std::string stack_id{};
};

// A ClientRequestToken a stack operation was called with. AWS keeps a token for the stack name
// it was used with: a later request with the same token and name is a retry of that operation, or
// TokenAlreadyExistsException if it asks for another one.
struct TokenRecord {
  std::string stack_name{};
  std::string token{};
  std::string stack_id{};   // the stack the operation ran on
  std::string operation{};  // CreateStack | UpdateStack | DeleteStack
};

// CloudFormation's tables: stacks, their resources, events and exports.
class StackStore {
 public:
  explicit StackStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Stores a new stack and sets record->seq and record->scope. The caller checked that no live
  // stack has its name.
  void InsertStack(store::Transaction& tx, const core::Scope& scope, StackRecord* record);
  // Writes every member of `record` over the stored stack of the same id.
  void UpdateStack(store::Transaction& tx, const StackRecord& record);
  // Writes only what a deployment changes (status, reason, outputs, deletion time), so that a
  // step neither rewrites the template nor undoes a concurrent UpdateTerminationProtection.
  void UpdateProgress(store::Transaction& tx, const StackRecord& record);
  // The status and operation id of the stack with this id, or nullopt.
  std::optional<std::pair<std::string, std::string>> Progress(store::Transaction& tx,
                                                              std::string_view stack_id);
  // The stack that is not deleted and has `name`, or nullopt.
  std::optional<StackRecord> FindLiveByName(store::Transaction& tx, const core::Scope& scope,
                                            std::string_view name);
  // The stack with this id, deleted or not, or nullopt.
  std::optional<StackRecord> FindById(store::Transaction& tx, const core::Scope& scope,
                                      std::string_view stack_id);
  // The stack with this id in any account (scheduler tasks know only the id), or nullopt.
  std::optional<StackRecord> FindByIdAnywhere(store::Transaction& tx, std::string_view stack_id);
  // A page of stacks, newest first: with seq < `before` (0: from the newest), at most `limit`.
  // `live_only` leaves deleted stacks out; `statuses`, when not empty, keeps only those. Listed
  // stacks come without their template (template_body is empty): no listing shows it.
  std::vector<StackRecord> ListStacks(store::Transaction& tx, const core::Scope& scope,
                                      int64_t before, int64_t limit, bool live_only,
                                      const std::vector<std::string>& statuses);

  // Inserts or replaces the resource `record.logical_id` of the stack.
  void PutResource(store::Transaction& tx, const StackRecord& stack, const ResourceRecord& record);
  // The same for many, a few rows per statement.
  void PutResources(store::Transaction& tx, const StackRecord& stack,
                    const std::vector<const ResourceRecord*>& records);
  // The stack's resources, in the order they were started (wave, then logical id).
  std::vector<ResourceRecord> Resources(store::Transaction& tx, const StackRecord& stack);
  std::optional<ResourceRecord> Resource(store::Transaction& tx, const StackRecord& stack,
                                         std::string_view logical_id);
  // Removes the resource `logical_id` (one an update removed from the template, once deleted).
  void DeleteResource(store::Transaction& tx, const StackRecord& stack,
                      std::string_view logical_id);
  // The id of the live stack in `scope` that has a resource with this physical id, or nullopt.
  std::optional<std::string> StackOfPhysicalId(store::Transaction& tx, const core::Scope& scope,
                                               std::string_view physical_id);

  // Appends events in order (a later one is newer), a few rows per statement. Those of a deleted
  // stack (deleted_millis set: its DELETE_COMPLETE) are then packed with the stack's others.
  void AddEvents(store::Transaction& tx, const StackRecord& stack,
                 const std::vector<EventRecord>& events);
  // A page of the stack's events, newest first: with position < `before` (0: from the newest).
  // Each event comes with its position, for the next page's token.
  std::vector<std::pair<int64_t, EventRecord>> Events(store::Transaction& tx,
                                                      const StackRecord& stack, int64_t before,
                                                      int64_t limit);

  // The export named `name` in `scope`, or nullopt.
  std::optional<ExportRecord> FindExport(store::Transaction& tx, const core::Scope& scope,
                                         std::string_view name);
  void PutExport(store::Transaction& tx, const core::Scope& scope, const ExportRecord& record);
  void DeleteExports(store::Transaction& tx, std::string_view stack_id);
  // A page of the exports in `scope`, by name: those after `after` ("" from the first), at most
  // `limit`.
  std::vector<ExportRecord> ListExports(store::Transaction& tx, const core::Scope& scope,
                                        std::string_view after, int64_t limit);

  // Records that the stack `stack_id` imports the exports `names` (Fn::ImportValue).
  void AddImports(store::Transaction& tx, const core::Scope& scope, std::string_view stack_id,
                  const std::vector<std::string>& names);
  // Forgets what the stack imports (its resources are gone, or an update settles them).
  void DeleteImports(store::Transaction& tx, std::string_view stack_id);
  // The names of the exports the stack `stack_id` imports, in order.
  std::vector<std::string> Imports(store::Transaction& tx, std::string_view stack_id);
  // The names of the stacks that import the export `name`, in order: those after `after` ("" from
  // the first), at most `limit`.
  std::vector<std::string> Importers(store::Transaction& tx, const core::Scope& scope,
                                     std::string_view name, std::string_view after, int64_t limit);

  // The exports of the stack `stack_id` that other stacks import: (export name, importing stack
  // name) pairs, by export name, then stack name.
  std::vector<std::pair<std::string, std::string>> ExportsInUse(store::Transaction& tx,
                                                                std::string_view stack_id);

  // The operation that used `token` with the stack name `stack_name`, or nullopt.
  std::optional<TokenRecord> FindToken(store::Transaction& tx, const core::Scope& scope,
                                       std::string_view stack_name, std::string_view token);
  void PutToken(store::Transaction& tx, const core::Scope& scope, const TokenRecord& record);

  // The state of the update under way on `stack` (engine/deployer_update.cc's JSON: what a
  // rollback restores, what the cleanup deletes), kept from UpdateStack until the update ends.
  void PutUpdateState(store::Transaction& tx, const StackRecord& stack, std::string_view state);
  std::optional<std::string> UpdateState(store::Transaction& tx, const StackRecord& stack);
  void DeleteUpdateState(store::Transaction& tx, const StackRecord& stack);

 private:
  // Packs the deleted stack's events into cfn_deleted_stack_events (event_archive.h).
  void ArchiveEvents(store::Transaction& tx, const StackRecord& stack);

  store::Schema schema_;
  // Imports and request tokens: a component of their own, so that their migrations do not
  // interleave with the stacks' (it reads cfn_stacks, so it joins schema_).
  store::Schema links_;
};

}  // namespace nimbus::cloudformation
