// Bucket configurations made of rules, checked as S3 checks them before they are kept: CORS,
// lifecycle and static website hosting.
#include <algorithm>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "services/s3/s3_provider.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptArray;
using core::protocol::OptObject;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

AwsError MalformedXml() {
  return AwsError("MalformedXML",
                  "The XML you provided was not well-formed or did not validate against our "
                  "published schema");
}

AwsError InvalidArgument(std::string message, std::string_view name, std::string_view value) {
  return AwsError("InvalidArgument", std::move(message))
      .With("ArgumentName", json::string(name))
      .With("ArgumentValue", json::string(value));
}

AwsError NotFound(std::string_view code, std::string_view message, const json::object& in) {
  return AwsError(std::string(code), std::string(message))
      .With("BucketName", json::string(RequiredString(in, "Bucket")));
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html
void CheckCorsRules(const json::array& rules) {
  if (rules.empty()) throw MalformedXml();
  if (rules.size() > 100) {
    throw AwsError("InvalidRequest", "The number of CORS rules should not exceed allowed limit "
                                     "of 100 rules.");
  }
  for (const json::value& value : rules) {
    const json::object& rule = value.as_object();
    const json::array* methods = OptArray(rule, "AllowedMethods");
    const json::array* origins = OptArray(rule, "AllowedOrigins");
    if (!methods || methods->empty() || !origins || origins->empty()) throw MalformedXml();
    for (const json::value& method : *methods) {
      const std::string name(method.as_string());
      if (name != "GET" && name != "PUT" && name != "HEAD" && name != "POST" &&
          name != "DELETE") {
        throw AwsError("InvalidRequest",
                       "Found unsupported HTTP method in CORS config. Unsupported method is " +
                           name);
      }
    }
    for (const json::value& origin : *origins) {
      const std::string text(origin.as_string());
      if (std::count(text.begin(), text.end(), '*') > 1) {
        throw AwsError("InvalidRequest",
                       "AllowedOrigin \"" + text + "\" can not have more than one wildcard.");
      }
    }
  }
}

// Exactly one of a rule's filter elements (Prefix, Tag, size bounds, And).
void CheckLifecycleFilter(const json::object& filter) {
  int elements = 0;
  for (std::string_view member :
       {"Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And"}) {
    if (filter.contains(member)) ++elements;
  }
  if (elements > 1) throw MalformedXml();
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
void CheckLifecycleRules(const json::array& rules) {
  if (rules.empty()) throw MalformedXml();
  if (rules.size() > 1000) {
    throw AwsError("InvalidRequest", "The number of lifecycle rules should not exceed allowed "
                                     "limit of 1000 rules");
  }
  std::set<std::string> ids;
  for (const json::value& value : rules) {
    const json::object& rule = value.as_object();
    const std::optional<std::string> id = OptString(rule, "ID");
    if (id && id->size() > 255) {
      throw InvalidArgument("ID length should not exceed allowed limit of 255", "ID", *id);
    }
    if (id && !ids.insert(*id).second) {
      throw InvalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID",
                            *id);
    }
    const json::object* filter = OptObject(rule, "Filter");
    // A rule names its objects with a Filter or (legacy) a Prefix, not both and not neither.
    if (filter && rule.contains("Prefix")) throw MalformedXml();
    if (!filter && !rule.contains("Prefix")) throw MalformedXml();
    if (filter) CheckLifecycleFilter(*filter);
    bool has_action = false;
    for (std::string_view action : {"Expiration", "Transitions", "NoncurrentVersionTransitions",
                                    "NoncurrentVersionExpiration",
                                    "AbortIncompleteMultipartUpload"}) {
      if (rule.contains(action)) has_action = true;
    }
    if (!has_action) {
      throw AwsError("InvalidRequest", "At least one action needs to be specified in a rule");
    }
    if (const json::object* expiration = OptObject(rule, "Expiration")) {
      const std::optional<int64_t> days = core::protocol::OptInt(*expiration, "Days");
      if (days && *days <= 0) {
        throw InvalidArgument("'Days' for Expiration action must be a positive integer", "Days",
                              std::to_string(*days));
      }
    }
  }
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketWebsite.html
void CheckWebsite(const json::object& config) {
  const json::object* index = OptObject(config, "IndexDocument");
  if (config.contains("RedirectAllRequestsTo")) {
    if (index || config.contains("ErrorDocument") || config.contains("RoutingRules")) {
      throw InvalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other "
                            "Routing/Redirect configurations.",
                            "RedirectAllRequestsTo", "not null");
    }
    return;
  }
  if (!index) {
    throw InvalidArgument("A value for IndexDocument Suffix must be provided if "
                          "RedirectAllRequestsTo is empty",
                          "IndexDocument", "null");
  }
  const std::string suffix = OptString(*index, "Suffix").value_or("");
  if (suffix.empty() || suffix.find('/') != std::string::npos) {
    throw InvalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", suffix);
  }
}

}  // namespace

json::value S3Provider::PutBucketCors(const RequestContext& ctx, const json::object& in) {
  const json::object* config = OptObject(in, "CORSConfiguration");
  const json::array* rules = config ? OptArray(*config, "CORSRules") : nullptr;
  CheckCorsRules(rules ? *rules : json::array{});
  SetConfig(ctx, in, "cors", json::serialize(*config));
  return json::object{};
}

json::value S3Provider::GetBucketCors(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "cors");
  if (!config) {
    throw NotFound("NoSuchCORSConfiguration", "The CORS configuration does not exist", in);
  }
  return json::parse(*config);
}

json::value S3Provider::DeleteBucketCors(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "cors", std::nullopt);
  return json::object{};
}

json::value S3Provider::PutBucketLifecycleConfiguration(const RequestContext& ctx,
                                                        const json::object& in) {
  const json::object* config = OptObject(in, "LifecycleConfiguration");
  const json::array* rules = config ? OptArray(*config, "Rules") : nullptr;
  CheckLifecycleRules(rules ? *rules : json::array{});
  SetConfig(ctx, in, "lifecycle", json::serialize(*config));
  return json::object{{"TransitionDefaultMinimumObjectSize", "all_storage_classes_128K"}};
}

json::value S3Provider::GetBucketLifecycleConfiguration(const RequestContext& ctx,
                                                        const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "lifecycle");
  if (!config) {
    throw NotFound("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist",
                   in);
  }
  json::object out = json::parse(*config).as_object();
  out["TransitionDefaultMinimumObjectSize"] = "all_storage_classes_128K";
  return out;
}

json::value S3Provider::DeleteBucketLifecycle(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "lifecycle", std::nullopt);
  return json::object{};
}

json::value S3Provider::PutBucketWebsite(const RequestContext& ctx, const json::object& in) {
  const json::object* config = OptObject(in, "WebsiteConfiguration");
  CheckWebsite(config ? *config : json::object{});
  SetConfig(ctx, in, "website", json::serialize(*config));
  return json::object{};
}

json::value S3Provider::GetBucketWebsite(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> config = Config(ctx, in, "website");
  if (!config) {
    throw NotFound("NoSuchWebsiteConfiguration",
                   "The specified bucket does not have a website configuration", in);
  }
  return json::parse(*config);
}

json::value S3Provider::DeleteBucketWebsite(const RequestContext& ctx, const json::object& in) {
  SetConfig(ctx, in, "website", std::nullopt);
  return json::object{};
}

}  // namespace nimbus::s3
