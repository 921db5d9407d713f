// Rename, code actions, formatting, semantic tokens, inlay hints and code lenses on the
// language side, written as annotated sources.
#include <gtest/gtest.h>

#include "lsp/language/decorations.hpp"
#include "lsp/language/edits.hpp"
#include "test_workspace.hpp"

namespace kgls::lang {
namespace {

using test::TestWorkspace;

Snapshot snapshot_of(const TestWorkspace& ws, std::map<std::string, int32_t, std::less<>> open = {}) {
  Snapshot s;
  s.workspace = ws.workspace();
  s.open_versions = std::move(open);
  return s;
}

// Applies one file's edits (in LSP ranges of `text`) from last to first.
std::string apply(const std::string& text, std::vector<TextEdit> edits) {
  LineIndex lines(text);
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return b.range.start < a.range.start; });
  std::string out = text;
  for (const auto& e : edits) {
    const uint32_t begin = lines.offset(e.range.start), end = lines.offset(e.range.end);
    out.replace(begin, end - begin, e.text);
  }
  return out;
}

TEST(Rename, EveryFileWithVersionsForOpenDocuments) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper $id[[circ^uits]] {})kg");
  ws.add("/w/b.kg", R"kg(method m { extends circuits })kg");
  const Snapshot s = snapshot_of(ws, {{"/w/a.kg", 7}});
  std::string error;
  auto prepared = prepare_rename_at(s, "/w/a.kg", a.point(), error);
  ASSERT_TRUE(prepared) << error;
  EXPECT_EQ(prepared->range.utf16, a.range("id"));
  EXPECT_EQ(prepared->placeholder, "circuits");

  auto files = rename_at(s, "/w/a.kg", a.point(), "transformer-circuits", error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "/w/a.kg");
  EXPECT_EQ(files[0].version, 7);
  EXPECT_EQ(files[1].version, std::nullopt);  // Not open.
  EXPECT_EQ(apply(ws.document("/w/a.kg").text, files[0].edits), "paper transformer-circuits {}");
  EXPECT_EQ(apply(ws.document("/w/b.kg").text, files[1].edits), "method m { extends transformer-circuits }");
}

TEST(Rename, RefusesAnExistingNameWithTheEditLayersMessage) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper circ^uits {} paper other {})kg");
  std::string error;
  auto files = rename_at(snapshot_of(ws), "/w/a.kg", a.point(), "other", error);
  EXPECT_TRUE(files.empty());
  EXPECT_NE(error.find("other"), std::string::npos) << error;
  EXPECT_NE(error.find("already"), std::string::npos) << error;
}

TEST(Rename, PrepareRefusesAPlaceWithoutAName) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper one { title: "x^" })kg");
  std::string error;
  EXPECT_FALSE(prepare_rename_at(snapshot_of(ws), "/w/a.kg", a.point(), error));
  EXPECT_FALSE(error.empty());
}

ClientDiagnostic find(const Workspace& ws, const std::string& path, const std::string& code) {
  const auto all = ws.diagnostics();  // Kept: a range-for over a temporary's member dangles.
  for (const auto& d : all.at(path)) {
    if (d.code == code) return {d.range.utf16, d.code, d.message, d.data};
  }
  ADD_FAILURE() << "no " << code << " in " << path;
  return {};
}

TEST(CodeAction, UnresolvedReferenceCreatesTheEntity) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper one {\n  cites path-expansion\n}\n");
  const Snapshot s = snapshot_of(ws);
  auto actions = code_actions(s, "/w/a.kg", {find(ws.workspace(), "/w/a.kg", "unresolved-reference")});
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].diagnostic, 0u);
  EXPECT_EQ(actions[0].title, "Create `paper path-expansion` in a.kg");
  ASSERT_EQ(actions[0].edits.size(), 1u);
  const std::string after = apply(ws.document("/w/a.kg").text, actions[0].edits[0].edits);
  EXPECT_NE(after.find("paper path-expansion {\n  title: \"Path Expansion\"\n}"), std::string::npos) << after;
}

TEST(CodeAction, UnknownKindOffersTheClosestDeclared) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", "kind paper {}\nkind method {}\n");
  ws.add("/w/a.kg", "papr one {}\n");
  auto actions = code_actions(snapshot_of(ws), "/w/a.kg", {find(ws.workspace(), "/w/a.kg", "unknown-kind")});
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(apply(ws.document("/w/a.kg").text, actions[0].edits[0].edits), "paper one {}\n");
}

TEST(CodeAction, LikelyDuplicateLinksOrMergesBothWays) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper one { title: \"Induction Heads\" }\npaper two { title: \"Induction heads\" }\n"
                    "paper three { cites two }\n");
  ClientDiagnostic d;
  d.code = "likely-duplicate";
  d.data = "two";
  d.range = ws.document("/w/a.kg").entities[0].id_range.utf16;
  auto actions = code_actions(snapshot_of(ws), "/w/a.kg", {d});
  std::vector<std::string> titles;
  for (const auto& a : actions) titles.push_back(a.title);
  ASSERT_GE(actions.size(), 3u) << ::testing::PrintToString(titles);
  bool merged_into_one = false;
  for (const auto& a : actions) {
    const std::string after = apply(ws.document("/w/a.kg").text, a.edits[0].edits);
    // Merging `two` into `one` rewrites the reference and removes `two`.
    if (after.find("paper two") == std::string::npos && after.find("cites one") != std::string::npos)
      merged_into_one = true;
  }
  EXPECT_TRUE(merged_into_one) << ::testing::PrintToString(titles);
}

TEST(Formatting, WholeDocumentAndRange) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper  one {title:\"One\"}\npaper two {  year: 2021 }\n");
  const Snapshot s = snapshot_of(ws);
  const std::string text = ws.document("/w/a.kg").text;
  const std::string formatted = apply(text, format_document_edits(s, "/w/a.kg"));
  EXPECT_EQ(formatted, "paper one {\n  title: \"One\"\n}\n\npaper two {\n  year: 2021\n}\n");
  // Only the second entity.
  const std::string second = apply(text, format_range_edits(s, "/w/a.kg", {{1, 3}, {1, 3}}));
  EXPECT_EQ(second, "paper  one {title:\"One\"}\npaper two {\n  year: 2021\n}\n");
  // Formatted text needs no edits.
  ws.add("/w/b.kg", formatted);
  EXPECT_TRUE(format_document_edits(snapshot_of(ws), "/w/b.kg").empty());
}

TEST(SemanticTokens, TypesFromTheTree) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "# note\npaper one {\n  year: 2021\n  ok: true\n  status: active\n  cites two \"why\"\n}\n");
  const auto tokens = semantic_tokens(ws.document("/w/a.kg"));
  std::vector<std::string> got;
  for (const auto& t : tokens) {
    got.push_back(std::to_string(t.line) + ":" + std::to_string(t.start) + "+" + std::to_string(t.length) + " " +
                  kTokenTypes[static_cast<uint32_t>(t.type)] + (t.modifiers ? ".declaration" : ""));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "0:0+6 comment", "1:0+5 type", "1:6+3 variable.declaration", "2:2+4 property",
                     "2:8+4 number", "3:2+2 property", "3:6+4 keyword", "4:2+6 property",
                     "4:10+6 enumMember", "5:2+5 function", "5:8+3 variable", "5:12+5 string"}));
  // Relative encoding: the second token is one line down at column 0.
  const auto data = encode_tokens(tokens);
  EXPECT_EQ(std::vector<uint32_t>(data.begin() + 5, data.begin() + 10), (std::vector<uint32_t>{1, 0, 5, 0, 0}));
  // A range keeps the lines it covers.
  EXPECT_EQ(semantic_tokens(ws.document("/w/a.kg"), Range{{5, 0}, {5, 20}}).size(), 3u);
}

TEST(SemanticTokens, TextBlockSplitAtLineEnds) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper one {\n  summary: \"\"\"\n    two\n    \"\"\"\n}\n");
  std::vector<uint32_t> lines;
  for (const auto& t : semantic_tokens(ws.document("/w/a.kg")))
    if (t.type == TokenType::String) lines.push_back(t.line);
  EXPECT_EQ(lines, (std::vector<uint32_t>{1, 2, 3}));
}

TEST(InlayHints, TitleAfterResolvedTargetsWhenItDiffers) {
  TestWorkspace ws;
  ws.add("/w/a.kg", R"kg(paper circuits { title: "Transformer Circuits" } paper plain {})kg");
  const auto& b = ws.add("/w/b.kg", R"kg(method m { extends circuits$h^ cites plain cites missing })kg");
  const auto hints = title_hints(ws.workspace(), "/w/b.kg", {{0, 0}, {9, 0}});
  ASSERT_EQ(hints.size(), 1u);
  EXPECT_EQ(hints[0].position, b.point("h"));
  EXPECT_EQ(hints[0].label, "Transformer Circuits");
}

TEST(CodeLens, ReferenceCountsPerEntity) {
  TestWorkspace ws;
  ws.add("/w/schema.kg", "kind paper {}\n");
  ws.add("/w/a.kg", "paper one {}\npaper two { cites one }\n");
  ws.add("/w/b.kg", "paper three { cites one }\n");
  CancelToken cancel;
  const auto lenses = reference_lenses(ws.workspace(), "/w/a.kg", cancel);
  ASSERT_EQ(lenses.size(), 2u);
  EXPECT_EQ(lenses[0].count, 2u);
  EXPECT_EQ(lenses[1].count, 0u);
  // A kind declaration counts its kind words.
  const auto schema = reference_lenses(ws.workspace(), "/w/schema.kg", cancel);
  ASSERT_EQ(schema.size(), 1u);
  EXPECT_EQ(schema[0].count, 3u);
}

}  // namespace
}  // namespace kgls::lang
