// POST /_nimbus/reset through the dispatcher, with every service registered: each service works
// afterwards (its tables come back in the fresh in-memory database) and sees nothing of before.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/http/message.h"
#include "testing/runtime.h"

namespace nimbus {
namespace {

namespace json = boost::json;

class ResetTest : public ::testing::Test {
 protected:
  ResetTest() {
    // As the server wires it (src/server/app.cc), less handing the heap back.
    rt_.dispatcher.SetResetHook([this] { rt_.db.Reset(); });
  }

  json::value Call(std::string_view service, std::string_view operation,
                   const json::object& in = {}) {
    return rt_.Call(ctx_, service, operation, in);
  }

  // An ACTIVE SSO instance of the caller: its IdentityStoreId.
  std::string NewIdentityStore() {
    const json::value created = Call("sso-admin", "CreateInstance");
    rt_.RunDueTasks();
    return std::string(
        Call("sso-admin", "DescribeInstance", {{"InstanceArn", created.at("InstanceArn")}})
            .at("IdentityStoreId")
            .as_string());
  }

  std::string NewUser(const std::string& store, std::string_view user_name) {
    return std::string(Call("identitystore", "CreateUser",
                            {{"IdentityStoreId", store},
                             {"UserName", user_name},
                             {"DisplayName", "J Doe"},
                             {"Name", json::object{{"GivenName", "J"}, {"FamilyName", "Doe"}}}})
                           .at("UserId")
                           .as_string());
  }

  // POST /_nimbus/reset as a tool sends it; the answer's status.
  int Reset() {
    return rt_.dispatcher
        .Handle({.method = "POST",
                 .target = "/_nimbus/reset",
                 .headers = {{"Host", "localhost:4566"}, {"Content-Length", "0"}},
                 .body = ""})
        .response.status;
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(ResetTest, SsmParameterOfBeforeTheResetIsNotFound) {
  Call("ssm", "PutParameter", {{"Name", "/reset/p"}, {"Value", "old"}, {"Type", "String"}});
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(test::ErrorOf([&] {
              Call("ssm", "GetParameter", {{"Name", "/reset/p"}});
            }).code(),
            "ParameterNotFound");
}

TEST_F(ResetTest, SsmPutParameterAfterTheResetStartsAgainAtVersionOne) {
  Call("ssm", "PutParameter", {{"Name", "/reset/p"}, {"Value", "old"}, {"Type", "String"}});
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(
      Call("ssm", "PutParameter", {{"Name", "/reset/p"}, {"Value", "new"}, {"Type", "String"}})
          .at("Version"),
      1);
  EXPECT_EQ(Call("ssm", "GetParameter", {{"Name", "/reset/p"}}).at("Parameter").at("Value"), "new");
}

TEST_F(ResetTest, KmsKeyOfBeforeTheResetIsNotFound) {
  const json::value key_id = Call("kms", "CreateKey").at("KeyMetadata").at("KeyId");
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(test::ErrorOf([&] {
              Call("kms", "DescribeKey", {{"KeyId", key_id}});
            }).code(),
            "NotFoundException");
}

TEST_F(ResetTest, KmsCreateKeyAfterTheResetIsTheOnlyKeyListed) {
  Call("kms", "CreateKey");
  ASSERT_EQ(Reset(), 200);
  const json::value key_id = Call("kms", "CreateKey").at("KeyMetadata").at("KeyId");
  const json::array keys = Call("kms", "ListKeys").at("Keys").as_array();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].at("KeyId"), key_id);
}

TEST_F(ResetTest, OrganizationOfBeforeTheResetIsNotInUse) {
  Call("organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(test::ErrorOf([&] { Call("organizations", "DescribeOrganization"); }).code(),
            "AWSOrganizationsNotInUseException");
}

TEST_F(ResetTest, OrganizationsCreateOrganizationWorksAfterTheReset) {
  Call("organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  ASSERT_EQ(Reset(), 200);
  Call("organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  EXPECT_EQ(Call("organizations", "DescribeOrganization").at("Organization").at("MasterAccountId"),
            "111122223333");
}

TEST_F(ResetTest, SsoInstanceOfBeforeTheResetIsNotListed) {
  NewIdentityStore();
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(Call("sso-admin", "ListInstances").at("Instances").as_array().size(), 0u);
}

TEST_F(ResetTest, SsoInstanceCreatedAfterTheResetBecomesActive) {
  NewIdentityStore();
  ASSERT_EQ(Reset(), 200);
  const json::value created = Call("sso-admin", "CreateInstance");
  EXPECT_EQ(rt_.scheduler.RunDue(), 1u);
  EXPECT_EQ(Call("sso-admin", "DescribeInstance", {{"InstanceArn", created.at("InstanceArn")}})
                .at("Status"),
            "ACTIVE");
}

TEST_F(ResetTest, IdentityStoreUserOfBeforeTheResetIsNotFound) {
  const std::string store = NewIdentityStore();
  const std::string user = NewUser(store, "before");
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(test::ErrorOf([&] {
              Call("identitystore", "DescribeUser", {{"IdentityStoreId", store}, {"UserId", user}});
            }).code(),
            "ResourceNotFoundException");
}

TEST_F(ResetTest, IdentityStoreOfAnInstanceCreatedAfterTheResetListsOnlyItsUsers) {
  NewUser(NewIdentityStore(), "before");
  ASSERT_EQ(Reset(), 200);
  const std::string store = NewIdentityStore();
  NewUser(store, "after");
  const json::array users =
      Call("identitystore", "ListUsers", {{"IdentityStoreId", store}}).at("Users").as_array();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].at("UserName"), "after");
}

TEST_F(ResetTest, ScheduledTaskOfBeforeTheResetIsDropped) {
  Call("sso-admin", "CreateInstance");  // completes on the scheduler
  ASSERT_EQ(rt_.scheduler.Pending(), 1);
  ASSERT_EQ(Reset(), 200);
  EXPECT_EQ(rt_.scheduler.Pending(), 0);
}

}  // namespace
}  // namespace nimbus
