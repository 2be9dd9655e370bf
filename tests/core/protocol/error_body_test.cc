// Error bodies carry the error shape's modelled members, named as the model names them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/aws_error.h"
#include "core/model/model.h"
#include "core/protocol/json_codec.h"
#include "core/protocol/query.h"
#include "core/protocol/rest_xml.h"

namespace nimbus::core::protocol {
namespace {

namespace json = boost::json;

class ErrorBodyTest : public ::testing::Test {
 protected:
  const model::Shape* Error(std::string_view service, std::string_view code) {
    return models_.Get(service).FindError(code);
  }
  model::ModelRegistry models_;
};

TEST_F(ErrorBodyTest, JsonErrorCarriesTheModelledMembersAndTheRequestId) {
  const AwsError error = AwsError("ResourceNotFoundException", "USER not found.")
                             .With("ResourceType", "USER")
                             .With("ResourceId", "u-1");
  const json::value body = json::parse(EncodeJsonError(
      Error("identitystore", "ResourceNotFoundException"), "ResourceNotFoundException", error,
      "req-1"));
  EXPECT_EQ(body, json::parse(R"({"__type":"ResourceNotFoundException","ResourceType":"USER",)"
                              R"("ResourceId":"u-1","Message":"USER not found.",)"
                              R"("RequestId":"req-1"})"));
}

TEST_F(ErrorBodyTest, JsonErrorWritesTheMessageUnderTheShapesOwnName) {
  const json::value organizations = json::parse(EncodeJsonError(
      Error("organizations", "InvalidInputException"), "InvalidInputException",
      AwsError("InvalidInputException", "You specified an invalid value.")
          .With("Reason", "INVALID_ENUM"),
      "r"));
  EXPECT_EQ(organizations,
            json::parse(R"({"__type":"InvalidInputException",)"
                        R"("Message":"You specified an invalid value.","Reason":"INVALID_ENUM"})"));
  const json::value kms = json::parse(EncodeJsonError(
      Error("kms", "NotFoundException"), "NotFoundException",
      AwsError("NotFoundException", "Key 'x' does not exist"), "r"));
  EXPECT_EQ(kms, json::parse(R"({"__type":"NotFoundException","message":"Key 'x' does not exist"})"));
}

TEST_F(ErrorBodyTest, JsonErrorWithoutMessageHasNoMessageMember) {
  const std::string body = EncodeJsonError(
      Error("kms", "InvalidCiphertextException"), "InvalidCiphertextException",
      AwsError::WithoutMessage("InvalidCiphertextException"), "r");
  EXPECT_EQ(body, R"({"__type":"InvalidCiphertextException"})");
}

TEST_F(ErrorBodyTest, JsonErrorDropsMembersTheShapeDoesNotHave) {
  const std::string body = EncodeJsonError(
      Error("kms", "NotFoundException"), "NotFoundException",
      AwsError("NotFoundException", "m").With("Reason", "X"), "r");
  EXPECT_EQ(body, R"({"__type":"NotFoundException","message":"m"})");
}

TEST_F(ErrorBodyTest, JsonErrorShapeWithoutMessageMemberStillCarriesTheMessage) {
  const model::Shape* shape = Error("ssm", "TooManyTagsError");
  ASSERT_NE(shape, nullptr);
  ASSERT_TRUE(shape->members.empty());
  EXPECT_EQ(EncodeJsonError(shape, "TooManyTagsError",
                            AwsError("TooManyTagsError", "too many tags"), "r"),
            R"({"__type":"TooManyTagsError","message":"too many tags"})");
}

TEST_F(ErrorBodyTest, CommonJsonErrorWritesItsMembersAsGiven) {
  EXPECT_EQ(json::parse(EncodeJsonError(nullptr, "ThrottlingException",
                                        AwsError("ThrottlingException", "slow down"), "r")),
            json::parse(R"({"__type":"ThrottlingException","message":"slow down"})"));
}

TEST_F(ErrorBodyTest, QueryErrorWritesModelledMembersAfterTheMessage) {
  // STS's query errors have only a message; the demo of members uses a JSON model's shape,
  // which the XML writer serializes the same way.
  const std::string xml = EncodeQueryError(
      "ns", Error("organizations", "InvalidInputException"), "InvalidInputException",
      AwsError("InvalidInputException", "bad").With("Reason", "INVALID_PATTERN"), true, "r");
  EXPECT_EQ(xml,
            "<ErrorResponse xmlns=\"ns\"><Error><Type>Sender</Type><Code>InvalidInputException"
            "</Code><Message>bad</Message><Reason>INVALID_PATTERN</Reason></Error>"
            "<RequestId>r</RequestId></ErrorResponse>");
}

TEST_F(ErrorBodyTest, QueryErrorWithoutMessageHasNoMessageElement) {
  const std::string xml = EncodeQueryError("ns", nullptr, "Throttling",
                                           AwsError::WithoutMessage("Throttling"), true, "r");
  EXPECT_EQ(xml,
            "<ErrorResponse xmlns=\"ns\"><Error><Type>Sender</Type><Code>Throttling</Code>"
            "</Error><RequestId>r</RequestId></ErrorResponse>");
}

TEST_F(ErrorBodyTest, RestXmlErrorWritesModelledMembers) {
  const std::string xml = EncodeRestXmlError(
      Error("s3", "InvalidObjectState"), "InvalidObjectState",
      AwsError("InvalidObjectState", "The operation is not valid for the storage class")
          .With("StorageClass", "GLACIER"),
      "ABC", "aG9zdA==");
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidObjectState</Code>"
            "<Message>The operation is not valid for the storage class</Message>"
            "<StorageClass>GLACIER</StorageClass><RequestId>ABC</RequestId>"
            "<HostId>aG9zdA==</HostId></Error>");
}

// Found by the mutation probe: a message echoing a client's U+0000 ("The action Get\0X is not
// valid ...") stopped at the NUL, because encoders read it through what().
const std::string kMessageWithNul = std::string("Parameter a") + '\0' + "b not found.";

TEST_F(ErrorBodyTest, JsonErrorMessageGoesOnPastANul) {
  const json::value body =
      json::parse(EncodeJsonError(Error("ssm", "ParameterNotFound"), "ParameterNotFound",
                                  AwsError("ParameterNotFound", kMessageWithNul), "r"));
  EXPECT_EQ(body.at("message").as_string(), kMessageWithNul);
}

TEST_F(ErrorBodyTest, QueryErrorMessageGoesOnPastANulWrittenAsReplacementCharacter) {
  const std::string xml = EncodeQueryError("ns", nullptr, "InvalidAction",
                                           AwsError("InvalidAction", kMessageWithNul), true, "r");
  EXPECT_NE(xml.find("<Message>Parameter a\xEF\xBF\xBD"
                     "b not found.</Message>"),
            std::string::npos)
      << xml;
}

TEST_F(ErrorBodyTest, RestXmlErrorMessageGoesOnPastANulWrittenAsReplacementCharacter) {
  const std::string xml =
      EncodeRestXmlError(nullptr, "NoSuchKey", AwsError("NoSuchKey", kMessageWithNul), "A", "B");
  EXPECT_NE(xml.find("<Message>Parameter a\xEF\xBF\xBD"
                     "b not found.</Message>"),
            std::string::npos)
      << xml;
}

}  // namespace
}  // namespace nimbus::core::protocol
