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

  // Deletes every row of every table but _migrations (POST /_nimbus/reset).
  void Reset();

  bool in_memory() const { return in_memory_; }

 private:
  friend class Transaction;
  friend class Schema;
  sqlite3_stmt* Prepare(std::string_view sql);
  void ExecRaw(const char* sql);
  // The outermost transaction ended: schemas migrated inside it are ready if it committed.
  void EndOutermost(bool committed);

  sqlite3* db_ = nullptr;
  bool in_memory_ = true;
  std::recursive_mutex mu_;
  int depth_ = 0;  // open transactions of the thread holding mu_
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  std::vector<const Schema*> migrated_in_transaction_;
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

  // Applies the pending migrations; after the first committed run, a single atomic load.
  void Ensure() const {
    if (!ready_.load(std::memory_order_acquire)) {
      if (joins_) joins_->Ensure();
      Apply();
    }
  }
  Transaction Begin() const {
    Ensure();
    return db_.Begin();
  }
  Transaction Read() const {
    Ensure();
    return db_.Read();
  }
  Database& db() const { return db_; }

 private:
  friend class Database;
  void Apply() const;

  Database& db_;
  const std::string component_;
  const std::vector<std::string>& migrations_;
  const Schema* joins_;
  mutable std::atomic<bool> ready_{false};
};

}  // namespace nimbus::store
