#pragma once

// What the tests of the SSO and Identity Store resource types share: the real services over
// test::Runtime, an ACTIVE instance to work in, and requests as the deployer makes them.
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "cloudformation/resources/native_resource_test_support.h"

namespace nimbus::cloudformation::testing {

// NativeResourceTest without stack tags, with SSO Admin and Identity Store at hand.
class SsoResourceTest : public NativeResourceTest {
 protected:
  explicit SsoResourceTest(std::string_view type) : NativeResourceTest(type) {
    stack_tags_.clear();
  }

  boost::json::value Sso(std::string_view operation, const boost::json::object& in = {}) {
    return Call("sso-admin", operation, in);
  }
  boost::json::value Identity(std::string_view operation, const boost::json::object& in = {}) {
    return Call("identitystore", operation, in);
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

  std::string instance_arn_;
  std::string store_id_;
};

}  // namespace nimbus::cloudformation::testing
