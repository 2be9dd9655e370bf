// Model validation before any handler runs, with the AWS wording of each violation.
#include "core/protocol/validate.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "core/model/model.h"
#include "demo_model.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

class ValidateTest : public ::testing::Test {
 protected:
  std::vector<std::string> Check(json::object input) {
    if (!input.contains("Name")) input["Name"] = "ok";
    return Validate(model_, *op_.input, input);
  }
  // The single violation of `input`, or a failure.
  std::string One(json::object input) {
    const std::vector<std::string> v = Check(std::move(input));
    EXPECT_EQ(v.size(), 1u) << ValidationMessage(v);
    return v.empty() ? "" : v[0];
  }

  model::ServiceModel model_{"demo", test::DemoModelJson("json"), "{}"};
  const model::Operation& op_ = *model_.FindOperation("PutThing");
};

TEST_F(ValidateTest, ValidInputHasNoViolations) {
  EXPECT_TRUE(Check({{"Name", "ab-1"},
                     {"Count", 10},
                     {"Ratio", 0.5},
                     {"Mode", "slow"},
                     {"Tags", json::array{json::object{{"Key", "k"}}}},
                     {"Limited", json::array{"a", "b"}},
                     {"Config", json::object{{"Level", 1}}}})
                  .empty());
}

TEST_F(ValidateTest, RequiredMemberMissing) {
  EXPECT_EQ(Validate(model_, *op_.input, json::object{}),
            std::vector<std::string>{"Value null at 'name' failed to satisfy constraint: Member "
                                     "must not be null"});
}

TEST_F(ValidateTest, RequiredMemberNull) {
  EXPECT_EQ(One({{"Name", nullptr}}),
            "Value null at 'name' failed to satisfy constraint: Member must not be null");
}

TEST_F(ValidateTest, EnumValueSet) {
  EXPECT_EQ(One({{"Mode", "medium"}}),
            "Value 'medium' at 'mode' failed to satisfy constraint: Member must satisfy enum "
            "value set: [fast, slow]");
}

TEST_F(ValidateTest, StringLengthMinAndMax) {
  EXPECT_EQ(One({{"Name", "a"}}),
            "Value 'a' at 'name' failed to satisfy constraint: Member must have length greater "
            "than or equal to 2");
  EXPECT_EQ(One({{"Name", "abcdefghi"}}),
            "Value 'abcdefghi' at 'name' failed to satisfy constraint: Member must have length "
            "less than or equal to 8");
}

TEST_F(ValidateTest, LengthCountsCodePointsNotBytes) {
  // "ü" is two bytes but one character: 8 characters pass max 8 (and fail the pattern only).
  const std::vector<std::string> v = Check({{"Name", "a\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBCxyz"}});
  ASSERT_EQ(v.size(), 1u) << ValidationMessage(v);
  EXPECT_NE(v[0].find("regular expression pattern"), std::string::npos) << v[0];
}

TEST_F(ValidateTest, NumericRange) {
  EXPECT_EQ(One({{"Count", 0}}),
            "Value '0' at 'count' failed to satisfy constraint: Member must have value greater "
            "than or equal to 1");
  EXPECT_EQ(One({{"Count", 11}}),
            "Value '11' at 'count' failed to satisfy constraint: Member must have value less "
            "than or equal to 10");
  EXPECT_EQ(One({{"Ratio", 0.25}}),
            "Value '0.25' at 'ratio' failed to satisfy constraint: Member must have value "
            "greater than or equal to 0.5");
}

TEST_F(ValidateTest, ListSize) {
  EXPECT_EQ(One({{"Limited", json::array{"a", "b", "c"}}}),
            "Value '[a, b, c]' at 'limited' failed to satisfy constraint: Member must have "
            "length less than or equal to 2");
  EXPECT_EQ(One({{"Limited", json::array()}}),
            "Value '[]' at 'limited' failed to satisfy constraint: Member must have length "
            "greater than or equal to 1");
}

TEST_F(ValidateTest, Pattern) {
  EXPECT_EQ(One({{"Name", "Ab"}}),
            "Value 'Ab' at 'name' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-z][a-z0-9-]*");
}

TEST_F(ValidateTest, PatternMustMatchTheWholeValue) {
  EXPECT_EQ(Check({{"Name", "ab!"}}).size(), 1u);
}

TEST_F(ValidateTest, NestedPathsUseLowerCamelCaseAndListIndexes) {
  EXPECT_EQ(One({{"Config", json::object{{"Level", 1}, {"Inner", json::object{{"Mode", "x"}}}}}}),
            "Value 'x' at 'config.inner.mode' failed to satisfy constraint: Member must satisfy "
            "enum value set: [fast, slow]");
  EXPECT_EQ(One({{"Config", json::object{{"Level", 99}}}}),
            "Value '99' at 'config.level' failed to satisfy constraint: Member must have value "
            "less than or equal to 10");
  EXPECT_EQ(One({{"Config", json::object{}}}),
            "Value null at 'config.level' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(One({{"Tags", json::array{json::object{{"Key", "k"}},
                                      json::object{{"Key", "toolong"}}}}}),
            "Value 'toolong' at 'tags.2.member.key' failed to satisfy constraint: Member must "
            "have length less than or equal to 4");
  EXPECT_EQ(One({{"Tags", json::array{json::object{{"Value", "v"}}}}}),
            "Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be "
            "null");
}

TEST_F(ValidateTest, MultipleViolationsAreAllReportedInMemberOrder) {
  const std::vector<std::string> v =
      Validate(model_, *op_.input, json::object{{"Name", "a"}, {"Mode", "medium"}});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(ValidationMessage(v),
            "2 validation errors detected: Value 'a' at 'name' failed to satisfy constraint: "
            "Member must have length greater than or equal to 2; Value 'medium' at 'mode' failed "
            "to satisfy constraint: Member must satisfy enum value set: [fast, slow]");
}

TEST_F(ValidateTest, SingleViolationMessage) {
  EXPECT_EQ(ValidationMessage({"Value 'a' at 'x' failed to satisfy constraint: C"}),
            "1 validation error detected: Value 'a' at 'x' failed to satisfy constraint: C");
}

// (a+)+b against "aaaa...a" is exponential for backtracking engines; RE2 answers in linear time.
TEST_F(ValidateTest, PathologicalInputAgainstNestedQuantifiersIsRejected) {
  const std::string hostile(100 * 1024, 'a');
  const std::vector<std::string> v = Check({{"Slow", hostile}});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NE(v[0].find("' at 'slow' failed to satisfy constraint: Member must satisfy regular "
                      "expression pattern: ^(a+)+b$"),
            std::string::npos);
  EXPECT_TRUE(Check({{"Slow", hostile + "b"}}).empty());
}

TEST(RealModelValidateTest, StsAssumeRoleSessionNameIsCheckedAsAwsDoes) {
  const model::ModelRegistry models;
  const model::ServiceModel& sts = models.Get("sts");
  const model::Operation& op = *sts.FindOperation("AssumeRole");
  const std::vector<std::string> v = Validate(
      sts, *op.input,
      json::object{{"RoleArn", "arn:aws:iam::111122223333:role/r"}, {"RoleSessionName", "a"}});
  EXPECT_EQ(v, std::vector<std::string>{"Value 'a' at 'roleSessionName' failed to satisfy "
                                        "constraint: Member must have length greater than or "
                                        "equal to 2"});
  const std::vector<std::string> bad_chars = Validate(
      sts, *op.input,
      json::object{{"RoleArn", "arn:aws:iam::111122223333:role/r"}, {"RoleSessionName", "a b"}});
  EXPECT_EQ(bad_chars, std::vector<std::string>{"Value 'a b' at 'roleSessionName' failed to "
                                                "satisfy constraint: Member must satisfy regular "
                                                "expression pattern: [\\w+=,.@-]*"});
}

// Every input shape reachable from an operation, depth first.
void CollectShapes(const model::Shape* shape, std::set<const model::Shape*>* seen) {
  if (!shape || !seen->insert(shape).second) return;
  for (const model::MemberRef& member : shape->members) CollectShapes(member.shape, seen);
  CollectShapes(shape->member.shape, seen);
  CollectShapes(shape->key.shape, seen);
  CollectShapes(shape->value.shape, seen);
}

TEST(RealModelValidateTest, EveryInputPatternCompilesOrIsAKnownGap) {
  // Java lookaheads with no RE2 equivalent: these patterns are not checked (documented gap).
  const std::set<std::string> known_gaps = {
      "^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
      "(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?"
      "(?:(\\d+(?:\\.\\d+)?)S)?)?",
  };
  const model::ModelRegistry models;
  size_t checked = 0;
  for (const model::ServiceInfo& info : model::ModelRegistry::Services()) {
    const model::ServiceModel& m = models.Get(info.name);
    std::set<const model::Shape*> shapes;
    for (const auto& [name, op] : m.operations()) CollectShapes(op.input, &shapes);
    for (const model::Shape* shape : shapes) {
      if (shape->pattern.empty()) continue;
      ++checked;
      if (known_gaps.count(shape->pattern)) {
        EXPECT_EQ(m.Pattern(*shape), nullptr) << shape->pattern;
      } else {
        EXPECT_NE(m.Pattern(*shape), nullptr) << info.name << " " << shape->name << ": "
                                              << shape->pattern;
      }
    }
  }
  EXPECT_GT(checked, 200u);
}

TEST(TranslatePatternTest, JavaEscapesBecomeRe2) {
  EXPECT_EQ(model::TranslatePattern("[\\u0020-\\uD7FF]+"), "[\\x{0020}-\\x{D7FF}]+");
  EXPECT_EQ(model::TranslatePattern("abc\\z"), "abc");
}

TEST(TranslatePatternTest, NotBlankLookaheadIsRewritten) {
  EXPECT_EQ(model::TranslatePattern("^(?!\\s*$).+"), "^\\s*\\S.*");
  const model::ModelRegistry models;
  const model::ServiceModel& ssm = models.Get("ssm");
  const model::Operation& op = *ssm.FindOperation("CreateOpsItem");
  EXPECT_TRUE(Validate(ssm, *op.input, json::object{{"Description", "d"}, {"Source", "x"},
                                                    {"Title", " a b "}})
                  .empty());
  const std::vector<std::string> blank = Validate(
      ssm, *op.input, json::object{{"Description", "d"}, {"Source", "x"}, {"Title", "   "}});
  ASSERT_EQ(blank.size(), 1u);
  EXPECT_EQ(blank[0],
            "Value '   ' at 'title' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: ^(?!\\s*$).+");
}

TEST(TranslatePatternTest, RepetitionOverRe2LimitBecomesUnbounded) {
  EXPECT_EQ(model::TranslatePattern("^a.{1,2000}$"), "^a.{1,}$");
  EXPECT_EQ(model::TranslatePattern("^a.{1,1000}$"), "^a.{1,1000}$");
  EXPECT_EQ(model::TranslatePattern("^a{2}$"), "^a{2}$");
}

}  // namespace
}  // namespace nimbus::core::protocol
