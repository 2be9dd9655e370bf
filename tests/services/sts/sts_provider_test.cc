#include "services/sts/sts_provider.h"

#include <gtest/gtest.h>

#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sts {
namespace {

using test::ErrorCode;

class StsProviderTest : public ::testing::Test {
 protected:
  // AssumeRole asks IAM for the role, so the roles are created there first.
  void CreateRole(std::string_view account, std::string_view region, std::string_view name,
                  std::string_view path = "/") {
    rt_.Call(
        test::Context(account, region), "iam", "CreateRole",
        {{"RoleName", name},
         {"Path", path},
         {"AssumeRolePolicyDocument",
          R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}})"}});
  }
  boost::json::value AssumeRole(const core::RequestContext& ctx, const boost::json::object& in) {
    return rt_.Call(ctx, "sts", "AssumeRole", in);
  }

  test::Runtime rt_;

  core::RequestContext Ctx(std::string region) {
    core::RequestContext ctx;
    ctx.scope = {.account = "123456789012", .region = std::move(region)};
    ctx.caller = {.access_key_id = "AKIDEXAMPLE",
                  .account = "123456789012",
                  .arn = "arn:aws-cn:iam::123456789012:root",
                  .user_id = "123456789012"};
    return ctx;
  }
};

TEST_F(StsProviderTest, AssumeRoleAcceptsAnAwsCnRoleInChina) {
  CreateRole("111122223333", "cn-north-1", "x");
  const boost::json::value out =
      AssumeRole(Ctx("cn-north-1"),
                 {{"RoleArn", "arn:aws-cn:iam::111122223333:role/x"}, {"RoleSessionName", "s1"}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws-cn:sts::111122223333:assumed-role/x/s1");
}

TEST_F(StsProviderTest, AssumeRoleAcceptsARoleWithAPath) {
  CreateRole("111122223333", "us-gov-west-1", "deploy", "/ci/");
  const boost::json::value out = AssumeRole(
      Ctx("us-gov-west-1"),
      {{"RoleArn", "arn:aws-us-gov:iam::111122223333:role/ci/deploy"}, {"RoleSessionName", "s1"}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws-us-gov:sts::111122223333:assumed-role/deploy/s1");
}

TEST_F(StsProviderTest, AssumeRoleOfAnUnknownPartitionIsValidationError) {
  EXPECT_EQ(ErrorCode([&] {
              AssumeRole(Ctx("cn-north-1"), {{"RoleArn", "arn:aws-moon:iam::111122223333:role/x"},
                                             {"RoleSessionName", "s1"}});
            }),
            "ValidationError");
}

TEST_F(StsProviderTest, AssumeRoleOfANonRoleArnIsValidationError) {
  EXPECT_EQ(ErrorCode([&] {
              AssumeRole(Ctx("cn-north-1"), {{"RoleArn", "arn:aws-cn:iam::111122223333:user/x"},
                                             {"RoleSessionName", "s1"}});
            }),
            "ValidationError");
}

TEST_F(StsProviderTest, AssumeRoleOfAMissingRoleIsAccessDenied) {
  const core::AwsError error = test::ErrorOf([&] {
    AssumeRole(Ctx("us-east-1"),
               {{"RoleArn", "arn:aws:iam::111122223333:role/none"}, {"RoleSessionName", "s1"}});
  });
  EXPECT_EQ(error.code(), "AccessDenied");
  EXPECT_EQ(std::string(error.what()),
            "User: arn:aws-cn:iam::123456789012:root is not authorized to perform: "
            "sts:AssumeRole on resource: arn:aws:iam::111122223333:role/none");
}

TEST_F(StsProviderTest, AssumeRoleAnswersTheRolesIdInTheAssumedRoleId) {
  CreateRole("111122223333", "us-east-1", "ided");
  const std::string role_id(
      rt_.Call(test::Context("111122223333", "us-east-1"), "iam", "GetRole", {{"RoleName", "ided"}})
          .at("Role")
          .at("RoleId")
          .as_string());
  const boost::json::value out =
      AssumeRole(Ctx("us-east-1"),
                 {{"RoleArn", "arn:aws:iam::111122223333:role/ided"}, {"RoleSessionName", "s1"}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("AssumedRoleId").as_string(), role_id + ":s1");
}

TEST_F(StsProviderTest, AssumeRoleLongerThanTheRolesMaxSessionDurationIsValidationError) {
  CreateRole("111122223333", "us-east-1", "short");
  EXPECT_EQ(ErrorCode([&] {
              AssumeRole(Ctx("us-east-1"), {{"RoleArn", "arn:aws:iam::111122223333:role/short"},
                                            {"RoleSessionName", "s1"},
                                            {"DurationSeconds", 7200}});
            }),
            "ValidationError");
}

// nimbus encodes no authorization messages, so none can be decoded.
TEST_F(StsProviderTest, DecodeAuthorizationMessageOfAnyMessageIsInvalid) {
  EXPECT_EQ(ErrorCode([&] {
              rt_.Call(Ctx("us-east-1"), "sts", "DecodeAuthorizationMessage",
                       {{"EncodedMessage", "abc"}});
            }),
            "InvalidAuthorizationMessageException");
}

}  // namespace
}  // namespace nimbus::sts
