#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace nimbus::s3 {

// A bucket. Bucket names are global: one name across every account and region.
struct BucketRecord {
  std::string name;
  std::string account;
  std::string region;
  int64_t created_millis = 0;
  // "" while versioning was never configured, then "Enabled" or "Suspended"; MfaDelete as last
  // configured ("" if never).
  std::string versioning = "";
  std::string mfa_delete = "";
};

// A version of an object (a bucket never versioned keeps one, the "null" version, per key): its
// metadata, and its body in the file `file` of the ObjectFiles folder. A delete marker is a
// version without a body (file "").
struct ObjectRecord {
  std::string bucket;
  std::string key;
  std::string version_id = "null";
  bool delete_marker = false;
  // Set by the store: whether this is the key's newest version, and its place among the key's
  // versions (smaller is newer).
  bool latest = true;
  int64_t ordinal = 0;
  int64_t size = 0;
  std::string etag;  // with its quotes: "\"9b2c...\""
  int64_t modified_millis = 0;
  std::string file;
  // JSON objects of the model's member names: the stored headers (ContentType, CacheControl, ...),
  // the user metadata (x-amz-meta-*, keys lower case), and the checksums (ChecksumCRC32, ...).
  std::string headers = "{}";
  std::string metadata = "{}";
  std::string checksums = "{}";
  // JSON array of {"Key", "Value"}.
  std::string tags = "[]";
};

// What a listing shows of an object (ListObjects, ListObjectsV2): views into the store's row,
// valid only while the visitor that receives it runs.
struct ListedObject {
  std::string_view key;
  int64_t size = 0;
  std::string_view etag;
  int64_t modified_millis = 0;
  std::string_view headers;    // as ObjectRecord::headers
  std::string_view checksums;  // as ObjectRecord::checksums
};

// A multipart upload in progress: what CreateMultipartUpload was given for the object.
struct UploadRecord {
  std::string upload_id;
  std::string bucket;
  std::string key;
  int64_t initiated_millis = 0;
  std::string headers = "{}";
  std::string metadata = "{}";
  std::string tags = "[]";
  // The object's checksum announced by CreateMultipartUpload: the model's ChecksumAlgorithm
  // ("CRC32") and ChecksumType ("COMPOSITE" or "FULL_OBJECT"); both "" without one.
  std::string checksum_algorithm = "";
  std::string checksum_type = "";
};

// One uploaded part; its body is the file `file`. Its MD5 is its ETag and its checksums are kept
// with it, so that completing the upload needs no second pass over the parts' bytes.
struct PartRecord {
  std::string upload_id;
  int64_t part_number = 0;
  int64_t size = 0;
  std::string etag;
  int64_t modified_millis = 0;
  std::string file;
  // JSON object of the checksum members UploadPart kept ({"ChecksumCRC32": "..."}).
  std::string checksums = "{}";
};

// S3's SQL: buckets, the metadata of their objects, and multipart uploads with their parts.
class S3Store {
 public:
  explicit S3Store(store::Database& db);

  store::Transaction Begin() const { return schema_.Begin(); }
  store::Transaction Read() const { return schema_.Read(); }

  std::optional<BucketRecord> FindBucket(store::Transaction& tx, std::string_view name) const;
  void InsertBucket(store::Transaction& tx, const BucketRecord& bucket);
  void DeleteBucket(store::Transaction& tx, std::string_view name);
  // The buckets of `account`, by name.
  std::vector<BucketRecord> ListBuckets(store::Transaction& tx, std::string_view account) const;
  void SetVersioning(store::Transaction& tx, std::string_view name, std::string_view status,
                     std::string_view mfa_delete);
  // Whether the bucket holds any object version or delete marker.
  bool HasObjects(store::Transaction& tx, std::string_view bucket) const;

  // The key's newest version (which may be a delete marker), or nullopt if it has none.
  std::optional<ObjectRecord> FindObject(store::Transaction& tx, std::string_view bucket,
                                         std::string_view key) const;
  // The version `version_id` of the key, or nullopt.
  std::optional<ObjectRecord> FindVersion(store::Transaction& tx, std::string_view bucket,
                                          std::string_view key, std::string_view version_id) const;
  // Adds `object` as the newest version of its key. A version of the same id (the "null" version
  // of a bucket not versioning) is replaced: it is returned, its file is the caller's to remove.
  std::optional<ObjectRecord> PutObject(store::Transaction& tx, const ObjectRecord& object);
  // Removes that version for good (the next newer one becomes the latest); returns it, or
  // nullopt if there was none.
  std::optional<ObjectRecord> DeleteVersion(store::Transaction& tx, std::string_view bucket,
                                            std::string_view key, std::string_view version_id);
  void SetTags(store::Transaction& tx, std::string_view bucket, std::string_view key,
               std::string_view version_id, std::string_view tags_json);
  // Hands the latest versions that are not delete markers, of the keys of `bucket` that start
  // with `prefix` and sort after `after`, in key (UTF-8 byte) order, to `visit` until it returns
  // false. Only the columns a listing shows are read, in one statement stepped no further than
  // the visitor wants.
  void ScanObjects(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                   std::string_view after,
                   const std::function<bool(const ListedObject&)>& visit) const;
  // Hands every version and delete marker of the keys that start with `prefix`, keys ascending
  // and newest version first, to `visit` until it returns false; starting after the key
  // `after_key`'s version of ordinal `after_ordinal` (INT64_MAX: after all of that key).
  void ScanVersions(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                    std::string_view after_key, int64_t after_ordinal,
                    const std::function<bool(const ObjectRecord&)>& visit) const;

  std::optional<UploadRecord> FindUpload(store::Transaction& tx, std::string_view upload_id) const;
  void InsertUpload(store::Transaction& tx, const UploadRecord& upload);
  // Deletes the upload and its parts' rows (their files are the caller's to remove).
  void DeleteUpload(store::Transaction& tx, std::string_view upload_id);
  // Inserts or replaces the part; returns the part it replaced, whose file is to be removed.
  std::optional<PartRecord> PutPart(store::Transaction& tx, const PartRecord& part);
  // Hands the uploads of `bucket` whose key starts with `prefix`, by key and then upload id, to
  // `visit` until it returns false; starting after key `after_key` (its uploads included when
  // `after_upload_id` is not empty, those of a greater upload id).
  void ScanUploads(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                   std::string_view after_key, std::string_view after_upload_id,
                   const std::function<bool(const UploadRecord&)>& visit) const;
  // The upload's parts by part number.
  std::vector<PartRecord> Parts(store::Transaction& tx, std::string_view upload_id) const;

 private:
  store::Schema schema_;
};

}  // namespace nimbus::s3
