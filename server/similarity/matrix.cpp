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

namespace {

// The k best candidates of one row, as a heap whose top is the worst kept (better() order).
struct Best {
  std::vector<ScoredRow> heap;
  float floor = -2;  // Candidates at or below this cannot enter (once the heap is full).

  void offer(size_t k, uint32_t row, float score) {
    if (heap.size() < k) {
      heap.push_back({row, score});
      std::push_heap(heap.begin(), heap.end(), better);
      if (heap.size() == k) floor = heap.front().score;
      return;
    }
    const ScoredRow candidate{row, score};
    if (!better(candidate, heap.front())) return;
    std::pop_heap(heap.begin(), heap.end(), better);
    heap.back() = candidate;
    std::push_heap(heap.begin(), heap.end(), better);
    floor = heap.front().score;
  }
};

}  // namespace

AllPairs all_pairs(const EmbeddingMatrix& m, float threshold, size_t k, float min_score, unsigned threads,
                   const std::vector<uint32_t>& extra) {
  auto k_of = [&](uint32_t row) { return k + (row < extra.size() ? extra[row] : 0); };
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
  // Each thread keeps its own k best per row; merged at the end.
  std::vector<std::vector<Best>> best(k ? threads : 0);
  for (auto& b : best) b.resize(static_cast<size_t>(n));

  auto run = [&](unsigned t) {
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> product;
    for (size_t w; (w = next++) < work.size();) {
      const auto [bi, bj] = work[w];
      const Eigen::Index i0 = bi * kBlock, j0 = bj * kBlock;
      const Eigen::Index ni = std::min(kBlock, n - i0), nj = std::min(kBlock, n - j0);
      product.noalias() = m.middleRows(i0, ni) * m.middleRows(j0, nj).transpose();
      for (Eigen::Index r = 0; r < ni; ++r) {
        const float* row = product.data() + r * nj;
        const auto a = static_cast<uint32_t>(i0 + r);
        // Within a diagonal block only the part right of the diagonal is new.
        for (Eigen::Index c = (bi == bj ? r + 1 : 0); c < nj; ++c) {
          const float score = row[c];
          const auto b = static_cast<uint32_t>(j0 + c);
          if (score >= threshold) found[t].push_back({a, b, score});
          if (k && score >= min_score) {
            Best& x = best[t][a];
            if (score >= x.floor) x.offer(k_of(a), b, score);
            Best& y = best[t][b];
            if (score >= y.floor) y.offer(k_of(b), a, score);
          }
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (auto& th : pool) th.join();

  AllPairs out;
  for (auto& f : found) out.pairs.insert(out.pairs.end(), f.begin(), f.end());
  std::sort(out.pairs.begin(), out.pairs.end(), better_pair);
  if (k) {
    out.nearest.resize(static_cast<size_t>(n));
    for (size_t r = 0; r < static_cast<size_t>(n); ++r) {
      std::vector<ScoredRow>& list = out.nearest[r];
      for (auto& b : best) {
        list.insert(list.end(), b[r].heap.begin(), b[r].heap.end());
        std::vector<ScoredRow>().swap(b[r].heap);
      }
      std::sort(list.begin(), list.end(), better);
      if (list.size() > k_of(static_cast<uint32_t>(r))) list.resize(k_of(static_cast<uint32_t>(r)));
      list.shrink_to_fit();
    }
  }
  return out;
}

std::vector<ScoredPair> pairs_above(const EmbeddingMatrix& m, float threshold, unsigned threads) {
  return all_pairs(m, threshold, 0, 0, threads).pairs;
}

}  // namespace kgls
