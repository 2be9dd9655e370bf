#pragma once

#include <string_view>

#include <boost/json/object.hpp>

// Bucket policies as S3 checks them on PutBucketPolicy
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
namespace nimbus::s3::internal {

// The parsed policy of `bucket` (in a region of `region`'s partition). Throws MalformedPolicy
// with S3's message for text that is not a JSON object, a missing or empty Statement, an unknown
// Version, Effect or principal, an action of another service, or a resource of another bucket.
boost::json::object CheckedBucketPolicy(std::string_view text, std::string_view bucket,
                                        std::string_view region);

// Whether the policy grants anything to everyone: an Allow statement whose Principal is "*"
// (or {"AWS": "*"}) without a Condition, as GetBucketPolicyStatus reports it.
bool PolicyIsPublic(const boost::json::object& policy);

}  // namespace nimbus::s3::internal
