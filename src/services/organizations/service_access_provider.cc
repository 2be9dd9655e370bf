// Trusted service access, delegated administrators and the tags of accounts, OUs and the root.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/common/page_token.h"
#include "services/common/tags.h"
#include "services/organizations/org_internal.h"
#include "services/organizations/organizations_provider.h"

namespace nimbus::organizations {

namespace json = boost::json;
using core::AwsError;
using core::EpochSeconds;
using core::protocol::OptString;
using core::protocol::RequiredString;
using internal::AccountNotFound;
using internal::IsAccountId;
using internal::Page;
using internal::ReadPage;
using internal::ReadTags;
using store::Transaction;

namespace {

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

// Accounts, OUs, the root and customer managed policies carry tags; resource policies are not
// emulated.
bool TaggableExists(OrgStore& store, PolicyStore& policies, Transaction& tx, const OrgRecord& org,
                    std::string_view resource_id) {
  if (resource_id == org.root_id) return true;
  if (core::StartsWith(resource_id, "p-")) {
    return policies.FindPolicy(tx, org.id, resource_id).has_value();
  }
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

json::value OrganizationsProvider::EnableAWSServiceAccess(const core::RequestContext& ctx,
                                                          const json::object& in) {
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

json::value OrganizationsProvider::DisableAWSServiceAccess(const core::RequestContext& ctx,
                                                           const json::object& in) {
  const std::string principal = RequiredString(in, "ServicePrincipal");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  RequireKnownServicePrincipal(principal);
  store_.DisableService(tx, org.id, principal);
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListAWSServiceAccessForOrganization(
    const core::RequestContext& ctx, const json::object& in) {
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

json::value OrganizationsProvider::RegisterDelegatedAdministrator(const core::RequestContext& ctx,
                                                                  const json::object& in) {
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

json::value OrganizationsProvider::DeregisterDelegatedAdministrator(const core::RequestContext& ctx,
                                                                    const json::object& in) {
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

json::value OrganizationsProvider::ListDelegatedAdministrators(const core::RequestContext& ctx,
                                                               const json::object& in) {
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

json::value OrganizationsProvider::ListDelegatedServicesForAccount(const core::RequestContext& ctx,
                                                                   const json::object& in) {
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
  services::FinishKeysetPage(rows, page, out,
                             [](const Delegation& d) { return d.service_principal; });
  json::array list;
  for (const Delegation& d : rows) {
    list.push_back(json::object{{"ServicePrincipal", d.service_principal},
                                {"DelegationEnabledDate", EpochSeconds(d.enabled_millis)}});
  }
  out["DelegatedServices"] = std::move(list);
  return out;
}

json::value OrganizationsProvider::TagResource(const core::RequestContext& ctx,
                                               const json::object& in) {
  const std::string resource_id = RequiredString(in, "ResourceId");
  const std::vector<Tag> tags = ReadTags(in);
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!TaggableExists(store_, policies_, tx, org, resource_id)) TargetNotFound();
  for (const Tag& tag : tags) store_.PutTag(tx, org.id, resource_id, tag);
  if (store_.CountTags(tx, org.id, resource_id) > kMaxTagsPerResource) {
    throw AwsError("ConstraintViolationException",
                   "You have exceeded the allowed number of tags for a resource.")
        .With("Reason", "MAX_TAG_LIMIT_EXCEEDED");
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::UntagResource(const core::RequestContext& ctx,
                                                 const json::object& in) {
  const std::string resource_id = RequiredString(in, "ResourceId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  if (!TaggableExists(store_, policies_, tx, org, resource_id)) TargetNotFound();
  for (const std::string& key : core::protocol::StringList(in, "TagKeys")) {
    store_.DeleteTag(tx, org.id, resource_id, key);
  }
  tx.Commit();
  return json::object{};
}

json::value OrganizationsProvider::ListTagsForResource(const core::RequestContext& ctx,
                                                       const json::object& in) {
  const std::string resource_id = RequiredString(in, "ResourceId");
  Page page = ReadPage(in, "ListTagsForResource");
  page.limit = 50;
  Transaction tx = store_.Read();
  OrgRecord org = RequireManagementOrDelegate(tx, ctx);
  if (!TaggableExists(store_, policies_, tx, org, resource_id)) TargetNotFound();
  std::vector<Tag> rows = store_.ListTags(tx, org.id, resource_id, page.after, page.limit + 1);
  json::object out;
  services::FinishKeysetPage(rows, page, out, [](const Tag& t) { return t.key; });
  out["Tags"] = services::TagListJson(rows);
  return out;
}

}  // namespace nimbus::organizations
