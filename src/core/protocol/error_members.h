#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {

// The members of an error body besides its code and message, keyed by the model's member names:
// those the error carries (AwsError::With) that its shape has, and RequestId where the shape has
// such a member (Identity Store's errors do). Without a shape (a common error), all the error's
// members. The message is left out: each protocol writes it under its own name.
boost::json::object ErrorMembers(const model::Shape* shape, const AwsError& error,
                                 std::string_view request_id);

// The name of the error shape's message member ("Message" or "message"); "message" when the
// shape has none or there is no shape, as AWS JSON services write it.
std::string_view MessageMember(const model::Shape* shape);

}  // namespace nimbus::core::protocol
