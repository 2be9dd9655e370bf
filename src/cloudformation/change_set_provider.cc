// CreateChangeSet and ExecuteChangeSet: a stack's next template checked as CreateStack and
// UpdateStack check it, the changes it would make described (engine/change_plan.h), and the
// deployment started from exactly what was described
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html).
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/change_plan.h"
#include "cloudformation/engine/stack_events.h"
#include "cloudformation/engine/stack_plan.h"
#include "cloudformation/stack_provider.h"
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
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;

namespace {

using internal::Invalid;

// Recorded from AWS.
constexpr std::string_view kNoChanges =
    "The submitted information didn't contain changes. Submit different information to create a "
    "change set.";

[[noreturn]] void ThrowNotUpdatable(const StackRecord& stack) {
  Invalid("Stack:" + stack.stack_id + " is in " + stack.status + " state and can not be updated.");
}

std::string ArrayText(const json::object& in, std::string_view member) {
  const json::array* list = OptArray(in, member);
  return json::serialize(list ? *list : json::array());
}

// The CreateChangeSet members the change set keeps as given, for DescribeChangeSet and for the
// stack that ExecuteChangeSet updates.
json::object KeptRequest(const json::object& in) {
  json::object kept;
  for (std::string_view member :
       {"Capabilities", "ResourceTypes", "RoleARN", "RollbackConfiguration", "NotificationARNs",
        "Tags", "IncludeNestedStacks", "OnStackFailure", "ImportExistingResources",
        "DeploymentMode", "DeploymentConfig", "DisableValidation", "UsePreviousTemplate"}) {
    if (const json::value* value = in.if_contains(member)) kept[member] = *value;
  }
  return kept;
}

std::string Description(const json::object& tmpl) {
  const json::value* description = tmpl.if_contains("Description");
  return description && description->is_string() ? std::string(description->get_string()) : "";
}

const json::object& ResourcesOf(const json::object& tmpl) {
  static const json::object kEmpty;
  const json::value* resources = tmpl.if_contains("Resources");
  return resources && resources->is_object() ? resources->get_object() : kEmpty;
}

json::object DefinitionOf(const json::object& tmpl, std::string_view logical_id) {
  const json::value* definition = ResourcesOf(tmpl).if_contains(logical_id);
  return definition && definition->is_object() ? definition->get_object() : json::object();
}

}  // namespace

json::array StackProvider::PlanChanges(const RequestContext& ctx, const StackRecord* stack,
                                       const StackPlan& plan, std::string* warning) {
  // What the update does to each resource, in creation order, so that a reference sees the fate
  // of the resource it names.
  enum class Fate { kAdd, kModify, kReplace, kKeep };
  std::map<std::string, Fate, std::less<>> fates;
  std::map<std::string, ResourceRecord, std::less<>> rows;
  json::object old_tmpl;
  if (stack) {
    store::Transaction tx = stacks_.Read();
    for (ResourceRecord& row : stacks_.Resources(tx, *stack)) {
      if (!row.physical_id.empty()) rows.emplace(row.logical_id, std::move(row));
    }
    if (!stack->template_body.empty()) old_tmpl = ParseTemplate(stack->template_body);
  }
  const std::string unknown(kKnownAfterApply);
  Lookups lookups;
  lookups.resource_ref = [&](std::string_view logical_id) -> json::value {
    auto fate = fates.find(logical_id);
    auto row = rows.find(logical_id);
    if (row == rows.end() || fate == fates.end() || fate->second == Fate::kAdd ||
        fate->second == Fate::kReplace) {
      return json::string(unknown);
    }
    const Resource* handler = resources_.Find(row->second.type);
    return handler ? handler->Ref(row->second.physical_id)
                   : json::value(json::string(row->second.physical_id));
  };
  lookups.resource_attribute = [&](std::string_view logical_id,
                                   std::string_view attribute) -> std::optional<json::value> {
    auto fate = fates.find(logical_id);
    auto row = rows.find(logical_id);
    if (row == rows.end() || fate == fates.end() || fate->second != Fate::kKeep) {
      return json::value(json::string(unknown));
    }
    // The values the deployer read and kept; another one is known only once read.
    const json::value attributes =
        json::parse(row->second.attributes.empty() ? "{}" : row->second.attributes);
    if (const json::value* known = attributes.as_object().if_contains(attribute)) return *known;
    return json::value(json::string(unknown));
  };
  lookups.import_value = [&](std::string_view name) -> std::optional<std::string> {
    store::Transaction tx = stacks_.Read();
    std::optional<ExportRecord> exported = stacks_.FindExport(tx, ctx.scope, name);
    if (!exported) return std::nullopt;
    return exported->value;
  };
  lookups.ssm_parameter = [&](const SsmReference& ref) -> std::optional<std::string> {
    const std::string name = ref.version ? ref.name + ":" + std::to_string(*ref.version) : ref.name;
    try {
      const json::value got = services_.Call(ctx, "ssm", "GetParameter",
                                             {{"Name", name}, {"WithDecryption", ref.secure}});
      return std::string(got.at("Parameter").at("Value").as_string());
    } catch (const AwsError& error) {
      if (error.code() == "ParameterNotFound" || error.code() == "ParameterVersionNotFound") {
        return std::nullopt;
      }
      throw;
    }
  };

  json::array changes;
  for (const PlannedResource& planned : plan.resources()) {
    ResourceSide after{.logical_id = planned.logical_id,
                       .type = planned.type,
                       .physical_id = "",
                       .properties = {},
                       .definition = DefinitionOf(plan.tmpl(), planned.logical_id)};
    bool resolved = true;
    try {
      after.properties = plan.Properties(planned.logical_id, lookups);
    } catch (const AwsError& error) {  // recorded from AWS
      resolved = false;
      if (warning->empty()) {
        *warning =
            "[WARN] --include-property-values option can return incomplete ChangeSet data "
            "because: ChangeSet creation failed for resource [" +
            planned.logical_id + "] because: " + error.what();
      }
    }
    auto row = rows.find(planned.logical_id);
    if (row == rows.end()) {
      fates[planned.logical_id] = Fate::kAdd;
      changes.push_back(ChangeOf(nullptr, &after, {}));
      continue;
    }
    const ResourceSide before{
        .logical_id = planned.logical_id,
        .type = row->second.type,
        .physical_id = row->second.physical_id,
        .properties =
            json::parse(row->second.properties.empty() ? "{}" : row->second.properties).as_object(),
        .definition = DefinitionOf(old_tmpl, planned.logical_id)};
    if (!resolved) after.properties = before.properties;
    const PropertyDiff diff =
        DiffProperties(schemas_.Find(planned.type), before.properties, after.properties);
    json::object change = ChangeOf(&before, &after, diff);
    if (change.empty()) {
      fates[planned.logical_id] = Fate::kKeep;
      continue;
    }
    fates[planned.logical_id] = diff.Replaces() ? Fate::kReplace : Fate::kModify;
    changes.push_back(std::move(change));
  }
  for (const auto& [logical_id, row] : rows) {
    if (plan.Find(logical_id)) continue;
    const ResourceSide before{
        .logical_id = logical_id,
        .type = row.type,
        .physical_id = row.physical_id,
        .properties = json::parse(row.properties.empty() ? "{}" : row.properties).as_object(),
        .definition = DefinitionOf(old_tmpl, logical_id)};
    changes.push_back(ChangeOf(&before, nullptr, {}));
  }
  return changes;
}

json::value StackProvider::CreateChangeSet(const RequestContext& ctx, const json::object& in) {
  const std::string stack_name = RequiredString(in, "StackName");
  const std::string name = RequiredString(in, "ChangeSetName");
  const std::string type = OptString(in, "ChangeSetType").value_or("UPDATE");
  if (type == "IMPORT") {
    Invalid(
        "ChangeSetType IMPORT is not supported by nimbus: importing existing resources into a "
        "stack is not emulated. Use CREATE or UPDATE.");
  }
  const std::optional<std::string> token = OptString(in, "ClientToken");

  // The stack: a live one by name, any by id.
  std::optional<StackRecord> stack;
  {
    store::Transaction tx = stacks_.Read();
    stack = Find(tx, ctx, stack_name);
    if (stack && token) {  // a retry of the request that created this change set
      store::Transaction cs_tx = change_sets_.Read();
      if (std::optional<ChangeSetRecord> done =
              change_sets_.FindByToken(cs_tx, stack->stack_id, *token);
          done && done->name == name) {
        return json::object{{"Id", done->change_set_id}, {"StackId", done->stack_id}};
      }
    }
  }
  const bool is_arn = core::StartsWith(stack_name, "arn:");
  if (type == "CREATE") {
    if (stack && (is_arn || stack->status != "REVIEW_IN_PROGRESS")) {  // recorded from AWS
      Invalid("Stack [" + stack_name +
              "] already exists and cannot be created again with the "
              "changeSet [" +
              name + "].");
    }
    if (!stack) internal::CheckStackName(stack_name);
  } else {
    if (!stack) Invalid("Stack [" + stack_name + "] does not exist");
    if (!internal::Updatable(stack->status)) ThrowNotUpdatable(*stack);
  }
  // The change set runs as the role it names, or as the one the stack keeps.
  internal::CheckRoleArn(ctx, services_,
                         OptString(in, "RoleARN").value_or(stack ? stack->role_arn : ""));
  if (stack) {
    store::Transaction tx = change_sets_.Read();
    if (change_sets_.FindByName(tx, stack->stack_id, name)) {  // unverified wording
      throw AwsError("AlreadyExistsException", "ChangeSet [" + name + "] already exists");
    }
  }

  // Everything CreateStack and UpdateStack check.
  const bool use_previous = BoolOr(in, "UsePreviousTemplate", false);
  if (use_previous && (in.contains("TemplateBody") || in.contains("TemplateURL"))) {
    Invalid("You cannot specify both usePreviousTemplate and Template Body/Template Url.");
  }
  if (use_previous && type == "CREATE") {  // unverified wording
    Invalid("UsePreviousTemplate can only be used with a ChangeSetType of UPDATE.");
  }
  internal::ProcessedTemplate processed = internal::ProcessTemplate(
      services_, ctx,
      use_previous ? stack->template_body : internal::TemplateBodyOf(services_, ctx, in));
  const std::string body = processed.body;
  json::object tmpl = std::move(processed.tmpl);
  CheckStructure(tmpl);
  internal::CheckTransformsRunnable(tmpl, ctx.scope.account);
  if (in.contains("ResourceTypes")) {
    internal::CheckResourceTypes(tmpl, StringList(in, "ResourceTypes"));
  }
  CheckTypesRecognized(tmpl);
  if (type == "UPDATE") {
    store::Transaction tx = stacks_.Read();
    internal::CheckTypesKept(tmpl, stacks_.Resources(tx, *stack));
  }
  internal::CheckCapabilities(processed.declared, StringList(in, "Capabilities"));
  if (const json::object* rollback = OptObject(in, "RollbackConfiguration")) {
    internal::CheckRollbackConfiguration(*rollback);
  }
  const ResolvedParameters previous =
      type == "UPDATE" ? ParametersFromJson(stack->parameters) : ResolvedParameters();
  ResolvedParameters resolved = internal::ResolveRequestParameters(
      services_, ctx, tmpl, in, type == "UPDATE" ? &previous : nullptr);

  const std::string stack_id =
      stack ? stack->stack_id
            : core::Arn(ctx.scope, "cloudformation", "stack/" + stack_name + "/" + rt_.ids.Uuid());
  const std::string real_name = stack ? stack->name : stack_name;
  std::vector<std::string> notification_arns = StringList(in, "NotificationARNs");
  if (stack && !in.contains("NotificationARNs")) {
    const json::value arns = json::parse(stack->notification_arns);
    for (const json::value& arn : arns.as_array()) {
      notification_arns.emplace_back(arn.as_string());
    }
  }
  StackFacts facts{.account_id = ctx.scope.account,
                   .region = ctx.scope.region,
                   .stack_name = real_name,
                   .stack_id = stack_id,
                   .notification_arns = std::move(notification_arns)};
  const StackPlan plan(tmpl, std::move(facts), resolved);

  ChangeSetRecord record;
  record.change_set_id =
      core::Arn(ctx.scope, "cloudformation", "changeSet/" + name + "/" + rt_.ids.Uuid());
  record.name = name;
  record.stack_id = stack_id;
  record.stack_name = real_name;
  record.type = type;
  record.description = OptString(in, "Description").value_or("");
  record.template_body = body;
  record.parameters = ParametersToJson(resolved);
  json::object kept = KeptRequest(in);
  if (!use_previous) kept["OriginalTemplateBody"] = processed.original;
  record.request = json::serialize(kept);
  record.client_token = token.value_or("");
  record.created_millis = rt_.clock.NowMillis();
  std::string warning;
  const json::array changes =
      PlanChanges(ctx, type == "UPDATE" ? &*stack : nullptr, plan, &warning);
  record.changes = json::serialize(changes);
  record.final_status = "CREATE_COMPLETE";
  record.final_reason = warning;
  // Nothing to do: the same template (layout aside), parameters, tags and topics (as UpdateStack
  // decides "No updates are to be performed.").
  if (type == "UPDATE" && changes.empty() && ParseTemplate(stack->template_body) == tmpl &&
      record.parameters == stack->parameters &&
      (!in.contains("Tags") || ArrayText(in, "Tags") == stack->tags) &&
      (!in.contains("NotificationARNs") ||
       ArrayText(in, "NotificationARNs") == stack->notification_arns)) {
    record.final_status = "FAILED";
    record.final_reason = std::string(kNoChanges);
  }
  const bool stepwise = rt_.options.async_delay_millis > 0;
  record.status = stepwise ? "CREATE_PENDING" : record.final_status;
  record.status_reason = stepwise ? "" : record.final_reason;

  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> latest = Find(tx, ctx, stack_id);
  if (!stack) {
    if (stacks_.FindLiveByName(tx, ctx.scope, stack_name)) {  // created since the checks
      Invalid("Stack [" + stack_name +
              "] already exists and cannot be created again with the "
              "changeSet [" +
              name + "].");
    }
    // The stack waits for the change set's execution, without resources.
    StackRecord created;
    created.name = stack_name;
    created.stack_id = stack_id;
    created.status = "REVIEW_IN_PROGRESS";
    created.status_reason = "User Initiated";
    created.caller = Deployer::CallerToJson(ctx.caller);
    created.operation_type = "CREATE_CHANGE_SET";
    created.operation_id = rt_.ids.Uuid();
    created.created_millis = record.created_millis;
    stacks_.InsertStack(tx, ctx.scope, &created);
    record.base_operation_id = created.operation_id;
    stacks_.AddEvents(tx, created,
                      {StackEvent(created, created.status, created.status_reason,
                                  record.created_millis, rt_.ids)});
  } else if (!latest || latest->status != stack->status) {  // another operation started
    ThrowNotUpdatable(latest ? *latest : *stack);
  } else {
    record.base_operation_id = latest->operation_id;
  }
  change_sets_.Insert(tx, ctx.scope, &record);
  if (stepwise) {
    rt_.scheduler.Schedule(tx, kChangeSetTask, record.change_set_id,
                           rt_.options.async_delay_millis);
  }
  tx.Commit();
  return json::object{{"Id", record.change_set_id}, {"StackId", stack_id}};
}

void StackProvider::AdvanceChangeSet(std::string_view change_set_id) {
  store::Transaction tx = change_sets_.Begin();
  std::optional<ChangeSetRecord> record = change_sets_.FindAnywhere(tx, change_set_id);
  if (!record || record->status == record->final_status) return;
  if (record->status == "CREATE_PENDING") {
    record->status = "CREATE_IN_PROGRESS";
    rt_.scheduler.Schedule(tx, kChangeSetTask, record->change_set_id,
                           rt_.options.async_delay_millis);
  } else {
    record->status = record->final_status;
    record->status_reason = record->final_reason;
  }
  change_sets_.Update(tx, *record);
  tx.Commit();
}

json::value StackProvider::ExecuteChangeSet(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> token = OptString(in, "ClientRequestToken");
  ChangeSetRecord record;
  StackRecord stack;
  {
    store::Transaction tx = stacks_.Read();
    record = FindChangeSet(tx, ctx, in);
    stack = FindOrThrow(tx, ctx, record.stack_id);
  }
  // A retry of the request that executed it answers as that request did.
  if (!record.operation_id.empty() && token && stack.operation_id == record.operation_id &&
      stack.operation_token == *token) {
    return json::object();
  }
  const std::string execution = ExecutionStatus(record, stack);
  if (execution != "AVAILABLE") {  // recorded from AWS for FAILED
    throw AwsError("InvalidChangeSetStatus",
                   "ChangeSet [" + record.change_set_id +
                       "] cannot be executed in its current status of [" +
                       (record.status == "CREATE_COMPLETE" ? execution : record.status) + "]");
  }
  if (record.type == "UPDATE" && !internal::Updatable(stack.status)) ThrowNotUpdatable(stack);
  if (record.type == "CREATE" && stack.status != "REVIEW_IN_PROGRESS") ThrowNotUpdatable(stack);

  const json::object request = json::parse(record.request).as_object();
  const json::object tmpl = ParseTemplate(record.template_body);
  StackRecord next = stack;
  next.template_body = record.template_body;
  next.description = Description(tmpl);
  next.parameters = record.parameters;
  if (record.type == "CREATE" || request.contains("Tags")) next.tags = ArrayText(request, "Tags");
  if (record.type == "CREATE" || request.contains("NotificationARNs")) {
    next.notification_arns = ArrayText(request, "NotificationARNs");
  }
  next.capabilities = ArrayText(request, "Capabilities");
  next.resource_types =
      request.contains("ResourceTypes") ? ArrayText(request, "ResourceTypes") : "";
  if (const json::object* rollback = OptObject(request, "RollbackConfiguration")) {
    next.rollback_configuration = json::serialize(*rollback);
  }
  json::object options = json::parse(next.options.empty() ? "{}" : next.options).as_object();
  options.erase("StackPolicyDuringUpdateBody");
  options.erase("StackPolicyDuringUpdateURL");
  for (std::string_view member :
       {"DeploymentConfig", "DisableValidation", "OriginalTemplateBody"}) {
    if (const json::value* value = request.if_contains(member)) options[member] = *value;
  }
  next.options = json::serialize(options);
  next.caller = Deployer::CallerToJson(ctx.caller);
  if (const std::optional<std::string> role = OptString(request, "RoleARN")) next.role_arn = *role;
  const std::string on_failure = OptString(request, "OnStackFailure").value_or("ROLLBACK");
  next.disable_rollback = BoolOr(in, "DisableRollback", false) || on_failure == "DO_NOTHING";
  next.on_failure = on_failure;
  next.retain_except_on_create = BoolOr(in, "RetainExceptOnCreate", false);
  next.operation_id = rt_.ids.Uuid();
  next.operation_token = token.value_or("");
  next.retain_resources = "[]";
  next.deadline_millis.reset();
  const int64_t now = rt_.clock.NowMillis();

  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> latest = stacks_.FindById(tx, ctx.scope, stack.stack_id);
  if (!latest || latest->operation_id != stack.operation_id || latest->status != stack.status) {
    ThrowNotUpdatable(latest ? *latest : stack);  // another operation started since the checks
  }
  next.termination_protection = latest->termination_protection;
  if (token) {
    if (stacks_.FindToken(tx, ctx.scope, stack.name, *token)) {
      throw AwsError("TokenAlreadyExistsException",
                     "The client request token " + *token +
                         " has already been used for this stack. Retry the request with a "
                         "different client request token");
    }
    stacks_.PutToken(tx, ctx.scope,
                     {.stack_name = stack.name,
                      .token = *token,
                      .stack_id = stack.stack_id,
                      .operation = "ExecuteChangeSet"});
  }
  if (record.type == "CREATE") {
    next.operation_type = "CREATE_STACK";
    next.client_request_token = token.value_or("");
    SetStackStatus(stacks_, tx, next, "CREATE_IN_PROGRESS", "User Initiated", now, rt_.ids);
  } else {
    next.operation_type = "UPDATE_STACK";
    next.updated_millis = now;
    deployer_.SaveForUpdate(tx, *latest);
    SetStackStatus(stacks_, tx, next, "UPDATE_IN_PROGRESS", "User Initiated", now, rt_.ids);
  }
  deployer_.Schedule(tx, next);
  // AWS deletes the stack's other change sets once one is executed.
  record.operation_id = next.operation_id;
  change_sets_.Update(tx, record);
  change_sets_.DeleteOfStack(tx, stack.stack_id, record.change_set_id);
  tx.Commit();
  return json::object();
}

}  // namespace nimbus::cloudformation
