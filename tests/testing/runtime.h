#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cloudformation/stack_provider.h"
#include "core/aws_error.h"
#include "core/clock.h"
#include "core/dispatch.h"
#include "core/ids.h"
#include "core/model/model.h"
#include "core/request_context.h"
#include "services/runtime.h"
#include "store/database.h"
#include "store/scheduler.h"

// The one runtime fixture of the provider tests: every service (and CloudFormation) registered
// as the server registers them, over an in-memory database, a fixed clock and fixed ids, with the
// dispatcher in self-check mode. Tests call operations through the ServiceClient, so they run the
// model's validation and the same checks of outputs and error codes as the end-to-end tests.
namespace nimbus::test {

class Runtime {
 public:
  // `db_path` ":memory:" (the default) or a file, for tests that restart a runtime over the
  // state another one left.
  explicit Runtime(const std::string& db_path = ":memory:");

  // service.operation as the caller of `ctx` in its region. Throws core::AwsError.
  boost::json::value Call(const core::RequestContext& ctx, std::string_view service,
                          std::string_view operation, const boost::json::object& input = {});
  // Runs the scheduled tasks that are due (asynchronous lifecycles), as the server's scheduler
  // thread would.
  void RunDueTasks();

  store::Database db;
  core::FakeClock clock;
  core::IdGenerator ids{7};
  store::Scheduler scheduler{db, clock};
  core::model::ModelRegistry models;
  core::Dispatcher dispatcher{{.self_check = true}, models, clock, ids};
  nimbus::Runtime rt{db, clock, ids, scheduler, {}};
  // The CloudFormation provider, whose resource registry tests can add fake types to.
  cloudformation::StackProvider* cloudformation = nullptr;
};

// The whole error `fn` throws (code, message, members, status), or one with an empty code if it
// returns, so that comparing its code with the expected one fails.
core::AwsError ErrorOf(const std::function<void()>& fn);

// A request context for the root user of `account` in `region`.
core::RequestContext Context(std::string_view account = "111122223333",
                             std::string_view region = "us-east-1");

}  // namespace nimbus::test
