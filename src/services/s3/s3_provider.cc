#include "services/s3/s3_provider.h"

#include <set>

#include "core/protocol/query.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_internal.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;

namespace internal {

AwsError NoSuchBucket(std::string_view bucket) {
  return AwsError("NoSuchBucket", "The specified bucket does not exist")
      .With("BucketName", json::string(bucket));
}

AwsError NoSuchKey(std::string_view key) {
  return AwsError("NoSuchKey", "The specified key does not exist.").With("Key", json::string(key));
}

std::string CanonicalUserId(std::string_view account) {
  return core::HexEncode(Sha256("nimbus-s3-owner:" + std::string(account)));
}

json::object Owner(std::string_view account) {
  return json::object{{"ID", CanonicalUserId(account)}};
}

void CheckTags(const json::array& tags) {
  if (tags.size() > 10) throw AwsError("InvalidTag", "Object tags cannot be greater than 10");
  std::set<std::string> keys;
  for (const json::value& tag : tags) {
    const json::object& t = tag.as_object();
    const std::string key = t.contains("Key") ? std::string(t.at("Key").as_string()) : "";
    const std::string value = t.contains("Value") ? std::string(t.at("Value").as_string()) : "";
    if (key.empty() || key.size() > 128) {
      throw AwsError("InvalidTag", "The TagKey you have provided is invalid");
    }
    if (value.size() > 256) {
      throw AwsError("InvalidTag", "The TagValue you have provided is too long, max 256");
    }
    if (!keys.insert(key).second) {
      throw AwsError("InvalidTag", "Cannot provide multiple Tags with the same key");
    }
  }
}

json::array TagsFromHeader(std::string_view header) {
  core::protocol::QueryParams params;
  if (!core::protocol::ParseQueryString(header, &params)) {
    throw AwsError("InvalidArgument",
                   "The header 'x-amz-tagging' shall be encoded as UTF-8 then "
                   "URLEncoded URL query parameters without tag name duplicates.");
  }
  json::array tags;
  for (const auto& [key, value] : params)
    tags.push_back(json::object{{"Key", key}, {"Value", value}});
  CheckTags(tags);
  return tags;
}

// The characters of the version ids nimbus makes, all URL-safe as S3's are.
constexpr std::string_view kVersionIdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

bool ValidVersionId(std::string_view version_id) {
  if (version_id == "null") return true;
  if (version_id.size() != 32) return false;
  return version_id.find_first_not_of(kVersionIdAlphabet) == std::string_view::npos;
}

void SetVersionId(const BucketRecord& bucket, std::string_view version_id, json::object* out) {
  if (!bucket.versioning.empty()) (*out)["VersionId"] = json::string(version_id);
}

}  // namespace internal

S3Provider::S3Provider(const Runtime& rt)
    : store_(rt.db), configs_(rt.db), files_(rt.options.data_dir), ids_(rt.ids) {
  Register("CreateBucket", &S3Provider::CreateBucket);
  Register("HeadBucket", &S3Provider::HeadBucket);
  Register("DeleteBucket", &S3Provider::DeleteBucket);
  Register("ListBuckets", &S3Provider::ListBuckets);
  Register("GetBucketLocation", &S3Provider::GetBucketLocation);
  Register("PutObject", &S3Provider::PutObject);
  Register("GetObject", &S3Provider::GetObject);
  Register("HeadObject", &S3Provider::HeadObject);
  Register("DeleteObject", &S3Provider::DeleteObject);
  Register("DeleteObjects", &S3Provider::DeleteObjects);
  Register("CopyObject", &S3Provider::CopyObject);
  Register("GetObjectTagging", &S3Provider::GetObjectTagging);
  Register("PutObjectTagging", &S3Provider::PutObjectTagging);
  Register("DeleteObjectTagging", &S3Provider::DeleteObjectTagging);
  Register("CreateMultipartUpload", &S3Provider::CreateMultipartUpload);
  Register("UploadPart", &S3Provider::UploadPart);
  Register("CompleteMultipartUpload", &S3Provider::CompleteMultipartUpload);
  Register("AbortMultipartUpload", &S3Provider::AbortMultipartUpload);
  Register("ListParts", &S3Provider::ListParts);
  Register("ListMultipartUploads", &S3Provider::ListMultipartUploads);
  Register("UploadPartCopy", &S3Provider::UploadPartCopy);
  Register("PutBucketVersioning", &S3Provider::PutBucketVersioning);
  Register("GetBucketVersioning", &S3Provider::GetBucketVersioning);
  Register("ListObjectVersions", &S3Provider::ListObjectVersions);
  Register("ListObjects", &S3Provider::ListObjects);
  Register("ListObjectsV2", &S3Provider::ListObjectsV2);
  Register("PutBucketPolicy", &S3Provider::PutBucketPolicy);
  Register("GetBucketPolicy", &S3Provider::GetBucketPolicy);
  Register("DeleteBucketPolicy", &S3Provider::DeleteBucketPolicy);
  Register("GetBucketPolicyStatus", &S3Provider::GetBucketPolicyStatus);
  Register("PutBucketTagging", &S3Provider::PutBucketTagging);
  Register("GetBucketTagging", &S3Provider::GetBucketTagging);
  Register("DeleteBucketTagging", &S3Provider::DeleteBucketTagging);
  Register("PutBucketEncryption", &S3Provider::PutBucketEncryption);
  Register("GetBucketEncryption", &S3Provider::GetBucketEncryption);
  Register("DeleteBucketEncryption", &S3Provider::DeleteBucketEncryption);
  Register("PutPublicAccessBlock", &S3Provider::PutPublicAccessBlock);
  Register("GetPublicAccessBlock", &S3Provider::GetPublicAccessBlock);
  Register("DeletePublicAccessBlock", &S3Provider::DeletePublicAccessBlock);
  Register("PutBucketOwnershipControls", &S3Provider::PutBucketOwnershipControls);
  Register("GetBucketOwnershipControls", &S3Provider::GetBucketOwnershipControls);
  Register("DeleteBucketOwnershipControls", &S3Provider::DeleteBucketOwnershipControls);
  Register("PutBucketAcl", &S3Provider::PutBucketAcl);
  Register("GetBucketAcl", &S3Provider::GetBucketAcl);
  Register("GetObjectAcl", &S3Provider::GetObjectAcl);
  Register("PutBucketAccelerateConfiguration", &S3Provider::PutBucketAccelerateConfiguration);
  Register("GetBucketAccelerateConfiguration", &S3Provider::GetBucketAccelerateConfiguration);
  Register("PutBucketRequestPayment", &S3Provider::PutBucketRequestPayment);
  Register("GetBucketRequestPayment", &S3Provider::GetBucketRequestPayment);
  Register("PutBucketLogging", &S3Provider::PutBucketLogging);
  Register("GetBucketLogging", &S3Provider::GetBucketLogging);
  Register("GetBucketReplication", &S3Provider::GetBucketReplication);
  Register("GetObjectLockConfiguration", &S3Provider::GetObjectLockConfiguration);
  Register("PutBucketNotificationConfiguration", &S3Provider::PutBucketNotificationConfiguration);
  Register("GetBucketNotificationConfiguration", &S3Provider::GetBucketNotificationConfiguration);
  Register("PutBucketCors", &S3Provider::PutBucketCors);
  Register("GetBucketCors", &S3Provider::GetBucketCors);
  Register("DeleteBucketCors", &S3Provider::DeleteBucketCors);
  Register("PutBucketLifecycleConfiguration", &S3Provider::PutBucketLifecycleConfiguration);
  Register("GetBucketLifecycleConfiguration", &S3Provider::GetBucketLifecycleConfiguration);
  Register("DeleteBucketLifecycle", &S3Provider::DeleteBucketLifecycle);
  Register("PutBucketWebsite", &S3Provider::PutBucketWebsite);
  Register("GetBucketWebsite", &S3Provider::GetBucketWebsite);
  Register("DeleteBucketWebsite", &S3Provider::DeleteBucketWebsite);
}

BucketRecord S3Provider::OwnedBucket(store::Transaction& tx, const RequestContext& ctx,
                                     std::string_view name) const {
  std::optional<BucketRecord> bucket = store_.FindBucket(tx, name);
  if (!bucket) throw internal::NoSuchBucket(name);
  if (bucket->account != ctx.scope.account) throw AwsError("AccessDenied", "Access Denied");
  return std::move(*bucket);
}

ObjectRecord S3Provider::ExistingObject(store::Transaction& tx, std::string_view bucket,
                                        std::string_view key,
                                        const std::optional<std::string>& version_id) const {
  if (!version_id) {
    std::optional<ObjectRecord> object = store_.FindObject(tx, bucket, key);
    if (!object) throw internal::NoSuchKey(key);
    if (object->delete_marker) {
      throw internal::NoSuchKey(key)
          .With("DeleteMarker", true)
          .With("VersionId", json::string(object->version_id));
    }
    return std::move(*object);
  }
  if (!internal::ValidVersionId(*version_id)) {
    throw AwsError("InvalidArgument", "Invalid version id specified")
        .With("ArgumentName", "versionId")
        .With("ArgumentValue", json::string(*version_id));
  }
  std::optional<ObjectRecord> object = store_.FindVersion(tx, bucket, key, *version_id);
  if (!object) {
    throw AwsError("NoSuchVersion", "The specified version does not exist.")
        .With("Key", json::string(key))
        .With("VersionId", json::string(*version_id));
  }
  if (object->delete_marker) {
    throw AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.")
        .With("ResourceType", "DeleteMarker")
        .With("DeleteMarker", true)
        .With("VersionId", json::string(*version_id))
        .With("Allow", "DELETE");
  }
  return std::move(*object);
}

std::pair<BucketRecord, ObjectRecord> S3Provider::CopySourceObject(store::Transaction& tx,
                                                                   const RequestContext& ctx,
                                                                   const json::object& in) const {
  const internal::CopySource source =
      internal::ParseCopySource(core::protocol::RequiredString(in, "CopySource"));
  BucketRecord bucket = OwnedBucket(tx, ctx, source.bucket);
  if (source.version_id && internal::ValidVersionId(*source.version_id)) {
    const std::optional<ObjectRecord> version =
        store_.FindVersion(tx, source.bucket, source.key, *source.version_id);
    if (version && version->delete_marker) {
      throw AwsError("InvalidRequest",
                     "The source of a copy request may not specifically refer to a delete marker "
                     "by version id.");
    }
  }
  ObjectRecord object = ExistingObject(tx, source.bucket, source.key, source.version_id);
  internal::CheckCopySourceConditions(in, object);
  return {std::move(bucket), std::move(object)};
}

std::string S3Provider::NewVersionId(const BucketRecord& bucket) {
  if (bucket.versioning != "Enabled") return "null";
  return ids_.Random(32, internal::kVersionIdAlphabet);
}

S3Provider::Deletion S3Provider::Delete(store::Transaction& tx, const RequestContext& ctx,
                                        const BucketRecord& bucket, std::string_view key,
                                        const std::optional<std::string>& version_id,
                                        std::vector<std::string>* files) {
  if (version_id) {
    if (!internal::ValidVersionId(*version_id)) {
      throw AwsError("InvalidArgument", "Invalid version id specified")
          .With("ArgumentName", "versionId")
          .With("ArgumentValue", json::string(*version_id));
    }
    // A version that is not there is no error, as in S3.
    const std::optional<ObjectRecord> removed =
        store_.DeleteVersion(tx, bucket.name, key, *version_id);
    if (removed && !removed->file.empty()) files->push_back(removed->file);
    return {.version_id = *version_id, .delete_marker = removed && removed->delete_marker};
  }
  if (bucket.versioning.empty()) {
    const std::optional<ObjectRecord> removed = store_.DeleteVersion(tx, bucket.name, key, "null");
    if (removed && !removed->file.empty()) files->push_back(removed->file);
    return {};
  }
  // Versioning on (or suspended): the key gets a delete marker as its newest version (the null
  // one while suspended, which replaces the null version).
  ObjectRecord marker;
  marker.bucket = bucket.name;
  marker.key = std::string(key);
  marker.version_id = NewVersionId(bucket);
  marker.delete_marker = true;
  marker.modified_millis = ctx.now_millis - ctx.now_millis % 1000;
  const std::optional<ObjectRecord> replaced = store_.PutObject(tx, marker);
  if (replaced && !replaced->file.empty()) files->push_back(replaced->file);
  return {.version_id = marker.version_id, .delete_marker = true};
}

}  // namespace nimbus::s3
