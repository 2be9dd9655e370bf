// SsoAdminProvider against small fakes of KMS, Organizations and Identity Store, with a fake
// clock driving the scheduler through every status transition.
#include "services/sso_admin/sso_admin_provider.h"

#include <map>
#include <memory>
#include <set>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/dispatch.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "store/database.h"
#include "store/scheduler.h"
#include "testing/provider_test_support.h"

namespace nimbus::sso_admin {
namespace {

namespace json = boost::json;
using test::ErrorCode;

constexpr std::string_view kAccount = "111122223333";
constexpr std::string_view kKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

class FakeKeys final : public kms::KeyService {
 public:
  std::map<std::string, KeyInfo> keys;  // by ARN

  void Add(const std::string& arn, const std::string& state) {
    keys[arn] = {.key_id = std::string(kKeyId),
                 .arn = arn,
                 .state = state,
                 .manager = "CUSTOMER",
                 .key_usage = "ENCRYPT_DECRYPT",
                 .key_spec = "SYMMETRIC_DEFAULT"};
  }
  std::optional<KeyInfo> FindKey(const core::RequestContext& ctx,
                                 std::string_view key_ref) override {
    looked_up_in = ctx.scope.account + "/" + ctx.scope.region;
    auto it = keys.find(std::string(key_ref));
    if (it == keys.end()) return std::nullopt;
    return it->second;
  }
  std::string Encrypt(const core::RequestContext&, std::string_view, std::string_view,
                      const std::map<std::string, std::string>&) override {
    return "";
  }
  std::string Decrypt(const core::RequestContext&, std::string_view,
                      const std::map<std::string, std::string>&, std::string*) override {
    return "";
  }
  std::string looked_up_in;
};

class FakeOrgs final : public organizations::OrgDirectory {
 public:
  std::map<std::string, OrgInfo> membership;  // account -> org
  std::set<std::string> sso_enabled;          // management accounts

  std::optional<OrgInfo> OrganizationOf(std::string_view account) override {
    auto it = membership.find(std::string(account));
    if (it == membership.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> AccountsInOrganization(std::string_view) override { return {}; }
  bool ServiceAccessEnabled(std::string_view account, std::string_view principal) override {
    return principal == "sso.amazonaws.com" && sso_enabled.count(std::string(account)) > 0;
  }
};

class FakeIdentities final : public identitystore::IdentityDirectory {
 public:
  std::set<std::string> principals;  // "<store>/<type>/<id>"
  bool PrincipalExists(const core::Scope&, std::string_view store, std::string_view type,
                       std::string_view id) override {
    return principals.count(std::string(store) + "/" + std::string(type) + "/" + std::string(id)) >
           0;
  }
};

json::value J(std::string_view s) { return json::string(s); }

std::string ErrorMessage(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

class SsoAdminProviderTest : public ::testing::Test {
 protected:
  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{7};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{.db = db_,
              .clock = clock_,
              .ids = ids_,
              .scheduler = scheduler_,
              .options = {.async_delay_millis = 500}};
  FakeKeys keys_;
  FakeOrgs orgs_;
  FakeIdentities identities_;
  SsoAdminProvider sso_{rt_, keys_, orgs_, identities_};

  core::RequestContext Ctx(std::string_view op, std::string_view account = kAccount,
                           std::string_view region = "us-east-1") {
    core::RequestContext ctx;
    ctx.service = "sso-admin";
    ctx.operation = std::string(op);
    ctx.scope = {.account = std::string(account), .region = std::string(region)};
    ctx.caller.account = std::string(account);
    ctx.caller.arn = "arn:aws:iam::" + std::string(account) + ":root";
    ctx.now_millis = clock_.NowMillis();
    return ctx;
  }

  // Lets every pending transition run.
  void Settle() {
    clock_.Advance(500);
    scheduler_.RunDue();
  }

  std::string NewInstance(json::object in = {}) {
    const std::string arn = std::string(
        sso_.CreateInstance(Ctx("CreateInstance"), in).as_object().at("InstanceArn").as_string());
    Settle();
    return arn;
  }

  json::object Describe(const std::string& arn) {
    return sso_.DescribeInstance(Ctx("DescribeInstance"), {{"InstanceArn", arn}}).as_object();
  }

  std::string NewPermissionSet(const std::string& instance, const std::string& name) {
    return std::string(sso_.CreatePermissionSet(Ctx("CreatePermissionSet"),
                                                {{"InstanceArn", instance}, {"Name", name}})
                           .as_object()
                           .at("PermissionSet")
                           .as_object()
                           .at("PermissionSetArn")
                           .as_string());
  }
};

TEST_F(SsoAdminProviderTest, CreateInstanceIsInProgressUntilTheTransitionRuns) {
  const std::string arn = std::string(sso_.CreateInstance(Ctx("CreateInstance"), {{"Name", "dev"}})
                                          .as_object()
                                          .at("InstanceArn")
                                          .as_string());
  EXPECT_EQ(Describe(arn).at("Status"), "CREATE_IN_PROGRESS");
  clock_.Advance(499);
  scheduler_.RunDue();
  EXPECT_EQ(Describe(arn).at("Status"), "CREATE_IN_PROGRESS");
  clock_.Advance(1);
  scheduler_.RunDue();
  EXPECT_EQ(Describe(arn).at("Status"), "ACTIVE");
}

TEST_F(SsoAdminProviderTest, DescribeInstanceReturnsEveryField) {
  const int64_t created = clock_.NowMillis();
  const std::string arn = NewInstance({{"Name", "my-instance"}});
  const json::object d = Describe(arn);
  EXPECT_EQ(arn.rfind("arn:aws:sso:::instance/ssoins-", 0), 0u);
  EXPECT_EQ(arn.size(), std::string("arn:aws:sso:::instance/ssoins-").size() + 16);
  EXPECT_EQ(d.at("InstanceArn"), J(arn));
  const std::string store_id(d.at("IdentityStoreId").as_string());
  EXPECT_EQ(store_id.rfind("d-", 0), 0u);
  EXPECT_EQ(store_id.size(), 12u);
  EXPECT_EQ(d.at("OwnerAccountId"), J(kAccount));
  EXPECT_EQ(d.at("Name"), "my-instance");
  EXPECT_DOUBLE_EQ(d.at("CreatedDate").as_double(), static_cast<double>(created) / 1000.0);
  EXPECT_EQ(d.at("Status"), "ACTIVE");
  EXPECT_FALSE(d.contains("StatusReason"));
  const json::object& enc = d.at("EncryptionConfigurationDetails").as_object();
  EXPECT_EQ(enc.at("KeyType"), "AWS_OWNED_KMS_KEY");
  EXPECT_EQ(enc.at("EncryptionStatus"), "ENABLED");
  EXPECT_FALSE(enc.contains("KmsKeyArn"));
  EXPECT_FALSE(enc.contains("EncryptionStatusReason"));
}

TEST_F(SsoAdminProviderTest, FailCreateTagEndsInCreateFailedWithItsValueAsReason) {
  const std::string arn = NewInstance(
      {{"Tags",
        json::array{json::object{{"Key", "nimbus:fail-create"}, {"Value", "Simulated failure"}}}}});
  const json::object d = Describe(arn);
  EXPECT_EQ(d.at("Status"), "CREATE_FAILED");
  EXPECT_EQ(d.at("StatusReason"), "Simulated failure");
  EXPECT_EQ(ErrorCode([&] {
              sso_.CreatePermissionSet(Ctx("CreatePermissionSet"),
                                       {{"InstanceArn", arn}, {"Name", "ps"}});
            }),
            "ConflictException");
}

TEST_F(SsoAdminProviderTest, OnlyOneAccountInstancePerAccountAcrossRegions) {
  NewInstance();
  EXPECT_EQ(
      ErrorCode([&] { sso_.CreateInstance(Ctx("CreateInstance", kAccount, "eu-west-1"), {}); }),
      "ConflictException");
  EXPECT_EQ(ErrorCode([&] { sso_.CreateInstance(Ctx("CreateInstance", "444455556666"), {}); }), "");
}

TEST_F(SsoAdminProviderTest, ClientTokenReturnsTheSameInstanceAndRejectsOtherParameters) {
  const json::object in{{"Name", "a"}, {"ClientToken", "token-1"}};
  const json::value first = sso_.CreateInstance(Ctx("CreateInstance"), in);
  const json::value again = sso_.CreateInstance(Ctx("CreateInstance"), in);
  EXPECT_EQ(first, again);
  EXPECT_EQ(
      ErrorCode([&] {
        sso_.CreateInstance(Ctx("CreateInstance"), {{"Name", "b"}, {"ClientToken", "token-1"}});
      }),
      "ConflictException");
}

TEST_F(SsoAdminProviderTest, ManagementAccountGetsTheOrganizationInstanceNotAnAccountInstance) {
  orgs_.membership[std::string(kAccount)] = {
      .id = "o-abcdefghij", .arn = "arn", .management_account = std::string(kAccount)};
  EXPECT_EQ(ErrorCode([&] { sso_.CreateInstance(Ctx("CreateInstance"), {}); }),
            "ValidationException");
  json::object list = sso_.ListInstances(Ctx("ListInstances"), {}).as_object();
  EXPECT_TRUE(list.at("Instances").as_array().empty());
  orgs_.sso_enabled.insert(std::string(kAccount));
  list = sso_.ListInstances(Ctx("ListInstances"), {}).as_object();
  ASSERT_EQ(list.at("Instances").as_array().size(), 1u);
  const json::object& org = list.at("Instances").as_array()[0].as_object();
  EXPECT_EQ(org.at("Status"), "ACTIVE");
  EXPECT_EQ(org.at("OwnerAccountId"), J(kAccount));
  EXPECT_EQ(
      sso_.ListInstances(Ctx("ListInstances"), {}).as_object().at("Instances").as_array().size(),
      1u);
}

TEST_F(SsoAdminProviderTest, CreateInProgressAllowsOnlyDescribeAndDelete) {
  const std::string arn = std::string(
      sso_.CreateInstance(Ctx("CreateInstance"), {}).as_object().at("InstanceArn").as_string());
  EXPECT_EQ(ErrorCode([&] {
              sso_.UpdateInstance(Ctx("UpdateInstance"), {{"InstanceArn", arn}, {"Name", "x"}});
            }),
            "ConflictException");
  EXPECT_EQ(ErrorCode([&] {
              sso_.ListPermissionSets(Ctx("ListPermissionSets"), {{"InstanceArn", arn}});
            }),
            "ValidationException");
  sso_.DeleteInstance(Ctx("DeleteInstance"), {{"InstanceArn", arn}});
  EXPECT_EQ(Describe(arn).at("Status"), "DELETE_IN_PROGRESS");
  Settle();
  EXPECT_EQ(ErrorCode([&] { Describe(arn); }), "AccessDeniedException");
}

TEST_F(SsoAdminProviderTest, DeleteInstanceGoesThroughDeleteInProgressToAccessDenied) {
  const std::string arn = NewInstance();
  const std::string ps = NewPermissionSet(arn, "Admin");
  sso_.DeleteInstance(Ctx("DeleteInstance"), {{"InstanceArn", arn}});
  EXPECT_EQ(Describe(arn).at("Status"), "DELETE_IN_PROGRESS");
  EXPECT_EQ(ErrorCode([&] {
              sso_.DeleteInstance(Ctx("DeleteInstance"), {{"InstanceArn", arn}});
            }),
            "ConflictException");
  Settle();
  EXPECT_EQ(ErrorMessage([&] { Describe(arn); }),
            "User: arn:aws:iam::111122223333:root is not authorized to perform: "
            "sso:DescribeInstance on resource: " +
                arn);
  // A new account instance may be created once the old one is gone.
  EXPECT_EQ(ErrorCode([&] { sso_.CreateInstance(Ctx("CreateInstance"), {}); }), "");
}

TEST_F(SsoAdminProviderTest, AnotherAccountsInstanceIsAccessDenied) {
  const std::string arn = NewInstance();
  EXPECT_EQ(
      ErrorCode([&] {
        sso_.DescribeInstance(Ctx("DescribeInstance", "999988887777"), {{"InstanceArn", arn}});
      }),
      "AccessDeniedException");
  EXPECT_EQ(ErrorCode([&] {
              sso_.DescribeInstance(Ctx("DescribeInstance", kAccount, "eu-west-1"),
                                    {{"InstanceArn", arn}});
            }),
            "AccessDeniedException");
}

TEST_F(SsoAdminProviderTest, CustomerManagedKeyUpdateGoesThroughUpdatingToEnabled) {
  const std::string arn = NewInstance();
  const std::string key = "arn:aws:kms:us-east-1:111122223333:key/" + std::string(kKeyId);
  keys_.Add(key, "Enabled");
  sso_.UpdateInstance(Ctx("UpdateInstance"),
                      {{"InstanceArn", arn},
                       {"EncryptionConfiguration",
                        json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"}, {"KmsKeyArn", key}}}});
  json::object enc = Describe(arn).at("EncryptionConfigurationDetails").as_object();
  EXPECT_EQ(enc.at("EncryptionStatus"), "UPDATING");
  EXPECT_EQ(enc.at("KeyType"), "CUSTOMER_MANAGED_KEY");
  EXPECT_EQ(ErrorCode([&] {
              sso_.UpdateInstance(
                  Ctx("UpdateInstance"),
                  {{"InstanceArn", arn},
                   {"EncryptionConfiguration", json::object{{"KeyType", "AWS_OWNED_KMS_KEY"}}}});
            }),
            "ConflictException");
  Settle();
  enc = Describe(arn).at("EncryptionConfigurationDetails").as_object();
  EXPECT_EQ(enc.at("EncryptionStatus"), "ENABLED");
  EXPECT_EQ(enc.at("KeyType"), "CUSTOMER_MANAGED_KEY");
  EXPECT_EQ(enc.at("KmsKeyArn"), J(key));
  EXPECT_EQ(keys_.looked_up_in, "111122223333/us-east-1");
  // And back to the AWS owned key.
  sso_.UpdateInstance(Ctx("UpdateInstance"), {{"InstanceArn", arn},
                                              {"EncryptionConfiguration",
                                               json::object{{"KeyType", "AWS_OWNED_KMS_KEY"}}}});
  Settle();
  enc = Describe(arn).at("EncryptionConfigurationDetails").as_object();
  EXPECT_EQ(enc.at("KeyType"), "AWS_OWNED_KMS_KEY");
  EXPECT_FALSE(enc.contains("KmsKeyArn"));
  EXPECT_EQ(enc.at("EncryptionStatus"), "ENABLED");
}

struct KeyCase {
  std::string state;  // "" for a key that does not exist
  std::string reason_contains;
};

class SsoAdminEncryptionFailureTest : public SsoAdminProviderTest,
                                      public ::testing::WithParamInterface<KeyCase> {};

TEST_P(SsoAdminEncryptionFailureTest, UnusableKeyEndsInUpdateFailedAndKeepsTheOldKey) {
  const std::string arn = NewInstance();
  const std::string key = "arn:aws:kms:us-east-1:111122223333:key/" + std::string(kKeyId);
  if (!GetParam().state.empty()) keys_.Add(key, GetParam().state);
  sso_.UpdateInstance(Ctx("UpdateInstance"),
                      {{"InstanceArn", arn},
                       {"EncryptionConfiguration",
                        json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"}, {"KmsKeyArn", key}}}});
  Settle();
  const json::object enc = Describe(arn).at("EncryptionConfigurationDetails").as_object();
  EXPECT_EQ(enc.at("EncryptionStatus"), "UPDATE_FAILED");
  EXPECT_EQ(enc.at("KeyType"), "AWS_OWNED_KMS_KEY");
  EXPECT_FALSE(enc.contains("KmsKeyArn"));
  EXPECT_EQ(std::string(enc.at("EncryptionStatusReason").as_string()),
            "The KMS key " + key + " " + GetParam().reason_contains);
}

INSTANTIATE_TEST_SUITE_P(KeyStates, SsoAdminEncryptionFailureTest,
                         ::testing::Values(KeyCase{"", "does not exist or is not accessible."},
                                           KeyCase{"Disabled", "is disabled."},
                                           KeyCase{"PendingDeletion", "is pending deletion."}));

TEST_F(SsoAdminProviderTest, EncryptionConfigurationMustMatchItsKeyType) {
  const std::string arn = NewInstance();
  EXPECT_EQ(ErrorCode([&] {
              sso_.UpdateInstance(
                  Ctx("UpdateInstance"),
                  {{"InstanceArn", arn},
                   {"EncryptionConfiguration", json::object{{"KeyType", "CUSTOMER_MANAGED_KEY"}}}});
            }),
            "ValidationException");
  EXPECT_EQ(Describe(arn).at("EncryptionConfigurationDetails").at("EncryptionStatus"), "ENABLED");
}

TEST_F(SsoAdminProviderTest, PermissionSetLifecycle) {
  const std::string arn = NewInstance();
  const json::object created =
      sso_.CreatePermissionSet(Ctx("CreatePermissionSet"), {{"InstanceArn", arn},
                                                            {"Name", "Admin"},
                                                            {"Description", "admins"},
                                                            {"SessionDuration", "PT8H"},
                                                            {"RelayState", "https://example.com"}})
          .as_object()
          .at("PermissionSet")
          .as_object();
  const std::string ps(created.at("PermissionSetArn").as_string());
  EXPECT_EQ(ps.rfind("arn:aws:sso:::permissionSet/" + arn.substr(arn.rfind('/') + 1) + "/ps-", 0),
            0u);
  EXPECT_EQ(created.at("SessionDuration"), "PT8H");
  EXPECT_EQ(ErrorCode([&] { NewPermissionSet(arn, "Admin"); }), "ConflictException");
  sso_.UpdatePermissionSet(
      Ctx("UpdatePermissionSet"),
      {{"InstanceArn", arn}, {"PermissionSetArn", ps}, {"SessionDuration", "PT2H"}});
  const json::object described =
      sso_.DescribePermissionSet(Ctx("DescribePermissionSet"),
                                 {{"InstanceArn", arn}, {"PermissionSetArn", ps}})
          .as_object()
          .at("PermissionSet")
          .as_object();
  EXPECT_EQ(described.at("SessionDuration"), "PT2H");
  EXPECT_EQ(described.at("Description"), "admins");
  sso_.DeletePermissionSet(Ctx("DeletePermissionSet"),
                           {{"InstanceArn", arn}, {"PermissionSetArn", ps}});
  EXPECT_EQ(ErrorMessage([&] {
              sso_.DescribePermissionSet(Ctx("DescribePermissionSet"),
                                         {{"InstanceArn", arn}, {"PermissionSetArn", ps}});
            }),
            "Could not find PermissionSet with id " + ps.substr(ps.rfind('/') + 1));
}

TEST_F(SsoAdminProviderTest, SessionDurationMustBeAnIsoDurationBetweenOneAndTwelveHours) {
  const std::string arn = NewInstance();
  auto create = [&](const char* duration) {
    return ErrorCode([&] {
      sso_.CreatePermissionSet(
          Ctx("CreatePermissionSet"),
          {{"InstanceArn", arn}, {"Name", duration}, {"SessionDuration", duration}});
    });
  };
  EXPECT_EQ(create("PT30M"), "ValidationException");
  EXPECT_EQ(create("PT13H"), "ValidationException");
  EXPECT_EQ(create("1H"), "ValidationException");
  EXPECT_EQ(create("PT90M"), "");
  EXPECT_EQ(create("PT12H"), "");
}

TEST_F(SsoAdminProviderTest, ListPermissionSetsPagesWithNextToken) {
  const std::string arn = NewInstance();
  for (int i = 0; i < 5; ++i) NewPermissionSet(arn, "ps" + std::to_string(i));
  json::object page =
      sso_.ListPermissionSets(Ctx("ListPermissionSets"), {{"InstanceArn", arn}, {"MaxResults", 2}})
          .as_object();
  std::vector<std::string> seen;
  size_t pages = 1;
  for (auto& v : page.at("PermissionSets").as_array()) seen.emplace_back(v.as_string());
  while (page.contains("NextToken")) {
    page = sso_.ListPermissionSets(
                   Ctx("ListPermissionSets"),
                   {{"InstanceArn", arn}, {"MaxResults", 2}, {"NextToken", page.at("NextToken")}})
               .as_object();
    for (auto& v : page.at("PermissionSets").as_array()) seen.emplace_back(v.as_string());
    ++pages;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 5u);
  EXPECT_EQ(ErrorCode([&] {
              sso_.ListPermissionSets(Ctx("ListPermissionSets"),
                                      {{"InstanceArn", arn}, {"NextToken", "garbage"}});
            }),
            "ValidationException");
}

TEST_F(SsoAdminProviderTest, PoliciesAndBoundaryAttachToAPermissionSet) {
  const std::string arn = NewInstance();
  const std::string ps = NewPermissionSet(arn, "Ops");
  const json::object base{{"InstanceArn", arn}, {"PermissionSetArn", ps}};
  auto with = [&](std::string_view key, json::value value) {
    json::object in = base;
    in[key] = std::move(value);
    return in;
  };
  const std::string policy = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  sso_.AttachManagedPolicyToPermissionSet(Ctx("A"), with("ManagedPolicyArn", J(policy)));
  EXPECT_EQ(ErrorCode([&] {
              sso_.AttachManagedPolicyToPermissionSet(Ctx("A"),
                                                      with("ManagedPolicyArn", J(policy)));
            }),
            "ConflictException");
  const json::array managed = sso_.ListManagedPoliciesInPermissionSet(Ctx("L"), base)
                                  .as_object()
                                  .at("AttachedManagedPolicies")
                                  .as_array();
  ASSERT_EQ(managed.size(), 1u);
  EXPECT_EQ(managed[0].at("Name"), "ReadOnlyAccess");
  EXPECT_EQ(managed[0].at("Arn"), J(policy));
  sso_.AttachCustomerManagedPolicyReferenceToPermissionSet(
      Ctx("A"), with("CustomerManagedPolicyReference", json::object{{"Name", "mine"}}));
  const json::array refs = sso_.ListCustomerManagedPolicyReferencesInPermissionSet(Ctx("L"), base)
                               .as_object()
                               .at("CustomerManagedPolicyReferences")
                               .as_array();
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].at("Path"), "/");
  sso_.DetachManagedPolicyFromPermissionSet(Ctx("D"), with("ManagedPolicyArn", J(policy)));
  EXPECT_EQ(ErrorCode([&] {
              sso_.DetachManagedPolicyFromPermissionSet(Ctx("D"),
                                                        with("ManagedPolicyArn", J(policy)));
            }),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode([&] { sso_.GetPermissionsBoundaryForPermissionSet(Ctx("G"), base); }),
            "ResourceNotFoundException");
  sso_.PutPermissionsBoundaryToPermissionSet(
      Ctx("P"), with("PermissionsBoundary", json::object{{"ManagedPolicyArn", policy}}));
  EXPECT_EQ(sso_.GetPermissionsBoundaryForPermissionSet(Ctx("G"), base)
                .as_object()
                .at("PermissionsBoundary")
                .at("ManagedPolicyArn"),
            J(policy));
  EXPECT_EQ(sso_.GetInlinePolicyForPermissionSet(Ctx("G"), base).at("InlinePolicy"), "");
  EXPECT_EQ(ErrorCode([&] {
              sso_.PutInlinePolicyToPermissionSet(Ctx("P"), with("InlinePolicy", "not json"));
            }),
            "ValidationException");
  const std::string doc = R"({"Version":"2012-10-17","Statement":[]})";
  sso_.PutInlinePolicyToPermissionSet(Ctx("P"), with("InlinePolicy", J(doc)));
  EXPECT_EQ(sso_.GetInlinePolicyForPermissionSet(Ctx("G"), base).at("InlinePolicy"), J(doc));
}

TEST_F(SsoAdminProviderTest, AccountAssignmentSucceedsForAKnownPrincipalAndProvisions) {
  const std::string arn = NewInstance();
  const std::string store_id(Describe(arn).at("IdentityStoreId").as_string());
  const std::string user = "9067d2f8a2-11111111-2222-3333-4444-555555555555";
  identities_.principals.insert(store_id + "/USER/" + user);
  const std::string ps = NewPermissionSet(arn, "Dev");
  const json::object in{{"InstanceArn", arn},          {"TargetId", "444455556666"},
                        {"TargetType", "AWS_ACCOUNT"}, {"PermissionSetArn", ps},
                        {"PrincipalType", "USER"},     {"PrincipalId", user}};
  const json::object status = sso_.CreateAccountAssignment(Ctx("CreateAccountAssignment"), in)
                                  .as_object()
                                  .at("AccountAssignmentCreationStatus")
                                  .as_object();
  EXPECT_EQ(status.at("Status"), "IN_PROGRESS");
  const std::string request_id(status.at("RequestId").as_string());
  Settle();
  const json::object done =
      sso_.DescribeAccountAssignmentCreationStatus(
              Ctx("D"), {{"InstanceArn", arn}, {"AccountAssignmentCreationRequestId", request_id}})
          .as_object()
          .at("AccountAssignmentCreationStatus")
          .as_object();
  EXPECT_EQ(done.at("Status"), "SUCCEEDED");
  EXPECT_EQ(done.at("PrincipalId"), J(user));
  const json::array assignments =
      sso_.ListAccountAssignments(
              Ctx("L"),
              {{"InstanceArn", arn}, {"AccountId", "444455556666"}, {"PermissionSetArn", ps}})
          .as_object()
          .at("AccountAssignments")
          .as_array();
  ASSERT_EQ(assignments.size(), 1u);
  EXPECT_EQ(assignments[0].at("PrincipalType"), "USER");
  EXPECT_EQ(sso_.ListPermissionSetsProvisionedToAccount(
                    Ctx("L"), {{"InstanceArn", arn}, {"AccountId", "444455556666"}})
                .as_object()
                .at("PermissionSets")
                .as_array(),
            json::array{J(ps)});
  EXPECT_EQ(ErrorCode([&] {
              sso_.DeletePermissionSet(Ctx("D"), {{"InstanceArn", arn}, {"PermissionSetArn", ps}});
            }),
            "ConflictException");
  // A change makes the provisioned copy stale until ProvisionPermissionSet runs.
  sso_.UpdatePermissionSet(
      Ctx("U"), {{"InstanceArn", arn}, {"PermissionSetArn", ps}, {"Description", "changed"}});
  EXPECT_EQ(sso_.ListAccountsForProvisionedPermissionSet(
                    Ctx("L"), {{"InstanceArn", arn},
                               {"PermissionSetArn", ps},
                               {"ProvisioningStatus", "LATEST_PERMISSION_SET_NOT_PROVISIONED"}})
                .as_object()
                .at("AccountIds")
                .as_array()
                .size(),
            1u);
  const std::string provision_id(
      sso_.ProvisionPermissionSet(Ctx("P"), {{"InstanceArn", arn},
                                             {"PermissionSetArn", ps},
                                             {"TargetType", "ALL_PROVISIONED_ACCOUNTS"}})
          .as_object()
          .at("PermissionSetProvisioningStatus")
          .at("RequestId")
          .as_string());
  Settle();
  EXPECT_EQ(
      sso_.DescribePermissionSetProvisioningStatus(
              Ctx("D"), {{"InstanceArn", arn}, {"ProvisionPermissionSetRequestId", provision_id}})
          .as_object()
          .at("PermissionSetProvisioningStatus")
          .at("Status"),
      "SUCCEEDED");
  EXPECT_EQ(sso_.ListAccountsForProvisionedPermissionSet(
                    Ctx("L"), {{"InstanceArn", arn},
                               {"PermissionSetArn", ps},
                               {"ProvisioningStatus", "LATEST_PERMISSION_SET_PROVISIONED"}})
                .as_object()
                .at("AccountIds")
                .as_array(),
            json::array{json::value("444455556666")});
  // Deleting the assignment goes through its own status and unprovisions the account.
  const std::string deletion_id(sso_.DeleteAccountAssignment(Ctx("D"), in)
                                    .as_object()
                                    .at("AccountAssignmentDeletionStatus")
                                    .at("RequestId")
                                    .as_string());
  Settle();
  EXPECT_EQ(
      sso_.DescribeAccountAssignmentDeletionStatus(
              Ctx("D"), {{"InstanceArn", arn}, {"AccountAssignmentDeletionRequestId", deletion_id}})
          .as_object()
          .at("AccountAssignmentDeletionStatus")
          .at("Status"),
      "SUCCEEDED");
  EXPECT_TRUE(sso_.ListAccountsForProvisionedPermissionSet(
                      Ctx("L"), {{"InstanceArn", arn}, {"PermissionSetArn", ps}})
                  .as_object()
                  .at("AccountIds")
                  .as_array()
                  .empty());
  EXPECT_EQ(ErrorCode([&] { sso_.DeleteAccountAssignment(Ctx("D"), in); }),
            "ResourceNotFoundException");
  sso_.DeletePermissionSet(Ctx("D"), {{"InstanceArn", arn}, {"PermissionSetArn", ps}});
}

TEST_F(SsoAdminProviderTest, AccountAssignmentOfAnUnknownPrincipalFails) {
  const std::string arn = NewInstance();
  const std::string ps = NewPermissionSet(arn, "Dev");
  const std::string group = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  const json::object in{{"InstanceArn", arn},          {"TargetId", "444455556666"},
                        {"TargetType", "AWS_ACCOUNT"}, {"PermissionSetArn", ps},
                        {"PrincipalType", "GROUP"},    {"PrincipalId", group}};
  const std::string id(sso_.CreateAccountAssignment(Ctx("C"), in)
                           .as_object()
                           .at("AccountAssignmentCreationStatus")
                           .at("RequestId")
                           .as_string());
  Settle();
  const json::object status =
      sso_.DescribeAccountAssignmentCreationStatus(
              Ctx("D"), {{"InstanceArn", arn}, {"AccountAssignmentCreationRequestId", id}})
          .as_object()
          .at("AccountAssignmentCreationStatus")
          .as_object();
  EXPECT_EQ(status.at("Status"), "FAILED");
  EXPECT_NE(std::string(status.at("FailureReason").as_string()).find(group), std::string::npos);
  const json::array failed =
      sso_.ListAccountAssignmentCreationStatus(
              Ctx("L"), {{"InstanceArn", arn}, {"Filter", json::object{{"Status", "FAILED"}}}})
          .as_object()
          .at("AccountAssignmentsCreationStatus")
          .as_array();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].at("RequestId"), J(id));
  EXPECT_TRUE(
      sso_.ListAccountAssignmentsForPrincipal(
              Ctx("L"), {{"InstanceArn", arn}, {"PrincipalType", "GROUP"}, {"PrincipalId", group}})
          .as_object()
          .at("AccountAssignments")
          .as_array()
          .empty());
}

TEST_F(SsoAdminProviderTest, TagsOnInstancesAndPermissionSets) {
  const std::string arn =
      NewInstance({{"Tags", json::array{json::object{{"Key", "team"}, {"Value", "a"}}}}});
  const std::string ps = NewPermissionSet(arn, "Tagged");
  sso_.TagResource(Ctx("T"),
                   {{"InstanceArn", arn},
                    {"ResourceArn", ps},
                    {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}}});
  EXPECT_EQ(sso_.ListTagsForResource(Ctx("L"), {{"ResourceArn", ps}}).as_object().at("Tags"),
            (json::array{json::object{{"Key", "env"}, {"Value", "dev"}}}));
  EXPECT_EQ(sso_.ListTagsForResource(Ctx("L"), {{"ResourceArn", arn}}).as_object().at("Tags"),
            (json::array{json::object{{"Key", "team"}, {"Value", "a"}}}));
  sso_.UntagResource(Ctx("U"), {{"ResourceArn", ps}, {"TagKeys", json::array{"env"}}});
  EXPECT_TRUE(sso_.ListTagsForResource(Ctx("L"), {{"ResourceArn", ps}})
                  .as_object()
                  .at("Tags")
                  .as_array()
                  .empty());
  EXPECT_EQ(
      ErrorCode([&] {
        sso_.ListTagsForResource(Ctx("L"), {{"ResourceArn", arn + "x"}, {"InstanceArn", arn}});
      }),
      "ResourceNotFoundException");
}

TEST_F(SsoAdminProviderTest, DeletedOrganizationInstanceIsNotRecreated) {
  orgs_.membership[std::string(kAccount)] = {
      .id = "o-abcdefghij", .arn = "arn", .management_account = std::string(kAccount)};
  orgs_.sso_enabled.insert(std::string(kAccount));
  const std::string arn(sso_.ListInstances(Ctx("ListInstances"), {})
                            .as_object()
                            .at("Instances")
                            .as_array()[0]
                            .at("InstanceArn")
                            .as_string());
  sso_.DeleteInstance(Ctx("DeleteInstance"), {{"InstanceArn", arn}});
  Settle();
  EXPECT_TRUE(
      sso_.ListInstances(Ctx("ListInstances"), {}).as_object().at("Instances").as_array().empty());
}

TEST_F(SsoAdminProviderTest, ProvisioningToAnAccountNeedsATargetId) {
  const std::string arn = NewInstance();
  const std::string ps = NewPermissionSet(arn, "Prov");
  EXPECT_EQ(ErrorCode([&] {
              sso_.ProvisionPermissionSet(
                  Ctx("P"),
                  {{"InstanceArn", arn}, {"PermissionSetArn", ps}, {"TargetType", "AWS_ACCOUNT"}});
            }),
            "ValidationException");
  const json::object status = sso_.ProvisionPermissionSet(Ctx("P"), {{"InstanceArn", arn},
                                                                     {"PermissionSetArn", ps},
                                                                     {"TargetType", "AWS_ACCOUNT"},
                                                                     {"TargetId", "444455556666"}})
                                  .as_object()
                                  .at("PermissionSetProvisioningStatus")
                                  .as_object();
  EXPECT_EQ(status.at("Status"), "IN_PROGRESS");
  EXPECT_EQ(status.at("AccountId"), "444455556666");
  Settle();
  EXPECT_EQ(sso_.ListPermissionSetsProvisionedToAccount(
                    Ctx("L"), {{"InstanceArn", arn},
                               {"AccountId", "444455556666"},
                               {"ProvisioningStatus", "LATEST_PERMISSION_SET_PROVISIONED"}})
                .as_object()
                .at("PermissionSets")
                .as_array(),
            json::array{J(ps)});
}

// The model checks InstanceArn (length and pattern) before any handler runs.
class SsoAdminDispatchTest : public SsoAdminProviderTest {
 protected:
  void SetUp() override {
    static const core::model::ModelRegistry* models = new core::model::ModelRegistry();
    dispatcher_ = std::make_unique<core::Dispatcher>(
        core::DispatchConfig{.default_account = std::string(kAccount),
                             .default_region = "us-east-1"},
        *models, clock_, ids_);
    dispatcher_->AddService(std::make_unique<SsoAdminProvider>(rt_, keys_, orgs_, identities_));
  }

  core::HttpResponse Call(const std::string& op, const std::string& body) {
    core::HttpRequest request{.method = "POST",
                              .target = "/",
                              .headers = {{"Host", "localhost:4566"},
                                          {"Content-Type", "application/x-amz-json-1.1"},
                                          {"X-Amz-Target", "SWBExternalService." + op}},
                              .body = body};
    return dispatcher_->Handle(request).response;
  }

  std::unique_ptr<core::Dispatcher> dispatcher_;
};

TEST_F(SsoAdminDispatchTest, MalformedInstanceArnIsAValidationExceptionOnEveryOperation) {
  const std::string pattern =
      "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}";
  for (const std::string op :
       {"DescribeInstance", "DeleteInstance", "UpdateInstance", "ListPermissionSets"}) {
    const core::HttpResponse response =
        Call(op, R"({"InstanceArn":"arn:aws:sso:::instance/ssoins-short"})");
    EXPECT_EQ(response.status, 400) << op;
    const json::object body = json::parse(response.body).as_object();
    EXPECT_EQ(body.at("__type"), "ValidationException") << op;
    EXPECT_EQ(std::string(body.at("Message").as_string()),
              "1 validation error detected: Value 'arn:aws:sso:::instance/ssoins-short' at "
              "'instanceArn' failed to satisfy constraint: Member must satisfy regular "
              "expression pattern: " +
                  pattern)
        << op;
  }
  const core::HttpResponse too_short = Call("DescribeInstance", R"({"InstanceArn":"arn:x"})");
  EXPECT_EQ(std::string(json::parse(too_short.body).at("Message").as_string()),
            "2 validation errors detected: Value 'arn:x' at 'instanceArn' failed to satisfy "
            "constraint: Member must have length greater than or equal to 10; Value 'arn:x' at "
            "'instanceArn' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: " +
                pattern);
}

TEST_F(SsoAdminProviderTest, InstanceArnInChinaIsInTheAwsCnPartition) {
  const std::string arn(sso_.CreateInstance(Ctx("CreateInstance", kAccount, "cn-north-1"), {})
                            .at("InstanceArn")
                            .as_string());
  EXPECT_EQ(arn.rfind("arn:aws-cn:sso:::instance/ssoins-", 0), 0u) << arn;
  EXPECT_EQ(arn.size(), std::string("arn:aws-cn:sso:::instance/ssoins-").size() + 16);
}

TEST_F(SsoAdminProviderTest, PermissionSetArnInChinaIsInTheAwsCnPartition) {
  const core::RequestContext ctx = Ctx("CreatePermissionSet", kAccount, "cn-north-1");
  const std::string instance(sso_.CreateInstance(ctx, {}).at("InstanceArn").as_string());
  Settle();
  const std::string arn(sso_.CreatePermissionSet(ctx, {{"InstanceArn", instance}, {"Name", "ps"}})
                            .at("PermissionSet")
                            .at("PermissionSetArn")
                            .as_string());
  const std::string prefix =
      "arn:aws-cn:sso:::permissionSet/" + instance.substr(instance.rfind('/') + 1) + "/ps-";
  EXPECT_EQ(arn.rfind(prefix, 0), 0u) << arn;
  EXPECT_EQ(arn.size(), prefix.size() + 16);
}

}  // namespace
}  // namespace nimbus::sso_admin
