#include "core/clock.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>

namespace nimbus::core {

namespace {

std::tm ToTm(int64_t epoch_millis) {
  const time_t seconds = static_cast<time_t>(epoch_millis >= 0 ? epoch_millis / 1000
                                                               : (epoch_millis - 999) / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

void AppendIso8601(std::string& out, int64_t epoch_millis) {
  // Howard Hinnant's civil_from_days, without gmtime_r and snprintf: listings write thousands.
  const int64_t millis_of_day = 86'400'000;
  int64_t days = epoch_millis / millis_of_day;
  int64_t rest = epoch_millis % millis_of_day;
  if (rest < 0) {
    rest += millis_of_day;
    --days;
  }
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {  // not reached by real timestamps; keep the general path
    const std::tm tm = ToTm(epoch_millis);
    char buffer[96];
    std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(rest % 1000));
    out.append(buffer);
    return;
  }
  char text[] = "0000-00-00T00:00:00.000Z";
  const auto put = [&text](size_t at, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      text[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, year, 4);
  put(5, month, 2);
  put(8, day, 2);
  put(11, rest / 3'600'000, 2);
  put(14, rest / 60'000 % 60, 2);
  put(17, rest / 1000 % 60, 2);
  put(20, rest % 1000, 3);
  out.append(text, sizeof(text) - 1);
}

std::string FormatIso8601(int64_t epoch_millis) {
  std::string out;
  AppendIso8601(out, epoch_millis);
  return out;
}

std::string FormatIso8601Seconds(int64_t epoch_millis) {
  const std::tm tm = ToTm(epoch_millis);
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string FormatRfc1123(int64_t epoch_millis) {
  const std::tm tm = ToTm(epoch_millis);
  char buffer[40];
  std::strftime(buffer, sizeof(buffer), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

int64_t EpochMillis(double seconds) { return static_cast<int64_t>(std::llround(seconds * 1000.0)); }

bool ParseIso8601(std::string_view text, double* epoch_seconds) {
  int year, month, day, hour = 0, minute = 0, second = 0;
  // 2026-11-22T02:03:29[.123][Z|+hh:mm] (also a date alone).
  if (!Digits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day)) {
    return false;
  }
  size_t pos = 10;
  double fraction = 0;
  int offset_seconds = 0;
  if (pos < text.size()) {
    if ((text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') ||
        !Digits(text, pos + 1, 2, &hour) || text.size() < pos + 6 || text[pos + 3] != ':' ||
        !Digits(text, pos + 4, 2, &minute)) {
      return false;
    }
    pos += 6;
    if (pos < text.size() && text[pos] == ':') {
      if (!Digits(text, pos + 1, 2, &second)) return false;
      pos += 3;
    }
    if (pos < text.size() && text[pos] == '.') {
      double scale = 0.1;
      ++pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
        fraction += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
    }
    if (pos < text.size()) {
      if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
      } else if (text[pos] == '+' || text[pos] == '-') {
        int oh = 0, om = 0;
        if (!Digits(text, pos + 1, 2, &oh)) return false;
        size_t next = pos + 3;
        if (next < text.size() && text[next] == ':') ++next;
        if (!Digits(text, next, 2, &om)) return false;
        offset_seconds = (oh * 3600 + om * 60) * (text[pos] == '+' ? 1 : -1);
        pos = next + 2;
      }
    }
    if (pos != text.size()) return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return false;
  }
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  *epoch_seconds =
      static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds) +
      fraction;
  return true;
}

bool ParseRfc1123(std::string_view text, double* epoch_seconds) {
  std::tm tm{};
  const std::string copy(text);
  if (const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
      end && *end == '\0') {
    *epoch_seconds = static_cast<double>(timegm(&tm));
    return true;
  }
  return false;
}

bool ParseEpochSeconds(std::string_view text, double* epoch_seconds) {
  // Not what else strtod takes ("nan", "inf", " 12", "0x1p3"): a NaN here later rounds to an
  // undefined integer.
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text.front())) ||
                        text.front() == '-' || text.front() == '.')) {
    return false;
  }
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+' &&
        c != 'e' && c != 'E') {
      return false;
    }
  }
  try {
    const std::string copy(text);
    size_t used = 0;
    const double v = std::stod(copy, &used);
    if (used == copy.size() && std::isfinite(v)) {
      *epoch_seconds = v;
      return true;
    }
  } catch (const std::exception&) {
  }
  return false;
}

bool ParseTimestamp(std::string_view text, double* epoch_seconds) {
  return ParseIso8601(text, epoch_seconds) || ParseRfc1123(text, epoch_seconds) ||
         ParseEpochSeconds(text, epoch_seconds);
}

}  // namespace nimbus::core
