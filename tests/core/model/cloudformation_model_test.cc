// The embedded CloudFormation model is botocore 1.43.67's (models/VERSION), newer than the rest:
// issue 10 needs DeploymentConfig, which older releases do not have.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/model.h"

namespace nimbus::core::model {
namespace {

class CloudFormationModelTest : public ::testing::TestWithParam<std::string> {
 protected:
  const MemberRef* DeploymentConfigOf(const std::string& input_shape) {
    const Shape* input = registry_.Get("cloudformation").FindShape(input_shape);
    return input == nullptr ? nullptr : input->FindMember("DeploymentConfig");
  }

  ModelRegistry registry_;
};

TEST_P(CloudFormationModelTest, InputHasDeploymentConfig) {
  const MemberRef* member = DeploymentConfigOf(GetParam());
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->shape->name, "DeploymentConfig");
  EXPECT_EQ(member->shape->type, ShapeType::kStructure);
}

INSTANTIATE_TEST_SUITE_P(Operations, CloudFormationModelTest,
                         ::testing::Values("CreateStackInput", "UpdateStackInput",
                                           "CreateChangeSetInput"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

TEST(CloudFormationModelDeploymentConfigTest, ModeIsStandardOrExpress) {
  ModelRegistry registry;
  const Shape* config = registry.Get("cloudformation").FindShape("DeploymentConfig");
  ASSERT_NE(config, nullptr);
  const MemberRef* mode = config->FindMember("Mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->shape->enum_values, (std::vector<std::string>{"STANDARD", "EXPRESS"}));
}

TEST(CloudFormationModelDeploymentConfigTest, DisableRollbackIsABoolean) {
  ModelRegistry registry;
  const Shape* config = registry.Get("cloudformation").FindShape("DeploymentConfig");
  ASSERT_NE(config, nullptr);
  const MemberRef* disable_rollback = config->FindMember("DisableRollback");
  ASSERT_NE(disable_rollback, nullptr);
  EXPECT_EQ(disable_rollback->shape->type, ShapeType::kBoolean);
}

TEST(ModelRegistryVersionTest, BotocoreVersionIsTheReleaseOfMostModels) {
  EXPECT_EQ(ModelRegistry::BotocoreVersion(), "1.43.11");
}

}  // namespace
}  // namespace nimbus::core::model
