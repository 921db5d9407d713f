// Candidate pairs by blocking: the duplicate pass without all n^2 products.
//
// Each row comes with a few exact blocking keys (64-bit hashes of its rarest features: rare
// words, rare name n-grams), and only rows that share a key are compared. An inverted index
// maps each key to its rows; a row takes the rows of its keys rarest first, up to a budget,
// and the pairs are scored with a SIMD dot kernel chosen at run time (dot_kernels.hpp).
// At 100,000 x 256 with 12 keys a row: ~0.6 s on 2 cores, against ~50 s for all_pairs()
// (`kgls_similarity_bench --blocked`). Internal to the similarity layer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "kgls/similarity.hpp"
#include "similarity/dot_kernels.hpp"

namespace kgls {

/// What a blocked_pairs() call did, for logs and the bench.
struct BlockingStats {
  size_t keys = 0;               // Distinct keys.
  size_t keys_used = 0;          // Held by 2..max_posting rows.
  size_t keys_too_common = 0;    // Held by more than max_posting rows: skipped.
  size_t rows_over_budget = 0;   // Rows that stopped before their last key (max_candidates).
  size_t scored = 0;             // Dot products (candidate pairs, each once).
  size_t max_posting = 0;        // The limits used.
  size_t max_candidates = 0;
  double index_seconds = 0, budget_seconds = 0, score_seconds = 0, merge_seconds = 0;  // Wall.
};

struct BlockingOptions {
  /// Keys shared by more rows than this are skipped: they say little and cost the square of
  /// their size. 0 = by size: clamp(4 * sqrt(n), 64, 2000) (1,265 at 100,000 rows).
  size_t max_posting = 0;
  /// Per row, at most this many candidate rows (distinct, itself left out), taken whole key by
  /// whole key from the rarest keys first; the walk stops before the first key that would
  /// take the row over. 0 = default_max_candidates(): 400, 200 past 20,000 rows (measured with
  /// `kgls_similarity_bench --blocked`).
  size_t max_candidates = 0;
  /// 0 = all cores.
  unsigned threads = 0;
  /// Filled when given.
  BlockingStats* stats = nullptr;
};

/// The defaults BlockingOptions' zeros stand for, for n rows.
size_t default_max_posting(size_t n);
size_t default_max_candidates(size_t n);

/// keys[r]: row r's blocking keys (any number, any order: "rarest" is measured here as the
/// number of rows holding the key, ties by first appearance; a key repeated in a row counts
/// once). Rows past keys.size() have no keys; key lists past m.rows() are ignored.
///
/// A pair (a, b) is a candidate when b is among a's candidates or a among b's; each candidate
/// pair is scored once (a dot product: rows need not be unit length).
/// Returns, like all_pairs(): every candidate pair (a < b) with dot >= threshold, sorted best
/// first then rows; and, when k > 0, each row's k (+ extra[r]) nearest candidates with
/// dot >= min_score, best first, ties by row. The result is the same for any thread count.
/// With keys that put every row in one block (and limits that let it through), it equals
/// all_pairs() but for the rounding of the dot products. The nearest lists are the nearest
/// among the candidates only: blocking is for duplicates, and a row's truly nearest rows need
/// not share one of its rare keys.
/// Memory beyond the matrix: the index (~12 bytes per key of a row) and, when k > 0, 2k
/// (+ 2 extra[r]) entries of 8 bytes per row (51 MB at 100,000 rows and k = 32).
AllPairs blocked_pairs(const EmbeddingMatrix& m, const std::vector<std::vector<uint64_t>>& keys, float threshold,
                       size_t k, float min_score, const BlockingOptions& options = {},
                       const std::vector<uint32_t>& extra = {});

/// Each entity's blocking keys, for blocked_pairs(): the exact features a duplicate shares
/// with its partner even when it is reworded: the words of its names and texts (folded,
/// stemmed, function words left out; title, aliases and every string field) and the
/// character 4-grams of its names with the spaces taken out ("DSC-W55" and "DSCW55" share
/// "dscw", "scw5", "cw55"). Names and texts are kept apart (a word in a name is a different
/// key from the same word in a summary). blocked_pairs() measures their rarity itself.
std::vector<std::vector<uint64_t>> blocking_keys(const std::vector<EntityRef>& entities);

/// The SIMD level blocked_pairs() runs with: "avx512", "avx2" or "baseline". The best this CPU
/// has, unless the environment variable KGLS_SIMD=baseline|avx2|avx512 asks for a lower one
/// (a level the CPU lacks falls back to the best below it). Chosen once per process.
const char* simd_level();

namespace simd {

struct DotKernels {
  const char* name;
  DotFn dot;
  DotGatherFn dot_gather;
};

/// The kernels of one level ("baseline", "avx2", "avx512"), or nullptr when this CPU or build
/// lacks it (for tests and the bench).
const DotKernels* dot_kernels(std::string_view level);
/// The kernels simd_level() names.
const DotKernels& active_dot_kernels();

}  // namespace simd

}  // namespace kgls
