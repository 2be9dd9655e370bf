// Every message CheckStructure gives, whole. Cases marked recorded are AWS's answers to the same
// template in LocalStack's validated snapshots (shared/reference/cfn-aws-errors.md).
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/template/structure.h"
#include "testing/runtime.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

struct ErrorCase {
  const char* name;     // the test's name
  const char* tmpl;     // the template, as JSON
  const char* message;  // CheckStructure's whole message (the code is always ValidationError)
};

void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }

std::string CaseName(const ::testing::TestParamInfo<ErrorCase>& param) { return param.param.name; }

class StructureErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(StructureErrorTest, IsRefusedWithAwsWording) {
  const json::object tmpl = json::parse(GetParam().tmpl).as_object();
  const core::AwsError error = test::ErrorOf([&] { CheckStructure(tmpl); });
  EXPECT_EQ(error.code(), "ValidationError");
  EXPECT_EQ(error.what(), std::string(GetParam().message));
  EXPECT_EQ(error.status(), 400);
}

INSTANTIATE_TEST_SUITE_P(
    Nulls, StructureErrorTest,
    ::testing::Values(
        ErrorCase{"NullOutputValue",  // recorded
                  R"({"Resources": {"Foo": {"Type": "AWS::SNS::Topic"}},
                      "Outputs": {"MyOutput": {"Value": null}}})",
                  "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates"},
        ErrorCase{"NullBeforeAnUnknownOutputField",  // recorded
                  R"({"Resources": {"Foo": {"Type": "AWS::SNS::Topic"}},
                      "Outputs": {"MyOutput": {"Value": null, "AnotherValue": null}}})",
                  "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates"},
        ErrorCase{"NullPropertyUnderANameOfType",
                  R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function",
                      "Properties": {"Environment": {"Variables": {"PORT": null}}}}}})",
                  "[/Resources/Fn/Type/Environment/Variables/PORT] 'null' values are not "
                  "allowed in templates"},
        ErrorCase{"NullListItem",
                  R"({"Resources": {"A": {"Type": "AWS::SNS::Topic", "DependsOn": [null]}}})",
                  "[/Resources/A/DependsOn/0] 'null' values are not allowed in templates"},
        ErrorCase{"NullSection", R"({"Resources": {"A": {"Type": "X"}}, "Description": null})",
                  "[/Description] 'null' values are not allowed in templates"}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Sections, StructureErrorTest,
    ::testing::Values(
        ErrorCase{"NoResources", "{}",  // recorded
                  "Template format error: At least one Resources member must be defined."},
        ErrorCase{"EmptyResources", R"({"Resources": {}})",
                  "Template format error: At least one Resources member must be defined."},
        ErrorCase{"ResourcesAString", R"({"Resources": "", "Outputs": ""})",  // recorded
                  "Template format error: Any Resources member must be an object."},
        ErrorCase{"UnknownSections",
                  R"({"Resources": {"B": {"Type": "X"}}, "Bogus": 1, "outputs": {}})",
                  "Invalid template property or properties [Bogus, outputs]"},
        ErrorCase{
            "OtherFormatVersion",
            R"({"AWSTemplateFormatVersion": "2010-09-10", "Resources": {"A": {"Type": "X"}}})",
            "Template format error: unsupported value for AWSTemplateFormatVersion."},
        ErrorCase{"DescriptionAnObject",
                  R"({"Description": {"a": "b"}, "Resources": {"A": {"Type": "X"}}})",
                  "Template format error: Every Description member must be a string."},
        ErrorCase{"TransformNameARef",  // recorded
                  R"({"Transform": [{"Name": {"Ref": "MacroName"}}],
                      "Resources": {"A": {"Type": "X"}}})",
                  "Key Name of transform definition must be a string."},
        ErrorCase{"TransformANumber", R"({"Transform": 1, "Resources": {"A": {"Type": "X"}}})",
                  "Template format error: Every Transform member must be a string or an object."},
        ErrorCase{"ParametersAList", R"({"Parameters": [], "Resources": {"A": {"Type": "X"}}})",
                  "Template format error: Any Parameters member must be an object."},
        ErrorCase{"ConditionsAString", R"({"Conditions": "x", "Resources": {"A": {"Type": "X"}}})",
                  "Template format error: Any Conditions member must be an object."},
        ErrorCase{"RuleAString", R"({"Rules": {"R": "x"}, "Resources": {"A": {"Type": "X"}}})",
                  "Template format error: Any Rules member must be an object."}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Mappings, StructureErrorTest,
    ::testing::Values(
        ErrorCase{"StringBelowATopLevelKey",  // recorded
                  R"({"Mappings": {"TopicSuffixMap": {"A": "suffix-a", "B": "suffix-b"}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Every Mappings member A must be a map"},
        ErrorCase{"RefBelowAnAttribute",  // recorded
                  R"({"Mappings": {"TopicSuffixMap": {"A": {"Suffix": {"Ref": "P"}}}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Every Mappings attribute must be a String or a List."},
        ErrorCase{"MapBelowAnAttribute",  // recorded
                  R"({"Mappings": {"TopicSuffixMap": {"A": {"Suffix": {"SuffixValue": "a"}}}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Every Mappings attribute must be a String or a List."},
        ErrorCase{"ListOfMapsBelowAnAttribute",
                  R"({"Mappings": {"M": {"A": {"L": [{"x": "y"}]}}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Every Mappings attribute must be a String or a List."},
        ErrorCase{"MappingAString",
                  R"({"Mappings": {"M": "x"}, "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Every Mappings member M must be a map"},
        ErrorCase{"MappingNameWithHyphen",
                  R"({"Mappings": {"my-map": {"A": {"B": "c"}}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Mapping name my-map is non alphanumeric."},
        ErrorCase{"AttributeNameWithUnderscore",
                  R"({"Mappings": {"M": {"us-east-1": {"AMI_ID": "ami-1"}}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Mapping attribute name AMI_ID is non alphanumeric."}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Parameters, StructureErrorTest,
    ::testing::Values(
        ErrorCase{"PseudoParameterName",  // recorded
                  R"({"Parameters": {"AWS::NoValue": {"Type": "String", "Default": "foo"}},
                      "Resources": {"T": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Parameter name AWS::NoValue is non alphanumeric."},
        ErrorCase{"ParameterAString",
                  R"({"Parameters": {"P": "String"}, "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Any Parameters member must be an object."},
        ErrorCase{"UnknownProperty",
                  R"({"Parameters": {"P": {"Type": "String", "Defualt": "x"}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Invalid template parameter property 'Defualt'"},
        ErrorCase{"NoType", R"({"Parameters": {"P": {"Default": "x"}},
                                "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Every Parameters object must contain a Type member."},
        ErrorCase{"UnknownType", R"({"Parameters": {"P": {"Type": "Integer"}},
                                     "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Unrecognized parameter type: Integer"},
        ErrorCase{"ListOfSsmType",
                  R"({"Parameters": {"P": {"Type": "List<AWS::SSM::Parameter::Value<String>>"}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Unrecognized parameter type: "
                  "List<AWS::SSM::Parameter::Value<String>>"},
        ErrorCase{"TypeAList", R"({"Parameters": {"P": {"Type": ["String"]}},
                                   "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Unrecognized parameter type: [\"String\"]"},
        ErrorCase{"DefaultAList", R"({"Parameters": {"P": {"Type": "String", "Default": ["a"]}},
                                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Parameter 'P' Default must be a string"},
        ErrorCase{"AllowedValuesAString",
                  R"({"Parameters": {"P": {"Type": "String", "AllowedValues": "a,b"}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Parameter 'P' AllowedValues must be a list of strings"},
        ErrorCase{"MinLengthNegative",
                  R"({"Parameters": {"P": {"Type": "String", "MinLength": -1}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Parameter 'P' MinLength must be an integer"},
        ErrorCase{"MaxLengthAFraction",
                  R"({"Parameters": {"P": {"Type": "String", "MaxLength": "1.5"}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Parameter 'P' MaxLength must be an integer"},
        ErrorCase{"MinValueAWord",
                  R"({"Parameters": {"P": {"Type": "Number", "MinValue": "low"}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Parameter 'P' MinValue must be a number"},
        ErrorCase{"NoEchoAWord",
                  R"({"Parameters": {"P": {"Type": "String", "NoEcho": "yes"}},
                      "Resources": {"T": {"Type": "X"}}})",
                  "Template format error: Parameter 'P' NoEcho must be a boolean"}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Resources, StructureErrorTest,
    ::testing::Values(
        ErrorCase{"NameWithHyphens",  // recorded
                  R"({"Resources": {"my-bad-resource-id": {"Type": "AWS::SNS::Topic"}}})",
                  "Template format error: Resource name my-bad-resource-id is non alphanumeric."},
        ErrorCase{"PseudoParameterName",  // recorded
                  R"({"Resources": {"AWS::NoValue": {"Type": "AWS::SSM::Parameter"}}})",
                  "Template format error: Resource name AWS::NoValue is non alphanumeric."},
        ErrorCase{"LoopWithoutTheTransform",
                  R"({"Resources": {"Fn::ForEach::T": ["N", ["A"], {"T${N}": {"Type": "X"}}]}})",
                  "Template format error: Resource name Fn::ForEach::T is non alphanumeric."},
        ErrorCase{"ResourceAString", R"({"Resources": {"A": "AWS::SNS::Topic"}})",
                  "Template format error: Any Resources member must be an object."},
        ErrorCase{"NoType", R"({"Resources": {"A": {"Properties": {}}}})",  // recorded
                  "Template format error: [/Resources/A] Every Resources object must contain a "
                  "Type member."},
        ErrorCase{"TypeAFunction", R"({"Resources": {"A": {"Type": {"Ref": "T"}}}})",
                  "Template format error: [/Resources/A] Every Resources object must contain a "
                  "Type member."},
        ErrorCase{"UnknownAttribute",  // recorded
                  R"({"Resources": {"A": {"Type": "AWS::SNS::Topic", "Invalid": 10}}})",
                  "Invalid template resource property 'Invalid'"},
        ErrorCase{"VersionOnANativeResource",
                  R"({"Resources": {"A": {"Type": "AWS::SNS::Topic", "Version": "1"}}})",
                  "Invalid template resource property 'Version'"},
        ErrorCase{"PropertiesAList", R"({"Resources": {"A": {"Type": "X", "Properties": []}}})",
                  "Template format error: Every Properties member must be an object."},
        ErrorCase{"MetadataAString", R"({"Resources": {"A": {"Type": "X", "Metadata": "m"}}})",
                  "Template format error: Every Metadata member must be an object."},
        ErrorCase{"UnknownDeletionPolicy",
                  R"({"Resources": {"A": {"Type": "X", "DeletionPolicy": "Keep"}}})",
                  "Template format error: Unrecognized DeletionPolicy Keep for resource A"},
        ErrorCase{"RetainExceptOnCreateAsUpdateReplacePolicy",
                  R"({"Resources": {"A": {"Type": "X",
                                          "UpdateReplacePolicy": "RetainExceptOnCreate"}}})",
                  "Template format error: Unrecognized UpdateReplacePolicy RetainExceptOnCreate "
                  "for resource A"},
        ErrorCase{"ConditionAFunction",
                  R"({"Resources": {"A": {"Type": "X", "Condition": {"Fn::Equals": ["a", "a"]}}}})",
                  "Template format error: Every Condition member must be a string."},
        ErrorCase{"DependsOnAMissingResource",  // recorded
                  R"({"Resources": {"A": {"Type": "X", "DependsOn": "NonExistingResource"}}})",
                  "Template format error: Unresolved resource dependencies [NonExistingResource] "
                  "in the Resources block of the template"},
        ErrorCase{"DependsOnMissingResourcesInTemplateOrder",
                  R"({"Resources": {"A": {"Type": "X", "DependsOn": ["Y", "B", "X"]},
                                    "B": {"Type": "X", "DependsOn": ["X", "Z"]}}})",
                  "Template format error: Unresolved resource dependencies [Y, X, Z] in the "
                  "Resources block of the template"},
        ErrorCase{"DependsOnAParameter",
                  R"({"Parameters": {"P": {"Type": "String"}},
                      "Resources": {"A": {"Type": "X", "DependsOn": "P"}}})",
                  "Template format error: Unresolved resource dependencies [P] in the Resources "
                  "block of the template"},
        ErrorCase{"DependsOnAnObject",
                  R"({"Resources": {"A": {"Type": "X", "DependsOn": {"Ref": "B"}}}})",
                  "Template format error: DependsOn must be a string or list of strings."},
        ErrorCase{"DependsOnAListWithANumber",
                  R"({"Resources": {"A": {"Type": "X", "DependsOn": ["A", 1]}}})",
                  "Template format error: Every DependsOn value must be a string."}),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    Outputs, StructureErrorTest,
    ::testing::Values(
        ErrorCase{"NoValue",  // recorded
                  R"({"Resources": {"Foo": {"Type": "AWS::SNS::Topic"}},
                      "Outputs": {"MyOutput": {}}})",
                  "Template format error: Every Outputs member must contain a Value object"},
        ErrorCase{"OutputAString", R"({"Resources": {"A": {"Type": "X"}}, "Outputs": {"O": "v"}})",
                  "Template format error: Any Outputs member must be an object."},
        ErrorCase{"NameWithUnderscore",
                  R"({"Resources": {"A": {"Type": "X"}}, "Outputs": {"My_Output": {"Value": 1}}})",
                  "Template format error: Output name My_Output is non alphanumeric."},
        ErrorCase{"UnknownField",
                  R"({"Resources": {"A": {"Type": "X"}},
                      "Outputs": {"O": {"Value": "v", "Exports": {"Name": "n"}}}})",
                  "Invalid template output property 'Exports'"},
        ErrorCase{"ConditionAList",
                  R"({"Resources": {"A": {"Type": "X"}},
                      "Outputs": {"O": {"Value": "v", "Condition": ["C"]}}})",
                  "Template format error: Every Condition member must be a string."},
        ErrorCase{"ExportWithoutName",
                  R"({"Resources": {"A": {"Type": "X"}},
                      "Outputs": {"PublicIp": {"Value": "v", "Export": {}}}})",
                  "Template format error: Output PublicIp is malformed. The Name field of every "
                  "Export member must be specified and consist only of alphanumeric characters, "
                  "colons, or hyphens."},
        ErrorCase{"ExportNameWithDots",
                  R"({"Resources": {"A": {"Type": "X"}},
                      "Outputs": {"PublicIp": {"Value": "v", "Export": {"Name": "a.b"}}}})",
                  "Template format error: Output PublicIp is malformed. The Name field of every "
                  "Export member must be specified and consist only of alphanumeric characters, "
                  "colons, or hyphens."},
        ErrorCase{"ExportAString",
                  R"({"Resources": {"A": {"Type": "X"}},
                      "Outputs": {"O": {"Value": "v", "Export": "name"}}})",
                  "Template format error: Output O is malformed. The Name field of every Export "
                  "member must be specified and consist only of alphanumeric characters, colons, "
                  "or hyphens."}),
    CaseName);

}  // namespace
}  // namespace nimbus::cloudformation
