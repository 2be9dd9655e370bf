#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/sigv4.h"
#include "core/http/message.h"

// Helpers shared by the files of the signature module (sigv4.cc, sigv4_v2.cc); not for use
// elsewhere. Everything here reads client bytes without throwing.
namespace nimbus::core::auth::internal {

inline constexpr std::string_view kRequestExpiredMessage = "Request has expired.";

AuthError Failure(AuthFailure failure, std::string message);
// SignatureDoesNotMatch with AWS's message.
AuthError SignatureMismatch();
// Sets *error when error is not null.
void SetError(AuthError* error, AuthFailure failure, std::string message);

std::string Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
// HMAC with `md` (SHA-256 or SHA-1); "" only if OpenSSL fails, which then never matches.
std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data);
// The SigV4 signing key: the HMAC chain over date, region, service and "aws4_request".
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);
// Constant time for equal lengths; the length of a signature is no secret.
bool SecureEquals(std::string_view a, std::string_view b);

bool IsDigits(std::string_view text);
// Decimal digits only, within int64.
bool ParseInt64(std::string_view text, int64_t* value);
// "20261122T020329Z" -> seconds since the epoch.
bool ParseAmzDate(std::string_view text, int64_t* epoch_seconds);
// Percent-decoding for canonicalisation: a malformed escape keeps the text as sent.
std::string Decode(std::string_view text, bool plus_is_space);

struct QueryParam {
  std::string key;  // decoded
  std::string value;
  std::string_view raw_key;  // as sent, into the request target
  std::string_view raw_value;
  bool has_equals = false;
};
std::vector<QueryParam> ParseQuery(std::string_view query, bool plus_is_space);
const QueryParam* FindParam(const std::vector<QueryParam>& params, std::string_view key);
// The request path as sent; an absolute-form target ("http://host/p?q") loses scheme and host.
std::string_view RequestPath(const HttpRequest& request);

// X-Amz-Content-Sha256's special values.
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingSignedTrailer =
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// "<date>/<region>/<service>/aws4_request".
std::string Scope(const SignatureInfo& info);
// A header value as SigV4 signs it, appended to `out`: trimmed, with inner runs of whitespace
// collapsed to one space (what botocore and the JS SDK sign).
void AppendCanonicalValue(std::string_view value, std::string* out);

// The payload (sigv4_payload.cc). The hex SHA-256 of the body as sent: computed by the server
// while it spooled the body to a file, or here from the body in memory.
std::string BodySha256Hex(const HttpRequest& request);
// The body against what X-Amz-Content-Sha256 promised: its hash, or the per-chunk signatures of
// an aws-chunked body (and its trailers), chained from `info`'s seed signature.
std::optional<AuthError> VerifyPayload(const HttpRequest& request, const SignatureInfo& info,
                                       std::string_view signing_key, bool s3);

// SigV2 query authentication (S3 presigned URLs), in sigv4_v2.cc.
std::optional<SignatureInfo> ParsePresignedV2(const std::vector<QueryParam>& params,
                                              AuthError* error);
std::optional<AuthError> VerifyV2(const HttpRequest& request, const SignatureInfo& info,
                                  std::string_view secret, int64_t now_millis);

}  // namespace nimbus::core::auth::internal
