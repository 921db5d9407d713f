// Folding ranges and selection ranges.
#include <gtest/gtest.h>

#include "lsp/language/structure.hpp"
#include "test_workspace.hpp"

namespace kgls::lang {
namespace {

using test::TestWorkspace;

std::vector<std::string> show(const std::vector<Fold>& folds) {
  std::vector<std::string> out;
  for (const auto& f : folds) {
    out.push_back(std::to_string(f.start_line) + "-" + std::to_string(f.end_line) +
                  (f.kind == Fold::Kind::Comment ? " comment" : ""));
  }
  return out;
}

TEST(Folding, EntitiesListsTextBlocksAndCommentRuns) {
  TestWorkspace ws;
  ws.add("/w/a.kg", R"kg(# schema.org 30.0
# generated
#
paper circuits {
  title: "x"  # a trailing comment does not start a run
  tags: [
    a,
    b,
  ]
  summary: """
    line one
    line two
    """
  uses other
}
paper one-line { title: "y" }
paper closing-on-the-last-line {
  title: "z" }
)kg");
  EXPECT_EQ(show(folding_ranges(ws.document("/w/a.kg"))),
            (std::vector<std::string>{"0-2 comment", "3-13", "5-7", "9-11", "16-17"}));
}

TEST(Folding, BrokenInputDoesNotThrow) {
  TestWorkspace ws;
  ws.add("/w/a.kg", "paper a {\n  tags: [a,\n\npaper b {\n");
  EXPECT_NO_THROW(folding_ranges(ws.document("/w/a.kg")));
}

TEST(Selection, FromTheWordOutToTheFile) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", R"kg([[# c
$entity[[paper p {
  $edge[[extends $word[[ta^rget]] "note"]]
}]]
]])kg");
  auto chains = selection_ranges(ws.document("/w/a.kg"), {a.point()});
  ASSERT_EQ(chains.size(), 1u);
  const auto& chain = chains[0];
  ASSERT_GE(chain.size(), 4u);
  EXPECT_EQ(chain[0], a.range("word"));
  EXPECT_EQ(chain[1], a.range("edge"));
  EXPECT_EQ(chain[2], a.range("entity"));
  EXPECT_EQ(chain.back(), a.range());
  for (size_t i = 1; i < chain.size(); ++i) {
    EXPECT_FALSE(chain[i] == chain[i - 1]) << "repeated range at " << i;
  }
}

TEST(Selection, CursorJustAfterAWordSelectsTheWord) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", "paper p { uses [[target]]^ }\n");
  auto chains = selection_ranges(ws.document("/w/a.kg"), {a.point()});
  ASSERT_FALSE(chains.at(0).empty());
  EXPECT_EQ(chains[0][0], a.range());
}

TEST(Selection, OnePerPosition) {
  TestWorkspace ws;
  const auto& a = ws.add("/w/a.kg", "paper ^p {}\npaper ^q {}\n");
  EXPECT_EQ(selection_ranges(ws.document("/w/a.kg"), a.points()).size(), 2u);
}

}  // namespace
}  // namespace kgls::lang
