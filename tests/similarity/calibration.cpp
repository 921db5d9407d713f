#include "calibration.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "kgls/files.hpp"

namespace kgls::calibration {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::pair<std::string, std::string>> read_labels(const std::filesystem::path& tsv) {
  std::ifstream in(tsv);
  if (!in) throw std::runtime_error("cannot read " + tsv.string());
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    std::istringstream fields(line);
    std::string a, b;
    if (std::getline(fields, a, '\t') && std::getline(fields, b, '\t')) out.emplace_back(a, b);
  }
  return out;
}

std::string fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace

Workspace load_folder(const std::filesystem::path& folder) {
  Workspace ws;
  const FileScan scan = find_kg_files(folder);
  if (scan.files.empty()) throw std::runtime_error("no .kg files under " + folder.string());
  for (const auto& file : scan.files) {
    std::string text, error;
    if (!read_file(file, text, error)) throw std::runtime_error(error);
    ws.set_document(parse_document(file.lexically_relative(folder).generic_string(), std::move(text)));
  }
  return ws;
}

Report measure(const std::string& name, const std::filesystem::path& folder, const EmbedderSettings& embedder,
               const BuiltinEmbedder::Options& builtin, const std::vector<double>& thresholds,
               const std::vector<size_t>& ks, const DuplicateScoring& scoring,
               const std::vector<double>& cosine_thresholds) {
  Report report;
  report.name = name;
  const Workspace ws = load_folder(folder);

  std::unique_ptr<Embedder> primary;
  if (embedder.kind != "builtin") primary = make_embedder(embedder);
  EmbeddingService service(std::move(primary), nullptr, std::chrono::seconds(60), builtin);
  auto start = std::chrono::steady_clock::now();
  const SimilarityIndex index = SimilarityIndex::build(ws, service);
  report.embed_seconds = seconds_since(start);
  report.entities = index.entities().size();
  report.embedder = index.embedder();
  if (index.warning()) throw std::runtime_error(*index.warning());

  // Labels as unordered pairs of IDs that both exist.
  std::set<std::pair<std::string, std::string>> labels;
  std::vector<std::pair<std::string, std::string>> ordered;
  for (const auto& [a, b] : read_labels(folder / "duplicates.tsv")) {
    if (index.rows(a).empty() || index.rows(b).empty()) continue;
    ordered.emplace_back(a, b);
    labels.insert(std::minmax(a, b));
    if (index.linked(a, b)) ++report.labelled_linked;
  }
  report.labelled = labels.size();

  // recall@k: is the partner among the top k of `kgls similar` (typed neighbours left out)?
  const size_t max_k = ks.empty() ? 0 : *std::max_element(ks.begin(), ks.end());
  std::vector<size_t> forward(ks.size(), 0), backward(ks.size(), 0);
  auto rank_of = [&](const std::string& query, const std::string& partner) {
    const auto list = similar_entities(index, query, max_k, -1.0);
    for (size_t r = 0; r < list.size(); ++r)
      if (list[r].id == partner) return r + 1;
    return max_k + 1;
  };
  auto note_miss = [&](const std::string& query, const std::string& partner, size_t rank) {
    if (rank <= 5) return;
    const auto list = similar_entities(index, query, 3, -1.0);
    std::string line = query + " -> " + partner + ": rank " + (rank > max_k ? "> " + std::to_string(max_k) : std::to_string(rank)) + " (ahead:";
    for (const auto& e : list) line += " " + e.id + fmt(" %.2f", e.score);
    const auto& m = index.matrix();
    line += fmt("; cosine %.2f)", m.row(index.rows(query).front()).dot(m.row(index.rows(partner).front())));
    report.misses.push_back(std::move(line));
  };
  for (const auto& [a, b] : ordered) {
    const size_t ra = rank_of(a, b), rb = rank_of(b, a);
    note_miss(a, b, ra);
    note_miss(b, a, rb);
    for (size_t i = 0; i < ks.size(); ++i) {
      forward[i] += ra <= ks[i];
      backward[i] += rb <= ks[i];
    }
  }
  for (size_t i = 0; i < ks.size(); ++i) {
    const double n = ordered.empty() ? 1.0 : static_cast<double>(ordered.size());
    report.recall.push_back({ks[i], static_cast<double>(forward[i]) / n, static_cast<double>(backward[i]) / n});
  }

  // The cosine of every pair (blocks of the Gram matrix), against the labelled pairs': what a
  // "related by similarity" threshold lets through.
  if (!cosine_thresholds.empty()) {
    const auto& m = index.matrix();
    const Eigen::Index n = m.rows(), block = 1024;
    std::vector<size_t> counts(cosine_thresholds.size(), 0);
    for (Eigen::Index i0 = 0; i0 < n; i0 += block) {
      const Eigen::Index ni = std::min(block, n - i0);
      const Eigen::MatrixXf g = m.middleRows(i0, ni) * m.transpose();
      for (Eigen::Index r = 0; r < ni; ++r)
        for (Eigen::Index c = i0 + r + 1; c < n; ++c)
          for (size_t t = 0; t < cosine_thresholds.size(); ++t) counts[t] += g(r, c) >= cosine_thresholds[t];
    }
    const double all = static_cast<double>(n) * static_cast<double>(n - 1) / 2.0;
    for (size_t t = 0; t < cosine_thresholds.size(); ++t) {
      size_t labelled_above = 0;
      for (const auto& [a, b] : ordered)
        labelled_above += m.row(index.rows(a).front()).dot(m.row(index.rows(b).front())) >= cosine_thresholds[t];
      report.cosines.push_back({cosine_thresholds[t], static_cast<double>(counts[t]) / all,
                                ordered.empty() ? 0.0 : static_cast<double>(labelled_above) / static_cast<double>(ordered.size()),
                                2.0 * static_cast<double>(counts[t]) / static_cast<double>(n)});
    }
  }

  // The duplicate warnings at the lowest threshold, then counted at each threshold.
  start = std::chrono::steady_clock::now();
  const double lowest = thresholds.empty() ? 1.0 : *std::min_element(thresholds.begin(), thresholds.end());
  const auto pairs = find_duplicates(index, lowest, scoring);
  report.duplicates_seconds = seconds_since(start);
  for (const double t : thresholds) {
    Sweep s;
    s.threshold = t;
    for (const auto& p : pairs) {
      if (p.score < t) continue;
      ++s.predicted;
      s.correct += labels.count(std::minmax(p.a.entity->id, p.b.entity->id)) > 0;
    }
    s.precision = s.predicted ? static_cast<double>(s.correct) / static_cast<double>(s.predicted) : 1.0;
    s.recall = report.labelled ? static_cast<double>(s.correct) / static_cast<double>(report.labelled) : 0.0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
    report.sweep.push_back(s);
  }
  return report;
}

std::string markdown(const std::vector<Report>& reports) {
  std::string out;
  for (const auto& r : reports) {
    out += "### " + r.name + "\n\n";
    out += std::to_string(r.entities) + " entities, " + std::to_string(r.labelled) + " labelled pairs (" +
           std::to_string(r.labelled_linked) + " joined by a typed edge), embedder `" + r.embedder + "`; embedding " +
           fmt("%.2f", r.embed_seconds) + " s, duplicates " + fmt("%.2f", r.duplicates_seconds) + " s.\n\n";
    out += "| k | recall@k (a → b) | recall@k (b → a) |\n|---|---|---|\n";
    for (const auto& k : r.recall)
      out += "| " + std::to_string(k.k) + " | " + fmt("%.3f", k.forward) + " | " + fmt("%.3f", k.backward) + " |\n";
    if (!r.cosines.empty()) {
      out += "\n| cosine ≥ | all pairs | per entity | labelled pairs |\n|---|---|---|---|\n";
      for (const auto& c : r.cosines)
        out += "| " + fmt("%.2f", c.threshold) + " | " + fmt("%.5f", c.all_pairs) + " | " + fmt("%.2f", c.per_entity) +
               " | " + fmt("%.3f", c.labelled) + " |\n";
    }
    out += "\n| threshold | warnings | correct | precision | recall | F1 |\n|---|---|---|---|---|---|\n";
    for (const auto& s : r.sweep) {
      out += "| " + fmt("%.2f", s.threshold) + " | " + std::to_string(s.predicted) + " | " + std::to_string(s.correct) +
             " | " + fmt("%.3f", s.precision) + " | " + fmt("%.3f", s.recall) + " | " + fmt("%.3f", s.f1) + " |\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace kgls::calibration
