#include "core/model/model.h"

#include <re2/re2.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "core/model/embedded.h"

namespace nimbus::core::model {

namespace json = boost::json;

namespace {

ShapeType TypeFromString(std::string_view type) {
  if (type == "structure") return ShapeType::kStructure;
  if (type == "list") return ShapeType::kList;
  if (type == "map") return ShapeType::kMap;
  if (type == "string") return ShapeType::kString;
  if (type == "integer") return ShapeType::kInteger;
  if (type == "long") return ShapeType::kLong;
  if (type == "float") return ShapeType::kFloat;
  if (type == "double") return ShapeType::kDouble;
  if (type == "boolean") return ShapeType::kBoolean;
  if (type == "timestamp") return ShapeType::kTimestamp;
  if (type == "blob") return ShapeType::kBlob;
  throw std::runtime_error("unknown shape type " + std::string(type));
}

std::string StringOr(const json::object& object, std::string_view key, std::string fallback = "") {
  const json::value* v = object.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : fallback;
}

bool BoolOr(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

std::optional<double> NumberOr(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  if (!v || !v->is_number()) {
    return std::nullopt;
  }
  return v->to_number<double>();
}

}  // namespace

const MemberRef* Shape::FindMember(std::string_view member_name) const {
  for (const MemberRef& m : members) {
    if (m.name == member_name) {
      return &m;
    }
  }
  return nullptr;
}

bool Shape::IsRequired(std::string_view member_name) const {
  for (const std::string& r : required) {
    if (r == member_name) {
      return true;
    }
  }
  return false;
}

Shape* ServiceModel::ShapeNamed(const std::string& shape_name) {
  std::unique_ptr<Shape>& slot = shapes_[shape_name];
  if (!slot) {
    slot = std::make_unique<Shape>();
    slot->name = shape_name;
  }
  return slot.get();
}

void ServiceModel::ParseRef(const json::object& ref, std::string ref_name, MemberRef* out) {
  out->name = std::move(ref_name);
  out->shape = ShapeNamed(StringOr(ref, "shape"));
  out->location = StringOr(ref, "location");
  out->location_name = StringOr(ref, "locationName");
  out->flattened = BoolOr(ref, "flattened");
  out->xml_attribute = BoolOr(ref, "xmlAttribute");
  out->idempotency_token = BoolOr(ref, "idempotencyToken");
  out->streaming = BoolOr(ref, "streaming");
  out->event_payload = BoolOr(ref, "eventpayload");
  out->timestamp_format = StringOr(ref, "timestampFormat");
  if (const json::value* ns = ref.if_contains("xmlNamespace"); ns && ns->is_object()) {
    out->xml_namespace_uri = StringOr(ns->get_object(), "uri");
    out->xml_namespace_prefix = StringOr(ns->get_object(), "prefix");
  }
}

ServiceModel::ServiceModel(std::string name, std::string_view service_json,
                           std::string_view paginators_json)
    : name_(std::move(name)) {
  const json::value root = json::parse(service_json);
  const json::object& metadata = root.at("metadata").get_object();
  protocol_ = StringOr(metadata, "protocol");
  json_version_ = StringOr(metadata, "jsonVersion", "1.0");
  target_prefix_ = StringOr(metadata, "targetPrefix");
  api_version_ = StringOr(metadata, "apiVersion");
  xml_namespace_ = StringOr(metadata, "xmlNamespace");
  signing_name_ = StringOr(metadata, "signingName", StringOr(metadata, "endpointPrefix"));
  service_id_ = StringOr(metadata, "serviceId");

  for (const auto& [key, value] : root.at("shapes").get_object()) {
    const json::object& def = value.get_object();
    Shape* shape = ShapeNamed(std::string(key));
    shape->type = TypeFromString(def.at("type").get_string());
    shape->is_union = BoolOr(def, "union");
    shape->is_document = BoolOr(def, "document");
    shape->payload = StringOr(def, "payload");
    shape->flattened = BoolOr(def, "flattened");
    shape->location_name = StringOr(def, "locationName");
    shape->min = NumberOr(def, "min");
    shape->max = NumberOr(def, "max");
    shape->pattern = StringOr(def, "pattern");
    shape->timestamp_format = StringOr(def, "timestampFormat");
    shape->sensitive = BoolOr(def, "sensitive");
    shape->streaming = BoolOr(def, "streaming");
    shape->exception = BoolOr(def, "exception");
    shape->fault = BoolOr(def, "fault");
    if (const json::value* ns = def.if_contains("xmlNamespace"); ns && ns->is_object()) {
      shape->xml_namespace_uri = StringOr(ns->get_object(), "uri");
    }
    if (const json::value* e = def.if_contains("enum")) {
      for (const json::value& item : e->get_array()) {
        shape->enum_values.emplace_back(item.get_string());
      }
    }
    if (const json::value* r = def.if_contains("required")) {
      for (const json::value& item : r->get_array()) {
        shape->required.emplace_back(item.get_string());
      }
    }
    if (const json::value* m = def.if_contains("members")) {
      for (const auto& [member_name, ref] : m->get_object()) {
        MemberRef member;
        ParseRef(ref.get_object(), std::string(member_name), &member);
        shape->members.push_back(std::move(member));
      }
    }
    if (const json::value* m = def.if_contains("member")) {
      ParseRef(m->get_object(), "member", &shape->member);
    }
    if (const json::value* k = def.if_contains("key")) {
      ParseRef(k->get_object(), "key", &shape->key);
    }
    if (const json::value* v = def.if_contains("value")) {
      ParseRef(v->get_object(), "value", &shape->value);
    }
    if (shape->exception) {
      ErrorInfo info{.code = std::string(key), .http_status = shape->fault ? 500 : 400,
                     .sender_fault = !shape->fault};
      if (const json::value* e = def.if_contains("error"); e && e->is_object()) {
        const json::object& err = e->get_object();
        info.code = StringOr(err, "code", info.code);
        if (auto status = NumberOr(err, "httpStatusCode")) {
          info.http_status = static_cast<int>(*status);
        }
        if (err.contains("senderFault")) {
          info.sender_fault = BoolOr(err, "senderFault");
        } else {
          info.sender_fault = info.http_status < 500;
        }
      }
      shape->error = info;
      errors_by_code_[info.code] = shape;
      errors_by_code_[std::string(key)] = shape;
    }
  }

  for (const auto& [key, value] : root.at("operations").get_object()) {
    const json::object& def = value.get_object();
    Operation op;
    op.name = std::string(key);
    if (const json::value* http = def.if_contains("http")) {
      op.http_method = StringOr(http->get_object(), "method", "POST");
      op.request_uri = StringOr(http->get_object(), "requestUri", "/");
      if (auto code = NumberOr(http->get_object(), "responseCode")) {
        op.response_code = static_cast<int>(*code);
      }
    }
    if (const json::value* in = def.if_contains("input")) {
      op.input = ShapeNamed(std::string(in->at("shape").get_string()));
    }
    if (const json::value* out = def.if_contains("output")) {
      op.output = ShapeNamed(std::string(out->at("shape").get_string()));
      op.result_wrapper = StringOr(out->get_object(), "resultWrapper");
    }
    if (const json::value* errors = def.if_contains("errors")) {
      for (const json::value& e : errors->get_array()) {
        op.errors.push_back(ShapeNamed(std::string(e.at("shape").get_string())));
      }
    }
    op.no_auth = StringOr(def, "authtype") == "none";
    op.deprecated = BoolOr(def, "deprecated");
    if (const json::value* auth = def.if_contains("auth"); auth && auth->is_array()) {
      for (const json::value& a : auth->get_array()) {
        if (a.is_string() && a.get_string() == "smithy.api#noAuth") {
          op.no_auth = true;
        }
      }
    }
    operations_.emplace(op.name, std::move(op));
  }
  if (!paginators_json.empty()) {
    paginators_ = json::parse(paginators_json);
  }
}

ServiceModel::~ServiceModel() = default;

const Operation* ServiceModel::FindOperation(std::string_view operation) const {
  auto it = operations_.find(operation);
  return it == operations_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::FindShape(std::string_view shape) const {
  auto it = shapes_.find(std::string(shape));
  return it == shapes_.end() ? nullptr : it->second.get();
}

const Shape* ServiceModel::FindError(std::string_view code) const {
  auto it = errors_by_code_.find(std::string(code));
  return it == errors_by_code_.end() ? nullptr : it->second;
}

std::string TranslatePattern(std::string_view java) {
  std::string out;
  out.reserve(java.size() + 8);
  for (size_t i = 0; i < java.size(); ++i) {
    // "Not only whitespace" (SSM OpsItem fields) is a lookahead, which RE2 lacks; this is the
    // same language without one.
    constexpr std::string_view kNotBlank = "(?!\\s*$).+";
    if (java.substr(i, kNotBlank.size()) == kNotBlank) {
      out.append("\\s*\\S.*");
      i += kNotBlank.size() - 1;
      continue;
    }
    // RE2 allows repetition counts up to 1000; a larger bound ({1,2000}) becomes unbounded, so
    // the characters are still checked (the shape's max length usually bounds the rest).
    if (java[i] == '{' && (i == 0 || java[i - 1] != '\\')) {
      const size_t close = java.find('}', i);
      const size_t comma = java.find(',', i);
      if (close != std::string_view::npos && comma != std::string_view::npos && comma < close) {
        const std::string_view upper = java.substr(comma + 1, close - comma - 1);
        if (upper.size() >= 4 && upper.find_first_not_of("0123456789") == std::string_view::npos &&
            (upper.size() > 4 || std::stoi(std::string(upper)) > 1000)) {
          out.append(java.substr(i, comma - i + 1)).append("}");
          i = close;
          continue;
        }
      }
    }
    if (java[i] == '\\' && i + 1 < java.size()) {
      const char next = java[i + 1];
      if (next == 'u' && i + 5 < java.size()) {
        out.append("\\x{").append(java.substr(i + 2, 4)).append("}");
        i += 5;
        continue;
      }
      if (next == 'Z' || next == 'z') {  // end of input: full-match anchors it anyway
        i += 1;
        continue;
      }
      out.push_back(java[i]);
      out.push_back(next);
      ++i;
      continue;
    }
    out.push_back(java[i]);
  }
  return out;
}

const re2::RE2* ServiceModel::Pattern(const Shape& shape) const {
  if (shape.pattern.empty()) {
    return nullptr;
  }
  std::lock_guard lock(patterns_mu_);
  auto it = patterns_.find(&shape);
  if (it == patterns_.end()) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_dot_nl(true);
    auto re = std::make_unique<re2::RE2>(TranslatePattern(shape.pattern), options);
    if (!re->ok()) {
      re.reset();  // a Java-only construct: the pattern is not checked (documented gap)
    }
    it = patterns_.emplace(&shape, std::move(re)).first;
  }
  return it->second.get();
}

const std::vector<ServiceInfo>& ModelRegistry::Services() {
  static const std::vector<ServiceInfo> kServices = {
      {"cloudformation", "cloudformation", "query", "", "2010-05-15", false},
      {"iam", "iam", "query", "", "2010-05-08", true},
      {"identitystore", "identitystore", "json", "AWSIdentityStore", "2020-06-15", false},
      {"kms", "kms", "json", "TrentService", "2014-11-01", false},
      {"organizations", "organizations", "json", "AWSOrganizationsV20161128", "2016-11-28", true},
      {"s3", "s3", "rest-xml", "", "2006-03-01", false},
      {"ssm", "ssm", "json", "AmazonSSM", "2014-11-06", false},
      {"sso-admin", "sso", "json", "SWBExternalService", "2020-07-20", false},
      {"sts", "sts", "query", "", "2011-06-15", false},
  };
  return kServices;
}

const ServiceInfo* ModelRegistry::FindByName(std::string_view name) {
  for (const ServiceInfo& info : Services()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const ServiceInfo* ModelRegistry::FindBySigningName(std::string_view signing_name) {
  for (const ServiceInfo& info : Services()) {
    if (info.signing_name == signing_name) return &info;
  }
  return nullptr;
}

const ServiceInfo* ModelRegistry::FindByTargetPrefix(std::string_view target_prefix) {
  for (const ServiceInfo& info : Services()) {
    if (!info.target_prefix.empty() && info.target_prefix == target_prefix) return &info;
  }
  return nullptr;
}

const ServiceInfo* ModelRegistry::FindByApiVersion(std::string_view api_version) {
  for (const ServiceInfo& info : Services()) {
    if (info.protocol == "query" && info.api_version == api_version) return &info;
  }
  return nullptr;
}

ModelRegistry::ModelRegistry() {
  for (const ServiceInfo& info : Services()) {
    slots_.emplace(info.name, std::make_unique<Slot>());
  }
}

const ServiceModel& ModelRegistry::Get(std::string_view name) const {
  auto it = slots_.find(name);
  if (it == slots_.end()) {
    throw std::out_of_range("no model for service " + std::string(name));
  }
  Slot& slot = *it->second;
  std::call_once(slot.once, [&] {
    const std::string dir(name);
    slot.model = std::make_unique<ServiceModel>(dir, EmbeddedModelFile(dir + "/service-2.json"),
                                                EmbeddedModelFile(dir + "/paginators-1.json"));
  });
  return *slot.model;
}

std::string_view ModelRegistry::BotocoreVersion() {
  // "botocore 1.43.11\n", then one line per service imported from another release
  // ("cloudformation botocore 1.43.67\n"): the first line is the release of most models.
  std::string_view version = EmbeddedModelFile("VERSION");
  version = version.substr(0, version.find('\n'));
  const size_t space = version.find(' ');
  if (space != std::string_view::npos) {
    version.remove_prefix(space + 1);
  }
  while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) {
    version.remove_suffix(1);
  }
  return version;
}

}  // namespace nimbus::core::model
