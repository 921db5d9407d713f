// Similarity over a workspace: entity embeddings in an Eigen matrix, the nearest entities of
// one entity (the card's "Related by similarity", `kgls similar`), and likely duplicates
// (the `likely-duplicate` warning, `kgls duplicates`). Design: language.md, "Similarity and
// duplicates"; the defaults are measured in docs/similarity.md.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kgls/diagnostic.hpp"
#include "kgls/embedding.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

/// Every threshold and limit, with the measured defaults (docs/similarity.md).
struct SimilaritySettings {
  EmbedderSettings embedder;
  /// Cosine at or above which an entity is "related by similarity" (card, hover).
  double similarity_threshold = 0.15;
  /// How many related entities the card lists.
  uint32_t related_limit = 8;
  /// Duplicate score at or above which a pair is a `likely-duplicate` warning.
  double duplicate_threshold = 0.5;
  /// Off = no `likely-duplicate` diagnostics at all.
  bool duplicates = true;
};

/// What is known of a candidate pair, from the pass: the evidence the duplicate model weighs.
struct PairEvidence {
  double score = 0;       // The embeddings' dot product: the weighted sum of field cosines.
  double cosine = 0;      // score / sqrt(score(a,a) score(b,b)): how much of each other they are.
  double gap_a = 0;       // score minus a's best other candidate's (> 0: b is a's nearest).
  double gap_b = 0;       // the same from b's side.
  uint32_t rank_a = 0;    // b's place in a's nearest (1 = first; k + 1 = not among them).
  uint32_t rank_b = 0;
  bool same_name = false; // A normalised title or alias in common.
  uint32_t disagreements = 0;
  double typical = 0;     // The workspace's median best-candidate score (scores are read against it).
};

/// The features the model reads, in a fixed order (kDuplicateFeatures of them).
constexpr size_t kDuplicateFeatures = 8;
std::array<double, kDuplicateFeatures> duplicate_features(const PairEvidence& e);
/// Their names, for the calibration's printout.
const std::array<const char*, kDuplicateFeatures>& duplicate_feature_names();

/// A logistic model over the evidence: the probability that a pair is a duplicate. Its
/// weights are fit on the labelled data sets (docs/similarity.md; `kgls_calibrate --fit`),
/// so that one threshold on a probability means the same on every knowledge base.
struct DuplicateModel {
  std::array<double, kDuplicateFeatures + 1> weights{};  // The bias last.
  double probability(const PairEvidence& e) const;
  /// The shipped weights (fit on every data set together).
  static DuplicateModel defaults();
};

/// How likely duplicates are scored (language.md: "raised by the same normalised title or
/// alias, lowered by fields that disagree"). The pair's score is `model`'s probability;
/// `same_name` and `disagreement` weigh only duplicate_score()'s cosine-based score, which
/// the model no longer reads (it reads whether a name is shared and how many facts disagree).
struct DuplicateScoring {
  /// The model that turns a pair's evidence into its score.
  DuplicateModel model = DuplicateModel::defaults();
  /// Candidates: each entity's this many nearest entities (typed neighbours left out), and
  /// every pair sharing a normalised name.
  size_t candidates = 5;
  /// Same normalised title or alias: the score moves this share of the way from cos to 1.
  double same_name = 0.5;
  /// Per disagreeing fact: a different kind, a different number in the same field (`year`),
  /// disjoint lists in the same field (`authors`).
  double disagreement = 0.25;
  /// Titles that contrast count as one disagreement: the same words but for a value of a
  /// series (a number, a letter, a weekday, a month: "Category A" / "Category B"), a
  /// negation ("Supported" / "Not Supported", "eligible" / "ineligible") or a common English
  /// opposite ("highPrice" / "lowPrice", "startTime" / "endTime"). Names like these are
  /// how a schema tells apart things that are alike by construction.
  bool contrasting_names = true;
  /// Number fields that never disagree: find_duplicates() adds those whose values rarely
  /// repeat in the workspace (more than one distinct value in four: prices, measurements).
  std::set<std::string> measured_fields = {};
  /// How each entity's nearest entities are found. Up to this many entities, every pair is
  /// compared (exact; under a second); above, only entities that share one of their rarest
  /// words or name 4-grams (blocking: ~1 s at 100,000 entities where all pairs take ~50 s),
  /// so the nearest lists are the nearest among those. The suite (kgls_calibrate
  /// --all-pairs) measures what blocking loses.
  size_t all_pairs_up_to = 4096;
};

/// A row-major float matrix: one unit-length row per entity (zero when it has no text).
using EmbeddingMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// A pair of rows and their cosine.
struct ScoredPair {
  uint32_t a = 0;  // a < b
  uint32_t b = 0;
  float score = 0;
};

/// A row and its cosine to the query row.
struct ScoredRow {
  uint32_t row = 0;
  float score = 0;
};

/// The order of every nearest list: best score first, ties by row.
inline bool better(const ScoredRow& x, const ScoredRow& y) {
  return x.score != y.score ? x.score > y.score : x.row < y.row;
}

/// The `k` rows most similar to `query` (best first, ties by row), with cosine >= min_score,
/// leaving out the query itself and every row `skip` says to leave out.
std::vector<ScoredRow> top_k(const EmbeddingMatrix& m, uint32_t query, size_t k, float min_score,
                             const std::unordered_set<uint32_t>& skip = {});

/// Every pair of rows with cosine >= threshold, computed as blocks of matrix products on
/// `threads` threads (0 = all cores). Sorted by score (best first), then rows.
std::vector<ScoredPair> pairs_above(const EmbeddingMatrix& m, float threshold, unsigned threads = 0);

/// pairs_above() and, in the same sweep, each row's `k` nearest rows with cosine >= min_score
/// (best first, ties by row; none when k is 0): the card's related entities without a
/// product over the whole matrix per hover.
struct AllPairs {
  std::vector<ScoredPair> pairs;
  std::vector<std::vector<ScoredRow>> nearest;  // By row.
};
/// `extra`, when not empty, keeps extra[r] more for row r (k + extra[r] in all).
AllPairs all_pairs(const EmbeddingMatrix& m, float threshold, size_t k, float min_score, unsigned threads = 0,
                   const std::vector<uint32_t>& extra = {});

/// What find_duplicates() can keep of its sweep for similar_entities(): each row's k nearest.
/// Above DuplicateScoring::all_pairs_up_to entities they are the nearest among the rows that
/// share a blocking key with it (similar_entities() answers from them all the same: a hover
/// must not wait for a pass over every row).
struct NearestRows {
  size_t k = 32;
  float min_score = 0.15f;
  std::vector<std::vector<ScoredRow>> rows;
  /// Per row, how many more than k were kept: as many as the rows it excludes (its typed
  /// neighbours), so a hub's list still holds k rows once its neighbours are left out.
  std::vector<uint32_t> extra;
  size_t k_of(size_t row) const { return k + (row < extra.size() ? extra[row] : 0); }
};

/// The text an entity is embedded from: its title and aliases (one per line), a blank line,
/// then its summary. The builtin embedder weighs the lines before the blank line as names.
std::string embedding_text(const Entity& entity);

/// A name as compared for "the same name": case and accents folded, camelCase and
/// punctuation turned into single spaces ("SoftwareSourceCode" -> "software source code").
std::string normalise_name(std::string_view name);

/// The embeddings of a workspace's entities (every entity but the schema's `kind`,
/// `relation` and `field` declarations), with the typed edges needed to leave neighbours out.
class SimilarityIndex {
 public:
  /// Embeds every entity's text through the service (cache and fallback included).
  static SimilarityIndex build(const Workspace& workspace, EmbeddingService& service);

  /// What update() kept and what it embedded again.
  struct Update {
    static constexpr uint32_t kNew = UINT32_MAX;
    std::vector<uint32_t> old_row;  // Per row: its row in the previous index, or kNew.
    std::vector<uint32_t> changed;  // The rows embedded again (old_row kNew), ascending.
  };
  /// The index of `workspace` from `previous` (an index of an earlier state of it): an
  /// entity whose embedded input (text, fields, edges) is unchanged keeps its vector, the
  /// others are embedded with EmbeddingService::embed_more(), comparable with the previous
  /// vectors. nullopt when more than `max_changed` entities changed or the service cannot
  /// embed comparably: build() then. The nearest lists are not carried over
  /// (update_duplicates() does that).
  static std::optional<SimilarityIndex> update(const SimilarityIndex& previous, const Workspace& workspace,
                                               EmbeddingService& service, size_t max_changed, Update& out);

  const std::vector<EntityRef>& entities() const { return entities_; }
  const EmbeddingMatrix& matrix() const { return matrix_; }
  /// Rows of an ID (more than one when the ID is defined twice); empty when unknown.
  const std::vector<uint32_t>& rows(std::string_view id) const;
  /// True when a typed edge joins the two IDs, in either direction.
  bool linked(std::string_view a, std::string_view b) const;
  /// The same for the entities of two rows (no lookup by ID).
  bool linked_rows(uint32_t a, uint32_t b) const {
    return a < linked_.size() && std::binary_search(linked_[a].begin(), linked_[a].end(), b);
  }
  /// Rows joined to `row` by a typed edge either way, plus the other definitions of its ID.
  std::unordered_set<uint32_t> excluded(uint32_t row) const;
  /// At least excluded(row).size() (the same but for rows counted twice), without the set.
  size_t excluded_bound(uint32_t row) const;
  const std::string& embedder() const { return embedder_; }
  /// Each row's nearest rows, from find_duplicates()'s sweep; similar_entities() answers from
  /// them when they suffice and computes the row's products when not.
  void set_nearest(NearestRows nearest) { nearest_ = std::move(nearest); }
  const NearestRows& nearest() const { return nearest_; }
  /// Set when the configured embedder failed and the builtin stood in.
  const std::optional<std::string>& warning() const { return warning_; }
  /// The row's entity's normalised title and aliases (normalise_name()), sorted, unique.
  const std::vector<std::string>& names(uint32_t row) const { return names_[row]; }

 private:
  // Rows, IDs, typed edges and names of the workspace's entities (no vectors yet).
  static SimilarityIndex layout(const Workspace& workspace);

  std::vector<EntityRef> entities_;
  std::vector<std::vector<std::string>> names_;
  std::vector<uint64_t> input_hash_;  // Per row: a hash of what the embedder read.
  EmbeddingMatrix matrix_;
  // Keyed by views of the entities' own IDs (the documents outlive the index's refs).
  std::unordered_map<std::string_view, std::vector<uint32_t>> rows_;
  // Per row, the rows its entity's ID is joined to by a typed edge, either way; sorted.
  std::vector<std::vector<uint32_t>> linked_;
  std::string embedder_;
  std::optional<std::string> warning_;
  NearestRows nearest_;
};

/// One entity similar to another, as the card and `kgls similar` show it.
struct SimilarEntity {
  std::string id;
  std::string kind;
  std::string title;
  std::string summary;
  double score = 0;  // Cosine.
  EntityRef ref;
};

/// The entities most similar to `id`: best first, at most `limit`, cosine >= min_score, none
/// joined to it by a typed edge in either direction. Empty when the ID is unknown.
std::vector<SimilarEntity> similar_entities(const SimilarityIndex& index, std::string_view id, size_t limit,
                                            double min_score);

/// The card's "Related by similarity" list: similar_entities() with the settings' threshold
/// and limit.
std::vector<SimilarEntity> related_by_similarity(const SimilarityIndex& index, std::string_view id,
                                                 const SimilaritySettings& settings);

/// A likely duplicate pair.
struct DuplicatePair {
  EntityRef a;  // a's ID sorts before b's
  EntityRef b;
  double score = 0;   // The duplicate score: the model's probability.
  double cosine = 0;  // The embeddings' cosine it started from.
  PairEvidence evidence;
  /// "same-name" when a normalised title or alias is shared, else "similarity".
  std::string reason;
  /// What lowered the score, for the message: "different year", "disjoint authors", ...
  std::vector<std::string> disagreements;
};

/// The duplicate score of two entities whose embeddings have cosine `cosine`.
/// Fills `pair` (reason, disagreements, score) when given.
double duplicate_score(const Entity& a, const Entity& b, double cosine, const DuplicateScoring& scoring = {},
                       DuplicatePair* pair = nullptr);

/// Every pair with a duplicate score >= threshold and no typed edge either way, best first.
/// Pairs sharing an ID (a duplicate-id error already) are left out. `keep_linked` keeps the
/// pairs joined by a typed edge too, for a caller that checks edges later against newer
/// documents (the server keeps a pass across edits that only change edges).
/// `nearest`, when given, receives each row's nearest rows (its k and min_score say how many).
std::vector<DuplicatePair> find_duplicates(const SimilarityIndex& index, double threshold,
                                           const DuplicateScoring& scoring = {}, bool keep_linked = false,
                                           NearestRows* nearest = nullptr);

/// Every candidate pair's evidence (no threshold), for fitting the model. Same candidates as
/// find_duplicates() after an edit, from the pass before it: `index` comes from
/// SimilarityIndex::update(previous, ...) (`update` says which rows were embedded again) and
/// `previous` holds its nearest lists (set_nearest) and `previous_pairs` the pairs found
/// then (as find_duplicates() returned them). Only the changed rows are compared with every
/// row; they enter the other rows' lists where they now belong, and only pairs with a row
/// whose list changed are scored again (the others keep their scores). `nearest` receives
/// the lists for index.set_nearest(). A kept row's list loses what was removed or changed
/// and is a row short until the next whole pass; candidates below the lists' min_score are
/// not seen. nullopt when `previous` has no nearest lists.
std::optional<std::vector<DuplicatePair>> update_duplicates(const SimilarityIndex& index,
                                                            const SimilarityIndex::Update& update,
                                                            const SimilarityIndex& previous,
                                                            const std::vector<DuplicatePair>& previous_pairs,
                                                            double threshold, const DuplicateScoring& scoring,
                                                            bool keep_linked, NearestRows& nearest);

/// find_duplicates(): each row's `scoring.candidates` nearest, and the same-name pairs.
std::vector<DuplicatePair> duplicate_candidates(const SimilarityIndex& index, const DuplicateScoring& scoring = {});

/// `likely-duplicate` warnings: one on each ID of each pair, pointing at the other (related
/// location and `data` = the other ID). Keyed by document path; only paths with warnings.
std::map<std::string, std::vector<Diagnostic>> duplicate_diagnostics(const std::vector<DuplicatePair>& pairs);

/// The whole step for `kgls check` and the server: embed, find, turn into warnings.
/// Returns no diagnostics when settings.duplicates is off.
std::map<std::string, std::vector<Diagnostic>> likely_duplicate_diagnostics(const Workspace& workspace,
                                                                            const SimilaritySettings& settings,
                                                                            EmbeddingService& service);

}  // namespace kgls
