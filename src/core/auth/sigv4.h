#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/aws_chunked.h"
#include "core/http/message.h"

namespace nimbus::core::auth {

// What a request says about its signature, from the Authorization header (SigV4), the presigned
// query string (X-Amz-Algorithm=...), or S3's SigV2 presigned form (AWSAccessKeyId=...).
struct SignatureInfo {
  enum class Form { kHeader, kPresigned, kPresignedV2 };
  Form form = Form::kHeader;
  std::string access_key_id;
  std::string date;     // credential scope date "20261122" (SigV4 only)
  std::string region;   // credential scope region
  std::string service;  // credential scope service ("sso" for SSO Admin)
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signature;                    // hex (SigV4) or base64 (SigV2)
  std::string amz_date;                     // X-Amz-Date "20261122T020329Z" (or Date header)
  std::string security_token;               // X-Amz-Security-Token, if any
  int64_t expires_seconds = 0;              // presigned: X-Amz-Expires; SigV2: epoch Expires
  std::string payload_hash;                 // X-Amz-Content-Sha256 if sent
};

// Why a signature was refused. Dispatch turns the kind into the protocol's error code
// (Query: SignatureDoesNotMatch, JSON: InvalidSignatureException, S3: SignatureDoesNotMatch ...).
enum class AuthFailure {
  kMissingAuthenticationToken,  // no signature at all where one is needed
  kIncompleteSignature,         // Authorization header present but malformed
  kInvalidClientTokenId,        // unknown access key id
  kSignatureDoesNotMatch,
  kRequestExpired,              // X-Amz-Date more than 15 minutes off, or presigned URL expired
};

struct AuthError {
  AuthFailure failure;
  std::string message;  // AWS wording where known
};

// Parses the signature of `request`. Returns nullopt for an unsigned request; sets *error (and
// returns nullopt) for a malformed one. Never throws on client input.
std::optional<SignatureInfo> ParseSignature(const HttpRequest& request, AuthError* error);

// The SigV4 canonical request (six lines joined by '\n'). `s3` selects S3's canonical URI rule
// (the path as sent, not encoded again) and payload hash rules.
std::string CanonicalRequest(const HttpRequest& request, const SignatureInfo& info, bool s3);

// "AWS4-HMAC-SHA256\n<amz_date>\n<date>/<region>/<service>/aws4_request\n<hex sha256(canonical)>".
std::string StringToSign(const SignatureInfo& info, std::string_view canonical_request);

// hex(HMAC chain(secret, date, region, service, "aws4_request") over string_to_sign).
std::string SignatureV4(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service, std::string_view string_to_sign);

// Checks the signature (and, for S3 streaming uploads signed per chunk, every chunk signature in
// the aws-chunked body) against `secret`, and the request time against `now_millis` (15 minutes
// skew; presigned URLs until X-Amz-Date + X-Amz-Expires). Returns nullopt when it holds.
std::optional<AuthError> VerifySignature(const HttpRequest& request, const SignatureInfo& info,
                                         std::string_view secret, int64_t now_millis, bool s3);

}  // namespace nimbus::core::auth
