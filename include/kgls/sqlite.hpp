// A small RAII wrapper over SQLite's C API: a connection, prepared statements and
// transactions. No ORM: callers write SQL and bind by index. Errors are exceptions that
// keep SQLite's result code, so a caller can tell "the file is damaged" (SQLITE_CORRUPT,
// SQLITE_NOTADB) from "the disk is read-only" and react (the index rebuilds or falls back
// to memory; it never crashes).
//
// Threading: a Database and its Statements belong to one thread at a time.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace kgls::sql {

/// A failed SQLite call: the message says what was being done, `code()` is SQLite's
/// primary result code (SQLITE_CORRUPT, ...).
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }
  /// The file is not a database or is damaged: the cure is to rebuild it.
  bool damaged() const;
  /// The file or its folder cannot be written (read-only, permissions, full disk).
  bool unwritable() const;

 private:
  int code_;
};

class Database;

/// A prepared statement. Bind parameters by their 1-based index, step, read columns by
/// their 0-based index. reset() makes it ready for the next set of bindings.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, uint32_t value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, const void* data, size_t size);

  /// Binds every argument in order from index 1.
  template <typename... T>
  Statement& bind_all(const T&... values) {
    int index = 0;
    (bind(++index, values), ...);
    return *this;
  }

  /// Advances to the next row: true when there is one, false when done.
  bool step();
  /// Steps to the end (for statements that return no rows), then resets.
  void run();
  /// Ready for new bindings (clears the old ones).
  void reset();

  bool is_null(int column) const;
  int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  std::string_view column_view(int column) const;  // Valid until the next step/reset.
  std::string_view column_blob(int column) const;  // Bytes; valid until the next step/reset.

 private:
  void check(int rc, const char* what) const;
  sqlite3_stmt* stmt_ = nullptr;
};

/// One connection. Move-only; closes on destruction.
class Database {
 public:
  enum class Mode { ReadWriteCreate, ReadOnly };

  /// Opens (or creates) a database file. Throws Error when it cannot.
  static Database open(const std::filesystem::path& path, Mode mode = Mode::ReadWriteCreate);
  /// A private in-memory database.
  static Database memory();

  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  explicit operator bool() const { return db_ != nullptr; }

  /// Runs one or more statements that return nothing of interest.
  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  /// A statement prepared once per connection and reused (reset before it is returned),
  /// for the hot paths of a bulk load.
  Statement& cached(const std::string& sql);
  /// The single value of a one-row, one-column query ("PRAGMA user_version").
  int64_t scalar_int(std::string_view sql);
  std::string scalar_text(std::string_view sql);

  int64_t last_insert_rowid() const;
  bool read_only() const;
  sqlite3* handle() const { return db_; }
  void close();

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

/// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (an exception).
/// IMMEDIATE takes the write lock at once, so a second writer waits (busy timeout)
/// instead of failing halfway through a batch.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace kgls::sql
