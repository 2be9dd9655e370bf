// Parameter Store: names, versions, selectors, tiers, policies, labels and history.
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
using testing::MessageOf;

using ParameterProviderTest = testing::ParameterTest;

TEST_F(ParameterProviderTest, PutParameterStartsAtVersionOneInTheStandardTier) {
  const json::object out = Put(R"({"Name":"/app/db","Value":"v1","Type":"String"})");
  EXPECT_EQ(out.at("Version").as_int64(), 1);
  EXPECT_EQ(out.at("Tier").as_string(), "Standard");
  const json::object p = Get(R"({"Name":"/app/db"})").at("Parameter").as_object();
  EXPECT_EQ(p.at("Name").as_string(), "/app/db");
  EXPECT_EQ(p.at("Type").as_string(), "String");
  EXPECT_EQ(p.at("Value").as_string(), "v1");
  EXPECT_EQ(p.at("Version").as_int64(), 1);
  EXPECT_EQ(p.at("DataType").as_string(), "text");
  EXPECT_EQ(p.at("ARN").as_string(), "arn:aws:ssm:us-east-1:111122223333:parameter/app/db");
  EXPECT_DOUBLE_EQ(p.at("LastModifiedDate").as_double(), rt_.clock.NowSeconds());
  EXPECT_FALSE(p.contains("Selector"));
}

TEST_F(ParameterProviderTest, ArnOfANameWithoutSlashAddsOne) {
  Put(R"({"Name":"plain","Value":"v","Type":"String"})");
  EXPECT_EQ(Get(R"({"Name":"plain"})").at("Parameter").at("ARN").as_string(),
            "arn:aws:ssm:us-east-1:111122223333:parameter/plain");
}

TEST_F(ParameterProviderTest, PutOfAnExistingNameWithoutOverwriteIsParameterAlreadyExists) {
  Put(R"({"Name":"/a","Value":"v1","Type":"String"})");
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/a","Value":"v2","Type":"String"})"); }),
            "ParameterAlreadyExists");
  EXPECT_EQ(Value("/a"), "v1");
}

TEST_F(ParameterProviderTest, OverwriteMakesTheNextVersionAndKeepsTheType) {
  Put(R"({"Name":"/a","Value":"v1","Type":"StringList","Description":"d"})");
  rt_.clock.Advance(5000);
  const json::object out = Put(R"({"Name":"/a","Value":"x,y","Overwrite":true})");
  EXPECT_EQ(out.at("Version").as_int64(), 2);
  const json::object p = Get(R"({"Name":"/a"})").at("Parameter").as_object();
  EXPECT_EQ(p.at("Value").as_string(), "x,y");
  EXPECT_EQ(p.at("Type").as_string(), "StringList");
  EXPECT_EQ(p.at("Version").as_int64(), 2);
  EXPECT_DOUBLE_EQ(p.at("LastModifiedDate").as_double(), rt_.clock.NowSeconds());
}

TEST_F(ParameterProviderTest, CreatingWithoutTypeIsAValidationError) {
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/a","Value":"v"})"); }), "ValidationException");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/a"})"); }), "ParameterNotFound");
}

TEST_F(ParameterProviderTest, EmptyValueIsAValidationError) {
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/a","Value":"","Type":"String"})"); }),
            "ValidationException");
}

struct NameCase {
  const char* name;
  const char* error;  // "" when accepted
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const NameCase& c, std::ostream* out) { *out << c.name; }

class ParameterNameTest : public ParameterProviderTest,
                          public ::testing::WithParamInterface<NameCase> {};

TEST_P(ParameterNameTest, NameRulesAreTheDocumentedOnes) {
  const std::string body =
      std::string(R"({"Name":")") + GetParam().name + R"(","Value":"v","Type":"String"})";
  EXPECT_EQ(ErrorOf([&] { Put(body); }), GetParam().error) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Names, ParameterNameTest,
    ::testing::Values(
        NameCase{"simple", ""}, NameCase{"/a/b-c_d.e", ""}, NameCase{"A.b-C_9", ""},
        NameCase{"awsfoo", "ValidationException"}, NameCase{"AWS", "ValidationException"},
        NameCase{"ssm-x", "ValidationException"}, NameCase{"/ssm/x", "ValidationException"},
        NameCase{"/aws/x", "AccessDeniedException"}, NameCase{"/Aws", "ValidationException"},
        NameCase{"a/b", "ValidationException"}, NameCase{"/a//b", "ValidationException"},
        NameCase{"/a/", "ValidationException"}, NameCase{"/a b", "ValidationException"},
        NameCase{"/a*b", "ValidationException"}, NameCase{"/a:b", "ValidationException"},
        NameCase{"/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15", ""},
        NameCase{"/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16",
                 "HierarchyLevelLimitExceededException"}));

TEST_F(ParameterProviderTest, SurroundingSpacesOfANameAreRemoved) {
  Put(R"({"Name":"  /spaced  ","Value":"v","Type":"String"})");
  EXPECT_EQ(Value("/spaced"), "v");
}

TEST_F(ParameterProviderTest, GetTrimsSpacesAndRejectsInnerSpaces) {
  Put(R"({"Name":"/sp","Value":"v","Type":"String"})");
  EXPECT_EQ(Value("  /sp "), "v");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/s p"})"); }), "ValidationException");
}

TEST_F(ParameterProviderTest, NameLengthCountsTheArnPrefix) {
  // arn:aws:ssm:us-east-1:111122223333:parameter/ is 45 characters: 966 more fit in 1011.
  const std::string fits = "/" + std::string(966, 'n');
  const std::string too_long = "/" + std::string(967, 'n');
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":")" + fits + R"(","Value":"v","Type":"String"})"); }),
            "");
  EXPECT_EQ(
      ErrorOf([&] { Put(R"({"Name":")" + too_long + R"(","Value":"v","Type":"String"})"); }),
      "ValidationException");
}

TEST_F(ParameterProviderTest, VersionAndLabelSelectorsPickAVersion) {
  Put(R"({"Name":"/sel","Value":"one","Type":"String"})");
  Put(R"({"Name":"/sel","Value":"two","Type":"String","Overwrite":true})");
  Call("LabelParameterVersion", Json(R"({"Name":"/sel","ParameterVersion":1,"Labels":["prod"]})"));
  const json::object v1 = Get(R"({"Name":"/sel:1"})").at("Parameter").as_object();
  EXPECT_EQ(v1.at("Value").as_string(), "one");
  EXPECT_EQ(v1.at("Version").as_int64(), 1);
  EXPECT_EQ(v1.at("Selector").as_string(), ":1");
  EXPECT_EQ(v1.at("Name").as_string(), "/sel");
  const json::object prod = Get(R"({"Name":"/sel:prod"})").at("Parameter").as_object();
  EXPECT_EQ(prod.at("Value").as_string(), "one");
  EXPECT_EQ(prod.at("Selector").as_string(), ":prod");
  EXPECT_EQ(Value("/sel"), "two");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/sel:3"})"); }), "ParameterVersionNotFound");
  EXPECT_EQ(MessageOf([&] { Get(R"({"Name":"/sel:3"})"); }),
            "Systems Manager could not find version 3 of /sel. Verify the version and try again.");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/sel:nolabel"})"); }), "ParameterVersionNotFound");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/missing:1"})"); }), "ParameterNotFound");
}

TEST_F(ParameterProviderTest, GetAcceptsTheArnForm) {
  Put(R"({"Name":"/app/x","Value":"1","Type":"String"})");
  Put(R"({"Name":"flat","Value":"2","Type":"String"})");
  EXPECT_EQ(Value("arn:aws:ssm:us-east-1:111122223333:parameter/app/x"), "1");
  EXPECT_EQ(Value("arn:aws:ssm:us-east-1:111122223333:parameter/flat"), "2");
  EXPECT_EQ(Get(R"({"Name":"arn:aws:ssm:us-east-1:111122223333:parameter/app/x:1"})")
                .at("Parameter").at("Selector").as_string(),
            ":1");
  EXPECT_EQ(ErrorOf([&] { Value("arn:aws:ssm:us-east-1:999999999999:parameter/app/x"); }),
            "ParameterNotFound");
}

TEST_F(ParameterProviderTest, GetParametersListsMissingNamesAsInvalid) {
  Put(R"({"Name":"/a","Value":"1","Type":"String"})");
  Put(R"({"Name":"/b","Value":"2","Type":"String"})");
  const json::value out =
      Call("GetParameters", Json(R"({"Names":["/a","/nope","/b:1","/b:9","/a"]})"));
  EXPECT_EQ(Names(out), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(out.at("Parameters").at(1).at("Selector").as_string(), ":1");
  const json::array& invalid = out.at("InvalidParameters").as_array();
  ASSERT_EQ(invalid.size(), 2u);
  EXPECT_EQ(invalid[0].as_string(), "/nope");
  EXPECT_EQ(invalid[1].as_string(), "/b:9");
}

TEST_F(ParameterProviderTest, DeleteParameterRemovesEveryVersionAndTag) {
  Put(R"({"Name":"/d","Value":"1","Type":"String","Tags":[{"Key":"k","Value":"v"}]})");
  Call("DeleteParameter", Json(R"({"Name":"/d"})"));
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/d"})"); }), "ParameterNotFound");
  EXPECT_EQ(ErrorOf([&] { Call("DeleteParameter", Json(R"({"Name":"/d"})")); }),
            "ParameterNotFound");
  EXPECT_EQ(MessageOf([&] { Call("DeleteParameter", Json(R"({"Name":"/d"})")); }),
            "Parameter /d not found.");
  // Recreated, it starts again at version 1 without the old tags.
  EXPECT_EQ(Put(R"({"Name":"/d","Value":"2","Type":"String"})").at("Version").as_int64(), 1);
  EXPECT_TRUE(Call("ListTagsForResource", Json(R"({"ResourceType":"Parameter","ResourceId":"/d"})"))
                  .at("TagList")
                  .as_array()
                  .empty());
}

TEST_F(ParameterProviderTest, DeleteParametersSplitsDeletedAndInvalid) {
  Put(R"({"Name":"/a","Value":"1","Type":"String"})");
  const json::value out = Call("DeleteParameters", Json(R"({"Names":["/a","/b"]})"));
  EXPECT_EQ(out.at("DeletedParameters").as_array(), json::array({"/a"}));
  EXPECT_EQ(out.at("InvalidParameters").as_array(), json::array({"/b"}));
}

TEST_F(ParameterProviderTest, OverwriteWithTagsIsAValidationError) {
  Put(R"({"Name":"/t","Value":"1","Type":"String"})");
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/t","Value":"2","Overwrite":true,"Tags":[{"Key":"k","Value":"v"}]})");
            }),
            "ValidationException");
  EXPECT_EQ(Value("/t"), "1");
}

TEST_F(ParameterProviderTest, AllowedPatternIsCheckedAgainstTheValue) {
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/p","Value":"abc","Type":"String","AllowedPattern":"^\\d+$"})");
            }),
            "ParameterPatternMismatchException");
  Put(R"({"Name":"/p","Value":"123","Type":"String","AllowedPattern":"^\\d+$"})");
  // The stored pattern keeps applying to later versions.
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/p","Value":"x","Overwrite":true})"); }),
            "ParameterPatternMismatchException");
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/q","Value":"1","Type":"String","AllowedPattern":"(unclosed"})");
            }),
            "InvalidAllowedPatternException");
}

// A backtracking engine takes exponential time on this pair (or overflows its stack on a long
// value); RE2 answers in linear time, so the test finishes and gets the mismatch.
TEST_F(ParameterProviderTest, PathologicalAllowedPatternIsAMismatchNotAHang) {
  const std::string value = std::string(4000, 'a') + "!";
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/redos","Value":")" + value +
                  R"(","Type":"String","AllowedPattern":"^(a+)+$"})");
            }),
            "ParameterPatternMismatchException");
  EXPECT_EQ(ErrorOf([&] { Value("/redos"); }), "ParameterNotFound");
}

TEST_F(ParameterProviderTest, StandardTierValuesAreLimitedTo4096Characters) {
  const std::string big(4097, 'x');
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/big","Value":")" + big + R"(","Type":"String"})"); }),
            "ValidationException");
  const json::object advanced =
      Put(R"({"Name":"/big","Value":")" + big + R"(","Type":"String","Tier":"Advanced"})");
  EXPECT_EQ(advanced.at("Tier").as_string(), "Advanced");
  const std::string huge(8193, 'x');
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/huge","Value":")" + huge + R"(","Type":"String","Tier":"Advanced"})");
            }),
            "ValidationException");
}

TEST_F(ParameterProviderTest, IntelligentTieringPicksTheTierByValueSize) {
  EXPECT_EQ(Put(R"({"Name":"/i","Value":"s","Type":"String","Tier":"Intelligent-Tiering"})")
                .at("Tier").as_string(),
            "Standard");
  const std::string big(5000, 'x');
  EXPECT_EQ(Put(R"({"Name":"/j","Value":")" + big +
                R"(","Type":"String","Tier":"Intelligent-Tiering"})")
                .at("Tier").as_string(),
            "Advanced");
}

TEST_F(ParameterProviderTest, AnAdvancedParameterCannotGoBackToStandard) {
  Put(R"({"Name":"/adv","Value":"1","Type":"String","Tier":"Advanced"})");
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/adv","Value":"2","Overwrite":true,"Tier":"Standard"})");
            }),
            "ValidationException");
  EXPECT_EQ(Put(R"({"Name":"/adv","Value":"3","Overwrite":true})").at("Tier").as_string(),
            "Advanced");
}

TEST_F(ParameterProviderTest, DataTypeMustBeASupportedOne) {
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/dt","Value":"v","Type":"String","DataType":"Text"})"); }),
            "ValidationException");
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/ami","Value":"not-an-ami","Type":"String","DataType":"aws:ec2:image"})");
            }),
            "ValidationException");
  Put(R"({"Name":"/ami","Value":"ami-0123456789abcdef0","Type":"String","DataType":"aws:ec2:image"})");
  EXPECT_EQ(Get(R"({"Name":"/ami"})").at("Parameter").at("DataType").as_string(), "aws:ec2:image");
}

TEST_F(ParameterProviderTest, PoliciesAreEchoedOnAdvancedParameters) {
  Put(R"({"Name":"/pol","Value":"v","Type":"String","Tier":"Advanced","Policies":"[{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":{\"Timestamp\":\"2030-01-01T00:00:00Z\"}}]"})");
  const json::value out = Call("DescribeParameters", Json("{}"));
  const json::object& policy = out.at("Parameters").at(0).at("Policies").at(0).as_object();
  EXPECT_EQ(policy.at("PolicyType").as_string(), "Expiration");
  EXPECT_EQ(policy.at("PolicyStatus").as_string(), "Pending");
  EXPECT_NE(std::string(policy.at("PolicyText").as_string().c_str()).find("2030-01-01"),
            std::string::npos);
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/pol2","Value":"v","Type":"String","Tier":"Advanced","Policies":"[{\"Type\":\"Bogus\"}]"})");
            }),
            "InvalidPolicyTypeException");
}

TEST_F(ParameterProviderTest, OnlyAHundredVersionsAreKept) {
  Put(R"({"Name":"/v","Value":"1","Type":"String"})");
  for (int i = 2; i <= 101; ++i) {
    Put(R"({"Name":"/v","Value":")" + std::to_string(i) + R"(","Overwrite":true})");
  }
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/v:1"})"); }), "ParameterVersionNotFound");
  EXPECT_EQ(Get(R"({"Name":"/v:2"})").at("Parameter").at("Value").as_string(), "2");
  EXPECT_EQ(Get(R"({"Name":"/v"})").at("Parameter").at("Version").as_int64(), 101);
  // A label on the oldest version blocks the next write.
  Call("LabelParameterVersion", Json(R"({"Name":"/v","ParameterVersion":2,"Labels":["keep"]})"));
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/v","Value":"x","Overwrite":true})"); }),
            "ParameterMaxVersionLimitExceeded");
  EXPECT_EQ(Get(R"({"Name":"/v"})").at("Parameter").at("Version").as_int64(), 101);
}

TEST_F(ParameterProviderTest, LabelsMoveBetweenVersionsAndBadOnesAreReported) {
  Put(R"({"Name":"/l","Value":"1","Type":"String"})");
  Put(R"({"Name":"/l","Value":"2","Overwrite":true})");
  json::value out = Call(
      "LabelParameterVersion",
      Json(
          R"({"Name":"/l","ParameterVersion":1,"Labels":["blue","1bad","awsx","Ssm.y","ok-1.x_"]})"));
  EXPECT_EQ(out.at("ParameterVersion").as_int64(), 1);
  EXPECT_EQ(out.at("InvalidLabels").as_array(), json::array({"1bad", "awsx", "Ssm.y"}));
  // Without a version the latest is labelled, and "blue" moves there.
  out = Call("LabelParameterVersion", Json(R"({"Name":"/l","Labels":["blue"]})"));
  EXPECT_EQ(out.at("ParameterVersion").as_int64(), 2);
  EXPECT_TRUE(out.at("InvalidLabels").as_array().empty());
  const json::value history = Call("GetParameterHistory", Json(R"({"Name":"/l"})"));
  EXPECT_EQ(history.at("Parameters").at(0).at("Labels").as_array(), json::array({"ok-1.x_"}));
  EXPECT_EQ(history.at("Parameters").at(1).at("Labels").as_array(), json::array({"blue"}));
  EXPECT_EQ(ErrorOf([&] {
              Call("LabelParameterVersion",
                   Json(R"({"Name":"/l","ParameterVersion":7,"Labels":["x"]})"));
            }),
            "ParameterVersionNotFound");
  EXPECT_EQ(
      ErrorOf([&] { Call("LabelParameterVersion", Json(R"({"Name":"/none","Labels":["x"]})")); }),
      "ParameterNotFound");
}

TEST_F(ParameterProviderTest, AVersionHoldsAtMostTenLabels) {
  Put(R"({"Name":"/l","Value":"1","Type":"String"})");
  Call("LabelParameterVersion",
       Json(R"({"Name":"/l","Labels":["a","b","c","d","e","f","g","h","i","j"]})"));
  EXPECT_EQ(
      ErrorOf([&] { Call("LabelParameterVersion", Json(R"({"Name":"/l","Labels":["k"]})")); }),
      "ParameterVersionLabelLimitExceeded");
  // Relabelling with a label it already has is not an eleventh label.
  EXPECT_EQ(
      ErrorOf([&] { Call("LabelParameterVersion", Json(R"({"Name":"/l","Labels":["a"]})")); }), "");
}

TEST_F(ParameterProviderTest, UnlabelRemovesOnlyLabelsOfThatVersion) {
  Put(R"({"Name":"/l","Value":"1","Type":"String"})");
  Put(R"({"Name":"/l","Value":"2","Overwrite":true})");
  Call("LabelParameterVersion", Json(R"({"Name":"/l","ParameterVersion":1,"Labels":["a","b"]})"));
  const json::value out = Call("UnlabelParameterVersion",
                               Json(R"({"Name":"/l","ParameterVersion":1,"Labels":["a","zzz"]})"));
  EXPECT_EQ(out.at("RemovedLabels").as_array(), json::array({"a"}));
  EXPECT_EQ(out.at("InvalidLabels").as_array(), json::array({"zzz"}));
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/l:a"})"); }), "ParameterVersionNotFound");
  EXPECT_EQ(Get(R"({"Name":"/l:b"})").at("Parameter").at("Value").as_string(), "1");
  EXPECT_EQ(ErrorOf([&] {
              Call("UnlabelParameterVersion",
                   Json(R"({"Name":"/l","ParameterVersion":5,"Labels":["b"]})"));
            }),
            "ParameterVersionNotFound");
}

TEST_F(ParameterProviderTest, HistoryPagesOldestFirst) {
  Put(R"({"Name":"/h","Value":"1","Type":"String","Description":"first"})");
  for (int i = 2; i <= 5; ++i) {
    Put(R"({"Name":"/h","Value":")" + std::to_string(i) + R"(","Overwrite":true})");
  }
  json::value page = Call("GetParameterHistory", Json(R"({"Name":"/h","MaxResults":2})"));
  ASSERT_EQ(page.at("Parameters").as_array().size(), 2u);
  EXPECT_EQ(page.at("Parameters").at(0).at("Version").as_int64(), 1);
  EXPECT_EQ(page.at("Parameters").at(0).at("Description").as_string(), "first");
  EXPECT_EQ(page.at("Parameters").at(0).at("LastModifiedUser").as_string(),
            "arn:aws:iam::111122223333:user/alice");
  std::vector<int64_t> versions;
  while (true) {
    for (const json::value& p : page.at("Parameters").as_array()) {
      versions.push_back(p.at("Version").as_int64());
    }
    if (!page.as_object().contains("NextToken")) break;
    json::object next = Json(R"({"Name":"/h","MaxResults":2})");
    next["NextToken"] = page.at("NextToken");
    page = Call("GetParameterHistory", next);
  }
  EXPECT_EQ(versions, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(ErrorOf([&] { Call("GetParameterHistory", Json(R"({"Name":"/none"})")); }),
            "ParameterNotFound");
  EXPECT_EQ(
      ErrorOf([&] { Call("GetParameterHistory", Json(R"({"Name":"/h","NextToken":"bogus"})")); }),
      "InvalidNextToken");
}

TEST_F(ParameterProviderTest, ParametersAreScopedByAccountAndRegion) {
  Put(R"({"Name":"/scoped","Value":"v","Type":"String"})");
  ctx_ = Alice("111122223333", "eu-west-1");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/scoped"})"); }), "ParameterNotFound");
  ctx_ = Alice("444455556666", "us-east-1");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/scoped"})"); }), "ParameterNotFound");
}

}  // namespace
}  // namespace nimbus::ssm
