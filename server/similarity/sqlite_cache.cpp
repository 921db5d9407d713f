// The embedding cache in the index's SQLite file (the index layer's `EmbeddingTable`). A
// cache must never be the reason a feature fails: every SQLite error becomes a miss (get)
// or a lost write (put), remembered in last_error() for whoever wants to report it.
#include "kgls/embedding.hpp"
#include "kgls/index.hpp"
#include "kgls/sqlite.hpp"

namespace kgls {

SqliteEmbeddingCache::SqliteEmbeddingCache(Index& index) {
  try {
    table_ = &index.embeddings();
  } catch (const sql::Error& e) {
    last_error_ = e.what();  // No table: every get a miss, every put lost.
  }
}

SqliteEmbeddingCache::SqliteEmbeddingCache(const std::filesystem::path& path) {
  try {
    owned_ = std::make_unique<EmbeddingTable>(path);
    table_ = owned_.get();
  } catch (const sql::Error& e) {
    last_error_ = e.what();  // Not a database, or not writable: a cache that misses.
  }
}

SqliteEmbeddingCache::~SqliteEmbeddingCache() = default;

std::optional<Vector> SqliteEmbeddingCache::get(const std::string& embedder, const std::string& hash) {
  if (!table_) return std::nullopt;
  try {
    return table_->get(embedder, hash);
  } catch (const sql::Error& e) {
    last_error_ = e.what();
    return std::nullopt;
  }
}

void SqliteEmbeddingCache::put(const std::string& embedder, const std::string& hash, const Vector& vector) {
  if (!table_) return;
  try {
    table_->put(embedder, hash, vector);
  } catch (const sql::Error& e) {
    last_error_ = e.what();
  }
}

void SqliteEmbeddingCache::begin_batch() {
  if (!table_) return;
  try {
    table_->begin_batch();
  } catch (const sql::Error& e) {
    last_error_ = e.what();  // Inside the caller's transaction, or locked: write row by row.
  }
}

void SqliteEmbeddingCache::end_batch() {
  if (!table_) return;
  try {
    table_->end_batch();
  } catch (const sql::Error& e) {
    last_error_ = e.what();
  }
}

}  // namespace kgls
