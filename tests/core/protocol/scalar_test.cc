// The scalar parser that AWS Query and REST-XML share.
#include "core/protocol/scalar.h"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;
using model::ShapeType;

model::Shape Of(ShapeType type, std::string timestamp_format = "") {
  model::Shape shape;
  shape.type = type;
  shape.timestamp_format = std::move(timestamp_format);
  return shape;
}

struct Case {
  ShapeType type;
  std::string text;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const Case& c, std::ostream* out) { *out << "'" << c.text << "'"; }

class RefusedScalarTest : public ::testing::TestWithParam<Case> {};

TEST_P(RefusedScalarTest, IsNotAValue) {
  EXPECT_EQ(ParseScalar(Of(GetParam().type), GetParam().text), std::nullopt) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Integers, RefusedScalarTest,
    ::testing::Values(Case{ShapeType::kInteger, ""}, Case{ShapeType::kInteger, "1.5x"},
                      Case{ShapeType::kInteger, "1.5"}, Case{ShapeType::kInteger, "3x"},
                      Case{ShapeType::kInteger, "+3"}, Case{ShapeType::kInteger, " 3"},
                      Case{ShapeType::kInteger, "3 "}, Case{ShapeType::kInteger, "1e3"},
                      Case{ShapeType::kInteger, "2147483648"},
                      Case{ShapeType::kInteger, "-2147483649"},
                      Case{ShapeType::kLong, "9223372036854775808"},
                      Case{ShapeType::kLong, "-9223372036854775809"},
                      Case{ShapeType::kLong, "0x10"}));

INSTANTIATE_TEST_SUITE_P(
    Doubles, RefusedScalarTest,
    ::testing::Values(Case{ShapeType::kDouble, ""}, Case{ShapeType::kDouble, "1.5x"},
                      Case{ShapeType::kDouble, "1.5.1"}, Case{ShapeType::kDouble, "-"},
                      Case{ShapeType::kDouble, "+1.5"}, Case{ShapeType::kDouble, " 1.5"},
                      Case{ShapeType::kDouble, "inf"}, Case{ShapeType::kDouble, "-inf"},
                      Case{ShapeType::kDouble, "nan"}, Case{ShapeType::kDouble, "infinity"},
                      Case{ShapeType::kDouble, "NAN"}, Case{ShapeType::kDouble, "0x1p3"},
                      Case{ShapeType::kDouble, "1e999"}, Case{ShapeType::kFloat, "1,5"}));

INSTANTIATE_TEST_SUITE_P(
    Booleans, RefusedScalarTest,
    ::testing::Values(Case{ShapeType::kBoolean, ""}, Case{ShapeType::kBoolean, "tru"},
                      Case{ShapeType::kBoolean, "True"}, Case{ShapeType::kBoolean, "FALSE"},
                      Case{ShapeType::kBoolean, "1"}, Case{ShapeType::kBoolean, "yes"},
                      Case{ShapeType::kBoolean, "true "}));

TEST(ScalarTest, IntegerIsWholeDecimalText) {
  EXPECT_EQ(ParseScalar(Of(ShapeType::kInteger), "42"), json::value(42));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kInteger), "-7"), json::value(-7));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kInteger), "007"), json::value(7));
}

TEST(ScalarTest, IntegerAndLongReachTheirLimits) {
  EXPECT_EQ(ParseScalar(Of(ShapeType::kInteger), "2147483647"), json::value(2147483647));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kInteger), "-2147483648"), json::value(-2147483648LL));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kLong), "9223372036854775807"),
            json::value(9223372036854775807LL));
}

TEST(ScalarTest, DoubleIsDecimalTextInFull) {
  EXPECT_EQ(ParseScalar(Of(ShapeType::kDouble), "1.5"), json::value(1.5));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kDouble), "-2e-3"), json::value(-0.002));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kDouble), ".5"), json::value(0.5));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kDouble), "1e+20"), json::value(1e20));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kFloat), "3"), json::value(3.0));
}

TEST(ScalarTest, DoubleSpecialValuesAreBotocoresSpellings) {
  EXPECT_TRUE(std::isnan(ParseScalar(Of(ShapeType::kDouble), "NaN")->as_double()));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kDouble), "Infinity"), json::value(HUGE_VAL));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kDouble), "-Infinity"), json::value(-HUGE_VAL));
}

TEST(ScalarTest, BooleanIsLowerCaseTrueOrFalse) {
  EXPECT_EQ(ParseScalar(Of(ShapeType::kBoolean), "true"), json::value(true));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kBoolean), "false"), json::value(false));
}

TEST(ScalarTest, TimestampIsIso8601ByDefault) {
  EXPECT_EQ(ParseScalar(Of(ShapeType::kTimestamp), "2026-11-22T02:03:29.500Z"),
            json::value(1795313009.5));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kTimestamp), "1795313009"), std::nullopt);
  EXPECT_EQ(ParseScalar(Of(ShapeType::kTimestamp), "Sun, 22 Nov 2026 02:03:29 GMT"), std::nullopt);
}

TEST(ScalarTest, TimestampFollowsTheFormatGiven) {
  const model::Shape shape = Of(ShapeType::kTimestamp);
  EXPECT_EQ(ParseScalar(shape, "Sun, 22 Nov 2026 02:03:29 GMT", "rfc822"),
            json::value(1795313009.0));
  EXPECT_EQ(ParseScalar(shape, "2026-11-22T02:03:29Z", "rfc822"), std::nullopt);
  EXPECT_EQ(ParseScalar(shape, "1795313009.25", "unixTimestamp"), json::value(1795313009.25));
  EXPECT_EQ(ParseScalar(shape, "2026-11-22T02:03:29Z", "unixTimestamp"), std::nullopt);
  EXPECT_EQ(ParseScalar(shape, "2026-11-22T02:03:29Z", "iso8601"), json::value(1795313009.0));
}

TEST(ScalarTest, StringsAndBlobsAreKeptAsText) {
  EXPECT_EQ(ParseScalar(Of(ShapeType::kString), " 1.5x "), json::value(" 1.5x "));
  EXPECT_EQ(ParseScalar(Of(ShapeType::kBlob), "aGk="), json::value("aGk="));
}

TEST(ScalarTest, TimestampFormatPrefersTheMemberThenTheShapeThenTheLocation) {
  const model::Shape iso = Of(ShapeType::kTimestamp, "iso8601");
  const model::Shape plain = Of(ShapeType::kTimestamp);
  model::MemberRef ref;
  ref.shape = &plain;
  EXPECT_EQ(TimestampFormat(ref, "rfc822"), "rfc822");
  ref.shape = &iso;
  EXPECT_EQ(TimestampFormat(ref, "rfc822"), "iso8601");
  ref.timestamp_format = "unixTimestamp";
  EXPECT_EQ(TimestampFormat(ref, "rfc822"), "unixTimestamp");
}

TEST(ScalarTest, ScalarNounNamesTheTypeForMessages) {
  EXPECT_EQ(ScalarNoun(ShapeType::kInteger), "a number");
  EXPECT_EQ(ScalarNoun(ShapeType::kLong), "a number");
  EXPECT_EQ(ScalarNoun(ShapeType::kDouble), "a number");
  EXPECT_EQ(ScalarNoun(ShapeType::kBoolean), "a boolean");
  EXPECT_EQ(ScalarNoun(ShapeType::kTimestamp), "a timestamp");
}

}  // namespace
}  // namespace nimbus::core::protocol
