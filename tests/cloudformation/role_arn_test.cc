// The stack's service role: CreateStack, UpdateStack, CreateChangeSet and DeleteStack refuse a
// RoleARN CloudFormation cannot assume with AWS's recorded ValidationError.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kFake = R"({"Resources": {"R": {"Type": "Test::Fake"}}})";
constexpr std::string_view kOther = R"({"Resources": {"S": {"Type": "Test::Fake"}}})";
constexpr std::string_view kCfnRole = "arn:aws:iam::111122223333:role/cfn-service";

class RoleArnTest : public testing::StackTest {
 protected:
  // A role IAM has, trusting `service`.
  void MakeRole(std::string_view name, std::string_view service = "cloudformation.amazonaws.com") {
    const json::object trust{
        {"Version", "2012-10-17"},
        {"Statement", json::array{json::object{{"Effect", "Allow"},
                                               {"Principal", {{"Service", service}}},
                                               {"Action", "sts:AssumeRole"}}}}};
    rt_->Call(ctx_, "iam", "CreateRole",
              {{"RoleName", name}, {"AssumeRolePolicyDocument", json::serialize(trust)}});
  }
  std::pair<std::string, std::string> ErrorPair(const std::function<void()>& fn) {
    const core::AwsError error = ErrorOf(fn);
    return {error.code(), error.what()};
  }
  static std::pair<std::string, std::string> Refused(std::string_view arn) {
    return {"ValidationError", "Role " + std::string(arn) + " is invalid or cannot be assumed"};
  }
};

TEST_F(RoleArnTest, CreateStackWithARoleIamDoesNotHaveIsRefused) {
  const std::string arn = "arn:aws:iam::111122223333:role/role-fb405076";
  EXPECT_EQ(ErrorPair([&] { Start("app", kFake, {{"RoleARN", arn}}); }), Refused(arn));
}

TEST_F(RoleArnTest, ARefusedCreateStackLeavesNoStack) {
  const std::string arn = "arn:aws:iam::111122223333:role/missing";
  ErrorOf([&] { Start("app", kFake, {{"RoleARN", arn}}); });
  EXPECT_EQ(ErrorOf([&] { Stack("app"); }).code(), "ValidationError");
}

TEST_F(RoleArnTest, CreateStackWithARoleThatTrustsCloudFormationIsAccepted) {
  MakeRole("cfn-service");
  Create("app", kFake, {{"RoleARN", kCfnRole}});
  EXPECT_EQ(Stack("app").at("StackStatus"), "CREATE_COMPLETE");
  EXPECT_EQ(Stack("app").at("RoleARN"), json::value(kCfnRole));
}

TEST_F(RoleArnTest, ARoleThatDoesNotTrustCloudFormationCannotBeAssumed) {
  MakeRole("cfn-service", "ec2.amazonaws.com");
  EXPECT_EQ(ErrorPair([&] { Start("app", kFake, {{"RoleARN", kCfnRole}}); }), Refused(kCfnRole));
}

TEST_F(RoleArnTest, ARoleArnWithAnotherPathThanTheRolesIsRefused) {
  MakeRole("cfn-service");
  const std::string arn = "arn:aws:iam::111122223333:role/other/cfn-service";
  EXPECT_EQ(ErrorPair([&] { Start("app", kFake, {{"RoleARN", arn}}); }), Refused(arn));
}

TEST_F(RoleArnTest, AnArnThatIsNoRoleArnIsRefused) {
  const std::string arn = "arn:aws:iam::111122223333:user/cfn-service";
  EXPECT_EQ(ErrorPair([&] { Start("app", kFake, {{"RoleARN", arn}}); }), Refused(arn));
}

TEST_F(RoleArnTest, ATextThatIsNoArnIsRefused) {
  const std::string text = "not-an-arn-but-long-enough";
  EXPECT_EQ(ErrorPair([&] { Start("app", kFake, {{"RoleARN", text}}); }), Refused(text));
}

TEST_F(RoleArnTest, UpdateStackWithARoleIamDoesNotHaveIsRefused) {
  Create("app", kFake);
  const std::string arn = "arn:aws:iam::111122223333:role/missing";
  EXPECT_EQ(
      ErrorPair([&] {
        Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", kOther}, {"RoleARN", arn}});
      }),
      Refused(arn));
}

TEST_F(RoleArnTest, UpdateStackChecksTheRoleTheStackKeeps) {
  MakeRole("cfn-service");
  Create("app", kFake, {{"RoleARN", kCfnRole}});
  rt_->Call(ctx_, "iam", "DeleteRole", {{"RoleName", "cfn-service"}});
  EXPECT_EQ(ErrorPair([&] {
              Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", kOther}});
            }),
            Refused(kCfnRole));
}

TEST_F(RoleArnTest, CreateChangeSetWithARoleIamDoesNotHaveIsRefused) {
  const std::string arn = "arn:aws:iam::111122223333:role/missing";
  EXPECT_EQ(ErrorPair([&] {
              Call("CreateChangeSet", {{"StackName", "app"},
                                       {"ChangeSetName", "cs"},
                                       {"ChangeSetType", "CREATE"},
                                       {"TemplateBody", kFake},
                                       {"RoleARN", arn}});
            }),
            Refused(arn));
}

TEST_F(RoleArnTest, DeleteStackWhoseRoleIsGoneIsRefusedAndKeepsTheStack) {
  MakeRole("cfn-service");
  Create("app", kFake, {{"RoleARN", kCfnRole}});
  rt_->Call(ctx_, "iam", "DeleteRole", {{"RoleName", "cfn-service"}});
  EXPECT_EQ(ErrorPair([&] { Call("DeleteStack", {{"StackName", "app"}}); }), Refused(kCfnRole));
  EXPECT_EQ(Stack("app").at("StackStatus"), "CREATE_COMPLETE");
}

TEST_F(RoleArnTest, DeleteStackNamingAnotherRoleThatExistsDeletesTheStack) {
  MakeRole("cfn-service");
  Create("app", kFake, {{"RoleARN", kCfnRole}});
  MakeRole("cleanup");
  rt_->Call(ctx_, "iam", "DeleteRole", {{"RoleName", "cfn-service"}});
  const std::string id = std::string(Stack("app").at("StackId").as_string());
  Delete("app", {{"RoleARN", "arn:aws:iam::111122223333:role/cleanup"}});
  EXPECT_EQ(Stack(id).at("StackStatus"), "DELETE_COMPLETE");
}

}  // namespace
}  // namespace nimbus::cloudformation
