// Calibration of the similarity layer on labelled data sets: recall@k of the labelled partner
// in `kgls similar`, and precision, recall and F1 of the `likely-duplicate` warnings over a
// sweep of thresholds with the exact best F1, for kgls and, on the same sets in the same run,
// for the plain TF-IDF baseline of the data sets' READMEs. The counting is the product's
// (kgls/evaluation.hpp, as `kgls eval` does it). Shared by the `kgls_calibrate` tool (which
// prints the tables in docs/similarity.md) and the test that re-computes them.
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kgls/evaluation.hpp"
#include "kgls/similarity.hpp"
#include "tfidf_baseline.hpp"

namespace kgls::calibration {

using Sweep = ThresholdPoint;
using RecallAtK = RecallAt;

/// How many pairs reach a cosine: all pairs of entities versus the labelled pairs.
struct CosineShare {
  double threshold = 0;
  double all_pairs = 0;  // Share of all pairs with cosine >= threshold.
  double labelled = 0;   // Share of labelled pairs with cosine >= threshold.
  double per_entity = 0; // Mean number of other entities at or above it, per entity.
};

/// A labelled data set: `folder` holds the `.kg` files, `duplicates.tsv` (a, b, source, ...)
/// and optionally `consider.tsv`, pairs that are neither right nor wrong (neutral).
struct DataSet {
  std::string name;
  std::filesystem::path folder;
  Workspace workspace;
  LabelFile labels;
  LabelFile neutral_labels;  // Empty without consider.tsv.
  PairSet neutral;
  const PairSet* neutral_or_null() const { return neutral.empty() ? nullptr : &neutral; }
};

/// Loads a set; throws std::runtime_error when its files cannot be read or give no pair.
DataSet load_set(const std::string& name, const std::filesystem::path& folder);

/// How kgls's side is run. The caller may give every set its own (a fit that leaves the set
/// out): see measure_all().
struct KglsConfig {
  EmbedderSettings embedder;
  BuiltinEmbedder::Options builtin;
  DuplicateScoring scoring;
  double default_threshold = SimilaritySettings{}.duplicate_threshold;
};

struct MeasureOptions {
  std::vector<double> thresholds = default_sweep();
  std::vector<size_t> ks = {1, 5, 10};
  std::vector<double> cosine_thresholds;  // Empty = no cosine table (it costs a Gram matrix).
  bool tfidf = true;                      // Also run the TF-IDF baseline.
  bool tfidf_as_readme = false;           // ... reading texts as the READMEs' script does.
  bool misses = false;                    // List the labelled pairs outside the top 5.
};

/// kgls's figures on a set with one configuration (embedding included): what a fit loop calls.
struct KglsRun {
  Evaluation evaluation;
  std::string embedder;
  double embed_seconds = 0;
  std::vector<CosineShare> cosines;
  /// Labelled pairs whose partner is not in the top 5: "a -> b: rank r (ahead: x, y, z; cosine c)".
  std::vector<std::string> misses;
};
KglsRun run_kgls(const DataSet& set, const KglsConfig& config, const MeasureOptions& options);

/// The baseline's figures on a set (they do not depend on kgls's configuration).
TfidfEvaluation run_tfidf(const DataSet& set, const MeasureOptions& options, double default_threshold);

struct Report {
  std::string name;
  size_t entities = 0;
  size_t labelled = 0;        // Labelled pairs whose both IDs exist.
  size_t labelled_linked = 0; // ... of which a typed edge joins (never reported, by design).
  size_t neutral = 0;         // Neutral pairs (consider.tsv).
  size_t label_problems = 0;  // Lines of duplicates.tsv that gave no pair.
  double default_threshold = 0;
  // kgls's figures (also in `kgls`), as the older callers read them.
  std::vector<RecallAtK> recall;
  std::vector<Sweep> sweep;
  std::vector<CosineShare> cosines;
  std::vector<std::string> misses;
  double embed_seconds = 0;
  double duplicates_seconds = 0;
  std::string embedder;
  Evaluation kgls;
  std::optional<TfidfEvaluation> tfidf;
};

/// Measures one set: kgls with `config`, and the baseline when options.tfidf.
Report measure(const DataSet& set, const KglsConfig& config, const MeasureOptions& options);

/// Every set, kgls configured per set by `config_for` (the default configuration for all, or a
/// configuration fitted on the other sets).
std::vector<Report> measure_all(const std::vector<DataSet>& sets,
                                const std::function<KglsConfig(const DataSet&)>& config_for,
                                const MeasureOptions& options);

/// The older entry point: one set's folder, kgls only, the given thresholds and ks.
Report measure(const std::string& name, const std::filesystem::path& folder, const EmbedderSettings& embedder,
               const BuiltinEmbedder::Options& builtin, const std::vector<double>& thresholds,
               const std::vector<size_t>& ks, const DuplicateScoring& scoring = {},
               const std::vector<double>& cosine_thresholds = {});

/// Loads every `.kg` file under `folder` into a workspace (kgls::load_folder).
Workspace load_folder(const std::filesystem::path& folder);

/// The bars a report misses, in words (empty = all met): recall@5 misses at most 0.80 of the
/// baseline's (both directions); schema.org recall@5 >= 0.90; DBLP-ACM F1 >= 0.96 at the
/// default threshold.
std::vector<std::string> bars_missed(const Report& report);

/// The Markdown tables of docs/similarity.md for the reports, kgls and TF-IDF side by side.
std::string markdown(const std::vector<Report>& reports);

/// One table over all the reports: the figures the bars are about.
std::string summary(const std::vector<Report>& reports);

}  // namespace kgls::calibration
