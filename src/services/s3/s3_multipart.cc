// Multipart uploads: create, upload parts (or copy them from objects), complete (the multipart
// ETag), abort, list parts and uploads.
#include <functional>
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

// The checksum algorithm CreateMultipartUpload announced, or nullptr.
const ChecksumAlgorithm* AlgorithmOf(const UploadRecord& upload) {
  return upload.checksum_algorithm.empty() ? nullptr
                                           : FindChecksumAlgorithm(upload.checksum_algorithm);
}

// CreateMultipartUpload's ChecksumType for `algorithm`: the one given, else S3's default
// (FULL_OBJECT for CRC64NVME, which has no composite form, COMPOSITE for the others). Only the
// CRCs combine into a full-object checksum.
std::string ChecksumTypeOf(const ChecksumAlgorithm& algorithm,
                           const std::optional<std::string>& given) {
  const bool crc64 = algorithm.name == "CRC64NVME";
  const std::string type = given.value_or(crc64 ? "FULL_OBJECT" : "COMPOSITE");
  if ((type == "FULL_OBJECT" && !algorithm.name.starts_with("CRC")) ||
      (type == "COMPOSITE" && crc64)) {
    throw AwsError("InvalidRequest", "The " + type + " checksum type cannot be used with the " +
                                         core::ToLower(algorithm.name) + " checksum algorithm.");
  }
  return type;
}

// The algorithm whose checksum an UploadPart sends (a checksum member, or the algorithm it names
// for S3 to compute), or nullptr.
const ChecksumAlgorithm* SentAlgorithm(const json::object& in) {
  size_t count = 0;
  const ChecksumAlgorithm* algorithms = ChecksumAlgorithms(&count);
  for (size_t i = 0; i < count; ++i) {
    if (in.contains(algorithms[i].member)) return &algorithms[i];
  }
  const std::optional<std::string> named = OptString(in, "ChecksumAlgorithm");
  return named ? FindChecksumAlgorithm(*named) : nullptr;
}

// A part of an upload with a checksum must come with the upload's algorithm: another one is
// refused, and so is none for a COMPOSITE checksum (made of the parts' checksums); a FULL_OBJECT
// part without one is taken. Returns whether S3 is to compute the part's checksum itself.
bool NeedsPartChecksum(const UploadRecord& upload, const json::object& in) {
  const ChecksumAlgorithm* expected = AlgorithmOf(upload);
  if (!expected) return false;
  const ChecksumAlgorithm* sent = SentAlgorithm(in);
  if (sent == expected) return false;
  if (!sent && upload.checksum_type == "FULL_OBJECT") return true;
  // Quoted from S3 by users (versitygw issue 1342).
  throw AwsError(
      "InvalidRequest",
      "Checksum Type mismatch occurred, expected checksum Type: " + std::string(expected->name) +
          ", actual checksum Type: " + (sent ? std::string(sent->name) : "null"));
}

// The binary checksum of a part that CompleteMultipartUpload lists (`item`), of the upload's
// algorithm, as UploadPart kept it. A COMPOSITE upload's request must give it; given, it must be
// the part's (like its ETag).
std::string PartChecksum(const UploadRecord& upload, const json::object& item,
                         const PartRecord& part) {
  const ChecksumAlgorithm& algorithm = *AlgorithmOf(upload);
  const json::object stored = json::parse(part.checksums).as_object();
  const json::value* kept = stored.if_contains(algorithm.member);
  const std::optional<std::string> given = OptString(item, algorithm.member);
  if (!given && upload.checksum_type == "COMPOSITE") {
    // Quoted from S3 by users (apache/opendal pull request 4580).
    throw AwsError("InvalidRequest",
                   "The upload was created using a " + core::ToLower(algorithm.name) +
                       " checksum. The complete request must include the checksum for each "
                       "part. It was missing for part " +
                       std::to_string(part.part_number) + " in the request.");
  }
  if (given && (!kept || *given != kept->as_string())) {
    throw AwsError("InvalidPart",
                   "One or more of the specified parts could not be found.  The "
                   "part may not have been uploaded, or the specified entity tag "
                   "may not match the part's entity tag.");
  }
  std::string binary;
  if (kept) core::Base64Decode(kept->as_string(), &binary);
  return binary;
}

// The checksum members of a part or an object as a response gives them.
void AddChecksums(const std::string& stored, json::object* out) {
  if (stored.size() <= 2) return;  // "{}"
  const json::value parsed = json::parse(stored);
  for (const auto& [member, value] : parsed.as_object()) (*out)[member] = value;
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
  const std::optional<std::string> algorithm_name = OptString(in, "ChecksumAlgorithm");
  const ChecksumAlgorithm* algorithm =
      algorithm_name ? FindChecksumAlgorithm(*algorithm_name) : nullptr;
  UploadRecord upload{.upload_id = core::HexEncode(Md5(ids_.Uuid())) + ids_.LowerAlnum(32),
                      .bucket = bucket,
                      .key = key,
                      .initiated_millis = ctx.now_millis,
                      .headers = json::serialize(headers),
                      .metadata = json::serialize(internal::StoredMetadata(in)),
                      .tags = json::serialize(tags)};
  if (algorithm) {
    upload.checksum_algorithm = std::string(algorithm->name);
    upload.checksum_type = ChecksumTypeOf(*algorithm, OptString(in, "ChecksumType"));
  }
  store::Transaction tx = store_.Begin();
  OwnedBucket(tx, ctx, bucket);
  store_.InsertUpload(tx, upload);
  tx.Commit();
  json::object out{{"Bucket", bucket},
                   {"Key", key},
                   {"UploadId", upload.upload_id},
                   {"ServerSideEncryption", headers.at("ServerSideEncryption")}};
  if (algorithm) {
    out["ChecksumAlgorithm"] = upload.checksum_algorithm;
    out["ChecksumType"] = upload.checksum_type;
  }
  return out;
}

json::value S3Provider::UploadPart(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const std::string upload_id = RequiredString(in, "UploadId");
  const int64_t part_number = PartNumberOf(in);
  UploadRecord upload;
  {
    store::Transaction tx = store_.Read();
    OwnedBucket(tx, ctx, bucket);
    upload = ExistingUpload(tx, bucket, key, upload_id);
  }
  // A FULL_OBJECT part sent without a checksum gets the upload's, computed here.
  json::object computed;
  const bool compute = NeedsPartChecksum(upload, in);
  if (compute) {
    computed = in;
    computed["ChecksumAlgorithm"] = upload.checksum_algorithm;
  }
  const json::object& request = compute ? computed : in;
  const internal::ReceivedBody body = internal::ReceiveBody(ctx, request);
  json::object out = internal::CheckedChecksums(request, body.digests);
  // The part's MD5 (its ETag) and checksums are kept with it: Complete builds the object's ETag
  // and composite checksum from them without reading the part again.
  PartRecord part{.upload_id = upload_id,
                  .part_number = part_number,
                  .size = body.size,
                  .etag = "\"" + core::HexEncode(body.digests.md5()) + "\"",
                  .modified_millis = ctx.now_millis - ctx.now_millis % 1000,
                  .file = ids_.Uuid(),
                  .checksums = json::serialize(out)};
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
  json::object checksums;
  if (const ChecksumAlgorithm* algorithm = AlgorithmOf(upload)) {
    checksums[algorithm->member] = Checksum(*algorithm, bytes);
    part.checksums = json::serialize(checksums);
  }
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
  json::object result{{"ETag", part.etag},
                      {"LastModified", core::EpochSeconds(part.modified_millis)}};
  for (const auto& [member, value] : checksums) result[member] = value;
  json::object out{
      {"CopyPartResult", std::move(result)},
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
  const ChecksumAlgorithm* algorithm = AlgorithmOf(upload);
  std::vector<std::string> files;
  std::string digests;
  std::string part_checksums;  // their binary checksums, one after the other
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
    if (algorithm) part_checksums += PartChecksum(upload, item, it->second);
    files.push_back(it->second.file);
    size += it->second.size;
  }
  // A FULL_OBJECT checksum needs the bytes: computed while the parts are joined.
  const bool full_object = algorithm && upload.checksum_type == "FULL_OBJECT";
  BodyDigests whole;
  if (full_object) whole.Want(*algorithm);
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
      .tags = upload.tags};
  std::function<void(std::string_view)> observe;
  if (full_object) observe = [&whole](std::string_view piece) { whole.Update(piece); };
  files_.Join(files, object.file, observe);
  json::object checksums;
  if (algorithm) {
    // A composite checksum is the checksum of the parts' binary checksums, then "-" and the
    // number of parts, as the multipart ETag is made of their MD5s.
    if (full_object) {
      whole.Finish();
      checksums[algorithm->member] = whole.Checksum(*algorithm);
    } else {
      checksums[algorithm->member] =
          Checksum(*algorithm, part_checksums) + "-" + std::to_string(requested->size());
    }
    const std::optional<std::string> given = OptString(in, algorithm->member);
    if (full_object && given && *given != checksums.at(algorithm->member).as_string()) {
      files_.Remove(object.file);
      throw AwsError("BadDigest", "The " + std::string(algorithm->name) +
                                      " you specified did not match the calculated checksum.");
    }
    object.checksums = json::serialize(checksums);
  }
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
  for (const auto& [member, value] : checksums) out[member] = value;
  if (algorithm) out["ChecksumType"] = upload.checksum_type;
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
  const UploadRecord upload = ExistingUpload(tx, bucket, key, upload_id);
  json::array parts;
  bool truncated = false;
  int64_t last = marker;
  for (const PartRecord& part : store_.Parts(tx, upload_id)) {
    if (part.part_number <= marker) continue;
    if (static_cast<int64_t>(parts.size()) == max_parts) {
      truncated = true;
      break;
    }
    json::object listed{{"PartNumber", part.part_number},
                        {"LastModified", core::EpochSeconds(part.modified_millis)},
                        {"ETag", part.etag},
                        {"Size", part.size}};
    AddChecksums(part.checksums, &listed);
    parts.push_back(std::move(listed));
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
  if (!upload.checksum_algorithm.empty()) {
    out["ChecksumAlgorithm"] = upload.checksum_algorithm;
    out["ChecksumType"] = upload.checksum_type;
  }
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
