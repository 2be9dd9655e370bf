// Stack policies: SetStackPolicy and GetStackPolicy, and the checks of a policy given with
// CreateStack or UpdateStack (engine/stack_policy.h says how an update obeys one).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/engine/stack_policy.h"
#include "cloudformation/stack_provider.h"
#include "cloudformation/stack_provider_internal.h"
#include "cloudformation/template_url.h"
#include "core/aws_error.h"
#include "core/protocol/value.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::AwsError;
using core::RequestContext;
using core::protocol::OptString;
using core::protocol::RequiredString;

namespace {

using internal::Invalid;

}  // namespace

json::object internal::WithStackPolicies(const core::ServiceClient& services,
                                         const RequestContext& ctx, const json::object& in) {
  json::object out = in;
  for (const auto& [body, url] :
       {std::pair<std::string_view, std::string_view>{"StackPolicyBody", "StackPolicyURL"},
        {"StackPolicyDuringUpdateBody", "StackPolicyDuringUpdateURL"}}) {
    if (in.contains(body) && in.contains(url)) {  // recorded from AWS (SetStackPolicy)
      Invalid("You cannot specify both " + std::string(url) + " and " + std::string(body));
    }
    if (const std::optional<std::string> location = OptString(in, url)) {
      out.erase(url);
      out[body] = ReadTemplateUrl(services, ctx, *location, url);
    }
    if (const std::optional<std::string> policy = OptString(out, body)) CheckStackPolicy(*policy);
  }
  return out;
}

json::value StackProvider::SetStackPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  const json::object request = internal::WithStackPolicies(services_, ctx, in);
  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> stack = Find(tx, ctx, name);
  if (!stack || stack->status == "DELETE_COMPLETE") Invalid("Stack [" + name + "] does not exist");
  json::object options = json::parse(stack->options).as_object();
  if (const std::optional<std::string> policy = OptString(request, "StackPolicyBody")) {
    options["StackPolicyBody"] = *policy;
  }
  stack->options = json::serialize(options);
  stacks_.UpdateStack(tx, *stack);
  tx.Commit();
  return json::object();
}

json::value StackProvider::GetStackPolicy(const RequestContext& ctx, const json::object& in) {
  const std::string name = RequiredString(in, "StackName");
  store::Transaction tx = stacks_.Read();
  std::optional<StackRecord> stack = Find(tx, ctx, name);
  if (!stack) Invalid("Stack [" + name + "] does not exist");
  const json::value options = json::parse(stack->options);
  json::object out;
  if (const json::value* policy = options.as_object().if_contains("StackPolicyBody")) {
    out["StackPolicyBody"] = *policy;
  }
  return out;
}

}  // namespace nimbus::cloudformation
