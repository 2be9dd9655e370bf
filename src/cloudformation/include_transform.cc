#include "cloudformation/include_transform.h"

#include <string>

#include <boost/json.hpp>

#include "cloudformation/template/parse.h"
#include "cloudformation/template_url.h"
#include "core/aws_error.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

constexpr std::string_view kInclude = "AWS::Include";

[[noreturn]] void Failed(const std::string& why) {
  throw core::AwsError("ValidationError", "Transform AWS::Include failed with: " + why, 400);
}

// The Parameters.Location of an AWS::Include call ({Name: AWS::Include, Parameters: {...}}), or
// nullptr when `call` names another transform.
const json::value* IncludeCall(const json::value& call, bool* is_include) {
  const json::object* object = call.if_object();
  const json::value* name = object ? object->if_contains("Name") : nullptr;
  *is_include = name && name->is_string() && name->get_string() == kInclude;
  if (!*is_include) return nullptr;
  const json::value* parameters = object->if_contains("Parameters");
  return parameters && parameters->is_object() ? parameters->get_object().if_contains("Location")
                                               : nullptr;
}

class Includer {
 public:
  Includer(const core::ServiceClient& services, const core::RequestContext& ctx)
      : services_(services), ctx_(ctx) {}

  // The snippet `location` names, parsed as a template is.
  json::object Read(const json::value* location) const {
    constexpr std::string_view kNotS3 = "The location parameter is not a valid S3 uri.";
    if (!location || !location->is_string()) Failed(std::string(kNotS3));
    const std::string_view text = location->get_string();
    S3ObjectUrl object;
    if (core::StartsWith(text, "s3://")) {  // S3 URIs are not percent-encoded
      const std::string_view rest = text.substr(5);
      const size_t slash = rest.find('/');
      if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size()) {
        Failed(std::string(kNotS3));
      }
      object.bucket = std::string(rest.substr(0, slash));
      object.key = std::string(rest.substr(slash + 1));
    } else if (std::optional<S3ObjectUrl> url = ParseS3ObjectUrl(ctx_, text)) {
      object = *url;
    } else {
      Failed(std::string(kNotS3));  // recorded for a local path
    }
    json::object in{{"Bucket", object.bucket}, {"Key", object.key}};
    if (!object.version_id.empty()) in["VersionId"] = object.version_id;
    json::value out;
    try {
      out = services_.Call(ctx_, "s3", "GetObject", in);
    } catch (const core::AwsError& error) {
      if (error.code() == "NoSuchBucket") {  // recorded from AWS
        Failed("S3 bucket [" + object.bucket + "] does not exist.");
      }
      if (error.code() == "NoSuchKey") {  // nimbus's wording, after the bucket's
        Failed("S3 object [" + object.key + "] does not exist in bucket [" + object.bucket + "].");
      }
      Failed(error.what());
    }
    const json::value* body = out.as_object().if_contains("Body");
    try {
      return ParseTemplate(body && body->is_string() ? std::string_view(body->get_string()) : "");
    } catch (const core::AwsError&) {  // recorded from AWS (a snippet that AWS did not parse)
      Failed("The specified S3 object's content should be valid Yaml/JSON.");
    }
  }

  // Expands the Fn::Transform calls of AWS::Include in `value`, innermost first; a snippet is
  // inserted as it is.
  void Expand(json::value& value) const {
    if (json::array* list = value.if_array()) {
      for (json::value& item : *list) Expand(item);
      return;
    }
    json::object* object = value.if_object();
    if (!object) return;
    for (auto& [key, member] : *object) {
      if (key != "Fn::Transform") Expand(member);
    }
    const json::value* call = object->if_contains("Fn::Transform");
    bool is_include = false;
    const json::value* location = call ? IncludeCall(*call, &is_include) : nullptr;
    if (!is_include) return;
    json::object snippet = Read(location);
    if (object->size() == 1) {
      value = std::move(snippet);
      return;
    }
    object->erase("Fn::Transform");
    for (auto& [key, member] : snippet) object->emplace(key, std::move(member));
  }

 private:
  const core::ServiceClient& services_;
  const core::RequestContext& ctx_;
};

bool HasIncludeCall(const json::value& value) {
  if (const json::array* list = value.if_array()) {
    for (const json::value& item : *list) {
      if (HasIncludeCall(item)) return true;
    }
    return false;
  }
  const json::object* object = value.if_object();
  if (!object) return false;
  for (const auto& [key, member] : *object) {
    bool is_include = false;
    if (key == "Fn::Transform") IncludeCall(member, &is_include);
    if (is_include || HasIncludeCall(member)) return true;
  }
  return false;
}

// The entries of the top-level Transform (a name, an object, or a list of them).
json::array TransformEntries(const json::object& tmpl) {
  const json::value* transform = tmpl.if_contains("Transform");
  if (!transform) return {};
  return transform->is_array() ? transform->get_array() : json::array{*transform};
}

}  // namespace

bool UsesInclude(const json::object& tmpl) {
  for (const json::value& entry : TransformEntries(tmpl)) {
    bool is_include = false;
    IncludeCall(entry, &is_include);
    if (is_include) return true;
  }
  for (const auto& [section, value] : tmpl) {
    if (section != "Parameters" && section != "Transform" && HasIncludeCall(value)) return true;
  }
  return false;
}

json::object ExpandIncludes(const core::ServiceClient& services, const core::RequestContext& ctx,
                            const json::object& tmpl) {
  const Includer includer(services, ctx);
  json::object out = tmpl;
  for (auto& [section, value] : out) {
    if (section != "Parameters" && section != "Transform") includer.Expand(value);
  }
  if (!out.contains("Transform")) return out;
  json::array kept;
  std::vector<json::object> snippets;
  for (const json::value& entry : TransformEntries(out)) {
    bool is_include = false;
    const json::value* location = IncludeCall(entry, &is_include);
    if (is_include) {
      snippets.push_back(includer.Read(location));
    } else {
      kept.push_back(entry);
    }
  }
  if (snippets.empty()) return out;
  if (kept.empty()) {
    out.erase("Transform");
  } else {
    out["Transform"] =
        kept.size() == 1 && !out.at("Transform").is_array() ? kept.front() : json::value(kept);
  }
  for (json::object& snippet : snippets) {
    for (auto& [section, content] : snippet) {
      json::value* existing = out.if_contains(section);
      if (existing && existing->is_object() && content.is_object()) {
        for (auto& [key, member] : content.get_object()) {
          existing->get_object().emplace(key, std::move(member));
        }
      } else if (!existing) {
        out.emplace(section, std::move(content));
      }
    }
  }
  return out;
}

}  // namespace nimbus::cloudformation
