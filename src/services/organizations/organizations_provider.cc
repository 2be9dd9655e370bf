#include "services/organizations/organizations_provider.h"

namespace nimbus::organizations {

OrganizationsProvider::OrganizationsProvider(Runtime& rt) : rt_(rt) {}

std::optional<OrgDirectory::OrgInfo> OrganizationsProvider::OrganizationOf(std::string_view) {
  return std::nullopt;
}

std::vector<std::string> OrganizationsProvider::AccountsInOrganization(std::string_view) {
  return {};
}

bool OrganizationsProvider::ServiceAccessEnabled(std::string_view, std::string_view) {
  return false;
}

}  // namespace nimbus::organizations
