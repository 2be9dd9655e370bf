#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/model/model.h"

namespace nimbus::core::protocol {

// Decodes an AWS JSON 1.0/1.1 request body into a value tree. An empty body is {}. A body that
// is not a JSON object, or a member of the wrong JSON type for its shape, is an AwsError
// SerializationException (what the JSON services answer).
boost::json::object DecodeJsonInput(const model::Shape* input, std::string_view body);

// Serializes `output` by its shape: timestamps as epoch seconds, null members omitted, members
// the shape does not have dropped.
std::string EncodeJsonOutput(const model::Shape* output, const boost::json::value& value);

// {"__type":"<code>","message":"<message>"}
std::string EncodeJsonError(std::string_view code, std::string_view message);

}  // namespace nimbus::core::protocol
