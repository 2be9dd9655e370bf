// server::MemoryKeeper: gives the in-memory database's free pages back once writes have stopped
// for a whole period. (How much the process gives back is measured by bench/memory.py: RSS
// means nothing under the sanitizers.)
#include "server/memory_keeper.h"

#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "store/database.h"

namespace nimbus::server {
namespace {

class MemoryKeeperTest : public ::testing::Test {
 protected:
  MemoryKeeperTest() { db_.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY)"}); }
  // Inserts then deletes enough rows to leave well over kMinFreePages free pages.
  void FillAndDelete() {
    store::Transaction tx = db_.Begin();
    for (int i = 0; i < 20000; ++i) {
      tx.Exec("INSERT INTO things (name) VALUES (?)", {std::string(150, 'x') + std::to_string(i)});
    }
    tx.Commit();
    store::Transaction remove = db_.Begin();
    remove.Exec("DELETE FROM things");
    remove.Commit();
  }
  int64_t FreePages() {
    store::Transaction tx = db_.Read();
    return tx.QueryOne("PRAGMA freelist_count")->Int(0);
  }

  store::Database db_;
  MemoryKeeper keeper_{db_, std::chrono::milliseconds(10)};
};

TEST_F(MemoryKeeperTest, TickRightAfterWritesWaitsForAQuietPeriod) {
  FillAndDelete();
  const int64_t free_pages = FreePages();
  ASSERT_GT(free_pages, MemoryKeeper::kMinFreePages);
  EXPECT_FALSE(keeper_.Tick());
  EXPECT_EQ(FreePages(), free_pages);
}

TEST_F(MemoryKeeperTest, TickAfterAQuietPeriodGivesTheFreePagesBack) {
  FillAndDelete();
  keeper_.Tick();
  EXPECT_TRUE(keeper_.Tick());
  EXPECT_EQ(FreePages(), 0);
}

TEST_F(MemoryKeeperTest, TickWithoutWritesSinceTheLastReleaseDoesNothing) {
  FillAndDelete();
  keeper_.Tick();
  keeper_.Tick();
  EXPECT_FALSE(keeper_.Tick());
}

TEST_F(MemoryKeeperTest, TickKeepsFewerFreePagesThanTheMinimum) {
  store::Transaction tx = db_.Begin();
  tx.Exec("INSERT INTO things (name) VALUES ('a')");
  tx.Exec("DELETE FROM things");
  tx.Commit();
  const int64_t free_pages = FreePages();
  keeper_.Tick();
  keeper_.Tick();
  EXPECT_EQ(FreePages(), free_pages);
}

TEST_F(MemoryKeeperTest, ThreadGivesTheFreePagesBackOnItsOwn) {
  FillAndDelete();
  keeper_.Start();
  for (int i = 0; i < 500 && FreePages() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  keeper_.Stop();
  EXPECT_EQ(FreePages(), 0);
}

}  // namespace
}  // namespace nimbus::server
