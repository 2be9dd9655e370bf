#include "cloudformation/engine/stack_plan.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/template/parse.h"
#include "cloudformation/template/rules.h"
#include "cloudformation/template/structure.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

const json::object& Section(const json::object& tmpl, std::string_view name) {
  static const json::object kEmpty;
  const json::value* section = tmpl.if_contains(name);
  return section && section->is_object() ? section->get_object() : kEmpty;
}

// An output's value as the string DescribeStacks shows: lists are joined with commas, as
// CloudFormation joins a CommaDelimitedList.
std::string OutputText(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_array()) {
    std::string joined;
    for (const json::value& item : value.get_array()) {
      if (!joined.empty()) joined += ",";
      joined += OutputText(item);
    }
    return joined;
  }
  if (value.is_object()) return json::serialize(value);
  return ScalarText(value);
}

// Appends to `out` the arguments of every Fn::ImportValue in `value`, leaving out the branch of
// an Fn::If that its condition does not take.
void CollectImports(const json::value& value, const ConditionValues& conditions,
                    std::vector<const json::value*>& out) {
  if (value.is_array()) {
    for (const json::value& item : value.get_array()) CollectImports(item, conditions, out);
    return;
  }
  if (!value.is_object()) return;
  const json::object& object = value.get_object();
  if (object.size() == 1 && object.begin()->key() == "Fn::ImportValue") {
    out.push_back(&object.begin()->value());
    return;
  }
  if (object.size() == 1 && object.begin()->key() == "Fn::If") {
    const json::value& args = object.begin()->value();
    if (args.is_array() && args.get_array().size() == 3 && args.get_array()[0].is_string()) {
      auto it = conditions.find(args.get_array()[0].get_string());
      if (it != conditions.end()) {
        CollectImports(args.get_array()[it->second ? 1 : 2], conditions, out);
        return;
      }
    }
  }
  for (const auto& member : object) CollectImports(member.value(), conditions, out);
}

}  // namespace

StackPlan::StackPlan(json::object tmpl, StackFacts facts, ResolvedParameters parameters)
    : tmpl_(std::move(tmpl)), facts_(std::move(facts)), parameters_(std::move(parameters)) {
  {
    const EvaluationContext ctx{
        .tmpl = tmpl_, .stack = facts_, .parameters = parameters_, .lookups = {}};
    CheckRules(tmpl_, ctx);
    if (tmpl_.contains("Transform")) {
      // The loops of AWS::LanguageExtensions expanded, the template is checked again as AWS
      // checks it after its transforms (structure.h).
      tmpl_ = ExpandLanguageExtensions(tmpl_, ctx);
      CheckStructure(tmpl_);
    }
  }
  {
    const EvaluationContext ctx{
        .tmpl = tmpl_, .stack = facts_, .parameters = parameters_, .lookups = {}};
    conditions_ = EvaluateConditions(tmpl_, ctx);
  }
  DependencyGraph graph = BuildDependencyGraph(tmpl_, &conditions_);
  const json::object& definitions = Section(tmpl_, "Resources");
  resources_.reserve(graph.creation_order.size());
  for (std::string& logical_id : graph.creation_order) {
    const json::object& definition = definitions.at(logical_id).as_object();
    PlannedResource resource;
    resource.type = std::string(definition.at("Type").as_string());
    auto deps = graph.dependencies.find(logical_id);
    if (deps != graph.dependencies.end()) resource.dependencies = std::move(deps->second);
    if (const json::value* policy = definition.if_contains("DeletionPolicy")) {
      // Under AWS::LanguageExtensions the policy may be a function of the parameters.
      const EvaluationContext ctx = Context({});
      const std::optional<json::value> resolved = Resolve(*policy, ctx);
      if (resolved && resolved->is_string()) {
        resource.deletion_policy = std::string(resolved->get_string());
      }
    }
    if (const json::value* policy = definition.if_contains("CreationPolicy")) {
      // Count and Timeout are often parameters ({"Ref": "InstanceCount"}).
      const std::optional<json::value> resolved = Resolve(*policy, Context({}));
      if (resolved) resource.signals = SignalPolicyOf(logical_id, *resolved);
    }
    resource.logical_id = std::move(logical_id);
    resources_.push_back(std::move(resource));
  }
  std::unordered_map<std::string_view, size_t> positions;
  for (size_t i = 0; i < resources_.size(); ++i) positions.emplace(resources_[i].logical_id, i);
  for (PlannedResource& resource : resources_) {
    for (const std::string& dependency : resource.dependencies) {
      auto it = positions.find(dependency);
      // A dependency outside the plan never completes, as its name would never be found.
      resource.dependency_positions.push_back(it == positions.end() ? PlannedResource::kNotPlanned
                                                                    : it->second);
    }
  }
}

const PlannedResource* StackPlan::Find(std::string_view logical_id) const {
  for (const PlannedResource& resource : resources_) {
    if (resource.logical_id == logical_id) return &resource;
  }
  return nullptr;
}

EvaluationContext StackPlan::Context(const Lookups& lookups) const {
  return EvaluationContext{.tmpl = tmpl_,
                           .stack = facts_,
                           .parameters = parameters_,
                           .conditions = &conditions_,
                           .lookups = lookups};
}

json::object StackPlan::Properties(std::string_view logical_id, const Lookups& lookups) const {
  const json::object& definition = Section(tmpl_, "Resources").at(logical_id).as_object();
  const json::value* properties = definition.if_contains("Properties");
  if (!properties) return {};
  std::optional<json::value> resolved = Resolve(*properties, Context(lookups));
  if (!resolved || !resolved->is_object()) return {};
  return std::move(resolved->get_object());
}

json::array StackPlan::Outputs(const Lookups& lookups) const {
  json::array outputs;
  const EvaluationContext ctx = Context(lookups);
  for (const auto& [key, member] : Section(tmpl_, "Outputs")) {
    const json::object& output = member.as_object();
    if (!IsActive(output, conditions_)) continue;
    json::object described{{"OutputKey", key}};
    const std::optional<json::value> value = Resolve(output.at("Value"), ctx, Block::kOutputs);
    described["OutputValue"] = value ? OutputText(*value) : "";
    if (const json::value* description = output.if_contains("Description")) {
      const std::optional<json::value> text = Resolve(*description, ctx, Block::kOutputs);
      if (text) described["Description"] = OutputText(*text);
    }
    if (const json::value* exported = output.if_contains("Export");
        exported && exported->is_object()) {
      if (const json::value* name = exported->get_object().if_contains("Name")) {
        const std::optional<json::value> text = Resolve(*name, ctx, Block::kOutputs);
        if (text) described["ExportName"] = OutputText(*text);
      }
    }
    outputs.push_back(std::move(described));
  }
  return outputs;
}

std::vector<std::string> StackPlan::ImportedExports() const {
  std::vector<const json::value*> arguments;
  const json::object& definitions = Section(tmpl_, "Resources");
  for (const PlannedResource& resource : resources_) {
    CollectImports(definitions.at(resource.logical_id), conditions_, arguments);
  }
  for (const auto& [key, member] : Section(tmpl_, "Outputs")) {
    if (member.is_object() && IsActive(member.get_object(), conditions_)) {
      CollectImports(member, conditions_, arguments);
    }
  }
  std::vector<std::string> names;
  const EvaluationContext ctx = Context({});
  for (const json::value* argument : arguments) {
    std::optional<json::value> name;
    try {
      name = Resolve(*argument, ctx);
    } catch (const core::AwsError&) {
      continue;  // the resource or output that uses it fails with this error
    }
    if (!name || !name->is_string()) continue;
    const std::string text(name->get_string());
    if (std::find(names.begin(), names.end(), text) == names.end()) names.push_back(text);
  }
  return names;
}

std::string ParametersToJson(const ResolvedParameters& parameters) {
  json::array out;
  for (const ResolvedParameter& p : parameters.list) {
    json::object item{{"Key", p.key},
                      {"Type", p.type},
                      {"Value", p.value},
                      {"NoEcho", p.no_echo},
                      {"Ref", p.ref}};
    if (p.resolved_value) item["ResolvedValue"] = *p.resolved_value;
    out.push_back(std::move(item));
  }
  return json::serialize(out);
}

ResolvedParameters ParametersFromJson(std::string_view text) {
  ResolvedParameters parameters;
  const json::value parsed = json::parse(text);
  for (const json::value& item : parsed.as_array()) {
    const json::object& p = item.as_object();
    ResolvedParameter parameter;
    parameter.key = std::string(p.at("Key").as_string());
    parameter.type = std::string(p.at("Type").as_string());
    parameter.value = std::string(p.at("Value").as_string());
    parameter.no_echo = p.at("NoEcho").as_bool();
    parameter.ref = p.at("Ref");
    if (const json::value* resolved = p.if_contains("ResolvedValue")) {
      parameter.resolved_value = std::string(resolved->as_string());
    }
    parameters.list.push_back(std::move(parameter));
  }
  return parameters;
}

}  // namespace nimbus::cloudformation
