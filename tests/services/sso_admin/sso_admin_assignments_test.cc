// SSO Admin account assignments and provisioning: principals are checked in the instance's
// identity store through the real Identity Store provider, every request goes IN_PROGRESS first
// and ends on the scheduler.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/sso_admin/sso_admin_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sso_admin {
namespace {

using test::ErrorOf;

namespace json = boost::json;
using core::AwsError;

constexpr std::string_view kTarget = "444455556666";

class SsoAdminAssignmentsTest : public testing::SsoAdminTest {
 protected:
  void SetUp() override {
    instance_ = NewInstance();
    store_id_ = std::string(Describe(instance_).at("IdentityStoreId").as_string());
    ps_ = NewPermissionSet(instance_, "Dev");
  }

  std::string NewUser() {
    return std::string(rt_.Call(ctx_, "identitystore", "CreateUser",
                                {{"IdentityStoreId", store_id_},
                                 {"UserName", "jdoe"},
                                 {"DisplayName", "J Doe"},
                                 {"Name", json::object{{"GivenName", "J"}, {"FamilyName", "Doe"}}}})
                           .at("UserId")
                           .as_string());
  }

  json::object Assignment(std::string_view type, const std::string& principal) const {
    return {{"InstanceArn", instance_}, {"TargetId", kTarget},   {"TargetType", "AWS_ACCOUNT"},
            {"PermissionSetArn", ps_},  {"PrincipalType", type}, {"PrincipalId", principal}};
  }

  // Creates the assignment and lets it finish; its creation status.
  json::object Assign(const json::object& assignment) {
    const std::string id(Call("CreateAccountAssignment", assignment)
                             .at("AccountAssignmentCreationStatus")
                             .at("RequestId")
                             .as_string());
    Settle();
    return Call("DescribeAccountAssignmentCreationStatus",
                {{"InstanceArn", instance_}, {"AccountAssignmentCreationRequestId", id}})
        .at("AccountAssignmentCreationStatus")
        .as_object();
  }

  json::array AccountsOf(std::string_view filter = "") {
    json::object in{{"InstanceArn", instance_}, {"PermissionSetArn", ps_}};
    if (!filter.empty()) in["ProvisioningStatus"] = filter;
    return Call("ListAccountsForProvisionedPermissionSet", in).at("AccountIds").as_array();
  }

  std::string instance_;
  std::string store_id_;
  std::string ps_;
};

TEST_F(SsoAdminAssignmentsTest, CreateAccountAssignmentIsInProgressFirst) {
  const json::value status = Call("CreateAccountAssignment", Assignment("USER", NewUser()))
                                 .at("AccountAssignmentCreationStatus");
  EXPECT_EQ(status.at("Status"), "IN_PROGRESS");
  EXPECT_EQ(status.at("TargetId"), kTarget.data());
  EXPECT_EQ(status.at("PermissionSetArn"), json::value(ps_));
}

TEST_F(SsoAdminAssignmentsTest, AssignmentOfAKnownUserSucceeds) {
  const std::string user = NewUser();
  const json::object done = Assign(Assignment("USER", user));
  EXPECT_EQ(done.at("Status"), "SUCCEEDED");
  EXPECT_EQ(done.at("PrincipalId"), json::value(user));
  EXPECT_FALSE(done.contains("FailureReason"));
  EXPECT_EQ(Call("ListAccountAssignments",
                 {{"InstanceArn", instance_}, {"AccountId", kTarget}, {"PermissionSetArn", ps_}})
                .at("AccountAssignments"),
            (json::array{json::object{{"AccountId", kTarget},
                                      {"PermissionSetArn", ps_},
                                      {"PrincipalType", "USER"},
                                      {"PrincipalId", user}}}));
}

TEST_F(SsoAdminAssignmentsTest, AssignmentOfAKnownGroupSucceeds) {
  const std::string group(rt_.Call(ctx_, "identitystore", "CreateGroup",
                                   {{"IdentityStoreId", store_id_}, {"DisplayName", "admins"}})
                              .at("GroupId")
                              .as_string());
  EXPECT_EQ(Assign(Assignment("GROUP", group)).at("Status"), "SUCCEEDED");
}

TEST_F(SsoAdminAssignmentsTest, AssignmentOfAnUnknownGroupFailsWithItsReason) {
  const std::string group = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  const json::object done = Assign(Assignment("GROUP", group));
  EXPECT_EQ(done.at("Status"), "FAILED");
  EXPECT_EQ(done.at("FailureReason"),
            json::value("The group with id " + group + " does not exist in identity store " +
                        store_id_ + "."));
}

TEST_F(SsoAdminAssignmentsTest, FailedAssignmentIsListedByItsStatusAndAssignsNothing) {
  const std::string group = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  const json::object done = Assign(Assignment("GROUP", group));
  const json::array failed =
      Call("ListAccountAssignmentCreationStatus",
           {{"InstanceArn", instance_}, {"Filter", json::object{{"Status", "FAILED"}}}})
          .at("AccountAssignmentsCreationStatus")
          .as_array();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].at("RequestId"), done.at("RequestId"));
  EXPECT_EQ(Call("ListAccountAssignmentsForPrincipal",
                 {{"InstanceArn", instance_}, {"PrincipalType", "GROUP"}, {"PrincipalId", group}})
                .at("AccountAssignments"),
            json::array());
}

TEST_F(SsoAdminAssignmentsTest, UnknownCreationRequestIsResourceNotFound) {
  const std::string id = "00000000-1111-2222-3333-444444444444";
  const AwsError error = ErrorOf([&] {
    Call("DescribeAccountAssignmentCreationStatus",
         {{"InstanceArn", instance_}, {"AccountAssignmentCreationRequestId", id}});
  });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(), "Could not find AccountAssignmentCreationRequest with id " + id);
}

TEST_F(SsoAdminAssignmentsTest, AssigningProvisionsThePermissionSetToTheAccount) {
  Assign(Assignment("USER", NewUser()));
  EXPECT_EQ(Call("ListPermissionSetsProvisionedToAccount",
                 {{"InstanceArn", instance_}, {"AccountId", kTarget}})
                .at("PermissionSets"),
            json::array{json::value(ps_)});
}

TEST_F(SsoAdminAssignmentsTest, AssignedPermissionSetCannotBeDeleted) {
  Assign(Assignment("USER", NewUser()));
  const AwsError error = ErrorOf([&] {
    Call("DeletePermissionSet", {{"InstanceArn", instance_}, {"PermissionSetArn", ps_}});
  });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.what(), "The permission set " + ps_.substr(ps_.rfind('/') + 1) +
                              " is assigned to accounts. Delete its account assignments first.");
}

TEST_F(SsoAdminAssignmentsTest, ChangeMakesTheProvisionedCopyStaleUntilProvisioned) {
  Assign(Assignment("USER", NewUser()));
  Call("UpdatePermissionSet",
       {{"InstanceArn", instance_}, {"PermissionSetArn", ps_}, {"Description", "changed"}});
  EXPECT_EQ(AccountsOf("LATEST_PERMISSION_SET_NOT_PROVISIONED"), json::array{kTarget});
  const std::string id(Call("ProvisionPermissionSet", {{"InstanceArn", instance_},
                                                       {"PermissionSetArn", ps_},
                                                       {"TargetType", "ALL_PROVISIONED_ACCOUNTS"}})
                           .at("PermissionSetProvisioningStatus")
                           .at("RequestId")
                           .as_string());
  Settle();
  EXPECT_EQ(Call("DescribePermissionSetProvisioningStatus",
                 {{"InstanceArn", instance_}, {"ProvisionPermissionSetRequestId", id}})
                .at("PermissionSetProvisioningStatus")
                .at("Status"),
            "SUCCEEDED");
  EXPECT_EQ(AccountsOf("LATEST_PERMISSION_SET_PROVISIONED"), json::array{kTarget});
}

TEST_F(SsoAdminAssignmentsTest, DeletingTheLastAssignmentUnprovisionsTheAccount) {
  const json::object assignment = Assignment("USER", NewUser());
  Assign(assignment);
  const std::string id(Call("DeleteAccountAssignment", assignment)
                           .at("AccountAssignmentDeletionStatus")
                           .at("RequestId")
                           .as_string());
  Settle();
  EXPECT_EQ(Call("DescribeAccountAssignmentDeletionStatus",
                 {{"InstanceArn", instance_}, {"AccountAssignmentDeletionRequestId", id}})
                .at("AccountAssignmentDeletionStatus")
                .at("Status"),
            "SUCCEEDED");
  EXPECT_EQ(AccountsOf(), json::array());
}

TEST_F(SsoAdminAssignmentsTest, DeletingAnAssignmentThatDoesNotExistIsResourceNotFound) {
  const std::string user = NewUser();
  const AwsError error =
      ErrorOf([&] { Call("DeleteAccountAssignment", Assignment("USER", user)); });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(), "Could not find an account assignment of permission set " +
                              ps_.substr(ps_.rfind('/') + 1) + " to USER " + user + " in account " +
                              std::string(kTarget) + ".");
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminAssignmentsTest, ProvisioningToAnAccountNeedsATargetId) {
  const AwsError error = ErrorOf([&] {
    Call("ProvisionPermissionSet",
         {{"InstanceArn", instance_}, {"PermissionSetArn", ps_}, {"TargetType", "AWS_ACCOUNT"}});
  });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_STREQ(error.what(), "TargetId is required when TargetType is AWS_ACCOUNT.");
}

TEST_F(SsoAdminAssignmentsTest, ProvisioningToAnAccountMakesItsCopyTheLatest) {
  const json::value status = Call("ProvisionPermissionSet", {{"InstanceArn", instance_},
                                                             {"PermissionSetArn", ps_},
                                                             {"TargetType", "AWS_ACCOUNT"},
                                                             {"TargetId", kTarget}})
                                 .at("PermissionSetProvisioningStatus");
  EXPECT_EQ(status.at("Status"), "IN_PROGRESS");
  EXPECT_EQ(status.at("AccountId"), kTarget.data());
  Settle();
  EXPECT_EQ(Call("ListPermissionSetsProvisionedToAccount",
                 {{"InstanceArn", instance_},
                  {"AccountId", kTarget},
                  {"ProvisioningStatus", "LATEST_PERMISSION_SET_PROVISIONED"}})
                .at("PermissionSets"),
            json::array{json::value(ps_)});
}

}  // namespace
}  // namespace nimbus::sso_admin
