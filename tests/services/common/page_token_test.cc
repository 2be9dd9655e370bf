// Page tokens shared by every service's List and Describe operations.
#include "services/common/page_token.h"

#include <gtest/gtest.h>

#include "core/text.h"

namespace nimbus::services {
namespace {

namespace json = boost::json;

TEST(PageTokenTest, TokenRoundTripsItsPosition) {
  const std::string token = EncodePageToken("ListUsers", "user-0042");
  EXPECT_EQ(DecodePageToken("ListUsers", token), "user-0042");
}

TEST(PageTokenTest, PositionMayContainTheSeparator) {
  const std::string token = EncodePageToken("ListThings", "a|b|c");
  EXPECT_EQ(DecodePageToken("ListThings", token), "a|b|c");
}

TEST(PageTokenTest, TokenIsOpaqueBase64) {
  const std::string token = EncodePageToken("ListUsers", "user-0042");
  std::string raw;
  ASSERT_TRUE(core::Base64Decode(token, &raw));
  EXPECT_EQ(raw.substr(0, 20), "ListUsers|user-0042|");
  EXPECT_EQ(raw.size(), 20u + 16u);  // a 16-hex-digit check follows
  EXPECT_TRUE(core::IsLowerHex(raw.substr(20)));
}

TEST(PageTokenTest, TokenOfAnotherListingIsRefused) {
  const std::string token = EncodePageToken("ListGroups", "g-1");
  EXPECT_EQ(DecodePageToken("ListUsers", token), std::nullopt);
  EXPECT_EQ(DecodePageToken("ListGroup", token), std::nullopt);
  EXPECT_EQ(DecodePageToken("ListGroupsX", token), std::nullopt);
}

TEST(PageTokenTest, TokenWithAWrongCheckIsRefused) {
  const std::string forged = core::Base64Encode("ListUsers|user-0042|0000000000000000");
  EXPECT_EQ(DecodePageToken("ListUsers", forged), std::nullopt);
}

TEST(PageTokenTest, TokenWithAnEditedPositionIsRefused) {
  std::string raw;
  ASSERT_TRUE(core::Base64Decode(EncodePageToken("ListUsers", "user-0042"), &raw));
  raw.replace(raw.find("0042"), 4, "0043");
  EXPECT_EQ(DecodePageToken("ListUsers", core::Base64Encode(raw)), std::nullopt);
}

TEST(PageTokenTest, TextThatIsNotATokenIsRefused) {
  for (const std::string text : {"", "garbage", "%%%", "not-a-token", "AAAA", "k:abc"}) {
    EXPECT_EQ(DecodePageToken("ListUsers", text), std::nullopt) << text;
  }
}

TEST(PageTokenTest, ReadPageTokenWithoutTheMemberIsTheFirstPage) {
  EXPECT_EQ(ReadPageToken(json::object{}, "NextToken", "ListUsers"), "");
  EXPECT_EQ(ReadPageToken(json::object{{"NextToken", ""}}, "NextToken", "ListUsers"), "");
}

TEST(PageTokenTest, ReadPageTokenReadsTheNamedMember) {
  const json::object in{{"Marker", EncodePageToken("ListAliases", "alias/b")}};
  EXPECT_EQ(ReadPageToken(in, "Marker", "ListAliases"), "alias/b");
  EXPECT_EQ(ReadPageToken(in, "NextToken", "ListAliases"), "");
}

TEST(PageTokenTest, ReadPageTokenRefusesAForeignToken) {
  EXPECT_EQ(ReadPageToken(json::object{{"NextToken", "bogus"}}, "NextToken", "ListUsers"),
            std::nullopt);
}

TEST(PageTokenTest, TrimPageDropsTheExtraRowAndSaysMoreFollow) {
  std::vector<int> rows{1, 2, 3};
  EXPECT_TRUE(TrimPage(rows, 2));
  EXPECT_EQ(rows, (std::vector<int>{1, 2}));
}

TEST(PageTokenTest, TrimPageLeavesAShortPageAlone) {
  std::vector<int> rows{1, 2};
  EXPECT_FALSE(TrimPage(rows, 2));
  EXPECT_EQ(rows, (std::vector<int>{1, 2}));
}

TEST(PageTokenTest, KeysetPageReadsLimitAndPosition) {
  const json::object in{{"MaxResults", 3}, {"NextToken", EncodePageToken("ListRoots", "r-1")}};
  const std::optional<KeysetPage> page = ReadKeysetPage(in, "ListRoots", 20);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->kind, "ListRoots");
  EXPECT_EQ(page->after, "r-1");
  EXPECT_EQ(page->limit, 3);
}

TEST(PageTokenTest, KeysetPageDefaultsToTheFirstPage) {
  const std::optional<KeysetPage> page = ReadKeysetPage(json::object{}, "ListRoots", 20);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->after, "");
  EXPECT_EQ(page->limit, 20);
}

TEST(PageTokenTest, KeysetPageRefusesAForeignToken) {
  const json::object in{{"NextToken", EncodePageToken("ListAccounts", "1")}};
  EXPECT_EQ(ReadKeysetPage(in, "ListRoots", 20), std::nullopt);
}

TEST(PageTokenTest, FinishKeysetPageIssuesATokenForTheLastRowKept) {
  std::vector<std::string> rows{"a", "b", "c"};
  json::object out;
  FinishKeysetPage(rows, KeysetPage{.kind = "ListRoots", .after = "", .limit = 2}, out,
                   [](const std::string& row) { return row; });
  EXPECT_EQ(rows, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(out.contains("NextToken"));
  EXPECT_EQ(DecodePageToken("ListRoots", out.at("NextToken").as_string()), "b");
}

TEST(PageTokenTest, FinishKeysetPageOfTheLastPageIssuesNoToken) {
  std::vector<std::string> rows{"a", "b"};
  json::object out;
  FinishKeysetPage(rows, KeysetPage{.kind = "ListRoots", .after = "", .limit = 2}, out,
                   [](const std::string& row) { return row; });
  EXPECT_FALSE(out.contains("NextToken"));
}

}  // namespace
}  // namespace nimbus::services
