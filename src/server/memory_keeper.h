#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "store/database.h"

namespace nimbus::server {

// Hands the heap's free memory back to the system (glibc malloc_trim, every thread's arena):
// after a reset, or once the database has given its free pages back to the heap.
void ReturnFreeHeap();

// Gives memory back once nimbus goes quiet after writing, so that a mass deletion does not keep
// the process at its high-water mark: the in-memory database's free pages go back to the heap,
// then the heap's free pages to the system. Runs on its own thread, never on a request's path;
// the database lock is taken only when nothing was committed for a whole period.
class MemoryKeeper {
 public:
  // Fewer free database pages than this (4 KiB each) are left for the next inserts.
  static constexpr int64_t kMinFreePages = 256;

  MemoryKeeper(store::Database& db, std::chrono::milliseconds period);
  MemoryKeeper(const MemoryKeeper&) = delete;
  MemoryKeeper& operator=(const MemoryKeeper&) = delete;
  ~MemoryKeeper();

  // Starts the thread that calls Tick() every period; Stop() ends it.
  void Start();
  void Stop();

  // One look: if writes were committed before the previous look and none since, gives memory
  // back and returns true.
  bool Tick();

 private:
  store::Database& db_;
  const std::chrono::milliseconds period_;
  uint64_t seen_commits_;
  bool written_ = false;  // commits were seen that no release has followed yet
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace nimbus::server
