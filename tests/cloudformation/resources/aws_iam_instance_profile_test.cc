// AWS::IAM::InstanceProfile: made with its role, changed and deleted through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class InstanceProfileResourceTest : public testing::IamResourceTest {
 protected:
  InstanceProfileResourceTest() : IamResourceTest("AWS::IAM::InstanceProfile") {
    Iam("CreateRole", {{"RoleName", "r1"}, {"AssumeRolePolicyDocument", json::serialize(Trust())}});
    Iam("CreateRole", {{"RoleName", "r2"}, {"AssumeRolePolicyDocument", json::serialize(Trust())}});
  }
  json::value RoleOf(std::string_view profile) {
    return Iam("GetInstanceProfile", {{"InstanceProfileName", profile}})
        .at("InstanceProfile")
        .at("Roles")
        .at(0)
        .at("RoleName");
  }
};

TEST_F(InstanceProfileResourceTest, CreateMakesAProfileHoldingItsRole) {
  const std::string name =
      handler_->Create(Request({{"InstanceProfileName", "web"}, {"Roles", json::array{"r1"}}}))
          .physical_id;
  EXPECT_EQ(name, "web");
  EXPECT_EQ(RoleOf("web"), "r1");
  EXPECT_EQ(handler_->Attribute(Request({}), name, "Arn"),
            json::value("arn:aws:iam::111122223333:instance-profile/web"));
}

TEST_F(InstanceProfileResourceTest, UpdateSwapsTheRole) {
  const json::object before{{"InstanceProfileName", "web"}, {"Roles", json::array{"r1"}}};
  handler_->Create(Request(before));
  handler_->Update(Request({{"InstanceProfileName", "web"}, {"Roles", json::array{"r2"}}}), "web",
                   before);
  EXPECT_EQ(RoleOf("web"), "r2");
}

TEST_F(InstanceProfileResourceTest, DeleteRemovesTheRoleThenTheProfile) {
  handler_->Create(Request({{"InstanceProfileName", "web"}, {"Roles", json::array{"r1"}}}));
  handler_->Delete(Request({}), "web");
  EXPECT_EQ(ErrorOf([&] {
              Iam("GetInstanceProfile", {{"InstanceProfileName", "web"}});
            }),
            "NoSuchEntity");
  EXPECT_NO_THROW(Iam("DeleteRole", {{"RoleName", "r1"}}));
}

TEST_F(InstanceProfileResourceTest, RolesAreRequired) {
  EXPECT_EQ(ValidationMessage({{"InstanceProfileName", "web"}}),
            "Property validation failure: [The property {/Roles} is required]");
}

}  // namespace
}  // namespace nimbus::cloudformation
