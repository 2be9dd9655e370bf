// AWS::SSO::Assignment: SSO Admin completes creation and deletion asynchronously; the resource
// reports that and is polled.
#include "cloudformation/resources/sso_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class AssignmentResourceTest : public testing::SsoResourceTest {
 protected:
  AssignmentResourceTest() : SsoResourceTest("AWS::SSO::Assignment") {
    MakeInstance();
    user_ = MakeUser("alice");
    permission_set_ = MakePermissionSet("Admins");
  }
  json::object Props() {
    return {{"InstanceArn", instance_arn_}, {"TargetId", "111122223333"},
            {"TargetType", "AWS_ACCOUNT"},  {"PermissionSetArn", permission_set_},
            {"PrincipalType", "USER"},      {"PrincipalId", user_}};
  }
  size_t Assignments() {
    return Sso("ListAccountAssignments", {{"InstanceArn", instance_arn_},
                                          {"AccountId", "111122223333"},
                                          {"PermissionSetArn", permission_set_}})
        .at("AccountAssignments")
        .as_array()
        .size();
  }

  std::string user_;
  std::string permission_set_;
};

TEST_F(AssignmentResourceTest, CreateIsNotReadyUntilSsoAdminHasMadeTheAssignment) {
  const ResourceResult made = handler_->Create(Request(Props()));
  EXPECT_FALSE(made.ready);
  EXPECT_FALSE(handler_->Ready(Request({}), made.physical_id));
  Settle();
  EXPECT_TRUE(handler_->Ready(Request({}), made.physical_id));
  EXPECT_EQ(Assignments(), 1u);
}

TEST_F(AssignmentResourceTest, ThePhysicalIdAndRefJoinEveryFieldWithBars) {
  const ResourceResult made = handler_->Create(Request(Props()));
  const std::string expected =
      instance_arn_ + "|111122223333|AWS_ACCOUNT|" + permission_set_ + "|USER|" + user_;
  EXPECT_EQ(made.physical_id, expected);
  EXPECT_EQ(handler_->Ref(made.physical_id), json::value(expected));
}

TEST_F(AssignmentResourceTest, AnUnknownUserFailsTheResourceWithSsoAdminsReason) {
  json::object props = Props();
  props["PrincipalId"] = store_id_.substr(2) + "-00000000-0000-0000-0000-000000000000";
  const ResourceResult made = handler_->Create(Request(props));
  Settle();
  const core::AwsError error =
      test::ErrorOf([&] { handler_->Ready(Request({}), made.physical_id); });
  EXPECT_STREQ(error.what(), ("The user with id " + store_id_.substr(2) +
                              "-00000000-0000-0000-0000-000000000000 does not exist in identity "
                              "store " +
                              store_id_ + ".")
                                 .c_str());
}

TEST_F(AssignmentResourceTest, DeleteIsNotGoneUntilSsoAdminHasRemovedTheAssignment) {
  const ResourceResult made = handler_->Create(Request(Props()));
  Settle();
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_FALSE(handler_->Gone(Request({}), made.physical_id));
  Settle();
  EXPECT_TRUE(handler_->Gone(Request({}), made.physical_id));
  EXPECT_EQ(Assignments(), 0u);
}

TEST_F(AssignmentResourceTest, DeletingAnAssignmentThatIsGoneSucceeds) {
  const ResourceResult made = handler_->Create(Request(Props()));
  Settle();
  handler_->Delete(Request({}), made.physical_id);
  Settle();
  EXPECT_NO_THROW(handler_->Delete(Request({}), made.physical_id));
}

TEST_F(AssignmentResourceTest, TheTypeHasNoAttributes) {
  const ResourceResult made = handler_->Create(Request(Props()));
  EXPECT_FALSE(handler_->Attribute(Request({}), made.physical_id, "PrincipalId"));
}

TEST_F(AssignmentResourceTest, APrincipalTypeOutsideTheEnumIsAPropertyValidationFailure) {
  json::object props = Props();
  props["PrincipalType"] = "ROLE";
  EXPECT_EQ(ValidationMessage(props),
            "Property validation failure: [Value for property {/PrincipalType} does not match "
            "with the enum list [USER, GROUP]]");
}

TEST_F(AssignmentResourceTest, AMissingTargetIdIsAPropertyValidationFailure) {
  json::object props = Props();
  props.erase("TargetId");
  EXPECT_EQ(ValidationMessage(props),
            "Property validation failure: [The property {/TargetId} is required]");
}

TEST_F(AssignmentResourceTest, TheIdentifiersAreTheSixFields) {
  EXPECT_EQ(handler_->Identifiers(),
            (std::vector<std::string>{"InstanceArn", "TargetId", "TargetType", "PermissionSetArn",
                                      "PrincipalType", "PrincipalId"}));
}

}  // namespace
}  // namespace nimbus::cloudformation
