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

std::vector<std::string> Texts(const std::vector<Violation>& violations) {
  std::vector<std::string> texts;
  for (const Violation& v : violations) texts.push_back(v.text);
  return texts;
}

class ValidateTest : public ::testing::Test {
 protected:
  std::vector<std::string> Check(json::object input) {
    if (!input.contains("Name")) input["Name"] = "ok";
    return Texts(Validate(model_, *op_.input, input));
  }
  // The single violation of `input`, or a failure.
  std::string One(json::object input) {
    const std::vector<std::string> v = Check(std::move(input));
    EXPECT_EQ(v.size(), 1u) << ::testing::PrintToString(v);
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
  EXPECT_EQ(Texts(Validate(model_, *op_.input, json::object{})),
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
  ASSERT_EQ(v.size(), 1u) << ::testing::PrintToString(v);
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
  const std::vector<Violation> v =
      Validate(model_, *op_.input, json::object{{"Name", "a"}, {"Mode", "medium"}});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(ValidationMessage(v),
            "2 validation errors detected: Value 'a' at 'name' failed to satisfy constraint: "
            "Member must have length greater than or equal to 2; Value 'medium' at 'mode' failed "
            "to satisfy constraint: Member must satisfy enum value set: [fast, slow]");
}

TEST_F(ValidateTest, EachViolationNamesTheKindOfConstraintItBroke) {
  const auto kind = [&](json::object input) {
    const std::vector<Violation> v = Validate(model_, *op_.input, input);
    return v.size() == 1 ? v[0].kind : ViolationKind::kMember;
  };
  EXPECT_EQ(kind({}), ViolationKind::kRequired);
  EXPECT_EQ(kind({{"Name", "ok"}, {"Mode", "medium"}}), ViolationKind::kEnum);
  EXPECT_EQ(kind({{"Name", "a"}}), ViolationKind::kMinLength);
  EXPECT_EQ(kind({{"Name", "abcdefghi"}}), ViolationKind::kMaxLength);
  EXPECT_EQ(kind({{"Name", "Ab"}}), ViolationKind::kPattern);
  EXPECT_EQ(kind({{"Name", "ok"}, {"Count", 0}}), ViolationKind::kMinValue);
  EXPECT_EQ(kind({{"Name", "ok"}, {"Count", 11}}), ViolationKind::kMaxValue);
  EXPECT_EQ(kind({{"Name", "ok"}, {"Limited", json::array{"a", "b", "c"}}}),
            ViolationKind::kMaxLength);
}

TEST_F(ValidateTest, SingleViolationMessage) {
  EXPECT_EQ(ValidationMessage(
                {{ViolationKind::kPattern, "Value 'a' at 'x' failed to satisfy constraint: C"}}),
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
  const std::vector<std::string> v = Texts(Validate(
      sts, *op.input,
      json::object{{"RoleArn", "arn:aws:iam::111122223333:role/r"}, {"RoleSessionName", "a"}}));
  EXPECT_EQ(v, std::vector<std::string>{"Value 'a' at 'roleSessionName' failed to satisfy "
                                        "constraint: Member must have length greater than or "
                                        "equal to 2"});
  const std::vector<std::string> bad_chars = Texts(Validate(
      sts, *op.input,
      json::object{{"RoleArn", "arn:aws:iam::111122223333:role/r"}, {"RoleSessionName", "a b"}}));
  EXPECT_EQ(bad_chars, std::vector<std::string>{"Value 'a b' at 'roleSessionName' failed to "
                                                "satisfy constraint: Member must satisfy regular "
                                                "expression pattern: [\\w+=,.@-]*"});
}

TEST(RealModelValidateTest, SsmLabelParameterVersionReportsABadLabelOnTheList) {
  const model::ModelRegistry models;
  const model::ServiceModel& ssm = models.Get("ssm");
  const std::string long_label(101, 'x');
  EXPECT_EQ(Texts(Validate(ssm, *ssm.FindOperation("LabelParameterVersion")->input,
                           {{"Name", "/app/db"}, {"Labels", json::array{"a", long_label}}})),
            std::vector<std::string>{
                "Value '[a, " + long_label +
                "]' at 'labels' failed to satisfy constraint: Member must satisfy constraint: "
                "[Member must have length less than or equal to 100, Member must have length "
                "greater than or equal to 1]"});
}

TEST(RealModelValidateTest, IamThumbprintListReportsAShortThumbprintOnTheList) {
  const model::ModelRegistry models;
  const model::ServiceModel& iam = models.Get("iam");
  EXPECT_EQ(
      Texts(Validate(iam, *iam.FindOperation("CreateOpenIDConnectProvider")->input,
                     {{"Url", "https://idp.example.com"}, {"ThumbprintList", json::array{"abc"}}})),
      std::vector<std::string>{
          "Value '[abc]' at 'thumbprintList' failed to satisfy constraint: Member must "
          "satisfy constraint: [Member must have length less than or equal to 40, Member "
          "must have length greater than or equal to 40]"});
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
  const std::vector<std::string> blank = Texts(Validate(
      ssm, *op.input, json::object{{"Description", "d"}, {"Source", "x"}, {"Title", "   "}}));
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

// Sensitive shapes and collections of constrained scalars, in a model of their own.
constexpr std::string_view kVaultModel = R"({
  "metadata": {"protocol": "json", "apiVersion": "2020-01-01", "jsonVersion": "1.1",
               "targetPrefix": "Vault_20200101", "signingName": "vault", "serviceId": "Vault"},
  "operations": {
    "Store": {"name": "Store", "http": {"method": "POST", "requestUri": "/"},
              "input": {"shape": "StoreInput"}}
  },
  "shapes": {
    "StoreInput": {"type": "structure", "members": {
      "Secret": {"shape": "Secret"},
      "Pin": {"shape": "Pin"},
      "Secrets": {"shape": "SecretList"},
      "Vault": {"shape": "Vault"},
      "Logins": {"shape": "LoginList"},
      "Labels": {"shape": "LabelList"},
      "Codes": {"shape": "CodeList"},
      "Modes": {"shape": "ModeList"},
      "Counts": {"shape": "CountList"},
      "Settings": {"shape": "SettingMap"},
      "Groups": {"shape": "GroupMap"},
      "Hidden": {"shape": "HiddenMap"},
      "Sealed": {"shape": "SealedList"}
    }},
    "Secret": {"type": "string", "min": 1, "max": 8, "sensitive": true},
    "Pin": {"type": "blob", "min": 1, "max": 4, "sensitive": true},
    "Tally": {"type": "integer", "sensitive": true},
    "Flag": {"type": "boolean", "sensitive": true},
    "When": {"type": "timestamp", "sensitive": true},
    "SecretList": {"type": "list", "member": {"shape": "Secret"}},
    "SealedList": {"type": "list", "member": {"shape": "Label"}, "sensitive": true},
    "Vault": {"type": "structure", "sensitive": true, "members": {"Code": {"shape": "Code"}}},
    "Login": {"type": "structure",
              "members": {"User": {"shape": "Label"}, "Password": {"shape": "Secret"}}},
    "LoginList": {"type": "list", "member": {"shape": "Login"}, "max": 1},
    "Label": {"type": "string", "min": 1, "max": 100},
    "LabelList": {"type": "list", "member": {"shape": "Label"}, "min": 1, "max": 3},
    "Code": {"type": "string", "min": 2, "max": 3, "pattern": "[A-Z]+"},
    "CodeList": {"type": "list", "member": {"shape": "Code"}},
    "Mode": {"type": "string", "enum": ["fast", "slow"]},
    "ModeList": {"type": "list", "member": {"shape": "Mode"}},
    "Count": {"type": "integer", "min": 1, "max": 5},
    "CountList": {"type": "list", "member": {"shape": "Count"}},
    "SettingMap": {"type": "map", "key": {"shape": "Code"}, "value": {"shape": "Label"}},
    "GroupMap": {"type": "map", "key": {"shape": "Label"}, "value": {"shape": "LabelList"}},
    "HiddenMap": {"type": "map", "key": {"shape": "Label"}, "value": {"shape": "Label"},
                  "sensitive": true}
  }
})";

class VaultValidateTest : public ::testing::Test {
 protected:
  // The single violation of `input`, or a failure.
  std::string One(json::object input) {
    const std::vector<std::string> v = Texts(Validate(model_, *op_.input, input));
    EXPECT_EQ(v.size(), 1u) << ::testing::PrintToString(v);
    return v.empty() ? "" : v[0];
  }

  model::ServiceModel model_{"vault", kVaultModel, "{}"};
  const model::Operation& op_ = *model_.FindOperation("Store");
};

TEST_F(VaultValidateTest, ParserKeepsTheSensitiveFlagOnEveryShapeKind) {
  for (const char* name :
       {"Secret", "Pin", "Tally", "Flag", "When", "SealedList", "Vault", "HiddenMap"}) {
    ASSERT_NE(model_.FindShape(name), nullptr) << name;
    EXPECT_TRUE(model_.FindShape(name)->sensitive) << name;
  }
  EXPECT_FALSE(model_.FindShape("SecretList")->sensitive);
  EXPECT_FALSE(model_.FindShape("Label")->sensitive);
}

TEST_F(VaultValidateTest, SensitiveStringIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Secret", "hunter2-hunter2"}}),
            "Value at 'secret' failed to satisfy constraint: Member must have length less than "
            "or equal to 8");
}

TEST_F(VaultValidateTest, SensitiveBlobIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Pin", "AQIDBAU="}}),
            "Value at 'pin' failed to satisfy constraint: Member must have length less than or "
            "equal to 4");
}

TEST_F(VaultValidateTest, BlobLengthIsTheDecodedByteCount) {
  EXPECT_TRUE(Validate(model_, *op_.input, {{"Pin", "AQIDBA=="}}).empty());  // 4 bytes
  EXPECT_TRUE(Validate(model_, *op_.input, {{"Pin", "AQ=="}}).empty());      // 1 byte
  EXPECT_EQ(One({{"Pin", ""}}),
            "Value at 'pin' failed to satisfy constraint: Member must have length greater than "
            "or equal to 1");
}

TEST_F(VaultValidateTest, MemberOfASensitiveStructureIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Vault", json::object{{"Code", "ABCD"}}}}),
            "Value at 'vault.code' failed to satisfy constraint: Member must have length less "
            "than or equal to 3");
}

TEST_F(VaultValidateTest, ListOfSensitiveScalarsIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Secrets", json::array{"ok", "hunter2-hunter2"}}}),
            "Value at 'secrets' failed to satisfy constraint: Member must satisfy constraint: "
            "[Member must have length less than or equal to 8, Member must have length greater "
            "than or equal to 1]");
}

TEST_F(VaultValidateTest, SensitiveListIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Sealed", json::array{""}}}),
            "Value at 'sealed' failed to satisfy constraint: Member must satisfy constraint: "
            "[Member must have length less than or equal to 100, Member must have length greater "
            "than or equal to 1]");
}

// The list itself is not sensitive, but printing it would print the passwords inside.
TEST_F(VaultValidateTest, ListThatContainsASensitiveMemberIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Logins", json::array{json::object{{"User", "a"}, {"Password", "pw-a"}},
                                        json::object{{"User", "b"}, {"Password", "pw-b"}}}}}),
            "Value at 'logins' failed to satisfy constraint: Member must have length less than "
            "or equal to 1");
}

TEST_F(VaultValidateTest, SensitiveMapIsReportedWithoutItsValue) {
  EXPECT_EQ(One({{"Hidden", json::object{{"k", ""}}}}),
            "Value at 'hidden' failed to satisfy constraint: Map value must satisfy constraint: "
            "[Member must have length less than or equal to 100, Member must have length greater "
            "than or equal to 1]");
}

TEST_F(VaultValidateTest, ListOfScalarsIsReportedOnTheListWithEveryConstraintOfItsMember) {
  EXPECT_EQ(One({{"Labels", json::array{"ok", ""}}}),
            "Value '[ok, ]' at 'labels' failed to satisfy constraint: Member must satisfy "
            "constraint: [Member must have length less than or equal to 100, Member must have "
            "length greater than or equal to 1]");
}

TEST_F(VaultValidateTest, ListOfScalarsIsOneViolationHoweverManyMembersBreakIt) {
  EXPECT_EQ(Validate(model_, *op_.input, {{"Labels", json::array{"", "", ""}}}).size(), 1u);
}

TEST_F(VaultValidateTest, ListMemberPatternIsListedAfterItsLengths) {
  EXPECT_EQ(One({{"Codes", json::array{"AB", "ab"}}}),
            "Value '[AB, ab]' at 'codes' failed to satisfy constraint: Member must satisfy "
            "constraint: [Member must have length less than or equal to 3, Member must have "
            "length greater than or equal to 2, Member must satisfy regular expression pattern: "
            "[A-Z]+]");
}

TEST_F(VaultValidateTest, ListMemberEnumIsReportedAsTheMembersEnumValueSet) {
  EXPECT_EQ(One({{"Modes", json::array{"fast", "medium"}}}),
            "Value '[fast, medium]' at 'modes' failed to satisfy constraint: Member must satisfy "
            "constraint: [Member must satisfy enum value set: [fast, slow]]");
}

TEST_F(VaultValidateTest, ListMemberRangeIsReportedWithValueConstraints) {
  EXPECT_EQ(One({{"Counts", json::array{1, 9}}}),
            "Value '[1, 9]' at 'counts' failed to satisfy constraint: Member must satisfy "
            "constraint: [Member must have value less than or equal to 5, Member must have value "
            "greater than or equal to 1]");
}

TEST_F(VaultValidateTest, ListOfScalarsReportsItsMemberKind) {
  const std::vector<Violation> v = Validate(model_, *op_.input, {{"Modes", json::array{"x"}}});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, ViolationKind::kMember);
}

TEST_F(VaultValidateTest, MapKeysAreReportedOnTheMapWithEveryConstraintOfTheKey) {
  EXPECT_EQ(One({{"Settings", json::object{{"AB", "x"}, {"a", "y"}}}}),
            "Value '{AB=x, a=y}' at 'settings' failed to satisfy constraint: Map keys must "
            "satisfy constraint: [Member must have length less than or equal to 3, Member must "
            "have length greater than or equal to 2, Member must satisfy regular expression "
            "pattern: [A-Z]+]");
}

TEST_F(VaultValidateTest, MapValuesAreReportedOnTheMapWithEveryConstraintOfTheValue) {
  EXPECT_EQ(One({{"Settings", json::object{{"AB", ""}}}}),
            "Value '{AB=}' at 'settings' failed to satisfy constraint: Map value must satisfy "
            "constraint: [Member must have length less than or equal to 100, Member must have "
            "length greater than or equal to 1]");
}

TEST_F(VaultValidateTest, MapOfListsReportsTheListSizeAsTheMapValue) {
  EXPECT_EQ(One({{"Groups", json::object{{"g", json::array{"a", "b", "c", "d"}}}}}),
            "Value '{g=[a, b, c, d]}' at 'groups' failed to satisfy constraint: Map value must "
            "satisfy constraint: [Member must have length less than or equal to 3, Member must "
            "have length greater than or equal to 1]");
}

}  // namespace
}  // namespace nimbus::core::protocol
