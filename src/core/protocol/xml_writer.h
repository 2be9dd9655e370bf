#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/model/model.h"

namespace nimbus::core::protocol {

// Writes the members of `value` (a structure of `shape`) as XML elements, in model order, the way
// the AWS Query and REST-XML protocols serialize output: lists as <Name><member>..</member></Name>
// (or repeated <Name> when flattened), maps as <entry><key/><value/></entry>, timestamps in
// ISO 8601, booleans true/false, blobs base64. Absent and null members are omitted.
void WriteXmlMembers(std::string& out, const model::Shape& shape, const boost::json::object& value);

// Writes an error's members (see ErrorMembers) by the error shape, or, for a common error with
// no shape, each scalar member as <Name>text</Name>.
void WriteXmlErrorMembers(std::string& out, const model::Shape* shape,
                          const boost::json::object& members);

// Writes one element `<name>...</name>` for `value` of shape `ref.shape`.
void WriteXmlElement(std::string& out, std::string_view name, const model::MemberRef& ref,
                     const boost::json::value& value);

// Text form of a scalar: numbers, booleans, strings; timestamps per `timestamp_format`
// ("iso8601" default, "rfc822", "unixTimestamp").
std::string ScalarText(const model::Shape& shape, const boost::json::value& value,
                       std::string_view timestamp_format = "");

// Epoch milliseconds of a timestamp value (a number of epoch seconds, or an ISO 8601 string).
int64_t TimestampMillis(const boost::json::value& value);

// Shortest text that reads back as the same double ("1.5", "100").
std::string FormatDouble(double value);

}  // namespace nimbus::core::protocol
