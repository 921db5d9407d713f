// The `embeddings` table's reads and writes: the one place its SQL lives besides its
// CREATE TABLE (schema.cpp).
#include <bit>
#include <cstring>

#include "kgls/index.hpp"
#include "kgls/sqlite.hpp"
#include "schema.hpp"

namespace kgls {

static_assert(std::endian::native == std::endian::little,
              "the table stores little-endian float32; add a byte swap for this platform");

namespace {

constexpr const char* kSelect = "SELECT dim, vector FROM embeddings WHERE embedder = ?1 AND text_hash = ?2";
constexpr const char* kInsert =
    "INSERT OR REPLACE INTO embeddings(embedder, text_hash, dim, vector) VALUES (?1, ?2, ?3, ?4)";

}  // namespace

EmbeddingTable::EmbeddingTable(sql::Database& db) : db_(&db) { index_schema::create_embedding_table(*db_); }

EmbeddingTable::EmbeddingTable(const std::filesystem::path& file)
    : owned_(std::make_unique<sql::Database>(sql::Database::open(file))), db_(owned_.get()) {
  db_->exec("PRAGMA busy_timeout = 2000");
  index_schema::create_embedding_table(*db_);
}

EmbeddingTable::~EmbeddingTable() {
  batch_.reset();  // Rolls back an unfinished batch.
}

std::optional<std::vector<float>> EmbeddingTable::get(std::string_view embedder, std::string_view text_hash) {
  sql::Statement& select = db_->cached(kSelect);
  select.bind(1, embedder).bind(2, text_hash);
  std::optional<std::vector<float>> out;
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
}

void EmbeddingTable::put(std::string_view embedder, std::string_view text_hash, const std::vector<float>& vector) {
  sql::Statement& insert = db_->cached(kInsert);
  insert.bind(1, embedder).bind(2, text_hash).bind(3, static_cast<int64_t>(vector.size()));
  insert.bind_blob(4, vector.data(), vector.size() * sizeof(float));
  insert.run();
}

void EmbeddingTable::begin_batch() {
  if (!batch_) batch_ = std::make_unique<sql::Transaction>(*db_);
}

void EmbeddingTable::end_batch() {
  if (!batch_) return;
  std::unique_ptr<sql::Transaction> batch = std::move(batch_);
  batch->commit();
}

EmbeddingTable& Index::embeddings() {
  if (!embeddings_) embeddings_ = std::make_unique<EmbeddingTable>(db_);
  return *embeddings_;
}

}  // namespace kgls
