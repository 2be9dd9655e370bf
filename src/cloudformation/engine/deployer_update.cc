// Stack updates: the new template's resources added, modified in place or replaced in waves, the
// cleanup of what was replaced or removed, and the rollback to the state UpdateStack saved.
//
// The saved state (StackStore::UpdateState) is one JSON document:
//   {"base_wave": <the highest wave before the update>,
//    "previous": {<the stack's members before the update>},
//    "resources": [<every resource row before the update>],
//    "cleanup": [<the rows the cleanup deletes, once the update or its rollback gets there>],
//    "imports": [<the exports the stack imported before the update>],
//    "imports_checked": <true once the new template's imports are recorded>}
// A resource row with a wave above base_wave has been handled by this update, so a restart
// carries on where the last committed step ended.
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/change_plan.h"
#include "cloudformation/engine/deployer.h"
#include "cloudformation/engine/deployer_internal.h"
#include "cloudformation/engine/stack_events.h"
#include "cloudformation/engine/stack_policy.h"
#include "cloudformation/template/parse.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::NameList;
using internal::ParseJson;

namespace {

// The reason of the first event of a replacement, recorded from AWS.
constexpr std::string_view kReplacing =
    "Requested update requires the creation of a new physical resource; hence creating one.";

std::string TextOf(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

bool Complete(const ResourceRecord& row) {
  return row.status == "CREATE_COMPLETE" || row.status == "UPDATE_COMPLETE";
}

json::object RowToJson(const ResourceRecord& row) {
  return {{"logical_id", row.logical_id},
          {"physical_id", row.physical_id},
          {"type", row.type},
          {"status", row.status},
          {"reason", row.reason},
          {"properties", row.properties},
          {"attributes", row.attributes},
          {"dependencies", row.dependencies},
          {"deletion_policy", row.deletion_policy},
          {"wave", row.wave},
          {"updated_millis", row.updated_millis},
          {"simulated", row.simulated}};
}

ResourceRecord RowFromJson(const json::object& in) {
  return ResourceRecord{.logical_id = TextOf(in, "logical_id"),
                        .physical_id = TextOf(in, "physical_id"),
                        .type = TextOf(in, "type"),
                        .status = TextOf(in, "status"),
                        .reason = TextOf(in, "reason"),
                        .properties = TextOf(in, "properties"),
                        .attributes = TextOf(in, "attributes"),
                        .dependencies = TextOf(in, "dependencies"),
                        .deletion_policy = TextOf(in, "deletion_policy"),
                        .wave = in.at("wave").to_number<int64_t>(),
                        .updated_millis = in.at("updated_millis").to_number<int64_t>(),
                        .simulated = in.at("simulated").as_bool(),
                        .pending_delete = false};
}

std::vector<ResourceRecord> RowsOf(const json::object& state, std::string_view member) {
  std::vector<ResourceRecord> rows;
  if (const json::value* list = state.if_contains(member); list && list->is_array()) {
    for (const json::value& row : list->get_array()) rows.push_back(RowFromJson(row.as_object()));
  }
  return rows;
}

// The stack's members an update changes, and that its rollback puts back.
json::object StackToJson(const StackRecord& stack) {
  return {{"template_body", stack.template_body},
          {"description", stack.description},
          {"parameters", stack.parameters},
          {"outputs", stack.outputs},
          {"tags", stack.tags},
          {"notification_arns", stack.notification_arns},
          {"capabilities", stack.capabilities},
          {"resource_types", stack.resource_types},
          {"rollback_configuration", stack.rollback_configuration},
          {"options", stack.options},
          {"caller", stack.caller},
          {"role_arn", stack.role_arn},
          {"disable_rollback", stack.disable_rollback},
          {"retain_except_on_create", stack.retain_except_on_create}};
}

void RestoreStack(const json::object& previous, StackRecord& stack) {
  stack.template_body = TextOf(previous, "template_body");
  stack.description = TextOf(previous, "description");
  stack.parameters = TextOf(previous, "parameters");
  stack.outputs = TextOf(previous, "outputs");
  stack.tags = TextOf(previous, "tags");
  stack.notification_arns = TextOf(previous, "notification_arns");
  stack.capabilities = TextOf(previous, "capabilities");
  stack.resource_types = TextOf(previous, "resource_types");
  stack.rollback_configuration = TextOf(previous, "rollback_configuration");
  stack.options = TextOf(previous, "options");
  stack.caller = TextOf(previous, "caller");
  stack.role_arn = TextOf(previous, "role_arn");
  stack.disable_rollback = previous.at("disable_rollback").as_bool();
  stack.retain_except_on_create = previous.at("retain_except_on_create").as_bool();
}

// UpdateStack's DisableRollback, or DeploymentConfig's.
bool UpdateRollbackDisabled(const StackRecord& stack) {
  return stack.disable_rollback || internal::DeploymentDisablesRollback(stack);
}

// The stack policy this update obeys: the one given for it (StackPolicyDuringUpdateBody), else the
// stack's; "" when the stack has none.
std::string PolicyOf(const StackRecord& stack) {
  const json::value options = ParseJson(stack.options, json::object());
  for (std::string_view member : {"StackPolicyDuringUpdateBody", "StackPolicyBody"}) {
    const std::string policy = TextOf(options.as_object(), member);
    if (!policy.empty()) return policy;
  }
  return "";
}

// "The following resource(s) failed to create: [A]. The following resource(s) failed to update:
// [B]", without the last ". ", which the stack's status adds.
std::string FailureCause(const std::vector<std::string>& create_failed,
                         const std::vector<std::string>& update_failed) {
  std::string cause;
  if (!create_failed.empty()) {
    cause = "The following resource(s) failed to create: " + NameList(create_failed);
  }
  if (!update_failed.empty()) {
    cause += (cause.empty() ? "" : ". ") + std::string("The following resource(s) failed to ") +
             "update: " + NameList(update_failed);
  }
  return cause;
}

}  // namespace

void Deployer::SaveForUpdate(store::Transaction& tx, const StackRecord& stack) {
  json::array rows;
  int64_t base_wave = 0;
  for (const ResourceRecord& row : stacks_.Resources(tx, stack)) {
    base_wave = std::max(base_wave, row.wave);
    rows.push_back(RowToJson(row));
  }
  json::array imports;
  for (std::string& name : stacks_.Imports(tx, stack.stack_id)) imports.emplace_back(name);
  const json::object state{{"base_wave", base_wave},
                           {"previous", StackToJson(stack)},
                           {"resources", std::move(rows)},
                           {"cleanup", json::array()},
                           {"imports", std::move(imports)}};
  stacks_.PutUpdateState(tx, stack, json::serialize(state));
}

void Deployer::SkipInRollback(store::Transaction& tx, const StackRecord& stack,
                              const std::vector<std::string>& logical_ids) {
  const std::optional<std::string> saved = stacks_.UpdateState(tx, stack);
  if (!saved) return;
  json::object state = json::parse(*saved).as_object();
  json::array& skip = state["skip"].emplace_array();
  for (const std::string& id : logical_ids) skip.emplace_back(id);
  stacks_.PutUpdateState(tx, stack, json::serialize(state));
}

void Deployer::LoadUpdate(store::Transaction& tx, Session& s) {
  if (!s.update.empty()) return;
  const std::optional<std::string> state = stacks_.UpdateState(tx, s.stack);
  if (!state) throw std::logic_error("the update of " + s.stack.stack_id + " has no saved state");
  s.update = json::parse(*state).as_object();
}

bool Deployer::RequiresReplacement(std::string_view type, const json::object& previous,
                                   const json::object& next) const {
  return DiffProperties(schemas_.Find(type), previous, next).Replaces();
}

Deployer::Next Deployer::UpdateStep(store::Transaction& tx, Session& s) {
  LoadUpdate(tx, s);
  if (!s.plan) {
    s.plan = std::make_unique<StackPlan>(ParseTemplate(s.stack.template_body), FactsOf(s.stack),
                                         ParametersFromJson(s.stack.parameters));
  }
  if (!s.update.contains("imports_checked")) {  // the update's first step
    s.update["imports_checked"] = true;
    stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
    if (std::optional<std::string> missing = CheckImports(tx, s)) {
      return FailUpdate(tx, s, *missing);
    }
  }
  const int64_t base = s.update.at("base_wave").to_number<int64_t>();
  std::vector<std::string> create_failed;
  std::vector<std::string> update_failed;

  // Resources a service completes asynchronously: an added or replacing one takes the id the
  // service gives once it is ready (an Organizations account's), as on creation.
  PollWaiting(tx, s, create_failed, update_failed);
  if (!create_failed.empty() || !update_failed.empty()) {
    return FailUpdate(tx, s, FailureCause(create_failed, update_failed));
  }

  // The next wave: every resource of the new template not handled yet whose dependencies are.
  const auto handled = [&s, base](std::string_view logical_id) {
    auto it = s.row_index.find(logical_id);
    return it != s.row_index.end() && s.rows[it->second].wave > base;
  };
  std::vector<const PlannedResource*> ready;
  bool all_handled = true;
  for (const PlannedResource& planned : s.plan->resources()) {
    if (handled(planned.logical_id)) continue;
    all_handled = false;
    const bool dependencies_done = std::all_of(
        planned.dependencies.begin(), planned.dependencies.end(),
        [&](const std::string& dependency) {
          return handled(dependency) && Complete(s.rows[s.row_index.find(dependency)->second]);
        });
    if (dependencies_done) ready.push_back(&planned);
  }
  const std::string policy = PolicyOf(s.stack);
  if (ready.empty()) {
    if (!all_handled || !s.waiting.empty()) return Next::kWait;
    // The resources the new template removes, if the stack policy lets them go.
    for (size_t i = 0; i < s.rows.size() && !policy.empty(); ++i) {
      ResourceRecord& row = s.rows[i];
      if (row.wave > base || row.physical_id.empty() || s.plan->Find(row.logical_id)) continue;
      const std::string denial =
          StackPolicyDenial(policy, "Update:Delete", row.logical_id, row.type);
      if (denial.empty()) continue;
      row.wave = ++s.last_wave;  // the rollback puts it back as it was
      Record(s, i, "UPDATE_FAILED", denial);
      update_failed.push_back(row.logical_id);
    }
    if (!update_failed.empty()) return FailUpdate(tx, s, FailureCause({}, update_failed));
    return BeginUpdateCleanup(tx, s);
  }
  const int64_t wave = ++s.last_wave;

  // 1. Start them all: properties resolved, the action chosen, the first event written.
  enum class Action { kAdd, kModify, kReplace };
  struct Started {
    size_t row;
    Action action;
    json::object props;
    json::object previous;
    std::string error;
    std::optional<SignalPolicy> signals;  // an added resource's CreationPolicy
  };
  const Lookups lookups = MakeLookups(tx, s);
  std::vector<Started> started;
  for (const PlannedResource* planned : ready) {
    json::array dependencies;
    for (const std::string& dependency : planned->dependencies) {
      dependencies.emplace_back(dependency);
    }
    Started entry{.row = 0,
                  .action = Action::kAdd,
                  .props = {},
                  .previous = {},
                  .error = {},
                  .signals = planned->signals};
    try {
      entry.props = s.plan->Properties(planned->logical_id, lookups);
    } catch (const core::AwsError& error) {
      entry.error = error.what();
    }
    auto it = s.row_index.find(planned->logical_id);
    if (it == s.row_index.end()) {
      AddRow(s, ResourceRecord{.logical_id = planned->logical_id, .type = planned->type});
      entry.row = s.rows.size() - 1;
    } else {
      entry.row = it->second;
    }
    ResourceRecord& row = s.rows[entry.row];
    row.dependencies = json::serialize(dependencies);
    row.deletion_policy = DeletionPolicyOf(*planned, entry.props);
    row.wave = wave;
    s.dirty.insert(entry.row);
    if (row.physical_id.empty()) {  // new, or never created by an earlier operation
      row.properties = json::serialize(entry.props);
      Record(s, entry.row, "CREATE_IN_PROGRESS", "");
      started.push_back(std::move(entry));
      continue;
    }
    entry.previous = ParseJson(row.properties, json::object()).as_object();
    const Resource* updating = resources_.Find(row.type);
    if (entry.error.empty() && entry.previous == entry.props && Complete(row) &&
        !(updating && updating->UpdatedWhenUnchanged())) {
      continue;
    }
    entry.action = RequiresReplacement(row.type, entry.previous, entry.props) ? Action::kReplace
                                                                              : Action::kModify;
    if (!policy.empty()) {
      const std::string denial = StackPolicyDenial(
          policy, entry.action == Action::kReplace ? "Update:Replace" : "Update:Modify",
          row.logical_id, row.type);
      if (!denial.empty()) {
        Record(s, entry.row, "UPDATE_FAILED", denial);
        update_failed.push_back(row.logical_id);
        continue;
      }
    }
    if (entry.error.empty()) row.properties = json::serialize(entry.props);
    Record(s, entry.row, "UPDATE_IN_PROGRESS", entry.action == Action::kReplace ? kReplacing : "");
    started.push_back(std::move(entry));
  }

  // 2. Create, update or replace each; 3. complete those that are ready at once.
  std::vector<size_t> completed;
  for (Started& entry : started) {
    ResourceRecord& row = s.rows[entry.row];
    const bool adding = entry.action == Action::kAdd;
    std::vector<std::string>& failed = adding ? create_failed : update_failed;
    Resource* handler = resources_.Find(row.type);
    std::string error = entry.error;
    if (error.empty() && !handler) error = UnsupportedTypeReason(row.type);
    if (error.empty()) {
      try {
        handler->Validate(entry.props);
      } catch (const core::AwsError& e) {
        error = e.what();
      }
    }
    if (!error.empty()) {
      Record(s, entry.row, adding ? "CREATE_FAILED" : "UPDATE_FAILED", error);
      failed.push_back(row.logical_id);
      continue;
    }
    const bool awaits_signals = adding && entry.signals;
    bool initiated = false;
    try {
      ResourceResult result;
      if (entry.action == Action::kModify) {
        result = handler->Update(Request(s, row, entry.props), row.physical_id, entry.previous);
      } else {
        // A resource of that name removed by an earlier update left its signals behind.
        if (awaits_signals) waits_.DeleteHandle(tx, s.stack.stack_id, row.logical_id);
        if (awaits_signals) waits_.DeleteCondition(tx, s.stack.stack_id, row.logical_id);
        ResourceRequest request = Request(s, row, entry.props);
        request.awaits_signals = awaits_signals;
        result = handler->Create(request);
        row.physical_id = result.physical_id;
        Record(s, entry.row, adding ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS",
               "Resource creation Initiated");
        initiated = true;
      }
      row.physical_id = result.physical_id;
      if (!result.keeps_attributes) {
        // Read again from the service when referenced, but for what only a creation answers.
        row.attributes = result.attributes.empty() ? "{}" : json::serialize(result.attributes);
      }
      if (result.ready && !(awaits_signals && AwaitSignals(tx, s, entry.row, *entry.signals))) {
        completed.push_back(entry.row);
      } else {
        s.waiting.insert(entry.row);
      }
    } catch (const core::AwsError& e) {
      if (adding && !initiated) {
        Record(s, entry.row, "CREATE_IN_PROGRESS", "Resource creation Initiated");
      }
      Record(s, entry.row, adding ? "CREATE_FAILED" : "UPDATE_FAILED", e.what());
      failed.push_back(row.logical_id);
    }
  }
  for (const size_t row : completed) {
    Record(s, row,
           s.rows[row].status == "CREATE_IN_PROGRESS" ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", "");
  }
  if (!create_failed.empty() || !update_failed.empty()) {
    return FailUpdate(tx, s, FailureCause(create_failed, update_failed));
  }
  return completed.empty() && !started.empty() ? Next::kWait : Next::kContinue;
}

Deployer::Next Deployer::BeginUpdateCleanup(store::Transaction& tx, Session& s) {
  const std::string error = PutOutputs(tx, s);
  if (!error.empty()) return FailUpdate(tx, s, error);
  SetImports(tx, s.stack, s.plan->ImportedExports());  // those it no longer imports are free
  // What the cleanup deletes: the old resource of each replacement, and every resource the new
  // template no longer has.
  json::array cleanup;
  for (const ResourceRecord& previous : RowsOf(s.update, "resources")) {
    auto it = s.row_index.find(previous.logical_id);
    if (!s.plan->Find(previous.logical_id)) {  // its row goes, created or not
      cleanup.push_back(RowToJson(it != s.row_index.end() ? s.rows[it->second] : previous));
    } else if (!previous.physical_id.empty() && it != s.row_index.end() &&
               s.rows[it->second].physical_id != previous.physical_id) {
      cleanup.push_back(RowToJson(previous));
    }
  }
  s.update["cleanup"] = std::move(cleanup);
  stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
  SetStatus(s, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "");
  return Next::kContinue;
}

Deployer::Next Deployer::FailUpdate(store::Transaction& tx, Session& s, const std::string& cause) {
  (void)tx;
  const int64_t base = s.update.at("base_wave").to_number<int64_t>();
  for (size_t i = 0; i < s.rows.size(); ++i) {
    if (s.rows[i].wave <= base) continue;
    if (s.rows[i].status == "CREATE_IN_PROGRESS") {
      Record(s, i, "CREATE_FAILED", "Resource creation cancelled");
    } else if (s.rows[i].status == "UPDATE_IN_PROGRESS") {
      Record(s, i, "UPDATE_FAILED", "Resource update cancelled");
    }
  }
  s.waiting.clear();
  if (UpdateRollbackDisabled(s.stack)) {
    SetStatus(s, "UPDATE_FAILED", cause + ". ");
    return Next::kDone;
  }
  SetStatus(s, "UPDATE_ROLLBACK_IN_PROGRESS", cause + ". ");
  return Next::kContinue;
}

Deployer::Next Deployer::RollbackUpdateStep(store::Transaction& tx, Session& s) {
  LoadUpdate(tx, s);
  // Resources were put back by an earlier step; some are still on their way.
  if (s.update.contains("rollback_waits")) return FinishUpdateRollback(tx, s);
  const int64_t base = s.update.at("base_wave").to_number<int64_t>();
  std::map<std::string, ResourceRecord, std::less<>> previous;
  for (ResourceRecord& row : RowsOf(s.update, "resources")) {
    previous.emplace(row.logical_id, std::move(row));
  }
  // The stack's template, parameters and options as they were; read again, so that what
  // changed since the session began (termination protection) is kept.
  if (!s.update.contains("retain_except_on_create")) {  // the update's, for its cleanup
    s.update["retain_except_on_create"] = s.stack.retain_except_on_create;
  }
  if (std::optional<StackRecord> stored = stacks_.FindByIdAnywhere(tx, s.stack.stack_id)) {
    const std::vector<EventRecord> events = std::move(s.events);
    RestoreStack(s.update.at("previous").as_object(), *stored);
    stored->status = s.stack.status;
    stored->status_reason = s.stack.status_reason;
    s.stack = std::move(*stored);
    s.events = events;
    stacks_.UpdateStack(tx, s.stack);
  }

  // Each resource the update changed goes back to what it was; what it created is deleted by
  // the cleanup that follows (a rollback tried again by ContinueUpdateRollback adds to the list
  // the failed one made).
  json::array cleanup =
      s.update["cleanup"].is_array() ? s.update["cleanup"].get_array() : json::array();
  const auto to_clean_up = [&cleanup](const ResourceRecord& row) {
    json::object entry = RowToJson(row);
    if (std::find(cleanup.begin(), cleanup.end(), json::value(entry)) == cleanup.end()) {
      cleanup.push_back(std::move(entry));
    }
  };
  std::vector<std::string> failed;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    ResourceRecord& row = s.rows[i];
    if (row.wave <= base) continue;
    auto before = previous.find(row.logical_id);
    if (before == previous.end()) {
      to_clean_up(row);
      continue;
    }
    const ResourceRecord& old = before->second;
    const json::value* skip = s.update.if_contains("skip");
    if (skip && skip->is_array() &&
        std::find(skip->get_array().begin(), skip->get_array().end(),
                  json::value(row.logical_id)) != skip->get_array().end()) {
      // ContinueUpdateRollback's ResourcesToSkip: CloudFormation counts it as rolled back.
      row.properties = old.properties;
      row.wave = old.wave;
      Record(s, i, "UPDATE_COMPLETE", "Resource skipped during rollback.");
      continue;
    }
    if (row.physical_id != old.physical_id) {  // replaced: the old resource is still there
      if (!row.physical_id.empty()) to_clean_up(row);
      row = old;
      s.dirty.insert(i);
      if (!old.physical_id.empty()) {
        Record(s, i, "UPDATE_IN_PROGRESS", "");
        Record(s, i, "UPDATE_COMPLETE", "");
      }
      continue;
    }
    const json::object props = ParseJson(row.properties, json::object()).as_object();
    const json::object old_props = ParseJson(old.properties, json::object()).as_object();
    if (props == old_props) {  // left alone by the update, or refused by the stack policy
      row = old;
      s.dirty.insert(i);
      continue;
    }
    const int64_t touched_wave = row.wave;
    row.properties = old.properties;
    row.dependencies = old.dependencies;
    row.deletion_policy = old.deletion_policy;
    row.wave = old.wave;
    Record(s, i, "UPDATE_IN_PROGRESS", "");
    Resource* handler = resources_.Find(row.type);
    try {
      if (!handler) throw core::AwsError("InternalFailure", UnsupportedTypeReason(row.type));
      const ResourceResult result =
          handler->Update(Request(s, row, old_props), row.physical_id, props);
      row.attributes = "{}";
      if (result.ready) {
        Record(s, i, "UPDATE_COMPLETE", "");
      } else {  // polled by FinishUpdateRollback until its service is done
        s.dirty.insert(i);
        s.waiting.insert(i);
      }
    } catch (const core::AwsError& error) {
      // Still the update's: ContinueUpdateRollback tries it again.
      row.properties = json::serialize(props);
      row.wave = touched_wave;
      Record(s, i, "UPDATE_FAILED", error.what());
      failed.push_back(row.logical_id);
    }
  }
  s.update["cleanup"] = std::move(cleanup);
  stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
  if (!failed.empty()) {
    SetStatus(s, "UPDATE_ROLLBACK_FAILED",
              "The following resource(s) failed to update: " + NameList(failed) + ". ");
    return Next::kDone;
  }
  s.update["rollback_waits"] = true;
  stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
  return FinishUpdateRollback(tx, s);
}

Deployer::Next Deployer::FinishUpdateRollback(store::Transaction& tx, Session& s) {
  // A nested stack's parent is UPDATE_ROLLBACK_COMPLETE only once its children are back.
  std::vector<std::string> create_failed;
  std::vector<std::string> failed;
  PollWaiting(tx, s, create_failed, failed);
  if (!failed.empty()) {
    s.update.erase("rollback_waits");  // ContinueUpdateRollback starts the rollback again
    stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
    SetStatus(s, "UPDATE_ROLLBACK_FAILED",
              "The following resource(s) failed to update: " + NameList(failed) + ". ");
    return Next::kDone;
  }
  if (!s.waiting.empty()) return Next::kWait;
  s.update.erase("rollback_waits");
  // The exports of the outputs the stack had.
  stacks_.DeleteExports(tx, s.stack.stack_id);
  const json::value outputs = ParseJson(s.stack.outputs, json::array());
  for (const json::value& output : outputs.as_array()) {
    const json::object& described = output.as_object();
    if (!described.contains("ExportName")) continue;
    stacks_.PutExport(tx, s.stack.scope,
                      ExportRecord{.name = TextOf(described, "ExportName"),
                                   .value = TextOf(described, "OutputValue"),
                                   .stack_id = s.stack.stack_id});
  }
  // And the exports it imported (a state saved by an older nimbus has no list: left as is).
  if (const json::value* imports = s.update.if_contains("imports");
      imports && imports->is_array()) {
    std::vector<std::string> names;
    for (const json::value& name : imports->get_array()) names.emplace_back(name.as_string());
    SetImports(tx, s.stack, names);
  }
  stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
  SetStatus(s, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "");
  return Next::kContinue;
}

Deployer::Next Deployer::CleanupStep(store::Transaction& tx, Session& s) {
  LoadUpdate(tx, s);
  const bool rollback = s.stack.status == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
  if (!rollback && !s.plan) {
    s.plan = std::make_unique<StackPlan>(ParseTemplate(s.stack.template_body), FactsOf(s.stack),
                                         ParametersFromJson(s.stack.parameters));
  }
  const std::vector<ResourceRecord> cleanup = RowsOf(s.update, "cleanup");
  // Dependents first: the later a resource was started, the earlier it goes.
  std::vector<size_t> order(cleanup.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&cleanup](size_t a, size_t b) { return cleanup[a].wave > cleanup[b].wave; });
  const auto event = [this, &s](const ResourceRecord& row, std::string_view status,
                                std::string_view reason) {
    s.events.push_back(ResourceEvent(s.stack, row, status, reason, Now()));
  };
  for (size_t position = 0; position < order.size(); ++position) {
    const ResourceRecord& row = cleanup[order[position]];
    // Its Delete was called by an earlier step, and its service had not finished.
    const json::value& saved = s.update.at("cleanup").as_array().at(order[position]);
    const bool deleting = saved.as_object().contains("deleting");
    auto it = s.row_index.find(row.logical_id);
    // The row itself goes (a removed resource, or one the rolled-back update added), unless
    // the logical id stays with another physical resource (a replacement's old one).
    const bool row_goes = it != s.row_index.end() &&
                          s.rows[it->second].physical_id == row.physical_id &&
                          (rollback || !s.plan->Find(row.logical_id));
    bool retained = false;
    if (rollback) {
      const json::value* except_on_create = s.update.if_contains("retain_except_on_create");
      retained = row.deletion_policy == "Retain" && row_goes &&
                 !(except_on_create && except_on_create->is_bool() && except_on_create->get_bool());
    } else if (row_goes) {
      retained = row.deletion_policy == "Retain" || row.deletion_policy == "RetainExceptOnCreate";
    } else {
      const json::value* definition =
          s.plan->tmpl().at("Resources").as_object().if_contains(row.logical_id);
      const json::value* policy =
          definition ? definition->as_object().if_contains("UpdateReplacePolicy") : nullptr;
      retained = policy && policy->is_string() && policy->get_string() == "Retain";
    }
    if (retained && !deleting) {
      event(row, "DELETE_SKIPPED", "");
    } else if (!row.physical_id.empty()) {
      if (!deleting) event(row, "DELETE_IN_PROGRESS", "");
      Resource* handler = resources_.Find(row.type);
      const json::object props = ParseJson(row.properties, json::object()).as_object();
      try {
        if (!handler) throw core::AwsError("InternalFailure", UnsupportedTypeReason(row.type));
        const ResourceRequest request = Request(s, row, props);
        if (!deleting) handler->Delete(request, row.physical_id);
        if (!handler->Gone(request, row.physical_id)) {
          // Its service deletes it asynchronously (an SSO assignment): polled, and nothing
          // after it is deleted before it is gone, as on DeleteStack.
          json::array remaining;
          for (size_t k = position; k < order.size(); ++k) {
            remaining.push_back(s.update.at("cleanup").as_array().at(order[k]));
          }
          remaining.front().as_object()["deleting"] = true;
          s.update["cleanup"] = std::move(remaining);
          stacks_.PutUpdateState(tx, s.stack, json::serialize(s.update));
          return Next::kWait;
        }
        event(row, "DELETE_COMPLETE", "");
      } catch (const core::AwsError& error) {
        // A resource the cleanup cannot delete is left behind; the stack still completes.
        event(row, "DELETE_FAILED", error.what());
      }
    }
    if (row_goes) {
      s.dirty.erase(it->second);
      stacks_.DeleteResource(tx, s.stack, row.logical_id);
    }
  }
  stacks_.DeleteUpdateState(tx, s.stack);
  SetStatus(s, rollback ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_COMPLETE", "");
  return Next::kDone;
}

}  // namespace nimbus::cloudformation
