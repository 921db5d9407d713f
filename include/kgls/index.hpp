// The graph index: the workspace's entities, fields, edges and aliases in SQLite, kept in
// step with the `.kg` files, and the graph queries the card, the CLI and the language
// server ask of it. The schema is documented in docs/index.md.
//
// Architecture invariant: the index is a cache and the `.kg` files are the truth. A
// missing, damaged, foreign-version or unwritable index file gives a one-line notice and a
// rebuild (or an in-memory index), never a crash and never a refusal to work. The index
// never writes a `.kg` file.
//
// The API speaks IDs and workspace-relative paths; it knows nothing of LSP or JSON.
// An Index belongs to one thread at a time.
#pragma once
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kgls/diagnostic.hpp"
#include "kgls/graph_reader.hpp"
#include "kgls/model.hpp"
#include "kgls/sqlite.hpp"
#include "kgls/support/fold.hpp"  // fold_case: the key prefix search compares.
#include "kgls/text.hpp"

namespace kgls {

class EmbeddingTable;

/// Where the index lives. The default is the user's cache folder.
struct IndexOptions {
  std::filesystem::path root;                 // The workspace folder.
  std::optional<std::filesystem::path> file;  // `--index PATH` or the `kgls.index.path` setting.
  bool in_memory = false;                     // `--no-index`.
};

/// `$XDG_CACHE_HOME/kgls/<hash of root>/index.db`, else `~/.cache/kgls/...`; empty when
/// neither variable is set. `root` should be canonical (Index::open makes it so).
std::filesystem::path default_index_path(const std::filesystem::path& root);

/// What a refresh did.
struct IndexStats {
  size_t files = 0;      // `.kg` files in the workspace now.
  size_t parsed = 0;     // Files read and parsed (new or changed content).
  size_t unchanged = 0;  // Same size, mtime and hash: not parsed.
  size_t touched = 0;    // Same content under a new mtime: stamp updated, not parsed.
  size_t renamed = 0;    // Same content under a new path: path updated, not parsed.
  size_t removed = 0;    // Files gone from the workspace.
  size_t entities = 0;   // Totals in the index after the refresh.
  size_t edges = 0;
  double milliseconds = 0;
  std::vector<std::string> errors;  // Unreadable files or folders, one line each.
};

/// One definition of an entity, as stored.
struct EntityRecord {
  int64_t key = 0;   // The row's key in `entities` (stable until the file changes).
  std::string id;
  std::string kind;
  std::string title;  // `title`, else the ID.
  std::string status;
  std::string summary;
  std::string path;  // Workspace-relative, '/'-separated.
  SourceRange range;
  SourceRange id_range;
};

struct FieldRecord {
  std::string key;
  Value::Type type = Value::Type::Word;
  std::string value;  // As Value::display() gives it.
  std::vector<std::string> items;  // The list's items (or the one scalar text).
  SourceRange range;
};

/// An edge as written: `source relation target "note"` in `path`.
struct EdgeRecord {
  std::string source;
  std::string relation;
  std::string target;
  std::string note;
  std::string path;
  SourceRange range;
  SourceRange target_range;
};

/// A search hit for completion and workspace symbols.
struct SymbolMatch {
  enum class Via { Id, Title, Alias, Text };
  EntityRecord entity;
  Via via = Via::Id;
  std::string matched;  // The ID, title or alias that matched (the summary for Text).
  double score = 0;     // Higher is better; comparable within one result list only.
};

/// A close ID or title for "did you mean".
struct Suggestion {
  std::string id;
  std::string title;
  size_t distance = 0;  // Edit distance to the nearer of the two (case-insensitive).
};

/// The diagnostics published for one file and the text they were computed from, as the
/// index keeps them for the next start.
struct FileDiagnostics {
  std::string path;  // Absolute (inside the root) or workspace-relative.
  std::string_view text;
  std::vector<Diagnostic> diagnostics;  // Empty: nothing is kept for the file.
};

/// A likely-duplicate pair as the index keeps it between starts.
struct StoredDuplicate {
  std::string a, b;  // IDs, a < b.
  double score = 0;
  double cosine = 0;
  std::string reason;
  std::vector<std::string> disagreements;
};

class Index {
 public:
  using Progress = std::function<void(size_t done, size_t total)>;

  /// Opens the index for a workspace; never throws for a bad index file (see the
  /// invariant). `notices` receives one line per fallback or rebuild. Throws only when
  /// not even an in-memory database can be made.
  static std::unique_ptr<Index> open(const IndexOptions& options, std::vector<std::string>& notices);

  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  /// Brings the index in step with the files on disk, in one transaction: unchanged files
  /// are not parsed; changed, added, deleted and renamed files replace exactly their rows.
  /// A damaged index found on the way is rebuilt (with a notice).
  IndexStats refresh(const Progress& progress = {});

  /// Replaces one file's rows from a parsed document (an editor's unsaved buffer).
  /// `document.path` is workspace-relative or absolute inside the root. The stored stamp
  /// is left stale, so the next refresh re-reads the file from disk.
  void put_document(const Document& document);
  /// Removes one file's rows (workspace-relative or absolute path).
  void remove_file(std::string_view path);

  /// The likely duplicates a similarity pass found, stored for the next start under `key`
  /// (what the pass read and its settings, as the similarity layer hashes them): replaces
  /// whatever was stored.
  void put_duplicates(std::string_view key, const std::vector<StoredDuplicate>& pairs);
  /// The pairs stored under `key`, or nullopt when none are (another key, or none at all).
  std::optional<std::vector<StoredDuplicate>> duplicates(std::string_view key);

  /// Keeps each file's published diagnostics for the next start, in one transaction.
  void put_diagnostics(const std::vector<FileDiagnostics>& files);
  /// The diagnostics kept for files whose text is still the one they were computed from
  /// (same size and mtime as the index read, and the same content hash), by absolute path
  /// under `options.root`. Reads the index file without writing or waiting for a writer,
  /// so a start can publish them before it parses; empty when there is no index file, it
  /// is of another version or unreadable (with a notice), or it is in memory.
  static std::map<std::string, std::vector<Diagnostic>> fresh_diagnostics(
      const IndexOptions& options, std::vector<std::string>& notices);

  /// One-line notices gathered since the last call (a rebuild found during refresh).
  std::vector<std::string> take_notices();

  const std::filesystem::path& root() const { return root_; }
  /// The index file; empty when the index is in memory.
  const std::filesystem::path& location() const { return location_; }
  bool in_memory() const { return location_.empty(); }

  // ---- Queries ----

  /// The first definition of an ID (in path order, then file order), if any.
  std::optional<EntityRecord> entity(std::string_view id);
  /// Every definition of an ID (more than one is a duplicate-id error).
  std::vector<EntityRecord> definitions(std::string_view id);
  /// The fields of one definition, in file order.
  std::vector<FieldRecord> fields(int64_t entity_key);
  std::vector<std::string> aliases(int64_t entity_key);
  /// Every edge of the ID's definitions (its source), in path and position order.
  std::vector<EdgeRecord> outgoing(std::string_view id);
  /// Every edge whose target is the ID, in path and position order.
  std::vector<EdgeRecord> backlinks(std::string_view id);
  /// Edges touching an ID, in and out.
  int64_t edge_count(std::string_view id);
  /// IDs, titles and aliases that start with the prefix (ASCII case-insensitive).
  std::vector<SymbolMatch> search_prefix(std::string_view prefix, size_t limit = 50);
  /// Full-text search (FTS5) over IDs, titles, aliases and summaries; every word of the
  /// query must match the start of a word. Best (bm25) first.
  std::vector<SymbolMatch> search_text(std::string_view query, size_t limit = 50);
  /// The IDs and titles closest to a string that matched nothing, closest first.
  std::vector<Suggestion> did_you_mean(std::string_view query, size_t limit = 5);
  /// The `plural` a `kind` entity declares for a kind, or "".
  std::string kind_plural(std::string_view kind);
  /// The IDs of the `kind` entities, in path and file order (the first of each ID).
  std::vector<std::string> declared_kinds();

  /// Everything, for export: the first definition of every ID in path order, and every edge.
  std::vector<EntityRecord> all_entities();
  std::vector<EdgeRecord> all_edges();
  size_t entity_count();
  size_t edge_count_total();
  size_t file_count();

  /// The `embeddings` table on the index's connection, for the similarity layer's
  /// embedding cache. It survives ordinary refreshes.
  EmbeddingTable& embeddings();

 private:
  Index() = default;
  struct Stamp;
  void recover(const sql::Error& error);
  template <typename F>
  auto guarded(F&& query) -> decltype(query());
  IndexStats refresh_once(const Progress& progress);
  int64_t file_key(std::string_view relative, const Stamp& stamp);
  void insert_document(int64_t file_key, const Document& document);
  void delete_file_rows(int64_t file_key);
  std::string relative_path(std::string_view path) const;

  std::filesystem::path root_;
  std::filesystem::path location_;
  sql::Database db_;
  std::unique_ptr<EmbeddingTable> embeddings_;  // On db_, made on first use.
  std::vector<std::string> notices_;
};

/// The graph questions (graph_reader.hpp) answered from the index: what `kgls show` reads.
/// Files are named workspace-relative. The strings its views point to are kept until the
/// reader is destroyed.
class IndexGraph final : public GraphReader {
 public:
  explicit IndexGraph(Index& index) : index_(index) {}
  std::optional<GraphEntity> entity(std::string_view id) const override;
  std::vector<EdgeView> edges(std::string_view id) const override;
  GraphNeighbour neighbour(std::string_view id) const override;
  std::string summary(std::string_view id) const override;
  std::vector<std::string> declared_kinds() const override;
  std::string kind_plural(std::string_view kind) const override;

 private:
  Index& index_;
  mutable std::deque<EdgeRecord> edges_;  // What edges() returned views into.
  mutable std::unordered_map<std::string, std::optional<EntityRecord>> entities_;  // neighbour() lookups.
};

/// The `embeddings` table: one vector per (embedder, text hash), so that nothing is
/// embedded twice; vectors as little-endian float32. The one home of that table's SQL (the
/// index creates it with its schema). Failures are `sql::Error`s: the similarity layer's
/// cache turns them into misses. Belongs to one thread at a time, like its connection.
class EmbeddingTable {
 public:
  /// On a connection the caller keeps open (the index's); creates the table when missing.
  explicit EmbeddingTable(sql::Database& db);
  /// On a database file of its own (a cache without an index). Throws sql::Error when the
  /// file cannot be opened as a database.
  explicit EmbeddingTable(const std::filesystem::path& file);
  ~EmbeddingTable();
  EmbeddingTable(const EmbeddingTable&) = delete;
  EmbeddingTable& operator=(const EmbeddingTable&) = delete;

  /// The vector stored for the pair; nullopt when there is none or the row is damaged (a
  /// blob that does not hold `dim` floats).
  std::optional<std::vector<float>> get(std::string_view embedder, std::string_view text_hash);
  /// Stores (or replaces) the pair's vector.
  void put(std::string_view embedder, std::string_view text_hash, const std::vector<float>& vector);
  /// Groups the puts until end_batch() in one transaction; an unfinished batch is rolled
  /// back when the table is destroyed.
  void begin_batch();
  void end_batch();

 private:
  std::unique_ptr<sql::Database> owned_;
  sql::Database* db_ = nullptr;
  std::unique_ptr<sql::Transaction> batch_;
};

}  // namespace kgls
