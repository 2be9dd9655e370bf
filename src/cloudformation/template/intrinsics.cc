#include "cloudformation/template/intrinsics.h"

#include <algorithm>
#include <cctype>

#include "cloudformation/template/conditions.h"
#include "cloudformation/template/internal/intrinsics.h"
#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"
#include "core/aws_error.h"
#include "core/partition.h"
#include "core/text.h"

namespace nimbus::cloudformation {
namespace {

using internal::ResolveArgument;
using internal::ScalarText;

constexpr std::string_view kJoinError =
    "every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of "
    "strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be "
    "joined.";
constexpr std::string_view kSelectError =
    "Fn::Select requires a list argument with two elements: an integer index and a list";
constexpr std::string_view kSplitError =
    "every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be "
    "split or a function that returns a string to be split.";
constexpr std::string_view kGetAttError =
    "every Fn::GetAtt object requires two non-empty parameters, the resource name and the "
    "resource attribute";
constexpr std::string_view kFindInMapError =  // unverified (Eucalyptus)
    "every Fn::FindInMap object requires three parameters, the map name, map key and the "
    "attribute for return value";

// A function argument that must be a string once resolved (scalars read as their text).
std::optional<std::string> StringArgument(const boost::json::value& value,
                                          const EvaluationContext& ctx, Block block) {
  return ScalarText(ResolveArgument(value, ctx, block));
}

std::optional<boost::json::value> Ref(const boost::json::value& args, const EvaluationContext& ctx,
                                      Block block) {
  std::optional<std::string> name;
  if (args.is_string()) {
    name = std::string(args.get_string());
  } else if (internal::AsFunction(args) != nullptr && internal::UsesLanguageExtensions(ctx.tmpl)) {
    // The transform lets Ref take a function that returns the name.
    name = StringArgument(args, ctx, block);
  }
  if (!name) {
    ThrowFormatError("Every Ref object must have a single String value.");  // unverified
  }
  return internal::RefValue(*name, ctx, block);
}

boost::json::value GetAtt(const boost::json::value& args, const EvaluationContext& ctx,
                          Block block) {
  std::string resource;
  std::optional<std::string> attribute;
  if (args.is_string()) {
    // "A.B.C": the resource is before the first dot, the attribute (B.C) after it.
    const std::string_view text = args.get_string();
    const size_t dot = text.find('.');
    if (dot != std::string_view::npos) {
      resource = text.substr(0, dot);
      attribute = std::string(text.substr(dot + 1));
    }
  } else if (const boost::json::array* list = args.if_array();
             list != nullptr && list->size() == 2 && (*list)[0].is_string()) {
    resource = (*list)[0].get_string();
    // The attribute may be a Ref (to a parameter), as the Fn::GetAtt page allows.
    attribute = (*list)[1].is_string() ? std::string((*list)[1].get_string())
                                       : StringArgument((*list)[1], ctx, block);
  }
  if (resource.empty() || !attribute || attribute->empty()) {
    ThrowTemplateError(std::string(kGetAttError));
  }
  return internal::AttributeValue(resource, *attribute, ctx, block);
}

boost::json::value Join(const boost::json::value& args, const EvaluationContext& ctx, Block block) {
  const boost::json::array* list = args.if_array();
  if (list == nullptr || list->size() != 2 || !(*list)[0].is_string()) {
    ThrowTemplateError(std::string(kJoinError));
  }
  const boost::json::value items = ResolveArgument((*list)[1], ctx, block);
  if (!items.is_array()) {
    ThrowTemplateError(std::string(kJoinError));
  }
  std::string out;
  bool first = true;
  for (const boost::json::value& item : items.get_array()) {
    const std::optional<std::string> text = ScalarText(item);
    if (!text) {
      ThrowTemplateError(std::string(kJoinError));
    }
    out += (first ? "" : std::string((*list)[0].get_string())) + *text;
    first = false;
  }
  return boost::json::string(out);
}

boost::json::value Select(const boost::json::value& args, const EvaluationContext& ctx,
                          Block block) {
  const boost::json::array* list = args.if_array();
  if (list == nullptr || list->size() != 2) {
    ThrowTemplateError(std::string(kSelectError));
  }
  const std::optional<std::string> index_text = StringArgument((*list)[0], ctx, block);
  const boost::json::value items = ResolveArgument((*list)[1], ctx, block);
  // An index that is not a whole number, or is outside the list, gets the same message from AWS.
  if (!index_text || index_text->empty() || index_text->size() > 9 ||
      !std::all_of(index_text->begin(), index_text->end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
      !items.is_array()) {
    ThrowTemplateError(std::string(kSelectError));
  }
  const size_t index = std::stoul(*index_text);
  if (index >= items.get_array().size()) {
    ThrowTemplateError(std::string(kSelectError));
  }
  return items.get_array()[index];
}

boost::json::value Split(const boost::json::value& args, const EvaluationContext& ctx,
                         Block block) {
  const boost::json::array* list = args.if_array();
  if (list == nullptr || list->size() != 2 || !(*list)[0].is_string() ||
      (*list)[0].get_string().empty()) {
    ThrowTemplateError(std::string(kSplitError));
  }
  const std::string_view delimiter = (*list)[0].get_string();
  const boost::json::value source = ResolveArgument((*list)[1], ctx, block);
  if (!source.is_string()) {
    ThrowTemplateError(std::string(kSplitError));
  }
  const std::string_view text = source.get_string();
  boost::json::array out;
  size_t start = 0;
  for (size_t at = text.find(delimiter); at != std::string_view::npos;
       at = text.find(delimiter, start)) {
    out.emplace_back(text.substr(start, at - start));
    start = at + delimiter.size();
  }
  out.emplace_back(text.substr(start));
  return out;
}

std::optional<boost::json::value> If(const boost::json::value& args, const EvaluationContext& ctx,
                                     Block block) {
  const boost::json::array* list = args.if_array();
  if (list == nullptr || list->size() != 3) {
    ThrowTemplateError("Fn::If requires a list argument with three elements");  // unverified
  }
  if (!(*list)[0].is_string()) {
    ThrowTemplateError(  // unverified
        "Fn::If requires a list argument with the first element being a condition");
  }
  const std::string_view name = (*list)[0].get_string();
  const auto found =
      ctx.conditions == nullptr ? ConditionValues::const_iterator() : ctx.conditions->find(name);
  if (ctx.conditions == nullptr || found == ctx.conditions->end()) {
    ThrowTemplateError("unresolved condition dependency " + std::string(name) + " in Fn::If");
  }
  return internal::ResolveValue((*list)[found->second ? 1 : 2], ctx, block);
}

boost::json::value FindInMap(const boost::json::value& args, const EvaluationContext& ctx,
                             Block block) {
  const bool extensions = internal::UsesLanguageExtensions(ctx.tmpl);
  const boost::json::array* list = args.if_array();
  if (list == nullptr || (list->size() != 3 && !(extensions && list->size() == 4))) {
    ThrowTemplateError(std::string(kFindInMapError));
  }
  // The transform's fourth argument: {"DefaultValue": value}, returned when a key is missing.
  std::optional<boost::json::value> fallback;
  if (list->size() == 4) {
    const boost::json::object* option = (*list)[3].if_object();
    if (option == nullptr || option->size() != 1 || !option->contains("DefaultValue")) {
      ThrowTemplateError(std::string(kFindInMapError));
    }
    fallback = ResolveArgument(option->at("DefaultValue"), ctx, block);
  }
  std::string keys[3];
  for (size_t i = 0; i < 3; ++i) {
    const std::optional<std::string> key = StringArgument((*list)[i], ctx, block);
    if (!key) {
      ThrowTemplateError(std::string(kFindInMapError));
    }
    keys[i] = *key;
  }
  const boost::json::value* mapping = internal::Section(ctx.tmpl, "Mappings").if_contains(keys[0]);
  if (mapping == nullptr && !fallback) {
    ThrowTemplateError("Mapping named '" + keys[0] +  // unverified (Eucalyptus)
                       "' is not present in the 'Mappings' section of template");
  }
  const boost::json::value* top = mapping != nullptr && mapping->is_object()
                                      ? mapping->get_object().if_contains(keys[1])
                                      : nullptr;
  const boost::json::value* found =
      top != nullptr && top->is_object() ? top->get_object().if_contains(keys[2]) : nullptr;
  if (found == nullptr) {
    if (fallback) {
      return *fallback;
    }
    ThrowTemplateError("Unable to get mapping for " + keys[0] + "::" + keys[1] + "::" + keys[2]);
  }
  return *found;
}

boost::json::value Base64(const boost::json::value& args, const EvaluationContext& ctx,
                          Block block) {
  const std::optional<std::string> text = StringArgument(args, ctx, block);
  if (!text) {
    ThrowTemplateError("every Fn::Base64 object must have a String-typed value.");  // unverified
  }
  return boost::json::string(core::Base64Encode(*text));
}

boost::json::value GetAZs(const boost::json::value& args, const EvaluationContext& ctx,
                          Block block) {
  const std::optional<std::string> region = StringArgument(args, ctx, block);
  if (!region) {
    ThrowTemplateError("every Fn::GetAZs object must have a String-typed value.");  // unverified
  }
  boost::json::array zones;
  for (std::string& zone : AvailabilityZones(region->empty() ? ctx.stack.region : *region)) {
    zones.emplace_back(std::move(zone));
  }
  return zones;
}

boost::json::value ImportValue(const boost::json::value& args, const EvaluationContext& ctx,
                               Block block) {
  const std::optional<std::string> name = StringArgument(args, ctx, block);
  if (!name) {
    ThrowTemplateError(
        "every Fn::ImportValue object must have a String-typed value.");  // unverified
  }
  const std::optional<std::string> value =
      ctx.lookups.import_value ? ctx.lookups.import_value(*name) : std::nullopt;
  if (!value) {
    throw core::AwsError("ValidationError", "No export named " + *name, 400);
  }
  return boost::json::string(*value);
}

bool IsConditionFunction(std::string_view name) {
  return name == "Fn::Equals" || name == "Fn::And" || name == "Fn::Or" || name == "Fn::Not";
}

}  // namespace

namespace internal {

bool ResourceExists(std::string_view name, const EvaluationContext& ctx) {
  const boost::json::value* resource = Section(ctx.tmpl, "Resources").if_contains(name);
  if (resource == nullptr || !resource->is_object()) {
    return false;
  }
  return ctx.conditions == nullptr || IsActive(resource->get_object(), *ctx.conditions);
}

void ThrowUnresolved(std::string_view name, Block block) {
  const std::string list = "[" + std::string(name) + "]";
  switch (block) {
    case Block::kOutputs:  // AWS gives this one without the "Template format error" prefix
      throw core::AwsError(
          "ValidationError",
          "Unresolved resource dependencies " + list + " in the Outputs block of the template",
          400);
    case Block::kConditions:  // unverified (Eucalyptus)
      ThrowFormatError("Unresolved dependencies " + list +
                       ". Cannot reference resources in the Conditions block of the template");
    case Block::kResources:
      break;
  }
  ThrowFormatError("Unresolved resource dependencies " + list +
                   " in the Resources block of the template");
}

std::optional<boost::json::value> RefValue(std::string_view name, const EvaluationContext& ctx,
                                           Block block) {
  if (IsPseudoParameter(name)) {
    return PseudoParameterValue(name, ctx.stack);
  }
  if (const ResolvedParameter* parameter = ctx.parameters.Find(name)) {
    return parameter->ref;
  }
  if (block == Block::kConditions || !ResourceExists(name, ctx) || !ctx.lookups.resource_ref) {
    ThrowUnresolved(name, block);
  }
  return ctx.lookups.resource_ref(name);
}

boost::json::value AttributeValue(std::string_view resource, std::string_view attribute,
                                  const EvaluationContext& ctx, Block block) {
  if (block == Block::kConditions || !ResourceExists(resource, ctx)) {
    ThrowUnresolved(resource, block);
  }
  std::optional<boost::json::value> value =
      ctx.lookups.resource_attribute ? ctx.lookups.resource_attribute(resource, attribute)
                                     : std::nullopt;
  if (!value) {
    ThrowTemplateError("resource " + std::string(resource) +  // unverified (Eucalyptus, moto)
                       " does not support attribute type " + std::string(attribute) +
                       " in Fn::GetAtt");
  }
  return std::move(*value);
}

boost::json::value ResolveArgument(const boost::json::value& value, const EvaluationContext& ctx,
                                   Block block) {
  std::optional<boost::json::value> resolved = ResolveValue(value, ctx, block);
  return resolved ? std::move(*resolved) : boost::json::value(nullptr);
}

std::optional<boost::json::value> ResolveValue(const boost::json::value& value,
                                               const EvaluationContext& ctx, Block block) {
  if (const boost::json::key_value_pair* function = AsFunction(value)) {
    const std::string_view name = function->key();
    const boost::json::value& args = function->value();
    if (name == "Ref") {
      return Ref(args, ctx, block);
    }
    if (name == "Fn::If") {
      return If(args, ctx, block);
    }
    if (name == "Fn::GetAtt") {
      return GetAtt(args, ctx, block);
    }
    if (name == "Fn::Sub") {
      return Sub(args, ctx, block);
    }
    if (name == "Fn::Join") {
      return Join(args, ctx, block);
    }
    if (name == "Fn::Select") {
      return Select(args, ctx, block);
    }
    if (name == "Fn::Split") {
      return Split(args, ctx, block);
    }
    if (name == "Fn::FindInMap") {
      return FindInMap(args, ctx, block);
    }
    if (name == "Fn::Base64") {
      return Base64(args, ctx, block);
    }
    if (name == "Fn::GetAZs") {
      return GetAZs(args, ctx, block);
    }
    if (name == "Fn::Cidr") {
      return Cidr(args, ctx, block);
    }
    if (name == "Fn::ImportValue") {
      return ImportValue(args, ctx, block);
    }
    if (IsConditionFunction(name)) {
      return boost::json::value(EvaluateCondition(value, ctx));
    }
    if (name == "Fn::Length" && UsesLanguageExtensions(ctx.tmpl)) {
      return Length(args, ctx, block);
    }
    if (name == "Fn::ToJsonString" && UsesLanguageExtensions(ctx.tmpl)) {
      return ToJsonString(args, ctx, block);
    }
    if (name != "Condition") {  // outside a condition function {"Condition": x} is plain data
      ThrowUnsupportedFunction(name);
    }
  }
  if (const boost::json::object* object = value.if_object()) {
    boost::json::object out;
    for (const auto& [key, member] : *object) {
      if (std::optional<boost::json::value> resolved = ResolveValue(member, ctx, block)) {
        out[key] = std::move(*resolved);
      }
    }
    return out;
  }
  if (const boost::json::array* list = value.if_array()) {
    boost::json::array out;
    for (const boost::json::value& item : *list) {
      if (std::optional<boost::json::value> resolved = ResolveValue(item, ctx, block)) {
        out.push_back(std::move(*resolved));
      }
    }
    return out;
  }
  return value;
}

}  // namespace internal

std::optional<boost::json::value> Resolve(const boost::json::value& value,
                                          const EvaluationContext& ctx, Block block) {
  std::optional<boost::json::value> resolved = internal::ResolveValue(value, ctx, block);
  if (resolved) {
    internal::ApplyDynamicReferences(*resolved, ctx);
  }
  return resolved;
}

std::optional<boost::json::value> PseudoParameterValue(std::string_view name,
                                                       const StackFacts& stack) {
  if (name == "AWS::AccountId") {
    return boost::json::string(stack.account_id);
  }
  if (name == "AWS::Region") {
    return boost::json::string(stack.region);
  }
  if (name == "AWS::StackName") {
    return boost::json::string(stack.stack_name);
  }
  if (name == "AWS::StackId") {
    return boost::json::string(stack.stack_id);
  }
  if (name == "AWS::Partition") {
    return boost::json::string(core::PartitionOf(stack.region).id);
  }
  if (name == "AWS::URLSuffix") {
    return boost::json::string(core::PartitionOf(stack.region).dns_suffix);
  }
  if (name == "AWS::NotificationARNs") {
    boost::json::array arns;
    for (const std::string& arn : stack.notification_arns) {
      arns.emplace_back(arn);
    }
    return arns;
  }
  return std::nullopt;
}

}  // namespace nimbus::cloudformation
