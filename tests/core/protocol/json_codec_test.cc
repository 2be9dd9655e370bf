// AWS JSON 1.0/1.1: body in, body out, {"__type", "message"} for errors.
#include "core/protocol/json_codec.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>

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

// A model with what the output writer must walk: nested maps, lists and structures, timestamps
// and integers inside them, a document, and a member renamed onto another's name.
constexpr std::string_view kOutputModel = R"({
  "metadata": {"protocol": "json", "apiVersion": "2020-01-01", "jsonVersion": "1.1",
               "targetPrefix": "Out", "signingName": "out", "serviceId": "Out"},
  "operations": {"Get": {"name": "Get", "http": {"method": "POST", "requestUri": "/"},
                         "output": {"shape": "GetOutput"}},
                 "Renamed": {"name": "Renamed", "http": {"method": "POST", "requestUri": "/"},
                             "output": {"shape": "RenamedOutput"}}},
  "shapes": {
    "GetOutput": {"type": "structure", "members": {
      "Name": {"shape": "String"},
      "Size": {"shape": "Long"},
      "Count": {"shape": "Integer"},
      "Ratio": {"shape": "Double"},
      "At": {"shape": "Time"},
      "Groups": {"shape": "GroupMap"},
      "Doc": {"shape": "Doc"},
      "Wire": {"shape": "String", "locationName": "wireName"}
    }},
    "RenamedOutput": {"type": "structure", "members": {
      "A": {"shape": "String", "locationName": "B"},
      "B": {"shape": "String"}
    }},
    "GroupMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "ItemList"}},
    "ItemList": {"type": "list", "member": {"shape": "Item"}},
    "Item": {"type": "structure", "members": {"At": {"shape": "Time"}, "N": {"shape": "Integer"},
                                              "Tags": {"shape": "StringList"}}},
    "StringList": {"type": "list", "member": {"shape": "String"}},
    "Doc": {"type": "structure", "members": {}, "document": true},
    "String": {"type": "string"},
    "Long": {"type": "long"},
    "Integer": {"type": "integer"},
    "Double": {"type": "double"},
    "Time": {"type": "timestamp"}
  }
})";

class JsonOutputTest : public ::testing::Test {
 protected:
  std::string Encode(const json::object& value, std::string_view op = "Get") {
    return EncodeJsonOutput(model_.FindOperation(op)->output, value);
  }

  model::ServiceModel model_{"out", kOutputModel, "{}"};
};

TEST_F(JsonOutputTest, MembersInShapeOrderUnderWireNames) {
  EXPECT_EQ(Encode({{"Wire", "w"}, {"Count", 2}, {"Name", "n"}, {"Unknown", 1}, {"Size", nullptr}}),
            R"({"Name":"n","Count":2,"wireName":"w"})");
}

TEST_F(JsonOutputTest, KeyOrderOfTheValueDoesNotMatter) {
  const std::string expected = R"({"Name":"n","At":1E0,"wireName":"w"})";
  // In the shape's order (paired in one walk), with a null and gaps.
  EXPECT_EQ(Encode({{"Name", "n"}, {"Size", nullptr}, {"At", 1.0}, {"Wire", "w"}}), expected);
  // Reversed, and with an unknown key last (matched by lookups).
  EXPECT_EQ(Encode({{"Wire", "w"}, {"At", 1.0}, {"Name", "n"}}), expected);
  EXPECT_EQ(Encode({{"Name", "n"}, {"At", 1.0}, {"Wire", "w"}, {"Zzz", 1}}), expected);
}

TEST_F(JsonOutputTest, TimestampsAreEpochSecondsAsBoostWritesDoubles) {
  EXPECT_EQ(Encode({{"At", 1795313009.5}}), R"({"At":1.7953130095E9})");
  EXPECT_EQ(Encode({{"At", 1795313009.0}}), R"({"At":1.795313009E9})");
  EXPECT_EQ(Encode({{"At", "2026-11-22T02:03:29.250Z"}}), R"({"At":1.79531300925E9})");
  EXPECT_EQ(Encode({{"At", 1795313009}}), R"({"At":1795313009})");  // an integer stays one
  EXPECT_EQ(Encode({{"At", "not a date"}}), R"({"At":0E0})");
  EXPECT_EQ(Encode({{"Ratio", 0.25}}), R"({"Ratio":2.5E-1})");
}

TEST_F(JsonOutputTest, IntegersGivenAsDoublesAreWrittenAsIntegers) {
  EXPECT_EQ(Encode({{"Size", 9000000000.0}, {"Count", -3.0}}),
            R"({"Size":9000000000,"Count":-3})");
  EXPECT_EQ(Encode({{"Count", 2.5}}), R"({"Count":3})");  // rounded, as before
  EXPECT_EQ(Encode({{"Size", 1e300}}), R"({"Size":1E300})");  // beyond int64: left a double
  EXPECT_EQ(Encode({{"Size", std::numeric_limits<uint64_t>::max()}}),
            R"({"Size":18446744073709551615})");
}

TEST_F(JsonOutputTest, NestedMapsListsAndStructures) {
  const json::object value{
      {"Groups",
       json::object{{"b", json::array{json::object{{"At", "2026-11-22T02:03:29Z"},
                                                   {"N", 4.0},
                                                   {"Tags", json::array{"x", "y"}},
                                                   {"Bogus", true}},
                                      json::object{}}},
                    {"a", json::array{}},
                    {"c", nullptr}}}};
  EXPECT_EQ(Encode(value),
            R"({"Groups":{"b":[{"At":1.795313009E9,"N":4,"Tags":["x","y"]},{}],"a":[],"c":null}})");
}

TEST_F(JsonOutputTest, ValuesOfTheWrongTypeAndDocumentsAreWrittenAsGiven) {
  EXPECT_EQ(Encode({{"Doc", json::object{{"z", json::array{1, 2.5, true, nullptr}}, {"Name", 7}}},
                    {"Groups", "flat"},
                    {"Name", 5}}),
            R"({"Name":5,"Groups":"flat","Doc":{"z":[1,2.5E0,true,null],"Name":7}})");
}

TEST_F(JsonOutputTest, StringsAreEscapedAsBoostEscapesThem) {
  EXPECT_EQ(Encode({{"Name", "a\"b\\c/d"}}), R"({"Name":"a\"b\\c/d"})");
  EXPECT_EQ(Encode({{"Name", std::string("\b\f\n\r\t\x01\x1f\x7f", 8)}}),
            R"({"Name":"\b\f\n\r\t\u0001\u001f)" "\x7f" R"("})");
  EXPECT_EQ(Encode({{"Name", std::string("nul\0end", 7)}}), R"({"Name":"nul\u0000end"})");
  EXPECT_EQ(Encode({{"Name", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"}}),
            "{\"Name\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}");
  EXPECT_EQ(Encode({{"Groups", json::object{{"k\"\n", json::array{}}}}}),
            R"({"Groups":{"k\"\n":[]}})");
}

TEST_F(JsonOutputTest, EveryByteIsWrittenAsBoostSerializeWritesIt) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const json::value doc = json::object{{all, all}, {"n", json::array{-1, 1.0 / 3, 1e-7}}};
  EXPECT_EQ(Encode({{"Doc", doc}}), "{\"Doc\":" + json::serialize(doc) + "}");
}

TEST_F(JsonOutputTest, AnEscapeAnywhereInALongStringIsFound) {
  for (const char special : {'"', '\\', '\n', '\x1f', '\0'}) {
    for (size_t at = 0; at < 20; ++at) {
      std::string text = "abcdefgh\xc3\xa9ijklmnopqrs";
      text[at] = special;
      EXPECT_EQ(Encode({{"Name", text}}), "{\"Name\":" + json::serialize(json::value(text)) + "}")
          << "byte " << int(special) << " at " << at;
    }
  }
}

TEST_F(JsonOutputTest, ARenamedMemberThatCollidesKeepsTheFirst) {
  EXPECT_EQ(Encode({{"A", "a"}, {"B", "b"}}, "Renamed"), R"({"B":"a"})");
  EXPECT_EQ(Encode({{"B", "b"}}, "Renamed"), R"({"B":"b"})");
}

TEST(JsonErrorTest, TypeAndMessage) {
  EXPECT_EQ(json::parse(EncodeJsonError(nullptr, "ParameterNotFound",
                                        AwsError("ParameterNotFound", "no \"p\""), "r")),
            json::parse(R"({"__type":"ParameterNotFound","message":"no \"p\""})"));
}

}  // namespace
}  // namespace nimbus::core::protocol
