#include "core/ids.h"

namespace nimbus::core {

IdGenerator::IdGenerator() : rng_(std::random_device{}()) {}
IdGenerator::IdGenerator(uint64_t seed) : rng_(seed) {}

std::string IdGenerator::Random(size_t length, std::string_view alphabet) {
  std::string out(length, '\0');
  std::lock_guard lock(mu_);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  for (char& c : out) {
    c = alphabet[pick(rng_)];
  }
  return out;
}

// Two 64-bit draws give the 122 random bits (one per request: every request id is a UUID).
std::string IdGenerator::Uuid() {
  uint64_t high;
  uint64_t low;
  {
    std::lock_guard lock(mu_);
    high = rng_();
    low = rng_();
  }
  high = (high & ~uint64_t{0xF000}) | 0x4000;                        // version 4
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);      // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  size_t pos = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
    const uint64_t word = nibble < 16 ? high : low;
    out[pos++] = kHex[(word >> (60 - 4 * (nibble % 16))) & 0xF];
  }
  return out;
}

}  // namespace nimbus::core
