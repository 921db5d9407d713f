// The likely-duplicate warnings kept across edits (duplicate_warnings()): after random edits
// and random pair lists, the warnings equal those built afresh from every pair, and a file
// whose pairs did not move keeps its list object (it is not published again).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kgls/similarity.hpp"
#include "kgls/workspace.hpp"
#include "lsp/language/similarity_passes.hpp"

namespace kgls::lang {
namespace {

TEST(DuplicateWarnings, KeptAcrossEditsEqualsAFreshComputation) {
  std::mt19937 rng(11);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  constexpr int kFiles = 5, kPerFile = 4;
  std::vector<std::string> titles(kFiles * kPerFile, "Same title");
  auto file = [&](int f) {
    std::string t;
    for (int i = f * kPerFile; i < (f + 1) * kPerFile; ++i)
      t += "concept e" + std::to_string(i) + " { title: \"" + titles[i] + "\" }\n";
    return parse_document("/f" + std::to_string(f) + ".kg", t);
  };
  Workspace ws;
  for (int f = 0; f < kFiles; ++f) ws.set_document(file(f));

  std::vector<DuplicatePair> before_pairs;
  DiagnosticLayer before;
  Workspace before_ws;  // Keeps the documents of the pairs before alive.
  size_t kept_objects = 0;
  for (int step = 0; step < 400; ++step) {
    if (pick(2) == 0) {  // An edit of one file: its entities are new objects.
      const int f = static_cast<int>(pick(kFiles));
      titles[f * kPerFile + pick(kPerFile)] = pick(2) ? "Same title" : "Other title " + std::to_string(step);
      ws.set_document(file(f));
    }
    // Some pairs among the entities, in ID order; the same list often, as a pass gives.
    std::vector<DuplicatePair> pairs;
    std::mt19937 pair_rng(static_cast<unsigned>(pick(4)));  // Only four different lists.
    for (int a = 0; a < kFiles * kPerFile; ++a) {
      for (int b = a + 1; b < kFiles * kPerFile; ++b) {
        if (pair_rng() % 23 != 0) continue;
        DuplicatePair p;
        p.a = ws.find("e" + std::to_string(a));
        p.b = ws.find("e" + std::to_string(b));
        p.score = 0.5 + static_cast<double>(pair_rng() % 50) / 100;
        p.reason = pair_rng() % 2 ? "same-name" : "similarity";
        pairs.push_back(std::move(p));
      }
    }
    const DiagnosticLayer kept = duplicate_warnings(pairs, step ? &before_pairs : nullptr, step ? &before : nullptr);
    const auto fresh = duplicate_diagnostics(pairs);
    ASSERT_EQ(kept.size(), fresh.size()) << "step " << step;
    for (const auto& [path, list] : fresh) {
      auto it = kept.find(path);
      ASSERT_NE(it, kept.end()) << "step " << step << ": " << path;
      ASSERT_EQ(*it->second, list) << "step " << step << ": " << path;
      if (auto b = before.find(path); b != before.end() && b->second == it->second) ++kept_objects;
    }
    before_pairs = pairs;
    before = kept;
    before_ws = ws;
  }
  EXPECT_GT(kept_objects, 100u);  // Unmoved files did keep their lists.
}

}  // namespace
}  // namespace kgls::lang
