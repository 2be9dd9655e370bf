#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace nimbus::core {

// Wall-clock time, injected so tests can fix it. Times are milliseconds since the Unix epoch.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMillis() const = 0;
  double NowSeconds() const { return static_cast<double>(NowMillis()) / 1000.0; }
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that only moves when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_millis = 1'779'000'000'000) : now_(now_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t millis) { now_ = millis; }

 private:
  std::atomic<int64_t> now_;
};

// Epoch milliseconds as epoch seconds, the number the JSON protocols write for a timestamp
// (1714557600.123: the fraction is kept).
inline double EpochSeconds(int64_t millis) { return static_cast<double>(millis) / 1000.0; }
// Epoch seconds (a JSON timestamp, fraction allowed) as milliseconds, rounded to the nearest.
int64_t EpochMillis(double seconds);

// "2026-11-22T02:03:29.123Z" (milliseconds always present).
std::string FormatIso8601(int64_t epoch_millis);
// FormatIso8601(epoch_millis) appended to `out`.
void AppendIso8601(std::string& out, int64_t epoch_millis);
// "2026-11-22T02:03:29Z".
std::string FormatIso8601Seconds(int64_t epoch_millis);
// "Sun, 22 Nov 2026 02:03:29 GMT".
std::string FormatRfc1123(int64_t epoch_millis);
// Parses ISO 8601 (with or without fraction, 'Z' or +hh:mm offset), RFC 1123, or epoch seconds.
// Returns false if the text is none of those.
bool ParseTimestamp(std::string_view text, double* epoch_seconds);
// Each of the three forms alone, for a protocol that allows only one. Return false otherwise.
// "2026-11-22T02:03:29.123Z", "2026-11-22T04:03:29+02:00", "2026-11-22".
bool ParseIso8601(std::string_view text, double* epoch_seconds);
// "Sun, 22 Nov 2026 02:03:29 GMT".
bool ParseRfc1123(std::string_view text, double* epoch_seconds);
// "1795313009.123", "-1.5", "1.7e9": decimal digits, sign, fraction and exponent, finite.
bool ParseEpochSeconds(std::string_view text, double* epoch_seconds);

}  // namespace nimbus::core
