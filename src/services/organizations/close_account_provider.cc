// CloseAccount: a member account goes PENDING_CLOSURE, then SUSPENDED on the scheduler, as
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CloseAccount.html describes.
#include <algorithm>
#include <optional>
#include <string>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/organizations/org_internal.h"
#include "services/organizations/organizations_provider.h"

namespace nimbus::organizations {

namespace json = boost::json;
using core::AwsError;
using core::protocol::RequiredString;
using internal::AccountNotFound;
using store::Transaction;

namespace {

constexpr std::string_view kCloseAccountTask = "organizations.CloseAccount";
constexpr int64_t kQuotaWindowMillis = int64_t{30} * 24 * 60 * 60 * 1000;

// "You can close only 10% of member accounts, between 10 and 1000, within a rolling 30 day
// period."
int64_t CloseQuota(int64_t members) { return std::clamp<int64_t>(members / 10, 10, 1000); }

}  // namespace

void OrganizationsProvider::RegisterCloseAccount() {
  Register("CloseAccount", &OrganizationsProvider::CloseAccount);
  rt_.scheduler.Register(std::string(kCloseAccountTask),
                         [this](const store::Task& task) { CompleteCloseAccount(task.payload); });
}

json::value OrganizationsProvider::CloseAccount(const core::RequestContext& ctx,
                                                const json::object& in) {
  const std::string account_id = RequiredString(in, "AccountId");
  Transaction tx = store_.Begin();
  OrgRecord org = RequireManagement(tx, ctx);
  const AccountRecord account = RequireAccount(tx, org, account_id);
  if (account_id == org.master_account) {
    throw AwsError("ConstraintViolationException",
                   "You attempted to close the management account. You can't close the "
                   "management account with this API.")
        .With("Reason", "CANNOT_CLOSE_MANAGEMENT_ACCOUNT");
  }
  if (account.status != "ACTIVE") {
    throw AwsError("AccountAlreadyClosedException",
                   "You attempted to close an account that is already closed.");
  }
  const int64_t members = store_.CountAccounts(tx, org.id) - 1;
  if (store_.CountClosuresSince(tx, org.id, ctx.now_millis - kQuotaWindowMillis) >=
      CloseQuota(members)) {
    throw AwsError("ConstraintViolationException",
                   "You have exceeded close account quota for the past 30 days.")
        .With("Reason", "CLOSE_ACCOUNT_QUOTA_EXCEEDED");
  }
  store_.SetAccountStatus(tx, org.id, account_id, "PENDING_CLOSURE", ctx.now_millis);
  rt_.scheduler.Schedule(tx, kCloseAccountTask, org.id + "/" + account_id,
                         rt_.options.async_delay_millis);
  tx.Commit();
  return json::object{};
}

void OrganizationsProvider::CompleteCloseAccount(const std::string& payload) {
  const size_t slash = payload.find('/');
  if (slash == std::string::npos) return;
  const std::string org_id = payload.substr(0, slash);
  const std::string account_id = payload.substr(slash + 1);
  Transaction tx = store_.Begin();
  std::optional<AccountRecord> account = store_.FindAccount(tx, org_id, account_id);
  // The account may have been removed from the organization in the meantime.
  if (!account || account->status != "PENDING_CLOSURE") return;
  store_.SetAccountStatus(tx, org_id, account_id, "SUSPENDED", std::nullopt);
  tx.Commit();
}

}  // namespace nimbus::organizations
