#pragma once

// Helpers shared by the files of SsoAdminProvider (instances, permission sets, provisioning,
// account assignments). Not for use outside src/services/sso_admin/.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "services/common/page_token.h"
#include "services/sso_admin/sso_admin_store.h"

namespace nimbus::sso_admin::internal {

// The sequence number a NextToken of listing `kind` (the operation) stands for; 0 without one.
// A token nimbus did not issue for `kind` is a ValidationException.
int64_t DecodeToken(const boost::json::object& in, std::string_view kind);

// MaxResults clamped to [1, cap], `fallback` when absent.
int64_t Limit(const boost::json::object& in, int64_t fallback, int64_t cap = 100);

// Sets NextToken when more rows follow the page.
template <typename T>
void AddNextToken(boost::json::object& out, const Page<T>& page, std::string_view kind) {
  if (page.next_after) {
    out["NextToken"] = services::EncodePageToken(kind, std::to_string(*page.next_after));
  }
}

// Who a scheduled task acts as when it calls another service: the root user of the account the
// instance belongs to, in the instance's region (its ARN in that region's partition).
core::Caller OwnerCaller(const InstanceRecord& instance);

// The encryption context an instance's data key is encrypted and decrypted with.
boost::json::object DataKeyContext(const InstanceRecord& instance);

// "ps-0123456789abcdef" from a permission set ARN.
std::string PermissionSetId(std::string_view ps_arn);

}  // namespace nimbus::sso_admin::internal
