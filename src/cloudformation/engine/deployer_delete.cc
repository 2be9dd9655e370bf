// The ends of a failed creation and the deletion of resources: rollback, OnFailure DELETE and
// DeleteStack share the same reverse-dependency walk.
#include <algorithm>
#include <map>

#include <boost/json/parse.hpp>

#include "cloudformation/engine/deployer.h"
#include "cloudformation/engine/deployer_internal.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::ParseJson;

namespace {

bool Exists(const ResourceRecord& row) {
  return row.status != "DELETE_COMPLETE" && row.status != "DELETE_SKIPPED";
}

// DisableRollback, OnFailure DO_NOTHING, or DeploymentConfig's DisableRollback.
bool RollbackDisabled(const StackRecord& stack) {
  return stack.disable_rollback || stack.on_failure == "DO_NOTHING" ||
         internal::DeploymentDisablesRollback(stack);
}

}  // namespace

Deployer::Next Deployer::FailCreate(store::Transaction& tx, Session& s, const std::string& cause) {
  (void)tx;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    if (s.rows[i].status == "CREATE_IN_PROGRESS") {
      Record(s, i, "CREATE_FAILED", "Resource creation cancelled");
    }
  }
  // The stack's reason names the cause, then what happens next: "The following resource(s)
  // failed to create: [X]. Rollback requested by user." ("Delete requested by user." with
  // OnFailure DELETE); without rollback it ends "[X]. ", as "failed to delete" reasons do.
  if (RollbackDisabled(s.stack)) {
    SetStatus(s, "CREATE_FAILED", cause + ". ");
    return Next::kDone;
  }
  const bool remove = s.stack.on_failure == "DELETE";
  SetStatus(s, remove ? "DELETE_IN_PROGRESS" : "ROLLBACK_IN_PROGRESS",
            cause + (remove ? ". Delete requested by user." : ". Rollback requested by user."));
  for (size_t i = 0; i < s.rows.size(); ++i) {
    if (Exists(s.rows[i])) {
      s.rows[i].pending_delete = true;
      s.dirty.insert(i);
    }
  }
  return Next::kContinue;
}

bool Deployer::Retained(const Session& s, const ResourceRecord& row) const {
  // The rollback (or OnFailure DELETE) of the operation that created the stack.
  const bool create_rollback = s.stack.operation_type == "CREATE_STACK";
  if (create_rollback && s.stack.retain_except_on_create)
    return false;  // "... includes
                   // Retain" (CreateStack)
  if (!create_rollback) {
    const json::value retained = ParseJson(s.stack.retain_resources, json::array());
    for (const json::value& id : retained.as_array()) {
      if (id.is_string() && id.get_string() == row.logical_id) return true;
    }
  }
  if (row.deletion_policy == "Retain") return true;
  if (row.deletion_policy == "RetainExceptOnCreate") return !create_rollback;
  return false;  // Delete, and Snapshot for types that have no snapshots
}

bool Deployer::FailDeleteOfExportInUse(store::Transaction& tx, Session& s) {
  s.exports_checked = true;
  const std::optional<std::string> in_use = ExportInUse(tx, s.stack);
  if (!in_use) return false;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    if (s.rows[i].pending_delete) {
      s.rows[i].pending_delete = false;
      s.dirty.insert(i);
    }
  }
  SetStatus(s, "DELETE_FAILED", *in_use);
  return true;
}

Deployer::Next Deployer::DeleteStep(store::Transaction& tx, Session& s) {
  if (s.stack.status == "DELETE_IN_PROGRESS" && !s.exports_checked &&
      FailDeleteOfExportInUse(tx, s)) {
    return Next::kDone;
  }
  // Deletions a service completes asynchronously: polled until the resource is gone.
  bool still_deleting = false;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    const ResourceRecord& row = s.rows[i];
    if (row.status != "DELETE_IN_PROGRESS" || row.pending_delete) continue;
    Resource* handler = resources_.Find(row.type);
    const json::object props = ParseJson(row.properties, json::object()).as_object();
    try {
      if (!handler || handler->Gone(Request(s, row, props), row.physical_id)) {
        Record(s, i, "DELETE_COMPLETE", "");
      } else {
        still_deleting = true;
      }
    } catch (const core::AwsError& error) {
      Record(s, i, "DELETE_FAILED", error.what());
    }
  }

  // A resource is deleted once nothing that still exists depends on it.
  std::map<std::string, int, std::less<>> dependents;
  for (const ResourceRecord& row : s.rows) {
    if (!Exists(row)) continue;
    const json::value dependencies = ParseJson(row.dependencies, json::array());
    for (const json::value& dependency : dependencies.as_array()) {
      ++dependents[std::string(dependency.as_string())];
    }
  }
  std::vector<size_t> ready;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    if (!s.rows[i].pending_delete) continue;
    auto it = dependents.find(s.rows[i].logical_id);
    if (it == dependents.end() || it->second == 0) ready.push_back(i);
  }
  if (ready.empty()) return still_deleting ? Next::kWait : FinishDelete(tx, s);

  // Every ready resource starts (DELETE_IN_PROGRESS, or DELETE_SKIPPED if kept) before any is
  // deleted.
  std::vector<size_t> deleting;
  for (const size_t i : ready) {
    s.rows[i].pending_delete = false;
    if (Retained(s, s.rows[i])) {
      Record(s, i, "DELETE_SKIPPED", "");
    } else {
      Record(s, i, "DELETE_IN_PROGRESS", "");
      deleting.push_back(i);
    }
  }
  for (const size_t i : deleting) {
    const ResourceRecord& row = s.rows[i];
    if (row.physical_id.empty()) {  // it was never created
      Record(s, i, "DELETE_COMPLETE", "");
      continue;
    }
    Resource* handler = resources_.Find(row.type);
    if (!handler) {
      Record(s, i, "DELETE_FAILED", UnsupportedTypeReason(row.type));
      continue;
    }
    const json::object props = ParseJson(row.properties, json::object()).as_object();
    try {
      const ResourceRequest request = Request(s, row, props);
      handler->Delete(request, row.physical_id);
      // Otherwise it stays DELETE_IN_PROGRESS, and the next steps poll it.
      if (handler->Gone(request, row.physical_id)) Record(s, i, "DELETE_COMPLETE", "");
    } catch (const core::AwsError& error) {
      Record(s, i, "DELETE_FAILED", error.what());
    }
  }
  return Next::kContinue;
}

Deployer::Next Deployer::FinishDelete(store::Transaction& tx, Session& s) {
  std::vector<std::string> failed;
  for (size_t i = 0; i < s.rows.size(); ++i) {
    if (s.rows[i].status == "DELETE_FAILED") failed.push_back(s.rows[i].logical_id);
    if (s.rows[i].pending_delete) {  // kept by a resource that failed to delete
      s.rows[i].pending_delete = false;
      s.dirty.insert(i);
    }
  }
  const bool rollback = s.stack.status == "ROLLBACK_IN_PROGRESS";
  if (!failed.empty()) {
    SetStatus(s, rollback ? "ROLLBACK_FAILED" : "DELETE_FAILED",
              "The following resource(s) failed to delete: " + internal::NameList(failed) + ". ");
    return Next::kDone;
  }
  // What the stack imported is no longer in use: its resources are gone.
  stacks_.DeleteImports(tx, s.stack.stack_id);
  if (rollback) {
    SetStatus(s, "ROLLBACK_COMPLETE", "");
    return Next::kDone;
  }
  stacks_.DeleteExports(tx, s.stack.stack_id);
  waits_.DeleteStack(tx, s.stack.stack_id);
  s.stack.deleted_millis = Now();
  SetStatus(s, "DELETE_COMPLETE", "");
  return Next::kDone;
}

}  // namespace nimbus::cloudformation
