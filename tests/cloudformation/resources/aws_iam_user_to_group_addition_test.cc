// AWS::IAM::UserToGroupAddition: members added, changed and removed through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class UserToGroupAdditionTest : public testing::IamResourceTest {
 protected:
  UserToGroupAdditionTest() : IamResourceTest("AWS::IAM::UserToGroupAddition") {
    for (std::string_view user : {"u1", "u2"}) Iam("CreateUser", {{"UserName", user}});
    for (std::string_view group : {"g1", "g2"}) Iam("CreateGroup", {{"GroupName", group}});
  }
  json::array Members(std::string_view group) {
    const json::value got = Iam("GetGroup", {{"GroupName", group}});
    json::array names;
    for (const json::value& user : got.at("Users").as_array()) names.push_back(user.at("UserName"));
    return names;
  }
};

TEST_F(UserToGroupAdditionTest, CreateAddsEveryUserToTheGroup) {
  const std::string id =
      handler_->Create(Request({{"GroupName", "g1"}, {"Users", json::array{"u1", "u2"}}}, "Add"))
          .physical_id;
  EXPECT_EQ(Members("g1"), (json::array{"u1", "u2"}));
  EXPECT_EQ(id.substr(0, 8), "app-Add-");
}

TEST_F(UserToGroupAdditionTest, UpdateToAnotherGroupMovesTheUsers) {
  const json::object before{{"GroupName", "g1"}, {"Users", json::array{"u1"}}};
  const std::string id = handler_->Create(Request(before)).physical_id;
  handler_->Update(Request({{"GroupName", "g2"}, {"Users", json::array{"u1", "u2"}}}), id, before);
  EXPECT_EQ(Members("g1"), json::array{});
  EXPECT_EQ(Members("g2"), (json::array{"u1", "u2"}));
}

TEST_F(UserToGroupAdditionTest, DeleteRemovesTheUsers) {
  const json::object props{{"GroupName", "g1"}, {"Users", json::array{"u1"}}};
  const std::string id = handler_->Create(Request(props)).physical_id;
  handler_->Delete(Request(props), id);
  EXPECT_EQ(Members("g1"), json::array{});
}

}  // namespace
}  // namespace nimbus::cloudformation
