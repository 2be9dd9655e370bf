#include "core/routing/router.h"

#include <cctype>

#include "core/text.h"

namespace nimbus::core::routing {

namespace {

using model::ModelRegistry;

bool IsIpOrLocal(std::string_view host) {
  if (host == "localhost" || host.empty()) return true;
  for (const char c : host) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != ':' && c != '[' &&
        c != ']') {
      return false;
    }
  }
  return true;
}

// "<bucket>.localhost:4566", "<bucket>.s3.amazonaws.com", "<bucket>.s3.<region>.amazonaws.com",
// "<bucket>.s3.localhost.localstack.cloud": the bucket, or "" for path-style requests.
std::string VirtualHostBucket(std::string_view host) {
  if (!host.empty() && host.front() == '[') return "";
  host = host.substr(0, host.rfind(':') == std::string_view::npos ? host.size() : host.rfind(':'));
  if (IsIpOrLocal(host)) return "";
  for (std::string_view suffix : {".s3.localhost.localstack.cloud", ".localhost.localstack.cloud",
                                  ".localhost"}) {
    if (host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix) {
      // "s3.localhost.localstack.cloud" is LocalStack's path-style S3 endpoint, not a bucket.
      const std::string_view bucket = host.substr(0, host.size() - suffix.size());
      return bucket == "s3" ? "" : std::string(bucket);
    }
  }
  const size_t s3 = host.find(".s3.");
  if (s3 != std::string_view::npos && s3 > 0 && host.find(".amazonaws.com") != std::string_view::npos) {
    return std::string(host.substr(0, s3));
  }
  if (host.find(".s3-") != std::string_view::npos) {
    return std::string(host.substr(0, host.find(".s3-")));
  }
  return "";
}

}  // namespace

bool IsFormRequest(const HttpRequest& request) {
  const std::string_view content_type = request.Header("Content-Type");
  if (content_type.find("application/x-www-form-urlencoded") != std::string_view::npos) {
    return true;
  }
  const std::string_view query = request.RawQuery();
  return request.RawPath() == "/" &&
         (StartsWith(query, "Action=") || query.find("&Action=") != std::string_view::npos);
}

Route RouteRequest(const HttpRequest& request, const auth::SignatureInfo* signature,
                   const protocol::QueryParams& params) {
  Route route;
  // 1. AWS JSON: X-Amz-Target "<prefix>.<Operation>".
  const std::string_view target = request.Header("X-Amz-Target");
  if (!target.empty()) {
    route.wire = Wire::kJson;
    const size_t dot = target.rfind('.');
    const std::string_view prefix = dot == std::string_view::npos ? target : target.substr(0, dot);
    route.operation = dot == std::string_view::npos ? "" : std::string(target.substr(dot + 1));
    route.service = ModelRegistry::FindByTargetPrefix(prefix);
    // An unknown target prefix ("AmazonSQS") is named by its signing service ("sqs") if signed.
    route.requested_service = !route.service && signature && !signature->service.empty()
                                  ? signature->service
                                  : std::string(prefix);
    const std::string_view content_type = request.Header("Content-Type");
    route.json_version = content_type.find("1.0") != std::string_view::npos ? "1.0" : "1.1";
    return route;
  }
  // 2. AWS Query: Action= in the form body or the query string.
  if (auto action = params.find("Action"); action != params.end() && request.RawPath() == "/") {
    route.wire = Wire::kQuery;
    route.operation = action->second;
    const model::ServiceInfo* by_scope =
        signature && !signature->service.empty() ? ModelRegistry::FindBySigningName(signature->service)
                                                 : nullptr;
    if (by_scope && by_scope->protocol == "query") {
      route.service = by_scope;
      route.requested_service = std::string(by_scope->name);
      return route;
    }
    auto version = params.find("Version");
    route.requested_service =
        signature && !signature->service.empty()
            ? signature->service
            : (version == params.end() ? std::string() : "Version=" + version->second);
    if (!by_scope && version != params.end() && (!signature || signature->service.empty())) {
      route.service = ModelRegistry::FindByApiVersion(version->second);
    }
    return route;
  }
  // 3. Anything else signed for another service is not S3. A service nimbus knows gets its own
  // protocol's error for the missing Action or X-Amz-Target.
  if (signature && !signature->service.empty() && signature->service != "s3") {
    const model::ServiceInfo* known = ModelRegistry::FindBySigningName(signature->service);
    if (known && known->protocol != "rest-xml") {
      route.service = known;
      route.wire = known->protocol == "query" ? Wire::kQuery : Wire::kJson;
      route.requested_service = std::string(known->name);
      return route;
    }
    route.wire = IsFormRequest(request) ? Wire::kQuery : Wire::kJson;
    route.requested_service = signature->service;
    return route;
  }
  // 4. S3, path style or virtual-host style.
  route.wire = Wire::kRestXml;
  route.service = ModelRegistry::FindByName("s3");
  route.requested_service = "s3";
  const std::string bucket = VirtualHostBucket(request.Header("Host"));
  const std::string_view path = request.RawPath();
  route.rest_path = bucket.empty() ? std::string(path)
                                   : "/" + bucket + (path == "/" ? "" : std::string(path));
  return route;
}

}  // namespace nimbus::core::routing
