#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.h"
#include "store/database.h"

namespace nimbus::store {

// One piece of background work, as stored.
struct Task {
  int64_t id = 0;
  std::string kind;     // which handler runs it: "sso-admin.CreateInstance"
  std::string payload;  // the handler's own data, usually JSON
  int64_t due_millis = 0;
};

// Background work that outlives the request that asked for it: deployments, lifecycle
// transitions. Tasks are rows in the database, written in the caller's transaction, so work is
// scheduled exactly when the state that needs it commits, and a restart (with --data-dir) finds
// and runs what was left. A handler that wants a next step schedules another task.
class Scheduler {
 public:
  using Handler = std::function<void(const Task&)>;

  Scheduler(Database& db, const core::Clock& clock);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler();

  // Registers the handler of a kind; call before Start().
  void Register(std::string kind, Handler handler);

  // Stores a task in `tx`; it runs `delay_millis` from now, after `tx` commits. Returns its id.
  int64_t Schedule(Transaction& tx, std::string_view kind, std::string_view payload,
                   int64_t delay_millis = 0);

  // Starts the worker thread, which also runs tasks stored by an earlier process.
  void Start();
  // Stops the worker; tasks not yet run stay stored.
  void Stop();

  // Runs, on the calling thread, every task due by the clock now, including tasks those tasks
  // schedule if they are due too. Returns how many ran. For tests with a FakeClock.
  size_t RunDue();
  // Number of stored tasks (run or not yet).
  int64_t Pending();

 private:
  bool RunOneDue();
  void Loop();

  Schema schema_;  // scheduled_tasks, created again after a reset of an in-memory database
  const core::Clock& clock_;
  std::map<std::string, Handler, std::less<>> handlers_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;  // a task was scheduled since the worker last looked
  bool stopping_ = false;
  bool started_ = false;
  std::thread worker_;
};

}  // namespace nimbus::store
