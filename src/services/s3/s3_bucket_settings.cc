// The bucket settings Terraform's aws_s3_bucket reads on every refresh: transfer acceleration,
// requester pays, server access logging, replication, Object Lock and event notifications.
// Those nimbus keeps are stored and answered as given; replication and Object Lock are not
// emulated, so a bucket has neither.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/s3/s3_provider.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptObject;
using core::protocol::RequiredString;

namespace {

// The stored document of a member of `in`, or {} when it is not there.
std::string DocumentOf(const json::object& in, std::string_view member) {
  const json::object* document = OptObject(in, member);
  return json::serialize(document ? *document : json::object{});
}

}  // namespace

json::value S3Provider::PutBucketAccelerateConfiguration(const RequestContext& ctx,
                                                         const json::object& in) {
  SetConfig(ctx, in, "accelerate", DocumentOf(in, "AccelerateConfiguration"));
  return json::object{};
}

json::value S3Provider::GetBucketAccelerateConfiguration(const RequestContext& ctx,
                                                         const json::object& in) {
  // A bucket that never had acceleration answers an empty configuration (no Status).
  const std::optional<std::string> config = Config(ctx, in, "accelerate");
  return config ? json::parse(*config) : json::object{};
}

json::value S3Provider::PutBucketRequestPayment(const RequestContext& ctx,
                                                const json::object& in) {
  SetConfig(ctx, in, "request-payment", DocumentOf(in, "RequestPaymentConfiguration"));
  return json::object{};
}

json::value S3Provider::GetBucketRequestPayment(const RequestContext& ctx,
                                                const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "request-payment");
  return config ? json::parse(*config) : json::object{{"Payer", "BucketOwner"}};
}

json::value S3Provider::PutBucketLogging(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "logging", DocumentOf(in, "BucketLoggingStatus"));
  return json::object{};
}

json::value S3Provider::GetBucketLogging(const RequestContext& ctx, const json::object& in) {
  // Logging off: an empty BucketLoggingStatus.
  const std::optional<std::string> config = Config(ctx, in, "logging");
  return config ? json::parse(*config) : json::object{};
}

json::value S3Provider::GetBucketReplication(const RequestContext& ctx, const json::object& in) {
  Config(ctx, in, "replication");  // the bucket's errors first
  throw AwsError("ReplicationConfigurationNotFoundError",
                 "The replication configuration was not found")
      .With("BucketName", json::string(RequiredString(in, "Bucket")));
}

json::value S3Provider::GetObjectLockConfiguration(const RequestContext& ctx,
                                                   const json::object& in) {
  Config(ctx, in, "object-lock");
  throw AwsError("ObjectLockConfigurationNotFoundError",
                 "Object Lock configuration does not exist for this bucket")
      .With("BucketName", json::string(RequiredString(in, "Bucket")));
}

json::value S3Provider::PutBucketNotificationConfiguration(const RequestContext& ctx,
                                                           const json::object& in) {
  SetConfig(ctx, in, "notification", DocumentOf(in, "NotificationConfiguration"));
  return json::object{};
}

json::value S3Provider::GetBucketNotificationConfiguration(const RequestContext& ctx,
                                                           const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "notification");
  return config ? json::parse(*config) : json::object{};
}

}  // namespace nimbus::s3
