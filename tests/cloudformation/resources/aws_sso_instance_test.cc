// AWS::SSO::Instance: SSO Admin creates and deletes instances asynchronously; the resource
// reports that and is polled.
#include "cloudformation/resources/sso_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class InstanceResourceTest : public testing::SsoResourceTest {
 protected:
  InstanceResourceTest() : SsoResourceTest("AWS::SSO::Instance") {}
  json::object Described(std::string_view arn) {
    return Sso("DescribeInstance", {{"InstanceArn", arn}}).as_object();
  }
};

TEST_F(InstanceResourceTest, CreateIsNotReadyUntilTheInstanceIsActive) {
  const ResourceResult made = handler_->Create(Request({{"Name", "main"}}));
  EXPECT_FALSE(made.ready);
  EXPECT_FALSE(handler_->Ready(Request({}), made.physical_id));
  Settle();
  EXPECT_TRUE(handler_->Ready(Request({}), made.physical_id));
  EXPECT_EQ(Described(made.physical_id).at("Name"), "main");
}

TEST_F(InstanceResourceTest, ThePhysicalIdAndRefAreTheInstanceArn) {
  const ResourceResult made = handler_->Create(Request({}));
  EXPECT_EQ(made.physical_id.substr(0, 30), "arn:aws:sso:::instance/ssoins-");
  EXPECT_EQ(handler_->Ref(made.physical_id), json::value(made.physical_id));
}

TEST_F(InstanceResourceTest, AttributesAreReadFromSsoAdmin) {
  const ResourceResult made = handler_->Create(Request({}));
  Settle();
  const json::object described = Described(made.physical_id);
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "InstanceArn"),
            json::value(made.physical_id));
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "IdentityStoreId"),
            described.at("IdentityStoreId"));
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "OwnerAccountId"),
            json::value("111122223333"));
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "Status"), json::value("ACTIVE"));
  EXPECT_FALSE(handler_->Attribute(Request({}), made.physical_id, "Name"));
}

TEST_F(InstanceResourceTest, AFailedCreationFailsTheResourceWithTheStatusReason) {
  const ResourceResult made = handler_->Create(
      Request({{"Tags", {{{"Key", "nimbus:fail-create"}, {"Value", "no capacity"}}}}}));
  Settle();
  const core::AwsError error =
      test::ErrorOf([&] { handler_->Ready(Request({}), made.physical_id); });
  EXPECT_STREQ(error.what(), "no capacity");
}

TEST_F(InstanceResourceTest, ASecondInstanceFailsWithSsoAdminsConflict) {
  handler_->Create(Request({}));
  EXPECT_EQ(test::ErrorOf([&] { handler_->Create(Request({})); }).code(), "ConflictException");
}

TEST_F(InstanceResourceTest, UpdateRenamesAndRetags) {
  const ResourceResult made =
      handler_->Create(Request({{"Name", "a"}, {"Tags", {{{"Key", "k"}, {"Value", "1"}}}}}));
  Settle();
  handler_->Update(Request({{"Name", "b"}, {"Tags", {{{"Key", "j"}, {"Value", "2"}}}}}),
                   made.physical_id, {});
  EXPECT_EQ(Described(made.physical_id).at("Name"), "b");
  const json::value tags = Sso("ListTagsForResource", {{"InstanceArn", made.physical_id},
                                                       {"ResourceArn", made.physical_id}});
  EXPECT_EQ(tags.at("Tags").as_array().back(), json::parse(R"({"Key":"j","Value":"2"})"));
  EXPECT_EQ(tags.at("Tags").as_array().size(), 4u);
}

TEST_F(InstanceResourceTest, DeleteIsNotGoneUntilSsoAdminHasRemovedTheInstance) {
  const ResourceResult made = handler_->Create(Request({}));
  Settle();
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_FALSE(handler_->Gone(Request({}), made.physical_id));
  Settle();
  EXPECT_TRUE(handler_->Gone(Request({}), made.physical_id));
}

TEST_F(InstanceResourceTest, DeletingAnInstanceThatIsGoneSucceeds) {
  const ResourceResult made = handler_->Create(Request({}));
  Settle();
  handler_->Delete(Request({}), made.physical_id);
  Settle();
  EXPECT_NO_THROW(handler_->Delete(Request({}), made.physical_id));
}

TEST_F(InstanceResourceTest, NonArrayTagsAreAPropertyValidationFailure) {
  EXPECT_EQ(
      ValidationMessage({{"Tags", {{"k", "v"}}}}),
      "Property validation failure: [Value of property {/Tags} does not match type {JSONArray}]");
}

}  // namespace
}  // namespace nimbus::cloudformation
