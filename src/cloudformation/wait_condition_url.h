#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The presigned URL of an AWS::CloudFormation::WaitConditionHandle. AWS's is an S3 URL,
// https://cloudformation-waitcondition-<region>.s3.amazonaws.com/<escaped stack id>/<logical id>
// ?X-Amz-Algorithm=...&X-Amz-Signature=...; nimbus serves the same path, bucket first (path
// style), on its own endpoint, so that the bucket-like first segment is CloudFormation's before
// any S3 sees it. The signature is an HMAC-SHA256, with the handle's own secret, of the stack id,
// the logical id and X-Amz-Date: it survives a client that re-encodes the path.
namespace nimbus::cloudformation {

inline constexpr std::string_view kWaitHandlePathPrefix = "/cloudformation-waitcondition-";
// How long the URL stays valid, as AWS's X-Amz-Expires says (a wait lasts at most 12 hours).
inline constexpr int64_t kWaitHandleExpiresSeconds = 86399;

// Which handle a URL or path names.
struct WaitHandleAddress {
  std::string region{};
  std::string stack_id{};
  std::string logical_id{};
};

// The URL of a handle created at `now_millis`, on `endpoint` ("http://127.0.0.1:4566").
std::string WaitHandleUrl(std::string_view endpoint, const WaitHandleAddress& handle,
                          std::string_view secret, int64_t now_millis);

// The handle a URL (or a path, "/cloudformation-waitcondition-...") names, or nullopt for
// anything else.
std::optional<WaitHandleAddress> ParseWaitHandleUrl(std::string_view url);

// Why the query of a request to `handle`'s path does not authorize it (a missing or wrong
// signature, an expired URL), or nullopt when it does.
std::optional<std::string> CheckWaitHandleQuery(const WaitHandleAddress& handle,
                                                std::string_view raw_query, std::string_view secret,
                                                int64_t now_millis);

}  // namespace nimbus::cloudformation
