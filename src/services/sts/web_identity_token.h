#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::sts {

// The claims AssumeRoleWithWebIdentity reads from an OpenID Connect ID token.
struct WebIdentityToken {
  std::string issuer{};                  // iss: "https://token.actions.githubusercontent.com"
  std::vector<std::string> audiences{};  // aud: a string or an array of strings
  std::string subject{};                 // sub
  std::optional<double> expires{};       // exp, epoch seconds
};

// The claims of `jwt` if it is a well-formed JWT: three base64url parts, the first two JSON
// objects, the payload with a string `iss`; std::nullopt otherwise. The signature (third part)
// is not verified: nimbus cannot fetch the provider's keys, and a local emulator need not.
std::optional<WebIdentityToken> ParseWebIdentityToken(std::string_view jwt);

// The provider's name in an IAM OIDC provider ARN for issuer `iss`: the URL without its scheme
// and trailing slashes ("token.actions.githubusercontent.com").
std::string OidcProviderName(std::string_view iss);

}  // namespace nimbus::sts
