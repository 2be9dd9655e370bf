// AWS::IdentityStore::GroupMembership: made, read back and deleted through the Identity Store API.
#include "cloudformation/resources/sso_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class GroupMembershipResourceTest : public testing::SsoResourceTest {
 protected:
  GroupMembershipResourceTest() : SsoResourceTest("AWS::IdentityStore::GroupMembership") {
    MakeInstance();
    user_ = MakeUser("alice");
    group_ = MakeGroup("admins");
  }
  json::object Props() {
    return {{"IdentityStoreId", store_id_}, {"GroupId", group_}, {"MemberId", {{"UserId", user_}}}};
  }
  std::string MembershipIdOf(std::string_view physical_id) {
    return std::string(physical_id.substr(0, physical_id.find('|')));
  }

  std::string user_;
  std::string group_;
};

TEST_F(GroupMembershipResourceTest, CreateMakesTheUserAMemberOfTheGroup) {
  const ResourceResult made = handler_->Create(Request(Props()));
  const json::value membership = Identity(
      "DescribeGroupMembership",
      {{"IdentityStoreId", store_id_}, {"MembershipId", MembershipIdOf(made.physical_id)}});
  EXPECT_EQ(membership.at("GroupId"), json::value(group_));
  EXPECT_EQ(membership.at("MemberId").at("UserId"), json::value(user_));
}

TEST_F(GroupMembershipResourceTest, ThePhysicalIdIsMembershipIdBarIdentityStoreId) {
  const ResourceResult made = handler_->Create(Request(Props()));
  EXPECT_EQ(made.physical_id, MembershipIdOf(made.physical_id) + "|" + store_id_);
  EXPECT_EQ(MembershipIdOf(made.physical_id).substr(0, 11), store_id_.substr(2) + "-");
}

TEST_F(GroupMembershipResourceTest, GetAttMembershipIdIsReadFromIdentityStore) {
  const ResourceResult made = handler_->Create(Request(Props()));
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "MembershipId"),
            json::value(MembershipIdOf(made.physical_id)));
}

TEST_F(GroupMembershipResourceTest, ASecondMembershipOfThePairFailsWithIdentityStoresConflict) {
  handler_->Create(Request(Props()));
  EXPECT_EQ(test::ErrorOf([&] { handler_->Create(Request(Props())); }).code(), "ConflictException");
}

TEST_F(GroupMembershipResourceTest, AnUnknownUserFailsWithIdentityStoresNotFound) {
  json::object props = Props();
  props["MemberId"] = {{"UserId", store_id_.substr(2) + "-00000000-0000-0000-0000-000000000000"}};
  EXPECT_EQ(test::ErrorOf([&] { handler_->Create(Request(props)); }).code(),
            "ResourceNotFoundException");
}

TEST_F(GroupMembershipResourceTest, DeleteEndsTheMembership) {
  const ResourceResult made = handler_->Create(Request(Props()));
  handler_->Delete(Request({}), made.physical_id);
  const json::value listed =
      Identity("ListGroupMemberships", {{"IdentityStoreId", store_id_}, {"GroupId", group_}});
  EXPECT_EQ(listed.at("GroupMemberships").as_array().size(), 0u);
}

TEST_F(GroupMembershipResourceTest, DeletingAMembershipThatIsGoneSucceeds) {
  const ResourceResult made = handler_->Create(Request(Props()));
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_NO_THROW(handler_->Delete(Request({}), made.physical_id));
}

TEST_F(GroupMembershipResourceTest, AMemberIdWithoutUserIdIsAPropertyValidationFailure) {
  json::object props = Props();
  props["MemberId"] = json::object();
  EXPECT_EQ(ValidationMessage(props),
            "Property validation failure: [The property {/MemberId/UserId} is required]");
}

TEST_F(GroupMembershipResourceTest, EveryMissingRequiredPropertyIsNamed) {
  EXPECT_EQ(ValidationMessage({}),
            "Property validation failure: [The property {/IdentityStoreId} is required, The "
            "property {/GroupId} is required, The property {/MemberId} is required]");
}

}  // namespace
}  // namespace nimbus::cloudformation
