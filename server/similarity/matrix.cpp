// Nearest rows and all pairs above a threshold over a row-normalised float matrix.
//
// All pairs is the expensive step (n^2/2 dot products). It runs as blocks of matrix products
// (Eigen's GEMM, which uses the cache and SIMD far better than n^2 dot products would), the
// blocks of the upper triangle handed out to threads by an atomic counter; each thread scans
// its product for scores above the threshold. Memory stays at one block product per thread.
#include <algorithm>
#include <atomic>
#include <thread>

#include "kgls/similarity.hpp"

namespace kgls {

namespace {

bool better(const ScoredRow& x, const ScoredRow& y) { return x.score != y.score ? x.score > y.score : x.row < y.row; }

bool better_pair(const ScoredPair& x, const ScoredPair& y) {
  if (x.score != y.score) return x.score > y.score;
  return x.a != y.a ? x.a < y.a : x.b < y.b;
}

// Rows per block: a 1024 x 1024 float product is 4 MB, which stays near the L2/L3 caches
// while giving GEMM enough work to run at full speed (measured in docs/similarity.md).
constexpr Eigen::Index kBlock = 1024;

}  // namespace

std::vector<ScoredRow> top_k(const EmbeddingMatrix& m, uint32_t query, size_t k, float min_score,
                             const std::unordered_set<uint32_t>& skip) {
  std::vector<ScoredRow> out;
  if (k == 0 || query >= m.rows()) return out;
  const Eigen::VectorXf scores = m * m.row(query).transpose();
  for (Eigen::Index r = 0; r < scores.size(); ++r) {
    const auto row = static_cast<uint32_t>(r);
    if (row == query || scores[r] < min_score || skip.count(row)) continue;
    out.push_back({row, scores[r]});
  }
  if (out.size() > k) {
    std::partial_sort(out.begin(), out.begin() + static_cast<long>(k), out.end(), better);
    out.resize(k);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
  return out;
}

std::vector<ScoredPair> pairs_above(const EmbeddingMatrix& m, float threshold, unsigned threads) {
  const Eigen::Index n = m.rows();
  const Eigen::Index blocks = (n + kBlock - 1) / kBlock;
  // The upper triangle of block pairs (i <= j), numbered so threads can take them in turn.
  std::vector<std::pair<Eigen::Index, Eigen::Index>> work;
  for (Eigen::Index i = 0; i < blocks; ++i)
    for (Eigen::Index j = i; j < blocks; ++j) work.emplace_back(i, j);

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, work.size())));
  std::atomic<size_t> next{0};
  std::vector<std::vector<ScoredPair>> found(threads);

  auto run = [&](unsigned t) {
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> product;
    for (size_t w; (w = next++) < work.size();) {
      const auto [bi, bj] = work[w];
      const Eigen::Index i0 = bi * kBlock, j0 = bj * kBlock;
      const Eigen::Index ni = std::min(kBlock, n - i0), nj = std::min(kBlock, n - j0);
      product.noalias() = m.middleRows(i0, ni) * m.middleRows(j0, nj).transpose();
      for (Eigen::Index r = 0; r < ni; ++r) {
        const float* row = product.data() + r * nj;
        // Within a diagonal block only the part right of the diagonal is new.
        for (Eigen::Index c = (bi == bj ? r + 1 : 0); c < nj; ++c) {
          if (row[c] >= threshold)
            found[t].push_back({static_cast<uint32_t>(i0 + r), static_cast<uint32_t>(j0 + c), row[c]});
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (auto& th : pool) th.join();

  std::vector<ScoredPair> out;
  for (auto& f : found) out.insert(out.end(), f.begin(), f.end());
  std::sort(out.begin(), out.end(), better_pair);
  return out;
}

}  // namespace kgls
