#include <string>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sts {
namespace {

class FederationTokenTest : public ::testing::Test {
 protected:
  boost::json::value GetFederationToken(const core::RequestContext& ctx,
                                        const boost::json::object& in) {
    return rt_.Call(ctx, "sts", "GetFederationToken", in);
  }

  // An IAM user of account 111122223333, as a key from --credentials would make it.
  static core::RequestContext UserContext() {
    core::RequestContext ctx = test::Context("111122223333");
    ctx.caller = {.access_key_id = "AKIAFEDERATOR0000001",
                  .account = "111122223333",
                  .arn = "arn:aws:iam::111122223333:user/federator",
                  .user_id = "AIDAFEDERATOR00000001"};
    return ctx;
  }

  test::Runtime rt_;
};

TEST_F(FederationTokenTest, FederatedUserArnNamesTheUserInTheCallersAccount) {
  const boost::json::value out = GetFederationToken(UserContext(), {{"Name", "bob"}});
  EXPECT_EQ(out.at("FederatedUser").at("Arn").as_string(),
            "arn:aws:sts::111122223333:federated-user/bob");
}

TEST_F(FederationTokenTest, FederatedUserIdIsTheAccountAndTheName) {
  const boost::json::value out = GetFederationToken(UserContext(), {{"Name", "bob"}});
  EXPECT_EQ(out.at("FederatedUser").at("FederatedUserId").as_string(), "111122223333:bob");
}

TEST_F(FederationTokenTest, FederatedUserArnInChinaIsAnAwsCnArn) {
  core::RequestContext ctx = UserContext();
  ctx.scope.region = "cn-north-1";
  const boost::json::value out = GetFederationToken(ctx, {{"Name", "bob"}});
  EXPECT_EQ(out.at("FederatedUser").at("Arn").as_string(),
            "arn:aws-cn:sts::111122223333:federated-user/bob");
}

TEST_F(FederationTokenTest, DefaultDurationIsTwelveHours) {
  const boost::json::value out = GetFederationToken(UserContext(), {{"Name", "bob"}});
  EXPECT_EQ(out.at("Credentials").at("Expiration"),
            core::EpochSeconds(rt_.clock.NowMillis() + 43200000));
}

TEST_F(FederationTokenTest, RootUserSessionIsShortenedToOneHour) {
  const boost::json::value out = GetFederationToken(test::Context("111122223333"),
                                                    {{"Name", "bob"}, {"DurationSeconds", 7200}});
  EXPECT_EQ(out.at("Credentials").at("Expiration"),
            core::EpochSeconds(rt_.clock.NowMillis() + 3600000));
}

TEST_F(FederationTokenTest, DurationAboveThirtySixHoursIsValidationError) {
  EXPECT_EQ(test::ErrorOf([&] {
              GetFederationToken(UserContext(), {{"Name", "bob"}, {"DurationSeconds", 129601}});
            }).code(),
            "ValidationError");
}

TEST_F(FederationTokenTest, NameOfOneCharacterIsValidationError) {
  EXPECT_EQ(test::ErrorOf([&] {
              GetFederationToken(UserContext(), {{"Name", "b"}});
            }).code(),
            "ValidationError");
}

TEST_F(FederationTokenTest, SessionCredentialsAreRefused) {
  core::RequestContext ctx = UserContext();
  ctx.caller.temporary = true;
  const core::AwsError error = test::ErrorOf([&] { GetFederationToken(ctx, {{"Name", "bob"}}); });
  EXPECT_EQ(error.code(), "AccessDenied");
  EXPECT_EQ(std::string(error.what()), "Cannot call GetFederationToken with session credentials");
}

TEST_F(FederationTokenTest, TagKeysDifferingOnlyInCaseAreDuplicates) {
  boost::json::array tags{{{"Key", "Team"}, {"Value", "a"}}, {{"Key", "TEAM"}, {"Value", "b"}}};
  EXPECT_EQ(test::ErrorOf([&] {
              GetFederationToken(UserContext(), {{"Name", "bob"}, {"Tags", tags}});
            }).code(),
            "InvalidParameterValue");
}

}  // namespace
}  // namespace nimbus::sts
