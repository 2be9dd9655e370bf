#include <cstdio>

#include <gtest/gtest.h>

#include "services/s3/s3_test_support.h"

namespace nimbus::s3 {
namespace {

namespace json = boost::json;

class S3ListingTest : public S3Test {
 protected:
  void SetUp() override {
    MakeBucket("listing");
    for (const char* key : {"a.txt", "dir/one", "dir/two", "dir/sub/three", "z b+c"}) {
      Put("listing", key, "x");
    }
  }
  json::value ListV2(json::object in) {
    in["Bucket"] = "listing";
    return S3("ListObjectsV2", in);
  }
  static std::vector<std::string> Keys(const json::value& out) {
    std::vector<std::string> keys;
    if (const json::value* contents = out.as_object().if_contains("Contents")) {
      for (const json::value& c : contents->as_array()) keys.emplace_back(c.at("Key").as_string());
    }
    return keys;
  }
  static std::vector<std::string> Prefixes(const json::value& out) {
    std::vector<std::string> prefixes;
    if (const json::value* common = out.as_object().if_contains("CommonPrefixes")) {
      for (const json::value& c : common->as_array()) {
        prefixes.emplace_back(c.at("Prefix").as_string());
      }
    }
    return prefixes;
  }
};

TEST_F(S3ListingTest, ListObjectsV2ListsEveryKeyInOrder) {
  const json::value out = ListV2({});
  EXPECT_EQ(Keys(out),
            (std::vector<std::string>{"a.txt", "dir/one", "dir/sub/three", "dir/two", "z b+c"}));
  EXPECT_EQ(out.at("KeyCount"), 5);
  EXPECT_EQ(out.at("IsTruncated"), false);
}

TEST_F(S3ListingTest, PrefixListsOnlyTheKeysUnderIt) {
  EXPECT_EQ(Keys(ListV2({{"Prefix", "dir/"}})),
            (std::vector<std::string>{"dir/one", "dir/sub/three", "dir/two"}));
}

TEST_F(S3ListingTest, DelimiterRollsKeysUpIntoCommonPrefixes) {
  const json::value out = ListV2({{"Delimiter", "/"}});
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"a.txt", "z b+c"}));
  EXPECT_EQ(Prefixes(out), (std::vector<std::string>{"dir/"}));
  EXPECT_EQ(out.at("KeyCount"), 3);
}

TEST_F(S3ListingTest, DelimiterUnderAPrefixRollsUpTheNextLevel) {
  const json::value out = ListV2({{"Prefix", "dir/"}, {"Delimiter", "/"}});
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"dir/one", "dir/two"}));
  EXPECT_EQ(Prefixes(out), (std::vector<std::string>{"dir/sub/"}));
}

TEST_F(S3ListingTest, ContinuationTokensWalkEveryKeyOnce) {
  std::vector<std::string> seen;
  json::object in{{"MaxKeys", 2}};
  for (int page = 0; page < 10; ++page) {
    const json::value out = ListV2(in);
    for (const std::string& key : Keys(out)) seen.push_back(key);
    if (!out.at("IsTruncated").as_bool()) break;
    in["ContinuationToken"] = out.at("NextContinuationToken");
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"a.txt", "dir/one", "dir/sub/three", "dir/two", "z b+c"}));
}

TEST_F(S3ListingTest, PagesWithADelimiterDoNotRepeatACommonPrefix) {
  json::object in{{"MaxKeys", 2}, {"Delimiter", "/"}};
  const json::value first = ListV2(in);
  EXPECT_EQ(Keys(first), (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(Prefixes(first), (std::vector<std::string>{"dir/"}));
  in["ContinuationToken"] = first.at("NextContinuationToken");
  const json::value second = ListV2(in);
  EXPECT_EQ(Keys(second), (std::vector<std::string>{"z b+c"}));
  EXPECT_TRUE(Prefixes(second).empty());
}

TEST_F(S3ListingTest, StartAfterSkipsTheKeysUpToIt) {
  EXPECT_EQ(Keys(ListV2({{"StartAfter", "dir/two"}})), (std::vector<std::string>{"z b+c"}));
}

TEST_F(S3ListingTest, StartAfterBeforeThePrefixListsFromThePrefix) {
  EXPECT_EQ(Keys(ListV2({{"Prefix", "dir/"}, {"StartAfter", "a.txt"}})),
            (std::vector<std::string>{"dir/one", "dir/sub/three", "dir/two"}));
}

TEST_F(S3ListingTest, StartAfterInsideThePrefixListsTheRestOfIt) {
  EXPECT_EQ(Keys(ListV2({{"Prefix", "dir/"}, {"StartAfter", "dir/one"}})),
            (std::vector<std::string>{"dir/sub/three", "dir/two"}));
}

TEST_F(S3ListingTest, ABucketOfMoreThanOneStorePageListsEveryKeyOnceInOrder) {
  MakeBucket("many");
  std::vector<std::string> expected;
  for (int i = 0; i < 600; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k%04d", i);
    Put("many", key, "x");
    expected.emplace_back(key);
  }
  std::vector<std::string> seen;
  json::object in{{"Bucket", "many"}, {"StartAfter", "a"}};
  for (int page = 0; page < 10; ++page) {
    const json::value out = S3("ListObjectsV2", in);
    for (const std::string& key : Keys(out)) seen.push_back(key);
    if (!out.at("IsTruncated").as_bool()) break;
    in["ContinuationToken"] = out.at("NextContinuationToken");
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(S3ListingTest, UrlEncodingEncodesKeysAndEchoesIt) {
  const json::value out = ListV2({{"Prefix", "z"}, {"EncodingType", "url"}});
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"z%20b%2Bc"}));
  EXPECT_EQ(out.at("EncodingType"), "url");
}

TEST_F(S3ListingTest, AMalformedContinuationTokenIsInvalidArgument) {
  EXPECT_EQ(test::ErrorOf([&] {
              ListV2({{"ContinuationToken", "bm9wZQ=="}});
            }).code(),
            "InvalidArgument");
}

TEST_F(S3ListingTest, ListObjectsWithADelimiterNamesTheNextMarker) {
  const json::value out =
      S3("ListObjects", {{"Bucket", "listing"}, {"MaxKeys", 2}, {"Delimiter", "/"}});
  EXPECT_EQ(out.at("IsTruncated"), true);
  EXPECT_EQ(out.at("NextMarker"), "dir/");
}

TEST_F(S3ListingTest, ListObjectsFromAMarkerListsTheKeysAfterIt) {
  const json::value out = S3("ListObjects", {{"Bucket", "listing"}, {"Marker", "dir/sub/three"}});
  EXPECT_EQ(Keys(out), (std::vector<std::string>{"dir/two", "z b+c"}));
}

TEST_F(S3ListingTest, ListObjectsOfAMissingBucketIsNoSuchBucket) {
  EXPECT_EQ(test::ErrorOf([&] {
              S3("ListObjects", {{"Bucket", "none-here"}});
            }).code(),
            "NoSuchBucket");
}

}  // namespace
}  // namespace nimbus::s3
