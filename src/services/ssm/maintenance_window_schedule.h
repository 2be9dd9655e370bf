#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A maintenance window's Schedule, parsed and evaluated: cron(...) with six fields (seven with
// seconds first), rate(<n> <unit>) and at(<date>T<time>), as the Systems Manager user guide's
// "Reference: Cron and rate expressions for Systems Manager" describes them:
// https://docs.aws.amazon.com/systems-manager/latest/userguide/reference-cron-and-rate-expressions.html
// Times are epoch seconds in UTC; time zones other than UTC are not applied (README).
namespace nimbus::ssm {

class WindowSchedule {
 public:
  // The schedule `expression` stands for, or nullopt when it is not a valid expression.
  static std::optional<WindowSchedule> Parse(std::string_view expression);

  // The first run strictly after `after` (epoch seconds), or nullopt when there is none (an at()
  // time that has passed, a cron whose years have ended). A rate schedule counts its periods
  // from `anchor` (the window's StartDate, else its creation time). `offset_days` (the window's
  // ScheduleOffset) delays each cron run by that many days.
  std::optional<int64_t> NextAfter(int64_t after, int64_t anchor, int64_t offset_days = 0) const;

  bool is_cron() const { return kind_ == Kind::kCron; }

 private:
  enum class Kind { kCron, kRate, kAt };
  // The values one cron field allows, by value (index 0..max).
  using Values = std::vector<bool>;

  // The first cron run at or after `from` (no offset), or nullopt.
  std::optional<int64_t> CronAtOrAfter(int64_t from) const;
  bool DayMatches(int64_t year, int64_t month, int64_t day) const;

  Kind kind_ = Kind::kAt;
  int64_t rate_seconds_ = 0;
  int64_t at_ = 0;
  // Cron fields.
  Values seconds_, minutes_, hours_, days_of_month_, months_, days_of_week_, years_;
  bool any_day_of_month_ = false;          // "?" in day-of-month: the day-of-week field decides
  bool last_day_of_month_ = false;         // "L"
  std::vector<int64_t> nearest_weekdays_;  // "15W"
  bool last_weekday_of_month_ = false;     // "LW"
  std::vector<std::pair<int64_t, int64_t>> nth_weekdays_;  // "THU#3": (5, 3)
  std::vector<int64_t> last_weekdays_;                     // "6L": the last Friday
};

// "2020-02-19T16:00Z", the form of NextExecutionTime and ExecutionTime.
std::string FormatWindowTime(int64_t epoch_seconds);

// An ISO 8601 date and time as StartDate, EndDate and the schedule filters take it
// ("2021-04-07T14:29:00-08:00", "2021-04-07T14:29Z", "2021-04-07"), as epoch seconds.
std::optional<int64_t> ParseWindowTime(std::string_view text);

}  // namespace nimbus::ssm
