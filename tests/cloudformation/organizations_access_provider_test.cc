// ActivateOrganizationsAccess, DeactivateOrganizationsAccess and DescribeOrganizationsAccess over
// nimbus's Organizations, and the CallAs check of service-managed stack sets.
#include "cloudformation/organizations_access_provider.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/org_test_support.h"
#include "cloudformation/organizations_access.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kNotAdmin =
    "You must be the management account or delegated admin account of an organization before "
    "operating a SERVICE_MANAGED stack set";

class OrganizationsAccessTest : public OrganizationTest {
 protected:
  std::string Status(const core::RequestContext& ctx, json::object in = {}) {
    return std::string(rt_.Call(ctx, "cloudformation", "DescribeOrganizationsAccess", in)
                           .at("Status")
                           .as_string());
  }

  bool EnabledInOrganizations() {
    const json::value out =
        rt_.Call(manager_, "organizations", "ListAWSServiceAccessForOrganization", {});
    for (const json::value& entry : out.at("EnabledServicePrincipals").as_array()) {
      if (entry.at("ServicePrincipal") == "member.org.stacksets.cloudformation.amazonaws.com") {
        return true;
      }
    }
    return false;
  }
};

TEST_F(OrganizationsAccessTest, DescribeIsDisabledBeforeActivation) {
  EXPECT_EQ(Status(manager_), "DISABLED");
}

TEST_F(OrganizationsAccessTest, ActivateEnablesTrustedAccessInOrganizations) {
  Activate();
  EXPECT_TRUE(EnabledInOrganizations());
}

TEST_F(OrganizationsAccessTest, DescribeIsEnabledAfterActivation) {
  Activate();
  EXPECT_EQ(Status(manager_), "ENABLED");
}

TEST_F(OrganizationsAccessTest, DescribeFollowsTrustedAccessEnabledThroughOrganizations) {
  rt_.Call(manager_, "organizations", "EnableAWSServiceAccess",
           {{"ServicePrincipal", "member.org.stacksets.cloudformation.amazonaws.com"}});
  EXPECT_EQ(Status(manager_), "ENABLED");
}

TEST_F(OrganizationsAccessTest, DeactivateDisablesTrustedAccess) {
  Activate();
  rt_.Call(manager_, "cloudformation", "DeactivateOrganizationsAccess", {});
  EXPECT_FALSE(EnabledInOrganizations());
  EXPECT_EQ(Status(manager_), "DISABLED");
}

TEST_F(OrganizationsAccessTest, ActivateWithoutAnOrganizationIsRefused) {
  const core::AwsError error = test::ErrorOf([&] {
    rt_.Call(test::Context("999988887777"), "cloudformation", "ActivateOrganizationsAccess", {});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string(error.what()), kNotAdmin);
}

TEST_F(OrganizationsAccessTest, ActivateFromAMemberAccountIsRefused) {
  const std::string member = CreateAccount("member");
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(test::Context(member), "cloudformation", "ActivateOrganizationsAccess", {});
            }).code(),
            "ValidationError");
}

TEST_F(OrganizationsAccessTest, ActivateFromADelegatedAdministratorIsRefused) {
  const std::string member = CreateAccount("delegate");
  Delegate(member);
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(test::Context(member), "cloudformation", "ActivateOrganizationsAccess", {});
            }).code(),
            "ValidationError");
}

TEST_F(OrganizationsAccessTest, ActivateWithConsolidatedBillingOnlyIsInvalidOperation) {
  const core::RequestContext billing = test::Context("444455556666");
  rt_.Call(billing, "organizations", "CreateOrganization",
           {{"FeatureSet", "CONSOLIDATED_BILLING"}});
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(billing, "cloudformation", "ActivateOrganizationsAccess", {});
            }).code(),
            "InvalidOperationException");
}

TEST_F(OrganizationsAccessTest, DeactivateWithADelegatedAdministratorIsInvalidOperation) {
  Activate();
  Delegate(CreateAccount("delegate"));
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(manager_, "cloudformation", "DeactivateOrganizationsAccess", {});
            }).code(),
            "InvalidOperationException");
  EXPECT_TRUE(EnabledInOrganizations());
}

TEST_F(OrganizationsAccessTest, ADelegatedAdministratorDescribesAsDelegatedAdmin) {
  Activate();
  const std::string member = CreateAccount("delegate");
  Delegate(member);
  EXPECT_EQ(Status(test::Context(member), {{"CallAs", "DELEGATED_ADMIN"}}), "ENABLED");
}

TEST_F(OrganizationsAccessTest, AnUnregisteredMemberCannotDescribeAsDelegatedAdmin) {
  const std::string member = CreateAccount("member");
  const core::AwsError error = test::ErrorOf([&] {
    Status(test::Context(member), {{"CallAs", "DELEGATED_ADMIN"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string(error.what()), kNotAdmin);
}

TEST_F(OrganizationsAccessTest, ADelegatedAdministratorCannotDescribeAsSelf) {
  const std::string member = CreateAccount("delegate");
  Delegate(member);
  EXPECT_EQ(test::ErrorOf([&] { Status(test::Context(member)); }).code(), "ValidationError");
}

TEST_F(OrganizationsAccessTest, CallAsDefaultsToSelf) {
  EXPECT_EQ(ReadCallAs({}), CallAs::kSelf);
  EXPECT_EQ(ReadCallAs({{"CallAs", "DELEGATED_ADMIN"}}), CallAs::kDelegatedAdmin);
}

TEST_F(OrganizationsAccessTest, ADelegatedAdministratorOperatesTheManagementAccountsOrganization) {
  const std::string member = CreateAccount("delegate");
  Delegate(member);
  const OrganizationAdmin admin =
      RequireServiceManagedAdmin(rt_.dispatcher, test::Context(member), CallAs::kDelegatedAdmin);
  EXPECT_EQ(admin.management_account, kManagement);
  EXPECT_EQ(admin.root_id, root_);
  EXPECT_TRUE(admin.delegated);
}

}  // namespace
}  // namespace nimbus::cloudformation
