#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "cloudformation/template/intrinsics.h"

// The pieces of intrinsics.cc that the files split from it (intrinsics_sub.cc,
// intrinsics_cidr.cc, intrinsics_language_extensions.cc, conditions.cc) call back into.
namespace nimbus::cloudformation::internal {

// Resolve without the dynamic-reference pass: the recursion behind Resolve.
std::optional<boost::json::value> ResolveValue(const boost::json::value& value,
                                               const EvaluationContext& ctx, Block block);

// An argument of a function resolved; AWS::NoValue there reads as null.
boost::json::value ResolveArgument(const boost::json::value& value, const EvaluationContext& ctx,
                                   Block block);

// Ref `name`: a pseudo parameter, a parameter or a resource that exists (nullopt for
// AWS::NoValue). Anything else fails with "Unresolved resource dependencies [name] ...".
std::optional<boost::json::value> RefValue(std::string_view name, const EvaluationContext& ctx,
                                           Block block);

// Fn::GetAtt of `resource`'s `attribute`, through ctx.lookups.
boost::json::value AttributeValue(std::string_view resource, std::string_view attribute,
                                  const EvaluationContext& ctx, Block block);

// Whether `name` is a resource of the template that exists (its Condition, if any, is true; all
// declared resources exist while conditions are not evaluated yet).
bool ResourceExists(std::string_view name, const EvaluationContext& ctx);

// "Unresolved resource dependencies [name] in the <block> block of the template", in each
// block's wording.
[[noreturn]] void ThrowUnresolved(std::string_view name, Block block);

boost::json::value Sub(const boost::json::value& args, const EvaluationContext& ctx, Block block);
boost::json::value Cidr(const boost::json::value& args, const EvaluationContext& ctx, Block block);
boost::json::value Length(const boost::json::value& args, const EvaluationContext& ctx,
                          Block block);
boost::json::value ToJsonString(const boost::json::value& args, const EvaluationContext& ctx,
                                Block block);

// Replaces dynamic references in every string of `value`, in place.
void ApplyDynamicReferences(boost::json::value& value, const EvaluationContext& ctx);

}  // namespace nimbus::cloudformation::internal
