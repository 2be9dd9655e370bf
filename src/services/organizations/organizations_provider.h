#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/service.h"
#include "services/organizations/org_directory.h"
#include "services/runtime.h"

namespace nimbus::organizations {

// AWS Organizations (a global service): organizations, accounts, roots, OUs, trusted service
// access and delegated administrators. Also the OrgDirectory other services consult.
class OrganizationsProvider final : public core::Service, public OrgDirectory {
 public:
  explicit OrganizationsProvider(Runtime& rt);
  std::string_view Name() const override { return "organizations"; }

  // OrgDirectory
  std::optional<OrgInfo> OrganizationOf(std::string_view account) override;
  std::vector<std::string> AccountsInOrganization(std::string_view account) override;
  bool ServiceAccessEnabled(std::string_view account, std::string_view service_principal) override;

 private:
  Runtime& rt_;
};

}  // namespace nimbus::organizations
