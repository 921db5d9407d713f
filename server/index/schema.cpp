// The index's tables. One row per file, entity, field value, alias and edge; an FTS5 table
// for search; and the similarity layer's embedding cache, which lives here so that one
// file holds everything derived from the workspace.
#include "schema.hpp"

namespace kgls::index_schema {

std::string range_columns(const std::string& p) {
  return p + "start_byte INTEGER NOT NULL, " + p + "end_byte INTEGER NOT NULL, " + p +
         "start_line INTEGER NOT NULL, " + p + "start_col INTEGER NOT NULL, " + p +
         "end_line INTEGER NOT NULL, " + p + "end_col INTEGER NOT NULL";
}

namespace {

// The secondary indexes, by name: what the graph queries and `sqlite3` users look up.
constexpr const char* kIndexes[][2] = {
    {"entities_id", "entities(id)"},
    {"entities_file", "entities(file)"},
    {"entities_kind", "entities(kind)"},
    {"entities_id_key", "entities(id_key)"},
    {"entities_title_key", "entities(title_key)"},
    {"fields_entity", "fields(entity)"},
    {"fields_key", "fields(key, value)"},
    {"aliases_entity", "aliases(entity)"},
    {"aliases_key", "aliases(alias_key)"},
    {"edges_source", "edges(source)"},
    {"edges_target", "edges(target)"},
    {"edges_entity", "edges(entity)"},
    {"edges_file", "edges(file)"},
};

}  // namespace

void configure(sql::Database& db) {
  // Another kgls (the language server and a CLI run) may hold the write lock briefly.
  db.exec("PRAGMA busy_timeout = 5000");
  // WAL: readers never block the writer, and a crash mid-batch leaves the last commit.
  db.scalar_text("PRAGMA journal_mode = WAL");
  // The index is a cache: losing the last commit on power loss only costs a re-parse.
  db.exec("PRAGMA synchronous = NORMAL");
}

void create(sql::Database& db) {
  sql::Transaction tx(db);
  db.exec(
      // Which workspace this file indexes, and which kgls wrote it (for people reading it).
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      // One row per `.kg` file. size + mtime + hash decide whether it must be re-parsed.
      "CREATE TABLE files("
      "  id INTEGER PRIMARY KEY,"
      "  path TEXT NOT NULL UNIQUE,"  // Workspace-relative, '/'-separated.
      "  size INTEGER NOT NULL,"
      "  mtime_ns INTEGER NOT NULL,"
      "  hash TEXT NOT NULL);");  // 64-bit FNV-1a of the bytes, 16 hex digits.
  // One row per entity definition (a duplicate ID has several rows).
  db.exec(
      "CREATE TABLE entities("
      "  entity INTEGER PRIMARY KEY,"
      "  file INTEGER NOT NULL,"  // files.id
      "  ord INTEGER NOT NULL,"   // Position among the file's entities.
      "  id TEXT NOT NULL, kind TEXT NOT NULL,"
      "  title TEXT NOT NULL,"  // The `title` field, else the ID.
      "  status TEXT NOT NULL, summary TEXT NOT NULL,"
      "  id_key TEXT NOT NULL, title_key TEXT NOT NULL,"  // ASCII-lowercased, for prefix search.
      " " + range_columns("") + ", " + range_columns("id_") + ");");
  // Every field value: a scalar is one row (item NULL); a list is one row per item
  // (item = 0, 1, ...), or one row with item NULL and value '' when empty.
  db.exec(
      "CREATE TABLE fields("
      "  entity INTEGER NOT NULL, ord INTEGER NOT NULL, key TEXT NOT NULL,"
      "  type TEXT NOT NULL,"  // string, text, number, bool, word, list
      "  item INTEGER, value TEXT NOT NULL,"
      " " + range_columns("") + ");");
  db.exec(
      "CREATE TABLE aliases("
      "  entity INTEGER NOT NULL, ord INTEGER NOT NULL,"
      "  alias TEXT NOT NULL, alias_key TEXT NOT NULL);");
  // One row per edge as written; `target` is an ID that may resolve to nothing.
  db.exec(
      "CREATE TABLE edges("
      "  edge INTEGER PRIMARY KEY,"
      "  entity INTEGER NOT NULL,"  // The source definition's entities.entity.
      "  file INTEGER NOT NULL, ord INTEGER NOT NULL,"
      "  source TEXT NOT NULL, relation TEXT NOT NULL, target TEXT NOT NULL,"
      "  note TEXT,"  // NULL when the edge has none.
      " " + range_columns("") + ", " + range_columns("relation_") + ", " + range_columns("target_") + ");");
  // Full text over the entity's names and summary; rowid = entities.entity.
  db.exec(
      "CREATE VIRTUAL TABLE search USING fts5("
      "  id, title, aliases, summary, tokenize = 'unicode61 remove_diacritics 2');");
  // The similarity layer's embedding cache.
  create_embedding_table(db);
  // The likely duplicates of the last similarity pass, for the next start: valid while the
  // `duplicates_key` in `meta` (a hash of every text the pass read and of its settings) is
  // the workspace's. Kept across refreshes; replaced whole by each pass.
  db.exec(
      "CREATE TABLE likely_duplicates("
      "  a TEXT NOT NULL, b TEXT NOT NULL,"  // The two IDs, a < b.
      "  score REAL NOT NULL, cosine REAL NOT NULL, reason TEXT NOT NULL,"
      "  disagreements TEXT NOT NULL);");  // One per line.
  // What the server last published for each file, with the content hash of the text it
  // was computed from (see diagnostics.cpp): a warm start publishes the rows whose file
  // is unchanged before it parses. Kept across refreshes.
  db.exec(
      "CREATE TABLE diagnostics("
      "  path TEXT PRIMARY KEY,"  // As files.path.
      "  hash TEXT NOT NULL,"     // As files.hash.
      "  payload BLOB NOT NULL);");
  create_secondary_indexes(db);
  db.exec("PRAGMA user_version = " + std::to_string(kVersion));
  tx.commit();
}

void drop_secondary_indexes(sql::Database& db) {
  for (const auto& index : kIndexes) db.exec(std::string("DROP INDEX IF EXISTS ") + index[0]);
}

void create_secondary_indexes(sql::Database& db) {
  for (const auto& index : kIndexes) {
    db.exec(std::string("CREATE INDEX IF NOT EXISTS ") + index[0] + " ON " + index[1]);
  }
}

void create_embedding_table(sql::Database& db) {
  // Filled by the similarity layer: one vector per (embedder, text), so nothing is embedded
  // twice. Kept across refreshes; dropped only with the whole file.
  db.exec(
      "CREATE TABLE IF NOT EXISTS embeddings("
      "  embedder TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL,"
      "  vector BLOB NOT NULL, PRIMARY KEY(embedder, text_hash));");
}

}  // namespace kgls::index_schema

