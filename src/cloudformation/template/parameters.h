#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

// A stack's parameter values: the template's Parameters section applied to the Parameters list of
// CreateStack, UpdateStack or CreateChangeSet, as the user guide's "Parameters" page describes
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
//
// Messages are AWS's where they are known. Recorded from AWS (reference/cfn-aws-errors.md) or
// quoted from real deployments in public issues: "Parameters: [X] must have values", "Parameters:
// [X] do not exist in the template", "Parameter 'X' must be a number.", "Parameter 'X' must be
// one of AllowedValues", "Parameter 'X' must match pattern P", "Parameter 'X' must contain at
// least N characters", "Parameter X failed to satisfy constraint: <ConstraintDescription>",
// "Parameter X should either have input value or default value" (an SSM parameter named by the
// caller that does not exist), "Unable to fetch parameters [N] from parameter store for this
// account." (one named by a Default), "Invalid input for parameter key X. Cannot specify
// usePreviousValue as true ...". Unverified, worded as Eucalyptus (which copied AWS) words them:
// "must contain at most N characters", "must be a number not less than N", "must be a number not
// greater than N".
namespace nimbus::cloudformation {

// One member of the API's Parameters list. ResolvedValue, which the Parameter shape also has, is
// output only: AWS ignores it on input, and so does ResolveParameters.
struct ParameterInput {
  std::string key;                   // ParameterKey
  std::optional<std::string> value;  // ParameterValue
  bool use_previous_value = false;   // UsePreviousValue (updates only)
};

// The API's Parameters list (Parameter structures with the model's member names) as inputs.
std::vector<ParameterInput> ParameterInputs(const boost::json::array& parameters);

// One parameter of the stack with its value.
struct ResolvedParameter {
  std::string key;
  std::string type;   // as the template writes it: "String", "List<Number>", ...
  std::string value;  // the caller's value or the Default; for SSM types the SSM parameter's name
  // AWS::SSM::Parameter::Value<...> types: the value read from Parameter Store at this operation.
  std::optional<std::string> resolved_value;
  bool no_echo = false;
  // What Ref returns: a string, or a list of strings for list types (CommaDelimitedList,
  // List<...>, SSM list types), whose items are trimmed of spaces. Numbers stay strings.
  boost::json::value ref;
};

// All parameters of a stack, in the template's order.
struct ResolvedParameters {
  std::vector<ResolvedParameter> list;

  // The parameter named `key`, or nullptr.
  const ResolvedParameter* Find(std::string_view key) const;

  // The Parameters member of DescribeStacks / DescribeChangeSet: ParameterKey, ParameterValue and,
  // for SSM value types, ResolvedValue. NoEcho values (and their resolved values) read "****".
  boost::json::array Described() const;
};

// Reads an SSM parameter's current value (a StringList as "a,b,c") in the stack's account and
// region; nullopt when it does not exist. The engine passes a ServiceClient call to SSM.
using SsmParameterReader = std::function<std::optional<std::string>(std::string_view name)>;

// Resolves the stack's parameters: for each declared parameter the caller's value, else the
// previous value (UsePreviousValue, from `previous`, the stack's current parameters; nullptr on
// create), else the Default; then the type and constraints. SSM value types are read through
// `read_ssm` (AWS::SSM::Parameter::Name is read too, to check that it exists). Throws
// core::AwsError ValidationError (400) with AWS's message on the first problem.
//
// AWS-specific types (AWS::EC2::VPC::Id, List<AWS::EC2::Subnet::Id>, ...) are checked as strings:
// nimbus does not emulate EC2 or Route 53, so it cannot tell whether the id exists.
ResolvedParameters ResolveParameters(const boost::json::object& tmpl,
                                     const std::vector<ParameterInput>& input,
                                     const SsmParameterReader& read_ssm,
                                     const ResolvedParameters* previous = nullptr);

}  // namespace nimbus::cloudformation
