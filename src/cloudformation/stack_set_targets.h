#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "cloudformation/organizations_access.h"
#include "core/request_context.h"
#include "core/service_client.h"

// The accounts a service-managed stack set's DeploymentTargets name, resolved against nimbus's
// Organizations (through core::ServiceClient, as the management account): OUs recursively,
// Accounts and AccountsUrl, combined by AccountFilterType. The filter itself is a pure function.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
namespace nimbus::cloudformation {

enum class AccountFilterType { kNone, kIntersection, kDifference, kUnion };

// The API's DeploymentTargets, as given.
struct DeploymentTargets {
  std::vector<std::string> accounts{};
  std::string accounts_url{};  // "" when absent
  std::vector<std::string> organizational_unit_ids{};
  std::optional<AccountFilterType> account_filter_type{};
};

// The DeploymentTargets member `targets` of a request (model-validated: account and OU id
// patterns, the filter's enum).
DeploymentTargets ReadDeploymentTargets(const boost::json::object& targets);

// One account a stack instance goes to, with the OU (or root) id of DeploymentTargets through
// which it was reached, which DescribeStackInstance reports as OrganizationalUnitId; "" for an
// account named only in Accounts or AccountsUrl.
struct TargetAccount {
  std::string account;
  std::string organizational_unit_id;

  bool operator==(const TargetAccount&) const = default;
};

// CreateStackInstances refuses UNION and, given both OUs and accounts, wants AccountFilterType;
// the other operations (UpdateStackInstances, DeleteStackInstances, UpdateStackSet) do not.
enum class TargetsUse { kCreate, kOther };

// The filter that applies: the given one; else UNION when both OUs and accounts are given (the
// API reference's default), NONE otherwise. ValidationError for a CreateStackInstances with UNION,
// or with both and no filter (the API reference; the wording is nimbus's).
AccountFilterType EffectiveFilter(const DeploymentTargets& targets, TargetsUse use);

// The accounts of an AccountsUrl file: 12-digit ids separated by commas or line breaks (the API
// reference: a .csv or .txt file), blanks ignored, duplicates once, in file order.
// ValidationError for any other entry (nimbus's wording).
std::vector<std::string> ParseAccountList(std::string_view text);

// How `filter` combines the accounts of the OUs (`in_ous`, each with its OU) with `accounts`:
// NONE: in_ous; INTERSECTION: those of in_ous also in `accounts`; DIFFERENCE: those of in_ous not
// in `accounts`; UNION: in_ous, then the accounts not among them (OU ""). Order is kept, and an
// account comes once.
std::vector<TargetAccount> FilterAccounts(AccountFilterType filter,
                                          const std::vector<TargetAccount>& in_ous,
                                          const std::vector<std::string>& accounts);

// The targets' accounts for the organization `admin` manages (RequireServiceManagedAdmin):
// - trusted access must be enabled (RequireOrganizationsAccess);
// - each of OrganizationalUnitIds (the root too) contributes every account in it and in its child
//   OUs, recursively (ListAccountsForParent, ListOrganizationalUnitsForParent), except the
//   management account, which service-managed stack sets never deploy to (the API reference); an
//   id Organizations does not know is a ValidationError (nimbus's wording);
// - Accounts and the accounts of AccountsUrl (an S3 object read as ctx's caller: s3://b/k or an
//   https URL of S3) are one list;
// - with no OU, the targets are that list; naming the management account in it (or with UNION)
//   is a ValidationError (nimbus's wording).
std::vector<TargetAccount> ResolveDeploymentTargets(const core::ServiceClient& services,
                                                    const core::RequestContext& ctx,
                                                    const OrganizationAdmin& admin,
                                                    const DeploymentTargets& targets,
                                                    TargetsUse use);

// For automatic deployment: which of a stack set's target OU (or root) ids contains an account
// whose parents, nearest first up to the root, are `parent_path` (MembershipChange::to_path or
// from_path); the nearest one, or nullopt when none does.
std::optional<std::string> TargetedOrganizationalUnit(const std::vector<std::string>& target_ou_ids,
                                                      const std::vector<std::string>& parent_path);

}  // namespace nimbus::cloudformation
