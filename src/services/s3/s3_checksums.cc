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
  T Of(std::string_view bytes) const { return ~Update(~T{0}, bytes); }
  // The running register after `bytes`: start from ~0, finish with ~.
  T Update(T crc, std::string_view bytes) const {
    for (const char c : bytes) {
      crc = table_[(crc ^ static_cast<unsigned char>(c)) & 0xff] ^ (crc >> 8);
    }
    return crc;
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

const ReflectedCrc<uint32_t> kCrc32(0xEDB88320u);
const ReflectedCrc<uint32_t> kCrc32c(0x82F63B78u);
const ReflectedCrc<uint64_t> kCrc64Nvme(0x9A6C9329AC4BC9B5ull);

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

// One running digest per wanted algorithm: a CRC register or an OpenSSL context.
struct BodyDigests::State {
  struct Running {
    const ChecksumAlgorithm* algorithm;
    uint64_t crc = ~uint64_t{0};
    EVP_MD_CTX* md = nullptr;
    std::string digest{};  // raw, once finished
  };
  std::vector<Running> running;  // MD5 first

  ~State() {
    for (Running& r : running) EVP_MD_CTX_free(r.md);
  }
};

namespace {

constexpr ChecksumAlgorithm kMd5{"MD5", "ContentMD5", 16};

const EVP_MD* DigestOf(const ChecksumAlgorithm& algorithm) {
  if (algorithm.name == "MD5") return EVP_md5();
  if (algorithm.name == "SHA1") return EVP_sha1();
  if (algorithm.name == "SHA256") return EVP_sha256();
  return nullptr;  // a CRC
}

}  // namespace

BodyDigests::BodyDigests() : state_(std::make_unique<State>()) { Want(kMd5); }
BodyDigests::BodyDigests(BodyDigests&&) noexcept = default;
BodyDigests& BodyDigests::operator=(BodyDigests&&) noexcept = default;
BodyDigests::~BodyDigests() = default;

void BodyDigests::Want(const ChecksumAlgorithm& algorithm) {
  for (const State::Running& r : state_->running) {
    if (r.algorithm->name == algorithm.name) return;
  }
  State::Running r{.algorithm = &algorithm};
  if (const EVP_MD* md = DigestOf(algorithm)) {
    r.md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(r.md, md, nullptr);
  }
  state_->running.push_back(std::move(r));
}

void BodyDigests::Update(std::string_view bytes) {
  for (State::Running& r : state_->running) {
    if (r.md) {
      EVP_DigestUpdate(r.md, bytes.data(), bytes.size());
    } else if (r.algorithm->name == "CRC32") {
      r.crc = kCrc32.Update(static_cast<uint32_t>(r.crc), bytes);
    } else if (r.algorithm->name == "CRC32C") {
      r.crc = kCrc32c.Update(static_cast<uint32_t>(r.crc), bytes);
    } else {
      r.crc = kCrc64Nvme.Update(r.crc, bytes);
    }
  }
}

void BodyDigests::Finish() {
  for (State::Running& r : state_->running) {
    if (r.md) {
      unsigned char out[EVP_MAX_MD_SIZE];
      unsigned int size = 0;
      EVP_DigestFinal_ex(r.md, out, &size);
      r.digest.assign(reinterpret_cast<const char*>(out), size);
    } else if (r.algorithm->name == "CRC64NVME") {
      r.digest = BigEndian(~r.crc);
    } else {
      r.digest = BigEndian(~static_cast<uint32_t>(r.crc));
    }
  }
}

const std::string& BodyDigests::md5() const { return state_->running.front().digest; }

std::string BodyDigests::Checksum(const ChecksumAlgorithm& algorithm) const {
  for (const State::Running& r : state_->running) {
    if (r.algorithm->name == algorithm.name) return core::Base64Encode(r.digest);
  }
  return "";
}

std::string Sha256(std::string_view bytes) { return Digest(EVP_sha256(), bytes); }

}  // namespace nimbus::s3
