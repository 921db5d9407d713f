// The TF-IDF baseline of the data sets' READMEs, reproduced exactly in C++ for the calibration
// harness (not the product): scikit-learn 1.2's
//
//   words = TfidfVectorizer(analyzer='word', ngram_range=(1, 2), sublinear_tf=True)
//   chars = TfidfVectorizer(analyzer='char_wb', ngram_range=(3, 5), sublinear_tf=True)
//   X = normalize(hstack([words.fit_transform(texts), chars.fit_transform(texts)]))
//
// on each entity's title, aliases and summary joined by newlines (lower-cased; the default
// token pattern `(?u)\b\w\w+\b`; smooth idf; l2 norm per vectorizer, then the stacked row
// again), as exact sparse vectors: a cosine is a dot product. Ranked lists leave out the
// query, its typed neighbours (either direction) and its neutral partners; warnings are all
// pairs with no typed edge at cosine >= 0.2. Counted by the same code as kgls's figures
// (kgls/evaluation.hpp), so the two sides are comparable line by line.
#pragma once
#include <Eigen/SparseCore>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kgls/evaluation.hpp"

namespace kgls::calibration {

/// Python's str.lower() on UTF-8 (U+0130 to "i̇", final sigma), as scikit-learn lower-cases.
std::string python_lower(std::string_view text);
/// scikit-learn's word analyzer: lower-cased `(?u)\b\w\w+\b` tokens, then their bigrams.
std::vector<std::string> word_ngrams(std::string_view text);
/// scikit-learn's char_wb analyzer (3–5): each whitespace-separated word padded with a space
/// on each side, its n-grams; a padded word no longer than n counts once, whole, and ends it.
std::vector<std::string> char_wb_ngrams(std::string_view text);

/// The baseline's vectors for a workspace: one row per entity (not `kind` / `relation`
/// declarations), in the workspace's order.
class TfidfBaseline {
 public:
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor>;

  struct Options {
    /// False drops a summary written as a text block (`"""`), as the data sets' own
    /// `eval/baseline.py` does (its reader skips them): that reproduces the READMEs' figures
    /// to the pair (schema.org recall@1/5/10 62/74/76 of 92, ENVO 164/235/258 of 296).
    bool text_block_summaries = true;
  };
  explicit TfidfBaseline(const Workspace& workspace) : TfidfBaseline(workspace, Options{}) {}
  TfidfBaseline(const Workspace& workspace, Options options);

  size_t size() const { return ids_.size(); }
  const std::vector<std::string>& ids() const { return ids_; }
  const std::vector<std::string>& texts() const { return texts_; }
  /// Rows of an ID; empty when unknown.
  const std::vector<uint32_t>& rows(std::string_view id) const;
  /// Rows joined to `row` by a typed edge either way (sorted), or defining the same ID.
  const std::vector<uint32_t>& excluded(uint32_t row) const { return excluded_[row]; }
  bool is_excluded(uint32_t row, uint32_t other) const;
  const Matrix& matrix() const { return matrix_; }
  double cosine(uint32_t a, uint32_t b) const;
  size_t word_features() const { return word_features_; }
  size_t char_features() const { return char_features_; }
  double seconds() const { return seconds_; }

 private:
  std::vector<std::string> ids_;
  std::vector<std::string> texts_;
  std::unordered_map<std::string_view, std::vector<uint32_t>> rows_;
  std::vector<std::vector<uint32_t>> excluded_;
  Matrix matrix_;
  size_t word_features_ = 0;
  size_t char_features_ = 0;
  double seconds_ = 0;
};

struct TfidfOptions {
  std::vector<size_t> ks = {1, 5, 10};
  std::vector<double> thresholds = default_sweep();
  double default_threshold = 0.80;
  double min_cosine = 0.2;  // Warnings are scored from here; the sweep below it is not measured.
};

/// The baseline's figures; `lowest` is min_cosine. Ties in the ranked lists are broken by row
/// (as kgls does); the recall an optimistic (partner first among equals) and a pessimistic
/// (partner last) order would give is kept beside it.
struct TfidfEvaluation : Evaluation {
  std::vector<RecallAt> recall_optimistic;
  std::vector<RecallAt> recall_pessimistic;
  size_t features = 0;
  double vector_seconds = 0;
};

TfidfEvaluation evaluate_tfidf(const TfidfBaseline& baseline, const std::vector<LabelPair>& pairs,
                               const PairSet* neutral, const TfidfOptions& options = {});

}  // namespace kgls::calibration
