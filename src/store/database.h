#pragma once

#include <cstdint>
#include <functional>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace nimbus::store {

// A value bound to or read from SQL.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// One result row; columns by index, in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  // Text of a TEXT/BLOB column ("" for NULL).
  const std::string& Text(size_t i) const;
  // Integer column (0 for NULL).
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

// A row of a query that is still running (Transaction::ForEach): columns are read in place,
// and text views stay valid only until the visitor returns.
class RowView {
 public:
  explicit RowView(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool IsNull(int i) const;
  // Text or blob bytes ("" for NULL).
  std::string_view Text(int i) const;
  int64_t Int(int i) const;
  double Real(int i) const;
  std::optional<int64_t> OptInt(int i) const;

 private:
  sqlite3_stmt* stmt_;
};

class Database;
class Schema;

// A write transaction (BEGIN IMMEDIATE). Holds the database lock until committed or destroyed;
// destroyed without Commit() it rolls back, so an exception leaves the stored state as it was.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // Runs a statement; returns the number of rows changed.
  int64_t Exec(std::string_view sql, const std::vector<Value>& params = {});
  // Runs a query; returns all rows.
  std::vector<Row> Query(std::string_view sql, const std::vector<Value>& params = {});
  // The first row, or nullopt.
  std::optional<Row> QueryOne(std::string_view sql, const std::vector<Value>& params = {});
  // Runs a query and hands each row to `visit` without copying it (for pages of many rows).
  // `visit` must not run the same SQL text again. Returns the number of rows.
  size_t ForEach(std::string_view sql, const std::vector<Value>& params,
                 const std::function<void(const RowView&)>& visit);
  // ForEach that stops stepping once `visit` returns false, so a query without a LIMIT reads
  // only the rows its caller wants (a listing page that rolls keys up into common prefixes does
  // not know how many). Returns the number of rows visited.
  size_t ForEachWhile(std::string_view sql, const std::vector<Value>& params,
                      const std::function<bool(const RowView&)>& visit);
  int64_t LastInsertRowId() const;
  void Commit();

 private:
  friend class Database;
  Transaction(Database* db, bool write);
  Database* db_;
  std::unique_lock<std::recursive_mutex> lock_;
  int depth_ = 0;
  bool write_ = true;
  bool open_ = true;
};

// The one SQLite connection of the process: in memory by default, or a WAL-mode file. All access
// goes through Transaction (writes) or Read() (a consistent snapshot under the same lock), so
// threads never interleave inside SQLite.
class Database {
 public:
  // ":memory:" or a file path. Throws std::runtime_error if it cannot be opened.
  explicit Database(const std::string& path = ":memory:");
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Applies the migrations of `component` that were not applied yet, in order; each entry is one
  // or more SQL statements. Migration i is recorded as (component, i) in _migrations. Inside an
  // open transaction of the calling thread they become part of it (and roll back with it).
  void Migrate(std::string_view component, const std::vector<std::string>& migrations);

  Transaction Begin() { return Transaction(this, /*write=*/true); }
  // A read: the same API under the same lock, without BEGIN/ROLLBACK (one connection and one
  // lock already make it a consistent snapshot; the statements would cost more than most
  // reads). Writes through it are committed one by one: use Begin() for writes.
  Transaction Read() { return Transaction(this, /*write=*/false); }

  // Wipes all state (POST /_nimbus/reset). In memory, the connection is replaced by a fresh one,
  // so the pages and cache of the old one go back to the heap, and every Schema migrates again
  // on its next use. A file is the user's: its rows are deleted (tables and _migrations stay)
  // and VACUUM gives the freed pages back. Must not run inside a transaction.
  void Reset();

  // Gives the in-memory database's free pages (left by deleted rows) back to the heap with an
  // incremental vacuum, if there are at least `min_pages`; returns how many were given back.
  // 0 for a file database (its page cache is bounded) or inside a transaction.
  int64_t ReleaseFreePages(int64_t min_pages);
  // Write transactions committed so far: tells a caller whether anything was written since it
  // last looked, without taking the lock.
  uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }

  // Changes with each Reset() of an in-memory database, whose row ids then start again.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  bool in_memory() const { return in_memory_; }

 private:
  friend class Transaction;
  friend class Schema;
  // Opens the connection and applies the settings every connection needs.
  void Open(const std::string& path);
  // Finalizes the cached statements and closes the connection.
  void Close();
  sqlite3_stmt* Prepare(std::string_view sql);
  void ExecRaw(const char* sql);
  // Runs one statement without results through the statement cache, for the few transaction
  // statements (BEGIN IMMEDIATE, SAVEPOINT spN, RELEASE spN, COMMIT) that run thousands of times.
  void RunCached(const std::string& sql);
  // The outermost transaction ended: schemas migrated inside it are ready if it committed.
  void EndOutermost(bool committed);

  sqlite3* db_ = nullptr;
  bool in_memory_ = true;
  std::recursive_mutex mu_;
  int depth_ = 0;  // open transactions of the thread holding mu_
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  std::vector<const Schema*> migrated_in_transaction_;
  // Which connection a Schema's tables were created in: Reset of an in-memory database starts a
  // new generation, and Schema::Ensure compares its own with this one.
  std::atomic<uint64_t> generation_{1};
  std::atomic<uint64_t> commits_{0};
};

// The tables of one component (a service's store), created on the component's first use rather
// than at start-up, so a process that serves STS does not pay for the tables of every service.
// Reach the component's tables through Begin()/Read() here, or call Ensure() first in methods
// that are handed a transaction opened elsewhere.
class Schema {
 public:
  // `migrations` must outlive the Schema (a namespace-scope constant of the store). `joins`, if
  // given, is another component's schema whose tables this one's queries also read; it is
  // ensured first.
  Schema(Database& db, std::string component, const std::vector<std::string>& migrations,
         const Schema* joins = nullptr)
      : db_(db), component_(std::move(component)), migrations_(migrations), joins_(joins) {}
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  // Applies the pending migrations; once they are committed in the database's current
  // generation, a comparison of two atomic loads.
  void Ensure() const {
    if (applied_in_.load(std::memory_order_acquire) != db_.generation()) {
      if (joins_) joins_->Ensure();
      Apply();
    }
  }
  // Ensure() runs again under the transaction's lock: a reset that came between the first
  // check and the lock would otherwise leave the caller without its tables.
  Transaction Begin() const {
    Ensure();
    Transaction tx = db_.Begin();
    Ensure();
    return tx;
  }
  Transaction Read() const {
    Ensure();
    Transaction tx = db_.Read();
    Ensure();
    return tx;
  }
  Database& db() const { return db_; }

 private:
  friend class Database;
  void Apply() const;

  Database& db_;
  const std::string component_;
  const std::vector<std::string>& migrations_;
  const Schema* joins_;
  // The database generation whose tables this schema's migrations were committed in; 0: none.
  mutable std::atomic<uint64_t> applied_in_{0};
};

}  // namespace nimbus::store
