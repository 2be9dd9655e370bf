#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"
#include "cloudformation/template/intrinsics.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;
using testing::Json;

using Blocks = std::vector<std::string>;

// The user guide's first example: 6 CIDRs with mask /27 from a /24.
TEST(CidrTest, DocumentedExampleCarvesSixSlash27FromASlash24) {
  EXPECT_EQ(CidrBlocks("192.168.0.0/24", 6, 5),
            (Blocks{"192.168.0.0/27", "192.168.0.32/27", "192.168.0.64/27", "192.168.0.96/27",
                    "192.168.0.128/27", "192.168.0.160/27"}));
}

// The user guide's second example: one /24 (cidrBits 8) from the VPC's 10.0.0.0/16.
TEST(CidrTest, DocumentedVpcExampleTakesTheFirstSlash24) {
  EXPECT_EQ(CidrBlocks("10.0.0.0/16", 1, 8), (Blocks{"10.0.0.0/24"}));
}

// The same example's IPv6 half: one /64 (cidrBits 64) from the VPC's /56.
TEST(CidrTest, DocumentedIpv6ExampleTakesTheFirstSlash64) {
  EXPECT_EQ(CidrBlocks("2600:1f16:67d:2000::/56", 1, 64), (Blocks{"2600:1f16:67d:2000::/64"}));
}

TEST(CidrTest, Ipv6BlocksCountUpInTheSubnetBits) {
  EXPECT_EQ(CidrBlocks("2001:db8::/56", 3, 64),
            (Blocks{"2001:db8::/64", "2001:db8:0:1::/64", "2001:db8:0:2::/64"}));
}

TEST(CidrTest, HostBitsOfTheBlockAreIgnored) {
  EXPECT_EQ(CidrBlocks("10.1.2.3/16", 2, 12), (Blocks{"10.1.0.0/20", "10.1.16.0/20"}));
}

TEST(CidrTest, OneHostBitMakesSlash31Blocks) {
  EXPECT_EQ(CidrBlocks("10.0.0.0/29", 4, 1),
            (Blocks{"10.0.0.0/31", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/31"}));
}

TEST(CidrTest, MoreBlocksThanTheRangeHoldsAreRefused) {
  EXPECT_EQ(ErrorOf([] { CidrBlocks("192.168.0.0/24", 9, 5); }),
            "ValidationError: Template error: Fn::Cidr cannot carve 9 blocks of /27 out of "
            "192.168.0.0/24");
}

TEST(CidrTest, CountAbove256IsRefused) {
  EXPECT_EQ(ErrorOf([] { CidrBlocks("10.0.0.0/8", 257, 8); }),
            "ValidationError: Template error: Fn::Cidr requires a list argument with three "
            "elements: an IP block, a count from 1 to 256 and a number of subnet bits");
}

TEST(CidrTest, BlockThatIsNotCidrNotationIsRefused) {
  EXPECT_EQ(ErrorOf([] { CidrBlocks("10.0.0.256/16", 1, 8); }),
            "ValidationError: Template error: Fn::Cidr requires a valid IP block in CIDR "
            "notation, found 10.0.0.256/16");
}

class CidrFunctionTest : public testing::EvaluationTest {
 protected:
  void SetUp() override {
    Load(R"({"Parameters": {"Cidr": {"Type": "String", "Default": "10.0.0.0/16"}},
             "Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}})");
  }
};

TEST_F(CidrFunctionTest, ArgumentsMayBeStringsOrFunctions) {
  EXPECT_EQ(Eval(R"({"Fn::Cidr": [{"Ref": "Cidr"}, "2", "8"]})"),
            Json(R"(["10.0.0.0/24", "10.0.1.0/24"])"));
}

TEST_F(CidrFunctionTest, SelectPicksOneBlock) {
  EXPECT_EQ(Eval(R"({"Fn::Select": [2, {"Fn::Cidr": ["192.168.0.0/24", 6, 5]}]})"),
            Json(R"("192.168.0.64/27")"));
}

TEST_F(CidrFunctionTest, TwoArgumentsAreRefused) {
  EXPECT_EQ(EvalError(R"({"Fn::Cidr": ["10.0.0.0/16", 2]})"),
            "ValidationError: Template error: Fn::Cidr requires a list argument with three "
            "elements: an IP block, a count from 1 to 256 and a number of subnet bits");
}

}  // namespace
}  // namespace nimbus::cloudformation
