// Bucket versioning configuration: PutBucketVersioning and GetBucketVersioning.
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/s3/s3_internal.h"
#include "services/s3/s3_provider.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;

json::value S3Provider::PutBucketVersioning(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "Bucket");
  const json::object* config = core::protocol::OptObject(in, "VersioningConfiguration");
  const std::optional<std::string> status = config ? OptString(*config, "Status") : std::nullopt;
  const std::optional<std::string> mfa_delete =
      config ? OptString(*config, "MFADelete") : std::nullopt;
  if (!status) {
    throw AwsError("IllegalVersioningConfigurationException",
                   "The Versioning element must be specified");
  }
  // MFA delete needs the root user's MFA device in x-amz-mfa; nimbus has no MFA devices to check
  // a code against, so it refuses to turn it on as S3 refuses a request without one.
  if (mfa_delete == "Enabled") {
    throw AwsError("AccessDenied", "Mfa Authentication must be used for this request");
  }
  store::Transaction tx = store_.Begin();
  const BucketRecord bucket = OwnedBucket(tx, ctx, name);
  store_.SetVersioning(tx, name, *status, mfa_delete.value_or(bucket.mfa_delete));
  tx.Commit();
  return json::object{};
}

json::value S3Provider::GetBucketVersioning(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const BucketRecord bucket = OwnedBucket(tx, ctx, RequiredString(in, "Bucket"));
  // A bucket never versioned answers an empty <VersioningConfiguration/>.
  json::object out;
  if (!bucket.versioning.empty()) out["Status"] = bucket.versioning;
  if (!bucket.mfa_delete.empty()) out["MFADelete"] = bucket.mfa_delete;
  return out;
}

}  // namespace nimbus::s3
