// STS federation through IAM identity providers: AssumeRoleWithWebIdentity (OpenID Connect),
// AssumeRoleWithSAML, and DecodeAuthorizationMessage. The providers are IAM's, asked through
// the ServiceClient in the role's account; tokens and assertions are read, never verified.
#include <array>
#include <cmath>
#include <string>

#include <openssl/evp.h>

#include "core/auth/identity.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/sts/saml_assertion.h"
#include "services/sts/sts_provider.h"
#include "services/sts/trust_policy.h"
#include "services/sts/web_identity_token.h"

namespace nimbus::sts {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::RequiredString;

namespace {

core::Caller RootOf(std::string_view account, std::string_view region) {
  return {.access_key_id = "",
          .account = std::string(account),
          .arn = core::auth::RootArn(account, region),
          .user_id = std::string(account)};
}

// The IAM answer of `operation` on the provider `arn_member` = `arn` in `account`, or
// std::nullopt when IAM has no such provider.
std::optional<json::object> GetProvider(const core::ServiceClient& services,
                                        const RequestContext& ctx, std::string_view account,
                                        std::string_view operation, std::string_view arn_member,
                                        std::string_view arn) {
  try {
    return services
        .Call(RootOf(account, ctx.scope.region), ctx.scope.region, "iam", operation,
              {{arn_member, arn}})
        .as_object();
  } catch (const AwsError& error) {
    if (error.code() != "NoSuchEntity") throw;
  }
  return std::nullopt;
}

// The role's trust policy as JSON text (IAM answers it URL-encoded).
std::string TrustPolicyOf(const json::object& role) {
  std::string document;
  const json::value* encoded = role.if_contains("AssumeRolePolicyDocument");
  if (!encoded || !encoded->is_string() ||
      !core::UrlDecode(encoded->as_string(), &document, /*plus_is_space=*/false)) {
    return "";
  }
  return document;
}

[[noreturn]] void NotAuthorized(std::string_view action) {
  throw AwsError("AccessDenied", "Not authorized to perform " + std::string(action), 403);
}

// base64(SHA-1(issuer + account + "/" + provider name)), as the AssumeRoleWithSAML reference
// defines NameQualifier.
std::string NameQualifier(std::string_view issuer, std::string_view account,
                          std::string_view provider_name) {
  const std::string input =
      std::string(issuer) + std::string(account) + "/" + std::string(provider_name);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha1(), nullptr);
  return core::Base64Encode(std::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

std::string EpochText(double seconds) { return std::to_string(std::llround(seconds)); }

}  // namespace

// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
json::value StsProvider::AssumeRoleWithWebIdentity(const RequestContext& ctx,
                                                   const json::object& in) {
  constexpr std::string_view kAction = "sts:AssumeRoleWithWebIdentity";
  const std::string role_arn = RequiredString(in, "RoleArn");
  const std::string session = RequiredString(in, "RoleSessionName");
  const int64_t duration = IntOr(in, "DurationSeconds", 3600);
  const std::optional<WebIdentityToken> token =
      ParseWebIdentityToken(RequiredString(in, "WebIdentityToken"));
  if (!token) {
    throw AwsError("InvalidIdentityToken",
                   "The ID Token provided is not a valid JWT. (You may see this error if you sent "
                   "an Access Token)");
  }
  const std::optional<FoundRole> role = FindRole(ctx, role_arn);
  if (!role) NotAuthorized(kAction);
  const std::string provider_name = OidcProviderName(token->issuer);
  const std::string provider_arn =
      core::GlobalArn({.account = role->account, .region = ctx.scope.region}, "iam",
                      "oidc-provider/" + provider_name);
  const std::optional<json::object> provider =
      GetProvider(services_, ctx, role->account, "GetOpenIDConnectProvider",
                  "OpenIDConnectProviderArn", provider_arn);
  if (!provider) {
    throw AwsError("InvalidIdentityToken",
                   "No OpenIDConnect provider found in your account for " + token->issuer);
  }
  std::string audience;
  for (const json::value& client_id : provider->at("ClientIDList").as_array()) {
    for (const std::string& aud : token->audiences) {
      if (audience.empty() && client_id.as_string() == aud) audience = aud;
    }
  }
  if (audience.empty()) throw AwsError("InvalidIdentityToken", "Incorrect token audience");
  const double now = static_cast<double>(ctx.now_millis) / 1000.0;
  if (token->expires && *token->expires <= now) {
    throw AwsError("ExpiredTokenException", "Token expired: current date/time " + EpochText(now) +
                                                " must be before the expiration date/time " +
                                                EpochText(*token->expires));
  }
  const FederatedCaller caller{
      .action = std::string(kAction),
      .provider_arn = provider_arn,
      .context = {{provider_name + ":aud", audience}, {provider_name + ":sub", token->subject}}};
  if (!FederatedTrustAllows(TrustPolicyOf(role->iam), caller)) NotAuthorized(kAction);
  json::object out = IssueRoleSession(ctx, *role, session, duration);
  out["SubjectFromWebIdentityToken"] = token->subject;
  out["Audience"] = audience;
  out["Provider"] = provider_arn;
  if (core::protocol::OptString(in, "Policy") || in.contains("PolicyArns")) {
    out["PackedPolicySize"] = 6;
  }
  return out;
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
json::value StsProvider::AssumeRoleWithSAML(const RequestContext& ctx, const json::object& in) {
  constexpr std::string_view kAction = "sts:AssumeRoleWithSAML";
  const std::string role_arn = RequiredString(in, "RoleArn");
  const std::string principal_arn = RequiredString(in, "PrincipalArn");
  const int64_t duration = IntOr(in, "DurationSeconds", 3600);
  const std::optional<SamlAssertion> assertion =
      ParseSamlAssertion(RequiredString(in, "SAMLAssertion"));
  if (!assertion || assertion->subject.empty()) {
    throw AwsError("InvalidIdentityToken", "Invalid SAML assertion");
  }
  bool listed = false;
  for (const std::string& pair : assertion->roles) {
    const std::vector<std::string_view> arns = core::Split(pair, ',');
    if (arns.size() != 2) continue;
    const std::string_view first = core::Trim(arns[0]);
    const std::string_view second = core::Trim(arns[1]);
    // AWS accepts the pair in either order.
    listed = listed || (first == role_arn && second == principal_arn) ||
             (first == principal_arn && second == role_arn);
  }
  if (!listed) NotAuthorized(kAction);
  const std::optional<FoundRole> role = FindRole(ctx, role_arn);
  if (!role) NotAuthorized(kAction);
  const std::optional<core::ParsedArn> principal = core::ParseArn(principal_arn);
  if (!principal || principal->service != "iam" || principal->account != role->account ||
      !core::StartsWith(principal->resource, "saml-provider/") ||
      !GetProvider(services_, ctx, role->account, "GetSAMLProvider", "SAMLProviderArn",
                   principal_arn)) {
    throw AwsError("InvalidIdentityToken", "Specified provider doesn't exist");
  }
  const std::string provider_name = principal->resource.substr(14);
  const std::string session = assertion->session_name;
  if (session.size() < 2 || session.size() > 64) {
    throw AwsError("InvalidIdentityToken",
                   "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
  }
  const double now = static_cast<double>(ctx.now_millis) / 1000.0;
  if (assertion->not_on_or_after && *assertion->not_on_or_after <= now) {
    throw AwsError("ExpiredTokenException", "Token is expired");
  }
  const std::string subject_type = SubjectType(assertion->subject_format);
  const std::string name_qualifier = NameQualifier(assertion->issuer, role->account, provider_name);
  const std::string audience = assertion->audiences.empty() ? "" : assertion->audiences.front();
  const FederatedCaller caller{
      .action = std::string(kAction),
      .provider_arn = principal_arn,
      .context = {{"SAML:aud", assertion->recipient.empty() ? audience : assertion->recipient},
                  {"SAML:sub", assertion->subject},
                  {"SAML:sub_type", subject_type},
                  {"SAML:iss", assertion->issuer},
                  {"SAML:namequalifier", name_qualifier}}};
  if (!FederatedTrustAllows(TrustPolicyOf(role->iam), caller)) NotAuthorized(kAction);
  json::object out = IssueRoleSession(ctx, *role, session, duration);
  out["Subject"] = assertion->subject;
  out["SubjectType"] = subject_type;
  out["Issuer"] = assertion->issuer;
  out["Audience"] = audience;
  out["NameQualifier"] = name_qualifier;
  if (core::protocol::OptString(in, "Policy") || in.contains("PolicyArns")) {
    out["PackedPolicySize"] = 6;
  }
  return out;
}

// nimbus never refuses a request with an encoded authorization message (identity policies are
// not enforced), so no message it could be asked to decode exists.
json::value StsProvider::DecodeAuthorizationMessage(const RequestContext&, const json::object&) {
  throw AwsError("InvalidAuthorizationMessageException",
                 "The encoded message is not an authorization message issued by this service.");
}

}  // namespace nimbus::sts
