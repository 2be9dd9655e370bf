#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/service.h"
#include "services/organizations/org_directory.h"
#include "services/organizations/org_store.h"
#include "services/runtime.h"

namespace nimbus::organizations {

// AWS Organizations (a global service): organizations, accounts (CreateAccount completes
// asynchronously through the scheduler), roots, OUs, tags, trusted service access and delegated
// administrators. Also the OrgDirectory other services consult.
class OrganizationsProvider final : public core::Service, public OrgDirectory {
 public:
  explicit OrganizationsProvider(Runtime& rt);
  std::string_view Name() const override { return "organizations"; }

  // OrgDirectory
  std::optional<OrgInfo> OrganizationOf(std::string_view account) override;
  std::vector<std::string> AccountsInOrganization(std::string_view account) override;
  bool ServiceAccessEnabled(std::string_view account, std::string_view service_principal) override;
  std::vector<std::string> AccountsUnder(std::string_view account,
                                         std::string_view parent_id) override;
  bool IsDelegatedAdministrator(std::string_view account,
                                std::string_view service_principal) override;

  using In = boost::json::object;
  using Ctx = core::RequestContext;
  boost::json::value CreateOrganization(const Ctx& ctx, const In& in);
  boost::json::value DescribeOrganization(const Ctx& ctx, const In& in);
  boost::json::value DeleteOrganization(const Ctx& ctx, const In& in);
  boost::json::value LeaveOrganization(const Ctx& ctx, const In& in);
  boost::json::value RemoveAccountFromOrganization(const Ctx& ctx, const In& in);
  boost::json::value CreateAccount(const Ctx& ctx, const In& in);
  boost::json::value DescribeCreateAccountStatus(const Ctx& ctx, const In& in);
  boost::json::value ListCreateAccountStatus(const Ctx& ctx, const In& in);
  boost::json::value DescribeAccount(const Ctx& ctx, const In& in);
  boost::json::value ListAccounts(const Ctx& ctx, const In& in);
  boost::json::value ListAccountsForParent(const Ctx& ctx, const In& in);
  boost::json::value MoveAccount(const Ctx& ctx, const In& in);
  boost::json::value ListRoots(const Ctx& ctx, const In& in);
  boost::json::value CreateOrganizationalUnit(const Ctx& ctx, const In& in);
  boost::json::value DescribeOrganizationalUnit(const Ctx& ctx, const In& in);
  boost::json::value UpdateOrganizationalUnit(const Ctx& ctx, const In& in);
  boost::json::value DeleteOrganizationalUnit(const Ctx& ctx, const In& in);
  boost::json::value ListOrganizationalUnitsForParent(const Ctx& ctx, const In& in);
  boost::json::value ListParents(const Ctx& ctx, const In& in);
  boost::json::value ListChildren(const Ctx& ctx, const In& in);
  boost::json::value EnableAWSServiceAccess(const Ctx& ctx, const In& in);
  boost::json::value DisableAWSServiceAccess(const Ctx& ctx, const In& in);
  boost::json::value ListAWSServiceAccessForOrganization(const Ctx& ctx, const In& in);
  boost::json::value RegisterDelegatedAdministrator(const Ctx& ctx, const In& in);
  boost::json::value DeregisterDelegatedAdministrator(const Ctx& ctx, const In& in);
  boost::json::value ListDelegatedAdministrators(const Ctx& ctx, const In& in);
  boost::json::value ListDelegatedServicesForAccount(const Ctx& ctx, const In& in);
  boost::json::value EnablePolicyType(const Ctx& ctx, const In& in);
  boost::json::value DisablePolicyType(const Ctx& ctx, const In& in);
  boost::json::value TagResource(const Ctx& ctx, const In& in);
  boost::json::value UntagResource(const Ctx& ctx, const In& in);
  boost::json::value ListTagsForResource(const Ctx& ctx, const In& in);

 private:
  // The caller's organization; AWSOrganizationsNotInUseException if it has none.
  OrgRecord RequireOrg(store::Transaction& tx, const Ctx& ctx);
  // The caller's organization, which the caller must manage (AccessDeniedException otherwise).
  OrgRecord RequireManagement(store::Transaction& tx, const Ctx& ctx);
  // Read-only operations are also open to delegated administrators.
  OrgRecord RequireManagementOrDelegate(store::Transaction& tx, const Ctx& ctx);
  // Throws ParentNotFoundException (or `error`) unless `parent_id` is the root or an OU of `org`.
  void RequireParent(store::Transaction& tx, const OrgRecord& org, std::string_view parent_id,
                     std::string_view error = "ParentNotFoundException");
  // The JSON of a resource; its ARN is in the partition of `region`, the caller's.
  boost::json::object AccountJson(const OrgRecord& org, const AccountRecord& account,
                                  std::string_view region) const;
  boost::json::object OuJson(const OrgRecord& org, const OuRecord& ou,
                             std::string_view region) const;
  boost::json::object RootJson(store::Transaction& tx, const OrgRecord& org,
                               std::string_view region);
  std::string NewAccountId(store::Transaction& tx);
  // The scheduler step of CreateAccount: IN_PROGRESS -> SUCCEEDED (or FAILED).
  void CompleteCreateAccount(const std::string& request_id);

  Runtime& rt_;
  OrgStore store_;
};

}  // namespace nimbus::organizations
