// The reader side of kgls::Index: entities, edges, backlinks and search.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "kgls/index.hpp"
#include "kgls/support/edit_distance.hpp"
#include "kgls/support/fold.hpp"
#include "rows.hpp"

namespace kgls {

using index_rows::read_range;

namespace {

// Columns 0..6 then two ranges at 7 and 13; `e` is entities, `f` is files.
constexpr const char* kEntityColumns =
    "e.entity, e.id, e.kind, e.title, e.status, e.summary, f.path, "
    "e.start_byte, e.end_byte, e.start_line, e.start_col, e.end_line, e.end_col, "
    "e.id_start_byte, e.id_end_byte, e.id_start_line, e.id_start_col, e.id_end_line, e.id_end_col "
    "FROM entities e JOIN files f ON f.id = e.file ";

EntityRecord read_entity(const sql::Statement& s) {
  EntityRecord r;
  r.key = s.column_int(0);
  r.id = s.column_text(1);
  r.kind = s.column_text(2);
  r.title = s.column_text(3);
  r.status = s.column_text(4);
  r.summary = s.column_text(5);
  r.path = s.column_text(6);
  r.range = read_range(s, 7);
  r.id_range = read_range(s, 13);
  return r;
}

// Columns 0..4 then three ranges at 5, 11 and 17 (whole edge, relation, target).
constexpr const char* kEdgeColumns =
    "d.source, d.relation, d.target, d.note, f.path, "
    "d.start_byte, d.end_byte, d.start_line, d.start_col, d.end_line, d.end_col, "
    "d.target_start_byte, d.target_end_byte, d.target_start_line, d.target_start_col, d.target_end_line, "
    "d.target_end_col "
    "FROM edges d JOIN files f ON f.id = d.file ";

EdgeRecord read_edge(const sql::Statement& s) {
  EdgeRecord r;
  r.source = s.column_text(0);
  r.relation = s.column_text(1);
  r.target = s.column_text(2);
  r.note = s.column_text(3);
  r.path = s.column_text(4);
  r.range = read_range(s, 5);
  r.target_range = read_range(s, 11);
  return r;
}

Value::Type type_of(std::string_view name) {
  if (name == "string") return Value::Type::String;
  if (name == "text") return Value::Type::TextBlock;
  if (name == "number") return Value::Type::Number;
  if (name == "bool") return Value::Type::Bool;
  if (name == "list") return Value::Type::List;
  return Value::Type::Word;
}

// The words of a search query as FTS5 prefix terms: `"word"*` each, all required. Quoting
// every word means a query can never be FTS5 syntax (NEAR, OR, column filters, ...).
std::string fts_query(std::string_view query) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += '"' + word + "\"*";
    word.clear();
  };
  for (char c : query) {
    const auto u = static_cast<unsigned char>(c);
    // Bytes of non-ASCII characters stay in the word; FTS5's tokenizer decides.
    if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace

// A damaged page can hide from the refresh (which reads only what it needs) and surface
// in a query: then the file is rebuilt from the `.kg` files and the query runs again.
template <typename F>
auto Index::guarded(F&& query) -> decltype(query()) {
  try {
    return query();
  } catch (const sql::Error& error) {
    if (in_memory() || !error.damaged()) throw;
    recover(error);
    refresh_once({});
  }
  return query();
}

std::optional<EntityRecord> Index::entity(std::string_view id) {
  return guarded([&]() -> std::optional<EntityRecord> {
    auto& s = db_.cached(std::string("SELECT ") + kEntityColumns + "WHERE e.id = ?1 ORDER BY f.path, e.ord LIMIT 1");
    s.bind_all(id);
    std::optional<EntityRecord> out;
    if (s.step()) out = read_entity(s);
    s.reset();
    return out;
  });
}

std::vector<EntityRecord> Index::definitions(std::string_view id) {
  return guarded([&]() -> std::vector<EntityRecord> {
    auto& s = db_.cached(std::string("SELECT ") + kEntityColumns + "WHERE e.id = ?1 ORDER BY f.path, e.ord");
    s.bind_all(id);
    std::vector<EntityRecord> out;
    while (s.step()) out.push_back(read_entity(s));
    return out;
  });
}

std::vector<FieldRecord> Index::fields(int64_t entity_key) {
  return guarded([&]() -> std::vector<FieldRecord> {
    auto& s = db_.cached(
        "SELECT ord, key, type, item, value, start_byte, end_byte, start_line, start_col, end_line, end_col "
        "FROM fields WHERE entity = ?1 ORDER BY ord, item");
    s.bind_all(entity_key);
    std::vector<FieldRecord> out;
    int64_t last_ord = -1;
    while (s.step()) {
      const int64_t ord = s.column_int(0);
      if (ord != last_ord) {
        last_ord = ord;
        FieldRecord f;
        f.key = s.column_text(1);
        f.type = type_of(s.column_view(2));
        f.range = read_range(s, 5);
        out.push_back(std::move(f));
      }
      FieldRecord& f = out.back();
      // An empty list is one row with no item; it adds nothing to the items.
      if (f.type != Value::Type::List || !s.is_null(3)) f.items.push_back(s.column_text(4));
    }
    for (FieldRecord& f : out) {
      for (size_t i = 0; i < f.items.size(); ++i) {
        if (i) f.value += ", ";
        f.value += f.items[i];
      }
    }
    return out;
  });
}

std::vector<std::string> Index::aliases(int64_t entity_key) {
  return guarded([&]() -> std::vector<std::string> {
    auto& s = db_.cached("SELECT alias FROM aliases WHERE entity = ?1 ORDER BY ord");
    s.bind_all(entity_key);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.column_text(0));
    return out;
  });
}

int64_t Index::edge_count(std::string_view id) {
  return guarded([&]() -> int64_t {
    auto& s = db_.cached(
        "SELECT (SELECT count(*) FROM edges WHERE source = ?1) + (SELECT count(*) FROM edges WHERE target = ?1)");
    s.bind_all(id);
    const int64_t n = s.step() ? s.column_int(0) : 0;
    s.reset();
    return n;
  });
}

std::vector<EdgeRecord> Index::outgoing(std::string_view id) {
  return guarded([&]() -> std::vector<EdgeRecord> {
    auto& s = db_.cached(std::string("SELECT ") + kEdgeColumns + "WHERE d.source = ?1 ORDER BY f.path, d.ord");
    s.bind_all(id);
    std::vector<EdgeRecord> out;
    while (s.step()) out.push_back(read_edge(s));
    return out;
  });
}

std::vector<EdgeRecord> Index::backlinks(std::string_view id) {
  return guarded([&]() -> std::vector<EdgeRecord> {
    auto& s = db_.cached(std::string("SELECT ") + kEdgeColumns + "WHERE d.target = ?1 ORDER BY f.path, d.ord");
    s.bind_all(id);
    std::vector<EdgeRecord> out;
    while (s.step()) out.push_back(read_edge(s));
    return out;
  });
}

std::vector<SymbolMatch> Index::search_prefix(std::string_view prefix, size_t limit) {
  return guarded([&]() -> std::vector<SymbolMatch> {
    const std::string low = fold_case(prefix);
    // Every UTF-8 byte is below 0xFF, so [low, low + "\xFF") holds exactly the keys that
    // start with `low`, and the range is answered by the *_key indexes.
    const std::string high = low + "\xFF";
    auto& s = db_.cached(
        "SELECT * FROM (SELECT entity, 0, id, id_key FROM entities WHERE id_key >= ?1 AND id_key < ?2 "
        "ORDER BY id_key LIMIT ?3) "
        "UNION ALL SELECT * FROM (SELECT entity, 1, title, title_key FROM entities "
        "WHERE title_key >= ?1 AND title_key < ?2 ORDER BY title_key LIMIT ?3) "
        "UNION ALL SELECT * FROM (SELECT entity, 2, alias, alias_key FROM aliases "
        "WHERE alias_key >= ?1 AND alias_key < ?2 ORDER BY alias_key LIMIT ?3)");
    s.bind_all(low, high, static_cast<int64_t>(limit * 2 + 8));
    struct Hit {
      SymbolMatch::Via via;
      std::string matched;
      double score;
    };
    std::map<int64_t, Hit> best;  // One hit per entity: the best way it matched.
    while (s.step()) {
      const auto via = static_cast<SymbolMatch::Via>(s.column_int(1));
      const std::string matched = s.column_text(2);
      // Exact matches first, then IDs over titles over aliases, then shorter names.
      double score = (s.column_view(3) == low ? 100.0 : 0.0) + (2 - static_cast<int>(via)) * 10.0 -
                     static_cast<double>(matched.size()) / 1000.0;
      auto [it, inserted] = best.try_emplace(s.column_int(0), Hit{via, matched, score});
      if (!inserted && score > it->second.score) it->second = {via, matched, score};
    }
    std::vector<SymbolMatch> out;
    auto& get = db_.cached(std::string("SELECT ") + kEntityColumns + "WHERE e.entity = ?1");
    for (const auto& [key, hit] : best) {
      get.bind_all(key);
      if (get.step()) out.push_back({read_entity(get), hit.via, hit.matched, hit.score});
      get.reset();
    }
    std::sort(out.begin(), out.end(), [](const SymbolMatch& a, const SymbolMatch& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.entity.id != b.entity.id) return a.entity.id < b.entity.id;
      return a.entity.path < b.entity.path;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  });
}

std::vector<SymbolMatch> Index::search_text(std::string_view query, size_t limit) {
  return guarded([&]() -> std::vector<SymbolMatch> {
    const std::string match = fts_query(query);
    if (match.empty()) return {};
    // Column weights: a word in the ID or a name counts more than one in the summary.
    auto& hits = db_.cached("SELECT rowid, bm25(search, 10.0, 5.0, 5.0, 1.0) FROM search WHERE search MATCH ?1 "
                            "ORDER BY 2 LIMIT ?2");
    hits.bind_all(match, static_cast<int64_t>(limit));
    std::vector<std::pair<int64_t, double>> keys;
    while (hits.step()) keys.emplace_back(hits.column_int(0), -hits.column_double(1));
    std::vector<SymbolMatch> out;
    auto& get = db_.cached(std::string("SELECT ") + kEntityColumns + "WHERE e.entity = ?1");
    for (const auto& [key, score] : keys) {
      get.bind_all(key);
      if (get.step()) {
        EntityRecord r = read_entity(get);
        std::string matched = r.title;
        out.push_back({std::move(r), SymbolMatch::Via::Text, std::move(matched), score});
      }
      get.reset();
    }
    return out;
  });
}

std::vector<Suggestion> Index::did_you_mean(std::string_view query, size_t limit) {
  return guarded([&]() -> std::vector<Suggestion> {
    const std::string q = fold_case(query);
    if (q.empty()) return {};
    // A typo of a third of the word is still recognisable; below 6 letters, allow 2.
    const size_t limit_distance = std::max<size_t>(2, q.size() / 3);
    std::vector<Suggestion> out;
    std::unordered_set<std::string> seen;
    auto s = db_.prepare("SELECT id, title FROM entities ORDER BY id");
    while (s.step()) {
      std::string id = s.column_text(0);
      if (!seen.insert(id).second) continue;
      std::string title = s.column_text(1);
      const std::string fid = fold_case(id), ftitle = fold_case(title);
      // Over bytes, with a cut-off (edit_distance returns limit + 1 once it must exceed it).
      size_t d = std::min(edit_distance(std::string_view(q), std::string_view(fid), limit_distance),
                          edit_distance(std::string_view(q), std::string_view(ftitle), limit_distance));
      // A query that is part of an ID or title ("circuits") is a good guess too.
      const bool contains = q.size() >= 3 && (fid.find(q) != std::string::npos || ftitle.find(q) != std::string::npos);
      if (d > limit_distance && !contains) continue;
      // Such guesses rank after the typos, the shorter (closer) name first.
      if (d > limit_distance) {
        const size_t container = fid.find(q) != std::string::npos ? fid.size() : ftitle.size();
        d = limit_distance + 1 + container - q.size();
      }
      out.push_back({std::move(id), std::move(title), d});
    }
    std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  });
}

std::string Index::kind_plural(std::string_view kind) {
  return guarded([&]() -> std::string {
    auto& s = db_.cached(
        "SELECT fl.value FROM entities e JOIN files f ON f.id = e.file "
        "JOIN fields fl ON fl.entity = e.entity AND fl.key = 'plural' "
        "WHERE e.kind = 'kind' AND e.id = ?1 ORDER BY f.path, e.ord LIMIT 1");
    s.bind_all(kind);
    std::string out = s.step() ? s.column_text(0) : std::string();
    s.reset();
    return out;
  });
}

std::vector<std::string> Index::declared_kinds() {
  return guarded([&]() -> std::vector<std::string> {
    auto& s = db_.cached(
        "SELECT e.id FROM entities e JOIN files f ON f.id = e.file WHERE e.kind = 'kind' ORDER BY f.path, e.ord");
    std::vector<std::string> out;
    std::set<std::string, std::less<>> seen;
    while (s.step()) {
      std::string id = s.column_text(0);
      if (seen.insert(id).second) out.push_back(std::move(id));
    }
    return out;
  });
}

std::vector<EntityRecord> Index::all_entities() {
  return guarded([&]() -> std::vector<EntityRecord> {
    auto s = db_.prepare(std::string("SELECT ") + kEntityColumns + "ORDER BY f.path, e.ord");
    std::vector<EntityRecord> out;
    std::unordered_set<std::string> seen;
    while (s.step()) {
      EntityRecord r = read_entity(s);
      if (seen.insert(r.id).second) out.push_back(std::move(r));
    }
    return out;
  });
}

std::vector<EdgeRecord> Index::all_edges() {
  return guarded([&]() -> std::vector<EdgeRecord> {
    auto s = db_.prepare(std::string("SELECT ") + kEdgeColumns + "ORDER BY f.path, d.ord");
    std::vector<EdgeRecord> out;
    while (s.step()) out.push_back(read_edge(s));
    return out;
  });
}

size_t Index::entity_count() {
  return guarded([&] { return static_cast<size_t>(db_.scalar_int("SELECT count(*) FROM entities")); });
}
size_t Index::edge_count_total() {
  return guarded([&] { return static_cast<size_t>(db_.scalar_int("SELECT count(*) FROM edges")); });
}
size_t Index::file_count() {
  return guarded([&] { return static_cast<size_t>(db_.scalar_int("SELECT count(*) FROM files")); });
}

void Index::put_duplicates(std::string_view key, const std::vector<StoredDuplicate>& pairs) {
  guarded([&] {
    sql::Transaction tx(db_);
    db_.exec("DELETE FROM likely_duplicates");
    auto& insert = db_.cached(
        "INSERT INTO likely_duplicates(a, b, score, cosine, reason, disagreements) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& p : pairs) {
      std::string against;
      for (const auto& d : p.disagreements) against += (against.empty() ? "" : "\n") + d;
      insert.bind_all(p.a, p.b, p.score, p.cosine, p.reason, against).run();
    }
    db_.cached("INSERT OR REPLACE INTO meta(key, value) VALUES ('duplicates_key', ?1)").bind_all(key).run();
    tx.commit();
  });
}

void Index::put_diagnostics(const std::vector<FileDiagnostics>& files) {
  if (files.empty()) return;
  guarded([&] {
    sql::Transaction tx(db_);
    auto& remove = db_.cached("DELETE FROM diagnostics WHERE path = ?1");
    auto& insert = db_.cached("INSERT OR REPLACE INTO diagnostics(path, hash, payload) VALUES (?1, ?2, ?3)");
    for (const auto& file : files) {
      const std::string path = relative_path(file.path);
      if (file.diagnostics.empty()) {
        remove.bind_all(path).run();
        continue;
      }
      const std::string blob = index_rows::encode_diagnostics(file.diagnostics);
      insert.bind(1, path).bind(2, index_rows::content_hash(file.text)).bind_blob(3, blob.data(), blob.size()).run();
    }
    tx.commit();
  });
}

std::optional<std::vector<StoredDuplicate>> Index::duplicates(std::string_view key) {
  return guarded([&]() -> std::optional<std::vector<StoredDuplicate>> {
    auto& stored_key = db_.cached("SELECT value FROM meta WHERE key = 'duplicates_key'");
    const bool same = stored_key.step() && stored_key.column_text(0) == key;
    stored_key.reset();
    if (!same) return std::nullopt;
    std::vector<StoredDuplicate> out;
    auto& rows = db_.cached("SELECT a, b, score, cosine, reason, disagreements FROM likely_duplicates ORDER BY rowid");
    while (rows.step()) {
      StoredDuplicate p{rows.column_text(0), rows.column_text(1), rows.column_double(2), rows.column_double(3),
                        rows.column_text(4), {}};
      std::string against = rows.column_text(5);
      for (size_t start = 0; start < against.size();) {
        const size_t end = std::min(against.find('\n', start), against.size());
        p.disagreements.push_back(against.substr(start, end - start));
        start = end + 1;
      }
      out.push_back(std::move(p));
    }
    rows.reset();
    return out;
  });
}

}  // namespace kgls
