// IAM's checks of policy documents, as pure functions.
#include "services/iam/policy_document.h"

#include <gtest/gtest.h>

namespace nimbus::iam {
namespace {

constexpr std::string_view kIdentity =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})";
constexpr std::string_view kTrust =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}})";

TEST(PolicyDocumentTest, AnIdentityPolicyWithActionAndResourceIsAccepted) {
  EXPECT_EQ(PolicyDocumentProblem(kIdentity, PolicyKind::kIdentity), std::nullopt);
}

TEST(PolicyDocumentTest, ATrustPolicyWithASingleStatementObjectIsAccepted) {
  EXPECT_EQ(PolicyDocumentProblem(kTrust, PolicyKind::kTrust), std::nullopt);
}

TEST(PolicyDocumentTest, TextThatIsNotJsonIsASyntaxError) {
  EXPECT_EQ(PolicyDocumentProblem("{not json", PolicyKind::kIdentity), "Syntax errors in policy.");
}

TEST(PolicyDocumentTest, AnUnknownVersionFailsLegacyParsing) {
  EXPECT_EQ(
      PolicyDocumentProblem(
          R"({"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
          PolicyKind::kIdentity),
      "The policy failed legacy parsing");
}

TEST(PolicyDocumentTest, APrincipalInAnIdentityPolicyIsRefused) {
  EXPECT_EQ(PolicyDocumentProblem(kTrust, PolicyKind::kIdentity),
            "Policy document should not specify a principal.");
}

TEST(PolicyDocumentTest, AResourceInATrustPolicyIsAProhibitedField) {
  EXPECT_EQ(PolicyDocumentProblem(kIdentity, PolicyKind::kTrust), "Has prohibited field Resource");
}

TEST(PolicyDocumentTest, AnIdentityStatementWithoutResourceMustContainResources) {
  EXPECT_EQ(PolicyDocumentProblem(
                R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]})",
                PolicyKind::kIdentity),
            "Policy statement must contain resources.");
}

TEST(PolicyDocumentTest, AnEffectOtherThanAllowOrDenyIsASyntaxError) {
  EXPECT_EQ(
      PolicyDocumentProblem(
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]})",
          PolicyKind::kIdentity),
      "Syntax errors in policy.");
}

TEST(PolicyDocumentTest, AnActionWithoutAVendorPrefixIsRefused) {
  EXPECT_EQ(
      PolicyDocumentProblem(
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]})",
          PolicyKind::kIdentity),
      "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
}

TEST(PolicyDocumentTest, APrincipalOfAnUnknownTypeIsInvalidAndNamed) {
  EXPECT_EQ(
      PolicyDocumentProblem(
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Robot":"r2"},"Action":"sts:AssumeRole"}]})",
          PolicyKind::kTrust),
      R"(Invalid principal in policy: "Robot":"r2")");
}

TEST(PolicyDocumentTest, APrincipalStringOtherThanAStarIsInvalid) {
  EXPECT_EQ(
      PolicyDocumentProblem(
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"ec2","Action":"sts:AssumeRole"}]})",
          PolicyKind::kTrust),
      "Invalid principal in policy");
}

TEST(PolicyDocumentTest, PolicySizeDoesNotCountWhitespace) {
  EXPECT_EQ(PolicySize("{ \"a\" :\n 1 }"), 7u);
}

}  // namespace
}  // namespace nimbus::iam
