// AWS::IAM::User: made with its groups and policies, changed, read back and deleted through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class UserResourceTest : public testing::IamResourceTest {
 protected:
  UserResourceTest() : IamResourceTest("AWS::IAM::User") {
    Iam("CreateGroup", {{"GroupName", "devs"}});
    Iam("CreateGroup", {{"GroupName", "ops"}});
  }
  json::array GroupsOf(std::string_view user) {
    const json::value listed = Iam("ListGroupsForUser", {{"UserName", user}});
    json::array names;
    for (const json::value& g : listed.at("Groups").as_array()) names.push_back(g.at("GroupName"));
    return names;
  }
};

TEST_F(UserResourceTest, CreateMakesAUserWithPathGroupsPoliciesAndTags) {
  const std::string name =
      handler_
          ->Create(Request(
              {{"UserName", "alice"},
               {"Path", "/staff/"},
               {"Groups", json::array{"devs"}},
               {"Policies",
                json::array{{{"PolicyName", "read"}, {"PolicyDocument", Allow("s3:Get*")}}}},
               {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
               {"Tags", json::array{{{"Key", "app"}, {"Value", "x"}}}}}))
          .physical_id;
  EXPECT_EQ(name, "alice");
  EXPECT_EQ(Iam("GetUser", {{"UserName", "alice"}}).at("User").at("Arn"),
            "arn:aws:iam::111122223333:user/staff/alice");
  EXPECT_EQ(GroupsOf("alice"), json::array{"devs"});
  EXPECT_EQ(Iam("ListUserPolicies", {{"UserName", "alice"}}).at("PolicyNames"),
            json::value(json::array{"read"}));
  EXPECT_EQ(Iam("ListAttachedUserPolicies", {{"UserName", "alice"}})
                .at("AttachedPolicies")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(Iam("ListUserTags", {{"UserName", "alice"}}).at("Tags"),
            json::parse(R"([{"Key":"app","Value":"x"},{"Key":"team","Value":"blue"}])"));
}

TEST_F(UserResourceTest, AGeneratedNameIsStackLogicalIdRandom) {
  const std::string name = handler_->Create(Request({}, "Deployer")).physical_id;
  EXPECT_EQ(name.substr(0, 13), "app-Deployer-");
  EXPECT_EQ(name.size(), 26u);
}

TEST_F(UserResourceTest, RefIsTheNameAndGetAttArnIsReadFromIam) {
  handler_->Create(Request({{"UserName", "bob"}}));
  EXPECT_EQ(handler_->Ref("bob"), json::value("bob"));
  EXPECT_EQ(handler_->Attribute(Request({}), "bob", "Arn"),
            json::value("arn:aws:iam::111122223333:user/bob"));
}

TEST_F(UserResourceTest, ALoginProfileGivesTheUserAConsolePassword) {
  handler_->Create(Request(
      {{"UserName", "carol"},
       {"LoginProfile", {{"Password", "Sup3r-secret!"}, {"PasswordResetRequired", true}}}}));
  EXPECT_EQ(Iam("GetLoginProfile", {{"UserName", "carol"}})
                .at("LoginProfile")
                .at("PasswordResetRequired"),
            true);
}

TEST_F(UserResourceTest, UpdateWithoutALoginProfileDeletesIt) {
  const json::object before{{"UserName", "carol"},
                            {"LoginProfile", {{"Password", "Sup3r-secret!"}}}};
  handler_->Create(Request(before));
  handler_->Update(Request({{"UserName", "carol"}}), "carol", before);
  EXPECT_EQ(ErrorOf([&] { Iam("GetLoginProfile", {{"UserName", "carol"}}); }), "NoSuchEntity");
}

TEST_F(UserResourceTest, AUserWithALoginProfileIsDeleted) {
  handler_->Create(
      Request({{"UserName", "carol"}, {"LoginProfile", {{"Password", "Sup3r-secret!"}}}}));
  handler_->Delete(Request({}), "carol");
  EXPECT_EQ(ErrorOf([&] { Iam("GetUser", {{"UserName", "carol"}}); }), "NoSuchEntity");
}

TEST_F(UserResourceTest, UpdateMovesTheUserBetweenGroupsAndPaths) {
  const json::object before{{"UserName", "dave"}, {"Groups", json::array{"devs"}}};
  handler_->Create(Request(before));
  handler_->Update(
      Request({{"UserName", "dave"}, {"Path", "/ops/"}, {"Groups", json::array{"ops"}}}), "dave",
      before);
  EXPECT_EQ(GroupsOf("dave"), json::array{"ops"});
  EXPECT_EQ(Iam("GetUser", {{"UserName", "dave"}}).at("User").at("Path"), "/ops/");
}

TEST_F(UserResourceTest, DeleteTakesTheUserOutOfGroupsAndPoliciesThenDeletesIt) {
  handler_->Create(Request(
      {{"UserName", "erin"},
       {"Groups", json::array{"devs"}},
       {"Policies", json::array{{{"PolicyName", "p"}, {"PolicyDocument", Allow("s3:*")}}}}}));
  handler_->Delete(Request({}), "erin");
  EXPECT_EQ(ErrorOf([&] { Iam("GetUser", {{"UserName", "erin"}}); }), "NoSuchEntity");
  EXPECT_EQ(Iam("GetGroup", {{"GroupName", "devs"}}).at("Users").as_array().size(), 0u);
}

TEST_F(UserResourceTest, DeletingAUserThatIsGoneSucceeds) {
  EXPECT_NO_THROW(handler_->Delete(Request({}), "never-made"));
}

}  // namespace
}  // namespace nimbus::cloudformation
