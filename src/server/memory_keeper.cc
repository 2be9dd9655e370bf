#include "server/memory_keeper.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace nimbus::server {

void ReturnFreeHeap() {
#ifdef __GLIBC__
  malloc_trim(0);  // other C libraries have no such call; theirs may return memory on their own
#endif
}

MemoryKeeper::MemoryKeeper(store::Database& db, std::chrono::milliseconds period)
    : db_(db), period_(period), seen_commits_(db.commits()) {}

MemoryKeeper::~MemoryKeeper() { Stop(); }

void MemoryKeeper::Start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) {
    return;
  }
  stopping_ = false;
  worker_ = std::thread([this] {
    std::unique_lock wait_lock(mu_);
    while (!wake_.wait_for(wait_lock, period_, [this] { return stopping_; })) {
      wait_lock.unlock();
      Tick();
      wait_lock.lock();
    }
  });
}

void MemoryKeeper::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!worker_.joinable()) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

bool MemoryKeeper::Tick() {
  const uint64_t commits = db_.commits();
  if (commits != seen_commits_) {
    seen_commits_ = commits;
    written_ = true;
    return false;
  }
  if (!written_) {
    return false;
  }
  written_ = false;
  db_.ReleaseFreePages(kMinFreePages);
  ReturnFreeHeap();
  return true;
}

}  // namespace nimbus::server
