// top_k and pairs_above against brute force, including block edges and threshold edges.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "kgls/similarity.hpp"

using namespace kgls;

namespace {

EmbeddingMatrix random_rows(Eigen::Index n, Eigen::Index d, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  EmbeddingMatrix m(n, d);
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = 0; c < d; ++c) m(r, c) = normal(rng);
    m.row(r).normalize();
  }
  return m;
}

std::vector<ScoredPair> brute_force(const EmbeddingMatrix& m, float threshold) {
  std::vector<ScoredPair> out;
  for (Eigen::Index a = 0; a < m.rows(); ++a)
    for (Eigen::Index b = a + 1; b < m.rows(); ++b) {
      const float s = m.row(a).dot(m.row(b));
      if (s >= threshold) out.push_back({static_cast<uint32_t>(a), static_cast<uint32_t>(b), s});
    }
  return out;
}

}  // namespace

TEST(TopK, BestFirstSkippingSelfAndExcluded) {
  EmbeddingMatrix m(5, 2);
  m << 1, 0,  //
      0.9f, 0.435889894f,  //
      0.6f, 0.8f,  //
      0, 1,  //
      -1, 0;
  const auto all = top_k(m, 0, 10, -2.0f);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].row, 1u);
  EXPECT_EQ(all[1].row, 2u);
  EXPECT_EQ(all[2].row, 3u);
  EXPECT_EQ(all[3].row, 4u);
  EXPECT_NEAR(all[0].score, 0.9f, 1e-6);

  const auto two = top_k(m, 0, 2, -2.0f, {1});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].row, 2u);  // Row 1 skipped.
  EXPECT_EQ(two[1].row, 3u);

  // min_score is inclusive: exactly 0.6 stays, 0 goes.
  const auto above = top_k(m, 0, 10, 0.6f);
  ASSERT_EQ(above.size(), 2u);
  EXPECT_EQ(above[1].row, 2u);
  EXPECT_TRUE(top_k(m, 0, 0, -2.0f).empty());
  EXPECT_TRUE(top_k(m, 99, 3, -2.0f).empty());  // No such row.
}

TEST(TopK, TiesGoToTheLowerRow) {
  EmbeddingMatrix m(4, 2);
  m << 1, 0, 0, 1, 0, 1, 0, 1;
  const auto r = top_k(m, 0, 2, -1.0f);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].row, 1u);
  EXPECT_EQ(r[1].row, 2u);
}

TEST(PairsAbove, MatchesBruteForceAcrossBlocksAndThreads) {
  // 2,500 rows: two full blocks of 1,024 and a ragged one, so diagonal, off-diagonal and
  // edge blocks all run. Low dimension makes high cosines common enough to compare.
  const auto m = random_rows(2500, 4, 11);
  const auto expected = brute_force(m, 0.97f);
  ASSERT_GT(expected.size(), 1000u);
  for (const unsigned threads : {1u, 2u, 3u}) {
    const auto got = pairs_above(m, 0.97f, threads);
    ASSERT_EQ(got.size(), expected.size()) << threads;
    for (size_t i = 1; i < got.size(); ++i) EXPECT_GE(got[i - 1].score, got[i].score);
    // Same set of pairs.
    std::set<std::pair<uint32_t, uint32_t>> a, b;
    for (const auto& p : got) {
      EXPECT_LT(p.a, p.b);
      a.insert({p.a, p.b});
    }
    for (const auto& p : expected) b.insert({p.a, p.b});
    EXPECT_EQ(a, b) << threads;
  }
}

TEST(PairsAbove, ThresholdIsInclusiveAndEdgesAreSafe) {
  EmbeddingMatrix m(3, 2);
  m << 1, 0, 0.5f, 0.866025404f, 1, 0;
  const float exact = m.row(0).dot(m.row(1));
  const auto at = pairs_above(m, exact);
  ASSERT_EQ(at.size(), 3u);  // (0,2) at 1, (0,1) and (1,2) exactly at the threshold.
  EXPECT_EQ(at[0].a, 0u);
  EXPECT_EQ(at[0].b, 2u);
  EXPECT_EQ(pairs_above(m, std::nextafter(exact, 2.0f)).size(), 1u);
  EXPECT_TRUE(pairs_above(EmbeddingMatrix(0, 8), 0.5f).empty());
  EXPECT_TRUE(pairs_above(EmbeddingMatrix(1, 8), 0.5f).empty());
}
