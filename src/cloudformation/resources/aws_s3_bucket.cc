// AWS::S3::Bucket
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket.html).
// Calls S3 through ServiceClient as the stack's caller: the bucket and its configuration are
// visible through the S3 API, and S3's errors (a taken name, a bucket that is not empty) are the
// resource's failure reasons.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/s3_bucket_properties.h"
#include "cloudformation/resources/service_calls.h"
#include "core/aws_error.h"
#include "core/partition.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::PropertyKind;
using internal::PropertySpec;
using internal::StringProperty;

namespace {

constexpr std::array<std::string_view, 8> kCannedAcls = {
    "AuthenticatedRead", "AwsExecRead",     "BucketOwnerFullControl", "BucketOwnerRead",
    "LogDeliveryWrite",  "Private",         "PublicRead",             "PublicReadWrite"};

// Every property of the type's schema (models/cloudformation-schemas/resources/AWS-S3-Bucket.json).
constexpr std::array<PropertySpec, 25> kProperties = {{
    {.name = "AbacStatus"},
    {.name = "AccelerateConfiguration", .kind = PropertyKind::kObject},
    {.name = "AccessControl", .allowed = kCannedAcls},
    {.name = "AnalyticsConfigurations", .kind = PropertyKind::kObjectList},
    {.name = "BucketEncryption", .kind = PropertyKind::kObject},
    {.name = "BucketName"},
    {.name = "BucketNamePrefix"},
    {.name = "BucketNamespace"},
    {.name = "CorsConfiguration", .kind = PropertyKind::kObject},
    {.name = "IntelligentTieringConfigurations", .kind = PropertyKind::kObjectList},
    {.name = "InventoryConfigurations", .kind = PropertyKind::kObjectList},
    {.name = "LifecycleConfiguration", .kind = PropertyKind::kObject},
    {.name = "LoggingConfiguration", .kind = PropertyKind::kObject},
    {.name = "MetadataConfiguration", .kind = PropertyKind::kObject},
    {.name = "MetadataTableConfiguration", .kind = PropertyKind::kObject},
    {.name = "MetricsConfigurations", .kind = PropertyKind::kObjectList},
    {.name = "NotificationConfiguration", .kind = PropertyKind::kObject},
    {.name = "ObjectLockConfiguration", .kind = PropertyKind::kObject},
    {.name = "ObjectLockEnabled", .kind = PropertyKind::kBoolean},
    {.name = "OwnershipControls", .kind = PropertyKind::kObject},
    {.name = "PublicAccessBlockConfiguration", .kind = PropertyKind::kObject},
    {.name = "ReplicationConfiguration", .kind = PropertyKind::kObject},
    {.name = "Tags", .kind = PropertyKind::kTags},
    {.name = "VersioningConfiguration", .kind = PropertyKind::kObject},
    {.name = "WebsiteConfiguration", .kind = PropertyKind::kObject},
}};

// The regions whose website endpoint is s3-website-<region> (a hyphen); the others use
// s3-website.<region>
// (https://docs.aws.amazon.com/general/latest/gr/s3.html#s3_website_region_endpoints).
constexpr std::array<std::string_view, 9> kHyphenWebsiteRegions = {
    "us-east-1",      "us-west-1",      "us-west-2", "ap-southeast-1", "ap-southeast-2",
    "ap-northeast-1", "eu-west-1",      "sa-east-1", "us-gov-west-1"};

// AccessControl's values are S3's canned ACLs in PascalCase: PublicRead is public-read.
std::string CannedAcl(std::string_view access_control) {
  std::string acl;
  for (const char c : access_control) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!acl.empty()) acl += '-';
      acl += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      acl += c;
    }
  }
  return acl;
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

const json::object* ObjectProperty(const json::object& props, std::string_view name) {
  const json::value* value = props.if_contains(name);
  return value && value->is_object() ? &value->get_object() : nullptr;
}

class S3Bucket final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::S3::Bucket"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    // A generated name is lower case and at most 63 characters, as bucket names must be.
    const std::string name =
        StringProperty(req.props, "BucketName").value_or(Lowercase(req.GeneratedName(63)));
    json::object in{{"Bucket", name}};
    if (req.ctx.scope.region != "us-east-1") {
      in["CreateBucketConfiguration"] = json::object{{"LocationConstraint", req.ctx.scope.region}};
    }
    RefuseExisting(req, name);
    req.services.Call(req.ctx, "s3", "CreateBucket", in);
    try {
      Configure(req, name, json::object{});
    } catch (const core::AwsError&) {
      // The bucket was made but not configured: CloudFormation's handler removes it again.
      internal::DeleteUnlessGone(req, "s3", "DeleteBucket", {{"Bucket", name}}, {"NoSuchBucket"});
      throw;
    }
    return {.physical_id = name};  // Ref returns the bucket name, as the page says
  }

  // Every configuration property updates with no interruption; BucketName replaces (the
  // schema's createOnlyProperties), so it never reaches here changed.
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    Configure(req, std::string(physical_id), previous);
    return {.physical_id = std::string(physical_id)};
  }

  // A bucket with objects fails with S3's BucketNotEmpty message, as in AWS.
  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::DeleteUnlessGone(req, "s3", "DeleteBucket", {{"Bucket", physical_id}},
                               {"NoSuchBucket"});
  }

  // The page's attributes, from the name and the stack's region (as AWS computes them).
  std::optional<json::value> Attribute(const ResourceRequest& req, std::string_view physical_id,
                                       std::string_view name) override {
    const std::string bucket(physical_id);
    const std::string& region = req.ctx.scope.region;
    const core::Partition& partition = core::PartitionOf(region);
    // A bucket ARN names neither region nor account: arn:aws:s3:::<bucket>.
    if (name == "Arn") {
      return json::value(core::GlobalArn({.account = "", .region = region}, "s3", bucket));
    }
    if (name == "DomainName") return json::value(bucket + ".s3." + partition.dns_suffix);
    if (name == "RegionalDomainName") {
      return json::value(bucket + ".s3." + region + "." + partition.dns_suffix);
    }
    if (name == "DualStackDomainName") {
      return json::value(bucket + ".s3.dualstack." + region + "." + partition.dns_suffix);
    }
    if (name == "WebsiteURL") {
      const bool hyphen = std::find(kHyphenWebsiteRegions.begin(), kHyphenWebsiteRegions.end(),
                                    region) != kHyphenWebsiteRegions.end();
      return json::value("http://" + bucket + (hyphen ? ".s3-website-" : ".s3-website.") +
                         region + "." + partition.dns_suffix);
    }
    return std::nullopt;
  }

  // Drift: what S3 answers back in the template's shapes: the name, versioning, transfer
  // acceleration, the public access block and the tags. The other configurations are not read
  // back yet (S3 names and nests them otherwise: s3_bucket_properties.h).
  LiveProperties ReadLive(const ResourceRequest& req, std::string_view physical_id) override {
    LiveProperties live{.state = LiveProperties::State::kFound,
                        .read = {"BucketName", "VersioningConfiguration", "AccelerateConfiguration",
                                 "PublicAccessBlockConfiguration", "Tags"}};
    const json::object bucket{{"Bucket", physical_id}};
    try {
      req.services.Call(req.ctx, "s3", "HeadBucket", bucket);
    } catch (const core::AwsError& error) {
      if (error.code() != "NoSuchBucket" && error.code() != "NotFound") throw;
      live.state = LiveProperties::State::kDeleted;
      return live;
    }
    live.props["BucketName"] = physical_id;
    const json::value versioning = req.services.Call(req.ctx, "s3", "GetBucketVersioning", bucket);
    if (const json::value* status = versioning.as_object().if_contains("Status")) {
      live.props["VersioningConfiguration"] = json::object{{"Status", *status}};
    }
    const json::value accelerate =
        req.services.Call(req.ctx, "s3", "GetBucketAccelerateConfiguration", bucket);
    if (const json::value* status = accelerate.as_object().if_contains("Status")) {
      live.props["AccelerateConfiguration"] = json::object{{"AccelerationStatus", *status}};
    }
    // A configuration S3 has none of is absent (removed); any other error is the detection's.
    const auto read_optional = [&](std::string_view operation, std::string_view missing) {
      try {
        return std::optional<json::value>(req.services.Call(req.ctx, "s3", operation, bucket));
      } catch (const core::AwsError& error) {
        if (error.code() != missing) throw;
        return std::optional<json::value>();
      }
    };
    if (std::optional<json::value> block =
            read_optional("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration")) {
      live.props["PublicAccessBlockConfiguration"] = block->at("PublicAccessBlockConfiguration");
    }
    const std::optional<json::value> tagging = read_optional("GetBucketTagging", "NoSuchTagSet");
    live.props["Tags"] = tagging ? tagging->at("TagSet") : json::value(json::array());
    return live;
  }

  std::vector<std::string> Identifiers() const override { return {"BucketName"}; }

 private:
  // S3 answers CreateBucket of one's own us-east-1 bucket with 200 (its legacy behaviour);
  // CloudFormation does not take over a bucket that exists, so that is S3's error elsewhere.
  static void RefuseExisting(const ResourceRequest& req, const std::string& name) {
    try {
      req.services.Call(req.ctx, "s3", "HeadBucket", {{"Bucket", name}});
    } catch (const core::AwsError&) {
      return;  // not the caller's: CreateBucket says whether it is free
    }
    throw core::AwsError("BucketAlreadyOwnedByYou",
                         "Your previous request to create the named bucket succeeded and you "
                         "already own it.")
        .With("BucketName", json::string(name));
  }

  // Applies each configuration property that differs from `previous` (everything on create):
  // put when given, deleted when it was given before and is no longer.
  static void Configure(const ResourceRequest& req, const std::string& bucket,
                        const json::object& previous) {
    const auto changed = [&](std::string_view property) {
      const json::value* now = req.props.if_contains(property);
      const json::value* before = previous.if_contains(property);
      if (!now && !before) return false;
      return !now || !before || *now != *before;
    };
    const auto call = [&](std::string_view operation, json::object in) {
      in["Bucket"] = bucket;
      req.services.Call(req.ctx, "s3", operation, in);
    };
    if (changed("OwnershipControls")) {
      if (const json::object* controls = ObjectProperty(req.props, "OwnershipControls")) {
        call("PutBucketOwnershipControls", {{"OwnershipControls", *controls}});
      } else {
        call("PutBucketOwnershipControls",
             {{"OwnershipControls",
               {{"Rules", json::array{json::object{{"ObjectOwnership", "BucketOwnerEnforced"}}}}}}});
      }
    }
    if (changed("PublicAccessBlockConfiguration")) {
      if (const json::object* block = ObjectProperty(req.props, "PublicAccessBlockConfiguration")) {
        call("PutPublicAccessBlock",
             {{"PublicAccessBlockConfiguration", internal::S3PublicAccessBlock(*block)}});
      } else {
        call("DeletePublicAccessBlock", {});
      }
    }
    if (changed("AccessControl")) {
      call("PutBucketAcl",
           {{"ACL", CannedAcl(StringProperty(req.props, "AccessControl").value_or("Private"))}});
    }
    if (changed("BucketEncryption")) {
      if (const json::object* encryption = ObjectProperty(req.props, "BucketEncryption")) {
        call("PutBucketEncryption",
             {{"ServerSideEncryptionConfiguration", internal::S3Encryption(*encryption)}});
      } else {
        call("DeleteBucketEncryption", {});
      }
    }
    if (changed("CorsConfiguration")) {
      if (const json::object* cors = ObjectProperty(req.props, "CorsConfiguration")) {
        call("PutBucketCors", {{"CORSConfiguration", internal::S3Cors(*cors)}});
      } else {
        call("DeleteBucketCors", {});
      }
    }
    if (changed("LifecycleConfiguration")) {
      if (const json::object* lifecycle = ObjectProperty(req.props, "LifecycleConfiguration")) {
        call("PutBucketLifecycleConfiguration",
             {{"LifecycleConfiguration", internal::S3Lifecycle(*lifecycle)}});
      } else {
        call("DeleteBucketLifecycle", {});
      }
    }
    if (changed("WebsiteConfiguration")) {
      if (const json::object* website = ObjectProperty(req.props, "WebsiteConfiguration")) {
        call("PutBucketWebsite", {{"WebsiteConfiguration", internal::S3Website(*website)}});
      } else {
        call("DeleteBucketWebsite", {});
      }
    }
    if (changed("AccelerateConfiguration")) {
      const json::object* accelerate = ObjectProperty(req.props, "AccelerateConfiguration");
      const std::optional<std::string> status =
          accelerate ? StringProperty(*accelerate, "AccelerationStatus") : std::nullopt;
      call("PutBucketAccelerateConfiguration",
           {{"AccelerateConfiguration", {{"Status", status.value_or("Suspended")}}}});
    }
    // A versioned bucket never goes back to unversioned: a VersioningConfiguration removed from
    // the template suspends versioning, as S3 allows.
    if (changed("VersioningConfiguration")) {
      const json::object* versioning = ObjectProperty(req.props, "VersioningConfiguration");
      const std::optional<std::string> status =
          versioning ? StringProperty(*versioning, "Status") : std::nullopt;
      call("PutBucketVersioning",
           {{"VersioningConfiguration", {{"Status", status.value_or("Suspended")}}}});
    }
    // Notification, Replication, Logging, ObjectLock, Analytics, Inventory, Metrics and
    // IntelligentTiering configurations are accepted and not applied
    // (src/cloudformation/README.md).
    // Tags last: the stack's and CloudFormation's tags change with every update of the stack.
    call("PutBucketTagging", {{"Tagging", {{"TagSet", internal::ResourceTags(req, true)}}}});
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeS3Bucket() { return std::make_unique<S3Bucket>(); }

}  // namespace nimbus::cloudformation
