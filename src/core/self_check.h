#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/aws_error.h"
#include "core/model/model.h"

// Checks of a handler's answer against the model, run by the dispatcher in self-check mode
// (--self-check; the tests turn it on): a misspelled or unmodelled output member would otherwise
// be dropped by the encoder without a trace, and an error code the operation does not list would
// reach clients that cannot know it.
namespace nimbus::core::self_check {

// The first place where `output` does not fit `shape` ("member 'KeyID' is not in
// DescribeKeyResponse"), or nullopt. Members, list items and map values are walked to the leaves;
// a scalar of the wrong JSON kind (a number for a string shape) is reported too.
std::optional<std::string> OutputProblem(const model::Shape* shape,
                                         const boost::json::value& output);

// Whether `error` may come out of `op` of `model`: a code the operation lists (by wire code or
// shape name), a common error that no model lists (CommonErrorStatus), or for S3 (rest-xml) any
// error of its model: S3 documents its error codes for the service as a whole.
bool ErrorAllowed(const model::ServiceModel& model, const model::Operation& op,
                  const AwsError& error);

}  // namespace nimbus::core::self_check
