// AWS::IAM::Role: made, changed, read back and deleted through IAM.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/iam_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class RoleResourceTest : public testing::IamResourceTest {
 protected:
  RoleResourceTest() : IamResourceTest("AWS::IAM::Role") {}

  std::string Create(json::object props) {
    if (!props.contains("AssumeRolePolicyDocument")) props["AssumeRolePolicyDocument"] = Trust();
    return handler_->Create(Request(props, "AppRole")).physical_id;
  }
  json::object Role(std::string_view name) {
    return Iam("GetRole", {{"RoleName", name}}).at("Role").as_object();
  }
};

TEST_F(RoleResourceTest, CreateMakesARoleVisibleThroughIam) {
  const std::string name = Create({{"RoleName", "app-role"},
                                   {"Path", "/service/"},
                                   {"Description", "the app"},
                                   {"MaxSessionDuration", 7200}});
  EXPECT_EQ(name, "app-role");
  const json::object role = Role(name);
  EXPECT_EQ(role.at("Arn"), "arn:aws:iam::111122223333:role/service/app-role");
  EXPECT_EQ(role.at("Description"), "the app");
  EXPECT_EQ(role.at("MaxSessionDuration"), 7200);
  EXPECT_EQ(json::parse(Decoded(role.at("AssumeRolePolicyDocument"))), json::value(Trust()));
}

TEST_F(RoleResourceTest, AGeneratedNameIsStackLogicalIdRandomWithinSixtyFourCharacters) {
  const std::string name = Create({});
  EXPECT_EQ(name.substr(0, 12), "app-AppRole-");
  EXPECT_EQ(name.size(), 25u);
  EXPECT_EQ(Role(name).at("RoleName"), json::value(name));
}

TEST_F(RoleResourceTest, AGeneratedNameFromLongNamesIsCutToSixtyFourCharacters) {
  ResourceRequest request = Request({{"AssumeRolePolicyDocument", Trust()}},
                                    "AVeryLongLogicalIdThatGoesOnAndOnForManyManyCharacters");
  const std::string long_stack(60, 's');
  request.stack_name = long_stack;
  const std::string name = handler_->Create(request).physical_id;
  EXPECT_EQ(name.size(), 64u);
  EXPECT_EQ(Role(name).at("RoleName"), json::value(name));
}

TEST_F(RoleResourceTest, ATrustPolicyGivenAsAStringIsTakenAsIs) {
  const std::string text = json::serialize(Trust("lambda.amazonaws.com"));
  const std::string name = Create({{"AssumeRolePolicyDocument", text}});
  EXPECT_EQ(Decoded(Role(name).at("AssumeRolePolicyDocument")), text);
}

TEST_F(RoleResourceTest, RefIsTheNameAndGetAttReadsArnAndRoleIdFromIam) {
  const std::string name = Create({{"RoleName", "reader"}});
  EXPECT_EQ(handler_->Ref(name), json::value("reader"));
  EXPECT_EQ(handler_->Attribute(Request({}), name, "Arn"),
            json::value("arn:aws:iam::111122223333:role/reader"));
  EXPECT_EQ(handler_->Attribute(Request({}), name, "RoleId"), Role(name).at("RoleId"));
  EXPECT_FALSE(handler_->Attribute(Request({}), name, "RoleName"));
}

TEST_F(RoleResourceTest, InlinePoliciesAndManagedPolicyArnsAreAttached) {
  const std::string name = Create(
      {{"Policies",
        json::array{json::object{{"PolicyName", "logs"}, {"PolicyDocument", Allow("logs:*")}}}},
       {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}});
  EXPECT_EQ(Iam("ListRolePolicies", {{"RoleName", name}}).at("PolicyNames"),
            json::value(json::array{"logs"}));
  EXPECT_EQ(Iam("ListAttachedRolePolicies", {{"RoleName", name}})
                .at("AttachedPolicies")
                .at(0)
                .at("PolicyName"),
            "ReadOnlyAccess");
}

TEST_F(RoleResourceTest, TagsAreTheStacksAndTheResourcesWithoutCloudFormationsOwnSortedByKey) {
  const std::string name = Create({{"Tags", json::array{{{"Key", "app"}, {"Value", "orders"}}}}});
  const json::value tags = Iam("ListRoleTags", {{"RoleName", name}}).at("Tags");
  EXPECT_EQ(tags, json::parse(R"([{"Key":"app","Value":"orders"},{"Key":"team","Value":"blue"}])"));
}

TEST_F(RoleResourceTest, AnIamErrorFailsTheCreationAndLeavesNoRole) {
  const std::string error = ErrorOf([&] {
    Create({{"RoleName", "half-made"},
            {"ManagedPolicyArns", json::array{"arn:aws:iam::111122223333:policy/missing"}}});
  });
  EXPECT_EQ(error, "NoSuchEntity");
  EXPECT_EQ(ErrorOf([&] { Role("half-made"); }), "NoSuchEntity");
}

TEST_F(RoleResourceTest, ATakenNameFailsWithIamsEntityAlreadyExists) {
  Create({{"RoleName", "taken"}});
  EXPECT_EQ(ErrorOf([&] { Create({{"RoleName", "taken"}}); }), "EntityAlreadyExists");
}

TEST_F(RoleResourceTest, UpdateChangesTheTrustPolicyDescriptionAndSessionInPlace) {
  const json::object before{{"AssumeRolePolicyDocument", Trust()}, {"Description", "old"}};
  const std::string name = handler_->Create(Request(before, "AppRole")).physical_id;
  handler_->Update(Request({{"AssumeRolePolicyDocument", Trust("lambda.amazonaws.com")},
                            {"Description", "new"},
                            {"MaxSessionDuration", 10800}},
                           "AppRole"),
                   name, before);
  const json::object role = Role(name);
  EXPECT_EQ(role.at("Description"), "new");
  EXPECT_EQ(role.at("MaxSessionDuration"), 10800);
  EXPECT_EQ(json::parse(Decoded(role.at("AssumeRolePolicyDocument"))),
            json::value(Trust("lambda.amazonaws.com")));
}

TEST_F(RoleResourceTest, UpdatePutsNewInlinePoliciesAndDeletesRemovedOnes) {
  const json::object before{
      {"AssumeRolePolicyDocument", Trust()},
      {"Policies", json::array{{{"PolicyName", "a"}, {"PolicyDocument", Allow("s3:*")}}}}};
  const std::string name = handler_->Create(Request(before, "AppRole")).physical_id;
  handler_->Update(
      Request(
          {{"AssumeRolePolicyDocument", Trust()},
           {"Policies", json::array{{{"PolicyName", "b"}, {"PolicyDocument", Allow("sqs:*")}}}}},
          "AppRole"),
      name, before);
  EXPECT_EQ(Iam("ListRolePolicies", {{"RoleName", name}}).at("PolicyNames"),
            json::value(json::array{"b"}));
}

TEST_F(RoleResourceTest, UpdateDetachesRemovedManagedPoliciesAndAttachesNewOnes) {
  const json::object before{
      {"AssumeRolePolicyDocument", Trust()},
      {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}};
  const std::string name = handler_->Create(Request(before, "AppRole")).physical_id;
  handler_->Update(
      Request({{"AssumeRolePolicyDocument", Trust()},
               {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/IAMFullAccess"}}},
              "AppRole"),
      name, before);
  const json::value attached =
      Iam("ListAttachedRolePolicies", {{"RoleName", name}}).at("AttachedPolicies");
  ASSERT_EQ(attached.as_array().size(), 1u);
  EXPECT_EQ(attached.at(0).at("PolicyName"), "IAMFullAccess");
}

TEST_F(RoleResourceTest, UpdateReplacesTheTags) {
  const json::object before{{"AssumeRolePolicyDocument", Trust()},
                            {"Tags", json::array{{{"Key", "old"}, {"Value", "1"}}}}};
  const std::string name = handler_->Create(Request(before, "AppRole")).physical_id;
  stack_tags_ = json::array{};
  handler_->Update(Request({{"AssumeRolePolicyDocument", Trust()},
                            {"Tags", json::array{{{"Key", "new"}, {"Value", "2"}}}}},
                           "AppRole"),
                   name, before);
  EXPECT_EQ(Iam("ListRoleTags", {{"RoleName", name}}).at("Tags"),
            json::parse(R"([{"Key":"new","Value":"2"}])"));
}

TEST_F(RoleResourceTest, DeleteRemovesPoliciesThenTheRole) {
  const std::string name =
      Create({{"Policies", json::array{{{"PolicyName", "a"}, {"PolicyDocument", Allow("s3:*")}}}},
              {"ManagedPolicyArns", json::array{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}});
  handler_->Delete(Request({}), name);
  EXPECT_EQ(ErrorOf([&] { Role(name); }), "NoSuchEntity");
}

TEST_F(RoleResourceTest, DeletingARoleThatIsGoneSucceeds) {
  EXPECT_NO_THROW(handler_->Delete(Request({}), "never-made"));
}

TEST_F(RoleResourceTest, AMissingTrustPolicyIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"RoleName", "x"}}),
            "Property validation failure: [The property {/AssumeRolePolicyDocument} is required]");
}

TEST_F(RoleResourceTest, AMaxSessionDurationBelowAnHourIsAPropertyValidationFailure) {
  EXPECT_NE(ValidationMessage({{"AssumeRolePolicyDocument", Trust()}, {"MaxSessionDuration", 60}}),
            "");
}

}  // namespace
}  // namespace nimbus::cloudformation
