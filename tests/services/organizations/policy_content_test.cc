#include "services/organizations/policy_content.h"

#include <gtest/gtest.h>

namespace nimbus::organizations {
namespace {

TEST(EffectivePolicyContentTest, AssignOfAChildReplacesTheParentsValue) {
  EXPECT_EQ(EffectivePolicyContent(
                {R"({"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}})",
                 R"({"services":{"default":{"opt_out_policy":{"@@assign":"optIn"}}}})"}),
            R"({"services":{"default":{"opt_out_policy":"optIn"}}})");
}

TEST(EffectivePolicyContentTest, RemoveTakesValuesOutOfAnInheritedList) {
  EXPECT_EQ(EffectivePolicyContent({R"({"tags":{"team":{"tag_value":{"@@assign":["a","b","c"]}}}})",
                                    R"({"tags":{"team":{"tag_value":{"@@remove":["b"]}}}})"}),
            R"({"tags":{"team":{"tag_value":["a","c"]}}})");
}

TEST(EffectivePolicyContentTest, AppendDoesNotRepeatAValue) {
  EXPECT_EQ(EffectivePolicyContent({R"({"tags":{"team":{"tag_value":{"@@assign":["a"]}}}})",
                                    R"({"tags":{"team":{"tag_value":{"@@append":["a","b"]}}}})"}),
            R"({"tags":{"team":{"tag_value":["a","b"]}}})");
}

TEST(EffectivePolicyContentTest, OperatorsAllowedForChildPoliciesDoNotAppear) {
  EXPECT_EQ(EffectivePolicyContent({R"({"tags":{"team":{"tag_key":{"@@assign":"Team",
                    "@@operators_allowed_for_child_policies":["@@none"]}}}})"}),
            R"({"tags":{"team":{"tag_key":"Team"}}})");
}

TEST(PolicyContentProblemTest, RcpNeedsThePrincipalStar) {
  EXPECT_TRUE(
      PolicyContentProblem("RESOURCE_CONTROL_POLICY",
                           R"({"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]})"));
  EXPECT_FALSE(PolicyContentProblem(
      "RESOURCE_CONTROL_POLICY",
      R"({"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]})"));
}

TEST(PolicyContentProblemTest, BackupPolicyStartsWithPlans) {
  EXPECT_TRUE(PolicyContentProblem("BACKUP_POLICY", R"({"tags":{}})"));
  EXPECT_FALSE(PolicyContentProblem("BACKUP_POLICY", R"({"plans":{}})"));
}

}  // namespace
}  // namespace nimbus::organizations
