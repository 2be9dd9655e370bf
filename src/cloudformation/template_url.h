#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/request_context.h"
#include "core/service_client.h"

// Reading a template (or a stack policy) that a request names by URL from nimbus's S3: the URL
// forms CloudFormation accepts, the object read through S3's GetObject as the caller (so another
// account's bucket is Access Denied, as it is on AWS), and AWS's errors.
namespace nimbus::cloudformation {

// The object an S3 URL names.
struct S3ObjectUrl {
  std::string bucket;
  std::string key;         // percent-decoded
  std::string version_id;  // from ?versionId=, or ""
};

// The object `url` names when it is an http(s) URL of S3 that nimbus can serve:
// https://<b>.s3.amazonaws.com/<k>, https://<b>.s3.<region>.amazonaws.com/<k>,
// https://<b>.s3-<region>.amazonaws.com/<k>, https://<b>.s3.dualstack.<region>.amazonaws.com/<k>,
// the path-style https://s3[.-<region>].amazonaws.com/<b>/<k> (any partition's domain), and
// nimbus's own address: http://127.0.0.1:<port>/<b>/<k>, http://localhost:<port>/<b>/<k>, the
// Host the request came to, and virtual hosts below them (http://<b>.localhost:<port>/<k>).
// nullopt for any other URL, and for an S3 URL that names no bucket or no key.
std::optional<S3ObjectUrl> ParseS3ObjectUrl(const core::RequestContext& ctx, std::string_view url);

// AWS's ValidationError message for an S3 error `message` met reading a TemplateURL ("S3 error:
// Access Denied\nFor more information check http://docs.aws.amazon.com/...").
std::string S3ErrorMessage(std::string_view message);

// The largest template CloudFormation reads from S3, in bytes.
inline constexpr size_t kMaxTemplateUrlBytes = 460800;

// The text of the object `url` names, read from nimbus's S3 as ctx's caller, for the request
// member `member` ("TemplateURL", "StackPolicyURL", "StackPolicyDuringUpdateURL"). Throws
// core::AwsError ValidationError as AWS answers:
// - an s3:// URL: "S3 error: Domain name specified in <bucket> is not a valid S3 domain";
// - an object S3 refuses: "S3 error: <S3's message>\nFor more information check ..." (Access
//   Denied, "The specified key does not exist.", "The specified bucket does not exist");
// - an object above 460,800 bytes: "Template may not exceed 460800 bytes in size.";
// - an ssm-doc:// URL (ssm-doc://<document ARN> or ssm-doc://<name>, read with SSM's
//   GetDocument as the caller): "SSM error: document <arn> does not exist or cannot be read",
//   or "... is not a CloudFormation document" (nimbus's wording);
// - any other URL: "<member> must be a supported URL.".
std::string ReadTemplateUrl(const core::ServiceClient& services, const core::RequestContext& ctx,
                            std::string_view url, std::string_view member = "TemplateURL");

// The text of a list file that StackSets reads from S3 (AccountsUrl, StackIdsUrl): an s3://b/k
// URL or one ParseS3ObjectUrl knows, read as ctx's caller. ValidationError "<member> must be a
// supported URL." for another URL, S3ErrorMessage for S3's refusal, and "The file that <member>
// names may not exceed <max_words>." above `max_bytes` (nimbus's wordings).
std::string ReadListFileUrl(const core::ServiceClient& services, const core::RequestContext& ctx,
                            std::string_view url, std::string_view member, size_t max_bytes,
                            std::string_view max_words);

}  // namespace nimbus::cloudformation
