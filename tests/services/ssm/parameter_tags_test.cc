// SSM tagging operations on parameters and managed nodes.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::Json;

class ParameterTagsTest : public testing::ParameterTest {
 protected:
  // A hybrid node registered through an activation of the caller; returns its id (mi-...).
  std::string RegisterNode() {
    const json::value activation =
        Call("CreateActivation", {{"IamRole", "SSMServiceRole"}, {"RegistrationLimit", 1}});
    return std::string(
        Call("RegisterManagedInstance", {{"ActivationId", activation.at("ActivationId")},
                                         {"ActivationCode", activation.at("ActivationCode")}})
            .at("InstanceId")
            .as_string());
  }
};

TEST_F(ParameterTagsTest, TagsCanBeAddedListedAndRemoved) {
  Put(R"({"Name":"/tg","Value":"v","Type":"String","Tags":[{"Key":"a","Value":"1"}]})");
  Call(
      "AddTagsToResource",
      Json(
          R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"b","Value":"2"},{"Key":"a","Value":"3"}]})"));
  json::value list =
      Call("ListTagsForResource", Json(R"({"ResourceType":"Parameter","ResourceId":"/tg"})"));
  EXPECT_EQ(list.at("TagList").as_array(),
            json::array({json::object{{"Key", "a"}, {"Value", "3"}},
                         json::object{{"Key", "b"}, {"Value", "2"}}}));
  Call("RemoveTagsFromResource",
       Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","TagKeys":["a"]})"));
  list = Call("ListTagsForResource", Json(R"({"ResourceType":"Parameter","ResourceId":"/tg"})"));
  EXPECT_EQ(list.at("TagList").as_array(),
            json::array({json::object{{"Key", "b"}, {"Value", "2"}}}));
}

TEST_F(ParameterTagsTest, TaggingAnUnknownParameterIsInvalidResourceId) {
  EXPECT_EQ(
      ErrorOf([&] {
        Call(
            "AddTagsToResource",
            Json(
                R"({"ResourceType":"Parameter","ResourceId":"/none","Tags":[{"Key":"a","Value":"1"}]})"));
      }),
      "InvalidResourceId");
}

TEST_F(ParameterTagsTest, TaggingAResourceTypeNimbusDoesNotHaveIsInvalidResourceType) {
  EXPECT_EQ(ErrorOf([&] {
              Call("ListTagsForResource",
                   Json(R"({"ResourceType":"OpsItem","ResourceId":"oi-0123456789ab"})"));
            }),
            "InvalidResourceType");
}

TEST_F(ParameterTagsTest, ARegisteredManagedNodeCanBeTagged) {
  const std::string id = RegisterNode();
  Call("AddTagsToResource",
       {{"ResourceType", "ManagedInstance"},
        {"ResourceId", id},
        {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}}});
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceType", "ManagedInstance"}, {"ResourceId", id}})
                .at("TagList"),
            (json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}));
}

TEST_F(ParameterTagsTest, AManagedNodeOfAnotherRegionIsInvalidResourceId) {
  const std::string id = RegisterNode();
  ctx_ = Alice("111122223333", "eu-west-1");
  EXPECT_EQ(
      ErrorOf([&] {
        Call("ListTagsForResource", {{"ResourceType", "ManagedInstance"}, {"ResourceId", id}});
      }),
      "InvalidResourceId");
}

TEST_F(ParameterTagsTest, AnUnknownManagedNodeIsInvalidResourceId) {
  EXPECT_EQ(
      ErrorOf([&] {
        Call("ListTagsForResource",
             Json(R"({"ResourceType":"ManagedInstance","ResourceId":"mi-00000000000000000"})"));
      }),
      "InvalidResourceId");
}

TEST_F(ParameterTagsTest, AResourceHoldsAtMostFiftyTags) {
  Put(R"({"Name":"/tg","Value":"v","Type":"String"})");
  std::string tags;
  for (int i = 0; i < 50; ++i) {
    tags += std::string(i ? "," : "") + R"({"Key":"k)" + std::to_string(i) + R"(","Value":"v"})";
  }
  Call("AddTagsToResource",
       Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[)" + tags + "]}"));
  EXPECT_EQ(
      ErrorOf([&] {
        Call(
            "AddTagsToResource",
            Json(
                R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"one-more","Value":"v"}]})"));
      }),
      "TooManyTagsError");
  // Overwriting an existing key is not a new tag.
  EXPECT_EQ(
      ErrorOf([&] {
        Call(
            "AddTagsToResource",
            Json(
                R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"k0","Value":"w"}]})"));
      }),
      "");
  EXPECT_EQ(
      ErrorOf([&] {
        Call(
            "AddTagsToResource",
            Json(
                R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"aws:x","Value":"w"}]})"));
      }),
      "ValidationException");
}

TEST_F(ParameterTagsTest, ACallViaCloudFormationMayWriteCloudFormationTags) {
  ctx_.caller.called_via = "cloudformation.amazonaws.com";
  Put(R"({"Name":"/cfn","Value":"v","Type":"String","Tags":[{"Key":"aws:cloudformation:stack-name","Value":"s"}]})");
  const json::value list =
      Call("ListTagsForResource", Json(R"({"ResourceType":"Parameter","ResourceId":"/cfn"})"));
  EXPECT_EQ(list.at("TagList").as_array(),
            json::array({json::object{{"Key", "aws:cloudformation:stack-name"}, {"Value", "s"}}}));
}

TEST_F(ParameterTagsTest, AClientMayNotWriteCloudFormationTags) {
  EXPECT_EQ(
      ErrorOf([&] {
        Put(R"({"Name":"/cfn","Value":"v","Type":"String","Tags":[{"Key":"aws:cloudformation:stack-name","Value":"s"}]})");
      }),
      "ValidationException");
}

TEST_F(ParameterTagsTest, ACallViaCloudFormationMayNotWriteOtherReservedTags) {
  ctx_.caller.called_via = "cloudformation.amazonaws.com";
  EXPECT_EQ(
      ErrorOf([&] {
        Put(R"({"Name":"/cfn","Value":"v","Type":"String","Tags":[{"Key":"aws:other","Value":"s"}]})");
      }),
      "ValidationException");
}

}  // namespace
}  // namespace nimbus::ssm
