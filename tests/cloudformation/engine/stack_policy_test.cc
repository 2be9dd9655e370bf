// Stack policies as pure functions: which update actions a policy allows on which resources.
#include "cloudformation/engine/stack_policy.h"

#include <string>

#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

constexpr std::string_view kDenyOne = R"({"Statement": [
  {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "Update:*", "Principal": "*", "Resource": "LogicalResourceId/Db"}]})";

TEST(StackPolicyTest, AnAllowForEverythingAllowsAModification) {
  EXPECT_EQ(StackPolicyDenial(kDenyOne, "Update:Modify", "Web", "AWS::SSM::Parameter"), "");
}

TEST(StackPolicyTest, ADenyForOneResourceWinsOverTheAllow) {
  EXPECT_EQ(StackPolicyDenial(kDenyOne, "Update:Modify", "Db", "AWS::SSM::Parameter"),
            "Action denied by stack policy: Statement [#2] does not allow [Update:Modify] for "
            "resource [LogicalResourceId/Db];");
}

TEST(StackPolicyTest, WithoutAnAllowEveryResourceIsProtected) {
  EXPECT_EQ(StackPolicyDenial(R"({"Statement": [{"Effect": "Deny", "Action": "Update:Delete",
                                  "Principal": "*", "Resource": "*"}]})",
                              "Update:Modify", "Web", "AWS::SSM::Parameter"),
            "Action not allowed by stack policy: No statement allows [Update:Modify] for "
            "resource [LogicalResourceId/Web];");
}

TEST(StackPolicyTest, AConditionOnResourceTypeLimitsADeny) {
  constexpr std::string_view kNoReplacingParameters = R"({"Statement": [
    {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": ["Update:Replace", "Update:Delete"], "Principal": "*",
     "Resource": "*", "Condition": {"StringLike": {"ResourceType": ["AWS::SSM::*"]}}}]})";
  EXPECT_NE(StackPolicyDenial(kNoReplacingParameters, "Update:Replace", "P", "AWS::SSM::Parameter"),
            "");
  EXPECT_EQ(StackPolicyDenial(kNoReplacingParameters, "Update:Replace", "K", "AWS::KMS::Key"), "");
  EXPECT_EQ(StackPolicyDenial(kNoReplacingParameters, "Update:Modify", "P", "AWS::SSM::Parameter"),
            "");
}

TEST(StackPolicyTest, NotResourceAllowsEverythingButTheNamedResource) {
  constexpr std::string_view kAllButDb = R"({"Statement": [{"Effect": "Allow",
    "Action": "Update:*", "Principal": "*", "NotResource": "LogicalResourceId/Db"}]})";
  EXPECT_EQ(StackPolicyDenial(kAllButDb, "Update:Modify", "Web", "T"), "");
  EXPECT_NE(StackPolicyDenial(kAllButDb, "Update:Modify", "Db", "T"), "");
}

TEST(StackPolicyTest, APolicyThatIsNotJsonIsInvalid) {
  const core::AwsError error = test::ErrorOf([] { CheckStackPolicy("not json"); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_STREQ(error.what(), "Error validating stack policy: Invalid stack policy");
}

TEST(StackPolicyTest, AnActionOutsideUpdateIsInvalid) {
  const core::AwsError error = test::ErrorOf([] {
    CheckStackPolicy(R"({"Statement": [{"Effect": "Allow", "Action": "Delete:*",
                         "Principal": "*", "Resource": "*"}]})");
  });
  EXPECT_STREQ(error.what(), "Error validating stack policy: Invalid stack policy");
}

TEST(StackPolicyTest, AValidPolicyPassesTheCheck) { EXPECT_NO_THROW(CheckStackPolicy(kDenyOne)); }

}  // namespace
}  // namespace nimbus::cloudformation
