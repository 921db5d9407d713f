// Labelled pairs against the similarity layer: `kgls eval` and the calibration harness.
#include "kgls/evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "kgls/files.hpp"
#include "kgls/support/clock.hpp"
#include "kgls/text.hpp"

namespace kgls {

namespace {

bool blank_char(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank_char(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank_char(s.back())) s.remove_suffix(1);
  return s;
}

// The cells of a line: split on tabs when it has one (a TSV may leave a cell empty), else on
// runs of spaces.
std::vector<std::string_view> cells_of(std::string_view line) {
  std::vector<std::string_view> cells;
  if (line.find('\t') != std::string_view::npos) {
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      cells.push_back(trim(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
  } else {
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && blank_char(line[i])) ++i;
      const size_t start = i;
      while (i < line.size() && !blank_char(line[i])) ++i;
      if (i > start) cells.push_back(line.substr(start, i - start));
    }
  }
  return cells;
}

std::string backticked(std::string_view id) {
  constexpr size_t kMax = 80;
  std::string out = "`";
  out += id.size() > kMax ? std::string(id.substr(0, kMax)) + "…" : std::string(id);
  out += "`";
  return out;
}

constexpr double kScoreTolerance = 1e-9;

ThresholdPoint point(double threshold, size_t predicted, size_t correct, size_t labelled) {
  ThresholdPoint p;
  p.threshold = threshold;
  p.predicted = predicted;
  p.correct = correct;
  p.precision = predicted ? static_cast<double>(correct) / static_cast<double>(predicted) : 1.0;
  p.recall = labelled ? static_cast<double>(correct) / static_cast<double>(labelled) : 0.0;
  p.f1 = correct ? 2.0 * static_cast<double>(correct) / static_cast<double>(predicted + labelled) : 0.0;
  return p;
}

}  // namespace

KnownId known_entities(const Workspace& workspace) {
  return [&workspace](std::string_view id) {
    const EntityRef ref = workspace.find(id);
    return ref.entity && !is_schema_kind(ref.entity->kind);
  };
}

LabelFile parse_labels(std::string_view text, const KnownId& known) {
  LabelFile out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // A byte-order mark.
  std::map<std::pair<std::string, std::string>, size_t> seen;      // (min, max) -> first line.
  bool first_content = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const size_t number = ++out.lines;
    auto problem = [&](std::string message) { out.problems.push_back({number, std::move(message)}); };
    size_t bad = 0;
    if (!is_valid_utf8(line, &bad)) {
      problem("not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the line)");
      first_content = false;
      continue;
    }
    const auto cells = cells_of(line);
    if (cells.empty()) {
      ++out.blank_lines;
      continue;
    }
    const bool header_candidate = first_content;
    first_content = false;
    if (cells.size() < 2 || cells[0].empty() || cells[1].empty()) {
      problem(cells.size() < 2 ? "one column; a pair needs two IDs" : "an empty ID; a pair needs two IDs");
      continue;
    }
    const std::string a(cells[0]), b(cells[1]);
    const bool known_a = known(a), known_b = known(b);
    if (header_candidate && !(known_a && known_b)) {
      out.header_line = number;
      out.header = a + ", " + b;
      continue;
    }
    if (!known_a && !known_b) {
      problem("unknown IDs " + backticked(a) + " and " + backticked(b));
      continue;
    }
    if (!known_a || !known_b) {
      problem("unknown ID " + backticked(known_a ? b : a));
      continue;
    }
    if (a == b) {
      problem("the same ID twice (" + backticked(a) + ")");
      continue;
    }
    const auto [it, added] = seen.emplace(std::minmax(a, b), number);
    if (!added) {
      problem("repeats the pair of line " + std::to_string(it->second) + " (" + backticked(a) + ", " + backticked(b) + ")");
      continue;
    }
    out.pairs.push_back({a, b, number});
  }
  if (out.pairs.empty()) {
    out.error = "no usable pair (" + std::to_string(out.lines) + (out.lines == 1 ? " line" : " lines") + ", " +
                std::to_string(out.problems.size()) + " skipped" +
                (out.header_line ? ", line " + std::to_string(out.header_line) + " read as a header" : std::string()) +
                ")";
  }
  return out;
}

LabelFile read_labels(const std::filesystem::path& file, const KnownId& known) {
  std::string text, error;
  if (!read_file(file, text, error)) {
    LabelFile out;
    out.error = error.empty() ? "cannot read " + file.string() : error;
    return out;
  }
  LabelFile out = parse_labels(text, known);
  if (!out.ok()) out.error = file.string() + ": " + out.error;
  return out;
}

void PairSet::insert(const std::string& a, const std::string& b) {
  if (contains(a, b)) return;
  partners_[a].insert(b);
  partners_[b].insert(a);
  ++size_;
}

bool PairSet::contains(std::string_view a, std::string_view b) const {
  const auto it = partners_.find(a);
  return it != partners_.end() && it->second.find(b) != it->second.end();
}

const std::set<std::string, std::less<>>* PairSet::partners(std::string_view id) const {
  const auto it = partners_.find(id);
  return it == partners_.end() ? nullptr : &it->second;
}

std::vector<double> default_sweep() {
  std::vector<double> out;
  for (int i = 1; i <= 19; ++i) out.push_back(i / 20.0);
  return out;
}

std::vector<RecallAt> recall_at(const std::vector<size_t>& forward_rank, const std::vector<size_t>& backward_rank,
                                const std::vector<size_t>& ks) {
  std::vector<RecallAt> out;
  const double n = forward_rank.empty() ? 1.0 : static_cast<double>(forward_rank.size());
  for (const size_t k : ks) {
    RecallAt r;
    r.k = k;
    for (const size_t rank : forward_rank) r.forward_hits += rank && rank <= k;
    for (const size_t rank : backward_rank) r.backward_hits += rank && rank <= k;
    r.forward = static_cast<double>(r.forward_hits) / n;
    r.backward = static_cast<double>(r.backward_hits) / n;
    r.both = (r.forward + r.backward) / 2.0;
    out.push_back(r);
  }
  return out;
}

void score_predictions(std::vector<ScoredPrediction> predictions, size_t labelled,
                       const std::vector<double>& thresholds, double default_threshold, Evaluation& out) {
  std::stable_sort(predictions.begin(), predictions.end(),
                   [](const ScoredPrediction& x, const ScoredPrediction& y) { return x.score > y.score; });
  std::vector<size_t> correct_before(predictions.size() + 1, 0);  // Correct among the first i.
  for (size_t i = 0; i < predictions.size(); ++i) correct_before[i + 1] = correct_before[i] + predictions[i].correct;
  auto at = [&](double t) {
    const auto kept = std::partition_point(predictions.begin(), predictions.end(),
                                           [t](const ScoredPrediction& p) { return p.score >= t; });
    const size_t n = static_cast<size_t>(kept - predictions.begin());
    return point(t, n, correct_before[n], labelled);
  };
  out.candidates = predictions.size();
  out.sweep.clear();
  for (const double t : thresholds) out.sweep.push_back(at(t));
  out.at_default = at(default_threshold);
  out.best = point(std::numeric_limits<double>::quiet_NaN(), 0, 0, labelled);
  for (size_t i = 0; i < predictions.size(); ++i) {
    // A threshold keeps every pair of equal score, so only the last of a run is a cut; scores
    // closer than kScoreTolerance are equal (a cut there would split rounding noise: two
    // identical texts have a cosine of 1 give or take an ulp).
    if (i + 1 < predictions.size() && predictions[i + 1].score >= predictions[i].score - kScoreTolerance) continue;
    const ThresholdPoint p = point(predictions[i].score, i + 1, correct_before[i + 1], labelled);
    if (p.f1 > out.best.f1) out.best = p;
  }
}

Evaluation evaluate(const SimilarityIndex& index, const std::vector<LabelPair>& pairs, const PairSet* neutral,
                    const EvaluationOptions& options) {
  Evaluation ev;
  ev.entities = index.entities().size();
  ev.neutral_pairs = neutral ? neutral->size() : 0;
  std::vector<const LabelPair*> measured;
  PairSet labels;
  for (const auto& p : pairs) {
    if (index.rows(p.a).empty() || index.rows(p.b).empty() || p.a == p.b || labels.contains(p.a, p.b)) continue;
    measured.push_back(&p);
    labels.insert(p.a, p.b);
    ev.pairs_linked += index.linked(p.a, p.b);
  }
  ev.pairs = measured.size();

  // Ranked lists: is the partner among the first k of `kgls similar`?
  auto start = std::chrono::steady_clock::now();
  ev.max_rank = options.ks.empty() ? 0 : *std::max_element(options.ks.begin(), options.ks.end());
  auto rank_of = [&](const std::string& query, const std::string& partner) -> size_t {
    const auto* skip = neutral ? neutral->partners(query) : nullptr;
    const size_t extra = skip ? skip->size() : 0;
    size_t rank = 0;
    for (const auto& e : similar_entities(index, query, ev.max_rank + extra, -1.0)) {
      if (skip && skip->count(e.id)) continue;
      if (++rank > ev.max_rank) break;
      if (e.id == partner) return rank;
    }
    return 0;
  };
  for (const LabelPair* p : measured) {
    ev.forward_rank.push_back(rank_of(p->a, p->b));
    ev.backward_rank.push_back(rank_of(p->b, p->a));
  }
  ev.recall = recall_at(ev.forward_rank, ev.backward_rank, options.ks);
  ev.rank_seconds = seconds_since(start);

  // Warnings: every pair at the lowest threshold, then counted at each.
  start = std::chrono::steady_clock::now();
  ev.lowest = options.default_threshold;
  for (const double t : options.thresholds) ev.lowest = std::min(ev.lowest, t);
  std::vector<ScoredPrediction> predictions;
  for (const auto& d : find_duplicates(index, ev.lowest, options.scoring)) {
    const std::string& a = d.a.entity->id;
    const std::string& b = d.b.entity->id;
    if (neutral && neutral->contains(a, b)) {
      ++ev.neutral_dropped;
      continue;
    }
    predictions.push_back({d.score, labels.contains(a, b)});
  }
  score_predictions(std::move(predictions), ev.pairs, options.thresholds, options.default_threshold, ev);
  ev.warning_seconds = seconds_since(start);
  return ev;
}

Workspace load_folder(const std::filesystem::path& folder) {
  Workspace ws;
  const FileScan scan = find_kg_files(folder);
  if (scan.files.empty()) throw std::runtime_error("no .kg files under " + folder.string());
  for (const auto& file : scan.files) {
    std::string text, error;
    if (!read_file(file, text, error)) throw std::runtime_error(error);
    ws.set_document(parse_document(file.lexically_relative(folder).generic_string(), std::move(text), KeepTree::No));
  }
  return ws;
}

}  // namespace kgls
