#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimbus::s3 {

// The checksum algorithms S3 checks on upload (x-amz-checksum-<name>), by the name the model's
// ChecksumAlgorithm enum uses: "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256".
struct ChecksumAlgorithm {
  std::string_view name;    // "CRC32"
  std::string_view member;  // the input/output member: "ChecksumCRC32"
  size_t digest_bytes;
};

// The algorithm of that name (case-insensitive), or nullptr.
const ChecksumAlgorithm* FindChecksumAlgorithm(std::string_view name);
// Every supported algorithm, in the order above.
const ChecksumAlgorithm* ChecksumAlgorithms(size_t* count);

// The base64 of the digest of `bytes` (big-endian for the CRCs), as S3 writes it in headers.
std::string Checksum(const ChecksumAlgorithm& algorithm, std::string_view bytes);

// The raw MD5 digest (16 bytes).
std::string Md5(std::string_view bytes);
// The raw SHA-256 digest (32 bytes).
std::string Sha256(std::string_view bytes);

// The MD5 of a body and the checksums asked for, computed over pieces of it as they are read (a
// body in a file never sits in memory whole).
class BodyDigests {
 public:
  BodyDigests();
  BodyDigests(const BodyDigests&) = delete;
  BodyDigests& operator=(const BodyDigests&) = delete;
  BodyDigests(BodyDigests&&) noexcept;
  BodyDigests& operator=(BodyDigests&&) noexcept;
  ~BodyDigests();

  // Adds `algorithm` to what Update computes; before the first Update.
  void Want(const ChecksumAlgorithm& algorithm);
  void Update(std::string_view bytes);
  // Ends the computation; then Md5 and Checksum answer.
  void Finish();

  // The raw MD5 digest (16 bytes).
  const std::string& md5() const;
  // The base64 checksum of an algorithm passed to Want, as Checksum() writes it; "" for another.
  std::string Checksum(const ChecksumAlgorithm& algorithm) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace nimbus::s3
