// IAM users, their tags and access keys, through the dispatcher (model validation included).
#include <string>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "services/iam/iam_provider.h"
#include "testing/runtime.h"

namespace nimbus::iam {
namespace {

namespace json = boost::json;

class IamUserTest : public ::testing::Test {
 protected:
  json::value Iam(std::string_view operation, const json::object& in = {}) {
    return rt_.Call(ctx_, "iam", operation, in);
  }
  core::AwsError ErrorOf(std::string_view operation, const json::object& in) {
    return test::ErrorOf([&] { Iam(operation, in); });
  }
  // A context whose caller is the IAM user `name` of the test account.
  core::RequestContext AsUser(const std::string& name) {
    core::RequestContext ctx = ctx_;
    ctx.caller.arn = "arn:aws:iam::111122223333:user/" + name;
    return ctx;
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(IamUserTest, CreateUserAnswersTheArnWithThePathAndAnAidaId) {
  const json::value user = Iam("CreateUser", {{"UserName", "alice"}, {"Path", "/dev/"}}).at("User");
  EXPECT_EQ(user.at("Arn").as_string(), "arn:aws:iam::111122223333:user/dev/alice");
  EXPECT_EQ(user.at("Path").as_string(), "/dev/");
  EXPECT_EQ(std::string(user.at("UserId").as_string()).substr(0, 4), "AIDA");
  EXPECT_EQ(user.at("UserId").as_string().size(), 21u);
}

TEST_F(IamUserTest, CreateUserInChinaHasAnAwsCnArn) {
  const json::value user = rt_.Call(test::Context("111122223333", "cn-north-1"), "iam",
                                    "CreateUser", {{"UserName", "li"}});
  EXPECT_EQ(user.at("User").at("Arn").as_string(), "arn:aws-cn:iam::111122223333:user/li");
}

TEST_F(IamUserTest, CreateUserTwiceInAnotherCaseIsEntityAlreadyExists) {
  Iam("CreateUser", {{"UserName", "Bob"}});
  const core::AwsError error = ErrorOf("CreateUser", {{"UserName", "bob"}});
  EXPECT_EQ(error.code(), "EntityAlreadyExists");
  EXPECT_EQ(std::string(error.what()), "User with name bob already exists.");
}

TEST_F(IamUserTest, GetUserOfAnUnknownNameIsNoSuchEntity) {
  const core::AwsError error = ErrorOf("GetUser", {{"UserName", "nobody"}});
  EXPECT_EQ(error.code(), "NoSuchEntity");
  EXPECT_EQ(std::string(error.what()), "The user with name nobody cannot be found.");
}

TEST_F(IamUserTest, GetUserWithoutANameAnswersTheRootForTheRootCaller) {
  const json::value user = Iam("GetUser").at("User");
  EXPECT_EQ(user.at("Arn").as_string(), "arn:aws:iam::111122223333:root");
  EXPECT_EQ(user.at("UserId").as_string(), "111122223333");
  EXPECT_FALSE(user.as_object().contains("UserName"));
}

TEST_F(IamUserTest, GetUserWithoutANameAnswersTheCallingUser) {
  Iam("CreateUser", {{"UserName", "carol"}});
  const json::value user = rt_.Call(AsUser("carol"), "iam", "GetUser", {}).at("User");
  EXPECT_EQ(user.at("UserName").as_string(), "carol");
}

TEST_F(IamUserTest, ListUsersFiltersByPathPrefix) {
  Iam("CreateUser", {{"UserName", "a1"}, {"Path", "/team/"}});
  Iam("CreateUser", {{"UserName", "a2"}});
  const json::value out = Iam("ListUsers", {{"PathPrefix", "/team/"}});
  ASSERT_EQ(out.at("Users").as_array().size(), 1u);
  EXPECT_EQ(out.at("Users").at(0).at("UserName").as_string(), "a1");
  EXPECT_EQ(out.at("IsTruncated").as_bool(), false);
}

TEST_F(IamUserTest, ListUsersPagesWithMarker) {
  for (const char* name : {"u1", "u2", "u3"}) Iam("CreateUser", {{"UserName", name}});
  const json::value first = Iam("ListUsers", {{"MaxItems", 2}});
  EXPECT_EQ(first.at("Users").as_array().size(), 2u);
  EXPECT_EQ(first.at("IsTruncated").as_bool(), true);
  const json::value second = Iam("ListUsers", {{"Marker", first.at("Marker")}});
  ASSERT_EQ(second.at("Users").as_array().size(), 1u);
  EXPECT_EQ(second.at("Users").at(0).at("UserName").as_string(), "u3");
}

TEST_F(IamUserTest, UpdateUserRenamesAndKeepsTheTags) {
  Iam("CreateUser", {{"UserName", "old"}, {"Tags", json::array{{{"Key", "k"}, {"Value", "v"}}}}});
  Iam("UpdateUser", {{"UserName", "old"}, {"NewUserName", "new"}});
  const json::value tags = Iam("ListUserTags", {{"UserName", "new"}}).at("Tags");
  ASSERT_EQ(tags.as_array().size(), 1u);
  EXPECT_EQ(tags.at(0).at("Value").as_string(), "v");
  EXPECT_EQ(ErrorOf("GetUser", {{"UserName", "old"}}).code(), "NoSuchEntity");
}

TEST_F(IamUserTest, TagUserThenUntagUserLeavesTheOtherTags) {
  Iam("CreateUser", {{"UserName", "t"}});
  Iam("TagUser",
      {{"UserName", "t"},
       {"Tags", json::array{{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}}}});
  Iam("UntagUser", {{"UserName", "t"}, {"TagKeys", json::array{"a"}}});
  const json::value tags = Iam("ListUserTags", {{"UserName", "t"}}).at("Tags");
  ASSERT_EQ(tags.as_array().size(), 1u);
  EXPECT_EQ(tags.at(0).at("Key").as_string(), "b");
}

TEST_F(IamUserTest, DeleteUserWithAnAccessKeyIsDeleteConflict) {
  Iam("CreateUser", {{"UserName", "d"}});
  Iam("CreateAccessKey", {{"UserName", "d"}});
  EXPECT_EQ(ErrorOf("DeleteUser", {{"UserName", "d"}}).code(), "DeleteConflict");
}

TEST_F(IamUserTest, DeleteUserRemovesIt) {
  Iam("CreateUser", {{"UserName", "gone"}});
  Iam("DeleteUser", {{"UserName", "gone"}});
  EXPECT_EQ(ErrorOf("GetUser", {{"UserName", "gone"}}).code(), "NoSuchEntity");
}

TEST_F(IamUserTest, CreateAccessKeyAnswersAnAkiaKeyAndAFortyCharacterSecret) {
  Iam("CreateUser", {{"UserName", "k"}});
  const json::value key = Iam("CreateAccessKey", {{"UserName", "k"}}).at("AccessKey");
  EXPECT_EQ(std::string(key.at("AccessKeyId").as_string()).substr(0, 4), "AKIA");
  EXPECT_EQ(key.at("AccessKeyId").as_string().size(), 20u);
  EXPECT_EQ(key.at("SecretAccessKey").as_string().size(), 40u);
  EXPECT_EQ(key.at("Status").as_string(), "Active");
}

TEST_F(IamUserTest, ThirdAccessKeyOfAUserIsLimitExceeded) {
  Iam("CreateUser", {{"UserName", "k3"}});
  Iam("CreateAccessKey", {{"UserName", "k3"}});
  Iam("CreateAccessKey", {{"UserName", "k3"}});
  EXPECT_EQ(ErrorOf("CreateAccessKey", {{"UserName", "k3"}}).code(), "LimitExceeded");
}

TEST_F(IamUserTest, AccessKeyActsAsItsUserForTheDispatcher) {
  Iam("CreateUser", {{"UserName", "signer"}, {"Path", "/ci/"}});
  const json::value key = Iam("CreateAccessKey", {{"UserName", "signer"}}).at("AccessKey");
  IamProvider second(rt_.rt);  // the same database, as the dispatcher's directory sees it
  const std::optional<core::auth::KnownKey> known =
      second.keys().FindKey(std::string(key.at("AccessKeyId").as_string()));
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ(known->arn, "arn:aws:iam::111122223333:user/ci/signer");
  EXPECT_EQ(known->secret_access_key, key.at("SecretAccessKey").as_string());
  EXPECT_EQ(known->user_id.substr(0, 4), "AIDA");
}

TEST_F(IamUserTest, InactiveAccessKeyNoLongerSigns) {
  Iam("CreateUser", {{"UserName", "off"}});
  const std::string id(
      Iam("CreateAccessKey", {{"UserName", "off"}}).at("AccessKey").at("AccessKeyId").as_string());
  Iam("UpdateAccessKey", {{"UserName", "off"}, {"AccessKeyId", id}, {"Status", "Inactive"}});
  IamProvider second(rt_.rt);
  EXPECT_FALSE(second.keys().FindKey(id).has_value());
}

TEST_F(IamUserTest, ListAccessKeysWithoutANameListsTheCallingUsersKeys) {
  Iam("CreateUser", {{"UserName", "me"}});
  Iam("CreateAccessKey", {{"UserName", "me"}});
  const json::value keys = rt_.Call(AsUser("me"), "iam", "ListAccessKeys", {});
  ASSERT_EQ(keys.at("AccessKeyMetadata").as_array().size(), 1u);
  EXPECT_EQ(keys.at("AccessKeyMetadata").at(0).at("UserName").as_string(), "me");
}

TEST_F(IamUserTest, DeleteAccessKeyOfAnotherUserIsNoSuchEntity) {
  Iam("CreateUser", {{"UserName", "x1"}});
  Iam("CreateUser", {{"UserName", "x2"}});
  const json::value id =
      Iam("CreateAccessKey", {{"UserName", "x1"}}).at("AccessKey").at("AccessKeyId");
  EXPECT_EQ(ErrorOf("DeleteAccessKey", {{"UserName", "x2"}, {"AccessKeyId", id}}).code(),
            "NoSuchEntity");
}

TEST_F(IamUserTest, GetAccessKeyLastUsedOfANewKeyAnswersNotApplicable) {
  Iam("CreateUser", {{"UserName", "lu"}});
  const json::value id =
      Iam("CreateAccessKey", {{"UserName", "lu"}}).at("AccessKey").at("AccessKeyId");
  const json::value out = Iam("GetAccessKeyLastUsed", {{"AccessKeyId", id}});
  EXPECT_EQ(out.at("UserName").as_string(), "lu");
  EXPECT_EQ(out.at("AccessKeyLastUsed").at("ServiceName").as_string(), "N/A");
}

}  // namespace
}  // namespace nimbus::iam
