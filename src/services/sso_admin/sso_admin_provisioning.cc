// SsoAdminProvider: provisioning permission sets to accounts, and what is provisioned where.
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/sso_admin/sso_admin_internal.h"
#include "services/sso_admin/sso_admin_provider.h"

namespace nimbus::sso_admin {

namespace json = boost::json;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AddNextToken;
using internal::DecodeToken;
using internal::Limit;
using internal::PermissionSetId;

json::value SsoAdminProvider::ProvisionPermissionSet(const RequestContext& ctx,
                                                     const json::object& in) {
  const std::string target_type = RequiredString(in, "TargetType");
  const std::optional<std::string> target_id = OptString(in, "TargetId");
  if (target_type == "AWS_ACCOUNT" && !target_id) {
    core::ValidationFailed("TargetId is required when TargetType is AWS_ACCOUNT.");
  }
  store::Transaction tx = store_.Begin();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const PermissionSetRecord ps =
      RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
  OperationRecord op{.request_id = rt_.ids.Uuid(),
                     .instance_arn = instance.arn,
                     .kind = "PROVISION",
                     .status = "IN_PROGRESS",
                     .target_id = target_type == "AWS_ACCOUNT" ? target_id : std::nullopt,
                     .target_type = target_type,
                     .permission_set_arn = ps.arn,
                     .created_millis = ctx.now_millis};
  store_.InsertOperation(tx, op);
  rt_.scheduler.Schedule(tx, "sso-admin.ProvisionPermissionSet", op.request_id,
                         rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{{"PermissionSetProvisioningStatus", OperationStatus(op, false)}};
}

void SsoAdminProvider::FinishProvisioning(const std::string& request_id) {
  store::Transaction tx = store_.Begin();
  std::optional<OperationRecord> op = store_.FindOperationById(tx, request_id);
  if (!op || op->status != "IN_PROGRESS") return;
  std::optional<PermissionSetRecord> ps =
      store_.FindPermissionSet(tx, op->instance_arn, op->permission_set_arn.value_or(""));
  if (!ps) {
    store_.FinishOperation(
        tx, request_id, "FAILED",
        "The permission set " + PermissionSetId(*op->permission_set_arn) + " no longer exists.");
    tx.Commit();
    return;
  }
  std::vector<std::string> accounts;
  if (op->target_id) {
    accounts.push_back(*op->target_id);
  } else {
    accounts = store_.ProvisionedAccounts(tx, ps->arn);
  }
  for (const std::string& account : accounts) {
    store_.SetProvisioned(tx, ps->instance_arn, ps->arn, account, ps->version);
  }
  store_.FinishOperation(tx, request_id, "SUCCEEDED", std::nullopt);
  tx.Commit();
}

json::value SsoAdminProvider::DescribePermissionSetProvisioningStatus(const RequestContext& ctx,
                                                                      const json::object& in) {
  return DescribeOperation(ctx, in, "PROVISION", "ProvisionPermissionSetRequestId",
                           "PermissionSetProvisioningStatus");
}

json::value SsoAdminProvider::ListPermissionSetProvisioningStatus(const RequestContext& ctx,
                                                                  const json::object& in) {
  return ListOperations(ctx, in, "PROVISION", "PermissionSetsProvisioningStatus");
}

namespace {

std::optional<bool> LatestFilter(const json::object& in) {
  const std::optional<std::string> status = OptString(in, "ProvisioningStatus");
  if (!status) return std::nullopt;
  return *status == "LATEST_PERMISSION_SET_PROVISIONED";
}

}  // namespace

json::value SsoAdminProvider::ListPermissionSetsProvisionedToAccount(const RequestContext& ctx,
                                                                     const json::object& in) {
  const int64_t after = DecodeToken(in, "ListPermissionSetsProvisionedToAccount");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<std::string> page = store_.ListPermissionSetsForAccount(
      tx, instance.arn, RequiredString(in, "AccountId"), LatestFilter(in), after, Limit(in, 100));
  json::object out{{"PermissionSets", json::array(page.items.begin(), page.items.end())}};
  AddNextToken(out, page, "ListPermissionSetsProvisionedToAccount");
  return out;
}

json::value SsoAdminProvider::ListAccountsForProvisionedPermissionSet(const RequestContext& ctx,
                                                                      const json::object& in) {
  const int64_t after = DecodeToken(in, "ListAccountsForProvisionedPermissionSet");
  store::Transaction tx = store_.Read();
  const PermissionSetRecord ps = RequirePermissionSet(tx, ctx, in);
  const Page<std::string> page =
      store_.ListAccountsForPermissionSet(tx, ps.arn, LatestFilter(in), after, Limit(in, 100));
  json::object out{{"AccountIds", json::array(page.items.begin(), page.items.end())}};
  AddNextToken(out, page, "ListAccountsForProvisionedPermissionSet");
  return out;
}

}  // namespace nimbus::sso_admin
