// What every resource handler gets from its request: generated names and CloudFormation's tags.
#include "cloudformation/resources/resource.h"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/registry.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class ResourceRequestTest : public ::testing::Test {
 protected:
  ResourceRequest Request(std::string_view stack_name, std::string_view logical_id) {
    return ResourceRequest{.ctx = ctx_,
                           .services = rt_.dispatcher,
                           .ids = rt_.ids,
                           .stack_name = stack_name,
                           .stack_id = "arn:aws:cloudformation:us-east-1:111122223333:stack/s/1",
                           .logical_id = logical_id,
                           .props = props_,
                           .stack_tags = tags_};
  }

  test::Runtime rt_;
  core::RequestContext ctx_ = test::Context();
  json::object props_;
  json::array tags_{json::object{{"Key", "team"}, {"Value", "blue"}}};
};

TEST_F(ResourceRequestTest, AGeneratedNameIsStackLogicalIdAndThirteenRandomCharacters) {
  const std::string name = Request("app", "Queue").GeneratedName();
  ASSERT_EQ(name.size(), 10u + 13u);
  EXPECT_EQ(name.substr(0, 10), "app-Queue-");
}

TEST_F(ResourceRequestTest, AGeneratedNameShortensTheStackNameFirst) {
  const std::string stack(60, 's');
  const std::string name = Request(stack, "UpdateConfigFunction").GeneratedName(64);
  EXPECT_EQ(name.size(), 64u);
  EXPECT_EQ(name.substr(0, 51), std::string(29, 's') + "-UpdateConfigFunction-");
}

TEST_F(ResourceRequestTest, AGeneratedNameShortensALongLogicalIdToHalfOfWhatIsLeft) {
  const std::string stack(60, 's');
  const std::string logical(60, 'L');
  const std::string name = Request(stack, logical).GeneratedName(64);
  EXPECT_EQ(name.size(), 64u);
  EXPECT_EQ(name.substr(0, 51), std::string(25, 's') + "-" + std::string(24, 'L') + "-");
}

TEST_F(ResourceRequestTest, TagsAreTheStacksThenCloudFormations) {
  EXPECT_EQ(Request("app", "Queue").Tags(), json::parse(R"([
      {"Key":"team","Value":"blue"},
      {"Key":"aws:cloudformation:stack-name","Value":"app"},
      {"Key":"aws:cloudformation:stack-id",
       "Value":"arn:aws:cloudformation:us-east-1:111122223333:stack/s/1"},
      {"Key":"aws:cloudformation:logical-id","Value":"Queue"}])"));
}

TEST(ResourceRegistryTest, ATypeWithoutHandlerIsNotFound) {
  const ResourceRegistry registry;
  EXPECT_EQ(registry.Find("AWS::SNS::Topic"), nullptr);
}

TEST(ResourceRegistryTest, TheFallbackServesTypesWithoutNativeHandler) {
  ResourceRegistry registry;
  Resource* native = registry.Find("AWS::SSM::Parameter");
  registry.SetFallback(
      [native](std::string_view type) { return type == "AWS::SNS::Topic" ? native : nullptr; });
  EXPECT_EQ(registry.Find("AWS::SNS::Topic"), native);
  EXPECT_EQ(registry.Find("AWS::SQS::Queue"), nullptr);
}

TEST(ResourceRegistryTest, TheReasonForATypeWithoutHandlerNamesIt) {
  EXPECT_EQ(UnsupportedTypeReason("AWS::SNS::Topic"),
            "Resource type AWS::SNS::Topic is not supported by nimbus yet: it has no handler for "
            "this type");
}

}  // namespace
}  // namespace nimbus::cloudformation
