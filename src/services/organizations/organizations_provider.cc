#include "services/organizations/organizations_provider.h"

#include <algorithm>
#include <array>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"

namespace nimbus::organizations {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::protocol::IntOr;
using core::protocol::OptArray;
using core::protocol::OptString;
using core::protocol::RequiredString;
using store::Transaction;

namespace {

constexpr std::string_view kCreateAccountTask = "organizations.CreateAccount";
constexpr int64_t kDefaultMaxResults = 20;
constexpr int64_t kMaxTagsPerResource = 50;

// Services that support trusted access (and most of them delegated administrators):
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrated-services-list.html
constexpr std::array<std::string_view, 44> kServicePrincipals = {
    "access-analyzer.amazonaws.com",
    "account.amazonaws.com",
    "auditmanager.amazonaws.com",
    "aws-artifact-account-sync.amazonaws.com",
    "backup.amazonaws.com",
    "bcm-pricing-calculator.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "compute-optimizer.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "config.amazonaws.com",
    "controltower.amazonaws.com",
    "cost-optimization-hub.bcm.amazonaws.com",
    "detective.amazonaws.com",
    "devops-guru.amazonaws.com",
    "ds.amazonaws.com",
    "fms.amazonaws.com",
    "guardduty.amazonaws.com",
    "health.amazonaws.com",
    "iam.amazonaws.com",
    "inspector2.amazonaws.com",
    "ipam.amazonaws.com",
    "license-management.marketplace.amazonaws.com",
    "license-manager.amazonaws.com",
    "license-manager.member-account.amazonaws.com",
    "macie.amazonaws.com",
    "malware-protection.guardduty.amazonaws.com",
    "member.org.stacksets.cloudformation.amazonaws.com",
    "mgn.amazonaws.com",
    "ram.amazonaws.com",
    "reachabilityanalyzer.networkinsights.amazonaws.com",
    "reporting.trustedadvisor.amazonaws.com",
    "resource-explorer-2.amazonaws.com",
    "securityhub.amazonaws.com",
    "securitylake.amazonaws.com",
    "servicecatalog.amazonaws.com",
    "servicequotas.amazonaws.com",
    "ssm.amazonaws.com",
    "sso.amazonaws.com",
    "storage-lens.s3.amazonaws.com",
    "tagpolicies.tag.amazonaws.com",
    "uptime.gamelift.amazonaws.com",
    "vpc-lattice.amazonaws.com",
    "wellarchitected.amazonaws.com",
    "xray.amazonaws.com",
};

bool KnownServicePrincipal(std::string_view principal) {
  return std::find(kServicePrincipals.begin(), kServicePrincipals.end(), principal) !=
         kServicePrincipals.end();
}

void RequireKnownServicePrincipal(std::string_view principal) {
  if (!KnownServicePrincipal(principal)) {
    throw AwsError("InvalidInputException", "You specified an unrecognized service principal.")
        .With("Reason", "UNRECOGNIZED_SERVICE_PRINCIPAL");
  }
}

[[noreturn]] void AccessDenied() {
  throw AwsError("AccessDeniedException", "You don't have permissions to access this resource.");
}

[[noreturn]] void AccountNotFound() {
  throw AwsError("AccountNotFoundException", "You specified an account that doesn't exist.");
}

using Page = services::KeysetPage;

// Each listing's tokens are its own: `kind` is the operation's name.
Page ReadPage(const json::object& in, std::string_view kind) {
  std::optional<Page> page = services::ReadKeysetPage(in, kind, kDefaultMaxResults);
  if (!page) {
    throw AwsError("InvalidInputException",
                   "You specified an invalid value for nextToken. You must get the value from "
                   "the response to a previous call to the API.")
        .With("Reason", "INVALID_NEXT_TOKEN");
  }
  return *page;
}

// Organizations ARNs have no region and name the management account; `region` (the caller's)
// chooses the partition: arn:aws-cn:organizations::<management>:<resource>.
std::string OrgsArn(const OrgRecord& org, std::string_view region, const std::string& resource) {
  return core::GlobalArn({.account = org.master_account, .region = std::string(region)},
                         "organizations", resource);
}

std::string OrgArn(const OrgRecord& org, std::string_view region) {
  return OrgsArn(org, region, "organization/" + org.id);
}

std::string AccountArn(const OrgRecord& org, std::string_view account_id, std::string_view region) {
  return OrgsArn(org, region, "account/" + org.id + "/" + std::string(account_id));
}

json::object OrganizationJson(const OrgRecord& org, std::string_view region) {
  return {{"Id", org.id},
          {"Arn", OrgArn(org, region)},
          {"FeatureSet", org.feature_set},
          {"MasterAccountArn", AccountArn(org, org.master_account, region)},
          {"MasterAccountId", org.master_account},
          {"MasterAccountEmail", org.master_email},
          {"AvailablePolicyTypes", json::array{}}};
}

json::object StatusJson(const CreateAccountStatusRecord& s) {
  json::object out{{"Id", s.id},
                   {"AccountName", s.account_name},
                   {"State", s.state},
                   {"RequestedTimestamp", EpochSeconds(s.requested_millis)}};
  if (s.completed_millis) out["CompletedTimestamp"] = EpochSeconds(*s.completed_millis);
  if (s.account_id) out["AccountId"] = *s.account_id;
  if (s.failure_reason) out["FailureReason"] = *s.failure_reason;
  return out;
}

bool IsAccountId(std::string_view id) {
  return id.size() == 12 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<Tag> ReadTags(const json::object& in) {
  services::TagList list = services::ReadTagList(in);
  if (services::FindDuplicateTagKey(list)) {
    throw AwsError("InvalidInputException", "You specified a duplicate tag key.")
        .With("Reason", "DUPLICATE_TAG_KEY");
  }
  std::vector<Tag> tags;
  for (auto& [key, value] : list) {
    tags.push_back({.key = std::move(key), .value = std::move(value)});
  }
  return tags;
}

std::string TagsToJson(const std::vector<Tag>& tags) {
  return json::serialize(services::TagListJson(tags));
}

std::vector<Tag> TagsFromJson(std::string_view text) {
  json::object wrapper{{"Tags", json::parse(text)}};
  return ReadTags(wrapper);
}

}  // namespace

OrganizationsProvider::OrganizationsProvider(Runtime& rt) : rt_(rt), store_(rt.db) {
#define NIMBUS_ORGS_OP(name) \
  Register(#name, [this](const Ctx& ctx, const In& in) { return name(ctx, in); })
  NIMBUS_ORGS_OP(CreateOrganization);
  NIMBUS_ORGS_OP(DescribeOrganization);
  NIMBUS_ORGS_OP(DeleteOrganization);
  NIMBUS_ORGS_OP(LeaveOrganization);
  NIMBUS_ORGS_OP(RemoveAccountFromOrganization);
  NIMBUS_ORGS_OP(CreateAccount);
  NIMBUS_ORGS_OP(DescribeCreateAccountStatus);
  NIMBUS_ORGS_OP(ListCreateAccountStatus);
  NIMBUS_ORGS_OP(DescribeAccount);
  NIMBUS_ORGS_OP(ListAccounts);
  NIMBUS_ORGS_OP(ListAccountsForParent);
  NIMBUS_ORGS_OP(MoveAccount);
  NIMBUS_ORGS_OP(ListRoots);
  NIMBUS_ORGS_OP(CreateOrganizationalUnit);
  NIMBUS_ORGS_OP(DescribeOrganizationalUnit);
  NIMBUS_ORGS_OP(UpdateOrganizationalUnit);
  NIMBUS_ORGS_OP(DeleteOrganizationalUnit);
  NIMBUS_ORGS_OP(ListOrganizationalUnitsForParent);
  NIMBUS_ORGS_OP(ListParents);
  NIMBUS_ORGS_OP(ListChildren);
  NIMBUS_ORGS_OP(EnableAWSServiceAccess);
  NIMBUS_ORGS_OP(DisableAWSServiceAccess);
  NIMBUS_ORGS_OP(ListAWSServiceAccessForOrganization);
  NIMBUS_ORGS_OP(RegisterDelegatedAdministrator);
  NIMBUS_ORGS_OP(DeregisterDelegatedAdministrator);
  NIMBUS_ORGS_OP(ListDelegatedAdministrators);
  NIMBUS_ORGS_OP(ListDelegatedServicesForAccount);
  NIMBUS_ORGS_OP(EnablePolicyType);
  NIMBUS_ORGS_OP(DisablePolicyType);
  NIMBUS_ORGS_OP(TagResource);
  NIMBUS_ORGS_OP(UntagResource);
  NIMBUS_ORGS_OP(ListTagsForResource);
#undef NIMBUS_ORGS_OP
  rt_.scheduler.Register(std::string(kCreateAccountTask),
                         [this](const store::Task& task) { CompleteCreateAccount(task.payload); });
}

// ---- OrgDirectory ----

std::optional<OrgDirectory::OrgInfo> OrganizationsProvider::OrganizationOf(
    std::string_view account) {
  Transaction tx = store_.Read();
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, account);
  if (!org) return std::nullopt;
  // Asked without a region, the directory answers in the aws partition.
  return OrgInfo{.id = org->id, .arn = OrgArn(*org, ""), .management_account = org->master_account};
}

std::vector<std::string> OrganizationsProvider::AccountsInOrganization(std::string_view account) {
  Transaction tx = store_.Read();
  std::vector<std::string> out;
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, account);
  if (!org) return out;
  std::string after;
  while (true) {
    std::vector<AccountRecord> page = store_.ListAccounts(tx, org->id, after, 500);
    for (const AccountRecord& a : page) out.push_back(a.id);
    if (page.size() < 500) break;
    after = page.back().id;
  }
  return out;
}

bool OrganizationsProvider::ServiceAccessEnabled(std::string_view account,
                                                 std::string_view service_principal) {
  Transaction tx = store_.Read();
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, account);
  return org && store_.ServiceEnabled(tx, org->id, service_principal);
}

std::vector<std::string> OrganizationsProvider::AccountsUnder(std::string_view account,
                                                              std::string_view parent_id) {
  Transaction tx = store_.Read();
  std::vector<std::string> out;
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, account);
  if (!org) return out;
  if (parent_id != org->root_id && !store_.FindOu(tx, org->id, parent_id)) return out;
  std::vector<std::string> parents = {std::string(parent_id)};
  while (!parents.empty()) {
    const std::string parent = std::move(parents.back());
    parents.pop_back();
    std::string after;
    while (true) {
      std::vector<AccountRecord> page =
          store_.ListAccountsForParent(tx, org->id, parent, after, 500);
      for (const AccountRecord& a : page) out.push_back(a.id);
      if (page.size() < 500) break;
      after = page.back().id;
    }
    after.clear();
    while (true) {
      std::vector<OuRecord> page = store_.ListOus(tx, org->id, parent, after, 500);
      for (const OuRecord& ou : page) parents.push_back(ou.id);
      if (page.size() < 500) break;
      after = page.back().id;
    }
  }
  return out;
}

bool OrganizationsProvider::IsDelegatedAdministrator(std::string_view account,
                                                     std::string_view service_principal) {
  Transaction tx = store_.Read();
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, account);
  return org && store_.DelegationExists(tx, org->id, account, service_principal);
}

// ---- helpers ----

OrgRecord OrganizationsProvider::RequireOrg(Transaction& tx, const Ctx& ctx) {
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, ctx.scope.account);
  if (!org) {
    throw AwsError("AWSOrganizationsNotInUseException",
                   "Your account is not a member of an organization.");
  }
  return *org;
}

OrgRecord OrganizationsProvider::RequireManagement(Transaction& tx, const Ctx& ctx) {
  OrgRecord org = RequireOrg(tx, ctx);
  if (org.master_account != ctx.scope.account) AccessDenied();
  return org;
}

OrgRecord OrganizationsProvider::RequireManagementOrDelegate(Transaction& tx, const Ctx& ctx) {
  OrgRecord org = RequireOrg(tx, ctx);
  if (org.master_account != ctx.scope.account &&
      !store_.IsDelegatedAdmin(tx, org.id, ctx.scope.account)) {
    AccessDenied();
  }
  return org;
}

void OrganizationsProvider::RequireParent(Transaction& tx, const OrgRecord& org,
                                          std::string_view parent_id, std::string_view error) {
  if (parent_id == org.root_id) return;
  if (core::StartsWith(parent_id, "ou-") && store_.FindOu(tx, org.id, parent_id)) return;
  if (error == "SourceParentNotFoundException") {
    throw AwsError(std::string(error),
                   "We can't find a source root or OU with the ParentId that you specified.");
  }
  if (error == "DestinationParentNotFoundException") {
    throw AwsError(std::string(error),
                   "We can't find the destination container (a root or OU) with the ParentId "
                   "that you specified.");
  }
  throw AwsError(std::string(error), "You specified a parent that doesn't exist.");
}

json::object OrganizationsProvider::AccountJson(const OrgRecord& org, const AccountRecord& a,
                                                std::string_view region) const {
  return {{"Id", a.id},
          {"Arn", AccountArn(org, a.id, region)},
          {"Email", a.email},
          {"Name", a.name},
          {"Status", "ACTIVE"},
          {"State", "ACTIVE"},
          {"JoinedMethod", a.joined_method},
          {"JoinedTimestamp", EpochSeconds(a.joined_millis)}};
}

json::object OrganizationsProvider::OuJson(const OrgRecord& org, const OuRecord& ou,
                                           std::string_view region) const {
  return {{"Id", ou.id},
          {"Arn", OrgsArn(org, region, "ou/" + org.id + "/" + ou.id)},
          {"Name", ou.name}};
}

json::object OrganizationsProvider::RootJson(Transaction& tx, const OrgRecord& org,
                                             std::string_view region) {
  json::array types;
  for (const std::string& type : store_.PolicyTypes(tx, org.id)) {
    types.push_back(json::object{{"Type", type}, {"Status", "ENABLED"}});
  }
  return {{"Id", org.root_id},
          {"Arn", OrgsArn(org, region, "root/" + org.id + "/" + org.root_id)},
          {"Name", "Root"},
          {"PolicyTypes", std::move(types)}};
}

std::string OrganizationsProvider::NewAccountId(Transaction& tx) {
  while (true) {
    std::string id = rt_.ids.Random(12, "0123456789");
    if (id[0] != '0' && !store_.AccountInAnyOrg(tx, id)) return id;
  }
}

// ---- organizations ----

json::value OrganizationsProvider::CreateOrganization(const Ctx& ctx, const In& in) {
  Transaction tx = store_.Begin();
  if (store_.OrgOfAccount(tx, ctx.scope.account)) {
    throw AwsError("AlreadyInOrganizationException",
                   "The AWS account is already a member of an organization.");
  }
  OrgRecord org{.id = "o-" + rt_.ids.LowerAlnum(10),
                .master_account = ctx.scope.account,
                .master_email = "management+" + ctx.scope.account + "@example.com",
                .feature_set = OptString(in, "FeatureSet").value_or("ALL"),
                .root_id = "r-" + rt_.ids.LowerAlnum(4),
                .created_millis = ctx.now_millis};
  store_.InsertOrg(tx, org);
  store_.InsertAccount(tx, {.id = org.master_account,
                            .org_id = org.id,
                            .name = "Management Account",
                            .email = org.master_email,
                            .joined_method = "INVITED",
                            .joined_millis = ctx.now_millis,
                            .parent_id = org.root_id});
  tx.Commit();
  return json::object{{"Organization", OrganizationJson(org, ctx.scope.region)}};
}

json::value OrganizationsProvider::DescribeOrganization(const Ctx& ctx, const In&) {
  Transaction tx = store_.Read();
  return json::object{{"Organization", OrganizationJson(RequireOrg(tx, ctx), ctx.scope.region)}};
}

json::value OrganizationsProvider::DeleteOrganization(const Ctx& ctx, const In&) {
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (store_.CountAccounts(tx, org.id) > 1) {
    throw AwsError("OrganizationNotEmptyException",
                   "The organization isn't empty. To delete an organization, you must first "
                   "remove all accounts except the management account.");
  }
  store_.DeleteOrg(tx, org.id);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::LeaveOrganization(const Ctx& ctx, const In&) {
  Transaction tx = store_.Begin();
  OrgRecord org = RequireOrg(tx, ctx);
  if (org.master_account == ctx.scope.account) {
    throw AwsError("MasterCannotLeaveOrganizationException",
                   "You can't remove a management account from an organization. If you want the "
                   "management account to become a member account in another organization, you "
                   "must first delete the current organization of the management account.");
  }
  store_.DeleteAccount(tx, org.id, ctx.scope.account);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::RemoveAccountFromOrganization(const Ctx& ctx, const In& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!store_.FindAccount(tx, org.id, account_id)) AccountNotFound();
  if (account_id == org.master_account) {
    throw AwsError("MasterCannotLeaveOrganizationException",
                   "You can't remove a management account from an organization. If you want the "
                   "management account to become a member account in another organization, you "
                   "must first delete the current organization of the management account.");
  }
  store_.DeleteAccount(tx, org.id, account_id);
  tx.Commit();
  return json::object{};
}

// ---- accounts ----

json::value OrganizationsProvider::CreateAccount(const Ctx& ctx, const In& in) {
  const std::string email = RequiredString(in, "Email");
  const std::string name = RequiredString(in, "AccountName");
  const std::vector<Tag> tags = ReadTags(in);
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  CreateAccountStatusRecord status{.id = "car-" + rt_.ids.Hex(32),
                                   .org_id = org.id,
                                   .account_name = name,
                                   .email = email,
                                   .state = "IN_PROGRESS",
                                   .requested_millis = ctx.now_millis,
                                   .tags_json = TagsToJson(tags)};
  store_.InsertCreateStatus(tx, status);
  rt_.scheduler.Schedule(tx, kCreateAccountTask, status.id, rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{{"CreateAccountStatus", StatusJson(status)}};
}

void OrganizationsProvider::CompleteCreateAccount(const std::string& request_id) {
  Transaction tx = store_.Begin();
  std::optional<CreateAccountStatusRecord> status = store_.FindCreateStatusById(tx, request_id);
  if (!status || status->state != "IN_PROGRESS") return;
  std::optional<OrgRecord> org = store_.FindOrg(tx, status->org_id);
  if (!org) return;
  const int64_t now = rt_.clock.NowMillis();
  if (store_.EmailInOrg(tx, org->id, status->email)) {
    store_.CompleteCreateStatus(tx, request_id, "FAILED", now, std::nullopt,
                                "EMAIL_ALREADY_EXISTS");
  } else {
    const std::string account_id = NewAccountId(tx);
    store_.InsertAccount(tx, {.id = account_id,
                              .org_id = org->id,
                              .name = status->account_name,
                              .email = status->email,
                              .joined_method = "CREATED",
                              .joined_millis = now,
                              .parent_id = org->root_id});
    for (const Tag& tag : TagsFromJson(status->tags_json)) {
      store_.PutTag(tx, org->id, account_id, tag);
    }
    store_.CompleteCreateStatus(tx, request_id, "SUCCEEDED", now, account_id, std::nullopt);
  }
  tx.Commit();
}

json::value OrganizationsProvider::DescribeCreateAccountStatus(const Ctx& ctx, const In& in) {
  const std::string request_id = RequiredString(in, "CreateAccountRequestId");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::optional<CreateAccountStatusRecord> status = store_.FindCreateStatus(tx, org.id, request_id);
  if (!status) {
    throw AwsError("CreateAccountStatusNotFoundException",
                   "We can't find an create account request with the CreateAccountRequestId "
                   "that you specified.");
  }
  return json::object{{"CreateAccountStatus", StatusJson(*status)}};
}

json::value OrganizationsProvider::ListCreateAccountStatus(const Ctx& ctx, const In& in) {
  const Page page = ReadPage(in, "ListCreateAccountStatus");
  std::vector<std::string> states;
  if (const json::array* list = OptArray(in, "States")) {
    for (const json::value& v : *list) states.emplace_back(v.as_string());
  }
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::vector<CreateAccountStatusRecord> rows =
      store_.ListCreateStatus(tx, org.id, states, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const CreateAccountStatusRecord& s) { return s.id; });
  json::array list;
  for (const auto& s : rows) list.push_back(StatusJson(s));
  out["CreateAccountStatuses"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::DescribeAccount(const Ctx& ctx, const In& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::optional<AccountRecord> account = store_.FindAccount(tx, org.id, account_id);
  if (!account) AccountNotFound();
  return json::object{{"Account", AccountJson(org, *account, ctx.scope.region)}};
}

json::value OrganizationsProvider::ListAccounts(const Ctx& ctx, const In& in) {
  const Page page = ReadPage(in, "ListAccounts");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::vector<AccountRecord> rows = store_.ListAccounts(tx, org.id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const AccountRecord& a) { return a.id; });
  json::array list;
  for (const auto& a : rows) list.push_back(AccountJson(org, a, ctx.scope.region));
  out["Accounts"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::ListAccountsForParent(const Ctx& ctx, const In& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const Page page = ReadPage(in, "ListAccountsForParent");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequireParent(tx, org, parent_id);
  std::vector<AccountRecord> rows =
      store_.ListAccountsForParent(tx, org.id, parent_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const AccountRecord& a) { return a.id; });
  json::array list;
  for (const auto& a : rows) list.push_back(AccountJson(org, a, ctx.scope.region));
  out["Accounts"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::MoveAccount(const Ctx& ctx, const In& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  const std::string source = RequiredString(in, "SourceParentId");
  const std::string destination = RequiredString(in, "DestinationParentId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  std::optional<AccountRecord> account = store_.FindAccount(tx, org.id, account_id);
  if (!account) AccountNotFound();
  RequireParent(tx, org, source, "SourceParentNotFoundException");
  RequireParent(tx, org, destination, "DestinationParentNotFoundException");
  if (account->parent_id != source) {
    throw AwsError("SourceParentNotFoundException",
                   "We can't find a source root or OU with the ParentId that you specified.");
  }
  if (source == destination) {
    throw AwsError("DuplicateAccountException",
                   "That account is already present in the specified destination.");
  }
  store_.SetAccountParent(tx, org.id, account_id, destination);
  tx.Commit();
  return json::object{};
}

// ---- roots and organizational units ----

json::value OrganizationsProvider::ListRoots(const Ctx& ctx, const In& in) {
  const Page page = ReadPage(in, "ListRoots");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  json::array roots;
  if (page.after.empty()) roots.push_back(RootJson(tx, org, ctx.scope.region));
  return json::object{{"Roots", std::move(roots)}};
}

json::value OrganizationsProvider::CreateOrganizationalUnit(const Ctx& ctx, const In& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const std::string name = RequiredString(in, "Name");
  const std::vector<Tag> tags = ReadTags(in);
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  RequireParent(tx, org, parent_id);
  if (store_.FindOuByName(tx, org.id, parent_id, name)) {
    throw AwsError("DuplicateOrganizationalUnitException",
                   "An OU with the same name already exists.");
  }
  OuRecord ou{.id = "ou-" + org.root_id.substr(2) + "-" + rt_.ids.LowerAlnum(8),
              .org_id = org.id,
              .parent_id = parent_id,
              .name = name};
  store_.InsertOu(tx, ou);
  for (const Tag& tag : tags) store_.PutTag(tx, org.id, ou.id, tag);
  tx.Commit();
  return json::object{{"OrganizationalUnit", OuJson(org, ou, ctx.scope.region)}};
}

json::value OrganizationsProvider::DescribeOrganizationalUnit(const Ctx& ctx, const In& in) {
  const std::string ou_id = RequiredString(in, "OrganizationalUnitId");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::optional<OuRecord> ou = store_.FindOu(tx, org.id, ou_id);
  if (!ou) {
    throw AwsError("OrganizationalUnitNotFoundException",
                   "You specified an organizational unit that doesn't exist.");
  }
  return json::object{{"OrganizationalUnit", OuJson(org, *ou, ctx.scope.region)}};
}

json::value OrganizationsProvider::UpdateOrganizationalUnit(const Ctx& ctx, const In& in) {
  const std::string ou_id = RequiredString(in, "OrganizationalUnitId");
  const std::optional<std::string> name = OptString(in, "Name");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  std::optional<OuRecord> ou = store_.FindOu(tx, org.id, ou_id);
  if (!ou) {
    throw AwsError("OrganizationalUnitNotFoundException",
                   "You specified an organizational unit that doesn't exist.");
  }
  if (name && *name != ou->name) {
    if (store_.FindOuByName(tx, org.id, ou->parent_id, *name)) {
      throw AwsError("DuplicateOrganizationalUnitException",
                     "An OU with the same name already exists.");
    }
    store_.RenameOu(tx, org.id, ou_id, *name);
    ou->name = *name;
  }
  tx.Commit();
  return json::object{{"OrganizationalUnit", OuJson(org, *ou, ctx.scope.region)}};
}

json::value OrganizationsProvider::DeleteOrganizationalUnit(const Ctx& ctx, const In& in) {
  const std::string ou_id = RequiredString(in, "OrganizationalUnitId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!store_.FindOu(tx, org.id, ou_id)) {
    throw AwsError("OrganizationalUnitNotFoundException",
                   "You specified an organizational unit that doesn't exist.");
  }
  if (store_.HasChildren(tx, org.id, ou_id)) {
    throw AwsError("OrganizationalUnitNotEmptyException",
                   "The specified OU is not empty. Move all accounts to another root or to "
                   "other OUs, remove all child OUs, and try the operation again.");
  }
  store_.DeleteOu(tx, org.id, ou_id);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListOrganizationalUnitsForParent(const Ctx& ctx, const In& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const Page page = ReadPage(in, "ListOrganizationalUnitsForParent");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequireParent(tx, org, parent_id);
  std::vector<OuRecord> rows = store_.ListOus(tx, org.id, parent_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const OuRecord& ou) { return ou.id; });
  json::array list;
  for (const auto& ou : rows) list.push_back(OuJson(org, ou, ctx.scope.region));
  out["OrganizationalUnits"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::ListParents(const Ctx& ctx, const In& in) {
  const std::string child_id = RequiredString(in, "ChildId");
  ReadPage(in, "ListParents");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::optional<std::string> parent;
  if (IsAccountId(child_id)) {
    if (auto account = store_.FindAccount(tx, org.id, child_id)) parent = account->parent_id;
  } else if (auto ou = store_.FindOu(tx, org.id, child_id)) {
    parent = ou->parent_id;
  }
  if (!parent) {
    throw AwsError("ChildNotFoundException",
                   "We can't find an organizational unit (OU) or AWS account with the ChildId "
                   "that you specified.");
  }
  json::object entry{{"Id", *parent},
                     {"Type", core::StartsWith(*parent, "r-") ? "ROOT" : "ORGANIZATIONAL_UNIT"}};
  return json::object{{"Parents", json::array{entry}}};
}

json::value OrganizationsProvider::ListChildren(const Ctx& ctx, const In& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const std::string type = RequiredString(in, "ChildType");
  const Page page = ReadPage(in, "ListChildren");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequireParent(tx, org, parent_id);
  json::object out;
  json::array list;
  if (type == "ACCOUNT") {
    std::vector<AccountRecord> rows =
        store_.ListAccountsForParent(tx, org.id, parent_id, page.after, page.limit + 1);
    services::FinishKeysetPage(rows, page, out, [](const AccountRecord& a) { return a.id; });
    for (const auto& a : rows) list.push_back(json::object{{"Id", a.id}, {"Type", "ACCOUNT"}});
  } else {
    std::vector<OuRecord> rows = store_.ListOus(tx, org.id, parent_id, page.after, page.limit + 1);
    services::FinishKeysetPage(rows, page, out, [](const OuRecord& ou) { return ou.id; });
    for (const auto& ou : rows) {
      list.push_back(json::object{{"Id", ou.id}, {"Type", "ORGANIZATIONAL_UNIT"}});
    }
  }
  out["Children"] = std::move(list);
  return out;
}

// ---- trusted access ----

json::value OrganizationsProvider::EnableAWSServiceAccess(const Ctx& ctx, const In& in) {
  const std::string principal = RequiredString(in, "ServicePrincipal");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  RequireKnownServicePrincipal(principal);
  if (org.feature_set != "ALL") {
    throw AwsError("ConstraintViolationException",
                   "This operation requires that all features are enabled in the organization.")
        .With("Reason", "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE");
  }
  store_.EnableService(tx, org.id, principal, ctx.now_millis);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::DisableAWSServiceAccess(const Ctx& ctx, const In& in) {
  const std::string principal = RequiredString(in, "ServicePrincipal");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  RequireKnownServicePrincipal(principal);
  store_.DisableService(tx, org.id, principal);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListAWSServiceAccessForOrganization(const Ctx& ctx,
                                                                       const In& in) {
  const Page page = ReadPage(in, "ListAWSServiceAccessForOrganization");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  auto rows = store_.ListServices(tx, org.id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const auto& row) { return row.first; });
  json::array list;
  for (const auto& [principal, millis] : rows) {
    list.push_back(
        json::object{{"ServicePrincipal", principal}, {"DateEnabled", EpochSeconds(millis)}});
  }
  out["EnabledServicePrincipals"] = std::move(list);
  return out;
}

// ---- delegated administrators ----

json::value OrganizationsProvider::RegisterDelegatedAdministrator(const Ctx& ctx, const In& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  const std::string principal = RequiredString(in, "ServicePrincipal");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (account_id == org.master_account) {
    throw AwsError("ConstraintViolationException",
                   "You cannot register master account/yourself as delegated administrator for "
                   "your organization.")
        .With("Reason", "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR");
  }
  if (!store_.FindAccount(tx, org.id, account_id)) AccountNotFound();
  RequireKnownServicePrincipal(principal);
  if (store_.DelegationExists(tx, org.id, account_id, principal)) {
    throw AwsError("AccountAlreadyRegisteredException",
                   "The provided account is already a delegated administrator for your "
                   "organization.");
  }
  store_.InsertDelegation(
      tx, org.id,
      {.account_id = account_id, .service_principal = principal, .enabled_millis = ctx.now_millis});
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::DeregisterDelegatedAdministrator(const Ctx& ctx, const In& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  const std::string principal = RequiredString(in, "ServicePrincipal");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!store_.FindAccount(tx, org.id, account_id)) AccountNotFound();
  RequireKnownServicePrincipal(principal);
  if (!store_.DelegationExists(tx, org.id, account_id, principal)) {
    throw AwsError("AccountNotRegisteredException",
                   "The provided account is not a registered delegated administrator for your "
                   "organization.");
  }
  store_.DeleteDelegation(tx, org.id, account_id, principal);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListDelegatedAdministrators(const Ctx& ctx, const In& in) {
  const std::optional<std::string> principal = OptString(in, "ServicePrincipal");
  const Page page = ReadPage(in, "ListDelegatedAdministrators");
  if (principal) RequireKnownServicePrincipal(*principal);
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::vector<Delegation> rows =
      store_.ListDelegatedAdmins(tx, org.id, principal.value_or(""), page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const Delegation& d) { return d.account_id; });
  json::array list;
  for (const Delegation& d : rows) {
    std::optional<AccountRecord> account = store_.FindAccount(tx, org.id, d.account_id);
    if (!account) continue;
    json::object entry = AccountJson(org, *account, ctx.scope.region);
    entry["DelegationEnabledDate"] = EpochSeconds(d.enabled_millis);
    list.push_back(std::move(entry));
  }
  out["DelegatedAdministrators"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::ListDelegatedServicesForAccount(const Ctx& ctx, const In& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  const Page page = ReadPage(in, "ListDelegatedServicesForAccount");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  if (!store_.FindAccount(tx, org.id, account_id)) AccountNotFound();
  if (!store_.IsDelegatedAdmin(tx, org.id, account_id)) {
    throw AwsError("AccountNotRegisteredException",
                   "The provided account is not a registered delegated administrator for your "
                   "organization.");
  }
  std::vector<Delegation> rows =
      store_.ListDelegatedServices(tx, org.id, account_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const Delegation& d) { return d.service_principal; });
  json::array list;
  for (const Delegation& d : rows) {
    list.push_back(json::object{{"ServicePrincipal", d.service_principal},
                                {"DelegationEnabledDate", EpochSeconds(d.enabled_millis)}});
  }
  out["DelegatedServices"] = std::move(list);
  return out;
}

// ---- policy types ----

json::value OrganizationsProvider::EnablePolicyType(const Ctx& ctx, const In& in) {
  const std::string root_id = RequiredString(in, "RootId");
  const std::string type = RequiredString(in, "PolicyType");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (root_id != org.root_id) {
    throw AwsError("RootNotFoundException",
                   "We can't find a root with the RootId that you specified.");
  }
  if (org.feature_set != "ALL") {
    throw AwsError("PolicyTypeNotAvailableForOrganizationException",
                   "You can't use the specified policy type with the feature set currently "
                   "enabled for this organization.");
  }
  if (!store_.SetPolicyType(tx, org.id, type, true)) {
    throw AwsError("PolicyTypeAlreadyEnabledException",
                   "The specified policy type is already enabled.");
  }
  json::object root = RootJson(tx, org, ctx.scope.region);
  tx.Commit();
  return json::object{{"Root", std::move(root)}};
}

json::value OrganizationsProvider::DisablePolicyType(const Ctx& ctx, const In& in) {
  const std::string root_id = RequiredString(in, "RootId");
  const std::string type = RequiredString(in, "PolicyType");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (root_id != org.root_id) {
    throw AwsError("RootNotFoundException",
                   "We can't find a root with the RootId that you specified.");
  }
  if (!store_.SetPolicyType(tx, org.id, type, false)) {
    throw AwsError("PolicyTypeNotEnabledException",
                   "This operation can be performed only for enabled policy types.");
  }
  json::object root = RootJson(tx, org, ctx.scope.region);
  tx.Commit();
  return json::object{{"Root", std::move(root)}};
}

// ---- tags ----

namespace {

// Accounts, OUs and the root carry tags; policies and resource policies are not emulated.
bool TaggableExists(OrgStore& store, Transaction& tx, const OrgRecord& org,
                    std::string_view resource_id) {
  if (resource_id == org.root_id) return true;
  if (IsAccountId(resource_id)) return store.FindAccount(tx, org.id, resource_id).has_value();
  if (core::StartsWith(resource_id, "ou-")) {
    return store.FindOu(tx, org.id, resource_id).has_value();
  }
  return false;
}

[[noreturn]] void TargetNotFound() {
  throw AwsError("TargetNotFoundException",
                 "We can't find a root, OU, account, or policy with the TargetId that you "
                 "specified.");
}

}  // namespace

json::value OrganizationsProvider::TagResource(const Ctx& ctx, const In& in) {
  const std::string resource_id = RequiredString(in, "ResourceId");
  const std::vector<Tag> tags = ReadTags(in);
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!TaggableExists(store_, tx, org, resource_id)) TargetNotFound();
  for (const Tag& tag : tags) store_.PutTag(tx, org.id, resource_id, tag);
  if (store_.CountTags(tx, org.id, resource_id) > kMaxTagsPerResource) {
    throw AwsError("ConstraintViolationException",
                   "You have exceeded the allowed number of tags for a resource.")
        .With("Reason", "MAX_TAG_LIMIT_EXCEEDED");
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::UntagResource(const Ctx& ctx, const In& in) {
  const std::string resource_id = RequiredString(in, "ResourceId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!TaggableExists(store_, tx, org, resource_id)) TargetNotFound();
  for (const std::string& key : core::protocol::StringList(in, "TagKeys")) {
    store_.DeleteTag(tx, org.id, resource_id, key);
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListTagsForResource(const Ctx& ctx, const In& in) {
  const std::string resource_id = RequiredString(in, "ResourceId");
  Page page = ReadPage(in, "ListTagsForResource");
  page.limit = 50;
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  if (!TaggableExists(store_, tx, org, resource_id)) TargetNotFound();
  std::vector<Tag> rows = store_.ListTags(tx, org.id, resource_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const Tag& t) { return t.key; });
  out["Tags"] = services::TagListJson(rows);
  return out;
}

}  // namespace nimbus::organizations
