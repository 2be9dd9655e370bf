// An identity store exists while an ACTIVE SSO Admin instance of the caller's account and region
// has it. Every Identity Store operation answers any other IdentityStoreId with
// ResourceNotFoundException naming the IDENTITY_STORE, before it looks for anything else.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/request_context.h"
#include "services/identitystore/identitystore_test_support.h"
#include "store/database.h"
#include "testing/runtime.h"

namespace nimbus::identitystore {
namespace {

namespace json = boost::json;
using test::ErrorOf;

constexpr std::string_view kNeverCreated = "d-0000000000";
constexpr std::string_view kUnknownId = "0000000000-00000000-0000-0000-0000-000000000000";

class IdentityStoreMissingStoreTest : public ::testing::Test {
 protected:
  json::value Call(std::string_view operation, const json::object& in,
                   const core::RequestContext& ctx) {
    return rt_.Call(ctx, "identitystore", operation, in);
  }
  json::value Call(std::string_view operation, const json::object& in) {
    return Call(operation, in, ctx_);
  }

  json::value CreateUser(std::string_view store, std::string_view user_name,
                         const core::RequestContext& ctx) {
    return Call("CreateUser",
                {{"IdentityStoreId", store},
                 {"UserName", user_name},
                 {"DisplayName", "D"},
                 {"Name", {{"GivenName", "G"}, {"FamilyName", "F"}}}},
                ctx);
  }
  json::value CreateUser(std::string_view store, std::string_view user_name) {
    return CreateUser(store, user_name, ctx_);
  }

  // Expects `e` to be the error for a store that `store` names and the caller does not have.
  static void ExpectNotPresent(const core::AwsError& e, std::string_view store) {
    EXPECT_EQ(e.code(), "ResourceNotFoundException");
    EXPECT_EQ(std::string(e.what()),
              "IdentityStore not present for IdentityStoreId: " + std::string(store));
    EXPECT_EQ(e.members(),
              (json::object{{"ResourceType", "IDENTITY_STORE"}, {"ResourceId", store}}));
  }

  // Rows of ids_users in `store`, of any account and region.
  int64_t StoredUsers(std::string_view store) {
    store::Transaction tx = rt_.db.Read();
    return tx.QueryOne("SELECT count(*) FROM ids_users WHERE store_id = ?", {std::string(store)})
        ->Int(0);
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

TEST_F(IdentityStoreMissingStoreTest, CreateUserInAStoreThatWasNeverCreatedIsNotPresent) {
  ExpectNotPresent(ErrorOf([&] { CreateUser(kNeverCreated, "nobody"); }), kNeverCreated);
}

TEST_F(IdentityStoreMissingStoreTest, CreateUserInAStoreThatWasNeverCreatedStoresNoUser) {
  const std::string store = testing::NewStore(rt_, ctx_);
  CreateUser(store, "somebody");
  ErrorOf([&] { CreateUser(kNeverCreated, "nobody"); });
  EXPECT_EQ(StoredUsers(store), 1);
  EXPECT_EQ(StoredUsers(kNeverCreated), 0);
}

TEST_F(IdentityStoreMissingStoreTest, ListUsersInAStoreThatWasNeverCreatedIsNotPresent) {
  ExpectNotPresent(ErrorOf([&] {
                     Call("ListUsers", {{"IdentityStoreId", kNeverCreated}});
                   }),
                   kNeverCreated);
}

TEST_F(IdentityStoreMissingStoreTest, DescribeGroupInAMissingStoreNamesTheStoreNotTheGroup) {
  ExpectNotPresent(
      ErrorOf([&] {
        Call("DescribeGroup", {{"IdentityStoreId", kNeverCreated}, {"GroupId", kUnknownId}});
      }),
      kNeverCreated);
}

TEST_F(IdentityStoreMissingStoreTest, StoreOfAnotherAccountIsNotPresentForTheCaller) {
  const std::string theirs = testing::NewStore(rt_, test::Context("444455556666", "us-east-1"));
  ExpectNotPresent(ErrorOf([&] { CreateUser(theirs, "intruder"); }), theirs);
}

TEST_F(IdentityStoreMissingStoreTest, StoreOfAnotherAccountKeepsItsUsersFromTheCaller) {
  const core::RequestContext owner = test::Context("444455556666", "us-east-1");
  const std::string theirs = testing::NewStore(rt_, owner);
  const json::value user_id = CreateUser(theirs, "owned", owner).at("UserId");
  ExpectNotPresent(ErrorOf([&] {
                     Call("DescribeUser", {{"IdentityStoreId", theirs}, {"UserId", user_id}});
                   }),
                   theirs);
}

TEST_F(IdentityStoreMissingStoreTest, StoreIsNotPresentInAnotherRegion) {
  const std::string store = testing::NewStore(rt_, ctx_);
  ExpectNotPresent(
      ErrorOf([&] { CreateUser(store, "elsewhere", test::Context("111122223333", "eu-west-1")); }),
      store);
}

TEST_F(IdentityStoreMissingStoreTest, StoreOfADeletedInstanceIsGone) {
  const json::object instance = testing::NewInstance(rt_, ctx_);
  const std::string store(instance.at("IdentityStoreId").as_string());
  CreateUser(store, "before");
  rt_.Call(ctx_, "sso-admin", "DeleteInstance", {{"InstanceArn", instance.at("InstanceArn")}});
  rt_.RunDueTasks();
  ExpectNotPresent(ErrorOf([&] { Call("ListUsers", {{"IdentityStoreId", store}}); }), store);
}

TEST_F(IdentityStoreMissingStoreTest, StoreIsGoneWhileItsInstanceIsBeingDeleted) {
  const json::object instance = testing::NewInstance(rt_, ctx_);
  const std::string store(instance.at("IdentityStoreId").as_string());
  rt_.rt.options.async_delay_millis = 500;
  rt_.Call(ctx_, "sso-admin", "DeleteInstance", {{"InstanceArn", instance.at("InstanceArn")}});
  ExpectNotPresent(ErrorOf([&] { CreateUser(store, "late"); }), store);
}

TEST_F(IdentityStoreMissingStoreTest, StoreIsNotPresentWhileItsInstanceIsBeingCreated) {
  const json::value arn = rt_.Call(ctx_, "sso-admin", "CreateInstance").at("InstanceArn");
  const json::value store =
      rt_.Call(ctx_, "sso-admin", "DescribeInstance", {{"InstanceArn", arn}}).at("IdentityStoreId");
  ExpectNotPresent(ErrorOf([&] { CreateUser(store.as_string(), "early"); }), store.as_string());
}

TEST_F(IdentityStoreMissingStoreTest, StoreOfAFailedInstanceIsNotPresent) {
  const json::object instance = testing::NewInstance(
      rt_, ctx_, {{"Tags", json::array{{{"Key", "nimbus:fail-create"}, {"Value", ""}}}}});
  ASSERT_EQ(instance.at("Status"), "CREATE_FAILED");
  const std::string store(instance.at("IdentityStoreId").as_string());
  ExpectNotPresent(ErrorOf([&] { CreateUser(store, "failed"); }), store);
}

TEST_F(IdentityStoreMissingStoreTest, StoreOfTheOrganizationInstanceIsPresent) {
  rt_.Call(ctx_, "organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  rt_.Call(ctx_, "organizations", "EnableAWSServiceAccess",
           {{"ServicePrincipal", "sso.amazonaws.com"}});
  const json::value store = rt_.Call(ctx_, "sso-admin", "ListInstances")
                                .at("Instances")
                                .as_array()
                                .at(0)
                                .at("IdentityStoreId");
  EXPECT_EQ(CreateUser(store.as_string(), "org-user").at("IdentityStoreId"), store);
}

TEST_F(IdentityStoreMissingStoreTest, MalformedStoreIdIsAValidationExceptionBeforeAnyLookup) {
  const core::AwsError e = ErrorOf([&] { Call("ListUsers", {{"IdentityStoreId", "d-XYZ"}}); });
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_STREQ(e.what(),
               "1 validation error detected: Value 'd-XYZ' at 'identityStoreId' failed to satisfy "
               "constraint: Member must satisfy regular expression pattern: "
               "d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
}

}  // namespace
}  // namespace nimbus::identitystore
