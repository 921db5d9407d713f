// Document outline and workspace symbol search.
#include <gtest/gtest.h>

#include "lsp/language/symbols.hpp"
#include "test_workspace.hpp"

namespace kgls::lang {
namespace {

using test::TestWorkspace;

TEST(Outline, EntitiesWithFieldsAndEdgesInTextOrder) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(# header
$e1[[framework $id1[[circuits]] {
  $f1[[$k1[[title]]: "A Mathematical   Framework"]]
  $g1[[extends $t1[[distill]] "the predecessor"]]
  $f2[[$k2[[year]]: 2021]]
}]]
$e2[[kind $id2[[framework]] { }]]
)kg");
  auto outline = document_outline(ws.document("/w/a.kg"));
  ASSERT_EQ(outline.size(), 2u);
  const auto& e = outline[0];
  EXPECT_EQ(e.name, "circuits");
  EXPECT_EQ(e.detail, "framework · A Mathematical Framework");
  EXPECT_EQ(e.role, SymbolRole::Entity);
  EXPECT_EQ(e.range.utf16, a.range("e1"));
  EXPECT_EQ(e.selection.utf16, a.range("id1"));
  ASSERT_EQ(e.children.size(), 3u);
  EXPECT_EQ(e.children[0].name, "title");
  EXPECT_EQ(e.children[0].role, SymbolRole::Field);
  EXPECT_EQ(e.children[0].range.utf16, a.range("f1"));
  EXPECT_EQ(e.children[0].selection.utf16, a.range("k1"));
  EXPECT_EQ(e.children[1].name, "extends distill");
  EXPECT_EQ(e.children[1].detail, "the predecessor");
  EXPECT_EQ(e.children[1].role, SymbolRole::Edge);
  EXPECT_EQ(e.children[1].range.utf16, a.range("g1"));
  EXPECT_EQ(e.children[1].selection.utf16, a.range("t1"));
  EXPECT_EQ(e.children[2].name, "year");
  EXPECT_EQ(e.children[2].detail, "2021");
  EXPECT_EQ(outline[1].role, SymbolRole::KindDeclaration);
  EXPECT_EQ(outline[1].range.utf16, a.range("e2"));
}

TEST(Outline, LongDetailsAreOneShortLine) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper p {\n  summary: \"\"\"\n    " + std::string(200, 'w') + "\n    \"\"\"\n}\n");
  auto outline = document_outline(ws.document("/w/a.kg"));
  ASSERT_EQ(outline.at(0).children.size(), 1u);
  const std::string& detail = outline[0].children[0].detail;
  EXPECT_EQ(detail.find('\n'), std::string::npos);
  EXPECT_EQ(detail, std::string(80, 'w') + "…");
}

TEST(Outline, BrokenInputStillGivesSelectionsInsideRanges) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper a {\n  title: \npaper b { extends }\nmethod");
  for (const auto& node : document_outline(ws.document("/w/a.kg"))) {
    EXPECT_LE(node.range.bytes.begin, node.selection.bytes.begin) << node.name;
    EXPECT_GE(node.range.bytes.end, node.selection.bytes.end) << node.name;
    for (const auto& child : node.children) {
      EXPECT_LE(child.range.bytes.begin, child.selection.bytes.begin) << child.name;
      EXPECT_GE(child.range.bytes.end, child.selection.bytes.end) << child.name;
    }
  }
}

class WorkspaceSymbols : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.add("/w/a.kg", R"kg(
framework a-mathematical-framework-for-transformer-circuits {
  title: "A Mathematical Framework for Transformer Circuits"
  aliases: ["Transformer Circuits framework", "AMFTC"]
}
method logit-weight-analysis { title: "Logit Weight Analysis" }
concept residual-stream { title: "Residual Stream" }
kind method {}
)kg");
  }
  std::vector<std::string> ids(std::string_view query, size_t limit = 100) {
    std::vector<std::string> out;
    for (const auto& m : workspace_symbols(ws.workspace(), query, limit, cancel)) out.push_back(m.id);
    return out;
  }
  TestWorkspace ws;
  CancelToken cancel;
};

TEST_F(WorkspaceSymbols, ByIdTitleAndAlias) {
  EXPECT_EQ(ids("logit"), std::vector<std::string>{"logit-weight-analysis"});
  EXPECT_EQ(ids("Residual Stream"), std::vector<std::string>{"residual-stream"});
  auto matches = workspace_symbols(ws.workspace(), "AMFTC", 10, cancel);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].id, "a-mathematical-framework-for-transformer-circuits");
  EXPECT_EQ(matches[0].alias, "AMFTC");
  EXPECT_EQ(matches[0].kind, "framework");
  EXPECT_EQ(matches[0].path, "/w/a.kg");
}

TEST_F(WorkspaceSymbols, FuzzyAndRanked) {
  // "method" is the kind declaration's exact ID; the others only contain the letters.
  auto found = ids("method");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front(), "method");
  EXPECT_EQ(ids("lwa").front(), "logit-weight-analysis");
  EXPECT_TRUE(ids("zzz").empty());
}

TEST_F(WorkspaceSymbols, EmptyQueryListsInWorkspaceOrderUpToTheLimit) {
  EXPECT_EQ(ids(""), (std::vector<std::string>{"a-mathematical-framework-for-transformer-circuits",
                                               "logit-weight-analysis", "residual-stream", "method"}));
  EXPECT_EQ(ids("", 2).size(), 2u);
}

}  // namespace
}  // namespace kgls::lang
