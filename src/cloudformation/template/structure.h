#pragma once

#include <boost/json/object.hpp>

// The checks CloudFormation makes on a parsed template (parse.h) before it evaluates anything:
// the shape of each section, logical ids, the template limits. The first failure throws
// core::AwsError ValidationError (HTTP 400) with AWS's wording. Each message below is marked
//   [recorded]    answered by AWS in LocalStack's validated snapshots (cfn-aws-errors.md);
//   [quoted]      quoted verbatim from AWS in users' reports (issue trackers, AWS's knowledge
//                 center), with the source next to the code;
//   [unverified]  ours, worded like its neighbours; the order of the checks is ours too.
//
// WHAT IS CHECKED, in this order
//  1. No null anywhere: "[/Outputs/Out/Value] 'null' values are not allowed in templates"
//     [recorded]. Below a resource's Properties AWS names the segment "Type"
//     ("[/Resources/Fn/Type/Environment/Variables/PORT] ...") [quoted]; so do we.
//  2. Resources: present and not empty ("Template format error: At least one Resources member
//     must be defined." [recorded]); an object ("Template format error: Any Resources member must
//     be an object." [recorded]).
//  3. Top-level keys among AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules,
//     Mappings, Conditions, Transform, Resources, Outputs, Hooks: "Invalid template property or
//     properties [A, B]" [quoted], in template order.
//  4. AWSTemplateFormatVersion "2010-09-09" ("Template format error: unsupported value for
//     AWSTemplateFormatVersion." [unverified]); Description a scalar of at most 1,024 bytes
//     ("Template format error: 'Description' length is greater than 1024." [quoted]).
//  5. Transform: a name, a {Name, Parameters} object or a list of them ("Key Name of transform
//     definition must be a string." [recorded]). Metadata, Parameters, Rules, Mappings,
//     Conditions, Outputs and Hooks are objects ("Template format error: Any Outputs member must
//     be an object." [unverified]).
//  6. Mappings: at most 200; names alphanumeric ("Template format error: Mapping name x-y is non
//     alphanumeric." [unverified]); each mapping and each of its top-level keys maps ("Template
//     format error: Every Mappings member A must be a map" [recorded]); at most 200 attributes
//     per key; attribute names alphanumeric [unverified]; values strings, numbers, booleans or
//     lists of them ("Template format error: Every Mappings attribute must be a String or a
//     List." [recorded]).
//  7. Parameters: at most 200 ("Template format error: Parameter count 201 is greater than max
//     allowed 200" [quoted]); names alphanumeric ("Template format error: Parameter name
//     AWS::NoValue is non alphanumeric." [recorded]) and at most 255 characters [unverified];
//     each an object with a Type [unverified wording] naming a documented type ("Template format
//     error: Unrecognized parameter type: X" [quoted]); only the documented properties ("Invalid
//     template parameter property 'X'" [quoted]) with values of their type [unverified].
//  8. Rules: each rule an object [unverified].
//  9. Resources: at most 500 ("Template format error: Number of resources, 501, is greater than
//     maximum allowed, 500" [quoted]); names alphanumeric ("Template format error: Resource name
//     my-id is non alphanumeric." [recorded]) and at most 255 characters; each an object with a
//     Type string ("Template format error: [/Resources/A] Every Resources object must contain a
//     Type member." [recorded]); only Type, Properties, DependsOn, Condition, DeletionPolicy,
//     UpdateReplacePolicy, Metadata, CreationPolicy, UpdatePolicy (and Version on custom
//     resources) ("Invalid template resource property 'X'" [recorded]); Properties, Metadata,
//     CreationPolicy and UpdatePolicy objects; DeletionPolicy Delete, Retain, Snapshot or
//     RetainExceptOnCreate and UpdateReplacePolicy Delete, Retain or Snapshot, or a function
//     (AWS::LanguageExtensions) [unverified]; Condition a string ("Template format error: Every
//     Condition member must be a string." [quoted]); DependsOn a string or a list of strings
//     [unverified] naming resources of the template ("Template format error: Unresolved resource
//     dependencies [X] in the Resources block of the template" [recorded]).
// 10. Outputs: at most 200 ("Template format error: Outputs count 201 is greater than max
//     allowed 200" [quoted]); names alphanumeric [unverified]; only Description, Value, Export,
//     Condition [unverified]; a Value ("Template format error: Every Outputs member must contain a
//     Value object" [recorded]); an Export an object whose Name, when a literal, has only
//     letters, digits, colons and hyphens ("Template format error: Output X is malformed. The
//     Name field of every Export member must be specified and consist only of alphanumeric
//     characters, colons, or hyphens." [quoted]).
// Condition names are not checked: AWS accepts a condition named AWS::NoValue [recorded].
//
// LEFT TO EVALUATION (intrinsics, parameters, conditions: template/ evaluation files)
// - The arguments of intrinsic functions (Fn::GetAtt not a 2-list, Fn::Join not [string, list],
//   Fn::Equals arity...), and unknown Fn:: keys, which YAML short forms also produce (AWS:
//   "Template error: Encountered unsupported function: Fn::X Supported functions are: [...]").
// - Refs, GetAtts and Subs naming what does not exist, and circular dependencies; this check
//   reports only DependsOn names, so a template with both reports the DependsOn ones first.
// - Condition names that no Conditions entry defines; Parameter constraints that depend on the
//   Type (MinLength on a Number) and on values (AllowedValues vs Default); the Rules' inner shape
//   (RuleCondition, Assertions); Export names built by functions.
// - Resource types that do not exist (engine/schema: "Unrecognized resource types: [X]").
//
// TRANSFORMS: AWS checks a template after its transforms ran. On a template that declares
// AWS::LanguageExtensions, `Fn::ForEach::` entries of Resources, Outputs and Conditions are
// skipped here; check the template again once the loops are expanded.
namespace nimbus::cloudformation {

// Throws core::AwsError at the first of the problems listed above.
void CheckStructure(const boost::json::object& tmpl);

}  // namespace nimbus::cloudformation
