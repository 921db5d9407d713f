// The evaluation library (kgls/evaluation.hpp) and `kgls eval` run as a process: reading a
// labels file with its problems, recall@k and the warnings' sweep on a workspace whose
// vectors are known, exit codes and the JSON output.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "kgls/evaluation.hpp"

#include "../support/temp_dir.hpp"
#include "../support/command.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace kgls;

namespace {

// A scratch folder: tests/support/temp_dir.hpp.
struct TempDir : kgls::test::TempDir {
  TempDir() : kgls::test::TempDir("eval") {}
};

using Result = kgls::test::CommandResult;
using kgls::test::run_kgls;

KnownId known(std::set<std::string> ids) {
  return [ids = std::move(ids)](std::string_view id) { return ids.count(std::string(id)) > 0; };
}

// The labels file of the tests: every kind of problem once.
const char* kLabels =
    "a\tb\tsource\n"           // 1: header
    "apple\tbanana\tx\n"       // 2: good
    "apple\tnope\tx\n"         // 3: unknown ID
    "\n"                       // 4: blank
    "banana apple\n"           // 5: repeats line 2, reversed
    "cherry\n"                 // 6: one column
    "\xff\xfe\tcherry\n"       // 7: not UTF-8
    "fig fig\n"                // 8: the same ID
    "cherry  fig  extra\n";    // 9: good (spaces, a third column)

// Vectors by hand: an entity's summary is its vector; the embedder reads the text's last line.
class VectorEmbedder : public Embedder {
 public:
  std::string identity() const override { return "test-vectors"; }
  std::vector<Vector> embed(const std::vector<std::string>& texts) override {
    std::vector<Vector> out;
    for (const auto& t : texts) {
      std::istringstream in(t.substr(t.rfind('\n') + 1));
      Vector v;
      for (float x; in >> x;) v.push_back(x);
      out.push_back(v);
    }
    return out;
  }
};

// Cosines (rounded): cherry-damson .9705, apple-banana .9000, damson-fig .6055,
// cherry-fig .6047, elder-fig .5022, banana-damson .4960, banana-fig .4319, ... The lists:
//   apple: banana, damson, ...      cherry: damson, fig, ...     elder: fig, banana, ...
//   banana: apple, damson, ...      fig: damson, cherry, elder, banana, ...
const char* kFruit = R"(kind fruit {
  title: "Fruit"
}

fruit apple {
  title: "apple"
  summary: "1 0 0 0"
}

fruit banana {
  title: "banana"
  summary: "0.9 0.3 0.1 0.3"
}

fruit cherry {
  title: "cherry"
  summary: "0 1 0 0"
}

fruit damson {
  title: "damson"
  summary: "0.2 0.9 0.1 0"
}

fruit elder {
  title: "elder"
  summary: "0 0 1 0.5"
}

fruit fig {
  title: "fig"
  summary: "0 0.7 0.2 0.9"
}
)";

struct Fruit {
  Workspace workspace;
  std::unique_ptr<EmbeddingService> service;
  std::unique_ptr<SimilarityIndex> index;
  Fruit() {
    workspace.set_document(parse_document("fruit.kg", kFruit));
    service = std::make_unique<EmbeddingService>(std::make_unique<VectorEmbedder>(), nullptr);
    index = std::make_unique<SimilarityIndex>(SimilarityIndex::build(workspace, *service));
  }
};

}  // namespace

TEST(Labels, ProblemsAreCollectedWithTheirLines) {
  const LabelFile f = parse_labels(kLabels, known({"apple", "banana", "cherry", "fig"}));
  ASSERT_TRUE(f.ok()) << f.error;
  EXPECT_EQ(f.lines, 9u);
  EXPECT_EQ(f.blank_lines, 1u);
  EXPECT_EQ(f.header_line, 1u);
  EXPECT_EQ(f.header, "a, b");
  ASSERT_EQ(f.pairs.size(), 2u);
  EXPECT_EQ(f.pairs[0].a, "apple");
  EXPECT_EQ(f.pairs[0].b, "banana");
  EXPECT_EQ(f.pairs[0].line, 2u);
  EXPECT_EQ(f.pairs[1].a, "cherry");
  EXPECT_EQ(f.pairs[1].b, "fig");
  EXPECT_EQ(f.pairs[1].line, 9u);
  ASSERT_EQ(f.problems.size(), 5u);
  EXPECT_EQ(f.problems[0].line, 3u);
  EXPECT_NE(f.problems[0].message.find("unknown ID `nope`"), std::string::npos) << f.problems[0].message;
  EXPECT_EQ(f.problems[1].line, 5u);
  EXPECT_NE(f.problems[1].message.find("repeats the pair of line 2"), std::string::npos) << f.problems[1].message;
  EXPECT_EQ(f.problems[2].line, 6u);
  EXPECT_NE(f.problems[2].message.find("one column"), std::string::npos) << f.problems[2].message;
  EXPECT_EQ(f.problems[3].line, 7u);
  EXPECT_NE(f.problems[3].message.find("UTF-8"), std::string::npos) << f.problems[3].message;
  EXPECT_EQ(f.problems[4].line, 8u);
  EXPECT_NE(f.problems[4].message.find("same ID"), std::string::npos) << f.problems[4].message;
}

TEST(Labels, HeaderOnlyWhenTheFirstLineIsNotTwoKnownIds) {
  const auto ids = known({"a", "b", "c"});
  LabelFile f = parse_labels("a b\nb c\r\n", ids);  // No header: both known. CRLF too.
  ASSERT_TRUE(f.ok()) << f.error;
  EXPECT_EQ(f.header_line, 0u);
  ASSERT_EQ(f.pairs.size(), 2u);
  EXPECT_EQ(f.pairs[1].b, "c");
  f = parse_labels("\xEF\xBB\xBF\n\nid1\tid2\na\tc\n", ids);  // BOM, blank lines, then a header.
  ASSERT_TRUE(f.ok()) << f.error;
  EXPECT_EQ(f.header_line, 3u);
  EXPECT_EQ(f.blank_lines, 2u);
  ASSERT_EQ(f.pairs.size(), 1u);
  // Only the first line can be a header; after it, an unknown pair is a problem.
  f = parse_labels("a b\nx y\n", ids);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].line, 2u);
  EXPECT_NE(f.problems[0].message.find("unknown IDs `x` and `y`"), std::string::npos) << f.problems[0].message;
  // A TSV with an empty first cell is not a shifted pair.
  f = parse_labels("a\tb\n\tc\td\n", ids);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_NE(f.problems[0].message.find("empty ID"), std::string::npos) << f.problems[0].message;
}

TEST(Labels, NoUsablePairOrNoFileIsAnError) {
  LabelFile f = parse_labels("a\tb\nx\ty\n\n", known({"c"}));
  EXPECT_FALSE(f.ok());
  EXPECT_NE(f.error.find("no usable pair"), std::string::npos) << f.error;
  f = parse_labels("", known({"c"}));
  EXPECT_FALSE(f.ok());
  f = read_labels("/nonexistent/pairs.tsv", known({"c"}));
  EXPECT_FALSE(f.ok());
  EXPECT_NE(f.error.find("/nonexistent/pairs.tsv"), std::string::npos) << f.error;
}

TEST(Evaluate, ScoresPredictionsAtEveryCutAndTheSweep) {
  // 4 labelled pairs; predictions best first: wrong 0.9, right 0.8, right 0.8 (a tie), wrong 0.5, right 0.3.
  std::vector<ScoredPrediction> p = {{0.5, false}, {0.8, true}, {0.9, false}, {0.3, true}, {0.8, true}};
  Evaluation e;
  score_predictions(p, 4, {0.35, 0.85, 0.95}, 0.8, e);
  EXPECT_EQ(e.candidates, 5u);
  ASSERT_EQ(e.sweep.size(), 3u);
  EXPECT_EQ(e.sweep[0].predicted, 4u);
  EXPECT_EQ(e.sweep[0].correct, 2u);
  EXPECT_DOUBLE_EQ(e.sweep[0].precision, 0.5);
  EXPECT_DOUBLE_EQ(e.sweep[0].recall, 0.5);
  EXPECT_DOUBLE_EQ(e.sweep[0].f1, 0.5);
  EXPECT_EQ(e.sweep[1].predicted, 1u);
  EXPECT_EQ(e.sweep[1].correct, 0u);
  EXPECT_EQ(e.sweep[2].predicted, 0u);
  EXPECT_DOUBLE_EQ(e.sweep[2].precision, 1.0);  // No warning: nothing wrong.
  EXPECT_DOUBLE_EQ(e.sweep[2].f1, 0.0);
  // Cuts: after 0.9 (F1 0), after both 0.8 (2 of 3, F1 4/7), after 0.5 (4/8), after 0.3 (6/9).
  EXPECT_DOUBLE_EQ(e.best.threshold, 0.3);
  EXPECT_EQ(e.best.predicted, 5u);
  EXPECT_EQ(e.best.correct, 3u);
  EXPECT_DOUBLE_EQ(e.best.f1, 6.0 / 9.0);
  EXPECT_EQ(e.at_default.predicted, 3u);
  EXPECT_DOUBLE_EQ(e.at_default.f1, 4.0 / 7.0);
  // Nothing right: best F1 0 at no threshold.
  Evaluation none;
  score_predictions({{0.9, false}}, 2, {0.5}, 0.8, none);
  EXPECT_EQ(none.best.f1, 0.0);
  EXPECT_TRUE(std::isnan(none.best.threshold));
}

TEST(Evaluate, RecallAndWarningsOnKnownVectors) {
  const Fruit f;
  const std::vector<LabelPair> pairs = {{"apple", "banana", 1}, {"cherry", "fig", 2}, {"elder", "fig", 3}};
  EvaluationOptions options;
  options.ks = {1, 2, 3};
  const Evaluation e = evaluate(*f.index, pairs, nullptr, options);
  EXPECT_EQ(e.entities, 6u);
  EXPECT_EQ(e.pairs, 3u);
  EXPECT_EQ(e.forward_rank, (std::vector<size_t>{1, 2, 1}));
  EXPECT_EQ(e.backward_rank, (std::vector<size_t>{1, 2, 3}));
  ASSERT_EQ(e.recall.size(), 3u);
  EXPECT_DOUBLE_EQ(e.recall[0].forward, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(e.recall[0].backward, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(e.recall[0].both, 0.5);
  EXPECT_DOUBLE_EQ(e.recall[1].forward, 1.0);
  EXPECT_DOUBLE_EQ(e.recall[1].backward, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(e.recall[2].both, 1.0);
  // The warnings, counted again here from find_duplicates() (the duplicate score is the
  // scoring's business, not this test's): at each threshold, and the best F1 by trying every
  // score as the threshold.
  auto check_warnings = [&](const Evaluation& got, const PairSet* neutral) {
    PairSet labels;
    for (const auto& p : pairs) labels.insert(p.a, p.b);
    std::vector<std::pair<double, bool>> warned;
    size_t dropped = 0;
    for (const auto& d : find_duplicates(*f.index, 0.05, options.scoring)) {
      if (neutral && neutral->contains(d.a.entity->id, d.b.entity->id)) {
        ++dropped;
        continue;
      }
      warned.emplace_back(d.score, labels.contains(d.a.entity->id, d.b.entity->id));
    }
    EXPECT_EQ(got.neutral_dropped, dropped);
    EXPECT_EQ(got.candidates, warned.size());
    auto f1_at = [&](double t, size_t* predicted = nullptr, size_t* correct = nullptr) {
      size_t n = 0, c = 0;
      for (const auto& [score, right] : warned) n += score >= t, c += score >= t && right;
      if (predicted) *predicted = n, *correct = c;
      return c ? 2.0 * static_cast<double>(c) / static_cast<double>(n + pairs.size()) : 0.0;
    };
    double best = 0;
    for (const auto& [score, right] : warned) best = std::max(best, f1_at(score));
    EXPECT_DOUBLE_EQ(got.best.f1, best);
    if (best > 0) {
      EXPECT_DOUBLE_EQ(f1_at(got.best.threshold), best);
    }
    ASSERT_EQ(got.sweep.size(), 19u);
    for (const auto& s : got.sweep) {
      size_t n = 0, c = 0;
      EXPECT_DOUBLE_EQ(s.f1, f1_at(s.threshold, &n, &c)) << s.threshold;
      EXPECT_EQ(s.predicted, n) << s.threshold;
      EXPECT_EQ(s.correct, c) << s.threshold;
      EXPECT_LE(s.f1, got.best.f1) << s.threshold;
    }
    size_t n = 0, c = 0;
    f1_at(options.default_threshold, &n, &c);
    EXPECT_EQ(got.at_default.predicted, n);
    EXPECT_EQ(got.at_default.correct, c);
  };
  EXPECT_DOUBLE_EQ(e.lowest, 0.05);
  check_warnings(e, nullptr);

  // A neutral pair is out of the lists and out of the warnings.
  PairSet neutral;
  neutral.insert("cherry", "damson");
  const Evaluation n = evaluate(*f.index, pairs, &neutral, options);
  EXPECT_EQ(n.forward_rank, (std::vector<size_t>{1, 1, 1}));  // cherry's list starts with fig now.
  EXPECT_EQ(n.backward_rank, (std::vector<size_t>{1, 2, 3}));  // fig has no neutral partner.
  check_warnings(n, &neutral);
}

TEST(Evaluate, UnknownAndLinkedPairs) {
  Workspace ws;
  ws.set_document(parse_document("fruit.kg", std::string(kFruit) + "fruit grape {\n  title: \"grape\"\n  summary: \"1 0 0 0.1\"\n  like apple\n}\n"));
  EmbeddingService service(std::make_unique<VectorEmbedder>(), nullptr);
  const SimilarityIndex index = SimilarityIndex::build(ws, service);
  const std::vector<LabelPair> pairs = {{"apple", "grape", 1}, {"apple", "nope", 2}};
  const Evaluation e = evaluate(index, pairs, nullptr, {});
  EXPECT_EQ(e.pairs, 1u);         // The unknown ID is not counted.
  EXPECT_EQ(e.pairs_linked, 1u);  // Joined by `like`: never listed, never warned about.
  EXPECT_EQ(e.forward_rank, (std::vector<size_t>{0}));
  EXPECT_EQ(e.best.f1, 0.0);
}

TEST(EvalCli, ReportsLabelProblemsAndMeasures) {
  TempDir dir;
  dir.write("ws/fruit.kg", kFruit);
  dir.write("pairs.tsv", std::string(kLabels) + "damson\tcherry\n");
  const Result r = run_kgls("eval --labels pairs.tsv --workspace ws", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 usable pairs, 5 lines skipped (line 1 read as a header: a, b)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 3: unknown ID `nope`"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 5: repeats the pair of line 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 6: one column"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 7: not valid UTF-8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("line 8: the same ID twice"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("line 4:"), std::string::npos) << r.out;  // Blank: not a problem.
  EXPECT_NE(r.out.find("recall@k"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("best F1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(the default threshold "), std::string::npos) << r.out;
}

TEST(EvalCli, ManyProblemsAreCutAtTwenty) {
  TempDir dir;
  dir.write("ws/fruit.kg", kFruit);
  std::string labels = "apple banana\n";
  for (int i = 0; i < 25; ++i) labels += "apple x" + std::to_string(i) + "\n";
  dir.write("pairs.tsv", labels);
  const Result r = run_kgls("eval --labels pairs.tsv --workspace ws", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("line 21: unknown ID `x19`"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("line 22:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("... and 5 more"), std::string::npos) << r.out;
}

TEST(EvalCli, JsonHasRecallAndTheBestThreshold) {
  TempDir dir;
  // The same fruit twice: a warning with any embedder, so a best threshold exists.
  dir.write("ws/fruit.kg", std::string(kFruit) + "\nfruit apple-again {\n  title: \"apple\"\n  summary: \"1 0 0 0\"\n}\n");
  dir.write("pairs.tsv", std::string(kLabels) + "apple-again\tapple\n");
  const Result r = run_kgls("eval --labels pairs.tsv --workspace ws --format json --threshold 0.5", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["labels"]["usable"], 3);
  EXPECT_EQ(j["labels"]["skipped"], 5);
  EXPECT_EQ(j["labels"]["header_line"], 1);
  ASSERT_EQ(j["labels"]["problems"].size(), 5u);
  EXPECT_EQ(j["labels"]["problems"][0]["line"], 3);
  EXPECT_EQ(j["entities"], 7);
  ASSERT_EQ(j["recall"].size(), 3u);
  EXPECT_EQ(j["recall"][1]["k"], 5);
  for (const char* key : {"forward", "backward", "both"}) EXPECT_TRUE(j["recall"][0][key].is_number()) << key;
  EXPECT_EQ(j["sweep"].size(), 19u);
  EXPECT_TRUE(j["best"]["threshold"].is_number()) << j["best"];
  EXPECT_GT(j["best"]["f1"].get<double>(), 0.0);
  EXPECT_EQ(j["default"]["threshold"], 0.5);
}

TEST(EvalCli, NoUsablePairOrBadUsageExitsTwo) {
  TempDir dir;
  dir.write("ws/fruit.kg", kFruit);
  dir.write("none.tsv", "a\tb\nnope\tnothing\nfig\n");
  Result r = run_kgls("eval --labels none.tsv --workspace ws", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("kgls eval: none.tsv: no usable pair"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // One line.
  EXPECT_TRUE(r.out.empty()) << r.out;
  for (const std::string args : {"", "--labels", "--labels missing.tsv", "--labels none.tsv --format xml",
                                 "--labels none.tsv --threshold x", "--bogus"}) {
    r = run_kgls("eval --workspace ws " + args, dir.path());
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find("kgls eval: "), std::string::npos) << args << ": " << r.err;
  }
  r = run_kgls("eval --help", dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: kgls eval --labels"), std::string::npos) << r.out;
}
