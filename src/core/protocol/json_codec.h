#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {

// Decodes an AWS JSON 1.0/1.1 request body into a value tree. An empty body is {}. A body that
// is not a JSON object, or a member of the wrong JSON type for its shape, is an AwsError
// SerializationException (what the JSON services answer).
boost::json::object DecodeJsonInput(const model::Shape* input, std::string_view body);

// Serializes `output` by its shape: timestamps as epoch seconds, null members omitted, members
// the shape does not have dropped.
std::string EncodeJsonOutput(const model::Shape* output, const boost::json::value& value);

// {"__type":"<code>","message":"<message>", <modelled members>}: the message under the error
// shape's own member name ("Message" where the shape says so), no message member at all for an
// error AWS sends without one, and the shape's other members as the error carries them.
std::string EncodeJsonError(const model::Shape* shape, std::string_view code,
                            const AwsError& error, std::string_view request_id);

}  // namespace nimbus::core::protocol
