#include "services/s3/s3_provider.h"

#include <set>

#include "core/protocol/query.h"
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
                                        std::string_view key) const {
  std::optional<ObjectRecord> object = store_.FindObject(tx, bucket, key);
  if (!object) throw internal::NoSuchKey(key);
  return std::move(*object);
}

}  // namespace nimbus::s3
