#include "core/protocol/rest_xml.h"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "core/aws_error.h"
#include "core/protocol/error_members.h"
#include "core/protocol/query.h"
#include "core/protocol/scalar.h"
#include "core/protocol/xml_writer.h"
#include "core/text.h"

namespace nimbus::core::protocol {

namespace json = boost::json;
namespace pt = boost::property_tree;
using model::MemberRef;
using model::Shape;
using model::ShapeType;

namespace {

struct UriTemplate {
  std::vector<std::string> segments;  // "{Bucket}", "{Key+}", or literal
  std::vector<std::pair<std::string, std::string>> query;  // required keys (value may be "")
};

UriTemplate ParseTemplate(std::string_view uri) {
  UriTemplate t;
  const size_t q = uri.find('?');
  std::string_view path = uri.substr(0, q);
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty()) {
    for (std::string_view s : Split(path, '/')) t.segments.emplace_back(s);
  }
  if (q != std::string_view::npos) {
    for (std::string_view kv : Split(uri.substr(q + 1), '&')) {
      const size_t eq = kv.find('=');
      t.query.emplace_back(std::string(kv.substr(0, eq)),
                           eq == std::string_view::npos ? "" : std::string(kv.substr(eq + 1)));
    }
  }
  return t;
}

// Splits the raw path into decoded segments; the last, greedy label takes the rest verbatim.
bool MatchPath(const UriTemplate& t, std::string_view raw_path,
               std::vector<std::pair<std::string, std::string>>* labels) {
  std::string_view path = raw_path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const std::string& seg = t.segments[i];
    const bool is_label = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    const bool greedy = is_label && seg[seg.size() - 2] == '+';
    if (greedy) {
      std::string decoded;
      if (path.empty() || !UrlDecode(path, &decoded, false)) return false;
      labels->emplace_back(seg.substr(1, seg.size() - 3), decoded);
      return true;
    }
    const size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (part.empty()) return false;
    std::string decoded;
    if (!UrlDecode(part, &decoded, false)) return false;
    if (is_label) {
      labels->emplace_back(seg.substr(1, seg.size() - 2), decoded);
    } else if (decoded != seg) {
      return false;
    }
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return path.empty();  // "/bucket/" matches "/{Bucket}"
}

// A header, query-string or XML text value; text that is not of the shape's type is
// InvalidArgument ("Invalid number: 1.5x").
json::value ScalarFromText(const Shape& shape, const std::string& text,
                           std::string_view timestamp_format) {
  std::optional<json::value> value = ParseScalar(shape, text, timestamp_format);
  if (!value) {
    throw AwsError("InvalidArgument",
                   "Invalid " + std::string(ScalarNoun(shape.type).substr(2)) + ": " + text);
  }
  return std::move(*value);
}

// rapidxml (under property_tree) parses nested elements recursively, so a body of 200000 "<a>"
// overflowed the stack and took the server down. S3 documents are a few levels deep; deeper
// bodies are refused before parsing. Linear in the body size.
bool XmlDepthWithin(std::string_view xml, int max_depth) {
  int depth = 0;
  size_t i = 0;
  while ((i = xml.find('<', i)) != std::string_view::npos) {
    const size_t close = xml.find('>', i + 1);
    if (close == std::string_view::npos) return true;  // unterminated: the parser rejects it
    const std::string_view tag = xml.substr(i + 1, close - i - 1);
    i = close + 1;
    if (tag.empty() || tag.front() == '?' || tag.front() == '!' || tag.back() == '/') continue;
    if (tag.front() == '/') {
      --depth;
    } else if (++depth > max_depth) {
      return false;
    }
  }
  return true;
}

// `timestamp_format` is that of the member, list member or map value the node is.
json::value FromXml(const Shape& shape, const pt::ptree& node, std::string_view timestamp_format);

json::object StructFromXml(const Shape& shape, const pt::ptree& node) {
  json::object out;
  for (const MemberRef& member : shape.members) {
    if (!member.shape) continue;
    const std::string& name = member.WireName();
    const bool flattened = member.flattened || member.shape->flattened;
    if (member.shape->type == ShapeType::kList && flattened) {
      json::array items;
      for (const auto& [child_name, child] : node) {
        if (child_name == name) {
          items.push_back(FromXml(*member.shape->member.shape, child,
                                  TimestampFormat(member.shape->member, "iso8601")));
        }
      }
      if (!items.empty()) out.emplace(member.name, std::move(items));
      continue;
    }
    if (auto child = node.get_child_optional(name)) {
      out.emplace(member.name, FromXml(*member.shape, *child, TimestampFormat(member, "iso8601")));
    }
  }
  return out;
}

json::value FromXml(const Shape& shape, const pt::ptree& node, std::string_view timestamp_format) {
  switch (shape.type) {
    case ShapeType::kStructure:
      return StructFromXml(shape, node);
    case ShapeType::kList: {
      json::array items;
      const std::string item_name =
          shape.member.location_name.empty() ? "member" : shape.member.location_name;
      for (const auto& [child_name, child] : node) {
        if (child_name == item_name) {
          items.push_back(
              FromXml(*shape.member.shape, child, TimestampFormat(shape.member, "iso8601")));
        }
      }
      return items;
    }
    case ShapeType::kMap: {
      json::object map;
      for (const auto& [child_name, child] : node) {
        if (child_name != "entry") continue;
        map[child.get<std::string>("key", "")] =
            FromXml(*shape.value.shape, child.get_child("value", pt::ptree()),
                    TimestampFormat(shape.value, "iso8601"));
      }
      return map;
    }
    default:
      return ScalarFromText(shape, node.get_value<std::string>(), timestamp_format);
  }
}

}  // namespace

const model::Operation* MatchRestOperation(const model::ServiceModel& model,
                                           std::string_view method, std::string_view raw_path,
                                           std::string_view raw_query,
                                           const std::vector<HttpHeader>* headers) {
  QueryParams query;
  ParseQueryString(raw_query, &query);
  const auto has_header = [headers](const std::string& name) {
    if (!headers) return false;
    for (const HttpHeader& h : *headers) {
      if (EqualsIgnoreCase(h.name, name)) return true;
    }
    return false;
  };
  const model::Operation* best = nullptr;
  int best_score = -1;
  for (const auto& [name, op] : model.operations()) {
    if (op.http_method != method) continue;
    const UriTemplate t = ParseTemplate(op.request_uri);
    bool query_ok = true;
    for (const auto& [k, v] : t.query) {
      auto it = query.find(k);
      query_ok = query_ok && it != query.end() && (v.empty() || it->second == v);
    }
    if (!query_ok) continue;
    std::vector<std::pair<std::string, std::string>> labels;
    if (!MatchPath(t, raw_path, &labels)) continue;
    // Required query-string and header members must be present (UploadPart needs uploadId and
    // partNumber, CopyObject needs x-amz-copy-source).
    int required_sent = 0;
    bool required_ok = true;
    if (op.input) {
      for (const MemberRef& member : op.input->members) {
        if (!op.input->IsRequired(member.name)) continue;
        if (member.location == "querystring") {
          required_ok = required_ok && query.count(member.WireName()) > 0;
        } else if (member.location == "header") {
          required_ok = required_ok && has_header(member.WireName());
        } else {
          continue;
        }
        ++required_sent;
      }
    }
    if (!required_ok) continue;
    // More required query keys first, then more required members sent, then more path segments
    // (literal beats label), then the operation that is not deprecated.
    const int score = static_cast<int>(t.query.size()) * 10000 + required_sent * 100 +
                      static_cast<int>(t.segments.size()) * 2 + (op.deprecated ? 0 : 1);
    if (score > best_score) {
      best_score = score;
      best = &op;
    }
  }
  return best;
}

json::object DecodeRestXmlInput(const model::Operation& op, const HttpRequest& request,
                                std::string_view body) {
  json::object out;
  if (!op.input) return out;
  const Shape& shape = *op.input;
  std::vector<std::pair<std::string, std::string>> labels;
  MatchPath(ParseTemplate(op.request_uri), request.RawPath(), &labels);
  QueryParams query;
  ParseQueryString(request.RawQuery(), &query);
  for (const MemberRef& member : shape.members) {
    if (!member.shape) continue;
    const std::string& wire = member.WireName();
    if (member.location == "uri") {
      for (const auto& [label, value] : labels) {
        if (label == wire) out.emplace(member.name, value);
      }
    } else if (member.location == "querystring") {
      if (member.shape->type == ShapeType::kMap) {
        json::object map;
        for (const auto& [k, v] : query) map[k] = v;
        out.emplace(member.name, std::move(map));
      } else if (member.shape->type == ShapeType::kList) {
        if (auto it = query.find(wire); it != query.end()) {
          out.emplace(member.name, json::array{json::string(it->second)});
        }
      } else if (auto it = query.find(wire); it != query.end()) {
        out.emplace(member.name,
                    ScalarFromText(*member.shape, it->second, TimestampFormat(member, "iso8601")));
      }
    } else if (member.location == "headers") {  // prefix map: x-amz-meta-*
      json::object map;
      const std::string prefix = ToLower(wire);
      for (const HttpHeader& h : request.headers) {
        const std::string lower = ToLower(h.name);
        if (StartsWith(lower, prefix)) map[lower.substr(prefix.size())] = h.value;
      }
      if (!map.empty()) out.emplace(member.name, std::move(map));
    } else if (member.location == "header") {
      if (const std::string* v = request.FindHeader(wire)) {
        if (member.shape->type == ShapeType::kList) {
          json::array items;
          for (std::string_view part : Split(*v, ',')) items.emplace_back(Trim(part));
          out.emplace(member.name, std::move(items));
        } else {
          out.emplace(member.name,
                      ScalarFromText(*member.shape, *v, TimestampFormat(member, "rfc822")));
        }
      }
    }
  }
  if (!shape.payload.empty()) {
    const MemberRef* payload = shape.FindMember(shape.payload);
    if (payload && payload->shape) {
      if (payload->shape->type == ShapeType::kBlob || payload->shape->type == ShapeType::kString) {
        out.emplace(payload->name, json::string(body));
      } else if (!body.empty()) {
        pt::ptree tree;
        try {
          if (!XmlDepthWithin(body, 64)) throw std::runtime_error("too deep");
          std::istringstream in{std::string(body)};
          pt::read_xml(in, tree);
        } catch (const std::exception&) {
          throw AwsError("MalformedXML",
                         "The XML you provided was not well-formed or did not validate against "
                         "our published schema");
        }
        if (!tree.empty()) {
          out.emplace(payload->name, FromXml(*payload->shape, tree.front().second,
                                             TimestampFormat(*payload, "iso8601")));
        }
      }
    }
  }
  return out;
}

void EncodeRestXmlOutput(const model::ServiceModel&, const model::Operation& op,
                         const json::value& output, HttpResponse* response) {
  response->status = op.response_code;
  if (!op.output || !output.is_object()) return;
  const Shape& shape = *op.output;
  const json::object& value = output.get_object();
  for (const MemberRef& member : shape.members) {
    const json::value* v = value.if_contains(member.name);
    if (!v || v->is_null() || !member.shape) continue;
    if (member.location == "header") {
      response->SetHeader(member.WireName(),
                          ScalarText(*member.shape, *v,
                                     member.timestamp_format.empty() ? "rfc822"
                                                                     : member.timestamp_format));
    } else if (member.location == "headers" && v->is_object()) {
      for (const auto& [k, hv] : v->get_object()) {
        if (hv.is_string()) response->SetHeader(member.WireName() + std::string(k), hv.get_string());
      }
    } else if (member.location == "statusCode" && v->is_number()) {
      response->status = static_cast<int>(v->to_number<int64_t>());
    }
  }
  // A part of the resource (GetObject's Range) is 206 Partial Content, as HTTP wants.
  if (response->status == 200 && !response->Header("Content-Range").empty()) {
    response->status = 206;
  }
  if (!shape.payload.empty()) {
    const MemberRef* payload = shape.FindMember(shape.payload);
    const json::value* v = payload ? value.if_contains(payload->name) : nullptr;
    if (!payload || !v || v->is_null()) return;
    if (payload->shape->type == ShapeType::kStructure) {
      std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
      const std::string& root = payload->location_name.empty()
                                    ? (payload->shape->location_name.empty() ? payload->name
                                                                             : payload->shape->location_name)
                                    : payload->location_name;
      std::string members;
      WriteXmlMembers(members, *payload->shape, v->is_object() ? v->get_object() : json::object());
      xml.append("<").append(root).append(" xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
      xml.append(members).append("</").append(root).append(">");
      response->body = std::move(xml);
      response->SetHeader("Content-Type", "application/xml");
    } else if (v->is_string()) {
      response->body = std::string(v->get_string());
    }
    return;
  }
  // A structure named after its single scalar body member is written as that element alone:
  // S3 GetBucketLocation answers <LocationConstraint xmlns="...">eu-west-1</LocationConstraint>,
  // and boto3 and the Go SDK read the root's text (models/patches/s3.json names the shape).
  const MemberRef* only_body = nullptr;
  size_t body_count = 0;
  for (const MemberRef& member : shape.members) {
    if (member.location.empty()) {
      only_body = &member;
      ++body_count;
    }
  }
  if (body_count == 1 && only_body->shape && !shape.location_name.empty() &&
      shape.location_name == only_body->WireName() &&
      only_body->shape->type != ShapeType::kStructure &&
      only_body->shape->type != ShapeType::kList && only_body->shape->type != ShapeType::kMap) {
    const json::value* v = value.if_contains(only_body->name);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + shape.location_name +
                      " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    if (v && !v->is_null()) {
      xml.append(XmlEscape(ScalarText(*only_body->shape, *v, only_body->timestamp_format)));
    }
    xml.append("</").append(shape.location_name).append(">");
    response->body = std::move(xml);
    response->SetHeader("Content-Type", "application/xml");
    return;
  }
  bool has_body_members = false;
  for (const MemberRef& member : shape.members) {
    has_body_members = has_body_members || (member.location.empty() && value.contains(member.name));
  }
  // A shape that names its root is answered with that root even when empty, as S3 answers
  // <VersioningConfiguration/> for a bucket never versioned.
  if (!has_body_members && shape.location_name.empty()) return;
  const std::string root = shape.location_name.empty() ? op.name + "Result" : shape.location_name;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root +
                    " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  WriteXmlMembers(xml, shape, value);
  xml.append("</").append(root).append(">");
  response->body = std::move(xml);
  response->SetHeader("Content-Type", "application/xml");
}

void SetRestXmlErrorHeaders(const model::Shape* shape, const AwsError& error,
                            HttpResponse* response) {
  if (!shape) return;
  for (const MemberRef& member : shape->members) {
    const json::value* v = error.members().if_contains(member.name);
    if (member.location != "header" || !v || v->is_null() || !member.shape) continue;
    response->SetHeader(member.WireName(), ScalarText(*member.shape, *v, "rfc822"));
  }
}

std::string EncodeRestXmlError(const model::Shape* shape, std::string_view code,
                               const AwsError& error, std::string_view request_id,
                               std::string_view host_id) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>";
  out.append(XmlEscape(code)).append("</Code>");
  if (error.has_message()) {
    out.append("<Message>").append(XmlEscape(error.message())).append("</Message>");
  }
  WriteXmlErrorMembers(out, shape, ErrorMembers(shape, error, request_id));
  out.append("<RequestId>").append(request_id).append("</RequestId><HostId>");
  out.append(host_id).append("</HostId></Error>");
  return out;
}

}  // namespace nimbus::core::protocol
