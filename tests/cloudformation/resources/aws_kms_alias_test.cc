// AWS::KMS::Alias: created, retargeted and deleted through the KMS API; a taken name fails with
// KMS's own error.
#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"
#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class KmsAliasResourceTest : public testing::NativeResourceTest {
 protected:
  KmsAliasResourceTest() : NativeResourceTest("AWS::KMS::Alias") {}

  std::string NewKey() {
    return std::string(Call("kms", "CreateKey").at("KeyMetadata").at("KeyId").as_string());
  }
  // The key `alias` points at, or "" when there is no such alias.
  std::string TargetOf(std::string_view alias) {
    const json::value listed = Call("kms", "ListAliases");
    for (const json::value& entry : listed.at("Aliases").as_array()) {
      if (entry.at("AliasName").as_string() == alias) {
        const json::value* target = entry.as_object().if_contains("TargetKeyId");
        return target ? std::string(target->as_string()) : "";
      }
    }
    return "";
  }
};

TEST_F(KmsAliasResourceTest, CreateMakesAnAliasVisibleThroughKms) {
  const std::string key_id = NewKey();
  handler_->Create(Request({{"AliasName", "alias/orders"}, {"TargetKeyId", key_id}}));
  EXPECT_EQ(TargetOf("alias/orders"), key_id);
}

TEST_F(KmsAliasResourceTest, RefIsTheAliasName) {
  const ResourceResult result =
      handler_->Create(Request({{"AliasName", "alias/ref"}, {"TargetKeyId", NewKey()}}));
  EXPECT_EQ(result.physical_id, "alias/ref");
  EXPECT_EQ(handler_->Ref(result.physical_id), json::value("alias/ref"));
}

TEST_F(KmsAliasResourceTest, TheTargetMayBeTheKeysArn) {
  const std::string key_id = NewKey();
  handler_->Create(Request({{"AliasName", "alias/by-arn"},
                            {"TargetKeyId", "arn:aws:kms:us-east-1:111122223333:key/" + key_id}}));
  EXPECT_EQ(TargetOf("alias/by-arn"), key_id);
}

TEST_F(KmsAliasResourceTest, ANameThatIsTakenFailsWithKmsError) {
  Call("kms", "CreateAlias", {{"AliasName", "alias/taken"}, {"TargetKeyId", NewKey()}});
  const core::AwsError error = test::ErrorOf([&] {
    handler_->Create(Request({{"AliasName", "alias/taken"}, {"TargetKeyId", NewKey()}}));
  });
  EXPECT_EQ(error.code(), "AlreadyExistsException");
  EXPECT_STREQ(error.what(),
               "An alias with the name arn:aws:kms:us-east-1:111122223333:alias/taken already "
               "exists");
}

TEST_F(KmsAliasResourceTest, UpdatePointsTheAliasAtTheNewTarget) {
  const std::string first = NewKey();
  const std::string second = NewKey();
  handler_->Create(Request({{"AliasName", "alias/moving"}, {"TargetKeyId", first}}));
  handler_->Update(Request({{"AliasName", "alias/moving"}, {"TargetKeyId", second}}),
                   "alias/moving", {{"AliasName", "alias/moving"}, {"TargetKeyId", first}});
  EXPECT_EQ(TargetOf("alias/moving"), second);
}

TEST_F(KmsAliasResourceTest, DeleteRemovesTheAlias) {
  handler_->Create(Request({{"AliasName", "alias/gone"}, {"TargetKeyId", NewKey()}}));
  handler_->Delete(Request({}), "alias/gone");
  EXPECT_EQ(TargetOf("alias/gone"), "");
}

TEST_F(KmsAliasResourceTest, DeletingAnAliasThatIsGoneSucceeds) {
  EXPECT_NO_THROW(handler_->Delete(Request({}), "alias/never"));
}

TEST_F(KmsAliasResourceTest, TheTypeHasNoAttributes) {
  EXPECT_FALSE(handler_->Attribute(Request({}), "alias/x", "Arn"));
}

TEST_F(KmsAliasResourceTest, AMissingTargetKeyIdIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"AliasName", "alias/x"}}),
            "Property validation failure: [The property {/TargetKeyId} is required]");
}

TEST_F(KmsAliasResourceTest, ANameWithoutTheAliasPrefixIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"AliasName", "orders"}, {"TargetKeyId", "k"}}),
            "Property validation failure: [Value for property {/AliasName} does not match "
            "pattern {^(alias/)[a-zA-Z0-9:/_-]+$}]");
}

// A stack whose alias is taken fails for real, with KMS's message, and rolls back its key.
class KmsAliasInAStackTest : public testing::StackTest {};

TEST_F(KmsAliasInAStackTest, ATakenAliasRollsTheStackBackWithKmsMessage) {
  const json::value existing = rt_->Call(ctx_, "kms", "CreateKey");
  rt_->Call(
      ctx_, "kms", "CreateAlias",
      {{"AliasName", "alias/taken"}, {"TargetKeyId", existing.at("KeyMetadata").at("KeyId")}});
  Create("keys", R"({"Resources": {
    "Key": {"Type": "AWS::KMS::Key"},
    "Alias": {"Type": "AWS::KMS::Alias",
              "Properties": {"AliasName": "alias/taken", "TargetKeyId": {"Ref": "Key"}}}}})");
  EXPECT_EQ(Status("keys"), "ROLLBACK_COMPLETE");
  const std::vector<std::string> events = Events("keys");
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "Alias CREATE_FAILED An alias with the name "
                      "arn:aws:kms:us-east-1:111122223333:alias/taken already exists"),
            events.end());
  const json::value resource =
      Call("DescribeStackResource", {{"StackName", "keys"}, {"LogicalResourceId", "Key"}});
  const json::value key =
      rt_->Call(ctx_, "kms", "DescribeKey",
                {{"KeyId", resource.at("StackResourceDetail").at("PhysicalResourceId")}});
  EXPECT_EQ(key.at("KeyMetadata").at("KeyState"), "PendingDeletion");
}

}  // namespace
}  // namespace nimbus::cloudformation
