#include "cloudformation/template/references.h"

#include <algorithm>
#include <set>

#include "cloudformation/template/conditions.h"
#include "cloudformation/template/internal/values.h"
#include "cloudformation/template/template_error.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {
namespace {

// A name a value refers to; `attribute` when through Fn::GetAtt or ${X.Attr}, which only a
// resource can answer.
struct Reference {
  std::string name;
  bool attribute = false;
};

void CollectSubNames(std::string_view text, const boost::json::object* variables,
                     std::vector<Reference>& out) {
  for (size_t open = text.find("${"); open != std::string_view::npos;
       open = text.find("${", open + 2)) {
    const size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      return;
    }
    if (text[open + 2] == '!') {
      continue;
    }
    const std::string_view name = text.substr(open + 2, close - open - 2);
    if (variables != nullptr && variables->contains(name)) {
      continue;
    }
    const size_t dot = name.find('.');
    if (dot != std::string_view::npos && !internal::IsPseudoParameter(name)) {
      out.push_back({std::string(name.substr(0, dot)), true});
    } else {
      out.push_back({std::string(name), false});
    }
  }
}

void Collect(const boost::json::value& value, const ConditionValues* conditions,
             std::vector<Reference>& out) {
  if (const boost::json::key_value_pair* function = internal::AsFunction(value)) {
    const std::string_view name = function->key();
    const boost::json::value& args = function->value();
    const boost::json::array* list = args.if_array();
    if (name == "Ref" && args.is_string()) {
      out.push_back({std::string(args.get_string()), false});
      return;
    }
    if (name == "Fn::GetAtt") {
      if (args.is_string()) {
        const std::string_view text = args.get_string();
        out.push_back({std::string(text.substr(0, text.find('.'))), true});
        return;
      }
      if (list != nullptr && !list->empty() && (*list)[0].is_string()) {
        out.push_back({std::string((*list)[0].get_string()), true});
      }
    }
    if (name == "Fn::Sub") {
      if (args.is_string()) {
        CollectSubNames(args.get_string(), nullptr, out);
        return;
      }
      if (list != nullptr && list->size() == 2 && (*list)[0].is_string()) {
        CollectSubNames((*list)[0].get_string(), (*list)[1].if_object(), out);
        Collect((*list)[1], conditions, out);
        return;
      }
    }
    if (name == "Fn::If" && conditions != nullptr && list != nullptr && list->size() == 3 &&
        (*list)[0].is_string()) {
      if (const auto found = conditions->find((*list)[0].get_string());
          found != conditions->end()) {
        Collect((*list)[found->second ? 1 : 2], conditions, out);
        return;
      }
    }
  }
  if (const boost::json::object* object = value.if_object()) {
    for (const auto& member : *object) {
      Collect(member.value(), conditions, out);
    }
  } else if (const boost::json::array* list = value.if_array()) {
    for (const boost::json::value& item : *list) {
      Collect(item, conditions, out);
    }
  }
}

// The references of a Resources or Outputs member: all of it but its own Condition and
// DependsOn attributes; DependsOn names follow as references of their own.
std::vector<Reference> MemberReferences(const boost::json::object& member,
                                        const ConditionValues* conditions) {
  std::vector<Reference> out;
  for (const auto& [key, value] : member) {
    if (key != "Condition" && key != "DependsOn" && key != "Type") {
      Collect(value, conditions, out);
    }
  }
  if (const boost::json::value* depends_on = member.if_contains("DependsOn")) {
    if (depends_on->is_string()) {
      out.push_back({std::string(depends_on->get_string()), true});
    } else if (depends_on->is_array()) {
      for (const boost::json::value& name : depends_on->get_array()) {
        if (name.is_string()) {
          out.push_back({std::string(name.get_string()), true});
        }
      }
    }
  }
  return out;
}

void AddOnce(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    names.push_back(name);
  }
}

}  // namespace

std::vector<std::string> Dependencies(const boost::json::object& tmpl, std::string_view logical_id,
                                      const ConditionValues* conditions) {
  const boost::json::object& resources = internal::Section(tmpl, "Resources");
  const boost::json::value* resource = resources.if_contains(logical_id);
  std::vector<std::string> out;
  if (resource == nullptr || !resource->is_object()) {
    return out;
  }
  for (const Reference& reference : MemberReferences(resource->get_object(), conditions)) {
    if (resources.contains(reference.name)) {
      AddOnce(out, reference.name);
    }
  }
  return out;
}

DependencyGraph BuildDependencyGraph(const boost::json::object& tmpl,
                                     const ConditionValues* conditions) {
  const boost::json::object& parameters = internal::Section(tmpl, "Parameters");
  const boost::json::object& resources = internal::Section(tmpl, "Resources");
  auto exists = [&](std::string_view name) {
    const boost::json::value* resource = resources.if_contains(name);
    return resource != nullptr && resource->is_object() &&
           (conditions == nullptr || IsActive(resource->get_object(), *conditions));
  };
  // Names a member may refer to without being a resource that exists.
  auto known = [&](const Reference& reference) {
    return internal::IsPseudoParameter(reference.name) ||
           (!reference.attribute && parameters.contains(reference.name));
  };

  DependencyGraph graph;
  std::vector<std::string> unresolved;
  for (const auto& [key, resource] : resources) {
    if (!exists(key)) {
      continue;
    }
    const std::string name(key);
    graph.resources.push_back(name);
    std::vector<std::string>& needs = graph.dependencies[name];
    for (const Reference& reference : MemberReferences(resource.get_object(), conditions)) {
      if (exists(reference.name)) {
        AddOnce(needs, reference.name);
      } else if (!known(reference)) {
        AddOnce(unresolved, reference.name);
      }
    }
  }
  if (!unresolved.empty()) {
    ThrowFormatError("Unresolved resource dependencies " + internal::NameList(unresolved) +
                     " in the Resources block of the template");
  }
  for (const auto& [key, output] : internal::Section(tmpl, "Outputs")) {
    if (!output.is_object() ||
        (conditions != nullptr && !IsActive(output.get_object(), *conditions))) {
      continue;
    }
    for (const Reference& reference : MemberReferences(output.get_object(), conditions)) {
      if (!exists(reference.name) && !known(reference)) {
        AddOnce(unresolved, reference.name);
      }
    }
  }
  if (!unresolved.empty()) {
    throw core::AwsError("ValidationError",
                         "Unresolved resource dependencies " + internal::NameList(unresolved) +
                             " in the Outputs block of the template",
                         400);
  }

  // Kahn's algorithm; `ready` orders resources by their place in the template.
  std::map<std::string, size_t, std::less<>> position;
  for (size_t i = 0; i < graph.resources.size(); ++i) {
    position[graph.resources[i]] = i;
  }
  std::vector<size_t> waiting_on(graph.resources.size(), 0);
  std::vector<std::vector<size_t>> dependents(graph.resources.size());
  for (size_t i = 0; i < graph.resources.size(); ++i) {
    for (const std::string& needed : graph.dependencies[graph.resources[i]]) {
      ++waiting_on[i];
      dependents[position[needed]].push_back(i);
    }
  }
  std::set<size_t> ready;
  for (size_t i = 0; i < graph.resources.size(); ++i) {
    if (waiting_on[i] == 0) {
      ready.insert(i);
    }
  }
  while (!ready.empty()) {
    const size_t next = *ready.begin();
    ready.erase(ready.begin());
    graph.creation_order.push_back(graph.resources[next]);
    for (size_t dependent : dependents[next]) {
      if (--waiting_on[dependent] == 0) {
        ready.insert(dependent);
      }
    }
  }
  if (graph.creation_order.size() < graph.resources.size()) {
    std::vector<std::string> stuck;
    for (size_t i = 0; i < graph.resources.size(); ++i) {
      if (waiting_on[i] > 0) {
        stuck.push_back(graph.resources[i]);
      }
    }
    throw core::AwsError("ValidationError",
                         "Circular dependency between resources: " + internal::NameList(stuck),
                         400);
  }
  return graph;
}

}  // namespace nimbus::cloudformation
