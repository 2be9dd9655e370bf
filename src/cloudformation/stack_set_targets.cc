#include "cloudformation/stack_set_targets.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include <boost/json/array.hpp>

#include "cloudformation/template_url.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;

namespace {

// The API reference's limit for an AccountsUrl file ("approximately 800,000 accounts").
constexpr size_t kMaxAccountsFileBytes = 10 * 1024 * 1024;

[[noreturn]] void Invalid(std::string message) {
  throw AwsError("ValidationError", std::move(message));
}

bool IsAccountId(std::string_view id) {
  return id.size() == 12 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// What OU expansion shares: Organizations, called as the management account.
struct OuWalk {
  const core::ServiceClient& services;
  core::Caller management;
  std::string region;
  std::string management_account;
  std::set<std::string> seen;  // accounts already collected
  std::vector<TargetAccount> accounts;
};

// Appends every account under `parent_id` and its child OUs (depth first, a parent's accounts
// before its children's), each with `target_ou`, the id DeploymentTargets named.
void CollectAccounts(OuWalk& walk, const std::string& parent_id, const std::string& target_ou) {
  const json::array accounts =
      ListOrganizations(walk.services, walk.management, walk.region, "ListAccountsForParent",
                        {{"ParentId", parent_id}}, "Accounts");
  for (const json::value& account : accounts) {
    const std::string id = core::protocol::StringOr(account.as_object(), "Id", "");
    if (id == walk.management_account || !walk.seen.insert(id).second) continue;
    walk.accounts.push_back({.account = id, .organizational_unit_id = target_ou});
  }
  const json::array children = ListOrganizations(walk.services, walk.management, walk.region,
                                                 "ListOrganizationalUnitsForParent",
                                                 {{"ParentId", parent_id}}, "OrganizationalUnits");
  for (const json::value& child : children) {
    CollectAccounts(walk, core::protocol::StringOr(child.as_object(), "Id", ""), target_ou);
  }
}

void CollectTarget(OuWalk& walk, const std::string& ou_id) {
  try {
    CollectAccounts(walk, ou_id, ou_id);
  } catch (const AwsError& error) {
    if (error.code() != "ParentNotFoundException" && error.code() != "InvalidInputException") {
      throw;
    }
    Invalid("OrganizationalUnitId " + ou_id + " does not exist in the organization.");
  }
}

void RefuseManagementAccount(const std::vector<TargetAccount>& targets,
                             std::string_view management_account) {
  for (const TargetAccount& target : targets) {
    if (target.account == management_account) {
      Invalid("The management account " + target.account +
              " cannot be a target of a service-managed stack set.");
    }
  }
}

}  // namespace

DeploymentTargets ReadDeploymentTargets(const json::object& targets) {
  DeploymentTargets out{
      .accounts = core::protocol::StringList(targets, "Accounts"),
      .accounts_url = core::protocol::StringOr(targets, "AccountsUrl", ""),
      .organizational_unit_ids = core::protocol::StringList(targets, "OrganizationalUnitIds"),
      .account_filter_type = std::nullopt};
  const std::optional<std::string> filter = core::protocol::OptString(targets, "AccountFilterType");
  if (filter == "NONE") out.account_filter_type = AccountFilterType::kNone;
  if (filter == "INTERSECTION") out.account_filter_type = AccountFilterType::kIntersection;
  if (filter == "DIFFERENCE") out.account_filter_type = AccountFilterType::kDifference;
  if (filter == "UNION") out.account_filter_type = AccountFilterType::kUnion;
  return out;
}

AccountFilterType EffectiveFilter(const DeploymentTargets& targets, TargetsUse use) {
  const bool both = !targets.organizational_unit_ids.empty() &&
                    (!targets.accounts.empty() || !targets.accounts_url.empty());
  if (use == TargetsUse::kCreate) {
    if (both && !targets.account_filter_type) {
      Invalid(
          "AccountFilterType must be specified when both OrganizationalUnitIds and "
          "Accounts are specified.");
    }
    if (targets.account_filter_type == AccountFilterType::kUnion) {
      Invalid("AccountFilterType UNION is not supported for CreateStackInstances.");
    }
  }
  if (targets.account_filter_type) return *targets.account_filter_type;
  return both ? AccountFilterType::kUnion : AccountFilterType::kNone;
}

std::vector<std::string> ParseAccountList(std::string_view text) {
  std::vector<std::string> accounts;
  std::set<std::string, std::less<>> seen;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(",\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view entry = Trim(text.substr(start, end - start));
    start = end + 1;
    if (entry.empty()) continue;
    if (!IsAccountId(entry)) {
      Invalid("AccountsUrl names a file with an invalid account id: " + std::string(entry));
    }
    if (seen.insert(std::string(entry)).second) accounts.emplace_back(entry);
  }
  return accounts;
}

std::vector<TargetAccount> FilterAccounts(AccountFilterType filter,
                                          const std::vector<TargetAccount>& in_ous,
                                          const std::vector<std::string>& accounts) {
  const std::set<std::string, std::less<>> listed(accounts.begin(), accounts.end());
  std::set<std::string, std::less<>> seen;
  std::vector<TargetAccount> out;
  for (const TargetAccount& target : in_ous) {
    if (!seen.insert(target.account).second) continue;
    const bool is_listed = listed.contains(target.account);
    const bool keep = filter == AccountFilterType::kIntersection ? is_listed
                      : filter == AccountFilterType::kDifference ? !is_listed
                                                                 : true;
    if (keep) out.push_back(target);
  }
  if (filter == AccountFilterType::kUnion) {
    for (const std::string& account : accounts) {
      if (seen.insert(account).second)
        out.push_back({.account = account, .organizational_unit_id = ""});
    }
  }
  return out;
}

std::vector<TargetAccount> ResolveDeploymentTargets(const core::ServiceClient& services,
                                                    const core::RequestContext& ctx,
                                                    const OrganizationAdmin& admin,
                                                    const DeploymentTargets& targets,
                                                    TargetsUse use) {
  RequireOrganizationsAccess(services, ctx, admin);
  const AccountFilterType filter = EffectiveFilter(targets, use);
  std::vector<std::string> accounts = targets.accounts;
  if (!targets.accounts_url.empty()) {
    for (std::string& account :
         ParseAccountList(ReadListFileUrl(services, ctx, targets.accounts_url, "AccountsUrl",
                                          kMaxAccountsFileBytes, "10 MB"))) {
      accounts.push_back(std::move(account));
    }
  }
  if (targets.organizational_unit_ids.empty()) {
    const std::vector<TargetAccount> listed =
        FilterAccounts(AccountFilterType::kUnion, {}, accounts);
    RefuseManagementAccount(listed, admin.management_account);
    return listed;
  }
  OuWalk walk{.services = services,
              .management = AccountCaller(admin.management_account, ctx.scope.region),
              .region = ctx.scope.region,
              .management_account = admin.management_account,
              .seen = {},
              .accounts = {}};
  for (const std::string& ou_id : targets.organizational_unit_ids) CollectTarget(walk, ou_id);
  std::vector<TargetAccount> resolved = FilterAccounts(filter, walk.accounts, accounts);
  RefuseManagementAccount(resolved, admin.management_account);
  return resolved;
}

std::optional<std::string> TargetedOrganizationalUnit(const std::vector<std::string>& target_ou_ids,
                                                      const std::vector<std::string>& parent_path) {
  for (const std::string& parent : parent_path) {
    if (std::find(target_ou_ids.begin(), target_ou_ids.end(), parent) != target_ou_ids.end()) {
      return parent;
    }
  }
  return std::nullopt;
}

}  // namespace nimbus::cloudformation
