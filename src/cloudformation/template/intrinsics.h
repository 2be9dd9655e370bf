#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/template/parameters.h"

// Evaluating a template's values: every intrinsic function, the pseudo parameters, dynamic
// references, and the AWS::LanguageExtensions transform. Pure functions of the template, the
// stack's facts and parameter values, and callbacks for what lives outside the template (resources
// already created, exports, SSM parameters).
//
// How the engine uses this module, in order, for one stack operation:
//   1. parameters = ResolveParameters(tmpl, input, read_ssm)             (parameters.h)
//   2. CheckRules(tmpl, ctx)                                             (rules.h)
//   3. expanded = ExpandLanguageExtensions(tmpl, ctx); the steps below read `expanded` (a new
//      EvaluationContext over it: the context holds a reference to its template)
//   4. conditions = EvaluateConditions(expanded, ctx); ctx.conditions = &conditions
//   5. graph = BuildDependencyGraph(expanded, &conditions)             (references.h)
//   6. for each resource in graph.creation_order:
//        properties = Resolve(resource["Properties"], ctx), with ctx.lookups reading the
//        resources created so far; then each output that IsActive with Block::kOutputs.
// tests/cloudformation/template/all_intrinsics_test.cc runs exactly these steps. `tmpl` is the
// parsed template in long form (template/parse.h: YAML short tags are already {"Ref": x},
// {"Fn::GetAtt": [a, b]}, ...).
//
// Errors are core::AwsError ValidationError (400) with AWS's message. Recorded from AWS
// (reference/cfn-aws-errors.md): Fn::Equals, Fn::GetAtt, Fn::Select, Fn::Join and Fn::Split
// argument errors, "Unable to get mapping for M::K::A", "unresolved condition dependency X in
// Fn::If", "Unresolved resource dependencies [X] in the Resources block of the template" (and of
// the Outputs block), "No export named X". Quoted from real deployments: the unsupported-function
// message, "Parameters: [ssm:name] cannot be found." for a missing dynamic reference. The others
// follow Eucalyptus, which copied AWS's texts; each is marked "unverified" where it is thrown.
namespace nimbus::cloudformation {

// The values of the Conditions section, by name (conditions.h computes them).
using ConditionValues = std::map<std::string, bool, std::less<>>;

// What the pseudo parameters return. AWS::Partition and AWS::URLSuffix follow from `region`
// (core/partition.h: "aws-cn" and "amazonaws.com.cn" in cn-north-1).
struct StackFacts {
  std::string account_id;
  std::string region;
  std::string stack_name;
  std::string stack_id;  // arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>
  std::vector<std::string> notification_arns;
};

// A dynamic reference in a string: {{resolve:ssm:name[:version]}} or
// {{resolve:ssm-secure:name[:version]}}. `name` may be a parameter's ARN, as AWS allows.
struct SsmReference {
  std::string name;
  std::optional<int64_t> version;
  bool secure = false;
};

// What evaluation reads from outside the template. A callback left empty behaves as "not found".
struct Lookups {
  // Ref to a resource that exists: what its type's Ref returns (a physical id, a name, an ARN).
  std::function<boost::json::value(std::string_view logical_id)> resource_ref;
  // Fn::GetAtt (and ${A.B} in Fn::Sub) of a resource that exists: the attribute's value, or
  // nullopt when its type has no such attribute.
  std::function<std::optional<boost::json::value>(std::string_view logical_id,
                                                  std::string_view attribute)>
      resource_attribute;
  // Fn::ImportValue: the value of the export named so in the stack's account and region.
  std::function<std::optional<std::string>(std::string_view export_name)> import_value;
  // A dynamic reference's value, or nullopt when the parameter (or that version) does not exist.
  std::function<std::optional<std::string>(const SsmReference& reference)> ssm_parameter;
};

// The template block a value comes from; AWS names it in some messages.
enum class Block { kResources, kOutputs, kConditions };

// Everything evaluation reads. The referenced objects must outlive the context.
struct EvaluationContext {
  const boost::json::object& tmpl;
  const StackFacts& stack;
  const ResolvedParameters& parameters;
  // The Conditions section's values; nullptr until EvaluateConditions ran (Fn::If then fails).
  const ConditionValues* conditions = nullptr;
  Lookups lookups;
};

// Resolves every intrinsic function in `value`, then the dynamic references in its strings, and
// returns the plain value. An object member or list item that resolves to AWS::NoValue is
// dropped; nullopt means `value` itself is AWS::NoValue (the caller drops the property).
// A Ref or GetAtt to a resource that is not declared, or whose Condition is false, fails with
// AWS's "Unresolved resource dependencies [X] in the <block> block of the template".
std::optional<boost::json::value> Resolve(const boost::json::value& value,
                                          const EvaluationContext& ctx,
                                          Block block = Block::kResources);

// The value of a pseudo parameter (AWS::Region, ...): a string, or a list for
// AWS::NotificationARNs; nullopt for AWS::NoValue and for names that are not pseudo parameters.
std::optional<boost::json::value> PseudoParameterValue(std::string_view name,
                                                       const StackFacts& stack);

// The availability zones Fn::GetAZs returns for `region`, in alphabetical order; empty for a
// region nimbus does not know. The table is cfn-lint 1.51.0's (src/cfnlint/helpers.py, MIT-0).
std::vector<std::string> AvailabilityZones(std::string_view region);

// Fn::Cidr's arithmetic: `count` blocks with `cidr_bits` host bits carved from `ip_block`
// ("10.0.0.0/16", or IPv6 "2001:db8::/56"), from its first address upwards.
std::vector<std::string> CidrBlocks(std::string_view ip_block, int64_t count, int64_t cidr_bits);

// Replaces the dynamic references ({{resolve:ssm:...}}, {{resolve:ssm-secure:...}}) in `text`
// with their values read through ctx.lookups.ssm_parameter. Other services' references
// ({{resolve:secretsmanager:...}}) are left as they are: nimbus does not emulate them.
std::string ResolveDynamicReferences(std::string_view text, const EvaluationContext& ctx);

// The AWS::LanguageExtensions transform: expands every Fn::ForEach::<Name> in Resources (and in
// resource properties), Conditions and Outputs. Fn::Length, Fn::ToJsonString and FindInMap's
// DefaultValue are evaluated by Resolve, which accepts them only when the template names the
// transform, so the result still names it in `Transform` (they may read resources created later).
// Collections that Ref a parameter are read from ctx.parameters. Returns `tmpl` unchanged when
// it does not use the transform.
boost::json::object ExpandLanguageExtensions(const boost::json::object& tmpl,
                                             const EvaluationContext& ctx);

}  // namespace nimbus::cloudformation
