#include "services/registry.h"

#include <memory>

#include "services/iam/iam_provider.h"
#include "services/identitystore/identitystore_provider.h"
#include "services/kms/kms_provider.h"
#include "services/organizations/organizations_provider.h"
#include "services/s3/s3_provider.h"
#include "services/ssm/document_provider.h"
#include "services/ssm/maintenance_window_provider.h"
#include "services/ssm/managed_node_provider.h"
#include "services/ssm/parameter_provider.h"
#include "services/ssm/patch_baseline_provider.h"
#include "services/sso_admin/sso_admin_provider.h"
#include "services/sts/sts_provider.h"

namespace nimbus {

ServiceHooks RegisterServices(Runtime& rt, core::Dispatcher& dispatcher) {
  auto sts = std::make_unique<sts::StsProvider>(rt.db, rt.ids, dispatcher,
                                               rt.options.verify_signatures);
  dispatcher.AddKeyDirectory(&sts->credentials());
  dispatcher.AddService(std::move(sts));
  auto iam = std::make_unique<iam::IamProvider>(rt);
  dispatcher.AddKeyDirectory(&iam->keys());
  dispatcher.AddService(std::move(iam));
  dispatcher.AddService(std::make_unique<kms::KmsProvider>(rt));
  auto orgs = std::make_unique<organizations::OrganizationsProvider>(rt);
  ServiceHooks hooks{.org_membership = &orgs->membership()};
  dispatcher.AddService(std::move(orgs));
  dispatcher.AddService(std::make_unique<identitystore::IdentityStoreProvider>(rt, dispatcher));
  dispatcher.AddService(std::make_unique<sso_admin::SsoAdminProvider>(rt, dispatcher));
  auto ssm_nodes = std::make_unique<ssm::ManagedNodeProvider>(rt);
  ssm::ManagedNodeProvider& managed_nodes = *ssm_nodes;
  dispatcher.AddAdminRoute(std::string(ssm::ManagedNodeProvider::kFleetPath),
                           [&managed_nodes](const core::HttpRequest& request) {
                             return managed_nodes.LoadFleet(request);
                           });
  dispatcher.AddService(std::move(ssm_nodes));
  dispatcher.AddService(std::make_unique<ssm::ParameterProvider>(rt, dispatcher));
  dispatcher.AddService(std::make_unique<ssm::DocumentProvider>(rt));
  dispatcher.AddService(std::make_unique<ssm::MaintenanceWindowProvider>(rt));
  dispatcher.AddService(std::make_unique<ssm::PatchBaselineProvider>(rt));
  dispatcher.AddService(std::make_unique<s3::S3Provider>(rt));
  return hooks;
}

}  // namespace nimbus
