// AWS::CDK::Metadata: CloudFormation's own record of CDK analytics; nothing is created.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class CdkMetadataResourceTest : public testing::NativeResourceTest {
 protected:
  CdkMetadataResourceTest() : NativeResourceTest("AWS::CDK::Metadata") {}
};

TEST_F(CdkMetadataResourceTest, ThePhysicalIdIsTheIdPartOfTheStackId) {
  const ResourceResult result =
      handler_->Create(Request({{"Analytics", "v2:deflate64:H4sIAAAAAAAA"}}, "CDKMetadata"));
  EXPECT_EQ(result.physical_id, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  EXPECT_TRUE(result.ready);
}

TEST_F(CdkMetadataResourceTest, AnyPropertiesAreAccepted) {
  EXPECT_EQ(ValidationMessage({{"Modules", "aws-cdk=1.0.0"}, {"Analytics", "v2"}}), "");
}

TEST_F(CdkMetadataResourceTest, ItHasNoAttributes) {
  EXPECT_FALSE(handler_->Attribute(Request({}), "id", "Analytics"));
}

}  // namespace
}  // namespace nimbus::cloudformation
