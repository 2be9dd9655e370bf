#pragma once

#include <map>
#include <string>
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

// A caller vouched for by an identity provider (AssumeRoleWithWebIdentity, AssumeRoleWithSAML).
struct FederatedCaller {
  std::string action;        // "sts:AssumeRoleWithWebIdentity"
  std::string provider_arn;  // arn:aws:iam::123456789012:oidc-provider/<host>
  // The condition keys the request has, by name ("token.example.com:aud", "SAML:aud").
  std::map<std::string, std::string> context;
};

// Whether a trust policy lets `caller` assume the role: an Allow statement whose Action matches,
// whose Principal {"Federated": ...} names the provider's ARN, and whose Condition holds; and no
// such Deny. Condition operators evaluated: StringEquals, StringNotEquals, StringLike,
// StringNotLike and their IgnoreCase forms, against the keys of `caller.context` (key names
// without case). A statement with any other operator, a ForAnyValue/ForAllValues/IfExists
// qualifier, or a key the request does not have never matches.
bool FederatedTrustAllows(std::string_view document, const FederatedCaller& caller);

}  // namespace nimbus::sts
