#include "core/auth/sigv4.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <map>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "core/auth/aws_chunked.h"
#include "core/auth/sigv4_internal.h"
#include "core/text.h"

// Signature Version 4: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
// Streaming uploads: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// SigV2 query auth (S3 only):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
//
// Everything here reads client bytes: no exceptions on bad input (no std::stoi, no .at()), every
// index checked, and every failure a value.
namespace nimbus::core::auth {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";
constexpr int64_t kMaxSkewSeconds = 15 * 60;
constexpr int64_t kMaxPresignedExpires = 7 * 24 * 60 * 60;

constexpr std::string_view kSignatureDoesNotMatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

}  // namespace

namespace internal {

AuthError Failure(AuthFailure failure, std::string message) {
  return AuthError{failure, std::move(message)};
}

AuthError SignatureMismatch() {
  return Failure(AuthFailure::kSignatureDoesNotMatch, std::string(kSignatureDoesNotMatchMessage));
}

void SetError(AuthError* error, AuthFailure failure, std::string message) {
  if (error != nullptr) {
    *error = Failure(failure, std::move(message));
  }
}

std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

// HMAC with `md` (SHA-256 or SHA-1); "" only if OpenSSL fails, which then never matches.
std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_size = 0;
  // A non-null pointer even for an empty key: to OpenSSL a null key means "no key", not "".
  static constexpr char kNoKey = 0;
  const void* key_data = key.empty() ? &kNoKey : key.data();
  if (key.size() > static_cast<size_t>(INT32_MAX) ||
      HMAC(md, key_data, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &out_size) == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(out), out_size);
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string key = "AWS4";
  key.append(secret);
  key = Hmac(EVP_sha256(), key, date);
  key = Hmac(EVP_sha256(), key, region);
  key = Hmac(EVP_sha256(), key, service);
  return Hmac(EVP_sha256(), key, kTerminator);
}

// Constant time for equal lengths; the length of a signature is no secret.
bool SecureEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ParseInt64(std::string_view text, int64_t* value) {
  if (!IsDigits(text)) {
    return false;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

// "20261122T020329Z" -> seconds since the epoch.
bool ParseAmzDate(std::string_view text, int64_t* epoch_seconds) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !IsDigits(text.substr(0, 8)) ||
      !IsDigits(text.substr(9, 6))) {
    return false;
  }
  const auto number = [&](size_t pos, size_t len) {
    int64_t v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const int64_t year = number(0, 4), month = number(4, 2), day = number(6, 2);
  const int64_t hour = number(9, 2), minute = number(11, 2), second = number(13, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  *epoch_seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

// Percent-decoding for canonicalisation: a malformed escape keeps the text as sent (it is then
// re-encoded, so the signature simply fails to match). '+' is a literal '+' unless asked.
std::string Decode(std::string_view text, bool plus_is_space) {
  std::string out;
  if (!UrlDecode(text, &out, plus_is_space)) {
    out.assign(text);
  }
  return out;
}

std::vector<QueryParam> ParseQuery(std::string_view query, bool plus_is_space) {
  std::vector<QueryParam> params;
  for (const std::string_view part : Split(query, '&')) {
    if (part.empty()) {
      continue;
    }
    const size_t eq = part.find('=');
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : part.substr(eq + 1);
    params.push_back({Decode(key, plus_is_space), Decode(value, plus_is_space), key, value,
                      eq != std::string_view::npos});
  }
  return params;
}

const QueryParam* FindParam(const std::vector<QueryParam>& params, std::string_view key) {
  for (const QueryParam& param : params) {
    if (param.key == key) {
      return &param;
    }
  }
  return nullptr;
}

// The request path as sent; an absolute-form target ("http://host/p?q") loses scheme and host.
std::string_view RequestPath(const HttpRequest& request) {
  std::string_view path = request.RawPath();
  if (!path.empty() && path.front() != '/') {
    const size_t scheme = path.find("://");
    if (scheme != std::string_view::npos) {
      const size_t slash = path.find('/', scheme + 3);
      path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    }
  }
  return path;
}

}  // namespace internal

using namespace internal;  // NOLINT(google-build-using-namespace): this module's own helpers

namespace {

// Non-S3 canonical URI: dot segments and empty segments removed (as botocore and the JS SDK do),
// then the already-encoded path encoded once more, '/' kept.
std::string DoubleEncodedPath(std::string_view path) {
  std::vector<std::string_view> segments;
  for (const std::string_view segment : Split(path, '/')) {
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
      continue;
    }
    segments.push_back(segment);
  }
  std::string normalized = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) {
      normalized.push_back('/');
    }
    normalized.append(segments[i]);
  }
  if (!segments.empty() && path.size() > 1 && path.back() == '/') {
    normalized.push_back('/');
  }
  return UriEncode(normalized, /*keep_slash=*/true);
}

std::string CanonicalQuery(std::string_view query, bool presigned, bool plus_is_space) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const QueryParam& param : ParseQuery(query, plus_is_space)) {
    if (presigned && param.key == "X-Amz-Signature") {
      continue;
    }
    pairs.emplace_back(UriEncode(param.key), UriEncode(param.value));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out.append(key);
    out.push_back('=');
    out.append(value);
  }
  return out;
}

}  // namespace

namespace internal {

// Trimmed, with inner runs of whitespace collapsed to one space (what botocore and the JS SDK
// sign).
void AppendCanonicalValue(std::string_view value, std::string* out) {
  value = Trim(value);
  bool in_space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t') {
      in_space = true;
      continue;
    }
    if (in_space) {
      out->push_back(' ');
      in_space = false;
    }
    out->push_back(c);
  }
}

}  // namespace internal

namespace {

std::string CanonicalHeaderValue(const HttpRequest& request, std::string_view name) {
  std::string value;
  bool first = true;
  for (const HttpHeader& header : request.headers) {
    if (EqualsIgnoreCase(header.name, name)) {
      if (!first) {
        value.push_back(',');
      }
      AppendCanonicalValue(header.value, &value);
      first = false;
    }
  }
  return value;
}

}  // namespace

namespace internal {

std::string Scope(const SignatureInfo& info) {
  std::string scope = info.date;
  scope.append("/").append(info.region).append("/").append(info.service).append("/");
  scope.append(kTerminator);
  return scope;
}

}  // namespace internal

namespace {

std::string BuildCanonicalRequest(const HttpRequest& request, const SignatureInfo& info, bool s3,
                                  bool plus_is_space) {
  const bool presigned = info.form == SignatureInfo::Form::kPresigned;
  std::string out = request.method;
  out.push_back('\n');
  const std::string_view path = RequestPath(request);
  if (s3) {
    out.append(path.empty() ? std::string_view("/") : path);
  } else {
    out.append(DoubleEncodedPath(path));
  }
  out.push_back('\n');
  out.append(CanonicalQuery(request.RawQuery(), presigned, plus_is_space));
  out.push_back('\n');
  std::string signed_list;
  for (const std::string& name : info.signed_headers) {
    out.append(name);
    out.push_back(':');
    out.append(CanonicalHeaderValue(request, name));
    out.push_back('\n');
    if (!signed_list.empty()) {
      signed_list.push_back(';');
    }
    signed_list.append(name);
  }
  out.push_back('\n');
  out.append(signed_list);
  out.push_back('\n');
  if (presigned && s3) {
    out.append(info.payload_hash.empty() ? kUnsignedPayload : info.payload_hash);
  } else if (!presigned && !info.payload_hash.empty()) {
    out.append(info.payload_hash);
  } else {
    out.append(BodySha256Hex(request));
  }
  return out;
}

// "<akid>/<date>/<region>/<service>/aws4_request" into `info`; an error message otherwise.
std::optional<std::string> ParseCredential(std::string_view credential, SignatureInfo* info) {
  const std::vector<std::string_view> parts = Split(credential, '/');
  if (parts.size() != 5) {
    return "Credential should be scoped to a valid region and service: '" +
           std::string(credential) + "'.";
  }
  if (parts[4] != kTerminator) {
    return "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
           std::string(parts[4]) + "'.";
  }
  if (parts[0].empty()) {
    return std::string("Credential should contain an access key id.");
  }
  if (parts[1].size() != 8 || !IsDigits(parts[1])) {
    return "Invalid credential date \"" + std::string(parts[1]) +
           "\". This date is not the required format: yyyyMMdd.";
  }
  if (parts[2].empty()) {
    return std::string("Credential should be scoped to a valid region.");
  }
  if (parts[3].empty()) {
    return std::string("Credential should be scoped to correct service.");
  }
  info->access_key_id = std::string(parts[0]);
  info->date = std::string(parts[1]);
  info->region = std::string(parts[2]);
  info->service = std::string(parts[3]);
  return std::nullopt;
}

std::vector<std::string> ParseSignedHeaders(std::string_view list) {
  std::vector<std::string> names;
  for (const std::string_view name : Split(list, ';')) {
    if (!name.empty()) {
      names.push_back(ToLower(Trim(name)));
    }
  }
  return names;
}

std::optional<SignatureInfo> ParseAuthorizationHeader(const HttpRequest& request,
                                                      std::string_view header, AuthError* error) {
  const std::string context = " Authorization=" + std::string(header);
  const size_t space = header.find_first_of(" \t");
  const std::string_view algorithm = header.substr(0, space);
  if (algorithm != kAlgorithm) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "Unsupported AWS 'algorithm': '" + std::string(algorithm) + "'." + context);
    return std::nullopt;
  }
  std::optional<std::string_view> credential, signed_headers, signature;
  std::string_view rest = space == std::string_view::npos ? "" : header.substr(space);
  // Parts are separated by ", " (botocore, JS SDK, Go) or "," (some SDKs); values never contain
  // either, so any run of commas and whitespace is a separator.
  while (!rest.empty()) {
    const size_t start = rest.find_first_not_of(", \t");
    if (start == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(start);
    const size_t end = rest.find_first_of(", \t");
    const std::string_view part = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      SetError(error, AuthFailure::kIncompleteSignature,
               "'" + std::string(part) +
                   "' not a valid key=value pair (missing equal-sign) in Authorization header: '" +
                   std::string(header) + "'.");
      return std::nullopt;
    }
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = part.substr(eq + 1);
    if (key == "Credential" && !credential) {
      credential = value;
    } else if (key == "SignedHeaders" && !signed_headers) {
      signed_headers = value;
    } else if (key == "Signature" && !signature) {
      signature = value;
    }
  }

  const std::string* amz_date = request.FindHeader("X-Amz-Date");
  if (amz_date == nullptr) {
    amz_date = request.FindHeader("Date");
  }
  std::string missing;
  if (!credential || credential->empty()) {
    missing += "Authorization header requires 'Credential' parameter. ";
  }
  if (!signature || signature->empty()) {
    missing += "Authorization header requires 'Signature' parameter. ";
  }
  if (!signed_headers || signed_headers->empty()) {
    missing += "Authorization header requires 'SignedHeaders' parameter. ";
  }
  if (amz_date == nullptr) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header. ";
  }
  if (!missing.empty()) {
    missing.pop_back();
    SetError(error, AuthFailure::kIncompleteSignature, missing + context);
    return std::nullopt;
  }

  SignatureInfo info;
  info.form = SignatureInfo::Form::kHeader;
  if (std::optional<std::string> bad = ParseCredential(*credential, &info)) {
    SetError(error, AuthFailure::kIncompleteSignature, *bad + context);
    return std::nullopt;
  }
  info.signed_headers = ParseSignedHeaders(*signed_headers);
  info.signature = std::string(*signature);
  info.amz_date = std::string(Trim(*amz_date));
  int64_t ignored = 0;
  if (!ParseAmzDate(info.amz_date, &ignored)) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "Date must be in ISO-8601 'basic format'. Got '" + info.amz_date +
                 "'. See http://en.wikipedia.org/wiki/ISO_8601");
    return std::nullopt;
  }
  info.security_token = std::string(request.Header("X-Amz-Security-Token"));
  info.payload_hash = std::string(Trim(request.Header("X-Amz-Content-Sha256")));
  return info;
}

std::optional<SignatureInfo> ParsePresignedV4(const std::vector<QueryParam>& params,
                                              AuthError* error) {
  const QueryParam* algorithm = FindParam(params, "X-Amz-Algorithm");
  const QueryParam* credential = FindParam(params, "X-Amz-Credential");
  const QueryParam* amz_date = FindParam(params, "X-Amz-Date");
  const QueryParam* expires = FindParam(params, "X-Amz-Expires");
  const QueryParam* signed_headers = FindParam(params, "X-Amz-SignedHeaders");
  const QueryParam* signature = FindParam(params, "X-Amz-Signature");
  if (algorithm == nullptr || credential == nullptr || amz_date == nullptr ||
      signed_headers == nullptr || signature == nullptr || signature->value.empty()) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "Query-string authentication version 4 requires the X-Amz-Algorithm, "
             "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
             "X-Amz-Expires parameters.");
    return std::nullopt;
  }
  if (algorithm->value != kAlgorithm) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    return std::nullopt;
  }
  SignatureInfo info;
  info.form = SignatureInfo::Form::kPresigned;
  if (std::optional<std::string> bad = ParseCredential(credential->value, &info)) {
    SetError(error, AuthFailure::kIncompleteSignature, *bad);
    return std::nullopt;
  }
  // S3 insists on an expiry; other services (STS presigned GetCallerIdentity for EKS and Vault)
  // fall back to the usual 15 minutes.
  if (expires == nullptr && info.service == "s3") {
    SetError(error, AuthFailure::kIncompleteSignature,
             "Query-string authentication version 4 requires the X-Amz-Algorithm, "
             "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
             "X-Amz-Expires parameters.");
    return std::nullopt;
  }
  if (expires != nullptr) {
    int64_t seconds = 0;
    if (!ParseInt64(expires->value, &seconds) || seconds < 1) {
      SetError(error, AuthFailure::kIncompleteSignature,
               "X-Amz-Expires must be a positive number of seconds.");
      return std::nullopt;
    }
    if (seconds > kMaxPresignedExpires) {
      SetError(error, AuthFailure::kIncompleteSignature,
               "X-Amz-Expires must be less than a week (in seconds) that is 604800");
      return std::nullopt;
    }
    info.expires_seconds = seconds;
  }
  info.amz_date = amz_date->value;
  int64_t ignored = 0;
  if (!ParseAmzDate(info.amz_date, &ignored)) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    return std::nullopt;
  }
  info.signed_headers = ParseSignedHeaders(signed_headers->value);
  info.signature = signature->value;
  if (const QueryParam* token = FindParam(params, "X-Amz-Security-Token")) {
    info.security_token = token->value;
  }
  if (const QueryParam* hash = FindParam(params, "X-Amz-Content-Sha256")) {
    info.payload_hash = hash->value;
  }
  return info;
}

}  // namespace

std::optional<SignatureInfo> ParseSignature(const HttpRequest& request, AuthError* error) {
  if (const std::string* header = request.FindHeader("Authorization")) {
    const std::string_view value = Trim(*header);
    if (!value.empty()) {
      return ParseAuthorizationHeader(request, value, error);
    }
  }
  const std::string_view query = request.RawQuery();
  if (query.empty()) {
    return std::nullopt;
  }
  const std::vector<QueryParam> params = ParseQuery(query, false);
  if (FindParam(params, "X-Amz-Algorithm") || FindParam(params, "X-Amz-Credential") ||
      FindParam(params, "X-Amz-Signature")) {
    return ParsePresignedV4(params, error);
  }
  if (FindParam(params, "AWSAccessKeyId")) {
    return ParsePresignedV2(params, error);
  }
  return std::nullopt;
}

std::string CanonicalRequest(const HttpRequest& request, const SignatureInfo& info, bool s3) {
  return BuildCanonicalRequest(request, info, s3, /*plus_is_space=*/false);
}

std::string StringToSign(const SignatureInfo& info, std::string_view canonical_request) {
  std::string out(kAlgorithm);
  out.append("\n").append(info.amz_date).append("\n").append(Scope(info)).append("\n");
  out.append(Sha256Hex(canonical_request));
  return out;
}

std::string SignatureV4(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service, std::string_view string_to_sign) {
  return HexEncode(Hmac(EVP_sha256(), SigningKey(secret, date, region, service), string_to_sign));
}

std::optional<AuthError> VerifySignature(const HttpRequest& request, const SignatureInfo& info,
                                         std::string_view secret, int64_t now_millis, bool s3) {
  if (info.form == SignatureInfo::Form::kPresignedV2) {
    return VerifyV2(request, info, secret, now_millis);
  }
  int64_t signed_at = 0;
  if (!ParseAmzDate(info.amz_date, &signed_at)) {
    return Failure(AuthFailure::kIncompleteSignature,
                   "Date must be in ISO-8601 'basic format'. Got '" + info.amz_date +
                       "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  const int64_t now = now_millis / 1000;
  if (info.form == SignatureInfo::Form::kPresigned && info.expires_seconds > 0) {
    if (now > signed_at + info.expires_seconds) {
      return Failure(AuthFailure::kRequestExpired, std::string(kRequestExpiredMessage));
    }
    if (signed_at - now > kMaxSkewSeconds) {
      return Failure(AuthFailure::kRequestExpired, "Request is not yet valid.");
    }
  } else if (now - signed_at > kMaxSkewSeconds || signed_at - now > kMaxSkewSeconds) {
    return Failure(AuthFailure::kRequestExpired, std::string(kRequestExpiredMessage));
  }
  if (std::find(info.signed_headers.begin(), info.signed_headers.end(), "host") ==
      info.signed_headers.end()) {
    return Failure(AuthFailure::kIncompleteSignature,
                   "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (info.date != std::string_view(info.amz_date).substr(0, 8)) {
    return Failure(AuthFailure::kSignatureDoesNotMatch,
                   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                   "date from HTTP: '" +
                       info.date + "' != '" + info.amz_date.substr(0, 8) + "'.");
  }

  const std::string signing_key = SigningKey(secret, info.date, info.region, info.service);
  const auto matches = [&](bool plus_is_space) {
    const std::string string_to_sign =
        StringToSign(info, BuildCanonicalRequest(request, info, s3, plus_is_space));
    return SecureEquals(HexEncode(Hmac(EVP_sha256(), signing_key, string_to_sign)), info.signature);
  };
  // A '+' in the query is literal for every SDK we know; a hand-built URL may have meant a space
  // (Go's url.ParseQuery reads it so), so that reading is tried second.
  if (!matches(false) &&
      (request.RawQuery().find('+') == std::string_view::npos || !matches(true))) {
    return SignatureMismatch();
  }
  if (info.form == SignatureInfo::Form::kHeader) {
    return VerifyPayload(request, info, signing_key, s3);
  }
  return std::nullopt;
}

}  // namespace nimbus::core::auth
