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
};

// An object's metadata; its body is the file `file` in the ObjectFiles folder.
struct ObjectRecord {
  std::string bucket;
  std::string key;
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

// A multipart upload in progress: what CreateMultipartUpload was given for the object.
struct UploadRecord {
  std::string upload_id;
  std::string bucket;
  std::string key;
  int64_t initiated_millis = 0;
  std::string headers = "{}";
  std::string metadata = "{}";
  std::string tags = "[]";
};

// One uploaded part; its body is the file `file`.
struct PartRecord {
  std::string upload_id;
  int64_t part_number = 0;
  int64_t size = 0;
  std::string etag;
  int64_t modified_millis = 0;
  std::string file;
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
  bool HasObjects(store::Transaction& tx, std::string_view bucket) const;

  std::optional<ObjectRecord> FindObject(store::Transaction& tx, std::string_view bucket,
                                         std::string_view key) const;
  // Inserts or replaces the object of that bucket and key.
  void PutObject(store::Transaction& tx, const ObjectRecord& object);
  void DeleteObject(store::Transaction& tx, std::string_view bucket, std::string_view key);
  void SetTags(store::Transaction& tx, std::string_view bucket, std::string_view key,
               std::string_view tags_json);
  // Hands the objects of `bucket` whose key starts with `prefix` and sorts after `after`, in key
  // (UTF-8 byte) order, to `visit` until it returns false.
  void ScanObjects(store::Transaction& tx, std::string_view bucket, std::string_view prefix,
                   std::string_view after,
                   const std::function<bool(const ObjectRecord&)>& visit) const;

  std::optional<UploadRecord> FindUpload(store::Transaction& tx, std::string_view upload_id) const;
  void InsertUpload(store::Transaction& tx, const UploadRecord& upload);
  // Deletes the upload and its parts' rows (their files are the caller's to remove).
  void DeleteUpload(store::Transaction& tx, std::string_view upload_id);
  // Inserts or replaces the part; returns the part it replaced, whose file is to be removed.
  std::optional<PartRecord> PutPart(store::Transaction& tx, const PartRecord& part);
  // The upload's parts by part number.
  std::vector<PartRecord> Parts(store::Transaction& tx, std::string_view upload_id) const;

 private:
  store::Schema schema_;
};

}  // namespace nimbus::s3
