// DeploymentTargets of service-managed stack sets: the filters as pure functions, and the
// resolution of OUs, accounts and AccountsUrl against nimbus's Organizations and S3.
#include "cloudformation/stack_set_targets.h"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/org_test_support.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

using Targets = std::vector<TargetAccount>;

const Targets kInOus = {
    {"100000000001", "ou-a"}, {"100000000002", "ou-a"}, {"100000000003", "ou-b"}};

TEST(FilterAccounts, NoneKeepsEveryAccountOfTheOus) {
  EXPECT_EQ(FilterAccounts(AccountFilterType::kNone, kInOus, {"100000000002", "200000000000"}),
            kInOus);
}

TEST(FilterAccounts, IntersectionKeepsTheListedAccountsOfTheOus) {
  EXPECT_EQ(
      FilterAccounts(AccountFilterType::kIntersection, kInOus, {"100000000002", "200000000000"}),
      (Targets{{"100000000002", "ou-a"}}));
}

TEST(FilterAccounts, DifferenceLeavesTheListedAccountsOut) {
  EXPECT_EQ(FilterAccounts(AccountFilterType::kDifference, kInOus, {"100000000002"}),
            (Targets{{"100000000001", "ou-a"}, {"100000000003", "ou-b"}}));
}

TEST(FilterAccounts, UnionAddsTheListedAccountsWithoutAnOu) {
  EXPECT_EQ(FilterAccounts(AccountFilterType::kUnion, kInOus, {"100000000003", "200000000000"}),
            (Targets{{"100000000001", "ou-a"},
                     {"100000000002", "ou-a"},
                     {"100000000003", "ou-b"},
                     {"200000000000", ""}}));
}

TEST(FilterAccounts, AnAccountReachedTwiceComesOnceWithItsFirstOu) {
  EXPECT_EQ(FilterAccounts(AccountFilterType::kNone,
                           {{"100000000001", "ou-a"}, {"100000000001", "r-root"}}, {}),
            (Targets{{"100000000001", "ou-a"}}));
}

TEST(EffectiveFilter, BothOusAndAccountsDefaultToUnion) {
  EXPECT_EQ(EffectiveFilter({.accounts = {"100000000001"}, .organizational_unit_ids = {"ou-a"}},
                            TargetsUse::kOther),
            AccountFilterType::kUnion);
}

TEST(EffectiveFilter, OusAloneDefaultToNone) {
  EXPECT_EQ(EffectiveFilter({.organizational_unit_ids = {"ou-a"}}, TargetsUse::kCreate),
            AccountFilterType::kNone);
}

TEST(EffectiveFilter, CreateWithOusAndAccountsNeedsAFilter) {
  EXPECT_EQ(test::ErrorOf([] {
              EffectiveFilter({.accounts = {"100000000001"}, .organizational_unit_ids = {"ou-a"}},
                              TargetsUse::kCreate);
            }).code(),
            "ValidationError");
}

TEST(EffectiveFilter, CreateRefusesUnion) {
  EXPECT_EQ(test::ErrorOf([] {
              EffectiveFilter({.organizational_unit_ids = {"ou-a"},
                               .account_filter_type = AccountFilterType::kUnion},
                              TargetsUse::kCreate);
            }).code(),
            "ValidationError");
}

TEST(ParseAccountList, ReadsCommaAndLineSeparatedIdsOnce) {
  EXPECT_EQ(ParseAccountList("100000000001, 100000000002\r\n100000000003\n\n100000000001\n"),
            (std::vector<std::string>{"100000000001", "100000000002", "100000000003"}));
}

TEST(ParseAccountList, AnEntryThatIsNoAccountIdIsAValidationError) {
  EXPECT_EQ(test::ErrorOf([] { ParseAccountList("100000000001,12345"); }).code(),
            "ValidationError");
}

TEST(ReadDeploymentTargets, ReadsEveryMember) {
  const DeploymentTargets targets =
      ReadDeploymentTargets({{"Accounts", {"100000000001"}},
                             {"AccountsUrl", "s3://b/accounts.csv"},
                             {"OrganizationalUnitIds", {"ou-abcd-12345678"}},
                             {"AccountFilterType", "DIFFERENCE"}});
  EXPECT_EQ(targets.accounts, std::vector<std::string>{"100000000001"});
  EXPECT_EQ(targets.accounts_url, "s3://b/accounts.csv");
  EXPECT_EQ(targets.organizational_unit_ids, std::vector<std::string>{"ou-abcd-12345678"});
  EXPECT_EQ(targets.account_filter_type, AccountFilterType::kDifference);
}

TEST(TargetedOrganizationalUnit, IsTheNearestTargetedParent) {
  EXPECT_EQ(
      TargetedOrganizationalUnit({"r-root", "ou-parent"}, {"ou-child", "ou-parent", "r-root"}),
      "ou-parent");
}

TEST(TargetedOrganizationalUnit, IsNoneOutsideTheTargets) {
  EXPECT_EQ(TargetedOrganizationalUnit({"ou-other"}, {"ou-child", "r-root"}), std::nullopt);
}

class ResolveTargetsTest : public OrganizationTest {
 protected:
  Targets Resolve(const DeploymentTargets& targets, TargetsUse use = TargetsUse::kOther) {
    const OrganizationAdmin admin =
        RequireServiceManagedAdmin(rt_.dispatcher, manager_, CallAs::kSelf);
    return ResolveDeploymentTargets(rt_.dispatcher, manager_, admin, targets, use);
  }
};

TEST_F(ResolveTargetsTest, AnOuTakesTheAccountsOfItsChildOusWithItsOwnId) {
  Activate();
  const std::string parent = CreateOu(root_, "parent");
  const std::string child = CreateOu(parent, "child");
  const std::string a = CreateAccount("a");
  const std::string b = CreateAccount("b");
  CreateAccount("elsewhere");
  Move(a, root_, parent);
  Move(b, root_, child);
  EXPECT_EQ(Resolve({.organizational_unit_ids = {parent}}), (Targets{{a, parent}, {b, parent}}));
}

TEST_F(ResolveTargetsTest, TheRootTargetsEveryMemberButTheManagementAccount) {
  Activate();
  const std::string a = CreateAccount("a");
  EXPECT_EQ(Resolve({.organizational_unit_ids = {root_}}), (Targets{{a, root_}}));
}

TEST_F(ResolveTargetsTest, IntersectionNarrowsAnOuToTheListedAccounts) {
  Activate();
  const std::string ou = CreateOu(root_, "ou");
  const std::string a = CreateAccount("a");
  const std::string b = CreateAccount("b");
  Move(a, root_, ou);
  Move(b, root_, ou);
  EXPECT_EQ(Resolve({.accounts = {b},
                     .organizational_unit_ids = {ou},
                     .account_filter_type = AccountFilterType::kIntersection},
                    TargetsUse::kCreate),
            (Targets{{b, ou}}));
}

TEST_F(ResolveTargetsTest, AccountsUrlListsTheAccountsOfAnS3Object) {
  Activate();
  const std::string a = CreateAccount("a");
  const std::string b = CreateAccount("b");
  rt_.Call(manager_, "s3", "CreateBucket", {{"Bucket", "targets"}});
  rt_.Call(manager_, "s3", "PutObject",
           {{"Bucket", "targets"}, {"Key", "accounts.csv"}, {"Body", a + "\n" + b + "\n"}});
  EXPECT_EQ(Resolve({.accounts_url = "s3://targets/accounts.csv"}), (Targets{{a, ""}, {b, ""}}));
}

TEST_F(ResolveTargetsTest, WithoutTrustedAccessTheTargetsAreRefused) {
  const core::AwsError error =
      test::ErrorOf([&] { Resolve({.organizational_unit_ids = {root_}}); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(std::string(error.what()),
            "You must enable organizations access to operate a service managed stack set");
}

TEST_F(ResolveTargetsTest, AnOuOutsideTheOrganizationIsAValidationError) {
  Activate();
  EXPECT_EQ(
      test::ErrorOf([&] { Resolve({.organizational_unit_ids = {"ou-zzzz-zzzzzzzz"}}); }).code(),
      "ValidationError");
}

TEST_F(ResolveTargetsTest, TheManagementAccountCannotBeListedAsATarget) {
  Activate();
  EXPECT_EQ(test::ErrorOf([&] { Resolve({.accounts = {std::string(kManagement)}}); }).code(),
            "ValidationError");
}

}  // namespace
}  // namespace nimbus::cloudformation
