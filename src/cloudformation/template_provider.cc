// GetTemplate, ValidateTemplate and GetTemplateSummary.
#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_plan.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template/parse.h"
#include "cloudformation/template/references.h"
#include "cloudformation/template/structure.h"
#include "cloudformation/template/template_error.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"
#include "core/text.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptString;

namespace {

using internal::Invalid;

// Parses and checks a template as ValidateTemplate does: structure, references and cycles, for
// every resource whatever its Condition.
json::object CheckedTemplate(std::string_view body) {
  json::object tmpl = ParseTemplate(body);
  CheckStructure(tmpl);
  BuildDependencyGraph(tmpl);
  return tmpl;
}

// The names of the template's transforms (Transform: a name, {Name: ...}, or a list of them).
json::array DeclaredTransforms(const json::object& tmpl) {
  json::array names;
  const json::value* transform = tmpl.if_contains("Transform");
  if (!transform) return names;
  const auto add = [&names](const json::value& entry) {
    if (entry.is_string()) {
      names.push_back(entry);
    } else if (const json::object* object = entry.if_object()) {
      if (const json::value* name = object->if_contains("Name"); name && name->is_string()) {
        names.push_back(*name);
      }
    }
  };
  if (const json::array* list = transform->if_array()) {
    for (const json::value& entry : *list) add(entry);
  } else {
    add(*transform);
  }
  return names;
}

void AddCapabilities(const json::object& tmpl, json::object& out) {
  const internal::CapabilityNeeds needs = internal::NeededCapabilities(tmpl);
  if (needs.capabilities.empty()) return;
  json::array capabilities;
  for (const std::string& capability : needs.capabilities) capabilities.emplace_back(capability);
  out["Capabilities"] = std::move(capabilities);
  const std::string reason = needs.Reason();
  if (!reason.empty()) out["CapabilitiesReason"] = reason;
}

}  // namespace

std::vector<std::string> StackProvider::UnrecognizedTypes(const json::object& tmpl) const {
  std::vector<std::string> unknown;
  const json::value* resources = tmpl.if_contains("Resources");
  if (!resources || !resources->is_object()) return unknown;
  for (const auto& [logical_id, definition] : resources->get_object()) {
    const json::object* resource = definition.if_object();
    const json::value* type = resource ? resource->if_contains("Type") : nullptr;
    if (!type || !type->is_string()) continue;
    const std::string_view name = type->get_string();
    if (core::StartsWith(name, "Custom::") || resources_.Find(name) || schemas_.Has(name)) continue;
    if (std::find(unknown.begin(), unknown.end(), name) == unknown.end()) {
      unknown.emplace_back(name);
    }
  }
  return unknown;
}

void StackProvider::CheckTypesRecognized(const json::object& tmpl) const {
  const std::vector<std::string> unknown = UnrecognizedTypes(tmpl);
  if (!unknown.empty()) {
    std::string list;
    for (const std::string& type : unknown) list += (list.empty() ? "" : ", ") + type;
    ThrowFormatError("Unrecognized resource types: [" + list + "]");
  }
  const json::value* resources = tmpl.if_contains("Resources");
  if (rt_.options.cfn_simulated_allowed || !resources || !resources->is_object()) return;
  std::vector<std::string> simulated;
  for (const auto& [logical_id, definition] : resources->get_object()) {
    const json::object* resource = definition.if_object();
    const json::value* type = resource ? resource->if_contains("Type") : nullptr;
    if (!type || !type->is_string() || !simulated_.Owns(resources_.Find(type->get_string()))) {
      continue;
    }
    if (std::find(simulated.begin(), simulated.end(), type->get_string()) == simulated.end()) {
      simulated.emplace_back(type->get_string());
    }
  }
  if (simulated.empty()) return;
  std::string list;
  for (const std::string& type : simulated) list += (list.empty() ? "" : ", ") + type;
  ThrowFormatError("nimbus does not emulate resource types [" + list +
                   "]; they would be simulated (--cfn-simulated fail)");
}

std::vector<std::string> StackProvider::IdentifiersOf(std::string_view type) const {
  if (const Resource* handler = resources_.Find(type)) {
    std::vector<std::string> identifiers = handler->Identifiers();
    if (!identifiers.empty()) return identifiers;
  }
  if (const ResourceSchema* schema = schemas_.Find(type)) return schema->primary_identifier;
  return {};
}

json::value StackProvider::GetTemplate(const RequestContext& ctx, const json::object& in) {
  const std::optional<std::string> name = OptString(in, "StackName");
  store::Transaction tx = stacks_.Read();
  if (const std::optional<std::string> change_set = OptString(in, "ChangeSetName")) {
    if (!name && !core::StartsWith(*change_set, "arn:")) {  // recorded from AWS
      Invalid("StackName is a required parameter.");
    }
    // The template the change set would deploy.
    const ChangeSetRecord record = FindChangeSet(tx, ctx, in);
    return json::object{{"TemplateBody", record.template_body},
                        {"StagesAvailable", json::array{"Original", "Processed"}}};
  }
  if (!name) Invalid("StackName is required if ChangeSetName is not specified.");
  const StackRecord stack = FindOrThrow(tx, ctx, *name);
  std::string body = stack.template_body;
  // A template with AWS::Include deploys its processed text and keeps the one it was given.
  const json::value options = json::parse(stack.options.empty() ? "{}" : stack.options);
  const json::value* original = options.as_object().if_contains("OriginalTemplateBody");
  if (original && original->is_string() && !original->get_string().empty()) {
    body = std::string(original->get_string());
  }
  if (OptString(in, "TemplateStage").value_or("Original") == "Processed") {
    body = stack.template_body;
    // The template after its transforms ran: AWS::LanguageExtensions is the one nimbus runs.
    const json::object tmpl = ParseTemplate(stack.template_body);
    if (tmpl.contains("Transform")) {
      StackFacts facts{.account_id = ctx.scope.account,
                       .region = ctx.scope.region,
                       .stack_name = stack.name,
                       .stack_id = stack.stack_id,
                       .notification_arns = {}};
      const ResolvedParameters parameters = ParametersFromJson(stack.parameters);
      const EvaluationContext eval{
          .tmpl = tmpl, .stack = facts, .parameters = parameters, .lookups = {}};
      body = json::serialize(ExpandLanguageExtensions(tmpl, eval));
    }
  }
  return json::object{{"TemplateBody", body},
                      {"StagesAvailable", json::array{"Original", "Processed"}}};
}

json::value StackProvider::ValidateTemplate(const RequestContext& ctx, const json::object& in) {
  const internal::ProcessedTemplate processed =
      internal::ProcessTemplate(services_, ctx, internal::TemplateBodyOf(services_, ctx, in));
  const json::object tmpl = CheckedTemplate(processed.body);
  json::array transforms = DeclaredTransforms(processed.declared);
  // AWS validates a template with transforms without running them (it lists them in
  // DeclaredTransforms), so a SAM template or one using a macro is valid here, and the types a
  // transform expands (AWS::Serverless::Function) are not checked. CreateStack refuses the
  // transforms nimbus cannot run.
  const bool runs_no_transform = std::all_of(
      transforms.begin(), transforms.end(),
      [](const json::value& name) { return name == "AWS::LanguageExtensions"; });
  if (runs_no_transform) CheckTypesRecognized(tmpl);
  json::object out{{"Parameters", internal::TemplateParameters(tmpl, /*declarations=*/false)}};
  if (const json::value* description = tmpl.if_contains("Description");
      description && description->is_string()) {
    out["Description"] = *description;
  }
  AddCapabilities(processed.declared, out);
  if (!transforms.empty()) out["DeclaredTransforms"] = std::move(transforms);
  return out;
}

json::value StackProvider::GetTemplateSummary(const RequestContext& ctx, const json::object& in) {
  std::string body;
  if (const std::optional<std::string> name = OptString(in, "StackName")) {
    if (in.contains("TemplateBody") || in.contains("TemplateURL")) {  // unverified wording
      Invalid("Specify only one of TemplateBody, TemplateURL, StackName or StackSetName.");
    }
    store::Transaction tx = stacks_.Read();
    const StackRecord stack = FindOrThrow(tx, ctx, *name);
    if (stack.status == "REVIEW_IN_PROGRESS") {  // recorded from AWS
      Invalid("GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.");
    }
    body = stack.template_body;
  } else if (const std::optional<std::string> stack_set = OptString(in, "StackSetName")) {
    // TODO(issue 12): stack sets.
    throw AwsError("StackSetNotFoundException", "StackSet " + *stack_set + " not found");
  } else {
    body = internal::ProcessTemplate(services_, ctx, internal::TemplateBodyOf(services_, ctx, in))
               .body;
  }
  const json::object tmpl = CheckedTemplate(body);
  const json::object* config = core::protocol::OptObject(in, "TemplateSummaryConfig");
  const bool warn =
      config && core::protocol::BoolOr(*config, "TreatUnrecognizedResourceTypesAsWarnings", false);
  const std::vector<std::string> unrecognized = UnrecognizedTypes(tmpl);
  if (!warn) CheckTypesRecognized(tmpl);
  json::object out{{"Parameters", internal::TemplateParameters(tmpl, /*declarations=*/true)}};
  if (const json::value* description = tmpl.if_contains("Description");
      description && description->is_string()) {
    out["Description"] = *description;
  }
  AddCapabilities(tmpl, out);

  // Each type once, in template order, with the logical ids of its resources.
  json::array types;
  json::array summaries;
  const json::value* resources = tmpl.if_contains("Resources");
  for (const auto& [logical_id, definition] : resources->as_object()) {
    const std::string type(definition.as_object().at("Type").as_string());
    auto summary = std::find_if(summaries.begin(), summaries.end(), [&](const json::value& s) {
      return s.at("ResourceType").as_string() == type;
    });
    if (summary == summaries.end()) {
      types.emplace_back(type);
      json::object entry{{"ResourceType", type}, {"LogicalResourceIds", json::array()}};
      json::array identifiers;
      for (const std::string& identifier : IdentifiersOf(type))
        identifiers.emplace_back(identifier);
      if (!identifiers.empty()) entry["ResourceIdentifiers"] = std::move(identifiers);
      summaries.push_back(std::move(entry));
      summary = summaries.end() - 1;
    }
    summary->as_object()["LogicalResourceIds"].as_array().emplace_back(logical_id);
  }
  out["ResourceTypes"] = std::move(types);
  const json::value* version = tmpl.if_contains("AWSTemplateFormatVersion");
  out["Version"] = version && version->is_string() ? *version : json::value("2010-09-09");
  if (const json::value* metadata = tmpl.if_contains("Metadata")) {
    out["Metadata"] = json::serialize(*metadata);
  }
  json::array transforms = DeclaredTransforms(tmpl);
  if (!transforms.empty()) out["DeclaredTransforms"] = std::move(transforms);
  out["ResourceIdentifierSummaries"] = std::move(summaries);
  if (warn) {
    json::array unknown;
    for (const std::string& type : unrecognized) unknown.emplace_back(type);
    out["Warnings"] = json::object{{"UnrecognizedResourceTypes", std::move(unknown)}};
  }
  return out;
}

}  // namespace nimbus::cloudformation
