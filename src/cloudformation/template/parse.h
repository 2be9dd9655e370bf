#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

// Turning a TemplateBody into the value every later step works on.
//
// JSON or YAML, decided as CloudFormation decides it ("CloudFormation first checks if the
// template is valid JSON. If it isn't, CloudFormation checks if the template is valid YAML",
// ValidateTemplate in the API reference): a body that parses as JSON is JSON; any other body is
// read as YAML. When both fail, the error is JSON's if the body starts with '{' (AWS answers
// `{"this is invalid JSON"="bobbins"}` with "JSON not well-formed. (line 1, column 25)") and
// YAML's otherwise.
//
// THE REPRESENTATION (what evaluation and deployment receive)
// - A boost::json::object whose members keep the order of the body. Keys are strings. A key given
//   twice keeps its first place and its last value, as Jackson and SnakeYAML (AWS's parsers) do.
// - JSON values are as written: strings, int64 (uint64 above INT64_MAX, double beyond that),
//   double, bool, null, arrays, objects.
// - YAML follows the YAML 1.1 rules of AWS's parser (SnakeYAML), minus the features the user
//   guide's "Template formats" page says CloudFormation does not support. Plain (unquoted)
//   scalars are typed:
//     null          ~ null Null NULL and an empty value                        -> null
//     booleans      true/false yes/no on/off in lower, Capitalised or UPPER     -> bool
//                   ("y" and "n" stay strings)
//     integers      123 -7 +7 1_000, 0x1F (hex), 017 (octal: 15), 0b101 (binary),
//                   1:30 (base 60: 90)                                           -> int64
//     floats        1.5 1e3 .5 1_0.5, 012345678901 (a leading 0 with an 8 or 9 is a float:
//                   AWS turns such an account id into 1.2345678901E10), .inf .nan -> double
//     anything else, including dates (2010-09-09: the timestamp tag is unsupported)  -> string
//   Quoted and block (| >) scalars are strings. Explicit tags !!str !!int !!float !!bool !!null
//   !!map !!seq are honoured; other !! tags (binary, timestamp, set, omap, pairs...) are refused
//   as not well-formed (unverified wording). Keys are strings: a plain key is typed first and
//   written back as text (no: -> "false", 010: -> "8", as AWS's parser then does).
// - Short-form tags become the long form, for every tag CloudFormation documents and any other:
//   !Ref x -> {"Ref": "x"}, !Condition x -> {"Condition": "x"}, any other !Name y ->
//   {"Fn::Name": y} (Sub, Join, Select, Split, If, Equals, And, Or, Not, FindInMap, GetAZs,
//   Base64, Cidr, ImportValue, Transform, ToJsonString, Length, and the rule functions Contains,
//   EachMemberEquals, EachMemberIn, RefAll, ValueOf, ValueOfAll). The argument is the tagged
//   node: a scalar is a string whatever it looks like (!Base64 123 -> "123", !GetAZs -> ""), a
//   sequence an array, a mapping an object. !GetAtt a.b.c -> {"Fn::GetAtt": ["a", "b.c"]} (split
//   at the first dot; "a" without a dot -> ["a"]); !GetAtt [a, b] stays a list. An unknown tag
//   becomes an unknown Fn:: function, which evaluation refuses as AWS does ("Template error:
//   Encountered unsupported function: Fn::X Supported functions are: [...]"): AWS's parser turns
//   tags into functions the same way (the AWS CLI once sent !Condition as Fn::Condition and got
//   that answer). A node takes one tag only, so `!Base64 !Sub x` is not well-formed, as the
//   Fn::Base64 page says; nest with the long form (`!Base64 {"Fn::Sub": x}`) instead.
// - Anchors are accepted; aliases are refused ("Template error: YAML aliases are not allowed in
//   CloudFormation templates", quoted from AWS by users; the trailing period is unverified). A
//   merge key `<<` is an ordinary key, since hash merges are unsupported. One document only.
// - Line numbers are not kept: after parsing, errors name paths (/Resources/X/Properties).
//
// ERRORS (core::AwsError ValidationError, HTTP 400)
//   Template format error: JSON not well-formed. (line L, column C)   [recorded from AWS]
//   Template format error: YAML not well-formed. (line L, column C)   [recorded, position masked]
//   Template format error: unsupported structure.                     [recorded: a bare string]
// The JSON column counts as Jackson (AWS's JSON parser) does: one past the offending character
// (or one past the end of input). YAML positions are yaml-cpp's, 1-based; SnakeYAML may point
// elsewhere. The 51,200-byte TemplateBody limit is the API's check, not this function's.
namespace nimbus::cloudformation {

// Parses a TemplateBody into the representation above. Throws core::AwsError.
boost::json::object ParseTemplate(std::string_view body);

// The text AWS makes of a parsed scalar where a string is needed: integers in decimal, booleans
// as true/false, doubles as Java's Double.toString writes them ("1.5", "100.0",
// "1.2345678901E10", "1.0E-4"), strings as they are. Used for YAML keys; evaluation may use it
// for scalar property values. Not for arrays, objects or null.
std::string ScalarText(const boost::json::value& scalar);

}  // namespace nimbus::cloudformation
