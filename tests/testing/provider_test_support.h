#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <string_view>

// Helpers for provider unit tests, which call handlers directly with value trees.
namespace nimbus::test {

// Parses a JSON object literal (a handler's input).
boost::json::object Json(std::string_view text);

// The AWS error code `fn` throws ("ValidationException" for a core::ValidationFailure, as the
// JSON services answer it), or "" if it returns; *message receives the error's text when given.
std::string ErrorCode(const std::function<void()>& fn, std::string* message = nullptr);

}  // namespace nimbus::test
