#include <gtest/gtest.h>

#include "services/s3/s3_internal.h"
#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

using S3BucketTest = S3Test;

TEST_F(S3BucketTest, CreateBucketInUsEast1AnswersThePathAsLocation) {
  EXPECT_EQ(S3("CreateBucket", {{"Bucket", "alpha"}}).at("Location"), "/alpha");
}

TEST_F(S3BucketTest, CreateBucketWithAnInvalidNameIsInvalidBucketName) {
  const core::AwsError error = test::ErrorOf([&] { MakeBucket("Upper_Case"); });
  EXPECT_EQ(error.code(), "InvalidBucketName");
  EXPECT_EQ(error.members().at("BucketName"), "Upper_Case");
}

TEST_F(S3BucketTest, CreateBucketRefusesNamesShapedLikeIpAddresses) {
  EXPECT_EQ(test::ErrorOf([&] { MakeBucket("192.168.5.4"); }).code(), "InvalidBucketName");
}

TEST_F(S3BucketTest, CreateBucketRefusesReservedPrefixes) {
  EXPECT_EQ(test::ErrorOf([&] { MakeBucket("xn--bucket"); }).code(), "InvalidBucketName");
}

TEST_F(S3BucketTest, CreateBucketOutsideUsEast1WithoutConstraintIsIllegalLocationConstraint) {
  const core::RequestContext west = test::Context("111122223333", "eu-west-1");
  const core::AwsError error = test::ErrorOf([&] {
    rt_.Call(west, "s3", "CreateBucket", {{"Bucket", "beta"}});
  });
  EXPECT_EQ(error.code(), "IllegalLocationConstraintException");
  EXPECT_EQ(error.message(),
            "The unspecified location constraint is incompatible for the region specific "
            "endpoint this request was sent to.");
}

TEST_F(S3BucketTest, CreateBucketWithAnotherRegionsConstraintIsIllegalOutsideUsEast1) {
  const core::RequestContext west = test::Context("111122223333", "eu-west-1");
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(west, "s3", "CreateBucket",
                       {{"Bucket", "beta"},
                        {"CreateBucketConfiguration", {{"LocationConstraint", "us-west-2"}}}});
            }).code(),
            "IllegalLocationConstraintException");
}

TEST_F(S3BucketTest, CreateBucketInUsEast1AcceptsAnotherRegionsConstraint) {
  S3("CreateBucket",
     {{"Bucket", "gamma"}, {"CreateBucketConfiguration", {{"LocationConstraint", "eu-west-1"}}}});
  EXPECT_EQ(S3("GetBucketLocation", {{"Bucket", "gamma"}}).at("LocationConstraint"), "eu-west-1");
}

TEST_F(S3BucketTest, CreateBucketWithConstraintUsEast1IsInvalidLocationConstraint) {
  EXPECT_EQ(test::ErrorOf([&] {
              S3("CreateBucket",
                 {{"Bucket", "delta"},
                  {"CreateBucketConfiguration", {{"LocationConstraint", "us-east-1"}}}});
            }).code(),
            "InvalidLocationConstraint");
}

TEST_F(S3BucketTest, CreatingYourUsEast1BucketAgainSucceeds) {
  MakeBucket("again");
  EXPECT_EQ(S3("CreateBucket", {{"Bucket", "again"}}).at("Location"), "/again");
}

TEST_F(S3BucketTest, CreatingYourBucketAgainElsewhereIsBucketAlreadyOwnedByYou) {
  const core::RequestContext west = test::Context("111122223333", "eu-west-1");
  const json::object in{{"Bucket", "owned"},
                        {"CreateBucketConfiguration", {{"LocationConstraint", "eu-west-1"}}}};
  rt_.Call(west, "s3", "CreateBucket", in);
  const core::AwsError error = test::ErrorOf([&] { rt_.Call(west, "s3", "CreateBucket", in); });
  EXPECT_EQ(error.code(), "BucketAlreadyOwnedByYou");
  EXPECT_EQ(error.members().at("BucketName"), "owned");
}

TEST_F(S3BucketTest, AnotherAccountsBucketNameIsBucketAlreadyExists) {
  MakeBucket("taken");
  const core::RequestContext other = test::Context("444455556666", "us-east-1");
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(other, "s3", "CreateBucket", {{"Bucket", "taken"}});
            }).code(),
            "BucketAlreadyExists");
}

TEST_F(S3BucketTest, HeadBucketAnswersTheBucketsRegion) {
  S3("CreateBucket",
     {{"Bucket", "heady"}, {"CreateBucketConfiguration", {{"LocationConstraint", "ap-south-1"}}}});
  EXPECT_EQ(S3("HeadBucket", {{"Bucket", "heady"}}).at("BucketRegion"), "ap-south-1");
}

TEST_F(S3BucketTest, HeadBucketOfAMissingBucketIsNoSuchBucket) {
  const core::AwsError error = test::ErrorOf([&] { S3("HeadBucket", {{"Bucket", "nope"}}); });
  EXPECT_EQ(error.code(), "NoSuchBucket");
  EXPECT_EQ(error.message(), "The specified bucket does not exist");
}

TEST_F(S3BucketTest, AnotherAccountsBucketIsAccessDenied) {
  MakeBucket("private");
  const core::RequestContext other = test::Context("444455556666", "us-east-1");
  EXPECT_EQ(test::ErrorOf([&] {
              rt_.Call(other, "s3", "HeadBucket", {{"Bucket", "private"}});
            }).code(),
            "AccessDenied");
}

TEST_F(S3BucketTest, DeleteBucketWithObjectsIsBucketNotEmpty) {
  MakeBucket("full");
  Put("full", "k", "v");
  const core::AwsError error = test::ErrorOf([&] { S3("DeleteBucket", {{"Bucket", "full"}}); });
  EXPECT_EQ(error.code(), "BucketNotEmpty");
  EXPECT_EQ(error.members().at("BucketName"), "full");
}

TEST_F(S3BucketTest, DeleteBucketRemovesIt) {
  MakeBucket("gone");
  S3("DeleteBucket", {{"Bucket", "gone"}});
  EXPECT_EQ(test::ErrorOf([&] { S3("HeadBucket", {{"Bucket", "gone"}}); }).code(), "NoSuchBucket");
}

TEST_F(S3BucketTest, ListBucketsListsOnlyTheCallersBucketsByName) {
  MakeBucket("zeta");
  MakeBucket("eta");
  rt_.Call(test::Context("444455556666", "us-east-1"), "s3", "CreateBucket", {{"Bucket", "theta"}});
  const json::value out = S3("ListBuckets", {});
  const json::array& buckets = out.at("Buckets").as_array();
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0].at("Name"), "eta");
  EXPECT_EQ(buckets[1].at("Name"), "zeta");
  EXPECT_EQ(buckets[1].at("BucketRegion"), "us-east-1");
  EXPECT_EQ(std::string(out.at("Owner").at("ID").as_string()),
            internal::CanonicalUserId("111122223333"));
}

TEST_F(S3BucketTest, GetBucketLocationOfAUsEast1BucketIsEmpty) {
  MakeBucket("virginia");
  EXPECT_FALSE(
      S3("GetBucketLocation", {{"Bucket", "virginia"}}).as_object().contains("LocationConstraint"));
}

}  // namespace
}  // namespace nimbus::s3
