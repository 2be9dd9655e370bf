// A stack of the SSO and Identity Store types through the CloudFormation API: the deployer waits
// for what SSO Admin completes asynchronously, on creation and on deletion.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

// An instance, a user's membership of a group, and the group assigned a permission set.
constexpr std::string_view kDirectory = R"({"Resources": {
  "Instance": {"Type": "AWS::SSO::Instance", "Properties": {"Name": "main"}},
  "Group": {"Type": "AWS::IdentityStore::Group",
            "Properties": {"IdentityStoreId": {"Fn::GetAtt": ["Instance", "IdentityStoreId"]},
                           "DisplayName": "admins"}},
  "PermissionSet": {"Type": "AWS::SSO::PermissionSet",
                    "Properties": {"InstanceArn": {"Fn::GetAtt": ["Instance", "InstanceArn"]},
                                   "Name": "Admins",
                                   "ManagedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}},
  "Assignment": {"Type": "AWS::SSO::Assignment",
                 "Properties": {"InstanceArn": {"Fn::GetAtt": ["Instance", "InstanceArn"]},
                                "TargetId": {"Ref": "AWS::AccountId"},
                                "TargetType": "AWS_ACCOUNT",
                                "PermissionSetArn": {"Fn::GetAtt": ["PermissionSet",
                                                                    "PermissionSetArn"]},
                                "PrincipalType": "GROUP",
                                "PrincipalId": {"Fn::GetAtt": ["Group", "GroupId"]}}}},
 "Outputs": {"Store": {"Value": {"Fn::GetAtt": ["Instance", "IdentityStoreId"]}},
             "PermissionSetRef": {"Value": {"Ref": "PermissionSet"}}}})";

class SsoStackTest : public testing::StackTest {
 protected:
  json::value Sso(std::string_view operation, const json::object& in = {}) {
    return rt_->Call(ctx_, "sso-admin", operation, in);
  }
};

TEST_F(SsoStackTest, TheStackIsCompleteOnceSsoAdminHasFinished) {
  Create("dir", kDirectory);
  Settle("dir");
  EXPECT_EQ(Status("dir"), "CREATE_COMPLETE") << Reason("dir");
  const json::array instances = Sso("ListInstances").at("Instances").as_array();
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(instances.at(0).at("Status"), "ACTIVE");
  EXPECT_EQ(Output("dir", "Store"), instances.at(0).at("IdentityStoreId").as_string());
}

TEST_F(SsoStackTest, TheAssignmentIsListedBySsoAdmin) {
  Create("dir", kDirectory);
  Settle("dir");
  const std::string ref = Output("dir", "PermissionSetRef");
  const std::string instance = ref.substr(0, ref.find('|'));
  const json::value listed =
      Sso("ListAccountAssignments", {{"InstanceArn", instance},
                                     {"AccountId", "111122223333"},
                                     {"PermissionSetArn", ref.substr(ref.find('|') + 1)}});
  ASSERT_EQ(listed.at("AccountAssignments").as_array().size(), 1u);
  EXPECT_EQ(listed.at("AccountAssignments").at(0).at("PrincipalType"), "GROUP");
}

TEST_F(SsoStackTest, DeletingTheStackWaitsForEachDeletionAndRemovesEverything) {
  Create("dir", kDirectory);
  Settle("dir");
  const std::string id(Stack("dir").at("StackId").as_string());
  Delete("dir");
  Settle(id);
  EXPECT_EQ(Status(id), "DELETE_COMPLETE") << Reason(id);
  EXPECT_EQ(Sso("ListInstances").at("Instances").as_array().size(), 0u);
}

TEST_F(SsoStackTest, ATakenPermissionSetNameFailsTheStackAndRollsBack) {
  Create("dir", kDirectory);
  Settle("dir");
  // A second stack in the same instance with the same permission set name really fails.
  const std::string instance =
      Output("dir", "PermissionSetRef").substr(0, Output("dir", "PermissionSetRef").find('|'));
  Create("again", R"({"Parameters": {"Instance": {"Type": "String"}}, "Resources": {
      "PermissionSet": {"Type": "AWS::SSO::PermissionSet",
                        "Properties": {"InstanceArn": {"Ref": "Instance"}, "Name": "Admins"}}}})",
         {{"Parameters", {{{"ParameterKey", "Instance"}, {"ParameterValue", instance}}}}});
  Settle("again");
  EXPECT_EQ(Status("again"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Events("again").at(3),
            "PermissionSet CREATE_FAILED PermissionSet with name Admins already exists.");
}

}  // namespace
}  // namespace nimbus::cloudformation
