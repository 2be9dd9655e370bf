// Timestamp formatting and parsing shared by every protocol.
#include "core/clock.h"

#include <gtest/gtest.h>

#include <string>

namespace nimbus::core {
namespace {

constexpr int64_t kMillis = 1'795'313'009'123;  // 2026-11-22T02:03:29.123Z, a Sunday

TEST(ClockTest, Formats) {
  EXPECT_EQ(FormatIso8601(kMillis), "2026-11-22T02:03:29.123Z");
  EXPECT_EQ(FormatIso8601(kMillis - 123), "2026-11-22T02:03:29.000Z");
  EXPECT_EQ(FormatIso8601Seconds(kMillis), "2026-11-22T02:03:29Z");
  EXPECT_EQ(FormatRfc1123(kMillis), "Sun, 22 Nov 2026 02:03:29 GMT");
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00.000Z");
}

TEST(ClockTest, Iso8601IsRightBeforeTheEpochAndOnLeapDays) {
  EXPECT_EQ(FormatIso8601(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(4'107'542'399'999), "2100-02-28T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601(4'107'542'400'000), "2100-03-01T00:00:00.000Z");
}

TEST(ClockTest, AppendIso8601AddsToWhatIsThere) {
  std::string out = "<T>";
  AppendIso8601(out, kMillis);
  EXPECT_EQ(out, "<T>2026-11-22T02:03:29.123Z");
}

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(kMillis);
  EXPECT_EQ(clock.NowMillis(), kMillis);
  clock.Advance(1500);
  EXPECT_EQ(clock.NowMillis(), kMillis + 1500);
  EXPECT_DOUBLE_EQ(clock.NowSeconds(), (kMillis + 1500) / 1000.0);
  clock.Set(5);
  EXPECT_EQ(clock.NowMillis(), 5);
}

struct ParseCase {
  std::string text;
  double seconds;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const ParseCase& c, std::ostream* out) { *out << c.text; }

class ParseTimestampTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseTimestampTest, Parses) {
  double seconds = -1;
  ASSERT_TRUE(ParseTimestamp(GetParam().text, &seconds)) << GetParam().text;
  EXPECT_DOUBLE_EQ(seconds, GetParam().seconds) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, ParseTimestampTest,
    ::testing::Values(ParseCase{"2026-11-22T02:03:29Z", 1795313009},
                      ParseCase{"2026-11-22T02:03:29.123Z", 1795313009.123},
                      ParseCase{"2026-11-22t02:03:29z", 1795313009},
                      ParseCase{"2026-11-22T02:03:29", 1795313009},
                      ParseCase{"2026-11-22T02:03Z", 1795312980},
                      ParseCase{"2026-11-22T04:03:29+02:00", 1795313009},
                      ParseCase{"2026-11-22T00:03:29-0200", 1795313009},
                      ParseCase{"2026-11-22", 1795305600},
                      ParseCase{"Sun, 22 Nov 2026 02:03:29 GMT", 1795313009},
                      ParseCase{"1795313009", 1795313009},
                      ParseCase{"1795313009.5", 1795313009.5},
                      ParseCase{"1.7953130095E9", 1795313009.5},
                      ParseCase{"0", 0}));

class BadTimestampTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadTimestampTest, IsRejected) {
  double seconds = 0;
  EXPECT_FALSE(ParseTimestamp(GetParam(), &seconds)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, BadTimestampTest,
    ::testing::Values("", "yesterday", "2026-13-01T00:00:00Z", "2026-11-32", "2026-11-22T25:00Z",
                      "2026-11-22T02:03:29Q", "2026-11-22X02:03", "2026-11", "2026-11-22T",
                      "2026-11-22T02:03:29+0", "nan", "NaN", "inf", "-inf", "1e999", " 12",
                      "0x1p3", "12abc", "Sun, 22 Nov 2026 02:03:29 PST"));

TEST(ClockTest, EpochSecondsKeepsTheMilliseconds) {
  EXPECT_DOUBLE_EQ(EpochSeconds(kMillis), 1795313009.123);
  EXPECT_DOUBLE_EQ(EpochSeconds(-1500), -1.5);
  EXPECT_DOUBLE_EQ(EpochSeconds(0), 0.0);
}

TEST(ClockTest, EpochMillisRoundsToTheNearestMillisecond) {
  EXPECT_EQ(EpochMillis(1795313009.123), kMillis);
  EXPECT_EQ(EpochMillis(1.0004), 1000);
  EXPECT_EQ(EpochMillis(1.0006), 1001);
  EXPECT_EQ(EpochMillis(-1.5), -1500);
}

TEST(ClockTest, ParseIso8601AcceptsOnlyIso8601) {
  double seconds = 0;
  EXPECT_TRUE(ParseIso8601("2026-11-22T02:03:29.5Z", &seconds));
  EXPECT_DOUBLE_EQ(seconds, 1795313009.5);
  EXPECT_FALSE(ParseIso8601("Sun, 22 Nov 2026 02:03:29 GMT", &seconds));
  EXPECT_FALSE(ParseIso8601("1795313009", &seconds));
}

TEST(ClockTest, ParseRfc1123AcceptsOnlyRfc1123) {
  double seconds = 0;
  EXPECT_TRUE(ParseRfc1123("Sun, 22 Nov 2026 02:03:29 GMT", &seconds));
  EXPECT_DOUBLE_EQ(seconds, 1795313009);
  EXPECT_FALSE(ParseRfc1123("2026-11-22T02:03:29Z", &seconds));
  EXPECT_FALSE(ParseRfc1123("1795313009", &seconds));
}

TEST(ClockTest, ParseEpochSecondsAcceptsOnlyDecimalNumbers) {
  double seconds = 0;
  EXPECT_TRUE(ParseEpochSeconds("1795313009.25", &seconds));
  EXPECT_DOUBLE_EQ(seconds, 1795313009.25);
  EXPECT_FALSE(ParseEpochSeconds("2026-11-22T02:03:29Z", &seconds));
  EXPECT_FALSE(ParseEpochSeconds("Sun, 22 Nov 2026 02:03:29 GMT", &seconds));
  EXPECT_FALSE(ParseEpochSeconds("inf", &seconds));
}

}  // namespace
}  // namespace nimbus::core
