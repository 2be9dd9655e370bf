#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "services/identitystore/identity_directory.h"
#include "services/kms/key_service.h"
#include "services/organizations/org_directory.h"
#include "services/runtime.h"
#include "services/sso_admin/sso_admin_store.h"

namespace nimbus::sso_admin {

// IAM Identity Center administration (SSO Admin): instances and their lifecycle, encryption
// configuration, permission sets, account assignments. Status transitions run on the scheduler
// (task kinds "sso-admin.*") after rt.options.async_delay_millis. See README.md beside this file.
class SsoAdminProvider final : public core::Service {
 public:
  // The tag key whose presence on CreateInstance makes the creation end in CREATE_FAILED, with the
  // tag's value as StatusReason (for testing clients' failure handling).
  static constexpr std::string_view kFailCreateTag = "nimbus:fail-create";

  SsoAdminProvider(Runtime& rt, kms::KeyService& keys, organizations::OrgDirectory& orgs,
                   identitystore::IdentityDirectory& identities);
  std::string_view Name() const override { return "sso-admin"; }

  using In = boost::json::object;
  using Ctx = core::RequestContext;
  using Out = boost::json::value;

  // Instances.
  Out CreateInstance(const Ctx& ctx, const In& in);
  Out DescribeInstance(const Ctx& ctx, const In& in);
  Out ListInstances(const Ctx& ctx, const In& in);
  Out UpdateInstance(const Ctx& ctx, const In& in);
  Out DeleteInstance(const Ctx& ctx, const In& in);
  // Tags.
  Out TagResource(const Ctx& ctx, const In& in);
  Out UntagResource(const Ctx& ctx, const In& in);
  Out ListTagsForResource(const Ctx& ctx, const In& in);
  // Permission sets.
  Out CreatePermissionSet(const Ctx& ctx, const In& in);
  Out DescribePermissionSet(const Ctx& ctx, const In& in);
  Out ListPermissionSets(const Ctx& ctx, const In& in);
  Out UpdatePermissionSet(const Ctx& ctx, const In& in);
  Out DeletePermissionSet(const Ctx& ctx, const In& in);
  Out PutInlinePolicyToPermissionSet(const Ctx& ctx, const In& in);
  Out GetInlinePolicyForPermissionSet(const Ctx& ctx, const In& in);
  Out DeleteInlinePolicyFromPermissionSet(const Ctx& ctx, const In& in);
  Out AttachManagedPolicyToPermissionSet(const Ctx& ctx, const In& in);
  Out DetachManagedPolicyFromPermissionSet(const Ctx& ctx, const In& in);
  Out ListManagedPoliciesInPermissionSet(const Ctx& ctx, const In& in);
  Out AttachCustomerManagedPolicyReferenceToPermissionSet(const Ctx& ctx, const In& in);
  Out DetachCustomerManagedPolicyReferenceFromPermissionSet(const Ctx& ctx, const In& in);
  Out ListCustomerManagedPolicyReferencesInPermissionSet(const Ctx& ctx, const In& in);
  Out PutPermissionsBoundaryToPermissionSet(const Ctx& ctx, const In& in);
  Out GetPermissionsBoundaryForPermissionSet(const Ctx& ctx, const In& in);
  Out DeletePermissionsBoundaryFromPermissionSet(const Ctx& ctx, const In& in);
  Out ProvisionPermissionSet(const Ctx& ctx, const In& in);
  Out DescribePermissionSetProvisioningStatus(const Ctx& ctx, const In& in);
  Out ListPermissionSetProvisioningStatus(const Ctx& ctx, const In& in);
  Out ListPermissionSetsProvisionedToAccount(const Ctx& ctx, const In& in);
  Out ListAccountsForProvisionedPermissionSet(const Ctx& ctx, const In& in);
  // Account assignments.
  Out CreateAccountAssignment(const Ctx& ctx, const In& in);
  Out DeleteAccountAssignment(const Ctx& ctx, const In& in);
  Out DescribeAccountAssignmentCreationStatus(const Ctx& ctx, const In& in);
  Out DescribeAccountAssignmentDeletionStatus(const Ctx& ctx, const In& in);
  Out ListAccountAssignmentCreationStatus(const Ctx& ctx, const In& in);
  Out ListAccountAssignmentDeletionStatus(const Ctx& ctx, const In& in);
  Out ListAccountAssignments(const Ctx& ctx, const In& in);
  Out ListAccountAssignmentsForPrincipal(const Ctx& ctx, const In& in);

 private:
  // The caller's instance, or AccessDeniedException (unknown, deleted, another account's or
  // another region's). Unless `any_status`, an instance that is not ACTIVE answers
  // ConflictException: while it is being created only DescribeInstance and DeleteInstance work.
  InstanceRecord RequireInstance(store::Transaction& tx, const Ctx& ctx, std::string_view arn,
                                 bool any_status = false);
  PermissionSetRecord RequirePermissionSet(store::Transaction& tx, const InstanceRecord& instance,
                                           std::string_view arn);
  // Creates the organization instance of a management account whose organization enabled
  // service access for sso.amazonaws.com (IAM Identity Center enabled in Organizations).
  void EnsureOrganizationInstance(const Ctx& ctx);
  // Marks a permission set changed: its provisioned copies are no longer the latest.
  void Touch(store::Transaction& tx, PermissionSetRecord& ps);
  Out OperationStatus(const OperationRecord& op, bool assignment) const;
  Out DescribeOperation(const Ctx& ctx, const In& in, std::string_view kind,
                        std::string_view id_member, std::string_view out_member);
  Out ListOperations(const Ctx& ctx, const In& in, std::string_view kind,
                     std::string_view out_member);

  // Scheduled task handlers.
  void FinishCreateInstance(const std::string& payload);
  void FinishDeleteInstance(const std::string& payload);
  void FinishEncryptionUpdate(const std::string& payload);
  std::string RequireTaggable(store::Transaction& tx, const Ctx& ctx, const In& in);
  OperationRecord StartAssignmentOperation(store::Transaction& tx, const Ctx& ctx, const In& in,
                                           const InstanceRecord& instance,
                                           const AssignmentRecord& a, std::string_view kind,
                                           std::string_view task_kind);
  void FinishAssignmentCreation(const std::string& payload);
  void FinishAssignmentDeletion(const std::string& payload);
  void FinishProvisioning(const std::string& payload);

  Runtime& rt_;
  kms::KeyService& keys_;
  organizations::OrgDirectory& orgs_;
  identitystore::IdentityDirectory& identities_;
  SsoAdminStore store_;
};

}  // namespace nimbus::sso_admin
