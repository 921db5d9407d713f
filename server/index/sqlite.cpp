// The SQLite wrapper: every failing call becomes an Error that says what was being done.
#include "kgls/sqlite.hpp"

#include <sqlite3.h>

#include <limits>

namespace kgls::sql {

namespace {

std::string describe(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  // sqlite3_errmsg describes the connection's last error, which is this one; without a
  // connection only the code's generic text is known.
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return message;
}

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  throw Error(rc & 0xFF, describe(db, rc, what));
}

int size_arg(size_t size) {
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    throw Error(SQLITE_TOOBIG, "value too large for SQLite");
  }
  return static_cast<int>(size);
}

}  // namespace

bool Error::damaged() const { return code_ == SQLITE_CORRUPT || code_ == SQLITE_NOTADB; }

bool Error::unwritable() const {
  return code_ == SQLITE_READONLY || code_ == SQLITE_CANTOPEN || code_ == SQLITE_PERM ||
         code_ == SQLITE_IOERR || code_ == SQLITE_FULL || code_ == SQLITE_AUTH;
}

// ---- Statement ----

Statement::Statement(sqlite3* db, std::string_view sql) {
  const int rc = sqlite3_prepare_v2(db, sql.data(), size_arg(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    fail(db, rc, "preparing `" + std::string(sql.substr(0, 60)) + "`");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

void Statement::check(int rc, const char* what) const {
  if (rc != SQLITE_OK) fail(sqlite3_db_handle(stmt_), rc, what);
}

Statement& Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so callers may pass temporaries.
  check(sqlite3_bind_text(stmt_, index, text.data(), size_arg(text.size()), SQLITE_TRANSIENT), "binding text");
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value), "binding an integer");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check(sqlite3_bind_double(stmt_, index, value), "binding a number");
  return *this;
}

Statement& Statement::bind_null(int index) {
  check(sqlite3_bind_null(stmt_, index), "binding null");
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, size_t size) {
  check(sqlite3_bind_blob(stmt_, index, data, size_arg(size), SQLITE_TRANSIENT), "binding a blob");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string what = "running `";
  const char* sql = sqlite3_sql(stmt_);
  what += std::string_view(sql ? sql : "").substr(0, 60);
  what += "`";
  const std::string message = describe(db, rc, what);  // Before reset, which may clear it.
  sqlite3_reset(stmt_);
  throw Error(rc & 0xFF, message);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::column_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::column_text(int column) const { return std::string(column_view(column)); }

std::string_view Statement::column_view(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!text) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::column_blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (!data) return {};
  return {data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

// ---- Database ----

Database Database::open(const std::filesystem::path& path, Mode mode) {
  sqlite3* db = nullptr;
  const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = describe(db, rc, "opening " + path.string());
    sqlite3_close_v2(db);
    throw Error(rc & 0xFF, message);
  }
  sqlite3_extended_result_codes(db, 0);
  return Database(db);
}

Database Database::memory() {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = describe(db, rc, "opening an in-memory database");
    sqlite3_close_v2(db);
    throw Error(rc & 0xFF, message);
  }
  return Database(db);
}

Database::~Database() { close(); }

Database::Database(Database&& other) noexcept : db_(other.db_), cache_(std::move(other.cache_)) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = other.db_;
    cache_ = std::move(other.cache_);
    other.db_ = nullptr;
  }
  return *this;
}

void Database::close() {
  cache_.clear();  // Finalize our statements before the connection goes.
  // close_v2 defers the close until any statement a caller still holds is finalized.
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string.
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = "running `" + text.substr(0, 60) + "`: " + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    throw Error(rc & 0xFF, message);
  }
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

Statement& Database::cached(const std::string& sql) {
  auto& slot = cache_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  slot->reset();
  return *slot;
}

int64_t Database::scalar_int(std::string_view sql) {
  Statement s(db_, sql);
  return s.step() ? s.column_int(0) : 0;
}

std::string Database::scalar_text(std::string_view sql) {
  Statement s(db_, sql);
  return s.step() ? s.column_text(0) : std::string();
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

bool Database::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

// ---- Transaction ----

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
  open_ = true;
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const Error&) {
    // The connection may already have rolled back (SQLite does on some errors); nothing
    // else can be done from a destructor.
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace kgls::sql
