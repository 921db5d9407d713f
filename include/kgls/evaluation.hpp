// Measuring the similarity layer against labelled pairs of a knowledge base: recall@k of the
// labelled partner in `kgls similar` and precision / recall / F1 of the `likely-duplicate`
// warnings over a sweep of thresholds, with the exact best-F1 threshold. Shared by `kgls eval`
// and the calibration harness (`kgls_calibrate`); docs/similarity.md, "Measure it on your
// knowledge base". No JSON here: the CLI's `--format json` turns the structs into JSON.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kgls/similarity.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

/// One labelled pair as the file gives it: `a` is the first column.
struct LabelPair {
  std::string a;
  std::string b;
  size_t line = 0;  // 1-based line of the file.
};

/// A line of a labels file that gave no pair, and why ("unknown ID `foo`").
struct LabelProblem {
  size_t line = 0;
  std::string message;
};

/// A labels file read against a workspace. Problems are collected, never thrown.
struct LabelFile {
  std::vector<LabelPair> pairs;         // The usable pairs, in file order.
  std::vector<LabelProblem> problems;   // Lines skipped, by line number.
  size_t lines = 0;                     // Lines in the file.
  size_t blank_lines = 0;               // Blank lines (skipped silently).
  size_t header_line = 0;               // The line read as a header; 0 = none.
  std::string header;                   // Its first two cells, "a, b".
  /// Set when the file cannot be read or holds no usable pair; one line a person understands.
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Whether an ID names an entity of the workspace.
using KnownId = std::function<bool(std::string_view id)>;

/// An entity that is compared (not a `kind`, `relation` or `field` declaration) has this ID.
KnownId known_entities(const Workspace& workspace);

/// Reads pairs of IDs: TSV or whitespace-separated, two ID columns (more are ignored). The
/// first line is a header when its two first cells are not both known IDs. Skipped, each with
/// its line number and reason: a line with fewer than two cells (blank lines are only
/// counted), an unknown ID, a pair repeated (in either order), a pair of the same ID, a line
/// that is not valid UTF-8. `error` is set when no usable pair remains.
LabelFile parse_labels(std::string_view text, const KnownId& known);
/// parse_labels() on a file; `error` is also set when the file cannot be read.
LabelFile read_labels(const std::filesystem::path& file, const KnownId& known);

/// Unordered pairs of IDs, with each ID's partners (for leaving them out of a ranked list).
class PairSet {
 public:
  void insert(const std::string& a, const std::string& b);
  bool contains(std::string_view a, std::string_view b) const;
  /// The IDs paired with `id`; null when none.
  const std::set<std::string, std::less<>>* partners(std::string_view id) const;
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> partners_;
  size_t size_ = 0;
};

/// recall@k of the labelled partner: among the k most similar entities of the other one.
struct RecallAt {
  size_t k = 0;
  double forward = 0;   // b among a's top k (a = the label's first column).
  double backward = 0;  // a among b's top k.
  double both = 0;      // The mean of the two.
  size_t forward_hits = 0;
  size_t backward_hits = 0;
};

/// The warnings at or above a threshold, against the labels.
struct ThresholdPoint {
  double threshold = 0;
  size_t predicted = 0;  // Warnings (neutral pairs not counted).
  size_t correct = 0;    // ... of which labelled pairs.
  double precision = 0;  // 1 when there is no warning.
  double recall = 0;
  double f1 = 0;
};

/// One predicted pair, scored, and whether it is labelled (for score_predictions()).
struct ScoredPrediction {
  double score = 0;
  bool correct = false;
};

/// The thresholds of the sweep: 0.05, 0.10, ... 0.95.
std::vector<double> default_sweep();

/// What evaluate() measures.
struct EvaluationOptions {
  std::vector<size_t> ks = {1, 5, 10};
  std::vector<double> thresholds = default_sweep();
  /// The threshold reported beside the best one ("the default threshold D gives F1 Y").
  double default_threshold = SimilaritySettings{}.duplicate_threshold;
  DuplicateScoring scoring;
};

/// The figures of one method on one labelled set.
struct Evaluation {
  size_t entities = 0;
  size_t pairs = 0;          // Usable labelled pairs measured.
  size_t pairs_linked = 0;   // ... joined by a typed edge: never warned about, never ranked.
  size_t neutral_pairs = 0;  // Neutral pairs given.
  size_t neutral_dropped = 0;  // Warnings at the lowest threshold dropped as neutral.
  /// Per labelled pair, in order: the partner's rank (1 = first) in the other's list, or 0
  /// when it is not within the max(ks) first.
  std::vector<size_t> forward_rank;
  std::vector<size_t> backward_rank;
  size_t max_rank = 0;
  std::vector<RecallAt> recall;
  /// Warnings: all pairs at or above `lowest` were scored (min of the thresholds and the default).
  double lowest = 0;
  size_t candidates = 0;  // Warnings at `lowest`, neutral pairs dropped.
  std::vector<ThresholdPoint> sweep;
  /// The best F1 over every cut of the scored pairs; its threshold is the score of the last
  /// pair kept (a cut never splits pairs of equal score, nor scores within 1e-9 of each
  /// other: rounding noise). f1 0 and threshold NaN when no warning is correct.
  ThresholdPoint best;
  ThresholdPoint at_default;
  double rank_seconds = 0;
  double warning_seconds = 0;
};

/// Recall@k from the partners' ranks (0 = beyond the list).
std::vector<RecallAt> recall_at(const std::vector<size_t>& forward_rank, const std::vector<size_t>& backward_rank,
                                const std::vector<size_t>& ks);

/// Precision, recall and F1 of the predictions at or above each threshold (into `out.sweep`),
/// at `default_threshold` (`out.at_default`), and the exact best F1 (`out.best`); `labelled`
/// is the recall's denominator. Sets `out.candidates`.
void score_predictions(std::vector<ScoredPrediction> predictions, size_t labelled,
                       const std::vector<double>& thresholds, double default_threshold, Evaluation& out);

/// Measures the index against the labelled pairs: the ranked lists of similar_entities()
/// (neutral partners left out like typed neighbours) and the find_duplicates() warnings
/// (neutral pairs dropped before counting). Pairs whose IDs have no row are not counted.
Evaluation evaluate(const SimilarityIndex& index, const std::vector<LabelPair>& pairs, const PairSet* neutral,
                    const EvaluationOptions& options = {});

/// Every `.kg` file under `folder` into a workspace (document paths relative to it).
/// Throws std::runtime_error when there is none or one cannot be read.
Workspace load_folder(const std::filesystem::path& folder);

}  // namespace kgls
