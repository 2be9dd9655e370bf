// Organizations policies through the dispatcher with self-check on: SCPs and the AWS managed
// FullAWSAccess, attachments, management policies and their effective policy, policy tags.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "services/organizations/org_test_support.h"
#include "testing/runtime.h"

namespace nimbus::organizations {
namespace {

namespace json = boost::json;
using test::ErrorOf;
using testing::kManager;

constexpr std::string_view kScp =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]})";
constexpr std::string_view kFullAwsAccessContent =
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
    "      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

class OrganizationsPoliciesTest : public testing::OrganizationsTest {
 protected:
  void Enable(std::string_view root, std::string_view type) {
    Call("EnablePolicyType", {{"RootId", root}, {"PolicyType", type}});
  }

  std::string CreatePolicy(std::string_view name, std::string_view type, std::string_view content) {
    return std::string(
        Call("CreatePolicy",
             {{"Name", name}, {"Description", "d"}, {"Type", type}, {"Content", content}})
            .at("Policy")
            .at("PolicySummary")
            .at("Id")
            .as_string());
  }

  void Attach(std::string_view policy, std::string_view target) {
    Call("AttachPolicy", {{"PolicyId", policy}, {"TargetId", target}});
  }

  // The ids of the target's policies of `type`.
  std::vector<std::string> PoliciesFor(std::string_view target,
                                       std::string_view type = "SERVICE_CONTROL_POLICY") {
    const json::value out = Call("ListPoliciesForTarget", {{"TargetId", target}, {"Filter", type}});
    std::vector<std::string> ids;
    for (const json::value& p : out.at("Policies").as_array()) {
      ids.emplace_back(p.at("Id").as_string());
    }
    return ids;
  }

  json::object EffectiveTagPolicy(std::string_view account) {
    const json::value out =
        Call("DescribeEffectivePolicy", {{"PolicyType", "TAG_POLICY"}, {"TargetId", account}});
    return json::parse(out.at("EffectivePolicy").at("PolicyContent").as_string()).as_object();
  }
};

using Ids = std::vector<std::string>;

TEST_F(OrganizationsPoliciesTest, EnablingScpsAttachesFullAwsAccessToTheRootEveryOuAndAccount) {
  const std::string root = CreateOrg();
  const std::string ou = CreateOu(root, "prod");
  const std::string member = CreateMember("dev");
  Enable(root, "SERVICE_CONTROL_POLICY");
  EXPECT_EQ(PoliciesFor(root), Ids{"p-FullAWSAccess"});
  EXPECT_EQ(PoliciesFor(ou), Ids{"p-FullAWSAccess"});
  EXPECT_EQ(PoliciesFor(member), Ids{"p-FullAWSAccess"});
  EXPECT_EQ(PoliciesFor(std::string(kManager)), Ids{"p-FullAWSAccess"});
}

TEST_F(OrganizationsPoliciesTest, OusAndAccountsCreatedAfterEnablementGetFullAwsAccess) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  EXPECT_EQ(PoliciesFor(CreateOu(root, "prod")), Ids{"p-FullAWSAccess"});
  EXPECT_EQ(PoliciesFor(CreateMember("dev")), Ids{"p-FullAWSAccess"});
}

TEST_F(OrganizationsPoliciesTest, FullAwsAccessIsAwsManagedWithItsContentAndArn) {
  CreateOrg();
  const json::value policy = Call("DescribePolicy", {{"PolicyId", "p-FullAWSAccess"}}).at("Policy");
  EXPECT_EQ(policy.at("PolicySummary"),
            (json::object{{"Id", "p-FullAWSAccess"},
                          {"Arn",
                           "arn:aws:organizations::aws:policy/service_control_policy/"
                           "p-FullAWSAccess"},
                          {"Name", "FullAWSAccess"},
                          {"Description", "Allows access to every operation"},
                          {"Type", "SERVICE_CONTROL_POLICY"},
                          {"AwsManaged", true}}));
  EXPECT_EQ(policy.at("Content").as_string(), kFullAwsAccessContent);
}

TEST_F(OrganizationsPoliciesTest, CreatePolicyAnswersItsSummaryArnAndContent) {
  CreateOrg();
  const json::value org = Call("DescribeOrganization").at("Organization");
  const json::value policy = Call("CreatePolicy", {{"Name", "deny-s3"},
                                                   {"Description", "no S3"},
                                                   {"Type", "SERVICE_CONTROL_POLICY"},
                                                   {"Content", kScp}})
                                 .at("Policy");
  const std::string id(policy.at("PolicySummary").at("Id").as_string());
  EXPECT_EQ(id.size(), 10u);
  EXPECT_EQ(id.substr(0, 2), "p-");
  EXPECT_EQ(policy.at("PolicySummary").at("Arn").as_string(),
            "arn:aws:organizations::111122223333:policy/" + std::string(org.at("Id").as_string()) +
                "/service_control_policy/" + id);
  EXPECT_EQ(policy.at("PolicySummary").at("AwsManaged"), false);
  EXPECT_EQ(policy.at("Content").as_string(), kScp);
  EXPECT_EQ(Call("DescribePolicy", {{"PolicyId", id}}).at("Policy"), policy);
}

TEST_F(OrganizationsPoliciesTest, CreateScpWithoutEffectIsMalformedPolicyDocument) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    CreatePolicy("bad", "SERVICE_CONTROL_POLICY",
                 R"({"Version":"2012-10-17","Statement":[{"Action":"*","Resource":"*"}]})");
  });
  EXPECT_EQ(e.code(), "MalformedPolicyDocumentException");
  EXPECT_STREQ(e.what(),
               "The provided policy document does not meet the requirements of the specified "
               "policy type.");
}

TEST_F(OrganizationsPoliciesTest, CreateScpWithAPrincipalIsMalformedPolicyDocument) {
  CreateOrg();
  EXPECT_EQ(ErrorOf([&] {
              CreatePolicy("bad", "SERVICE_CONTROL_POLICY",
                           R"({"Statement":{"Effect":"Deny","Principal":"*","Action":"*"}})");
            }).code(),
            "MalformedPolicyDocumentException");
}

TEST_F(OrganizationsPoliciesTest, CreateScpOver5120CharactersIsPolicyContentLimitExceeded) {
  CreateOrg();
  const std::string content = R"({"Statement":[{"Effect":"Deny","Action":")" +
                              std::string(5100, 'a') + R"(","Resource":"*"}]})";
  const core::AwsError e = ErrorOf([&] { CreatePolicy("big", "SERVICE_CONTROL_POLICY", content); });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "POLICY_CONTENT_LIMIT_EXCEEDED"}}));
}

TEST_F(OrganizationsPoliciesTest, CreateTagPolicyThatIsNotAJsonObjectIsMalformed) {
  CreateOrg();
  EXPECT_EQ(ErrorOf([&] { CreatePolicy("tags", "TAG_POLICY", "[1, 2]"); }).code(),
            "MalformedPolicyDocumentException");
}

TEST_F(OrganizationsPoliciesTest, CreateTagPolicyWithAnUnknownOperatorIsMalformed) {
  CreateOrg();
  EXPECT_EQ(ErrorOf([&] {
              CreatePolicy("tags", "TAG_POLICY",
                           R"({"tags":{"team":{"tag_key":{"@@replace":"Team"}}}})");
            }).code(),
            "MalformedPolicyDocumentException");
}

TEST_F(OrganizationsPoliciesTest, SecondPolicyOfTheSameNameIsDuplicatePolicy) {
  CreateOrg();
  CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  EXPECT_EQ(ErrorOf([&] { CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp); }).code(),
            "DuplicatePolicyException");
}

TEST_F(OrganizationsPoliciesTest, AttachingBeforeTheTypeIsEnabledIsPolicyTypeNotEnabled) {
  const std::string root = CreateOrg();
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  EXPECT_EQ(ErrorOf([&] { Attach(policy, root); }).code(), "PolicyTypeNotEnabledException");
}

TEST_F(OrganizationsPoliciesTest, AttachingTwiceIsDuplicatePolicyAttachment) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  Attach(policy, root);
  EXPECT_EQ(ErrorOf([&] { Attach(policy, root); }).code(), "DuplicatePolicyAttachmentException");
}

TEST_F(OrganizationsPoliciesTest, AttachingToAnUnknownOuIsTargetNotFound) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  EXPECT_EQ(ErrorOf([&] { Attach(policy, "ou-abcd-12345678"); }).code(), "TargetNotFoundException");
}

TEST_F(OrganizationsPoliciesTest, AttachingASixthScpIsMaxPolicyTypeAttachmentLimitExceeded) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  for (int i = 0; i < 4; ++i) {
    Attach(CreatePolicy("scp" + std::to_string(i), "SERVICE_CONTROL_POLICY", kScp), root);
  }
  const std::string sixth = CreatePolicy("scp-last", "SERVICE_CONTROL_POLICY", kScp);
  const core::AwsError e = ErrorOf([&] { Attach(sixth, root); });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"}}));
}

TEST_F(OrganizationsPoliciesTest, DeletingAnAttachedPolicyIsPolicyInUse) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  Attach(policy, root);
  EXPECT_EQ(ErrorOf([&] {
              Call("DeletePolicy", {{"PolicyId", policy}});
            }).code(),
            "PolicyInUseException");
}

TEST_F(OrganizationsPoliciesTest, DetachedPolicyCanBeDeleted) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  Attach(policy, root);
  Call("DetachPolicy", {{"PolicyId", policy}, {"TargetId", root}});
  Call("DeletePolicy", {{"PolicyId", policy}});
  EXPECT_EQ(ErrorOf([&] {
              Call("DescribePolicy", {{"PolicyId", policy}});
            }).code(),
            "PolicyNotFoundException");
}

TEST_F(OrganizationsPoliciesTest, DetachingTheLastScpIsMinPolicyTypeAttachmentLimitExceeded) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const core::AwsError e = ErrorOf([&] {
    Call("DetachPolicy", {{"PolicyId", "p-FullAWSAccess"}, {"TargetId", root}});
  });
  EXPECT_EQ(e.code(), "ConstraintViolationException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"}}));
  EXPECT_EQ(PoliciesFor(root), Ids{"p-FullAWSAccess"});
}

TEST_F(OrganizationsPoliciesTest, DetachingAPolicyThatIsNotAttachedIsPolicyNotAttached) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  EXPECT_EQ(ErrorOf([&] {
              Call("DetachPolicy", {{"PolicyId", policy}, {"TargetId", root}});
            }).code(),
            "PolicyNotAttachedException");
}

TEST_F(OrganizationsPoliciesTest, RcpFullAwsAccessCannotBeDetached) {
  const std::string root = CreateOrg();
  Enable(root, "RESOURCE_CONTROL_POLICY");
  EXPECT_EQ(PoliciesFor(root, "RESOURCE_CONTROL_POLICY"), Ids{"p-RCPFullAWSAccess"});
  const core::AwsError e = ErrorOf([&] {
    Call("DetachPolicy", {{"PolicyId", "p-RCPFullAWSAccess"}, {"TargetId", root}});
  });
  EXPECT_EQ(e.code(), "InvalidInputException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "NON_DETACHABLE_POLICY"}}));
}

TEST_F(OrganizationsPoliciesTest, UpdatingFullAwsAccessIsImmutablePolicy) {
  CreateOrg();
  const core::AwsError e = ErrorOf([&] {
    Call("UpdatePolicy", {{"PolicyId", "p-FullAWSAccess"}, {"Name", "x"}});
  });
  EXPECT_EQ(e.code(), "InvalidInputException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "IMMUTABLE_POLICY"}}));
}

TEST_F(OrganizationsPoliciesTest, UpdatePolicyChangesNameDescriptionAndContent) {
  CreateOrg();
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  const std::string content =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]})";
  Call("UpdatePolicy", {{"PolicyId", policy},
                        {"Name", "deny-ec2"},
                        {"Description", "no EC2"},
                        {"Content", content}});
  const json::value described = Call("DescribePolicy", {{"PolicyId", policy}}).at("Policy");
  EXPECT_EQ(described.at("PolicySummary").at("Name"), "deny-ec2");
  EXPECT_EQ(described.at("PolicySummary").at("Description"), "no EC2");
  EXPECT_EQ(described.at("Content").as_string(), content);
}

TEST_F(OrganizationsPoliciesTest, ListPoliciesPagesThroughTheManagedAndCustomerPolicies) {
  CreateOrg();
  std::vector<std::string> expected = {"p-FullAWSAccess"};
  for (int i = 0; i < 3; ++i) {
    expected.push_back(CreatePolicy("scp" + std::to_string(i), "SERVICE_CONTROL_POLICY", kScp));
  }
  CreatePolicy("tags", "TAG_POLICY", R"({"tags":{}})");
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> seen;
  std::string token;
  do {
    json::object in{{"Filter", "SERVICE_CONTROL_POLICY"}, {"MaxResults", 2}};
    if (!token.empty()) in["NextToken"] = token;
    const json::value out = Call("ListPolicies", in);
    EXPECT_LE(out.at("Policies").as_array().size(), 2u);
    for (const json::value& p : out.at("Policies").as_array())
      seen.emplace_back(p.at("Id").as_string());
    token =
        out.as_object().contains("NextToken") ? std::string(out.at("NextToken").as_string()) : "";
  } while (!token.empty());
  EXPECT_EQ(seen, expected);
}

TEST_F(OrganizationsPoliciesTest, ListTargetsForPolicyNamesEachTarget) {
  const std::string root = CreateOrg();
  const std::string ou = CreateOu(root, "prod");
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  Attach(policy, ou);
  Attach(policy, std::string(kManager));
  const json::value targets = Call("ListTargetsForPolicy", {{"PolicyId", policy}}).at("Targets");
  ASSERT_EQ(targets.as_array().size(), 2u);
  EXPECT_EQ(targets.at(0).at("TargetId").as_string(), kManager);
  EXPECT_EQ(targets.at(0).at("Type"), "ACCOUNT");
  EXPECT_EQ(targets.at(0).at("Name"), "Management Account");
  EXPECT_EQ(targets.at(1).at("TargetId").as_string(), ou);
  EXPECT_EQ(targets.at(1).at("Type"), "ORGANIZATIONAL_UNIT");
  EXPECT_EQ(targets.at(1).at("Name"), "prod");
}

TEST_F(OrganizationsPoliciesTest, DisablingScpsDetachesEveryScp) {
  const std::string root = CreateOrg();
  Enable(root, "SERVICE_CONTROL_POLICY");
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  Attach(policy, root);
  Call("DisablePolicyType", {{"RootId", root}, {"PolicyType", "SERVICE_CONTROL_POLICY"}});
  EXPECT_EQ(PoliciesFor(root), Ids{});
  EXPECT_EQ(Call("ListTargetsForPolicy", {{"PolicyId", policy}}).at("Targets"), json::array{});
}

TEST_F(OrganizationsPoliciesTest, EffectiveTagPolicyMergesTheRootsAndTheOusPolicies) {
  const std::string root = CreateOrg();
  Enable(root, "TAG_POLICY");
  const std::string ou = CreateOu(root, "prod");
  const std::string member = CreateMember("dev");
  Call("MoveAccount",
       {{"AccountId", member}, {"SourceParentId", root}, {"DestinationParentId", ou}});
  Attach(CreatePolicy("root-tags", "TAG_POLICY",
                      R"({"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},
                          "tag_value":{"@@assign":["100","200"]}}}})"),
         root);
  Attach(CreatePolicy("ou-tags", "TAG_POLICY",
                      R"({"tags":{"costcenter":{"tag_value":{"@@append":["300"]}},
                          "project":{"tag_key":{"@@assign":"Project"}}}})"),
         ou);
  EXPECT_EQ(EffectiveTagPolicy(member),
            json::parse(R"({"tags":{"costcenter":{"tag_key":"CostCenter",
                "tag_value":["100","200","300"]},"project":{"tag_key":"Project"}}})"));
  EXPECT_EQ(EffectiveTagPolicy(kManager),
            json::parse(R"({"tags":{"costcenter":{"tag_key":"CostCenter",
                "tag_value":["100","200"]}}})"));
}

TEST_F(OrganizationsPoliciesTest, EffectivePolicyWithNoneAttachedIsEffectivePolicyNotFound) {
  const std::string root = CreateOrg();
  Enable(root, "TAG_POLICY");
  EXPECT_EQ(ErrorOf([&] {
              Call("DescribeEffectivePolicy",
                   {{"PolicyType", "TAG_POLICY"}, {"TargetId", std::string(kManager)}});
            }).code(),
            "EffectivePolicyNotFoundException");
}

TEST_F(OrganizationsPoliciesTest, EffectivePolicyOfAnOuIsTargetNotSupported) {
  const std::string root = CreateOrg();
  const std::string ou = CreateOu(root, "prod");
  const core::AwsError e = ErrorOf([&] {
    Call("DescribeEffectivePolicy", {{"PolicyType", "TAG_POLICY"}, {"TargetId", ou}});
  });
  EXPECT_EQ(e.code(), "InvalidInputException");
  EXPECT_EQ(e.members(), (json::object{{"Reason", "TARGET_NOT_SUPPORTED"}}));
}

TEST_F(OrganizationsPoliciesTest, PolicyTagsAreListedAndRemoved) {
  CreateOrg();
  const std::string policy = CreatePolicy("deny-s3", "SERVICE_CONTROL_POLICY", kScp);
  Call("TagResource", {{"ResourceId", policy},
                       {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "a"}}}}});
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceId", policy}}).at("Tags"),
            (json::array{json::object{{"Key", "team"}, {"Value", "a"}}}));
  Call("UntagResource", {{"ResourceId", policy}, {"TagKeys", json::array{"team"}}});
  EXPECT_EQ(Call("ListTagsForResource", {{"ResourceId", policy}}).at("Tags"), json::array{});
}

}  // namespace
}  // namespace nimbus::organizations
