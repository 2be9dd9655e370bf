// AWS::SSO::PermissionSet: made with its policies, changed, read back and deleted through SSO
// Admin.
#include "cloudformation/resources/sso_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
constexpr std::string_view kBilling = "arn:aws:iam::aws:policy/job-function/Billing";

class PermissionSetResourceTest : public testing::SsoResourceTest {
 protected:
  PermissionSetResourceTest() : SsoResourceTest("AWS::SSO::PermissionSet") { MakeInstance(); }

  json::object Props(json::object more = {}) {
    more["InstanceArn"] = instance_arn_;
    if (!more.contains("Name")) more["Name"] = "Admins";
    return more;
  }
  std::string ArnOf(std::string_view physical_id) {
    return std::string(physical_id.substr(physical_id.find('|') + 1));
  }
  json::object Target(std::string_view physical_id) {
    return {{"InstanceArn", instance_arn_}, {"PermissionSetArn", ArnOf(physical_id)}};
  }
  json::object Described(std::string_view physical_id) {
    return Sso("DescribePermissionSet", Target(physical_id)).at("PermissionSet").as_object();
  }
  json::array ManagedArns(std::string_view physical_id) {
    const json::value listed = Sso("ListManagedPoliciesInPermissionSet", Target(physical_id));
    json::array arns;
    for (const json::value& p : listed.at("AttachedManagedPolicies").as_array()) {
      arns.push_back(p.at("Arn"));
    }
    return arns;
  }
  std::string InlinePolicy(std::string_view physical_id) {
    return std::string(
        Sso("GetInlinePolicyForPermissionSet", Target(physical_id)).at("InlinePolicy").as_string());
  }
};

TEST_F(PermissionSetResourceTest, CreateMakesAPermissionSetVisibleThroughSsoAdmin) {
  const ResourceResult made = handler_->Create(Request(Props(
      {{"Description", "admins"}, {"SessionDuration", "PT8H"}, {"RelayStateType", "https://x/"}})));
  const json::object ps = Described(made.physical_id);
  EXPECT_EQ(ps.at("Name"), "Admins");
  EXPECT_EQ(ps.at("Description"), "admins");
  EXPECT_EQ(ps.at("SessionDuration"), "PT8H");
  EXPECT_EQ(ps.at("RelayState"), "https://x/");
}

TEST_F(PermissionSetResourceTest, ThePhysicalIdAndRefAreInstanceArnBarPermissionSetArn) {
  const ResourceResult made = handler_->Create(Request(Props()));
  const std::string arn = ArnOf(made.physical_id);
  EXPECT_EQ(arn.substr(0, 27), "arn:aws:sso:::permissionSet");
  EXPECT_EQ(made.physical_id, instance_arn_ + "|" + arn);
  EXPECT_EQ(handler_->Ref(made.physical_id), json::value(instance_arn_ + "|" + arn));
}

TEST_F(PermissionSetResourceTest, GetAttPermissionSetArnIsReadFromSsoAdmin) {
  const ResourceResult made = handler_->Create(Request(Props()));
  EXPECT_EQ(handler_->Attribute(Request({}), made.physical_id, "PermissionSetArn"),
            json::value(ArnOf(made.physical_id)));
  EXPECT_FALSE(handler_->Attribute(Request({}), made.physical_id, "Name"));
}

TEST_F(PermissionSetResourceTest, ManagedPoliciesAreAttached) {
  const ResourceResult made =
      handler_->Create(Request(Props({{"ManagedPolicies", json::array{kReadOnly, kBilling}}})));
  EXPECT_EQ(ManagedArns(made.physical_id).size(), 2u);
}

TEST_F(PermissionSetResourceTest, CustomerManagedReferencesAreAttachedWithTheDefaultPath) {
  const ResourceResult made =
      handler_->Create(Request(Props({{"CustomerManagedPolicyReferences", {{{"Name", "mine"}}}}})));
  const json::value refs =
      Sso("ListCustomerManagedPolicyReferencesInPermissionSet", Target(made.physical_id));
  EXPECT_EQ(refs.at("CustomerManagedPolicyReferences"),
            json::parse(R"([{"Name":"mine","Path":"/"}])"));
}

TEST_F(PermissionSetResourceTest, AnInlinePolicyObjectIsPutAsItsJsonText) {
  const json::value policy = json::parse(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})");
  const ResourceResult made = handler_->Create(Request(Props({{"InlinePolicy", policy}})));
  EXPECT_EQ(json::parse(InlinePolicy(made.physical_id)), policy);
}

TEST_F(PermissionSetResourceTest, AnInlinePolicyStringIsPutAsGiven) {
  const std::string text = R"({"Version":"2012-10-17","Statement":[]})";
  const ResourceResult made = handler_->Create(Request(Props({{"InlinePolicy", text}})));
  EXPECT_EQ(InlinePolicy(made.physical_id), text);
}

TEST_F(PermissionSetResourceTest, APermissionsBoundaryIsPut) {
  const ResourceResult made = handler_->Create(
      Request(Props({{"PermissionsBoundary", {{"ManagedPolicyArn", kReadOnly}}}})));
  EXPECT_EQ(Sso("GetPermissionsBoundaryForPermissionSet", Target(made.physical_id))
                .at("PermissionsBoundary")
                .at("ManagedPolicyArn"),
            json::value(kReadOnly));
}

TEST_F(PermissionSetResourceTest, TagsAreTheResourcesAndCloudFormations) {
  const ResourceResult made =
      handler_->Create(Request(Props({{"Tags", {{{"Key", "team"}, {"Value", "red"}}}}}), "PS"));
  const json::value tags = Sso("ListTagsForResource", {{"InstanceArn", instance_arn_},
                                                       {"ResourceArn", ArnOf(made.physical_id)}});
  EXPECT_EQ(tags.at("Tags"), json::parse(R"([
              {"Key":"aws:cloudformation:logical-id","Value":"PS"},
              {"Key":"aws:cloudformation:stack-id",
               "Value":"arn:aws:cloudformation:us-east-1:111122223333:stack/app/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"},
              {"Key":"aws:cloudformation:stack-name","Value":"app"},
              {"Key":"team","Value":"red"}])"));
}

TEST_F(PermissionSetResourceTest, ATakenNameFailsWithSsoAdminsConflict) {
  MakePermissionSet("Admins");
  const core::AwsError error = test::ErrorOf([&] { handler_->Create(Request(Props())); });
  EXPECT_EQ(error.code(), "ConflictException");
  EXPECT_STREQ(error.what(), "PermissionSet with name Admins already exists.");
}

TEST_F(PermissionSetResourceTest, APolicyTheServiceRefusesLeavesNoPermissionSetBehind) {
  EXPECT_EQ(test::ErrorOf([&] {
              handler_->Create(Request(Props({{"InlinePolicy", "not json"}})));
            }).code(),
            "ValidationException");
  EXPECT_EQ(Sso("ListPermissionSets", {{"InstanceArn", instance_arn_}})
                .at("PermissionSets")
                .as_array()
                .size(),
            0u);
}

TEST_F(PermissionSetResourceTest, UpdateChangesSettingsAndPolicies) {
  const json::object before =
      Props({{"ManagedPolicies", json::array{kReadOnly}}, {"InlinePolicy", "{}"}});
  const ResourceResult made = handler_->Create(Request(before));
  handler_->Update(
      Request(Props({{"SessionDuration", "PT2H"}, {"ManagedPolicies", json::array{kBilling}}})),
      made.physical_id, before);
  EXPECT_EQ(Described(made.physical_id).at("SessionDuration"), "PT2H");
  EXPECT_EQ(ManagedArns(made.physical_id), json::array{kBilling});
  EXPECT_EQ(InlinePolicy(made.physical_id), "");
}

TEST_F(PermissionSetResourceTest, UpdateProvisionsThePermissionSetAgain) {
  const ResourceResult made = handler_->Create(Request(Props()));
  handler_->Update(Request(Props({{"Description", "d"}})), made.physical_id, Props());
  const json::value listed =
      Sso("ListPermissionSetProvisioningStatus", {{"InstanceArn", instance_arn_}});
  EXPECT_EQ(listed.at("PermissionSetsProvisioningStatus").as_array().size(), 1u);
}

TEST_F(PermissionSetResourceTest, DeleteRemovesThePermissionSet) {
  const ResourceResult made = handler_->Create(Request(Props()));
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_EQ(test::ErrorOf([&] { Described(made.physical_id); }).code(),
            "ResourceNotFoundException");
}

TEST_F(PermissionSetResourceTest, DeletingAPermissionSetThatIsGoneSucceeds) {
  const ResourceResult made = handler_->Create(Request(Props()));
  handler_->Delete(Request({}), made.physical_id);
  EXPECT_NO_THROW(handler_->Delete(Request({}), made.physical_id));
}

TEST_F(PermissionSetResourceTest, MissingNameAndInstanceArnAreNamedInTheSchemasOrder) {
  EXPECT_EQ(ValidationMessage({}),
            "Property validation failure: [The property {/Name} is required, The property "
            "{/InstanceArn} is required]");
}

TEST_F(PermissionSetResourceTest, AListInlinePolicyIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage(Props({{"InlinePolicy", json::array{}}})),
            "Property validation failure: [Value of property {/InlinePolicy} does not match type "
            "{Json}]");
}

TEST_F(PermissionSetResourceTest, AStringManagedPoliciesIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage(Props({{"ManagedPolicies", kReadOnly}})),
            "Property validation failure: [Value of property {/ManagedPolicies} does not match "
            "type {JSONArray}]");
}

}  // namespace
}  // namespace nimbus::cloudformation
