#include "cloudformation/template_url.h"

#include <vector>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "core/aws_error.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

[[noreturn]] void Invalid(std::string message) {
  throw core::AwsError("ValidationError", std::move(message), 400);
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The bucket a host of S3 names ("" for a path-style host such as s3.amazonaws.com), or nullopt
// when `host` is not S3's. S3's part of the host is its last labels before the partition's
// domain: s3, s3-<region>, s3.<region> or s3.dualstack.<region>; what comes before is the bucket
// (which may contain dots).
std::optional<std::string> BucketOfS3Host(std::string_view host) {
  for (std::string_view domain : {".amazonaws.com", ".amazonaws.com.cn"}) {
    if (host.size() <= domain.size() || !EndsWith(host, domain)) continue;
    const std::vector<std::string_view> labels =
        core::Split(host.substr(0, host.size() - domain.size()), '.');
    const size_t n = labels.size();
    size_t s3_labels = 0;
    if (labels[n - 1] == "s3" || core::StartsWith(labels[n - 1], "s3-")) {
      s3_labels = 1;
    } else if (n >= 2 && labels[n - 2] == "s3") {
      s3_labels = 2;
    } else if (n >= 3 && labels[n - 3] == "s3" && labels[n - 2] == "dualstack") {
      s3_labels = 3;
    } else {
      continue;
    }
    std::string bucket;
    for (size_t i = 0; i + s3_labels < n; ++i) {
      bucket += (i == 0 ? "" : ".") + std::string(labels[i]);
    }
    return bucket;
  }
  return std::nullopt;
}

// The bucket a host of nimbus itself names: "" for its own address (localhost, 127.0.0.1, the
// Host the request came to), the bucket for a virtual host below one of them
// (<bucket>.localhost), nullopt for another host. Ports are not compared: nimbus may be reached
// through several.
std::optional<std::string> BucketOfOwnHost(const core::RequestContext& ctx,
                                           std::string_view host) {
  std::vector<std::string> own = {"localhost", "127.0.0.1"};
  if (ctx.http) {
    const std::string_view header = ctx.http->Header("Host");
    const auto parsed = boost::urls::parse_authority(header);
    if (parsed && !parsed->encoded_host().empty()) {
      own.push_back(core::ToLower(parsed->encoded_host()));
    }
  }
  for (const std::string& name : own) {
    if (host == name) return std::string();
    if (host.size() > name.size() + 1 && EndsWith(host, "." + name)) {
      return std::string(host.substr(0, host.size() - name.size() - 1));
    }
  }
  return std::nullopt;
}

std::string VersionIdOf(std::string_view query) {
  for (std::string_view pair : core::Split(query, '&')) {
    if (!core::StartsWith(pair, "versionId=")) continue;
    std::string value;
    if (core::UrlDecode(pair.substr(10), &value)) return value;
  }
  return "";
}

// The content of the CloudFormation document `document` (its ARN or name) names, read with
// SSM's GetDocument as the caller. The wording of the errors is nimbus's: no AWS answer is
// recorded.
std::string ReadSsmDocument(const core::ServiceClient& services, const core::RequestContext& ctx,
                            std::string_view document) {
  const std::string name(document);
  json::value out;
  try {
    out = services.Call(ctx, "ssm", "GetDocument", {{"Name", name}});
  } catch (const core::AwsError&) {
    Invalid("SSM error: document " + name + " does not exist or cannot be read");
  }
  const json::object& doc = out.as_object();
  const json::value* type = doc.if_contains("DocumentType");
  if (!type || !type->is_string() || type->get_string() != "CloudFormation") {
    Invalid("SSM error: document " + name + " is not a CloudFormation document");
  }
  const json::value* content = doc.if_contains("Content");
  return content && content->is_string() ? std::string(content->get_string()) : "";
}

}  // namespace

std::optional<S3ObjectUrl> ParseS3ObjectUrl(const core::RequestContext& ctx, std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme() != "https" && parsed->scheme() != "http")) return std::nullopt;
  const std::string host = core::ToLower(parsed->encoded_host());
  std::optional<std::string> bucket = BucketOfS3Host(host);
  if (!bucket) bucket = BucketOfOwnHost(ctx, host);
  if (!bucket) return std::nullopt;
  std::string path;
  if (!core::UrlDecode(parsed->encoded_path(), &path, /*plus_is_space=*/false)) {
    return std::nullopt;
  }
  if (core::StartsWith(path, "/")) path.erase(0, 1);
  S3ObjectUrl object;
  if (bucket->empty()) {  // path style: /<bucket>/<key>
    const size_t slash = path.find('/');
    if (slash == std::string::npos) return std::nullopt;
    object.bucket = path.substr(0, slash);
    object.key = path.substr(slash + 1);
  } else {
    object.bucket = *bucket;
    object.key = path;
  }
  if (object.bucket.empty() || object.key.empty()) return std::nullopt;
  object.version_id = VersionIdOf(parsed->encoded_query());
  return object;
}

std::string S3ErrorMessage(std::string_view message) {
  // Quoted from AWS by users, for Access Denied and "The specified key does not exist.".
  return "S3 error: " + std::string(message) +
         "\nFor more information check "
         "http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html";
}

namespace {

// The text of the S3 object, read as ctx's caller; what S3 refuses is answered in
// CloudFormation's own error, with S3's message (S3ErrorMessage).
std::string ObjectText(const core::ServiceClient& services, const core::RequestContext& ctx,
                       const S3ObjectUrl& object) {
  json::object in{{"Bucket", object.bucket}, {"Key", object.key}};
  if (!object.version_id.empty()) in["VersionId"] = object.version_id;
  json::value out;
  try {
    out = services.Call(ctx, "s3", "GetObject", in);
  } catch (const core::AwsError& error) {
    Invalid(S3ErrorMessage(error.what()));
  }
  const json::value* body = out.as_object().if_contains("Body");
  return body && body->is_string() ? std::string(body->get_string()) : "";
}

}  // namespace

std::string ReadTemplateUrl(const core::ServiceClient& services, const core::RequestContext& ctx,
                            std::string_view url, std::string_view member) {
  if (core::StartsWith(url, "s3://")) {  // recorded from AWS
    const std::string_view rest = url.substr(5);
    Invalid("S3 error: Domain name specified in " + std::string(rest.substr(0, rest.find('/'))) +
            " is not a valid S3 domain");
  }
  if (core::StartsWith(url, "ssm-doc://")) return ReadSsmDocument(services, ctx, url.substr(10));
  const std::optional<S3ObjectUrl> object = ParseS3ObjectUrl(ctx, url);
  if (!object) Invalid(std::string(member) + " must be a supported URL.");  // recorded
  std::string text = ObjectText(services, ctx, *object);
  if (text.size() > kMaxTemplateUrlBytes) {  // quoted from AWS by users
    Invalid("Template may not exceed 460800 bytes in size.");
  }
  return text;
}

std::string ReadListFileUrl(const core::ServiceClient& services, const core::RequestContext& ctx,
                            std::string_view url, std::string_view member, size_t max_bytes,
                            std::string_view max_words) {
  std::optional<S3ObjectUrl> object;
  if (core::StartsWith(url, "s3://")) {
    const std::string_view rest = url.substr(5);
    const size_t slash = rest.find('/');
    if (slash != std::string_view::npos && slash > 0 && slash + 1 < rest.size()) {
      object = S3ObjectUrl{.bucket = std::string(rest.substr(0, slash)),
                           .key = std::string(rest.substr(slash + 1)),
                           .version_id = ""};
    }
  } else {
    object = ParseS3ObjectUrl(ctx, url);
  }
  if (!object) Invalid(std::string(member) + " must be a supported URL.");  // nimbus's wording
  std::string text = ObjectText(services, ctx, *object);
  if (text.size() > max_bytes) {  // nimbus's wording
    Invalid("The file that " + std::string(member) + " names may not exceed " +
            std::string(max_words) + ".");
  }
  return text;
}

}  // namespace nimbus::cloudformation
