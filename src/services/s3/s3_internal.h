#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/aws_error.h"
#include "core/request_context.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_store.h"

// Helpers shared by the S3 provider's files.
namespace nimbus::s3::internal {

core::AwsError NoSuchBucket(std::string_view bucket);
core::AwsError NoSuchKey(std::string_view key);

// S3's canonical user id of an account: 64 hex characters, stable for the account.
std::string CanonicalUserId(std::string_view account);

// The Owner structure of listings.
boost::json::object Owner(std::string_view account);

// A TagSet checked as S3 checks object tags (at most 10, keys 1..128 and values 0..256
// characters, no key twice); throws InvalidTag.
void CheckTags(const boost::json::array& tags);

// The TagSet of an x-amz-tagging header ("k1=v1&k2=v2", URL-encoded); throws InvalidTag.
boost::json::array TagsFromHeader(std::string_view header);

// The headers an object keeps (ContentType, CacheControl, ...) and its user metadata, from a
// PutObject, CreateMultipartUpload or CopyObject (REPLACE) request.
boost::json::object StoredHeaders(const boost::json::object& in);
boost::json::object StoredMetadata(const boost::json::object& in);

// Checks Content-MD5 and the x-amz-checksum-* members against `body`; returns the checksums to
// keep ({"ChecksumCRC32": "..."}): those sent, and the one ChecksumAlgorithm names if its value
// was not sent (S3 computes it).
boost::json::object CheckedChecksums(const boost::json::object& in, std::string_view body);

// The digests CheckedChecksums needs for `in` (MD5, and the checksums sent or named), not yet
// computed: Update them with the body, Finish, and pass them to CheckedChecksums.
BodyDigests DigestsFor(const boost::json::object& in);
// CheckedChecksums over a body whose digests are already computed (a body in a file).
boost::json::object CheckedChecksums(const boost::json::object& in, const BodyDigests& digests);
// The ChecksumType of an object's stored checksums: COMPOSITE for a completed multipart upload's
// ("<base64>-<parts>"), FULL_OBJECT otherwise.
std::string_view ChecksumTypeOf(const boost::json::object& checksums);

// The MD5 of a body the server spools, and the checksums its header names (x-amz-checksum-*,
// x-amz-sdk-checksum-algorithm, x-amz-trailer), computed as the bytes are written to the file.
class SpoolDigests final : public core::BodyObserver {
 public:
  explicit SpoolDigests(const core::HttpRequest& head);
  void Update(std::string_view bytes) override { digests_.Update(bytes); }
  // Whether the digests include every algorithm of `wanted` (the input's, once parsed).
  bool Covers(const std::vector<const ChecksumAlgorithm*>& wanted) const;
  // The digests, finished; once.
  BodyDigests Take() {
    digests_.Finish();
    return std::move(digests_);
  }

 private:
  BodyDigests digests_;
  std::vector<const ChecksumAlgorithm*> algorithms_;
};

// The body of a PutObject or UploadPart: in a file the server spooled (an HTTP request), or in
// the input's Body (an in-process call).
struct ReceivedBody {
  BodyDigests digests;       // those CheckedChecksums needs for the input, computed
  int64_t size = 0;
  std::string spooled_path;  // the server's file, or ""
  std::string bytes;         // the body when not spooled
};
ReceivedBody ReceiveBody(const core::RequestContext& ctx, const boost::json::object& in);

// The digests `in` needs of the body in the file at `path`, read piece by piece (a spooled
// request body). Throws std::runtime_error if it cannot be read.
BodyDigests DigestFile(const boost::json::object& in, const std::string& path);

// Whether `version_id` could be an id S3 made: "null" or 32 URL-safe characters.
bool ValidVersionId(std::string_view version_id);

// Adds VersionId to an answer about `bucket` once it has versioning configured (a bucket never
// versioned answers without x-amz-version-id).
void SetVersionId(const BucketRecord& bucket, std::string_view version_id,
                  boost::json::object* out);

// x-amz-copy-source ("bucket/key" or "/bucket/key", URL-encoded, maybe "?versionId=...").
struct CopySource {
  std::string bucket;
  std::string key;
  std::optional<std::string> version_id;
};
CopySource ParseCopySource(std::string_view source);

// The x-amz-copy-source-if-* conditions of a copy against its source; PreconditionFailed (412).
void CheckCopySourceConditions(const boost::json::object& in, const ObjectRecord& source);

}  // namespace nimbus::s3::internal
