// AWS::Organizations::Account: created asynchronously through the Organizations API (polled
// until DescribeCreateAccountStatus says SUCCEEDED), moved under ParentIds, read back.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"
#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class AccountResourceTest : public testing::NativeResourceTest {
 protected:
  AccountResourceTest() : NativeResourceTest("AWS::Organizations::Account") {
    Call("organizations", "CreateOrganization");
    root_ = std::string(Call("organizations", "ListRoots").at("Roots").at(0).at("Id").as_string());
  }

  json::object Props(std::string_view email) { return {{"AccountName", "Dev"}, {"Email", email}}; }
  // Create, then the scheduler until Organizations has answered; the account's id.
  std::string CreateAccount(const json::object& props) {
    const ResourceResult result = handler_->Create(Request(props, "Account"));
    rt_.RunDueTasks();
    EXPECT_TRUE(handler_->Ready(Request(props, "Account"), result.physical_id));
    return handler_->ReadyPhysicalId(Request(props, "Account"), result.physical_id);
  }
  std::string ParentOf(const std::string& account_id) {
    return std::string(Call("organizations", "ListParents", {{"ChildId", account_id}})
                           .at("Parents")
                           .at(0)
                           .at("Id")
                           .as_string());
  }

  std::string root_;
};

TEST_F(AccountResourceTest, CreateStartsARequestThatIsNotReadyAtOnce) {
  const ResourceResult result = handler_->Create(Request(Props("dev@example.com")));
  EXPECT_FALSE(result.ready);
  EXPECT_EQ(result.physical_id.substr(0, 4), "car-");
  EXPECT_FALSE(handler_->Ready(Request(Props("dev@example.com")), result.physical_id));
}

TEST_F(AccountResourceTest, OnceOrganizationsHasMadeItTheAccountIdIsThePhysicalId) {
  const std::string id = CreateAccount(Props("dev@example.com"));
  ASSERT_EQ(id.size(), 12u);
  EXPECT_EQ(Call("organizations", "DescribeAccount", {{"AccountId", id}}).at("Account").at("Email"),
            "dev@example.com");
  EXPECT_EQ(handler_->Ref(id), json::value(id));
}

TEST_F(AccountResourceTest, WithoutParentIdsTheAccountIsInTheRoot) {
  EXPECT_EQ(ParentOf(CreateAccount(Props("root@example.com"))), root_);
}

TEST_F(AccountResourceTest, ParentIdsMovesTheAccountUnderThatOu) {
  const std::string ou(
      Call("organizations", "CreateOrganizationalUnit", {{"ParentId", root_}, {"Name", "Dev"}})
          .at("OrganizationalUnit")
          .at("Id")
          .as_string());
  json::object props = Props("ou@example.com");
  props["ParentIds"] = json::array{json::value(ou)};
  EXPECT_EQ(ParentOf(CreateAccount(props)), ou);
}

TEST_F(AccountResourceTest, ATakenEmailFailsTheResourceWithTheRequestsReason) {
  CreateAccount(Props("twice@example.com"));
  const ResourceResult second = handler_->Create(Request(Props("twice@example.com")));
  rt_.RunDueTasks();
  EXPECT_STREQ(test::ErrorOf([&] {
                 handler_->Ready(Request(Props("twice@example.com")), second.physical_id);
               }).what(),
               ("Account creation failed with reason [EMAIL_ALREADY_EXISTS] for request id: " +
                second.physical_id)
                   .c_str());
}

TEST_F(AccountResourceTest, TagsAreTheStacksTheResourcesAndCloudFormations) {
  json::object props = Props("tags@example.com");
  props["Tags"] = json::array{json::object{{"Key", "cost"}, {"Value", "42"}}};
  const std::string id = CreateAccount(props);
  const json::value tags = Call("organizations", "ListTagsForResource", {{"ResourceId", id}});
  EXPECT_EQ(tags.at("Tags").as_array().size(), 5u);
  EXPECT_EQ(tags.at("Tags").at(3), json::parse(R"({"Key":"cost","Value":"42"})"));
}

TEST_F(AccountResourceTest, AttributesAreReadFromOrganizations) {
  const std::string id = CreateAccount(Props("attrs@example.com"));
  const json::object account =
      Call("organizations", "DescribeAccount", {{"AccountId", id}}).at("Account").as_object();
  EXPECT_EQ(handler_->Attribute(Request({}), id, "AccountId"), json::value(id));
  EXPECT_EQ(handler_->Attribute(Request({}), id, "Arn"), account.at("Arn"));
  EXPECT_EQ(handler_->Attribute(Request({}), id, "Status"), json::value("ACTIVE"));
  EXPECT_EQ(handler_->Attribute(Request({}), id, "JoinedMethod"), json::value("CREATED"));
  EXPECT_EQ(handler_->Attribute(Request({}), id, "JoinedTimestamp"),
            json::value(core::FormatIso8601(rt_.clock.NowMillis())));
}

TEST_F(AccountResourceTest, UpdateMovesTheAccountToTheNewParent) {
  const std::string id = CreateAccount(Props("move@example.com"));
  const std::string ou(
      Call("organizations", "CreateOrganizationalUnit", {{"ParentId", root_}, {"Name", "Later"}})
          .at("OrganizationalUnit")
          .at("Id")
          .as_string());
  json::object props = Props("move@example.com");
  props["ParentIds"] = json::array{json::value(ou)};
  handler_->Update(Request(props), id, Props("move@example.com"));
  EXPECT_EQ(ParentOf(id), ou);
}

TEST_F(AccountResourceTest, UpdateOfTheEmailIsAnInvalidRequest) {
  const std::string id = CreateAccount(Props("fixed@example.com"));
  EXPECT_STREQ(test::ErrorOf([&] {
                 handler_->Update(Request(Props("other@example.com")), id,
                                  Props("fixed@example.com"));
               }).what(),
               "Invalid request provided: You cannot update the Email property of an "
               "AWS::Organizations::Account resource.");
}

TEST_F(AccountResourceTest, TheDefaultDeletionPolicyIsRetain) {
  EXPECT_EQ(handler_->DefaultDeletionPolicy(Props("kept@example.com")), "Retain");
}

TEST_F(AccountResourceTest, DeleteClosesTheAccount) {
  const std::string id = CreateAccount(Props("closed@example.com"));
  handler_->Delete(Request({}), id);
  EXPECT_EQ(
      Call("organizations", "DescribeAccount", {{"AccountId", id}}).at("Account").at("Status"),
      "PENDING_CLOSURE");
}

TEST_F(AccountResourceTest, AnInvalidEmailIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"AccountName", "Dev"}, {"Email", "not-an-address"}}),
            "Property validation failure: [Value for property {/Email} does not match pattern "
            "{[^\\s@]+@[^\\s@]+\\.[^\\s@]+}]");
}

// The same, as a stack's resource: the deployer polls the request and keeps the account's id.
class AccountInAStackTest : public testing::StackTest {
 protected:
  AccountInAStackTest() { rt_->Call(ctx_, "organizations", "CreateOrganization"); }
};

TEST_F(AccountInAStackTest, RefOfTheAccountIsTheIdOrganizationsGaveIt) {
  Create("org", R"({"Resources": {"Dev": {"Type": "AWS::Organizations::Account",
    "Properties": {"AccountName": "Dev", "Email": "dev@example.com"}}},
    "Outputs": {"Id": {"Value": {"Ref": "Dev"}}}})");
  for (int poll = 0; poll < 10 && Status("org") == "CREATE_IN_PROGRESS"; ++poll) {
    rt_->clock.Advance(1000);
    rt_->RunDueTasks();
  }
  ASSERT_EQ(Status("org"), "CREATE_COMPLETE");
  const std::string id(Stack("org").at("Outputs").at(0).at("OutputValue").as_string());
  EXPECT_EQ(rt_->Call(ctx_, "organizations", "DescribeAccount", {{"AccountId", id}})
                .at("Account")
                .at("Name"),
            "Dev");
  const json::value resource =
      Call("DescribeStackResource", {{"StackName", "org"}, {"LogicalResourceId", "Dev"}});
  EXPECT_EQ(resource.at("StackResourceDetail").at("PhysicalResourceId"), json::value(id));
}

constexpr std::string_view kAccount = R"({"Resources": {"Dev": {"Type":
  "AWS::Organizations::Account", "Properties": {"AccountName": "Dev", "Email": "dev@example.com"}}}})";

TEST_F(AccountInAStackTest, DeletingTheStackSkipsTheAccountByDefault) {
  const std::string id = Create("org", kAccount);
  for (int poll = 0; poll < 10 && Status("org") == "CREATE_IN_PROGRESS"; ++poll) {
    rt_->clock.Advance(1000);
    rt_->RunDueTasks();
  }
  ASSERT_EQ(Status("org"), "CREATE_COMPLETE");
  Delete("org");
  const std::vector<std::string> events = Events(id);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[events.size() - 2], "Dev DELETE_SKIPPED");
  EXPECT_EQ(events.back(), "org DELETE_COMPLETE");
}

TEST_F(AccountInAStackTest, DeletionPolicyDeleteClosesTheAccount) {
  std::string body(kAccount);
  body.insert(body.find("\"Properties\""), R"("DeletionPolicy": "Delete", )");
  const std::string id = Create("org", body);
  for (int poll = 0; poll < 10 && Status("org") == "CREATE_IN_PROGRESS"; ++poll) {
    rt_->clock.Advance(1000);
    rt_->RunDueTasks();
  }
  ASSERT_EQ(Status("org"), "CREATE_COMPLETE");
  const json::value account =
      Call("DescribeStackResource", {{"StackName", "org"}, {"LogicalResourceId", "Dev"}})
          .at("StackResourceDetail")
          .at("PhysicalResourceId");
  Delete("org");
  EXPECT_EQ(Events(id).back(), "org DELETE_COMPLETE");
  EXPECT_EQ(rt_->Call(ctx_, "organizations", "DescribeAccount", {{"AccountId", account}})
                .at("Account")
                .at("Status"),
            "SUSPENDED");  // the closure's scheduler step ran with the stack's deletion
}

}  // namespace
}  // namespace nimbus::cloudformation
