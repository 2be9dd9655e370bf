#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/aws_error.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {

// Form or query-string parameters, decoded, by name.
using QueryParams = std::map<std::string, std::string, std::less<>>;

// Parses "a=1&b=x%20y" ('+' is a space). Returns false on a malformed %-escape.
bool ParseQueryString(std::string_view text, QueryParams* out);

// Decodes the input of an AWS Query operation into a value tree keyed by member names:
// `Tags.member.1.Key=k` -> {"Tags": [{"Key": "k"}]}; an empty `Name=` of a list -> []. Scalars
// that do not parse as their type are a ValidationFailure. Action and Version are not members.
boost::json::object DecodeQueryInput(const model::Shape* input, const QueryParams& params);

// <OpResponse xmlns=..><OpResult>..</OpResult><ResponseMetadata><RequestId/></ResponseMetadata>
std::string EncodeQueryResponse(const model::ServiceModel& model, const model::Operation& op,
                                const boost::json::value& output, std::string_view request_id);

// <ErrorResponse xmlns=..><Error><Type>Sender</Type><Code/><Message/>members</Error><RequestId/>
// ..: the message only when the error has one, then the error shape's other members.
std::string EncodeQueryError(std::string_view xml_namespace, const model::Shape* shape,
                             std::string_view code, const AwsError& error, bool sender_fault,
                             std::string_view request_id);

}  // namespace nimbus::core::protocol
