// Parameter Store listings: GetParametersByPath and DescribeParameters, their filters and pages.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::Json;

using ParameterListingTest = testing::ParameterTest;

class ParameterTreeTest : public ParameterListingTest {
 protected:
  void SetUp() override {
    CreateKey("alias/app");
    for (const char* name :
         {"/app/a", "/app/b", "/app/sub/c", "/app/sub/deep/d", "/apple", "/other/x", "top"}) {
      Put(std::string(R"({"Name":")") + name + R"(","Value":"v","Type":"String"})");
    }
    Put(R"({"Name":"/app/secret","Value":"s","Type":"SecureString","KeyId":"alias/app"})");
    Put(R"({"Name":"/app/list","Value":"a,b","Type":"StringList","Tags":[{"Key":"team","Value":"blue"}]})");
  }

  json::value ByPath(std::string_view body) { return Call("GetParametersByPath", Json(body)); }
  json::value Describe(std::string_view body) { return Call("DescribeParameters", Json(body)); }
};

TEST_F(ParameterTreeTest, ByPathOneLevelListsOnlyDirectChildren) {
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app"})")),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret"}));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app/"})")),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret"}));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/"})")), (std::vector<std::string>{"/apple", "top"}));
}

TEST_F(ParameterTreeTest, ByPathRecursiveListsTheWholeSubtree) {
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app","Recursive":true})")),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret", "/app/sub/c",
                                      "/app/sub/deep/d"}));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/","Recursive":true,"MaxResults":10})")).size(), 9u);
}

TEST_F(ParameterTreeTest, ByPathDecryptsOnRequest) {
  const json::value plain =
      ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Values":["SecureString"]}]})");
  ASSERT_EQ(Names(plain), std::vector<std::string>{"/app/secret"});
  EXPECT_NE(plain.at("Parameters").at(0).at("Value").as_string(), "s");
  const json::value decrypted = ByPath(
      R"({"Path":"/app","WithDecryption":true,"ParameterFilters":[{"Key":"KeyId","Values":["alias/app"]}]})");
  EXPECT_EQ(decrypted.at("Parameters").at(0).at("Value").as_string(), "s");
}

TEST_F(ParameterTreeTest, ByPathFiltersByTypeBeginsWithAndLabel) {
  EXPECT_EQ(
      Names(ByPath(
          R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Option":"BeginsWith","Values":["StringL"]}]})")),
      std::vector<std::string>{"/app/list"});
  Call("LabelParameterVersion", Json(R"({"Name":"/app/b","Labels":["live"]})"));
  EXPECT_EQ(
      Names(ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Label","Values":["live"]}]})")),
      std::vector<std::string>{"/app/b"});
}

TEST_F(ParameterTreeTest, ByPathRejectsFiltersItDoesNotSupport) {
  EXPECT_EQ(ErrorOf([&] {
              ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Name","Values":["x"]}]})");
            }),
            "InvalidFilterKey");
  EXPECT_EQ(ErrorOf([&] {
              ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"tag:team","Values":["x"]}]})");
            }),
            "InvalidFilterKey");
  EXPECT_EQ(
      ErrorOf([&] {
        ByPath(
            R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Option":"Contains","Values":["x"]}]})");
      }),
      "InvalidFilterOption");
  EXPECT_EQ(
      ErrorOf([&] {
        ByPath(
            R"({"Path":"/app","ParameterFilters":[{"Key":"Label","Option":"BeginsWith","Values":["x"]}]})");
      }),
      "InvalidFilterOption");
  EXPECT_EQ(ErrorOf([&] {
              ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Values":["Number"]}]})");
            }),
            "InvalidFilterValue");
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type"}]})"); }),
            "InvalidFilterValue");
  EXPECT_EQ(
      ErrorOf([&] {
        ByPath(
            R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Values":["String"]},{"Key":"Type","Values":["String"]}]})");
      }),
      "InvalidFilterKey");
}

TEST_F(ParameterTreeTest, ByPathRejectsMalformedPaths) {
  for (const char* path : {"app", "/a//b", "/a b", "/a*"}) {
    EXPECT_EQ(ErrorOf([&] { ByPath(std::string(R"({"Path":")") + path + R"("})"); }),
              "ValidationException")
        << path;
  }
}

TEST_F(ParameterTreeTest, ByPathPagesWithOpaqueTokens) {
  std::vector<std::string> all;
  json::object request = Json(R"({"Path":"/","Recursive":true,"MaxResults":2})");
  int pages = 0;
  while (true) {
    const json::value page = Call("GetParametersByPath", request);
    ++pages;
    for (const std::string& name : Names(page)) all.push_back(name);
    if (!page.as_object().contains("NextToken")) break;
    EXPECT_EQ(page.at("Parameters").as_array().size(), 2u);
    request["NextToken"] = page.at("NextToken");
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(all,
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret", "/app/sub/c",
                                      "/app/sub/deep/d", "/apple", "/other/x", "top"}));
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/","NextToken":"AAAA"})"); }), "InvalidNextToken");
}

TEST_F(ParameterTreeTest, ADescribeTokenIsNotAPathToken) {
  const json::value page = Describe(R"({"MaxResults":1})");
  json::object request = Json(R"({"Path":"/app"})");
  request["NextToken"] = page.at("NextToken");
  EXPECT_EQ(ErrorOf([&] { Call("GetParametersByPath", request); }), "InvalidNextToken");
}

TEST_F(ParameterTreeTest, DescribeListsMetadataInNameOrder) {
  const json::value out = Describe("{}");
  EXPECT_EQ(Names(out).size(), 9u);
  EXPECT_EQ(Names(out).front(), "/app/a");
  EXPECT_FALSE(out.as_object().contains("NextToken"));
  const json::object& first = out.at("Parameters").at(0).as_object();
  EXPECT_EQ(first.at("ARN").as_string(), "arn:aws:ssm:us-east-1:111122223333:parameter/app/a");
  EXPECT_EQ(first.at("Tier").as_string(), "Standard");
  EXPECT_EQ(first.at("Version").as_int64(), 1);
  EXPECT_EQ(first.at("LastModifiedUser").as_string(), "arn:aws:iam::111122223333:user/alice");
  EXPECT_FALSE(first.contains("Value"));
  EXPECT_FALSE(first.contains("KeyId"));
}

TEST_F(ParameterTreeTest, DescribeFiltersByNameTypeTierPathAndTag) {
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Name","Values":["app/a"]}]})")),
            std::vector<std::string>{"/app/a"});
  EXPECT_EQ(
      Names(Describe(
          R"({"ParameterFilters":[{"Key":"Name","Option":"BeginsWith","Values":["/app/s"]}]})")),
      (std::vector<std::string>{"/app/secret", "/app/sub/c", "/app/sub/deep/d"}));
  EXPECT_EQ(Names(Describe(
                R"({"ParameterFilters":[{"Key":"Name","Option":"Contains","Values":["eep"]}]})")),
            std::vector<std::string>{"/app/sub/deep/d"});
  EXPECT_EQ(Names(Describe(
                R"({"ParameterFilters":[{"Key":"Type","Values":["StringList","SecureString"]}]})")),
            (std::vector<std::string>{"/app/list", "/app/secret"}));
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Path","Values":["/app/sub"]}]})")),
            std::vector<std::string>{"/app/sub/c"});
  EXPECT_EQ(
      Names(Describe(
          R"({"ParameterFilters":[{"Key":"Path","Option":"Recursive","Values":["/app/sub"]}]})")),
      (std::vector<std::string>{"/app/sub/c", "/app/sub/deep/d"}));
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"tag:team","Values":["blue"]}]})")),
            std::vector<std::string>{"/app/list"});
  EXPECT_TRUE(
      Names(Describe(R"({"ParameterFilters":[{"Key":"tag:team","Values":["red"]}]})")).empty());
  EXPECT_EQ(
      Names(Describe(
          R"({"ParameterFilters":[{"Key":"Tier","Values":["Standard"]},{"Key":"KeyId","Values":["alias/app"]}]})")),
      std::vector<std::string>{"/app/secret"});
  EXPECT_EQ(Names(Describe(R"({"Filters":[{"Key":"Name","Values":["/other"]}]})")),
            std::vector<std::string>{"/other/x"});
}

TEST_F(ParameterTreeTest, DescribeNameFiltersPageAcrossSeveralValues) {
  std::vector<std::string> all;
  json::object request = Json(
      R"({"MaxResults":2,"ParameterFilters":[{"Key":"Name","Option":"BeginsWith","Values":["/other","app/s","to"]}]})");
  while (true) {
    const json::value page = Call("DescribeParameters", request);
    for (const std::string& name : Names(page)) all.push_back(name);
    if (!page.as_object().contains("NextToken")) break;
    request["NextToken"] = page.at("NextToken");
  }
  EXPECT_EQ(all, (std::vector<std::string>{"/app/secret", "/app/sub/c", "/app/sub/deep/d",
                                           "/other/x", "top"}));
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Name","Values":["/top","app/b"]}]})")),
            (std::vector<std::string>{"/app/b", "top"}));
}

TEST_F(ParameterTreeTest, DescribeRejectsBadFilters) {
  EXPECT_EQ(ErrorOf([&] { Describe(R"({"ParameterFilters":[{"Key":"Label","Values":["x"]}]})"); }),
            "InvalidFilterKey");
  EXPECT_EQ(
      ErrorOf([&] {
        Describe(R"({"ParameterFilters":[{"Key":"Path","Option":"Equals","Values":["/app"]}]})");
      }),
      "InvalidFilterOption");
  EXPECT_EQ(
      ErrorOf([&] { Describe(R"({"ParameterFilters":[{"Key":"Tier","Values":["Gold"]}]})"); }),
      "InvalidFilterValue");
  EXPECT_EQ(
      ErrorOf([&] {
        Describe(
            R"({"Filters":[{"Key":"Name","Values":["a"]}],"ParameterFilters":[{"Key":"Name","Values":["a"]}]})");
      }),
      "ValidationException");
  EXPECT_EQ(ErrorOf([&] { Describe(R"({"NextToken":"nope"})"); }), "InvalidNextToken");
}

TEST_F(ParameterTreeTest, DescribePagesAreStableAcrossWrites) {
  json::value page = Describe(R"({"MaxResults":4})");
  EXPECT_EQ(Names(page),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret"}));
  // A name that sorts before the cursor does not shift the next page.
  Put(R"({"Name":"/aaa","Value":"v","Type":"String"})");
  json::object next = Json(R"({"MaxResults":4})");
  next["NextToken"] = page.at("NextToken");
  page = Call("DescribeParameters", next);
  EXPECT_EQ(Names(page),
            (std::vector<std::string>{"/app/sub/c", "/app/sub/deep/d", "/apple", "/other/x"}));
}

}  // namespace
}  // namespace nimbus::ssm
