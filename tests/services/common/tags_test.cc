// Tag lists and the checks every service makes on them.
#include "services/common/tags.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace nimbus::services {
namespace {

namespace json = boost::json;

json::object In(std::string_view text) { return json::parse(text).as_object(); }

TEST(TagsTest, ReadTagListKeepsRequestOrderAndDuplicates) {
  const json::object in =
      In(R"({"Tags":[{"Key":"b","Value":"1"},{"Key":"a","Value":"2"},{"Key":"b","Value":"3"}]})");
  EXPECT_EQ(ReadTagList(in), (TagList{{"b", "1"}, {"a", "2"}, {"b", "3"}}));
}

TEST(TagsTest, ReadTagListReadsAMissingValueAsEmpty) {
  EXPECT_EQ(ReadTagList(In(R"({"Tags":[{"Key":"k"}]})")), (TagList{{"k", ""}}));
}

TEST(TagsTest, ReadTagListSkipsItemsWithoutAKey) {
  const json::object in = In(R"({"Tags":[{"Value":"v"},{"Key":"","Value":"v"},"x",{"Key":"k"}]})");
  EXPECT_EQ(ReadTagList(in), (TagList{{"k", ""}}));
}

TEST(TagsTest, ReadTagListWithoutTheMemberIsEmpty) { EXPECT_EQ(ReadTagList(In("{}")), TagList{}); }

TEST(TagsTest, ReadTagListUsesTheServicesMemberNames) {
  const json::object in = In(R"({"Tags":[{"TagKey":"k","TagValue":"v"},{"Key":"x","Value":"y"}]})");
  EXPECT_EQ(ReadTagList(in, "Tags", kKmsTagMembers), (TagList{{"k", "v"}}));
}

TEST(TagsTest, ReadTagListReadsANamedListMember) {
  EXPECT_EQ(ReadTagList(In(R"({"Extra":[{"Key":"k","Value":"v"}]})"), "Extra"),
            (TagList{{"k", "v"}}));
}

TEST(TagsTest, ReadTagMapKeepsTheLastOfDuplicateKeys) {
  const json::object in =
      In(R"({"Tags":[{"Key":"b","Value":"1"},{"Key":"a","Value":"2"},{"Key":"b","Value":"3"}]})");
  EXPECT_EQ(ReadTagMap(in), (std::map<std::string, std::string>{{"a", "2"}, {"b", "3"}}));
}

TEST(TagsTest, ReservedPrefixIsAwsColonInAnyCase) {
  EXPECT_TRUE(IsReservedTagKey("aws:cloudformation:stack-name"));
  EXPECT_TRUE(IsReservedTagKey("AWS:x"));
  EXPECT_TRUE(IsReservedTagKey("Aws:"));
  EXPECT_FALSE(IsReservedTagKey("aws"));
  EXPECT_FALSE(IsReservedTagKey("awsx:y"));
  EXPECT_FALSE(IsReservedTagKey("my:aws:key"));
  EXPECT_FALSE(IsReservedTagKey(""));
}

TEST(TagsTest, FindReservedTagKeyReturnsTheFirstReservedKey) {
  const TagList tags{{"env", "1"}, {"aws:a", "2"}, {"AWS:b", "3"}};
  const std::string* key = FindReservedTagKey(tags);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(*key, "aws:a");
}

TEST(TagsTest, FindReservedTagKeyOfAMapFollowsKeyOrder) {
  const std::map<std::string, std::string> tags{{"aws:z", ""}, {"AWS:a", ""}};
  const std::string* key = FindReservedTagKey(tags);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(*key, "AWS:a");
}

TEST(TagsTest, FindReservedTagKeyOfOrdinaryTagsIsNull) {
  EXPECT_EQ(FindReservedTagKey(TagList{{"env", "prod"}, {"team", "a"}}), nullptr);
}

TEST(TagsTest, FindDuplicateTagKeyReturnsTheSecondOccurrence) {
  const TagList tags{{"a", "1"}, {"b", "2"}, {"a", "3"}};
  const std::string* key = FindDuplicateTagKey(tags);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(*key, "a");
  EXPECT_EQ(key, &tags[2].first);
}

TEST(TagsTest, FindDuplicateTagKeyOfDistinctKeysIsNull) {
  EXPECT_EQ(FindDuplicateTagKey(TagList{{"a", "1"}, {"A", "1"}}), nullptr);
}

struct NamedTag {
  std::string key;
  std::string value;
};

TEST(TagsTest, ChecksAcceptAStructWithKeyAndValue) {
  const std::vector<NamedTag> tags{{"aws:x", "1"}, {"aws:x", "2"}};
  EXPECT_EQ(FindReservedTagKey(tags), &tags[0].key);
  EXPECT_EQ(FindDuplicateTagKey(tags), &tags[1].key);
}

TEST(TagsTest, TagListJsonWritesKeyAndValueInOrder) {
  EXPECT_EQ(json::serialize(TagListJson(TagList{{"b", "1"}, {"a", ""}})),
            R"([{"Key":"b","Value":"1"},{"Key":"a","Value":""}])");
}

TEST(TagsTest, TagListJsonUsesTheServicesMemberNames) {
  EXPECT_EQ(json::serialize(TagListJson(TagList{{"k", "v"}}, kKmsTagMembers)),
            R"([{"TagKey":"k","TagValue":"v"}])");
}

}  // namespace
}  // namespace nimbus::services
