#pragma once

#include <string>

namespace nimbus::cloudformation {

// What CloudFormation answers for a template it cannot use: HTTP 400 ValidationError, with one of
// the two prefixes AWS gives its messages. Both throw core::AwsError.
//
// A template that cannot be read or is not well-formed (a missing Resources section, an unknown
// top-level key, a bad intrinsic function's arguments): "Template format error: <what>".
[[noreturn]] void ThrowFormatError(const std::string& what);
// A template that is well-formed but cannot be evaluated (a Ref to nothing, a FindInMap key that
// is missing): "Template error: <what>".
[[noreturn]] void ThrowTemplateError(const std::string& what);

}  // namespace nimbus::cloudformation
