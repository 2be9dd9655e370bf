#include "store/scheduler.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <iostream>

namespace nimbus::store {

namespace {

const std::vector<std::string> kMigrations = {
    "CREATE TABLE scheduled_tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
    "payload TEXT NOT NULL, due_millis INTEGER NOT NULL);"
    "CREATE INDEX scheduled_tasks_due ON scheduled_tasks (due_millis, id);",
};

}  // namespace

Scheduler::Scheduler(Database& db, const core::Clock& clock)
    : schema_(db, "scheduler", kMigrations), clock_(clock) {
  schema_.Ensure();
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Register(std::string kind, Handler handler) {
  handlers_[std::move(kind)] = std::move(handler);
}

int64_t Scheduler::Schedule(Transaction& tx, std::string_view kind, std::string_view payload,
                            int64_t delay_millis) {
  schema_.Ensure();
  tx.Exec("INSERT INTO scheduled_tasks (kind, payload, due_millis) VALUES (?, ?, ?)",
          {std::string(kind), std::string(payload), clock_.NowMillis() + std::max<int64_t>(0, delay_millis)});
  const int64_t id = tx.LastInsertRowId();
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
  return id;
}

bool Scheduler::RunOneDue() {
  Task task;
  uint64_t generation = 0;
  {
    Transaction tx = schema_.Read();
    std::optional<Row> row = tx.QueryOne(
        "SELECT id, kind, payload, due_millis FROM scheduled_tasks WHERE due_millis <= ? "
        "ORDER BY due_millis, id LIMIT 1",
        {clock_.NowMillis()});
    if (!row) {
      return false;
    }
    generation = schema_.db().generation();
    task = {.id = row->Int(0), .kind = row->Text(1), .payload = row->Text(2), .due_millis = row->Int(3)};
  }
  auto it = handlers_.find(task.kind);
  if (it == handlers_.end()) {
    std::cerr << "scheduler: no handler for task kind " << task.kind << "; dropping task "
              << task.id << std::endl;
  } else {
    try {
      it->second(task);
    } catch (const std::exception& e) {
      std::cerr << "scheduler: task " << task.id << " (" << task.kind << ") failed: " << e.what()
                << std::endl;
    }
  }
  Transaction tx = schema_.Begin();
  // After a reset of an in-memory database ids start again at 1: the id now names another task.
  if (schema_.db().generation() == generation) {
    tx.Exec("DELETE FROM scheduled_tasks WHERE id = ?", {task.id});
  }
  tx.Commit();
  return true;
}

size_t Scheduler::RunDue() {
  size_t ran = 0;
  while (RunOneDue()) {
    ++ran;
  }
  return ran;
}

int64_t Scheduler::Pending() {
  Transaction tx = schema_.Read();
  return tx.QueryOne("SELECT COUNT(*) FROM scheduled_tasks")->Int(0);
}

void Scheduler::Start() {
  std::lock_guard lock(mu_);
  if (started_) {
    return;
  }
  started_ = true;
  stopping_ = false;
  worker_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!started_) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  std::lock_guard lock(mu_);
  started_ = false;
}

void Scheduler::Loop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        return;
      }
    }
    RunDue();
    int64_t wait_millis = 1000;
    {
      Transaction tx = schema_.Read();
      std::optional<Row> next = tx.QueryOne("SELECT MIN(due_millis) FROM scheduled_tasks");
      if (next && !next->IsNull(0)) {
        wait_millis = std::clamp<int64_t>(next->Int(0) - clock_.NowMillis(), 0, 1000);
      }
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait_millis), [this] { return woken_ || stopping_; });
    woken_ = false;
  }
}

}  // namespace nimbus::store
