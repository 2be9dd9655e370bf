// Multipart uploads: create, upload parts, complete (the multipart ETag), abort, list parts.
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
  const int64_t part_number = IntOr(in, "PartNumber", 0);
  if (part_number < 1 || part_number > 10000) {
    throw AwsError("InvalidArgument",
                   "Part number must be an integer between 1 and 10000, "
                   "inclusive")
        .With("ArgumentName", "partNumber")
        .With("ArgumentValue", json::string(std::to_string(part_number)));
  }
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
  OwnedBucket(tx, ctx, bucket);
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
      .size = size,
      .etag = "\"" + core::HexEncode(Md5(digests)) + "-" + std::to_string(requested->size()) + "\"",
      .modified_millis = ctx.now_millis - ctx.now_millis % 1000,
      .file = ids_.Uuid(),
      .headers = upload.headers,
      .metadata = upload.metadata,
      .checksums = "{}",
      .tags = upload.tags};
  files_.Join(files, object.file);
  const std::optional<ObjectRecord> replaced = store_.FindObject(tx, bucket, key);
  try {
    store_.PutObject(tx, object);
    store_.DeleteUpload(tx, upload_id);
    tx.Commit();
  } catch (...) {
    files_.Remove(object.file);
    throw;
  }
  for (const auto& [number, part] : stored) files_.Remove(part.file);
  if (replaced) files_.Remove(replaced->file);
  return json::object{
      {"Location", "/" + bucket + "/" + core::UriEncode(key, true)},
      {"Bucket", bucket},
      {"Key", key},
      {"ETag", object.etag},
      {"ServerSideEncryption", json::parse(upload.headers).as_object().at("ServerSideEncryption")}};
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

}  // namespace nimbus::s3
