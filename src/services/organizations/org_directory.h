#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::organizations {

// What other services need of Organizations (SSO Admin organization instances; later,
// CloudFormation StackSets with service-managed permissions). Implemented by the Organizations
// provider.
class OrgDirectory {
 public:
  virtual ~OrgDirectory() = default;

  struct OrgInfo {
    std::string id;                  // "o-abcdefghij"
    std::string arn;
    std::string management_account;  // 12 digits
  };
  // The organization `account` belongs to (as management account or member), or nullopt.
  virtual std::optional<OrgInfo> OrganizationOf(std::string_view account) = 0;
  // Account ids in the organization of `account` (empty if none).
  virtual std::vector<std::string> AccountsInOrganization(std::string_view account) = 0;
  // Whether `service_principal` ("sso.amazonaws.com") was enabled with EnableAWSServiceAccess.
  virtual bool ServiceAccessEnabled(std::string_view account,
                                    std::string_view service_principal) = 0;
  // Account ids under `parent_id` (the root or an OU of the organization of `account`),
  // including those in nested OUs; empty if there is no such parent (StackSets OU targets).
  virtual std::vector<std::string> AccountsUnder(std::string_view /*account*/,
                                                 std::string_view /*parent_id*/) {
    return {};
  }
  // Whether `account` is registered as a delegated administrator for `service_principal`
  // (CloudFormation StackSets CallAs=DELEGATED_ADMIN).
  virtual bool IsDelegatedAdministrator(std::string_view /*account*/,
                                        std::string_view /*service_principal*/) {
    return false;
  }
};

}  // namespace nimbus::organizations
