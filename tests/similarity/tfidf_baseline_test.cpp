// The calibration harness's TF-IDF baseline against scikit-learn 1.2.1: its analyzers on a
// string with the hard cases (expected lists printed by sklearn's build_analyzer()), and the
// schema.org figures sklearn gives with the same texts and the same counting.
#include <gtest/gtest.h>

#include <filesystem>

#include "calibration.hpp"
#include "tfidf_baseline.hpp"

using namespace kgls;
using namespace kgls::calibration;

namespace {
// "½" and "¾" are \w in Python (numeric), "-" is not; "İ" lower-cases to "i" + U+0307, which
// is not \w; a final capital sigma becomes "ς"; runs of spaces, tabs and newlines split words.
const char* kText = "A b\u00bd  \u00be-ring \u0130x \u039f\u0394\u039f\u03a3 x_y\nSecond\tline \u00e9";
}  // namespace

TEST(TfidfBaseline, WordAnalyzerIsScikitLearns) {
  const std::vector<std::string> expected = {"b½",      "ring",      "οδος",       "x_y",        "second",     "line",
                                             "b½ ring", "ring οδος", "οδος x_y", "x_y second", "second line"};
  EXPECT_EQ(word_ngrams(kText), expected);
}

TEST(TfidfBaseline, CharWbAnalyzerIsScikitLearns) {
  const std::vector<std::string> expected = {
      " a ",   " b½",   "b½ ",   " b½ ",  " ¾-",    "¾-r",    "-ri",    "rin",    "ing",    "ng ",   " ¾-r",  "¾-ri",
      "-rin",  "ring",  "ing ",  " ¾-ri", "¾-rin",  "-ring",  "ring ",  " i̇",    "i̇x",    "̇x ",    " i̇x",   "i̇x ",
      " i̇x ",  " οδ",   "οδο",   "δος",   "ος ",    " οδο",   "οδος",   "δος ",   " οδος",  "οδος ",  " x_",   "x_y",
      "_y ",   " x_y",  "x_y ",  " x_y ", " se",    "sec",    "eco",    "con",    "ond",    "nd ",    " sec",  "seco",
      "econ",  "cond",  "ond ",  " seco", "secon",  "econd",  "cond ",  " li",    "lin",    "ine",    "ne ",   " lin",
      "line",  "ine ",  " line", "line ", " é "};
  EXPECT_EQ(char_wb_ngrams(kText), expected);
}

TEST(TfidfBaseline, SchemaOrgFiguresAreScikitLearns) {
  const std::filesystem::path folder = std::filesystem::path(KGLS_SHARED_DATA) / "schemaorg";
  if (!std::filesystem::exists(folder / "duplicates.tsv")) GTEST_SKIP() << "no " << folder.string();
  const DataSet set = load_set("schemaorg", folder);
  const TfidfBaseline baseline(set.workspace);
  EXPECT_EQ(baseline.size(), 3003u);
  EXPECT_EQ(baseline.word_features() + baseline.char_features(), 97864u);  // sklearn's vocabulary.
  const TfidfEvaluation e = evaluate_tfidf(baseline, set.labels.pairs, nullptr);
  ASSERT_EQ(e.recall.size(), 3u);
  // sklearn: a -> b 64 / 76 / 78 of 92, b -> a 61 / 74 / 81; warnings at cosine >= 0.2: 7312,
  // 71 of them labelled; best F1 0.2353 at 0.7332 (214 warnings, 36 labelled).
  EXPECT_EQ(e.recall[0].forward_hits, 64u);
  EXPECT_EQ(e.recall[1].forward_hits, 76u);
  EXPECT_EQ(e.recall[2].forward_hits, 78u);
  EXPECT_EQ(e.recall[0].backward_hits, 61u);
  EXPECT_EQ(e.recall[1].backward_hits, 74u);
  EXPECT_EQ(e.recall[2].backward_hits, 81u);
  EXPECT_EQ(e.candidates, 7312u);
  EXPECT_EQ(e.best.predicted, 214u);
  EXPECT_EQ(e.best.correct, 36u);
  EXPECT_NEAR(e.best.threshold, 0.7332, 0.0001);
  // Read as the READMEs' script reads the texts (no text-block summaries): their figures.
  const TfidfBaseline as_readme(set.workspace, {false});
  const TfidfEvaluation r = evaluate_tfidf(as_readme, set.labels.pairs, nullptr);
  EXPECT_EQ(r.recall[0].forward_hits, 62u);  // README: recall@1 / 5 / 10 0.674 / 0.804 / 0.826.
  EXPECT_EQ(r.recall[1].forward_hits, 74u);
  EXPECT_EQ(r.recall[2].forward_hits, 76u);
}
