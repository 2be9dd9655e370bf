// core::IdGenerator: UUID layout and the alphabets of the random ids.
#include "core/ids.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace nimbus::core {
namespace {

TEST(IdGeneratorTest, UuidHasTheVersion4Layout) {
  IdGenerator ids(42);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string uuid = ids.Uuid();
    ASSERT_EQ(uuid.size(), 36u) << uuid;
    for (size_t pos = 0; pos < uuid.size(); ++pos) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
        ASSERT_EQ(uuid[pos], '-') << uuid;
      } else {
        ASSERT_NE(std::string("0123456789abcdef").find(uuid[pos]), std::string::npos) << uuid;
      }
    }
    EXPECT_EQ(uuid[14], '4') << uuid;
    EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos) << uuid;
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IdGeneratorTest, UuidUsesEveryHexDigitInEveryRandomPosition) {
  IdGenerator ids(7);
  std::set<char> first;
  std::set<char> last;
  for (int i = 0; i < 2000; ++i) {
    const std::string uuid = ids.Uuid();
    first.insert(uuid[0]);
    last.insert(uuid[35]);
  }
  EXPECT_EQ(first.size(), 16u);
  EXPECT_EQ(last.size(), 16u);
}

TEST(IdGeneratorTest, SameSeedSameIds) {
  IdGenerator a(5);
  IdGenerator b(5);
  EXPECT_EQ(a.Uuid(), b.Uuid());
  EXPECT_EQ(a.UpperAlnum(20), b.UpperAlnum(20));
}

TEST(IdGeneratorTest, AlphabetsAreRespected) {
  IdGenerator ids(3);
  const std::string upper = ids.UpperAlnum(500);
  EXPECT_EQ(upper.size(), 500u);
  EXPECT_EQ(upper.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), std::string::npos);
  EXPECT_EQ(ids.Hex(300).find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(ids.LowerAlnum(300).find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"),
            std::string::npos);
}

}  // namespace
}  // namespace nimbus::core
