#include "cloudformation/stack_set_suspended.h"

#include <string>

#include <boost/json/object.hpp>

#include "cloudformation/organizations_access.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

bool IsSuspendedStatus(std::string_view status) {
  return status == "SUSPENDED" || status == "PENDING_CLOSURE";
}

bool AccountSuspended(const core::ServiceClient& services, std::string_view management_account,
                      std::string_view account, std::string_view region) {
  try {
    const json::value described =
        services.Call(AccountCaller(management_account, region), region, "organizations",
                      "DescribeAccount", {{"AccountId", account}});
    const json::value* status = described.at("Account").as_object().if_contains("Status");
    return status && status->is_string() && IsSuspendedStatus(status->get_string());
  } catch (const core::AwsError& error) {
    // Not a member (any more), or no organization: nothing says the account is suspended.
    if (error.code() != "AccountNotFoundException" &&
        error.code() != "AWSOrganizationsNotInUseException" &&
        error.code() != "AccessDeniedException") {
      throw;
    }
    return false;
  }
}

OperationResultRecord SkipSuspendedTarget(std::string_view action, bool retain_stacks,
                                          const OperationResultRecord& result,
                                          StackInstanceRecord* instance) {
  OperationResultRecord out = result;
  out.status = "SUCCEEDED";
  if (action == "DELETE" && retain_stacks) {
    out.status_reason.clear();
    instance->detailed_status = "SUCCEEDED";
    instance->status_reason.clear();
    return out;
  }
  out.status_reason = std::string(kSuspendedAccountReason);
  if (action == "DETECT_DRIFT") return out;
  instance->status = "OUTDATED";
  instance->detailed_status = std::string(kSkippedSuspendedAccount);
  instance->status_reason = std::string(kSuspendedAccountReason);
  return out;
}

}  // namespace nimbus::cloudformation
