#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "testing/runtime.h"

// The fixture of the Organizations tests that go through the dispatcher (model validation,
// self-check of outputs and error codes): an organization managed by kManager, its members
// and OUs.
namespace nimbus::organizations::testing {

inline constexpr std::string_view kManager = "111122223333";

class OrganizationsTest : public ::testing::Test {
 protected:
  // Calls Organizations as `account`.
  boost::json::value Call(std::string_view operation, const boost::json::object& in = {},
                          std::string_view account = kManager) {
    return rt_.Call(test::Context(account), "organizations", operation, in);
  }

  // Creates the organization of kManager; returns its root id.
  std::string CreateOrg(std::string_view feature_set = "ALL") {
    Call("CreateOrganization", {{"FeatureSet", feature_set}});
    return std::string(Call("ListRoots").at("Roots").at(0).at("Id").as_string());
  }

  // Creates a member account and lets the scheduler finish it; returns its id.
  std::string CreateMember(std::string_view name) {
    const boost::json::value status = Call(
        "CreateAccount", {{"Email", std::string(name) + "@example.com"}, {"AccountName", name}});
    rt_.RunDueTasks();
    const boost::json::value done =
        Call("DescribeCreateAccountStatus",
             {{"CreateAccountRequestId", status.at("CreateAccountStatus").at("Id").as_string()}});
    return std::string(done.at("CreateAccountStatus").at("AccountId").as_string());
  }

  // Creates an OU under `parent`; returns its id.
  std::string CreateOu(std::string_view parent, std::string_view name) {
    return std::string(Call("CreateOrganizationalUnit", {{"ParentId", parent}, {"Name", name}})
                           .at("OrganizationalUnit")
                           .at("Id")
                           .as_string());
  }

  test::Runtime rt_;
};

}  // namespace nimbus::organizations::testing
