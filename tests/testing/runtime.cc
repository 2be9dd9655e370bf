#include "testing/runtime.h"

#include "cloudformation/register.h"
#include "core/auth/identity.h"
#include "services/registry.h"

namespace nimbus::test {

Runtime::Runtime(const std::string& db_path) : db(db_path) {
  const ServiceHooks hooks = RegisterServices(rt, dispatcher);
  cloudformation = &cloudformation::RegisterCloudFormation(rt, dispatcher, hooks);
}

boost::json::value Runtime::Call(const core::RequestContext& ctx, std::string_view service,
                                 std::string_view operation, const boost::json::object& input) {
  return static_cast<const core::ServiceClient&>(dispatcher).Call(ctx, service, operation, input);
}

void Runtime::RunDueTasks() { scheduler.RunDue(); }

core::AwsError ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::AwsError& e) {
    return e;
  }
  return core::AwsError("", "");
}

core::RequestContext Context(std::string_view account, std::string_view region) {
  core::RequestContext ctx;
  ctx.scope = {.account = std::string(account), .region = std::string(region)};
  ctx.caller = {.access_key_id = "AKIDEXAMPLE",
                .account = std::string(account),
                .arn = core::auth::RootArn(account, region),
                .user_id = std::string(account)};
  return ctx;
}

}  // namespace nimbus::test
