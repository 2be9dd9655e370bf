#include "services/sts/saml_assertion.h"

#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "core/clock.h"
#include "core/text.h"

namespace nimbus::sts {

namespace {

using Tree = boost::property_tree::ptree;

constexpr std::string_view kRoleAttribute = "https://aws.amazon.com/SAML/Attributes/Role";
constexpr std::string_view kSessionNameAttribute =
    "https://aws.amazon.com/SAML/Attributes/RoleSessionName";

// "saml2:Issuer" -> "Issuer": elements are matched by local name, whatever their prefix.
std::string_view LocalName(std::string_view tag) {
  const size_t colon = tag.find(':');
  return colon == std::string_view::npos ? tag : tag.substr(colon + 1);
}

// The first element named `name` in document order below `tree`, or nullptr.
const Tree* Find(const Tree& tree, std::string_view name) {
  for (const auto& [tag, child] : tree) {
    if (LocalName(tag) == name) return &child;
    if (const Tree* found = Find(child, name)) return found;
  }
  return nullptr;
}

void FindAll(const Tree& tree, std::string_view name, std::vector<const Tree*>& out) {
  for (const auto& [tag, child] : tree) {
    if (LocalName(tag) == name) out.push_back(&child);
    FindAll(child, name, out);
  }
}

std::string Text(const Tree& element) { return std::string(core::Trim(element.data())); }

std::string Attribute(const Tree& element, const std::string& name) {
  return element.get<std::string>("<xmlattr>." + name, "");
}

std::optional<double> Time(const Tree* element) {
  double seconds = 0;
  if (!element) return std::nullopt;
  const std::string text = Attribute(*element, "NotOnOrAfter");
  if (text.empty() || !core::ParseIso8601(text, &seconds)) return std::nullopt;
  return seconds;
}

}  // namespace

std::optional<SamlAssertion> ParseSamlAssertion(std::string_view base64) {
  std::string xml;
  if (!core::Base64Decode(core::Trim(base64), &xml)) return std::nullopt;
  Tree tree;
  std::istringstream stream(xml);
  try {
    boost::property_tree::read_xml(stream, tree);
  } catch (const boost::property_tree::xml_parser_error&) {
    return std::nullopt;
  }
  SamlAssertion out;
  const Tree* issuer = Find(tree, "Issuer");
  if (!issuer || Text(*issuer).empty()) return std::nullopt;
  out.issuer = Text(*issuer);
  if (const Tree* name_id = Find(tree, "NameID")) {
    out.subject = Text(*name_id);
    out.subject_format = Attribute(*name_id, "Format");
  }
  std::vector<const Tree*> audiences;
  FindAll(tree, "Audience", audiences);
  for (const Tree* audience : audiences) out.audiences.push_back(Text(*audience));
  const Tree* confirmation = Find(tree, "SubjectConfirmationData");
  if (confirmation) out.recipient = Attribute(*confirmation, "Recipient");
  out.not_on_or_after = Time(Find(tree, "Conditions"));
  if (!out.not_on_or_after) out.not_on_or_after = Time(confirmation);
  std::vector<const Tree*> attributes;
  FindAll(tree, "Attribute", attributes);
  for (const Tree* attribute : attributes) {
    const std::string name = Attribute(*attribute, "Name");
    for (const auto& [tag, value] : *attribute) {
      if (LocalName(tag) != "AttributeValue") continue;
      if (name == kRoleAttribute) out.roles.push_back(Text(value));
      if (name == kSessionNameAttribute) out.session_name = Text(value);
    }
  }
  return out;
}

std::string SubjectType(std::string_view format) {
  constexpr std::string_view kPrefix = "urn:oasis:names:tc:SAML:2.0:nameid-format:";
  if (core::StartsWith(format, kPrefix)) return std::string(format.substr(kPrefix.size()));
  return std::string(format);
}

}  // namespace nimbus::sts
