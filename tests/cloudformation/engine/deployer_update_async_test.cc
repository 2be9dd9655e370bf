// UpdateStack with resources their services complete asynchronously: an added Organizations
// account polled until ready and recorded under its account id, an SSO assignment's replacement
// whose old assignment the cleanup waits for, and GetAtt values read again after an in-place
// update.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

// A parameter, and with `with_account` an account added next to it.
std::string Accounts(bool with_account) {
  std::string body = R"({"Resources": {"Param": {"Type": "AWS::SSM::Parameter",
      "Properties": {"Name": "/async/p", "Type": "String", "Value": "v"}})";
  if (with_account) {
    body += R"(, "Account": {"Type": "AWS::Organizations::Account",
      "Properties": {"AccountName": "Dev", "Email": "dev@example.com"}})";
  }
  body += "}";
  if (with_account) body += R"(, "Outputs": {"Account": {"Value": {"Ref": "Account"}}})";
  return body + "}";
}

// An instance, two groups, and the permission set assigned to the group `principal` names.
std::string Assignment(std::string_view principal) {
  return R"({"Resources": {
  "Instance": {"Type": "AWS::SSO::Instance", "Properties": {"Name": "main"}},
  "Admins": {"Type": "AWS::IdentityStore::Group",
             "Properties": {"IdentityStoreId": {"Fn::GetAtt": ["Instance", "IdentityStoreId"]},
                            "DisplayName": "admins"}},
  "Readers": {"Type": "AWS::IdentityStore::Group",
              "Properties": {"IdentityStoreId": {"Fn::GetAtt": ["Instance", "IdentityStoreId"]},
                             "DisplayName": "readers"}},
  "PermissionSet": {"Type": "AWS::SSO::PermissionSet",
                    "Properties": {"InstanceArn": {"Fn::GetAtt": ["Instance", "InstanceArn"]},
                                   "Name": "Admins"}},
  "Assignment": {"Type": "AWS::SSO::Assignment",
                 "Properties": {"InstanceArn": {"Fn::GetAtt": ["Instance", "InstanceArn"]},
                                "TargetId": {"Ref": "AWS::AccountId"},
                                "TargetType": "AWS_ACCOUNT",
                                "PermissionSetArn": {"Fn::GetAtt": ["PermissionSet",
                                                                    "PermissionSetArn"]},
                                "PrincipalType": "GROUP",
                                "PrincipalId": {"Fn::GetAtt": [")" +
         std::string(principal) + R"(", "GroupId"]}}}},
 "Outputs": {"PermissionSetRef": {"Value": {"Ref": "PermissionSet"}},
             "Readers": {"Value": {"Fn::GetAtt": ["Readers", "GroupId"]}}}})";
}

// A parameter whose value another one copies through Fn::GetAtt.
std::string Copied(std::string_view value) {
  return R"({"Resources": {
    "Source": {"Type": "AWS::SSM::Parameter",
               "Properties": {"Name": "/async/source", "Type": "String", "Value": ")" +
         std::string(value) + R"("}},
    "Copy": {"Type": "AWS::SSM::Parameter",
             "Properties": {"Name": "/async/copy", "Type": "String",
                            "Value": {"Fn::GetAtt": ["Source", "Value"]}}}},
  "Outputs": {"Source": {"Value": {"Fn::GetAtt": ["Source", "Value"]}}}})";
}

class DeployerUpdateAsyncTest : public testing::StackTest {
 protected:
  void Update(std::string_view name, std::string_view body) {
    Call("UpdateStack", {{"StackName", name}, {"TemplateBody", body}});
    rt_->RunDueTasks();
  }
  json::array AssignedPrincipals(std::string_view stack) {
    const std::string ref = Output(stack, "PermissionSetRef");
    json::array principals;
    const json::value listed = rt_->Call(ctx_, "sso-admin", "ListAccountAssignments",
                                         {{"InstanceArn", ref.substr(0, ref.find('|'))},
                                          {"AccountId", "111122223333"},
                                          {"PermissionSetArn", ref.substr(ref.find('|') + 1)}});
    for (const json::value& assignment : listed.at("AccountAssignments").as_array()) {
      principals.push_back(assignment.at("PrincipalId"));
    }
    return principals;
  }
};

TEST_F(DeployerUpdateAsyncTest, AnAccountAddedByAnUpdateIsRecordedUnderItsAccountId) {
  rt_->Call(ctx_, "organizations", "CreateOrganization", {});
  Create("org", Accounts(false));
  Update("org", Accounts(true));
  Settle("org");
  ASSERT_EQ(Status("org"), "UPDATE_COMPLETE") << Reason("org");
  const std::string account = Output("org", "Account");
  EXPECT_EQ(account.size(), 12u) << account;
  EXPECT_EQ(rt_->Call(ctx_, "organizations", "DescribeAccount", {{"AccountId", account}})
                .at("Account")
                .at("Email"),
            "dev@example.com");
}

TEST_F(DeployerUpdateAsyncTest, TheCleanupWaitsUntilTheReplacedAssignmentIsGone) {
  Create("dir", Assignment("Admins"));
  Settle("dir");
  Update("dir", Assignment("Readers"));
  // Until the new assignment is made; SSO Admin then deletes the old one asynchronously.
  for (int i = 0; i < 50 && Status("dir") == "UPDATE_IN_PROGRESS"; ++i) {
    rt_->clock.Advance(100);
    rt_->RunDueTasks();
  }
  EXPECT_EQ(Status("dir"), "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
}

TEST_F(DeployerUpdateAsyncTest, AReplacedAssignmentLeavesOnlyTheNewOne) {
  Create("dir", Assignment("Admins"));
  Settle("dir");
  Update("dir", Assignment("Readers"));
  Settle("dir");
  ASSERT_EQ(Status("dir"), "UPDATE_COMPLETE") << Reason("dir");
  EXPECT_EQ(AssignedPrincipals("dir"), json::array{json::value(Output("dir", "Readers"))});
}

TEST_F(DeployerUpdateAsyncTest, TheReplacedAssignmentIsDeletedOnceInTheEvents) {
  Create("dir", Assignment("Admins"));
  Settle("dir");
  Update("dir", Assignment("Readers"));
  Settle("dir");
  const std::vector<std::string> events = Events("dir");
  EXPECT_EQ(std::count(events.begin(), events.end(), "Assignment DELETE_IN_PROGRESS"), 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), "Assignment DELETE_COMPLETE"), 1);
}

TEST_F(DeployerUpdateAsyncTest, AnInPlaceUpdateReachesADependentThroughGetAtt) {
  Create("copy", Copied("v1"));
  Update("copy", Copied("v2"));
  EXPECT_EQ(Parameter("/async/copy"), "v2");
}

TEST_F(DeployerUpdateAsyncTest, AnInPlaceUpdateReachesTheOutputsThroughGetAtt) {
  Create("copy", Copied("v1"));
  Update("copy", Copied("v2"));
  EXPECT_EQ(Output("copy", "Source"), "v2");
}

}  // namespace
}  // namespace nimbus::cloudformation
