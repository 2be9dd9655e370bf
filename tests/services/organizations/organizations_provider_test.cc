#include "services/organizations/organizations_provider.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/provider_test_support.h"

namespace nimbus::organizations {
namespace {

namespace json = boost::json;
using test::ErrorCode;
using test::Json;

constexpr std::string_view kManager = "111122223333";

class OrganizationsProviderTest : public ::testing::Test {
 protected:
  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{11};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{db_, clock_, ids_, scheduler_, {.async_delay_millis = 5000}};
  OrganizationsProvider orgs_{rt_};

  core::RequestContext Ctx(std::string_view account = kManager) {
    core::RequestContext ctx;
    ctx.scope = {.account = std::string(account), .region = "us-east-1"};
    ctx.caller = {.access_key_id = "AKIDEXAMPLE",
                  .account = std::string(account),
                  .arn = "arn:aws:iam::" + std::string(account) + ":root",
                  .user_id = std::string(account)};
    ctx.now_millis = clock_.NowMillis();
    return ctx;
  }

  json::object CreateOrg() {
    return orgs_.CreateOrganization(Ctx(), {}).as_object().at("Organization").as_object();
  }

  std::string Root() {
    return std::string(orgs_.ListRoots(Ctx(), {})
                           .as_object()
                           .at("Roots")
                           .as_array()[0]
                           .as_object()
                           .at("Id")
                           .as_string());
  }

  json::object Status(std::string_view id) {
    json::object in{{"CreateAccountRequestId", id}};
    return orgs_.DescribeCreateAccountStatus(Ctx(), in)
        .as_object()
        .at("CreateAccountStatus")
        .as_object();
  }

  // Creates a member account and lets the scheduler finish it; returns its id.
  std::string CreateMember(std::string_view name) {
    json::object in{{"Email", std::string(name) + "@example.com"}, {"AccountName", name}};
    const std::string id(orgs_.CreateAccount(Ctx(), in)
                             .as_object()
                             .at("CreateAccountStatus")
                             .as_object()
                             .at("Id")
                             .as_string());
    clock_.Advance(5000);
    scheduler_.RunDue();
    return std::string(Status(id).at("AccountId").as_string());
  }

  std::set<std::string> ListAccountIds(int64_t page_size) {
    std::set<std::string> ids;
    std::string token;
    do {
      json::object in{{"MaxResults", page_size}};
      if (!token.empty()) in["NextToken"] = token;
      json::object out = orgs_.ListAccounts(Ctx(), in).as_object();
      EXPECT_LE(out.at("Accounts").as_array().size(), static_cast<size_t>(page_size));
      for (const auto& a : out.at("Accounts").as_array()) {
        ids.insert(std::string(a.as_object().at("Id").as_string()));
      }
      token = out.contains("NextToken") ? std::string(out.at("NextToken").as_string()) : "";
    } while (!token.empty());
    return ids;
  }
};

TEST_F(OrganizationsProviderTest, DescribeWithoutOrganizationIsNotInUse) {
  std::string message;
  EXPECT_EQ(ErrorCode([&] { orgs_.DescribeOrganization(Ctx(), {}); }, &message),
            "AWSOrganizationsNotInUseException");
  EXPECT_EQ(message, "Your account is not a member of an organization.");
}

TEST_F(OrganizationsProviderTest, CreateOrganizationMakesCallerTheManagementAccount) {
  json::object org = CreateOrg();
  const std::string id(org.at("Id").as_string());
  EXPECT_EQ(id.size(), 12u);
  EXPECT_EQ(id.substr(0, 2), "o-");
  EXPECT_EQ(org.at("MasterAccountId").as_string(), kManager);
  EXPECT_EQ(org.at("FeatureSet").as_string(), "ALL");
  EXPECT_EQ(org.at("Arn").as_string(), "arn:aws:organizations::111122223333:organization/" + id);
  EXPECT_EQ(ListAccountIds(20), std::set<std::string>{std::string(kManager)});
}

TEST_F(OrganizationsProviderTest, SecondCreateOrganizationIsAlreadyInOrganization) {
  CreateOrg();
  EXPECT_EQ(ErrorCode([&] { orgs_.CreateOrganization(Ctx(), {}); }),
            "AlreadyInOrganizationException");
}

TEST_F(OrganizationsProviderTest, CreateAccountStaysInProgressUntilTheSchedulerRuns) {
  CreateOrg();
  json::object status = orgs_
                            .CreateAccount(Ctx(), Json(R"({"Email":"a@example.com",
      "AccountName":"a"})"))
                            .as_object()
                            .at("CreateAccountStatus")
                            .as_object();
  const std::string id(status.at("Id").as_string());
  EXPECT_EQ(status.at("State").as_string(), "IN_PROGRESS");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(scheduler_.RunDue(), 0u);  // not due before async_delay_millis
  EXPECT_EQ(Status(id).at("State").as_string(), "IN_PROGRESS");
  EXPECT_EQ(ListAccountIds(20).size(), 1u);

  clock_.Advance(5000);
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  json::object done = Status(id);
  EXPECT_EQ(done.at("State").as_string(), "SUCCEEDED");
  const std::string account(done.at("AccountId").as_string());
  EXPECT_EQ(account.size(), 12u);
  EXPECT_DOUBLE_EQ(done.at("CompletedTimestamp").as_double(),
                   static_cast<double>(clock_.NowMillis()) / 1000.0);
  json::object described =
      orgs_.DescribeAccount(Ctx(), {{"AccountId", account}}).as_object().at("Account").as_object();
  EXPECT_EQ(described.at("Name").as_string(), "a");
  EXPECT_EQ(described.at("JoinedMethod").as_string(), "CREATED");
}

TEST_F(OrganizationsProviderTest, CreateAccountWithTakenEmailFailsWithoutAnAccount) {
  CreateOrg();
  CreateMember("taken");
  const std::string id(orgs_
                           .CreateAccount(Ctx(), Json(R"({"Email":"taken@example.com",
      "AccountName":"again"})"))
                           .as_object()
                           .at("CreateAccountStatus")
                           .as_object()
                           .at("Id")
                           .as_string());
  clock_.Advance(5000);
  scheduler_.RunDue();
  json::object failed = Status(id);
  EXPECT_EQ(failed.at("State").as_string(), "FAILED");
  EXPECT_EQ(failed.at("FailureReason").as_string(), "EMAIL_ALREADY_EXISTS");
  EXPECT_FALSE(failed.contains("AccountId"));
  EXPECT_EQ(ListAccountIds(20).size(), 2u);
  json::object listed =
      orgs_.ListCreateAccountStatus(Ctx(), Json(R"({"States":["SUCCEEDED"]})")).as_object();
  EXPECT_EQ(listed.at("CreateAccountStatuses").as_array().size(), 1u);
}

TEST_F(OrganizationsProviderTest, ListAccountsPagesThroughEveryAccountOnce) {
  CreateOrg();
  std::set<std::string> expected = {std::string(kManager)};
  for (int i = 0; i < 6; ++i) expected.insert(CreateMember("m" + std::to_string(i)));
  EXPECT_EQ(ListAccountIds(1), expected);
  EXPECT_EQ(ListAccountIds(4), expected);
}

TEST_F(OrganizationsProviderTest, MalformedNextTokenIsInvalidInput) {
  CreateOrg();
  EXPECT_EQ(ErrorCode([&] {
              orgs_.ListAccounts(Ctx(), {{"NextToken", "%%%"}});
            }),
            "InvalidInputException");
}

TEST_F(OrganizationsProviderTest, MembersAreDeniedManagementOperations) {
  CreateOrg();
  const std::string member = CreateMember("member");
  EXPECT_EQ(orgs_.DescribeOrganization(Ctx(member), {})
                .as_object()
                .at("Organization")
                .as_object()
                .at("MasterAccountId")
                .as_string(),
            kManager);
  std::string message;
  EXPECT_EQ(ErrorCode([&] { orgs_.ListAccounts(Ctx(member), {}); }, &message),
            "AccessDeniedException");
  EXPECT_EQ(message, "You don't have permissions to access this resource.");
  EXPECT_EQ(ErrorCode([&] {
              orgs_.CreateOrganizationalUnit(Ctx(member), {{"ParentId", Root()}, {"Name", "x"}});
            }),
            "AccessDeniedException");
}

TEST_F(OrganizationsProviderTest, DelegatedAdministratorMayReadButNotWrite) {
  CreateOrg();
  const std::string member = CreateMember("sec");
  json::object reg{{"AccountId", member}, {"ServicePrincipal", "sso.amazonaws.com"}};
  orgs_.RegisterDelegatedAdministrator(Ctx(), reg);
  EXPECT_EQ(orgs_.ListAccounts(Ctx(member), {}).as_object().at("Accounts").as_array().size(), 2u);
  EXPECT_EQ(ErrorCode([&] { orgs_.RegisterDelegatedAdministrator(Ctx(), reg); }),
            "AccountAlreadyRegisteredException");
  EXPECT_EQ(ErrorCode([&] { orgs_.RegisterDelegatedAdministrator(Ctx(member), reg); }),
            "AccessDeniedException");
  EXPECT_EQ(ErrorCode([&] {
              orgs_.RegisterDelegatedAdministrator(
                  Ctx(), {{"AccountId", kManager}, {"ServicePrincipal", "sso.amazonaws.com"}});
            }),
            "ConstraintViolationException");
  EXPECT_EQ(ErrorCode([&] {
              orgs_.RegisterDelegatedAdministrator(
                  Ctx(), {{"AccountId", member}, {"ServicePrincipal", "bogus.amazonaws.com"}});
            }),
            "InvalidInputException");
  orgs_.DeregisterDelegatedAdministrator(Ctx(), reg);
  EXPECT_EQ(ErrorCode([&] { orgs_.DeregisterDelegatedAdministrator(Ctx(), reg); }),
            "AccountNotRegisteredException");
  EXPECT_EQ(ErrorCode([&] { orgs_.ListAccounts(Ctx(member), {}); }), "AccessDeniedException");
}

TEST_F(OrganizationsProviderTest, OrganizationalUnitWithChildrenCannotBeDeleted) {
  CreateOrg();
  const std::string root = Root();
  const std::string ou(orgs_.CreateOrganizationalUnit(Ctx(), {{"ParentId", root}, {"Name", "a"}})
                           .as_object()
                           .at("OrganizationalUnit")
                           .as_object()
                           .at("Id")
                           .as_string());
  EXPECT_EQ(ou.substr(0, 8), "ou-" + root.substr(2) + "-");
  const std::string member = CreateMember("inner");
  orgs_.MoveAccount(Ctx(),
                    {{"AccountId", member}, {"SourceParentId", root}, {"DestinationParentId", ou}});
  EXPECT_EQ(ErrorCode([&] {
              orgs_.DeleteOrganizationalUnit(Ctx(), {{"OrganizationalUnitId", ou}});
            }),
            "OrganizationalUnitNotEmptyException");
  EXPECT_EQ(ErrorCode([&] {
              orgs_.MoveAccount(
                  Ctx(),
                  {{"AccountId", member}, {"SourceParentId", root}, {"DestinationParentId", ou}});
            }),
            "SourceParentNotFoundException");
  orgs_.MoveAccount(Ctx(),
                    {{"AccountId", member}, {"SourceParentId", ou}, {"DestinationParentId", root}});
  orgs_.DeleteOrganizationalUnit(Ctx(), {{"OrganizationalUnitId", ou}});
  EXPECT_EQ(ErrorCode([&] {
              orgs_.DescribeOrganizationalUnit(Ctx(), {{"OrganizationalUnitId", ou}});
            }),
            "OrganizationalUnitNotFoundException");
}

TEST_F(OrganizationsProviderTest, DuplicateOuNameUnderOneParentIsRejected) {
  CreateOrg();
  const std::string root = Root();
  orgs_.CreateOrganizationalUnit(Ctx(), {{"ParentId", root}, {"Name", "same"}});
  EXPECT_EQ(ErrorCode([&] {
              orgs_.CreateOrganizationalUnit(Ctx(), {{"ParentId", root}, {"Name", "same"}});
            }),
            "DuplicateOrganizationalUnitException");
  EXPECT_EQ(orgs_.ListOrganizationalUnitsForParent(Ctx(), {{"ParentId", root}})
                .as_object()
                .at("OrganizationalUnits")
                .as_array()
                .size(),
            1u);
}

TEST_F(OrganizationsProviderTest, DeleteOrganizationNeedsMembersRemovedFirst) {
  CreateOrg();
  const std::string member = CreateMember("gone");
  EXPECT_EQ(ErrorCode([&] { orgs_.DeleteOrganization(Ctx(), {}); }),
            "OrganizationNotEmptyException");
  orgs_.RemoveAccountFromOrganization(Ctx(), {{"AccountId", member}});
  orgs_.DeleteOrganization(Ctx(), {});
  EXPECT_EQ(ErrorCode([&] { orgs_.DescribeOrganization(Ctx(), {}); }),
            "AWSOrganizationsNotInUseException");
  EXPECT_EQ(ErrorCode([&] { orgs_.DescribeOrganization(Ctx(member), {}); }),
            "AWSOrganizationsNotInUseException");
  // Both accounts are free to start again.
  EXPECT_EQ(ErrorCode([&] { orgs_.CreateOrganization(Ctx(member), {}); }), "");
}

TEST_F(OrganizationsProviderTest, OrganizationArnsInChinaAreInTheAwsCnPartition) {
  core::RequestContext ctx = Ctx();
  ctx.scope.region = "cn-northwest-1";  // the aws-cn partition's region for global services
  const json::object org = orgs_.CreateOrganization(ctx, {}).at("Organization").as_object();
  const std::string id(org.at("Id").as_string());
  EXPECT_EQ(org.at("Arn").as_string(), "arn:aws-cn:organizations::111122223333:organization/" + id);
  EXPECT_EQ(org.at("MasterAccountArn").as_string(),
            "arn:aws-cn:organizations::111122223333:account/" + id + "/111122223333");
}

TEST_F(OrganizationsProviderTest, RootArnInChinaIsInTheAwsCnPartition) {
  const std::string id(CreateOrg().at("Id").as_string());
  core::RequestContext ctx = Ctx();
  ctx.scope.region = "cn-northwest-1";
  const json::value root = orgs_.ListRoots(ctx, {}).at("Roots").at(0);
  EXPECT_EQ(root.at("Arn").as_string(), "arn:aws-cn:organizations::111122223333:root/" + id + "/" +
                                            std::string(root.at("Id").as_string()));
}

}  // namespace
}  // namespace nimbus::organizations
