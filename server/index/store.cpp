// Opening the index (and falling back when its file is unusable) and keeping it in step
// with the `.kg` files: the writer side of kgls::Index.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "kgls/files.hpp"
#include "kgls/index.hpp"
#include "kgls/support/clock.hpp"
#include "kgls/support/fold.hpp"
#include "rows.hpp"
#include "schema.hpp"

namespace fs = std::filesystem;

namespace kgls {

using index_rows::bind_range;
using index_rows::content_hash;

fs::path default_index_path(const fs::path& root) {
  fs::path cache;
  // XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg && fs::path(xdg).is_absolute()) {
    cache = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    cache = fs::path(home) / ".cache";
  } else {
    return {};
  }
  // One folder per workspace root, named by a hash of its path so that any root fits.
  return cache / "kgls" / index_rows::content_hash(root.generic_string()) / "index.db";
}

/// A file's identity on disk: when all three match the stored row, the file is not parsed.
struct Index::Stamp {
  int64_t size = 0;
  int64_t mtime_ns = 0;
  std::string hash;
};

namespace {

const char* type_name(Value::Type type) {
  switch (type) {
    case Value::Type::String: return "string";
    case Value::Type::TextBlock: return "text";
    case Value::Type::Number: return "number";
    case Value::Type::Bool: return "bool";
    case Value::Type::Word: return "word";
    case Value::Type::List: return "list";
  }
  return "word";
}

void remove_database_files(const fs::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file.string() + suffix, ec);
}

// Opens the file and makes sure it holds a current index: creates the schema in a new
// file, rebuilds one of another version. Throws sql::Error when the file is unusable.
sql::Database open_current(const fs::path& file, const fs::path& root, std::vector<std::string>& notices) {
  sql::Database db = sql::Database::open(file);
  if (db.read_only()) throw sql::Error(8 /* SQLITE_READONLY */, "the file is read-only");
  index_schema::configure(db);  // The first read of the header: a non-database fails here.
  const int64_t version = db.scalar_int("PRAGMA user_version");
  const bool empty = db.scalar_int("SELECT count(*) FROM sqlite_schema") == 0;
  if (!empty && version != index_schema::kVersion) {
    notices.push_back("index " + file.string() + " has schema version " + std::to_string(version) +
                      ", this kgls uses " + std::to_string(index_schema::kVersion) + "; rebuilding it");
    db.close();
    remove_database_files(file);
    db = sql::Database::open(file);
    index_schema::configure(db);
  }
  if (empty || version != index_schema::kVersion) {
    index_schema::create(db);
    auto meta = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
    meta.bind_all("root", root.generic_string()).run();
    meta.bind_all("writer", "kgls 0.1.0").run();
  } else {
    // Touch the tables the next steps read, so that a truncated file shows up now.
    db.scalar_int("SELECT count(*) FROM files");
  }
  return db;
}

sql::Database open_memory(const fs::path& root) {
  sql::Database db = sql::Database::memory();
  index_schema::create(db);
  db.prepare("INSERT INTO meta(key, value) VALUES ('root', ?1)").bind_all(root.generic_string()).run();
  return db;
}

}  // namespace

Index::~Index() = default;

std::unique_ptr<Index> Index::open(const IndexOptions& options, std::vector<std::string>& notices) {
  std::unique_ptr<Index> index(new Index());
  std::error_code ec;
  fs::path root = fs::absolute(options.root.empty() ? fs::path(".") : options.root, ec);
  const fs::path canonical = fs::weakly_canonical(root, ec);
  index->root_ = ec ? root.lexically_normal() : canonical;

  fs::path file;
  if (!options.in_memory) {
    file = options.file ? fs::absolute(*options.file, ec) : default_index_path(index->root_);
    if (file.empty()) notices.push_back("no cache folder ($XDG_CACHE_HOME and $HOME are unset); keeping the index in memory");
  }
  if (!file.empty()) {
    try {
      fs::create_directories(file.parent_path(), ec);
      if (ec) throw sql::Error(14 /* SQLITE_CANTOPEN */, "cannot create " + file.parent_path().string() + ": " + ec.message());
      index->db_ = open_current(file, index->root_, notices);
      index->location_ = file;
      return index;
    } catch (const sql::Error& error) {
      if (error.damaged()) {
        notices.push_back("index " + file.string() + " is damaged (" + error.what() + "); rebuilding it");
        try {
          remove_database_files(file);
          index->db_ = open_current(file, index->root_, notices);
          index->location_ = file;
          return index;
        } catch (const sql::Error& again) {
          notices.push_back("cannot rebuild index " + file.string() + " (" + again.what() + "); keeping the index in memory");
        }
      } else {
        notices.push_back("cannot use index " + file.string() + " (" + error.what() + "); keeping the index in memory");
      }
    }
  }
  index->db_ = open_memory(index->root_);
  index->location_.clear();
  return index;
}

std::vector<std::string> Index::take_notices() { return std::exchange(notices_, {}); }

// Called when a refresh hit an error in the index file: a damaged file is rebuilt, any
// other failure (read-only, disk full) moves the index to memory. Either way the caller
// retries, and the `.kg` files are read again.
void Index::recover(const sql::Error& error) {
  const fs::path file = location_;
  db_.close();
  location_.clear();
  if (error.damaged()) {
    notices_.push_back("index " + file.string() + " is damaged (" + error.what() + "); rebuilding it");
    try {
      remove_database_files(file);
      db_ = open_current(file, root_, notices_);
      location_ = file;
      return;
    } catch (const sql::Error& again) {
      notices_.push_back("cannot rebuild index " + file.string() + " (" + again.what() + "); keeping the index in memory");
    }
  } else {
    notices_.push_back("cannot write index " + file.string() + " (" + error.what() + "); keeping the index in memory");
  }
  db_ = open_memory(root_);
}

IndexStats Index::refresh(const Progress& progress) {
  try {
    return refresh_once(progress);
  } catch (const sql::Error& error) {
    if (in_memory()) throw;  // Nothing to fall back to: a bug, not a bad file.
    recover(error);
  }
  return refresh_once(progress);
}

std::string Index::relative_path(std::string_view path) const {
  fs::path p(path);
  if (p.is_absolute()) {
    const fs::path rel = p.lexically_relative(root_);
    if (!rel.empty() && *rel.begin() != "..") p = rel;
  }
  return p.lexically_normal().generic_string();
}

int64_t Index::file_key(std::string_view relative, const Stamp& stamp) {
  auto& insert = db_.cached("INSERT INTO files(path, size, mtime_ns, hash) VALUES (?1, ?2, ?3, ?4)");
  insert.bind_all(relative, stamp.size, stamp.mtime_ns, stamp.hash).run();
  return db_.last_insert_rowid();
}

void Index::delete_file_rows(int64_t key) {
  static const char* kDeletes[] = {
      "DELETE FROM search WHERE rowid IN (SELECT entity FROM entities WHERE file = ?1)",
      "DELETE FROM fields WHERE entity IN (SELECT entity FROM entities WHERE file = ?1)",
      "DELETE FROM aliases WHERE entity IN (SELECT entity FROM entities WHERE file = ?1)",
      "DELETE FROM edges WHERE file = ?1",
      "DELETE FROM entities WHERE file = ?1",
      "DELETE FROM files WHERE id = ?1",
  };
  for (const char* sql : kDeletes) db_.cached(sql).bind_all(key).run();
}

void Index::insert_document(int64_t file, const Document& document) {
  auto& entity_insert = db_.cached(
      "INSERT INTO entities(file, ord, id, kind, title, status, summary, id_key, title_key, "
      "start_byte, end_byte, start_line, start_col, end_line, end_col, "
      "id_start_byte, id_end_byte, id_start_line, id_start_col, id_end_line, id_end_col) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)");
  auto& field_insert = db_.cached(
      "INSERT INTO fields(entity, ord, key, type, item, value, "
      "start_byte, end_byte, start_line, start_col, end_line, end_col) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  auto& alias_insert = db_.cached("INSERT INTO aliases(entity, ord, alias, alias_key) VALUES (?1, ?2, ?3, ?4)");
  auto& edge_insert = db_.cached(
      "INSERT INTO edges(entity, file, ord, source, relation, target, note, "
      "start_byte, end_byte, start_line, start_col, end_line, end_col, "
      "relation_start_byte, relation_end_byte, relation_start_line, relation_start_col, relation_end_line, relation_end_col, "
      "target_start_byte, target_end_byte, target_start_line, target_start_col, target_end_line, target_end_col) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
      "?22, ?23, ?24, ?25)");
  auto& search_insert = db_.cached("INSERT INTO search(rowid, id, title, aliases, summary) VALUES (?1, ?2, ?3, ?4, ?5)");

  int64_t edge_ord = 0;
  for (size_t ord = 0; ord < document.entities.size(); ++ord) {
    const Entity& e = document.entities[ord];
    const std::string title = e.title();
    const std::string summary = e.summary();
    entity_insert.bind_all(file, static_cast<int64_t>(ord), e.id, e.kind, title, e.status(), summary, fold_case(e.id),
                           fold_case(title));
    bind_range(entity_insert, bind_range(entity_insert, 10, e.range), e.id_range);
    entity_insert.run();
    const int64_t key = db_.last_insert_rowid();

    for (size_t f = 0; f < e.fields.size(); ++f) {
      const Field& field = e.fields[f];
      auto insert = [&](std::optional<int64_t> item, const std::string& value) {
        field_insert.bind_all(key, static_cast<int64_t>(f), field.key, type_name(field.value.type));
        if (item) {
          field_insert.bind(5, *item);
        } else {
          field_insert.bind_null(5);
        }
        field_insert.bind(6, value);
        bind_range(field_insert, 7, field.range);
        field_insert.run();
      };
      if (field.value.type != Value::Type::List) {
        insert(std::nullopt, field.value.text);
      } else if (field.value.items.empty()) {
        insert(std::nullopt, "");
      } else {
        for (size_t i = 0; i < field.value.items.size(); ++i) insert(static_cast<int64_t>(i), field.value.items[i].text);
      }
    }

    const std::vector<std::string> aliases = e.aliases();
    std::string alias_text;
    for (size_t a = 0; a < aliases.size(); ++a) {
      alias_insert.bind_all(key, static_cast<int64_t>(a), aliases[a], fold_case(aliases[a])).run();
      if (a) alias_text += '\n';
      alias_text += aliases[a];
    }

    for (const Edge& edge : e.edges) {
      edge_insert.bind_all(key, file, edge_ord++, e.id, edge.relation, edge.target);
      if (edge.note) {
        edge_insert.bind(7, *edge.note);
      } else {
        edge_insert.bind_null(7);
      }
      bind_range(edge_insert, bind_range(edge_insert, bind_range(edge_insert, 8, edge.range), edge.relation_range),
                 edge.target_range);
      edge_insert.run();
    }

    search_insert.bind_all(key, e.id, title, alias_text, summary).run();
  }
}

IndexStats Index::refresh_once(const Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  IndexStats stats;
  FileScan scan = find_kg_files(root_);
  stats.errors = std::move(scan.errors);
  stats.files = scan.files.size();

  struct Stored {
    int64_t key = 0;
    Stamp stamp;
    bool seen = false;
  };
  // The write lock from the start, so the rows compared are the rows replaced even when
  // another kgls shares the file.
  sql::Transaction tx(db_);
  std::map<std::string, Stored, std::less<>> stored;
  {
    auto rows = db_.prepare("SELECT id, path, size, mtime_ns, hash FROM files");
    while (rows.step()) {
      stored[rows.column_text(1)] = {rows.column_int(0), {rows.column_int(2), rows.column_int(3), rows.column_text(4)}};
    }
  }
  // A first build loads into bare tables and indexes them once at the end.
  const bool bulk = stored.empty() && db_.scalar_int("SELECT count(*) FROM entities") == 0;

  struct Pending {
    std::string path;
    std::string text;
    Stamp stamp;
    int64_t old_key = 0;  // The file's previous rows, if any.
  };
  std::vector<Pending> pending;
  size_t done = 0;
  const size_t total = scan.files.size();
  auto step = [&] {
    ++done;
    if (progress) progress(done, total);
  };

  if (bulk) index_schema::drop_secondary_indexes(db_);

  for (const fs::path& absolute : scan.files) {
    const std::string path = relative_path(absolute.string());
    auto it = stored.find(path);
    if (it != stored.end()) it->second.seen = true;  // Unreadable now: keep what we knew.
    std::error_code ec;
    Stamp stamp;
    stamp.size = static_cast<int64_t>(fs::file_size(absolute, ec));
    const auto mtime = fs::last_write_time(absolute, ec);
    // Unix time, so that people reading `files` with sqlite3 can make sense of it.
    stamp.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                         .count();
    std::string text, error;
    if (ec || !read_file(absolute, text, error)) {
      stats.errors.push_back(path + ": " + (ec ? ec.message() : error));
      step();
      continue;
    }
    // The hash is checked on every start, so an edit that keeps size and mtime is seen.
    stamp.hash = content_hash(text);
    if (it != stored.end()) {
      const Stamp& old = it->second.stamp;
      if (old.hash == stamp.hash) {
        if (old.size == stamp.size && old.mtime_ns == stamp.mtime_ns) {
          ++stats.unchanged;
        } else {
          db_.cached("UPDATE files SET size = ?2, mtime_ns = ?3 WHERE id = ?1")
              .bind_all(it->second.key, stamp.size, stamp.mtime_ns)
              .run();
          ++stats.touched;
        }
        step();
        continue;
      }
      pending.push_back({path, std::move(text), std::move(stamp), it->second.key});
    } else {
      pending.push_back({path, std::move(text), std::move(stamp), 0});
    }
  }

  // A new path with the content of a vanished one is a rename: move the rows, no parse.
  std::unordered_multimap<std::string, decltype(stored)::iterator> gone;
  for (auto it = stored.begin(); it != stored.end(); ++it) {
    if (!it->second.seen) gone.emplace(it->second.stamp.hash, it);
  }
  for (Pending& p : pending) {
    if (p.old_key) continue;
    auto match = gone.find(p.stamp.hash);
    if (match == gone.end()) continue;
    db_.cached("UPDATE files SET path = ?2, size = ?3, mtime_ns = ?4 WHERE id = ?1")
        .bind_all(match->second->second.key, p.path, p.stamp.size, p.stamp.mtime_ns)
        .run();
    gone.erase(match);
    p.path.clear();  // Done.
    ++stats.renamed;
    step();
  }
  for (const auto& [hash, it] : gone) {
    delete_file_rows(it->second.key);
    ++stats.removed;
  }
  std::erase_if(pending, [](const Pending& p) { return p.path.empty(); });
  // Parsing is most of a cold build and each file parses on its own, so batches of files
  // are parsed on all cores; SQLite has one writer, so rows go in on this thread, in order.
  const size_t workers = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t batch = 8 * workers;  // Bounds how many parsed documents are held at once.
  for (size_t begin = 0; begin < pending.size(); begin += batch) {
    const size_t end = std::min(pending.size(), begin + batch);
    std::vector<std::shared_ptr<const Document>> documents(end - begin);
    std::atomic<size_t> next{begin};
    auto parse = [&] {
      for (size_t i = next++; i < end; i = next++) {
        documents[i - begin] = parse_document(pending[i].path, std::move(pending[i].text), KeepTree::No);
      }
    };
    std::vector<std::thread> threads;
    for (size_t t = 1; t < std::min(workers, end - begin); ++t) threads.emplace_back(parse);
    parse();
    for (auto& thread : threads) thread.join();
    for (size_t i = begin; i < end; ++i) {
      const Pending& p = pending[i];
      if (p.old_key) delete_file_rows(p.old_key);
      insert_document(file_key(p.path, p.stamp), *documents[i - begin]);
      ++stats.parsed;
      step();
    }
  }

  if (bulk) index_schema::create_secondary_indexes(db_);
  tx.commit();
  stats.entities = entity_count();
  stats.edges = edge_count_total();
  stats.milliseconds = milliseconds_since(started);
  return stats;
}

void Index::put_document(const Document& document) {
  const std::string path = relative_path(document.path);
  sql::Transaction tx(db_);
  auto& find = db_.cached("SELECT id FROM files WHERE path = ?1");
  find.bind_all(path);
  const int64_t old = find.step() ? find.column_int(0) : 0;
  find.reset();
  if (old) delete_file_rows(old);
  // mtime -1 never matches a real file, so the next refresh compares hashes with disk.
  const int64_t key = file_key(path, {static_cast<int64_t>(document.text.size()), -1, content_hash(document.text)});
  insert_document(key, document);
  tx.commit();
}

void Index::remove_file(std::string_view path_in) {
  const std::string path = relative_path(path_in);
  sql::Transaction tx(db_);
  auto& find = db_.cached("SELECT id FROM files WHERE path = ?1");
  find.bind_all(path);
  const int64_t old = find.step() ? find.column_int(0) : 0;
  find.reset();
  if (old) delete_file_rows(old);
  db_.cached("DELETE FROM diagnostics WHERE path = ?1").bind_all(path).run();
  tx.commit();
}

}  // namespace kgls
