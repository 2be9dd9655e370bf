// AWS JSON 1.0/1.1: body in, body out, {"__type", "message"} for errors.
#include "core/protocol/json_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/aws_error.h"
#include "core/model/model.h"
#include "demo_model.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

class JsonCodecTest : public ::testing::Test {
 protected:
  // The code of the AwsError that decoding `body` throws, or "" if it does not throw.
  std::string DecodeError(std::string_view body) {
    try {
      DecodeJsonInput(op_.input, body);
    } catch (const AwsError& e) {
      return e.code();
    }
    return "";
  }

  model::ServiceModel model_{"demo", test::DemoModelJson("json"), "{}"};
  const model::Operation& op_ = *model_.FindOperation("PutThing");
};

TEST_F(JsonCodecTest, DecodesMembersAsSent) {
  const json::object in = DecodeJsonInput(
      op_.input,
      R"({"Name":"abc","Count":3,"Size":9000000000,"Ratio":2,"Enabled":true,"Mode":"fast",)"
      R"("Tags":[{"Key":"k","Value":"v"}],"Attributes":{"a":"b"},"Config":{"Level":1}})");
  EXPECT_EQ(in.at("Name"), "abc");
  EXPECT_EQ(in.at("Count"), json::value(3));
  EXPECT_EQ(in.at("Size"), json::value(9000000000LL));
  EXPECT_EQ(in.at("Ratio"), json::value(2.0));  // doubles are doubles even when sent as 2
  EXPECT_EQ(in.at("Enabled"), json::value(true));
  EXPECT_EQ(in.at("Tags"), (json::array{json::object{{"Key", "k"}, {"Value", "v"}}}));
  EXPECT_EQ(in.at("Attributes"), (json::object{{"a", "b"}}));
  EXPECT_EQ(in.at("Config"), (json::object{{"Level", 1}}));
}

TEST_F(JsonCodecTest, EmptyBodyIsAnEmptyInput) {
  EXPECT_TRUE(DecodeJsonInput(op_.input, "").empty());
  EXPECT_TRUE(DecodeJsonInput(op_.input, "{}").empty());
}

TEST_F(JsonCodecTest, TimestampsDecodeToEpochSeconds) {
  EXPECT_EQ(DecodeJsonInput(op_.input, R"({"When":1795313009.5})").at("When"),
            json::value(1795313009.5));
  EXPECT_EQ(DecodeJsonInput(op_.input, R"({"When":"2026-11-22T02:03:29Z"})").at("When"),
            json::value(1795313009.0));
}

TEST_F(JsonCodecTest, IntegralDoubleIsAcceptedForIntegers) {
  EXPECT_EQ(DecodeJsonInput(op_.input, R"({"Count":3.0})").at("Count"), json::value(3));
}

TEST_F(JsonCodecTest, WrongTypesAreSerializationExceptions) {
  EXPECT_EQ(DecodeError(R"({"Name":5})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Count":"3"})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Count":1.5})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Enabled":"true"})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Names":"a"})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Config":[1]})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Attributes":{"a":1}})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"Tags":[{"Key":7}]})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"When":true})"), "SerializationException");
  EXPECT_EQ(DecodeError(R"({"When":"yesterday"})"), "SerializationException");
}

TEST_F(JsonCodecTest, BodyThatIsNotAnObjectIsASerializationException) {
  EXPECT_EQ(DecodeError("[1]"), "SerializationException");
  EXPECT_EQ(DecodeError("{\"Name\":"), "SerializationException");
  EXPECT_EQ(DecodeError("not json"), "SerializationException");
}

TEST_F(JsonCodecTest, NullMembersDecodeAsNull) {
  const json::object in = DecodeJsonInput(op_.input, R"({"Name":null,"Count":null})");
  EXPECT_TRUE(in.at("Name").is_null());
}

TEST_F(JsonCodecTest, OutputTimestampsAreEpochSeconds) {
  const json::value out =
      json::parse(EncodeJsonOutput(op_.output, json::object{{"Created", 1795313009.5}}));
  ASSERT_TRUE(out.at("Created").is_number());
  EXPECT_DOUBLE_EQ(out.at("Created").to_number<double>(), 1795313009.5);
  EXPECT_EQ(json::parse(EncodeJsonOutput(op_.output,
                                         json::object{{"Created", "2026-11-22T02:03:29Z"}})),
            json::parse(R"({"Created":1795313009.0})"));
}

TEST_F(JsonCodecTest, OutputOmitsNullAndUnknownMembers) {
  const json::value out = json::parse(EncodeJsonOutput(
      op_.output, json::object{{"Id", "t-1"}, {"Count", nullptr}, {"Bogus", 1},
                               {"Config", json::object{{"Level", 2}, {"Inner", nullptr}}}}));
  EXPECT_EQ(out, json::parse(R"({"Id":"t-1","Config":{"Level":2}})"));
}

TEST_F(JsonCodecTest, OutputKeepsEmptyListsAndMaps) {
  const json::value out = json::parse(EncodeJsonOutput(
      op_.output, json::object{{"Names", json::array()}, {"Attributes", json::object()}}));
  EXPECT_EQ(out, json::parse(R"({"Names":[],"Attributes":{}})"));
}

TEST_F(JsonCodecTest, OutputIntegersGivenAsDoublesAreWrittenAsIntegers) {
  EXPECT_EQ(EncodeJsonOutput(op_.output, json::object{{"Count", 3.0}}), R"({"Count":3})");
}

TEST_F(JsonCodecTest, OperationWithoutOutputIsAnEmptyObject) {
  EXPECT_EQ(EncodeJsonOutput(nullptr, json::object{{"x", 1}}), "{}");
}

TEST(JsonErrorTest, TypeAndMessage) {
  EXPECT_EQ(json::parse(EncodeJsonError("ParameterNotFound", "no \"p\"")),
            json::parse(R"({"__type":"ParameterNotFound","message":"no \"p\""})"));
}

}  // namespace
}  // namespace nimbus::core::protocol
