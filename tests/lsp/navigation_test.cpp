// Definition, references and highlights, written as annotated sources.
#include <gtest/gtest.h>

#include "lsp/language/navigation.hpp"
#include "test_workspace.hpp"

namespace kgls::lang {
namespace {

using test::TestWorkspace;

// Locations as "path@line:col-line:col", so failures read like the sources.
std::string show(const std::string& path, const Range& r) {
  return path + "@" + std::to_string(r.start.line) + ":" + std::to_string(r.start.character) +
         "-" + std::to_string(r.end.line) + ":" + std::to_string(r.end.character);
}
std::vector<std::string> show(const std::vector<Location>& locations) {
  std::vector<std::string> out;
  for (const auto& l : locations) out.push_back(show(l.path, l.range.utf16));
  return out;
}
std::vector<std::string> show(const std::string& path, const std::vector<Range>& ranges) {
  std::vector<std::string> out;
  for (const auto& r : ranges) out.push_back(show(path, r));
  return out;
}

const char* kSchema = R"kg(
kind $paper[[paper]] { plural: "Papers" }
kind $method[[method]] { plural: "Methods" }
relation $extends[[extends]] {
  inverse: "extended by"
  from: [$from_paper[[paper]], $from_method[[method]]]
  to: [$to_paper[[paper]]]
}
)kg";

TEST(Definition, EdgeTargetInAnotherFile) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper $def[[circuits]] { title: "Circuits" })kg");
  const auto& b = ws.add("/w/b.kg", R"kg(method logit { extends circ^uits })kg");
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/b.kg", b.point())),
            show("/w/a.kg", std::vector<Range>{a.range("def")}));
}

TEST(Definition, CursorJustAfterTheTarget) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(
paper [[circuits]] {}
method logit { extends circuits^ }
)kg");
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/a.kg", a.point())),
            show("/w/a.kg", a.ranges()));
}

TEST(Definition, KindWordGoesToTheKindDeclaration) {
  TestWorkspace ws;
  const auto& schema = ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(pa^per circuits {})kg");
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/a.kg", a.point())),
            show("/w/schema.kg", std::vector<Range>{schema.range("paper")}));
}

TEST(Definition, RelationWordGoesToTheRelationDeclaration) {
  TestWorkspace ws;
  const auto& schema = ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(paper circuits {}
method logit { ext^ends circuits })kg");
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/a.kg", a.point())),
            show("/w/schema.kg", std::vector<Range>{schema.range("extends")}));
}

TEST(Definition, KindsInARelationsFromAndTo) {
  TestWorkspace ws;
  const auto& schema = ws.add("/w/schema.kg", R"kg(
kind [[paper]] {}
relation cites { from: [pap^er] }
)kg");
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/schema.kg", schema.point())),
            show("/w/schema.kg", schema.ranges()));
}

TEST(Definition, UndeclaredKindAndUnresolvedTargetHaveNone) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(con$kind^cept x { uses $target^nowhere })kg");
  EXPECT_TRUE(find_definition(ws.workspace(), "/w/a.kg", a.point("kind")).empty());
  EXPECT_TRUE(find_definition(ws.workspace(), "/w/a.kg", a.point("target")).empty());
}

TEST(Definition, ADuplicateIdHasEveryDefinition) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper [[gpt-2]] {})kg");
  const auto& b = ws.add("/w/b.kg", R"kg(model [[gpt-2]] {}
method m { uses gpt^-2 })kg");
  auto expected = show("/w/a.kg", a.ranges());
  auto more = show("/w/b.kg", b.ranges());
  expected.insert(expected.end(), more.begin(), more.end());
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/b.kg", b.point())), expected);
}

TEST(Definition, WhitespaceHasNone) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", "paper x {\n  ^\n}\n");
  EXPECT_TRUE(find_definition(ws.workspace(), "/w/a.kg", a.point()).empty());
  EXPECT_TRUE(find_definition(ws.workspace(), "/w/missing.kg", a.point()).empty());
}

TEST(References, AcrossFilesWithAndWithoutTheDeclaration) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(
paper $decl[[circ^uits]] { title: "Circuits" }
method logit { extends [[circuits]] "note" }
)kg");
  const auto& b = ws.add("/w/b.kg", R"kg(
concept residual { uses [[circuits]]  uses circuits-2 }
)kg");
  CancelToken cancel;
  auto without = find_references(ws.workspace(), "/w/a.kg", a.point(), false, cancel);
  auto expected = show("/w/a.kg", a.ranges());
  auto in_b = show("/w/b.kg", b.ranges());
  expected.insert(expected.end(), in_b.begin(), in_b.end());
  EXPECT_EQ(show(without), expected);

  auto with = find_references(ws.workspace(), "/w/a.kg", a.point(), true, cancel);
  expected.insert(expected.begin(), show("/w/a.kg", a.range("decl")));
  EXPECT_EQ(show(with), expected);
}

TEST(References, OfAKindAreItsWordsItsListItemsAndItsDeclaration) {
  TestWorkspace ws;
  const auto& schema = ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(
$w1[[paper]] one {}
method two { extends one }
$w2[[pa^per]] three {}
)kg");
  CancelToken cancel;
  auto refs = find_references(ws.workspace(), "/w/a.kg", a.point(), true, cancel);
  std::vector<std::string> expected = {
      show("/w/a.kg", a.range("w1")), show("/w/a.kg", a.range("w2")),
      show("/w/schema.kg", schema.range("paper")), show("/w/schema.kg", schema.range("from_paper")),
      show("/w/schema.kg", schema.range("to_paper"))};
  EXPECT_EQ(show(refs), expected);
}

TEST(References, AnEntityNamedLikeAnUndeclaredKindIsADifferentSymbol) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(
concept paper {}
[[pa^per]] one { about paper }
[[paper]] two {}
)kg");
  CancelToken cancel;
  EXPECT_EQ(show(find_references(ws.workspace(), "/w/a.kg", a.point(), true, cancel)),
            show("/w/a.kg", a.ranges()));
}

TEST(References, RelationWordsAndTheDeclarationsId) {
  TestWorkspace ws;
  const auto& schema = ws.add("/w/schema.kg", kSchema);
  const auto& a = ws.add("/w/a.kg", R"kg(
paper p {}
method m { [[extends]] p  uses p }
method n { [[ext^ends]] p }
)kg");
  CancelToken cancel;
  auto refs = find_references(ws.workspace(), "/w/a.kg", a.point(), true, cancel);
  auto expected = show("/w/a.kg", a.ranges());
  expected.push_back(show("/w/schema.kg", schema.range("extends")));
  EXPECT_EQ(show(refs), expected);
}

TEST(References, ACancelledSearchUnwinds) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(paper x^ {})kg");
  CancelToken cancel;
  cancel.cancel();
  EXPECT_THROW(find_references(ws.workspace(), "/w/a.kg", a.point(), true, cancel), Cancelled);
}

TEST(Highlights, DeclarationIsAWriteAndUsesAreReads) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg(
paper $write[[circuits]] {}
method m { extends $read[[circ^uits]] }
concept c { uses $read[[circuits]] }
)kg");
  auto highlights = document_highlights(ws.workspace(), "/w/a.kg", a.point());
  ASSERT_EQ(highlights.size(), 3u);
  EXPECT_TRUE(highlights[0].declaration);
  EXPECT_EQ(highlights[0].location.range.utf16, a.range("write"));
  EXPECT_FALSE(highlights[1].declaration);
  EXPECT_EQ(highlights[1].location.range.utf16, a.ranges("read")[0]);
  EXPECT_EQ(highlights[2].location.range.utf16, a.ranges("read")[1]);
}

TEST(Navigation, Utf16Columns) {
  TestWorkspace ws;
  // "😀" is two UTF-16 units and four bytes: the target starts at character 27, not 29.
  const auto& a = ws.add("/w/a.kg", "paper [[x]] {}\npaper y { note: \"😀\" cites ^x }\n");
  EXPECT_EQ(a.point().character, 27u);
  EXPECT_EQ(show(find_definition(ws.workspace(), "/w/a.kg", a.point())),
            show("/w/a.kg", a.ranges()));
}

}  // namespace
}  // namespace kgls::lang
