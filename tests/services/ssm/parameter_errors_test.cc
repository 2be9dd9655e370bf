// Every kind of error the Parameter Store operations answer, whole: code, message (or none) and
// the other members of the error shape, through the dispatcher with self-check on.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::Failure;
using testing::FailureOf;
using testing::Json;

struct ErrorCase {
  const char* name;                                         // the test's name
  std::vector<std::pair<const char*, const char*>> before;  // calls that set the case up
  const char* operation;
  const char* input;
  Failure error;
};

// Names the case in failures instead of gtest's dump of its bytes.
void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }

class ParameterErrorTest : public testing::ParameterTest,
                           public ::testing::WithParamInterface<ErrorCase> {
 protected:
  void SetUp() override { Put(R"({"Name":"/p","Value":"v1","Type":"String"})"); }
};

TEST_P(ParameterErrorTest, IsAnsweredWhole) {
  for (const auto& [operation, input] : GetParam().before) Call(operation, input);
  EXPECT_EQ(FailureOf([&] { Call(GetParam().operation, GetParam().input); }), GetParam().error);
}

std::string CaseName(const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Kinds, ParameterErrorTest,
    ::testing::Values(
        ErrorCase{"ParameterNotFound",
                  {},
                  "GetParameter",
                  R"({"Name":"/missing"})",
                  {"ParameterNotFound", "Parameter /missing not found."}},
        ErrorCase{"ParameterVersionNotFound",
                  {},
                  "GetParameter",
                  R"({"Name":"/p:3"})",
                  {"ParameterVersionNotFound",
                   "Systems Manager could not find version 3 of /p. Verify the version and try "
                   "again."}},
        ErrorCase{"ParameterAlreadyExists",
                  {},
                  "PutParameter",
                  R"({"Name":"/p","Value":"v2","Type":"String"})",
                  {"ParameterAlreadyExists",
                   "The parameter already exists. To overwrite this value, set the overwrite "
                   "option in the request to true."}},
        ErrorCase{"AccessDeniedException",
                  {},
                  "PutParameter",
                  R"({"Name":"/aws/x/y","Value":"v","Type":"String"})",
                  {"AccessDeniedException", "No access to reserved parameter name: /aws/x/y."}},
        ErrorCase{
            "HierarchyLevelLimitExceededException",
            {},
            "PutParameter",
            R"({"Name":"/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16","Value":"v","Type":"String"})",
            {"HierarchyLevelLimitExceededException",
             "A hierarchy can have a maximum of 15 levels. For more information, see "
             "Requirements and constraints for parameter names in the Amazon Web Services "
             "Systems Manager User Guide."}},
        ErrorCase{
            "ValidationException",
            {},
            "PutParameter",
            R"({"Name":"/new","Value":"v"})",
            {"ValidationException", "A parameter type is required when you create a parameter."}},
        ErrorCase{"InvalidAllowedPatternException",
                  {},
                  "PutParameter",
                  R"({"Name":"/q","Value":"1","Type":"String","AllowedPattern":"(unclosed"})",
                  {"InvalidAllowedPatternException",
                   "The request does not meet the regular expression requirement."}},
        ErrorCase{"ParameterPatternMismatchException",
                  {},
                  "PutParameter",
                  R"({"Name":"/q","Value":"abc","Type":"String","AllowedPattern":"^\\d+$"})",
                  {"ParameterPatternMismatchException",
                   "Parameter value, cannot be validated against allowedPattern: ^\\d+$"}},
        ErrorCase{"InvalidPolicyAttributeException",
                  {},
                  "PutParameter",
                  R"({"Name":"/q","Value":"v","Type":"String","Tier":"Advanced","Policies":"{}"})",
                  {"InvalidPolicyAttributeException",
                   "A policy attribute or its value is invalid. The policy text must be a JSON "
                   "array of policies."}},
        ErrorCase{
            "InvalidPolicyTypeException",
            {},
            "PutParameter",
            R"({"Name":"/q","Value":"v","Type":"String","Tier":"Advanced","Policies":"[{\"Type\":\"Bogus\"}]"})",
            {"InvalidPolicyTypeException",
             "The policy type is not supported. Parameter Store supports the following "
             "policy types: Expiration, ExpirationNotification, and "
             "NoChangeNotification."}},
        ErrorCase{
            "PoliciesLimitExceededException",
            {},
            "PutParameter",
            R"({"Name":"/q","Value":"v","Type":"String","Tier":"Advanced","Policies":"[1,2,3,4,5,6,7,8,9,10,11]"})",
            {"PoliciesLimitExceededException",
             "You specified more than the maximum number of allowed policies for the "
             "parameter. The maximum is 10."}},
        ErrorCase{"ParameterVersionLabelLimitExceeded",
                  {{"LabelParameterVersion",
                    R"({"Name":"/p","Labels":["a","b","c","d","e","f","g","h","i","j"]})"}},
                  "LabelParameterVersion",
                  R"({"Name":"/p","Labels":["k"]})",
                  {"ParameterVersionLabelLimitExceeded",
                   "A parameter version can have maximum 10 labels.Move one or more labels to "
                   "another version and try again."}},
        ErrorCase{"InvalidKeyId",
                  {},
                  "PutParameter",
                  R"({"Name":"/s","Value":"v","Type":"SecureString","KeyId":"alias/none"})",
                  {"InvalidKeyId", "Invalid keyId alias/none"}},
        ErrorCase{"InvalidFilterKey",
                  {},
                  "DescribeParameters",
                  R"({"ParameterFilters":[{"Key":"Label","Values":["x"]}]})",
                  {"InvalidFilterKey",
                   "The following filter key is not valid: Label. Valid filter keys include: "
                   "[Path, Name, Type, KeyId, Tier, DataType, tag:<key>]."}},
        ErrorCase{
            "InvalidFilterOption",
            {},
            "GetParametersByPath",
            R"({"Path":"/","ParameterFilters":[{"Key":"Type","Option":"Contains","Values":["S"]}]})",
            {"InvalidFilterOption",
             "The following filter option is not valid: Contains. Valid options include: "
             "[BeginsWith, Equals]."}},
        ErrorCase{"InvalidFilterValue",
                  {},
                  "DescribeParameters",
                  R"({"ParameterFilters":[{"Key":"Tier","Values":["Gold"]}]})",
                  {"InvalidFilterValue",
                   "The following filter value is not valid: Gold. Valid values include: "
                   "[Standard, Advanced, Intelligent-Tiering]."}},
        ErrorCase{"InvalidNextToken",
                  {},
                  "GetParameterHistory",
                  R"({"Name":"/p","NextToken":"bogus"})",
                  {"InvalidNextToken", "The specified token is not valid."}},
        // AWS answers {"__type":"InvalidResourceId"}: no message
        // (https://github.com/getmoto/moto/issues/4360 records the response).
        ErrorCase{"InvalidResourceId",
                  {},
                  "ListTagsForResource",
                  R"({"ResourceType":"Parameter","ResourceId":"/missing"})",
                  {"InvalidResourceId", std::nullopt}},
        ErrorCase{"InvalidResourceType",
                  {},
                  "ListTagsForResource",
                  R"({"ResourceType":"OpsItem","ResourceId":"oi-0123456789ab"})",
                  {"InvalidResourceType", std::nullopt}}),
    CaseName);

class ParameterLimitErrorTest : public testing::ParameterTest {
 protected:
  static json::array Tags(int count, const std::string& prefix = "k") {
    json::array tags;
    for (int i = 0; i < count; ++i) {
      tags.push_back(json::object{{"Key", prefix + std::to_string(i)}, {"Value", "v"}});
    }
    return tags;
  }
};

TEST_F(ParameterLimitErrorTest, AFiftyFirstTagIsTooManyTagsError) {
  Call("PutParameter", {{"Name", "/t"}, {"Value", "v"}, {"Type", "String"}, {"Tags", Tags(50)}});
  EXPECT_EQ(FailureOf([&] {
              Call("AddTagsToResource",
                   {{"ResourceType", "Parameter"}, {"ResourceId", "/t"}, {"Tags", Tags(1, "x")}});
            }),
            (Failure{"TooManyTagsError",
                     "The Tags parameter contains too many tags. A resource can have up to 50 "
                     "tags."}));
}

// PutParameter does not list TooManyTagsError; AWS's code for this case is not verified.
TEST_F(ParameterLimitErrorTest, PutParameterWithFiftyOneTagsIsAValidationException) {
  EXPECT_EQ(FailureOf([&] {
              Call("PutParameter",
                   {{"Name", "/t"}, {"Value", "v"}, {"Type", "String"}, {"Tags", Tags(51)}});
            }),
            (Failure{"ValidationException",
                     "The Tags parameter contains too many tags. A resource can have up to 50 "
                     "tags."}));
}

TEST_F(ParameterLimitErrorTest, AHundredAndFirstVersionOverALabelledOldestIsRefused) {
  Put(R"({"Name":"/v","Value":"1","Type":"String"})");
  Call("LabelParameterVersion", R"({"Name":"/v","ParameterVersion":1,"Labels":["keep"]})");
  for (int i = 2; i <= 100; ++i) {
    Call("PutParameter", {{"Name", "/v"}, {"Value", std::to_string(i)}, {"Overwrite", true}});
  }
  EXPECT_EQ(FailureOf([&] { Put(R"({"Name":"/v","Value":"x","Overwrite":true})"); }),
            (Failure{"ParameterMaxVersionLimitExceeded",
                     "You attempted to create a new version of /v by calling the PutParameter API "
                     "with the overwrite flag. Version 1, the oldest version, can't be deleted "
                     "because it has a label associated with it. Move the label to another "
                     "version of the parameter, and try again."}));
}

}  // namespace
}  // namespace nimbus::ssm
