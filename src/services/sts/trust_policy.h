#pragma once

#include <string_view>

#include "core/request_context.h"

namespace nimbus::sts {

// Whether a role's trust policy (its AssumeRolePolicyDocument, as JSON text) lets `caller`
// call sts:AssumeRole: an Allow statement whose Action matches and whose Principal names the
// caller, and no such Deny. A Principal matches as "*", {"AWS": "*"}, the caller's account
// ("123456789012" or its root ARN), the caller's ARN, or for an assumed-role session the role's
// ARN. Conditions and NotPrincipal are not evaluated (a statement with either never matches),
// and Service/Federated principals never match a caller with keys.
bool TrustAllows(std::string_view document, const core::Caller& caller);

}  // namespace nimbus::sts
