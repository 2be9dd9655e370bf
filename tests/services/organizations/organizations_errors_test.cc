// The whole error of each kind Organizations throws: code, message and modelled members, through
// the dispatcher with self-check on (so every code is one its operation lists).
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/organizations/org_test_support.h"
#include "testing/runtime.h"

namespace nimbus::organizations {
namespace {

namespace json = boost::json;

constexpr std::string_view kUnknownOu = "ou-abcd-12345678";

using test::ErrorOf;
using testing::kManager;

// A Tags list: [{"Key": k, "Value": v}, ...].
json::array TagList(const std::vector<std::pair<std::string, std::string>>& tags) {
  json::array out;
  for (const auto& [key, value] : tags) out.push_back(json::object{{"Key", key}, {"Value", value}});
  return out;
}

class OrganizationsErrorsTest : public testing::OrganizationsTest {};

TEST_F(OrganizationsErrorsTest, DescribeOrganizationWithoutOneIsNotInUse) {
  const core::AwsError e = ErrorOf([&] { Call("DescribeOrganization"); });
  EXPECT_EQ(e.code(), "AWSOrganizationsNotInUseException");
  EXPECT_STREQ(e.what(), "Your account is not a member of an organization.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, SecondCreateOrganizationIsAlreadyInOrganization) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] { Call("CreateOrganization"); });
  EXPECT_EQ(e.code(), "AlreadyInOrganizationException");
  EXPECT_STREQ(e.what(), "The AWS account is already a member of an organization.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, MemberListingAccountsIsAccessDenied) {
  CreateOrg();
  const std::string member = CreateMember("member");
  const core::AwsError e = ErrorOf([&] { Call("ListAccounts", {}, member); });
  EXPECT_EQ(e.code(), "AccessDeniedException");
  EXPECT_STREQ(e.what(), "You don't have permissions to access this resource.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, DescribeUnknownAccountIsAccountNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("DescribeAccount", {{"AccountId", "999999999999"}});
  });
  EXPECT_EQ(e.code(), "AccountNotFoundException");
  EXPECT_STREQ(e.what(), "You specified an account that doesn't exist.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, DeleteOrganizationWithAMemberIsNotEmpty) {
  CreateOrg();
  CreateMember("stays");
  const core::AwsError e = ErrorOf([&] { Call("DeleteOrganization"); });
  EXPECT_EQ(e.code(), "OrganizationNotEmptyException");
  EXPECT_STREQ(e.what(),
               "The organization isn't empty. To delete an organization, you must first remove "
               "all accounts except the management account.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, ManagementAccountLeavingIsMasterCannotLeave) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] { Call("LeaveOrganization"); });
  EXPECT_EQ(e.code(), "MasterCannotLeaveOrganizationException");
  EXPECT_STREQ(e.what(),
               "You can't remove a management account from an organization. If you want the "
               "management account to become a member account in another organization, you must "
               "first delete the current organization of the management account.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, UnknownCreateAccountRequestIsStatusNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("DescribeCreateAccountStatus",
         {{"CreateAccountRequestId", "car-0123456789abcdef0123456789abcdef"}});
  });
  EXPECT_EQ(e.code(), "CreateAccountStatusNotFoundException");
  EXPECT_STREQ(e.what(),
               "We can't find an create account request with the CreateAccountRequestId that you "
               "specified.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, MovingAnAccountFromAParentItIsNotInIsSourceParentNotFound) {
  const std::string root = CreateOrg();
  const std::string ou = CreateOu(root, "elsewhere");
  const std::string member = CreateMember("mover");
  const core::AwsError e = ErrorOf([&] {
    Call("MoveAccount",
         {{"AccountId", member}, {"SourceParentId", ou}, {"DestinationParentId", root}});
  });
  EXPECT_EQ(e.code(), "SourceParentNotFoundException");
  EXPECT_STREQ(e.what(), "We can't find a source root or OU with the ParentId that you specified.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, MovingAnAccountToAnUnknownOuIsDestinationParentNotFound) {
  const std::string root = CreateOrg();
  const std::string member = CreateMember("mover");
  const core::AwsError e = ErrorOf([&] {
    Call("MoveAccount",
         {{"AccountId", member}, {"SourceParentId", root}, {"DestinationParentId", kUnknownOu}});
  });
  EXPECT_EQ(e.code(), "DestinationParentNotFoundException");
  EXPECT_STREQ(e.what(),
               "We can't find the destination container (a root or OU) with the ParentId that "
               "you specified.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, MovingAnAccountToItsOwnParentIsDuplicateAccount) {
  const std::string root = CreateOrg();
  const std::string member = CreateMember("stayer");
  const core::AwsError e = ErrorOf([&] {
    Call("MoveAccount",
         {{"AccountId", member}, {"SourceParentId", root}, {"DestinationParentId", root}});
  });
  EXPECT_EQ(e.code(), "DuplicateAccountException");
  EXPECT_STREQ(e.what(), "That account is already present in the specified destination.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, SecondOuOfTheSameNameUnderOneParentIsDuplicate) {
  const std::string root = CreateOrg();
  CreateOu(root, "same");
  const core::AwsError e = ErrorOf([&] { CreateOu(root, "same"); });
  EXPECT_EQ(e.code(), "DuplicateOrganizationalUnitException");
  EXPECT_STREQ(e.what(), "An OU with the same name already exists.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, DescribeUnknownOuIsOrganizationalUnitNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("DescribeOrganizationalUnit", {{"OrganizationalUnitId", kUnknownOu}});
  });
  EXPECT_EQ(e.code(), "OrganizationalUnitNotFoundException");
  EXPECT_STREQ(e.what(), "You specified an organizational unit that doesn't exist.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, DeletingAnOuWithAChildIsNotEmpty) {
  const std::string root = CreateOrg();
  const std::string outer = CreateOu(root, "outer");
  CreateOu(outer, "inner");
  const core::AwsError e = ErrorOf([&] {
    Call("DeleteOrganizationalUnit", {{"OrganizationalUnitId", outer}});
  });
  EXPECT_EQ(e.code(), "OrganizationalUnitNotEmptyException");
  EXPECT_STREQ(e.what(),
               "The specified OU is not empty. Move all accounts to another root or to other "
               "OUs, remove all child OUs, and try the operation again.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, ListingChildrenOfAnUnknownParentIsParentNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("ListChildren", {{"ParentId", kUnknownOu}, {"ChildType", "ACCOUNT"}});
  });
  EXPECT_EQ(e.code(), "ParentNotFoundException");
  EXPECT_STREQ(e.what(), "You specified a parent that doesn't exist.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, ListingParentsOfAnUnknownChildIsChildNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] { Call("ListParents", {{"ChildId", "999999999999"}}); });
  EXPECT_EQ(e.code(), "ChildNotFoundException");
  EXPECT_STREQ(e.what(),
               "We can't find an organizational unit (OU) or AWS account with the ChildId that "
               "you specified.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, EnablingAPolicyTypeInAnUnknownRootIsRootNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("EnablePolicyType", {{"RootId", "r-zzzz"}, {"PolicyType", "SERVICE_CONTROL_POLICY"}});
  });
  EXPECT_EQ(e.code(), "RootNotFoundException");
  EXPECT_STREQ(e.what(), "We can't find a root with the RootId that you specified.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, PolicyTypesNeedAllFeatures) {
  const std::string root = CreateOrg("CONSOLIDATED_BILLING");
  const core::AwsError e = ErrorOf([&] {
    Call("EnablePolicyType", {{"RootId", root}, {"PolicyType", "SERVICE_CONTROL_POLICY"}});
  });
  EXPECT_EQ(e.code(), "PolicyTypeNotAvailableForOrganizationException");
  EXPECT_STREQ(e.what(),
               "You can't use the specified policy type with the feature set currently enabled "
               "for this organization.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, EnablingAnEnabledPolicyTypeIsAlreadyEnabled) {
  const std::string root = CreateOrg();
  const json::object in{{"RootId", root}, {"PolicyType", "TAG_POLICY"}};
  Call("EnablePolicyType", in);
  const core::AwsError e = ErrorOf([&] { Call("EnablePolicyType", in); });
  EXPECT_EQ(e.code(), "PolicyTypeAlreadyEnabledException");
  EXPECT_STREQ(e.what(), "The specified policy type is already enabled.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, DisablingAPolicyTypeThatIsNotEnabledIsNotEnabled) {
  const std::string root = CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("DisablePolicyType", {{"RootId", root}, {"PolicyType", "BACKUP_POLICY"}});
  });
  EXPECT_EQ(e.code(), "PolicyTypeNotEnabledException");
  EXPECT_STREQ(e.what(), "This operation can be performed only for enabled policy types.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, TrustedAccessWithoutAllFeaturesNamesReasonNotInAllFeaturesMode) {
  CreateOrg("CONSOLIDATED_BILLING");
  const core::AwsError e = ErrorOf([&] {
    Call("EnableAWSServiceAccess", {{"ServicePrincipal", "sso.amazonaws.com"}});
  });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_STREQ(e.what(),
               "This operation requires that all features are enabled in the organization.");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE"}}));
}

TEST_F(OrganizationsErrorsTest, RegisteringTheManagementAccountNamesReasonCannotRegisterMaster) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("RegisterDelegatedAdministrator",
         {{"AccountId", kManager}, {"ServicePrincipal", "sso.amazonaws.com"}});
  });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_STREQ(e.what(),
               "You cannot register master account/yourself as delegated administrator for your "
               "organization.");
  EXPECT_EQ(e.members(),
            (json::object{{"Reason", "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"}}));
}

TEST_F(OrganizationsErrorsTest, TheFiftyFirstTagNamesReasonMaxTagLimitExceeded) {
  const std::string root = CreateOrg();
  std::vector<std::pair<std::string, std::string>> fifty;
  for (int i = 0; i < 50; ++i) fifty.emplace_back("k" + std::to_string(i), "v");
  Call("TagResource", {{"ResourceId", root}, {"Tags", TagList(fifty)}});
  const core::AwsError e = ErrorOf([&] {
    Call("TagResource", {{"ResourceId", root}, {"Tags", TagList({{"one-more", "v"}})}});
  });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_STREQ(e.what(), "You have exceeded the allowed number of tags for a resource.");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "MAX_TAG_LIMIT_EXCEEDED"}}));
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceId", root}}).at("Tags").as_array().size(), 50u);
}

TEST_F(OrganizationsErrorsTest, RegisteringADelegatedAdministratorTwiceIsAlreadyRegistered) {
  CreateOrg();
  const json::object in{{"AccountId", CreateMember("sec")},
                        {"ServicePrincipal", "sso.amazonaws.com"}};
  Call("RegisterDelegatedAdministrator", in);
  const core::AwsError e = ErrorOf([&] { Call("RegisterDelegatedAdministrator", in); });
  EXPECT_EQ(e.code(), "AccountAlreadyRegisteredException");
  EXPECT_STREQ(e.what(),
               "The provided account is already a delegated administrator for your organization.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, DeregisteringAnAccountThatIsNoAdministratorIsNotRegistered) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("DeregisterDelegatedAdministrator",
         {{"AccountId", CreateMember("plain")}, {"ServicePrincipal", "sso.amazonaws.com"}});
  });
  EXPECT_EQ(e.code(), "AccountNotRegisteredException");
  EXPECT_STREQ(e.what(),
               "The provided account is not a registered delegated administrator for your "
               "organization.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, TaggingAnUnknownOuIsTargetNotFound) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("TagResource", {{"ResourceId", kUnknownOu}, {"Tags", TagList({{"k", "v"}})}});
  });
  EXPECT_EQ(e.code(), "TargetNotFoundException");
  EXPECT_STREQ(e.what(),
               "We can't find a root, OU, account, or policy with the TargetId that you "
               "specified.");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(OrganizationsErrorsTest, MalformedNextTokenNamesReasonInvalidNextToken) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] { Call("ListAccounts", {{"NextToken", "%%%"}}); });
  EXPECT_EQ(e.code(), "InvalidInputException");
  EXPECT_STREQ(e.what(),
               "You specified an invalid value for nextToken. You must get the value from the "
               "response to a previous call to the API.");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "INVALID_NEXT_TOKEN"}}));
}

TEST_F(OrganizationsErrorsTest, UnknownServicePrincipalNamesReasonUnrecognizedServicePrincipal) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("EnableAWSServiceAccess", {{"ServicePrincipal", "bogus.amazonaws.com"}});
  });
  EXPECT_EQ(e.code(), "InvalidInputException");
  EXPECT_STREQ(e.what(), "You specified an unrecognized service principal.");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "UNRECOGNIZED_SERVICE_PRINCIPAL"}}));
}

TEST_F(OrganizationsErrorsTest, DuplicateTagKeyNamesReasonDuplicateTagKey) {
  const std::string root = CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("CreateOrganizationalUnit",
         {{"ParentId", root}, {"Name", "ou"}, {"Tags", TagList({{"k", "a"}, {"k", "b"}})}});
  });
  EXPECT_EQ(e.code(), "InvalidInputException");
  EXPECT_STREQ(e.what(), "You specified a duplicate tag key.");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "DUPLICATE_TAG_KEY"}}));
}

}  // namespace
}  // namespace nimbus::organizations
