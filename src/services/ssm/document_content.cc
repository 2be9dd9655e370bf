#include "services/ssm/document_content.h"

#include <charconv>
#include <cstdint>
#include <set>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <yaml-cpp/yaml.h>

#include "core/aws_error.h"

namespace nimbus::ssm {

namespace json = boost::json;

namespace {

constexpr size_t kMaxDepth = 200;

bool IsDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// A plain YAML scalar typed by the YAML 1.1 rules: null, bool, integer, float, else the text.
json::value ResolvePlain(const std::string& text) {
  static const std::set<std::string> kNull = {"", "~", "null", "Null", "NULL"};
  static const std::set<std::string> kTrue = {"true", "True", "TRUE", "yes", "Yes",
                                              "YES",  "on",   "On",   "ON"};
  static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no", "No",
                                               "NO",    "off",   "Off",   "OFF"};
  if (kNull.count(text)) return nullptr;
  if (kTrue.count(text)) return true;
  if (kFalse.count(text)) return false;
  std::string_view body = text;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  if (IsDigits(body)) {
    int64_t n = 0;
    const char* first = text.data() + (text[0] == '+' ? 1 : 0);
    if (std::from_chars(first, text.data() + text.size(), n).ec == std::errc()) return n;
  }
  const size_t dot = body.find('.');
  if (dot != std::string_view::npos) {
    std::string_view mantissa = body;
    std::string_view exponent;
    const size_t e = body.find_first_of("eE");
    if (e != std::string_view::npos) {
      mantissa = body.substr(0, e);
      exponent = body.substr(e + 1);
      if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
        exponent.remove_prefix(1);
      }
    }
    const std::string_view whole = mantissa.substr(0, mantissa.find('.'));
    const std::string_view fraction = mantissa.substr(mantissa.find('.') + 1);
    const bool digits_ok = (whole.empty() || IsDigits(whole)) &&
                           (fraction.empty() || IsDigits(fraction)) &&
                           !(whole.empty() && fraction.empty());
    if (digits_ok && (e == std::string_view::npos || IsDigits(exponent))) {
      double d = 0;
      const char* first = text.data() + (text[0] == '+' ? 1 : 0);
      if (std::from_chars(first, text.data() + text.size(), d).ec == std::errc()) return d;
    }
  }
  return json::string(text);
}

// A short-form CloudFormation tag applied to `value`: !Ref and !Condition keep their name,
// !GetAtt a.b splits at the first dot, any other !Name becomes Fn::Name.
json::value Tagged(const std::string& tag, json::value value) {
  const std::string name = tag.substr(1);
  if (name == "Ref" || name == "Condition") return json::object{{name, std::move(value)}};
  if (name == "GetAtt" && value.is_string()) {
    const std::string text(value.get_string());
    const size_t dot = text.find('.');
    json::array parts{json::string(text.substr(0, dot))};
    if (dot != std::string::npos) parts.emplace_back(text.substr(dot + 1));
    return json::object{{"Fn::GetAtt", std::move(parts)}};
  }
  return json::object{{"Fn::" + name, std::move(value)}};
}

bool IsShortFormTag(const std::string& tag) {
  return tag.size() > 1 && tag[0] == '!' && tag[1] != '!';
}

json::value FromYaml(const YAML::Node& node, size_t depth) {
  if (depth > kMaxDepth) throw YAML::Exception(YAML::Mark::null_mark(), "too deep");
  json::value out;
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out = IsShortFormTag(node.Tag()) ? json::value(json::string()) : json::value(nullptr);
      break;
    case YAML::NodeType::Scalar:
      out = node.Tag() == "?" ? ResolvePlain(node.Scalar()) : json::value(node.Scalar());
      break;
    case YAML::NodeType::Sequence: {
      json::array list;
      for (const YAML::Node& item : node) list.push_back(FromYaml(item, depth + 1));
      out = std::move(list);
      break;
    }
    case YAML::NodeType::Map: {
      json::object map;
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          throw YAML::Exception(entry.first.Mark(), "a key must be a scalar");
        }
        map[entry.first.Scalar()] = FromYaml(entry.second, depth + 1);
      }
      out = std::move(map);
      break;
    }
  }
  return IsShortFormTag(node.Tag()) ? Tagged(node.Tag(), std::move(out)) : out;
}

void WriteJson(const json::value& v, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent + 4), ' ');
  const std::string close(static_cast<size_t>(indent), ' ');
  if (v.is_object() && !v.get_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, value] : v.get_object()) {
      out += (first ? "" : ",\n") + pad + json::serialize(json::string(key)) + ": ";
      WriteJson(value, indent + 4, out);
      first = false;
    }
    out += "\n" + close + "}";
  } else if (v.is_array() && !v.get_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const json::value& item : v.get_array()) {
      out += (first ? "" : ",\n") + pad;
      WriteJson(item, indent + 4, out);
      first = false;
    }
    out += "\n" + close + "]";
  } else {
    out += json::serialize(v);
  }
}

void WriteYaml(const json::value& v, YAML::Emitter& out) {
  switch (v.kind()) {
    case json::kind::object:
      if (v.get_object().empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      for (const auto& [key, value] : v.get_object()) {
        out << YAML::Key;
        WriteYaml(json::string(key), out);
        out << YAML::Value;
        WriteYaml(value, out);
      }
      out << YAML::EndMap;
      return;
    case json::kind::array:
      if (v.get_array().empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
      }
      out << YAML::BeginSeq;
      for (const json::value& item : v.get_array()) WriteYaml(item, out);
      out << YAML::EndSeq;
      return;
    case json::kind::string: {
      const std::string text(v.get_string());
      if (text.find('\n') != std::string::npos) {
        out << YAML::Literal << text;
      } else if (!ResolvePlain(text).is_string()) {
        out << YAML::DoubleQuoted << text;  // "true", "10", "": strings, not what they look like
      } else {
        out << text;
      }
      return;
    }
    case json::kind::null:
      out << YAML::Null;
      return;
    default:
      out << json::serialize(v);
      return;
  }
}

[[noreturn]] void InvalidContent(const std::string& why) {
  throw core::AwsError("InvalidDocumentContent", why);
}

// schemaVersion as text; a YAML number (schemaVersion: 2.2) keeps one decimal at least.
std::string SchemaVersionOf(const json::object& content) {
  const json::value* v = content.if_contains("schemaVersion");
  if (!v) return "";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64()) + ".0";
  if (v->is_double()) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v->get_double()).ptr;
    std::string text(buffer, end);
    return text.find('.') == std::string::npos ? text + ".0" : text;
  }
  return "";
}

// The plugins (actions) a Command document runs: mainSteps actions, or runtimeConfig keys.
std::vector<std::string> ActionsOf(const json::object& content) {
  std::vector<std::string> actions;
  if (const json::value* steps = content.if_contains("mainSteps"); steps && steps->is_array()) {
    for (const json::value& step : steps->get_array()) {
      const json::value* action =
          step.is_object() ? step.get_object().if_contains("action") : nullptr;
      if (action && action->is_string()) actions.emplace_back(action->get_string());
    }
  }
  if (const json::value* config = content.if_contains("runtimeConfig");
      config && config->is_object()) {
    for (const auto& [key, value] : config->get_object()) actions.emplace_back(key);
  }
  return actions;
}

}  // namespace

std::optional<json::value> ParseDocumentContent(std::string_view content, std::string_view format) {
  if (format == "TEXT") return json::value(json::string(content));
  if (format == "YAML") {
    try {
      return FromYaml(YAML::Load(std::string(content)), 0);
    } catch (const YAML::Exception&) {
      return std::nullopt;
    }
  }
  boost::system::error_code ec;
  json::value tree = json::parse(content, ec);
  if (ec) return std::nullopt;
  return tree;
}

std::string WriteDocumentContent(const json::value& tree, std::string_view format) {
  if (format == "TEXT" && tree.is_string()) return std::string(tree.get_string());
  if (format == "YAML") {
    YAML::Emitter out;
    out.SetIndent(2);
    WriteYaml(tree, out);
    return std::string(out.c_str()) + "\n";
  }
  std::string out;
  WriteJson(tree, 0, out);
  return out;
}

void ValidateDocumentContent(const json::value& tree, std::string_view type) {
  if (!tree.is_object()) {
    if (tree.is_string() && type != "Command" && type != "Automation" && type != "Session" &&
        type != "CloudFormation") {
      return;  // TEXT content (a change calendar, an application configuration)
    }
    InvalidContent(
        "The content for the document is not valid: it must be a JSON or YAML "
        "object.");
  }
  const json::object& content = tree.get_object();
  if (type == "CloudFormation") {
    const json::value* resources = content.if_contains("Resources");
    if (!resources || !resources->is_object() || resources->get_object().empty()) {
      InvalidContent(
          "The content for the document is not valid: a CloudFormation document "
          "must be a template with Resources.");
    }
    return;
  }
  // Supported schema versions, from the user guide's "Schema features and examples".
  std::set<std::string> supported;
  if (type == "Command") supported = {"1.2", "2.0", "2.2"};
  if (type == "Automation" || type == "Automation.ChangeTemplate") supported = {"0.3"};
  if (type == "Session") supported = {"1.0"};
  if (type == "Policy" || type == "Package") supported = {"2.0"};
  if (supported.empty()) return;
  const std::string version = SchemaVersionOf(content);
  if (version.empty()) {
    InvalidContent("The content for the document is not valid: schemaVersion is missing.");
  }
  if (!supported.count(version)) {
    throw core::AwsError("InvalidDocumentSchemaVersion",
                         "The version of the document schema isn't supported.");
  }
  const auto require_steps = [&](std::string_view member) {
    const json::value* steps = content.if_contains(member);
    const bool present = steps && ((steps->is_array() && !steps->get_array().empty()) ||
                                   (steps->is_object() && !steps->get_object().empty()));
    if (!present) {
      InvalidContent("The content for the document is not valid: " + std::string(member) +
                     " is missing or empty.");
    }
  };
  if (type == "Command") require_steps(version == "1.2" ? "runtimeConfig" : "mainSteps");
  if (type == "Automation" || type == "Automation.ChangeTemplate") require_steps("mainSteps");
  if (type == "Session" && !content.contains("sessionType")) {
    InvalidContent("The content for the document is not valid: sessionType is missing.");
  }
}

DocumentFacts FactsOf(const json::value& tree, std::string_view type) {
  DocumentFacts facts;
  if (!tree.is_object()) return facts;
  const json::object& content = tree.get_object();
  facts.schema_version = SchemaVersionOf(content);
  if (const json::value* d = content.if_contains("description"); d && d->is_string()) {
    facts.description = std::string(d->get_string());
  }
  if (const json::value* params = content.if_contains("parameters");
      params && params->is_object()) {
    for (const auto& [name, spec] : params->get_object()) {
      json::object p{{"Name", name}};
      if (spec.is_object()) {
        const json::object& s = spec.get_object();
        if (const json::value* t = s.if_contains("type"); t && t->is_string()) p["Type"] = *t;
        if (const json::value* d = s.if_contains("description"); d && d->is_string()) {
          p["Description"] = *d;
        }
        if (const json::value* d = s.if_contains("default")) {
          p["DefaultValue"] = d->is_string() ? std::string(d->get_string()) : json::serialize(*d);
        }
      }
      facts.parameters.push_back(std::move(p));
    }
  }
  bool windows = false;
  bool unix_like = false;
  if (type == "Command") {
    for (const std::string& action : ActionsOf(content)) {
      if (action == "aws:runShellScript") {
        unix_like = true;
      } else if (action == "aws:runPowerShellScript" || action == "aws:psModule" ||
                 action == "aws:applications" || action == "aws:domainJoin") {
        windows = true;
      } else {
        windows = unix_like = true;
      }
    }
  } else if (type == "Automation" || type == "Session" || type == "Package" || type == "Policy") {
    windows = unix_like = true;
  }
  if (windows) facts.platform_types.emplace_back("Windows");
  if (unix_like) {
    facts.platform_types.emplace_back("Linux");
    facts.platform_types.emplace_back("MacOS");
  }
  return facts;
}

}  // namespace nimbus::ssm
