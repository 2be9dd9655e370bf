#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "cloudformation/resources/native_resource_test_support.h"
#include "core/text.h"

namespace nimbus::cloudformation::testing {

// The fixture of the AWS::IAM::* handlers' tests: documents as templates give them, and IAM's
// answers read back (its documents come URL-encoded, as IAM returns them).
class IamResourceTest : public NativeResourceTest {
 protected:
  explicit IamResourceTest(std::string_view type) : NativeResourceTest(type) {}

  static boost::json::object Trust(std::string_view service = "ec2.amazonaws.com") {
    return {
        {"Version", "2012-10-17"},
        {"Statement", boost::json::array{boost::json::object{{"Effect", "Allow"},
                                                             {"Principal", {{"Service", service}}},
                                                             {"Action", "sts:AssumeRole"}}}}};
  }
  static boost::json::object Allow(std::string_view action) {
    return {{"Version", "2012-10-17"},
            {"Statement", boost::json::array{boost::json::object{
                              {"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}}}};
  }
  static std::string Decoded(const boost::json::value& encoded) {
    std::string text;
    core::UrlDecode(encoded.as_string(), &text, false);
    return text;
  }
  boost::json::value Iam(std::string_view operation, const boost::json::object& in) {
    return Call("iam", operation, in);
  }
  std::string ErrorOf(const std::function<void()>& action) {
    try {
      action();
    } catch (const core::AwsError& error) {
      return error.code();
    }
    return "";
  }
};

}  // namespace nimbus::cloudformation::testing
