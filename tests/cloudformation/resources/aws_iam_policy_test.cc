// AWS::IAM::Policy: an inline policy put on its roles, users and groups through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class PolicyResourceTest : public testing::IamResourceTest {
 protected:
  PolicyResourceTest() : IamResourceTest("AWS::IAM::Policy") {
    Iam("CreateRole", {{"RoleName", "r1"}, {"AssumeRolePolicyDocument", json::serialize(Trust())}});
    Iam("CreateRole", {{"RoleName", "r2"}, {"AssumeRolePolicyDocument", json::serialize(Trust())}});
    Iam("CreateUser", {{"UserName", "u1"}});
    Iam("CreateGroup", {{"GroupName", "g1"}});
  }
  json::value RolePolicies(std::string_view role) {
    return Iam("ListRolePolicies", {{"RoleName", role}}).at("PolicyNames");
  }
};

TEST_F(PolicyResourceTest, CreatePutsThePolicyOnEveryRoleUserAndGroup) {
  handler_->Create(Request({{"PolicyName", "shared"},
                            {"PolicyDocument", Allow("sqs:*")},
                            {"Roles", json::array{"r1", "r2"}},
                            {"Users", json::array{"u1"}},
                            {"Groups", json::array{"g1"}}}));
  EXPECT_EQ(RolePolicies("r1"), json::value(json::array{"shared"}));
  EXPECT_EQ(RolePolicies("r2"), json::value(json::array{"shared"}));
  EXPECT_EQ(Iam("ListUserPolicies", {{"UserName", "u1"}}).at("PolicyNames"),
            json::value(json::array{"shared"}));
  const json::value got = Iam("GetGroupPolicy", {{"GroupName", "g1"}, {"PolicyName", "shared"}});
  EXPECT_EQ(json::parse(Decoded(got.at("PolicyDocument"))), json::value(Allow("sqs:*")));
}

TEST_F(PolicyResourceTest, ThePhysicalIdIsStackAndLogicalIdCutToFiveAndARandomPart) {
  const std::string id = handler_
                             ->Create(Request({{"PolicyName", "p"},
                                               {"PolicyDocument", Allow("s3:*")},
                                               {"Roles", json::array{"r1"}}},
                                              "DefaultPolicy"))
                             .physical_id;
  EXPECT_EQ(id.substr(0, 10), "app-Defau-");
  EXPECT_EQ(id.size(), 23u);
  EXPECT_EQ(handler_->Ref(id), json::value(id));
  EXPECT_EQ(handler_->Attribute(Request({}), id, "Id"), json::value(id));
}

TEST_F(PolicyResourceTest, APolicyWithoutEntitiesFailsTheCreation) {
  EXPECT_EQ(ErrorOf([&] {
              handler_->Create(Request({{"PolicyName", "p"}, {"PolicyDocument", Allow("s3:*")}}));
            }),
            "InvalidRequest");
}

TEST_F(PolicyResourceTest, AnUnknownRoleFailsWithIamsNoSuchEntityAndLeavesNothing) {
  EXPECT_EQ(ErrorOf([&] {
              handler_->Create(Request({{"PolicyName", "p"},
                                        {"PolicyDocument", Allow("s3:*")},
                                        {"Roles", json::array{"r1", "nobody"}}}));
            }),
            "NoSuchEntity");
  EXPECT_EQ(RolePolicies("r1"), json::value(json::array{}));
}

TEST_F(PolicyResourceTest, UpdateMovesThePolicyToTheRolesListedNow) {
  const json::object before{
      {"PolicyName", "p"}, {"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r1"}}};
  const std::string id = handler_->Create(Request(before)).physical_id;
  handler_->Update(
      Request(
          {{"PolicyName", "p"}, {"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r2"}}}),
      id, before);
  EXPECT_EQ(RolePolicies("r1"), json::value(json::array{}));
  EXPECT_EQ(RolePolicies("r2"), json::value(json::array{"p"}));
}

TEST_F(PolicyResourceTest, UpdateOfThePolicyNameRenamesItOnEveryEntity) {
  const json::object before{
      {"PolicyName", "old"}, {"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r1"}}};
  const std::string id = handler_->Create(Request(before)).physical_id;
  handler_->Update(
      Request(
          {{"PolicyName", "new"}, {"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r1"}}}),
      id, before);
  EXPECT_EQ(RolePolicies("r1"), json::value(json::array{"new"}));
}

TEST_F(PolicyResourceTest, DeleteTakesThePolicyOffEveryEntity) {
  const json::object props{{"PolicyName", "p"},
                           {"PolicyDocument", Allow("s3:*")},
                           {"Roles", json::array{"r1"}},
                           {"Groups", json::array{"g1"}}};
  const std::string id = handler_->Create(Request(props)).physical_id;
  handler_->Delete(Request(props), id);
  EXPECT_EQ(RolePolicies("r1"), json::value(json::array{}));
  EXPECT_EQ(Iam("ListGroupPolicies", {{"GroupName", "g1"}}).at("PolicyNames"),
            json::value(json::array{}));
}

}  // namespace
}  // namespace nimbus::cloudformation
