// IAM login profiles (console passwords) and the default password policy, through the
// dispatcher (model validation included).
#include <string>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "services/iam/iam_provider.h"
#include "testing/runtime.h"

namespace nimbus::iam {
namespace {

namespace json = boost::json;

class IamLoginProfileTest : public ::testing::Test {
 protected:
  void SetUp() override { Iam("CreateUser", {{"UserName", "carol"}}); }
  json::value Iam(std::string_view operation, const json::object& in = {}) {
    return rt_.Call(ctx_, "iam", operation, in);
  }
  core::AwsError ErrorOf(std::string_view operation, const json::object& in) {
    return test::ErrorOf([&] { Iam(operation, in); });
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(IamLoginProfileTest, CreateLoginProfileAnswersTheUserAndTheResetFlag) {
  const json::value profile =
      Iam("CreateLoginProfile",
          {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}, {"PasswordResetRequired", true}})
          .at("LoginProfile");
  EXPECT_EQ(profile.at("UserName").as_string(), "carol");
  EXPECT_EQ(profile.at("PasswordResetRequired").as_bool(), true);
}

TEST_F(IamLoginProfileTest, GetLoginProfileAnswersTheProfileCreated) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  const json::value profile = Iam("GetLoginProfile", {{"UserName", "carol"}}).at("LoginProfile");
  EXPECT_EQ(profile.at("UserName").as_string(), "carol");
  EXPECT_EQ(profile.at("PasswordResetRequired").as_bool(), false);
}

TEST_F(IamLoginProfileTest, GetLoginProfileOfAUserWithoutOneIsNoSuchEntity) {
  const core::AwsError error = ErrorOf("GetLoginProfile", {{"UserName", "carol"}});
  EXPECT_EQ(error.code(), "NoSuchEntity");
  EXPECT_EQ(std::string(error.what()), "Login Profile for User carol cannot be found.");
}

TEST_F(IamLoginProfileTest, CreateLoginProfileTwiceIsEntityAlreadyExists) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  EXPECT_EQ(
      ErrorOf("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}}).code(),
      "EntityAlreadyExists");
}

TEST_F(IamLoginProfileTest, APasswordShorterThanEightCharactersViolatesThePolicy) {
  const core::AwsError error =
      ErrorOf("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Ab1-x"}});
  EXPECT_EQ(error.code(), "PasswordPolicyViolation");
  EXPECT_EQ(std::string(error.what()), "Password does not conform to the account password policy.");
}

TEST_F(IamLoginProfileTest, APasswordOfTwoCharacterKindsViolatesThePolicy) {
  EXPECT_EQ(
      ErrorOf("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "onlylower123"}}).code(),
      "PasswordPolicyViolation");
}

TEST_F(IamLoginProfileTest, UpdateLoginProfileChangesTheResetFlag) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  Iam("UpdateLoginProfile", {{"UserName", "carol"}, {"PasswordResetRequired", true}});
  EXPECT_EQ(Iam("GetLoginProfile", {{"UserName", "carol"}})
                .at("LoginProfile")
                .at("PasswordResetRequired")
                .as_bool(),
            true);
}

TEST_F(IamLoginProfileTest, UpdateLoginProfileWithAWeakPasswordViolatesThePolicy) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  EXPECT_EQ(ErrorOf("UpdateLoginProfile", {{"UserName", "carol"}, {"Password", "weak"}}).code(),
            "PasswordPolicyViolation");
}

TEST_F(IamLoginProfileTest, DeleteLoginProfileRemovesIt) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  Iam("DeleteLoginProfile", {{"UserName", "carol"}});
  EXPECT_EQ(ErrorOf("GetLoginProfile", {{"UserName", "carol"}}).code(), "NoSuchEntity");
}

TEST_F(IamLoginProfileTest, DeleteUserRefusesWhileALoginProfileExists) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  const core::AwsError error = ErrorOf("DeleteUser", {{"UserName", "carol"}});
  EXPECT_EQ(error.code(), "DeleteConflict");
  EXPECT_EQ(std::string(error.what()), "Cannot delete entity, must delete login profile first.");
}

TEST_F(IamLoginProfileTest, DeleteUserSucceedsOnceTheLoginProfileIsDeleted) {
  Iam("CreateLoginProfile", {{"UserName", "carol"}, {"Password", "Str0ng-Pass"}});
  Iam("DeleteLoginProfile", {{"UserName", "carol"}});
  Iam("DeleteUser", {{"UserName", "carol"}});
  EXPECT_EQ(ErrorOf("GetUser", {{"UserName", "carol"}}).code(), "NoSuchEntity");
}

}  // namespace
}  // namespace nimbus::iam
