#include <string>

#include <gtest/gtest.h>

#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sts {
namespace {

constexpr std::string_view kRoleArn = "arn:aws:iam::111122223333:role/tagged";

// AssumeRole's session tags: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
class SessionTagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_.Call(
        test::Context("111122223333"), "iam", "CreateRole",
        {{"RoleName", "tagged"},
         {"AssumeRolePolicyDocument",
          R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}})"}});
  }

  static boost::json::array Tags(std::initializer_list<std::pair<const char*, const char*>> tags) {
    boost::json::array out;
    for (const auto& [key, value] : tags) out.push_back({{"Key", key}, {"Value", value}});
    return out;
  }

  boost::json::value AssumeRole(const core::RequestContext& ctx, boost::json::object in) {
    in["RoleArn"] = kRoleArn;
    in["RoleSessionName"] = "s1";
    return rt_.Call(ctx, "sts", "AssumeRole", in);
  }

  // The context of a caller using the credentials of an earlier AssumeRole answer.
  static core::RequestContext SessionOf(const boost::json::value& assumed) {
    core::RequestContext ctx = test::Context("111122223333");
    ctx.caller = {
        .access_key_id = std::string(assumed.at("Credentials").at("AccessKeyId").as_string()),
        .account = "111122223333",
        .arn = std::string(assumed.at("AssumedRoleUser").at("Arn").as_string()),
        .user_id = std::string(assumed.at("AssumedRoleUser").at("AssumedRoleId").as_string()),
        .temporary = true};
    return ctx;
  }

  test::Runtime rt_;
};

TEST_F(SessionTagsTest, TagKeysDifferingOnlyInCaseAreDuplicates) {
  const core::AwsError error = test::ErrorOf([&] {
    AssumeRole(test::Context(), {{"Tags", Tags({{"Team", "a"}, {"team", "b"}})}});
  });
  EXPECT_EQ(error.code(), "InvalidParameterValue");
  EXPECT_EQ(std::string(error.what()),
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
}

TEST_F(SessionTagsTest, TransitiveTagKeyMustBeAmongTheTags) {
  const core::AwsError error = test::ErrorOf([&] {
    AssumeRole(test::Context(), {{"Tags", Tags({{"Team", "a"}})},
                                 {"TransitiveTagKeys", boost::json::array{"Project"}}});
  });
  EXPECT_EQ(error.code(), "InvalidParameterValue");
  EXPECT_EQ(std::string(error.what()),
            "The specified transitive tag key must be included in the requested tags.");
}

TEST_F(SessionTagsTest, TransitiveTagKeyNamingATagIsAccepted) {
  const boost::json::value out = AssumeRole(
      test::Context(),
      {{"Tags", Tags({{"Team", "a"}})}, {"TransitiveTagKeys", boost::json::array{"Team"}}});
  EXPECT_EQ(out.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws:sts::111122223333:assumed-role/tagged/s1");
}

TEST_F(SessionTagsTest, ChainedSessionCannotSetATransitiveTagOfTheCallingSession) {
  const boost::json::value first = AssumeRole(
      test::Context(),
      {{"Tags", Tags({{"Team", "a"}})}, {"TransitiveTagKeys", boost::json::array{"Team"}}});
  const core::AwsError error = test::ErrorOf([&] {
    AssumeRole(SessionOf(first), {{"Tags", Tags({{"team", "b"}})}});
  });
  EXPECT_EQ(error.code(), "InvalidParameterValue");
  EXPECT_EQ(std::string(error.what()),
            "One of the specified transitive tag keys can't be set because it conflicts with a "
            "transitive tag key from the calling session.");
}

TEST_F(SessionTagsTest, ChainedSessionMaySetATagTheCallingSessionDidNotPassOn) {
  const boost::json::value first =
      AssumeRole(test::Context(), {{"Tags", Tags({{"Team", "a"}, {"Cost", "1"}})},
                                   {"TransitiveTagKeys", boost::json::array{"Team"}}});
  const boost::json::value second = AssumeRole(SessionOf(first), {{"Tags", Tags({{"Cost", "2"}})}});
  EXPECT_EQ(second.at("AssumedRoleUser").at("Arn").as_string(),
            "arn:aws:sts::111122223333:assumed-role/tagged/s1");
}

TEST_F(SessionTagsTest, TransitiveTagsPassOnThroughAChainedSession) {
  const boost::json::value first = AssumeRole(
      test::Context(),
      {{"Tags", Tags({{"Team", "a"}})}, {"TransitiveTagKeys", boost::json::array{"Team"}}});
  const boost::json::value second = AssumeRole(SessionOf(first), {});
  EXPECT_EQ(test::ErrorOf([&] {
              AssumeRole(SessionOf(second), {{"Tags", Tags({{"Team", "b"}})}});
            }).code(),
            "InvalidParameterValue");
}

}  // namespace
}  // namespace nimbus::sts
