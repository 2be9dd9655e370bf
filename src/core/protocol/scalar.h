#pragma once

#include <optional>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/model/model.h"

// Scalars from text, for the protocols that carry every value as text: AWS Query parameters,
// and REST-XML headers, query strings and XML elements. One parser, so both accept the same
// text and refuse the same text.
namespace nimbus::core::protocol {

// Parses `text` as a value of the scalar shape `shape`; a string, blob, or any other type is
// kept as the string. Returns nullopt for text that is not a value of the type:
// - integer, long: whole decimal text ("42", "-7"; no "+", space, fraction or exponent) within
//   the type's range (32 and 64 bits);
// - float, double: decimal text in full ("1.5", "-2e-3", ".5"), or "NaN", "Infinity" and
//   "-Infinity", which botocore sends for those values;
// - boolean: "true" or "false", lower case, as every SDK sends them (AWS refuses "TRUE");
// - timestamp: in `timestamp_format`: "iso8601" ("" too), "rfc822" or "unixTimestamp" (epoch
//   seconds).
std::optional<boost::json::value> ParseScalar(const model::Shape& shape, std::string_view text,
                                              std::string_view timestamp_format = "");

// The timestamp format of a value at `ref`: the member's trait, else its shape's, else
// `location_default` (REST headers "rfc822", everything else "iso8601").
std::string_view TimestampFormat(const model::MemberRef& ref, std::string_view location_default);

// What the protocols' messages call a value of `type`: "a number", "a boolean", "a timestamp".
std::string_view ScalarNoun(model::ShapeType type);

}  // namespace nimbus::core::protocol
