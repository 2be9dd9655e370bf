#include "services/ssm/maintenance_window_schedule.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace nimbus::ssm {
namespace {

// Epoch seconds of an ISO time, for readable expectations.
int64_t At(const std::string& iso) { return ParseWindowTime(iso).value(); }

// The next run of `expression` after `after`, formatted, or "none".
std::string Next(const std::string& expression, const std::string& after,
                 const std::string& anchor = "2020-01-01T00:00:00Z", int64_t offset = 0) {
  const std::optional<WindowSchedule> s = WindowSchedule::Parse(expression);
  if (!s) return "invalid";
  const std::optional<int64_t> next = s->NextAfter(At(after), At(anchor), offset);
  return next ? FormatWindowTime(*next) : "none";
}

struct NextCase {
  const char* name;  // the behaviour, as the test's name
  const char* expression;
  const char* after;
  const char* anchor;
  int64_t offset_days;
  const char* next;  // formatted, or "none"
};

// Names the case in failures, instead of gtest's dump of its bytes.
void PrintTo(const NextCase& c, std::ostream* out) { *out << c.name; }

class WindowScheduleNextTest : public ::testing::TestWithParam<NextCase> {};

TEST_P(WindowScheduleNextTest, NextRunAfterATime) {
  const NextCase& c = GetParam();
  EXPECT_EQ(Next(c.expression, c.after, c.anchor, c.offset_days), c.next);
}

INSTANTIATE_TEST_SUITE_P(
    Expressions, WindowScheduleNextTest,
    ::testing::Values(
        NextCase{"CronOnTuesdaysRunsOnTheNextTuesdayAtFourPm", "cron(0 16 ? * TUE *)",
                 "2020-02-13T10:00:00Z", "2020-01-01T00:00:00Z", 0, "2020-02-18T16:00Z"},
        NextCase{"CronRunAtTheCurrentMinuteIsNotNext", "cron(0 16 ? * TUE *)",
                 "2020-02-18T16:00:00Z", "2020-01-01T00:00:00Z", 0, "2020-02-25T16:00Z"},
        NextCase{"CronThirdThursdayOfTheMonth", "cron(0 2 ? * THU#3 *)", "2024-05-01T00:00:00Z",
                 "2020-01-01T00:00:00Z", 0, "2024-05-16T02:00Z"},
        NextCase{"CronLastDayOfTheMonthInAFebruaryOfALeapYear", "cron(0 2 L * ? *)",
                 "2024-02-03T00:00:00Z", "2020-01-01T00:00:00Z", 0, "2024-02-29T02:00Z"},
        NextCase{"CronLastFridayOfTheMonth", "cron(15 10 ? * 6L *)", "2024-05-01T00:00:00Z",
                 "2020-01-01T00:00:00Z", 0, "2024-05-31T10:15Z"},
        // 2024-06-15 is a Saturday.
        NextCase{"CronNearestWeekdayMovesASaturdayToFriday", "cron(0 8 15W * ? *)",
                 "2024-06-01T00:00:00Z", "2020-01-01T00:00:00Z", 0, "2024-06-14T08:00Z"},
        NextCase{"CronEveryFifteenMinutesStepsFromZero", "cron(0/15 * * * ? *)",
                 "2024-06-01T10:16:00Z", "2020-01-01T00:00:00Z", 0, "2024-06-01T10:30Z"},
        NextCase{"CronWithAYearListEndsAfterIt", "cron(0 0 1 1 ? 2021)", "2021-06-01T00:00:00Z",
                 "2020-01-01T00:00:00Z", 0, "none"},
        NextCase{"CronScheduleOffsetDelaysEachRunByDays", "cron(30 23 ? * TUE#3 *)",
                 "2024-05-01T00:00:00Z", "2020-01-01T00:00:00Z", 2, "2024-05-23T23:30Z"},
        NextCase{"CronWithSecondsFieldHasSevenFields", "cron(24 30 09 ? * * *)",
                 "2024-05-01T00:00:00Z", "2020-01-01T00:00:00Z", 0, "2024-05-01T09:30Z"},
        NextCase{"RateCountsPeriodsFromTheAnchor", "rate(7 days)", "2020-01-20T00:00:00Z",
                 "2020-01-01T12:00:00Z", 0, "2020-01-22T12:00Z"},
        NextCase{"RateOfOneHourRunsHourly", "rate(1 hour)", "2020-01-01T05:30:00Z",
                 "2020-01-01T00:00:00Z", 0, "2020-01-01T06:00Z"}),
    [](const ::testing::TestParamInfo<NextCase>& c) { return c.param.name; });

TEST(WindowScheduleTest, AtRunsOnceThenNever) {
  EXPECT_EQ(Next("at(2030-07-07T13:15:30)", "2030-01-01T00:00:00Z"), "2030-07-07T13:15Z");
  EXPECT_EQ(Next("at(2019-07-07T13:15:30)", "2020-01-01T00:00:00Z"), "none");
}

TEST(WindowScheduleTest, InvalidExpressionsAreRefused) {
  for (const char* bad :
       {"cron(0 16 * * TUE *)", "cron(0 16 ? * ? *)", "cron(0 16 ? *)", "cron(60 16 ? * TUE *)",
        "cron(0 16 ? * TUE 1969)", "cron(0 0 16 ? * TUE *)", "cron(0 16 ? * FOO *)",
        "rate(1 hours)", "rate(5 hour)", "rate(0 days)", "rate(2 weeks)", "at(2020-07-07)",
        "every day", "cron(0 16 ? * TUE#6 *)"}) {
    EXPECT_FALSE(WindowSchedule::Parse(bad).has_value()) << bad;
  }
}

TEST(WindowScheduleTest, WindowTimesParseWithOffsetsAndWithoutSeconds) {
  EXPECT_EQ(FormatWindowTime(At("2021-04-07T14:29:00-08:00")), "2021-04-07T22:29Z");
  EXPECT_EQ(FormatWindowTime(At("2020-02-15T06:00Z")), "2020-02-15T06:00Z");
}

}  // namespace
}  // namespace nimbus::ssm
