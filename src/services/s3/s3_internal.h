#pragma once

#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/aws_error.h"

// Helpers shared by the S3 provider's files.
namespace nimbus::s3::internal {

core::AwsError NoSuchBucket(std::string_view bucket);
core::AwsError NoSuchKey(std::string_view key);

// S3's canonical user id of an account: 64 hex characters, stable for the account.
std::string CanonicalUserId(std::string_view account);

// The Owner structure of listings.
boost::json::object Owner(std::string_view account);

// A TagSet checked as S3 checks object tags (at most 10, keys 1..128 and values 0..256
// characters, no key twice); throws InvalidTag.
void CheckTags(const boost::json::array& tags);

// The TagSet of an x-amz-tagging header ("k1=v1&k2=v2", URL-encoded); throws InvalidTag.
boost::json::array TagsFromHeader(std::string_view header);

// The headers an object keeps (ContentType, CacheControl, ...) and its user metadata, from a
// PutObject, CreateMultipartUpload or CopyObject (REPLACE) request.
boost::json::object StoredHeaders(const boost::json::object& in);
boost::json::object StoredMetadata(const boost::json::object& in);

// Checks Content-MD5 and the x-amz-checksum-* members against `body`; returns the checksums to
// keep ({"ChecksumCRC32": "..."}): those sent, and the one ChecksumAlgorithm names if its value
// was not sent (S3 computes it).
boost::json::object CheckedChecksums(const boost::json::object& in, std::string_view body);

}  // namespace nimbus::s3::internal
