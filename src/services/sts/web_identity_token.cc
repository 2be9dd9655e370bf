#include "services/sts/web_identity_token.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/text.h"

namespace nimbus::sts {

namespace json = boost::json;

namespace {

// base64url (RFC 4648 section 5) without padding, as JWTs carry it, to bytes.
std::optional<std::string> DecodeBase64Url(std::string_view part) {
  if (part.empty() || part.find_first_of("+/=") != std::string_view::npos) return std::nullopt;
  std::string text(part);
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text.push_back('=');
  std::string bytes;
  if (!core::Base64Decode(text, &bytes)) return std::nullopt;
  return bytes;
}

std::optional<json::object> JsonPart(std::string_view part) {
  const std::optional<std::string> bytes = DecodeBase64Url(part);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  json::value value = json::parse(*bytes, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

}  // namespace

std::optional<WebIdentityToken> ParseWebIdentityToken(std::string_view jwt) {
  const std::vector<std::string_view> parts = core::Split(jwt, '.');
  if (parts.size() != 3 || !DecodeBase64Url(parts[2])) return std::nullopt;
  const std::optional<json::object> header = JsonPart(parts[0]);
  const std::optional<json::object> payload = JsonPart(parts[1]);
  if (!header || !payload) return std::nullopt;
  const json::value* iss = payload->if_contains("iss");
  if (!iss || !iss->is_string()) return std::nullopt;
  WebIdentityToken token{.issuer = std::string(iss->as_string())};
  if (const json::value* aud = payload->if_contains("aud")) {
    if (aud->is_string()) token.audiences.emplace_back(aud->as_string());
    if (aud->is_array()) {
      for (const json::value& item : aud->as_array()) {
        if (item.is_string()) token.audiences.emplace_back(item.as_string());
      }
    }
  }
  if (const json::value* sub = payload->if_contains("sub"); sub && sub->is_string()) {
    token.subject = std::string(sub->as_string());
  }
  if (const json::value* exp = payload->if_contains("exp"); exp && exp->is_number()) {
    token.expires = exp->to_number<double>();
  }
  return token;
}

std::string OidcProviderName(std::string_view iss) {
  std::string name(iss);
  if (core::StartsWith(core::ToLower(name), "https://")) name = name.substr(8);
  while (!name.empty() && name.back() == '/') name.pop_back();
  return name;
}

}  // namespace nimbus::sts
