#include <gtest/gtest.h>

#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3BucketRulesTest : public S3Test {
 protected:
  void SetUp() override { MakeBucket("rules"); }

  json::value PutCors(const json::array& rules) {
    return S3("PutBucketCors", {{"Bucket", "rules"}, {"CORSConfiguration", {{"CORSRules", rules}}}});
  }
  json::value PutLifecycle(const json::array& rules) {
    return S3("PutBucketLifecycleConfiguration",
              {{"Bucket", "rules"}, {"LifecycleConfiguration", {{"Rules", rules}}}});
  }
  static json::object ExpireRule(const std::string& id) {
    return {{"ID", id},
            {"Status", "Enabled"},
            {"Filter", {{"Prefix", "logs/"}}},
            {"Expiration", {{"Days", 30}}}};
  }
};

TEST_F(S3BucketRulesTest, GetBucketCorsAnswersTheRulesAsPut) {
  const json::array rules{json::object{{"AllowedMethods", json::array{"GET", "PUT"}},
                                       {"AllowedOrigins", json::array{"https://example.com"}},
                                       {"MaxAgeSeconds", 300}}};
  PutCors(rules);
  EXPECT_EQ(S3("GetBucketCors", {{"Bucket", "rules"}}).at("CORSRules"), rules);
}

TEST_F(S3BucketRulesTest, GetBucketCorsOfNoneIsNoSuchCorsConfiguration) {
  const core::AwsError error = test::ErrorOf([&] { S3("GetBucketCors", {{"Bucket", "rules"}}); });
  EXPECT_EQ(error.code(), "NoSuchCORSConfiguration");
  EXPECT_EQ(error.message(), "The CORS configuration does not exist");
}

TEST_F(S3BucketRulesTest, CorsRuleWithAnUnsupportedMethodIsInvalidRequest) {
  const core::AwsError error = test::ErrorOf([&] {
    PutCors({json::object{{"AllowedMethods", json::array{"PATCH"}},
                          {"AllowedOrigins", json::array{"*"}}}});
  });
  EXPECT_EQ(error.code(), "InvalidRequest");
  EXPECT_EQ(error.message(),
            "Found unsupported HTTP method in CORS config. Unsupported method is PATCH");
}

TEST_F(S3BucketRulesTest, DeleteBucketCorsRemovesTheRules) {
  PutCors({json::object{{"AllowedMethods", json::array{"GET"}},
                        {"AllowedOrigins", json::array{"*"}}}});
  S3("DeleteBucketCors", {{"Bucket", "rules"}});
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketCors", {{"Bucket", "rules"}}); }).code(),
            "NoSuchCORSConfiguration");
}

TEST_F(S3BucketRulesTest, GetBucketLifecycleConfigurationAnswersTheRulesAsPut) {
  PutLifecycle({ExpireRule("expire-logs")});
  const json::value out = S3("GetBucketLifecycleConfiguration", {{"Bucket", "rules"}});
  EXPECT_EQ(out.at("Rules").at(0).at("ID"), "expire-logs");
  EXPECT_EQ(out.at("Rules").at(0).at("Expiration").at("Days"), 30);
}

TEST_F(S3BucketRulesTest, GetBucketLifecycleOfNoneIsNoSuchLifecycleConfiguration) {
  const core::AwsError error = test::ErrorOf(
      [&] { S3("GetBucketLifecycleConfiguration", {{"Bucket", "rules"}}); });
  EXPECT_EQ(error.code(), "NoSuchLifecycleConfiguration");
  EXPECT_EQ(error.message(), "The lifecycle configuration does not exist");
}

TEST_F(S3BucketRulesTest, LifecycleRulesWithTheSameIdAreInvalidArgument) {
  const core::AwsError error =
      test::ErrorOf([&] { PutLifecycle({ExpireRule("twice"), ExpireRule("twice")}); });
  EXPECT_EQ(error.code(), "InvalidArgument");
  EXPECT_EQ(error.message(), "Rule ID must be unique. Found same ID for more than one rule");
}

TEST_F(S3BucketRulesTest, LifecycleRuleWithNeitherFilterNorPrefixIsMalformedXml) {
  json::object rule = ExpireRule("no-filter");
  rule.erase("Filter");
  EXPECT_EQ(test::ErrorOf([&] { PutLifecycle({rule}); }).code(), "MalformedXML");
}

TEST_F(S3BucketRulesTest, LifecycleRuleWithoutAnActionIsInvalidRequest) {
  json::object rule = ExpireRule("idle");
  rule.erase("Expiration");
  EXPECT_EQ(test::ErrorOf([&] { PutLifecycle({rule}); }).message(),
            "At least one action needs to be specified in a rule");
}

TEST_F(S3BucketRulesTest, DeleteBucketLifecycleRemovesTheRules) {
  PutLifecycle({ExpireRule("gone")});
  S3("DeleteBucketLifecycle", {{"Bucket", "rules"}});
  EXPECT_EQ(
      test::ErrorOf([&] { S3("GetBucketLifecycleConfiguration", {{"Bucket", "rules"}}); }).code(),
      "NoSuchLifecycleConfiguration");
}

TEST_F(S3BucketRulesTest, GetBucketWebsiteAnswersTheDocumentsAsPut) {
  S3("PutBucketWebsite", {{"Bucket", "rules"},
                          {"WebsiteConfiguration",
                           {{"IndexDocument", {{"Suffix", "index.html"}}},
                            {"ErrorDocument", {{"Key", "error.html"}}}}}});
  const json::value out = S3("GetBucketWebsite", {{"Bucket", "rules"}});
  EXPECT_EQ(out.at("IndexDocument").at("Suffix"), "index.html");
  EXPECT_EQ(out.at("ErrorDocument").at("Key"), "error.html");
}

TEST_F(S3BucketRulesTest, WebsiteWithoutIndexDocumentOrRedirectIsInvalidArgument) {
  const core::AwsError error = test::ErrorOf([&] {
    S3("PutBucketWebsite",
       {{"Bucket", "rules"}, {"WebsiteConfiguration", {{"ErrorDocument", {{"Key", "e.html"}}}}}});
  });
  EXPECT_EQ(error.code(), "InvalidArgument");
  EXPECT_EQ(error.message(),
            "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty");
}

TEST_F(S3BucketRulesTest, GetBucketWebsiteOfNoneIsNoSuchWebsiteConfiguration) {
  EXPECT_EQ(test::ErrorOf([&] { S3("GetBucketWebsite", {{"Bucket", "rules"}}); }).code(),
            "NoSuchWebsiteConfiguration");
}

}  // namespace
}  // namespace nimbus::s3
