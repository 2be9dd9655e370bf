// Service-managed stack sets over nimbus's Organizations: CallAs, PermissionModel and
// AutoDeployment, DeploymentTargets with each instance's OU, and automatic deployment to
// accounts that move into or out of a targeted OU.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/org_test_support.h"
#include "cloudformation/stack_set_fixture.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kNotAdmin =
    "You must be the management account or delegated admin account of an organization before "
    "operating a SERVICE_MANAGED stack set";
constexpr std::string_view kTemplate = R"({
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/org/p", "Type": "String", "Value": "v"}}}})";

class ServiceManagedTest : public OrganizationTest {
 protected:
  void SetUp() override {
    OrganizationTest::SetUp();
    ou_ = CreateOu(root_, "workloads");
    member_ = CreateAccount("member");
    Move(member_, root_, ou_);
  }

  json::value Cfn(const core::RequestContext& ctx, std::string_view operation, json::object in) {
    return rt_.Call(ctx, "cloudformation", operation, in);
  }
  void CreateSet(std::string_view name, json::object more = {}) {
    more["StackSetName"] = name;
    more["TemplateBody"] = kTemplate;
    more["PermissionModel"] = "SERVICE_MANAGED";
    if (!more.contains("AutoDeployment")) {
      more["AutoDeployment"] = {{"Enabled", true}, {"RetainStacksOnAccountRemoval", false}};
    }
    Cfn(manager_, "CreateStackSet", more);
  }
  std::string AddInstances(std::string_view name, json::object targets) {
    return std::string(Cfn(manager_, "CreateStackInstances",
                           {{"StackSetName", name},
                            {"DeploymentTargets", std::move(targets)},
                            {"Regions", json::array{"us-east-1"}}})
                           .at("OperationId")
                           .as_string());
  }
  void Settle() { testing::SettleStackSets(rt_, 30, 60); }
  json::object Instance(std::string_view name, std::string_view account) {
    return testing::DescribeInstance(rt_, manager_, name, account);
  }
  json::object Set(std::string_view name) {
    return Cfn(manager_, "DescribeStackSet", {{"StackSetName", name}}).at("StackSet").as_object();
  }
  size_t InstanceCount(std::string_view name) {
    return Cfn(manager_, "ListStackInstances", {{"StackSetName", name}})
        .at("Summaries")
        .as_array()
        .size();
  }
  size_t StackCount(std::string_view account) {
    return rt_.Call(test::Context(account), "cloudformation", "DescribeStacks", {})
        .at("Stacks")
        .as_array()
        .size();
  }

  std::string ou_;
  std::string member_;
};

TEST_F(ServiceManagedTest, DescribeStackSetShowsAutoDeploymentAndNoRoles) {
  Activate();
  CreateSet("org",
            {{"AutoDeployment", {{"Enabled", true}, {"RetainStacksOnAccountRemoval", true}}}});
  const json::object set = Set("org");
  EXPECT_EQ(set.at("PermissionModel").as_string(), "SERVICE_MANAGED");
  EXPECT_EQ(set.at("AutoDeployment"),
            (json::object{{"Enabled", true}, {"RetainStacksOnAccountRemoval", true}}));
  EXPECT_EQ(set.at("OrganizationalUnitIds"), json::array());
  EXPECT_FALSE(set.contains("AdministrationRoleARN"));
  EXPECT_FALSE(set.contains("ExecutionRoleName"));
}

TEST_F(ServiceManagedTest, ListStackSetsShowsTheAutoDeployment) {
  Activate();
  CreateSet("org");
  const json::value summary = Cfn(manager_, "ListStackSets", {}).at("Summaries").at(0);
  EXPECT_EQ(summary.at("AutoDeployment"),
            (json::object{{"Enabled", true}, {"RetainStacksOnAccountRemoval", false}}));
}

TEST_F(ServiceManagedTest, WithoutAutoDeploymentCreateStackSetIsRefused) {
  Activate();
  EXPECT_EQ(test::ErrorOf([&] {
              Cfn(manager_, "CreateStackSet",
                  {{"StackSetName", "org"},
                   {"TemplateBody", kTemplate},
                   {"PermissionModel", "SERVICE_MANAGED"}});
            }).code(),
            "ValidationError");
}

TEST_F(ServiceManagedTest, WithoutTrustedAccessCreateStackSetIsRefused) {
  const core::AwsError error = test::ErrorOf([&] { CreateSet("org"); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(),
               "You must enable organizations access to operate a service managed stack set");
}

TEST_F(ServiceManagedTest, ASelfManagedSetWithAutoDeploymentIsRefused) {
  EXPECT_EQ(test::ErrorOf([&] {
              Cfn(manager_, "CreateStackSet",
                  {{"StackSetName", "own"},
                   {"TemplateBody", kTemplate},
                   {"AutoDeployment", {{"Enabled", true}}}});
            }).code(),
            "ValidationError");
}

TEST_F(ServiceManagedTest, UpdateStackSetChangesTheAutoDeployment) {
  Activate();
  CreateSet("org");
  Cfn(manager_, "UpdateStackSet",
      {{"StackSetName", "org"},
       {"UsePreviousTemplate", true},
       {"AutoDeployment", {{"Enabled", false}}}});
  EXPECT_EQ(Set("org").at("AutoDeployment"), (json::object{{"Enabled", false}}));
}

TEST_F(ServiceManagedTest, AMemberCallingAsSelfIsRefused) {
  Activate();
  const core::AwsError error = test::ErrorOf([&] {
    Cfn(test::Context(member_), "CreateStackSet",
        {{"StackSetName", "org"},
         {"TemplateBody", kTemplate},
         {"PermissionModel", "SERVICE_MANAGED"},
         {"AutoDeployment", {{"Enabled", false}}}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string_view(error.what()), kNotAdmin);
}

TEST_F(ServiceManagedTest, AnUnregisteredDelegatedAdminIsRefused) {
  Activate();
  const core::AwsError error = test::ErrorOf([&] {
    Cfn(test::Context(member_), "ListStackSets", {{"CallAs", "DELEGATED_ADMIN"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string_view(error.what()), kNotAdmin);
}

TEST_F(ServiceManagedTest, ADelegatedAdminsSetLivesInTheManagementAccount) {
  Activate();
  Delegate(member_);
  Cfn(test::Context(member_), "CreateStackSet",
      {{"StackSetName", "delegated"},
       {"TemplateBody", kTemplate},
       {"PermissionModel", "SERVICE_MANAGED"},
       {"CallAs", "DELEGATED_ADMIN"},
       {"AutoDeployment", {{"Enabled", false}}}});
  EXPECT_EQ(Set("delegated").at("StackSetName").as_string(), "delegated");
  EXPECT_EQ(test::ErrorOf([&] {
              Cfn(test::Context(member_), "DescribeStackSet", {{"StackSetName", "delegated"}});
            }).code(),
            "StackSetNotFoundException");
}

TEST_F(ServiceManagedTest, ADelegatedAdminDoesNotSeeSelfManagedSets) {
  Activate();
  Delegate(member_);
  Cfn(manager_, "CreateStackSet", {{"StackSetName", "own"}, {"TemplateBody", kTemplate}});
  CreateSet("shared");
  const json::array summaries =
      Cfn(test::Context(member_), "ListStackSets", {{"CallAs", "DELEGATED_ADMIN"}})
          .at("Summaries")
          .as_array();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].at("StackSetName").as_string(), "shared");
}

TEST_F(ServiceManagedTest, AnInstanceRecordsTheOuItWasReachedThrough) {
  Activate();
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  const json::object instance = Instance("org", member_);
  EXPECT_EQ(instance.at("OrganizationalUnitId").as_string(), ou_);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(instance.at("StackInstanceStatus").at("DetailedStatus").as_string(), "SUCCEEDED");
  EXPECT_EQ(StackCount(member_), 1u);
}

TEST_F(ServiceManagedTest, AnOperationResultNamesTheInstancesOu) {
  Activate();
  CreateSet("org");
  const std::string operation = AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  const json::value result = Cfn(manager_, "ListStackSetOperationResults",
                                 {{"StackSetName", "org"}, {"OperationId", operation}})
                                 .at("Summaries")
                                 .at(0);
  EXPECT_EQ(result.at("Account").as_string(), member_);
  EXPECT_EQ(result.at("OrganizationalUnitId").as_string(), ou_);
}

TEST_F(ServiceManagedTest, TheRootTargetsEveryAccountButTheManagementAccount) {
  Activate();
  const std::string other = CreateAccount("other");
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{root_}}});
  Settle();
  EXPECT_EQ(InstanceCount("org"), 2u);
  EXPECT_EQ(Instance("org", other).at("OrganizationalUnitId").as_string(), root_);
  EXPECT_EQ(StackCount(kManagement), 0u);
}

TEST_F(ServiceManagedTest, TheManagementAccountInAccountsIsRefused) {
  Activate();
  CreateSet("org");
  EXPECT_EQ(test::ErrorOf([&] {
              AddInstances("org", {{"Accounts", json::array{kManagement}}});
            }).code(),
            "ValidationError");
}

TEST_F(ServiceManagedTest, AccountsWithoutDeploymentTargetsAreRefused) {
  Activate();
  CreateSet("org");
  EXPECT_EQ(test::ErrorOf([&] {
              Cfn(manager_, "CreateStackInstances",
                  {{"StackSetName", "org"},
                   {"Accounts", json::array{member_}},
                   {"Regions", json::array{"us-east-1"}}});
            }).code(),
            "ValidationError");
}

TEST_F(ServiceManagedTest, TheSetsOrganizationalUnitIdsAccumulate) {
  Activate();
  const std::string second = CreateOu(root_, "second");
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  AddInstances("org", {{"OrganizationalUnitIds", json::array{second}}});
  Settle();
  EXPECT_EQ(Set("org").at("OrganizationalUnitIds"), (json::array{ou_, second}));
}

TEST_F(ServiceManagedTest, AutoDeploymentTargetsAreTheOusWithTheirRegions) {
  Activate();
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  EXPECT_EQ(
      Cfn(manager_, "ListStackSetAutoDeploymentTargets", {{"StackSetName", "org"}}).at("Summaries"),
      (json::array{{{"OrganizationalUnitId", ou_}, {"Regions", json::array{"us-east-1"}}}}));
}

TEST_F(ServiceManagedTest, AnAccountMovedIntoATargetedOuGetsTheInstances) {
  Activate();
  const std::string newcomer = CreateAccount("newcomer");
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  Move(newcomer, root_, ou_);
  Settle();
  const json::object instance = Instance("org", newcomer);
  EXPECT_EQ(instance.at("OrganizationalUnitId").as_string(), ou_);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(StackCount(newcomer), 1u);
}

TEST_F(ServiceManagedTest, AnAccountMovedOutOfTheTargetsLosesInstanceAndStack) {
  Activate();
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  Move(member_, ou_, root_);
  Settle();
  EXPECT_EQ(InstanceCount("org"), 0u);
  EXPECT_EQ(StackCount(member_), 0u);
}

TEST_F(ServiceManagedTest, RetainStacksOnAccountRemovalKeepsTheStack) {
  Activate();
  CreateSet("org",
            {{"AutoDeployment", {{"Enabled", true}, {"RetainStacksOnAccountRemoval", true}}}});
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  Move(member_, ou_, root_);
  Settle();
  EXPECT_EQ(InstanceCount("org"), 0u);
  EXPECT_EQ(StackCount(member_), 1u);
}

TEST_F(ServiceManagedTest, WithAutoDeploymentOffAMovedAccountGetsNothing) {
  Activate();
  const std::string newcomer = CreateAccount("newcomer");
  CreateSet("org", {{"AutoDeployment", {{"Enabled", false}}}});
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  Move(newcomer, root_, ou_);
  Settle();
  EXPECT_EQ(InstanceCount("org"), 1u);
}

TEST_F(ServiceManagedTest, AnAutomaticDeploymentIsAnOperationOfTheSet) {
  Activate();
  const std::string newcomer = CreateAccount("newcomer");
  CreateSet("org");
  AddInstances("org", {{"OrganizationalUnitIds", json::array{ou_}}});
  Settle();
  Move(newcomer, root_, ou_);
  Settle();
  const json::array operations =
      Cfn(manager_, "ListStackSetOperations", {{"StackSetName", "org"}}).at("Summaries").as_array();
  ASSERT_EQ(operations.size(), 2u);
  EXPECT_EQ(operations[1].at("Action").as_string(), "CREATE");
  EXPECT_EQ(operations[1].at("Status").as_string(), "SUCCEEDED");
}

}  // namespace
}  // namespace nimbus::cloudformation
