#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace re2 {
class RE2;
}

namespace nimbus::core::model {

enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kFloat,
  kDouble,
  kBoolean,
  kTimestamp,
  kBlob,
};

struct Shape;

// A reference to a shape from a structure member, list member or map key/value, with the
// serialization traits that belong to the reference rather than to the shape.
struct MemberRef {
  std::string name;            // member name; "member", "key", "value" for lists and maps
  const Shape* shape = nullptr;
  std::string location;        // "", "uri", "querystring", "header", "headers", "statusCode"
  std::string location_name;   // wire name override (XML element, header, query key, label)
  bool flattened = false;
  bool xml_attribute = false;
  bool idempotency_token = false;
  bool streaming = false;
  bool event_payload = false;
  std::string timestamp_format;  // "iso8601", "rfc822", "unixTimestamp" or ""
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;

  // The name on the wire: location_name if set, else name.
  const std::string& WireName() const { return location_name.empty() ? name : location_name; }
};

struct ErrorInfo {
  std::string code;        // the wire code ("NoSuchEntity" for NoSuchEntityException)
  int http_status = 400;
  bool sender_fault = true;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  // Structures.
  std::vector<MemberRef> members;
  std::vector<std::string> required;
  bool is_union = false;
  bool is_document = false;
  std::string payload;  // REST: the member that is the whole body
  // Lists and maps.
  MemberRef member;
  MemberRef key;
  MemberRef value;
  bool flattened = false;
  std::string location_name;  // list member element name for XML
  // Scalars.
  std::vector<std::string> enum_values;
  std::optional<double> min;
  std::optional<double> max;
  std::string pattern;
  std::string timestamp_format;
  bool sensitive = false;
  bool streaming = false;
  // Errors.
  bool exception = false;
  std::optional<ErrorInfo> error;
  bool fault = false;  // JSON services: a server fault (500)
  std::string xml_namespace_uri;

  const MemberRef* FindMember(std::string_view member_name) const;
  bool IsRequired(std::string_view member_name) const;
};

struct Operation {
  std::string name;
  std::string http_method = "POST";
  std::string request_uri = "/";
  int response_code = 200;
  const Shape* input = nullptr;   // null for operations without input
  const Shape* output = nullptr;  // null for operations without output
  std::string result_wrapper;     // AWS Query: "<Op>Result"
  std::vector<const Shape*> errors;
  bool no_auth = false;           // STS AssumeRoleWithWebIdentity and friends
  bool deprecated = false;        // S3 GetBucketLifecycle (superseded, same requestUri)
};

// One AWS service model (service-2.json), parsed.
class ServiceModel {
 public:
  // Parses a service-2.json text; `name` is the models/ folder name ("sso-admin").
  ServiceModel(std::string name, std::string_view service_json, std::string_view paginators_json);
  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;

  const std::string& name() const { return name_; }
  const std::string& protocol() const { return protocol_; }  // "query", "json", "rest-xml"
  const std::string& json_version() const { return json_version_; }
  const std::string& target_prefix() const { return target_prefix_; }
  const std::string& api_version() const { return api_version_; }
  const std::string& xml_namespace() const { return xml_namespace_; }
  const std::string& signing_name() const { return signing_name_; }
  const std::string& service_id() const { return service_id_; }

  const Operation* FindOperation(std::string_view operation) const;
  const Shape* FindShape(std::string_view shape) const;
  // The modelled error whose wire code or shape name is `code`, or null.
  const Shape* FindError(std::string_view code) const;
  const std::map<std::string, Operation, std::less<>>& operations() const { return operations_; }
  const boost::json::value& paginators() const { return paginators_; }

  // The compiled pattern of a string shape (RE2, linear time), or null if it has none or the
  // AWS (Java) pattern cannot be expressed in RE2. Compiled on first use.
  const re2::RE2* Pattern(const Shape& shape) const;

  ~ServiceModel();

 private:
  Shape* ShapeNamed(const std::string& shape_name);
  void ParseRef(const boost::json::object& json, std::string ref_name, MemberRef* out);

  std::string name_;
  std::string protocol_;
  std::string json_version_;
  std::string target_prefix_;
  std::string api_version_;
  std::string xml_namespace_;
  std::string signing_name_;
  std::string service_id_;
  std::unordered_map<std::string, std::unique_ptr<Shape>> shapes_;
  std::map<std::string, Operation, std::less<>> operations_;
  std::unordered_map<std::string, const Shape*> errors_by_code_;
  boost::json::value paginators_;
  mutable std::mutex patterns_mu_;
  mutable std::unordered_map<const Shape*, std::unique_ptr<re2::RE2>> patterns_;
};

// Translates an AWS (Java) regular expression to RE2 syntax (\uXXXX -> \x{XXXX}, ...).
std::string TranslatePattern(std::string_view java_pattern);

// How requests find a service before its model is parsed: one row per service in models/.
struct ServiceInfo {
  std::string_view name;           // models/ folder: "sso-admin"
  std::string_view signing_name;   // SigV4 credential scope service: "sso"
  std::string_view protocol;       // "query", "json", "rest-xml"
  std::string_view target_prefix;  // JSON: X-Amz-Target prefix
  std::string_view api_version;    // Query: Version=
  bool global = false;             // IAM, Organizations: not regional
};

// The services whose models are embedded, parsed lazily on first use and then kept.
class ModelRegistry {
 public:
  ModelRegistry();
  ModelRegistry(const ModelRegistry&) = delete;
  ModelRegistry& operator=(const ModelRegistry&) = delete;

  static const std::vector<ServiceInfo>& Services();
  static const ServiceInfo* FindByName(std::string_view name);
  static const ServiceInfo* FindBySigningName(std::string_view signing_name);
  static const ServiceInfo* FindByTargetPrefix(std::string_view target_prefix);
  static const ServiceInfo* FindByApiVersion(std::string_view api_version);

  // The parsed model (thread-safe; the first call parses it).
  const ServiceModel& Get(std::string_view name) const;
  // The botocore version most models were imported from ("1.43.11"); models/VERSION lists the
  // services imported from another release.
  static std::string_view BotocoreVersion();

 private:
  struct Slot {
    std::once_flag once;
    std::unique_ptr<ServiceModel> model;
  };
  mutable std::unordered_map<std::string_view, std::unique_ptr<Slot>> slots_;
};

}  // namespace nimbus::core::model
