#include "cloudformation/engine/stack_set_runner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>

#include "cloudformation/stack_set_dependencies.h"
#include "cloudformation/stack_set_import.h"
#include "cloudformation/stack_set_suspended.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

// How long a step that found every running stack still at work waits before it looks again.
constexpr int64_t kPollMillis = 5;

// Worded as the instances of a stopped operation and of one beyond its failure tolerance show
// their reason on AWS (the second quoted from AWS by users; the first nimbus's).
constexpr std::string_view kStoppedReason = "Cancelled since operation was stopped";
constexpr std::string_view kToleranceReason = "Cancelled since failure tolerance has exceeded";

json::value ParseOr(std::string_view text, json::value fallback) {
  if (text.empty()) return fallback;
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  return error ? fallback : value;
}

std::string Member(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

bool Names(const json::value* value, const std::vector<std::string>& wanted) {
  if (!value) return false;
  const json::array list = value->is_array() ? value->get_array() : json::array{*value};
  for (const json::value& item : list) {
    if (!item.is_string()) continue;
    if (std::find(wanted.begin(), wanted.end(), std::string(item.get_string())) != wanted.end()) {
      return true;
    }
  }
  return false;
}

// Whether the trust policy (URL-encoded, as IAM returns it) lets `principals` assume the role.
// Deny statements and conditions are not evaluated, as for a stack's service role.
bool Trusts(std::string_view encoded, const std::vector<std::string>& principals) {
  std::string text;
  if (!core::UrlDecode(encoded, &text, false)) return false;
  const json::value policy = ParseOr(text, json::object());
  const json::object* root = policy.if_object();
  const json::value* statements = root ? root->if_contains("Statement") : nullptr;
  if (!statements) return false;
  const json::array list =
      statements->is_array() ? statements->get_array() : json::array{*statements};
  for (const json::value& entry : list) {
    const json::object* statement = entry.if_object();
    if (!statement || !Names(statement->if_contains("Effect"), {"Allow"})) continue;
    if (!Names(statement->if_contains("Action"), {"sts:AssumeRole", "sts:*", "*"})) continue;
    const json::value* principal = statement->if_contains("Principal");
    if (Names(principal, {"*"})) return true;
    const json::object* by_kind = principal ? principal->if_object() : nullptr;
    if (by_kind && Names(by_kind->if_contains("AWS"), principals)) return true;
  }
  return false;
}

core::Caller AccountRoot(std::string_view account, std::string_view region) {
  const core::Scope scope{.account = std::string(account), .region = std::string(region)};
  return core::Caller{.access_key_id = "",
                      .account = scope.account,
                      .arn = core::GlobalArn(scope, "iam", "root"),
                      .user_id = scope.account};
}

// The set's Parameters with the instance's overrides in place of their keys' values.
json::array StackParameters(const StackSetRecord& set, const StackInstanceRecord& instance) {
  json::array parameters = ParseOr(set.parameters, json::array()).as_array();
  const json::array overrides = ParseOr(instance.parameter_overrides, json::array()).as_array();
  for (const json::value& item : overrides) {
    const std::string key = Member(item.as_object(), "ParameterKey");
    auto same = std::find_if(parameters.begin(), parameters.end(), [&key](const json::value& p) {
      return Member(p.as_object(), "ParameterKey") == key;
    });
    if (same != parameters.end()) {
      *same = item;
    } else {
      parameters.push_back(item);
    }
  }
  return parameters;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool InProgress(std::string_view status) { return EndsWith(status, "_IN_PROGRESS"); }

TargetState StateOf(std::string_view status) {
  if (status == "RUNNING") return TargetState::kRunning;
  if (status == "SUCCEEDED") return TargetState::kSucceeded;
  if (status == "FAILED") return TargetState::kFailed;
  if (status == "CANCELLED") return TargetState::kCancelled;
  return TargetState::kPending;
}

}  // namespace

struct StackSetRunner::Context {
  StackSetRecord set;
  StackSetOperationRecord operation;
  // CheckRoles' answers in this step by "<account> <partition>": IAM is global, so the roles
  // of an account are read once per step, not once per region of each account.
  mutable std::map<std::string, std::string, std::less<>> role_checks;
  // Suspended's answers in this step by account (Organizations is global).
  mutable std::map<std::string, bool, std::less<>> suspended;
  // The execution role's caller in `account`, as the instance's stack is created; a
  // service-managed set's is StackSets' service-linked role there.
  core::Caller Executor(std::string_view account, std::string_view region) const {
    const core::Scope scope{.account = std::string(account), .region = std::string(region)};
    const std::string role = operation.execution_role_name.empty()
                                 ? "AWSServiceRoleForCloudFormationStackSetsOrgMember"
                                 : operation.execution_role_name;
    return core::Caller{.access_key_id = "",
                        .account = scope.account,
                        .arn = core::GlobalArn(scope, "sts", "assumed-role/" + role + "/stacksets"),
                        .user_id = scope.account};
  }
};

StackSetRunner::StackSetRunner(Runtime& rt, const core::ServiceClient& services,
                               StackSetStore& sets, StackSetDrift& drift)
    : rt_(rt), services_(services), sets_(sets), drift_(drift) {
  rt_.scheduler.Register(std::string(kTask), [this](const store::Task& task) { Run(task); });
}

void StackSetRunner::Start(store::Transaction& tx, std::string_view set_id,
                           std::string_view operation_id) {
  rt_.scheduler.Schedule(tx, kTask, std::string(set_id) + "\n" + std::string(operation_id),
                         rt_.options.async_delay_millis);
}

void StackSetRunner::StartQueued(store::Transaction& tx, std::string_view set_id) {
  for (StackSetOperationRecord& next : sets_.ListOperations(tx, set_id, 0, -1)) {
    // A queued operation stopped while it waited is STOPPING: its first step ends it.
    if (next.status != "QUEUED" && next.status != "STOPPING") continue;
    if (next.status == "QUEUED") {
      // An automatic deployment waits for those of the sets it depends on (AutoDeploy ends it
      // when one of them failed).
      if (AfterState(tx, sets_, next) != DependencyState::kSucceeded) continue;
      next.status = "RUNNING";
      sets_.UpdateOperation(tx, next);
    }
    Start(tx, set_id, next.operation_id);
    return;
  }
}

std::string StackSetRunner::CheckRoles(const Context& c, std::string_view account,
                                       std::string_view region) {
  const std::string key = std::string(account) + " " + core::PartitionOf(region).id;
  auto known = c.role_checks.find(key);
  if (known == c.role_checks.end()) {
    known = c.role_checks.emplace(key, ReadRoles(c, account, region)).first;
  }
  return known->second;
}

std::string StackSetRunner::ReadRoles(const Context& c, std::string_view account,
                                      std::string_view region) {
  const std::optional<core::ParsedArn> admin = core::ParseArn(c.operation.admin_role_arn);
  const std::string admin_name =
      admin ? admin->resource.substr(admin->resource.rfind('/') + 1) : c.operation.admin_role_arn;
  const std::string admin_account = admin ? admin->account : c.set.scope.account;
  const auto get_role = [&](std::string_view in_account,
                            std::string_view name) -> std::optional<json::object> {
    try {
      return services_
          .Call(AccountRoot(in_account, region), region, "iam", "GetRole", {{"RoleName", name}})
          .at("Role")
          .as_object();
    } catch (const core::AwsError& error) {
      if (error.code() != "NoSuchEntity" && error.code() != "ValidationError") throw;
      return std::nullopt;
    }
  };
  if (!admin || admin->service != "iam" || !get_role(admin_account, admin_name)) {
    // nimbus's wording, in the form of AWS's execution role message below.
    return "Account " + admin_account + " should have '" + admin_name +
           "' role with trust relationship to CloudFormation service.";
  }
  // AWS's wording, quoted from AWS by users.
  const std::string refused = "Account " + std::string(account) + " should have '" +
                              c.operation.execution_role_name +
                              "' role with trust relationship to Role '" + admin_name + "'.";
  const std::optional<json::object> role = get_role(account, c.operation.execution_role_name);
  if (!role) return refused;
  const core::Scope admin_scope{.account = admin_account, .region = std::string(region)};
  if (!Trusts(Member(*role, "AssumeRolePolicyDocument"),
              {admin_account, core::GlobalArn(admin_scope, "iam", "root"),
               c.operation.admin_role_arn})) {
    return refused;
  }
  return "";
}

bool StackSetRunner::Suspended(const Context& c, std::string_view account,
                               std::string_view region) {
  if (c.set.permission_model != "SERVICE_MANAGED") return false;  // it knows no organization
  auto known = c.suspended.find(account);
  if (known == c.suspended.end()) {
    known = c.suspended
                .emplace(account, AccountSuspended(services_, c.set.scope.account, account, region))
                .first;
  }
  return known->second;
}

OperationResultRecord StackSetRunner::StartTarget(const Context& c,
                                                  const OperationResultRecord& result,
                                                  StackInstanceRecord* instance) {
  OperationResultRecord out = result;
  if (Suspended(c, result.account, result.region)) {
    return SkipSuspendedTarget(c.operation.action, c.operation.retain_stacks.value_or(false),
                               result, instance);
  }
  if (c.operation.action == "DETECT_DRIFT") {
    // Read as the execution role, as the stack was made; the instance keeps its status.
    out.status = "FAILED";
    out.status_reason = CheckRoles(c, result.account, result.region);
    if (!out.status_reason.empty()) return out;
    return drift_.DetectInstance(c.Executor(result.account, result.region),
                                 c.operation.operation_id, result, instance);
  }
  const bool deleting = c.operation.action == "DELETE";
  const auto fail = [&](std::string reason) {
    out.status = "FAILED";
    out.status_reason = reason;
    instance->detailed_status = "FAILED";
    if (!deleting) instance->status = "OUTDATED";
    instance->status_reason = std::move(reason);
    return out;
  };
  if (const std::optional<std::string> stack_id =
          ImportedStack(c.operation, result.account, result.region)) {
    // A service-managed set imports through its service-linked roles, as it deploys (below).
    const std::string refused = c.set.permission_model == "SERVICE_MANAGED"
                                    ? std::string()
                                    : CheckRoles(c, result.account, result.region);
    return ImportTarget(c.set, c.Executor(result.account, result.region), refused, *stack_id,
                        result, instance);
  }
  instance->detailed_status = "RUNNING";
  instance->status_reason.clear();
  if (deleting && (c.operation.retain_stacks.value_or(false) || instance->stack_id.empty())) {
    out.status = "SUCCEEDED";  // the instance leaves the set; its stack, if any, stays
    return out;
  }
  // A service-managed set deploys through service-linked roles, which nimbus does not model.
  const std::string refused = c.set.permission_model == "SERVICE_MANAGED"
                                  ? std::string()
                                  : CheckRoles(c, result.account, result.region);
  if (!refused.empty()) return fail(refused);
  const core::Caller executor = c.Executor(result.account, result.region);
  try {
    if (deleting) {
      services_.Call(executor, result.region, "cloudformation", "DeleteStack",
                     {{"StackName", instance->stack_id}});
      out.status = "RUNNING";
      return out;
    }
    json::object in{{"TemplateBody", c.set.template_body},
                    {"Parameters", StackParameters(c.set, *instance)},
                    {"Capabilities", ParseOr(c.set.capabilities, json::array())}};
    const json::array tags = ParseOr(c.set.tags, json::array()).as_array();
    if (!tags.empty()) in["Tags"] = tags;
    std::string stack_status;
    if (!instance->stack_id.empty()) {
      const json::value described =
          services_.Call(executor, result.region, "cloudformation", "DescribeStacks",
                         {{"StackName", instance->stack_id}});
      stack_status = described.at("Stacks").at(0).at("StackStatus").as_string();
    }
    if (stack_status.empty() || stack_status == "ROLLBACK_COMPLETE" ||
        stack_status == "DELETE_COMPLETE") {
      // No stack to update (yet, or its creation failed): a new one, named as AWS names it.
      std::string name = c.set.name.substr(0, 128 - 46);
      in["StackName"] = "StackSet-" + name + "-" + rt_.ids.Uuid();
      const json::value created =
          services_.Call(executor, result.region, "cloudformation", "CreateStack", in);
      instance->stack_id = created.at("StackId").as_string();
    } else {
      in["StackName"] = instance->stack_id;
      try {
        services_.Call(executor, result.region, "cloudformation", "UpdateStack", in);
      } catch (const core::AwsError& error) {
        if (std::string_view(error.what()) != "No updates are to be performed.") throw;
        out.status = "SUCCEEDED";
        instance->status = "CURRENT";
        instance->detailed_status = "SUCCEEDED";
        return out;
      }
    }
  } catch (const core::AwsError& error) {
    return fail(error.what());
  }
  out.status = "RUNNING";
  return out;
}

OperationResultRecord StackSetRunner::PollTarget(const Context& c,
                                                 const OperationResultRecord& result,
                                                 StackInstanceRecord* instance) {
  OperationResultRecord out = result;
  const core::Caller executor = c.Executor(result.account, result.region);
  const bool deleting = c.operation.action == "DELETE";
  std::string status;
  std::string reason;
  json::array parameters;  // the stack's, with the ResolvedValue of SSM parameter types
  try {
    const json::object stack = services_
                                   .Call(executor, result.region, "cloudformation",
                                         "DescribeStacks", {{"StackName", instance->stack_id}})
                                   .at("Stacks")
                                   .at(0)
                                   .as_object();
    status = Member(stack, "StackStatus");
    reason = Member(stack, "StackStatusReason");
    if (const json::value* given = stack.if_contains("Parameters")) parameters = given->as_array();
  } catch (const core::AwsError& error) {
    status = "FAILED";
    reason = error.what();
  }
  if (InProgress(status)) return out;
  const bool succeeded = deleting ? status == "DELETE_COMPLETE"
                                  : status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE";
  if (succeeded) {
    out.status = "SUCCEEDED";
    instance->status = "CURRENT";
    instance->detailed_status = "SUCCEEDED";
    instance->status_reason.clear();
    instance->parameter_overrides = WithResolvedValues(instance->parameter_overrides, parameters);
    return out;
  }
  // The first resource that failed, in the form AWS gives it (quoted from AWS by users).
  try {
    const json::value events =
        services_.Call(executor, result.region, "cloudformation", "DescribeStackEvents",
                       {{"StackName", instance->stack_id}});
    const json::array& list = events.at("StackEvents").as_array();
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      const json::object& event = it->as_object();
      if (EndsWith(Member(event, "ResourceStatus"), "_FAILED") &&
          Member(event, "ResourceType") != "AWS::CloudFormation::Stack") {
        reason = "ResourceLogicalId:" + Member(event, "LogicalResourceId") +
                 ", ResourceType:" + Member(event, "ResourceType") +
                 ", ResourceStatusReason:" + Member(event, "ResourceStatusReason") + ".";
        break;
      }
    }
  } catch (const core::AwsError&) {
    // The stack's own reason stands.
  }
  out.status = "FAILED";
  out.status_reason = reason;
  instance->detailed_status = deleting ? "INOPERABLE" : "FAILED";
  instance->status = deleting ? "INOPERABLE" : "OUTDATED";
  instance->status_reason = reason;
  return out;
}

void StackSetRunner::Run(const store::Task& task) {
  try {
    Step(task);
  } catch (const std::exception& e) {
    // A bug, not the client's: the operation ends FAILED with the reason rather than RUNNING
    // for ever.
    const size_t newline = task.payload.find('\n');
    store::Transaction tx = sets_.Begin();
    std::optional<StackSetOperationRecord> operation =
        sets_.FindOperation(tx, task.payload.substr(0, newline), task.payload.substr(newline + 1));
    if (!operation) return;
    operation->status = "FAILED";
    operation->status_reason = std::string("Internal failure: ") + e.what();
    operation->ended_millis = rt_.clock.NowMillis();
    sets_.UpdateOperation(tx, *operation);
    tx.Commit();
  }
}

void StackSetRunner::Step(const store::Task& task) {
  const size_t newline = task.payload.find('\n');
  const std::string set_id = task.payload.substr(0, newline);
  const std::string operation_id = task.payload.substr(newline + 1);
  Context c;
  std::vector<OperationResultRecord> results;
  std::vector<StackInstanceRecord> instances;  // one per result, as found (or new)
  {
    store::Transaction tx = sets_.Read();
    std::optional<StackSetRecord> set = sets_.FindSetById(tx, nullptr, set_id);
    std::optional<StackSetOperationRecord> operation =
        sets_.FindOperation(tx, set_id, operation_id);
    if (!set || !operation || (operation->status != "RUNNING" && operation->status != "STOPPING")) {
      return;
    }
    c.set = std::move(*set);
    c.operation = std::move(*operation);
    results = sets_.Results(tx, set_id, operation_id);
    for (const OperationResultRecord& result : results) {
      std::optional<StackInstanceRecord> found =
          sets_.FindInstance(tx, set_id, result.account, result.region);
      // An instance deleted since the operation was queued (an account that left the targets
      // and came back) is made again, as the operation's.
      instances.push_back(
          found ? std::move(*found)
                : StackInstanceRecord{
                      .stack_set_id = set_id,
                      .account = result.account,
                      .region = result.region,
                      .last_operation_id = c.operation.action == "DETECT_DRIFT" ? "" : operation_id,
                      .organizational_unit_id = result.organizational_unit_id});
    }
  }
  std::vector<bool> touched(results.size(), false);
  std::vector<bool> removed(results.size(), false);
  bool progressed = false;
  const auto settle = [&](size_t i, OperationResultRecord next) {
    if (next.status != results[i].status) progressed = true;
    if (c.operation.action == "DELETE" && next.status == "SUCCEEDED" &&
        instances[i].detailed_status != kSkippedSuspendedAccount) {
      removed[i] = true;  // a skipped account's instance stays
    }
    results[i] = std::move(next);
    touched[i] = true;
  };
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].status == "RUNNING") settle(i, PollTarget(c, results[i], &instances[i]));
  }
  const json::object targets = ParseOr(c.operation.targets, json::object()).as_object();
  const OperationPlan plan =
      PlanOperation(core::protocol::StringList(targets, "Accounts"),
                    core::protocol::StringList(targets, "Regions"),
                    ParseOr(c.operation.preferences, json::object()).as_object());
  // A pair of the plan with no result (no instance there to update) has nothing to do.
  std::vector<TargetState> states(plan.size(), TargetState::kSucceeded);
  std::vector<size_t> result_of(plan.size(), results.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const auto position = static_cast<size_t>(results[i].position);
    if (position >= plan.size()) continue;
    states[position] = StateOf(results[i].status);
    result_of[position] = i;
  }
  const bool any_running =
      std::find(states.begin(), states.end(), TargetState::kRunning) != states.end();
  std::string end;  // the status the operation ends in, "" while it goes on
  std::string_view cancel_reason;
  if (c.operation.status == "STOPPING") {
    if (!any_running) {
      end = "STOPPED";
      cancel_reason = kStoppedReason;
    }
  } else {
    const NextStep next = NextTargets(plan, states);
    if (next.stop) {
      end = "FAILED";
      cancel_reason = kToleranceReason;
    } else if (next.start.empty() && !any_running) {
      end = "SUCCEEDED";
    }
    for (size_t target : next.start) {
      const size_t i = result_of[target];
      settle(i, StartTarget(c, results[i], &instances[i]));
    }
  }
  if (!cancel_reason.empty()) {
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].status != "PENDING") continue;
      results[i].status = "CANCELLED";
      results[i].status_reason = std::string(cancel_reason);
      touched[i] = true;
      if (c.operation.action == "DETECT_DRIFT") continue;  // not checked: as it was
      instances[i].detailed_status = "CANCELLED";
      if (c.operation.action != "DELETE") instances[i].status = "OUTDATED";
      instances[i].status_reason = std::string(cancel_reason);
    }
  }
  store::Transaction tx = sets_.Begin();
  for (size_t i = 0; i < results.size(); ++i) {
    if (!touched[i]) continue;
    sets_.PutResult(tx, set_id, operation_id, results[i]);
    if (removed[i]) {
      sets_.DeleteInstance(tx, set_id, results[i].account, results[i].region);
    } else {
      sets_.PutInstance(tx, &instances[i]);
    }
  }
  if (!end.empty()) {
    // A StopStackSetOperation that came while this step ran wins over SUCCEEDED.
    std::optional<StackSetOperationRecord> now = sets_.FindOperation(tx, set_id, operation_id);
    c.operation.status = now && now->status == "STOPPING" && end == "SUCCEEDED" ? "STOPPED" : end;
    c.operation.ended_millis = rt_.clock.NowMillis();
    sets_.UpdateOperation(tx, c.operation);
    StartQueued(tx, set_id);
  } else {
    const int64_t wait = progressed || !any_running ? 0 : kPollMillis;
    rt_.scheduler.Schedule(tx, kTask, task.payload, std::max(rt_.options.async_delay_millis, wait));
  }
  tx.Commit();
}

}  // namespace nimbus::cloudformation
