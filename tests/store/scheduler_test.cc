// store::Scheduler: stored tasks that run after their transaction commits, in due order, and
// survive a restart.
#include "store/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace nimbus::store {
namespace {

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() {
    scheduler_.Register("test.Record", [this](const Task& task) { ran_.push_back(task.payload); });
  }
  int64_t ScheduleCommitted(std::string_view payload, int64_t delay = 0) {
    Transaction tx = db_.Begin();
    const int64_t id = scheduler_.Schedule(tx, "test.Record", payload, delay);
    tx.Commit();
    return id;
  }

  core::FakeClock clock_;
  Database db_;
  Scheduler scheduler_{db_, clock_};
  std::vector<std::string> ran_;
};

TEST_F(SchedulerTest, TaskRunsAfterCommit) {
  ScheduleCommitted("a");
  EXPECT_EQ(scheduler_.Pending(), 1);
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  EXPECT_EQ(ran_, std::vector<std::string>{"a"});
  EXPECT_EQ(scheduler_.Pending(), 0);
  EXPECT_EQ(scheduler_.RunDue(), 0u);
}

TEST_F(SchedulerTest, TaskOfARolledBackTransactionNeverRuns) {
  {
    Transaction tx = db_.Begin();
    scheduler_.Schedule(tx, "test.Record", "lost");
  }
  EXPECT_EQ(scheduler_.Pending(), 0);
  EXPECT_EQ(scheduler_.RunDue(), 0u);
  EXPECT_TRUE(ran_.empty());
}

TEST_F(SchedulerTest, TaskOfARolledBackSavepointNeverRuns) {
  {
    Transaction outer = db_.Begin();
    scheduler_.Schedule(outer, "test.Record", "kept");
    {
      Transaction inner = db_.Begin();
      scheduler_.Schedule(inner, "test.Record", "lost");
    }
    outer.Commit();
  }
  scheduler_.RunDue();
  EXPECT_EQ(ran_, std::vector<std::string>{"kept"});
}

TEST_F(SchedulerTest, DelayedTaskWaitsForTheClock) {
  ScheduleCommitted("later", 5000);
  EXPECT_EQ(scheduler_.RunDue(), 0u);
  clock_.Advance(4999);
  EXPECT_EQ(scheduler_.RunDue(), 0u);
  clock_.Advance(1);
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  EXPECT_EQ(ran_, std::vector<std::string>{"later"});
}

TEST_F(SchedulerTest, TasksRunInDueOrderThenInScheduleOrder) {
  ScheduleCommitted("third", 300);
  ScheduleCommitted("first", 100);
  ScheduleCommitted("second-a", 200);
  ScheduleCommitted("second-b", 200);
  clock_.Advance(1000);
  EXPECT_EQ(scheduler_.RunDue(), 4u);
  EXPECT_EQ(ran_, (std::vector<std::string>{"first", "second-a", "second-b", "third"}));
}

TEST_F(SchedulerTest, NegativeDelayIsNow) {
  ScheduleCommitted("now", -100);
  EXPECT_EQ(scheduler_.RunDue(), 1u);
}

TEST_F(SchedulerTest, TaskThatSchedulesADueTaskChains) {
  scheduler_.Register("test.Chain", [this](const Task& task) {
    ran_.push_back(task.payload);
    if (task.payload.size() < 3) {
      Transaction tx = db_.Begin();
      scheduler_.Schedule(tx, "test.Chain", task.payload + "x");
      tx.Commit();
    }
  });
  Transaction tx = db_.Begin();
  scheduler_.Schedule(tx, "test.Chain", "x");
  tx.Commit();
  EXPECT_EQ(scheduler_.RunDue(), 3u);
  EXPECT_EQ(ran_, (std::vector<std::string>{"x", "xx", "xxx"}));
}

TEST_F(SchedulerTest, TaskSchedulingALaterStepWaits) {
  scheduler_.Register("test.Step", [this](const Task& task) {
    ran_.push_back(task.payload);
    if (task.payload == "CREATE_IN_PROGRESS") {
      Transaction tx = db_.Begin();
      scheduler_.Schedule(tx, "test.Step", "CREATE_COMPLETE", 1000);
      tx.Commit();
    }
  });
  Transaction tx = db_.Begin();
  scheduler_.Schedule(tx, "test.Step", "CREATE_IN_PROGRESS");
  tx.Commit();
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  EXPECT_EQ(scheduler_.Pending(), 1);
  clock_.Advance(1000);
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  EXPECT_EQ(ran_, (std::vector<std::string>{"CREATE_IN_PROGRESS", "CREATE_COMPLETE"}));
}

TEST_F(SchedulerTest, FailingTaskIsRemovedAndOthersStillRun) {
  scheduler_.Register("test.Fail", [](const Task&) { throw std::runtime_error("boom"); });
  Transaction tx = db_.Begin();
  scheduler_.Schedule(tx, "test.Fail", "");
  scheduler_.Schedule(tx, "test.Record", "after");
  tx.Commit();
  EXPECT_EQ(scheduler_.RunDue(), 2u);
  EXPECT_EQ(ran_, std::vector<std::string>{"after"});
  EXPECT_EQ(scheduler_.Pending(), 0);
}

TEST_F(SchedulerTest, UnknownKindIsDropped) {
  Transaction tx = db_.Begin();
  scheduler_.Schedule(tx, "test.NoSuchKind", "");
  tx.Commit();
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  EXPECT_EQ(scheduler_.Pending(), 0);
}

TEST_F(SchedulerTest, ResetDropsPendingTasks) {
  ScheduleCommitted("a", 1000);
  db_.Reset();
  EXPECT_EQ(scheduler_.Pending(), 0);
  clock_.Advance(2000);
  EXPECT_EQ(scheduler_.RunDue(), 0u);
}

TEST_F(SchedulerTest, TaskScheduledAfterAResetRuns) {
  ScheduleCommitted("before", 1000);
  db_.Reset();
  ScheduleCommitted("after");
  EXPECT_EQ(scheduler_.RunDue(), 1u);
  EXPECT_EQ(ran_, std::vector<std::string>{"after"});
}

TEST_F(SchedulerTest, TaskThatResetsDoesNotDeleteTheTaskThatTookItsIdAfterTheReset) {
  scheduler_.Register("test.Reset", [this](const Task&) {
    db_.Reset();
    ScheduleCommitted("scheduled-after-reset");  // id 1 again, as the running task's
  });
  Transaction tx = db_.Begin();
  const int64_t id = scheduler_.Schedule(tx, "test.Reset", "");
  tx.Commit();
  EXPECT_EQ(scheduler_.RunDue(), 2u);
  EXPECT_EQ(id, 1);
  EXPECT_EQ(ran_, std::vector<std::string>{"scheduled-after-reset"});
}

TEST_F(SchedulerTest, WorkerThreadRunsDueTasks) {
  core::SystemClock clock;
  Database db;
  Scheduler scheduler(db, clock);
  std::atomic<int> runs{0};
  scheduler.Register("test.Count", [&runs](const Task&) { ++runs; });
  scheduler.Start();
  {
    Transaction tx = db.Begin();
    scheduler.Schedule(tx, "test.Count", "");
    scheduler.Schedule(tx, "test.Count", "", 50);
    tx.Commit();
  }
  for (int i = 0; i < 500 && runs.load() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  scheduler.Stop();
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(scheduler.Pending(), 0);
}

TEST(SchedulerRestartTest, NewSchedulerOnTheSameFileRunsLeftoverTasks) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "nimbus-scheduler-restart-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "nimbus.db").string();
  core::FakeClock clock;
  {
    Database db(path);
    Scheduler scheduler(db, clock);
    Transaction tx = db.Begin();
    scheduler.Schedule(tx, "test.Resume", "deploy-1", 10'000);
    scheduler.Schedule(tx, "test.Resume", "deploy-2");
    tx.Commit();
  }  // "crash" before anything ran
  std::vector<std::string> ran;
  {
    Database db(path);
    Scheduler scheduler(db, clock);
    scheduler.Register("test.Resume", [&ran](const Task& task) { ran.push_back(task.payload); });
    EXPECT_EQ(scheduler.Pending(), 2);
    EXPECT_EQ(scheduler.RunDue(), 1u);
    clock.Advance(10'000);
    EXPECT_EQ(scheduler.RunDue(), 1u);
  }
  EXPECT_EQ(ran, (std::vector<std::string>{"deploy-2", "deploy-1"}));
  {
    Database db(path);
    Scheduler scheduler(db, clock);
    EXPECT_EQ(scheduler.Pending(), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nimbus::store
