#include "services/ssm/parameter_provider.h"

#include <gtest/gtest.h>

#include <string>

#include "core/text.h"
#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::Context;
using testing::ErrorOf;
using testing::Json;
using testing::MessageOf;

class ParameterProviderTest : public ::testing::Test {
 protected:
  testing::TestRuntime t_;
  testing::FakeKeyService keys_;
  std::set<std::string> instances_ = {"mi-0123456789abcdef0"};
  ParameterProvider ssm_{t_.rt, keys_,
                         [this](const core::Scope&, const std::string& id) {
                           return instances_.count(id) > 0;
                         }};
  core::RequestContext ctx_ = Context(t_.clock);

  json::object Put(std::string_view body) { return ssm_.PutParameter(ctx_, Json(body)).as_object(); }
  json::object Get(std::string_view body) { return ssm_.GetParameter(ctx_, Json(body)).as_object(); }
  std::string Value(std::string_view name) {
    return std::string(Get("{\"Name\":\"" + std::string(name) + "\"}")
                           .at("Parameter").at("Value").as_string().c_str());
  }
  std::vector<std::string> Names(const json::value& out) {
    std::vector<std::string> names;
    for (const json::value& p : out.at("Parameters").as_array()) {
      names.emplace_back(p.at("Name").as_string().c_str());
    }
    return names;
  }
};

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
  EXPECT_DOUBLE_EQ(p.at("LastModifiedDate").as_double(), t_.clock.NowSeconds());
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
  t_.clock.Advance(5000);
  ctx_ = Context(t_.clock);
  const json::object out = Put(R"({"Name":"/a","Value":"x,y","Overwrite":true})");
  EXPECT_EQ(out.at("Version").as_int64(), 2);
  const json::object p = Get(R"({"Name":"/a"})").at("Parameter").as_object();
  EXPECT_EQ(p.at("Value").as_string(), "x,y");
  EXPECT_EQ(p.at("Type").as_string(), "StringList");
  EXPECT_EQ(p.at("Version").as_int64(), 2);
  EXPECT_DOUBLE_EQ(p.at("LastModifiedDate").as_double(), t_.clock.NowSeconds());
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

TEST_F(ParameterProviderTest, SecureStringUsesTheDefaultKeyAndDecryptsOnRequest) {
  Put(R"({"Name":"/s","Value":"hunter2","Type":"SecureString"})");
  const std::string stored = Value("/s");
  EXPECT_NE(stored, "hunter2");
  std::string blob;
  ASSERT_TRUE(core::Base64Decode(stored, &blob));
  EXPECT_EQ(blob, "CIPHER|alias/aws/ssm|2retnuh");
  EXPECT_EQ(keys_.last_context.at("PARAMETER_ARN"),
            "arn:aws:ssm:us-east-1:111122223333:parameter/s");
  EXPECT_EQ(Get(R"({"Name":"/s","WithDecryption":true})").at("Parameter").at("Value").as_string(),
            "hunter2");
  const json::value described = ssm_.DescribeParameters(ctx_, Json("{}"));
  EXPECT_EQ(described.at("Parameters").at(0).at("KeyId").as_string(), "alias/aws/ssm");
}

TEST_F(ParameterProviderTest, SecureStringWithAGivenKeyRecordsThatKey) {
  Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/app"})");
  std::string blob;
  ASSERT_TRUE(core::Base64Decode(Value("/s"), &blob));
  EXPECT_EQ(blob, "CIPHER|alias/app|p");
  const json::value history = ssm_.GetParameterHistory(ctx_, Json(R"({"Name":"/s"})"));
  EXPECT_EQ(history.at("Parameters").at(0).at("KeyId").as_string(), "alias/app");
}

TEST_F(ParameterProviderTest, UnknownKeyIsInvalidKeyIdAndStoresNothing) {
  EXPECT_EQ(ErrorOf([&] {
              Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/none"})");
            }),
            "InvalidKeyId");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/s"})"); }), "ParameterNotFound");
}

TEST_F(ParameterProviderTest, KeyIdOnAPlainStringIsAValidationError) {
  EXPECT_EQ(
      ErrorOf([&] { Put(R"({"Name":"/s","Value":"p","Type":"String","KeyId":"alias/app"})"); }),
      "ValidationException");
}

TEST_F(ParameterProviderTest, DisabledKeyMakesDecryptionInvalidKeyId) {
  Put(R"({"Name":"/s","Value":"p","Type":"SecureString","KeyId":"alias/app"})");
  keys_.disabled.insert("alias/app");
  const std::string message =
      MessageOf([&] { Get(R"({"Name":"/s","WithDecryption":true})"); });
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/s","WithDecryption":true})"); }), "InvalidKeyId");
  EXPECT_NE(message.find("DisabledException"), std::string::npos) << message;
  // Without decryption the ciphertext still comes back.
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/s"})"); }), "");
}

TEST_F(ParameterProviderTest, VersionAndLabelSelectorsPickAVersion) {
  Put(R"({"Name":"/sel","Value":"one","Type":"String"})");
  Put(R"({"Name":"/sel","Value":"two","Type":"String","Overwrite":true})");
  ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/sel","ParameterVersion":1,"Labels":["prod"]})"));
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
  const json::value out = ssm_.GetParameters(
      ctx_, Json(R"({"Names":["/a","/nope","/b:1","/b:9","/a"]})"));
  EXPECT_EQ(Names(out), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(out.at("Parameters").at(1).at("Selector").as_string(), ":1");
  const json::array& invalid = out.at("InvalidParameters").as_array();
  ASSERT_EQ(invalid.size(), 2u);
  EXPECT_EQ(invalid[0].as_string(), "/nope");
  EXPECT_EQ(invalid[1].as_string(), "/b:9");
}

TEST_F(ParameterProviderTest, DeleteParameterRemovesEveryVersionAndTag) {
  Put(R"({"Name":"/d","Value":"1","Type":"String","Tags":[{"Key":"k","Value":"v"}]})");
  ssm_.DeleteParameter(ctx_, Json(R"({"Name":"/d"})"));
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/d"})"); }), "ParameterNotFound");
  EXPECT_EQ(ErrorOf([&] { ssm_.DeleteParameter(ctx_, Json(R"({"Name":"/d"})")); }),
            "ParameterNotFound");
  EXPECT_EQ(MessageOf([&] { ssm_.DeleteParameter(ctx_, Json(R"({"Name":"/d"})")); }),
            "Parameter /d not found.");
  // Recreated, it starts again at version 1 without the old tags.
  EXPECT_EQ(Put(R"({"Name":"/d","Value":"2","Type":"String"})").at("Version").as_int64(), 1);
  EXPECT_TRUE(ssm_.ListTagsForResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/d"})"))
                  .at("TagList").as_array().empty());
}

TEST_F(ParameterProviderTest, DeleteParametersSplitsDeletedAndInvalid) {
  Put(R"({"Name":"/a","Value":"1","Type":"String"})");
  const json::value out = ssm_.DeleteParameters(ctx_, Json(R"({"Names":["/a","/b"]})"));
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
  const json::value out = ssm_.DescribeParameters(ctx_, Json("{}"));
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
  ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/v","ParameterVersion":2,"Labels":["keep"]})"));
  EXPECT_EQ(ErrorOf([&] { Put(R"({"Name":"/v","Value":"x","Overwrite":true})"); }),
            "ParameterMaxVersionLimitExceeded");
  EXPECT_EQ(Get(R"({"Name":"/v"})").at("Parameter").at("Version").as_int64(), 101);
}

TEST_F(ParameterProviderTest, LabelsMoveBetweenVersionsAndBadOnesAreReported) {
  Put(R"({"Name":"/l","Value":"1","Type":"String"})");
  Put(R"({"Name":"/l","Value":"2","Overwrite":true})");
  json::value out = ssm_.LabelParameterVersion(
      ctx_, Json(R"({"Name":"/l","ParameterVersion":1,"Labels":["blue","1bad","awsx","Ssm.y","ok-1.x_"]})"));
  EXPECT_EQ(out.at("ParameterVersion").as_int64(), 1);
  EXPECT_EQ(out.at("InvalidLabels").as_array(), json::array({"1bad", "awsx", "Ssm.y"}));
  // Without a version the latest is labelled, and "blue" moves there.
  out = ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/l","Labels":["blue"]})"));
  EXPECT_EQ(out.at("ParameterVersion").as_int64(), 2);
  EXPECT_TRUE(out.at("InvalidLabels").as_array().empty());
  const json::value history = ssm_.GetParameterHistory(ctx_, Json(R"({"Name":"/l"})"));
  EXPECT_EQ(history.at("Parameters").at(0).at("Labels").as_array(), json::array({"ok-1.x_"}));
  EXPECT_EQ(history.at("Parameters").at(1).at("Labels").as_array(), json::array({"blue"}));
  EXPECT_EQ(ErrorOf([&] {
              ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/l","ParameterVersion":7,"Labels":["x"]})"));
            }),
            "ParameterVersionNotFound");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/none","Labels":["x"]})"));
            }),
            "ParameterNotFound");
}

TEST_F(ParameterProviderTest, AVersionHoldsAtMostTenLabels) {
  Put(R"({"Name":"/l","Value":"1","Type":"String"})");
  ssm_.LabelParameterVersion(
      ctx_, Json(R"({"Name":"/l","Labels":["a","b","c","d","e","f","g","h","i","j"]})"));
  EXPECT_EQ(ErrorOf([&] { ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/l","Labels":["k"]})")); }),
            "ParameterVersionLabelLimitExceeded");
  // Relabelling with a label it already has is not an eleventh label.
  EXPECT_EQ(ErrorOf([&] { ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/l","Labels":["a"]})")); }),
            "");
}

TEST_F(ParameterProviderTest, UnlabelRemovesOnlyLabelsOfThatVersion) {
  Put(R"({"Name":"/l","Value":"1","Type":"String"})");
  Put(R"({"Name":"/l","Value":"2","Overwrite":true})");
  ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/l","ParameterVersion":1,"Labels":["a","b"]})"));
  const json::value out = ssm_.UnlabelParameterVersion(
      ctx_, Json(R"({"Name":"/l","ParameterVersion":1,"Labels":["a","zzz"]})"));
  EXPECT_EQ(out.at("RemovedLabels").as_array(), json::array({"a"}));
  EXPECT_EQ(out.at("InvalidLabels").as_array(), json::array({"zzz"}));
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/l:a"})"); }), "ParameterVersionNotFound");
  EXPECT_EQ(Get(R"({"Name":"/l:b"})").at("Parameter").at("Value").as_string(), "1");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.UnlabelParameterVersion(ctx_, Json(R"({"Name":"/l","ParameterVersion":5,"Labels":["b"]})"));
            }),
            "ParameterVersionNotFound");
}

TEST_F(ParameterProviderTest, HistoryPagesOldestFirst) {
  Put(R"({"Name":"/h","Value":"1","Type":"String","Description":"first"})");
  for (int i = 2; i <= 5; ++i) {
    Put(R"({"Name":"/h","Value":")" + std::to_string(i) + R"(","Overwrite":true})");
  }
  json::value page = ssm_.GetParameterHistory(ctx_, Json(R"({"Name":"/h","MaxResults":2})"));
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
    page = ssm_.GetParameterHistory(ctx_, next);
  }
  EXPECT_EQ(versions, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(ErrorOf([&] { ssm_.GetParameterHistory(ctx_, Json(R"({"Name":"/none"})")); }),
            "ParameterNotFound");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.GetParameterHistory(ctx_, Json(R"({"Name":"/h","NextToken":"bogus"})"));
            }),
            "InvalidNextToken");
}

class ParameterTreeTest : public ParameterProviderTest {
 protected:
  void SetUp() override {
    for (const char* name : {"/app/a", "/app/b", "/app/sub/c", "/app/sub/deep/d", "/apple",
                             "/other/x", "top"}) {
      Put(std::string(R"({"Name":")") + name + R"(","Value":"v","Type":"String"})");
    }
    Put(R"({"Name":"/app/secret","Value":"s","Type":"SecureString","KeyId":"alias/app"})");
    Put(R"({"Name":"/app/list","Value":"a,b","Type":"StringList","Tags":[{"Key":"team","Value":"blue"}]})");
  }

  json::value ByPath(std::string_view body) { return ssm_.GetParametersByPath(ctx_, Json(body)); }
  json::value Describe(std::string_view body) {
    return ssm_.DescribeParameters(ctx_, Json(body));
  }
};

TEST_F(ParameterTreeTest, ByPathOneLevelListsOnlyDirectChildren) {
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app"})")),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret"}));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app/"})")),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret"}));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/"})")),
            (std::vector<std::string>{"/apple", "top"}));
}

TEST_F(ParameterTreeTest, ByPathRecursiveListsTheWholeSubtree) {
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app","Recursive":true})")),
            (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret", "/app/sub/c",
                                      "/app/sub/deep/d"}));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/","Recursive":true,"MaxResults":10})")).size(), 9u);
}

TEST_F(ParameterTreeTest, ByPathDecryptsOnRequest) {
  const json::value plain = ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Values":["SecureString"]}]})");
  ASSERT_EQ(Names(plain), std::vector<std::string>{"/app/secret"});
  EXPECT_NE(plain.at("Parameters").at(0).at("Value").as_string(), "s");
  const json::value decrypted = ByPath(
      R"({"Path":"/app","WithDecryption":true,"ParameterFilters":[{"Key":"KeyId","Values":["alias/app"]}]})");
  EXPECT_EQ(decrypted.at("Parameters").at(0).at("Value").as_string(), "s");
}

TEST_F(ParameterTreeTest, ByPathFiltersByTypeBeginsWithAndLabel) {
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Option":"BeginsWith","Values":["StringL"]}]})")),
            std::vector<std::string>{"/app/list"});
  ssm_.LabelParameterVersion(ctx_, Json(R"({"Name":"/app/b","Labels":["live"]})"));
  EXPECT_EQ(Names(ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Label","Values":["live"]}]})")),
            std::vector<std::string>{"/app/b"});
}

TEST_F(ParameterTreeTest, ByPathRejectsFiltersItDoesNotSupport) {
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Name","Values":["x"]}]})"); }),
            "InvalidFilterKey");
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"tag:team","Values":["x"]}]})"); }),
            "InvalidFilterKey");
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Option":"Contains","Values":["x"]}]})"); }),
            "InvalidFilterOption");
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Label","Option":"BeginsWith","Values":["x"]}]})"); }),
            "InvalidFilterOption");
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Values":["Number"]}]})"); }),
            "InvalidFilterValue");
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type"}]})"); }),
            "InvalidFilterValue");
  EXPECT_EQ(ErrorOf([&] {
              ByPath(R"({"Path":"/app","ParameterFilters":[{"Key":"Type","Values":["String"]},{"Key":"Type","Values":["String"]}]})");
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
    const json::value page = ssm_.GetParametersByPath(ctx_, request);
    ++pages;
    for (const std::string& name : Names(page)) all.push_back(name);
    if (!page.as_object().contains("NextToken")) break;
    EXPECT_EQ(page.at("Parameters").as_array().size(), 2u);
    request["NextToken"] = page.at("NextToken");
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(all, (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret",
                                           "/app/sub/c", "/app/sub/deep/d", "/apple", "/other/x",
                                           "top"}));
  EXPECT_EQ(ErrorOf([&] { ByPath(R"({"Path":"/","NextToken":"AAAA"})"); }), "InvalidNextToken");
}

TEST_F(ParameterTreeTest, ADescribeTokenIsNotAPathToken) {
  const json::value page = Describe(R"({"MaxResults":1})");
  json::object request = Json(R"({"Path":"/app"})");
  request["NextToken"] = page.at("NextToken");
  EXPECT_EQ(ErrorOf([&] { ssm_.GetParametersByPath(ctx_, request); }), "InvalidNextToken");
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
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Name","Option":"BeginsWith","Values":["/app/s"]}]})")),
            (std::vector<std::string>{"/app/secret", "/app/sub/c", "/app/sub/deep/d"}));
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Name","Option":"Contains","Values":["eep"]}]})")),
            std::vector<std::string>{"/app/sub/deep/d"});
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Type","Values":["StringList","SecureString"]}]})")),
            (std::vector<std::string>{"/app/list", "/app/secret"}));
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Path","Values":["/app/sub"]}]})")),
            std::vector<std::string>{"/app/sub/c"});
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Path","Option":"Recursive","Values":["/app/sub"]}]})")),
            (std::vector<std::string>{"/app/sub/c", "/app/sub/deep/d"}));
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"tag:team","Values":["blue"]}]})")),
            std::vector<std::string>{"/app/list"});
  EXPECT_TRUE(Names(Describe(R"({"ParameterFilters":[{"Key":"tag:team","Values":["red"]}]})")).empty());
  EXPECT_EQ(Names(Describe(R"({"ParameterFilters":[{"Key":"Tier","Values":["Standard"]},{"Key":"KeyId","Values":["alias/app"]}]})")),
            std::vector<std::string>{"/app/secret"});
  EXPECT_EQ(Names(Describe(R"({"Filters":[{"Key":"Name","Values":["/other"]}]})")),
            std::vector<std::string>{"/other/x"});
}

TEST_F(ParameterTreeTest, DescribeNameFiltersPageAcrossSeveralValues) {
  std::vector<std::string> all;
  json::object request = Json(
      R"({"MaxResults":2,"ParameterFilters":[{"Key":"Name","Option":"BeginsWith","Values":["/other","app/s","to"]}]})");
  while (true) {
    const json::value page = ssm_.DescribeParameters(ctx_, request);
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
  EXPECT_EQ(ErrorOf([&] { Describe(R"({"ParameterFilters":[{"Key":"Path","Option":"Equals","Values":["/app"]}]})"); }),
            "InvalidFilterOption");
  EXPECT_EQ(ErrorOf([&] { Describe(R"({"ParameterFilters":[{"Key":"Tier","Values":["Gold"]}]})"); }),
            "InvalidFilterValue");
  EXPECT_EQ(ErrorOf([&] {
              Describe(R"({"Filters":[{"Key":"Name","Values":["a"]}],"ParameterFilters":[{"Key":"Name","Values":["a"]}]})");
            }),
            "ValidationException");
  EXPECT_EQ(ErrorOf([&] { Describe(R"({"NextToken":"nope"})"); }), "InvalidNextToken");
}

TEST_F(ParameterTreeTest, DescribePagesAreStableAcrossWrites) {
  json::value page = Describe(R"({"MaxResults":4})");
  EXPECT_EQ(Names(page), (std::vector<std::string>{"/app/a", "/app/b", "/app/list", "/app/secret"}));
  // A name that sorts before the cursor does not shift the next page.
  Put(R"({"Name":"/aaa","Value":"v","Type":"String"})");
  json::object next = Json(R"({"MaxResults":4})");
  next["NextToken"] = page.at("NextToken");
  page = ssm_.DescribeParameters(ctx_, next);
  EXPECT_EQ(Names(page), (std::vector<std::string>{"/app/sub/c", "/app/sub/deep/d", "/apple",
                                                   "/other/x"}));
}

TEST_F(ParameterProviderTest, TagsCanBeAddedListedAndRemoved) {
  Put(R"({"Name":"/tg","Value":"v","Type":"String","Tags":[{"Key":"a","Value":"1"}]})");
  ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"b","Value":"2"},{"Key":"a","Value":"3"}]})"));
  json::value list = ssm_.ListTagsForResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg"})"));
  EXPECT_EQ(list.at("TagList").as_array(),
            json::array({json::object{{"Key", "a"}, {"Value", "3"}},
                         json::object{{"Key", "b"}, {"Value", "2"}}}));
  ssm_.RemoveTagsFromResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","TagKeys":["a"]})"));
  list = ssm_.ListTagsForResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg"})"));
  EXPECT_EQ(list.at("TagList").as_array(), json::array({json::object{{"Key", "b"}, {"Value", "2"}}}));
}

TEST_F(ParameterProviderTest, TaggingChecksTheResource) {
  EXPECT_EQ(ErrorOf([&] {
              ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/none","Tags":[{"Key":"a","Value":"1"}]})"));
            }),
            "InvalidResourceId");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.ListTagsForResource(ctx_, Json(R"({"ResourceType":"Document","ResourceId":"doc"})"));
            }),
            "InvalidResourceType");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"ManagedInstance","ResourceId":"mi-0123456789abcdef0","Tags":[{"Key":"env","Value":"dev"}]})"));
            }),
            "");
  EXPECT_EQ(ssm_.ListTagsForResource(ctx_, Json(R"({"ResourceType":"ManagedInstance","ResourceId":"mi-0123456789abcdef0"})"))
                .at("TagList").at(0).at("Key").as_string(),
            "env");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.ListTagsForResource(ctx_, Json(R"({"ResourceType":"ManagedInstance","ResourceId":"mi-00000000000000000"})"));
            }),
            "InvalidResourceId");
}

TEST_F(ParameterProviderTest, AResourceHoldsAtMostFiftyTags) {
  Put(R"({"Name":"/tg","Value":"v","Type":"String"})");
  std::string tags;
  for (int i = 0; i < 50; ++i) {
    tags += std::string(i ? "," : "") + R"({"Key":"k)" + std::to_string(i) + R"(","Value":"v"})";
  }
  ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[)" + tags + "]}"));
  EXPECT_EQ(ErrorOf([&] {
              ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"one-more","Value":"v"}]})"));
            }),
            "TooManyTagsError");
  // Overwriting an existing key is not a new tag.
  EXPECT_EQ(ErrorOf([&] {
              ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"k0","Value":"w"}]})"));
            }),
            "");
  EXPECT_EQ(ErrorOf([&] {
              ssm_.AddTagsToResource(ctx_, Json(R"({"ResourceType":"Parameter","ResourceId":"/tg","Tags":[{"Key":"aws:x","Value":"w"}]})"));
            }),
            "ValidationException");
}

TEST_F(ParameterProviderTest, ParametersAreScopedByAccountAndRegion) {
  Put(R"({"Name":"/scoped","Value":"v","Type":"String"})");
  ctx_ = Context(t_.clock, "111122223333", "eu-west-1");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/scoped"})"); }), "ParameterNotFound");
  ctx_ = Context(t_.clock, "444455556666", "us-east-1");
  EXPECT_EQ(ErrorOf([&] { Get(R"({"Name":"/scoped"})"); }), "ParameterNotFound");
}

}  // namespace
}  // namespace nimbus::ssm
