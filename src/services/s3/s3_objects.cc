// Object operations: put, get, head, delete, copy, tagging.
#include <cmath>
#include <optional>

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
using core::protocol::OptDouble;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

// The request headers an object keeps and answers with (GetObject, HeadObject), by member name.
constexpr std::string_view kStoredHeaders[] = {
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "WebsiteRedirectLocation",
    "ServerSideEncryption",
    "SSEKMSKeyId",
    "StorageClass",
};

// The stored headers of a PutObject (or a CopyObject with REPLACE) request.
json::object HeadersOf(const json::object& in) {
  json::object headers;
  for (std::string_view member : kStoredHeaders) {
    if (std::optional<std::string> value = OptString(in, member)) headers[member] = *value;
  }
  if (!headers.contains("ContentType")) headers["ContentType"] = "binary/octet-stream";
  // S3 encrypts every object at rest (SSE-S3) unless asked for KMS.
  if (!headers.contains("ServerSideEncryption")) headers["ServerSideEncryption"] = "AES256";
  if (headers.contains("StorageClass") && headers.at("StorageClass") == "STANDARD") {
    headers.erase("StorageClass");  // not echoed for STANDARD
  }
  return headers;
}

json::object MetadataOf(const json::object& in) {
  const json::object* metadata = core::protocol::OptObject(in, "Metadata");
  return metadata ? *metadata : json::object{};
}

std::string Unquoted(std::string_view etag) {
  etag = core::Trim(etag);
  if (core::StartsWith(etag, "W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

// If-Match / If-None-Match: "*" or a comma-separated list of ETags, quoted or not.
bool EtagMatches(std::string_view condition, std::string_view etag) {
  const std::string bare = Unquoted(etag);
  for (std::string_view candidate : core::Split(condition, ',')) {
    if (core::Trim(candidate) == "*" || Unquoted(candidate) == bare) return true;
  }
  return false;
}

// Checks the conditional headers of a read as RFC 7232 orders them: If-Match, else
// If-Unmodified-Since (412); If-None-Match, else If-Modified-Since (304).
void CheckReadConditions(const json::object& in, const ObjectRecord& object) {
  const double modified = static_cast<double>(object.modified_millis / 1000);
  if (std::optional<std::string> match = OptString(in, "IfMatch")) {
    if (!EtagMatches(*match, object.etag)) {
      throw AwsError("PreconditionFailed",
                     "At least one of the pre-conditions you specified did "
                     "not hold")
          .With("Condition", "If-Match");
    }
  } else if (std::optional<double> since = OptDouble(in, "IfUnmodifiedSince")) {
    if (modified > *since) {
      throw AwsError("PreconditionFailed",
                     "At least one of the pre-conditions you specified did "
                     "not hold")
          .With("Condition", "If-Unmodified-Since");
    }
  }
  if (std::optional<std::string> none_match = OptString(in, "IfNoneMatch")) {
    if (EtagMatches(*none_match, object.etag)) throw AwsError("NotModified", "Not Modified");
  } else if (std::optional<double> since = OptDouble(in, "IfModifiedSince")) {
    if (modified <= *since) throw AwsError("NotModified", "Not Modified");
  }
}

struct ByteRange {
  int64_t first = 0;
  int64_t length = 0;
};

// The bytes a Range header asks of an object of `size` bytes: "bytes=a-b", "bytes=a-",
// "bytes=-n". nullopt when there is no range, or one S3 ignores (not of these forms: the whole
// object is answered); InvalidRange when it is well-formed but outside the object.
std::optional<ByteRange> RangeOf(const json::object& in, int64_t size) {
  const std::optional<std::string> header = OptString(in, "Range");
  if (!header || !core::StartsWith(*header, "bytes=")) return std::nullopt;
  const std::string_view spec = std::string_view(*header).substr(6);
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) {
    return std::nullopt;
  }
  const auto number = [](std::string_view text, int64_t* out) {
    if (text.empty() || text.size() > 18) return false;
    int64_t value = 0;
    for (const char c : text) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    *out = value;
    return true;
  };
  int64_t first = 0;
  int64_t last = size - 1;
  const std::string_view from = spec.substr(0, dash);
  const std::string_view to = spec.substr(dash + 1);
  if (from.empty()) {
    int64_t suffix = 0;
    if (!number(to, &suffix)) return std::nullopt;
    first = std::max<int64_t>(0, size - suffix);
    if (suffix == 0) first = size;  // "bytes=-0" asks for nothing
  } else {
    if (!number(from, &first)) return std::nullopt;
    if (!to.empty()) {
      if (!number(to, &last)) return std::nullopt;
      if (last < first) return std::nullopt;
      last = std::min(last, size - 1);
    }
  }
  if (first >= size) {
    throw AwsError("InvalidRange", "The requested range is not satisfiable")
        .With("RangeRequested", json::string(*header))
        .With("ActualObjectSize", json::string(std::to_string(size)));
  }
  return ByteRange{first, last - first + 1};
}

std::string Serialized(const json::value& value) { return json::serialize(value); }

json::object ParsedObject(const std::string& text) { return json::parse(text).as_object(); }

}  // namespace

namespace internal {

json::object StoredHeaders(const json::object& in) { return HeadersOf(in); }
json::object StoredMetadata(const json::object& in) { return MetadataOf(in); }

CopySource ParseCopySource(std::string_view source) {
  constexpr std::string_view kVersionQuery = "?versionId=";
  const size_t query = source.find(kVersionQuery);
  std::optional<std::string> version_id;
  if (query != std::string_view::npos) {
    version_id = std::string(source.substr(query + kVersionQuery.size()));
  }
  const std::string_view encoded = source.substr(0, query);
  std::string decoded;
  if (!core::UrlDecode(encoded, &decoded, false)) decoded = std::string(encoded);
  std::string_view path = decoded;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    throw AwsError("InvalidArgument", "Invalid copy source object key")
        .With("ArgumentName", "x-amz-copy-source")
        .With("ArgumentValue", json::string(encoded));
  }
  return {.bucket = std::string(path.substr(0, slash)),
          .key = std::string(path.substr(slash + 1)),
          .version_id = std::move(version_id)};
}

// As S3 documents them: a matching If-Match makes If-Unmodified-Since irrelevant, and a
// failing If-None-Match fails whatever If-Modified-Since says; every failure is a 412 (a copy
// has no 304).
void CheckCopySourceConditions(const json::object& in, const ObjectRecord& source) {
  const double modified = static_cast<double>(source.modified_millis / 1000);
  const auto failed = [](std::string_view header) {
    return AwsError("PreconditionFailed",
                    "At least one of the pre-conditions you specified did not hold")
        .With("Condition", json::string(header));
  };
  if (std::optional<std::string> match = OptString(in, "CopySourceIfMatch")) {
    if (!EtagMatches(*match, source.etag)) throw failed("x-amz-copy-source-If-Match");
  } else if (std::optional<double> since = OptDouble(in, "CopySourceIfUnmodifiedSince")) {
    if (modified > *since) throw failed("x-amz-copy-source-If-Unmodified-Since");
  }
  if (std::optional<std::string> none_match = OptString(in, "CopySourceIfNoneMatch")) {
    if (EtagMatches(*none_match, source.etag)) throw failed("x-amz-copy-source-If-None-Match");
  } else if (std::optional<double> since = OptDouble(in, "CopySourceIfModifiedSince")) {
    if (modified <= *since) throw failed("x-amz-copy-source-If-Modified-Since");
  }
}

json::object CheckedChecksums(const json::object& in, std::string_view body) {
  BodyDigests digests = DigestsFor(in);
  digests.Update(body);
  digests.Finish();
  return CheckedChecksums(in, digests);
}

std::string_view ChecksumTypeOf(const json::object& checksums) {
  for (const auto& [member, value] : checksums) {
    if (value.is_string() && value.get_string().find('-') != json::string::npos) {
      return "COMPOSITE";  // base64 has no '-'
    }
  }
  return "FULL_OBJECT";
}

json::object CheckedChecksums(const json::object& in, const BodyDigests& digests) {
  if (std::optional<std::string> md5 = OptString(in, "ContentMD5")) {
    std::string digest;
    if (!core::Base64Decode(*md5, &digest) || digest.size() != 16) {
      throw AwsError("InvalidDigest", "The Content-MD5 you specified is not valid.");
    }
    if (digest != digests.md5()) {
      throw AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.");
    }
  }
  json::object kept;
  size_t count = 0;
  const ChecksumAlgorithm* algorithms = ChecksumAlgorithms(&count);
  for (size_t i = 0; i < count; ++i) {
    const ChecksumAlgorithm& algorithm = algorithms[i];
    const std::optional<std::string> sent = OptString(in, algorithm.member);
    if (!sent) continue;
    std::string digest;
    if (!core::Base64Decode(*sent, &digest) || digest.size() != algorithm.digest_bytes) {
      throw AwsError("InvalidRequest", "Value for x-amz-checksum-" + core::ToLower(algorithm.name) +
                                           " header is invalid.");
    }
    if (digests.Checksum(algorithm) != *sent) {
      throw AwsError("BadDigest", "The " + std::string(algorithm.name) +
                                      " you specified did not match the calculated checksum.");
    }
    kept[algorithm.member] = *sent;
  }
  if (kept.size() > 1) {
    throw AwsError("InvalidRequest",
                   "Expecting a single x-amz-checksum- header. Multiple "
                   "checksum Types are not allowed.");
  }
  if (std::optional<std::string> name = OptString(in, "ChecksumAlgorithm"); name && kept.empty()) {
    if (const ChecksumAlgorithm* algorithm = FindChecksumAlgorithm(*name)) {
      kept[algorithm->member] = digests.Checksum(*algorithm);
    }
  }
  return kept;
}

}  // namespace internal

json::value S3Provider::PutObject(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const internal::ReceivedBody body = internal::ReceiveBody(ctx, in);
  const json::object checksums = internal::CheckedChecksums(in, body.digests);
  const std::optional<std::string> tagging = OptString(in, "Tagging");
  const json::array tags = tagging ? internal::TagsFromHeader(*tagging) : json::array{};
  {
    store::Transaction tx = store_.Read();  // no body is written for a bucket that is not there
    OwnedBucket(tx, ctx, bucket);
  }
  ObjectRecord object{.bucket = bucket,
                      .key = key,
                      .size = body.size,
                      .etag = "\"" + core::HexEncode(body.digests.md5()) + "\"",
                      .modified_millis = ctx.now_millis - ctx.now_millis % 1000,
                      .file = ids_.Uuid(),
                      .headers = Serialized(HeadersOf(in)),
                      .metadata = Serialized(MetadataOf(in)),
                      .checksums = Serialized(checksums),
                      .tags = Serialized(tags)};
  StoreBody(body, object.file);
  std::optional<ObjectRecord> replaced;
  json::object out;
  try {
    store::Transaction tx = store_.Begin();
    const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
    std::optional<ObjectRecord> current = store_.FindObject(tx, bucket, key);
    if (current && current->delete_marker) current.reset();
    // Conditional writes: If-None-Match "*" creates only; If-Match replaces only that ETag.
    const std::optional<std::string> none_match = OptString(in, "IfNoneMatch");
    const std::optional<std::string> match = OptString(in, "IfMatch");
    if ((none_match && current) || (match && !current)) {
      if (match && !current) throw internal::NoSuchKey(key);
      throw AwsError("PreconditionFailed",
                     "At least one of the pre-conditions you specified did not hold")
          .With("Condition", json::string(none_match ? "If-None-Match" : "If-Match"));
    }
    if (match && !EtagMatches(*match, current->etag)) {
      throw AwsError("PreconditionFailed",
                     "At least one of the pre-conditions you specified did not hold")
          .With("Condition", "If-Match");
    }
    object.version_id = NewVersionId(owner);
    internal::SetVersionId(owner, object.version_id, &out);
    replaced = store_.PutObject(tx, object);
    tx.Commit();
  } catch (...) {
    files_.Remove(object.file);
    throw;
  }
  if (replaced && !replaced->file.empty()) files_.Remove(replaced->file);
  out["ETag"] = object.etag;
  out["ServerSideEncryption"] = ParsedObject(object.headers).at("ServerSideEncryption");
  for (const auto& [member, value] : checksums) out[member] = value;
  if (!checksums.empty()) out["ChecksumType"] = "FULL_OBJECT";
  return out;
}

json::object S3Provider::ReadObject(const RequestContext& ctx, const json::object& in,
                                    bool with_body) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  // The body is read under the same lock as its row: a concurrent overwrite removes the old file
  // only after its own commit.
  store::Transaction tx = store_.Read();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  const ObjectRecord object = ExistingObject(tx, bucket, key, OptString(in, "VersionId"));
  CheckReadConditions(in, object);
  const std::optional<ByteRange> range = RangeOf(in, object.size);
  json::object out = ParsedObject(object.headers);
  internal::SetVersionId(owner, object.version_id, &out);
  out["ETag"] = object.etag;
  out["LastModified"] = core::EpochSeconds(object.modified_millis);
  out["AcceptRanges"] = "bytes";
  const json::object metadata = ParsedObject(object.metadata);
  if (!metadata.empty()) out["Metadata"] = metadata;
  const size_t tag_count = json::parse(object.tags).as_array().size();
  if (tag_count > 0 && with_body) out["TagCount"] = static_cast<int64_t>(tag_count);
  if (OptString(in, "ChecksumMode") == "ENABLED" && !range) {
    const json::object checksums = ParsedObject(object.checksums);
    for (const auto& [member, value] : checksums) out[member] = value;
    if (!checksums.empty()) out["ChecksumType"] = internal::ChecksumTypeOf(checksums);
  }
  if (range) {
    out["ContentRange"] = "bytes " + std::to_string(range->first) + "-" +
                          std::to_string(range->first + range->length - 1) + "/" +
                          std::to_string(object.size);
    out["ContentLength"] = range->length;
    if (with_body) SendBody(ctx, object.file, range->first, range->length, &out);
  } else {
    out["ContentLength"] = object.size;
    if (with_body) SendBody(ctx, object.file, 0, object.size, &out);
  }
  // response-content-type and the like override the stored headers (GetObject only).
  for (std::string_view member : {"CacheControl", "ContentDisposition", "ContentEncoding",
                                  "ContentLanguage", "ContentType"}) {
    if (std::optional<std::string> value = OptString(in, "Response" + std::string(member))) {
      out[member] = *value;
    }
  }
  if (std::optional<double> expires = OptDouble(in, "ResponseExpires")) {
    out["Expires"] = core::FormatRfc1123(core::EpochMillis(*expires));
  }
  return out;
}

void S3Provider::StoreBody(const internal::ReceivedBody& body, std::string_view name) {
  if (body.spooled_path.empty()) {
    files_.Write(name, body.bytes);
  } else {
    files_.Adopt(body.spooled_path, name);
  }
}

void S3Provider::SendBody(const RequestContext& ctx, std::string_view name, int64_t offset,
                          int64_t length, json::object* out) const {
  if (ctx.http) {
    // Opened under the caller's read lock: the descriptor keeps these bytes readable even if a
    // writer replaces or deletes the object while they are sent.
    ctx.response_file = files_.Open(name, offset, length);
  } else {
    (*out)["Body"] = files_.Read(name, offset, length);
  }
}

json::value S3Provider::GetObject(const RequestContext& ctx, const json::object& in) {
  return ReadObject(ctx, in, /*with_body=*/true);
}

json::value S3Provider::HeadObject(const RequestContext& ctx, const json::object& in) {
  return ReadObject(ctx, in, /*with_body=*/false);
}

json::value S3Provider::DeleteObject(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  std::vector<std::string> files;
  store::Transaction tx = store_.Begin();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  // Deleting a key that is not there succeeds, as in S3.
  const Deletion deletion = Delete(tx, ctx, owner, key, OptString(in, "VersionId"), &files);
  tx.Commit();
  for (const std::string& file : files) files_.Remove(file);
  json::object out;
  if (deletion.delete_marker) out["DeleteMarker"] = true;
  if (deletion.version_id) out["VersionId"] = *deletion.version_id;
  return out;
}

json::value S3Provider::DeleteObjects(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const json::object& request = in.at("Delete").as_object();
  const json::array& objects = request.at("Objects").as_array();
  if (objects.size() > 1000) {
    throw AwsError("MalformedXML",
                   "The XML you provided was not well-formed or did not validate "
                   "against our published schema");
  }
  const bool quiet = core::protocol::BoolOr(request, "Quiet", false);
  json::array deleted;
  json::array errors;
  std::vector<std::string> files;
  store::Transaction tx = store_.Begin();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  for (const json::value& item : objects) {
    const std::string key(item.as_object().at("Key").as_string());
    const std::optional<std::string> version_id = OptString(item.as_object(), "VersionId");
    if (version_id && !internal::ValidVersionId(*version_id)) {
      errors.push_back(json::object{{"Key", key},
                                    {"VersionId", *version_id},
                                    {"Code", "InvalidArgument"},
                                    {"Message", "Invalid version id specified"}});
      continue;
    }
    const Deletion deletion = Delete(tx, ctx, owner, key, version_id, &files);
    if (quiet) continue;
    json::object entry{{"Key", key}};
    if (version_id) {
      entry["VersionId"] = *version_id;
      if (deletion.delete_marker) entry["DeleteMarker"] = true;
    } else if (deletion.delete_marker) {
      entry["DeleteMarker"] = true;
      entry["DeleteMarkerVersionId"] = *deletion.version_id;
    }
    deleted.push_back(std::move(entry));
  }
  tx.Commit();
  for (const std::string& file : files) files_.Remove(file);
  json::object out;
  if (!deleted.empty()) out["Deleted"] = std::move(deleted);
  if (!errors.empty()) out["Errors"] = std::move(errors);
  return out;
}

json::value S3Provider::CopyObject(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const bool replace_metadata = OptString(in, "MetadataDirective") == "REPLACE";
  const bool replace_tags = OptString(in, "TaggingDirective") == "REPLACE";
  const std::optional<std::string> tagging = OptString(in, "Tagging");
  const json::array new_tags =
      replace_tags && tagging ? internal::TagsFromHeader(*tagging) : json::array{};
  store::Transaction tx = store_.Begin();
  const auto [source_owner, source] = CopySourceObject(tx, ctx, in);
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  const bool changes_something = replace_metadata || OptString(in, "StorageClass") ||
                                 OptString(in, "WebsiteRedirectLocation") ||
                                 OptString(in, "ServerSideEncryption");
  // Copying an older version onto its key restores it: only the latest one cannot be copied
  // onto itself unchanged.
  if (source.bucket == bucket && source.key == key && source.latest && !changes_something) {
    throw AwsError("InvalidRequest",
                   "This copy request is illegal because it is trying to copy an object to itself "
                   "without changing the object's metadata, storage class, website redirect "
                   "location or encryption attributes.");
  }
  ObjectRecord copy = source;
  copy.bucket = bucket;
  copy.key = key;
  copy.version_id = NewVersionId(owner);
  copy.modified_millis = ctx.now_millis - ctx.now_millis % 1000;
  copy.file = ids_.Uuid();
  if (replace_metadata) {
    copy.headers = Serialized(HeadersOf(in));
    copy.metadata = Serialized(MetadataOf(in));
  }
  if (replace_tags) copy.tags = Serialized(new_tags);
  std::optional<ObjectRecord> replaced;
  files_.Copy(source.file, copy.file);
  try {
    replaced = store_.PutObject(tx, copy);
    tx.Commit();
  } catch (...) {
    files_.Remove(copy.file);
    throw;
  }
  if (replaced && !replaced->file.empty()) files_.Remove(replaced->file);
  json::object result{{"ETag", copy.etag},
                      {"LastModified", core::EpochSeconds(copy.modified_millis)}};
  for (const auto& [member, value] : ParsedObject(copy.checksums)) result[member] = value;
  json::object out{{"CopyObjectResult", std::move(result)},
                   {"ServerSideEncryption", ParsedObject(copy.headers).at("ServerSideEncryption")}};
  internal::SetVersionId(owner, copy.version_id, &out);
  if (!source_owner.versioning.empty()) out["CopySourceVersionId"] = source.version_id;
  return out;
}

json::value S3Provider::GetObjectTagging(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  store::Transaction tx = store_.Read();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  const ObjectRecord object =
      ExistingObject(tx, bucket, RequiredString(in, "Key"), OptString(in, "VersionId"));
  json::object out{{"TagSet", json::parse(object.tags)}};
  internal::SetVersionId(owner, object.version_id, &out);
  return out;
}

json::value S3Provider::PutObjectTagging(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  const json::array& tags = in.at("Tagging").as_object().at("TagSet").as_array();
  internal::CheckTags(tags);
  store::Transaction tx = store_.Begin();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  const ObjectRecord object = ExistingObject(tx, bucket, key, OptString(in, "VersionId"));
  store_.SetTags(tx, bucket, key, object.version_id, Serialized(tags));
  tx.Commit();
  json::object out;
  internal::SetVersionId(owner, object.version_id, &out);
  return out;
}

json::value S3Provider::DeleteObjectTagging(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const std::string key = RequiredString(in, "Key");
  store::Transaction tx = store_.Begin();
  const BucketRecord owner = OwnedBucket(tx, ctx, bucket);
  const ObjectRecord object = ExistingObject(tx, bucket, key, OptString(in, "VersionId"));
  store_.SetTags(tx, bucket, key, object.version_id, "[]");
  tx.Commit();
  json::object out;
  internal::SetVersionId(owner, object.version_id, &out);
  return out;
}

}  // namespace nimbus::s3
