#include "cloudformation/stack_set_provider.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_set_schedule.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/stack_set_dependencies.h"
#include "cloudformation/stack_set_import.h"
#include "cloudformation/template/structure.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::BoolOr;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using core::protocol::StringList;
using internal::Invalid;

namespace {

constexpr std::string_view kAdministrationRole = "AWSCloudFormationStackSetAdministrationRole";
constexpr std::string_view kExecutionRole = "AWSCloudFormationStackSetExecutionRole";

json::value Parsed(std::string_view text, json::value fallback) {
  if (text.empty()) return fallback;
  return json::parse(text);
}

std::string ArrayText(const json::object& in, std::string_view member) {
  const json::array* list = OptArray(in, member);
  return json::serialize(list ? *list : json::array());
}

// StackSetName as the model's StackSetNameOrId pattern has it (StackSetName has none), worded
// as the model validation words a pattern.
void CheckSetName(std::string_view name) {
  bool valid = !name.empty() && name.size() <= 128 && std::isalpha(static_cast<uint8_t>(name[0]));
  for (char c : name) valid = valid && (std::isalnum(static_cast<uint8_t>(c)) || c == '-');
  if (!valid) {
    Invalid("1 validation error detected: Value '" + std::string(name) +
            "' at 'stackSetName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
  }
}

// The template of a request, checked as CreateStack checks one before a stack exists. Its
// capabilities are not: the model lists no InsufficientCapabilitiesException for the stack set
// operations, so an instance's stack refuses a template that needs more (its reason says so).
std::string CheckedTemplate(const core::ServiceClient& services, const RequestContext& ctx,
                            const json::object& in) {
  internal::ProcessedTemplate processed =
      internal::ProcessTemplate(services, ctx, internal::TemplateBodyOf(services, ctx, in));
  CheckStructure(processed.tmpl);
  return processed.body;
}

}  // namespace

StackSetProvider::StackSetProvider(Runtime& rt, const core::ServiceClient& services,
                                   const DriftDetector& drift)
    : rt_(rt),
      services_(services),
      sets_(rt.db),
      drift_(rt, drift),
      runner_(rt, services, sets_, drift_) {
  Register("CreateStackSet", &StackSetProvider::CreateStackSet);
  Register("DescribeStackSet", &StackSetProvider::DescribeStackSet);
  Register("ListStackSets", &StackSetProvider::ListStackSets);
  Register("UpdateStackSet", &StackSetProvider::UpdateStackSet);
  Register("DeleteStackSet", &StackSetProvider::DeleteStackSet);
  Register("CreateStackInstances", &StackSetProvider::CreateStackInstances);
  Register("UpdateStackInstances", &StackSetProvider::UpdateStackInstances);
  Register("DeleteStackInstances", &StackSetProvider::DeleteStackInstances);
  Register("DescribeStackInstance", &StackSetProvider::DescribeStackInstance);
  Register("ListStackInstances", &StackSetProvider::ListStackInstances);
  Register("DescribeStackSetOperation", &StackSetProvider::DescribeStackSetOperation);
  Register("ListStackSetOperations", &StackSetProvider::ListStackSetOperations);
  Register("ListStackSetOperationResults", &StackSetProvider::ListStackSetOperationResults);
  Register("StopStackSetOperation", &StackSetProvider::StopStackSetOperation);
  Register("DetectStackSetDrift", &StackSetProvider::DetectStackSetDrift);
  Register("ListStackInstanceResourceDrifts", &StackSetProvider::ListStackInstanceResourceDrifts);
  Register("ImportStacksToStackSet", &StackSetProvider::ImportStacksToStackSet);

  Register("ListStackSetAutoDeploymentTargets",
           &StackSetProvider::ListStackSetAutoDeploymentTargets);
  rt_.scheduler.Register(std::string(kAutoDeployTask),
                         [this](const store::Task& task) { AutoDeploy(task); });
}

std::string StackSetProvider::ArnOf(const StackSetRecord& set) {
  return core::Arn(set.scope, "cloudformation", "stackset/" + set.stack_set_id);
}

StackSetRecord StackSetProvider::FindSet(store::Transaction& tx, const RequestContext& ctx,
                                         std::string_view name_or_id) {
  std::optional<StackSetRecord> set = name_or_id.find(':') != std::string_view::npos
                                          ? sets_.FindSetById(tx, &ctx.scope, name_or_id)
                                          : sets_.FindSetByName(tx, ctx.scope, name_or_id);
  // A delegated administrator reaches the management account's service-managed sets only.
  if (set && ctx.caller.account != set->scope.account &&
      set->permission_model != "SERVICE_MANAGED") {
    set.reset();
  }
  if (!set) {
    // AWS's wording (recorded for CreateStackInstances, by name and by id).
    throw AwsError("StackSetNotFoundException",
                   "StackSet " + std::string(name_or_id) + " not found");
  }
  return std::move(*set);
}

json::value StackSetProvider::CreateStackSet(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackSetName");
  CheckSetName(name);
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const std::optional<std::string> from_stack = OptString(in, "StackId");
  if (from_stack && (in.contains("TemplateBody") || in.contains("TemplateURL"))) {
    Invalid("Specify only one of TemplateBody, TemplateURL or StackId.");  // nimbus's wording
  }
  const std::optional<std::string> token = OptString(in, "ClientRequestToken");
  {
    store::Transaction tx = sets_.Read();
    if (std::optional<StackSetRecord> live = sets_.FindSetByName(tx, sets_ctx.scope, name)) {
      // A retry of the request that created it answers as that request did.
      if (token && live->client_token == *token) {
        return json::object{{"StackSetId", live->stack_set_id}};
      }
      throw AwsError("NameAlreadyExistsException", "StackSet " + name + " already exists");
    }
  }
  StackSetRecord set;
  set.name = name;
  set.stack_set_id = name + ":" + rt_.ids.Uuid();
  set.scope = sets_ctx.scope;
  set.capabilities = ArrayText(in, "Capabilities");
  // StackId: the template of that stack (stack_set_import.h), to import it into the new set.
  set.template_body = from_stack ? ImportedStackTemplate(services_, *from_stack)
                                 : CheckedTemplate(services_, ctx, in);
  set.description = OptString(in, "Description").value_or("");
  set.parameters = ArrayText(in, "Parameters");
  set.tags = ArrayText(in, "Tags");
  set.admin_role_arn =
      OptString(in, "AdministrationRoleARN")
          .value_or(core::GlobalArn(ctx.scope, "iam", "role/" + std::string(kAdministrationRole)));
  set.execution_role_name =
      OptString(in, "ExecutionRoleName").value_or(std::string(kExecutionRole));
  const json::object* managed = OptObject(in, "ManagedExecution");
  set.managed_execution = json::serialize(
      json::object{{"Active", managed ? BoolOr(*managed, "Active", false) : false}});
  set.client_token = token.value_or("");
  set.created_millis = rt_.clock.NowMillis();
  ApplyPermissionModel(ctx, in, &set);
  store::Transaction tx = sets_.Begin();
  if (sets_.FindSetByName(tx, sets_ctx.scope, name)) {
    throw AwsError("NameAlreadyExistsException", "StackSet " + name + " already exists");
  }
  CheckDependsOn(set, sets_.ServiceManagedSets(tx, set.scope.account));
  sets_.InsertSet(tx, &set);
  tx.Commit();
  return json::object{{"StackSetId", set.stack_set_id}};
}

json::value StackSetProvider::DescribeStackSet(const RequestContext& ctx, const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  store::Transaction tx = sets_.Read();
  const StackSetRecord set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  json::object out{{"StackSetName", set.name}, {"StackSetId", set.stack_set_id}};
  if (!set.description.empty()) out["Description"] = set.description;
  out["Status"] = set.status;
  out["TemplateBody"] = set.template_body;
  out["Parameters"] = Parsed(set.parameters, json::array());
  out["Capabilities"] = Parsed(set.capabilities, json::array());
  out["Tags"] = Parsed(set.tags, json::array());
  out["StackSetARN"] = ArnOf(set);
  // A service-managed set has neither (service-linked roles deploy it).
  if (!set.admin_role_arn.empty()) out["AdministrationRoleARN"] = set.admin_role_arn;
  if (!set.execution_role_name.empty()) out["ExecutionRoleName"] = set.execution_role_name;
  out["StackSetDriftDetectionDetails"] = SetDrift(tx, set).Shape();
  OrganizationMembers(set, false, &out);
  out["PermissionModel"] = set.permission_model;
  out["ManagedExecution"] = Parsed(set.managed_execution, json::object());
  json::array regions;
  for (const std::string& region : sets_.InstanceRegions(tx, set.stack_set_id)) {
    regions.push_back(json::value(region));
  }
  out["Regions"] = std::move(regions);
  return json::object{{"StackSet", std::move(out)}};
}

json::value StackSetProvider::ListStackSets(const RequestContext& ctx, const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  const int64_t after = internal::ReadPosition(in, "ListStackSets");
  const int64_t limit = IntOr(in, "MaxResults", 100);
  // A delegated administrator lists the management account's service-managed sets only.
  const bool delegated = sets_ctx.scope.account != ctx.caller.account;
  store::Transaction tx = sets_.Read();
  std::vector<StackSetRecord> sets = sets_.ListSets(
      tx, sets_ctx.scope, OptString(in, "Status").value_or(""), after, delegated ? -1 : limit + 1);
  if (delegated) {
    std::erase_if(
        sets, [](const StackSetRecord& set) { return set.permission_model != "SERVICE_MANAGED"; });
    if (static_cast<int64_t>(sets.size()) > limit + 1) sets.resize(limit + 1);
  }
  json::array summaries;
  for (size_t i = 0; i < sets.size() && static_cast<int64_t>(i) < limit; ++i) {
    const StackSetRecord& set = sets[i];
    json::object summary{{"StackSetName", set.name}, {"StackSetId", set.stack_set_id}};
    if (!set.description.empty()) summary["Description"] = set.description;
    summary["Status"] = set.status;
    OrganizationMembers(set, true, &summary);
    summary["PermissionModel"] = set.permission_model;
    const SetDriftDetails drift = SetDrift(tx, set);
    summary["DriftStatus"] = drift.drift_status;
    if (drift.last_check_millis) {
      summary["LastDriftCheckTimestamp"] = core::EpochSeconds(*drift.last_check_millis);
    }
    summary["ManagedExecution"] = Parsed(set.managed_execution, json::object());
    summaries.push_back(std::move(summary));
  }
  json::object out{{"Summaries", std::move(summaries)}};
  if (static_cast<int64_t>(sets.size()) > limit) {
    internal::SetNextToken(out, "ListStackSets", sets[static_cast<size_t>(limit) - 1].seq);
  }
  return out;
}

json::value StackSetProvider::UpdateStackSet(const RequestContext& ctx, const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  StackSetRecord set;
  {
    store::Transaction tx = sets_.Read();
    set = FindSet(tx, sets_ctx, RequiredString(in, "StackSetName"));
  }
  UpdateAutoDeployment(in, &set);
  if (in.contains("Capabilities")) set.capabilities = ArrayText(in, "Capabilities");
  if (BoolOr(in, "UsePreviousTemplate", false)) {
    if (in.contains("TemplateBody") || in.contains("TemplateURL")) {
      Invalid("You cannot specify both usePreviousTemplate and Template Body/Template Url");
    }
  } else {
    set.template_body = CheckedTemplate(services_, ctx, in);
  }
  if (const json::array* parameters = OptArray(in, "Parameters")) {
    // UsePreviousValue takes the set's value of that key.
    const json::array previous = Parsed(set.parameters, json::array()).as_array();
    json::array next;
    for (const json::value& item : *parameters) {
      const json::object& parameter = item.as_object();
      if (!BoolOr(parameter, "UsePreviousValue", false)) {
        next.push_back(item);
        continue;
      }
      const std::string key = RequiredString(parameter, "ParameterKey");
      for (const json::value& old : previous) {
        if (OptString(old.as_object(), "ParameterKey").value_or("") == key) next.push_back(old);
      }
    }
    set.parameters = json::serialize(next);
  }
  if (in.contains("Tags")) set.tags = ArrayText(in, "Tags");
  if (const std::optional<std::string> text = OptString(in, "Description")) {
    set.description = *text;
  }
  if (const std::optional<std::string> arn = OptString(in, "AdministrationRoleARN")) {
    set.admin_role_arn = *arn;
  }
  if (const std::optional<std::string> name = OptString(in, "ExecutionRoleName")) {
    set.execution_role_name = *name;
  }
  if (const json::object* managed = OptObject(in, "ManagedExecution")) {
    set.managed_execution =
        json::serialize(json::object{{"Active", BoolOr(*managed, "Active", false)}});
  }
  // Every instance, or those of Accounts x Regions, each of which must be one (for
  // DeploymentTargets: the instances of their accounts in Regions).
  OperationRequest request{.action = "UPDATE"};
  const bool targeted = in.contains("DeploymentTargets");
  if (targeted) ReadTargets(ctx, in, set, TargetsUse::kOther, &request);
  store::Transaction tx = sets_.Begin();
  if (in.contains("AutoDeployment")) {
    CheckDependsOn(set, sets_.ServiceManagedSets(tx, set.scope.account));
  }
  const std::vector<std::string> accounts = StringList(in, "Accounts");
  const std::vector<std::string> regions = StringList(in, "Regions");
  if (targeted) {
    request.regions = regions;
    for (const std::string& account : request.accounts) {
      for (const std::string& region : regions) {
        if (sets_.FindInstance(tx, set.stack_set_id, account, region)) {
          request.only.emplace_back(account, region);
        }
      }
    }
    if (request.only.empty()) request.accounts.clear();
  } else if (!accounts.empty() || !regions.empty()) {
    request.accounts = accounts;
    request.regions = regions;
    for (const std::string& account : accounts) {
      for (const std::string& region : regions) {
        if (!sets_.FindInstance(tx, set.stack_set_id, account, region)) {
          ThrowInstanceNotFound(set, account, region);
        }
        request.only.emplace_back(account, region);
      }
    }
  } else {
    std::vector<StackInstanceRecord> instances =
        sets_.ListInstances(tx, set.stack_set_id, "", "", 0, -1);
    // API reference (StackInstance): INOPERABLE instances "are excluded from further
    // UpdateStackSet operations".
    std::erase_if(instances, [](const StackInstanceRecord& instance) {
      return instance.status == "INOPERABLE";
    });
    TargetEveryInstance(instances, &request);
  }
  const std::string operation_id = BeginOperation(tx, set, in, request);
  sets_.UpdateSet(tx, set);
  sets_.UpdateOrganizationTargets(tx, set);
  tx.Commit();
  return json::object{{"OperationId", operation_id}};
}

json::value StackSetProvider::DeleteStackSet(const RequestContext& ctx, const json::object& in) {
  const RequestContext sets_ctx = SetsContext(ctx, in);
  store::Transaction tx = sets_.Begin();
  const std::string name = RequiredString(in, "StackSetName");
  // An unknown or deleted set: nothing to do, as DeleteStack answers (the model lists no
  // StackSetNotFoundException for DeleteStackSet).
  const std::optional<StackSetRecord> found = name.find(':') != std::string::npos
                                                  ? sets_.FindSetById(tx, &sets_ctx.scope, name)
                                                  : sets_.FindSetByName(tx, sets_ctx.scope, name);
  if (!found || found->status == "DELETED") return json::object();
  if (ctx.caller.account != found->scope.account && found->permission_model != "SERVICE_MANAGED") {
    return json::object();
  }
  StackSetRecord set = *found;
  if (sets_.ActiveOperation(tx, set.stack_set_id)) ThrowInProgress(set);
  if (sets_.CountInstances(tx, set.stack_set_id) > 0) {
    throw AwsError("StackSetNotEmptyException", "StackSet is not empty");
  }
  set.status = "DELETED";
  sets_.UpdateSet(tx, set);
  tx.Commit();
  return json::object();
}

void StackSetProvider::ThrowInProgress(const StackSetRecord& set) {
  // AWS's wording, quoted from AWS by users.
  throw AwsError("OperationInProgressException",
                 "Another Operation on StackSet " + ArnOf(set) + " is in progress");
}

void StackSetProvider::ThrowInstanceNotFound(const StackSetRecord& set, std::string_view account,
                                             std::string_view region) {
  // nimbus's wording: AWS's is not recorded.
  throw AwsError("StackInstanceNotFoundException", "Stack instance [" + std::string(account) +
                                                       ", " + std::string(region) +
                                                       "] not found in StackSet " + set.name);
}

}  // namespace nimbus::cloudformation
