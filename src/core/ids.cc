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

std::string IdGenerator::Uuid() {
  std::string hex = Hex(32);
  hex[12] = '4';
  hex[16] = "89ab"[static_cast<unsigned char>(hex[16]) % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace nimbus::core
