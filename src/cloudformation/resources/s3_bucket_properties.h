#pragma once

#include <optional>

#include <boost/json/object.hpp>

// AWS::S3::Bucket's configuration properties in the shapes of the S3 API: CloudFormation names
// and nests them its own way (CorsRules[].MaxAge for CORSRules[].MaxAgeSeconds, a lifecycle
// rule's ExpirationInDays for Expiration.Days, ...), as the property pages under
// aws-properties-s3-bucket-*.md in the user guide describe them.
namespace nimbus::cloudformation::internal {

// The ServerSideEncryptionConfiguration of PutBucketEncryption, from BucketEncryption.
boost::json::object S3Encryption(const boost::json::object& bucket_encryption);
// The CORSConfiguration of PutBucketCors, from CorsConfiguration.
boost::json::object S3Cors(const boost::json::object& cors_configuration);
// The LifecycleConfiguration of PutBucketLifecycleConfiguration, from LifecycleConfiguration.
boost::json::object S3Lifecycle(const boost::json::object& lifecycle_configuration);
// The WebsiteConfiguration of PutBucketWebsite, from WebsiteConfiguration.
boost::json::object S3Website(const boost::json::object& website_configuration);
// The PublicAccessBlockConfiguration of PutPublicAccessBlock (booleans given as "true" too).
boost::json::object S3PublicAccessBlock(const boost::json::object& configuration);

}  // namespace nimbus::cloudformation::internal
