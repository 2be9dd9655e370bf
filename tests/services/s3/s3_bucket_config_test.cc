#include <gtest/gtest.h>

#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3BucketConfigTest : public S3Test {
 protected:
  void SetUp() override { MakeBucket("conf"); }

  core::AwsError PolicyError(const std::string& policy) {
    return test::ErrorOf([&] { S3("PutBucketPolicy", {{"Bucket", "conf"}, {"Policy", policy}}); });
  }
  // A policy of one statement with these members, Effect Allow unless given.
  static std::string Policy(const std::string& statement) {
    return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)" + statement + "}]}";
  }
};

constexpr char kReadPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
    R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::conf/*"}]})";

TEST_F(S3BucketConfigTest, GetBucketPolicyAnswersThePolicyAsPut) {
  S3("PutBucketPolicy", {{"Bucket", "conf"}, {"Policy", kReadPolicy}});
  EXPECT_EQ(S3("GetBucketPolicy", {{"Bucket", "conf"}}).at("Policy"), kReadPolicy);
}

TEST_F(S3BucketConfigTest, GetBucketPolicyOfNoneIsNoSuchBucketPolicy) {
  const core::AwsError error = test::ErrorOf([&] { S3("GetBucketPolicy", {{"Bucket", "conf"}}); });
  EXPECT_EQ(error.code(), "NoSuchBucketPolicy");
  EXPECT_EQ(error.message(), "The bucket policy does not exist");
  EXPECT_EQ(error.members().at("BucketName"), "conf");
}

TEST_F(S3BucketConfigTest, DeleteBucketPolicyRemovesThePolicy) {
  S3("PutBucketPolicy", {{"Bucket", "conf"}, {"Policy", kReadPolicy}});
  S3("DeleteBucketPolicy", {{"Bucket", "conf"}});
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketPolicy", {{"Bucket", "conf"}}); }).code(),
            "NoSuchBucketPolicy");
}

TEST_F(S3BucketConfigTest, PolicyNotStartingWithABraceIsMalformedPolicy) {
  const core::AwsError error = PolicyError(" []");
  EXPECT_EQ(error.code(), "MalformedPolicy");
  EXPECT_EQ(error.message(), "Policies must be valid JSON and the first byte must be '{'");
}

TEST_F(S3BucketConfigTest, PolicyThatIsNotJsonIsMalformedPolicy) {
  EXPECT_EQ(PolicyError("{not json").message(), "This policy contains invalid Json");
}

TEST_F(S3BucketConfigTest, PolicyWithoutStatementIsMalformedPolicy) {
  EXPECT_EQ(PolicyError(R"({"Version":"2012-10-17"})").message(),
            "Missing required field Statement");
}

TEST_F(S3BucketConfigTest, PolicyOnAnotherBucketHasInvalidResource) {
  EXPECT_EQ(PolicyError(Policy(R"("Principal":"*","Action":"s3:GetObject",)"
                               R"("Resource":"arn:aws:s3:::other/*")"))
                .message(),
            "Policy has invalid resource");
}

TEST_F(S3BucketConfigTest, PolicyWithAnUnknownPrincipalIsInvalidPrincipal) {
  EXPECT_EQ(PolicyError(Policy(R"("Principal":{"AWS":"nobody"},"Action":"s3:GetObject",)"
                               R"("Resource":"arn:aws:s3:::conf/*")"))
                .message(),
            "Invalid principal in policy");
}

TEST_F(S3BucketConfigTest, PolicyWithAnotherServicesActionHasInvalidAction) {
  EXPECT_EQ(PolicyError(Policy(R"("Principal":"*","Action":"sqs:SendMessage",)"
                               R"("Resource":"arn:aws:s3:::conf")"))
                .message(),
            "Policy has invalid action");
}

TEST_F(S3BucketConfigTest, PolicyStatusOfAPolicyForEveryoneIsPublic) {
  S3("PutBucketPolicy", {{"Bucket", "conf"}, {"Policy", kReadPolicy}});
  EXPECT_EQ(S3("GetBucketPolicyStatus", {{"Bucket", "conf"}}).at("PolicyStatus").at("IsPublic"),
            true);
}

TEST_F(S3BucketConfigTest, PolicyStatusOfAnAccountPrincipalIsNotPublic) {
  S3("PutBucketPolicy",
     {{"Bucket", "conf"},
      {"Policy", Policy(R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},)"
                        R"("Action":"s3:*","Resource":["arn:aws:s3:::conf","arn:aws:s3:::conf/*"])")}});
  EXPECT_EQ(S3("GetBucketPolicyStatus", {{"Bucket", "conf"}}).at("PolicyStatus").at("IsPublic"),
            false);
}

TEST_F(S3BucketConfigTest, GetBucketTaggingAnswersTheTagSetAsPut) {
  const json::array tags{json::object{{"Key", "team"}, {"Value", "blue"}}};
  S3("PutBucketTagging", {{"Bucket", "conf"}, {"Tagging", {{"TagSet", tags}}}});
  EXPECT_EQ(S3("GetBucketTagging", {{"Bucket", "conf"}}).at("TagSet"), tags);
}

TEST_F(S3BucketConfigTest, GetBucketTaggingOfNoneIsNoSuchTagSet) {
  const core::AwsError error = test::ErrorOf([&] { S3("GetBucketTagging", {{"Bucket", "conf"}}); });
  EXPECT_EQ(error.code(), "NoSuchTagSet");
  EXPECT_EQ(error.message(), "The TagSet does not exist");
}

TEST_F(S3BucketConfigTest, BucketTaggingAcceptsFiftyTagsButNotFiftyOne) {
  json::array tags;
  for (int i = 0; i < 51; ++i) {
    tags.push_back(json::object{{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  }
  const core::AwsError error = test::ErrorOf(
      [&] { S3("PutBucketTagging", {{"Bucket", "conf"}, {"Tagging", {{"TagSet", tags}}}}); });
  EXPECT_EQ(error.code(), "InvalidTag");
  EXPECT_EQ(error.message(), "Bucket tag count cannot be greater than 50");
  tags.pop_back();
  S3("PutBucketTagging", {{"Bucket", "conf"}, {"Tagging", {{"TagSet", tags}}}});
  EXPECT_EQ(S3("GetBucketTagging", {{"Bucket", "conf"}}).at("TagSet").as_array().size(), 50u);
}

TEST_F(S3BucketConfigTest, BucketTaggingRefusesAKeyTwice) {
  const json::array tags{json::object{{"Key", "a"}, {"Value", "1"}},
                         json::object{{"Key", "a"}, {"Value", "2"}}};
  EXPECT_EQ(test::ErrorOf([&] {
              S3("PutBucketTagging", {{"Bucket", "conf"}, {"Tagging", {{"TagSet", tags}}}});
            }).message(),
            "Cannot provide multiple Tags with the same key");
}

TEST_F(S3BucketConfigTest, DeleteBucketTaggingRemovesTheTags) {
  const json::array tags{json::object{{"Key", "team"}, {"Value", "blue"}}};
  S3("PutBucketTagging", {{"Bucket", "conf"}, {"Tagging", {{"TagSet", tags}}}});
  S3("DeleteBucketTagging", {{"Bucket", "conf"}});
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketTagging", {{"Bucket", "conf"}}); }).code(),
            "NoSuchTagSet");
}

TEST_F(S3BucketConfigTest, BucketWithoutEncryptionAnswersSseS3WithoutBucketKey) {
  const json::value rule = S3("GetBucketEncryption", {{"Bucket", "conf"}})
                               .at("ServerSideEncryptionConfiguration")
                               .at("Rules")
                               .at(0);
  EXPECT_EQ(rule.at("ApplyServerSideEncryptionByDefault").at("SSEAlgorithm"), "AES256");
  EXPECT_EQ(rule.at("BucketKeyEnabled"), false);
}

TEST_F(S3BucketConfigTest, GetBucketEncryptionAnswersTheKmsConfigurationAsPut) {
  S3("PutBucketEncryption",
     {{"Bucket", "conf"},
      {"ServerSideEncryptionConfiguration",
       {{"Rules", json::array{json::object{
                      {"ApplyServerSideEncryptionByDefault",
                       {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", "alias/mine"}}},
                      {"BucketKeyEnabled", true}}}}}}});
  const json::value rule = S3("GetBucketEncryption", {{"Bucket", "conf"}})
                               .at("ServerSideEncryptionConfiguration")
                               .at("Rules")
                               .at(0);
  EXPECT_EQ(rule.at("ApplyServerSideEncryptionByDefault").at("KMSMasterKeyID"), "alias/mine");
  EXPECT_EQ(rule.at("BucketKeyEnabled"), true);
}

TEST_F(S3BucketConfigTest, DeleteBucketEncryptionGoesBackToSseS3) {
  S3("PutBucketEncryption",
     {{"Bucket", "conf"},
      {"ServerSideEncryptionConfiguration",
       {{"Rules", json::array{json::object{
                      {"ApplyServerSideEncryptionByDefault", {{"SSEAlgorithm", "aws:kms"}}}}}}}}});
  S3("DeleteBucketEncryption", {{"Bucket", "conf"}});
  EXPECT_EQ(S3("GetBucketEncryption", {{"Bucket", "conf"}})
                .at("ServerSideEncryptionConfiguration")
                .at("Rules")
                .at(0)
                .at("ApplyServerSideEncryptionByDefault")
                .at("SSEAlgorithm"),
            "AES256");
}

TEST_F(S3BucketConfigTest, NewBucketBlocksAllPublicAccess) {
  const json::value config =
      S3("GetPublicAccessBlock", {{"Bucket", "conf"}}).at("PublicAccessBlockConfiguration");
  EXPECT_EQ(config.at("BlockPublicAcls"), true);
  EXPECT_EQ(config.at("RestrictPublicBuckets"), true);
}

TEST_F(S3BucketConfigTest, PublicAccessBlockKeepsWhatWasPutAndFalseForTheRest) {
  S3("PutPublicAccessBlock",
     {{"Bucket", "conf"}, {"PublicAccessBlockConfiguration", {{"BlockPublicPolicy", true}}}});
  const json::value config =
      S3("GetPublicAccessBlock", {{"Bucket", "conf"}}).at("PublicAccessBlockConfiguration");
  EXPECT_EQ(config.at("BlockPublicPolicy"), true);
  EXPECT_EQ(config.at("BlockPublicAcls"), false);
}

TEST_F(S3BucketConfigTest, DeletedPublicAccessBlockIsNoSuchPublicAccessBlockConfiguration) {
  S3("DeletePublicAccessBlock", {{"Bucket", "conf"}});
  EXPECT_EQ(test::ErrorOf([&] { S3("GetPublicAccessBlock", {{"Bucket", "conf"}}); }).code(),
            "NoSuchPublicAccessBlockConfiguration");
}

TEST_F(S3BucketConfigTest, NewBucketOwnershipIsBucketOwnerEnforced) {
  EXPECT_EQ(S3("GetBucketOwnershipControls", {{"Bucket", "conf"}})
                .at("OwnershipControls")
                .at("Rules")
                .at(0)
                .at("ObjectOwnership"),
            "BucketOwnerEnforced");
}

TEST_F(S3BucketConfigTest, DeletedOwnershipControlsAreOwnershipControlsNotFoundError) {
  S3("DeleteBucketOwnershipControls", {{"Bucket", "conf"}});
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketOwnershipControls", {{"Bucket", "conf"}}); }).code(),
            "OwnershipControlsNotFoundError");
}

TEST_F(S3BucketConfigTest, BucketAclGivesTheOwnerFullControl) {
  const json::value acl = S3("GetBucketAcl", {{"Bucket", "conf"}});
  EXPECT_EQ(acl.at("Grants").as_array().size(), 1u);
  EXPECT_EQ(acl.at("Grants").at(0).at("Permission"), "FULL_CONTROL");
  EXPECT_EQ(acl.at("Grants").at(0).at("Grantee").at("ID"), acl.at("Owner").at("ID"));
}

TEST_F(S3BucketConfigTest, PublicCannedAclWithOwnerEnforcedIsAccessControlListNotSupported) {
  const core::AwsError error = test::ErrorOf(
      [&] { S3("PutBucketAcl", {{"Bucket", "conf"}, {"ACL", "public-read"}}); });
  EXPECT_EQ(error.code(), "AccessControlListNotSupported");
  EXPECT_EQ(error.message(), "The bucket does not allow ACLs");
}

TEST_F(S3BucketConfigTest, PublicCannedAclWithObjectWriterOwnershipAddsAllUsersRead) {
  S3("PutBucketOwnershipControls",
     {{"Bucket", "conf"},
      {"OwnershipControls",
       {{"Rules", json::array{json::object{{"ObjectOwnership", "ObjectWriter"}}}}}}});
  S3("PutBucketAcl", {{"Bucket", "conf"}, {"ACL", "public-read"}});
  const json::value grants = S3("GetBucketAcl", {{"Bucket", "conf"}}).at("Grants");
  EXPECT_EQ(grants.at(1).at("Permission"), "READ");
  EXPECT_EQ(grants.at(1).at("Grantee").at("URI"), "http://acs.amazonaws.com/groups/global/AllUsers");
}

TEST_F(S3BucketConfigTest, ObjectAclGivesTheOwnerFullControl) {
  Put("conf", "k", "v");
  EXPECT_EQ(S3("GetObjectAcl", {{"Bucket", "conf"}, {"Key", "k"}}).at("Grants").at(0).at(
                "Permission"),
            "FULL_CONTROL");
}

TEST_F(S3BucketConfigTest, RequestPaymentIsTheBucketOwners) {
  EXPECT_EQ(S3("GetBucketRequestPayment", {{"Bucket", "conf"}}).at("Payer"), "BucketOwner");
}

TEST_F(S3BucketConfigTest, NewBucketHasNoAccelerationStatus) {
  EXPECT_FALSE(S3("GetBucketAccelerateConfiguration", {{"Bucket", "conf"}}).as_object().contains(
      "Status"));
}

TEST_F(S3BucketConfigTest, NewBucketHasNoLogging) {
  EXPECT_FALSE(
      S3("GetBucketLogging", {{"Bucket", "conf"}}).as_object().contains("LoggingEnabled"));
}

TEST_F(S3BucketConfigTest, ReplicationIsReplicationConfigurationNotFoundError) {
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketReplication", {{"Bucket", "conf"}}); }).code(),
            "ReplicationConfigurationNotFoundError");
}

TEST_F(S3BucketConfigTest, ObjectLockIsObjectLockConfigurationNotFoundError) {
  EXPECT_EQ(test::ErrorOf([&] { S3("GetObjectLockConfiguration", {{"Bucket", "conf"}}); }).code(),
            "ObjectLockConfigurationNotFoundError");
}

TEST_F(S3BucketConfigTest, ConfigurationOfAMissingBucketIsNoSuchBucket) {
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketTagging", {{"Bucket", "absent"}}); }).code(),
            "NoSuchBucket");
}

TEST_F(S3BucketConfigTest, RecreatedBucketKeepsNoConfigurationOfTheDeletedOne) {
  S3("PutBucketPolicy", {{"Bucket", "conf"}, {"Policy", kReadPolicy}});
  S3("DeleteBucket", {{"Bucket", "conf"}});
  MakeBucket("conf");
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketPolicy", {{"Bucket", "conf"}}); }).code(),
            "NoSuchBucketPolicy");
}

}  // namespace
}  // namespace nimbus::s3
