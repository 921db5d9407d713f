// `kgls graph` run as a process: on the examples (the DOT's structure, labels and the dashed
// likely-duplicate line `kgls duplicates` reports), depth, the 200-node cap on a generated
// hub, a cycle, an unknown ID, bad options, and what happens without Graphviz.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "../index/index_test_util.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;
using test::run_kgls;

const fs::path kSource = KGLS_SOURCE_DIR;
constexpr const char* kFramework = "a-mathematical-framework-for-transformer-circuits";
// No Graphviz: a PATH with nothing on it (kgls is started by its full path).
constexpr const char* kNoGraphviz = "env PATH=/nonexistent-kgls-test";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The node names of a DOT text (lines `  "id" [label=...`).
std::set<std::string> dot_nodes(const std::string& dot) {
  std::set<std::string> out;
  static const std::regex node("\n  \"([^\"]+)\" \\[label=");
  for (auto it = std::sregex_iterator(dot.begin(), dot.end(), node); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1].str());
  return out;
}

// The typed edges of a DOT text as "a -relation-> b" (a likely-duplicate line has an
// `xlabel`, not a `label`).
std::set<std::string> dot_edges(const std::string& dot) {
  std::set<std::string> out;
  static const std::regex edge("\n  \"([^\"]+)\" -> \"([^\"]+)\" \\[label=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(dot.begin(), dot.end(), edge); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1].str() + " -" + (*it)[3].str() + "-> " + (*it)[2].str());
  return out;
}

bool have_graphviz() { return test::have_program("dot"); }

TEST(GraphCli, DotOfTheFrameworkOnTheExamples) {
  const auto r = run_kgls(std::string("graph ") + kFramework + " --format dot --workspace examples", kSource);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string& dot = r.out;
  EXPECT_EQ(dot.rfind("digraph neighbourhood {\n", 0), 0u);
  // The card's neighbourhood (kgls show lists these ten), and nothing further.
  EXPECT_EQ(dot_nodes(dot), (std::set<std::string>{kFramework, "logit-weight-analysis", "path-expansion",
                                                   "residual-stream", "distill-circuits-thread",
                                                   "in-context-learning-and-induction-heads", "path-expansion-trick",
                                                   "towards-monosemanticity", "graph-convolution-analogy",
                                                   "tensor-product-notation"}));
  const auto edges = dot_edges(dot);
  EXPECT_TRUE(edges.count(std::string(kFramework) + " -extends-> distill-circuits-thread"));
  EXPECT_TRUE(edges.count(std::string("towards-monosemanticity -cites-> ") + kFramework));
  // Edges among the neighbours are drawn too.
  EXPECT_TRUE(edges.count("path-expansion -implements-> path-expansion-trick"));
  EXPECT_EQ(edges.size(), 13u);
  // The centre is drawn thicker; nodes are filled with their kind's colour; a legend.
  EXPECT_EQ(count(dot, "penwidth=3"), 1u);
  EXPECT_NE(dot.find("\"" + std::string(kFramework) + "\" [label=\"A Mathematical Framework\\nfor Transformer Circuits\""),
            std::string::npos);
  EXPECT_NE(dot.find(">framework</td>"), std::string::npos);
  EXPECT_EQ(dot.find("style=dashed"), std::string::npos);  // Its neighbourhood has no likely duplicate.
}

TEST(GraphCli, TheLikelyDuplicateOfKglsDuplicatesIsADashedLine) {
  const auto dups = run_kgls("duplicates --format json --workspace examples", kSource);
  ASSERT_EQ(dups.exit_code, 0) << dups.err;
  ASSERT_NE(dups.out.find("\"residual-stream\""), std::string::npos) << dups.out;
  ASSERT_NE(dups.out.find("\"residual-stream-view\""), std::string::npos) << dups.out;

  const auto r = run_kgls("graph residual-stream --format dot --workspace examples", kSource);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(dot_nodes(r.out).count("residual-stream-view")) << r.out;
  const std::regex dashed("\n  \"residual-stream\" -> \"residual-stream-view\" \\[xlabel=\"likely duplicate "
                          "[01]\\.[0-9][0-9]\", style=dashed, dir=none");
  EXPECT_TRUE(std::regex_search(r.out, dashed)) << r.out;
  EXPECT_EQ(count(r.out, "style=dashed"), 1u);

  // Without the similarity pass: neither the line nor the entity only it joins.
  const auto typed = run_kgls("graph residual-stream --format dot --workspace examples --no-duplicates", kSource);
  ASSERT_EQ(typed.exit_code, 0) << typed.err;
  EXPECT_FALSE(dot_nodes(typed.out).count("residual-stream-view")) << typed.out;
  EXPECT_EQ(typed.out.find("style=dashed"), std::string::npos);
  EXPECT_EQ(dot_nodes(typed.out).size() + 1, dot_nodes(r.out).size());
}

TEST(GraphCli, DepthWidensThePicture) {
  auto nodes_at = [](const std::string& depth) {
    const auto r = run_kgls("graph distill-circuits-thread --format dot --workspace examples --depth " + depth, kSource);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return dot_nodes(r.out);
  };
  const auto d0 = nodes_at("0"), d1 = nodes_at("1"), d2 = nodes_at("2"), d3 = nodes_at("3");
  EXPECT_EQ(d0, (std::set<std::string>{"distill-circuits-thread"}));
  EXPECT_GT(d1.size(), d0.size());
  EXPECT_TRUE(d1.count(kFramework));
  EXPECT_GT(d2.size(), d1.size());
  EXPECT_TRUE(d2.count("towards-monosemanticity"));  // Via the framework.
  EXPECT_FALSE(d1.count("towards-monosemanticity"));
  for (const auto& id : d1) EXPECT_TRUE(d2.count(id)) << id;
  for (const auto& id : d2) EXPECT_TRUE(d3.count(id)) << id;
}

TEST(GraphCli, TheCapKeeps200TheMostConnectedFirst) {
  test::TempDir dir;
  std::string hub = "concept hub {\n", rest;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "n" + std::to_string(1000 + i);
    hub += "  links " + id + "\n";
    rest += "concept " + id + " {" + (i % 3 == 0 ? " cites " + id + "-source" : std::string()) + " }\n";
  }
  dir.write("hub.kg", hub + "}\n");
  dir.write("rest.kg", rest);
  const auto r = run_kgls("graph hub --format dot --workspace .", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto nodes = dot_nodes(r.out);
  EXPECT_EQ(nodes.size(), 200u);
  // The 100 with a second edge are all kept; 99 of the others, by title.
  for (int i = 0; i < 300; i += 3) EXPECT_TRUE(nodes.count("n" + std::to_string(1000 + i))) << i;
  EXPECT_TRUE(nodes.count("n1001"));
  EXPECT_FALSE(nodes.count("n1299"));
  EXPECT_EQ(dot_edges(r.out).size(), 199u);
  EXPECT_NE(r.err.find("200 entities shown, 101 more left out"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("200 entities shown, the nearest and most connected first; 101 more left out"),
            std::string::npos);

  const auto small = run_kgls("graph hub --format dot --workspace . --max-nodes 5", dir.path());
  ASSERT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(dot_nodes(small.out).size(), 5u);
  EXPECT_EQ(run_kgls("graph hub --format dot --workspace . --max-nodes 201", dir.path()).exit_code, 2);
}

TEST(GraphCli, ACycleIsDrawnOnce) {
  test::TempDir dir;
  dir.write("cycle.kg",
            "concept a { leads-to b }\n"
            "concept b { leads-to c }\n"
            "concept c { leads-to a }\n");
  const auto r = run_kgls("graph a --format dot --depth 10 --workspace .", dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(dot_nodes(r.out), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(dot_edges(r.out), (std::set<std::string>{"a -leads-to-> b", "b -leads-to-> c", "c -leads-to-> a"}));
  EXPECT_EQ(count(r.out, " -> "), 3u);
}

TEST(GraphCli, AnUnknownIdIsAClearErrorWithSuggestions) {
  const auto r = run_kgls("graph residual-streem --format dot --workspace examples --no-index", kSource);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("kgls graph: no entity `residual-streem` in examples"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean:\n  residual-stream"), std::string::npos) << r.err;
}

TEST(GraphCli, BadOptionsAreUsageErrors) {
  for (const char* args : {"graph", "graph a b", "graph a --depth -1", "graph a --depth x", "graph a --format png",
                           "graph a --max-nodes 0", "graph a --output x.kg", "graph a --depth"}) {
    const auto r = run_kgls(std::string(args) + " --workspace examples", kSource);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.err.rfind("kgls graph: ", 0), 0u) << args << ": " << r.err;
    EXPECT_EQ(r.out, "") << args;
  }
  const auto help = run_kgls("graph --help", kSource);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--format dot"), std::string::npos);
  EXPECT_NE(run_kgls("--help", kSource).out.find("graph "), std::string::npos);
}

TEST(GraphCli, WithoutGraphvizDotWorksAndSvgAndHtmlSayWhatToInstall) {
  const auto dot = run_kgls(std::string("graph ") + kFramework + " --format dot --workspace examples", kSource, kNoGraphviz);
  EXPECT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot_nodes(dot.out).size(), 10u);
  for (const char* format : {"svg", "html"}) {
    const auto r = run_kgls(std::string("graph ") + kFramework + " --format " + format + " --workspace examples",
                            kSource, kNoGraphviz);
    EXPECT_EQ(r.exit_code, 2) << format;
    EXPECT_EQ(r.out, "") << format;
    EXPECT_NE(r.err.find("Graphviz is not installed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("apt-get install graphviz"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--format dot"), std::string::npos) << r.err;
  }
  // svg is the default format.
  EXPECT_EQ(run_kgls(std::string("graph ") + kFramework + " --workspace examples", kSource, kNoGraphviz).exit_code, 2);
}

TEST(GraphCli, SvgAndHtmlWithGraphviz) {
  if (!have_graphviz()) GTEST_SKIP() << "Graphviz's `dot` is not installed (.ci/install installs it)";
  const auto svg = run_kgls(std::string("graph ") + kFramework + " --workspace examples", kSource);
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_NE(svg.out.find("<svg"), std::string::npos);
  EXPECT_EQ(count(svg.out, "class=\"node\""), 10u);
  EXPECT_EQ(count(svg.out, "class=\"edge\""), 13u);
  // Graphviz writes '-' in names as "&#45;"; the page's script reads the decoded text.
  EXPECT_NE(svg.out.find("<title>a&#45;mathematical&#45;framework&#45;for&#45;transformer&#45;circuits</title>"),
            std::string::npos);
  EXPECT_NE(svg.out.find(">extends</text>"), std::string::npos);

  test::TempDir dir;
  const fs::path page = dir / "graph.html";
  const auto html = run_kgls(std::string("graph ") + kFramework + " --format html --workspace examples --output '" +
                                 page.string() + "'",
                             kSource);
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_EQ(html.out, "");
  const std::string text = dir.read("graph.html");
  EXPECT_EQ(text.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(text, "class=\"node\""), 10u);
  EXPECT_NE(text.find("postMessage"), std::string::npos);
  EXPECT_EQ(text.find("<?xml"), std::string::npos);
}

}  // namespace
}  // namespace kgls
