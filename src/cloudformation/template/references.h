#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "cloudformation/template/intrinsics.h"

// Which resources a resource needs before it: the implicit dependencies (Ref, Fn::GetAtt, and the
// ${X} and ${X.Attr} of Fn::Sub) and DependsOn, as the user guide's DependsOn page describes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html);
// and the checks AWS makes on that graph.
//
// Messages recorded from AWS: "Template format error: Unresolved resource dependencies [X] in the
// Resources block of the template" (a Ref, GetAtt or DependsOn naming no resource, or a resource
// whose Condition is false) and "Unresolved resource dependencies [X] in the Outputs block of the
// template". Quoted from real deployments: "Circular dependency between resources: [A, B]", which
// names every resource that cannot be ordered (those on a cycle and those that depend on one).
// AWS's order of those names looks like a hash set's; nimbus lists them in template order.
namespace nimbus::cloudformation {

// The resources `logical_id` depends on, in order of first mention, without duplicates: the
// resources of the template its definition names in Ref, Fn::GetAtt and Fn::Sub (parameters and
// pseudo parameters are not dependencies), then its DependsOn. With `conditions`, the branch of an
// Fn::If that is not taken is skipped. Names that are no resource are left out (see
// BuildDependencyGraph for the check).
std::vector<std::string> Dependencies(const boost::json::object& tmpl, std::string_view logical_id,
                                      const ConditionValues* conditions = nullptr);

// The resources that exist and the order the engine creates them in.
struct DependencyGraph {
  // The resources that exist (no Condition, or a true one), in template order.
  std::vector<std::string> resources;
  // Each such resource's dependencies (Dependencies()).
  std::map<std::string, std::vector<std::string>, std::less<>> dependencies;
  // Every resource after all it depends on; of those ready at one time, the first declared
  // comes first.
  std::vector<std::string> creation_order;
};

// Builds the graph of the resources that exist and checks it: every name referenced by a
// resource or an output that exists must be a parameter, a pseudo parameter or a resource that
// exists; the graph must have no cycle. Without `conditions` every resource exists (as for
// ValidateTemplate). Throws core::AwsError ValidationError.
DependencyGraph BuildDependencyGraph(const boost::json::object& tmpl,
                                     const ConditionValues* conditions = nullptr);

}  // namespace nimbus::cloudformation
