#include "services/ssm/maintenance_window_schedule.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/clock.h"
#include "core/text.h"

namespace nimbus::ssm {

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kFirstYear = 1970;
constexpr int64_t kLastYear = 2199;

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year, month, day;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

int64_t DaysInMonth(int64_t year, int64_t month) {
  return month == 12 ? 31 : DaysFromCivil(year, month + 1, 1) - DaysFromCivil(year, month, 1);
}

// Cron's day of week, 1 (Sunday) to 7 (Saturday), of a day since the epoch (a Thursday).
int64_t CronWeekday(int64_t days) { return ((days % 7 + 7 + 4) % 7) + 1; }

std::optional<int64_t> Number(std::string_view text) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

// A value of a field: a number, or a name (JAN..DEC from 1, SUN..SAT from 1).
std::optional<int64_t> FieldValue(std::string_view text,
                                  const std::vector<std::string_view>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (core::EqualsIgnoreCase(text, names[i])) return static_cast<int64_t>(i) + 1;
  }
  return Number(text);
}

const std::vector<std::string_view> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const std::vector<std::string_view> kWeekdays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

// Parses a list of "*", "a", "a-b", "a/step", "a-b/step" and "*/step" into `out` (sized max+1).
bool ParseList(std::string_view field, int64_t min, int64_t max,
               const std::vector<std::string_view>& names, std::vector<bool>& out) {
  out.assign(static_cast<size_t>(max + 1), false);
  for (std::string_view part : core::Split(field, ',')) {
    int64_t step = 1;
    const size_t slash = part.find('/');
    if (slash != std::string_view::npos) {
      const std::optional<int64_t> s = Number(part.substr(slash + 1));
      if (!s || *s <= 0) return false;
      step = *s;
      part = part.substr(0, slash);
    }
    int64_t low = min;
    int64_t high = max;
    if (part != "*") {
      const size_t dash = part.find('-');
      const std::optional<int64_t> a = FieldValue(part.substr(0, dash), names);
      if (!a) return false;
      low = *a;
      if (dash != std::string_view::npos) {
        const std::optional<int64_t> b = FieldValue(part.substr(dash + 1), names);
        if (!b) return false;
        high = *b;
      } else if (slash == std::string_view::npos) {
        high = low;
      }
    }
    if (low < min || high > max || low > high) return false;
    for (int64_t v = low; v <= high; v += step) out[static_cast<size_t>(v)] = true;
  }
  return true;
}

}  // namespace

std::optional<WindowSchedule> WindowSchedule::Parse(std::string_view expression) {
  WindowSchedule s;
  const auto inner = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!core::StartsWith(expression, prefix) || expression.back() != ')') return std::nullopt;
    return expression.substr(prefix.size(), expression.size() - prefix.size() - 1);
  };
  if (const std::optional<std::string_view> body = inner("rate(")) {
    const std::vector<std::string_view> parts = core::Split(*body, ' ');
    if (parts.size() != 2) return std::nullopt;
    const std::optional<int64_t> value = Number(parts[0]);
    if (!value || *value <= 0) return std::nullopt;
    // "If the value is equal to 1, then the unit must be singular ... for values greater than 1,
    // the unit must be plural."
    const std::string unit = std::string(parts[1]) + (*value == 1 ? "s" : "");
    int64_t unit_seconds = 0;
    if (unit == "minutes") unit_seconds = 60;
    if (unit == "hours") unit_seconds = 3600;
    if (unit == "days") unit_seconds = kDay;
    if (unit_seconds == 0 || (*value == 1) == (parts[1].back() == 's')) return std::nullopt;
    s.kind_ = Kind::kRate;
    s.rate_seconds_ = *value * unit_seconds;
    return s;
  }
  if (const std::optional<std::string_view> body = inner("at(")) {
    const std::optional<int64_t> at = ParseWindowTime(std::string(*body) + "Z");
    if (!at || body->size() != 19) return std::nullopt;
    s.kind_ = Kind::kAt;
    s.at_ = *at;
    return s;
  }
  const std::optional<std::string_view> body = inner("cron(");
  if (!body) return std::nullopt;
  std::vector<std::string_view> fields;
  for (std::string_view f : core::Split(*body, ' ')) {
    if (!f.empty()) fields.push_back(f);
  }
  if (fields.size() != 6 && fields.size() != 7) return std::nullopt;
  s.kind_ = Kind::kCron;
  if (fields.size() == 7) {
    // "Zero (0) is not supported in the seconds field."
    if (!ParseList(fields[0], 1, 59, {}, s.seconds_)) return std::nullopt;
    fields.erase(fields.begin());
  } else {
    s.seconds_.assign(60, false);
    s.seconds_[0] = true;
  }
  if (!ParseList(fields[0], 0, 59, {}, s.minutes_) || !ParseList(fields[1], 0, 23, {}, s.hours_) ||
      !ParseList(fields[3], 1, 12, kMonths, s.months_)) {
    return std::nullopt;
  }
  if (fields[5] == "*") {
    s.years_.clear();  // every year
  } else if (!ParseList(fields[5], kFirstYear, kLastYear, {}, s.years_)) {
    return std::nullopt;
  }
  // "If you specify a value in one of the fields, you must use a ? (question mark) in the other."
  const std::string_view dom = fields[2];
  const std::string_view dow = fields[4];
  if ((dom == "?") == (dow == "?")) return std::nullopt;
  s.any_day_of_month_ = dom == "?";
  if (dom != "?") {
    s.days_of_month_.assign(32, false);
    for (std::string_view part : core::Split(dom, ',')) {
      if (part == "L") {
        s.last_day_of_month_ = true;
      } else if (part == "LW") {
        s.last_weekday_of_month_ = true;
      } else if (part.size() > 1 && part.back() == 'W') {
        const std::optional<int64_t> d = Number(part.substr(0, part.size() - 1));
        if (!d || *d < 1 || *d > 31) return std::nullopt;
        s.nearest_weekdays_.push_back(*d);
      } else {
        std::vector<bool> some;
        if (!ParseList(part, 1, 31, {}, some)) return std::nullopt;
        for (size_t i = 0; i < some.size(); ++i)
          s.days_of_month_[i] = s.days_of_month_[i] || some[i];
      }
    }
  } else {
    s.days_of_week_.assign(8, false);
    for (std::string_view part : core::Split(dow, ',')) {
      const size_t hash = part.find('#');
      if (hash != std::string_view::npos) {
        const std::optional<int64_t> day = FieldValue(part.substr(0, hash), kWeekdays);
        const std::optional<int64_t> nth = Number(part.substr(hash + 1));
        if (!day || !nth || *day < 1 || *day > 7 || *nth < 1 || *nth > 5) return std::nullopt;
        s.nth_weekdays_.emplace_back(*day, *nth);
      } else if (part == "L") {
        s.days_of_week_[7] = true;  // Saturday, the last day of the week
      } else if (part.size() > 1 && part.back() == 'L') {
        const std::optional<int64_t> day = FieldValue(part.substr(0, part.size() - 1), kWeekdays);
        if (!day || *day < 1 || *day > 7) return std::nullopt;
        s.last_weekdays_.push_back(*day);
      } else {
        std::vector<bool> some;
        if (!ParseList(part, 1, 7, kWeekdays, some)) return std::nullopt;
        for (size_t i = 0; i < some.size(); ++i) s.days_of_week_[i] = s.days_of_week_[i] || some[i];
      }
    }
  }
  return s;
}

bool WindowSchedule::DayMatches(int64_t year, int64_t month, int64_t day) const {
  const int64_t last = DaysInMonth(year, month);
  const int64_t days = DaysFromCivil(year, month, day);
  const int64_t weekday = CronWeekday(days);
  if (!any_day_of_month_) {
    if (days_of_month_[static_cast<size_t>(day)] || (last_day_of_month_ && day == last)) {
      return true;
    }
    // The weekday nearest to day `d` of the month, never leaving the month.
    const auto nearest = [&](int64_t d) {
      d = std::min(d, last);
      const int64_t w = CronWeekday(DaysFromCivil(year, month, d));
      if (w == 7) return d == 1 ? d + 2 : d - 1;     // Saturday
      if (w == 1) return d == last ? d - 2 : d + 1;  // Sunday
      return d;
    };
    for (int64_t d : nearest_weekdays_) {
      if (d <= last && nearest(d) == day) return true;
    }
    return last_weekday_of_month_ && nearest(last) == day;
  }
  if (days_of_week_[static_cast<size_t>(weekday)]) return true;
  for (const auto& [w, nth] : nth_weekdays_) {
    if (w == weekday && (day - 1) / 7 + 1 == nth) return true;
  }
  for (int64_t w : last_weekdays_) {
    if (w == weekday && day + 7 > last) return true;
  }
  return false;
}

std::optional<int64_t> WindowSchedule::CronAtOrAfter(int64_t from) const {
  const int64_t from_days = from >= 0 ? from / kDay : (from - kDay + 1) / kDay;
  const Civil start = CivilFromDays(from_days);
  for (int64_t year = std::max(start.year, kFirstYear); year <= kLastYear; ++year) {
    if (!years_.empty() && !years_[static_cast<size_t>(year)]) continue;
    for (int64_t month = 1; month <= 12; ++month) {
      if (!months_[static_cast<size_t>(month)]) continue;
      if (year == start.year && month < start.month) continue;
      for (int64_t day = 1; day <= DaysInMonth(year, month); ++day) {
        const int64_t midnight = DaysFromCivil(year, month, day) * kDay;
        if (midnight + kDay <= from || !DayMatches(year, month, day)) continue;
        for (int64_t h = 0; h < 24; ++h) {
          if (!hours_[static_cast<size_t>(h)] || midnight + (h + 1) * 3600 <= from) continue;
          for (int64_t m = 0; m < 60; ++m) {
            if (!minutes_[static_cast<size_t>(m)]) continue;
            for (int64_t sec = 0; sec < 60; ++sec) {
              const int64_t t = midnight + h * 3600 + m * 60 + sec;
              if (seconds_[static_cast<size_t>(sec)] && t >= from) return t;
            }
          }
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<int64_t> WindowSchedule::NextAfter(int64_t after, int64_t anchor,
                                                 int64_t offset_days) const {
  switch (kind_) {
    case Kind::kAt:
      if (at_ > after) return at_;
      return std::nullopt;
    case Kind::kRate: {
      if (anchor > after) return anchor;
      return anchor + ((after - anchor) / rate_seconds_ + 1) * rate_seconds_;
    }
    case Kind::kCron: {
      const int64_t offset = offset_days * kDay;
      const std::optional<int64_t> run = CronAtOrAfter(after + 1 - offset);
      if (!run) return std::nullopt;
      return *run + offset;
    }
  }
  return std::nullopt;
}

std::string FormatWindowTime(int64_t epoch_seconds) {
  const int64_t days =
      epoch_seconds >= 0 ? epoch_seconds / kDay : (epoch_seconds - kDay + 1) / kDay;
  const Civil c = CivilFromDays(days);
  const int64_t rest = epoch_seconds - days * kDay;
  char text[96];
  std::snprintf(text, sizeof(text), "%04lld-%02lld-%02lldT%02lld:%02lldZ",
                static_cast<long long>(c.year), static_cast<long long>(c.month),
                static_cast<long long>(c.day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest % 3600 / 60));
  return text;
}

std::optional<int64_t> ParseWindowTime(std::string_view text) {
  double seconds = 0;
  if (core::ParseIso8601(text, &seconds)) return static_cast<int64_t>(std::floor(seconds));
  // "2020-02-19T16:00Z" and "2020-02-19T16:00-08:00": minutes without seconds.
  if (text.size() > 16 && text[10] == 'T' && text[13] == ':' &&
      (text[16] == 'Z' || text[16] == '+' || text[16] == '-')) {
    const std::string with_seconds =
        std::string(text.substr(0, 16)) + ":00" + std::string(text.substr(16));
    if (core::ParseIso8601(with_seconds, &seconds)) {
      return static_cast<int64_t>(std::floor(seconds));
    }
  }
  return std::nullopt;
}

}  // namespace nimbus::ssm
