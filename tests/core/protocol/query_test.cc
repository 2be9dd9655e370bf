// AWS Query: form parameters in, <OpResponse> XML out, <ErrorResponse> for errors.
#include "core/protocol/query.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "core/aws_error.h"
#include "core/model/model.h"
#include "demo_model.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

class QueryCodecTest : public ::testing::Test {
 protected:
  json::object Decode(std::string_view form) {
    QueryParams params;
    EXPECT_TRUE(ParseQueryString(form, &params)) << form;
    return DecodeQueryInput(op_.input, params);
  }

  model::ServiceModel model_{"demo", test::DemoModelJson("query"), "{}"};
  const model::Operation& op_ = *model_.FindOperation("PutThing");
};

TEST(QueryStringTest, DecodesPercentEscapesAndPlusAsSpace) {
  QueryParams params;
  ASSERT_TRUE(ParseQueryString("a=1&b=x%20y+z&c=&d&e=%C3%BC", &params));
  EXPECT_EQ(params.at("a"), "1");
  EXPECT_EQ(params.at("b"), "x y z");
  EXPECT_EQ(params.at("c"), "");
  EXPECT_EQ(params.at("d"), "");
  EXPECT_EQ(params.at("e"), "\xC3\xBC");
}

TEST(QueryStringTest, MalformedEscapeIsRejected) {
  QueryParams params;
  EXPECT_FALSE(ParseQueryString("a=%zz", &params));
  EXPECT_FALSE(ParseQueryString("a=%4", &params));
}

TEST_F(QueryCodecTest, ScalarsDecodeToTheirTypes) {
  const json::object in = Decode(
      "Action=PutThing&Version=2020-01-01&Name=abc&Count=3&Size=9000000000&Ratio=1.5"
      "&Enabled=true&Mode=fast");
  EXPECT_EQ(in, (json::object{{"Name", "abc"},
                              {"Count", 3},
                              {"Size", 9000000000LL},
                              {"Ratio", 1.5},
                              {"Enabled", true},
                              {"Mode", "fast"}}));
}

TEST_F(QueryCodecTest, ActionAndVersionAreNotMembers) {
  EXPECT_TRUE(Decode("Action=PutThing&Version=2020-01-01").empty());
}

TEST_F(QueryCodecTest, BooleansAreLowerCaseTrueOrFalse) {
  EXPECT_EQ(Decode("Enabled=false").at("Enabled"), json::value(false));
  EXPECT_EQ(Decode("Enabled=true").at("Enabled"), json::value(true));
}

// Every SDK sends lower case, and AWS's Query services refuse "TRUE" (MalformedInput "boolean
// must follow xsd1.1 definition", observed on SES).
TEST_F(QueryCodecTest, CapitalisedBooleanIsAValidationFailure) {
  EXPECT_THROW(Decode("Enabled=True"), ValidationFailure);
  EXPECT_THROW(Decode("Enabled=FALSE"), ValidationFailure);
}

TEST_F(QueryCodecTest, TimestampsDecodeToEpochSeconds) {
  EXPECT_EQ(Decode("When=2026-11-22T02:03:29Z").at("When"), json::value(1795313009.0));
  EXPECT_EQ(Decode("When=2026-11-22T02:03:29.500Z").at("When"), json::value(1795313009.5));
}

// AWS Query timestamps are ISO 8601 unless the model names another format.
TEST_F(QueryCodecTest, EpochSecondsTimestampIsAValidationFailure) {
  try {
    Decode("When=1795313009");
    FAIL() << "no ValidationFailure";
  } catch (const ValidationFailure& e) {
    EXPECT_STREQ(e.what(),
                 "1 validation error detected: Value '1795313009' at 'When' failed to satisfy "
                 "constraint: Member must be a timestamp");
  }
}

TEST_F(QueryCodecTest, ListsOfStructuresUseMemberN) {
  const json::object in =
      Decode("Tags.member.1.Key=a&Tags.member.1.Value=x&Tags.member.2.Key=b&Names.member.1=n1"
             "&Names.member.2=n2");
  EXPECT_EQ(in.at("Tags"), (json::array{json::object{{"Key", "a"}, {"Value", "x"}},
                                        json::object{{"Key", "b"}}}));
  EXPECT_EQ(in.at("Names"), (json::array{"n1", "n2"}));
}

TEST_F(QueryCodecTest, ListItemsFollowIndexOrderNotTextOrder) {
  const json::object in = Decode("Names.member.10=ten&Names.member.2=two&Names.member.1=one");
  EXPECT_EQ(in.at("Names"), (json::array{"one", "two", "ten"}));
}

TEST_F(QueryCodecTest, EmptyListIsSentAsNameEquals) {
  const json::object in = Decode("Name=abc&Names=");
  EXPECT_EQ(in.at("Names"), json::array());
  EXPECT_FALSE(in.contains("Tags"));
}

TEST_F(QueryCodecTest, MapsUseEntryNKeyAndValue) {
  const json::object in = Decode(
      "Attributes.entry.1.key=color&Attributes.entry.1.value=red&Attributes.entry.2.key=size"
      "&Attributes.entry.2.value=L");
  EXPECT_EQ(in.at("Attributes"), (json::object{{"color", "red"}, {"size", "L"}}));
}

TEST_F(QueryCodecTest, NestedStructuresUseDots) {
  const json::object in = Decode("Config.Level=2&Config.Inner.Mode=slow");
  EXPECT_EQ(in.at("Config"),
            (json::object{{"Level", 2}, {"Inner", json::object{{"Mode", "slow"}}}}));
}

TEST_F(QueryCodecTest, AbsentMembersAreAbsent) {
  const json::object in = Decode("Name=abc");
  EXPECT_EQ(in, (json::object{{"Name", "abc"}}));
}

TEST_F(QueryCodecTest, MalformedNumberIsAValidationFailure) {
  try {
    Decode("Count=three");
    FAIL() << "no ValidationFailure";
  } catch (const ValidationFailure& e) {
    EXPECT_STREQ(e.what(),
                 "1 validation error detected: Value 'three' at 'Count' failed to satisfy "
                 "constraint: Member must be a number");
  }
  EXPECT_THROW(Decode("Count=3x"), ValidationFailure);
  EXPECT_THROW(Decode("Ratio=1.5.1"), ValidationFailure);
  EXPECT_THROW(Decode("Size="), ValidationFailure);
}

TEST_F(QueryCodecTest, DoubleWithTrailingTextIsAValidationFailure) {
  try {
    Decode("Ratio=1.5x");
    FAIL() << "no ValidationFailure";
  } catch (const ValidationFailure& e) {
    EXPECT_STREQ(e.what(),
                 "1 validation error detected: Value '1.5x' at 'Ratio' failed to satisfy "
                 "constraint: Member must be a number");
  }
}

TEST_F(QueryCodecTest, TruncatedBooleanIsAValidationFailure) {
  try {
    Decode("Enabled=tru");
    FAIL() << "no ValidationFailure";
  } catch (const ValidationFailure& e) {
    EXPECT_STREQ(e.what(),
                 "1 validation error detected: Value 'tru' at 'Enabled' failed to satisfy "
                 "constraint: Member must be a boolean");
  }
}

TEST_F(QueryCodecTest, IntegerDecodesUpToItsLimits) {
  EXPECT_EQ(Decode("Count=2147483647").at("Count"), json::value(2147483647));
  EXPECT_EQ(Decode("Count=-2147483648").at("Count"), json::value(-2147483648LL));
  EXPECT_EQ(Decode("Size=9223372036854775807").at("Size"),
            json::value(9223372036854775807LL));
}

TEST_F(QueryCodecTest, IntegerOutOfItsRangeIsAValidationFailure) {
  EXPECT_THROW(Decode("Count=2147483648"), ValidationFailure);
  EXPECT_THROW(Decode("Count=-2147483649"), ValidationFailure);
  EXPECT_THROW(Decode("Size=9223372036854775808"), ValidationFailure);
}

TEST_F(QueryCodecTest, IntegerWithSignSpaceOrFractionIsAValidationFailure) {
  for (const char* form : {"Count=+3", "Count= 3", "Count=3.0", "Count=3e0", "Count=0x3"}) {
    EXPECT_THROW(Decode(form), ValidationFailure) << form;
  }
}

TEST_F(QueryCodecTest, DoublesDecodeFromDecimalText) {
  EXPECT_EQ(Decode("Ratio=-2e-3").at("Ratio"), json::value(-0.002));
  EXPECT_EQ(Decode("Ratio=.5").at("Ratio"), json::value(0.5));
  EXPECT_EQ(Decode("Ratio=1e%2B20").at("Ratio"), json::value(1e20));
  EXPECT_EQ(Decode("Ratio=3").at("Ratio"), json::value(3.0));
}

TEST_F(QueryCodecTest, DoubleSpecialValuesDecodeAsBotocoreSendsThem) {
  EXPECT_TRUE(std::isnan(Decode("Ratio=NaN").at("Ratio").as_double()));
  EXPECT_EQ(Decode("Ratio=Infinity").at("Ratio"), json::value(HUGE_VAL));
  EXPECT_EQ(Decode("Ratio=-Infinity").at("Ratio"), json::value(-HUGE_VAL));
}

TEST_F(QueryCodecTest, OtherDoubleSpellingsAreValidationFailures) {
  for (const char* form : {"Ratio=inf", "Ratio=nan", "Ratio=infinity", "Ratio=0x1p3",
                           "Ratio=%201.5", "Ratio=%2B1.5", "Ratio=1e999", "Ratio=-"}) {
    EXPECT_THROW(Decode(form), ValidationFailure) << form;
  }
}

TEST_F(QueryCodecTest, MalformedBooleanAndTimestampAreValidationFailures) {
  EXPECT_THROW(Decode("Enabled=yes"), ValidationFailure);
  EXPECT_THROW(Decode("When=yesterday"), ValidationFailure);
}

TEST_F(QueryCodecTest, ResponseHasResultWrapperAndResponseMetadata) {
  const json::object output{{"Id", "t-1"},
                            {"Names", json::array{"a", "b"}},
                            {"Enabled", false},
                            {"Count", 3},
                            {"Created", 1795313009.5}};
  EXPECT_EQ(EncodeQueryResponse(model_, op_, output, "req-1"),
            "<PutThingResponse xmlns=\"https://demo.amazonaws.com/doc/2020-01-01/\">"
            "<PutThingResult><Id>t-1</Id><Names><member>a</member><member>b</member></Names>"
            "<Created>2026-11-22T02:03:29.500Z</Created><Enabled>false</Enabled>"
            "<Count>3</Count></PutThingResult>"
            "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
            "</PutThingResponse>");
}

TEST_F(QueryCodecTest, ResponseWritesEmptyListsAndStructuresInLists) {
  const json::object output{{"Names", json::array()},
                            {"Tags", json::array{json::object{{"Key", "k"}, {"Value", "v"}}}}};
  const std::string xml = EncodeQueryResponse(model_, op_, output, "r");
  EXPECT_NE(xml.find("<PutThingResult><Names/><Tags><member><Key>k</Key><Value>v</Value>"
                     "</member></Tags></PutThingResult>"),
            std::string::npos)
      << xml;
}

TEST_F(QueryCodecTest, ResponseWritesMapsAsEntries) {
  const json::object output{{"Attributes", json::object{{"color", "red"}}}};
  const std::string xml = EncodeQueryResponse(model_, op_, output, "r");
  EXPECT_NE(xml.find("<Attributes><entry><key>color</key><value>red</value></entry>"
                     "</Attributes>"),
            std::string::npos)
      << xml;
}

TEST_F(QueryCodecTest, ResponseEscapesXmlAndOmitsAbsentAndNullMembers) {
  const json::object output{{"Id", "<a & 'b' \"c\">"}, {"Count", nullptr}, {"Unknown", "x"}};
  const std::string xml = EncodeQueryResponse(model_, op_, output, "r");
  EXPECT_NE(xml.find("<PutThingResult><Id>&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;</Id>"
                     "</PutThingResult>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("Count"), std::string::npos);
  EXPECT_EQ(xml.find("Unknown"), std::string::npos);
}

TEST_F(QueryCodecTest, OperationWithoutOutputHasOnlyResponseMetadata) {
  EXPECT_EQ(EncodeQueryResponse(model_, *model_.FindOperation("Ping"), json::object(), "r"),
            "<PingResponse xmlns=\"https://demo.amazonaws.com/doc/2020-01-01/\">"
            "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PingResponse>");
}

TEST(QueryErrorTest, ErrorResponseEnvelope) {
  EXPECT_EQ(EncodeQueryError("https://sts.amazonaws.com/doc/2011-06-15/", nullptr,
                             "ValidationError", AwsError("ValidationError", "bad <input>"), true,
                             "req-9"),
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
            "<Type>Sender</Type><Code>ValidationError</Code><Message>bad &lt;input&gt;</Message>"
            "</Error><RequestId>req-9</RequestId></ErrorResponse>");
}

TEST(QueryErrorTest, ReceiverFault) {
  const std::string xml = EncodeQueryError("ns", nullptr, "InternalFailure",
                                           AwsError("InternalFailure", "m"), false, "r");
  EXPECT_NE(xml.find("<Type>Receiver</Type>"), std::string::npos) << xml;
}

}  // namespace
}  // namespace nimbus::core::protocol
