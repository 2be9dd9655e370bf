// AWS::IdentityStore::Group: made, changed, read back and deleted through the Identity Store API.
#include "cloudformation/resources/sso_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class IdentityStoreGroupResourceTest : public testing::SsoResourceTest {
 protected:
  IdentityStoreGroupResourceTest() : SsoResourceTest("AWS::IdentityStore::Group") {
    MakeInstance();
  }
  std::string GroupIdOf(std::string_view physical_id) {
    return std::string(physical_id.substr(0, physical_id.find('|')));
  }
  json::object Describe(std::string_view physical_id) {
    return Identity("DescribeGroup",
                    {{"IdentityStoreId", store_id_}, {"GroupId", GroupIdOf(physical_id)}})
        .as_object();
  }
};

TEST_F(IdentityStoreGroupResourceTest, CreateMakesAGroupVisibleThroughIdentityStore) {
  const ResourceResult made = handler_->Create(Request(
      {{"IdentityStoreId", store_id_}, {"DisplayName", "admins"}, {"Description", "the admins"}}));
  EXPECT_TRUE(made.ready);
  const json::object group = Describe(made.physical_id);
  EXPECT_EQ(group.at("DisplayName"), "admins");
  EXPECT_EQ(group.at("Description"), "the admins");
}

TEST_F(IdentityStoreGroupResourceTest, ThePhysicalIdAndRefAreGroupIdBarIdentityStoreId) {
  const ResourceResult made =
      handler_->Create(Request({{"IdentityStoreId", store_id_}, {"DisplayName", "g"}}));
  const std::string group_id = GroupIdOf(made.physical_id);
  EXPECT_EQ(made.physical_id, group_id + "|" + store_id_);
  EXPECT_EQ(handler_->Ref(made.physical_id), json::value(group_id + "|" + store_id_));
}

TEST_F(IdentityStoreGroupResourceTest, GetAttGroupIdIsReadFromIdentityStore) {
  const ResourceResult made =
      handler_->Create(Request({{"IdentityStoreId", store_id_}, {"DisplayName", "g"}}));
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "GroupId"),
            json::value(GroupIdOf(made.physical_id)));
  EXPECT_FALSE(handler_->Attribute(Request({}), made.physical_id, "Arn"));
}

TEST_F(IdentityStoreGroupResourceTest, ATakenDisplayNameFailsWithIdentityStoresConflict) {
  MakeGroup("taken");
  const core::AwsError error = test::ErrorOf([&] {
    handler_->Create(Request({{"IdentityStoreId", store_id_}, {"DisplayName", "taken"}}));
  });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_STREQ(error.what(), "Duplicate GroupDisplayName");
}

TEST_F(IdentityStoreGroupResourceTest, UpdateChangesTheNameAndRemovesTheDescription) {
  const ResourceResult made = handler_->Create(
      Request({{"IdentityStoreId", store_id_}, {"DisplayName", "old"}, {"Description", "d"}}));
  handler_->Update(Request({{"IdentityStoreId", store_id_}, {"DisplayName", "new"}}),
                   made.physical_id,
                   {{"IdentityStoreId", store_id_}, {"DisplayName", "old"}, {"Description", "d"}});
  const json::object group = Describe(made.physical_id);
  EXPECT_EQ(group.at("DisplayName"), "new");
  EXPECT_FALSE(group.contains("Description"));
}

TEST_F(IdentityStoreGroupResourceTest, DeleteRemovesTheGroup) {
  const ResourceResult made =
      handler_->Create(Request({{"IdentityStoreId", store_id_}, {"DisplayName", "g"}}));
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_EQ(test::ErrorOf([&] { Describe(made.physical_id); }).code(), "ResourceNotFoundException");
}

TEST_F(IdentityStoreGroupResourceTest, DeletingAGroupThatIsGoneSucceeds) {
  const ResourceResult made =
      handler_->Create(Request({{"IdentityStoreId", store_id_}, {"DisplayName", "g"}}));
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_NO_THROW(handler_->Delete(Request({}), made.physical_id));
}

TEST_F(IdentityStoreGroupResourceTest, AMissingDisplayNameIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"IdentityStoreId", store_id_}}),
            "Property validation failure: [The property {/DisplayName} is required]");
}

TEST_F(IdentityStoreGroupResourceTest, AnUnknownPropertyIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"IdentityStoreId", store_id_}, {"DisplayName", "g"}, {"X", 1}}),
            "Property validation failure: [Encountered unsupported properties in {/}: [X]]");
}

TEST_F(IdentityStoreGroupResourceTest, TheIdentifiersAreGroupIdAndIdentityStoreId) {
  EXPECT_EQ(handler_->Identifiers(), (std::vector<std::string>{"GroupId", "IdentityStoreId"}));
}

}  // namespace
}  // namespace nimbus::cloudformation
