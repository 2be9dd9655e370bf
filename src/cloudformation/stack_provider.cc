#include "cloudformation/stack_provider.h"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_events.h"
#include "cloudformation/engine/stack_plan.h"
#include "cloudformation/resources/native.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template/parse.h"
#include "cloudformation/template/structure.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptArray;
using core::protocol::OptInt;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

using internal::Invalid;
using internal::ThrowTokenAlreadyExists;

std::string ArrayText(const json::object& in, std::string_view member) {
  const json::array* list = OptArray(in, member);
  return json::serialize(list ? *list : json::array());
}

// The CreateStack members a column of its own does not keep.
std::string OtherOptions(const json::object& in) {
  json::object options;
  for (std::string_view member : {"StackPolicyBody", "StackPolicyURL", "DeploymentConfig",
                                  "DisableValidation", "OriginalTemplateBody"}) {
    if (const json::value* value = in.if_contains(member)) options[member] = *value;
  }
  return json::serialize(options);
}

}  // namespace

StackProvider::StackProvider(Runtime& rt, const core::ServiceClient& services)
    : rt_(rt),
      services_(services),
      stacks_(rt.db),
      change_sets_(rt.db),
      waits_(rt.db),
      deployer_(rt, services, stacks_, resources_, schemas_, waits_),
      drifts_(rt.db),
      drift_detector_(
          services, resources_,
          [this](const Resource* handler) { return simulated_.Owns(handler); }, rt.ids, rt.clock) {
  resources_.SetFallback([this](std::string_view type) { return simulated_.Find(type); });
  resources_.Add(internal::MakeWaitConditionHandle(rt_, waits_));
  resources_.Add(internal::MakeWaitCondition(rt_, waits_));
  resources_.Add(internal::MakeNestedStack(*this));
  Register("CreateStack", &StackProvider::CreateStack);
  Register("DeleteStack", &StackProvider::DeleteStack);
  Register("UpdateStack", &StackProvider::UpdateStack);
  Register("SetStackPolicy", &StackProvider::SetStackPolicy);
  Register("GetStackPolicy", &StackProvider::GetStackPolicy);
  Register("CancelUpdateStack", &StackProvider::CancelUpdateStack);
  Register("ContinueUpdateRollback", &StackProvider::ContinueUpdateRollback);
  Register("RollbackStack", &StackProvider::RollbackStack);
  Register("UpdateTerminationProtection", &StackProvider::UpdateTerminationProtection);
  Register("DescribeStacks", &StackProvider::DescribeStacks);
  Register("ListStacks", &StackProvider::ListStacks);
  Register("DescribeStackEvents", &StackProvider::DescribeStackEvents);
  Register("DescribeStackResource", &StackProvider::DescribeStackResource);
  Register("DescribeStackResources", &StackProvider::DescribeStackResources);
  Register("ListStackResources", &StackProvider::ListStackResources);
  Register("GetTemplate", &StackProvider::GetTemplate);
  Register("ValidateTemplate", &StackProvider::ValidateTemplate);
  Register("GetTemplateSummary", &StackProvider::GetTemplateSummary);
  Register("ListExports", &StackProvider::ListExports);
  Register("ListImports", &StackProvider::ListImports);
  Register("SignalResource", &StackProvider::SignalResource);
  Register("CreateChangeSet", &StackProvider::CreateChangeSet);
  Register("DescribeChangeSet", &StackProvider::DescribeChangeSet);
  Register("ExecuteChangeSet", &StackProvider::ExecuteChangeSet);
  Register("DeleteChangeSet", &StackProvider::DeleteChangeSet);
  Register("ListChangeSets", &StackProvider::ListChangeSets);
  RegisterDrift();
  rt_.scheduler.Register(std::string(kChangeSetTask),
                         [this](const store::Task& task) { AdvanceChangeSet(task.payload); });
}

std::optional<StackRecord> StackProvider::Find(store::Transaction& tx, const RequestContext& ctx,
                                               std::string_view name_or_id) {
  if (core::StartsWith(name_or_id, "arn:")) return stacks_.FindById(tx, ctx.scope, name_or_id);
  return stacks_.FindLiveByName(tx, ctx.scope, name_or_id);
}

StackRecord StackProvider::FindOrThrow(store::Transaction& tx, const RequestContext& ctx,
                                       std::string_view name_or_id) {
  std::optional<StackRecord> stack = Find(tx, ctx, name_or_id);
  if (!stack) Invalid("Stack with id " + std::string(name_or_id) + " does not exist");
  return std::move(*stack);
}

json::value StackProvider::CreateStack(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  internal::CheckStackName(name);
  if (in.contains("OnFailure") && in.contains("DisableRollback")) {
    Invalid("Either DisableRollback or OnFailure can be specified, not both.");
  }
  const std::optional<std::string> token = OptString(in, "ClientRequestToken");
  {
    store::Transaction tx = stacks_.Read();
    std::optional<StackRecord> live = stacks_.FindLiveByName(tx, ctx.scope, name);
    if (token) {
      if (std::optional<TokenRecord> used = stacks_.FindToken(tx, ctx.scope, name, *token)) {
        // A retry of the request that created the live stack answers as that request did; the
        // token of any other operation on this stack name (a deleted stack's too) is taken.
        if (used->operation == "CreateStack" && live && live->stack_id == used->stack_id) {
          return json::object{{"StackId", live->stack_id}};
        }
        ThrowTokenAlreadyExists(*token);
      }
    }
    if (live) {
      if (token && live->client_request_token == *token) {
        return json::object{{"StackId", live->stack_id}};
      }
      throw AwsError("AlreadyExistsException", "Stack [" + name + "] already exists");
    }
  }

  // Everything AWS refuses before it creates the stack.
  internal::CheckRoleArn(ctx, services_, OptString(in, "RoleARN").value_or(""));
  internal::ProcessedTemplate processed =
      internal::ProcessTemplate(services_, ctx, internal::TemplateBodyOf(services_, ctx, in));
  const std::string body = processed.body;
  json::object tmpl = std::move(processed.tmpl);
  CheckStructure(tmpl);
  internal::CheckTransformsRunnable(tmpl, ctx.scope.account);
  if (in.contains("ResourceTypes")) {
    internal::CheckResourceTypes(tmpl, StringList(in, "ResourceTypes"));
  }
  CheckTypesRecognized(tmpl);
  internal::CheckCapabilities(processed.declared, StringList(in, "Capabilities"));
  if (const json::object* rollback = OptObject(in, "RollbackConfiguration")) {
    internal::CheckRollbackConfiguration(*rollback);
  }
  json::object policies = internal::WithStackPolicies(services_, ctx, in);
  if (!processed.original.empty()) policies["OriginalTemplateBody"] = processed.original;
  ResolvedParameters resolved = internal::ResolveRequestParameters(services_, ctx, tmpl, in);

  StackRecord stack;
  stack.name = name;
  stack.stack_id = core::Arn(ctx.scope, "cloudformation", "stack/" + name + "/" + rt_.ids.Uuid());
  stack.notification_arns = ArrayText(in, "NotificationARNs");
  // The plan checks the rules, conditions and dependencies now, so that the deployment starts
  // from a template that evaluates; the deployer then takes it over.
  StackFacts facts{.account_id = ctx.scope.account,
                   .region = ctx.scope.region,
                   .stack_name = name,
                   .stack_id = stack.stack_id,
                   .notification_arns = StringList(in, "NotificationARNs")};
  auto plan = std::make_unique<StackPlan>(tmpl, std::move(facts), resolved);
  const int64_t now = rt_.clock.NowMillis();
  stack.status = "CREATE_IN_PROGRESS";
  stack.status_reason = "User Initiated";
  stack.template_body = body;
  if (const json::value* description = tmpl.if_contains("Description");
      description && description->is_string()) {
    stack.description = std::string(description->get_string());
  }
  stack.parameters = ParametersToJson(resolved);
  stack.tags = ArrayText(in, "Tags");
  stack.capabilities = ArrayText(in, "Capabilities");
  if (in.contains("ResourceTypes")) stack.resource_types = ArrayText(in, "ResourceTypes");
  if (const json::object* rollback = OptObject(in, "RollbackConfiguration")) {
    stack.rollback_configuration = json::serialize(*rollback);
  }
  stack.options = OtherOptions(policies);
  stack.caller = Deployer::CallerToJson(ctx.caller);
  stack.disable_rollback = BoolOr(in, "DisableRollback", false);
  stack.on_failure = OptString(in, "OnFailure").value_or("ROLLBACK");
  stack.timeout_minutes = OptInt(in, "TimeoutInMinutes");
  if (stack.timeout_minutes) stack.deadline_millis = now + *stack.timeout_minutes * 60'000;
  stack.role_arn = OptString(in, "RoleARN").value_or("");
  stack.client_request_token = token.value_or("");
  stack.termination_protection = BoolOr(in, "EnableTerminationProtection", false);
  stack.retain_except_on_create = BoolOr(in, "RetainExceptOnCreate", false);
  stack.operation_type = "CREATE_STACK";
  stack.operation_id = rt_.ids.Uuid();
  stack.operation_token = stack.client_request_token;
  stack.created_millis = now;

  store::Transaction tx = stacks_.Begin();
  if (stacks_.FindLiveByName(tx, ctx.scope, name)) {  // created since the check above
    throw AwsError("AlreadyExistsException", "Stack [" + name + "] already exists");
  }
  stacks_.InsertStack(tx, ctx.scope, &stack);
  if (token) {
    stacks_.PutToken(tx, ctx.scope,
                     {.stack_name = name,
                      .token = *token,
                      .stack_id = stack.stack_id,
                      .operation = "CreateStack"});
  }
  stacks_.AddEvents(tx, stack,
                    {StackEvent(stack, stack.status, stack.status_reason, now, rt_.ids)});
  deployer_.Schedule(tx, stack);
  // Handed over before the commit, which the deployment's first step waits for.
  deployer_.Adopt(stack.operation_id, std::move(plan));
  tx.Commit();
  return json::object{{"StackId", stack.stack_id}, {"OperationId", stack.operation_id}};
}

json::value StackProvider::DeleteStack(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::optional<std::string> token = OptString(in, "ClientRequestToken");
  const std::vector<std::string> retain = StringList(in, "RetainResources");
  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> stack = Find(tx, ctx, name);
  // Deleting a stack that does not exist, or no longer does, succeeds and changes nothing.
  if (!stack || stack->status == "DELETE_COMPLETE" || stack->status == "DELETE_IN_PROGRESS") {
    return json::object();
  }
  if (token) {
    if (std::optional<TokenRecord> used = stacks_.FindToken(tx, ctx.scope, stack->name, *token)) {
      if (used->operation == "DeleteStack" && used->stack_id == stack->stack_id) {
        return json::object();  // a retry of the deletion under way or failed
      }
      ThrowTokenAlreadyExists(*token);
    }
    stacks_.PutToken(tx, ctx.scope,
                     {.stack_name = stack->name,
                      .token = *token,
                      .stack_id = stack->stack_id,
                      .operation = "DeleteStack"});
  }
  if (stack->termination_protection) {
    Invalid("Stack [" + stack->name + "] cannot be deleted while TerminationProtection is enabled");
  }
  // The deletion runs as the role it names, or as the one the stack keeps.
  internal::CheckRoleArn(ctx, services_, OptString(in, "RoleARN").value_or(stack->role_arn));
  const std::vector<ResourceRecord> resources = stacks_.Resources(tx, *stack);
  const bool force = OptString(in, "DeletionMode").value_or("STANDARD") == "FORCE_DELETE_STACK";
  json::array retained;
  if (!retain.empty() || force) {
    if (stack->status != "DELETE_FAILED" && !retain.empty()) {
      // The second sentence is quoted from AWS by users; the first is unverified.
      Invalid("Invalid operation on stack [" + stack->stack_id +
              "]. When you delete a stack, specify which resources to retain only when the "
              "stack is in the DELETE_FAILED state.");
    }
    if (stack->status != "DELETE_FAILED") {  // nimbus's wording
      Invalid("Invalid operation on stack [" + stack->stack_id +
              "]. The FORCE_DELETE_STACK deletion mode applies only to a stack in the "
              "DELETE_FAILED state.");
    }
    for (const std::string& id : retain) {
      const auto it = std::find_if(resources.begin(), resources.end(),
                                   [&](const ResourceRecord& r) { return r.logical_id == id; });
      if (it == resources.end() || it->status == "DELETE_COMPLETE") {  // quoted from AWS
        Invalid(
            "The specified resources to retain must be in a valid state. Do not specify "
            "resources that are in the DELETE_COMPLETE state.");
      }
      retained.emplace_back(id);
    }
    // FORCE_DELETE_STACK leaves behind what could not be deleted.
    for (const ResourceRecord& resource : resources) {
      if (force && resource.status == "DELETE_FAILED") retained.emplace_back(resource.logical_id);
    }
  }
  stack->operation_type = "DELETE_STACK";
  stack->operation_id = rt_.ids.Uuid();
  stack->operation_token = token.value_or("");
  stack->retain_resources = json::serialize(retained);
  if (const std::optional<std::string> mode = OptString(in, "DeletionMode")) {
    json::object options = json::parse(stack->options).as_object();
    options["DeletionMode"] = *mode;
    stack->options = json::serialize(options);
  }
  if (const std::optional<std::string> role = OptString(in, "RoleARN")) stack->role_arn = *role;
  const std::string previous = stack->status;
  SetStackStatus(stacks_, tx, *stack, "DELETE_IN_PROGRESS", "User Initiated", rt_.clock.NowMillis(),
                 rt_.ids);
  // A stack whose export another stack imports is not deleted: it goes back to its status at
  // once, with the reason (quoted from AWS by users: DELETE_IN_PROGRESS "User Initiated", then
  // UPDATE_COMPLETE "Export X cannot be deleted as it is in use by Y"; no DELETE_FAILED).
  if (const std::optional<std::string> in_use = deployer_.ExportInUse(tx, *stack)) {
    SetStackStatus(stacks_, tx, *stack, previous, *in_use, rt_.clock.NowMillis(), rt_.ids);
    tx.Commit();
    return json::object();
  }
  deployer_.MarkForDeletion(tx, *stack);
  deployer_.Schedule(tx, *stack);
  change_sets_.DeleteOfStack(tx, stack->stack_id, "");  // a stack's change sets go with it
  tx.Commit();
  return json::object();
}

json::value StackProvider::UpdateTerminationProtection(const RequestContext& ctx,
                                                       const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> stack = Find(tx, ctx, name);
  if (!stack) Invalid("Stack [" + name + "] does not exist");
  // "You can set termination protection on a stack with any status except DELETE_IN_PROGRESS or
  // DELETE_COMPLETE" (user guide, using-cfn-protect-stacks); the wording is the one AWS gives
  // for updates of a deleted stack.
  if (stack->status == "DELETE_IN_PROGRESS" || stack->status == "DELETE_COMPLETE") {
    Invalid("Stack:" + stack->stack_id + " is in " + stack->status +
            " state and can not be updated.");
  }
  stack->termination_protection = BoolOr(in, "EnableTerminationProtection", false);
  stacks_.UpdateStack(tx, *stack);
  tx.Commit();
  return json::object{{"StackId", stack->stack_id}};
}

}  // namespace nimbus::cloudformation
