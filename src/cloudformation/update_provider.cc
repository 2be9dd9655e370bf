// UpdateStack: a stack's new template, parameters and options checked as CreateStack checks them,
// the state to roll back to saved, and the update handed to the deployer
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_events.h"
#include "cloudformation/engine/stack_plan.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template/parse.h"
#include "cloudformation/template/structure.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

using internal::Invalid;

std::string ArrayText(const json::object& in, std::string_view member) {
  const json::array* list = OptArray(in, member);
  return json::serialize(list ? *list : json::array());
}

// The stack's options with this request's: a member given replaces the stored one, and the
// during-update policy lasts one update only.
std::string MergedOptions(std::string_view stored, const json::object& in) {
  json::object options = json::parse(stored.empty() ? "{}" : stored).as_object();
  options.erase("StackPolicyDuringUpdateBody");
  options.erase("StackPolicyDuringUpdateURL");
  for (std::string_view member :
       {"StackPolicyBody", "StackPolicyURL", "StackPolicyDuringUpdateBody",
        "StackPolicyDuringUpdateURL", "DeploymentConfig", "DisableValidation",
        "OriginalTemplateBody"}) {
    if (const json::value* value = in.if_contains(member)) options[member] = *value;
  }
  return json::serialize(options);
}

}  // namespace

json::value StackProvider::UpdateStack(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const std::optional<std::string> token = OptString(in, "ClientRequestToken");
  std::optional<StackRecord> current;
  {
    store::Transaction tx = stacks_.Read();
    current = Find(tx, ctx, name);
  }
  if (!current || current->status == "DELETE_COMPLETE") {
    if (current) {  // recorded from AWS: a deleted stack named by its id
      Invalid("Stack:" + current->stack_id +
              " is in DELETE_COMPLETE state and can not be updated.");
    }
    Invalid("Stack [" + name + "] does not exist");
  }
  // A retry of the request that started the update under way answers as that request did.
  if (token && current->operation_type == "UPDATE_STACK" && current->operation_token == *token) {
    return json::object{{"StackId", current->stack_id}, {"OperationId", current->operation_id}};
  }
  if (token) {
    store::Transaction tx = stacks_.Read();
    if (std::optional<TokenRecord> used = stacks_.FindToken(tx, ctx.scope, current->name, *token)) {
      // A retry of an earlier update of this stack starts nothing; the token of any other
      // request on this stack name (its creation, a deletion) is taken.
      if (used->operation == "UpdateStack" && used->stack_id == current->stack_id) {
        return json::object{{"StackId", current->stack_id}};
      }
      internal::ThrowTokenAlreadyExists(*token);
    }
  }
  if (!internal::Updatable(current->status)) {
    Invalid("Stack:" + current->stack_id + " is in " + current->status +
            " state and can not be updated.");
  }
  // The update runs as the role it names, or as the one the stack keeps.
  internal::CheckRoleArn(ctx, services_, OptString(in, "RoleARN").value_or(current->role_arn));

  // The template: the new one, or the stack's own.
  const bool use_previous = BoolOr(in, "UsePreviousTemplate", false);
  if (use_previous && (in.contains("TemplateBody") || in.contains("TemplateURL"))) {
    Invalid("You cannot specify both usePreviousTemplate and Template Body/Template Url.");
  }
  internal::ProcessedTemplate processed = internal::ProcessTemplate(
      services_, ctx,
      use_previous ? current->template_body : internal::TemplateBodyOf(services_, ctx, in));
  const std::string body = processed.body;
  json::object tmpl = std::move(processed.tmpl);
  CheckStructure(tmpl);
  if (in.contains("ResourceTypes")) {
    internal::CheckResourceTypes(tmpl, StringList(in, "ResourceTypes"));
  }
  CheckTypesRecognized(tmpl);
  internal::CheckCapabilities(processed.declared, StringList(in, "Capabilities"));
  if (const json::object* rollback = OptObject(in, "RollbackConfiguration")) {
    internal::CheckRollbackConfiguration(*rollback);
  }
  json::object policies = internal::WithStackPolicies(services_, ctx, in);
  // The previous template keeps the text it was given; a new one replaces it.
  if (!use_previous) policies["OriginalTemplateBody"] = processed.original;
  {
    store::Transaction tx = stacks_.Read();
    internal::CheckTypesKept(tmpl, stacks_.Resources(tx, *current));
  }

  const ResolvedParameters previous = ParametersFromJson(current->parameters);
  ResolvedParameters resolved =
      internal::ResolveRequestParameters(services_, ctx, tmpl, in, &previous);

  StackRecord stack = *current;
  stack.template_body = body;
  stack.description.clear();
  if (const json::value* description = tmpl.if_contains("Description");
      description && description->is_string()) {
    stack.description = std::string(description->get_string());
  }
  stack.parameters = ParametersToJson(resolved);
  // Tags and NotificationARNs stay as they are unless given ("If you don't specify this
  // parameter, CloudFormation doesn't modify the stack's tags").
  if (in.contains("Tags")) stack.tags = ArrayText(in, "Tags");
  if (in.contains("NotificationARNs")) stack.notification_arns = ArrayText(in, "NotificationARNs");

  // Nothing to do: the same template (as parsed: layout aside), parameters, tags and topics.
  if (ParseTemplate(current->template_body) == tmpl && stack.parameters == current->parameters &&
      stack.tags == current->tags && stack.notification_arns == current->notification_arns) {
    Invalid("No updates are to be performed.");  // recorded from AWS
  }

  std::vector<std::string> notification_arns;
  const json::value arns = json::parse(stack.notification_arns);
  for (const json::value& arn : arns.as_array()) {
    notification_arns.emplace_back(arn.as_string());
  }
  StackFacts facts{.account_id = ctx.scope.account,
                   .region = ctx.scope.region,
                   .stack_name = stack.name,
                   .stack_id = stack.stack_id,
                   .notification_arns = std::move(notification_arns)};
  auto plan = std::make_unique<StackPlan>(tmpl, std::move(facts), resolved);

  stack.capabilities = ArrayText(in, "Capabilities");
  stack.resource_types = in.contains("ResourceTypes") ? ArrayText(in, "ResourceTypes") : "";
  if (const json::object* rollback = OptObject(in, "RollbackConfiguration")) {
    stack.rollback_configuration = json::serialize(*rollback);
  }
  stack.options = MergedOptions(current->options, policies);
  stack.caller = Deployer::CallerToJson(ctx.caller);
  if (const std::optional<std::string> role = OptString(in, "RoleARN")) stack.role_arn = *role;
  stack.disable_rollback = BoolOr(in, "DisableRollback", false);
  stack.retain_except_on_create = BoolOr(in, "RetainExceptOnCreate", false);
  stack.operation_type = "UPDATE_STACK";
  stack.operation_id = rt_.ids.Uuid();
  stack.operation_token = token.value_or("");
  stack.retain_resources = "[]";
  stack.deadline_millis.reset();  // TimeoutInMinutes is CreateStack's
  const int64_t now = rt_.clock.NowMillis();
  stack.updated_millis = now;

  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> latest = stacks_.FindById(tx, ctx.scope, stack.stack_id);
  if (!latest || latest->operation_id != current->operation_id ||
      latest->status != current->status) {  // another operation started since the checks
    Invalid("Stack:" + stack.stack_id + " is in " + (latest ? latest->status : "DELETE_COMPLETE") +
            " state and can not be updated.");
  }
  stack.termination_protection = latest->termination_protection;
  if (token) {
    stacks_.PutToken(tx, ctx.scope,
                     {.stack_name = stack.name,
                      .token = *token,
                      .stack_id = stack.stack_id,
                      .operation = "UpdateStack"});
  }
  deployer_.SaveForUpdate(tx, *latest);
  SetStackStatus(stacks_, tx, stack, "UPDATE_IN_PROGRESS", "User Initiated", now, rt_.ids);
  deployer_.Schedule(tx, stack);
  deployer_.Adopt(stack.operation_id, std::move(plan));
  tx.Commit();
  return json::object{{"StackId", stack.stack_id}, {"OperationId", stack.operation_id}};
}

}  // namespace nimbus::cloudformation
