#include "cloudformation/engine/deployer.h"

#include <algorithm>
#include <iostream>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/deployer_internal.h"
#include "cloudformation/engine/stack_events.h"
#include "cloudformation/template/parse.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::NameList;
using internal::ParseJson;

namespace {

// How long a resource that its service completes asynchronously waits before it is asked again.
constexpr int64_t kPollMillis = 100;
// The principal CloudFormation calls services as, on the caller's behalf (IAM's aws:CalledVia).
constexpr std::string_view kCalledVia = "cloudformation.amazonaws.com";
// With no async delay, steps that follow each other share a transaction, this many at most: a
// commit that grows the in-memory database costs more than a small step (its page cache is
// walked), and so do the statements that write a step's one row and three events, so a 300-wave
// chain spent a third of its time committing and writing. The bound keeps a reader
// (DescribeStacks, DescribeStackEvents) from waiting more than about a millisecond.
constexpr int kStepsPerTransaction = 16;

std::string Payload(std::string_view stack_id, std::string_view operation_id) {
  return std::string(stack_id) + "\n" + std::string(operation_id);
}
std::string Payload(const StackRecord& stack) {
  return Payload(stack.stack_id, stack.operation_id);
}

StackFacts Facts(const StackRecord& stack) {
  StackFacts facts{.account_id = stack.scope.account,
                   .region = stack.scope.region,
                   .stack_name = stack.name,
                   .stack_id = stack.stack_id,
                   .notification_arns = {}};
  const json::value arns = ParseJson(stack.notification_arns, json::array());
  for (const json::value& arn : arns.as_array()) {
    facts.notification_arns.emplace_back(arn.as_string());
  }
  return facts;
}

}  // namespace

Deployer::Deployer(Runtime& rt, const core::ServiceClient& services, StackStore& stacks,
                   const ResourceRegistry& resources, const SchemaRegistry& schemas,
                   WaitConditionStore& waits)
    : rt_(rt),
      services_(services),
      stacks_(stacks),
      resources_(resources),
      schemas_(schemas),
      waits_(waits) {
  rt_.scheduler.Register(std::string(kTask), [this](const store::Task& task) { Run(task); });
}

int64_t Deployer::Now() const { return rt_.clock.NowMillis(); }

StackFacts Deployer::FactsOf(const StackRecord& stack) { return Facts(stack); }

void Deployer::Schedule(store::Transaction& tx, const StackRecord& stack) {
  rt_.scheduler.Schedule(tx, kTask, Payload(stack), rt_.options.async_delay_millis);
  if (stack.deadline_millis) {
    rt_.scheduler.Schedule(tx, kTask, Payload(stack), *stack.deadline_millis - Now());
  }
}

void Deployer::Wake(store::Transaction& tx, std::string_view stack_id,
                    std::string_view operation_id) {
  rt_.scheduler.Schedule(tx, kTask, Payload(stack_id, operation_id),
                         rt_.options.async_delay_millis);
}

void Deployer::Adopt(const std::string& operation_id, std::unique_ptr<StackPlan> plan) {
  std::lock_guard lock(plans_mu_);
  plans_[operation_id] = std::move(plan);
}

std::unique_ptr<StackPlan> Deployer::TakePlan(const std::string& operation_id) {
  std::lock_guard lock(plans_mu_);
  auto it = plans_.find(operation_id);
  if (it == plans_.end()) return nullptr;
  std::unique_ptr<StackPlan> plan = std::move(it->second);
  plans_.erase(it);
  return plan;
}

void Deployer::MarkForDeletion(store::Transaction& tx, const StackRecord& stack) {
  for (ResourceRecord& row : stacks_.Resources(tx, stack)) {
    if (row.status == "DELETE_COMPLETE" || row.status == "DELETE_SKIPPED") continue;
    row.pending_delete = true;
    stacks_.PutResource(tx, stack, row);
  }
}

std::string Deployer::CallerToJson(const core::Caller& caller) {
  return json::serialize(json::object{{"AccessKeyId", caller.access_key_id},
                                      {"Account", caller.account},
                                      {"Arn", caller.arn},
                                      {"UserId", caller.user_id},
                                      {"Temporary", caller.temporary}});
}

core::Caller Deployer::CallerFromJson(std::string_view text) {
  const json::object caller = ParseJson(text, json::object()).as_object();
  const auto text_of = [&caller](std::string_view name) {
    const json::value* value = caller.if_contains(name);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
  };
  const json::value* temporary = caller.if_contains("Temporary");
  return core::Caller{.access_key_id = text_of("AccessKeyId"),
                      .account = text_of("Account"),
                      .arn = text_of("Arn"),
                      .user_id = text_of("UserId"),
                      .temporary = temporary && temporary->is_bool() && temporary->get_bool(),
                      .called_via = ""};
}

void Deployer::Run(const store::Task& task) {
  const size_t newline = task.payload.find('\n');
  const std::string stack_id = task.payload.substr(0, newline);
  const std::string operation_id =
      newline == std::string::npos ? std::string() : task.payload.substr(newline + 1);
  std::optional<Session> session;
  while (true) {
    std::string failure;
    Next next = Next::kDone;
    int64_t poll_millis = kPollMillis;
    {
      store::Transaction tx = stacks_.Begin();
      // A later operation (DeleteStack during a creation) took over, or this one has ended.
      // Steps after the first read only that: the session holds the rest.
      const auto progress = stacks_.Progress(tx, stack_id);
      if (!progress || progress->second != operation_id || !InProgress(progress->first)) {
        TakePlan(operation_id);  // an operation that is over needs no plan
        return;
      }
      try {
        if (!session) {
          std::optional<StackRecord> stack = stacks_.FindByIdAnywhere(tx, stack_id);
          if (!stack) return;
          session.emplace(Load(tx, *stack));
        }
        for (int steps = 1;; ++steps) {
          next = Step(tx, *session);
          if (next != Next::kContinue || rt_.options.async_delay_millis > 0 ||
              steps == kStepsPerTransaction) {
            break;
          }
        }
        Flush(tx, *session);  // the steps' rows and events, a few per statement
        if (next == Next::kWait) poll_millis = NextPoll(*session);
      } catch (const std::exception& e) {
        failure = e.what();
      }
      if (failure.empty()) {
        const int64_t delay = rt_.options.async_delay_millis;
        if (next == Next::kWait) {
          rt_.scheduler.Schedule(tx, kTask, Payload(session->stack), std::max(delay, poll_millis));
        } else if (next == Next::kContinue && delay > 0) {
          rt_.scheduler.Schedule(tx, kTask, Payload(session->stack), delay);
        }
        tx.Commit();
      }
    }
    if (!failure.empty()) {
      Abandon(stack_id, operation_id, failure);
      return;
    }
    if (next != Next::kContinue || rt_.options.async_delay_millis > 0) return;
  }
}

Deployer::Session Deployer::Load(store::Transaction& tx, const StackRecord& stack) {
  Session s;
  s.stack = stack;
  s.ctx.request_id = rt_.ids.Uuid();
  s.ctx.service = "cloudformation";
  s.ctx.scope = stack.scope;
  s.ctx.caller = CallerFromJson(stack.caller);
  s.ctx.caller.called_via = std::string(kCalledVia);
  s.stack_tags = ParseJson(stack.tags, json::array()).as_array();
  s.plan = TakePlan(stack.operation_id);
  s.rows = stacks_.Resources(tx, stack);
  for (size_t i = 0; i < s.rows.size(); ++i) {
    const ResourceRecord& row = s.rows[i];
    s.row_index[row.logical_id] = i;
    if ((row.status == "CREATE_IN_PROGRESS" || row.status == "UPDATE_IN_PROGRESS") &&
        !row.physical_id.empty()) {
      s.waiting.insert(i);
    }
    s.last_wave = std::max(s.last_wave, row.wave);
  }
  return s;
}

Deployer::Next Deployer::Step(store::Transaction& tx, Session& s) {
  if (s.stack.status == "CREATE_IN_PROGRESS") return CreateStep(tx, s);
  if (s.stack.status == "ROLLBACK_IN_PROGRESS" || s.stack.status == "DELETE_IN_PROGRESS") {
    return DeleteStep(tx, s);
  }
  if (s.stack.status == "UPDATE_IN_PROGRESS") return UpdateStep(tx, s);
  if (s.stack.status == "UPDATE_ROLLBACK_IN_PROGRESS") return RollbackUpdateStep(tx, s);
  if (s.stack.status == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" ||
      s.stack.status == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS") {
    return CleanupStep(tx, s);
  }
  return Next::kDone;
}

void Deployer::Flush(store::Transaction& tx, Session& s) {
  if (s.stack_changed) stacks_.UpdateProgress(tx, s.stack);
  s.stack_changed = false;
  std::vector<const ResourceRecord*> rows;
  rows.reserve(s.dirty.size());
  for (const size_t row : s.dirty) rows.push_back(&s.rows[row]);
  stacks_.PutResources(tx, s.stack, rows);
  s.dirty.clear();
  stacks_.AddEvents(tx, s.stack, s.events);
  s.events.clear();
}

int64_t Deployer::NextPoll(const Session& s) const {
  std::optional<int64_t> soonest;
  for (const size_t i : s.waiting) {
    Resource* handler = resources_.Find(s.rows[i].type);
    if (!handler) continue;
    std::optional<int64_t> next = SignalDeadlineMillis(s, i);
    if (!next) {
      const json::object props = ParseJson(s.rows[i].properties, json::object()).as_object();
      next = handler->NextPollMillis(Request(s, s.rows[i], props), s.rows[i].physical_id);
    }
    const int64_t after = next.value_or(kPollMillis);
    soonest = std::min(soonest.value_or(after), after);
  }
  return soonest.value_or(kPollMillis);
}

void Deployer::Abandon(std::string_view stack_id, std::string_view operation_id,
                       std::string_view what) {
  std::cerr << "cloudformation: stack " << stack_id << ": internal failure: " << what << std::endl;
  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> stack = stacks_.FindByIdAnywhere(tx, stack_id);
  if (!stack || stack->operation_id != operation_id || !InProgress(stack->status)) return;
  static const std::map<std::string, std::string, std::less<>> kFailed = {
      {"CREATE_IN_PROGRESS", "CREATE_FAILED"},
      {"ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"},
      {"UPDATE_IN_PROGRESS", "UPDATE_FAILED"},
      {"UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED"},
      {"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"},
      {"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"}};
  const auto failed = kFailed.find(stack->status);
  stack->status = failed != kFailed.end() ? failed->second : "DELETE_FAILED";
  stack->status_reason = "Internal failure: " + std::string(what);
  stacks_.UpdateProgress(tx, *stack);
  stacks_.AddEvents(tx, *stack,
                    {StackEvent(*stack, stack->status, stack->status_reason, Now(), rt_.ids)});
  tx.Commit();
}

ResourceRequest Deployer::Request(const Session& s, const ResourceRecord& row,
                                  const json::object& props) const {
  return ResourceRequest{.ctx = s.ctx,
                         .services = services_,
                         .ids = rt_.ids,
                         .stack_name = s.stack.name,
                         .stack_id = s.stack.stack_id,
                         .logical_id = row.logical_id,
                         .props = props,
                         .stack_tags = s.stack_tags};
}

std::string Deployer::DeletionPolicyOf(const PlannedResource& planned,
                                       const json::object& props) const {
  if (!planned.deletion_policy.empty()) return planned.deletion_policy;
  const Resource* handler = resources_.Find(planned.type);
  return std::string(handler ? handler->DefaultDeletionPolicy(props) : "Delete");
}

ResourceRecord& Deployer::AddRow(Session& s, ResourceRecord row) {
  const size_t index = s.rows.size();
  s.row_index[row.logical_id] = index;
  s.rows.push_back(std::move(row));
  s.dirty.insert(index);
  return s.rows.back();
}

void Deployer::Record(Session& s, size_t row, std::string_view status, std::string_view reason) {
  ResourceRecord& r = s.rows[row];
  const int64_t now = Now();
  r.status = std::string(status);
  r.reason = std::string(reason);
  r.updated_millis = now;
  s.dirty.insert(row);
  s.events.push_back(ResourceEvent(s.stack, r, status, reason, now));
}

Lookups Deployer::MakeLookups(store::Transaction& tx, Session& s) {
  Lookups lookups;
  lookups.resource_ref = [this, &s](std::string_view logical_id) -> json::value {
    auto it = s.row_index.find(logical_id);
    if (it == s.row_index.end()) return json::string();
    const ResourceRecord& row = s.rows[it->second];
    const Resource* handler = resources_.Find(row.type);
    return handler ? handler->Ref(row.physical_id) : json::value(json::string(row.physical_id));
  };
  lookups.resource_attribute = [this, &s](
                                   std::string_view logical_id,
                                   std::string_view attribute) -> std::optional<json::value> {
    auto it = s.row_index.find(logical_id);
    if (it == s.row_index.end()) return std::nullopt;
    json::object attributes = ParseJson(s.rows[it->second].attributes, json::object()).as_object();
    if (const json::value* known = attributes.if_contains(attribute)) return *known;
    Resource* handler = resources_.Find(s.rows[it->second].type);
    if (!handler) return std::nullopt;
    const ResourceRecord& row = s.rows[it->second];
    const json::object props = ParseJson(row.properties, json::object()).as_object();
    std::optional<json::value> value =
        handler->Attribute(Request(s, row, props), row.physical_id, attribute);
    if (value) {  // kept, so later references and restarts do not ask the service again
      attributes[attribute] = *value;
      s.rows[it->second].attributes = json::serialize(attributes);
      s.dirty.insert(it->second);
    }
    return value;
  };
  lookups.import_value = [this, &tx, &s](std::string_view name) -> std::optional<std::string> {
    std::optional<ExportRecord> exported = stacks_.FindExport(tx, s.stack.scope, name);
    if (!exported) return std::nullopt;
    return exported->value;
  };
  lookups.ssm_parameter = [this, &s](const SsmReference& ref) -> std::optional<std::string> {
    const std::string name = ref.version ? ref.name + ":" + std::to_string(*ref.version) : ref.name;
    try {
      const json::value got = services_.Call(s.ctx, "ssm", "GetParameter",
                                             {{"Name", name}, {"WithDecryption", ref.secure}});
      return std::string(got.at("Parameter").at("Value").as_string());
    } catch (const core::AwsError& error) {
      // "not found" is the lookup's answer; the template functions word the error.
      if (error.code() == "ParameterNotFound" || error.code() == "ParameterVersionNotFound") {
        return std::nullopt;
      }
      throw;
    }
  };
  return lookups;
}

void Deployer::PollWaiting(store::Transaction& tx, Session& s,
                           std::vector<std::string>& create_failed,
                           std::vector<std::string>& update_failed) {
  for (const size_t i : std::vector<size_t>(s.waiting.begin(), s.waiting.end())) {
    ResourceRecord& row = s.rows[i];
    const bool creating = row.status == "CREATE_IN_PROGRESS";
    Resource* handler = resources_.Find(row.type);
    const json::object props = ParseJson(row.properties, json::object()).as_object();
    // A resource being created waits for the signals of its CreationPolicy.
    const PlannedResource* planned = creating ? s.plan->Find(row.logical_id) : nullptr;
    const std::optional<SignalPolicy> signals = planned ? planned->signals : std::nullopt;
    try {
      if (signals && SignalWaitStarted(tx, s, i)) {
        if (!AwaitSignals(tx, s, i, *signals)) {
          Record(s, i, "CREATE_COMPLETE", "");
          s.waiting.erase(i);
        }
        continue;
      }
      if (!handler || handler->Ready(Request(s, row, props), row.physical_id)) {
        if (handler) {
          row.physical_id = handler->ReadyPhysicalId(Request(s, row, props), row.physical_id);
          s.dirty.insert(i);
        }
        if (signals && AwaitSignals(tx, s, i, *signals)) continue;
        Record(s, i, creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", "");
        s.waiting.erase(i);
      }
    } catch (const core::AwsError& error) {
      Record(s, i, creating ? "CREATE_FAILED" : "UPDATE_FAILED", error.what());
      s.waiting.erase(i);
      (creating ? create_failed : update_failed).push_back(row.logical_id);
    }
  }
}

Deployer::Next Deployer::CreateStep(store::Transaction& tx, Session& s) {
  if (s.stack.deadline_millis && Now() >= *s.stack.deadline_millis) {
    return FailCreate(tx, s, "Stack creation time exceeded the specified timeout");
  }
  if (!s.plan) {
    s.plan = std::make_unique<StackPlan>(ParseTemplate(s.stack.template_body), Facts(s.stack),
                                         ParametersFromJson(s.stack.parameters));
  }
  if (s.rows.empty()) {
    if (std::optional<std::string> missing = CheckImports(tx, s)) {
      return FailCreate(tx, s, *missing);
    }
  }
  // Resources a service completes asynchronously, and those waiting for signals.
  std::vector<std::string> failed;
  std::vector<std::string> none_updated;  // creation updates nothing
  PollWaiting(tx, s, failed, none_updated);
  if (!failed.empty()) {
    return FailCreate(tx, s, "The following resource(s) failed to create: " + NameList(failed));
  }

  // The next wave: every resource not started whose dependencies are complete. (A failure
  // ends creation in the step that meets it, so every other started resource is complete or
  // waiting.)
  const std::vector<PlannedResource>& plan = s.plan->resources();
  if (s.plan_rows.size() != plan.size()) {  // the first step of this session
    s.plan_rows.assign(plan.size(), kNotStarted);
    for (size_t k = 0; k < plan.size(); ++k) {
      auto it = s.row_index.find(plan[k].logical_id);
      if (it != s.row_index.end()) s.plan_rows[k] = it->second;
    }
  }
  while (s.unstarted < plan.size() && s.plan_rows[s.unstarted] != kNotStarted) ++s.unstarted;
  std::vector<size_t> ready;  // positions in the plan
  for (size_t k = s.unstarted; k < plan.size(); ++k) {
    if (s.plan_rows[k] != kNotStarted) continue;
    const std::vector<size_t>& dependencies = plan[k].dependency_positions;
    const bool dependencies_complete =
        std::all_of(dependencies.begin(), dependencies.end(), [&s](size_t dependency) {
          return dependency != PlannedResource::kNotPlanned &&
                 s.plan_rows[dependency] != kNotStarted &&
                 s.rows[s.plan_rows[dependency]].status == "CREATE_COMPLETE";
        });
    if (dependencies_complete) ready.push_back(k);
  }
  if (ready.empty()) {
    if (s.unstarted == plan.size() && s.waiting.empty()) return CompleteCreate(tx, s);
    return Next::kWait;  // asynchronous resources still on their way
  }
  const int64_t wave = ++s.last_wave;

  // 1. Start them all: properties resolved, CREATE_IN_PROGRESS.
  const Lookups lookups = MakeLookups(tx, s);
  struct Started {
    size_t row;
    size_t position;  // in the plan
    json::object props;
    std::string error;  // why its properties could not be resolved
  };
  std::vector<Started> started;
  started.reserve(ready.size());
  for (const size_t position : ready) {
    const PlannedResource* planned = &plan[position];
    json::array dependencies;
    for (const std::string& dependency : planned->dependencies)
      dependencies.emplace_back(dependency);
    ResourceRecord row{.logical_id = planned->logical_id,
                       .type = planned->type,
                       .dependencies = json::serialize(dependencies),
                       .wave = wave};
    Started entry{.row = 0, .position = position, .props = {}, .error = {}};
    try {
      entry.props = s.plan->Properties(planned->logical_id, lookups);
      row.properties = json::serialize(entry.props);
    } catch (const core::AwsError& error) {
      entry.error = error.what();
    }
    row.deletion_policy = DeletionPolicyOf(*planned, entry.props);
    AddRow(s, std::move(row));
    entry.row = s.rows.size() - 1;
    s.plan_rows[position] = entry.row;
    Record(s, entry.row, "CREATE_IN_PROGRESS", "");
    started.push_back(std::move(entry));
  }

  // 2. Create each; 3. complete those that are ready at once.
  std::vector<std::pair<size_t, std::string>> created;  // row, CREATE_COMPLETE's reason
  for (Started& entry : started) {
    const std::string type = s.rows[entry.row].type;
    Resource* handler = resources_.Find(type);
    std::string error = entry.error;
    if (error.empty() && !handler) error = UnsupportedTypeReason(type);
    if (error.empty()) {
      try {
        handler->Validate(entry.props);
      } catch (const core::AwsError& e) {
        error = e.what();
      }
    }
    if (!error.empty()) {
      Record(s, entry.row, "CREATE_FAILED", error);
      failed.push_back(s.rows[entry.row].logical_id);
      continue;
    }
    const std::optional<SignalPolicy>& signals = plan[entry.position].signals;
    bool initiated = false;
    try {
      ResourceRequest request = Request(s, s.rows[entry.row], entry.props);
      request.awaits_signals = signals.has_value();
      const ResourceResult result = handler->Create(request);
      s.rows[entry.row].physical_id = result.physical_id;
      if (!result.attributes.empty()) {
        s.rows[entry.row].attributes = json::serialize(result.attributes);
      }
      Record(s, entry.row, "CREATE_IN_PROGRESS", "Resource creation Initiated");
      initiated = true;
      // Created, but its CreationPolicy holds it until its signals arrive.
      if (!result.ready || (signals && AwaitSignals(tx, s, entry.row, *signals))) {
        s.waiting.insert(entry.row);
      } else {
        created.emplace_back(entry.row, result.reason);
      }
    } catch (const core::AwsError& e) {
      if (!initiated) Record(s, entry.row, "CREATE_IN_PROGRESS", "Resource creation Initiated");
      Record(s, entry.row, "CREATE_FAILED", e.what());
      failed.push_back(s.rows[entry.row].logical_id);
    }
  }
  for (const auto& [row, reason] : created) Record(s, row, "CREATE_COMPLETE", reason);
  if (!failed.empty()) {
    return FailCreate(tx, s, "The following resource(s) failed to create: " + NameList(failed));
  }
  // Nothing completed: what was started completes asynchronously, and is polled later.
  return created.empty() ? Next::kWait : Next::kContinue;
}

Deployer::Next Deployer::CompleteCreate(store::Transaction& tx, Session& s) {
  const std::string error = PutOutputs(tx, s);
  if (!error.empty()) return FailCreate(tx, s, error);
  SetStatus(s, "CREATE_COMPLETE", "");
  return Next::kDone;
}

void Deployer::SetStatus(Session& s, std::string_view status, std::string_view reason) {
  s.stack.status = std::string(status);
  s.stack.status_reason = std::string(reason);
  s.stack_changed = true;
  s.events.push_back(StackEvent(s.stack, status, reason, Now(), rt_.ids));
}

}  // namespace nimbus::cloudformation
