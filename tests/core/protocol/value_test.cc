// The readers providers use to pick members out of a decoded input.
#include "core/protocol/value.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

json::object In(std::string_view text) { return json::parse(text).as_object(); }

TEST(ValueTest, OptStringTreatsEmptyAsAbsent) {
  const json::object in = In(R"({"a":"x","b":"","c":3})");
  EXPECT_EQ(OptString(in, "a"), "x");
  EXPECT_EQ(OptString(in, "b"), std::nullopt);
  EXPECT_EQ(OptString(in, "c"), std::nullopt);
  EXPECT_EQ(OptString(in, "missing"), std::nullopt);
}

TEST(ValueTest, OptDoubleReadsIntegersAndFractions) {
  const json::object in = In(R"({"whole":1795313009,"fraction":1.5,"text":"1.5"})");
  EXPECT_EQ(OptDouble(in, "whole"), 1795313009.0);
  EXPECT_EQ(OptDouble(in, "fraction"), 1.5);
  EXPECT_EQ(OptDouble(in, "text"), std::nullopt);
  EXPECT_EQ(OptDouble(in, "missing"), std::nullopt);
}

TEST(ValueTest, StringListKeepsOrderAndSkipsOtherItems) {
  const json::object in = In(R"({"names":["b","a",1,null,"","c"],"scalar":"x"})");
  EXPECT_EQ(StringList(in, "names"), (std::vector<std::string>{"b", "a", "", "c"}));
  EXPECT_EQ(StringList(in, "scalar"), std::vector<std::string>{});
  EXPECT_EQ(StringList(in, "missing"), std::vector<std::string>{});
}

TEST(ValueTest, StringMapKeepsOnlyStringValues) {
  const json::object in = In(R"({"context":{"k":"v","n":1,"e":""},"list":["x"]})");
  EXPECT_EQ(StringMap(in, "context"), (std::map<std::string, std::string>{{"e", ""}, {"k", "v"}}));
  EXPECT_EQ(StringMap(in, "list"), (std::map<std::string, std::string>{}));
  EXPECT_EQ(StringMap(in, "missing"), (std::map<std::string, std::string>{}));
}

}  // namespace
}  // namespace nimbus::core::protocol
