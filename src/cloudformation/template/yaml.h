#pragma once

#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

// The YAML half of ParseTemplate (parse.h describes the representation it produces).
namespace nimbus::cloudformation::internal {

// A place in the body, 1-based.
struct TextPosition {
  int line = 0;
  int column = 0;
};

// Reads `body` as one YAML document: its root value (null for an empty document), or the
// position of the syntax error that stops it. What is well-formed YAML but not allowed in a
// template (an alias) throws core::AwsError instead.
std::variant<boost::json::value, TextPosition> ParseYaml(std::string_view body);

// The value a plain (unquoted, untagged) scalar has under the YAML 1.1 rules AWS's parser
// applies: null, bool, int64/uint64, double or, failing all, the string itself.
boost::json::value ResolvePlainScalar(std::string_view text);

}  // namespace nimbus::cloudformation::internal
