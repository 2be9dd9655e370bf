// store::Database: migrations, transactions, savepoints, Reset, and file persistence.
#include "store/database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace nimbus::store {
namespace {

int64_t Count(Database& db, const std::string& table) {
  Transaction tx = db.Read();
  return tx.QueryOne("SELECT COUNT(*) FROM " + table)->Int(0);
}

// Inserts `rows` rows of some 200 bytes into `things` (some 100 pages per 2,000 rows).
void Fill(Database& db, int rows) {
  Transaction tx = db.Begin();
  for (int i = 0; i < rows; ++i) {
    tx.Exec("INSERT INTO things (name, n) VALUES (?, ?)",
            {std::string(200, 'x') + std::to_string(i), int64_t{i}});
  }
  tx.Commit();
}

class DatabaseTest : public ::testing::Test {
 protected:
  DatabaseTest() {
    db_.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)"});
  }
  void Insert(const std::string& name, int64_t n) {
    Transaction tx = db_.Begin();
    tx.Exec("INSERT INTO things (name, n) VALUES (?, ?)", {name, n});
    tx.Commit();
  }

  Database db_;
};

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("nimbus-store-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST_F(DatabaseTest, InMemoryByDefault) { EXPECT_TRUE(db_.in_memory()); }

TEST_F(DatabaseTest, MigrationsAreAppliedOnce) {
  // Running the same list again must not re-run CREATE TABLE (it would fail).
  db_.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)"});
  Insert("a", 1);
  db_.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)",
                         "ALTER TABLE things ADD COLUMN note TEXT"});
  db_.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)",
                         "ALTER TABLE things ADD COLUMN note TEXT"});
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM _migrations WHERE component = 'things'")->Int(0), 2);
  const std::optional<Row> row = tx.QueryOne("SELECT name, n, note FROM things");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Text(0), "a");
  EXPECT_TRUE(row->IsNull(2));
}

TEST_F(DatabaseTest, ComponentsHaveTheirOwnMigrationNumbers) {
  db_.Migrate("other", {"CREATE TABLE other_things (id INTEGER)"});
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.Query("SELECT component, version FROM _migrations ORDER BY component").size(), 2u);
}

TEST_F(DatabaseTest, FailedMigrationIsNotRecorded) {
  EXPECT_THROW(db_.Migrate("broken", {"CREATE TABLE ok_table (id INTEGER)", "NOT SQL AT ALL"}),
               std::runtime_error);
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM _migrations WHERE component = 'broken'")->Int(0), 0);
}

TEST_F(DatabaseTest, CommittedWritesAreVisible) {
  Insert("a", 1);
  Transaction tx = db_.Read();
  const std::optional<Row> row = tx.QueryOne("SELECT n FROM things WHERE name = ?", {"a"});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Int(0), 1);
}

TEST_F(DatabaseTest, ExceptionBeforeCommitRollsBack) {
  Insert("a", 1);
  try {
    Transaction tx = db_.Begin();
    tx.Exec("UPDATE things SET n = 2 WHERE name = 'a'");
    tx.Exec("INSERT INTO things (name, n) VALUES ('b', 3)");
    throw std::runtime_error("handler failed");
  } catch (const std::runtime_error&) {
  }
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.QueryOne("SELECT n FROM things WHERE name = 'a'")->Int(0), 1);
  EXPECT_FALSE(tx.QueryOne("SELECT n FROM things WHERE name = 'b'"));
}

TEST_F(DatabaseTest, SqlErrorRollsBackTheWholeTransaction) {
  {
    Transaction tx = db_.Begin();
    tx.Exec("INSERT INTO things (name, n) VALUES ('a', 1)");
    EXPECT_THROW(tx.Exec("INSERT INTO things (name, n) VALUES ('a', 2)"), std::runtime_error);
  }
  EXPECT_EQ(Count(db_, "things"), 0);
}

TEST_F(DatabaseTest, NestedTransactionRollsBackAloneAndOuterCommits) {
  {
    Transaction outer = db_.Begin();
    outer.Exec("INSERT INTO things (name, n) VALUES ('outer', 1)");
    {
      Transaction inner = db_.Begin();
      inner.Exec("INSERT INTO things (name, n) VALUES ('inner', 2)");
      // destroyed without Commit: only the savepoint rolls back
    }
    outer.Exec("INSERT INTO things (name, n) VALUES ('after', 3)");
    outer.Commit();
  }
  Transaction tx = db_.Read();
  const std::vector<Row> rows = tx.Query("SELECT name FROM things ORDER BY n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Text(0), "outer");
  EXPECT_EQ(rows[1].Text(0), "after");
}

TEST_F(DatabaseTest, NestedCommitIsUndoneByOuterRollback) {
  {
    Transaction outer = db_.Begin();
    outer.Exec("INSERT INTO things (name, n) VALUES ('outer', 1)");
    Transaction inner = db_.Begin();
    inner.Exec("INSERT INTO things (name, n) VALUES ('inner', 2)");
    inner.Commit();
  }
  EXPECT_EQ(Count(db_, "things"), 0);
}

TEST_F(DatabaseTest, TwoLevelsOfSavepoints) {
  {
    Transaction a = db_.Begin();
    a.Exec("INSERT INTO things (name, n) VALUES ('a', 1)");
    {
      Transaction b = db_.Begin();
      b.Exec("INSERT INTO things (name, n) VALUES ('b', 2)");
      {
        Transaction c = db_.Begin();
        c.Exec("INSERT INTO things (name, n) VALUES ('c', 3)");
      }
      b.Commit();
    }
    a.Commit();
  }
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.QueryOne("SELECT group_concat(name, ',') FROM (SELECT name FROM things ORDER BY n)")
                ->Text(0),
            "a,b");
}

TEST_F(DatabaseTest, TransactionCanBeUsedAgainAfterARollback) {
  { Transaction tx = db_.Begin(); tx.Exec("INSERT INTO things (name, n) VALUES ('x', 1)"); }
  Insert("y", 2);
  EXPECT_EQ(Count(db_, "things"), 1);
}

TEST_F(DatabaseTest, ValuesRoundTrip) {
  Transaction tx = db_.Begin();
  tx.Exec("CREATE TABLE IF NOT EXISTS kinds (a, b, c, d)");
  tx.Exec("INSERT INTO kinds VALUES (?, ?, ?, ?)",
          {nullptr, int64_t{1} << 40, 2.5, std::string("x\0y", 3)});
  const std::optional<Row> row = tx.QueryOne("SELECT a, b, c, d FROM kinds");
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->IsNull(0));
  EXPECT_EQ(row->OptText(0), std::nullopt);
  EXPECT_EQ(row->Int(1), int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(row->Real(2), 2.5);
  EXPECT_EQ(row->Text(3), std::string("x\0y", 3));
  EXPECT_EQ(tx.Exec("UPDATE kinds SET b = b + 1"), 1);
}

// page_count and freelist_count, as "pages/free".
std::string Pages(Database& db) {
  Transaction tx = db.Read();
  return std::to_string(tx.QueryOne("PRAGMA page_count")->Int(0)) + "/" +
         std::to_string(tx.QueryOne("PRAGMA freelist_count")->Int(0));
}

TEST_F(DatabaseTest, ResetInMemoryDatabaseIsAsSmallAsANewOne) {
  Fill(db_, 2000);
  Database fresh;
  ASSERT_NE(Pages(db_), Pages(fresh));
  db_.Reset();
  EXPECT_EQ(Pages(db_), Pages(fresh));
  // The first page, the auto-vacuum pointer map, and _migrations with its primary key.
  EXPECT_EQ(Pages(db_), "4/0");
}

TEST_F(DatabaseTest, ResetInMemoryDatabaseDropsTablesAndMigrations) {
  Insert("a", 1);
  db_.Reset();
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM _migrations")->Int(0), 0);
  EXPECT_FALSE(tx.QueryOne("SELECT 1 FROM sqlite_master WHERE name = 'things'"));
}

TEST_F(DatabaseTest, ResetStartsANewGeneration) {
  const uint64_t before = db_.generation();
  db_.Reset();
  EXPECT_EQ(db_.generation(), before + 1);
}

TEST_F(DatabaseTest, ResetInsideATransactionThrows) {
  Transaction tx = db_.Begin();
  EXPECT_THROW(db_.Reset(), std::logic_error);
}

TEST_F(DatabaseTest, CommitsCountsCommittedWriteTransactionsOnly) {
  const uint64_t before = db_.commits();
  Insert("a", 1);
  { Transaction rolled_back = db_.Begin(); }
  { Transaction read = db_.Read(); }
  EXPECT_EQ(db_.commits(), before + 1);
}

TEST_F(DatabaseTest, ReleaseFreePagesGivesBackThePagesOfDeletedRows) {
  Fill(db_, 2000);
  Transaction remove = db_.Begin();
  remove.Exec("DELETE FROM things");
  remove.Commit();
  const int64_t free_pages = [&] {
    Transaction tx = db_.Read();
    return tx.QueryOne("PRAGMA freelist_count")->Int(0);
  }();
  ASSERT_GT(free_pages, 100);
  EXPECT_EQ(db_.ReleaseFreePages(1), free_pages);
  // The first page, the pointer map, _migrations and things, each with its primary key.
  EXPECT_EQ(Pages(db_), "6/0");
}

TEST_F(DatabaseTest, ReleaseFreePagesKeepsFewerThanTheMinimum) {
  Insert("a", 1);
  Transaction remove = db_.Begin();
  remove.Exec("DROP TABLE things");
  remove.Commit();
  const std::string pages = Pages(db_);
  EXPECT_EQ(db_.ReleaseFreePages(100), 0);
  EXPECT_EQ(Pages(db_), pages);
}

TEST_F(DatabaseTest, ConcurrentTransactionsDoNotInterleave) {
  Insert("counter", 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this] {
      for (int i = 0; i < 100; ++i) {
        // Read-modify-write: lost updates would show if two transactions interleaved.
        Transaction tx = db_.Begin();
        const int64_t n = tx.QueryOne("SELECT n FROM things WHERE name = 'counter'")->Int(0);
        tx.Exec("UPDATE things SET n = ? WHERE name = 'counter'", {n + 1});
        tx.Commit();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  Transaction tx = db_.Read();
  EXPECT_EQ(tx.QueryOne("SELECT n FROM things WHERE name = 'counter'")->Int(0), 400);
}

TEST_F(DatabaseTest, ForEachHandsOutRowsInPlace) {
  Insert("a", 1);
  Insert("b", 2);
  Transaction tx = db_.Begin();
  tx.Exec("INSERT INTO things (name, n) VALUES ('c', NULL)");
  std::vector<std::string> seen;
  const size_t count = tx.ForEach(
      "SELECT name, n FROM things WHERE name >= ? ORDER BY name", {std::string("b")},
      [&](const RowView& row) {
        seen.push_back(std::string(row.Text(0)) + "=" +
                       (row.IsNull(1) ? std::string("null") : std::to_string(row.Int(1))) + "/" +
                       (row.OptInt(1) ? "some" : "none"));
      });
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(seen, (std::vector<std::string>{"b=2/some", "c=null/none"}));
}

TEST_F(DatabaseTest, ForEachReadsTextWithItsNulAndWhatFollows) {
  Transaction tx = db_.Begin();
  tx.Exec("INSERT INTO things (name, n) VALUES (?, 1)", {std::string("a\0b", 3)});
  std::string text;
  tx.ForEach("SELECT name FROM things WHERE name = ?", {std::string("a\0b", 3)},
             [&](const RowView& row) { text = row.Text(0); });
  EXPECT_EQ(text, std::string("a\0b", 3));
}

TEST_F(DatabaseTest, ForEachVisitorThatThrowsLeavesTheStatementReusable) {
  Insert("a", 1);
  Insert("b", 2);
  Transaction tx = db_.Read();
  const std::string sql = "SELECT name FROM things ORDER BY name";
  EXPECT_THROW(tx.ForEach(sql, {}, [](const RowView&) { throw std::runtime_error("stop"); }),
               std::runtime_error);
  std::string names;
  EXPECT_EQ(tx.ForEach(sql, {}, [&](const RowView& row) { names += row.Text(0); }), 2u);
  EXPECT_EQ(names, "ab");
  EXPECT_THROW(tx.ForEach("SELECT nothing FROM nowhere", {}, [](const RowView&) {}),
               std::runtime_error);
}

TEST_F(DatabaseTest, ForEachWhileStopsAtTheFirstFalseAndLeavesTheStatementReusable) {
  Insert("a", 1);
  Insert("b", 2);
  Insert("c", 3);
  Transaction tx = db_.Read();
  const std::string sql = "SELECT name FROM things ORDER BY name";
  std::string names;
  EXPECT_EQ(tx.ForEachWhile(sql, {},
                            [&](const RowView& row) {
                              names += row.Text(0);
                              return names.size() < 2;
                            }),
            2u);
  EXPECT_EQ(names, "ab");
  names.clear();
  EXPECT_EQ(tx.ForEachWhile(sql, {}, [&](const RowView& row) {
    names += row.Text(0);
    return true;
  }),
            3u);
  EXPECT_EQ(names, "abc");
}

bool TableExists(Database& db, const std::string& table) {
  Transaction tx = db.Read();
  return tx.QueryOne("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {table})
      .has_value();
}

const std::vector<std::string> kLazyMigrations = {
    "CREATE TABLE lazy (id INTEGER PRIMARY KEY)",
    "ALTER TABLE lazy ADD COLUMN note TEXT",
};

TEST_F(DatabaseTest, SchemaCreatesItsTablesOnFirstUseOnly) {
  Schema schema(db_, "lazy", kLazyMigrations);
  EXPECT_FALSE(TableExists(db_, "lazy"));
  {
    Transaction tx = schema.Begin();
    tx.Exec("INSERT INTO lazy (id, note) VALUES (1, 'one')");
    tx.Commit();
  }
  EXPECT_TRUE(TableExists(db_, "lazy"));
  EXPECT_EQ(Count(db_, "_migrations"), 3);  // things 1, lazy 1 and 2
  // A second Schema of the same component (another store joining the table) finds it applied.
  Schema again(db_, "lazy", kLazyMigrations);
  Transaction tx = again.Read();
  EXPECT_EQ(tx.QueryOne("SELECT note FROM lazy WHERE id = 1")->Text(0), "one");
  EXPECT_EQ(Count(db_, "_migrations"), 3);
}

TEST_F(DatabaseTest, SchemaCreatesTheSchemaItJoinsFirst) {
  const std::vector<std::string> joined = {"CREATE TABLE joined (id INTEGER PRIMARY KEY)"};
  Schema tags(db_, "joined", joined);
  Schema schema(db_, "lazy", kLazyMigrations, &tags);
  Transaction tx = schema.Begin();
  tx.Exec("INSERT INTO joined (id) VALUES (1)");
  tx.Exec("INSERT INTO lazy (id) SELECT id FROM joined");
  tx.Commit();
  EXPECT_EQ(Count(db_, "lazy"), 1);
  EXPECT_EQ(Count(db_, "_migrations"), 4);  // things 1, joined 1, lazy 2
}

TEST_F(DatabaseTest, SchemaFirstUsedInsideARolledBackTransactionIsCreatedAgain) {
  Schema schema(db_, "lazy", kLazyMigrations);
  {
    Transaction outer = db_.Begin();
    Transaction inner = schema.Begin();  // migrates inside `outer`
    inner.Exec("INSERT INTO lazy (id) VALUES (1)");
    inner.Commit();
    EXPECT_TRUE(TableExists(db_, "lazy"));
  }  // `outer` rolls back, and the table with it
  EXPECT_FALSE(TableExists(db_, "lazy"));
  Transaction tx = schema.Begin();
  tx.Exec("INSERT INTO lazy (id) VALUES (2)");
  tx.Commit();
  EXPECT_EQ(Count(db_, "lazy"), 1);
}

TEST_F(DatabaseTest, SchemaFirstUsedInsideACommittedTransactionStays) {
  Schema schema(db_, "lazy", kLazyMigrations);
  {
    Transaction outer = db_.Begin();
    Transaction inner = schema.Begin();
    inner.Exec("INSERT INTO lazy (id) VALUES (1)");
    inner.Commit();
    outer.Commit();
  }
  Transaction tx = schema.Read();
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM lazy")->Int(0), 1);
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM _migrations WHERE component = 'lazy'")->Int(0), 2);
}

TEST_F(DatabaseTest, SchemaIsCreatedAgainOnItsFirstUseAfterReset) {
  Schema schema(db_, "lazy", kLazyMigrations);
  {
    Transaction tx = schema.Begin();
    tx.Exec("INSERT INTO lazy (id, note) VALUES (1, 'before')");
    tx.Commit();
  }
  db_.Reset();
  EXPECT_FALSE(TableExists(db_, "lazy"));
  {
    Transaction tx = schema.Begin();
    tx.Exec("INSERT INTO lazy (id, note) VALUES (2, 'after')");
    tx.Commit();
  }
  Transaction tx = schema.Read();
  const std::vector<Row> rows = tx.Query("SELECT id, note FROM lazy");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(1), "after");
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM _migrations WHERE component = 'lazy'")->Int(0), 2);
}

TEST_F(DatabaseTest, SchemaReadRightAfterResetFindsItsTablesEmpty) {
  Schema schema(db_, "lazy", kLazyMigrations);
  {
    Transaction tx = schema.Begin();
    tx.Exec("INSERT INTO lazy (id) VALUES (1)");
    tx.Commit();
  }
  db_.Reset();
  Transaction tx = schema.Read();
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM lazy")->Int(0), 0);
}

TEST_F(DatabaseTest, SchemaFirstUsedInsideATransactionRightAfterResetCommits) {
  Schema schema(db_, "lazy", kLazyMigrations);
  { Transaction warm = schema.Read(); }
  db_.Reset();
  {
    Transaction outer = db_.Begin();
    Transaction inner = schema.Begin();  // migrates inside `outer`
    inner.Exec("INSERT INTO lazy (id) VALUES (1)");
    inner.Commit();
    outer.Commit();
  }
  Transaction tx = schema.Read();
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM lazy")->Int(0), 1);
  EXPECT_EQ(tx.QueryOne("SELECT COUNT(*) FROM _migrations WHERE component = 'lazy'")->Int(0), 2);
}

TEST_F(DatabaseTest, SchemaJoinedByAnotherIsCreatedAgainAfterReset) {
  const std::vector<std::string> joined = {"CREATE TABLE joined (id INTEGER PRIMARY KEY)"};
  Schema tags(db_, "joined", joined);
  Schema schema(db_, "lazy", kLazyMigrations, &tags);
  { Transaction warm = schema.Read(); }
  db_.Reset();
  Transaction tx = schema.Begin();
  tx.Exec("INSERT INTO joined (id) VALUES (1)");
  tx.Exec("INSERT INTO lazy (id) SELECT id FROM joined");
  tx.Commit();
  EXPECT_EQ(Count(db_, "lazy"), 1);
  EXPECT_EQ(Count(db_, "_migrations"), 3);  // joined 1, lazy 2 (things went with the reset)
}

TEST(DatabaseFileTest, FileDatabasePersistsAcrossReopen) {
  TempDir dir;
  const std::string path = dir.File("nimbus.db");
  {
    Database db(path);
    EXPECT_FALSE(db.in_memory());
    db.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)"});
    Transaction tx = db.Begin();
    tx.Exec("INSERT INTO things (name, n) VALUES ('kept', 7)");
    tx.Commit();
    Transaction lost = db.Begin();
    lost.Exec("INSERT INTO things (name, n) VALUES ('lost', 8)");
  }
  Database db(path);
  db.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)"});
  Transaction tx = db.Read();
  const std::vector<Row> rows = tx.Query("SELECT name, n FROM things");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Text(0), "kept");
  EXPECT_EQ(rows[0].Int(1), 7);
  EXPECT_EQ(tx.QueryOne("PRAGMA journal_mode")->Text(0), "wal");
}

TEST(DatabaseFileTest, ResetOfAFileDatabaseEmptiesTablesKeepsMigrationsAndShrinksTheFile) {
  TempDir dir;
  Database db(dir.File("nimbus.db"));
  db.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)"});
  Fill(db, 2000);
  const uint64_t generation = db.generation();
  db.Reset();
  EXPECT_EQ(Count(db, "things"), 0);
  EXPECT_EQ(Count(db, "_migrations"), 1);
  EXPECT_EQ(db.generation(), generation);  // the tables are still there
  EXPECT_EQ(Pages(db), "5/0");             // the first page, _migrations and things with their keys
  EXPECT_EQ(std::filesystem::file_size(dir.File("nimbus.db-wal")), 0u);
  // The schema is still there and migrations are not re-run.
  db.Migrate("things", {"CREATE TABLE things (name TEXT PRIMARY KEY, n INTEGER)"});
  Transaction tx = db.Begin();
  tx.Exec("INSERT INTO things (name, n) VALUES ('c', 3)");
  tx.Commit();
  EXPECT_EQ(Count(db, "things"), 1);
}

TEST(DatabaseFileTest, UnopenablePathThrows) {
  EXPECT_THROW({ Database db("/nonexistent-dir-for-nimbus/x/y.db"); }, std::runtime_error);
}

}  // namespace
}  // namespace nimbus::store
