// IAM roles, managed policies and their versions, groups and instance profiles, through the
// dispatcher (model validation included).
#include <string>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/text.h"
#include "testing/runtime.h"

namespace nimbus::iam {
namespace {

namespace json = boost::json;

constexpr std::string_view kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr std::string_view kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";
constexpr std::string_view kAdmin = "arn:aws:iam::aws:policy/AdministratorAccess";

class IamRolePolicyTest : public ::testing::Test {
 protected:
  json::value Iam(std::string_view operation, const json::object& in = {}) {
    return rt_.Call(ctx_, "iam", operation, in);
  }
  core::AwsError ErrorOf(std::string_view operation, const json::object& in) {
    return test::ErrorOf([&] { Iam(operation, in); });
  }
  void CreateRole(std::string_view name) {
    Iam("CreateRole", {{"RoleName", name}, {"AssumeRolePolicyDocument", kTrust}});
  }
  std::string CreatePolicy(std::string_view name) {
    return std::string(Iam("CreatePolicy", {{"PolicyName", name}, {"PolicyDocument", kPolicy}})
                           .at("Policy")
                           .at("Arn")
                           .as_string());
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(IamRolePolicyTest, CreateRoleAnswersTheArnAndTheEncodedTrustPolicy) {
  const json::value role =
      Iam("CreateRole",
          {{"RoleName", "fn"}, {"Path", "/service/"}, {"AssumeRolePolicyDocument", kTrust}})
          .at("Role");
  EXPECT_EQ(role.at("Arn").as_string(), "arn:aws:iam::111122223333:role/service/fn");
  EXPECT_EQ(std::string(role.at("RoleId").as_string()).substr(0, 4), "AROA");
  EXPECT_EQ(std::string(role.at("AssumeRolePolicyDocument").as_string()).substr(0, 12),
            "%7B%22Versio");
}

TEST_F(IamRolePolicyTest, CreateRoleWithAResourceInTheTrustPolicyIsMalformed) {
  const core::AwsError error =
      ErrorOf("CreateRole", {{"RoleName", "bad"}, {"AssumeRolePolicyDocument", kPolicy}});
  EXPECT_EQ(error.code(), "MalformedPolicyDocument");
  EXPECT_EQ(std::string(error.what()), "Has prohibited field Resource");
}

TEST_F(IamRolePolicyTest, GetRoleOfAnUnknownNameIsNoSuchEntity) {
  const core::AwsError error = ErrorOf("GetRole", {{"RoleName", "none"}});
  EXPECT_EQ(error.code(), "NoSuchEntity");
  EXPECT_EQ(std::string(error.what()), "The role with name none cannot be found.");
}

TEST_F(IamRolePolicyTest, MaxSessionDurationAboveTwelveHoursIsAValidationError) {
  EXPECT_EQ(ErrorOf("CreateRole", {{"RoleName", "long"},
                                   {"AssumeRolePolicyDocument", kTrust},
                                   {"MaxSessionDuration", 43201}})
                .code(),
            "ValidationError");
}

TEST_F(IamRolePolicyTest, UpdateRoleChangesTheMaxSessionDuration) {
  CreateRole("dur");
  Iam("UpdateRole", {{"RoleName", "dur"}, {"MaxSessionDuration", 7200}});
  EXPECT_EQ(Iam("GetRole", {{"RoleName", "dur"}}).at("Role").at("MaxSessionDuration").as_int64(),
            7200);
}

TEST_F(IamRolePolicyTest, PutRolePolicyThenGetRolePolicyAnswersTheEncodedDocument) {
  CreateRole("inl");
  Iam("PutRolePolicy", {{"RoleName", "inl"}, {"PolicyName", "p"}, {"PolicyDocument", kPolicy}});
  const json::value out = Iam("GetRolePolicy", {{"RoleName", "inl"}, {"PolicyName", "p"}});
  EXPECT_EQ(out.at("PolicyDocument").as_string(), core::UriEncode(kPolicy));
  EXPECT_EQ(Iam("ListRolePolicies", {{"RoleName", "inl"}}).at("PolicyNames").at(0).as_string(),
            "p");
}

TEST_F(IamRolePolicyTest, DeleteRoleWithAnInlinePolicyIsDeleteConflict) {
  CreateRole("busy");
  Iam("PutRolePolicy", {{"RoleName", "busy"}, {"PolicyName", "p"}, {"PolicyDocument", kPolicy}});
  const core::AwsError error = ErrorOf("DeleteRole", {{"RoleName", "busy"}});
  EXPECT_EQ(error.code(), "DeleteConflict");
  EXPECT_EQ(std::string(error.what()), "Cannot delete entity, must delete policies first.");
}

TEST_F(IamRolePolicyTest, AttachRolePolicyOfAnAwsManagedPolicyIsListed) {
  CreateRole("admin");
  Iam("AttachRolePolicy", {{"RoleName", "admin"}, {"PolicyArn", kAdmin}});
  const json::value attached =
      Iam("ListAttachedRolePolicies", {{"RoleName", "admin"}}).at("AttachedPolicies");
  ASSERT_EQ(attached.as_array().size(), 1u);
  EXPECT_EQ(attached.at(0).at("PolicyName").as_string(), "AdministratorAccess");
}

TEST_F(IamRolePolicyTest, AttachRolePolicyOfAnUnknownPolicyIsNoSuchEntity) {
  CreateRole("r");
  const core::AwsError error =
      ErrorOf("AttachRolePolicy",
              {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::111122223333:policy/missing"}});
  EXPECT_EQ(error.code(), "NoSuchEntity");
  EXPECT_EQ(std::string(error.what()),
            "Policy arn:aws:iam::111122223333:policy/missing does not exist or is not attachable.");
}

TEST_F(IamRolePolicyTest, DeleteRoleWithAnAttachedPolicyIsDeleteConflict) {
  CreateRole("att");
  Iam("AttachRolePolicy", {{"RoleName", "att"}, {"PolicyArn", kAdmin}});
  EXPECT_EQ(std::string(ErrorOf("DeleteRole", {{"RoleName", "att"}}).what()),
            "Cannot delete entity, must detach all policies first.");
}

TEST_F(IamRolePolicyTest, GetPolicyOfAnAwsManagedPolicyAnswersItsPathAndVersion) {
  const json::value policy =
      Iam("GetPolicy",
          {{"PolicyArn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}})
          .at("Policy");
  EXPECT_EQ(policy.at("Path").as_string(), "/service-role/");
  EXPECT_EQ(policy.at("DefaultVersionId").as_string(), "v1");
}

TEST_F(IamRolePolicyTest, ListPoliciesWithScopeLocalListsOnlyTheAccountsPolicies) {
  CreatePolicy("mine");
  const json::value policies = Iam("ListPolicies", {{"Scope", "Local"}}).at("Policies");
  ASSERT_EQ(policies.as_array().size(), 1u);
  EXPECT_EQ(policies.at(0).at("PolicyName").as_string(), "mine");
}

TEST_F(IamRolePolicyTest, ListPoliciesOnlyAttachedListsTheAttachedOnes) {
  CreatePolicy("unused");
  const std::string used = CreatePolicy("used");
  CreateRole("holder");
  Iam("AttachRolePolicy", {{"RoleName", "holder"}, {"PolicyArn", used}});
  const json::value policies = Iam("ListPolicies", {{"OnlyAttached", true}}).at("Policies");
  ASSERT_EQ(policies.as_array().size(), 1u);
  EXPECT_EQ(policies.at(0).at("AttachmentCount").as_int64(), 1);
}

TEST_F(IamRolePolicyTest, CreatePolicyWithAPrincipalIsMalformed) {
  const core::AwsError error =
      ErrorOf("CreatePolicy", {{"PolicyName", "p"}, {"PolicyDocument", kTrust}});
  EXPECT_EQ(error.code(), "MalformedPolicyDocument");
  EXPECT_EQ(std::string(error.what()), "Policy document should not specify a principal.");
}

TEST_F(IamRolePolicyTest, CreatePolicyVersionAsDefaultBecomesTheDefault) {
  const std::string arn = CreatePolicy("versioned");
  const json::value version =
      Iam("CreatePolicyVersion",
          {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}, {"SetAsDefault", true}})
          .at("PolicyVersion");
  EXPECT_EQ(version.at("VersionId").as_string(), "v2");
  EXPECT_EQ(Iam("GetPolicy", {{"PolicyArn", arn}}).at("Policy").at("DefaultVersionId").as_string(),
            "v2");
}

TEST_F(IamRolePolicyTest, SixthPolicyVersionIsLimitExceeded) {
  const std::string arn = CreatePolicy("five");
  for (int i = 0; i < 4; ++i) {
    Iam("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}});
  }
  EXPECT_EQ(
      ErrorOf("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}}).code(),
      "LimitExceeded");
}

TEST_F(IamRolePolicyTest, DeletePolicyVersionOfTheDefaultIsDeleteConflict) {
  const std::string arn = CreatePolicy("dflt");
  EXPECT_EQ(ErrorOf("DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v1"}}).code(),
            "DeleteConflict");
}

TEST_F(IamRolePolicyTest, ListPolicyVersionsListsTheNewestFirst) {
  const std::string arn = CreatePolicy("list");
  Iam("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}});
  const json::value versions = Iam("ListPolicyVersions", {{"PolicyArn", arn}}).at("Versions");
  ASSERT_EQ(versions.as_array().size(), 2u);
  EXPECT_EQ(versions.at(0).at("VersionId").as_string(), "v2");
  EXPECT_EQ(versions.at(1).at("IsDefaultVersion").as_bool(), true);
}

TEST_F(IamRolePolicyTest, DeletePolicyAttachedToARoleIsDeleteConflict) {
  const std::string arn = CreatePolicy("attached");
  CreateRole("user-of");
  Iam("AttachRolePolicy", {{"RoleName", "user-of"}, {"PolicyArn", arn}});
  EXPECT_EQ(ErrorOf("DeletePolicy", {{"PolicyArn", arn}}).code(), "DeleteConflict");
}

TEST_F(IamRolePolicyTest, ListEntitiesForPolicyListsTheRoleAndTheGroup) {
  const std::string arn = CreatePolicy("shared");
  CreateRole("r1");
  Iam("CreateGroup", {{"GroupName", "g1"}});
  Iam("AttachRolePolicy", {{"RoleName", "r1"}, {"PolicyArn", arn}});
  Iam("AttachGroupPolicy", {{"GroupName", "g1"}, {"PolicyArn", arn}});
  const json::value out = Iam("ListEntitiesForPolicy", {{"PolicyArn", arn}});
  EXPECT_EQ(out.at("PolicyRoles").at(0).at("RoleName").as_string(), "r1");
  EXPECT_EQ(out.at("PolicyGroups").at(0).at("GroupName").as_string(), "g1");
  EXPECT_EQ(out.at("PolicyUsers").as_array().size(), 0u);
}

TEST_F(IamRolePolicyTest, GetGroupListsItsUsers) {
  Iam("CreateGroup", {{"GroupName", "devs"}});
  Iam("CreateUser", {{"UserName", "ann"}});
  Iam("AddUserToGroup", {{"GroupName", "devs"}, {"UserName", "ann"}});
  const json::value out = Iam("GetGroup", {{"GroupName", "devs"}});
  ASSERT_EQ(out.at("Users").as_array().size(), 1u);
  EXPECT_EQ(out.at("Users").at(0).at("UserName").as_string(), "ann");
  EXPECT_EQ(Iam("ListGroupsForUser", {{"UserName", "ann"}})
                .at("Groups")
                .at(0)
                .at("GroupName")
                .as_string(),
            "devs");
}

TEST_F(IamRolePolicyTest, DeleteGroupWithMembersIsDeleteConflict) {
  Iam("CreateGroup", {{"GroupName", "full"}});
  Iam("CreateUser", {{"UserName", "m"}});
  Iam("AddUserToGroup", {{"GroupName", "full"}, {"UserName", "m"}});
  EXPECT_EQ(std::string(ErrorOf("DeleteGroup", {{"GroupName", "full"}}).what()),
            "Cannot delete entity, must remove users from group first.");
}

TEST_F(IamRolePolicyTest, PutUserPolicyOverTheUserQuotaIsLimitExceeded) {
  Iam("CreateUser", {{"UserName", "big"}});
  std::string actions;
  for (int i = 0; i < 150; ++i) actions += "\"s3:GetObject" + std::to_string(i) + "\",";
  actions.pop_back();
  const std::string document =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)" + actions +
      R"(],"Resource":"*"}]})";
  EXPECT_EQ(ErrorOf("PutUserPolicy",
                    {{"UserName", "big"}, {"PolicyName", "p"}, {"PolicyDocument", document}})
                .code(),
            "LimitExceeded");
}

TEST_F(IamRolePolicyTest, AddRoleToInstanceProfileASecondRoleIsLimitExceeded) {
  CreateRole("first");
  CreateRole("second");
  Iam("CreateInstanceProfile", {{"InstanceProfileName", "ip"}});
  Iam("AddRoleToInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "first"}});
  EXPECT_EQ(
      ErrorOf("AddRoleToInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "second"}})
          .code(),
      "LimitExceeded");
}

TEST_F(IamRolePolicyTest, ListInstanceProfilesForRoleListsTheProfileWithTheRole) {
  CreateRole("ec2");
  const json::value profile =
      Iam("CreateInstanceProfile", {{"InstanceProfileName", "web"}}).at("InstanceProfile");
  EXPECT_EQ(profile.at("Arn").as_string(), "arn:aws:iam::111122223333:instance-profile/web");
  Iam("AddRoleToInstanceProfile", {{"InstanceProfileName", "web"}, {"RoleName", "ec2"}});
  const json::value out = Iam("ListInstanceProfilesForRole", {{"RoleName", "ec2"}});
  ASSERT_EQ(out.at("InstanceProfiles").as_array().size(), 1u);
  EXPECT_EQ(out.at("InstanceProfiles").at(0).at("Roles").at(0).at("RoleName").as_string(), "ec2");
}

TEST_F(IamRolePolicyTest, GetAccountAuthorizationDetailsListsARoleWithItsPolicies) {
  CreateRole("detailed");
  Iam("PutRolePolicy",
      {{"RoleName", "detailed"}, {"PolicyName", "p"}, {"PolicyDocument", kPolicy}});
  Iam("AttachRolePolicy", {{"RoleName", "detailed"}, {"PolicyArn", kAdmin}});
  const json::value out = Iam("GetAccountAuthorizationDetails");
  const json::value& role = out.at("RoleDetailList").at(0);
  EXPECT_EQ(role.at("RoleName").as_string(), "detailed");
  EXPECT_EQ(role.at("RolePolicyList").at(0).at("PolicyName").as_string(), "p");
  EXPECT_EQ(role.at("AttachedManagedPolicies").at(0).at("PolicyArn").as_string(), kAdmin);
  EXPECT_EQ(out.at("Policies").at(0).at("PolicyName").as_string(), "AdministratorAccess");
}

TEST_F(IamRolePolicyTest, GetAccountAuthorizationDetailsFilteredToUsersHasNoRoles) {
  CreateRole("hidden");
  Iam("CreateUser", {{"UserName", "shown"}});
  const json::value out = Iam("GetAccountAuthorizationDetails", {{"Filter", json::array{"User"}}});
  EXPECT_EQ(out.at("RoleDetailList").as_array().size(), 0u);
  EXPECT_EQ(out.at("UserDetailList").at(0).at("UserName").as_string(), "shown");
}

}  // namespace
}  // namespace nimbus::iam
