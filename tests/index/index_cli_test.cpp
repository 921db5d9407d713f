// `kgls index` and `kgls export` run as processes: counts, where the index lives, warm vs
// cold, and exports that other tools (Graphviz, xmllint, a JSON parser) accept.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "index_test_util.hpp"

namespace kgls {
namespace {

using nlohmann::json;
using test::run_kgls;
namespace fs = std::filesystem;
using test::TempDir;

// Text built to break every output format if it were not escaped.
constexpr const char* kHostile = R"(kind paper { plural: "Papers" }
paper evil {
  title: "<b>\"Quotes\" & 'ticks'</b> \\ back\nslash ]]> -->"
  summary: "digraph { a -> b } \"; node [label=x]; <!-- & \u{1F600}"
  cites target "note with \"quotes\" & <tags>"
  cites missing
}
paper target { title: "Target" }
)";

class IndexCli : public ::testing::Test {
 protected:
  void SetUp() override { ws.write("graph.kg", kHostile); }
  // Every run keeps its index in our scratch cache, never the user's.
  test::Result kgls(const std::string& args) {
    return run_kgls(args, ws.path(), "env XDG_CACHE_HOME='" + cache.path().string() + "'");
  }
  TempDir ws;
  TempDir cache;
};

TEST_F(IndexCli, IndexPrintsCountsAndAWarmRunParsesNothing) {
  auto r = kgls("index");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("indexed 1 files in "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": 1 parsed, 0 unchanged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 entities, 2 edges"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(cache.path().string() + "/kgls/"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");  // No progress bar when stderr is not a terminal.
  r = kgls("index");
  EXPECT_NE(r.out.find(": 0 parsed, 1 unchanged"), std::string::npos) << r.out;
}

TEST_F(IndexCli, IndexPathAndNoIndex) {
  auto r = kgls("index --index custom/place.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(ws / "custom/place.db"));
  r = kgls("index --index=custom/place.db");
  EXPECT_NE(r.out.find("0 parsed"), std::string::npos) << r.out;

  TempDir other;
  r = run_kgls("index --no-index --workspace '" + ws.path().string() + "'", other.path(),
               "env XDG_CACHE_HOME='" + other.path().string() + "/cache'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("index: in memory"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(other / "cache"));
}

TEST_F(IndexCli, BadArgumentsAndMissingWorkspacesAreUsageErrors) {
  EXPECT_EQ(kgls("index --bogus").exit_code, 2);
  EXPECT_EQ(kgls("index --index").exit_code, 2);
  EXPECT_EQ(kgls("index --index x.db --no-index").exit_code, 2);
  const auto r = kgls("index --workspace does/not/exist");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a folder"), std::string::npos) << r.err;
  EXPECT_EQ(kgls("export").exit_code, 2);
  EXPECT_EQ(kgls("export --format csv").exit_code, 2);
  EXPECT_EQ(kgls("index --help").exit_code, 0);
  EXPECT_EQ(kgls("export --help").exit_code, 0);
}

TEST_F(IndexCli, AnUnwritableCacheStillWorksInMemory) {
  cache.write("blocker", "not a folder");
  const auto r = run_kgls("index", ws.path(), "env XDG_CACHE_HOME='" + (cache / "blocker").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("keeping the index in memory"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // One line.
  EXPECT_NE(r.out.find("index: in memory"), std::string::npos) << r.out;
}

TEST_F(IndexCli, ADamagedIndexGivesOneNoticeAndIsRebuilt) {
  ASSERT_EQ(kgls("index --index idx.db").exit_code, 0);
  ws.write("idx.db", std::string(8192, 'x'));
  auto r = kgls("index --index idx.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("is damaged"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 parsed"), std::string::npos) << r.out;
  r = kgls("index --index idx.db");
  EXPECT_EQ(r.err, "");
}

TEST_F(IndexCli, ExportJson) {
  const auto r = kgls("export --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  ASSERT_EQ(doc["entities"].size(), 3u);
  ASSERT_EQ(doc["edges"].size(), 2u);
  const json& evil = doc["entities"][1];
  EXPECT_EQ(evil["id"], "evil");
  EXPECT_EQ(evil["title"], "<b>\"Quotes\" & 'ticks'</b> \\ back\nslash ]]> -->");
  EXPECT_EQ(evil["file"], "graph.kg");
  EXPECT_EQ(evil["line"], 2);
  EXPECT_EQ(doc["edges"][0]["note"], "note with \"quotes\" & <tags>");
  EXPECT_EQ(doc["edges"][1]["target"], "missing");
  EXPECT_FALSE(doc["edges"][1].contains("note"));
  EXPECT_EQ(doc["entities"][0]["fields"]["plural"], "Papers");
}

TEST_F(IndexCli, ExportJsonKeepsFieldTypes) {
  ws.write("typed.kg", "paper typed { year: 2021 score: -0.5 open: true tags: [a, b] big: 123456789012345678901234 }\n");
  const auto r = kgls("export --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  json typed;
  for (const auto& e : doc["entities"]) {
    if (e["id"] == "typed") typed = e;
  }
  ASSERT_FALSE(typed.is_null());
  EXPECT_EQ(typed["fields"]["year"], 2021);
  EXPECT_EQ(typed["fields"]["score"], -0.5);
  EXPECT_EQ(typed["fields"]["open"], true);
  EXPECT_EQ(typed["fields"]["tags"], json::array({"a", "b"}));
  EXPECT_EQ(typed["fields"]["big"], "123456789012345678901234");  // Too big for JSON's integers: as written.
}

TEST_F(IndexCli, ExportDotIsAcceptedByGraphviz) {
  const auto r = kgls("export --format dot --output graph.dot");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dot = ws.read("graph.dot");
  EXPECT_EQ(dot.rfind("digraph kg {", 0), 0u);
  EXPECT_NE(dot.find("\"evil\" -> \"target\" [label=\"cites\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"missing\" [label=\"missing\", style=dashed]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("label=\"<b>\\\"Quotes\\\" & 'ticks'</b> \\\\ back\\nslash ]]> -->\""), std::string::npos)
      << dot;
  if (!test::have_program("dot")) GTEST_SKIP() << "Graphviz `dot` is not installed; the text checks passed";
  const auto rendered = test::run_command("dot -Tsvg graph.dot -o graph.svg", ws.path());
  EXPECT_EQ(rendered.exit_code, 0) << rendered.err;
  EXPECT_EQ(rendered.err, "");  // Not even a warning.
  const std::string svg = ws.read("graph.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("Target"), std::string::npos);
}

TEST_F(IndexCli, ExportGraphmlIsWellFormedWithAttributes) {
  const auto r = kgls("export --format graphml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string xml = r.out;
  EXPECT_NE(xml.find("<key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<key id=\"relation\" for=\"edge\""), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"title\">&lt;b&gt;&quot;Quotes&quot; &amp; &apos;ticks&apos;&lt;/b&gt;"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<node id=\"missing\">"), std::string::npos);  // Edges need declared nodes.
  // Every edge's ends are declared nodes.
  std::set<std::string> nodes;
  const std::regex node(R"re(<node id="([^"]*)")re");
  const std::regex edge(R"re(<edge id="[^"]*" source="([^"]*)" target="([^"]*)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), node); it != std::sregex_iterator(); ++it) {
    nodes.insert((*it)[1]);
  }
  size_t edges = 0;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), edge); it != std::sregex_iterator(); ++it, ++edges) {
    EXPECT_TRUE(nodes.count((*it)[1])) << (*it)[1];
    EXPECT_TRUE(nodes.count((*it)[2])) << (*it)[2];
  }
  EXPECT_EQ(edges, 2u);
  if (!test::have_program("xmllint")) GTEST_SKIP() << "xmllint is not installed; the text checks passed";
  ws.write("graph.graphml", xml);
  const auto lint = test::run_command("xmllint --noout graph.graphml", ws.path());
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  EXPECT_EQ(lint.err, "");
}

TEST_F(IndexCli, ExportNeverWritesAKgFile) {
  const std::string before = ws.read("graph.kg");
  const auto r = kgls("export --format json --output graph.kg");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("never written"), std::string::npos) << r.err;
  EXPECT_EQ(ws.read("graph.kg"), before);
}

// A warm start parses nothing: every file of schema.org is found unchanged (counted, not
// timed; the speed-up itself is measured by the benchmark in docs/index.md).
TEST(IndexCliData, WarmIndexOfSchemaOrgParsesNothing) {
  const fs::path data = fs::path(KGLS_SHARED_DATA) / "schemaorg";
  if (!fs::exists(data)) GTEST_SKIP() << "no shared data at " << data;
  TempDir scratch;
  const std::string args = "index --workspace '" + data.string() + "' --index '" + (scratch / "index.db").string() + "'";
  const auto cold = run_kgls(args, scratch.path());
  ASSERT_EQ(cold.exit_code, 0) << cold.err;
  EXPECT_NE(cold.out.find("13 parsed"), std::string::npos) << cold.out;
  const auto warm = run_kgls(args, scratch.path());
  ASSERT_EQ(warm.exit_code, 0) << warm.err;
  EXPECT_NE(warm.out.find("0 parsed, 13 unchanged"), std::string::npos) << warm.out;
}

}  // namespace
}  // namespace kgls
