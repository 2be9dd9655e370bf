#pragma once

// What the tests of the SSO and Identity Store resource types share: the real services over
// test::Runtime, an ACTIVE instance to work in, and requests as the deployer makes them.
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/registry.h"
#include "core/aws_error.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation::testing {

class SsoResourceTest : public ::testing::Test {
 protected:
  explicit SsoResourceTest(std::string_view type) : handler_(registry_.Find(type)) {
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
  boost::json::value Sso(std::string_view operation, const boost::json::object& in = {}) {
    return rt_.Call(ctx_, "sso-admin", operation, in);
  }
  boost::json::value Identity(std::string_view operation, const boost::json::object& in = {}) {
    return rt_.Call(ctx_, "identitystore", operation, in);
  }
  // Lets SSO Admin's asynchronous work (instances, assignments, provisioning) finish.
  void Settle() {
    rt_.clock.Advance(rt_.rt.options.async_delay_millis + 1);
    rt_.RunDueTasks();
  }
  // Makes an ACTIVE instance, kept in instance_arn_ and store_id_.
  void MakeInstance() {
    instance_arn_ = std::string(Sso("CreateInstance").at("InstanceArn").as_string());
    Settle();
    store_id_ = std::string(Sso("DescribeInstance", {{"InstanceArn", instance_arn_}})
                                .at("IdentityStoreId")
                                .as_string());
  }
  std::string MakeUser(std::string_view name) {
    return std::string(
        Identity("CreateUser", {{"IdentityStoreId", store_id_},
                                {"UserName", name},
                                {"DisplayName", name},
                                {"Name", {{"GivenName", name}, {"FamilyName", "X"}}}})
            .at("UserId")
            .as_string());
  }
  std::string MakeGroup(std::string_view name) {
    return std::string(
        Identity("CreateGroup", {{"IdentityStoreId", store_id_}, {"DisplayName", name}})
            .at("GroupId")
            .as_string());
  }
  std::string MakePermissionSet(std::string_view name) {
    return std::string(Sso("CreatePermissionSet", {{"InstanceArn", instance_arn_}, {"Name", name}})
                           .at("PermissionSet")
                           .at("PermissionSetArn")
                           .as_string());
  }
  // The message of the property validation failure of `props`, or "" when they pass.
  std::string ValidationMessage(const boost::json::object& props) {
    try {
      handler_->Validate(props);
    } catch (const core::AwsError& error) {
      return error.what();
    }
    return "";
  }

  static constexpr std::string_view kStackId =
      "arn:aws:cloudformation:us-east-1:111122223333:stack/app/1";
  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context();
  ResourceRegistry registry_;
  Resource* handler_;
  boost::json::object props_;
  boost::json::array stack_tags_;
  std::string instance_arn_;
  std::string store_id_;
};

}  // namespace nimbus::cloudformation::testing
