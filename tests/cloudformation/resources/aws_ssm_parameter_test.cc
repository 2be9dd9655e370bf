// AWS::SSM::Parameter: created, read back and deleted through the SSM API, as the stack's caller.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class SsmParameterResourceTest : public testing::NativeResourceTest {
 protected:
  SsmParameterResourceTest() : NativeResourceTest("AWS::SSM::Parameter") {}
  json::value Ssm(std::string_view operation, const json::object& in) {
    return Call("ssm", operation, in);
  }
};

TEST_F(SsmParameterResourceTest, CreateMakesAParameterVisibleThroughSsm) {
  const ResourceResult result =
      handler_->Create(Request({{"Name", "/app/db"}, {"Type", "String"}, {"Value", "v1"}}));
  EXPECT_EQ(result.physical_id, "/app/db");
  EXPECT_TRUE(result.ready);
  EXPECT_EQ(Ssm("GetParameter", {{"Name", "/app/db"}}).at("Parameter").at("Value"), "v1");
}

TEST_F(SsmParameterResourceTest, RefIsTheParameterName) {
  EXPECT_EQ(handler_->Ref("/app/db"), "/app/db");
}

TEST_F(SsmParameterResourceTest, ANumberValueIsWrittenAsItsText) {
  handler_->Create(Request({{"Name", "/n"}, {"Type", "String"}, {"Value", 5}}));
  EXPECT_EQ(Ssm("GetParameter", {{"Name", "/n"}}).at("Parameter").at("Value"), "5");
}

TEST_F(SsmParameterResourceTest, AParameterWithoutNameGetsAGeneratedOne) {
  const ResourceResult result =
      handler_->Create(Request({{"Type", "String"}, {"Value", "v"}}, "MyParam"));
  ASSERT_EQ(result.physical_id.size(), std::string("app-MyParam-").size() + 13);
  EXPECT_EQ(result.physical_id.substr(0, 12), "app-MyParam-");
  for (const char c : result.physical_id.substr(12)) {
    EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << result.physical_id;
  }
}

TEST_F(SsmParameterResourceTest, TagsAreTheStacksTheResourcesAndCloudFormations) {
  handler_->Create(Request({{"Name", "/t"},
                            {"Type", "String"},
                            {"Value", "v"},
                            {"Tags", {{"team", "red"}, {"tier", "db"}}}},
                           "Param"));
  const json::value tags =
      Ssm("ListTagsForResource", {{"ResourceType", "Parameter"}, {"ResourceId", "/t"}});
  EXPECT_EQ(tags.at("TagList"),
            (json::array{{{"Key", "aws:cloudformation:logical-id"}, {"Value", "Param"}},
                         {{"Key", "aws:cloudformation:stack-id"}, {"Value", kStackId}},
                         {{"Key", "aws:cloudformation:stack-name"}, {"Value", "app"}},
                         {{"Key", "team"}, {"Value", "red"}},
                         {{"Key", "tier"}, {"Value", "db"}}}));
}

TEST_F(SsmParameterResourceTest, ANameThatIsTakenFailsWithSsmsError) {
  Ssm("PutParameter", {{"Name", "/taken"}, {"Type", "String"}, {"Value", "v"}});
  try {
    handler_->Create(Request({{"Name", "/taken"}, {"Type", "String"}, {"Value", "w"}}));
    FAIL() << "Create succeeded";
  } catch (const core::AwsError& error) {
    EXPECT_EQ(error.code(), "ParameterAlreadyExists");
    EXPECT_STREQ(error.what(),
                 "The parameter already exists. To overwrite this value, set the overwrite "
                 "option in the request to true.");
  }
}

TEST_F(SsmParameterResourceTest, AttributesTypeAndValueAreReadFromSsm) {
  handler_->Create(Request({{"Name", "/l"}, {"Type", "StringList"}, {"Value", "a,b"}}));
  Ssm("PutParameter", {{"Name", "/l"}, {"Value", "a,b,c"}, {"Overwrite", true}});
  EXPECT_EQ(handler_->Attribute(Request({}), "/l", "Type"), json::value("StringList"));
  EXPECT_EQ(handler_->Attribute(Request({}), "/l", "Value"), json::value("a,b,c"));
}

TEST_F(SsmParameterResourceTest, AnUnknownAttributeIsNone) {
  handler_->Create(Request({{"Name", "/x"}, {"Type", "String"}, {"Value", "v"}}));
  EXPECT_FALSE(handler_->Attribute(Request({}), "/x", "Arn"));
}

TEST_F(SsmParameterResourceTest, DeleteRemovesTheParameter) {
  handler_->Create(Request({{"Name", "/d"}, {"Type", "String"}, {"Value", "v"}}));
  handler_->Delete(Request({}), "/d");
  EXPECT_EQ(test::ErrorOf([&] {
              Ssm("GetParameter", {{"Name", "/d"}});
            }).code(),
            "ParameterNotFound");
}

TEST_F(SsmParameterResourceTest, DeletingAParameterThatIsGoneSucceeds) {
  EXPECT_NO_THROW(handler_->Delete(Request({}), "/never"));
}

TEST_F(SsmParameterResourceTest, UpdateOverwritesTheValueAndTags) {
  handler_->Create(Request({{"Name", "/u"}, {"Type", "String"}, {"Value", "v1"}}));
  handler_->Update(
      Request({{"Name", "/u"}, {"Type", "String"}, {"Value", "v2"}, {"Tags", {{"k", "v"}}}}), "/u",
      {});
  EXPECT_EQ(Ssm("GetParameter", {{"Name", "/u"}}).at("Parameter").at("Value"), "v2");
  const json::value tags =
      Ssm("ListTagsForResource", {{"ResourceType", "Parameter"}, {"ResourceId", "/u"}});
  EXPECT_EQ(tags.at("TagList").as_array().back(), json::parse(R"({"Key":"team","Value":"blue"})"));
  EXPECT_EQ(tags.at("TagList").as_array().size(), 5u);
}

TEST_F(SsmParameterResourceTest, AMissingTypeIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"Value", "v"}}),
            "Property validation failure: [The property {/Type} is required]");
}

TEST_F(SsmParameterResourceTest, EveryMissingRequiredPropertyIsNamed) {
  EXPECT_EQ(ValidationMessage({}),
            "Property validation failure: [The property {/Value} is required, The property "
            "{/Type} is required]");
}

TEST_F(SsmParameterResourceTest, AnUnknownPropertyIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"Type", "String"}, {"Value", "v"}, {"Colour", "red"}}),
            "Property validation failure: [Encountered unsupported properties in {/}: [Colour]]");
}

TEST_F(SsmParameterResourceTest, AListValueIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"Type", "String"}, {"Value", json::array{"a"}}}),
            "Property validation failure: [Value of property {/Value} does not match type "
            "{String}]");
}

TEST_F(SsmParameterResourceTest, ASecureStringIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"Type", "SecureString"}, {"Value", "v"}}),
            "Property validation failure: [Value for property {/Type} does not match with the "
            "enum list [String, StringList]]");
}

TEST_F(SsmParameterResourceTest, TheIdentifierIsTheName) {
  EXPECT_EQ(handler_->Identifiers(), std::vector<std::string>{"Name"});
}

}  // namespace
}  // namespace nimbus::cloudformation
