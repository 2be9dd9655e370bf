// AWS::IAM::Group: made with its policies, changed and deleted through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class GroupResourceTest : public testing::IamResourceTest {
 protected:
  GroupResourceTest() : IamResourceTest("AWS::IAM::Group") {}
};

TEST_F(GroupResourceTest, CreateMakesAGroupWithItsPolicies) {
  const std::string name =
      handler_
          ->Create(Request(
              {{"GroupName", "admins"},
               {"Path", "/org/"},
               {"Policies", json::array{{{"PolicyName", "all"}, {"PolicyDocument", Allow("*")}}}},
               {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/AdministratorAccess"}}}))
          .physical_id;
  EXPECT_EQ(name, "admins");
  EXPECT_EQ(handler_->Attribute(Request({}), name, "Arn"),
            json::value("arn:aws:iam::111122223333:group/org/admins"));
  EXPECT_EQ(Iam("ListGroupPolicies", {{"GroupName", "admins"}}).at("PolicyNames"),
            json::value(json::array{"all"}));
  EXPECT_EQ(Iam("ListAttachedGroupPolicies", {{"GroupName", "admins"}})
                .at("AttachedPolicies")
                .at(0)
                .at("PolicyName"),
            "AdministratorAccess");
}

TEST_F(GroupResourceTest, AGeneratedNameIsStackLogicalIdRandom) {
  const std::string name = handler_->Create(Request({}, "Readers")).physical_id;
  EXPECT_EQ(name.substr(0, 12), "app-Readers-");
  EXPECT_EQ(Iam("GetGroup", {{"GroupName", name}}).at("Group").at("GroupName"), json::value(name));
}

TEST_F(GroupResourceTest, UpdateReplacesTheInlinePolicies) {
  const json::object before{
      {"GroupName", "g"},
      {"Policies", json::array{{{"PolicyName", "a"}, {"PolicyDocument", Allow("s3:*")}}}}};
  handler_->Create(Request(before));
  handler_->Update(
      Request(
          {{"GroupName", "g"},
           {"Policies", json::array{{{"PolicyName", "b"}, {"PolicyDocument", Allow("s3:*")}}}}}),
      "g", before);
  EXPECT_EQ(Iam("ListGroupPolicies", {{"GroupName", "g"}}).at("PolicyNames"),
            json::value(json::array{"b"}));
}

TEST_F(GroupResourceTest, DeleteRemovesPoliciesThenTheGroup) {
  handler_->Create(
      Request({{"GroupName", "g"},
               {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}}));
  handler_->Delete(Request({}), "g");
  EXPECT_EQ(ErrorOf([&] { Iam("GetGroup", {{"GroupName", "g"}}); }), "NoSuchEntity");
}

}  // namespace
}  // namespace nimbus::cloudformation
