// A top-level name with and without its leading slash ("foo", "/foo") is one parameter in every
// operation, and names with an empty sub-path or an unrooted path are AWS's ValidationException.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::FailureOf;
using testing::Json;

constexpr const char* kSubPathMessage =
    "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it "
    "can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of "
    "letters, numbers and the following 3 symbols .-_";

class ParameterSpellingTest : public testing::ParameterTest {
 protected:
  void SetUp() override { Put(R"({"Name":"foo","Value":"v1","Type":"String"})"); }

  std::vector<std::string> TagKeys(std::string_view id) {
    std::vector<std::string> keys;
    const json::value out = Call("ListTagsForResource",
                                 json::object{{"ResourceType", "Parameter"}, {"ResourceId", id}});
    for (const json::value& tag : out.at("TagList").as_array()) {
      keys.emplace_back(tag.at("Key").as_string());
    }
    return keys;
  }
};

TEST_F(ParameterSpellingTest, GetWithALeadingSlashFindsTheParameterAndAnswersTheNameAsked) {
  const json::object p = Get(R"({"Name":"/foo"})").at("Parameter").as_object();
  EXPECT_EQ(p.at("Name").as_string(), "/foo");
  EXPECT_EQ(p.at("Value").as_string(), "v1");
  EXPECT_EQ(p.at("ARN").as_string(), "arn:aws:ssm:us-east-1:111122223333:parameter/foo");
}

TEST_F(ParameterSpellingTest, LabelingByAnUnknownArnIsParameterNotFoundNotASubPathError) {
  EXPECT_EQ(ErrorOf([&] {
              Call("LabelParameterVersion",
                   Json(R"({"Name":"arn:aws:ssm:us-east-1:111111111111:parameter/other",
                            "Labels":["b"]})"));
            }),
            "ParameterNotFound");
}

TEST_F(ParameterSpellingTest, GetWithoutTheSlashFindsAParameterCreatedWithIt) {
  Put(R"({"Name":"/bar","Value":"b","Type":"String"})");
  const json::object p = Get(R"({"Name":"bar:1"})").at("Parameter").as_object();
  EXPECT_EQ(p.at("Name").as_string(), "bar");
  EXPECT_EQ(p.at("Selector").as_string(), ":1");
}

TEST_F(ParameterSpellingTest, PutOfTheOtherSpellingIsParameterAlreadyExists) {
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/foo","Value":"v2","Type":"String"})"); }),
            "ParameterAlreadyExists");
}

TEST_F(ParameterSpellingTest, OverwriteByTheOtherSpellingMakesVersionTwoOfTheSameParameter) {
  EXPECT_EQ(Put(R"({"Name":"/foo","Value":"v2","Overwrite":true})").at("Version").as_int64(), 2);
  const json::value listed = Call("DescribeParameters", "{}");
  EXPECT_EQ(Names(listed), std::vector<std::string>{"foo"});
}

TEST_F(ParameterSpellingTest, GetParametersAnswersEachNameAsAsked) {
  const json::value out = Call("GetParameters", R"({"Names":["/foo","foo","/nope"]})");
  EXPECT_EQ(Names(out), (std::vector<std::string>{"/foo", "foo"}));
  EXPECT_EQ(out.at("InvalidParameters").as_array(), json::array{"/nope"});
}

TEST_F(ParameterSpellingTest, DeleteByTheOtherSpellingDeletesTheParameter) {
  Call("DeleteParameter", R"({"Name":"/foo"})");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"foo"})"); }), "ParameterNotFound");
}

TEST_F(ParameterSpellingTest, DeleteParametersListsTheNamesAsGiven) {
  const json::value out = Call("DeleteParameters", R"({"Names":["/foo","/gone"]})");
  EXPECT_EQ(out.at("DeletedParameters").as_array(), json::array{"/foo"});
  EXPECT_EQ(out.at("InvalidParameters").as_array(), json::array{"/gone"});
}

TEST_F(ParameterSpellingTest, TagsAddedByOneSpellingAreListedByTheOther) {
  Call("AddTagsToResource",
       R"({"ResourceType":"Parameter","ResourceId":"/foo","Tags":[{"Key":"k","Value":"v"}]})");
  EXPECT_EQ(TagKeys("foo"), std::vector<std::string>{"k"});
  Call("RemoveTagsFromResource", R"({"ResourceType":"Parameter","ResourceId":"/foo",
                                     "TagKeys":["k"]})");
  EXPECT_EQ(TagKeys("foo"), std::vector<std::string>{});
}

TEST_F(ParameterSpellingTest, HistoryByTheOtherSpellingNamesEachVersionAsAsked) {
  Put(R"({"Name":"foo","Value":"v2","Overwrite":true})");
  const json::value out = Call("GetParameterHistory", R"({"Name":"/foo"})");
  EXPECT_EQ(Names(out), (std::vector<std::string>{"/foo", "/foo"}));
}

TEST_F(ParameterSpellingTest, LabelsSetByOneSpellingSelectByTheOther) {
  const json::value labelled =
      Call("LabelParameterVersion", R"({"Name":"/foo","ParameterVersion":1,"Labels":["prod"]})");
  EXPECT_EQ(labelled.at("ParameterVersion").as_int64(), 1);
  EXPECT_EQ(Value("foo:prod"), "v1");
  const json::value removed =
      Call("UnlabelParameterVersion", R"({"Name":"/foo","ParameterVersion":1,"Labels":["prod"]})");
  EXPECT_EQ(removed.at("RemovedLabels").as_array(), json::array{"prod"});
}

TEST_F(ParameterSpellingTest, DescribeNameFiltersMatchBothSpellings) {
  for (const char* filter : {R"({"Key":"Name","Values":["/foo"]})",
                             R"({"Key":"Name","Option":"BeginsWith","Values":["/fo"]})",
                             R"({"Key":"Name","Option":"Contains","Values":["/foo"]})"}) {
    const json::value out =
        Call("DescribeParameters", json::object{{"ParameterFilters", json::array{Json(filter)}}});
    EXPECT_EQ(Names(out), std::vector<std::string>{"foo"}) << filter;
  }
}

TEST_F(ParameterSpellingTest, ByPathFromTheRootListsNamesWithoutTheSlash) {
  Put(R"({"Name":"/bar","Value":"b","Type":"String"})");
  EXPECT_EQ(Names(Call("GetParametersByPath", R"({"Path":"/"})")),
            (std::vector<std::string>{"/bar", "foo"}));
}

struct SubPathCase {
  const char* operation;
  const char* input;
};

void PrintTo(const SubPathCase& c, std::ostream* out) { *out << c.operation << " " << c.input; }

class SubPathTest : public testing::ParameterTest,
                    public ::testing::WithParamInterface<SubPathCase> {};

TEST_P(SubPathTest, IsAValidationExceptionWithAwsMessage) {
  EXPECT_EQ(FailureOf([&] { Call(GetParam().operation, GetParam().input); }),
            testing::Failure("ValidationException", kSubPathMessage));
}

INSTANTIATE_TEST_SUITE_P(
    EmptyOrUnrooted, SubPathTest,
    ::testing::Values(SubPathCase{"PutParameter", R"({"Name":"a/b","Value":"v","Type":"String"})"},
                      SubPathCase{"PutParameter",
                                  R"({"Name":"/a//b","Value":"v","Type":"String"})"},
                      SubPathCase{"PutParameter", R"({"Name":"/a b","Value":"v","Type":"String"})"},
                      SubPathCase{"GetParameter", R"({"Name":"a/b"})"},
                      SubPathCase{"GetParameter", R"({"Name":"/a//b"})"},
                      SubPathCase{"GetParameters", R"({"Names":["a/b"]})"},
                      SubPathCase{"DeleteParameter", R"({"Name":"/a//b"})"},
                      SubPathCase{"GetParameterHistory", R"({"Name":"a/b"})"},
                      SubPathCase{"LabelParameterVersion", R"({"Name":"a/b","Labels":["x"]})"}));

}  // namespace
}  // namespace nimbus::ssm
