#include "services/organizations/organizations_provider.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/organizations/org_internal.h"

namespace nimbus::organizations {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::protocol::OptArray;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AccountNotFound;
using internal::OrgsArn;
using internal::Page;
using internal::ReadPage;
using internal::ReadTags;
using store::Transaction;

namespace internal {

services::KeysetPage ReadPage(const json::object& in, std::string_view kind) {
  constexpr int64_t kDefaultMaxResults = 20;
  std::optional<services::KeysetPage> page = services::ReadKeysetPage(in, kind, kDefaultMaxResults);
  if (!page) {
    throw AwsError("InvalidInputException",
                   "You specified an invalid value for nextToken. You must get the value from "
                   "the response to a previous call to the API.")
        .With("Reason", "INVALID_NEXT_TOKEN");
  }
  return *page;
}

void AccountNotFound() {
  throw AwsError("AccountNotFoundException", "You specified an account that doesn't exist.");
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

std::string OrgsArn(const OrgRecord& org, std::string_view region, const std::string& resource) {
  return core::GlobalArn({.account = org.master_account, .region = std::string(region)},
                         "organizations", resource);
}

}  // namespace internal

namespace {

constexpr std::string_view kCreateAccountTask = "organizations.CreateAccount";
// Tells the membership observers of one stored change (payload: MembershipChangeToJson).
constexpr std::string_view kMembershipTask = "organizations.MembershipChanged";

[[noreturn]] void AccessDenied() {
  throw AwsError("AccessDeniedException", "You don't have permissions to access this resource.");
}

[[noreturn]] void MasterCannotLeave() {
  throw AwsError("MasterCannotLeaveOrganizationException",
                 "You can't remove a management account from an organization. If you want the "
                 "management account to become a member account in another organization, you "
                 "must first delete the current organization of the management account.");
}

[[noreturn]] void SourceParentNotFound() {
  throw AwsError("SourceParentNotFoundException",
                 "We can't find a source root or OU with the ParentId that you specified.");
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

std::string TagsToJson(const std::vector<Tag>& tags) {
  return json::serialize(services::TagListJson(tags));
}

std::vector<Tag> TagsFromJson(std::string_view text) {
  json::object wrapper{{"Tags", json::parse(text)}};
  return ReadTags(wrapper);
}

}  // namespace

OrganizationsProvider::OrganizationsProvider(Runtime& rt)
    : rt_(rt), store_(rt.db), policies_(rt.db, store_.schema()) {
  Register("CreateOrganization", &OrganizationsProvider::CreateOrganization);
  Register("DescribeOrganization", &OrganizationsProvider::DescribeOrganization);
  Register("DeleteOrganization", &OrganizationsProvider::DeleteOrganization);
  Register("LeaveOrganization", &OrganizationsProvider::LeaveOrganization);
  Register("RemoveAccountFromOrganization", &OrganizationsProvider::RemoveAccountFromOrganization);
  Register("CreateAccount", &OrganizationsProvider::CreateAccount);
  Register("DescribeCreateAccountStatus", &OrganizationsProvider::DescribeCreateAccountStatus);
  Register("ListCreateAccountStatus", &OrganizationsProvider::ListCreateAccountStatus);
  Register("DescribeAccount", &OrganizationsProvider::DescribeAccount);
  Register("ListAccounts", &OrganizationsProvider::ListAccounts);
  Register("ListAccountsForParent", &OrganizationsProvider::ListAccountsForParent);
  Register("MoveAccount", &OrganizationsProvider::MoveAccount);
  Register("ListRoots", &OrganizationsProvider::ListRoots);
  Register("CreateOrganizationalUnit", &OrganizationsProvider::CreateOrganizationalUnit);
  Register("DescribeOrganizationalUnit", &OrganizationsProvider::DescribeOrganizationalUnit);
  Register("UpdateOrganizationalUnit", &OrganizationsProvider::UpdateOrganizationalUnit);
  Register("DeleteOrganizationalUnit", &OrganizationsProvider::DeleteOrganizationalUnit);
  Register("ListOrganizationalUnitsForParent",
           &OrganizationsProvider::ListOrganizationalUnitsForParent);
  Register("ListParents", &OrganizationsProvider::ListParents);
  Register("ListChildren", &OrganizationsProvider::ListChildren);
  Register("EnablePolicyType", &OrganizationsProvider::EnablePolicyType);
  Register("DisablePolicyType", &OrganizationsProvider::DisablePolicyType);
  Register("EnableAWSServiceAccess", &OrganizationsProvider::EnableAWSServiceAccess);
  Register("DisableAWSServiceAccess", &OrganizationsProvider::DisableAWSServiceAccess);
  Register("ListAWSServiceAccessForOrganization",
           &OrganizationsProvider::ListAWSServiceAccessForOrganization);
  Register("RegisterDelegatedAdministrator",
           &OrganizationsProvider::RegisterDelegatedAdministrator);
  Register("DeregisterDelegatedAdministrator",
           &OrganizationsProvider::DeregisterDelegatedAdministrator);
  Register("ListDelegatedAdministrators", &OrganizationsProvider::ListDelegatedAdministrators);
  Register("ListDelegatedServicesForAccount",
           &OrganizationsProvider::ListDelegatedServicesForAccount);
  Register("TagResource", &OrganizationsProvider::TagResource);
  Register("UntagResource", &OrganizationsProvider::UntagResource);
  Register("ListTagsForResource", &OrganizationsProvider::ListTagsForResource);
  RegisterPolicyOperations();
  RegisterCloseAccount();
  rt_.scheduler.Register(std::string(kCreateAccountTask),
                         [this](const store::Task& task) { CompleteCreateAccount(task.payload); });
  rt_.scheduler.Register(std::string(kMembershipTask), [this](const store::Task& task) {
    membership_.Notify(MembershipChangeFromJson(task.payload));
  });
}

std::vector<std::string> OrganizationsProvider::ParentPath(Transaction& tx, const OrgRecord& org,
                                                           std::string_view parent_id) {
  std::vector<std::string> path;
  std::string id(parent_id);
  while (!id.empty()) {
    path.push_back(id);
    if (id == org.root_id) break;
    std::optional<OuRecord> ou = store_.FindOu(tx, org.id, id);
    id = ou ? ou->parent_id : "";
  }
  return path;
}

void OrganizationsProvider::Announce(Transaction& tx, const OrgRecord& org,
                                     std::string_view account_id, std::string_view from,
                                     std::string_view to, int64_t now_millis) {
  if (membership_.empty()) return;
  const MembershipChange change{.kind = from.empty() ? MembershipChange::Kind::kJoined
                                        : to.empty() ? MembershipChange::Kind::kLeft
                                                     : MembershipChange::Kind::kMoved,
                                .organization_id = org.id,
                                .management_account = org.master_account,
                                .account_id = std::string(account_id),
                                .from_path = ParentPath(tx, org, from),
                                .to_path = ParentPath(tx, org, to),
                                .at_millis = now_millis};
  rt_.scheduler.Schedule(tx, kMembershipTask, MembershipChangeToJson(change));
}

OrgRecord OrganizationsProvider::RequireOrg(Transaction& tx, const core::RequestContext& ctx) {
  std::optional<OrgRecord> org = store_.OrgOfAccount(tx, ctx.scope.account);
  if (!org) {
    throw AwsError("AWSOrganizationsNotInUseException",
                   "Your account is not a member of an organization.");
  }
  return *org;
}

OrgRecord OrganizationsProvider::RequireManagement(Transaction& tx,
                                                   const core::RequestContext& ctx) {
  OrgRecord org = RequireOrg(tx, ctx);
  if (org.master_account != ctx.scope.account) AccessDenied();
  return org;
}

OrgRecord OrganizationsProvider::RequireManagementOrDelegate(Transaction& tx,
                                                             const core::RequestContext& ctx) {
  OrgRecord org = RequireOrg(tx, ctx);
  if (org.master_account != ctx.scope.account &&
      !store_.IsDelegatedAdmin(tx, org.id, ctx.scope.account)) {
    AccessDenied();
  }
  return org;
}

bool OrganizationsProvider::ParentExists(Transaction& tx, const OrgRecord& org,
                                         std::string_view parent_id) {
  if (parent_id == org.root_id) return true;
  return core::StartsWith(parent_id, "ou-") && store_.FindOu(tx, org.id, parent_id).has_value();
}

void OrganizationsProvider::RequireParent(Transaction& tx, const OrgRecord& org,
                                          std::string_view parent_id) {
  if (!ParentExists(tx, org, parent_id)) {
    throw AwsError("ParentNotFoundException", "You specified a parent that doesn't exist.");
  }
}

AccountRecord OrganizationsProvider::RequireAccount(Transaction& tx, const OrgRecord& org,
                                                    std::string_view account_id) {
  std::optional<AccountRecord> account = store_.FindAccount(tx, org.id, account_id);
  if (!account) AccountNotFound();
  return std::move(*account);
}

json::object OrganizationsProvider::AccountJson(const OrgRecord& org, const AccountRecord& a,
                                                std::string_view region) const {
  return {{"Id", a.id},
          {"Arn", AccountArn(org, a.id, region)},
          {"Email", a.email},
          {"Name", a.name},
          {"Status", a.status},
          {"State", a.status},
          {"JoinedMethod", a.joined_method},
          {"JoinedTimestamp", EpochSeconds(a.joined_millis)}};
}

json::object OrganizationsProvider::AccountsPage(const OrgRecord& org,
                                                 std::vector<AccountRecord> rows, const Page& page,
                                                 std::string_view region) const {
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const AccountRecord& a) { return a.id; });
  json::array list;
  for (const auto& a : rows) list.push_back(AccountJson(org, a, region));
  out["Accounts"] = std::move(list);
  return out;
}

std::string OrganizationsProvider::NewAccountId(Transaction& tx) {
  while (true) {
    std::string id = rt_.ids.Random(12, "0123456789");
    if (id[0] != '0' && !store_.AccountInAnyOrg(tx, id)) return id;
  }
}

json::value OrganizationsProvider::CreateOrganization(const core::RequestContext& ctx,
                                                      const json::object& in) {
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

json::value OrganizationsProvider::DescribeOrganization(const core::RequestContext& ctx,
                                                        const json::object&) {
  Transaction tx = store_.Read();
  return json::object{{"Organization", OrganizationJson(RequireOrg(tx, ctx), ctx.scope.region)}};
}

json::value OrganizationsProvider::DeleteOrganization(const core::RequestContext& ctx,
                                                      const json::object&) {
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (store_.CountAccounts(tx, org.id) > 1) {
    throw AwsError("OrganizationNotEmptyException",
                   "The organization isn't empty. To delete an organization, you must first "
                   "remove all accounts except the management account.");
  }
  store_.DeleteOrg(tx, org.id);
  policies_.DeleteOrg(tx, org.id);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::LeaveOrganization(const core::RequestContext& ctx,
                                                     const json::object&) {
  Transaction tx = store_.Begin();
  OrgRecord org = RequireOrg(tx, ctx);
  if (org.master_account == ctx.scope.account) MasterCannotLeave();
  if (std::optional<AccountRecord> account = store_.FindAccount(tx, org.id, ctx.scope.account)) {
    Announce(tx, org, account->id, account->parent_id, "", ctx.now_millis);
  }
  store_.DeleteAccount(tx, org.id, ctx.scope.account);
  policies_.ForgetTarget(tx, org.id, ctx.scope.account);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::RemoveAccountFromOrganization(const core::RequestContext& ctx,
                                                                 const json::object& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  const AccountRecord account = RequireAccount(tx, org, account_id);
  if (account_id == org.master_account) MasterCannotLeave();
  Announce(tx, org, account_id, account.parent_id, "", ctx.now_millis);
  store_.DeleteAccount(tx, org.id, account_id);
  policies_.ForgetTarget(tx, org.id, account_id);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::CreateAccount(const core::RequestContext& ctx,
                                                 const json::object& in) {
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
    AttachManagedPolicies(tx, *org, account_id, now);
    store_.CompleteCreateStatus(tx, request_id, "SUCCEEDED", now, account_id, std::nullopt);
    Announce(tx, *org, account_id, "", org->root_id, now);
  }
  tx.Commit();
}

json::value OrganizationsProvider::DescribeCreateAccountStatus(const core::RequestContext& ctx,
                                                               const json::object& in) {
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

json::value OrganizationsProvider::ListCreateAccountStatus(const core::RequestContext& ctx,
                                                           const json::object& in) {
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

json::value OrganizationsProvider::DescribeAccount(const core::RequestContext& ctx,
                                                   const json::object& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  const AccountRecord account = RequireAccount(tx, org, account_id);
  return json::object{{"Account", AccountJson(org, account, ctx.scope.region)}};
}

json::value OrganizationsProvider::ListAccounts(const core::RequestContext& ctx,
                                                const json::object& in) {
  const Page page = ReadPage(in, "ListAccounts");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  std::vector<AccountRecord> rows = store_.ListAccounts(tx, org.id, page.after, page.limit + 1);
  return AccountsPage(org, std::move(rows), page, ctx.scope.region);
}

json::value OrganizationsProvider::ListAccountsForParent(const core::RequestContext& ctx,
                                                         const json::object& in) {
  const std::string parent_id = RequiredString(in, "ParentId");
  const Page page = ReadPage(in, "ListAccountsForParent");
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  RequireParent(tx, org, parent_id);
  std::vector<AccountRecord> rows =
      store_.ListAccountsForParent(tx, org.id, parent_id, page.after, page.limit + 1);
  return AccountsPage(org, std::move(rows), page, ctx.scope.region);
}

json::value OrganizationsProvider::MoveAccount(const core::RequestContext& ctx,
                                               const json::object& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  const std::string source = RequiredString(in, "SourceParentId");
  const std::string destination = RequiredString(in, "DestinationParentId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  const AccountRecord account = RequireAccount(tx, org, account_id);
  if (!ParentExists(tx, org, source)) SourceParentNotFound();
  if (!ParentExists(tx, org, destination)) {
    throw AwsError("DestinationParentNotFoundException",
                   "We can't find the destination container (a root or OU) with the ParentId "
                   "that you specified.");
  }
  if (account.parent_id != source) SourceParentNotFound();
  if (source == destination) {
    throw AwsError("DuplicateAccountException",
                   "That account is already present in the specified destination.");
  }
  store_.SetAccountParent(tx, org.id, account_id, destination);
  Announce(tx, org, account_id, source, destination, ctx.now_millis);
  tx.Commit();
  return json::object{};
}

}  // namespace nimbus::organizations
