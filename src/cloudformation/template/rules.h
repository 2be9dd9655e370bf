#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "cloudformation/template/intrinsics.h"

// The Rules section: each rule's RuleCondition and Assertions, checked against the parameter
// values before any resource is touched, with the rule-specific functions Fn::And, Fn::Or,
// Fn::Not, Fn::Equals, Fn::If, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::RefAll,
// Fn::ValueOf, Fn::ValueOfAll and Ref, as the user guide describes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html and
// intrinsic-function-reference-rules.html). The CDK's CheckBootstrapVersion rule is one.
//
// A failed assertion is a ValidationError whose message is the AssertDescription (unverified: no
// recording of AWS's answer was found; the user guide says the description explains the
// failure), or "Assertion failed for rule <name>" without one (nimbus's own wording).
namespace nimbus::cloudformation {

// What the rule functions that look at existing AWS values read. nimbus emulates neither EC2 nor
// Route 53, so the engine may leave these empty: Fn::RefAll then returns the values the stack's
// own parameters of that type hold, and Fn::ValueOf / Fn::ValueOfAll fail with a Template error.
struct RuleLookups {
  // Fn::RefAll: every value of an AWS-specific parameter type in the account and region.
  std::function<std::vector<std::string>(std::string_view parameter_type)> ref_all;
  // Fn::ValueOf: the `attribute` ("VpcId", "Tags.Department") of `value`, one of `parameter_type`.
  std::function<std::optional<std::string>(std::string_view parameter_type, std::string_view value,
                                           std::string_view attribute)>
      attribute;
};

// Checks every rule of the template's Rules section against ctx.parameters, in the template's
// order; throws core::AwsError ValidationError for the first assertion that does not hold.
void CheckRules(const boost::json::object& tmpl, const EvaluationContext& ctx,
                const RuleLookups& lookups = {});

}  // namespace nimbus::cloudformation
