#pragma once

// The fixture of the SSO Admin provider tests: every service registered as the server registers
// them (KMS, Organizations and Identity Store are the real providers, reached through the
// dispatcher), self-check on, and transitions that wait 500 ms of the fake clock.
#include <functional>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus::sso_admin::testing {

using test::ErrorOf;

inline constexpr std::string_view kAccount = "111122223333";

class SsoAdminTest : public ::testing::Test {
 protected:
  SsoAdminTest() { rt_.rt.options.async_delay_millis = 500; }

  // sso-admin.`operation` as the caller of `ctx` (the root of kAccount in us-east-1 by default).
  boost::json::value Call(std::string_view operation, const boost::json::object& in = {}) {
    return rt_.Call(ctx_, "sso-admin", operation, in);
  }
  boost::json::value Call(const core::RequestContext& ctx, std::string_view operation,
                          const boost::json::object& in = {}) {
    return rt_.Call(ctx, "sso-admin", operation, in);
  }

  // Lets every pending transition run.
  void Settle() {
    rt_.clock.Advance(500);
    rt_.RunDueTasks();
  }

  // An ACTIVE (or CREATE_FAILED, as its tags say) instance of the caller of ctx_.
  std::string NewInstance(const boost::json::object& in = {}) {
    const std::string arn(Call("CreateInstance", in).at("InstanceArn").as_string());
    Settle();
    return arn;
  }

  boost::json::object Describe(const std::string& arn) {
    return Call("DescribeInstance", {{"InstanceArn", arn}}).as_object();
  }

  std::string NewPermissionSet(const std::string& instance, const std::string& name) {
    return std::string(Call("CreatePermissionSet", {{"InstanceArn", instance}, {"Name", name}})
                           .at("PermissionSet")
                           .at("PermissionSetArn")
                           .as_string());
  }

  // A symmetric KMS key of the caller of ctx_, in its region: its ARN.
  std::string NewKey() {
    return std::string(
        rt_.Call(ctx_, "kms", "CreateKey", {}).at("KeyMetadata").at("Arn").as_string());
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context(kAccount, "us-east-1");
};

}  // namespace nimbus::sso_admin::testing
