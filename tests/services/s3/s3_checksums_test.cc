#include "services/s3/s3_checksums.h"

#include <gtest/gtest.h>

namespace nimbus::s3 {
namespace {

struct ChecksumCase {
  const char* algorithm;
  const char* expected;  // of "123456789", the CRC catalogue's check input
};

class ChecksumTest : public ::testing::TestWithParam<ChecksumCase> {};

TEST_P(ChecksumTest, ChecksumOfTheCheckInputIsTheCatalogueValue) {
  const ChecksumAlgorithm* algorithm = FindChecksumAlgorithm(GetParam().algorithm);
  ASSERT_NE(algorithm, nullptr);
  EXPECT_EQ(Checksum(*algorithm, "123456789"), GetParam().expected);
}

// CRC-32 0xCBF43926, CRC-32C 0xE3069283, CRC-64/NVME 0xAE8B14860A799888; SHA-1 and SHA-256 of
// "123456789" in base64.
INSTANTIATE_TEST_SUITE_P(
    Algorithms, ChecksumTest,
    ::testing::Values(ChecksumCase{"CRC32", "y/Q5Jg=="}, ChecksumCase{"CRC32C", "4waSgw=="},
                      ChecksumCase{"CRC64NVME", "rosUhgp5mIg="},
                      ChecksumCase{"SHA1", "98O8HYCOBHMq32eZZczDTKeuNEE="},
                      ChecksumCase{"SHA256", "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU="}),
    [](const auto& p) { return std::string(p.param.algorithm); });

TEST(ChecksumAlgorithmTest, AnUnknownAlgorithmIsNotFound) {
  EXPECT_EQ(FindChecksumAlgorithm("MD4"), nullptr);
}

}  // namespace
}  // namespace nimbus::s3
