// blocked_pairs() and its SIMD dot kernels: the kernels agree across instruction sets; one
// block equals all_pairs(); rows without a shared key are never paired; a key over
// max_posting is skipped; the candidate budget; the result does not depend on the threads.
#include "similarity/candidates.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <map>
#include <set>

using namespace kgls;

namespace {

const char* const kLevels[] = {"baseline", "avx2", "avx512"};

EmbeddingMatrix random_rows(Eigen::Index n, Eigen::Index d, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  EmbeddingMatrix m(n, d);
  for (Eigen::Index r = 0; r < n; ++r)
    for (Eigen::Index c = 0; c < d; ++c) m(r, c) = normal(rng);
  return m;
}

// Entries that are multiples of 1/8 in [-1, 1]: every partial sum of a product of two rows
// is a multiple of 1/64 well inside float's 24 bits, so each dot product is exact whatever
// the order of the sums (GEMM's in all_pairs(), the kernels' in blocked_pairs()).
EmbeddingMatrix exact_rows(Eigen::Index n, Eigen::Index d, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> eighth(-8, 8);
  EmbeddingMatrix m(n, d);
  for (Eigen::Index r = 0; r < n; ++r)
    for (Eigen::Index c = 0; c < d; ++c) m(r, c) = static_cast<float>(eighth(rng)) / 8.0f;
  return m;
}

void expect_same(const AllPairs& x, const AllPairs& y) {
  ASSERT_EQ(x.pairs.size(), y.pairs.size());
  for (size_t i = 0; i < x.pairs.size(); ++i) {
    EXPECT_EQ(x.pairs[i].a, y.pairs[i].a) << i;
    EXPECT_EQ(x.pairs[i].b, y.pairs[i].b) << i;
    EXPECT_EQ(x.pairs[i].score, y.pairs[i].score) << i;
  }
  ASSERT_EQ(x.nearest.size(), y.nearest.size());
  for (size_t r = 0; r < x.nearest.size(); ++r) {
    ASSERT_EQ(x.nearest[r].size(), y.nearest[r].size()) << "row " << r;
    for (size_t i = 0; i < x.nearest[r].size(); ++i) {
      EXPECT_EQ(x.nearest[r][i].row, y.nearest[r][i].row) << "row " << r << " #" << i;
      EXPECT_EQ(x.nearest[r][i].score, y.nearest[r][i].score) << "row " << r << " #" << i;
    }
  }
}

std::set<std::pair<uint32_t, uint32_t>> pair_set(const AllPairs& p) {
  std::set<std::pair<uint32_t, uint32_t>> out;
  for (const auto& x : p.pairs) out.insert({x.a, x.b});
  return out;
}

}  // namespace

TEST(DotKernels, AgreeAcrossInstructionSets) {
  const simd::DotKernels* base = simd::dot_kernels("baseline");
  ASSERT_NE(base, nullptr);
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  for (const size_t d : {1, 7, 8, 15, 16, 17, 31, 33, 100, 256, 1100}) {
    const size_t rows = 13;  // Not a multiple of the gather's group of 4.
    std::vector<float> q(d), matrix(rows * d);
    for (auto& x : q) x = normal(rng);
    for (auto& x : matrix) x = normal(rng);
    std::vector<uint32_t> ids = {5, 0, 12, 3, 3, 7, 1, 11, 2, 9, 4, 6, 8, 10, 0};
    std::vector<double> exact(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      double s = 0;
      for (size_t j = 0; j < d; ++j) s += static_cast<double>(q[j]) * matrix[ids[i] * d + j];
      exact[i] = s;
    }
    double scale = 0;  // |q| |row|: the size of the rounding errors.
    for (size_t j = 0; j < d; ++j) scale += static_cast<double>(q[j]) * q[j];
    scale = std::sqrt(scale * static_cast<double>(d));
    for (const char* level : kLevels) {
      const simd::DotKernels* kernels = simd::dot_kernels(level);
      if (!kernels) {
        std::printf("[ skipped  ] %s: not on this CPU\n", level);
        continue;
      }
      SCOPED_TRACE(std::string(level) + ", d = " + std::to_string(d));
      std::vector<float> out(ids.size(), -1);
      kernels->dot_gather(q.data(), matrix.data(), d, ids.data(), ids.size(), d, out.data());
      for (size_t i = 0; i < ids.size(); ++i) {
        const float one = kernels->dot(q.data(), matrix.data() + ids[i] * d, d);
        const float swapped = kernels->dot(matrix.data() + ids[i] * d, q.data(), d);
        EXPECT_EQ(out[i], one) << i;  // Bit for bit: the same sums in the same order.
        EXPECT_EQ(one, swapped) << i;
        EXPECT_NEAR(one, exact[i], 1e-4 * std::max(std::abs(exact[i]), scale)) << i;
        const float b = base->dot(q.data(), matrix.data() + ids[i] * d, d);
        EXPECT_NEAR(one, b, 1e-4 * std::max(std::abs(static_cast<double>(b)), scale)) << i;
      }
    }
  }
}

TEST(DotKernels, LevelNames) {
  EXPECT_EQ(simd::dot_kernels("sse9"), nullptr);
  const std::string level = simd_level();
  EXPECT_TRUE(level == "baseline" || level == "avx2" || level == "avx512") << level;
  EXPECT_NE(simd::dot_kernels(level), nullptr);
  EXPECT_EQ(std::string(simd::active_dot_kernels().name), level);
}

TEST(BlockedPairs, OneBlockEqualsAllPairs) {
  for (const auto& [n, d] : {std::pair<Eigen::Index, Eigen::Index>{1, 5}, {2, 3}, {37, 7}, {300, 40}, {1100, 17}}) {
    SCOPED_TRACE("n = " + std::to_string(n) + ", d = " + std::to_string(d));
    const EmbeddingMatrix m = exact_rows(n, d, static_cast<unsigned>(n));
    std::vector<std::vector<uint64_t>> keys(static_cast<size_t>(n), std::vector<uint64_t>{42});
    BlockingOptions one;
    one.max_posting = static_cast<size_t>(n);
    one.max_candidates = static_cast<size_t>(n);
    std::vector<uint32_t> extra(static_cast<size_t>(n));
    for (size_t r = 0; r < extra.size(); ++r) extra[r] = static_cast<uint32_t>(r % 3);
    const float threshold = static_cast<float>(d) / 16.0f;
    for (const unsigned threads : {1u, 2u}) {
      one.threads = threads;
      expect_same(blocked_pairs(m, keys, threshold, 5, 0.0f, one, extra),
                  all_pairs(m, threshold, 5, 0.0f, threads, extra));
      expect_same(blocked_pairs(m, keys, threshold, 0, 0.0f, one), all_pairs(m, threshold, 0, 0.0f, threads));
    }
  }
}

TEST(BlockedPairs, OneBlockRandomMatchesAllPairsScores) {
  // Ordinary floats: the same pairs (none near the threshold here) with scores within rounding.
  const EmbeddingMatrix m = random_rows(400, 64, 3);
  std::vector<std::vector<uint64_t>> keys(400, std::vector<uint64_t>{7, 9});
  BlockingOptions one;
  one.max_posting = one.max_candidates = 400;
  const AllPairs blocked = blocked_pairs(m, keys, 12.0f, 3, 0.0f, one);
  const AllPairs all = all_pairs(m, 12.0f, 3, 0.0f);
  ASSERT_FALSE(all.pairs.empty());
  ASSERT_EQ(pair_set(blocked), pair_set(all));
  for (size_t i = 0; i < all.pairs.size(); ++i) EXPECT_NEAR(blocked.pairs[i].score, all.pairs[i].score, 1e-3);
}

TEST(BlockedPairs, OnlyRowsSharingAKey) {
  // Identical rows, so every pair would be found; keys put them in blocks {0,1,2}, {2,3}, {4,5}
  // and leave 6 and 7 with keys of their own.
  EmbeddingMatrix m = EmbeddingMatrix::Ones(8, 4);
  const std::vector<std::vector<uint64_t>> keys = {{1}, {1}, {1, 2}, {2}, {3, 0}, {0}, {4}, {5, 6}};
  const AllPairs p = blocked_pairs(m, keys, 0.0f, 8, 0.0f);
  const std::set<std::pair<uint32_t, uint32_t>> want = {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {4, 5}};
  EXPECT_EQ(pair_set(p), want);
  ASSERT_EQ(p.nearest.size(), 8u);
  ASSERT_EQ(p.nearest[2].size(), 3u);  // 0, 1, 3: ties by row.
  EXPECT_EQ(p.nearest[2][0].row, 0u);
  EXPECT_EQ(p.nearest[2][1].row, 1u);
  EXPECT_EQ(p.nearest[2][2].row, 3u);
  EXPECT_TRUE(p.nearest[6].empty());
  EXPECT_TRUE(p.nearest[7].empty());
  // Fewer key lists than rows: the rest have no keys.
  const AllPairs q = blocked_pairs(m, {{1}, {1}}, 0.0f, 2, 0.0f);
  EXPECT_EQ(pair_set(q), (std::set<std::pair<uint32_t, uint32_t>>{{0, 1}}));
  EXPECT_EQ(q.nearest.size(), 8u);
  // No keys at all.
  EXPECT_TRUE(blocked_pairs(m, {}, 0.0f, 2, 0.0f).pairs.empty());
}

TEST(BlockedPairs, KeyOverMaxPostingSkipped) {
  EmbeddingMatrix m = EmbeddingMatrix::Ones(10, 3);
  std::vector<std::vector<uint64_t>> keys(10, std::vector<uint64_t>{99});  // All ten rows.
  keys[3].push_back(5);
  keys[8].push_back(5);
  BlockingOptions options;
  options.max_posting = 9;
  EXPECT_EQ(pair_set(blocked_pairs(m, keys, 0.0f, 0, 0.0f, options)),
            (std::set<std::pair<uint32_t, uint32_t>>{{3, 8}}));
  options.max_posting = 10;  // Now key 99 is within the limit: every pair.
  EXPECT_EQ(blocked_pairs(m, keys, 0.0f, 0, 0.0f, options).pairs.size(), 45u);
}

TEST(BlockedPairs, CandidateBudgetTakesRarestKeysFirst) {
  // Row 0 holds a rare key (rows 0, 1) and a common one (rows 0, 2..9). With a budget of 3 it
  // takes only the rare key; rows 2..9 still reach row 0 through their own budget unless it
  // too is exhausted.
  EmbeddingMatrix m = EmbeddingMatrix::Ones(10, 3);
  std::vector<std::vector<uint64_t>> keys(10);
  keys[0] = {100, 7};  // The caller's order does not matter: rarity is measured.
  keys[1] = {7};
  for (size_t r = 2; r < 10; ++r) keys[r] = {100};
  BlockingOptions options;
  options.max_candidates = 3;
  // Rows 2..9 have 8 candidates each through key 100: over the budget, so they take nothing;
  // row 0 stops before key 100 too. Only (0, 1) is left.
  EXPECT_EQ(pair_set(blocked_pairs(m, keys, 0.0f, 0, 0.0f, options)),
            (std::set<std::pair<uint32_t, uint32_t>>{{0, 1}}));
  options.max_candidates = 8;  // Rows 2..9 fit now (8 candidates each), row 0 does not (9).
  const AllPairs p = blocked_pairs(m, keys, 0.0f, 0, 0.0f, options);
  EXPECT_EQ(p.pairs.size(), 1u + 36u);
  EXPECT_TRUE(pair_set(p).count({0, 2}));  // Through row 2's budget: scored once.
  EXPECT_FALSE(pair_set(p).count({1, 2}));
}

TEST(BlockedPairs, SameForAnyThreadCount) {
  // 3,000 rows in clusters of near copies, with Zipf-like keys: clusters share rare keys.
  const Eigen::Index n = 3000, d = 48;
  EmbeddingMatrix m = random_rows(n, d, 11);
  std::mt19937 rng(5);
  std::vector<std::vector<uint64_t>> keys(static_cast<size_t>(n));
  std::vector<double> weights(2000);
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / static_cast<double>(i + 1);
  std::discrete_distribution<uint64_t> zipf(weights.begin(), weights.end());
  std::normal_distribution<float> noise(0, 0.2f);
  for (Eigen::Index r = 0; r < n; ++r) {
    auto& k = keys[static_cast<size_t>(r)];
    if (r % 4 != 0) {  // A near copy of the row starting its cluster.
      const Eigen::Index base = r - r % 4;
      for (Eigen::Index c = 0; c < d; ++c) m(r, c) = m(base, c) + noise(rng);
      k = keys[static_cast<size_t>(base)];
      k.resize(k.size() - 2);
    }
    while (k.size() < 10) k.push_back(zipf(rng));
  }
  for (Eigen::Index r = 0; r < n; ++r) m.row(r).normalize();
  std::vector<uint32_t> extra(static_cast<size_t>(n));
  for (size_t r = 0; r < extra.size(); ++r) extra[r] = static_cast<uint32_t>(r % 5);
  BlockingOptions options;
  options.max_posting = 300;
  options.max_candidates = 60;
  options.threads = 1;
  const AllPairs one = blocked_pairs(m, keys, 0.5f, 4, 0.1f, options, extra);
  EXPECT_GT(one.pairs.size(), 1000u);
  for (const unsigned threads : {2u, 3u, 8u}) {
    options.threads = threads;
    expect_same(blocked_pairs(m, keys, 0.5f, 4, 0.1f, options, extra), one);
  }
  // Every near copy is found, and every pair found is a real pair above the threshold.
  const auto found = pair_set(one);
  size_t copies = 0;
  for (uint32_t r = 1; r < n; ++r)
    if (r % 4 != 0 && found.count({r - r % 4, r})) ++copies;
  // Nearly all: a few rows exhaust their budget on common keys before a shared one.
  EXPECT_GE(copies, static_cast<size_t>(n) / 4 * 3 * 98 / 100);
  for (const auto& p : one.pairs) EXPECT_NEAR(p.score, m.row(p.a).dot(m.row(p.b)), 1e-5);
  // Nearest lists: best first, within k + extra, each a scored pair of that row.
  for (size_t r = 0; r < one.nearest.size(); ++r) {
    EXPECT_LE(one.nearest[r].size(), 4u + extra[r]);
    for (size_t i = 1; i < one.nearest[r].size(); ++i)
      EXPECT_GE(one.nearest[r][i - 1].score, one.nearest[r][i].score);
  }
}

namespace {

// The candidate rule as BlockingOptions and blocked_pairs() state it, by brute force: keys
// held by 2..max_posting rows, ranked by (rows holding them, first appearance); each row takes
// the rows of its keys rarest first, stopping before the key that would take it over
// max_candidates; a pair is scored when either row takes the other.
std::set<std::pair<uint32_t, uint32_t>> reference_candidates(size_t n, const std::vector<std::vector<uint64_t>>& keys,
                                                             size_t max_posting, size_t max_candidates) {
  std::map<uint64_t, std::vector<uint32_t>> rows;  // Distinct rows per key.
  std::map<uint64_t, size_t> first;
  for (size_t r = 0; r < keys.size() && r < n; ++r)
    for (const uint64_t key : keys[r]) {
      first.emplace(key, first.size());
      auto& v = rows[key];
      if (v.empty() || v.back() != r) v.push_back(static_cast<uint32_t>(r));
    }
  std::set<std::pair<uint32_t, uint32_t>> out;
  for (size_t r = 0; r < keys.size() && r < n; ++r) {
    std::vector<uint64_t> mine;
    for (const uint64_t key : keys[r])
      if (std::find(mine.begin(), mine.end(), key) == mine.end() && rows[key].size() >= 2 &&
          rows[key].size() <= max_posting)
        mine.push_back(key);
    std::sort(mine.begin(), mine.end(), [&](uint64_t x, uint64_t y) {
      return rows[x].size() != rows[y].size() ? rows[x].size() < rows[y].size() : first[x] < first[y];
    });
    std::set<uint32_t> cand;
    for (const uint64_t key : mine) {
      std::set<uint32_t> more = cand;
      for (const uint32_t b : rows[key])
        if (b != r) more.insert(b);
      if (more.size() > max_candidates) break;
      cand = std::move(more);
    }
    for (const uint32_t b : cand) out.insert({std::min<uint32_t>(static_cast<uint32_t>(r), b), std::max<uint32_t>(static_cast<uint32_t>(r), b)});
  }
  return out;
}

}  // namespace

TEST(BlockedPairs, CandidatesFollowTheStatedRule) {
  // Small random cases with many shared keys, duplicate keys in a row, and tight limits.
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    const size_t n = 20 + rng() % 200;
    const size_t vocabulary = 5 + rng() % 60;
    std::vector<std::vector<uint64_t>> keys(n - rng() % 5);
    for (auto& k : keys) {
      const size_t count = rng() % 7;
      for (size_t i = 0; i < count; ++i) k.push_back(1000 + rng() % vocabulary);
    }
    const EmbeddingMatrix m = EmbeddingMatrix::Ones(static_cast<Eigen::Index>(n), 5);
    BlockingOptions options;
    options.max_posting = 2 + rng() % 40;
    options.max_candidates = 1 + rng() % 50;
    options.threads = 1 + seed % 3;
    SCOPED_TRACE("seed " + std::to_string(seed));
    // Threshold below every score: every scored pair comes back, each once.
    const AllPairs p = blocked_pairs(m, keys, 0.0f, 3, 0.0f, options);
    const auto want = reference_candidates(n, keys, options.max_posting, options.max_candidates);
    EXPECT_EQ(p.pairs.size(), want.size());
    EXPECT_EQ(pair_set(p), want);
  }
}

TEST(BlockedPairs, EdgeCases) {
  // No rows; more key lists than rows (the rest ignored); k larger than the rows; zero-width rows.
  EXPECT_TRUE(blocked_pairs(EmbeddingMatrix(0, 4), {}, 0.0f, 3, 0.0f).pairs.empty());
  EXPECT_TRUE(blocked_pairs(EmbeddingMatrix(0, 4), {{1}, {1}}, 0.0f, 3, 0.0f).nearest.empty());
  const EmbeddingMatrix m = EmbeddingMatrix::Ones(3, 2);
  const AllPairs p = blocked_pairs(m, {{1}, {1}, {1}, {1}, {1}}, 0.0f, 100, 0.0f);
  EXPECT_EQ(p.pairs.size(), 3u);
  ASSERT_EQ(p.nearest.size(), 3u);
  EXPECT_EQ(p.nearest[0].size(), 2u);
  const AllPairs z = blocked_pairs(EmbeddingMatrix(3, 0), {{1}, {1}, {1}}, 0.0f, 1, 0.0f);
  EXPECT_EQ(z.pairs.size(), 3u);  // Every dot product is 0.
  EXPECT_EQ(z.nearest[2].size(), 1u);
  EXPECT_EQ(z.nearest[2][0].row, 0u);
}
