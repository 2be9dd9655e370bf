// ListObjects, ListObjectsV2 and ListObjectVersions: prefixes, delimiters and common prefixes,
// pages.
#include <cstdint>
#include <limits>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/protocol/value.h"
#include "core/text.h"
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

struct ListRequest {
  std::string prefix;
  std::string delimiter;
  std::string after;  // keys sort after this one (marker, start-after, continuation token)
  int64_t max_keys = 1000;
  bool url_encoded = false;
};

// A page's JSON is allocated from one arena (a 1000-key page is thousands of small values),
// freed when the last value that uses it is.
json::storage_ptr PageArena() { return json::make_shared_resource<json::monotonic_resource>(); }

struct ListPage {
  explicit ListPage(json::storage_ptr arena)
      : sp(std::move(arena)), contents(sp), common_prefixes(sp) {}
  json::storage_ptr sp;
  json::array contents;
  json::array common_prefixes;
  bool truncated = false;
  std::string last;  // the last key or common prefix of the page
};

// "url" encodes keys and prefixes as RFC 3986 with '/' kept; botocore decodes them ('+' as
// space, so '+' itself must be encoded).
std::string Encoded(const ListRequest& request, std::string_view text) {
  return request.url_encoded ? core::UriEncode(text, /*keep_slash=*/true) : std::string(text);
}

ListRequest RequestOf(const json::object& in) {
  ListRequest request{.prefix = OptString(in, "Prefix").value_or(""),
                      .delimiter = OptString(in, "Delimiter").value_or(""),
                      .after = "",
                      .max_keys = std::min<int64_t>(IntOr(in, "MaxKeys", 1000), 1000)};
  if (request.max_keys < 0) {
    throw AwsError("InvalidArgument",
                   "Argument maxKeys must be an integer between 0 and 2147483647")
        .With("ArgumentName", "maxKeys");
  }
  if (std::optional<std::string> encoding = OptString(in, "EncodingType")) {
    if (*encoding != "url") {
      throw AwsError("InvalidArgument", "Invalid Encoding Method specified in Request")
          .With("ArgumentName", "encoding-type")
          .With("ArgumentValue", json::string(*encoding));
    }
    request.url_encoded = true;
  }
  return request;
}

ListedObject ListedOf(const ObjectRecord& object) {
  return {.key = object.key,
          .size = object.size,
          .etag = object.etag,
          .modified_millis = object.modified_millis,
          .headers = object.headers,
          .checksums = object.checksums};
}

json::object ContentOf(const ListedObject& object, const ListRequest& request,
                       const json::object* owner, const json::storage_ptr& sp) {
  json::object content(sp);
  content.reserve(owner ? 8 : 7);
  content.emplace("Key", request.url_encoded ? json::string(Encoded(request, object.key), sp)
                                             : json::string(object.key, sp));
  content.emplace("LastModified", core::EpochSeconds(object.modified_millis));
  content.emplace("ETag", json::string(object.etag, sp));
  content.emplace("Size", object.size);
  // A page has up to 1000 entries: their stored JSON is parsed only when it holds something.
  json::value storage_class("STANDARD", sp);
  if (object.headers.find("\"StorageClass\"") != std::string_view::npos) {
    const json::object headers = json::parse(object.headers).as_object();
    if (const json::value* stored = headers.if_contains("StorageClass")) {
      storage_class = json::value(*stored, sp);
    }
  }
  content.emplace("StorageClass", std::move(storage_class));
  if (object.checksums.size() > 2) {
    const json::object checksums = json::parse(object.checksums).as_object();
    if (!checksums.empty()) {
      json::array algorithms(sp);
      for (const auto& [member, value] : checksums) {
        algorithms.emplace_back(
            std::string_view(member).substr(std::string_view("Checksum").size()));
      }
      content.emplace("ChecksumAlgorithm", std::move(algorithms));
      content.emplace("ChecksumType", internal::ChecksumTypeOf(checksums));
    }
  }
  if (owner) content.emplace("Owner", json::value(*owner, sp));
  return content;
}

// One page of keys and common prefixes after request.after. A common prefix counts as one entry;
// the keys under a common prefix that `after` itself is (the last entry of the previous page)
// are skipped.
ListPage Page(const S3Store& store, store::Transaction& tx, std::string_view bucket,
              const ListRequest& request, const json::object* owner) {
  ListPage page(PageArena());
  int64_t entries = 0;
  std::string last_prefix =
      !request.delimiter.empty() && core::StartsWith(request.after, request.prefix) &&
              request.after.size() >= request.delimiter.size() &&
              request.after.compare(request.after.size() - request.delimiter.size(),
                                    std::string::npos, request.delimiter) == 0
          ? request.after
          : std::string();
  store.ScanObjects(tx, bucket, request.prefix, request.after, [&](const ListedObject& object) {
    std::string_view common;
    if (!request.delimiter.empty()) {
      const size_t at = object.key.find(request.delimiter, request.prefix.size());
      if (at != std::string_view::npos) common = object.key.substr(0, at + request.delimiter.size());
    }
    if (!common.empty() && common == last_prefix) return true;
    if (entries == request.max_keys) {
      page.truncated = true;
      return false;
    }
    ++entries;
    if (!common.empty()) {
      json::object entry(page.sp);
      entry.emplace("Prefix", Encoded(request, common));
      page.common_prefixes.emplace_back(std::move(entry));
      last_prefix = common;
      page.last = common;
    } else {
      page.contents.emplace_back(ContentOf(object, request, owner, page.sp));
      page.last = object.key;
    }
    return true;
  });
  return page;
}

// The members both versions answer with.
json::object PageOutput(std::string_view bucket, const ListRequest& request, ListPage& page) {
  json::object out({{"Name", std::string(bucket)},
                    {"Prefix", Encoded(request, request.prefix)},
                    {"MaxKeys", request.max_keys},
                    {"IsTruncated", page.truncated}},
                   page.sp);
  if (!request.delimiter.empty()) out["Delimiter"] = Encoded(request, request.delimiter);
  if (request.url_encoded) out["EncodingType"] = "url";
  if (!page.contents.empty()) out["Contents"] = std::move(page.contents);
  if (!page.common_prefixes.empty()) out["CommonPrefixes"] = std::move(page.common_prefixes);
  return out;
}

// The common prefix `key` rolls up into, or "" when it is listed itself.
std::string CommonPrefixOf(const ListRequest& request, const std::string& key) {
  if (request.delimiter.empty()) return "";
  const size_t at = key.find(request.delimiter, request.prefix.size());
  return at == std::string::npos ? "" : key.substr(0, at + request.delimiter.size());
}

// A Version or DeleteMarker entry of ListObjectVersions.
json::object VersionEntryOf(const ObjectRecord& version, const ListRequest& request,
                            const json::object& owner) {
  json::object entry{{"Key", Encoded(request, version.key)},
                     {"VersionId", version.version_id},
                     {"IsLatest", version.latest},
                     {"LastModified", core::EpochSeconds(version.modified_millis)},
                     {"Owner", owner}};
  if (version.delete_marker) return entry;
  json::object content = ContentOf(ListedOf(version), request, &owner, json::storage_ptr());
  content.erase("ChecksumType");  // listed by ListObjects only
  for (auto& [member, value] : content) entry[member] = std::move(value);
  return entry;
}

}  // namespace

json::value S3Provider::ListObjects(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  ListRequest request = RequestOf(in);
  const std::optional<std::string> marker = OptString(in, "Marker");
  request.after = marker.value_or("");
  const json::object owner = internal::Owner(ctx.scope.account);
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, bucket);
  ListPage page = Page(store_, tx, bucket, request, &owner);
  const std::string last = page.last;
  json::object out = PageOutput(bucket, request, page);
  out["Marker"] = Encoded(request, marker.value_or(""));
  // S3 names the next marker only when a delimiter was given; without one, clients continue
  // from the last key.
  if (page.truncated && !request.delimiter.empty()) out["NextMarker"] = Encoded(request, last);
  return out;
}

json::value S3Provider::ListObjectsV2(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  ListRequest request = RequestOf(in);
  const std::optional<std::string> start_after = OptString(in, "StartAfter");
  const std::optional<std::string> token = OptString(in, "ContinuationToken");
  request.after = start_after.value_or("");
  if (token) {
    std::string after;
    if (!core::Base64Decode(*token, &after) || !core::StartsWith(after, "1:")) {
      throw AwsError("InvalidArgument", "The continuation token provided is incorrect")
          .With("ArgumentName", "continuation-token");
    }
    request.after = std::max(request.after, after.substr(2));
  }
  const bool fetch_owner = core::protocol::BoolOr(in, "FetchOwner", false);
  const json::object owner = internal::Owner(ctx.scope.account);
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, bucket);
  ListPage page = Page(store_, tx, bucket, request, fetch_owner ? &owner : nullptr);
  const std::string last = page.last;
  const int64_t key_count =
      static_cast<int64_t>(page.contents.size() + page.common_prefixes.size());
  json::object out = PageOutput(bucket, request, page);
  out["KeyCount"] = key_count;
  if (token) out["ContinuationToken"] = *token;
  if (start_after) out["StartAfter"] = Encoded(request, *start_after);
  // The token is opaque to clients: a version tag, then the last key or common prefix.
  if (page.truncated) out["NextContinuationToken"] = core::Base64Encode("1:" + last);
  return out;
}

json::value S3Provider::ListObjectVersions(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  const ListRequest request = RequestOf(in);
  const std::string key_marker = OptString(in, "KeyMarker").value_or("");
  const std::string version_marker = OptString(in, "VersionIdMarker").value_or("");
  if (!version_marker.empty() && key_marker.empty()) {
    throw AwsError("InvalidArgument",
                   "A version-id marker cannot be specified without a key marker.")
        .With("ArgumentName", "version-id-marker")
        .With("ArgumentValue", json::string(version_marker));
  }
  if (!version_marker.empty() && !internal::ValidVersionId(version_marker)) {
    throw AwsError("InvalidArgument", "Invalid version id specified")
        .With("ArgumentName", "version-id-marker")
        .With("ArgumentValue", json::string(version_marker));
  }
  const json::object owner = internal::Owner(ctx.scope.account);
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, bucket);
  // Without a version marker the page starts after every version of the key marker.
  int64_t after_ordinal = std::numeric_limits<int64_t>::max();
  if (!version_marker.empty()) {
    if (std::optional<ObjectRecord> marker =
            store_.FindVersion(tx, bucket, key_marker, version_marker)) {
      after_ordinal = marker->ordinal;
    }
  }
  json::array versions;
  json::array delete_markers;
  json::array common_prefixes;
  int64_t entries = 0;
  bool truncated = false;
  std::string last_key;
  std::optional<std::string> last_version;
  // A key marker that is a common prefix (the end of the previous page) skips the keys under it.
  std::string last_prefix = CommonPrefixOf(request, key_marker) == key_marker ? key_marker : "";
  store_.ScanVersions(
      tx, bucket, request.prefix, key_marker, after_ordinal, [&](const ObjectRecord& version) {
        const std::string common = CommonPrefixOf(request, version.key);
        if (!common.empty() && common == last_prefix) return true;
        if (entries == request.max_keys) {
          truncated = true;
          return false;
        }
        ++entries;
        if (!common.empty()) {
          common_prefixes.push_back(json::object{{"Prefix", Encoded(request, common)}});
          last_prefix = common;
          last_key = common;
          last_version.reset();
          return true;
        }
        (version.delete_marker ? delete_markers : versions)
            .push_back(VersionEntryOf(version, request, owner));
        last_key = version.key;
        last_version = version.version_id;
        return true;
      });
  json::object out{{"Name", bucket},
                   {"Prefix", Encoded(request, request.prefix)},
                   {"KeyMarker", Encoded(request, key_marker)},
                   {"VersionIdMarker", version_marker},
                   {"MaxKeys", request.max_keys},
                   {"IsTruncated", truncated}};
  if (!request.delimiter.empty()) out["Delimiter"] = Encoded(request, request.delimiter);
  if (request.url_encoded) out["EncodingType"] = "url";
  if (!versions.empty()) out["Versions"] = std::move(versions);
  if (!delete_markers.empty()) out["DeleteMarkers"] = std::move(delete_markers);
  if (!common_prefixes.empty()) out["CommonPrefixes"] = std::move(common_prefixes);
  if (truncated) {
    out["NextKeyMarker"] = Encoded(request, last_key);
    if (last_version) out["NextVersionIdMarker"] = *last_version;
  }
  return out;
}

}  // namespace nimbus::s3
