// SSO Admin permission sets: attributes, session durations, paging, policies, permissions
// boundaries and tags, with the error of each failure.
#include <set>
#include <string>
#include <vector>

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

constexpr std::string_view kReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";

class SsoAdminPermissionSetsTest : public testing::SsoAdminTest {
 protected:
  void SetUp() override {
    instance_ = NewInstance();
    ps_ = NewPermissionSet(instance_, "Ops");
  }

  // {InstanceArn, PermissionSetArn} of ps_, plus `member` = `value` when given.
  json::object In(std::string_view member = "", json::value value = nullptr) const {
    json::object in{{"InstanceArn", instance_}, {"PermissionSetArn", ps_}};
    if (!member.empty()) in[member] = std::move(value);
    return in;
  }
  std::string PsId() const { return ps_.substr(ps_.rfind('/') + 1); }

  std::string instance_;
  std::string ps_;
};

TEST_F(SsoAdminPermissionSetsTest, CreatePermissionSetReturnsItsAttributes) {
  const json::object created = Call("CreatePermissionSet", {{"InstanceArn", instance_},
                                                            {"Name", "Admin"},
                                                            {"Description", "admins"},
                                                            {"SessionDuration", "PT8H"},
                                                            {"RelayState", "https://example.com"}})
                                   .at("PermissionSet")
                                   .as_object();
  const std::string arn(created.at("PermissionSetArn").as_string());
  const std::string prefix =
      "arn:aws:sso:::permissionSet/" + instance_.substr(instance_.rfind('/') + 1) + "/ps-";
  EXPECT_EQ(arn.rfind(prefix, 0), 0u) << arn;
  EXPECT_EQ(arn.size(), prefix.size() + 16);
  EXPECT_EQ(created.at("Name"), "Admin");
  EXPECT_EQ(created.at("Description"), "admins");
  EXPECT_EQ(created.at("SessionDuration"), "PT8H");
  EXPECT_EQ(created.at("RelayState"), "https://example.com");
}

TEST_F(SsoAdminPermissionSetsTest, SessionDurationDefaultsToOneHour) {
  EXPECT_EQ(Call("DescribePermissionSet", In()).at("PermissionSet").at("SessionDuration"), "PT1H");
}

TEST_F(SsoAdminPermissionSetsTest, DuplicateNameIsAConflict) {
  const AwsError error = ErrorOf([&] { NewPermissionSet(instance_, "Ops"); });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_STREQ(error.what(), "PermissionSet with name Ops already exists.");
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminPermissionSetsTest, UpdatePermissionSetKeepsWhatItDoesNotName) {
  Call("UpdatePermissionSet", In("Description", "ops"));
  Call("UpdatePermissionSet", In("SessionDuration", "PT2H"));
  const json::value described = Call("DescribePermissionSet", In()).at("PermissionSet");
  EXPECT_EQ(described.at("SessionDuration"), "PT2H");
  EXPECT_EQ(described.at("Description"), "ops");
}

TEST_F(SsoAdminPermissionSetsTest, DeletedPermissionSetIsResourceNotFound) {
  Call("DeletePermissionSet", In());
  const AwsError error = ErrorOf([&] { Call("DescribePermissionSet", In()); });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(), "Could not find PermissionSet with id " + PsId());
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminPermissionSetsTest, PermissionSetArnInChinaIsInTheAwsCnPartition) {
  const core::RequestContext china = test::Context("444455556666", "cn-north-1");
  const std::string instance(Call(china, "CreateInstance").at("InstanceArn").as_string());
  Settle();
  const std::string arn(
      Call(china, "CreatePermissionSet", {{"InstanceArn", instance}, {"Name", "ps"}})
          .at("PermissionSet")
          .at("PermissionSetArn")
          .as_string());
  const std::string prefix =
      "arn:aws-cn:sso:::permissionSet/" + instance.substr(instance.rfind('/') + 1) + "/ps-";
  EXPECT_EQ(arn.rfind(prefix, 0), 0u) << arn;
}

struct DurationCase {
  const char* duration;
  const char* error;  // "" when accepted
};

// Names the case in the test's name and in failures, instead of gtest's dump of its bytes
// (pointer values that change from run to run).
void PrintTo(const DurationCase& c, std::ostream* out) { *out << c.duration; }

class SsoAdminSessionDurationTest : public testing::SsoAdminTest,
                                    public ::testing::WithParamInterface<DurationCase> {};

TEST_P(SsoAdminSessionDurationTest, SessionDurationMustBeAnIsoDurationBetweenOneAndTwelveHours) {
  const std::string arn = NewInstance();
  const AwsError error = ErrorOf([&] {
    Call("CreatePermissionSet",
         {{"InstanceArn", arn}, {"Name", "ps"}, {"SessionDuration", GetParam().duration}});
  });
  EXPECT_EQ(error.code(), *GetParam().error ? "ValidationException" : "");
  if (*GetParam().error) {
    EXPECT_STREQ(error.what(), GetParam().error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Durations, SsoAdminSessionDurationTest,
    ::testing::Values(
        DurationCase{"PT30M",
                     "The session duration PT30M is not valid: it must be between 1 hour (PT1H) "
                     "and 12 hours (PT12H)."},
        DurationCase{"PT13H",
                     "The session duration PT13H is not valid: it must be between 1 hour (PT1H) "
                     "and 12 hours (PT12H)."},
        DurationCase{"1H",
                     "1 validation error detected: Value '1H' at 'sessionDuration' failed to "
                     "satisfy constraint: Member must satisfy regular expression pattern: "
                     "(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?"
                     "(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?"},
        DurationCase{"PT90M", ""}, DurationCase{"PT12H", ""}));

TEST_F(SsoAdminPermissionSetsTest, ListPermissionSetsPagesWithNextToken) {
  for (int i = 0; i < 4; ++i) NewPermissionSet(instance_, "ps" + std::to_string(i));
  std::vector<std::string> seen;
  json::object in{{"InstanceArn", instance_}, {"MaxResults", 2}};
  size_t pages = 0;
  while (true) {
    const json::object page = Call("ListPermissionSets", in).as_object();
    ++pages;
    for (const json::value& arn : page.at("PermissionSets").as_array()) {
      seen.emplace_back(arn.as_string());
    }
    if (!page.contains("NextToken")) break;
    in["NextToken"] = page.at("NextToken");
  }
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0], ps_);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 5u);
}

TEST_F(SsoAdminPermissionSetsTest, ForeignNextTokenIsAValidationException) {
  const AwsError error = ErrorOf([&] {
    Call("ListPermissionSets", {{"InstanceArn", instance_}, {"NextToken", "garbage"}});
  });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_STREQ(error.what(), "The NextToken is invalid.");
}

TEST_F(SsoAdminPermissionSetsTest, AttachedManagedPolicyIsListedWithItsName) {
  Call("AttachManagedPolicyToPermissionSet", In("ManagedPolicyArn", json::string(kReadOnly)));
  EXPECT_EQ(Call("ListManagedPoliciesInPermissionSet", In()).at("AttachedManagedPolicies"),
            (json::array{json::object{{"Name", "ReadOnlyAccess"}, {"Arn", kReadOnly}}}));
}

TEST_F(SsoAdminPermissionSetsTest, AttachingAManagedPolicyTwiceIsAConflict) {
  Call("AttachManagedPolicyToPermissionSet", In("ManagedPolicyArn", json::string(kReadOnly)));
  const AwsError error = ErrorOf([&] {
    Call("AttachManagedPolicyToPermissionSet", In("ManagedPolicyArn", json::string(kReadOnly)));
  });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_EQ(error.what(), "Permission set with id " + PsId() + " already has the managed policy " +
                              std::string(kReadOnly) + " attached.");
}

TEST_F(SsoAdminPermissionSetsTest, DetachingAPolicyThatIsNotAttachedIsResourceNotFound) {
  const AwsError error = ErrorOf([&] {
    Call("DetachManagedPolicyFromPermissionSet", In("ManagedPolicyArn", json::string(kReadOnly)));
  });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(), "Could not find ManagedPolicy with arn " + std::string(kReadOnly));
}

TEST_F(SsoAdminPermissionSetsTest, CustomerManagedPolicyReferencePathDefaultsToRoot) {
  Call("AttachCustomerManagedPolicyReferenceToPermissionSet",
       In("CustomerManagedPolicyReference", json::object{{"Name", "mine"}}));
  EXPECT_EQ(Call("ListCustomerManagedPolicyReferencesInPermissionSet", In())
                .at("CustomerManagedPolicyReferences"),
            (json::array{json::object{{"Name", "mine"}, {"Path", "/"}}}));
}

TEST_F(SsoAdminPermissionSetsTest, TwentyFirstPolicyIsServiceQuotaExceeded) {
  for (int i = 0; i < 20; ++i) {
    Call("AttachCustomerManagedPolicyReferenceToPermissionSet",
         In("CustomerManagedPolicyReference", json::object{{"Name", "p" + std::to_string(i)}}));
  }
  const AwsError error = ErrorOf([&] {
    Call("AttachManagedPolicyToPermissionSet", In("ManagedPolicyArn", json::string(kReadOnly)));
  });
  EXPECT_EQ(error.code(), "ServiceQuotaExceededException");
  EXPECT_EQ(error.what(),
            "You have exceeded AWS SSO limits. Cannot attach more than 20 managed policies to "
            "permission set " +
                PsId() + ".");
  EXPECT_TRUE(error.members().empty());
}

TEST_F(SsoAdminPermissionSetsTest, MissingPermissionsBoundaryIsResourceNotFound) {
  const AwsError error = ErrorOf([&] { Call("GetPermissionsBoundaryForPermissionSet", In()); });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(), "Could not find PermissionsBoundary for PermissionSet with id " + PsId());
}

TEST_F(SsoAdminPermissionSetsTest, PermissionsBoundaryIsReadBack) {
  Call("PutPermissionsBoundaryToPermissionSet",
       In("PermissionsBoundary", json::object{{"ManagedPolicyArn", kReadOnly}}));
  EXPECT_EQ(Call("GetPermissionsBoundaryForPermissionSet", In()).at("PermissionsBoundary"),
            (json::object{{"ManagedPolicyArn", kReadOnly}}));
}

TEST_F(SsoAdminPermissionSetsTest, InlinePolicyIsEmptyUntilPut) {
  EXPECT_EQ(Call("GetInlinePolicyForPermissionSet", In()).at("InlinePolicy"), "");
}

TEST_F(SsoAdminPermissionSetsTest, InlinePolicyIsReadBack) {
  const std::string doc = R"({"Version":"2012-10-17","Statement":[]})";
  Call("PutInlinePolicyToPermissionSet", In("InlinePolicy", json::value(doc)));
  EXPECT_EQ(Call("GetInlinePolicyForPermissionSet", In()).at("InlinePolicy"), json::value(doc));
}

TEST_F(SsoAdminPermissionSetsTest, InlinePolicyThatIsNotJsonIsAValidationException) {
  const AwsError error =
      ErrorOf([&] { Call("PutInlinePolicyToPermissionSet", In("InlinePolicy", "not json")); });
  EXPECT_EQ(error.code(), "ValidationException");
  EXPECT_STREQ(error.what(), "The InlinePolicy is not a valid JSON policy document.");
}

TEST_F(SsoAdminPermissionSetsTest, TagsOfAPermissionSetAreItsOwn) {
  Call("TagResource", {{"InstanceArn", instance_},
                       {"ResourceArn", ps_},
                       {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}}});
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceArn", ps_}}).at("Tags"),
            (json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}));
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceArn", instance_}}).at("Tags"), json::array());
}

TEST_F(SsoAdminPermissionSetsTest, UntagResourceRemovesTheKeys) {
  Call("TagResource", {{"ResourceArn", ps_},
                       {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}}});
  Call("UntagResource", {{"ResourceArn", ps_}, {"TagKeys", json::array{"env"}}});
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceArn", ps_}}).at("Tags"), json::array());
}

TEST_F(SsoAdminPermissionSetsTest, TagsOfAResourceOfAnotherInstanceAreResourceNotFound) {
  const std::string other = instance_.substr(0, instance_.size() - 1) + "x";
  const AwsError error = ErrorOf([&] {
    Call("ListTagsForResource", {{"ResourceArn", other}, {"InstanceArn", instance_}});
  });
  EXPECT_EQ(error.code(), "ResourceNotFoundException");
  EXPECT_EQ(error.what(),
            "Could not find the resource " + other + " in instance " + instance_ + ".");
}

}  // namespace
}  // namespace nimbus::sso_admin
