#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cloudformation/engine/creation_policy.h"
#include "cloudformation/template/conditions.h"
#include "cloudformation/template/intrinsics.h"
#include "cloudformation/template/parameters.h"
#include "cloudformation/template/references.h"

namespace nimbus::cloudformation {

// A resource of a plan, with what the deployer needs before it resolves its properties.
struct PlannedResource {
  std::string logical_id;
  std::string type;
  std::vector<std::string> dependencies;  // resources it needs first (Ref, GetAtt, Sub, DependsOn)
  // The same as positions in StackPlan::resources() (kNotPlanned for one that is not there), so
  // that finding the resources ready to start costs no lookup by name.
  std::vector<size_t> dependency_positions;
  static constexpr size_t kNotPlanned = static_cast<size_t>(-1);
  // Delete, Retain, RetainExceptOnCreate or Snapshot as the template says; "" without one: the
  // type's default (Resource::DefaultDeletionPolicy).
  std::string deletion_policy;
  // The signals its CreationPolicy makes its creation wait for; nullopt: none.
  std::optional<SignalPolicy> signals;
};

// A stack's template made ready for one stack operation, as template/intrinsics.h describes the
// steps: the rules checked, AWS::LanguageExtensions expanded, the conditions evaluated and the
// resources that exist put in creation order. Values are resolved on demand with the lookups the
// deployer gives (resources created so far, exports, SSM parameters). Building one throws
// core::AwsError ValidationError for a template AWS refuses at that stage.
class StackPlan {
 public:
  StackPlan(boost::json::object tmpl, StackFacts facts, ResolvedParameters parameters);
  StackPlan(const StackPlan&) = delete;
  StackPlan& operator=(const StackPlan&) = delete;

  // The resources whose Condition holds, in creation order.
  const std::vector<PlannedResource>& resources() const { return resources_; }
  // The resource `logical_id` of resources(), or nullptr.
  const PlannedResource* Find(std::string_view logical_id) const;

  // The resolved Properties of `logical_id` ({} when it declares none). Throws core::AwsError
  // when a value cannot be resolved.
  boost::json::object Properties(std::string_view logical_id, const Lookups& lookups) const;
  // The Outputs whose Condition holds, as DescribeStacks lists them: [{OutputKey, OutputValue,
  // Description, ExportName}], in template order. Throws core::AwsError.
  boost::json::array Outputs(const Lookups& lookups) const;

  // The export names the resources and outputs of the plan import (Fn::ImportValue), once each,
  // in template order. A name may be built from parameters and pseudo parameters (never from
  // resources, as AWS requires); one that does not evaluate is left out, for the resource that
  // uses it to fail with its own error.
  std::vector<std::string> ImportedExports() const;

  const boost::json::object& tmpl() const { return tmpl_; }
  const StackFacts& facts() const { return facts_; }
  const ResolvedParameters& parameters() const { return parameters_; }

 private:
  EvaluationContext Context(const Lookups& lookups) const;

  boost::json::object tmpl_;
  StackFacts facts_;
  ResolvedParameters parameters_;
  ConditionValues conditions_;
  std::vector<PlannedResource> resources_;
};

// The text StackRecord::parameters keeps: a stack's resolved parameters as JSON, and back.
std::string ParametersToJson(const ResolvedParameters& parameters);
ResolvedParameters ParametersFromJson(std::string_view text);

}  // namespace nimbus::cloudformation
