// Calibration of the similarity layer on labelled data sets: precision, recall and F1 of the
// `likely-duplicate` warnings over a sweep of thresholds, and recall@k of the labelled
// partner in `kgls similar`. Shared by the `kgls_calibrate` tool (which prints the tables in
// docs/similarity.md) and the test that re-computes them.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kgls/similarity.hpp"

namespace kgls::calibration {

struct Sweep {
  double threshold = 0;
  size_t predicted = 0;
  size_t correct = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct RecallAtK {
  size_t k = 0;
  double forward = 0;   // Partner b among a's top k (a = the label's first column).
  double backward = 0;  // Partner a among b's top k.
};

/// How many pairs reach a cosine: all pairs of entities versus the labelled pairs.
struct CosineShare {
  double threshold = 0;
  double all_pairs = 0;  // Share of all pairs with cosine >= threshold.
  double labelled = 0;   // Share of labelled pairs with cosine >= threshold.
  double per_entity = 0; // Mean number of other entities at or above it, per entity.
};

struct Report {
  std::string name;
  size_t entities = 0;
  size_t labelled = 0;        // Labelled pairs whose both IDs exist.
  size_t labelled_linked = 0; // ... of which a typed edge joins (never reported, by design).
  std::vector<RecallAtK> recall;
  std::vector<Sweep> sweep;
  std::vector<CosineShare> cosines;
  /// Labelled pairs whose partner is not in the top 5 either way: "a -> b: rank r (ahead: x, y, z)".
  std::vector<std::string> misses;
  double embed_seconds = 0;
  double duplicates_seconds = 0;
  std::string embedder;
};

/// Loads every `.kg` file under `folder` into a workspace.
Workspace load_folder(const std::filesystem::path& folder);

/// Measures one data set: `folder` holds the `.kg` files and `duplicates.tsv` (a, b, source).
Report measure(const std::string& name, const std::filesystem::path& folder, const EmbedderSettings& embedder,
               const BuiltinEmbedder::Options& builtin, const std::vector<double>& thresholds,
               const std::vector<size_t>& ks, const DuplicateScoring& scoring = {},
               const std::vector<double>& cosine_thresholds = {});

/// The Markdown tables of docs/similarity.md for the reports.
std::string markdown(const std::vector<Report>& reports);

}  // namespace kgls::calibration
