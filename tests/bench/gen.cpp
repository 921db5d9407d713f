// kgls-bench-gen: writes a realistic, deterministic `.kg` workspace for the benchmark.
//
//   kgls-bench-gen --entities N --vocab PATH --out DIR [--manifest FILE] [--seed S]
//                  [--symbols-file FILE [--symbols-entities M]]
//
// What makes it realistic (and not a best case for the server):
// - files of ~100 entities, plus one file of 1,000 entities that the driver edits and,
//   from 10,000 entities on, the largest file of 4,000 entities, as a real knowledge base
//   has one (the driver times its outline, documentSymbol);
// - titles and ~300-character summaries drawn from a real vocabulary with its real word
//   frequencies (the words of the schema.org summaries, or one word a line from a file
//   such as /usr/share/dict/words);
// - power-law edge degrees: out-degrees from a discrete Pareto law (most entities have 1-3
//   edges, a few have dozens), targets by a Zipf law over a shuffled order, so a few hubs
//   collect thousands of incoming edges, as "transformer" does in a real research graph;
// - a schema (kinds with `required` fields, relations with from/to), some aliases, tags,
//   years and statuses;
// - planted near-duplicates (a perturbed copy of an entity in another file, no edge
//   between the two, same title, 5% of the summary's words replaced) and planted
//   unresolved references (one in every 20th file), whose
//   files are listed in the manifest: the driver waits for their diagnostics.
//
// The manifest (JSON) lists the files, the planted problems, positions on IDs and edge
// targets for the latency requests, and the character the didChange test flips.
// Everything comes from one seeded generator: the same arguments give the same bytes.
//
// --symbols-file writes, outside the workspace, one file of M entities (default 4,000)
// written as the others, with edges into the workspace, for the documentSymbol
// measurement of a large file. It draws from a generator of its own (seed + 1), so the
// workspace's bytes do not depend on it.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr size_t kFileEntities = 100;
constexpr size_t kBigFileEntities = 1000;
constexpr size_t kLargestFileEntities = 4000;  // Written last, from 10,000 entities on.
constexpr size_t kUnresolvedEvery = 20;      // One planted unresolved reference per 20 files.
constexpr double kDuplicateRate = 0.005;     // 0.5% of entities are near-duplicates.
constexpr double kOutDegreeAlpha = 2.5;      // P(k) ~ k^-2.5: mean ~2.5 edges.
constexpr size_t kMaxOutDegree = 60;
constexpr double kTargetZipf = 0.9;          // Incoming edges: P(rank r) ~ r^-0.9.
constexpr size_t kSampleFiles = 40;          // Files whose positions go to the manifest.

struct Kind {
  const char* name;
  double share;
};
constexpr Kind kKinds[] = {{"paper", 0.40}, {"method", 0.20}, {"concept", 0.20},
                           {"dataset", 0.10}, {"framework", 0.10}};
constexpr const char* kRelations[] = {"cites", "extends", "uses", "implements", "evaluates-on",
                                      "related-to"};
constexpr const char* kStatuses[] = {"active", "draft", "stable", "archived"};

// ---- Vocabulary ----------------------------------------------------------------------

// The word stream keeps each word as often as the source uses it, so sampling from it
// reproduces the source's (Zipf-like) word frequencies.
struct Vocabulary {
  std::vector<std::string> stream;    // Every word occurrence, letters only.
  std::vector<std::string> id_words;  // Distinct lowercase words of 3-10 letters, for IDs.
};

void add_words(std::string_view text, Vocabulary& vocab) {
  std::string word;
  const auto flush = [&] {
    if (word.size() >= 2 && word.size() <= 16) vocab.stream.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
}

// The summaries of `.kg` files: `summary: "..."` lines and `summary: """` text blocks.
void read_kg_summaries(const fs::path& file, Vocabulary& vocab) {
  std::ifstream in(file);
  std::string line;
  bool in_block = false;
  while (std::getline(in, line)) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    std::string_view trimmed = std::string_view(line).substr(first);
    if (in_block) {
      if (trimmed.rfind("\"\"\"", 0) == 0) in_block = false;
      else add_words(trimmed, vocab);
      continue;
    }
    if (trimmed.rfind("summary:", 0) != 0) continue;
    std::string_view value = trimmed.substr(8);
    if (value.find("\"\"\"") != std::string_view::npos) {
      in_block = true;
    } else {
      add_words(value, vocab);
    }
  }
}

bool load_vocabulary(const fs::path& path, Vocabulary& vocab, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.path().extension() == ".kg") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // Deterministic order.
    for (const auto& f : files) read_kg_summaries(f, vocab);
  } else if (fs::is_regular_file(path, ec)) {
    std::ifstream in(path);  // One word a line (a dictionary).
    std::string line;
    while (std::getline(in, line)) add_words(line, vocab);
  } else {
    error = "no vocabulary at " + path.string() + " (a folder of .kg files or a word list)";
    return false;
  }
  std::set<std::string> distinct;
  for (const auto& w : vocab.stream) {
    std::string lower = w;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.size() >= 3 && lower.size() <= 10) distinct.insert(lower);
  }
  vocab.id_words.assign(distinct.begin(), distinct.end());
  if (vocab.stream.size() < 1000 || vocab.id_words.size() < 200) {
    error = "the vocabulary at " + path.string() + " is too small (" +
            std::to_string(vocab.stream.size()) + " words)";
    return false;
  }
  return true;
}

// ---- Entities ------------------------------------------------------------------------

struct EdgeSpec {
  std::string relation;
  size_t target = 0;          // Index of the target entity...
  std::string missing;        // ...or, when set, a target that no file defines.
  std::string note;
};

struct EntitySpec {
  std::string kind;
  std::string id;
  std::string title;
  std::string summary;
  std::string status;
  int year = 0;
  std::vector<std::string> tags;
  std::vector<std::string> aliases;
  std::vector<EdgeSpec> edges;
  long duplicate_of = -1;
  size_t file = 0;
};

class Generator {
 public:
  Generator(const Vocabulary& vocab, uint64_t seed) : vocab_(vocab), rng_(seed) {}

  std::mt19937_64& rng() { return rng_; }

  size_t uniform(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  double unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

  std::string word() { return vocab_.stream[uniform(vocab_.stream.size())]; }
  std::string id_word() { return vocab_.id_words[uniform(vocab_.id_words.size())]; }

  std::string title() {
    const size_t n = 3 + uniform(5);
    std::string out;
    for (size_t i = 0; i < n; ++i) {
      std::string w = word();
      w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      if (i) out += ' ';
      out += w;
    }
    return out;
  }

  // Sentences of real words, about `length` characters (200-400, mean ~300).
  std::string summary() {
    const size_t length = 200 + uniform(201);
    std::string out;
    bool sentence_start = true;
    while (out.size() < length) {
      std::string w = word();
      if (sentence_start) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      if (!out.empty()) out += ' ';
      out += w;
      sentence_start = false;
      if (unit() < 0.07) {
        out += '.';
        sentence_start = true;
      } else if (unit() < 0.05) {
        out += ',';
      }
    }
    if (out.back() == ',') out.pop_back();
    if (out.back() != '.') out += '.';
    return out;
  }

  // Discrete Pareto: floor(U^(-1/(alpha-1))), capped.
  size_t out_degree() {
    const double u = 1.0 - unit();  // (0, 1]
    const double k = std::floor(std::pow(u, -1.0 / (kOutDegreeAlpha - 1.0)));
    return std::min(kMaxOutDegree, static_cast<size_t>(k));
  }

 private:
  const Vocabulary& vocab_;
  std::mt19937_64 rng_;
};

// Zipf sampling over ranks 0..n-1 by inverse CDF on the cumulative weights.
class Zipf {
 public:
  Zipf(size_t n, double s) : cumulative_(n) {
    double total = 0;
    for (size_t r = 0; r < n; ++r) {
      total += 1.0 / std::pow(static_cast<double>(r + 1), s);
      cumulative_[r] = total;
    }
  }
  size_t sample(double unit) const {
    const double x = unit * cumulative_.back();
    return static_cast<size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), x) -
                               cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

// A near-duplicate's text: the same words with some replaced, as a second import of the
// same paper with a differently worded abstract would be.
std::string perturb(const std::string& text, Generator& g, double rate) {
  std::istringstream in(text);
  std::string w, out;
  while (in >> w) {
    if (g.unit() < rate) {
      std::string r = g.word();
      if (std::isupper(static_cast<unsigned char>(w[0])))
        r[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
      if (std::ispunct(static_cast<unsigned char>(w.back()))) r += w.back();
      w = r;
    }
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// ---- Writing -------------------------------------------------------------------------

// Appends lines and counts them, so positions can be recorded as the text is written.
struct FileText {
  std::string text;
  uint32_t line = 0;  // 0-based line of the next append.
  void add(const std::string& s) {
    text += s;
    text += '\n';
    ++line;
  }
};

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string schema_text() {
  std::string out =
      "# The benchmark workspace's schema: every kind and relation the generator uses.\n\n";
  for (const auto& k : kKinds) {
    std::string plural = std::string(k.name) + "s";
    plural[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(plural[0])));
    out += "kind " + std::string(k.name) + " {\n  plural: \"" + plural + "\"\n";
    if (std::string_view(k.name) == "paper") out += "  required: [title, summary]\n";
    out += "}\n\n";
  }
  std::string kinds;
  for (const auto& k : kKinds) kinds += std::string(kinds.empty() ? "" : ", ") + k.name;
  for (const char* r : kRelations) {
    out += "relation " + std::string(r) + " {\n  inverse: \"" + r + " (inverse)\"\n  from: [" +
           kinds + "]\n  to: [" + kinds + "]\n}\n\n";
  }
  return out;
}

// Appends one entity; `on_edge` hears of each edge just before its line is added (so
// `t.line` is the edge's line), with the column where its target starts.
void write_entity(FileText& t, const EntitySpec& e, const std::vector<EntitySpec>& entities,
                  const std::function<void(const EdgeSpec&, const std::string&, uint32_t)>& on_edge) {
  t.add(e.kind + " " + e.id + " {");
  t.add("  title: " + quote(e.title));
  t.add("  status: " + e.status);
  t.add("  year: " + std::to_string(e.year));
  if (!e.tags.empty()) {
    std::string tags;
    for (const auto& tag : e.tags) tags += (tags.empty() ? "" : ", ") + tag;
    t.add("  tags: [" + tags + "]");
  }
  if (!e.aliases.empty()) t.add("  aliases: [" + quote(e.aliases[0]) + "]");
  t.add("  summary: " + quote(e.summary));
  for (const auto& edge : e.edges) {
    const std::string target = edge.missing.empty() ? entities[edge.target].id : edge.missing;
    const uint32_t col = static_cast<uint32_t>(2 + edge.relation.size() + 1);
    if (on_edge) on_edge(edge, target, col);
    std::string line = "  " + edge.relation + " " + target;
    if (!edge.note.empty()) line += " " + quote(edge.note);
    t.add(line);
  }
  t.add("}");
  t.add("");
}

int usage() {
  std::cerr << "usage: kgls-bench-gen --entities N --vocab PATH --out DIR [--manifest FILE] [--seed S]\n"
               "                      [--symbols-file FILE [--symbols-entities M]]\n"
               "  --vocab         a folder of .kg files (their summaries' words) or a word list\n"
               "  --symbols-file  also write one file of M entities (default 4000) outside the workspace\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  size_t total = 0;
  uint64_t seed = 20240607;
  size_t symbols_entities = 4000;
  fs::path vocab_path, out, manifest_path, symbols_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "kgls-bench-gen: " << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--entities") total = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--vocab") vocab_path = value();
    else if (a == "--out") out = value();
    else if (a == "--manifest") manifest_path = value();
    else if (a == "--symbols-file") symbols_path = value();
    else if (a == "--symbols-entities") symbols_entities = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(value().c_str(), nullptr, 10);
    else return usage();
  }
  if (total < 100 || vocab_path.empty() || out.empty()) return usage();
  if (manifest_path.empty()) manifest_path = out.string() + ".manifest.json";

  Vocabulary vocab;
  std::string error;
  if (!load_vocabulary(vocab_path, vocab, error)) {
    std::cerr << "kgls-bench-gen: " << error << "\n";
    return 2;
  }
  Generator g(vocab, seed);

  // Files: the big file first (the didChange target), then files of ~100 entities, then
  // the largest file (the outline's). Entities are drawn in index order whatever their
  // file, so the largest file changes only where the last 4,000 entities live.
  const size_t big = total >= 4 * kBigFileEntities ? kBigFileEntities : total / 4;
  const size_t largest = total >= 10 * kBigFileEntities ? kLargestFileEntities : 0;
  std::vector<std::pair<size_t, size_t>> files;  // [begin, end) entity indices.
  files.emplace_back(0, big);
  for (size_t begin = big; begin < total - largest; begin += kFileEntities)
    files.emplace_back(begin, std::min(total - largest, begin + kFileEntities));
  const size_t small_end = files.size();  // Files [1, small_end) are the small ones.
  if (largest > 0) files.emplace_back(total - largest, total);

  // Entities: kind, ID, text.
  std::vector<double> kind_cdf;
  double acc = 0;
  for (const auto& k : kKinds) kind_cdf.push_back(acc += k.share);
  // One entity's kind, ID (unique by its number) and text, drawn from `gen`.
  const auto fill = [&](EntitySpec& e, size_t number, Generator& gen) {
    const double u = gen.unit() * acc;
    const size_t k = static_cast<size_t>(std::lower_bound(kind_cdf.begin(), kind_cdf.end(), u) -
                                         kind_cdf.begin());
    e.kind = kKinds[std::min(k, std::size(kKinds) - 1)].name;
    e.id = e.kind + "-" + gen.id_word() + "-" + gen.id_word() + "-" + std::to_string(number);
    e.title = gen.title();
    e.summary = gen.summary();
    e.status = kStatuses[gen.uniform(std::size(kStatuses))];
    e.year = 1990 + static_cast<int>(gen.uniform(35));
    const size_t ntags = gen.uniform(4);
    for (size_t t = 0; t < ntags; ++t) e.tags.push_back(gen.id_word());
    if (gen.unit() < 0.1) {
      std::string acronym;
      std::istringstream words(e.title);
      std::string w;
      while (words >> w) acronym += w[0];
      e.aliases.push_back(acronym);
    }
  };
  std::vector<EntitySpec> entities(total);
  for (size_t f = 0; f < files.size(); ++f) {
    for (size_t i = files[f].first; i < files[f].second; ++i) {
      fill(entities[i], i, g);
      entities[i].file = f;
    }
  }

  // Near-duplicates: entity j becomes a perturbed copy of an entity in another file.
  std::vector<std::pair<size_t, size_t>> duplicates;
  const size_t wanted = std::max<size_t>(1, static_cast<size_t>(static_cast<double>(total) * kDuplicateRate));
  std::set<size_t> taken;
  while (duplicates.size() < wanted && files.size() > 1) {
    const size_t j = big + g.uniform(total - big);  // Copies live outside the big file.
    const size_t o = g.uniform(total);
    if (o == j || entities[o].file == entities[j].file || taken.count(j) || taken.count(o)) continue;
    taken.insert(j);
    taken.insert(o);
    EntitySpec& d = entities[j];
    const EntitySpec& orig = entities[o];
    d.kind = orig.kind;
    d.id = d.kind + "-" + g.id_word() + "-" + g.id_word() + "-" + std::to_string(j);
    // The same title and a reworded summary: a second import of the same thing, which
    // the likely-duplicate check must find (the driver waits for all of them).
    d.title = orig.title;
    d.summary = perturb(orig.summary, g, 0.05);
    d.year = orig.year;
    d.status = orig.status;
    d.tags = orig.tags;  // Disjoint lists would count against the pair (docs/similarity.md).
    d.aliases = orig.aliases;
    d.duplicate_of = static_cast<long>(o);
    duplicates.emplace_back(o, j);
  }

  // Edges: power-law out-degree, Zipf-distributed targets over a shuffled order.
  std::vector<size_t> order(total);
  for (size_t i = 0; i < total; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), g.rng());
  const Zipf zipf(total, kTargetZipf);
  size_t edge_count = 0;
  for (size_t i = 0; i < total; ++i) {
    EntitySpec& e = entities[i];
    const size_t degree = g.out_degree();
    std::set<size_t> seen;
    for (size_t k = 0; k < degree; ++k) {
      const size_t t = order[zipf.sample(g.unit())];
      if (t == i || seen.count(t)) continue;
      // A near-duplicate pair has no typed edge between them (else it is not a finding).
      if (e.duplicate_of == static_cast<long>(t) || entities[t].duplicate_of == static_cast<long>(i))
        continue;
      seen.insert(t);
      EdgeSpec edge;
      edge.relation = kRelations[g.uniform(std::size(kRelations))];
      edge.target = t;
      if (g.unit() < 0.2) edge.note = g.summary().substr(0, 60 + g.uniform(40));
      e.edges.push_back(std::move(edge));
      ++edge_count;
    }
  }

  // Planted unresolved references: the first entity of every 20th small file.
  std::vector<std::string> expected_files;
  for (size_t f = 1; f < small_end; f += kUnresolvedEvery) {
    EdgeSpec edge;
    edge.relation = "uses";
    edge.missing = "missing-target-" + std::to_string(f);
    entities[files[f].first].edges.push_back(std::move(edge));
  }

  // Write the files, recording positions as we go.
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) {
    std::cerr << "kgls-bench-gen: cannot create " << out << ": " << ec.message() << "\n";
    return 2;
  }
  const auto write = [&](const fs::path& path, const std::string& text) {
    std::ofstream o(path, std::ios::binary);
    o << text;
    if (!o) {
      std::cerr << "kgls-bench-gen: cannot write " << path << "\n";
      std::exit(2);
    }
  };
  write(out / "schema.kg", schema_text());

  const size_t sample_stride = std::max<size_t>(1, small_end / kSampleFiles);
  json manifest;
  manifest["seed"] = seed;
  manifest["entities"] = total;
  manifest["edges"] = edge_count;
  json file_list = json::array(), positions = json::array();
  json flip;
  uint64_t bytes = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    char name[64];
    if (f == 0) std::snprintf(name, sizeof name, "big-%zu.kg", files[0].second - files[0].first);
    else if (f >= small_end) std::snprintf(name, sizeof name, "largest-%zu.kg", files[f].second - files[f].first);
    else std::snprintf(name, sizeof name, "kb/part-%05zu.kg", f);
    const std::string rel = name;
    const bool sample = f == 0 || (f < small_end && f % sample_stride == 0);
    FileText t;
    t.add("# Generated by kgls-bench-gen (seed " + std::to_string(seed) + "): " +
          std::to_string(files[f].second - files[f].first) + " entities.");
    t.add("");
    for (size_t i = files[f].first; i < files[f].second; ++i) {
      const EntitySpec& e = entities[i];
      if (sample) {
        positions.push_back({{"file", rel}, {"line", t.line},
                             {"character", e.kind.size() + 1 + e.id.size() / 2}, {"on", "id"},
                             {"id", e.id}});
      }
      write_entity(t, e, entities, [&](const EdgeSpec& edge, const std::string& target, uint32_t col) {
        if (sample && edge.missing.empty()) {
          positions.push_back({{"file", rel}, {"line", t.line}, {"character", col + target.size() / 2},
                               {"on", "target"}, {"id", target},
                               {"prefix_end", col + std::min<size_t>(target.size(), 6)}});
        }
        // The didChange test types one character at the end of a target in the middle
        // of the big file: that makes the reference unresolved, deleting it fixes it.
        if (f == 0 && flip.is_null() && i >= files[0].second / 2 && edge.missing.empty()) {
          flip = {{"file", rel}, {"line", t.line}, {"character", col + target.size()},
                  {"target", target}};
        }
      });
    }
    fs::create_directories((out / rel).parent_path(), ec);
    write(out / rel, t.text);
    bytes += t.text.size();
    file_list.push_back({{"path", rel}, {"entities", files[f].second - files[f].first}});
    if (f > 0 && f < small_end && (f - 1) % kUnresolvedEvery == 0) expected_files.push_back(rel);
  }

  json dup_list = json::array();
  const auto file_of = [&](size_t i) { return file_list[entities[i].file]["path"].get<std::string>(); };
  for (const auto& [a, b] : duplicates)
    dup_list.push_back({{"a", entities[a].id}, {"b", entities[b].id}, {"file_a", file_of(a)}, {"file_b", file_of(b)}});
  manifest["bytes"] = bytes;
  manifest["files"] = file_list;
  manifest["big_file"] = file_list[0]["path"];
  // The file with the most entities: the one whose outline the driver times.
  manifest["largest_file"] = file_list[largest > 0 ? files.size() - 1 : 0]["path"];
  manifest["unresolved_files"] = expected_files;
  manifest["duplicates"] = dup_list;
  manifest["positions"] = positions;
  manifest["flip"] = flip;
  std::ofstream m(manifest_path);
  m << manifest.dump(1) << "\n";
  if (!m) {
    std::cerr << "kgls-bench-gen: cannot write " << manifest_path << "\n";
    return 2;
  }
  // The large file for documentSymbol, from a generator of its own.
  if (!symbols_path.empty()) {
    Generator gs(vocab, seed + 1);
    std::vector<EntitySpec> extra(symbols_entities);
    FileText t;
    t.add("# Generated by kgls-bench-gen (seed " + std::to_string(seed + 1) + "): " +
          std::to_string(symbols_entities) + " entities, outside the workspace.");
    t.add("");
    for (size_t i = 0; i < extra.size(); ++i) {
      EntitySpec& e = extra[i];
      fill(e, total + i, gs);  // Numbers past the workspace's: the IDs stay unique.
      const size_t degree = gs.out_degree();
      std::set<size_t> seen;
      for (size_t k = 0; k < degree; ++k) {
        const size_t target = order[zipf.sample(gs.unit())];
        if (!seen.insert(target).second) continue;
        EdgeSpec edge;
        edge.relation = kRelations[gs.uniform(std::size(kRelations))];
        edge.target = target;
        if (gs.unit() < 0.2) edge.note = gs.summary().substr(0, 60 + gs.uniform(40));
        e.edges.push_back(std::move(edge));
      }
      write_entity(t, e, entities, {});
    }
    if (symbols_path.has_parent_path()) fs::create_directories(symbols_path.parent_path(), ec);
    write(symbols_path, t.text);
    std::printf("%zu entities -> %s\n", symbols_entities, symbols_path.string().c_str());
  }

  std::printf("%zu entities, %zu edges, %zu files, %.1f MB, %zu near-duplicate pairs -> %s\n", total,
              edge_count, files.size() + 1, static_cast<double>(bytes) / 1e6, duplicates.size(),
              out.string().c_str());
  return 0;
}
