#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "core/service_client.h"
#include "services/runtime.h"
#include "services/sso_admin/sso_admin_store.h"

namespace nimbus::sso_admin {

// IAM Identity Center administration (SSO Admin): instances and their lifecycle, encryption
// configuration, permission sets, account assignments. Status transitions run on the scheduler
// (task kinds "sso-admin.*") after rt.options.async_delay_millis. KMS (customer managed keys),
// Organizations (organization instances) and Identity Store (assignment principals) are called
// through `services`, as the caller or, in scheduled tasks, as the root of the instance's account.
// See README.md beside this file.
class SsoAdminProvider final : public core::Service {
 public:
  // The tag key whose presence on CreateInstance makes the creation end in CREATE_FAILED, with the
  // tag's value as StatusReason (for testing clients' failure handling).
  static constexpr std::string_view kFailCreateTag = "nimbus:fail-create";

  SsoAdminProvider(Runtime& rt, const core::ServiceClient& services);
  std::string_view Name() const override { return "sso-admin"; }

  // Instances.
  boost::json::value CreateInstance(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeInstance(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value ListInstances(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateInstance(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteInstance(const core::RequestContext& ctx, const boost::json::object& in);
  // Tags.
  boost::json::value TagResource(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UntagResource(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListTagsForResource(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  // Permission sets.
  boost::json::value CreatePermissionSet(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DescribePermissionSet(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value ListPermissionSets(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value UpdatePermissionSet(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DeletePermissionSet(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value PutInlinePolicyToPermissionSet(const core::RequestContext& ctx,
                                                    const boost::json::object& in);
  boost::json::value GetInlinePolicyForPermissionSet(const core::RequestContext& ctx,
                                                     const boost::json::object& in);
  boost::json::value DeleteInlinePolicyFromPermissionSet(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value AttachManagedPolicyToPermissionSet(const core::RequestContext& ctx,
                                                        const boost::json::object& in);
  boost::json::value DetachManagedPolicyFromPermissionSet(const core::RequestContext& ctx,
                                                          const boost::json::object& in);
  boost::json::value ListManagedPoliciesInPermissionSet(const core::RequestContext& ctx,
                                                        const boost::json::object& in);
  boost::json::value AttachCustomerManagedPolicyReferenceToPermissionSet(
      const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DetachCustomerManagedPolicyReferenceFromPermissionSet(
      const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListCustomerManagedPolicyReferencesInPermissionSet(
      const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value PutPermissionsBoundaryToPermissionSet(const core::RequestContext& ctx,
                                                           const boost::json::object& in);
  boost::json::value GetPermissionsBoundaryForPermissionSet(const core::RequestContext& ctx,
                                                            const boost::json::object& in);
  boost::json::value DeletePermissionsBoundaryFromPermissionSet(const core::RequestContext& ctx,
                                                                const boost::json::object& in);
  boost::json::value ProvisionPermissionSet(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value DescribePermissionSetProvisioningStatus(const core::RequestContext& ctx,
                                                             const boost::json::object& in);
  boost::json::value ListPermissionSetProvisioningStatus(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value ListPermissionSetsProvisionedToAccount(const core::RequestContext& ctx,
                                                            const boost::json::object& in);
  boost::json::value ListAccountsForProvisionedPermissionSet(const core::RequestContext& ctx,
                                                             const boost::json::object& in);
  // Account assignments.
  boost::json::value CreateAccountAssignment(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DeleteAccountAssignment(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DescribeAccountAssignmentCreationStatus(const core::RequestContext& ctx,
                                                             const boost::json::object& in);
  boost::json::value DescribeAccountAssignmentDeletionStatus(const core::RequestContext& ctx,
                                                             const boost::json::object& in);
  boost::json::value ListAccountAssignmentCreationStatus(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value ListAccountAssignmentDeletionStatus(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value ListAccountAssignments(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value ListAccountAssignmentsForPrincipal(const core::RequestContext& ctx,
                                                        const boost::json::object& in);

 private:
  // The caller's instance, or AccessDeniedException (unknown, deleted, another account's or
  // another region's). Unless `any_status`, an instance that is not ACTIVE answers
  // ConflictException (ValidationException for reads): while it is being created only
  // DescribeInstance and DeleteInstance work.
  InstanceRecord RequireInstance(store::Transaction& tx, const core::RequestContext& ctx,
                                 std::string_view arn, bool any_status = false);
  PermissionSetRecord RequirePermissionSet(store::Transaction& tx, const InstanceRecord& instance,
                                           std::string_view arn);
  // The permission set that the request's PermissionSetArn names in its InstanceArn.
  PermissionSetRecord RequirePermissionSet(store::Transaction& tx, const core::RequestContext& ctx,
                                           const boost::json::object& in);
  // The same, with its instance's data key opened (OpenDataKey) first: for the operations that
  // read or write the permission set's data.
  PermissionSetRecord OpenPermissionSet(store::Transaction& tx, const core::RequestContext& ctx,
                                        const boost::json::object& in);
  // Creates the organization instance of a management account whose organization enabled
  // service access for sso.amazonaws.com (IAM Identity Center enabled in Organizations).
  void EnsureOrganizationInstance(const core::RequestContext& ctx);
  // The management account of the organization the caller's account belongs to, or nullopt if
  // it belongs to none (Organizations DescribeOrganization as the caller).
  std::optional<std::string> ManagementAccount(const core::RequestContext& ctx) const;
  // Whether the caller's organization enabled service access for sso.amazonaws.com
  // (Organizations ListAWSServiceAccessForOrganization as the caller, a management account).
  bool SsoAccessEnabled(const core::RequestContext& ctx) const;
  // What checking the customer managed key of an encryption update found (KMS DescribeKey and
  // Encrypt of a new data key, as the root of the instance's account, in its region): why it
  // cannot be used, or its ARN and the encrypted data key.
  struct KeyCheck {
    std::optional<std::string> failure{};
    std::string arn{};
    std::string data_key{};
  };
  KeyCheck CheckCustomerKey(const InstanceRecord& instance) const;
  // Whether an assignment's principal exists in the instance's identity store (Identity Store
  // DescribeUser or DescribeGroup as the root of the instance's account).
  bool PrincipalExists(const InstanceRecord& instance, const AssignmentRecord& a) const;
  // Permission set data of an instance under a customer managed key is read and written through
  // its data key: KMS Decrypt of the data key as the caller. A key the caller cannot use answers
  // the SSO Admin error with its KMS Reason (ValidationException KMS_DisabledException, ...).
  void OpenDataKey(const core::RequestContext& ctx, const InstanceRecord& instance) const;
  // Marks a permission set changed: its provisioned copies are no longer the latest.
  void Touch(store::Transaction& tx, PermissionSetRecord& ps);
  boost::json::value OperationStatus(const OperationRecord& op, bool assignment) const;
  boost::json::value DescribeOperation(const core::RequestContext& ctx,
                                       const boost::json::object& in, std::string_view kind,
                                       std::string_view id_member, std::string_view out_member);
  boost::json::value ListOperations(const core::RequestContext& ctx, const boost::json::object& in,
                                    std::string_view kind, std::string_view out_member);

  // Scheduled task handlers.
  void FinishCreateInstance(const std::string& payload);
  void FinishDeleteInstance(const std::string& payload);
  void FinishEncryptionUpdate(const std::string& payload);
  std::string RequireTaggable(store::Transaction& tx, const core::RequestContext& ctx,
                              const boost::json::object& in);
  OperationRecord StartAssignmentOperation(store::Transaction& tx, const core::RequestContext& ctx,
                                           const boost::json::object& in,
                                           const InstanceRecord& instance,
                                           const AssignmentRecord& a, std::string_view kind,
                                           std::string_view task_kind);
  void FinishAssignmentCreation(const std::string& payload);
  void FinishAssignmentDeletion(const std::string& payload);
  void FinishProvisioning(const std::string& payload);

  Runtime& rt_;
  const core::ServiceClient& services_;
  SsoAdminStore store_;
};

}  // namespace nimbus::sso_admin
