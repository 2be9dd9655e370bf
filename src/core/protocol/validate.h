#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {

// Checks `input` against its shape as the AWS front ends do before any handler runs: required
// members, enums, string lengths, numeric ranges, list and map sizes, and patterns (RE2, so linear
// time). Returns the violations, each already worded as AWS words them:
//   "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length
//    greater than or equal to 2"
std::vector<std::string> Validate(const model::ServiceModel& model, const model::Shape& shape,
                                  const boost::json::object& input);

// "1 validation error detected: <v1>" / "2 validation errors detected: <v1>; <v2>".
std::string ValidationMessage(const std::vector<std::string>& violations);

// Throws the service's validation error (see ValidationError) when `input` violates `shape`.
void ValidateInput(const model::ServiceModel& model, const model::Shape& shape,
                   const boost::json::object& input);

// The error a service answers for input it refuses, whether the model's constraints or a
// provider (core::ValidationFailure) found the fault: ValidationError for AWS Query services,
// InvalidArgument for S3, ValidationException for JSON services.
AwsError ValidationError(const model::ServiceModel& model, std::string message);

}  // namespace nimbus::core::protocol
