#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/ids.h"
#include "core/service.h"
#include "services/runtime.h"
#include "services/s3/object_files.h"
#include "services/s3/s3_config_store.h"
#include "services/s3/s3_internal.h"
#include "services/s3/s3_store.h"

namespace nimbus::s3 {

// Amazon S3: buckets (one global namespace across accounts and regions) and objects, whose
// bodies are files (ObjectFiles) and whose metadata is in the database (S3Store). Operations of
// the model without a handler here answer NotImplemented.
class S3Provider final : public core::Service {
 public:
  // Bodies go under rt.options.data_dir, or a temporary folder in memory mode (ObjectFiles).
  explicit S3Provider(const Runtime& rt);
  std::string_view Name() const override { return "s3"; }
  // Object bodies are spooled beside the stored ones, so that PutObject renames them into place.
  std::string SpoolDir() const override { return files_.dir().string(); }
  // Its MD5 and checksums computed as it arrives (s3_body.cc).
  std::shared_ptr<core::BodyObserver> SpoolObserver(const core::HttpRequest& head) const override;

  // s3_buckets.cc
  boost::json::value CreateBucket(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value HeadBucket(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteBucket(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListBuckets(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetBucketLocation(const core::RequestContext& ctx,
                                       const boost::json::object& in);

  // s3_objects.cc
  boost::json::value PutObject(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetObject(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value HeadObject(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteObject(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteObjects(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CopyObject(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetObjectTagging(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value PutObjectTagging(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DeleteObjectTagging(const core::RequestContext& ctx,
                                         const boost::json::object& in);

  // s3_multipart.cc
  boost::json::value CreateMultipartUpload(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value UploadPart(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CompleteMultipartUpload(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value AbortMultipartUpload(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value ListParts(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListMultipartUploads(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value UploadPartCopy(const core::RequestContext& ctx, const boost::json::object& in);

  // s3_versioning.cc
  boost::json::value PutBucketVersioning(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value GetBucketVersioning(const core::RequestContext& ctx,
                                         const boost::json::object& in);

  // s3_listing.cc
  boost::json::value ListObjects(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListObjectsV2(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListObjectVersions(const core::RequestContext& ctx,
                                        const boost::json::object& in);

  // s3_bucket_config.cc
  boost::json::value PutBucketPolicy(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value GetBucketPolicy(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value DeleteBucketPolicy(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value GetBucketPolicyStatus(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value PutBucketTagging(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetBucketTagging(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DeleteBucketTagging(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value PutBucketEncryption(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value GetBucketEncryption(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DeleteBucketEncryption(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value PutPublicAccessBlock(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value GetPublicAccessBlock(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DeletePublicAccessBlock(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value PutBucketOwnershipControls(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value GetBucketOwnershipControls(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value DeleteBucketOwnershipControls(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value PutBucketAcl(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetBucketAcl(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetObjectAcl(const core::RequestContext& ctx, const boost::json::object& in);

  // s3_bucket_settings.cc
  boost::json::value PutBucketAccelerateConfiguration(const core::RequestContext& ctx,
                                                      const boost::json::object& in);
  boost::json::value GetBucketAccelerateConfiguration(const core::RequestContext& ctx,
                                                      const boost::json::object& in);
  boost::json::value PutBucketRequestPayment(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value GetBucketRequestPayment(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value PutBucketLogging(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetBucketLogging(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetBucketReplication(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value GetObjectLockConfiguration(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value PutBucketNotificationConfiguration(const core::RequestContext& ctx,
                                                        const boost::json::object& in);
  boost::json::value GetBucketNotificationConfiguration(const core::RequestContext& ctx,
                                                        const boost::json::object& in);

  // s3_bucket_rules.cc
  boost::json::value PutBucketCors(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetBucketCors(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteBucketCors(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value PutBucketLifecycleConfiguration(const core::RequestContext& ctx,
                                                     const boost::json::object& in);
  boost::json::value GetBucketLifecycleConfiguration(const core::RequestContext& ctx,
                                                     const boost::json::object& in);
  boost::json::value DeleteBucketLifecycle(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value PutBucketWebsite(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value GetBucketWebsite(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value DeleteBucketWebsite(const core::RequestContext& ctx,
                                         const boost::json::object& in);

 private:
  // The bucket `name` of the caller's account. Throws NoSuchBucket if there is none, and
  // AccessDenied if it is another account's (nimbus has no bucket policies yet).
  BucketRecord OwnedBucket(store::Transaction& tx, const core::RequestContext& ctx,
                           std::string_view name) const;
  // The key's latest version, or NoSuchKey (with DeleteMarker when that version is a delete
  // marker); with `version_id`, that version: InvalidArgument for an id S3 would not have made,
  // NoSuchVersion, or MethodNotAllowed for a delete marker.
  ObjectRecord ExistingObject(store::Transaction& tx, std::string_view bucket, std::string_view key,
                              const std::optional<std::string>& version_id = std::nullopt) const;
  // The object a CopyObject or UploadPartCopy request copies (x-amz-copy-source, its versionId
  // and the x-amz-copy-source-if-* conditions), and its bucket.
  std::pair<BucketRecord, ObjectRecord> CopySourceObject(store::Transaction& tx,
                                                         const core::RequestContext& ctx,
                                                         const boost::json::object& in) const;
  // The id of a new version written to `bucket`: a new one while versioning is enabled, else
  // "null".
  std::string NewVersionId(const BucketRecord& bucket);
  // What deleting `key` (or its version `version_id`) did: the version made or removed, and
  // whether it is a delete marker. The removed version's body file goes to `files`.
  struct Deletion {
    std::optional<std::string> version_id;
    bool delete_marker = false;
  };
  Deletion Delete(store::Transaction& tx, const core::RequestContext& ctx,
                  const BucketRecord& bucket, std::string_view key,
                  const std::optional<std::string>& version_id, std::vector<std::string>* files);
  // The upload of that bucket and key, or NoSuchUpload.
  UploadRecord ExistingUpload(store::Transaction& tx, std::string_view bucket, std::string_view key,
                              std::string_view upload_id) const;
  // GetObject and HeadObject: the answer for the object in `in` (conditions, range), with the
  // body when `with_body`.
  boost::json::object ReadObject(const core::RequestContext& ctx, const boost::json::object& in,
                                 bool with_body);
  // The stored configuration document of `kind` of the caller's bucket named in `in`
  // (OwnedBucket's errors), or nullopt if none was put.
  std::optional<std::string> Config(const core::RequestContext& ctx, const boost::json::object& in,
                                    std::string_view kind);
  // Puts (or, for nullopt, deletes) the document of `kind` of the caller's bucket named in `in`.
  void SetConfig(const core::RequestContext& ctx, const boost::json::object& in,
                 std::string_view kind, const std::optional<std::string>& document);

  // Keeps a PutObject's or UploadPart's body as the body file `name`.
  void StoreBody(const internal::ReceivedBody& body, std::string_view name);
  // GetObject's body: for an HTTP request the file itself (ctx.response_file), sent in pieces by
  // the server; for an in-process call the bytes, in (*out)["Body"].
  void SendBody(const core::RequestContext& ctx, std::string_view name, int64_t offset,
                int64_t length, boost::json::object* out) const;

  S3Store store_;
  S3ConfigStore configs_;  // the buckets' configuration documents (s3_bucket_config.cc)
  ObjectFiles files_;
  core::IdGenerator& ids_;
};

}  // namespace nimbus::s3
