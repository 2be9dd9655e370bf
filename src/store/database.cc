#include "store/database.h"

#include <sqlite3.h>

#include <stdexcept>

namespace nimbus::store {

namespace {

[[noreturn]] void Fail(sqlite3* db, std::string_view what) {
  throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

const std::string kEmpty;

}  // namespace

const std::string& Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  return kEmpty;
}

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return *n;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return static_cast<int64_t>(*d);
  }
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) {
    return *d;
  }
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return static_cast<double>(*n);
  }
  return 0;
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) {
    return std::nullopt;
  }
  return Text(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) {
    return std::nullopt;
  }
  return Int(i);
}

Database::Database(const std::string& path) : in_memory_(path == ":memory:" || path.empty()) {
  Open(path);
}

Database::~Database() { Close(); }

void Database::Open(const std::string& path) {
  // Without memory statistics SQLite's malloc and free take no global mutex: a deployment step
  // of 500 resources makes some 100,000 of them (about a tenth of its time). Only possible
  // before SQLite initialises, so once, before the first connection.
  static const bool kNoMemoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)kNoMemoryStatistics;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(in_memory_ ? ":memory:" : path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open database " + path + ": " + message);
  }
  if (in_memory_) {
    // Deleted rows leave free pages, which in memory are heap: incremental auto-vacuum (set
    // before the first table) lets ReleaseFreePages() hand them back without copying the
    // database as VACUUM does.
    ExecRaw("PRAGMA auto_vacuum=INCREMENTAL");
  } else {
    // WAL with synchronous=NORMAL: a committed transaction survives the process being killed at
    // any moment (only a power loss may take back the last commits).
    ExecRaw("PRAGMA journal_mode=WAL");
    ExecRaw("PRAGMA synchronous=NORMAL");
    sqlite3_busy_timeout(db_, 5000);
  }
  ExecRaw("PRAGMA foreign_keys=ON");
  ExecRaw("CREATE TABLE IF NOT EXISTS _migrations (component TEXT NOT NULL, version INTEGER "
          "NOT NULL, PRIMARY KEY (component, version))");
}

void Database::Close() {
  for (auto& [sql, stmt] : statements_) {
    sqlite3_finalize(stmt);
  }
  statements_.clear();
  sqlite3_close(db_);
  db_ = nullptr;
}

void Database::ExecRaw(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(std::string("SQL failed: ") + message + " in: " + sql);
  }
}

void Database::RunCached(const std::string& sql) {
  sqlite3_stmt* stmt = Prepare(sql);
  const int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) Fail(db_, sql);
}

sqlite3_stmt* Database::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    Fail(db_, "prepare " + std::string(sql));
  }
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

void Database::Migrate(std::string_view component, const std::vector<std::string>& migrations) {
  Transaction tx = Begin();
  for (size_t i = 0; i < migrations.size(); ++i) {
    const auto version = static_cast<int64_t>(i + 1);
    if (tx.QueryOne("SELECT 1 FROM _migrations WHERE component = ? AND version = ?",
                    {std::string(component), version})) {
      continue;
    }
    ExecRaw(migrations[i].c_str());
    tx.Exec("INSERT INTO _migrations (component, version) VALUES (?, ?)",
            {std::string(component), version});
  }
  tx.Commit();
}

void Schema::Apply() const {
  std::lock_guard lock(db_.mu_);
  const uint64_t generation = db_.generation_.load(std::memory_order_relaxed);
  if (applied_in_.load(std::memory_order_relaxed) == generation) {
    return;
  }
  db_.Migrate(component_, migrations_);
  if (db_.depth_ == 0) {
    applied_in_.store(generation, std::memory_order_release);
  } else {
    // Part of the caller's transaction: ready once that commits; a rollback takes the tables
    // back with it, and the next use migrates again.
    db_.migrated_in_transaction_.push_back(this);
  }
}

void Database::EndOutermost(bool committed) {
  if (committed) {
    commits_.fetch_add(1, std::memory_order_relaxed);
    for (const Schema* schema : migrated_in_transaction_) {
      schema->applied_in_.store(generation_.load(std::memory_order_relaxed),
                                std::memory_order_release);
    }
  }
  migrated_in_transaction_.clear();
}

void Database::Reset() {
  std::lock_guard lock(mu_);
  if (depth_ != 0) {
    throw std::logic_error("Database::Reset inside a transaction");
  }
  if (in_memory_) {
    Close();
    Open(":memory:");
    generation_.fetch_add(1, std::memory_order_acq_rel);
    return;
  }
  {
    Transaction tx = Begin();
    const std::vector<Row> tables = tx.Query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
        "name != '_migrations'");
    ExecRaw("PRAGMA defer_foreign_keys=ON");
    for (const Row& row : tables) {
      ExecRaw(("DELETE FROM \"" + row.Text(0) + "\"").c_str());
    }
    tx.Commit();
  }
  // VACUUM rewrites the file into the WAL; the checkpoint moves it back and truncates the WAL.
  ExecRaw("VACUUM");
  ExecRaw("PRAGMA wal_checkpoint(TRUNCATE)");
}

int64_t Database::ReleaseFreePages(int64_t min_pages) {
  std::lock_guard lock(mu_);
  if (!in_memory_ || depth_ != 0) {
    return 0;
  }
  Transaction tx = Read();
  const int64_t free_pages = tx.QueryOne("PRAGMA freelist_count")->Int(0);
  if (free_pages == 0 || free_pages < min_pages) {
    return 0;
  }
  ExecRaw("PRAGMA incremental_vacuum");
  return free_pages - tx.QueryOne("PRAGMA freelist_count")->Int(0);
}

// A transaction begun while the same thread holds one becomes a savepoint inside it, so a
// provider may call another provider in the middle of its own transaction.
Transaction::Transaction(Database* db, bool write)
    : db_(db), lock_(db->mu_), depth_(db->depth_), write_(write), open_(write) {
  if (!write_) {
    return;
  }
  // Prepared once: sqlite3_exec would parse the statement each time, and a service called
  // inside another's transaction (a CloudFormation deployment) opens a savepoint per call.
  db_->RunCached(depth_ == 0 ? std::string("BEGIN IMMEDIATE")
                             : "SAVEPOINT sp" + std::to_string(depth_));
  ++db_->depth_;
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_),
      lock_(std::move(other.lock_)),
      depth_(other.depth_),
      write_(other.write_),
      open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  if (open_) {
    const std::string sql = depth_ == 0 ? "ROLLBACK"
                                        : "ROLLBACK TO sp" + std::to_string(depth_) +
                                              "; RELEASE sp" + std::to_string(depth_);
    sqlite3_exec(db_->db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (--db_->depth_ == 0) {
      db_->EndOutermost(/*committed=*/false);
    }
  }
}

void Transaction::Commit() {
  if (open_) {
    db_->RunCached(depth_ == 0 ? std::string("COMMIT") : "RELEASE sp" + std::to_string(depth_));
    open_ = false;
    if (--db_->depth_ == 0) {
      db_->EndOutermost(/*committed=*/true);
    }
  }
}

namespace {

void Bind(sqlite3* db, sqlite3_stmt* stmt, const std::vector<Value>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    const Value& p = params[i];
    if (std::holds_alternative<std::nullptr_t>(p)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (const auto* n = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, index, *n);
    } else if (const auto* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else {
      const std::string& s = std::get<std::string>(p);
      rc = sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) {
      Fail(db, "bind");
    }
  }
}

}  // namespace

int64_t Transaction::Exec(std::string_view sql, const std::vector<Value>& params) {
  sqlite3_stmt* stmt = db_->Prepare(sql);
  Bind(db_->db_, stmt, params);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    const std::string message = sqlite3_errmsg(db_->db_);
    sqlite3_reset(stmt);
    throw std::runtime_error("SQL failed: " + message + " in: " + std::string(sql));
  }
  sqlite3_reset(stmt);
  return sqlite3_changes64(db_->db_);
}

std::vector<Row> Transaction::Query(std::string_view sql, const std::vector<Value>& params) {
  sqlite3_stmt* stmt = db_->Prepare(sql);
  Bind(db_->db_, stmt, params);
  std::vector<Row> rows;
  const int columns = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL: values.emplace_back(nullptr); break;
        case SQLITE_INTEGER: values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c))); break;
        case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
        default: {
          const auto* text = static_cast<const char*>(sqlite3_column_blob(stmt, c));
          const int size = sqlite3_column_bytes(stmt, c);
          values.emplace_back(std::string(text ? text : "", static_cast<size_t>(size)));
        }
      }
    }
    rows.emplace_back(std::move(values));
  }
  if (rc != SQLITE_DONE) {
    const std::string message = sqlite3_errmsg(db_->db_);
    sqlite3_reset(stmt);
    throw std::runtime_error("SQL failed: " + message + " in: " + std::string(sql));
  }
  sqlite3_reset(stmt);
  return rows;
}

bool RowView::IsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

std::string_view RowView::Text(int i) const {
  const auto* text = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
  return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
              : std::string_view();
}

int64_t RowView::Int(int i) const { return sqlite3_column_int64(stmt_, i); }

double RowView::Real(int i) const { return sqlite3_column_double(stmt_, i); }

std::optional<int64_t> RowView::OptInt(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

size_t Transaction::ForEach(std::string_view sql, const std::vector<Value>& params,
                            const std::function<void(const RowView&)>& visit) {
  return ForEachWhile(sql, params, [&visit](const RowView& row) {
    visit(row);
    return true;
  });
}

size_t Transaction::ForEachWhile(std::string_view sql, const std::vector<Value>& params,
                                 const std::function<bool(const RowView&)>& visit) {
  sqlite3_stmt* stmt = db_->Prepare(sql);
  // Reset however the loop ends, so a throwing visitor leaves the statement reusable.
  struct Reset {
    sqlite3_stmt* stmt;
    ~Reset() { sqlite3_reset(stmt); }
  } reset{stmt};
  Bind(db_->db_, stmt, params);
  const RowView row(stmt);
  size_t count = 0;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    ++count;
    if (!visit(row)) return count;
  }
  if (rc != SQLITE_DONE) {
    throw std::runtime_error("SQL failed: " + std::string(sqlite3_errmsg(db_->db_)) +
                             " in: " + std::string(sql));
  }
  return count;
}

std::optional<Row> Transaction::QueryOne(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows = Query(sql, params);
  if (rows.empty()) {
    return std::nullopt;
  }
  return std::move(rows.front());
}

int64_t Transaction::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_->db_); }

}  // namespace nimbus::store
