#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cloudformation/stack_store.h"
#include "cloudformation/template/parameters.h"
#include "core/request_context.h"
#include "core/service_client.h"

// What the CloudFormation API's files share: the checks of a template before a stack exists
// (template_checks.cc), the API shapes of stored records (stack_shapes.cc) and the listings'
// NextToken (stack_describe_provider.cc).
namespace nimbus::cloudformation::internal {

// Throws the ValidationError (400) with `message` that the stack API answers bad input with.
[[noreturn]] void Invalid(std::string message);

// The position a NextToken of listing `kind` (the operation's name) stands for: 0 for the first
// page; a token nimbus did not give for that listing is `<token> is not a valid NextToken`.
int64_t ReadPosition(const boost::json::object& in, std::string_view kind);
// Sets out.NextToken to the token of listing `kind` that stands for `position`.
void SetNextToken(boost::json::object& out, std::string_view kind, int64_t position);

// TokenAlreadyExistsException: a ClientRequestToken used before with the same stack name, for
// another request (worded as AWS answered a CreateStack that reused a deleted stack's token,
// quoted from AWS by users).
[[noreturn]] void ThrowTokenAlreadyExists(std::string_view token);

// The template a request names: exactly one of TemplateBody and TemplateURL, with AWS's errors
// ("Either Template URL or Template Body must be specified.", "You cannot specify both Template
// URL and Template Body.", the 51,200-byte limit of a body). A TemplateURL is read from nimbus's
// S3 as ctx's caller (template_url.h, with its errors). Throws core::AwsError.
std::string TemplateBodyOf(const core::ServiceClient& services, const core::RequestContext& ctx,
                           const boost::json::object& in);

// A request's template after AWS::Include (include_transform.h), which runs before anything else
// reads it.
struct ProcessedTemplate {
  boost::json::object declared;  // as given
  boost::json::object tmpl;      // with every snippet inserted
  std::string body;              // what the stack deploys: the text given, or tmpl's if included
  std::string original;          // the text given when something was included, else ""
};
// Parses `body` and runs its AWS::Include transforms, reading the snippets as ctx's caller.
// Throws core::AwsError (the template's format errors, the transform's failures).
ProcessedTemplate ProcessTemplate(const core::ServiceClient& services,
                                  const core::RequestContext& ctx, std::string body);

// The request's Parameters resolved against `tmpl` (ResolveParameters, template/parameters.h),
// SSM parameter types read from nimbus's SSM as ctx's caller (a parameter SSM does not have is
// nullopt); `previous` is what UsePreviousValue keeps (nullptr on create). Throws core::AwsError.
ResolvedParameters ResolveRequestParameters(const core::ServiceClient& services,
                                            const core::RequestContext& ctx,
                                            const boost::json::object& tmpl,
                                            const boost::json::object& in,
                                            const ResolvedParameters* previous = nullptr);

// Whether UpdateStack (and an UPDATE change set) accepts a stack in `status`: every stable one
// but ROLLBACK_COMPLETE (a stack whose creation failed can only be deleted) and the deleted;
// UPDATE_FAILED and CREATE_FAILED are stable only when rollback was disabled, and can then be
// updated again.
bool Updatable(std::string_view status);

// The stack's service role (role_arn.cc): a RoleARN that is not an IAM role ARN, names a role
// IAM does not have, or a role whose trust policy does not let cloudformation.amazonaws.com
// assume it throws AWS's ValidationError "Role <arn> is invalid or cannot be assumed". Nothing
// for "" (no role).
void CheckRoleArn(const core::RequestContext& ctx, const core::ServiceClient& services,
                  std::string_view role_arn);

// StackName as CreateStack accepts it: a letter, then letters, digits and hyphens, at most 128
// characters. Throws ValidationError worded as AWS's model validation.
void CheckStackName(std::string_view name);

// Throws ValidationError, in AWS's words for a failed transform, when the template declares a
// transform nimbus cannot run (every one but AWS::LanguageExtensions and AWS::Include, which
// ProcessTemplate ran before: a macro, which is a Lambda function; AWS::Serverless-2016-10-31; an
// AWS::Include left in a snippet) or uses Fn::Transform.
// `account` names a macro as AWS does ("<account>::<name>").
void CheckTransformsRunnable(const boost::json::object& tmpl, std::string_view account);

// The capabilities a template needs (CAPABILITY_IAM or CAPABILITY_NAMED_IAM for IAM resources,
// CAPABILITY_AUTO_EXPAND for transforms) and the resource types that need them.
struct CapabilityNeeds {
  std::vector<std::string> capabilities;
  std::vector<std::string> resource_types;  // for CapabilitiesReason
  // "The following resource(s) require capabilities: [AWS::IAM::Role]", or "".
  std::string Reason() const;
};
CapabilityNeeds NeededCapabilities(const boost::json::object& tmpl);
// Throws InsufficientCapabilitiesException ("Requires capabilities : [CAPABILITY_IAM]") when
// `given` lacks what `tmpl` needs.
void CheckCapabilities(const boost::json::object& tmpl, const std::vector<std::string>& given);

// Throws ValidationError ("Resource type AWS::SNS::Topic is not allowed by parameter
// ResourceTypes [AWS::EC2::*]") for the first resource whose type no entry of `allowed`
// ("AWS::*", "AWS::EC2::*", "Custom::*", a full type) admits.
void CheckResourceTypes(const boost::json::object& tmpl, const std::vector<std::string>& allowed);

// Throws ValidationError ("Update of resource type is not permitted. ...") when `tmpl` gives a
// resource of the stack (`resources`) another type: an update keeps each resource's type.
void CheckTypesKept(const boost::json::object& tmpl, const std::vector<ResourceRecord>& resources);

// Checks a RollbackConfiguration as AWS does ("Rollback Trigger Type not supported", "RelativeId
// of a Rollback Trigger's ARN is incorrect").
void CheckRollbackConfiguration(const boost::json::object& configuration);

// Checks the stack policies a request gives (StackPolicyBody or StackPolicyURL,
// StackPolicyDuringUpdateBody or StackPolicyDuringUpdateURL): AWS's "You cannot specify both
// StackPolicyURL and StackPolicyBody" and "Error validating stack policy: Invalid stack policy";
// a URL is read from nimbus's S3 as ctx's caller (template_url.h, with its errors). Returns `in`
// with each URL replaced by the body read from it (policy_provider.cc). Throws core::AwsError.
boost::json::object WithStackPolicies(const core::ServiceClient& services,
                                      const core::RequestContext& ctx,
                                      const boost::json::object& in);

// The API shapes of stored records (the model's member names).
boost::json::object StackShape(const StackRecord& stack);                            // Stack
boost::json::object StackSummaryShape(const StackRecord& stack);                     // StackSummary
boost::json::object EventShape(const StackRecord& stack, const EventRecord& event);  // StackEvent
boost::json::object ResourceShape(const StackRecord& stack, const ResourceRecord& resource);
boost::json::object ResourceDetailShape(const StackRecord& stack, const ResourceRecord& resource);
boost::json::object ResourceSummaryShape(const ResourceRecord& resource);

// The Parameters of ValidateTemplate (TemplateParameter) or GetTemplateSummary
// (ParameterDeclaration) from the template's Parameters section.
boost::json::array TemplateParameters(const boost::json::object& tmpl, bool declarations);

}  // namespace nimbus::cloudformation::internal
