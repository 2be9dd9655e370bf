// The whole error of each kind Identity Store throws: code, message and modelled members
// (ResourceType, ResourceId, Reason), through the dispatcher with self-check on. RequestId, the
// other member of every Identity Store error, is the encoder's (tests/e2e checks it).
#include <functional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/identitystore/identitystore_test_support.h"
#include "testing/runtime.h"

namespace nimbus::identitystore {
namespace {

namespace json = boost::json;

constexpr std::string_view kUnknownId = "1234567890-00000000-0000-0000-0000-000000000000";

using test::ErrorOf;

class IdentityStoreErrorsTest : public ::testing::Test {
 protected:
  // Calls `operation` in store_.
  json::value Call(std::string_view operation, json::object in) {
    in["IdentityStoreId"] = store_;
    return rt_.Call(test::Context(), "identitystore", operation, in);
  }

  std::string CreateUser(std::string_view user_name) {
    return std::string(Call("CreateUser", {{"UserName", user_name},
                                           {"DisplayName", "D"},
                                           {"Name", {{"GivenName", "G"}, {"FamilyName", "F"}}}})
                           .at("UserId")
                           .as_string());
  }

  std::string CreateGroup(std::string_view name) {
    return std::string(Call("CreateGroup", {{"DisplayName", name}}).at("GroupId").as_string());
  }

  test::Runtime rt_;
  const std::string store_ = testing::NewStore(rt_, test::Context());
};

TEST_F(IdentityStoreErrorsTest, DescribeUnknownUserNamesTheUserAndItsId) {
  const core::AwsError e = ErrorOf([&] { Call("DescribeUser", {{"UserId", kUnknownId}}); });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_STREQ(e.what(), "USER not found.");
  EXPECT_EQ(e.members(), (json::object{{"ResourceType", "USER"}, {"ResourceId", kUnknownId}}));
}

TEST_F(IdentityStoreErrorsTest, DeleteUnknownGroupNamesTheGroupAndItsId) {
  const core::AwsError e = ErrorOf([&] { Call("DeleteGroup", {{"GroupId", kUnknownId}}); });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_STREQ(e.what(), "GROUP not found.");
  EXPECT_EQ(e.members(), (json::object{{"ResourceType", "GROUP"}, {"ResourceId", kUnknownId}}));
}

TEST_F(IdentityStoreErrorsTest, DescribeUnknownMembershipNamesTheMembershipAndItsId) {
  const core::AwsError e = ErrorOf([&] {
    Call("DescribeGroupMembership", {{"MembershipId", kUnknownId}});
  });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_STREQ(e.what(), "GROUP_MEMBERSHIP not found.");
  EXPECT_EQ(e.members(),
            (json::object{{"ResourceType", "GROUP_MEMBERSHIP"}, {"ResourceId", kUnknownId}}));
}

TEST_F(IdentityStoreErrorsTest, AddingAnUnknownUserToAGroupNamesTheUser) {
  const std::string group = CreateGroup("team");
  const core::AwsError e = ErrorOf([&] {
    Call("CreateGroupMembership", {{"GroupId", group}, {"MemberId", {{"UserId", kUnknownId}}}});
  });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_STREQ(e.what(), "USER not found.");
  EXPECT_EQ(e.members(), (json::object{{"ResourceType", "USER"}, {"ResourceId", kUnknownId}}));
}

TEST_F(IdentityStoreErrorsTest, LookingUpAnUnknownUserNameNamesOnlyTheResourceType) {
  const core::AwsError e = ErrorOf([&] {
    Call("GetUserId",
         {{"AlternateIdentifier",
           {{"UniqueAttribute", {{"AttributePath", "userName"}, {"AttributeValue", "nobody"}}}}}});
  });
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_STREQ(e.what(), "USER not found.");
  EXPECT_EQ(e.members(), (json::object{{"ResourceType", "USER"}}));
}

TEST_F(IdentityStoreErrorsTest, DuplicateUserNameIsAUniquenessConflict) {
  CreateUser("taken");
  const core::AwsError e = ErrorOf([&] { CreateUser("taken"); });
  EXPECT_EQ(e.code(), "ConflictException");
  EXPECT_STREQ(e.what(), "Duplicate UserName");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "UNIQUENESS_CONSTRAINT_VIOLATION"}}));
}

TEST_F(IdentityStoreErrorsTest, DuplicateGroupDisplayNameIsAUniquenessConflict) {
  CreateGroup("admins");
  const core::AwsError e = ErrorOf([&] { CreateGroup("admins"); });
  EXPECT_EQ(e.code(), "ConflictException");
  EXPECT_STREQ(e.what(), "Duplicate GroupDisplayName");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "UNIQUENESS_CONSTRAINT_VIOLATION"}}));
}

TEST_F(IdentityStoreErrorsTest, SecondMembershipOfAUserInAGroupIsAUniquenessConflict) {
  const json::object in{{"GroupId", CreateGroup("team")},
                        {"MemberId", {{"UserId", CreateUser("member")}}}};
  Call("CreateGroupMembership", in);
  const core::AwsError e = ErrorOf([&] { Call("CreateGroupMembership", in); });
  EXPECT_EQ(e.code(), "ConflictException");
  EXPECT_STREQ(e.what(), "Member and Group relationship already exists.");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "UNIQUENESS_CONSTRAINT_VIOLATION"}}));
}

TEST_F(IdentityStoreErrorsTest, CreateUserWithoutUserNameIsAValidationErrorWithoutReason) {
  const core::AwsError e = ErrorOf([&] {
    Call("CreateUser", {{"DisplayName", "D"}, {"Name", {{"GivenName", "G"}, {"FamilyName", "F"}}}});
  });
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_STREQ(e.what(), "userName is a required attribute");
  EXPECT_EQ(e.members(), json::object{});
}

TEST_F(IdentityStoreErrorsTest, ForeignPageTokenIsAValidationError) {
  const core::AwsError e = ErrorOf([&] { Call("ListGroups", {{"NextToken", "not-ours"}}); });
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_STREQ(e.what(), "The given pagination token is invalid.");
  EXPECT_EQ(e.members(), json::object{});
}

}  // namespace
}  // namespace nimbus::identitystore
