// Bucket versioning: the configuration, object versions, delete markers and their listing.
#include <gtest/gtest.h>

#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3VersioningTest : public S3Test {
 protected:
  void SetUp() override { MakeBucket("versions"); }
  void SetVersioning(const std::string& status) {
    S3("PutBucketVersioning",
       {{"Bucket", "versions"}, {"VersioningConfiguration", {{"Status", status}}}});
  }
  std::string PutVersion(const std::string& key, const std::string& body) {
    return std::string(Put("versions", key, body).at("VersionId").as_string());
  }
  json::object In(const std::string& key, json::object extra = {}) {
    extra["Bucket"] = "versions";
    extra["Key"] = key;
    return extra;
  }
  json::value ListVersions(json::object extra = {}) {
    extra["Bucket"] = "versions";
    return S3("ListObjectVersions", extra);
  }
};

TEST_F(S3VersioningTest, ABucketNeverVersionedAnswersNoStatus) {
  EXPECT_TRUE(S3("GetBucketVersioning", {{"Bucket", "versions"}}).as_object().empty());
}

TEST_F(S3VersioningTest, GetBucketVersioningAnswersTheStatusPut) {
  SetVersioning("Suspended");
  EXPECT_EQ(S3("GetBucketVersioning", {{"Bucket", "versions"}}).at("Status"), "Suspended");
}

TEST_F(S3VersioningTest, EnablingMfaDeleteWithoutMfaIsAccessDenied) {
  const core::AwsError error = test::ErrorOf([&] {
    S3("PutBucketVersioning",
       {{"Bucket", "versions"},
        {"VersioningConfiguration", {{"Status", "Enabled"}, {"MFADelete", "Enabled"}}}});
  });
  EXPECT_EQ(error.code(), "AccessDenied");
  EXPECT_EQ(error.message(), "Mfa Authentication must be used for this request");
}

TEST_F(S3VersioningTest, PutObjectInABucketNeverVersionedAnswersNoVersionId) {
  EXPECT_FALSE(Put("versions", "k", "v").as_object().contains("VersionId"));
}

TEST_F(S3VersioningTest, EachPutWhileEnabledMakesANewVersionOfThirtyTwoCharacters) {
  SetVersioning("Enabled");
  const std::string first = PutVersion("k", "one");
  const std::string second = PutVersion("k", "two");
  EXPECT_EQ(first.size(), 32u);
  EXPECT_NE(first, second);
  EXPECT_EQ(Body(S3("GetObject", In("k", {{"VersionId", first}}))), "one");
  EXPECT_EQ(Body(S3("GetObject", In("k"))), "two");
}

TEST_F(S3VersioningTest, PutWhileSuspendedReplacesTheNullVersion) {
  SetVersioning("Enabled");
  const std::string kept = PutVersion("k", "versioned");
  SetVersioning("Suspended");
  EXPECT_EQ(PutVersion("k", "null one"), "null");
  EXPECT_EQ(PutVersion("k", "null two"), "null");
  const json::value listed = ListVersions();
  ASSERT_EQ(listed.at("Versions").as_array().size(), 2u);
  EXPECT_EQ(listed.at("Versions").at(0).at("VersionId"), "null");
  EXPECT_EQ(listed.at("Versions").at(1).at("VersionId"), json::value(kept));
  EXPECT_EQ(Body(S3("GetObject", In("k", {{"VersionId", "null"}}))), "null two");
}

TEST_F(S3VersioningTest, GetOfAMissingVersionIsNoSuchVersion) {
  SetVersioning("Enabled");
  PutVersion("k", "v");
  const core::AwsError error = test::ErrorOf([&] {
    S3("GetObject", In("k", {{"VersionId", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}));
  });
  EXPECT_EQ(error.code(), "NoSuchVersion");
  EXPECT_EQ(error.message(), "The specified version does not exist.");
}

TEST_F(S3VersioningTest, GetOfAMalformedVersionIdIsInvalidArgument) {
  Put("versions", "k", "v");
  const core::AwsError error = test::ErrorOf([&] {
    S3("HeadObject", In("k", {{"VersionId", "not-an-id"}}));
  });
  EXPECT_EQ(error.code(), "InvalidArgument");
  EXPECT_EQ(error.message(), "Invalid version id specified");
}

TEST_F(S3VersioningTest, DeleteWhileEnabledAddsADeleteMarker) {
  SetVersioning("Enabled");
  PutVersion("k", "v");
  const json::value out = S3("DeleteObject", In("k"));
  EXPECT_EQ(out.at("DeleteMarker"), true);
  EXPECT_EQ(out.at("VersionId").as_string().size(), 32u);
  EXPECT_EQ(ListVersions().at("DeleteMarkers").at(0).at("VersionId"), out.at("VersionId"));
}

TEST_F(S3VersioningTest, GetOfAKeyWhoseLatestVersionIsADeleteMarkerIsNoSuchKeyWithTheMarker) {
  SetVersioning("Enabled");
  PutVersion("k", "v");
  const json::value marker = S3("DeleteObject", In("k"));
  const core::AwsError error = test::ErrorOf([&] { S3("GetObject", In("k")); });
  EXPECT_EQ(error.code(), "NoSuchKey");
  EXPECT_EQ(error.members().at("DeleteMarker"), true);
  EXPECT_EQ(error.members().at("VersionId"), marker.at("VersionId"));
}

TEST_F(S3VersioningTest, GetOfADeleteMarkersVersionIsMethodNotAllowed) {
  SetVersioning("Enabled");
  PutVersion("k", "v");
  const json::value marker = S3("DeleteObject", In("k"));
  const core::AwsError error = test::ErrorOf([&] {
    S3("HeadObject", In("k", {{"VersionId", marker.at("VersionId")}}));
  });
  EXPECT_EQ(error.code(), "MethodNotAllowed");
  EXPECT_EQ(error.members().at("Allow"), "DELETE");
}

TEST_F(S3VersioningTest, DeletingTheDeleteMarkerBringsTheObjectBack) {
  SetVersioning("Enabled");
  PutVersion("k", "back");
  const json::value marker = S3("DeleteObject", In("k"));
  const json::value out = S3("DeleteObject", In("k", {{"VersionId", marker.at("VersionId")}}));
  EXPECT_EQ(out.at("DeleteMarker"), true);
  EXPECT_EQ(Body(S3("GetObject", In("k"))), "back");
}

TEST_F(S3VersioningTest, DeleteWithAVersionIdRemovesThatVersionForGood) {
  SetVersioning("Enabled");
  const std::string first = PutVersion("k", "one");
  PutVersion("k", "two");
  S3("DeleteObject", In("k", {{"VersionId", first}}));
  EXPECT_EQ(test::ErrorOf([&] {
              S3("GetObject", In("k", {{"VersionId", first}}));
            }).code(),
            "NoSuchVersion");
  EXPECT_EQ(ListVersions().at("Versions").as_array().size(), 1u);
}

TEST_F(S3VersioningTest, DeletingTheLatestVersionMakesThePreviousOneLatest) {
  SetVersioning("Enabled");
  PutVersion("k", "one");
  const std::string second = PutVersion("k", "two");
  S3("DeleteObject", In("k", {{"VersionId", second}}));
  EXPECT_EQ(Body(S3("GetObject", In("k"))), "one");
  EXPECT_EQ(ListVersions().at("Versions").at(0).at("IsLatest"), true);
}

TEST_F(S3VersioningTest, DeleteObjectsWithoutVersionIdsAnswersTheDeleteMarkers) {
  SetVersioning("Enabled");
  PutVersion("k", "v");
  const json::value out =
      S3("DeleteObjects", {{"Bucket", "versions"}, {"Delete", {{"Objects", {{{"Key", "k"}}}}}}});
  const json::value& deleted = out.at("Deleted").at(0);
  EXPECT_EQ(deleted.at("DeleteMarker"), true);
  EXPECT_EQ(deleted.at("DeleteMarkerVersionId").as_string().size(), 32u);
}

TEST_F(S3VersioningTest, DeleteObjectsWithAVersionIdRemovesThatVersion) {
  SetVersioning("Enabled");
  const std::string id = PutVersion("k", "v");
  const json::value out =
      S3("DeleteObjects",
         {{"Bucket", "versions"}, {"Delete", {{"Objects", {{{"Key", "k"}, {"VersionId", id}}}}}}});
  EXPECT_EQ(out.at("Deleted").at(0).at("VersionId"), json::value(id));
  EXPECT_FALSE(ListVersions().as_object().contains("Versions"));
}

TEST_F(S3VersioningTest, DeleteBucketIsBucketNotEmptyWhileADeleteMarkerRemains) {
  SetVersioning("Enabled");
  const std::string id = PutVersion("k", "v");
  S3("DeleteObject", In("k"));
  S3("DeleteObject", In("k", {{"VersionId", id}}));
  EXPECT_EQ(test::ErrorOf([&] {
              S3("DeleteBucket", {{"Bucket", "versions"}});
            }).code(),
            "BucketNotEmpty");
}

TEST_F(S3VersioningTest, ListObjectsShowsOnlyKeysWhoseLatestVersionIsNoDeleteMarker) {
  SetVersioning("Enabled");
  PutVersion("gone", "v");
  PutVersion("kept", "v");
  S3("DeleteObject", In("gone"));
  const json::value listed = S3("ListObjectsV2", {{"Bucket", "versions"}});
  ASSERT_EQ(listed.at("Contents").as_array().size(), 1u);
  EXPECT_EQ(listed.at("Contents").at(0).at("Key"), "kept");
}

TEST_F(S3VersioningTest, ListObjectVersionsOrdersKeysAscendingAndNewestFirst) {
  SetVersioning("Enabled");
  const std::string b1 = PutVersion("b", "1");
  const std::string a1 = PutVersion("a", "1");
  const std::string b2 = PutVersion("b", "2");
  const json::value versions = ListVersions().at("Versions");
  ASSERT_EQ(versions.as_array().size(), 3u);
  EXPECT_EQ(versions.at(0).at("VersionId"), json::value(a1));
  EXPECT_EQ(versions.at(1).at("VersionId"), json::value(b2));
  EXPECT_EQ(versions.at(1).at("IsLatest"), true);
  EXPECT_EQ(versions.at(2).at("VersionId"), json::value(b1));
  EXPECT_EQ(versions.at(2).at("IsLatest"), false);
}

TEST_F(S3VersioningTest, ListObjectVersionsReadsPastOneStorePageInOrder) {
  SetVersioning("Enabled");
  std::vector<std::string> expected;  // two versions of 150 keys: 300 rows, newest first
  for (int i = 0; i < 150; ++i) {
    const std::string key = "k" + std::to_string(1000 + i);
    const std::string older = PutVersion(key, "1");
    expected.push_back(PutVersion(key, "2"));
    expected.push_back(older);
  }
  std::vector<std::string> seen;
  const json::value listed = ListVersions();
  for (const json::value& v : listed.at("Versions").as_array()) {
    seen.emplace_back(v.at("VersionId").as_string());
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(S3VersioningTest, ListObjectVersionsPagesWithKeyAndVersionIdMarkers) {
  SetVersioning("Enabled");
  const std::string first = PutVersion("k", "1");
  const std::string second = PutVersion("k", "2");
  const json::value page = ListVersions({{"MaxKeys", 1}});
  EXPECT_EQ(page.at("IsTruncated"), true);
  EXPECT_EQ(page.at("NextKeyMarker"), "k");
  EXPECT_EQ(page.at("NextVersionIdMarker"), json::value(second));
  const json::value next =
      ListVersions({{"KeyMarker", "k"}, {"VersionIdMarker", second}, {"MaxKeys", 1}});
  EXPECT_EQ(next.at("Versions").at(0).at("VersionId"), json::value(first));
  EXPECT_EQ(next.at("IsTruncated"), false);
}

TEST_F(S3VersioningTest, ListObjectVersionsRollsKeysUpIntoCommonPrefixes) {
  SetVersioning("Enabled");
  PutVersion("dir/a", "1");
  PutVersion("dir/b", "1");
  PutVersion("top", "1");
  const json::value listed = ListVersions({{"Delimiter", "/"}});
  EXPECT_EQ(listed.at("CommonPrefixes").at(0).at("Prefix"), "dir/");
  ASSERT_EQ(listed.at("Versions").as_array().size(), 1u);
  EXPECT_EQ(listed.at("Versions").at(0).at("Key"), "top");
}

TEST_F(S3VersioningTest, ListObjectVersionsOfABucketNeverVersionedShowsNullVersions) {
  Put("versions", "k", "v");
  EXPECT_EQ(ListVersions().at("Versions").at(0).at("VersionId"), "null");
}

TEST_F(S3VersioningTest, CopyObjectCopiesTheVersionNamedInTheSource) {
  SetVersioning("Enabled");
  const std::string first = PutVersion("src", "old");
  PutVersion("src", "new");
  const json::value out =
      S3("CopyObject", In("dst", {{"CopySource", "versions/src?versionId=" + first}}));
  EXPECT_EQ(out.at("CopySourceVersionId"), json::value(first));
  EXPECT_EQ(Body(S3("GetObject", In("dst"))), "old");
}

TEST_F(S3VersioningTest, CopyingAnOlderVersionOntoItsKeyRestoresIt) {
  SetVersioning("Enabled");
  const std::string first = PutVersion("k", "old");
  PutVersion("k", "new");
  S3("CopyObject", In("k", {{"CopySource", "versions/k?versionId=" + first}}));
  EXPECT_EQ(Body(S3("GetObject", In("k"))), "old");
  EXPECT_EQ(ListVersions().at("Versions").as_array().size(), 3u);
}

TEST_F(S3VersioningTest, CopyingTheLatestVersionOntoItselfUnchangedIsInvalidRequest) {
  SetVersioning("Enabled");
  const std::string id = PutVersion("k", "v");
  EXPECT_EQ(test::ErrorOf([&] {
              S3("CopyObject", In("k", {{"CopySource", "versions/k?versionId=" + id}}));
            }).code(),
            "InvalidRequest");
}

TEST_F(S3VersioningTest, GetObjectTaggingReadsTheTagsOfTheVersionNamed) {
  SetVersioning("Enabled");
  const std::string first = PutVersion("k", "1");
  PutVersion("k", "2");
  S3("PutObjectTagging", In("k", {{"VersionId", first},
                                  {"Tagging", {{"TagSet", {{{"Key", "t"}, {"Value", "old"}}}}}}}));
  EXPECT_EQ(S3("GetObjectTagging", In("k", {{"VersionId", first}})).at("TagSet").at(0).at("Value"),
            "old");
  EXPECT_TRUE(S3("GetObjectTagging", In("k")).at("TagSet").as_array().empty());
}

}  // namespace
}  // namespace nimbus::s3
