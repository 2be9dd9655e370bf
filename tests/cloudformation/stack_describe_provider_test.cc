// DescribeStackEvents and the stack resource operations, with AWS's messages for what is missing.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class StackDescribeTest : public testing::StackTest {};

constexpr std::string_view kTwo = R"({"Resources": {
  "A": {"Type": "AWS::SSM::Parameter", "Metadata": {"Owner": "ops"},
        "Properties": {"Name": "/d/a", "Type": "String", "Value": "a"}},
  "B": {"Type": "Test::Fake", "DependsOn": "A"}}})";

TEST_F(StackDescribeTest, DescribeStackEventsOfAnUnknownStackIsAValidationError) {
  const core::AwsError error = ErrorOf([&] {
    Call("DescribeStackEvents", {{"StackName", "does-not-exist"}});
  });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "Stack [does-not-exist] does not exist");
}

TEST_F(StackDescribeTest, DescribeStackEventsPagesByAHundred) {
  std::string resources;
  for (int i = 0; i < 40; ++i) {
    resources +=
        std::string(i ? "," : "") + "\"R" + std::to_string(i) + R"(": {"Type": "Test::Fake"})";
  }
  Create("app", R"({"Resources": {)" + resources + "}}");  // 2 + 40 * 3 events
  const json::value first = Call("DescribeStackEvents", {{"StackName", "app"}});
  EXPECT_EQ(first.at("StackEvents").as_array().size(), 100u);
  const json::value second =
      Call("DescribeStackEvents", {{"StackName", "app"}, {"NextToken", first.at("NextToken")}});
  ASSERT_EQ(second.at("StackEvents").as_array().size(), 22u);
  EXPECT_EQ(second.at("StackEvents").as_array().back().at("ResourceStatusReason"),
            "User Initiated");
}

TEST_F(StackDescribeTest, DescribeStackResourceAnswersTheDetailWithItsMetadata) {
  const std::string id = Create("app", kTwo);
  const json::object detail =
      Call("DescribeStackResource", {{"StackName", "app"}, {"LogicalResourceId", "A"}})
          .at("StackResourceDetail")
          .as_object();
  json::object expected = json::parse(R"({"StackName": "app", "LogicalResourceId": "A",
    "PhysicalResourceId": "/d/a", "ResourceType": "AWS::SSM::Parameter",
    "ResourceStatus": "CREATE_COMPLETE", "Metadata": "{\"Owner\":\"ops\"}",
    "DriftInformation": {"StackResourceDriftStatus": "NOT_CHECKED"}})")
                              .as_object();
  expected["StackId"] = id;
  expected["LastUpdatedTimestamp"] = rt_->clock.NowSeconds();
  EXPECT_EQ(detail, expected);
}

TEST_F(StackDescribeTest, DescribeStackResourceOfAnUnknownResourceNamesTheStackAsGiven) {
  Create("app", kTwo);
  EXPECT_STREQ(ErrorOf([&] {
                 Call("DescribeStackResource", {{"StackName", "app"}, {"LogicalResourceId", "Z"}});
               }).what(),
               "Resource Z does not exist for stack app");
}

TEST_F(StackDescribeTest, DescribeStackResourceOfAnUnknownStackQuotesItsName) {
  EXPECT_STREQ(ErrorOf([&] {
                 Call("DescribeStackResource",
                      {{"StackName", "not-a-valid-stack"}, {"LogicalResourceId", "A"}});
               }).what(),
               "Stack 'not-a-valid-stack' does not exist");
}

TEST_F(StackDescribeTest, DescribeStackResourcesListsTheStacksResources) {
  Create("app", kTwo);
  const json::value out = Call("DescribeStackResources", {{"StackName", "app"}});
  ASSERT_EQ(out.at("StackResources").as_array().size(), 2u);
  EXPECT_EQ(out.at("StackResources").at(0).at("LogicalResourceId"), "A");
  EXPECT_EQ(out.at("StackResources").at(1).at("PhysicalResourceId"), "fake-B");
  EXPECT_EQ(out.at("StackResources").at(1).at("StackName"), "app");
}

TEST_F(StackDescribeTest, DescribeStackResourcesFindsTheStackOfAPhysicalId) {
  Create("app", kTwo);
  const json::value out = Call("DescribeStackResources", {{"PhysicalResourceId", "/d/a"}});
  ASSERT_EQ(out.at("StackResources").as_array().size(), 1u);
  EXPECT_EQ(out.at("StackResources").at(0).at("LogicalResourceId"), "A");
}

TEST_F(StackDescribeTest, DescribeStackResourcesKeepsOnlyTheLogicalIdAsked) {
  Create("app", kTwo);
  const json::value out =
      Call("DescribeStackResources", {{"StackName", "app"}, {"LogicalResourceId", "B"}});
  ASSERT_EQ(out.at("StackResources").as_array().size(), 1u);
  EXPECT_EQ(out.at("StackResources").at(0).at("ResourceType"), "Test::Fake");
}

TEST_F(StackDescribeTest, ListStackResourcesAnswersSummaries) {
  Create("app", kTwo);
  const json::value out = Call("ListStackResources", {{"StackName", "app"}});
  json::object expected = json::parse(R"({"LogicalResourceId": "B", "PhysicalResourceId": "fake-B",
    "ResourceType": "Test::Fake", "ResourceStatus": "CREATE_COMPLETE",
    "DriftInformation": {"StackResourceDriftStatus": "NOT_CHECKED"}})")
                              .as_object();
  expected["LastUpdatedTimestamp"] = rt_->clock.NowSeconds();
  EXPECT_EQ(out.at("StackResourceSummaries").at(1), expected);
}

TEST_F(StackDescribeTest, ListStackResourcesOfAnUnknownStackIsAValidationError) {
  EXPECT_STREQ(ErrorOf([&] {
                 Call("ListStackResources", {{"StackName", "nope"}});
               }).what(),
               "Stack with id nope does not exist");
}

TEST_F(StackDescribeTest, TheResourcesOfADeletedStackAreListedByItsId) {
  const std::string id = Create("app", kTwo);
  Delete("app");
  const json::value out = Call("ListStackResources", {{"StackName", id}});
  EXPECT_EQ(out.at("StackResourceSummaries").at(0).at("ResourceStatus"), "DELETE_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
