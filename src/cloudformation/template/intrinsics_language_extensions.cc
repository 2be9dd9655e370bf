// The AWS::LanguageExtensions transform: Fn::ForEach, Fn::Length and Fn::ToJsonString (and
// FindInMap's DefaultValue, in intrinsics.cc).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-aws-languageextensions.html
//
// The error texts here are unverified: no recording of AWS's was found.
#include <cctype>

#include <boost/json/serialize.hpp>

#include "cloudformation/template/internal/intrinsics.h"
#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"

namespace nimbus::cloudformation {
namespace {

constexpr std::string_view kForEachPrefix = "Fn::ForEach::";

// "${Identifier}" becomes the item; "&{Identifier}" the item without its non-alphanumeric
// characters (for logical ids made from values such as "10.0.0.0/24").
std::string SubstituteText(std::string_view text, std::string_view identifier,
                           std::string_view item) {
  std::string alphanumeric;
  for (char c : item) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      alphanumeric += c;
    }
  }
  const std::string dollar = "${" + std::string(identifier) + "}";
  const std::string ampersand = "&{" + std::string(identifier) + "}";
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    if (text.substr(at, dollar.size()) == dollar) {
      out += item;
      at += dollar.size();
    } else if (text.substr(at, ampersand.size()) == ampersand) {
      out += alphanumeric;
      at += ampersand.size();
    } else {
      out += text[at++];
    }
  }
  return out;
}

// The fragment with the identifier replaced: in keys, in strings, and {"Ref": identifier}.
boost::json::value Substitute(const boost::json::value& value, std::string_view identifier,
                              std::string_view item) {
  if (const boost::json::string* text = value.if_string()) {
    return boost::json::string(SubstituteText(*text, identifier, item));
  }
  if (const boost::json::object* object = value.if_object()) {
    if (object->size() == 1 && object->contains("Ref") && object->at("Ref").is_string() &&
        object->at("Ref").get_string() == identifier) {
      return boost::json::string(item);
    }
    boost::json::object out;
    for (const auto& [key, member] : *object) {
      out[SubstituteText(key, identifier, item)] = Substitute(member, identifier, item);
    }
    return out;
  }
  if (const boost::json::array* list = value.if_array()) {
    boost::json::array out;
    for (const boost::json::value& member : *list) {
      out.push_back(Substitute(member, identifier, item));
    }
    return out;
  }
  return value;
}

boost::json::value Expand(const boost::json::value& value, const EvaluationContext& ctx);

// One Fn::ForEach::<Name>: [Identifier, Collection, {OutputKey: OutputValue}], merged into `out`.
void ExpandLoop(std::string_view key, const boost::json::value& args, const EvaluationContext& ctx,
                boost::json::object& out) {
  const boost::json::array* list = args.if_array();
  if (list == nullptr || list->size() != 3 || !(*list)[0].is_string() ||
      (*list)[0].get_string().empty() || !(*list)[2].is_object()) {
    ThrowFormatError(std::string(key) +
                     " requires a list of three elements: an identifier, a collection and an "
                     "object to replicate");
  }
  const std::string_view identifier = (*list)[0].get_string();
  const boost::json::value collection =
      (*list)[1].is_array() ? (*list)[1]
                            : internal::ResolveArgument((*list)[1], ctx, Block::kResources);
  if (!collection.is_array()) {
    ThrowFormatError(std::string(key) + " requires a collection that is a list of strings");
  }
  for (const boost::json::value& element : collection.get_array()) {
    const std::optional<std::string> item = internal::ScalarText(element);
    if (!item) {
      ThrowFormatError(std::string(key) + " requires a collection that is a list of strings");
    }
    const boost::json::value copy = Expand(Substitute((*list)[2], identifier, *item), ctx);
    for (const auto& [output_key, output_value] : copy.get_object()) {
      if (out.contains(output_key)) {
        ThrowFormatError(std::string(key) + " produces the key " + std::string(output_key) +
                         " more than once");
      }
      out[output_key] = output_value;
    }
  }
}

boost::json::value Expand(const boost::json::value& value, const EvaluationContext& ctx) {
  if (const boost::json::object* object = value.if_object()) {
    boost::json::object out;
    for (const auto& [key, member] : *object) {
      if (key.size() > kForEachPrefix.size() && key.starts_with(kForEachPrefix)) {
        ExpandLoop(key, member, ctx, out);
      } else {
        out[key] = Expand(member, ctx);
      }
    }
    return out;
  }
  if (const boost::json::array* list = value.if_array()) {
    boost::json::array out;
    for (const boost::json::value& item : *list) {
      out.push_back(Expand(item, ctx));
    }
    return out;
  }
  return value;
}

}  // namespace

boost::json::object ExpandLanguageExtensions(const boost::json::object& tmpl,
                                             const EvaluationContext& ctx) {
  if (!internal::UsesLanguageExtensions(tmpl)) {
    return tmpl;
  }
  boost::json::object out = tmpl;
  for (std::string_view section : {"Conditions", "Resources", "Outputs"}) {
    if (const boost::json::value* members = tmpl.if_contains(section)) {
      out[section] = Expand(*members, ctx);
    }
  }
  return out;
}

namespace internal {

boost::json::value Length(const boost::json::value& args, const EvaluationContext& ctx,
                          Block block) {
  const boost::json::value list = ResolveArgument(args, ctx, block);
  if (!list.is_array()) {
    ThrowTemplateError("Fn::Length requires a list or a function that returns a list");
  }
  return static_cast<int64_t>(list.get_array().size());
}

boost::json::value ToJsonString(const boost::json::value& args, const EvaluationContext& ctx,
                                Block block) {
  const boost::json::value value = ResolveArgument(args, ctx, block);
  if (!value.is_object() && !value.is_array()) {
    ThrowTemplateError("Fn::ToJsonString requires an object or a list");
  }
  return boost::json::string(boost::json::serialize(value));
}

}  // namespace internal
}  // namespace nimbus::cloudformation
