// The trust policy evaluation of AssumeRole under --sigv4 verify, as a pure function.
#include "services/sts/trust_policy.h"

#include <gtest/gtest.h>

namespace nimbus::sts {
namespace {

core::Caller User(std::string_view account, std::string_view name) {
  return {.access_key_id = "AKIAEXAMPLE",
          .account = std::string(account),
          .arn = "arn:aws:iam::" + std::string(account) + ":user/" + std::string(name),
          .user_id = "AIDAEXAMPLE"};
}

std::string Trusting(std::string_view principal, std::string_view effect = "Allow") {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":")" + std::string(effect) +
         R"(","Principal":)" + std::string(principal) + R"(,"Action":"sts:AssumeRole"}]})";
}

TEST(TrustPolicyTest, AnAccountPrincipalAllowsAUserOfThatAccount) {
  EXPECT_TRUE(TrustAllows(Trusting(R"({"AWS":"arn:aws:iam::111122223333:root"})"),
                          User("111122223333", "alice")));
}

TEST(TrustPolicyTest, AnAccountPrincipalRefusesAUserOfAnotherAccount) {
  EXPECT_FALSE(TrustAllows(Trusting(R"({"AWS":"111122223333"})"), User("444455556666", "bob")));
}

TEST(TrustPolicyTest, AServicePrincipalRefusesAUser) {
  EXPECT_FALSE(TrustAllows(Trusting(R"({"Service":"lambda.amazonaws.com"})"),
                           User("111122223333", "alice")));
}

TEST(TrustPolicyTest, AUserArnPrincipalAllowsThatUserOnly) {
  const std::string policy = Trusting(R"({"AWS":["arn:aws:iam::111122223333:user/alice"]})");
  EXPECT_TRUE(TrustAllows(policy, User("111122223333", "alice")));
  EXPECT_FALSE(TrustAllows(policy, User("111122223333", "mallory")));
}

TEST(TrustPolicyTest, ARoleArnPrincipalAllowsASessionOfThatRole) {
  const core::Caller session{.access_key_id = "ASIAEXAMPLE",
                             .account = "111122223333",
                             .arn = "arn:aws:sts::111122223333:assumed-role/deployer/s1",
                             .user_id = "AROAEXAMPLE:s1",
                             .temporary = true};
  EXPECT_TRUE(
      TrustAllows(Trusting(R"({"AWS":"arn:aws:iam::111122223333:role/ci/deployer"})"), session));
}

TEST(TrustPolicyTest, ADenyForTheCallerWinsOverAnAllow) {
  const std::string policy =
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},)"
      R"({"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"sts:*"}]})";
  EXPECT_FALSE(TrustAllows(policy, User("111122223333", "alice")));
}

TEST(TrustPolicyTest, AStatementForAnotherActionDoesNotAllow) {
  EXPECT_FALSE(
      TrustAllows(R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:TagSession"}})",
                  User("111122223333", "alice")));
}

}  // namespace
}  // namespace nimbus::sts
