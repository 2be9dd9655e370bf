#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

// Small readers shared by the template evaluators (parameters, conditions, rules, intrinsics) and
// the structure check.
namespace nimbus::cloudformation::internal {

// The member of `value` when it is an intrinsic function: an object of exactly one member whose
// key is "Ref", "Condition" or starts with "Fn::" in any case (AWS names "fn::GetAtt" an
// unsupported function rather than taking it as data). nullptr for anything else.
const boost::json::key_value_pair* AsFunction(const boost::json::value& value);

// The text CloudFormation uses where it expects a string: a string as it is, a number as AWS's
// Java parser writes it (3306, 1.5, 1.0E10), a boolean as "true"/"false" (parse.h's
// ScalarText). nullopt for null, lists and objects.
std::optional<std::string> ScalarText(const boost::json::value& value);

// One of the "AWS-specific parameter types" of the Parameters section page
// ("AWS::EC2::VPC::Id", ...), exactly; each also has a List<> form, which this does not accept.
bool IsAwsSpecificParameterType(std::string_view type);

// Names as AWS lists them in messages: "[A, B]".
std::string NameList(const std::vector<std::string>& names);

// The template's section `name` ("Parameters", "Mappings", ...), or an empty object when the
// template has none (or, before the structure check ran, when it is not an object).
const boost::json::object& Section(const boost::json::object& tmpl, std::string_view name);

// AWS::AccountId, AWS::Region, ... AWS::NoValue: the names Ref resolves without a declaration.
bool IsPseudoParameter(std::string_view name);

// Whether the template's Transform (a string or a list) names AWS::LanguageExtensions.
bool UsesLanguageExtensions(const boost::json::object& tmpl);

// The error AWS gives for an object like {"Fn::Foo": ...} it does not know; it capitalises
// "Template Error" here (recorded from a real deployment), unlike ThrowTemplateError.
[[noreturn]] void ThrowUnsupportedFunction(std::string_view name);

}  // namespace nimbus::cloudformation::internal
