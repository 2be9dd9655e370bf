#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/request_context.h"
#include "store/database.h"

namespace nimbus::cloudformation {

// One change set as stored: what CreateChangeSet was asked (the template and the resolved
// parameters ExecuteChangeSet deploys, the other members as given) and the Changes it computed.
struct ChangeSetRecord {
  std::string change_set_id{};  // arn:<partition>:cloudformation:<region>:<account>:changeSet/..
  std::string name{};
  std::string stack_id{};
  std::string stack_name{};
  core::Scope scope{};  // set by Insert
  std::string type{};   // CREATE | UPDATE
  // CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE or FAILED, with its reason.
  std::string status{};
  std::string status_reason{};
  // Where the status ends (CREATE_COMPLETE or FAILED, and the reason): the change set moves
  // there in steps on the scheduler when the runtime's async delay is above 0.
  std::string final_status{};
  std::string final_reason{};
  std::string description{};      // the request's Description
  std::string template_body{};    // the template to deploy
  std::string parameters = "[]";  // resolved (engine/stack_plan.h's JSON form)
  // Every other CreateChangeSet member as given (Tags, Capabilities, RoleARN, ...), JSON.
  std::string request = "{}";
  std::string changes = "[]";  // the API's Changes, with property values
  std::string client_token{};
  // The operation ExecuteChangeSet started on the stack, "" before execution.
  std::string operation_id{};
  // The stack's operation when the change set was created: once the stack has run another, the
  // change set describes a state that is gone (OBSOLETE).
  std::string base_operation_id{};
  int64_t created_millis = 0;
  int64_t seq = 0;  // creation order; set by Insert
};

// CloudFormation's change sets.
class ChangeSetStore {
 public:
  explicit ChangeSetStore(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  // Stores a new change set and sets record->seq and record->scope.
  void Insert(store::Transaction& tx, const core::Scope& scope, ChangeSetRecord* record);
  // Writes the status members and operation_id of `record`.
  void Update(store::Transaction& tx, const ChangeSetRecord& record);
  std::optional<ChangeSetRecord> FindById(store::Transaction& tx, const core::Scope& scope,
                                          std::string_view change_set_id);
  // The change set `change_set_id` in any scope (for the scheduler's task), or nullopt.
  std::optional<ChangeSetRecord> FindAnywhere(store::Transaction& tx,
                                              std::string_view change_set_id);
  std::optional<ChangeSetRecord> FindByName(store::Transaction& tx, std::string_view stack_id,
                                            std::string_view name);
  // The change set of the stack created with ClientToken `token`, or nullopt.
  std::optional<ChangeSetRecord> FindByToken(store::Transaction& tx, std::string_view stack_id,
                                             std::string_view token);
  // A page of the stack's change sets in creation order: seq > `after`, at most `limit`.
  std::vector<ChangeSetRecord> List(store::Transaction& tx, std::string_view stack_id,
                                    int64_t after, int64_t limit);
  // How many change sets the stack has.
  int64_t Count(store::Transaction& tx, std::string_view stack_id);
  // The id of the stack's executed change set (DescribeStacks' ChangeSetId), or nullopt.
  std::optional<std::string> Executed(store::Transaction& tx, std::string_view stack_id);
  void Delete(store::Transaction& tx, std::string_view change_set_id);
  // Deletes the stack's change sets, but `keep` ("" keeps none).
  void DeleteOfStack(store::Transaction& tx, std::string_view stack_id, std::string_view keep);

 private:
  store::Schema schema_;
};

}  // namespace nimbus::cloudformation
