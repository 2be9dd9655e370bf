// Stored strings come back exactly as they were acknowledged, U+0000 included: each service's
// store writes and reads text with its length, never up to the first NUL.
#include <functional>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/request_context.h"
#include "testing/runtime.h"

namespace nimbus {
namespace {

namespace json = boost::json;

const std::string kWithNul("a\0b", 3);

// The code of the AwsError `call` throws; "" if it returns.
std::string CodeOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const core::AwsError& e) {
    return e.code();
  }
  return "";
}

class StoredStringsTest : public ::testing::Test {
 protected:
  // An ACTIVE SSO instance of the caller: its ARN and identity store.
  json::object NewInstance() {
    const json::value created = rt_.Call(ctx_, "sso-admin", "CreateInstance");
    rt_.clock.Advance(500);
    rt_.RunDueTasks();
    return rt_
        .Call(ctx_, "sso-admin", "DescribeInstance", {{"InstanceArn", created.at("InstanceArn")}})
        .as_object();
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(StoredStringsTest, SsmStringParameterValueKeepsItsNul) {
  rt_.Call(ctx_, "ssm", "PutParameter",
           {{"Name", "/nul"}, {"Value", kWithNul}, {"Type", "String"}});
  EXPECT_EQ(rt_.Call(ctx_, "ssm", "GetParameter", {{"Name", "/nul"}})
                .at("Parameter")
                .at("Value")
                .as_string(),
            kWithNul);
}

TEST_F(StoredStringsTest, SsmSecureStringParameterValueKeepsItsNul) {
  rt_.Call(ctx_, "ssm", "PutParameter",
           {{"Name", "/nul"}, {"Value", kWithNul}, {"Type", "SecureString"}});
  EXPECT_EQ(rt_.Call(ctx_, "ssm", "GetParameter", {{"Name", "/nul"}, {"WithDecryption", true}})
                .at("Parameter")
                .at("Value")
                .as_string(),
            kWithNul);
}

TEST_F(StoredStringsTest, KmsKeyDescriptionKeepsItsNul) {
  const json::value key = rt_.Call(ctx_, "kms", "CreateKey", {{"Description", kWithNul}});
  EXPECT_EQ(rt_.Call(ctx_, "kms", "DescribeKey", {{"KeyId", key.at("KeyMetadata").at("KeyId")}})
                .at("KeyMetadata")
                .at("Description")
                .as_string(),
            kWithNul);
}

// Identity Store and SSO Admin patterns leave out control characters: there a NUL is refused
// before anything is stored, as AWS refuses it.
TEST_F(StoredStringsTest, IdentityStoreDisplayNameWithANulIsAValidationException) {
  const json::value store = NewInstance().at("IdentityStoreId");
  EXPECT_EQ(CodeOf([&] {
              rt_.Call(ctx_, "identitystore", "CreateUser",
                       {{"IdentityStoreId", store},
                        {"UserName", "nul"},
                        {"DisplayName", kWithNul},
                        {"Name", {{"GivenName", "a"}, {"FamilyName", "b"}}}});
            }),
            "ValidationException");
}

TEST_F(StoredStringsTest, OrganizationsOrganizationalUnitNameKeepsItsNul) {
  rt_.Call(ctx_, "organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  const json::value root =
      rt_.Call(ctx_, "organizations", "ListRoots").at("Roots").as_array()[0].at("Id");
  const json::value ou = rt_.Call(ctx_, "organizations", "CreateOrganizationalUnit",
                                  {{"ParentId", root}, {"Name", kWithNul}});
  EXPECT_EQ(rt_.Call(ctx_, "organizations", "DescribeOrganizationalUnit",
                     {{"OrganizationalUnitId", ou.at("OrganizationalUnit").at("Id")}})
                .at("OrganizationalUnit")
                .at("Name")
                .as_string(),
            kWithNul);
}

TEST_F(StoredStringsTest, SsoAdminPermissionSetDescriptionWithANulIsAValidationException) {
  const json::value instance = NewInstance().at("InstanceArn");
  EXPECT_EQ(CodeOf([&] {
              rt_.Call(ctx_, "sso-admin", "CreatePermissionSet",
                       {{"InstanceArn", instance}, {"Name", "nul"}, {"Description", kWithNul}});
            }),
            "ValidationException");
}

}  // namespace
}  // namespace nimbus
