// The graph layer on workspaces written for each case: which nodes and edges a
// neighbourhood holds (depth, the cap and who survives it, cycles, self edges, unresolved
// targets, likely duplicates), the DOT it becomes, and the HTML page around an SVG.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "kgls/graph.hpp"
#include "kgls/workspace.hpp"

namespace kgls {
namespace {

Workspace workspace_of(std::initializer_list<std::pair<std::string, std::string>> files) {
  Workspace w;
  for (const auto& [path, text] : files) w.set_document(parse_document(path, text));
  return w;
}

std::vector<std::string> ids(const Neighbourhood& g) {
  std::vector<std::string> out;
  for (const GraphNode& n : g.nodes) out.push_back(n.id);
  return out;
}

// "a -relation-> b" for every edge, in the graph's order.
std::vector<std::string> edges(const Neighbourhood& g) {
  std::vector<std::string> out;
  for (const GraphEdge& e : g.edges) out.push_back(g.nodes[e.source].id + " -" + e.relation + "-> " + g.nodes[e.target].id);
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// A chain a -> b -> c -> d, and e pointing at a.
const Workspace kChain = workspace_of({{"chain.kg",
                                        "paper a { title: \"A\"  next b }\n"
                                        "paper b { next c }\n"
                                        "paper c { next d }\n"
                                        "paper d { }\n"
                                        "method e { uses a }\n"}});

TEST(Neighbourhood, UnknownIdIsNullopt) {
  EXPECT_FALSE(neighbourhood(kChain, "nope", {}));
  // An edge target that no file defines is no centre either.
  const Workspace w = workspace_of({{"x.kg", "paper a { cites ghost }\n"}});
  EXPECT_FALSE(neighbourhood(w, "ghost", {}));
}

TEST(Neighbourhood, DepthCountsStepsEitherWay) {
  auto g0 = neighbourhood(kChain, "b", {.depth = 0});
  ASSERT_TRUE(g0);
  EXPECT_EQ(ids(*g0), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(g0->edges.empty());

  auto g1 = neighbourhood(kChain, "b", {.depth = 1});
  ASSERT_TRUE(g1);
  // a has two edges (b, e), c two (b, d): a tie in edge count goes by title ("A" < "c").
  EXPECT_EQ(ids(*g1), (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(edges(*g1), (std::vector<std::string>{"b -next-> c", "a -next-> b"}));
  EXPECT_EQ(g1->nodes[1].depth, 1u);
  EXPECT_EQ(g1->nodes[0].title, "b");  // No title: the ID.
  EXPECT_EQ(g1->nodes[1].title, "A");

  auto g2 = neighbourhood(kChain, "b", {.depth = 2});
  ASSERT_TRUE(g2);
  EXPECT_EQ(ids(*g2), (std::vector<std::string>{"b", "a", "c", "d", "e"}));
  EXPECT_EQ(g2->nodes[3].depth, 2u);
  EXPECT_EQ(edges(*g2), (std::vector<std::string>{"b -next-> c", "a -next-> b", "c -next-> d", "e -uses-> a"}));
  EXPECT_EQ(g2->left_out, 0u);

  // Deeper than the graph: everything, once.
  auto g9 = neighbourhood(kChain, "b", {.depth = 9});
  ASSERT_TRUE(g9);
  EXPECT_EQ(g9->nodes.size(), 5u);
  EXPECT_EQ(g9->edges.size(), 4u);
}

TEST(Neighbourhood, ACycleEndsAndEachEdgeIsDrawnOnce) {
  const Workspace w = workspace_of({{"cycle.kg",
                                     "concept a { leads-to b }\n"
                                     "concept b { leads-to c }\n"
                                     "concept c { leads-to a  leads-to a }\n"  // Written twice: drawn once.
                                     "concept d { relates d }\n"}});          // A self edge.
  auto g = neighbourhood(w, "a", {.depth = 50});
  ASSERT_TRUE(g);
  // Both are one step from a (edges count either way); c first, with three edges.
  EXPECT_EQ(ids(*g), (std::vector<std::string>{"a", "c", "b"}));
  EXPECT_EQ(g->nodes[2].depth, 1u);
  EXPECT_EQ(edges(*g), (std::vector<std::string>{"a -leads-to-> b", "c -leads-to-> a", "b -leads-to-> c"}));

  auto self = neighbourhood(w, "d", {.depth = 3});
  ASSERT_TRUE(self);
  EXPECT_EQ(ids(*self), (std::vector<std::string>{"d"}));
  EXPECT_EQ(edges(*self), (std::vector<std::string>{"d -relates-> d"}));
}

// A hub with 250 neighbours, every fifth of them with extra edges; and one neighbour of a
// neighbour at depth 2.
Workspace hub_workspace() {
  std::string hub = "concept hub {\n", rest;
  for (int i = 0; i < 250; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "n%03d", i);
    hub += std::string("  links ") + id + "\n";
    rest += std::string("concept ") + id + " {";
    // Every fifth gets 1 + i / 5 % 3 extra edges to its own leaves.
    if (i % 5 == 0) {
      for (int k = 0; k <= i / 5 % 3; ++k) rest += std::string(" has ") + id + "-leaf" + std::to_string(k);
    }
    rest += " }\n";
  }
  hub += "}\n";
  return workspace_of({{"hub.kg", hub}, {"rest.kg", rest}});
}

TEST(Neighbourhood, TheCapKeepsTheNearestAndMostConnected) {
  const Workspace w = hub_workspace();
  auto g = neighbourhood(w, "hub", {.depth = 2, .max_nodes = 200});
  ASSERT_TRUE(g);
  ASSERT_EQ(g->nodes.size(), 200u);
  EXPECT_EQ(g->nodes[0].id, "hub");
  // Level 1 does not fit: 199 of its 250 are kept, none of level 2 (it is never reached).
  for (const GraphNode& n : g->nodes) EXPECT_LE(n.depth, 1u) << n.id;
  // Left out: 51 of level 1, and the 99 leaves one step from shown nodes (no room).
  EXPECT_EQ(g->left_out, 51u + 99u);
  // The 50 with extra edges come first, most edges first: i / 5 % 3 == 2 (4 edges) ...
  EXPECT_EQ(g->nodes[1].edge_count, 4);
  EXPECT_EQ(g->nodes[1].id, "n010");
  for (size_t i = 2; i < g->nodes.size(); ++i) EXPECT_GE(g->nodes[i - 1].edge_count, g->nodes[i].edge_count);
  const auto shown = ids(*g);
  for (int i = 0; i < 250; i += 5) {
    char id[16];
    std::snprintf(id, sizeof id, "n%03d", i);
    EXPECT_NE(std::find(shown.begin(), shown.end(), id), shown.end()) << id << " has more edges: it must be kept";
  }
  // The ones left out are the last by title among the least connected.
  EXPECT_EQ(std::find(shown.begin(), shown.end(), "n249"), shown.end());
  EXPECT_NE(std::find(shown.begin(), shown.end(), "n001"), shown.end());
  EXPECT_EQ(g->edges.size(), 199u);  // hub -> each shown neighbour.

  // Room left after level 1: level 2 fills it, its most connected first.
  auto roomy = neighbourhood(w, "n010", {.depth = 2, .max_nodes = 10});
  ASSERT_TRUE(roomy);
  EXPECT_EQ(roomy->nodes.size(), 10u);
  EXPECT_EQ(ids(*roomy)[1], "hub");  // Depth 1: the hub (250 edges) before the leaves.
  EXPECT_EQ(roomy->nodes[4].depth, 1u);
  EXPECT_EQ(roomy->nodes[5].depth, 2u);
  EXPECT_EQ(roomy->nodes[5].edge_count, 4);  // n000 ... with 4 edges come first at depth 2.
  EXPECT_EQ(roomy->left_out, 249u - 5u);

  // A cap of one: the centre alone.
  auto alone = neighbourhood(w, "hub", {.depth = 3, .max_nodes = 1});
  ASSERT_TRUE(alone);
  EXPECT_EQ(ids(*alone), (std::vector<std::string>{"hub"}));
  EXPECT_EQ(alone->left_out, 250u);
}

TEST(Neighbourhood, LikelyDuplicatesAreNeighboursAndDashedLines) {
  const Workspace w = workspace_of({{"d.kg",
                                     "concept residual-stream { title: \"Residual stream\"  part-of transformer }\n"
                                     "concept residual-stream-view { title: \"The residual stream\" }\n"
                                     "concept transformer { }\n"
                                     "concept attention { part-of transformer }\n"}});
  const std::vector<StoredDuplicate> pairs = {{"residual-stream", "residual-stream-view", 0.97, 0.9, "same-name", {}},
                                              {"attention", "gone-since", 0.6, 0.6, "similarity", {}}};
  auto g = neighbourhood(w, "residual-stream-view", {.depth = 1}, pairs);
  ASSERT_TRUE(g);
  EXPECT_EQ(ids(*g), (std::vector<std::string>{"residual-stream-view", "residual-stream"}));
  ASSERT_EQ(g->duplicates.size(), 1u);
  EXPECT_EQ(g->duplicates[0].a, 0u);
  EXPECT_EQ(g->duplicates[0].b, 1u);
  EXPECT_DOUBLE_EQ(g->duplicates[0].score, 0.97);

  // Two steps: through the duplicate to the typed neighbours; a pair whose other entity is
  // gone (an older pass) adds nothing.
  auto g2 = neighbourhood(w, "attention", {.depth = 3}, pairs);
  ASSERT_TRUE(g2);
  EXPECT_EQ(ids(*g2), (std::vector<std::string>{"attention", "transformer", "residual-stream", "residual-stream-view"}));
  EXPECT_EQ(g2->duplicates.size(), 1u);

  const std::string dot = neighbourhood_dot(*g2);
  EXPECT_NE(dot.find("\"residual-stream\" -> \"residual-stream-view\" [xlabel=\"likely duplicate 0.97\", style=dashed, "
                     "dir=none"),
            std::string::npos)
      << dot;
  EXPECT_EQ(count(dot, "style=dashed"), 1u);
  EXPECT_NE(dot.find("likely duplicate</font>"), std::string::npos);  // In the legend.
}

TEST(NeighbourhoodDot, NodesEdgesLabelsAndColours) {
  const Workspace w = workspace_of({{"schema.kg", "kind paper { }\nkind method { }\n"},
                                    {"x.kg",
                                     "paper a { title: \"Attention Is All You Need\"  extends b  cites ghost }\n"
                                     "method b { title: \"Transformer\" }\n"
                                     "gadget c { uses a }\n"}});
  auto g = neighbourhood(w, "a", {.depth = 1});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->declared_kinds, (std::vector<std::string>{"paper", "method"}));
  const std::string dot = neighbourhood_dot(*g);
  EXPECT_EQ(dot.rfind("digraph neighbourhood {\n", 0), 0u) << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  // One statement per node, the centre thicker; one arrow per edge, labelled by relation.
  EXPECT_NE(dot.find("  \"a\" [label=\"Attention Is All You Need\", fillcolor=\"" + kind_colour("paper", g->declared_kinds) +
                     "\", tooltip=\"paper · a\", penwidth=3, fontsize=13];"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("  \"b\" [label=\"Transformer\", fillcolor=\"" + kind_colour("method", g->declared_kinds) + "\""),
            std::string::npos);
  EXPECT_NE(dot.find("  \"ghost\" [label=\"ghost\", fillcolor=\"#e5e5e5\", style=\"rounded,dashed,filled\""),
            std::string::npos);
  EXPECT_NE(dot.find("  \"a\" -> \"b\" [label=\"extends\"];"), std::string::npos);
  EXPECT_NE(dot.find("  \"a\" -> \"ghost\" [label=\"cites\"];"), std::string::npos);
  EXPECT_NE(dot.find("  \"c\" -> \"a\" [label=\"uses\"];"), std::string::npos);
  EXPECT_EQ(count(dot, " -> "), 3u);
  EXPECT_EQ(count(dot, "penwidth=3"), 1u);
  // Declared kinds take the palette in order; the legend lists the kinds shown.
  EXPECT_NE(kind_colour("paper", g->declared_kinds), kind_colour("method", g->declared_kinds));
  EXPECT_EQ(kind_colour("gadget", {}), kind_colour("gadget", g->declared_kinds));
  EXPECT_NE(dot.find(">paper</td>"), std::string::npos);
  EXPECT_NE(dot.find(">gadget</td>"), std::string::npos);
  EXPECT_NE(dot.find(">unresolved</td>"), std::string::npos);
  EXPECT_EQ(dot.find("likely duplicate"), std::string::npos);
}

TEST(NeighbourhoodDot, FileTextIsEscapedAndLongTitlesWrap) {
  const Workspace w = workspace_of(
      {{"x.kg",
        "paper a { title: \"Say \\\"hi\\\" \\\\N <b>&amp; a very long title that goes on and on past three lines of "
        "text\" }\n"}});
  auto g = neighbourhood(w, "a", {});
  ASSERT_TRUE(g);
  const std::string dot = neighbourhood_dot(*g);
  // Quotes and backslashes escaped (no Graphviz `\N` escape survives); line breaks are ours.
  const std::regex label("\"a\" \\[label=\"([^\"\\\\]|\\\\.)*\"");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dot, m, label)) << dot;
  const std::string text = m.str();
  EXPECT_NE(text.find("Say \\\"hi\\\" \\\\N <b>&amp; a"), std::string::npos) << text;
  EXPECT_EQ(count(text, "\\n"), 2u) << text;  // Three lines.
  EXPECT_NE(text.find("…"), std::string::npos) << text;
  // The legend's HTML-like label escapes kinds (an undeclared kind with odd characters).
  Neighbourhood odd = *g;
  odd.nodes[0].kind = "a<b>&c";
  EXPECT_NE(neighbourhood_dot(odd).find(">a&lt;b&gt;&amp;c</td>"), std::string::npos);
  // Bytes that are not UTF-8 become U+FFFD.
  odd.nodes[0].title = std::string("bad \xff byte");
  EXPECT_NE(neighbourhood_dot(odd).find("bad \xEF\xBF\xBD byte"), std::string::npos);
}

TEST(GraphHtml, TheSvgInlineAndAScriptThatPostsTheId) {
  auto g = neighbourhood(kChain, "b", {});
  ASSERT_TRUE(g);
  const std::string svg =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<!-- Generated -->\n"
      "<svg width=\"10pt\"><g class=\"node\"><title>b</title></g></svg>\n";
  const std::string html = graph_html(*g, svg);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  EXPECT_EQ(html.find("<!DOCTYPE svg"), std::string::npos);
  EXPECT_NE(html.find("<svg width=\"10pt\"><g class=\"node\"><title>b</title></g></svg>"), std::string::npos);
  EXPECT_NE(html.find("acquireVsCodeApi()"), std::string::npos);
  EXPECT_NE(html.find("window.parent.postMessage(message, '*')"), std::string::npos);
  EXPECT_NE(html.find("{ command: 'open', id: id }"), std::string::npos);
  // One nonce, in the policy and on the script; nothing may load from elsewhere.
  const std::regex nonce("'nonce-([0-9a-f]+)'");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, nonce));
  EXPECT_NE(html.find("<script nonce=\"" + m[1].str() + "\">"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 1u);
  EXPECT_NE(html.find("depth 1: 3 entities, 2 edges"), std::string::npos) << html;
}

TEST(GraphHtml, TheHeaderEscapesFileText) {
  const Workspace w = workspace_of({{"x.kg", "paper a { title: \"<script>alert(1)</script>\" }\n"}});
  auto g = neighbourhood(w, "a", {});
  ASSERT_TRUE(g);
  const std::string html = graph_html(*g, "<svg></svg>");
  EXPECT_EQ(count(html, "<script"), 1u) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(RenderSvg, WithoutGraphvizItSaysWhatToInstall) {
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent-kgls-test", 1);
  std::string error;
  EXPECT_FALSE(find_graphviz());
  EXPECT_FALSE(render_svg("digraph { a }", error));
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_NE(error.find("Graphviz is not installed"), std::string::npos) << error;
  EXPECT_NE(error.find("apt-get install graphviz"), std::string::npos) << error;
}

TEST(RenderSvg, LaysTheGraphOutWithDot) {
  if (!find_graphviz()) GTEST_SKIP() << "Graphviz's `dot` is not installed (.ci/install installs it)";
  auto g = neighbourhood(kChain, "b", {.depth = 2});
  ASSERT_TRUE(g);
  std::string error;
  const auto svg = render_svg(neighbourhood_dot(*g), error);
  ASSERT_TRUE(svg) << error;
  EXPECT_EQ(count(*svg, "class=\"node\""), 5u);
  EXPECT_EQ(count(*svg, "class=\"edge\""), 4u);
  EXPECT_NE(svg->find("<title>b</title>"), std::string::npos);
  EXPECT_NE(svg->find(">next</text>"), std::string::npos);
  // Graphviz's own error comes back as one line.
  EXPECT_FALSE(render_svg("digraph { a -> }", error));
  EXPECT_NE(error.find("Graphviz"), std::string::npos) << error;
  EXPECT_NE(error.find("failed with exit code"), std::string::npos) << error;
}

}  // namespace
}  // namespace kgls
