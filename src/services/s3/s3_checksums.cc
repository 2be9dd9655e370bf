#include "services/s3/s3_checksums.h"

#include <array>
#include <cstdint>

#include <openssl/evp.h>

#include "core/text.h"

namespace nimbus::s3 {

namespace {

constexpr ChecksumAlgorithm kAlgorithms[] = {
    {"CRC32", "ChecksumCRC32", 4},         {"CRC32C", "ChecksumCRC32C", 4},
    {"CRC64NVME", "ChecksumCRC64NVME", 8}, {"SHA1", "ChecksumSHA1", 20},
    {"SHA256", "ChecksumSHA256", 32},
};

// A reflected CRC of width 32 or 64 (init all ones, final xor all ones): CRC-32 (0xEDB88320),
// CRC-32C (0x82F63B78) and CRC-64/NVME (0x9A6C9329AC4BC9B5).
template <typename T>
class ReflectedCrc {
 public:
  explicit constexpr ReflectedCrc(T polynomial) : table_() {
    for (uint32_t i = 0; i < 256; ++i) {
      T crc = i;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ polynomial : crc >> 1;
      table_[i] = crc;
    }
  }
  T Of(std::string_view bytes) const {
    T crc = ~T{0};
    for (const char c : bytes) {
      crc = table_[(crc ^ static_cast<unsigned char>(c)) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
  }

 private:
  std::array<T, 256> table_;
};

template <typename T>
std::string BigEndian(T value) {
  std::string out(sizeof(T), '\0');
  for (size_t i = 0; i < sizeof(T); ++i) {
    out[sizeof(T) - 1 - i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::string Digest(const EVP_MD* md, std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &size, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace

const ChecksumAlgorithm* FindChecksumAlgorithm(std::string_view name) {
  for (const ChecksumAlgorithm& algorithm : kAlgorithms) {
    if (core::EqualsIgnoreCase(algorithm.name, name)) return &algorithm;
  }
  return nullptr;
}

const ChecksumAlgorithm* ChecksumAlgorithms(size_t* count) {
  *count = std::size(kAlgorithms);
  return kAlgorithms;
}

std::string Checksum(const ChecksumAlgorithm& algorithm, std::string_view bytes) {
  static const ReflectedCrc<uint32_t> kCrc32(0xEDB88320u);
  static const ReflectedCrc<uint32_t> kCrc32c(0x82F63B78u);
  static const ReflectedCrc<uint64_t> kCrc64Nvme(0x9A6C9329AC4BC9B5ull);
  std::string digest;
  if (algorithm.name == "CRC32") {
    digest = BigEndian(kCrc32.Of(bytes));
  } else if (algorithm.name == "CRC32C") {
    digest = BigEndian(kCrc32c.Of(bytes));
  } else if (algorithm.name == "CRC64NVME") {
    digest = BigEndian(kCrc64Nvme.Of(bytes));
  } else if (algorithm.name == "SHA1") {
    digest = Digest(EVP_sha1(), bytes);
  } else {
    digest = Digest(EVP_sha256(), bytes);
  }
  return core::Base64Encode(digest);
}

std::string Md5(std::string_view bytes) { return Digest(EVP_md5(), bytes); }

std::string Sha256(std::string_view bytes) { return Digest(EVP_sha256(), bytes); }

}  // namespace nimbus::s3
