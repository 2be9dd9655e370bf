#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "services/common/page_token.h"
#include "services/organizations/membership_observer.h"
#include "services/organizations/org_store.h"
#include "services/organizations/policy_store.h"
#include "services/runtime.h"

namespace nimbus::organizations {

// AWS Organizations (a global service): organizations, accounts (CreateAccount and CloseAccount
// complete asynchronously through the scheduler), roots, OUs, policies, tags, trusted service
// access and delegated administrators.
class OrganizationsProvider final : public core::Service {
 public:
  explicit OrganizationsProvider(Runtime& rt);
  std::string_view Name() const override { return "organizations"; }

  // Who is told of accounts joining, moving and leaving (membership_observer.h).
  MembershipObservers& membership() { return membership_; }

  // Organization and accounts (organizations_provider.cc).
  boost::json::value CreateOrganization(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value DescribeOrganization(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DeleteOrganization(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value LeaveOrganization(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value RemoveAccountFromOrganization(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value CreateAccount(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeCreateAccountStatus(const core::RequestContext& ctx,
                                                 const boost::json::object& in);
  boost::json::value ListCreateAccountStatus(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DescribeAccount(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value ListAccounts(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListAccountsForParent(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value MoveAccount(const core::RequestContext& ctx, const boost::json::object& in);

  // Roots, OUs and policy types (organizational_unit_provider.cc).
  boost::json::value ListRoots(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CreateOrganizationalUnit(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value DescribeOrganizationalUnit(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value UpdateOrganizationalUnit(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value DeleteOrganizationalUnit(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value ListOrganizationalUnitsForParent(const core::RequestContext& ctx,
                                                      const boost::json::object& in);
  boost::json::value ListParents(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListChildren(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value EnablePolicyType(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DisablePolicyType(const core::RequestContext& ctx,
                                       const boost::json::object& in);

  // Trusted access, delegated administrators and tags (service_access_provider.cc).
  boost::json::value EnableAWSServiceAccess(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value DisableAWSServiceAccess(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value ListAWSServiceAccessForOrganization(const core::RequestContext& ctx,
                                                         const boost::json::object& in);
  boost::json::value RegisterDelegatedAdministrator(const core::RequestContext& ctx,
                                                    const boost::json::object& in);
  boost::json::value DeregisterDelegatedAdministrator(const core::RequestContext& ctx,
                                                      const boost::json::object& in);
  boost::json::value ListDelegatedAdministrators(const core::RequestContext& ctx,
                                                 const boost::json::object& in);
  boost::json::value ListDelegatedServicesForAccount(const core::RequestContext& ctx,
                                                     const boost::json::object& in);
  boost::json::value TagResource(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UntagResource(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListTagsForResource(const core::RequestContext& ctx,
                                         const boost::json::object& in);

  // Policies and their attachments (policy_provider.cc).
  boost::json::value CreatePolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribePolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdatePolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeletePolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListPolicies(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value AttachPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DetachPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListPoliciesForTarget(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value ListTargetsForPolicy(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DescribeEffectivePolicy(const core::RequestContext& ctx,
                                             const boost::json::object& in);

  // Account closure (close_account_provider.cc).
  boost::json::value CloseAccount(const core::RequestContext& ctx, const boost::json::object& in);

 private:
  // The caller's organization; AWSOrganizationsNotInUseException if it has none.
  OrgRecord RequireOrg(store::Transaction& tx, const core::RequestContext& ctx);
  // The caller's organization, which the caller must manage (AccessDeniedException otherwise).
  OrgRecord RequireManagement(store::Transaction& tx, const core::RequestContext& ctx);
  // Read-only operations are also open to delegated administrators.
  OrgRecord RequireManagementOrDelegate(store::Transaction& tx, const core::RequestContext& ctx);
  // Whether `parent_id` is the root or an OU of `org`.
  bool ParentExists(store::Transaction& tx, const OrgRecord& org, std::string_view parent_id);
  // Throws ParentNotFoundException unless ParentExists.
  void RequireParent(store::Transaction& tx, const OrgRecord& org, std::string_view parent_id);
  // The account `account_id` of `org`; AccountNotFoundException if it is not one of its members.
  AccountRecord RequireAccount(store::Transaction& tx, const OrgRecord& org,
                               std::string_view account_id);
  // The JSON of a resource; its ARN is in the partition of `region`, the caller's.
  boost::json::object AccountJson(const OrgRecord& org, const AccountRecord& account,
                                  std::string_view region) const;
  // A page of Accounts from `rows`, read with one row more than the page holds.
  boost::json::object AccountsPage(const OrgRecord& org, std::vector<AccountRecord> rows,
                                   const services::KeysetPage& page, std::string_view region) const;
  boost::json::object OuJson(const OrgRecord& org, const OuRecord& ou,
                             std::string_view region) const;
  boost::json::object RootJson(store::Transaction& tx, const OrgRecord& org,
                               std::string_view region);
  std::string NewAccountId(store::Transaction& tx);
  // The scheduler step of CreateAccount: IN_PROGRESS -> SUCCEEDED (or FAILED).
  void CompleteCreateAccount(const std::string& request_id);
  // Registers the policy operations (policy_provider.cc).
  void RegisterPolicyOperations();
  // Attaches the AWS managed policy of each enabled policy type (FullAWSAccess, ...) to a new OU
  // or account, as AWS does.
  void AttachManagedPolicies(store::Transaction& tx, const OrgRecord& org,
                             std::string_view target_id, int64_t now_millis);
  // Registers CloseAccount and its scheduler step (close_account_provider.cc).
  void RegisterCloseAccount();
  // The scheduler step of CloseAccount: PENDING_CLOSURE -> SUSPENDED; `payload` is
  // "<org id>/<account id>".
  void CompleteCloseAccount(const std::string& payload);

  // `parent_id` and its parents up to the root, nearest first; empty for "".
  std::vector<std::string> ParentPath(store::Transaction& tx, const OrgRecord& org,
                                      std::string_view parent_id);
  // Stores the change of `account_id` from parent `from` to `to` ("" outside the organization)
  // in `tx`, for the membership observers to be told once it commits; nothing when none listens.
  void Announce(store::Transaction& tx, const OrgRecord& org, std::string_view account_id,
                std::string_view from, std::string_view to, int64_t now_millis);

  Runtime& rt_;
  OrgStore store_;
  PolicyStore policies_;
  MembershipObservers membership_;
};

}  // namespace nimbus::organizations
