// AWS::IAM::ManagedPolicy: a customer managed policy made, versioned, attached and deleted
// through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class ManagedPolicyResourceTest : public testing::IamResourceTest {
 protected:
  ManagedPolicyResourceTest() : IamResourceTest("AWS::IAM::ManagedPolicy") {
    Iam("CreateRole", {{"RoleName", "r1"}, {"AssumeRolePolicyDocument", json::serialize(Trust())}});
    Iam("CreateUser", {{"UserName", "u1"}});
  }
  json::object Policy(std::string_view arn) {
    return Iam("GetPolicy", {{"PolicyArn", arn}}).at("Policy").as_object();
  }
  json::array Versions(std::string_view arn) {
    return Iam("ListPolicyVersions", {{"PolicyArn", arn}}).at("Versions").as_array();
  }
};

TEST_F(ManagedPolicyResourceTest, CreateMakesAPolicyAndRefIsItsArn) {
  const std::string arn = handler_
                              ->Create(Request({{"ManagedPolicyName", "readers"},
                                                {"Path", "/app/"},
                                                {"Description", "read it"},
                                                {"PolicyDocument", Allow("s3:Get*")}}))
                              .physical_id;
  EXPECT_EQ(arn, "arn:aws:iam::111122223333:policy/app/readers");
  EXPECT_EQ(handler_->Ref(arn), json::value(arn));
  EXPECT_EQ(Policy(arn).at("Description"), "read it");
}

TEST_F(ManagedPolicyResourceTest, AGeneratedNameIsStackLogicalIdRandom) {
  const std::string arn =
      handler_->Create(Request({{"PolicyDocument", Allow("s3:*")}}, "Mp")).physical_id;
  EXPECT_EQ(Policy(arn).at("PolicyName").as_string().subview().substr(0, 7), "app-Mp-");
}

TEST_F(ManagedPolicyResourceTest, GetAttReadsThePolicyFromIam) {
  const std::string arn =
      handler_->Create(Request({{"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r1"}}}))
          .physical_id;
  EXPECT_EQ(handler_->Attribute(Request({}), arn, "PolicyArn"), json::value(arn));
  EXPECT_EQ(handler_->Attribute(Request({}), arn, "PolicyId"), Policy(arn).at("PolicyId"));
  EXPECT_EQ(handler_->Attribute(Request({}), arn, "DefaultVersionId"), json::value("v1"));
  EXPECT_EQ(handler_->Attribute(Request({}), arn, "AttachmentCount"), json::value(1));
  EXPECT_EQ(handler_->Attribute(Request({}), arn, "IsAttachable"), json::value(true));
  EXPECT_EQ(handler_->Attribute(Request({}), arn, "CreateDate")->as_string().size(), 24u);
  EXPECT_FALSE(handler_->Attribute(Request({}), arn, "Arn"));
}

TEST_F(ManagedPolicyResourceTest, RolesAndUsersGetThePolicyAttached) {
  const std::string arn = handler_
                              ->Create(Request({{"PolicyDocument", Allow("s3:*")},
                                                {"Roles", json::array{"r1"}},
                                                {"Users", json::array{"u1"}}}))
                              .physical_id;
  EXPECT_EQ(Iam("ListAttachedRolePolicies", {{"RoleName", "r1"}})
                .at("AttachedPolicies")
                .at(0)
                .at("PolicyArn"),
            json::value(arn));
  EXPECT_EQ(Iam("ListAttachedUserPolicies", {{"UserName", "u1"}})
                .at("AttachedPolicies")
                .at(0)
                .at("PolicyArn"),
            json::value(arn));
}

TEST_F(ManagedPolicyResourceTest, ANewDocumentIsANewDefaultVersion) {
  const json::object before{{"PolicyDocument", Allow("s3:*")}};
  const std::string arn = handler_->Create(Request(before)).physical_id;
  handler_->Update(Request({{"PolicyDocument", Allow("sqs:*")}}), arn, before);
  EXPECT_EQ(Policy(arn).at("DefaultVersionId"), "v2");
  EXPECT_EQ(Versions(arn).size(), 2u);
}

TEST_F(ManagedPolicyResourceTest, ASixthDocumentDeletesTheOldestNonDefaultVersion) {
  json::object previous{{"PolicyDocument", Allow("s3:*")}};
  const std::string arn = handler_->Create(Request(previous)).physical_id;
  for (std::string_view action : {"sqs:*", "sns:*", "kms:*", "ssm:*", "iam:*"}) {
    const json::object next{{"PolicyDocument", Allow(action)}};
    handler_->Update(Request(next), arn, previous);
    previous = next;
  }
  const json::array versions = Versions(arn);
  ASSERT_EQ(versions.size(), 5u);
  EXPECT_EQ(versions.at(0).at("VersionId"), "v6");
  EXPECT_EQ(versions.at(4).at("VersionId"), "v2");
}

TEST_F(ManagedPolicyResourceTest, UpdateDetachesFromRolesNoLongerListed) {
  const json::object before{{"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r1"}}};
  const std::string arn = handler_->Create(Request(before)).physical_id;
  handler_->Update(Request({{"PolicyDocument", Allow("s3:*")}, {"Users", json::array{"u1"}}}), arn,
                   before);
  EXPECT_EQ(Iam("ListAttachedRolePolicies", {{"RoleName", "r1"}}).at("AttachedPolicies"),
            json::value(json::array{}));
  EXPECT_EQ(Policy(arn).at("AttachmentCount"), 1);
}

TEST_F(ManagedPolicyResourceTest, DeleteDetachesDropsVersionsAndDeletesThePolicy) {
  const json::object before{{"PolicyDocument", Allow("s3:*")}, {"Roles", json::array{"r1"}}};
  const std::string arn = handler_->Create(Request(before)).physical_id;
  handler_->Update(Request({{"PolicyDocument", Allow("sqs:*")}, {"Roles", json::array{"r1"}}}), arn,
                   before);
  handler_->Delete(Request({}), arn);
  EXPECT_EQ(ErrorOf([&] { Policy(arn); }), "NoSuchEntity");
}

}  // namespace
}  // namespace nimbus::cloudformation
