// AWS::IAM::AccessKey: a user's key made through IAM, its secret kept from the creation.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class AccessKeyResourceTest : public testing::IamResourceTest {
 protected:
  AccessKeyResourceTest() : IamResourceTest("AWS::IAM::AccessKey") {
    Iam("CreateUser", {{"UserName", "ci"}});
  }
  json::object Key() {
    return Iam("ListAccessKeys", {{"UserName", "ci"}}).at("AccessKeyMetadata").at(0).as_object();
  }
};

TEST_F(AccessKeyResourceTest, CreateMakesAKeyAndRefIsItsId) {
  const ResourceResult made = handler_->Create(Request({{"UserName", "ci"}}));
  EXPECT_EQ(made.physical_id.substr(0, 4), "AKIA");
  EXPECT_EQ(Key().at("AccessKeyId"), json::value(made.physical_id));
  EXPECT_EQ(Key().at("Status"), "Active");
  EXPECT_EQ(handler_->Ref(made.physical_id), json::value(made.physical_id));
}

TEST_F(AccessKeyResourceTest, TheSecretIsKeptAsAnAttributeFromTheCreation) {
  const ResourceResult made = handler_->Create(Request({{"UserName", "ci"}}));
  EXPECT_EQ(made.attributes.at("SecretAccessKey").as_string().size(), 40u);
}

TEST_F(AccessKeyResourceTest, AnInactiveStatusMakesAnInactiveKey) {
  handler_->Create(Request({{"UserName", "ci"}, {"Status", "Inactive"}}));
  EXPECT_EQ(Key().at("Status"), "Inactive");
}

TEST_F(AccessKeyResourceTest, UpdateChangesTheStatusAndKeepsTheSecret) {
  const json::object before{{"UserName", "ci"}};
  const std::string id = handler_->Create(Request(before)).physical_id;
  const ResourceResult updated =
      handler_->Update(Request({{"UserName", "ci"}, {"Status", "Inactive"}}), id, before);
  EXPECT_EQ(Key().at("Status"), "Inactive");
  EXPECT_TRUE(updated.keeps_attributes);
}

TEST_F(AccessKeyResourceTest, DeleteDeletesTheKey) {
  const std::string id = handler_->Create(Request({{"UserName", "ci"}})).physical_id;
  handler_->Delete(Request({{"UserName", "ci"}}), id);
  EXPECT_EQ(Iam("ListAccessKeys", {{"UserName", "ci"}}).at("AccessKeyMetadata"),
            json::value(json::array{}));
}

TEST_F(AccessKeyResourceTest, AnUnknownStatusIsAPropertyValidationFailure) {
  EXPECT_NE(ValidationMessage({{"UserName", "ci"}, {"Status", "Paused"}}), "");
}

}  // namespace
}  // namespace nimbus::cloudformation
