// Bucket configuration kept as documents with the bucket: policy, tagging, default encryption,
// public access block, object ownership and ACLs. Each is stored as given (after S3's checks)
// and answered as S3 answers it.
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/s3/s3_bucket_policy.h"
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

// A stored "null": the bucket's default was deleted (ownership controls, public access block).
constexpr std::string_view kDeleted = "null";

AwsError NotFound(std::string_view code, std::string_view message, const json::object& in) {
  return AwsError(std::string(code), std::string(message))
      .With("BucketName", json::string(RequiredString(in, "Bucket")));
}

// Since 2023 S3 gives every new bucket these defaults
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html).
json::object DefaultEncryption() {
  return json::object{
      {"Rules", json::array{json::object{
                    {"ApplyServerSideEncryptionByDefault", json::object{{"SSEAlgorithm", "AES256"}}},
                    {"BucketKeyEnabled", false}}}}};
}

json::object DefaultPublicAccessBlock() {
  return json::object{{"BlockPublicAcls", true},
                      {"IgnorePublicAcls", true},
                      {"BlockPublicPolicy", true},
                      {"RestrictPublicBuckets", true}};
}

json::object DefaultOwnershipControls() {
  return json::object{{"Rules", json::array{json::object{{"ObjectOwnership", "BucketOwnerEnforced"}}}}};
}

// The ACL grant of the owner: FULL_CONTROL.
json::object OwnerGrant(std::string_view account) {
  return json::object{{"Grantee", json::object{{"ID", internal::CanonicalUserId(account)},
                                               {"Type", "CanonicalUser"}}},
                      {"Permission", "FULL_CONTROL"}};
}

json::object GroupGrant(std::string_view group, std::string_view permission) {
  return json::object{
      {"Grantee", json::object{{"Type", "Group"},
                               {"URI", "http://acs.amazonaws.com/groups/global/" +
                                           std::string(group)}}},
      {"Permission", permission}};
}

// The grants of a canned ACL
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl).
json::array CannedGrants(std::string_view acl, std::string_view account) {
  json::array grants{OwnerGrant(account)};
  if (acl == "public-read" || acl == "public-read-write") {
    grants.push_back(GroupGrant("AllUsers", "READ"));
  }
  if (acl == "public-read-write") grants.push_back(GroupGrant("AllUsers", "WRITE"));
  if (acl == "authenticated-read") grants.push_back(GroupGrant("AuthenticatedUsers", "READ"));
  if (acl == "log-delivery-write") {
    grants.push_back(GroupGrant("s3/LogDelivery", "WRITE"));
    grants.push_back(GroupGrant("s3/LogDelivery", "READ_ACP"));
  }
  return grants;
}

// A bucket tag set: at most 50 tags, otherwise the rules of object tags; aws: keys only from
// CloudFormation (which tags its resources aws:cloudformation:*).
void CheckBucketTags(const RequestContext& ctx, const json::array& tags) {
  if (tags.size() > 50) {
    throw AwsError("InvalidTag", "Bucket tag count cannot be greater than 50");
  }
  std::set<std::string> keys;
  for (const json::value& tag : tags) {
    const std::string key = OptString(tag.as_object(), "Key").value_or("");
    if (key.starts_with("aws:") && ctx.caller.called_via.empty()) {
      throw AwsError("InvalidTag", "System tags cannot be added/updated by requester");
    }
    if (!keys.insert(key).second) {
      throw AwsError("InvalidTag", "Cannot provide multiple Tags with the same key");
    }
  }
  // The remaining rules (key and value lengths) are those of object tags, checked ten at a time.
  for (size_t i = 0; i < tags.size(); i += 10) {
    json::array chunk(tags.begin() + static_cast<std::ptrdiff_t>(i),
                      tags.begin() + static_cast<std::ptrdiff_t>(std::min(i + 10, tags.size())));
    internal::CheckTags(chunk);
  }
}

}  // namespace

std::optional<std::string> S3Provider::Config(const RequestContext& ctx, const json::object& in,
                                              std::string_view kind) {
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, RequiredString(in, "Bucket"));
  return configs_.Find(tx, RequiredString(in, "Bucket"), kind);
}

void S3Provider::SetConfig(const RequestContext& ctx, const json::object& in,
                           std::string_view kind, const std::optional<std::string>& document) {
  const std::string bucket = RequiredString(in, "Bucket");
  store::Transaction tx = store_.Begin();
  OwnedBucket(tx, ctx, bucket);
  if (document) {
    configs_.Put(tx, bucket, kind, *document);
  } else {
    configs_.Delete(tx, bucket, kind);
  }
  tx.Commit();
}

json::value S3Provider::PutBucketPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string text = OptString(in, "Policy").value_or("");
  std::string region;
  {
    store::Transaction tx = store_.Read();
    region = OwnedBucket(tx, ctx, RequiredString(in, "Bucket")).region;
  }
  internal::CheckedBucketPolicy(text, RequiredString(in, "Bucket"), region);
  SetConfig(ctx, in, "policy", text);
  return json::object{};
}

json::value S3Provider::GetBucketPolicy(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> policy = Config(ctx, in, "policy");
  if (!policy) throw NotFound("NoSuchBucketPolicy", "The bucket policy does not exist", in);
  return json::object{{"Policy", *policy}};
}

json::value S3Provider::DeleteBucketPolicy(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "policy", std::nullopt);
  return json::object{};
}

json::value S3Provider::GetBucketPolicyStatus(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> policy = Config(ctx, in, "policy");
  if (!policy) throw NotFound("NoSuchBucketPolicy", "The bucket policy does not exist", in);
  const bool is_public = internal::PolicyIsPublic(json::parse(*policy).as_object());
  return json::object{{"PolicyStatus", json::object{{"IsPublic", is_public}}}};
}

json::value S3Provider::PutBucketTagging(const RequestContext& ctx, const json::object& in) {
  const json::object* tagging = OptObject(in, "Tagging");
  const json::array* tags = tagging ? core::protocol::OptArray(*tagging, "TagSet") : nullptr;
  const json::array tag_set = tags ? *tags : json::array{};
  CheckBucketTags(ctx, tag_set);
  // An empty TagSet leaves the bucket without tags, as DeleteBucketTagging does.
  SetConfig(ctx, in, "tagging",
            tag_set.empty() ? std::nullopt : std::optional<std::string>(json::serialize(tag_set)));
  return json::object{};
}

json::value S3Provider::GetBucketTagging(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> tags = Config(ctx, in, "tagging");
  if (!tags) throw NotFound("NoSuchTagSet", "The TagSet does not exist", in);
  return json::object{{"TagSet", json::parse(*tags)}};
}

json::value S3Provider::DeleteBucketTagging(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "tagging", std::nullopt);
  return json::object{};
}

json::value S3Provider::PutBucketEncryption(const RequestContext& ctx, const json::object& in) {
  const json::object* config = OptObject(in, "ServerSideEncryptionConfiguration");
  const json::array* rules = config ? core::protocol::OptArray(*config, "Rules") : nullptr;
  if (!rules || rules->empty()) {
    throw AwsError("MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema");
  }
  for (const json::value& rule : *rules) {
    const json::object* by_default =
        OptObject(rule.as_object(), "ApplyServerSideEncryptionByDefault");
    if (!by_default) continue;
    const std::string algorithm = OptString(*by_default, "SSEAlgorithm").value_or("");
    if (by_default->contains("KMSMasterKeyID") && algorithm == "AES256") {
      throw AwsError("InvalidArgument",
                     "a KMSMasterKeyID is not applicable if the default sse algorithm is not "
                     "aws:kms or aws:kms:dsse")
          .With("ArgumentName", "ApplyServerSideEncryptionByDefault");
    }
  }
  // S3 answers BucketKeyEnabled false for a rule that does not set it.
  json::object stored{{"Rules", json::array{}}};
  for (const json::value& rule : *rules) {
    json::object kept = rule.as_object();
    if (!kept.contains("BucketKeyEnabled")) kept["BucketKeyEnabled"] = false;
    stored["Rules"].as_array().push_back(std::move(kept));
  }
  SetConfig(ctx, in, "encryption", json::serialize(stored));
  return json::object{};
}

json::value S3Provider::GetBucketEncryption(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "encryption");
  return json::object{
      {"ServerSideEncryptionConfiguration", config ? json::parse(*config) : DefaultEncryption()}};
}

json::value S3Provider::DeleteBucketEncryption(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "encryption", std::nullopt);  // back to SSE-S3, S3's default
  return json::object{};
}

json::value S3Provider::PutPublicAccessBlock(const RequestContext& ctx, const json::object& in) {
  const json::object* config = OptObject(in, "PublicAccessBlockConfiguration");
  json::object stored;
  for (std::string_view member :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
    stored[member] = config ? core::protocol::BoolOr(*config, member, false) : false;
  }
  SetConfig(ctx, in, "public-access-block", json::serialize(stored));
  return json::object{};
}

json::value S3Provider::GetPublicAccessBlock(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "public-access-block");
  if (config == kDeleted) {
    throw NotFound("NoSuchPublicAccessBlockConfiguration",
                   "The public access block configuration was not found", in);
  }
  return json::object{{"PublicAccessBlockConfiguration",
                       config ? json::parse(*config) : DefaultPublicAccessBlock()}};
}

json::value S3Provider::DeletePublicAccessBlock(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "public-access-block", std::string(kDeleted));
  return json::object{};
}

json::value S3Provider::PutBucketOwnershipControls(const RequestContext& ctx,
                                                   const json::object& in) {
  const json::object* controls = OptObject(in, "OwnershipControls");
  const json::array* rules = controls ? core::protocol::OptArray(*controls, "Rules") : nullptr;
  if (!rules || rules->size() != 1) {
    throw AwsError("MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema");
  }
  SetConfig(ctx, in, "ownership", json::serialize(*controls));
  return json::object{};
}

json::value S3Provider::GetBucketOwnershipControls(const RequestContext& ctx,
                                                   const json::object& in) {
  const std::optional<std::string> controls = Config(ctx, in, "ownership");
  if (controls == kDeleted) {
    throw NotFound("OwnershipControlsNotFoundError",
                   "The bucket ownership controls were not found", in);
  }
  return json::object{
      {"OwnershipControls", controls ? json::parse(*controls) : DefaultOwnershipControls()}};
}

json::value S3Provider::DeleteBucketOwnershipControls(const RequestContext& ctx,
                                                      const json::object& in) {
  SetConfig(ctx, in, "ownership", std::string(kDeleted));
  return json::object{};
}

json::value S3Provider::PutBucketAcl(const RequestContext& ctx, const json::object& in) {
  json::array grants;
  if (const json::object* policy = OptObject(in, "AccessControlPolicy")) {
    if (const json::array* given = core::protocol::OptArray(*policy, "Grants")) grants = *given;
  } else {
    grants = CannedGrants(OptString(in, "ACL").value_or("private"), ctx.scope.account);
  }
  // With BucketOwnerEnforced (the default) ACLs are off: only the owner's own grant is accepted.
  const std::optional<std::string> ownership = Config(ctx, in, "ownership");
  const bool enforced =
      !ownership || json::serialize(json::parse(*ownership)).find("BucketOwnerEnforced") !=
                        std::string::npos;
  const json::array owner_only{OwnerGrant(ctx.scope.account)};
  if (enforced && grants != owner_only) {
    throw AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs");
  }
  SetConfig(ctx, in, "acl", json::serialize(grants));
  return json::object{};
}

json::value S3Provider::GetBucketAcl(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> grants = Config(ctx, in, "acl");
  return json::object{
      {"Owner", internal::Owner(ctx.scope.account)},
      {"Grants", grants ? json::parse(*grants) : json::array{OwnerGrant(ctx.scope.account)}}};
}

json::value S3Provider::GetObjectAcl(const RequestContext& ctx, const json::object& in) {
  const std::string bucket = RequiredString(in, "Bucket");
  store::Transaction tx = store_.Read();
  OwnedBucket(tx, ctx, bucket);
  ExistingObject(tx, bucket, RequiredString(in, "Key"));
  return json::object{{"Owner", internal::Owner(ctx.scope.account)},
                      {"Grants", json::array{OwnerGrant(ctx.scope.account)}}};
}

}  // namespace nimbus::s3
