#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"

namespace nimbus::cloudformation {
namespace {

using testing::Json;

class DynamicReferencesTest : public testing::EvaluationTest {
 protected:
  void SetUp() override { Load(R"({"Resources": {"A": {"Type": "AWS::SNS::Topic"}}})"); }
};

TEST_F(DynamicReferencesTest, SsmReferenceIsReplacedByTheValue) {
  ssm_["/app/db/host"] = "db.internal";
  EXPECT_EQ(Eval(R"({"Host": "jdbc://{{resolve:ssm:/app/db/host}}:5432"})"),
            Json(R"({"Host": "jdbc://db.internal:5432"})"));
}

TEST_F(DynamicReferencesTest, SsmReferenceWithAVersionReadsThatVersion) {
  ssm_["/app/db/host:2"] = "old.internal";
  EXPECT_EQ(Eval(R"("{{resolve:ssm:/app/db/host:2}}")"), Json(R"("old.internal")"));
}

TEST_F(DynamicReferencesTest, SsmSecureReferenceIsReadAsSecure) {
  ssm_["secure:/app/password:1"] = "s3cret";
  EXPECT_EQ(Eval(R"(["{{resolve:ssm-secure:/app/password:1}}"])"), Json(R"(["s3cret"])"));
}

TEST_F(DynamicReferencesTest, ReferenceBuiltByAFunctionIsResolvedToo) {
  ssm_["/teststack/name"] = "value";
  EXPECT_EQ(Eval(R"({"Fn::Sub": "{{resolve:ssm:/${AWS::StackName}/name}}"})"), Json(R"("value")"));
}

TEST_F(DynamicReferencesTest, ArnNameKeepsItsColons) {
  ssm_["arn:aws:ssm:us-east-1:123456789012:parameter/x"] = "v";
  EXPECT_EQ(Eval(R"("{{resolve:ssm:arn:aws:ssm:us-east-1:123456789012:parameter/x}}")"),
            Json(R"("v")"));
}

TEST_F(DynamicReferencesTest, MissingParameterCannotBeFound) {
  EXPECT_EQ(EvalError(R"("{{resolve:ssm:/xxxx/blueprintId}}")"),
            "ValidationError: Parameters: [ssm:/xxxx/blueprintId] cannot be found.");
}

TEST_F(DynamicReferencesTest, OtherServicesReferencesAreLeftAsTheyAre) {
  EXPECT_EQ(Eval(R"("{{resolve:secretsmanager:MySecret:SecretString:password}}")"),
            Json(R"("{{resolve:secretsmanager:MySecret:SecretString:password}}")"));
}

}  // namespace
}  // namespace nimbus::cloudformation
