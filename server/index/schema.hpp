// The index's SQL schema (documented for people in docs/index.md; keep the two in step).
#pragma once
#include <string>

#include "kgls/sqlite.hpp"

namespace kgls::index_schema {

/// Stored in `PRAGMA user_version`. Bump it whenever a table changes: an index file with
/// another version is rebuilt from the `.kg` files.
constexpr int kVersion = 3;  // 2: likely_duplicates; 3: diagnostics.

/// The six columns of a stored SourceRange, e.g. `id_start_byte, ..., id_end_col`.
/// Lines and columns are 0-based; columns count UTF-16 code units (as LSP does).
std::string range_columns(const std::string& prefix);

/// Creates every table, the secondary indexes, and sets user_version.
void create(sql::Database& db);

/// A bulk load is faster into tables without their secondary indexes; these drop them
/// before and build them after.
void drop_secondary_indexes(sql::Database& db);
void create_secondary_indexes(sql::Database& db);

/// Creates the `embeddings` table when it is missing: `create` does, and so does an
/// `EmbeddingTable` on a file of its own. The one definition of that table.
void create_embedding_table(sql::Database& db);

/// Connection settings every index connection uses (WAL, busy timeout, ...).
void configure(sql::Database& db);

}  // namespace kgls::index_schema
