// SSO Admin instances: lifecycle through the scheduler, fields, one account instance per
// account, client tokens, organization instances (through the real Organizations provider) and
// the errors of each.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/sso_admin/sso_admin_test_support.h"
#include "testing/runtime.h"

namespace nimbus::sso_admin {
namespace {

using test::ErrorOf;

namespace json = boost::json;
using core::AwsError;
using testing::kAccount;

class SsoAdminInstancesTest : public testing::SsoAdminTest {
 protected:
  // Makes kAccount the management account of an organization.
  void CreateOrganization() {
    rt_.Call(ctx_, "organizations", "CreateOrganization", {{"FeatureSet", "ALL"}});
  }
  void EnableSsoAccess() {
    rt_.Call(ctx_, "organizations", "EnableAWSServiceAccess",
             {{"ServicePrincipal", "sso.amazonaws.com"}});
  }
  json::array Instances() { return Call("ListInstances").at("Instances").as_array(); }

  // The message of an operation other than DescribeInstance/DeleteInstance on an instance that is
  // in `status`.
  static std::string NotActiveMessage(const std::string& arn, const std::string& status) {
    return "The instance " + arn + " is in status " + status +
           "; only DescribeInstance and DeleteInstance can be called on it until it is ACTIVE.";
  }
};

TEST_F(SsoAdminInstancesTest, CreateInstanceIsInProgressUntilTheTransitionRuns) {
  const std::string arn(Call("CreateInstance", {{"Name", "dev"}}).at("InstanceArn").as_string());
  EXPECT_EQ(Describe(arn).at("Status"), "CREATE_IN_PROGRESS");
  rt_.clock.Advance(499);
  rt_.RunDueTasks();
  EXPECT_EQ(Describe(arn).at("Status"), "CREATE_IN_PROGRESS");
  rt_.clock.Advance(1);
  rt_.RunDueTasks();
  EXPECT_EQ(Describe(arn).at("Status"), "ACTIVE");
}

TEST_F(SsoAdminInstancesTest, DescribeInstanceReturnsEveryField) {
  const double created = static_cast<double>(rt_.clock.NowMillis()) / 1000.0;
  const std::string arn = NewInstance({{"Name", "my-instance"}});
  const json::object d = Describe(arn);
  EXPECT_EQ(arn.rfind("arn:aws:sso:::instance/ssoins-", 0), 0u);
  EXPECT_EQ(arn.size(), std::string("arn:aws:sso:::instance/ssoins-").size() + 16);
  EXPECT_EQ(d.at("InstanceArn"), json::value(arn));
  const std::string store_id(d.at("IdentityStoreId").as_string());
  EXPECT_EQ(store_id.rfind("d-", 0), 0u);
  EXPECT_EQ(store_id.size(), 12u);
  EXPECT_EQ(d.at("OwnerAccountId"), json::string(kAccount));
  EXPECT_EQ(d.at("Name"), "my-instance");
  EXPECT_DOUBLE_EQ(d.at("CreatedDate").to_number<double>(), created);
  EXPECT_EQ(d.at("Status"), "ACTIVE");
  EXPECT_FALSE(d.contains("StatusReason"));
  EXPECT_EQ(d.at("EncryptionConfigurationDetails"),
            (json::object{{"KeyType", "AWS_OWNED_KMS_KEY"}, {"EncryptionStatus", "ENABLED"}}));
}

TEST_F(SsoAdminInstancesTest, FailCreateTagEndsInCreateFailedWithItsValueAsReason) {
  const std::string arn = NewInstance(
      {{"Tags",
        json::array{json::object{{"Key", "nimbus:fail-create"}, {"Value", "Simulated failure"}}}}});
  const json::object d = Describe(arn);
  EXPECT_EQ(d.at("Status"), "CREATE_FAILED");
  EXPECT_EQ(d.at("StatusReason"), "Simulated failure");
}

TEST_F(SsoAdminInstancesTest, ChangingAnInstanceThatIsNotActiveIsAConflict) {
  const std::string arn(Call("CreateInstance").at("InstanceArn").as_string());
  const AwsError error = ErrorOf([&] {
    Call("UpdateInstance", {{"InstanceArn", arn}, {"Name", "x"}});
  });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.what(), NotActiveMessage(arn, "CREATE_IN_PROGRESS"));
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminInstancesTest, ReadingAnInstanceThatIsNotActiveIsAValidationException) {
  const std::string arn = NewInstance(
      {{"Tags", json::array{json::object{{"Key", "nimbus:fail-create"}, {"Value", ""}}}}});
  const AwsError error = ErrorOf([&] { Call("ListPermissionSets", {{"InstanceArn", arn}}); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_EQ(error.what(), NotActiveMessage(arn, "CREATE_FAILED"));
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminInstancesTest, OnlyOneAccountInstancePerAccountAcrossRegions) {
  const std::string arn = NewInstance();
  const AwsError error =
      ErrorOf([&] { Call(test::Context(kAccount, "eu-west-1"), "CreateInstance"); });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.what(), "An instance of IAM Identity Center already exists in account " +
                              std::string(kAccount) + " (" + arn +
                              " in us-east-1). You can create only one instance per account.");
}

TEST_F(SsoAdminInstancesTest, AnotherAccountMayCreateItsOwnInstance) {
  NewInstance();
  EXPECT_EQ(ErrorOf([&] { Call(test::Context("444455556666"), "CreateInstance"); }).code(), "");
}

TEST_F(SsoAdminInstancesTest, ClientTokenReturnsTheSameInstance) {
  const json::object in{{"Name", "a"}, {"ClientToken", "token-1"}};
  EXPECT_EQ(Call("CreateInstance", in), Call("CreateInstance", in));
}

TEST_F(SsoAdminInstancesTest, ClientTokenWithOtherParametersIsAConflict) {
  Call("CreateInstance", {{"Name", "a"}, {"ClientToken", "token-1"}});
  const AwsError error = ErrorOf([&] {
    Call("CreateInstance", {{"Name", "b"}, {"ClientToken", "token-1"}});
  });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_STREQ(error.what(), "The ClientToken token-1 was already used with different parameters.");
}

TEST_F(SsoAdminInstancesTest, ManagementAccountCannotCreateAnAccountInstance) {
  CreateOrganization();
  const AwsError error = ErrorOf([&] { Call("CreateInstance"); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_STREQ(error.what(),
               "An account instance of IAM Identity Center cannot be created in the management "
               "account of an organization.");
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminInstancesTest, ManagementAccountSeesNoInstanceUntilSsoAccessIsEnabled) {
  CreateOrganization();
  EXPECT_TRUE(Instances().empty());
}

TEST_F(SsoAdminInstancesTest, EnablingSsoAccessGivesTheManagementAccountOneOrganizationInstance) {
  CreateOrganization();
  EnableSsoAccess();
  const json::array listed = Instances();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("Status"), "ACTIVE");
  EXPECT_EQ(listed[0].at("OwnerAccountId"), json::string(kAccount));
  EXPECT_EQ(Instances(), listed);
}

TEST_F(SsoAdminInstancesTest, DeletedOrganizationInstanceIsNotRecreated) {
  CreateOrganization();
  EnableSsoAccess();
  const std::string arn(Instances()[0].at("InstanceArn").as_string());
  Call("DeleteInstance", {{"InstanceArn", arn}});
  Settle();
  EXPECT_TRUE(Instances().empty());
}

TEST_F(SsoAdminInstancesTest, DeleteInstanceWhileCreatingGoesToDeleteInProgress) {
  const std::string arn(Call("CreateInstance").at("InstanceArn").as_string());
  Call("DeleteInstance", {{"InstanceArn", arn}});
  EXPECT_EQ(Describe(arn).at("Status"), "DELETE_IN_PROGRESS");
}

TEST_F(SsoAdminInstancesTest, DeletingTwiceIsAConflict) {
  const std::string arn = NewInstance();
  Call("DeleteInstance", {{"InstanceArn", arn}});
  const AwsError error = ErrorOf([&] { Call("DeleteInstance", {{"InstanceArn", arn}}); });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.what(),
            "The instance " + arn + " is already being deleted (DELETE_IN_PROGRESS).");
}

TEST_F(SsoAdminInstancesTest, DeletedInstanceIsAccessDenied) {
  const std::string arn = NewInstance();
  NewPermissionSet(arn, "Admin");
  Call("DeleteInstance", {{"InstanceArn", arn}});
  Settle();
  const AwsError error = ErrorOf([&] { Describe(arn); });
  EXPECT_EQ(error.code(), "AccessDeniedException");
  EXPECT_EQ(error.what(),
            "User: arn:aws:iam::111122223333:root is not authorized to perform: "
            "sso:DescribeInstance on resource: " +
                arn);
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminInstancesTest, ANewInstanceMayBeCreatedOnceTheOldOneIsGone) {
  const std::string arn = NewInstance();
  Call("DeleteInstance", {{"InstanceArn", arn}});
  Settle();
  EXPECT_EQ(ErrorOf([&] { Call("CreateInstance"); }).code(), "");
}

TEST_F(SsoAdminInstancesTest, AnotherAccountsInstanceIsAccessDenied) {
  const std::string arn = NewInstance();
  EXPECT_EQ(ErrorOf([&] {
              Call(test::Context("999988887777"), "DescribeInstance", {{"InstanceArn", arn}});
            }).code(),
            "AccessDeniedException");
}

TEST_F(SsoAdminInstancesTest, AnotherRegionsInstanceIsAccessDenied) {
  const std::string arn = NewInstance();
  EXPECT_EQ(
      ErrorOf([&] {
        Call(test::Context(kAccount, "eu-west-1"), "DescribeInstance", {{"InstanceArn", arn}});
      }).code(),
      "AccessDeniedException");
}

TEST_F(SsoAdminInstancesTest, InstanceArnInChinaIsInTheAwsCnPartition) {
  const std::string arn(
      Call(test::Context(kAccount, "cn-north-1"), "CreateInstance").at("InstanceArn").as_string());
  EXPECT_EQ(arn.rfind("arn:aws-cn:sso:::instance/ssoins-", 0), 0u) << arn;
  EXPECT_EQ(arn.size(), std::string("arn:aws-cn:sso:::instance/ssoins-").size() + 16);
}

TEST_F(SsoAdminInstancesTest, MalformedInstanceArnIsAValidationExceptionOnEveryOperation) {
  const std::string pattern =
      "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}";
  for (const char* op :
       {"DescribeInstance", "DeleteInstance", "UpdateInstance", "ListPermissionSets"}) {
    const AwsError error = ErrorOf([&] {
      Call(op, {{"InstanceArn", "arn:aws:sso:::instance/ssoins-short"}});
    });
    EXPECT_EQ(error.code(), "ValidationException") << op;
    EXPECT_EQ(error.what(),
              "1 validation error detected: Value 'arn:aws:sso:::instance/ssoins-short' at "
              "'instanceArn' failed to satisfy constraint: Member must satisfy regular "
              "expression pattern: " +
                  pattern)
        << op;
  }
}

TEST_F(SsoAdminInstancesTest, TooShortInstanceArnReportsBothConstraints) {
  const AwsError error = ErrorOf([&] { Call("DescribeInstance", {{"InstanceArn", "arn:x"}}); });
  EXPECT_EQ(error.what(),
            std::string("2 validation errors detected: Value 'arn:x' at 'instanceArn' failed to "
                        "satisfy constraint: Member must have length greater than or equal to "
                        "10; Value 'arn:x' at 'instanceArn' failed to satisfy constraint: Member "
                        "must satisfy regular expression pattern: ") +
                "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
}

}  // namespace
}  // namespace nimbus::sso_admin
