// Bugs the fuzz targets found, pinned as plain unit tests: g++'s UBSan (the debug preset) does not
// check everything clang's does (float-cast-overflow), so the crash input alone would not fail
// there.

#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/model/model.h"
#include "core/protocol/json_codec.h"

namespace nimbus::test {
namespace {

namespace json = boost::json;

const core::model::Operation& SsmOperation(std::string_view name) {
  static const core::model::ModelRegistry models;
  const core::model::Operation* op = models.Get("ssm").FindOperation(name);
  EXPECT_NE(op, nullptr);
  return *op;
}

std::string SerializationError(std::string_view body) {
  try {
    core::protocol::DecodeJsonInput(SsmOperation("DescribeParameters").input, body);
  } catch (const core::AwsError& e) {
    return e.code() + ": " + e.what();
  }
  return "no error";
}

TEST(FuzzRegressions, JsonIntegerBeyondInt64IsASerializationException) {
  EXPECT_EQ(SerializationError(R"({"MaxResults":1e300})"),
            "SerializationException: NUMBER_VALUE can not be converted to an Integer");
  EXPECT_EQ(SerializationError(R"({"MaxResults":-1e19})"),
            "SerializationException: NUMBER_VALUE can not be converted to an Integer");
  EXPECT_EQ(SerializationError(R"({"MaxResults":9223372036854775808.0})"),
            "SerializationException: NUMBER_VALUE can not be converted to an Integer");
}

TEST(FuzzRegressions, JsonIntegralDoubleInRangeStillDecodesAsAnInteger) {
  const json::object input = core::protocol::DecodeJsonInput(
      SsmOperation("DescribeParameters").input, R"({"MaxResults":10.0})");
  ASSERT_TRUE(input.at("MaxResults").is_int64());
  EXPECT_EQ(input.at("MaxResults").get_int64(), 10);
}

}  // namespace
}  // namespace nimbus::test
