#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/template/intrinsics.h"

// The Conditions section and the condition functions: Fn::Equals, Fn::And and Fn::Or (2 to 10
// conditions), Fn::Not, and {"Condition": name}, as the user guide's "Condition functions" page
// describes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html).
//
// Messages: "every Fn::Equals object requires a list of 2 string parameters." and "unresolved
// condition dependency X in Fn::If" are recorded from AWS. Unverified, as Eucalyptus words them:
// "every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.", the
// same for Fn::Or, "Fn::Not requires a list argument with one function token", "Unresolved
// dependencies [X]. Cannot reference resources in the Conditions block of the template".
// Unverified and nimbus's own: a cycle between conditions ("Circular dependency between
// conditions: [A, B]") and a Condition attribute naming no condition.
namespace nimbus::cloudformation {

// Evaluates every condition of the template's Conditions section (ctx.conditions is not read).
// Ref may name parameters and pseudo parameters, not resources; Fn::FindInMap and the other
// functions that need no resource work inside Fn::Equals.
ConditionValues EvaluateConditions(const boost::json::object& tmpl, const EvaluationContext& ctx);

// A condition function's value: Fn::Equals, Fn::And, Fn::Or, Fn::Not, {"Condition": name} (looked
// up in ctx.conditions), or a literal true/false.
bool EvaluateCondition(const boost::json::value& condition, const EvaluationContext& ctx);

// Whether a Resources or Outputs member exists: true without a Condition attribute, else that
// condition's value. A Condition naming no condition fails with a Template format error.
bool IsActive(const boost::json::object& member, const ConditionValues& conditions);

}  // namespace nimbus::cloudformation
