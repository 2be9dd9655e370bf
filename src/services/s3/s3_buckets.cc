// Bucket operations: create, head, delete, list, location.
#include <cctype>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/partition.h"
#include "core/protocol/value.h"
#include "core/text.h"
#include "services/s3/s3_internal.h"
#include "services/s3/s3_provider.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

constexpr std::string_view kUsEast1 = "us-east-1";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "192.168.5.4": four dot-separated numbers.
bool LooksLikeIpAddress(std::string_view name) {
  const std::vector<std::string_view> parts = core::Split(name, '.');
  if (parts.size() != 4) return false;
  for (std::string_view part : parts) {
    if (part.empty() || part.size() > 3) return false;
    for (const char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
  }
  return true;
}

// The general purpose bucket naming rules:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
bool ValidBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (const char c : name) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-') {
      return false;
    }
  }
  const auto alnum = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c));
  };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  if (name.find("..") != std::string_view::npos || LooksLikeIpAddress(name)) return false;
  for (std::string_view prefix : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (core::StartsWith(name, prefix)) return false;
  }
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
    if (EndsWith(name, suffix)) return false;
  }
  return true;
}

// The region a CreateBucket request puts the bucket in, from the endpoint's region (the
// credential scope's) and the LocationConstraint. us-east-1 (the global endpoint) accepts every
// other region's constraint; any other region only its own.
std::string BucketRegion(std::string_view endpoint_region,
                         const std::optional<std::string>& constraint) {
  if (!constraint || constraint->empty()) {
    if (endpoint_region == kUsEast1) return std::string(kUsEast1);
    throw AwsError("IllegalLocationConstraintException",
                   "The unspecified location constraint is incompatible for the region specific "
                   "endpoint this request was sent to.");
  }
  // "EU" is the legacy name of eu-west-1.
  const std::string region = *constraint == "EU" ? "eu-west-1" : *constraint;
  if (region == kUsEast1 || !core::IsRegion(region)) {
    throw AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid")
        .With("LocationConstraint", json::string(*constraint));
  }
  if (endpoint_region != kUsEast1 && region != endpoint_region) {
    throw AwsError("IllegalLocationConstraintException",
                   "The " + *constraint +
                       " location constraint is incompatible for the region specific endpoint "
                       "this request was sent to.");
  }
  return region;
}

}  // namespace

json::value S3Provider::CreateBucket(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "Bucket");
  if (!ValidBucketName(name)) {
    throw AwsError("InvalidBucketName", "The specified bucket is not valid.")
        .With("BucketName", json::string(name));
  }
  const json::object* config = OptObject(in, "CreateBucketConfiguration");
  const std::string region =
      BucketRegion(ctx.scope.region, config ? OptString(*config, "LocationConstraint")
                                            : std::optional<std::string>());
  const std::string location =
      region == kUsEast1 ? "/" + name : "http://" + name + ".s3.amazonaws.com/";
  store::Transaction tx = store_.Begin();
  if (std::optional<BucketRecord> existing = store_.FindBucket(tx, name)) {
    if (existing->account != ctx.scope.account) {
      throw AwsError("BucketAlreadyExists",
                     "The requested bucket name is not available. The bucket namespace is shared "
                     "by all users of the system. Please select a different name and try again.")
          .With("BucketName", json::string(name));
    }
    // us-east-1 keeps its legacy answer: creating a bucket you own there again succeeds.
    if (existing->region == kUsEast1 && region == kUsEast1) {
      return json::object{{"Location", location}};
    }
    throw AwsError("BucketAlreadyOwnedByYou",
                   "Your previous request to create the named bucket succeeded and you already "
                   "own it.")
        .With("BucketName", json::string(name));
  }
  store_.InsertBucket(tx, {.name = name,
                           .account = ctx.scope.account,
                           .region = region,
                           .created_millis = ctx.now_millis});
  tx.Commit();
  return json::object{
      {"Location", location},
      {"BucketArn", core::GlobalArn({.account = "", .region = region}, "s3", name)}};
}

json::value S3Provider::HeadBucket(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const BucketRecord bucket = OwnedBucket(tx, ctx, RequiredString(in, "Bucket"));
  return json::object{{"BucketRegion", bucket.region}, {"AccessPointAlias", false}};
}

json::value S3Provider::DeleteBucket(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "Bucket");
  store::Transaction tx = store_.Begin();
  OwnedBucket(tx, ctx, name);
  if (store_.HasObjects(tx, name)) {
    throw AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty")
        .With("BucketName", json::string(name));
  }
  store_.DeleteBucket(tx, name);
  configs_.DeleteAll(tx, name);
  tx.Commit();
  return json::object{};
}

json::value S3Provider::ListBuckets(const RequestContext& ctx, const json::object& in) {
  const std::string prefix = OptString(in, "Prefix").value_or("");
  const std::optional<std::string> region = OptString(in, "BucketRegion");
  const int64_t max_buckets = core::protocol::IntOr(in, "MaxBuckets", 10000);
  std::string after;
  if (std::optional<std::string> token = OptString(in, "ContinuationToken")) {
    if (!core::Base64Decode(*token, &after)) {
      throw AwsError("InvalidArgument", "The continuation token provided is incorrect")
          .With("ArgumentName", "continuation-token");
    }
  }
  store::Transaction tx = store_.Read();
  json::array buckets;
  json::object out{{"Owner", internal::Owner(ctx.scope.account)}};
  for (const BucketRecord& bucket : store_.ListBuckets(tx, ctx.scope.account)) {
    if (!core::StartsWith(bucket.name, prefix) || bucket.name <= after) continue;
    if (region && bucket.region != *region) continue;
    if (static_cast<int64_t>(buckets.size()) == max_buckets) {
      const std::string last(buckets.back().as_object().at("Name").as_string());
      out["ContinuationToken"] = core::Base64Encode(last);
      break;
    }
    buckets.push_back(json::object{{"Name", bucket.name},
                                   {"CreationDate", core::EpochSeconds(bucket.created_millis)},
                                   {"BucketRegion", bucket.region}});
  }
  out["Buckets"] = std::move(buckets);
  if (!prefix.empty()) out["Prefix"] = prefix;
  return out;
}

json::value S3Provider::GetBucketLocation(const RequestContext& ctx, const json::object& in) {
  store::Transaction tx = store_.Read();
  const BucketRecord bucket = OwnedBucket(tx, ctx, RequiredString(in, "Bucket"));
  // us-east-1 buckets answer an empty LocationConstraint.
  if (bucket.region == kUsEast1) return json::object{};
  return json::object{{"LocationConstraint", bucket.region}};
}

}  // namespace nimbus::s3
