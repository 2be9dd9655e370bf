#include "cloudformation/resources/s3_bucket_properties.h"

#include <initializer_list>
#include <string_view>
#include <utility>

#include <boost/json/array.hpp>

#include "cloudformation/resources/property_checks.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

namespace {

// Copies the members of `from` named in `names` (CloudFormation's name, S3's name) into `to`.
void CopyRenamed(const json::object& from, json::object& to,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
  for (const auto& [cfn, s3] : names) {
    if (const json::value* value = from.if_contains(cfn)) to[s3] = *value;
  }
}

// An integer member given as a number or a string of digits, as S3's integer.
void CopyInteger(const json::object& from, std::string_view cfn, json::object& to,
                 std::string_view s3) {
  if (const json::value* value = from.if_contains(cfn)) {
    if (std::optional<int64_t> number = IntegerOf(*value)) to[s3] = *number;
  }
}

const json::array& ArrayOr(const json::object& from, std::string_view name) {
  static const json::array kEmpty;
  const json::value* value = from.if_contains(name);
  return value && value->is_array() ? value->get_array() : kEmpty;
}

const json::object* ObjectIn(const json::object& from, std::string_view name) {
  const json::value* value = from.if_contains(name);
  return value && value->is_object() ? &value->get_object() : nullptr;
}

// A lifecycle rule's Filter: its Prefix, TagFilters and size bounds, one as itself, several
// under And, as CloudFormation's handler builds it.
json::object LifecycleFilter(const json::object& rule) {
  json::object parts;
  if (const json::value* prefix = rule.if_contains("Prefix")) parts["Prefix"] = *prefix;
  json::array tags;
  for (const json::value& tag : ArrayOr(rule, "TagFilters")) tags.push_back(tag);
  CopyInteger(rule, "ObjectSizeGreaterThan", parts, "ObjectSizeGreaterThan");
  CopyInteger(rule, "ObjectSizeLessThan", parts, "ObjectSizeLessThan");
  const size_t count = parts.size() + tags.size();
  if (count == 0) return json::object{{"Prefix", ""}};
  if (count == 1) {
    if (tags.size() == 1) return json::object{{"Tag", tags.front()}};
    return parts;
  }
  if (!tags.empty()) parts["Tags"] = std::move(tags);
  return json::object{{"And", std::move(parts)}};
}

json::object Transition(const json::object& transition) {
  json::object out;
  CopyRenamed(transition, out, {{"StorageClass", "StorageClass"}, {"TransitionDate", "Date"}});
  CopyInteger(transition, "TransitionInDays", out, "Days");
  return out;
}

json::object LifecycleRule(const json::object& rule) {
  json::object out{{"Filter", LifecycleFilter(rule)}};
  CopyRenamed(rule, out, {{"Id", "ID"}, {"Status", "Status"}});
  json::object expiration;
  CopyInteger(rule, "ExpirationInDays", expiration, "Days");
  CopyRenamed(rule, expiration,
              {{"ExpirationDate", "Date"}, {"ExpiredObjectDeleteMarker", "ExpiredObjectDeleteMarker"}});
  if (!expiration.empty()) out["Expiration"] = std::move(expiration);
  json::array transitions;
  if (const json::object* one = ObjectIn(rule, "Transition")) transitions.push_back(Transition(*one));
  for (const json::value& t : ArrayOr(rule, "Transitions")) {
    if (t.is_object()) transitions.push_back(Transition(t.get_object()));
  }
  if (!transitions.empty()) out["Transitions"] = std::move(transitions);
  json::object noncurrent;
  CopyInteger(rule, "NoncurrentVersionExpirationInDays", noncurrent, "NoncurrentDays");
  if (const json::object* given = ObjectIn(rule, "NoncurrentVersionExpiration")) {
    CopyInteger(*given, "NoncurrentDays", noncurrent, "NoncurrentDays");
    CopyInteger(*given, "NewerNoncurrentVersions", noncurrent, "NewerNoncurrentVersions");
  }
  if (!noncurrent.empty()) out["NoncurrentVersionExpiration"] = std::move(noncurrent);
  if (const json::object* abort = ObjectIn(rule, "AbortIncompleteMultipartUpload")) {
    json::object days;
    CopyInteger(*abort, "DaysAfterInitiation", days, "DaysAfterInitiation");
    out["AbortIncompleteMultipartUpload"] = std::move(days);
  }
  return out;
}

}  // namespace

json::object S3Encryption(const json::object& bucket_encryption) {
  json::array rules;
  for (const json::value& value : ArrayOr(bucket_encryption, "ServerSideEncryptionConfiguration")) {
    if (!value.is_object()) continue;
    const json::object& rule = value.get_object();
    json::object out;
    if (const json::object* by_default = ObjectIn(rule, "ServerSideEncryptionByDefault")) {
      out["ApplyServerSideEncryptionByDefault"] = *by_default;
    }
    if (std::optional<bool> key = BoolProperty(rule, "BucketKeyEnabled")) {
      out["BucketKeyEnabled"] = *key;
    }
    rules.push_back(std::move(out));
  }
  return json::object{{"Rules", std::move(rules)}};
}

json::object S3Cors(const json::object& cors_configuration) {
  json::array rules;
  for (const json::value& value : ArrayOr(cors_configuration, "CorsRules")) {
    if (!value.is_object()) continue;
    json::object rule;
    CopyRenamed(value.get_object(), rule,
                {{"Id", "ID"},
                 {"AllowedHeaders", "AllowedHeaders"},
                 {"AllowedMethods", "AllowedMethods"},
                 {"AllowedOrigins", "AllowedOrigins"},
                 {"ExposedHeaders", "ExposeHeaders"}});
    CopyInteger(value.get_object(), "MaxAge", rule, "MaxAgeSeconds");
    rules.push_back(std::move(rule));
  }
  return json::object{{"CORSRules", std::move(rules)}};
}

json::object S3Lifecycle(const json::object& lifecycle_configuration) {
  json::array rules;
  for (const json::value& value : ArrayOr(lifecycle_configuration, "Rules")) {
    if (value.is_object()) rules.push_back(LifecycleRule(value.get_object()));
  }
  return json::object{{"Rules", std::move(rules)}};
}

json::object S3Website(const json::object& website_configuration) {
  json::object out;
  if (std::optional<std::string> index = StringProperty(website_configuration, "IndexDocument")) {
    out["IndexDocument"] = json::object{{"Suffix", *index}};
  }
  if (std::optional<std::string> error = StringProperty(website_configuration, "ErrorDocument")) {
    out["ErrorDocument"] = json::object{{"Key", *error}};
  }
  if (const json::object* redirect = ObjectIn(website_configuration, "RedirectAllRequestsTo")) {
    out["RedirectAllRequestsTo"] = *redirect;
  }
  json::array routing;
  for (const json::value& value : ArrayOr(website_configuration, "RoutingRules")) {
    if (!value.is_object()) continue;
    json::object rule;
    if (const json::object* redirect = ObjectIn(value.get_object(), "RedirectRule")) {
      rule["Redirect"] = *redirect;
    }
    if (const json::object* condition = ObjectIn(value.get_object(), "RoutingRuleCondition")) {
      rule["Condition"] = *condition;
    }
    routing.push_back(std::move(rule));
  }
  if (!routing.empty()) out["RoutingRules"] = std::move(routing);
  return out;
}

json::object S3PublicAccessBlock(const json::object& configuration) {
  json::object out;
  for (std::string_view member :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
    out[member] = BoolProperty(configuration, member).value_or(false);
  }
  return out;
}

}  // namespace nimbus::cloudformation::internal
