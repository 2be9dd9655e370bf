#pragma once

#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {

// An organization in nimbus's Organizations, managed by kManagement, set up through the API as a
// client would: member accounts, OUs, trusted access and delegated administrators.
class OrganizationTest : public ::testing::Test {
 protected:
  static constexpr std::string_view kManagement = "111122223333";

  void SetUp() override {
    rt_.Call(manager_, "organizations", "CreateOrganization", {});
    root_ = std::string(rt_.Call(manager_, "organizations", "ListRoots", {})
                            .at("Roots")
                            .as_array()[0]
                            .at("Id")
                            .as_string());
  }

  // A new member account in the root; its id.
  std::string CreateAccount(std::string_view name) {
    const std::string request(
        rt_.Call(manager_, "organizations", "CreateAccount",
                 {{"Email", std::string(name) + "@example.com"}, {"AccountName", name}})
            .at("CreateAccountStatus")
            .at("Id")
            .as_string());
    rt_.RunDueTasks();
    return std::string(rt_.Call(manager_, "organizations", "DescribeCreateAccountStatus",
                                {{"CreateAccountRequestId", request}})
                           .at("CreateAccountStatus")
                           .at("AccountId")
                           .as_string());
  }

  // A new OU under `parent`; its id.
  std::string CreateOu(std::string_view parent, std::string_view name) {
    return std::string(rt_.Call(manager_, "organizations", "CreateOrganizationalUnit",
                                {{"ParentId", parent}, {"Name", name}})
                           .at("OrganizationalUnit")
                           .at("Id")
                           .as_string());
  }

  void Move(std::string_view account, std::string_view from, std::string_view to) {
    rt_.Call(manager_, "organizations", "MoveAccount",
             {{"AccountId", account}, {"SourceParentId", from}, {"DestinationParentId", to}});
  }

  void Delegate(std::string_view account) {
    rt_.Call(manager_, "organizations", "RegisterDelegatedAdministrator",
             {{"AccountId", account},
              {"ServicePrincipal", "member.org.stacksets.cloudformation.amazonaws.com"}});
  }

  void Activate() { rt_.Call(manager_, "cloudformation", "ActivateOrganizationsAccess", {}); }

  test::Runtime rt_;
  core::RequestContext manager_ = test::Context(kManagement);
  std::string root_;
};

}  // namespace nimbus::cloudformation
