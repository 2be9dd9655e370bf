#pragma once

#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/registry.h"
#include "core/aws_error.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation::testing {

// The fixture of a native handler's tests: the real services (test::Runtime), the handler of
// `type` from a fresh registry, and requests made as the stack "app" would make them (its caller,
// called via CloudFormation, with the stack tag team=blue).
class NativeResourceTest : public ::testing::Test {
 protected:
  explicit NativeResourceTest(std::string_view type) : handler_(registry_.Find(type)) {
    ctx_.caller.called_via = "cloudformation.amazonaws.com";
  }

  ResourceRequest Request(const boost::json::object& props, std::string_view logical_id = "Res") {
    props_ = props;
    return ResourceRequest{.ctx = ctx_,
                           .services = rt_.dispatcher,
                           .ids = rt_.ids,
                           .stack_name = "app",
                           .stack_id = kStackId,
                           .logical_id = logical_id,
                           .props = props_,
                           .stack_tags = stack_tags_};
  }
  boost::json::value Call(std::string_view service, std::string_view operation,
                          const boost::json::object& in = {}) {
    return rt_.Call(ctx_, service, operation, in);
  }
  // The reason Validate gives `props`, or "" when it accepts them.
  std::string ValidationMessage(const boost::json::object& props) {
    try {
      handler_->Validate(props);
    } catch (const core::AwsError& error) {
      return error.what();
    }
    return "";
  }

  static constexpr std::string_view kStackId =
      "arn:aws:cloudformation:us-east-1:111122223333:stack/app/"
      "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context();
  ResourceRegistry registry_;
  Resource* handler_;
  boost::json::object props_;
  boost::json::array stack_tags_{boost::json::object{{"Key", "team"}, {"Value", "blue"}}};
};

}  // namespace nimbus::cloudformation::testing
