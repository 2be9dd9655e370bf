// IAM listings that page (MaxItems, Marker, IsTruncated) and the tags of managed policies and
// instance profiles, through the dispatcher (model validation included).
#include <string>
#include <vector>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "testing/runtime.h"

namespace nimbus::iam {
namespace {

namespace json = boost::json;

constexpr std::string_view kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr std::string_view kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";

class IamListingTest : public ::testing::Test {
 protected:
  json::value Iam(std::string_view operation, const json::object& in = {}) {
    return rt_.Call(ctx_, "iam", operation, in);
  }
  core::AwsError ErrorOf(std::string_view operation, const json::object& in) {
    return test::ErrorOf([&] { Iam(operation, in); });
  }
  std::string CreatePolicy(std::string_view name) {
    return std::string(Iam("CreatePolicy", {{"PolicyName", name}, {"PolicyDocument", kPolicy}})
                           .at("Policy")
                           .at("Arn")
                           .as_string());
  }
  // The `member` strings of every page of `operation`, `max_items` at a time, one list a page.
  std::vector<std::vector<std::string>> Pages(std::string_view operation, json::object in,
                                              std::string_view list, std::string_view member,
                                              int max_items) {
    std::vector<std::vector<std::string>> pages;
    in["MaxItems"] = max_items;
    for (;;) {
      const json::value out = Iam(operation, in);
      std::vector<std::string> page;
      for (const json::value& item : out.at(list).as_array()) {
        page.emplace_back(member.empty() ? item.as_string() : item.at(member).as_string());
      }
      pages.push_back(std::move(page));
      if (!out.at("IsTruncated").as_bool()) return pages;
      in["Marker"] = out.at("Marker");
    }
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context("111122223333", "us-east-1");
};

using Names = std::vector<std::vector<std::string>>;

TEST_F(IamListingTest, ListRolePoliciesPagesByMaxItems) {
  Iam("CreateRole", {{"RoleName", "r"}, {"AssumeRolePolicyDocument", kTrust}});
  for (const char* name : {"a", "b", "c"}) {
    Iam("PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", name}, {"PolicyDocument", kPolicy}});
  }
  EXPECT_EQ(Pages("ListRolePolicies", {{"RoleName", "r"}}, "PolicyNames", "", 2),
            (Names{{"a", "b"}, {"c"}}));
}

TEST_F(IamListingTest, ListAttachedUserPoliciesPagesByMaxItems) {
  Iam("CreateUser", {{"UserName", "u"}});
  for (const char* name : {"p1", "p2", "p3"}) {
    Iam("AttachUserPolicy", {{"UserName", "u"}, {"PolicyArn", CreatePolicy(name)}});
  }
  EXPECT_EQ(
      Pages("ListAttachedUserPolicies", {{"UserName", "u"}}, "AttachedPolicies", "PolicyName", 1),
      (Names{{"p1"}, {"p2"}, {"p3"}}));
}

TEST_F(IamListingTest, GetGroupPagesItsMembers) {
  Iam("CreateGroup", {{"GroupName", "g"}});
  for (const char* name : {"ann", "ben", "cat"}) {
    Iam("CreateUser", {{"UserName", name}});
    Iam("AddUserToGroup", {{"GroupName", "g"}, {"UserName", name}});
  }
  EXPECT_EQ(Pages("GetGroup", {{"GroupName", "g"}}, "Users", "UserName", 2),
            (Names{{"ann", "ben"}, {"cat"}}));
}

TEST_F(IamListingTest, ListPolicyVersionsPagesNewestFirst) {
  const std::string arn = CreatePolicy("versions");
  Iam("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}});
  Iam("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", kPolicy}});
  EXPECT_EQ(Pages("ListPolicyVersions", {{"PolicyArn", arn}}, "Versions", "VersionId", 2),
            (Names{{"v3", "v2"}, {"v1"}}));
}

TEST_F(IamListingTest, ListEntitiesForPolicyPagesOverUsersAndRoles) {
  const std::string arn = CreatePolicy("shared");
  Iam("CreateUser", {{"UserName", "u1"}});
  Iam("AttachUserPolicy", {{"UserName", "u1"}, {"PolicyArn", arn}});
  Iam("CreateRole", {{"RoleName", "r1"}, {"AssumeRolePolicyDocument", kTrust}});
  Iam("AttachRolePolicy", {{"RoleName", "r1"}, {"PolicyArn", arn}});
  const json::value first = Iam("ListEntitiesForPolicy", {{"PolicyArn", arn}, {"MaxItems", 1}});
  EXPECT_EQ(first.at("IsTruncated").as_bool(), true);
  EXPECT_EQ(first.at("PolicyRoles").as_array().size() + first.at("PolicyUsers").as_array().size(),
            1u);
  const json::value second =
      Iam("ListEntitiesForPolicy",
          {{"PolicyArn", arn}, {"MaxItems", 1}, {"Marker", first.at("Marker")}});
  EXPECT_EQ(second.at("IsTruncated").as_bool(), false);
  EXPECT_EQ(second.at("PolicyRoles").as_array().size() + second.at("PolicyUsers").as_array().size(),
            1u);
}

TEST_F(IamListingTest, GetAccountAuthorizationDetailsPagesAcrossItsLists) {
  Iam("CreateUser", {{"UserName", "u1"}});
  Iam("CreateGroup", {{"GroupName", "g1"}});
  const json::value first = Iam("GetAccountAuthorizationDetails", {{"MaxItems", 1}});
  EXPECT_EQ(first.at("UserDetailList").as_array().size(), 1u);
  EXPECT_EQ(first.at("GroupDetailList").as_array().size(), 0u);
  EXPECT_EQ(first.at("IsTruncated").as_bool(), true);
  const json::value second =
      Iam("GetAccountAuthorizationDetails", {{"MaxItems", 1}, {"Marker", first.at("Marker")}});
  EXPECT_EQ(second.at("UserDetailList").as_array().size(), 0u);
  EXPECT_EQ(second.at("GroupDetailList").at(0).at("GroupName").as_string(), "g1");
  EXPECT_EQ(second.at("IsTruncated").as_bool(), false);
}

TEST_F(IamListingTest, AMarkerOfAnotherListingIsAValidationError) {
  Iam("CreateUser", {{"UserName", "u"}});
  Iam("CreateAccessKey", {{"UserName", "u"}});
  Iam("CreateAccessKey", {{"UserName", "u"}});
  const json::value page = Iam("ListAccessKeys", {{"UserName", "u"}, {"MaxItems", 1}});
  const core::AwsError error =
      ErrorOf("ListGroupsForUser", {{"UserName", "u"}, {"Marker", page.at("Marker")}});
  EXPECT_EQ(error.code(), "ValidationError");
}

TEST_F(IamListingTest, TagPolicyTagsAreListedByListPolicyTags) {
  const std::string arn = CreatePolicy("tagged");
  Iam("TagPolicy", {{"PolicyArn", arn}, {"Tags", json::array{{{"Key", "env"}, {"Value", "dev"}}}}});
  EXPECT_EQ(Iam("ListPolicyTags", {{"PolicyArn", arn}}).at("Tags"),
            (json::array{{{"Key", "env"}, {"Value", "dev"}}}));
}

TEST_F(IamListingTest, UntagPolicyRemovesTheKey) {
  const std::string arn = CreatePolicy("untagged");
  Iam("TagPolicy", {{"PolicyArn", arn}, {"Tags", json::array{{{"Key", "env"}, {"Value", "dev"}}}}});
  Iam("UntagPolicy", {{"PolicyArn", arn}, {"TagKeys", json::array{"env"}}});
  EXPECT_EQ(Iam("ListPolicyTags", {{"PolicyArn", arn}}).at("Tags"), json::array{});
}

TEST_F(IamListingTest, TagPolicyOfAnUnknownPolicyIsNoSuchEntity) {
  EXPECT_EQ(ErrorOf("TagPolicy", {{"PolicyArn", "arn:aws:iam::111122223333:policy/none"},
                                  {"Tags", json::array{{{"Key", "k"}, {"Value", "v"}}}}})
                .code(),
            "NoSuchEntity");
}

TEST_F(IamListingTest, TagInstanceProfileTagsShowInGetInstanceProfile) {
  Iam("CreateInstanceProfile", {{"InstanceProfileName", "ip"}});
  Iam("TagInstanceProfile",
      {{"InstanceProfileName", "ip"}, {"Tags", json::array{{{"Key", "team"}, {"Value", "ops"}}}}});
  EXPECT_EQ(
      Iam("GetInstanceProfile", {{"InstanceProfileName", "ip"}}).at("InstanceProfile").at("Tags"),
      (json::array{{{"Key", "team"}, {"Value", "ops"}}}));
  EXPECT_EQ(Iam("ListInstanceProfileTags", {{"InstanceProfileName", "ip"}}).at("Tags"),
            (json::array{{{"Key", "team"}, {"Value", "ops"}}}));
}

TEST_F(IamListingTest, UntagInstanceProfileRemovesTheKey) {
  Iam("CreateInstanceProfile", {{"InstanceProfileName", "ip"}});
  Iam("TagInstanceProfile",
      {{"InstanceProfileName", "ip"}, {"Tags", json::array{{{"Key", "team"}, {"Value", "ops"}}}}});
  Iam("UntagInstanceProfile", {{"InstanceProfileName", "ip"}, {"TagKeys", json::array{"team"}}});
  EXPECT_EQ(Iam("ListInstanceProfileTags", {{"InstanceProfileName", "ip"}}).at("Tags"),
            json::array{});
}

}  // namespace
}  // namespace nimbus::iam
