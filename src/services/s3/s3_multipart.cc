// Multipart uploads: create, upload parts (or copy them from objects), complete (the multipart
// ETag), abort, list parts and uploads.
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_internal.h"
#include "services/s3/s3_provider.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::IntOr;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

// Every part but the last must have at least this many bytes.
constexpr int64_t kMinPartSize = 5 * 1024 * 1024;

std::string Unquoted(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

// "5d41..." -> the bytes it spells (a part's ETag is the hex of its MD5).
std::string BytesOfHex(std::string_view hex) {
  const auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

// PartNumber of UploadPart and UploadPartCopy: 1 to 10000.
int64_t PartNumberOf(const json::object& in) {
  const int64_t part_number = IntOr(in, "PartNumber", 0);
  if (part_number < 1 || part_number > 10000) {
    throw AwsError("InvalidArgument",
                   "Part number must be an integer between 1 and 10000, "
                   "inclusive")
        .With("ArgumentName", "partNumber")
        .With("ArgumentValue", json::string(std::to_string(part_number)));
  }
  return part_number;
}

struct CopyRange {
  int64_t first = 0;
  int64_t length = 0;
};

// x-amz-copy-source-range, "bytes=first-last" inside an object of `size` bytes (the whole object
// without one). Unlike GetObject's Range, S3 refuses any other form, and a range outside the
// object.
CopyRange CopyRangeOf(const json::object& in, int64_t size) {
  const std::optional<std::string> header = OptString(in, "CopySourceRange");
  if (!header) return {0, size};
  const auto malformed = [&] {
    return AwsError("InvalidArgument",
                    "The x-amz-copy-source-range value must be of the form bytes=first-last "
                    "where first and last are the zero-based offsets of the first and last bytes "
                    "to copy")
        .With("ArgumentName", "x-amz-copy-source-range")
        .With("ArgumentValue", json::string(*header));
  };
  if (!core::StartsWith(*header, "bytes=")) throw malformed();
  const std::string_view spec = std::string_view(*header).substr(6);
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) throw malformed();
  const auto number = [](std::string_view text, int64_t* out) {
    if (text.empty() || text.size() > 18) return false;
    *out = 0;
    for (const char c : text) {
      if (c < '0' || c > '9') return false;
      *out = *out * 10 + (c - '0');
    }
    return true;
  };
  int64_t first = 0;
  int64_t last = 0;
  if (!number(spec.substr(0, dash), &first) || !number(spec.substr(dash + 1), &last) ||
      last < first) {
    throw malformed();
  }
  if (last >= size) {
    throw AwsError("InvalidArgument", "Range specified is not valid for source object of size: " +
                                          std::to_string(size))
        .With("ArgumentName", "x-amz-copy-source-range")
        .With("ArgumentValue", json::string(*header));
  }
  return {first, last - first + 1};
}

}  // namespace

UploadRecord S3Provider::ExistingUpload(store::Transaction& tx, std::string_view bucket,
                                        std::string_view key, std::string_view upload_id) const {
  std::optional<UploadRecord> upload = store_.FindUpload(tx, upload_id);
  if (!upload || upload->bucket != bucket || upload->key != key) {
    throw AwsError("NoSuchUpload",
                   "The specified upload does not exist. The upload ID may be invalid, or the "
                   "upload may have been aborted or completed.")
        .With("UploadId", json::string(upload_id));
  }
  return std::move(*upload);
}

json::value S3Provider::CreateMultipartUpload(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::optional<std::string> tagging = OptString(in, "Tagging");
  const json::array tags = tagging ? internal::TagsFromHeader(*tagging) : json::array{};
  const json::object headers = internal::StoredHeaders(in);
  UploadRecord upload{.upload_id = core::HexEncode(Md5(ids_.Uuid())) + ids_.LowerAlnum(32),
                      .bucket = bucket,
                      .key = key,
                      .initiated_millis = ctx.now_millis,
                      .headers = json::serialize(headers),
                      .metadata = json::serialize(internal::StoredMetadata(in)),
                      .tags = json::serialize(tags)};
  store::Transaction tx = store_.Begin();
  OwnedBucket(tx, ctx, bucket);
  store_.InsertUpload(tx, upload);
  tx.Commit();
  return json::object{{"Bucket", bucket},
                      {"Key", key},
                      {"UploadId", upload.upload_id},
                      {"ServerSideEncryption", headers.at("ServerSideEncryption")}};
}

json::value S3Provider::UploadPart(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::string upload_id = RequiredString(in, "UploadId");
  const int64_t part_number = PartNumberOf(in);
  const internal::ReceivedBody body = internal::ReceiveBody(ctx, in);
  json::object out = internal::CheckedChecksums(in, body.digests);
  {
    store::Transaction tx = store_.Read();
    OwnedBucket(tx, ctx, bucket);
    ExistingUpload(tx, bucket, key, upload_id);
  }
  PartRecord part{.upload_id = upload_id,
                  .part_number = part_number,
                  .size = body.size,
                  .etag = "\"" + core::HexEncode(body.digests.md5()) + "\"",
                  .modified_millis = ctx.now_millis - ctx.now_millis % 1000,
                  .file = ids_.Uuid()};
  StoreBody(body, part.file);
  std::optional<PartRecord> replaced;
  try {
    store::Transaction tx = store_.Begin();
    ExistingUpload(tx, bucket, key, upload_id);
    replaced = store_.PutPart(tx, part);
    tx.Commit();
  } catch (...) {
    files_.Remove(part.file);
    throw;
  }
  if (replaced) files_.Remove(replaced->file);
  out["ETag"] = part.etag;
  return out;
}

json::value S3Provider::UploadPartCopy(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::string upload_id = RequiredString(in, "UploadId");
  const int64_t part_number = PartNumberOf(in);
  store::Transaction tx = store_.Begin();
  OwnedBucket(tx, ctx, bucket);
  const UploadRecord upload = ExistingUpload(tx, bucket, key, upload_id);
  const auto [source_owner, source] = CopySourceObject(tx, ctx, in);
  const CopyRange range = CopyRangeOf(in, source.size);
  const std::string bytes = files_.Read(source.file, range.first, range.length);
  PartRecord part{.upload_id = upload_id,
                  .part_number = part_number,
                  .size = range.length,
                  .etag = "\"" + core::HexEncode(Md5(bytes)) + "\"",
                  .modified_millis = ctx.now_millis - ctx.now_millis % 1000,
                  .file = ids_.Uuid()};
  files_.Write(part.file, bytes);
  std::optional<PartRecord> replaced;
  try {
    replaced = store_.PutPart(tx, part);
    tx.Commit();
  } catch (...) {
    files_.Remove(part.file);
    throw;
  }
  if (replaced) files_.Remove(replaced->file);
  json::object out{
      {"CopyPartResult", json::object{{"ETag", part.etag},
                                      {"LastModified", core::EpochSeconds(part.modified_millis)}}},
      {"ServerSideEncryption", json::parse(upload.headers).as_object().at("ServerSideEncryption")}};
  if (!source_owner.versioning.empty()) out["CopySourceVersionId"] = source.version_id;
  return out;
}

json::value S3Provider::CompleteMultipartUpload(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::string upload_id = RequiredString(in, "UploadId");
  const json::object* request = core::protocol::OptObject(in, "MultipartUpload");
  const json::array* requested = request ? core::protocol::OptArray(*request, "Parts") : nullptr;
  if (!requested || requested->empty()) {
    throw AwsError("MalformedXML",
                   "The XML you provided was not well-formed or did not validate "
                   "against our published schema");
  }
  store::Transaction tx = store_.Begin();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  const UploadRecord upload = ExistingUpload(tx, bucket, key, upload_id);
  std::map<int64_t, PartRecord> stored;
  for (PartRecord& part : store_.Parts(tx, upload_id)) stored[part.part_number] = std::move(part);
  std::vector<std::string> files;
  std::string digests;
  int64_t size = 0;
  // The order of the whole list is checked before any part.
  int64_t previous = 0;
  for (const json::value& item : *requested) {
    const int64_t number = IntOr(item.as_object(), "PartNumber", 0);
    if (number <= previous) {
      throw AwsError("InvalidPartOrder",
                     "The list of parts was not in ascending order. The "
                     "parts list must be specified in order by part number.");
    }
    previous = number;
  }
  for (size_t i = 0; i < requested->size(); ++i) {
    const json::object& item = (*requested)[i].as_object();
    const int64_t number = IntOr(item, "PartNumber", 0);
    auto it = stored.find(number);
    if (it == stored.end() ||
        Unquoted(OptString(item, "ETag").value_or("")) != Unquoted(it->second.etag)) {
      throw AwsError("InvalidPart",
                     "One or more of the specified parts could not be found.  The "
                     "part may not have been uploaded, or the specified entity tag "
                     "may not match the part's entity tag.");
    }
    if (i + 1 < requested->size() && it->second.size < kMinPartSize) {
      throw AwsError("EntityTooSmall",
                     "Your proposed upload is smaller than the minimum allowed size");
    }
    digests += BytesOfHex(Unquoted(it->second.etag));
    files.push_back(it->second.file);
    size += it->second.size;
  }
  // S3's multipart ETag: the MD5 of the parts' binary MD5s, then "-" and the number of parts.
  ObjectRecord object{
      .bucket = bucket,
      .key = key,
      .version_id = NewVersionId(owner),
      .size = size,
      .etag = "\"" + core::HexEncode(Md5(digests)) + "-" + std::to_string(requested->size()) + "\"",
      .modified_millis = ctx.now_millis - ctx.now_millis % 1000,
      .file = ids_.Uuid(),
      .headers = upload.headers,
      .metadata = upload.metadata,
      .checksums = "{}",
      .tags = upload.tags};
  files_.Join(files, object.file);
  std::optional<ObjectRecord> replaced;
  try {
    replaced = store_.PutObject(tx, object);
    store_.DeleteUpload(tx, upload_id);
    tx.Commit();
  } catch (...) {
    files_.Remove(object.file);
    throw;
  }
  for (const auto& [number, part] : stored) files_.Remove(part.file);
  if (replaced && !replaced->file.empty()) files_.Remove(replaced->file);
  json::object out{
      {"Location", "/" + bucket + "/" + core::UriEncode(key, true)},
      {"Bucket", bucket},
      {"Key", key},
      {"ETag", object.etag},
      {"ServerSideEncryption", json::parse(upload.headers).as_object().at("ServerSideEncryption")}};
  internal::SetVersionId(owner, object.version_id, &out);
  return out;
}

json::value S3Provider::AbortMultipartUpload(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::string upload_id = RequiredString(in, "UploadId");
  store::Transaction tx = store_.Begin();
  OwnedBucket(tx, ctx, bucket);
  ExistingUpload(tx, bucket, key, upload_id);
  const std::vector<PartRecord> parts = store_.Parts(tx, upload_id);
  store_.DeleteUpload(tx, upload_id);
  tx.Commit();
  for (const PartRecord& part : parts) files_.Remove(part.file);
  return json::object{};
}

json::value S3Provider::ListParts(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::string upload_id = RequiredString(in, "UploadId");
  const int64_t max_parts = std::min<int64_t>(IntOr(in, "MaxParts", 1000), 1000);
  const int64_t marker = IntOr(in, "PartNumberMarker", 0);
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, bucket);
  ExistingUpload(tx, bucket, key, upload_id);
  json::array parts;
  bool truncated = false;
  int64_t last = marker;
  for (const PartRecord& part : store_.Parts(tx, upload_id)) {
    if (part.part_number <= marker) continue;
    if (static_cast<int64_t>(parts.size()) == max_parts) {
      truncated = true;
      break;
    }
    parts.push_back(json::object{{"PartNumber", part.part_number},
                                 {"LastModified", core::EpochSeconds(part.modified_millis)},
                                 {"ETag", part.etag},
                                 {"Size", part.size}});
    last = part.part_number;
  }
  json::object out{{"Bucket", bucket},
                   {"Key", key},
                   {"UploadId", upload_id},
                   {"PartNumberMarker", marker},
                   {"MaxParts", max_parts},
                   {"IsTruncated", truncated},
                   {"Owner", internal::Owner(ctx.scope.account)},
                   {"Initiator", internal::Owner(ctx.scope.account)},
                   {"StorageClass", "STANDARD"}};
  if (truncated) out["NextPartNumberMarker"] = last;
  if (!parts.empty()) out["Parts"] = std::move(parts);
  return out;
}

json::value S3Provider::ListMultipartUploads(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string prefix = OptString(in, "Prefix").value_or("");
  const std::string delimiter = OptString(in, "Delimiter").value_or("");
  const std::string key_marker = OptString(in, "KeyMarker").value_or("");
  // Without a key marker S3 ignores the upload id marker.
  const std::string upload_id_marker =
      key_marker.empty() ? "" : OptString(in, "UploadIdMarker").value_or("");
  const int64_t max_uploads = std::min<int64_t>(IntOr(in, "MaxUploads", 1000), 1000);
  if (max_uploads < 0) {
    throw AwsError("InvalidArgument",
                   "Argument max-uploads must be an integer between 0 and 2147483647")
        .With("ArgumentName", "max-uploads");
  }
  const std::optional<std::string> encoding = OptString(in, "EncodingType");
  if (encoding && *encoding != "url") {
    throw AwsError("InvalidArgument", "Invalid Encoding Method specified in Request")
        .With("ArgumentName", "encoding-type")
        .With("ArgumentValue", json::string(*encoding));
  }
  const auto encoded = [&](std::string_view text) {
    return encoding ? core::UriEncode(text, /*keep_slash=*/true) : std::string(text);
  };
  const auto common_prefix_of = [&](const std::string& key) {
    if (delimiter.empty()) return std::string();
    const size_t at = key.find(delimiter, prefix.size());
    return at == std::string::npos ? std::string() : key.substr(0, at + delimiter.size());
  };
  const json::object owner = internal::Owner(ctx.scope.account);
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, bucket);
  json::array uploads;
  json::array common_prefixes;
  int64_t entries = 0;
  bool truncated = false;
  std::string last_key;
  std::string last_upload_id;
  // A key marker that is a common prefix (the end of the previous page) skips the keys under it.
  std::string last_prefix = common_prefix_of(key_marker) == key_marker ? key_marker : "";
  store_.ScanUploads(
      tx, bucket, prefix, key_marker, upload_id_marker, [&](const UploadRecord& upload) {
        const std::string common = common_prefix_of(upload.key);
        if (!common.empty() && common == last_prefix) return true;
        if (entries == max_uploads) {
          truncated = true;
          return false;
        }
        ++entries;
        if (!common.empty()) {
          common_prefixes.push_back(json::object{{"Prefix", encoded(common)}});
          last_prefix = common;
          last_key = common;
          last_upload_id.clear();
          return true;
        }
        const json::object headers = json::parse(upload.headers).as_object();
        const json::value* storage_class = headers.if_contains("StorageClass");
        uploads.push_back(
            json::object{{"UploadId", upload.upload_id},
                         {"Key", encoded(upload.key)},
                         {"Initiated", core::EpochSeconds(upload.initiated_millis)},
                         {"StorageClass", storage_class ? *storage_class : json::value("STANDARD")},
                         {"Owner", owner},
                         {"Initiator", owner}});
        last_key = upload.key;
        last_upload_id = upload.upload_id;
        return true;
      });
  json::object out{{"Bucket", bucket},
                   {"KeyMarker", encoded(key_marker)},
                   {"UploadIdMarker", upload_id_marker},
                   {"Prefix", encoded(prefix)},
                   {"MaxUploads", max_uploads},
                   {"IsTruncated", truncated}};
  if (!delimiter.empty()) out["Delimiter"] = encoded(delimiter);
  if (encoding) out["EncodingType"] = "url";
  if (truncated) {
    out["NextKeyMarker"] = encoded(last_key);
    out["NextUploadIdMarker"] = last_upload_id;
  }
  if (!uploads.empty()) out["Uploads"] = std::move(uploads);
  if (!common_prefixes.empty()) out["CommonPrefixes"] = std::move(common_prefixes);
  return out;
}

}  // namespace nimbus::s3
