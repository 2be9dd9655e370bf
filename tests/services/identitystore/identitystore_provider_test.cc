#include <set>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/request_context.h"
#include "services/identitystore/identitystore_test_support.h"
#include "testing/provider_test_support.h"
#include "testing/runtime.h"

namespace nimbus::identitystore {
namespace {

namespace json = boost::json;
using test::ErrorCode;
using test::Json;

class IdentityStoreProviderTest : public ::testing::Test {
 protected:
  core::RequestContext Ctx(std::string_view account = "111122223333",
                           std::string_view region = "us-east-1") {
    return test::Context(account, region);
  }

  json::value Call(std::string_view operation, const json::object& in,
                   const core::RequestContext& ctx) {
    return rt_.Call(ctx, "identitystore", operation, in);
  }
  json::value Call(std::string_view operation, const json::object& in) {
    return Call(operation, in, Ctx());
  }

  json::object In(std::string_view body) {
    json::object in = Json(body);
    in["IdentityStoreId"] = store_;
    return in;
  }

  std::string CreateUser(std::string_view user_name, const core::RequestContext& ctx,
                         std::string_view store) {
    json::object in = In(R"({"DisplayName":"D","Name":{"GivenName":"G","FamilyName":"F"}})");
    in["IdentityStoreId"] = store;
    in["UserName"] = user_name;
    return std::string(Call("CreateUser", in, ctx).as_object().at("UserId").as_string());
  }
  std::string CreateUser(std::string_view user_name) {
    return CreateUser(user_name, Ctx(), store_);
  }

  std::string CreateGroup(std::string_view name) {
    json::object in = In("{}");
    in["DisplayName"] = name;
    return std::string(Call("CreateGroup", in).as_object().at("GroupId").as_string());
  }

  json::object DescribeUser(std::string_view user_id) {
    json::object in = In("{}");
    in["UserId"] = user_id;
    return Call("DescribeUser", in).as_object();
  }

  test::Runtime rt_;
  const std::string store_ = testing::NewStore(rt_, Ctx());
};

TEST_F(IdentityStoreProviderTest, UserIdsCarryTheStoreHexPrefix) {
  const std::string id = CreateUser("a");
  EXPECT_EQ(id.size(), 47u);
  EXPECT_EQ(id.substr(0, 11), store_.substr(2) + "-");
}

TEST_F(IdentityStoreProviderTest, DescribeUserReturnsStoredAttributesAndAudit) {
  json::object in = In(R"({"UserName":"jdoe","DisplayName":"John Doe",
      "Name":{"GivenName":"John","FamilyName":"Doe"},"Locale":"en-US",
      "Emails":[{"Value":"j@example.com","Primary":true}]})");
  const std::string id(Call("CreateUser", in).as_object().at("UserId").as_string());
  json::object user = DescribeUser(id);
  EXPECT_EQ(user.at("UserName").as_string(), "jdoe");
  EXPECT_EQ(user.at("Locale").as_string(), "en-US");
  EXPECT_EQ(user.at("Name").as_object().at("FamilyName").as_string(), "Doe");
  EXPECT_EQ(user.at("Emails").as_array()[0].as_object().at("Value").as_string(), "j@example.com");
  EXPECT_EQ(user.at("IdentityStoreId").as_string(), store_);
  EXPECT_EQ(user.at("CreatedBy").as_string(), "arn:aws:iam::111122223333:root");
  EXPECT_DOUBLE_EQ(user.at("CreatedAt").as_double(), rt_.clock.NowSeconds());
}

TEST_F(IdentityStoreProviderTest, DuplicateUserNameIsConflict) {
  CreateUser("dup");
  std::string message;
  EXPECT_EQ(ErrorCode([&] { CreateUser("dup"); }, &message), "ConflictException");
  EXPECT_EQ(message, "Duplicate UserName");
}

TEST_F(IdentityStoreProviderTest, MissingRequiredAttributesAreValidationErrors) {
  std::string message;
  EXPECT_EQ(ErrorCode([&] { Call("CreateUser", In(R"({"DisplayName":"x"})")); }, &message),
            "ValidationException");
  EXPECT_EQ(message, "userName is a required attribute");
  EXPECT_EQ(ErrorCode(
                [&] {
                  Call("CreateUser",
                       In(R"({"UserName":"u","DisplayName":"x","Name":{"GivenName":"g"}})"));
                },
                &message),
            "ValidationException");
  EXPECT_EQ(message, "familyname: The attribute familyname is required");
  EXPECT_TRUE(Call("ListUsers", In("{}")).as_object().at("Users").as_array().empty());
}

TEST_F(IdentityStoreProviderTest, StoresAreScopedByAccountAndRegion) {
  const std::string id = CreateUser("scoped");
  auto describe = [&](const core::RequestContext& ctx, std::string_view store) {
    return ErrorCode([&] {
      Call("DescribeUser", {{"IdentityStoreId", store}, {"UserId", id}}, ctx);
    });
  };
  EXPECT_EQ(describe(Ctx(), store_), "");
  EXPECT_EQ(describe(Ctx("999999999999"), store_), "ResourceNotFoundException");
  EXPECT_EQ(describe(Ctx("111122223333", "eu-west-1"), store_), "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode([&] {
              Call("DescribeGroup", {{"IdentityStoreId", store_}, {"GroupId", id}});
            }),
            "ResourceNotFoundException");
  // The same name is free in another account's store.
  const std::string other_store = testing::NewStore(rt_, Ctx("999999999999"));
  EXPECT_EQ(ErrorCode([&] { CreateUser("scoped", Ctx("999999999999"), other_store); }), "");
}

TEST_F(IdentityStoreProviderTest, ListUsersPagesAndFilters) {
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) created.insert(CreateUser("u" + std::to_string(i)));
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    json::object in = In(R"({"MaxResults":2})");
    if (!token.empty()) in["NextToken"] = token;
    json::object out = Call("ListUsers", in).as_object();
    for (const auto& u : out.at("Users").as_array()) {
      seen.insert(std::string(u.as_object().at("UserId").as_string()));
    }
    token = out.contains("NextToken") ? std::string(out.at("NextToken").as_string()) : "";
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);
  json::object filtered =
      Call("ListUsers", In(R"({"Filters":[{"AttributePath":"UserName","AttributeValue":"u3"}]})"))
          .as_object();
  ASSERT_EQ(filtered.at("Users").as_array().size(), 1u);
  EXPECT_EQ(filtered.at("Users").as_array()[0].as_object().at("UserName").as_string(), "u3");
  EXPECT_EQ(ErrorCode([&] { Call("ListUsers", In(R"({"NextToken":"bad"})")); }),
            "ValidationException");
}

TEST_F(IdentityStoreProviderTest, UpdateUserAppliesOperationsAtomically) {
  const std::string id = CreateUser("upd");
  json::object ok = In(R"({"Operations":[
      {"AttributePath":"name.givenName","AttributeValue":"Neo"},
      {"AttributePath":"nickName","AttributeValue":"n"},
      {"AttributePath":"phoneNumbers","AttributeValue":[{"value":"+1","type":"work"}]}]})");
  ok["UserId"] = id;
  Call("UpdateUser", ok);
  json::object user = DescribeUser(id);
  EXPECT_EQ(user.at("Name").as_object().at("GivenName").as_string(), "Neo");
  EXPECT_EQ(user.at("NickName").as_string(), "n");
  EXPECT_EQ(user.at("PhoneNumbers").as_array()[0].as_object().at("Value").as_string(), "+1");

  json::object bad = In(R"({"Operations":[
      {"AttributePath":"nickName"},
      {"AttributePath":"nope","AttributeValue":"x"}]})");
  bad["UserId"] = id;
  EXPECT_EQ(ErrorCode([&] { Call("UpdateUser", bad); }), "ValidationException");
  EXPECT_EQ(DescribeUser(id).at("NickName").as_string(), "n");
}

TEST_F(IdentityStoreProviderTest, MembershipsAreUniqueAndGoWithTheirUser) {
  const std::string user = CreateUser("m");
  const std::string group = CreateGroup("g");
  json::object in = In("{}");
  in["GroupId"] = group;
  in["MemberId"] = json::object{{"UserId", user}};
  const std::string membership(
      Call("CreateGroupMembership", in).as_object().at("MembershipId").as_string());
  EXPECT_EQ(ErrorCode([&] { Call("CreateGroupMembership", in); }), "ConflictException");
  EXPECT_EQ(Call("GetGroupMembershipId", in).as_object().at("MembershipId").as_string(),
            membership);
  json::object del = In("{}");
  del["UserId"] = user;
  Call("DeleteUser", del);
  EXPECT_EQ(ErrorCode([&] { Call("GetGroupMembershipId", in); }), "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode([&] {
              Call("DescribeGroup", {{"IdentityStoreId", store_}, {"GroupId", group}});
            }),
            "");
  EXPECT_EQ(ErrorCode([&] {
              Call("DescribeUser", {{"IdentityStoreId", store_}, {"UserId", user}});
            }),
            "ResourceNotFoundException");
}

TEST_F(IdentityStoreProviderTest, GroupDisplayNamesAreUnique) {
  const std::string a = CreateGroup("a");
  CreateGroup("b");
  EXPECT_EQ(ErrorCode([&] { CreateGroup("a"); }), "ConflictException");
  json::object rename = In(R"({"Operations":[{"AttributePath":"displayName",
      "AttributeValue":"b"}]})");
  rename["GroupId"] = a;
  EXPECT_EQ(ErrorCode([&] { Call("UpdateGroup", rename); }), "ConflictException");
  json::object lookup = In(R"({"AlternateIdentifier":{"UniqueAttribute":{
      "AttributePath":"displayName","AttributeValue":"a"}}})");
  EXPECT_EQ(Call("GetGroupId", lookup).as_object().at("GroupId").as_string(), a);
}

}  // namespace
}  // namespace nimbus::identitystore
