#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace nimbus::core {

// Random identifiers (request ids, access keys, resource ids). Seeded from the OS unless a seed
// is given, so tests can fix the sequence.
class IdGenerator {
 public:
  IdGenerator();
  explicit IdGenerator(uint64_t seed);

  // "2f0c5a3e-1b2c-4d5e-8f90-0123456789ab" (version 4 layout).
  std::string Uuid();
  // `length` characters drawn from `alphabet`.
  std::string Random(size_t length, std::string_view alphabet);
  // `length` lowercase hexadecimal digits.
  std::string Hex(size_t length) { return Random(length, "0123456789abcdef"); }
  // `length` characters of A-Z and 0-9 (access key ids, AROA... ids).
  std::string UpperAlnum(size_t length) {
    return Random(length, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
  }
  // `length` characters of a-z and 0-9.
  std::string LowerAlnum(size_t length) {
    return Random(length, "abcdefghijklmnopqrstuvwxyz0123456789");
  }

 private:
  std::mutex mu_;
  std::mt19937_64 rng_;
};

}  // namespace nimbus::core
