#include "services/sso_admin/sso_admin_provider.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <system_error>

#include "core/auth/identity.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/tags.h"
#include "services/sso_admin/sso_admin_internal.h"

namespace nimbus::sso_admin {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AddNextToken;
using internal::DecodeToken;
using internal::Limit;
using internal::PermissionSetId;

namespace internal {

int64_t DecodeToken(const json::object& in, std::string_view kind) {
  const std::optional<std::string> position = services::ReadPageToken(in, "NextToken", kind);
  int64_t after = 0;
  if (!position) core::ValidationFailed("The NextToken is invalid.");
  if (!position->empty()) {
    const char* end = position->data() + position->size();
    const auto [ptr, ec] = std::from_chars(position->data(), end, after);
    if (ec != std::errc() || ptr != end) core::ValidationFailed("The NextToken is invalid.");
  }
  return after;
}

int64_t Limit(const json::object& in, int64_t fallback, int64_t cap) {
  return std::clamp<int64_t>(IntOr(in, "MaxResults", fallback), 1, cap);
}

core::Caller OwnerCaller(const InstanceRecord& instance) {
  return core::Caller{.access_key_id = "",
                      .account = instance.account,
                      .arn = core::auth::RootArn(instance.account, instance.region),
                      .user_id = instance.account};
}

json::object DataKeyContext(const InstanceRecord& instance) {
  return json::object{{"aws:sso:instance-arn", instance.arn}};
}

std::string PermissionSetId(std::string_view ps_arn) {
  return std::string(ps_arn.substr(ps_arn.rfind('/') + 1));
}

}  // namespace internal

namespace {

// https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html
constexpr size_t kMaxTagsPerResource = 75;

// The instance ARN a permission set ARN belongs to, or "" if it is not a permission set ARN.
std::string InstanceOfPermissionSet(std::string_view ps_arn) {
  const size_t at = ps_arn.find(":permissionSet/");
  if (at == std::string_view::npos) return "";
  const std::string_view rest = ps_arn.substr(at + 15);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return "";
  return std::string(ps_arn.substr(0, at)) + ":instance/" + std::string(rest.substr(0, slash));
}

std::string AccessDeniedMessage(const RequestContext& ctx, std::string_view arn) {
  const std::string who =
      ctx.caller.arn.empty() ? core::GlobalArn(ctx.scope, "iam", "root") : ctx.caller.arn;
  return "User: " + who + " is not authorized to perform: sso:" + ctx.operation +
         " on resource: " + std::string(arn);
}

// The instance ARN that owns a taggable resource ARN (itself for an instance), or "".
std::string OwningInstance(std::string_view resource_arn) {
  if (resource_arn.find(":instance/") != std::string_view::npos) {
    return std::string(resource_arn);
  }
  return InstanceOfPermissionSet(resource_arn);
}

// SSO Admin's answer to KMS refusing an instance's customer managed key: the error whose Reason
// names the KMS error, with KMS's message (as AWS passes it on).
AwsError KmsKeyError(const AwsError& kms) {
  struct Mapping {
    std::string_view kms_code;
    std::string_view code;
    std::string_view reason;
  };
  static constexpr Mapping kMappings[] = {
      {"NotFoundException", "ResourceNotFoundException", "KMS_NotFoundException"},
      {"DisabledException", "ValidationException", "KMS_DisabledException"},
      {"KMSInvalidStateException", "ValidationException", "KMS_InvalidStateException"},
      {"InvalidKeyUsageException", "ValidationException", "KMS_InvalidKeyUsageException"},
      {"AccessDeniedException", "AccessDeniedException", "KMS_AccessDeniedException"},
      {"ThrottlingException", "ThrottlingException", "KMS_ThrottlingException"},
  };
  for (const Mapping& m : kMappings) {
    if (kms.code() == m.kms_code) {
      return AwsError(std::string(m.code), kms.what()).With("Reason", json::value(m.reason));
    }
  }
  return AwsError("InternalServerException",
                  "KMS answered " + kms.code() + " for the instance's key: " + kms.what());
}

}  // namespace

SsoAdminProvider::SsoAdminProvider(Runtime& rt, const core::ServiceClient& services)
    : rt_(rt), services_(services), store_(rt.db) {
  Register("CreateInstance", &SsoAdminProvider::CreateInstance);
  Register("DescribeInstance", &SsoAdminProvider::DescribeInstance);
  Register("ListInstances", &SsoAdminProvider::ListInstances);
  Register("UpdateInstance", &SsoAdminProvider::UpdateInstance);
  Register("DeleteInstance", &SsoAdminProvider::DeleteInstance);
  Register("TagResource", &SsoAdminProvider::TagResource);
  Register("UntagResource", &SsoAdminProvider::UntagResource);
  Register("ListTagsForResource", &SsoAdminProvider::ListTagsForResource);
  Register("CreatePermissionSet", &SsoAdminProvider::CreatePermissionSet);
  Register("DescribePermissionSet", &SsoAdminProvider::DescribePermissionSet);
  Register("ListPermissionSets", &SsoAdminProvider::ListPermissionSets);
  Register("UpdatePermissionSet", &SsoAdminProvider::UpdatePermissionSet);
  Register("DeletePermissionSet", &SsoAdminProvider::DeletePermissionSet);
  Register("PutInlinePolicyToPermissionSet", &SsoAdminProvider::PutInlinePolicyToPermissionSet);
  Register("GetInlinePolicyForPermissionSet", &SsoAdminProvider::GetInlinePolicyForPermissionSet);
  Register("DeleteInlinePolicyFromPermissionSet",
           &SsoAdminProvider::DeleteInlinePolicyFromPermissionSet);
  Register("AttachManagedPolicyToPermissionSet",
           &SsoAdminProvider::AttachManagedPolicyToPermissionSet);
  Register("DetachManagedPolicyFromPermissionSet",
           &SsoAdminProvider::DetachManagedPolicyFromPermissionSet);
  Register("ListManagedPoliciesInPermissionSet",
           &SsoAdminProvider::ListManagedPoliciesInPermissionSet);
  Register("AttachCustomerManagedPolicyReferenceToPermissionSet",
           &SsoAdminProvider::AttachCustomerManagedPolicyReferenceToPermissionSet);
  Register("DetachCustomerManagedPolicyReferenceFromPermissionSet",
           &SsoAdminProvider::DetachCustomerManagedPolicyReferenceFromPermissionSet);
  Register("ListCustomerManagedPolicyReferencesInPermissionSet",
           &SsoAdminProvider::ListCustomerManagedPolicyReferencesInPermissionSet);
  Register("PutPermissionsBoundaryToPermissionSet",
           &SsoAdminProvider::PutPermissionsBoundaryToPermissionSet);
  Register("GetPermissionsBoundaryForPermissionSet",
           &SsoAdminProvider::GetPermissionsBoundaryForPermissionSet);
  Register("DeletePermissionsBoundaryFromPermissionSet",
           &SsoAdminProvider::DeletePermissionsBoundaryFromPermissionSet);
  Register("ProvisionPermissionSet", &SsoAdminProvider::ProvisionPermissionSet);
  Register("DescribePermissionSetProvisioningStatus",
           &SsoAdminProvider::DescribePermissionSetProvisioningStatus);
  Register("ListPermissionSetProvisioningStatus",
           &SsoAdminProvider::ListPermissionSetProvisioningStatus);
  Register("ListPermissionSetsProvisionedToAccount",
           &SsoAdminProvider::ListPermissionSetsProvisionedToAccount);
  Register("ListAccountsForProvisionedPermissionSet",
           &SsoAdminProvider::ListAccountsForProvisionedPermissionSet);
  Register("CreateAccountAssignment", &SsoAdminProvider::CreateAccountAssignment);
  Register("DeleteAccountAssignment", &SsoAdminProvider::DeleteAccountAssignment);
  Register("DescribeAccountAssignmentCreationStatus",
           &SsoAdminProvider::DescribeAccountAssignmentCreationStatus);
  Register("DescribeAccountAssignmentDeletionStatus",
           &SsoAdminProvider::DescribeAccountAssignmentDeletionStatus);
  Register("ListAccountAssignmentCreationStatus",
           &SsoAdminProvider::ListAccountAssignmentCreationStatus);
  Register("ListAccountAssignmentDeletionStatus",
           &SsoAdminProvider::ListAccountAssignmentDeletionStatus);
  Register("ListAccountAssignments", &SsoAdminProvider::ListAccountAssignments);
  Register("ListAccountAssignmentsForPrincipal",
           &SsoAdminProvider::ListAccountAssignmentsForPrincipal);
  rt_.scheduler.Register("sso-admin.CreateInstance",
                         [this](const store::Task& t) { FinishCreateInstance(t.payload); });
  rt_.scheduler.Register("sso-admin.DeleteInstance",
                         [this](const store::Task& t) { FinishDeleteInstance(t.payload); });
  rt_.scheduler.Register("sso-admin.UpdateEncryption",
                         [this](const store::Task& t) { FinishEncryptionUpdate(t.payload); });
  rt_.scheduler.Register("sso-admin.CreateAccountAssignment",
                         [this](const store::Task& t) { FinishAssignmentCreation(t.payload); });
  rt_.scheduler.Register("sso-admin.DeleteAccountAssignment",
                         [this](const store::Task& t) { FinishAssignmentDeletion(t.payload); });
  rt_.scheduler.Register("sso-admin.ProvisionPermissionSet",
                         [this](const store::Task& t) { FinishProvisioning(t.payload); });
}

InstanceRecord SsoAdminProvider::RequireInstance(store::Transaction& tx, const RequestContext& ctx,
                                                 std::string_view arn, bool any_status) {
  std::optional<InstanceRecord> instance = store_.FindInstance(tx, ctx.scope, arn);
  if (!instance) {
    // AWS answers AccessDeniedException for an instance that does not exist (also once deleted)
    // and for another account's instance alike.
    throw AwsError("AccessDeniedException", AccessDeniedMessage(ctx, arn));
  }
  if (!any_status && instance->status != "ACTIVE") {
    const std::string message =
        instance->status == "DELETE_IN_PROGRESS"
            ? "The instance " + instance->arn + " is being deleted (DELETE_IN_PROGRESS)."
            : "The instance " + instance->arn + " is in status " + instance->status +
                  "; only DescribeInstance and DeleteInstance can be called on it until it is "
                  "ACTIVE.";
    // The model lists ConflictException for every operation that changes something and for no
    // read (Describe*, List*, Get*): those answer ValidationException instead.
    if (core::StartsWith(ctx.operation, "Describe") || core::StartsWith(ctx.operation, "List") ||
        core::StartsWith(ctx.operation, "Get")) {
      core::ValidationFailed(message);
    }
    throw AwsError("ConflictException", message);
  }
  return *instance;
}

PermissionSetRecord SsoAdminProvider::RequirePermissionSet(store::Transaction& tx,
                                                           const InstanceRecord& instance,
                                                           std::string_view arn) {
  std::optional<PermissionSetRecord> ps = store_.FindPermissionSet(tx, instance.arn, arn);
  if (!ps) {
    throw AwsError("ResourceNotFoundException",
                   "Could not find PermissionSet with id " + PermissionSetId(arn));
  }
  return *ps;
}

PermissionSetRecord SsoAdminProvider::RequirePermissionSet(store::Transaction& tx,
                                                           const RequestContext& ctx,
                                                           const json::object& in) {
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  return RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
}

PermissionSetRecord SsoAdminProvider::OpenPermissionSet(store::Transaction& tx,
                                                        const RequestContext& ctx,
                                                        const json::object& in) {
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  OpenDataKey(ctx, instance);
  return RequirePermissionSet(tx, instance, RequiredString(in, "PermissionSetArn"));
}

void SsoAdminProvider::OpenDataKey(const RequestContext& ctx,
                                   const InstanceRecord& instance) const {
  if (!instance.data_key) return;
  try {
    services_.Call(ctx, "kms", "Decrypt",
                   {{"CiphertextBlob", *instance.data_key},
                    {"EncryptionContext", internal::DataKeyContext(instance)}});
  } catch (const AwsError& error) {
    throw KmsKeyError(error);
  }
}

void SsoAdminProvider::Touch(store::Transaction& tx, PermissionSetRecord& ps) {
  ps.version += 1;
  store_.UpdatePermissionSet(tx, ps);
}

json::value SsoAdminProvider::OperationStatus(const OperationRecord& op, bool assignment) const {
  json::object out{{"Status", op.status}, {"RequestId", op.request_id}};
  if (op.failure_reason) out["FailureReason"] = *op.failure_reason;
  if (assignment) {
    if (op.target_id) out["TargetId"] = *op.target_id;
    if (op.target_type) out["TargetType"] = *op.target_type;
    if (op.permission_set_arn) out["PermissionSetArn"] = *op.permission_set_arn;
    if (op.principal_type) out["PrincipalType"] = *op.principal_type;
    if (op.principal_id) out["PrincipalId"] = *op.principal_id;
  } else {
    if (op.target_id) out["AccountId"] = *op.target_id;
    if (op.permission_set_arn) out["PermissionSetArn"] = *op.permission_set_arn;
  }
  out["CreatedDate"] = EpochSeconds(op.created_millis);
  return out;
}

json::value SsoAdminProvider::DescribeOperation(const RequestContext& ctx, const json::object& in,
                                                std::string_view kind, std::string_view id_member,
                                                std::string_view out_member) {
  const std::string request_id = RequiredString(in, id_member);
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  std::optional<OperationRecord> op = store_.FindOperation(tx, instance.arn, kind, request_id);
  if (!op) {
    const std::string what = kind == "PROVISION"           ? "PermissionSetProvisioningRequest"
                             : kind == "ASSIGNMENT_CREATE" ? "AccountAssignmentCreationRequest"
                                                           : "AccountAssignmentDeletionRequest";
    throw AwsError("ResourceNotFoundException",
                   "Could not find " + what + " with id " + request_id);
  }
  return json::object{{std::string(out_member), OperationStatus(*op, kind != "PROVISION")}};
}

json::value SsoAdminProvider::ListOperations(const RequestContext& ctx, const json::object& in,
                                             std::string_view kind, std::string_view out_member) {
  const int64_t after = DecodeToken(in, out_member);
  std::optional<std::string> status;
  if (const json::object* filter = OptObject(in, "Filter")) status = OptString(*filter, "Status");
  store::Transaction tx = store_.Read();
  const InstanceRecord instance = RequireInstance(tx, ctx, RequiredString(in, "InstanceArn"));
  const Page<OperationRecord> page =
      store_.ListOperations(tx, instance.arn, kind, status, after, Limit(in, 100));
  json::array items;
  for (const OperationRecord& op : page.items) {
    items.push_back(json::object{{"Status", op.status},
                                 {"RequestId", op.request_id},
                                 {"CreatedDate", EpochSeconds(op.created_millis)}});
  }
  json::object out{{std::string(out_member), std::move(items)}};
  AddNextToken(out, page, out_member);
  return out;
}

// The ResourceArn of a tag operation, once it names this caller's instance or one of its
// permission sets (and matches InstanceArn when that is given).
std::string SsoAdminProvider::RequireTaggable(store::Transaction& tx, const RequestContext& ctx,
                                              const json::object& in) {
  const std::string resource = RequiredString(in, "ResourceArn");
  const std::string owner = OwningInstance(resource);
  const std::optional<std::string> given = OptString(in, "InstanceArn");
  if (owner.empty() || (given && *given != owner)) {
    throw AwsError("ResourceNotFoundException", "Could not find the resource " + resource +
                                                    " in instance " + given.value_or(owner) + ".");
  }
  const InstanceRecord instance = RequireInstance(tx, ctx, owner);
  if (resource != owner) RequirePermissionSet(tx, instance, resource);
  return resource;
}

json::value SsoAdminProvider::TagResource(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const std::string resource = RequireTaggable(tx, ctx, in);
  std::map<std::string, std::string> merged;
  for (const auto& [key, value] : store_.Tags(tx, resource)) merged[key] = value;
  for (const auto& [key, value] : services::ReadTagList(in)) merged[key] = value;
  if (merged.size() > kMaxTagsPerResource) {
    throw AwsError("ServiceQuotaExceededException",
                   "A resource can have at most " + std::to_string(kMaxTagsPerResource) + " tags.");
  }
  for (const auto& [key, value] : services::ReadTagList(in)) {
    store_.PutTag(tx, resource, key, value);
  }
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::UntagResource(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Begin();
  const std::string resource = RequireTaggable(tx, ctx, in);
  for (const std::string& key : core::protocol::StringList(in, "TagKeys")) {
    store_.DeleteTag(tx, resource, key);
  }
  tx.Commit();
  return json::object{};
}

json::value SsoAdminProvider::ListTagsForResource(const RequestContext& ctx,
                                                  const json::object& in) {
  store::Transaction tx = store_.Read();
  const std::string resource = RequireTaggable(tx, ctx, in);
  // At most 75 tags: one page always holds them all.
  return json::object{{"Tags", services::TagListJson(store_.Tags(tx, resource))}};
}

}  // namespace nimbus::sso_admin
