#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include <openssl/evp.h>

#include "core/auth/sigv4.h"
#include "core/auth/sigv4_internal.h"
#include "core/text.h"

// SigV2 query authentication, which S3 still accepts for presigned URLs (boto3's default):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
namespace nimbus::core::auth::internal {

std::optional<SignatureInfo> ParsePresignedV2(const std::vector<QueryParam>& params,
                                              AuthError* error) {
  const QueryParam* access_key = FindParam(params, "AWSAccessKeyId");
  const QueryParam* signature = FindParam(params, "Signature");
  const QueryParam* expires = FindParam(params, "Expires");
  if (access_key == nullptr || access_key->value.empty() || signature == nullptr ||
      signature->value.empty() || expires == nullptr) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "Query-string authentication requires the Signature, Expires and AWSAccessKeyId "
             "parameters");
    return std::nullopt;
  }
  SignatureInfo info;
  info.form = SignatureInfo::Form::kPresignedV2;
  if (!ParseInt64(expires->value, &info.expires_seconds)) {
    SetError(error, AuthFailure::kIncompleteSignature,
             "Invalid date (should be seconds since epoch): " + expires->value);
    return std::nullopt;
  }
  info.access_key_id = access_key->value;
  info.signature = signature->value;
  info.service = "s3";  // SigV2 query authentication exists only for S3
  if (const QueryParam* token = FindParam(params, "x-amz-security-token")) {
    info.security_token = token->value;
  }
  return info;
}

namespace {

// SigV2 sub-resources that are part of the string to sign (botocore's HmacV1Auth.QSAOfInterest).
bool IsV2SubResource(std::string_view key) {
  // clang-format off
  static constexpr std::string_view kSubResources[] = {
      "accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete", "inventory",
      "lifecycle", "location", "logging", "metrics", "notification", "object-lock", "partNumber",
      "policy", "replication", "requestPayment", "response-cache-control",
      "response-content-disposition", "response-content-encoding", "response-content-language",
      "response-content-type", "response-expires", "restore", "select", "select-type",
      "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
      "versions", "website"};
  // clang-format on
  return std::find(std::begin(kSubResources), std::end(kSubResources), key) !=
         std::end(kSubResources);
}

std::string StringToSignV2(const HttpRequest& request, const std::vector<QueryParam>& params) {
  // botocore moves Content-MD5, Content-Type and x-amz-* headers into the presigned query string;
  // a header of the same name counts when the query has none.
  const auto standard = [&](std::string_view name) {
    if (const QueryParam* param = FindParam(params, name)) {
      return param->value;
    }
    return std::string(Trim(request.Header(name)));
  };
  std::map<std::string, std::string> amz_headers;
  for (const HttpHeader& header : request.headers) {
    std::string name = ToLower(header.name);
    if (StartsWith(name, "x-amz-")) {
      std::string& value = amz_headers[name];
      if (!value.empty()) {
        value.push_back(',');
      }
      value.append(Trim(header.value));
    }
  }
  for (const QueryParam& param : params) {
    std::string name = ToLower(param.key);
    if (StartsWith(name, "x-amz-")) {
      amz_headers[name] = param.value;
    }
  }
  const QueryParam* expires = FindParam(params, "Expires");
  std::string out = request.method;
  out.append("\n").append(standard("content-md5"));
  out.append("\n").append(standard("content-type"));
  out.append("\n").append(expires != nullptr ? std::string_view(expires->raw_value) : "");
  out.append("\n");
  for (const auto& [name, value] : amz_headers) {
    out.append(name).append(":").append(value).append("\n");
  }
  // TODO(nimbus): virtual-hosted requests need "/<bucket>" in front; routing knows the bucket.
  const std::string_view path = RequestPath(request);
  out.append(path.empty() ? std::string_view("/") : path);
  // Sub-resources sign as "key" or "key=<decoded value>", sorted by key.
  std::vector<std::pair<std::string, std::string>> sub_resources;
  for (const QueryParam& param : params) {
    if (IsV2SubResource(param.raw_key)) {
      sub_resources.emplace_back(std::string(param.raw_key),
                                 param.has_equals ? "=" + param.value : std::string());
    }
  }
  std::stable_sort(sub_resources.begin(), sub_resources.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < sub_resources.size(); ++i) {
    out.push_back(i == 0 ? '?' : '&');
    out.append(sub_resources[i].first).append(sub_resources[i].second);
  }
  return out;
}

}  // namespace

std::optional<AuthError> VerifyV2(const HttpRequest& request, const SignatureInfo& info,
                                  std::string_view secret, int64_t now_millis) {
  if (now_millis / 1000 > info.expires_seconds) {
    return Failure(AuthFailure::kRequestExpired, std::string(kRequestExpiredMessage));
  }
  const std::vector<QueryParam> params = ParseQuery(request.RawQuery(), false);
  const std::string expected =
      Base64Encode(Hmac(EVP_sha1(), secret, StringToSignV2(request, params)));
  if (!SecureEquals(expected, info.signature)) {
    return SignatureMismatch();
  }
  return std::nullopt;
}

}  // namespace nimbus::core::auth::internal
