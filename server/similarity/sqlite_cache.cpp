// The embedding cache in the index's SQLite file. A cache must never be the reason a
// feature fails: every SQLite error becomes a miss (get) or a lost write (put), remembered in
// last_error() for whoever wants to report it.
#include <bit>
#include <cstring>

#include "kgls/embedding.hpp"
#include "kgls/index.hpp"  // create_embedding_table
#include "kgls/sqlite.hpp"

namespace kgls {

static_assert(std::endian::native == std::endian::little,
              "the cache stores little-endian float32; add a byte swap for this platform");

namespace {

constexpr const char* kSelect = "SELECT dim, vector FROM embeddings WHERE embedder = ?1 AND text_hash = ?2";
constexpr const char* kInsert =
    "INSERT OR REPLACE INTO embeddings(embedder, text_hash, dim, vector) VALUES (?1, ?2, ?3, ?4)";

}  // namespace

SqliteEmbeddingCache::SqliteEmbeddingCache(sql::Database& db) : db_(&db) { prepare(); }

SqliteEmbeddingCache::SqliteEmbeddingCache(const std::filesystem::path& path)
    : owned_(std::make_unique<sql::Database>(sql::Database::open(path))), db_(owned_.get()) {
  db_->exec("PRAGMA busy_timeout = 2000");
  prepare();
}

SqliteEmbeddingCache::~SqliteEmbeddingCache() {
  batch_.reset();  // Rolls back an unfinished batch.
}

void SqliteEmbeddingCache::prepare() {
  try {
    // The index creates this table with its schema; a standalone file needs it too.
    create_embedding_table(*db_);
  } catch (const sql::Error& e) {
    last_error_ = e.what();
  }
}

std::optional<Vector> SqliteEmbeddingCache::get(const std::string& embedder, const std::string& hash) {
  try {
    sql::Statement& select = db_->cached(kSelect);
    select.bind(1, embedder).bind(2, hash);
    std::optional<Vector> out;
    if (select.step()) {
      const int64_t dim = select.column_int(0);
      const std::string_view blob = select.column_blob(1);
      // A row that does not hold `dim` floats is damaged: treat it as missing.
      if (dim > 0 && blob.size() == static_cast<size_t>(dim) * sizeof(float)) {
        out.emplace(static_cast<size_t>(dim));
        std::memcpy(out->data(), blob.data(), blob.size());
      }
    }
    select.reset();
    return out;
  } catch (const sql::Error& e) {
    last_error_ = e.what();
    return std::nullopt;
  }
}

void SqliteEmbeddingCache::put(const std::string& embedder, const std::string& hash, const Vector& vector) {
  try {
    sql::Statement& insert = db_->cached(kInsert);
    insert.bind(1, embedder).bind(2, hash).bind(3, static_cast<int64_t>(vector.size()));
    insert.bind_blob(4, vector.data(), vector.size() * sizeof(float));
    insert.run();
  } catch (const sql::Error& e) {
    last_error_ = e.what();
  }
}

void SqliteEmbeddingCache::begin_batch() {
  try {
    if (!batch_) batch_ = std::make_unique<sql::Transaction>(*db_);
  } catch (const sql::Error& e) {
    last_error_ = e.what();  // Inside the caller's transaction, or locked: write row by row.
  }
}

void SqliteEmbeddingCache::end_batch() {
  if (!batch_) return;
  try {
    batch_->commit();
  } catch (const sql::Error& e) {
    last_error_ = e.what();
  }
  batch_.reset();
}

}  // namespace kgls
