#include "testing/provider_test_support.h"

#include <boost/json/parse.hpp>

#include "core/aws_error.h"

namespace nimbus::test {

boost::json::object Json(std::string_view text) { return boost::json::parse(text).as_object(); }

std::string ErrorCode(const std::function<void()>& fn, std::string* message) {
  try {
    fn();
  } catch (const core::AwsError& e) {
    if (message) *message = e.what();
    return e.code();
  } catch (const core::ValidationFailure& e) {
    if (message) *message = e.what();
    return "ValidationException";
  }
  return "";
}

}  // namespace nimbus::test
