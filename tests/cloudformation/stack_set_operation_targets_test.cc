// DescribeStackSetOperation's DeploymentTargets, and ImportStacksToStackSet by OU into a
// service-managed set.
#include "cloudformation/stack_set_import_ou.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/org_test_support.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kTemplate = R"({
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": "/targets/p", "Type": "String", "Value": "v"}}}})";

class OperationTargetsTest : public OrganizationTest {
 protected:
  void SetUp() override {
    OrganizationTest::SetUp();
    ou_ = CreateOu(root_, "workloads");
    member_ = CreateAccount("member");
    Move(member_, root_, ou_);
    Activate();
  }

  json::value Cfn(std::string_view operation, json::object in) {
    return rt_.Call(manager_, "cloudformation", operation, in);
  }
  void CreateSet(std::string_view name, std::string_view model = "SERVICE_MANAGED") {
    json::object in{{"StackSetName", name}, {"TemplateBody", kTemplate}};
    if (model == "SERVICE_MANAGED") {
      in["PermissionModel"] = model;
      in["AutoDeployment"] = {{"Enabled", true}, {"RetainStacksOnAccountRemoval", false}};
    }
    Cfn("CreateStackSet", in);
  }
  std::string Start(std::string_view operation, std::string_view name, json::object more) {
    more["StackSetName"] = name;
    more["Regions"] = json::array{"us-east-1"};
    return std::string(Cfn(operation, more).at("OperationId").as_string());
  }
  json::object Operation(std::string_view name, std::string_view id) {
    return Cfn("DescribeStackSetOperation", {{"StackSetName", name}, {"OperationId", id}})
        .at("StackSetOperation")
        .as_object();
  }
  json::object Instance(std::string_view name, std::string_view account) {
    return Cfn("DescribeStackInstance", {{"StackSetName", name},
                                         {"StackInstanceAccount", account},
                                         {"StackInstanceRegion", "us-east-1"}})
        .at("StackInstance")
        .as_object();
  }
  // A deployed stack of `account`; its id.
  std::string StackIn(std::string_view account, std::string_view name) {
    const std::string id(rt_.Call(test::Context(account), "cloudformation", "CreateStack",
                                  {{"StackName", name}, {"TemplateBody", kTemplate}})
                             .at("StackId")
                             .as_string());
    Settle();
    return id;
  }
  std::string Import(std::string_view name, std::string_view stack_id, json::array ous) {
    json::object in{{"StackSetName", name}, {"StackIds", json::array{json::value(stack_id)}}};
    if (!ous.empty()) in["OrganizationalUnitIds"] = std::move(ous);
    return std::string(Cfn("ImportStacksToStackSet", in).at("OperationId").as_string());
  }
  void Settle() {
    for (int i = 0; i < 30; ++i) {
      rt_.RunDueTasks();
      rt_.clock.Advance(60);
    }
  }

  std::string ou_;
  std::string member_;
};

TEST_F(OperationTargetsTest, ACreateOperationShowsTheDeploymentTargetsItWasGiven) {
  CreateSet("org");
  const std::string id =
      Start("CreateStackInstances", "org",
            {{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}}});
  EXPECT_EQ(Operation("org", id).at("DeploymentTargets"),
            (json::object{{"OrganizationalUnitIds", json::array{ou_}}}));
}

TEST_F(OperationTargetsTest, DeploymentTargetsAreShownWithEveryMemberAsGiven) {
  CreateSet("org");
  const json::object targets{{"Accounts", json::array{member_}},
                             {"OrganizationalUnitIds", json::array{ou_}},
                             {"AccountFilterType", "INTERSECTION"}};
  const std::string id = Start("CreateStackInstances", "org", {{"DeploymentTargets", targets}});
  EXPECT_EQ(Operation("org", id).at("DeploymentTargets"), targets);
}

TEST_F(OperationTargetsTest, ADeleteOperationShowsItsDeploymentTargets) {
  CreateSet("org");
  Start("CreateStackInstances", "org",
        {{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}}});
  Settle();
  const std::string id = Start("DeleteStackInstances", "org",
                               {{"DeploymentTargets", {{"Accounts", json::array{member_}}}},
                                {"RetainStacks", false}});
  const json::object operation = Operation("org", id);
  EXPECT_EQ(operation.at("Action").as_string(), "DELETE");
  EXPECT_EQ(operation.at("DeploymentTargets"),
            (json::object{{"Accounts", json::array{member_}}}));
}

TEST_F(OperationTargetsTest, UpdateStackSetWithDeploymentTargetsShowsThem) {
  CreateSet("org");
  Start("CreateStackInstances", "org",
        {{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}}});
  Settle();
  const std::string id(Cfn("UpdateStackSet",
                           {{"StackSetName", "org"},
                            {"UsePreviousTemplate", true},
                            {"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}},
                            {"Regions", json::array{"us-east-1"}}})
                           .at("OperationId")
                           .as_string());
  EXPECT_EQ(Operation("org", id).at("DeploymentTargets"),
            (json::object{{"OrganizationalUnitIds", json::array{ou_}}}));
}

TEST_F(OperationTargetsTest, ASelfManagedOperationHasNoDeploymentTargets) {
  CreateSet("own", "SELF_MANAGED");
  const std::string id =
      Start("CreateStackInstances", "own", {{"Accounts", json::array{"444455556666"}}});
  EXPECT_FALSE(Operation("own", id).contains("DeploymentTargets"));
}

TEST_F(OperationTargetsTest, OperationSummariesHaveNoDeploymentTargets) {
  CreateSet("org");
  Start("CreateStackInstances", "org",
        {{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}}});
  const json::value summary =
      Cfn("ListStackSetOperations", {{"StackSetName", "org"}}).at("Summaries").at(0);
  EXPECT_FALSE(summary.as_object().contains("DeploymentTargets"));
}

TEST_F(OperationTargetsTest, AnAutomaticDeploymentShowsTheAccountWithinItsOu) {
  const std::string newcomer = CreateAccount("newcomer");
  CreateSet("org");
  Start("CreateStackInstances", "org",
        {{"DeploymentTargets", {{"OrganizationalUnitIds", json::array{ou_}}}}});
  Settle();
  Move(newcomer, root_, ou_);
  Settle();
  const json::value automatic =
      Cfn("ListStackSetOperations", {{"StackSetName", "org"}}).at("Summaries").at(1);
  EXPECT_EQ(Operation("org", automatic.at("OperationId").as_string()).at("DeploymentTargets"),
            (json::object{{"Accounts", json::array{json::value(newcomer)}},
                          {"OrganizationalUnitIds", json::array{ou_}},
                          {"AccountFilterType", "INTERSECTION"}}));
}

TEST_F(OperationTargetsTest, ParentPathListsTheParentsNearestFirst) {
  const std::string inner = CreateOu(ou_, "inner");
  Move(member_, ou_, inner);
  const OrganizationAdmin admin{.organization_id = "",
                                .management_account = std::string(kManagement),
                                .root_id = root_};
  EXPECT_EQ(ParentPath(rt_.dispatcher, manager_, admin, member_),
            (std::vector<std::string>{inner, ou_, root_}));
}

TEST_F(OperationTargetsTest, AnImportedStackGetsTheNearestListedOu) {
  const std::string stack_id = StackIn(member_, "existing");
  CreateSet("org");
  Import("org", stack_id, {root_, ou_});
  Settle();
  const json::object instance = Instance("org", member_);
  EXPECT_EQ(instance.at("OrganizationalUnitId").as_string(), ou_);
  EXPECT_EQ(instance.at("StackId").as_string(), stack_id);
  EXPECT_EQ(instance.at("Status").as_string(), "CURRENT");
  EXPECT_EQ(instance.at("StackInstanceStatus").at("DetailedStatus").as_string(), "SUCCEEDED");
}

TEST_F(OperationTargetsTest, AnImportByOuShowsTheOusAsDeploymentTargets) {
  const std::string stack_id = StackIn(member_, "existing");
  CreateSet("org");
  const std::string id = Import("org", stack_id, {ou_});
  EXPECT_EQ(Operation("org", id).at("DeploymentTargets"),
            (json::object{{"OrganizationalUnitIds", json::array{ou_}}}));
}

TEST_F(OperationTargetsTest, TheOusOfAnImportBecomeTheSetsTargets) {
  const std::string stack_id = StackIn(member_, "existing");
  CreateSet("org");
  Import("org", stack_id, {ou_});
  EXPECT_EQ(Cfn("ListStackSetAutoDeploymentTargets", {{"StackSetName", "org"}}).at("Summaries"),
            (json::array{{{"OrganizationalUnitId", ou_}, {"Regions", json::array{"us-east-1"}}}}));
}

TEST_F(OperationTargetsTest, AStackOutsideTheListedOusIsStackNotFound) {
  const std::string outsider = CreateAccount("outsider");  // in the root, not in ou_
  const std::string stack_id = StackIn(outsider, "existing");
  CreateSet("org");
  EXPECT_EQ(test::ErrorOf([&] { Import("org", stack_id, {ou_}); }).code(),
            "StackNotFoundException");
}

TEST_F(OperationTargetsTest, AStackOfAnAccountOutsideTheOrganizationIsStackNotFound) {
  const std::string stack_id = StackIn("444455556666", "existing");
  CreateSet("org");
  EXPECT_EQ(test::ErrorOf([&] { Import("org", stack_id, {root_}); }).code(),
            "StackNotFoundException");
}

TEST_F(OperationTargetsTest, AStackOfTheManagementAccountIsRefused) {
  const std::string stack_id = StackIn(kManagement, "existing");
  CreateSet("org");
  EXPECT_EQ(test::ErrorOf([&] { Import("org", stack_id, {root_}); }).code(), "ValidationError");
}

TEST_F(OperationTargetsTest, AServiceManagedImportWithoutOusIsRefused) {
  const std::string stack_id = StackIn(member_, "existing");
  CreateSet("org");
  EXPECT_EQ(test::ErrorOf([&] { Import("org", stack_id, {}); }).code(), "ValidationError");
}

TEST_F(OperationTargetsTest, ASelfManagedImportWithOusIsRefused) {
  const std::string stack_id = StackIn(member_, "existing");
  CreateSet("own", "SELF_MANAGED");
  EXPECT_EQ(test::ErrorOf([&] { Import("own", stack_id, {ou_}); }).code(), "ValidationError");
}

}  // namespace
}  // namespace nimbus::cloudformation
