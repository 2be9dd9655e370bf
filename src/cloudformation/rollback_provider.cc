// The operations that end an update or a failed operation: CancelUpdateStack (an update under
// way rolls back), ContinueUpdateRollback (a rollback that failed goes on, skipping resources if
// asked) and RollbackStack (a stack left failed by DisableRollback rolls back).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_events.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

using internal::Invalid;

}  // namespace

StackRecord StackProvider::FindLiveOrThrow(store::Transaction& tx, const RequestContext& ctx,
                                           std::string_view name) {
  std::optional<StackRecord> stack = Find(tx, ctx, name);
  if (!stack || stack->status == "DELETE_COMPLETE") {
    Invalid("Stack [" + std::string(name) + "] does not exist");
  }
  return std::move(*stack);
}

void StackProvider::StartOperation(store::Transaction& tx, StackRecord& stack,
                                   const json::object& in, std::string_view status,
                                   std::string_view reason) {
  stack.operation_id = rt_.ids.Uuid();
  stack.operation_token = OptString(in, "ClientRequestToken").value_or("");
  if (const std::optional<std::string> role = OptString(in, "RoleARN")) stack.role_arn = *role;
  SetStackStatus(stacks_, tx, stack, status, reason, rt_.clock.NowMillis(), rt_.ids);
  deployer_.Schedule(tx, stack);
}

json::value StackProvider::CancelUpdateStack(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = stacks_.Begin();
  StackRecord stack = FindLiveOrThrow(tx, ctx, RequiredString(in, "StackName"));
  if (stack.status != "UPDATE_IN_PROGRESS") {  // quoted from AWS by users
    Invalid("CancelUpdateStack cannot be called from current stack status");
  }
  // A new operation id stops the update's task at its next step; the rollback takes over.
  StartOperation(tx, stack, in, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated");
  tx.Commit();
  return json::object();
}

json::value StackProvider::ContinueUpdateRollback(const RequestContext& ctx,
                                                  const json::object& in) {
  store::Transaction tx = stacks_.Begin();
  StackRecord stack = FindLiveOrThrow(tx, ctx, RequiredString(in, "StackName"));
  if (stack.status != "UPDATE_ROLLBACK_FAILED") {  // unverified wording
    Invalid("Stack:" + stack.stack_id + " is in " + stack.status +
            " state and can not continue the update rollback.");
  }
  const std::vector<std::string> skip = StringList(in, "ResourcesToSkip");
  for (const std::string& logical_id : skip) {
    const std::optional<ResourceRecord> row = stacks_.Resource(tx, stack, logical_id);
    if (!row || row->status != "UPDATE_FAILED") {  // unverified wording
      Invalid("Resource " + logical_id +
              " cannot be skipped: only resources in the UPDATE_FAILED "
              "state can be skipped");
    }
  }
  deployer_.SkipInRollback(tx, stack, skip);
  StartOperation(tx, stack, in, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated");
  tx.Commit();
  return json::object();
}

json::value StackProvider::RollbackStack(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = stacks_.Begin();
  StackRecord stack = FindLiveOrThrow(tx, ctx, RequiredString(in, "StackName"));
  if (stack.status == "UPDATE_FAILED") {
    StartOperation(tx, stack, in, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated");
  } else if (stack.status == "CREATE_FAILED") {
    stack.operation_type = "CREATE_STACK";  // its resources go as a create's rollback takes them
    stack.retain_except_on_create = BoolOr(in, "RetainExceptOnCreate", false);
    deployer_.MarkForDeletion(tx, stack);
    StartOperation(tx, stack, in, "ROLLBACK_IN_PROGRESS", "User Initiated");
  } else {  // unverified wording
    Invalid("Stack:" + stack.stack_id + " is in " + stack.status +
            " state and can not be rolled back.");
  }
  tx.Commit();
  return json::object{{"StackId", stack.stack_id}, {"OperationId", stack.operation_id}};
}

}  // namespace nimbus::cloudformation
