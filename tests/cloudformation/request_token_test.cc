// ClientRequestToken: a retry answers as the first request did; a token already used for another
// operation on the same stack name is TokenAlreadyExistsException.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class RequestTokenTest : public testing::StackTest {};

constexpr std::string_view kFake = R"({"Resources": {"R": {"Type": "Test::Fake"}}})";

TEST_F(RequestTokenTest, CreateStackWithADeletedStacksTokenIsTokenAlreadyExists) {
  Create("app", kFake, {{"ClientRequestToken", "t1"}});
  Delete("app");
  const core::AwsError error = ErrorOf([&] {
    Start("app", kFake, {{"ClientRequestToken", "t1"}});
  });
  EXPECT_EQ(error.code(), "TokenAlreadyExistsException");
  EXPECT_EQ(std::string(error.what()),
            "The client request token t1 has already been used for this stack. Retry the request "
            "with a different client request token");
}

TEST_F(RequestTokenTest, TheSameTokenWithAnotherStackNameCreatesAnotherStack) {
  const std::string first = Create("app", kFake, {{"ClientRequestToken", "t1"}});
  const std::string second = Create("other", kFake, {{"ClientRequestToken", "t1"}});
  EXPECT_NE(first, second);
  EXPECT_EQ(Status("other"), "CREATE_COMPLETE");
}

TEST_F(RequestTokenTest, DeleteStackWithTheTokenOfTheCreationIsTokenAlreadyExists) {
  Create("app", kFake, {{"ClientRequestToken", "t1"}});
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteStack", {{"StackName", "app"}, {"ClientRequestToken", "t1"}});
            }).code(),
            "TokenAlreadyExistsException");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(RequestTokenTest, ARetriedDeleteStackWithItsTokenStartsNoSecondDeletion) {
  Create("one", R"({"Resources": {"R": {"Type": "Test::Fake"}},
    "Outputs": {"Out": {"Value": "v1", "Export": {"Name": "shared"}}}})");
  Create("two", R"({"Resources": {"R": {"Type": "Test::Fake",
    "Properties": {"Name": {"Fn::ImportValue": "shared"}}}}})");
  Delete("one", {{"ClientRequestToken", "d1"}});  // refused: its export is in use
  ASSERT_EQ(Status("one"), "CREATE_COMPLETE");
  const size_t events = Events("one").size();
  Delete("one", {{"ClientRequestToken", "d1"}});
  EXPECT_EQ(Events("one").size(), events);
  Delete("one", {{"ClientRequestToken", "d2"}});
  EXPECT_EQ(Events("one").size(), events + 2);  // DELETE_IN_PROGRESS, CREATE_COMPLETE again
}

constexpr std::string_view kFakeV2 =
    R"({"Resources": {"R": {"Type": "Test::Fake", "Properties": {"Name": "v2"}}}})";
constexpr std::string_view kFakeV3 =
    R"({"Resources": {"R": {"Type": "Test::Fake", "Properties": {"Name": "v3"}}}})";

TEST_F(RequestTokenTest, UpdateStackWithTheTokenOfTheCreationIsTokenAlreadyExists) {
  Create("app", kFake, {{"ClientRequestToken", "t1"}});
  const core::AwsError error = ErrorOf([&] {
    Call("UpdateStack",
         {{"StackName", "app"}, {"TemplateBody", kFakeV2}, {"ClientRequestToken", "t1"}});
  });
  EXPECT_EQ(error.code(), "TokenAlreadyExistsException");
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
}

TEST_F(RequestTokenTest, ARetriedUpdateStackAfterItCompletedStartsNoSecondUpdate) {
  Create("app", kFake);
  const json::object update{
      {"StackName", "app"}, {"TemplateBody", kFakeV2}, {"ClientRequestToken", "u1"}};
  const json::value first = Call("UpdateStack", update);
  rt_->RunDueTasks();
  ASSERT_EQ(Status("app"), "UPDATE_COMPLETE");
  const size_t events = Events("app").size();
  EXPECT_EQ(Call("UpdateStack", update), first);
  rt_->RunDueTasks();
  EXPECT_EQ(Events("app").size(), events);
}

TEST_F(RequestTokenTest, ATokenOfAnEarlierUpdateStartsNoUpdateAfterALaterOne) {
  Create("app", kFake);
  Call("UpdateStack",
       {{"StackName", "app"}, {"TemplateBody", kFakeV2}, {"ClientRequestToken", "u1"}});
  rt_->RunDueTasks();
  Call("UpdateStack",
       {{"StackName", "app"}, {"TemplateBody", kFakeV3}, {"ClientRequestToken", "u2"}});
  rt_->RunDueTasks();
  const size_t events = Events("app").size();
  Call("UpdateStack",
       {{"StackName", "app"}, {"TemplateBody", kFakeV2}, {"ClientRequestToken", "u1"}});
  rt_->RunDueTasks();
  EXPECT_EQ(Events("app").size(), events);
  EXPECT_EQ(Call("GetTemplate", {{"StackName", "app"}}).at("TemplateBody"), json::value(kFakeV3));
}

TEST_F(RequestTokenTest, DeleteStackWithTheTokenOfAnUpdateIsTokenAlreadyExists) {
  Create("app", kFake);
  Call("UpdateStack",
       {{"StackName", "app"}, {"TemplateBody", kFakeV2}, {"ClientRequestToken", "u1"}});
  rt_->RunDueTasks();
  EXPECT_EQ(ErrorOf([&] {
              Call("DeleteStack", {{"StackName", "app"}, {"ClientRequestToken", "u1"}});
            }).code(),
            "TokenAlreadyExistsException");
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
