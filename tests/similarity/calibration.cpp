#include "calibration.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace kgls::calibration {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fmt(const char* format, double value) {
  if (std::isnan(value)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

// recall@k "both" of a side, or NaN when k is not measured.
const RecallAt* recall_of(const std::vector<RecallAt>& list, size_t k) {
  for (const auto& r : list)
    if (r.k == k) return &r;
  return nullptr;
}

// Missed (pair, direction) lists at k, both directions.
double misses_at(const Evaluation& e, size_t k) {
  const RecallAt* r = recall_of(e.recall, k);
  if (!r) return std::nan("");
  return static_cast<double>(2 * e.pairs - r->forward_hits - r->backward_hits);
}

std::string best_cell(const ThresholdPoint& p) {
  if (p.f1 <= 0) return "0";
  return fmt("%.3f", p.f1) + " (" + fmt("%.3f", p.threshold) + ")";
}

}  // namespace

Workspace load_folder(const std::filesystem::path& folder) { return kgls::load_folder(folder); }

DataSet load_set(const std::string& name, const std::filesystem::path& folder) {
  DataSet set;
  set.name = name;
  set.folder = folder;
  set.workspace = kgls::load_folder(folder);
  const KnownId known = known_entities(set.workspace);
  set.labels = read_labels(folder / "duplicates.tsv", known);
  if (!set.labels.ok()) throw std::runtime_error(set.labels.error);
  if (std::filesystem::exists(folder / "consider.tsv")) {
    set.neutral_labels = read_labels(folder / "consider.tsv", known);
    if (!set.neutral_labels.ok()) throw std::runtime_error(set.neutral_labels.error);
    for (const auto& p : set.neutral_labels.pairs) set.neutral.insert(p.a, p.b);
  }
  return set;
}

KglsRun run_kgls(const DataSet& set, const KglsConfig& config, const MeasureOptions& options) {
  KglsRun run;
  std::unique_ptr<Embedder> primary;
  if (config.embedder.kind != "builtin") primary = make_embedder(config.embedder);
  EmbeddingService service(std::move(primary), nullptr, std::chrono::seconds(60), config.builtin);
  const auto start = std::chrono::steady_clock::now();
  const SimilarityIndex index = SimilarityIndex::build(set.workspace, service);
  run.embed_seconds = seconds_since(start);
  run.embedder = index.embedder();
  if (index.warning()) throw std::runtime_error(*index.warning());

  EvaluationOptions eval;
  eval.ks = options.ks;
  eval.thresholds = options.thresholds;
  eval.default_threshold = config.default_threshold;
  eval.scoring = config.scoring;
  run.evaluation = evaluate(index, set.labels.pairs, set.neutral_or_null(), eval);
  const Evaluation& ev = run.evaluation;

  // The pairs measured, in the order of the evaluation's ranks.
  std::vector<const LabelPair*> measured;
  {
    PairSet seen;
    for (const auto& p : set.labels.pairs) {
      if (index.rows(p.a).empty() || index.rows(p.b).empty() || p.a == p.b || seen.contains(p.a, p.b)) continue;
      seen.insert(p.a, p.b);
      measured.push_back(&p);
    }
  }
  const auto& m = index.matrix();
  auto cosine = [&](const std::string& a, const std::string& b) {
    return static_cast<double>(m.row(index.rows(a).front()).dot(m.row(index.rows(b).front())));
  };

  if (options.misses && measured.size() == ev.forward_rank.size()) {
    auto note = [&](const std::string& query, const std::string& partner, size_t rank) {
      if (rank && rank <= 5) return;
      const auto* skip = set.neutral_or_null() ? set.neutral.partners(query) : nullptr;
      std::string line = query + " -> " + partner + ": rank " +
                         (rank ? std::to_string(rank) : "> " + std::to_string(ev.max_rank)) + " (ahead:";
      size_t shown = 0;
      for (const auto& e : similar_entities(index, query, 3 + (skip ? skip->size() : 0), -1.0)) {
        if ((skip && skip->count(e.id)) || shown == 3) continue;
        line += " " + e.id + fmt(" %.2f", e.score);
        ++shown;
      }
      line += fmt("; cosine %.2f)", cosine(query, partner));
      run.misses.push_back(std::move(line));
    };
    for (size_t i = 0; i < measured.size(); ++i) {
      note(measured[i]->a, measured[i]->b, ev.forward_rank[i]);
      note(measured[i]->b, measured[i]->a, ev.backward_rank[i]);
    }
  }

  // The cosine of every pair (blocks of the Gram matrix), against the labelled pairs': what a
  // "related by similarity" threshold lets through.
  if (!options.cosine_thresholds.empty()) {
    const Eigen::Index n = m.rows(), block = 1024;
    std::vector<size_t> counts(options.cosine_thresholds.size(), 0);
    for (Eigen::Index i0 = 0; i0 < n; i0 += block) {
      const Eigen::Index ni = std::min(block, n - i0);
      const Eigen::MatrixXf g = m.middleRows(i0, ni) * m.transpose();
      for (Eigen::Index r = 0; r < ni; ++r)
        for (Eigen::Index c = i0 + r + 1; c < n; ++c)
          for (size_t t = 0; t < options.cosine_thresholds.size(); ++t) counts[t] += g(r, c) >= options.cosine_thresholds[t];
    }
    const double all = static_cast<double>(n) * static_cast<double>(n - 1) / 2.0;
    for (size_t t = 0; t < options.cosine_thresholds.size(); ++t) {
      size_t labelled_above = 0;
      for (const LabelPair* p : measured) labelled_above += cosine(p->a, p->b) >= options.cosine_thresholds[t];
      run.cosines.push_back({options.cosine_thresholds[t], static_cast<double>(counts[t]) / all,
                             measured.empty() ? 0.0 : static_cast<double>(labelled_above) / static_cast<double>(measured.size()),
                             2.0 * static_cast<double>(counts[t]) / static_cast<double>(n)});
    }
  }
  return run;
}

TfidfEvaluation run_tfidf(const DataSet& set, const MeasureOptions& options, double default_threshold) {
  TfidfBaseline::Options texts;
  texts.text_block_summaries = !options.tfidf_as_readme;
  const TfidfBaseline baseline(set.workspace, texts);
  TfidfOptions t;
  t.ks = options.ks;
  t.thresholds = options.thresholds;
  t.default_threshold = default_threshold;
  return evaluate_tfidf(baseline, set.labels.pairs, set.neutral_or_null(), t);
}

Report measure(const DataSet& set, const KglsConfig& config, const MeasureOptions& options) {
  Report report;
  report.name = set.name;
  report.neutral = set.neutral.size();
  report.label_problems = set.labels.problems.size();
  report.default_threshold = config.default_threshold;
  KglsRun run = run_kgls(set, config, options);
  report.kgls = std::move(run.evaluation);
  report.entities = report.kgls.entities;
  report.labelled = report.kgls.pairs;
  report.labelled_linked = report.kgls.pairs_linked;
  report.recall = report.kgls.recall;
  report.sweep = report.kgls.sweep;
  report.cosines = std::move(run.cosines);
  report.misses = std::move(run.misses);
  report.embed_seconds = run.embed_seconds;
  report.duplicates_seconds = report.kgls.warning_seconds;
  report.embedder = run.embedder;
  if (options.tfidf) report.tfidf = run_tfidf(set, options, config.default_threshold);
  return report;
}

std::vector<Report> measure_all(const std::vector<DataSet>& sets,
                                const std::function<KglsConfig(const DataSet&)>& config_for,
                                const MeasureOptions& options) {
  std::vector<Report> out;
  for (const auto& set : sets) out.push_back(measure(set, config_for(set), options));
  return out;
}

Report measure(const std::string& name, const std::filesystem::path& folder, const EmbedderSettings& embedder,
               const BuiltinEmbedder::Options& builtin, const std::vector<double>& thresholds,
               const std::vector<size_t>& ks, const DuplicateScoring& scoring,
               const std::vector<double>& cosine_thresholds) {
  const DataSet set = load_set(name, folder);
  KglsConfig config;
  config.embedder = embedder;
  config.builtin = builtin;
  config.scoring = scoring;
  MeasureOptions options;
  options.thresholds = thresholds;
  options.ks = ks;
  options.cosine_thresholds = cosine_thresholds;
  options.tfidf = false;
  options.misses = true;
  return measure(set, config, options);
}

std::vector<std::string> bars_missed(const Report& r) {
  std::vector<std::string> out;
  if (r.tfidf) {
    const double ours = misses_at(r.kgls, 5), theirs = misses_at(*r.tfidf, 5);
    if (!std::isnan(ours) && !std::isnan(theirs) && ours > 0 && (theirs <= 0 || ours / theirs > 0.80))
      out.push_back("recall@5 misses " + fmt("%.3f", theirs > 0 ? ours / theirs : INFINITY) + " of TF-IDF's > 0.80");
    if (r.kgls.at_default.f1 < r.tfidf->best.f1)
      out.push_back("F1 " + fmt("%.3f", r.kgls.at_default.f1) + " at the default < TF-IDF's best " +
                    fmt("%.3f", r.tfidf->best.f1));
  }
  if (r.name == "schemaorg") {
    const RecallAt* k5 = recall_of(r.kgls.recall, 5);
    if (k5 && k5->both < 0.90) out.push_back("recall@5 " + fmt("%.3f", k5->both) + " < 0.90");
  }
  if (r.name == "dblp-acm" && r.kgls.at_default.f1 < 0.96)
    out.push_back("F1 " + fmt("%.3f", r.kgls.at_default.f1) + " < 0.96 at " + fmt("%.2f", r.default_threshold));
  return out;
}

std::string markdown(const std::vector<Report>& reports) {
  std::string out;
  for (const auto& r : reports) {
    const TfidfEvaluation* t = r.tfidf ? &*r.tfidf : nullptr;
    out += "### " + r.name + "\n\n";
    out += std::to_string(r.entities) + " entities, " + std::to_string(r.labelled) + " labelled pairs (" +
           std::to_string(r.labelled_linked) + " joined by a typed edge)";
    if (r.neutral) out += ", " + std::to_string(r.neutral) + " neutral pairs";
    if (r.label_problems) out += ", " + std::to_string(r.label_problems) + " label lines skipped";
    out += "; embedder `" + r.embedder + "`: embedding " + fmt("%.2f", r.embed_seconds) + " s, ranking " +
           fmt("%.2f", r.kgls.rank_seconds) + " s, duplicates " + fmt("%.2f", r.duplicates_seconds) + " s";
    if (t)
      out += "; TF-IDF: " + std::to_string(t->features) + " features, " + fmt("%.2f", t->vector_seconds) +
             " s to vectorise, " + fmt("%.2f", t->rank_seconds) + " s to rank and pair";
    out += ".\n\n";

    out += "| k | kgls a → b | kgls b → a | kgls both |";
    if (t) out += " TF-IDF a → b | TF-IDF b → a | TF-IDF both |";
    out += t ? "\n|---|---|---|---|---|---|---|\n" : "\n|---|---|---|---|\n";
    for (const auto& k : r.kgls.recall) {
      out += "| " + std::to_string(k.k) + " | " + fmt("%.3f", k.forward) + " | " + fmt("%.3f", k.backward) + " | " +
             fmt("%.3f", k.both) + " |";
      if (const RecallAt* b = t ? recall_of(t->recall, k.k) : nullptr)
        out += " " + fmt("%.3f", b->forward) + " | " + fmt("%.3f", b->backward) + " | " + fmt("%.3f", b->both) + " |";
      out += "\n";
    }
    if (t) {
      // Equal cosines: the lists break ties by row; say what another order would have given.
      std::string ties;
      for (size_t i = 0; i < t->recall.size(); ++i) {
        const auto &lo = t->recall_pessimistic[i], &hi = t->recall_optimistic[i];
        if (lo.forward_hits != hi.forward_hits || lo.backward_hits != hi.backward_hits)
          ties += " @" + std::to_string(t->recall[i].k) + " a → b " + fmt("%.3f", lo.forward) + "–" +
                  fmt("%.3f", hi.forward) + ", b → a " + fmt("%.3f", lo.backward) + "–" + fmt("%.3f", hi.backward) + ";";
      }
      if (!ties.empty()) {
        ties.pop_back();
        out += "\nTF-IDF ties (partner last – first among equal cosines):" + ties + ".\n";
      }
    }
    if (!r.cosines.empty()) {
      out += "\n| kgls cosine ≥ | all pairs | per entity | labelled pairs |\n|---|---|---|---|\n";
      for (const auto& c : r.cosines)
        out += "| " + fmt("%.2f", c.threshold) + " | " + fmt("%.5f", c.all_pairs) + " | " + fmt("%.2f", c.per_entity) +
               " | " + fmt("%.3f", c.labelled) + " |\n";
    }
    out += "\n| threshold | kgls warnings | correct | precision | recall | F1 |";
    if (t) out += " TF-IDF warnings | correct | precision | recall | F1 |";
    out += t ? "\n|---|---|---|---|---|---|---|---|---|---|---|\n" : "\n|---|---|---|---|---|---|\n";
    auto cells = [](const ThresholdPoint& s) -> std::vector<std::string> {
      return {std::to_string(s.predicted), std::to_string(s.correct), fmt("%.3f", s.precision), fmt("%.3f", s.recall),
              fmt("%.3f", s.f1)};
    };
    auto row = [&](const std::string& label, const ThresholdPoint& k, const ThresholdPoint* b, bool bold) {
      std::vector<std::string> all = {label};
      for (auto& c : cells(k)) all.push_back(std::move(c));
      if (t) {
        if (b)
          for (auto& c : cells(*b)) all.push_back(std::move(c));
        else
          all.insert(all.end(), 5, "—");
      }
      std::string line = "|";
      for (const auto& c : all) line += bold ? " **" + c + "** |" : " " + c + " |";  // Bold: the default threshold.
      out += line + "\n";
    };
    for (size_t i = 0; i < r.kgls.sweep.size(); ++i) {
      const auto& s = r.kgls.sweep[i];
      const ThresholdPoint* b = t && i < t->sweep.size() && s.threshold >= t->lowest - 1e-12 ? &t->sweep[i] : nullptr;
      row(fmt("%.2f", s.threshold), s, b, std::abs(s.threshold - r.default_threshold) < 1e-9);
    }
    out += "\nBest F1 over every threshold: kgls " + best_cell(r.kgls.best) + ", " +
           std::to_string(r.kgls.best.predicted) + " warnings, " + std::to_string(r.kgls.best.correct) + " correct";
    if (t)
      out += "; TF-IDF " + best_cell(t->best) + ", " + std::to_string(t->best.predicted) + " warnings, " +
             std::to_string(t->best.correct) + " correct";
    out += ".";
    if (r.kgls.neutral_dropped || (t && t->neutral_dropped))
      out += " Neutral pairs left out of the warnings: kgls " + std::to_string(r.kgls.neutral_dropped) +
             (t ? ", TF-IDF " + std::to_string(t->neutral_dropped) : std::string()) + ".";
    out += "\n\n";
  }
  return out;
}

std::string summary(const std::vector<Report>& reports) {
  std::string out =
      "| set | entities | pairs | recall@1 kgls / TF-IDF | recall@5 kgls / TF-IDF | recall@10 kgls / TF-IDF | "
      "recall@5 misses kgls / TF-IDF (≤ 0.80) | kgls F1 at default | kgls best F1 (threshold) | "
      "TF-IDF best F1 (threshold) | bars met? |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : reports) {
    const TfidfEvaluation* t = r.tfidf ? &*r.tfidf : nullptr;
    out += "| " + r.name + " | " + std::to_string(r.entities) + " | " + std::to_string(r.labelled) + " |";
    for (const size_t k : {size_t{1}, size_t{5}, size_t{10}}) {
      const RecallAt* a = recall_of(r.kgls.recall, k);
      const RecallAt* b = t ? recall_of(t->recall, k) : nullptr;
      out += " " + (a ? fmt("%.3f", a->both) : "—") + " / " + (b ? fmt("%.3f", b->both) : "—") + " |";
    }
    const double ours = misses_at(r.kgls, 5), theirs = t ? misses_at(*t, 5) : std::nan("");
    out += " " + fmt("%.0f", ours) + " / " + fmt("%.0f", theirs) + " = " +
           (theirs > 0 ? fmt("%.3f", ours / theirs) : std::string("—")) + " |";
    out += " " + fmt("%.3f", r.kgls.at_default.f1) + " (" + fmt("%.2f", r.default_threshold) + ") |";
    out += " " + best_cell(r.kgls.best) + " |";
    out += " " + (t ? best_cell(t->best) : std::string("—")) + " |";
    const auto missed = bars_missed(r);
    std::string verdict = missed.empty() ? "yes" : "no:";
    for (size_t i = 0; i < missed.size(); ++i) verdict += (i ? "; " : " ") + missed[i];
    out += " " + verdict + " |\n";
  }
  return out;
}

}  // namespace kgls::calibration
