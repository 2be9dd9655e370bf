// SsoAdminProvider: account assignments and the status of their creation and deletion.
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/sso_admin/sso_admin_internal.h"
#include "services/sso_admin/sso_admin_provider.h"

namespace nimbus::sso_admin {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AddNextToken;
using internal::DecodeToken;
using internal::Limit;
using internal::PermissionSetId;

json::value SsoAdminProvider::DescribeAccountAssignmentCreationStatus(const RequestContext& ctx,
                                                                      const json::object& in) {
  return DescribeOperation(ctx, in, "ASSIGNMENT_CREATE", "AccountAssignmentCreationRequestId",
                           "AccountAssignmentCreationStatus");
}

json::value SsoAdminProvider::DescribeAccountAssignmentDeletionStatus(const RequestContext& ctx,
                                                                      const json::object& in) {
  return DescribeOperation(ctx, in, "ASSIGNMENT_DELETE", "AccountAssignmentDeletionRequestId",
                           "AccountAssignmentDeletionStatus");
}

json::value SsoAdminProvider::ListAccountAssignmentCreationStatus(const RequestContext& ctx,
                                                                  const json::object& in) {
  return ListOperations(ctx, in, "ASSIGNMENT_CREATE", "AccountAssignmentsCreationStatus");
}

json::value SsoAdminProvider::ListAccountAssignmentDeletionStatus(const RequestContext& ctx,
                                                                  const json::object& in) {
  return ListOperations(ctx, in, "ASSIGNMENT_DELETE", "AccountAssignmentsDeletionStatus");
}

namespace {

AssignmentRecord AssignmentOf(const json::object& in, std::string_view instance_arn) {
  return AssignmentRecord{.instance_arn = std::string(instance_arn),
                          .target_id = RequiredString(in, "TargetId"),
                          .permission_set_arn = RequiredString(in, "PermissionSetArn"),
                          .principal_type = RequiredString(in, "PrincipalType"),
                          .principal_id = RequiredString(in, "PrincipalId")};
}

AssignmentRecord AssignmentOf(const OperationRecord& op) {
  return AssignmentRecord{.instance_arn = op.instance_arn,
                          .target_id = op.target_id.value_or(""),
                          .permission_set_arn = op.permission_set_arn.value_or(""),
                          .principal_type = op.principal_type.value_or(""),
                          .principal_id = op.principal_id.value_or("")};
}

json::object AssignmentJson(const AssignmentRecord& a) {
  return json::object{{"AccountId", a.target_id},
                      {"PermissionSetArn", a.permission_set_arn},
                      {"PrincipalType", a.principal_type},
                      {"PrincipalId", a.principal_id}};
}

}  // namespace

// Records an assignment creation or deletion as IN_PROGRESS and schedules the task that ends it.
OperationRecord SsoAdminProvider::StartAssignmentOperation(
    store::Transaction& tx, const RequestContext& ctx, const json::object& in,
    const InstanceRecord& instance, const AssignmentRecord& a, std::string_view kind,
    std::string_view task_kind) {
  OperationRecord op{.request_id = rt_.ids.Uuid(),
                     .instance_arn = instance.arn,
                     .kind = std::string(kind),
                     .status = "IN_PROGRESS",
                     .target_id = a.target_id,
                     .target_type = RequiredString(in, "TargetType"),
                     .permission_set_arn = a.permission_set_arn,
                     .principal_type = a.principal_type,
                     .principal_id = a.principal_id,
                     .created_millis = ctx.now_millis};
  store_.InsertOperation(tx, op);
  rt_.scheduler.Schedule(tx, task_kind, op.request_id, rt_.options.async_delay_millis);
  return op;
}

json::value SsoAdminProvider::CreateAccountAssignment(const RequestContext& ctx,
                                                      const json::object& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const AssignmentRecord a = AssignmentOf(in, instance.arn);
  RequirePermissionSet(tx, instance, a.permission_set_arn);
  const OperationRecord op = StartAssignmentOperation(tx, ctx, in, instance, a, "ASSIGNMENT_CREATE",
                                                      "sso-admin.CreateAccountAssignment");
  tx.Commit();
  return json::object{{"AccountAssignmentCreationStatus", OperationStatus(op, true)}};
}

void SsoAdminProvider::FinishAssignmentCreation(const std::string& request_id) {
  std::optional<OperationRecord> op;
  std::optional<InstanceRecord> instance;
  {
    store::Transaction tx = store_.Read();
    op = store_.FindOperationById(tx, request_id);
    if (!op) return;
    instance = store_.FindInstanceByArn(tx, op->instance_arn);
  }
  if (!op || !instance || op->status != "IN_PROGRESS") return;
  const AssignmentRecord a = AssignmentOf(*op);
  const bool principal_exists = PrincipalExists(*instance, a);
  store::Transaction tx = store_.Begin();
  std::optional<PermissionSetRecord> ps =
      store_.FindPermissionSet(tx, a.instance_arn, a.permission_set_arn);
  if (!principal_exists) {
    store_.FinishOperation(tx, request_id, "FAILED",
                           "The " + std::string(a.principal_type == "USER" ? "user" : "group") +
                               " with id " + a.principal_id + " does not exist in identity store " +
                               instance->identity_store_id + ".");
  } else if (!ps) {
    store_.FinishOperation(
        tx, request_id, "FAILED",
        "Could not find PermissionSet with id " + PermissionSetId(a.permission_set_arn));
  } else {
    store_.InsertAssignment(tx, a);
    // Assigning provisions the permission set to the target account.
    store_.SetProvisioned(tx, a.instance_arn, a.permission_set_arn, a.target_id, ps->version);
    store_.FinishOperation(tx, request_id, "SUCCEEDED", std::nullopt);
  }
  tx.Commit();
}

bool SsoAdminProvider::PrincipalExists(const InstanceRecord& instance,
                                       const AssignmentRecord& a) const {
  const bool user = a.principal_type == "USER";
  try {
    services_.Call(internal::OwnerCaller(instance), instance.region, "identitystore",
                   user ? "DescribeUser" : "DescribeGroup",
                   {{"IdentityStoreId", instance.identity_store_id},
                    {user ? "UserId" : "GroupId", a.principal_id}});
    return true;
  } catch (const AwsError& error) {
    if (error.code() == "ResourceNotFoundException") return false;
    throw;
  }
}

json::value SsoAdminProvider::DeleteAccountAssignment(const RequestContext& ctx,
                                                      const json::object& in) {
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const AssignmentRecord a = AssignmentOf(in, instance.arn);
  RequirePermissionSet(tx, instance, a.permission_set_arn);
  if (!store_.AssignmentExists(tx, a)) {
    throw AwsError("ResourceNotFoundException",
                   "Could not find an account assignment of permission set " +
                       PermissionSetId(a.permission_set_arn) + " to " + a.principal_type + " " +
                       a.principal_id + " in account " + a.target_id + ".");
  }
  const OperationRecord op = StartAssignmentOperation(tx, ctx, in, instance, a, "ASSIGNMENT_DELETE",
                                                      "sso-admin.DeleteAccountAssignment");
  tx.Commit();
  return json::object{{"AccountAssignmentDeletionStatus", OperationStatus(op, true)}};
}

void SsoAdminProvider::FinishAssignmentDeletion(const std::string& request_id) {
  store::Transaction tx = store_.Begin();
  std::optional<OperationRecord> op = store_.FindOperationById(tx, request_id);
  if (!op || op->status != "IN_PROGRESS") return;
  const AssignmentRecord a = AssignmentOf(*op);
  store_.DeleteAssignment(tx, a);
  // The last assignment of a permission set in an account removes it from that account.
  if (store_.CountAssignments(tx, a.permission_set_arn, a.target_id) == 0) {
    store_.RemoveProvisioned(tx, a.permission_set_arn, a.target_id);
  }
  store_.FinishOperation(tx, request_id, "SUCCEEDED", std::nullopt);
  tx.Commit();
}

json::value SsoAdminProvider::ListAccountAssignments(const RequestContext& ctx,
                                                     const json::object& in) {
  const int64_t after = DecodeToken(in, "ListAccountAssignments");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  const Page<AssignmentRecord> page = store_.ListAssignments(
      tx, instance.arn, RequiredString(in, "AccountId"), ps.arn, after, Limit(in, 100));
  json::array items;
  for (const AssignmentRecord& a : page.items) items.push_back(AssignmentJson(a));
  json::object out{{"AccountAssignments", std::move(items)}};
  AddNextToken(out, page, "ListAccountAssignments");
  return out;
}

json::value SsoAdminProvider::ListAccountAssignmentsForPrincipal(const RequestContext& ctx,
                                                                 const json::object& in) {
  const int64_t after = DecodeToken(in, "ListAccountAssignmentsForPrincipal");
  std::optional<std::string> account;
  if (const json::object* filter = OptObject(in, "Filter"))
    account = OptString(*filter, "AccountId");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<AssignmentRecord> page = store_.ListAssignmentsForPrincipal(
      tx, instance.arn, RequiredString(in, "PrincipalType"), RequiredString(in, "PrincipalId"),
      account, after, Limit(in, 100));
  json::array items;
  for (const AssignmentRecord& a : page.items) items.push_back(AssignmentJson(a));
  json::object out{{"AccountAssignments", std::move(items)}};
  AddNextToken(out, page, "ListAccountAssignmentsForPrincipal");
  return out;
}

}  // namespace nimbus::sso_admin
