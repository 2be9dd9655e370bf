#include "cloudformation/wait_condition_url.h"

#include <ctime>
#include <map>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/clock.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace {

// The access key the credential names: AWS signs with one of CloudFormation's own.
constexpr std::string_view kAccessKey = "NIMBUSWAITCONDITION0";

// "20261205T061500Z".
std::string AmzDate(int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[17];
  std::strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// The seconds since the epoch of an X-Amz-Date, or nullopt when it is not one.
std::optional<int64_t> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  std::tm utc{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%Y%m%dT%H%M%SZ", &utc);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&utc));
}

std::string Signature(const WaitHandleAddress& handle, std::string_view secret,
                      std::string_view amz_date) {
  const std::string signed_text =
      handle.stack_id + "\n" + handle.logical_id + "\n" + std::string(amz_date);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), digest,
       &length);
  return core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::map<std::string, std::string, std::less<>> QueryParameters(std::string_view raw_query) {
  std::map<std::string, std::string, std::less<>> parameters;
  for (std::string_view pair : core::Split(raw_query, '&')) {
    const size_t eq = pair.find('=');
    std::string name;
    std::string value;
    if (!core::UrlDecode(pair.substr(0, eq), &name)) continue;
    if (eq != std::string_view::npos && !core::UrlDecode(pair.substr(eq + 1), &value)) continue;
    parameters.emplace(std::move(name), std::move(value));
  }
  return parameters;
}

}  // namespace

std::string WaitHandleUrl(std::string_view endpoint, const WaitHandleAddress& handle,
                          std::string_view secret, int64_t now_millis) {
  const std::string amz_date = AmzDate(now_millis);
  const std::string credential = std::string(kAccessKey) + "/" + amz_date.substr(0, 8) + "/" +
                                 handle.region + "/s3/aws4_request";
  return std::string(endpoint) + std::string(kWaitHandlePathPrefix) + handle.region + "/" +
         core::UriEncode(handle.stack_id) + "/" + core::UriEncode(handle.logical_id) +
         "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + amz_date +
         "&X-Amz-SignedHeaders=host&X-Amz-Expires=" + std::to_string(kWaitHandleExpiresSeconds) +
         "&X-Amz-Credential=" + core::UriEncode(credential) +
         "&X-Amz-Signature=" + Signature(handle, secret, amz_date);
}

std::optional<WaitHandleAddress> ParseWaitHandleUrl(std::string_view url) {
  const size_t start = url.find(kWaitHandlePathPrefix);
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(start + kWaitHandlePathPrefix.size());
  path = path.substr(0, path.find('?'));
  // <region>/<escaped stack id>/<logical id>; a client may have decoded the stack id's slashes.
  const size_t region_end = path.find('/');
  const size_t logical_start = path.rfind('/');
  if (region_end == std::string_view::npos || logical_start == region_end) return std::nullopt;
  WaitHandleAddress handle;
  handle.region = std::string(path.substr(0, region_end));
  if (!core::UrlDecode(path.substr(region_end + 1, logical_start - region_end - 1),
                       &handle.stack_id, /*plus_is_space=*/false) ||
      !core::UrlDecode(path.substr(logical_start + 1), &handle.logical_id,
                       /*plus_is_space=*/false)) {
    return std::nullopt;
  }
  if (handle.region.empty() || handle.stack_id.empty() || handle.logical_id.empty()) {
    return std::nullopt;
  }
  return handle;
}

std::optional<std::string> CheckWaitHandleQuery(const WaitHandleAddress& handle,
                                                std::string_view raw_query, std::string_view secret,
                                                int64_t now_millis) {
  const auto parameters = QueryParameters(raw_query);
  const auto date = parameters.find("X-Amz-Date");
  const auto signature = parameters.find("X-Amz-Signature");
  if (date == parameters.end() || signature == parameters.end()) {
    return "the URL has no X-Amz-Date or X-Amz-Signature";
  }
  const std::string expected = Signature(handle, secret, date->second);
  if (signature->second.size() != expected.size() ||
      CRYPTO_memcmp(signature->second.data(), expected.data(), expected.size()) != 0) {
    return "the signature does not match";
  }
  const std::optional<int64_t> signed_at = ParseAmzDate(date->second);
  if (!signed_at || now_millis / 1000 > *signed_at + kWaitHandleExpiresSeconds) {
    return "the URL has expired";
  }
  return std::nullopt;
}

}  // namespace nimbus::cloudformation
