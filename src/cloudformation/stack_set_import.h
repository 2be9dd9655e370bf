#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "core/service_client.h"

// Importing existing stacks into a stack set (ImportStacksToStackSet, CreateStackSet's StackId)
// and the ResolvedValue of an instance's ParameterOverrides: what the provider checks before an
// import operation starts, and the pure pieces the runner uses when it reaches a stack.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-import.html
namespace nimbus::cloudformation {

// The most stacks one import names: 10 in StackIds, 200 in a StackIdsUrl file (the user guide).
inline constexpr size_t kMaxImportStackIds = 10;
inline constexpr size_t kMaxImportStackIdsInUrl = 200;

// Where a stack lives, from its id:
// arn:<partition>:cloudformation:<region>:<account>:stack/<n>/<u>.
struct StackLocation {
  std::string account;
  std::string region;
};

// The account and region of a stack id, or nullopt when `stack_id` is not a stack ARN.
std::optional<StackLocation> LocateStack(std::string_view stack_id);

// The stack ids of a StackIdsUrl file: separated by commas or line breaks, blanks ignored,
// duplicates once, in file order.
std::vector<std::string> ParseStackIdList(std::string_view text);

// The stack ids an ImportStacksToStackSet names: exactly one of StackIds and StackIdsUrl (an S3
// object, s3://b/k or an https URL of S3, read as ctx's caller). ValidationError when neither or
// both are given, for a URL nimbus cannot read; LimitExceededException beyond the limits above.
std::vector<std::string> ImportStackIds(const core::ServiceClient& services,
                                        const core::RequestContext& ctx,
                                        const boost::json::object& in);

// The stack `stack_id` as DescribeStacks shows it, read as the root of the stack's account in its
// region (nimbus reads any account; AWS reads it through the set's roles). ValidationError for an
// id that is not a stack ARN; StackNotFoundException for a stack that does not exist or was
// deleted.
boost::json::object DescribeImportedStack(const core::ServiceClient& services,
                                          std::string_view stack_id);

// The template body of the stack `stack_id` (GetTemplate, Original stage), read as
// DescribeImportedStack reads the stack: CreateStackSet's StackId. An unknown stack is the stack
// API's ValidationError "Stack with id X does not exist" (CreateStackSet's model lists no
// StackNotFoundException).
std::string ImportedStackTemplate(const core::ServiceClient& services, std::string_view stack_id);

// The ParameterOverrides an imported stack's instance gets: each of the stack's parameters
// (DescribeStacks' Parameters) that the set's Parameters do not give, or give another value,
// with its ResolvedValue when it has one; the stack keeps its values (the user guide: "A stack's
// custom parameter overrides aren't affected during the import operation").
std::string ImportOverrides(std::string_view set_parameters,
                            const boost::json::array& stack_parameters);

// `overrides` (an instance's ParameterOverrides, as JSON text) with the ResolvedValue that the
// instance's stack reports for each key (DescribeStacks' Parameters: SSM parameter types only),
// and none where the stack reports none.
std::string WithResolvedValues(std::string_view overrides,
                               const boost::json::array& stack_parameters);

// Whether a stack in `status` can be imported: a stable status that a stack set's own stack can
// be in (CREATE_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, IMPORT_COMPLETE,
// IMPORT_ROLLBACK_COMPLETE).
bool ImportableStatus(std::string_view status);

}  // namespace nimbus::cloudformation
