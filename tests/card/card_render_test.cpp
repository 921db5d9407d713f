// Rendering details: the similarity section (filled by hand here, by the similarity layer
// in the product), group labels, one-line summaries, long groups, duplicate IDs.
#include <gtest/gtest.h>

#include "../index/index_test_util.hpp"
#include "kgls/card.hpp"

namespace kgls {
namespace {

CardData small_card() {
  CardData card;
  card.kind = "framework";
  card.id = "fw";
  card.status = "active";
  card.title = "Framework";
  card.summary = "A summary.";
  CardGroup methods;
  methods.kind = "method";
  methods.label = "Methods";
  methods.neighbours.push_back({"m1", "method", "Method One", "Does one thing.\n\nMore detail.", true, 3,
                                {{"extends", Direction::In, ""}}});
  methods.neighbours.push_back({"m2", "method", "Method Two", "", true, 1,
                                {{"uses", Direction::Out, ""}, {"cites", Direction::In, "a note"}}});
  card.neighbourhood.push_back(methods);
  return card;
}

TEST(CardRender, SimilaritySectionOnlyWhenProvided) {
  CardData card = small_card();
  EXPECT_EQ(render_markdown(card).find("Related by similarity"), std::string::npos);
  EXPECT_EQ(render_text(card).find("Related by similarity"), std::string::npos);

  card.similar = std::vector<CardSimilar>{
      {"zoom-in", "Zoom In", "paper", 0.7312, "Mechanistic interpretability framework"},
      {"transformer", "Transformer", "concept", 0.65, "Neural network architecture based on attention"}};
  card.similarity_threshold = 0.65;
  const std::string md = render_markdown(card);
  EXPECT_NE(md.find("**Related by similarity (2)** — score ≥ 0.65 · no typed edge\n"), std::string::npos) << md;
  EXPECT_NE(md.find("candidates for new edges or unrecognized duplicates"), std::string::npos);
  EXPECT_NE(md.find("- **Zoom In** · *paper* · 0.731 — Mechanistic interpretability framework\n"), std::string::npos)
      << md;
  // After the neighbourhood.
  EXPECT_LT(md.find("Neighborhood"), md.find("Related by similarity"));
  const std::string text = render_text(card);
  EXPECT_NE(text.find("Related by similarity (2) — score ≥ 0.65 · no typed edge\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - Transformer  concept  0.650  Neural network architecture based on attention\n"),
            std::string::npos)
      << text;

  card.similar->clear();  // Computed, and nothing is similar: the section says so with (0).
  EXPECT_NE(render_markdown(card).find("Related by similarity (0)"), std::string::npos);
}

TEST(CardRender, MarkdownLayout) {
  const std::string md = render_markdown(small_card());
  EXPECT_EQ(md.rfind("*framework* · `fw` · **active**\n\n### Framework\n\nA summary.\n\n---\n\n", 0), 0u) << md;
  EXPECT_NE(md.find("**Neighborhood — ranked by edge-count**\n\n**Methods (2)** · *method*\n\n"), std::string::npos)
      << md;
  // The first paragraph of a summary; directions as arrows; several links on one line.
  EXPECT_NE(md.find("- **Method One** ← extends — Does one thing.\n"), std::string::npos) << md;
  // A backlink's note on a line of its own (no place known here: no link).
  EXPECT_NE(md.find("- **Method Two** → uses, ← cites  \n  ↳ ← cites “a note”\n"), std::string::npos) << md;
  EXPECT_EQ(md.back(), '\n');
  EXPECT_NE(md.substr(md.size() - 2), "\n\n");
}

// Found by the card fuzzer: a note ending in `word:` met the closing quote, a scheme colon
// (`key:”`) a Markdown renderer may take for an autolink. That colon is escaped; one
// followed by a space is plain text.
TEST(CardRender, ANoteEndingInAColonDoesNotStartAScheme) {
  CardData card = small_card();
  for (auto& group : card.neighbourhood)
    for (auto& n : group.neighbours)
      for (auto& link : n.links)
        if (!link.note.empty()) link.note = "the key:";
  const std::string md = render_markdown(card);
  EXPECT_NE(md.find("“the key\\:”"), std::string::npos) << md;
  EXPECT_EQ(md.find("key:”"), std::string::npos) << md;
}

TEST(CardRender, TextLayoutAndColourOnlyWhenAsked) {
  const std::string text = render_text(small_card());
  EXPECT_EQ(text.rfind("framework · fw · active\nFramework\nA summary.\n\nNeighborhood — ranked by edge-count\n\n"
                       "Methods (2) · method\n  - Method One  ← extends  Does one thing.\n",
                       0),
            0u)
      << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  const std::string colored = render_text(small_card(), {.color = true});
  EXPECT_NE(colored.find("\x1b[1mFramework\x1b[0m"), std::string::npos);
}

TEST(CardRender, LongGroupsAreCutInMarkdownOnly) {
  CardData card = small_card();
  for (int i = 0; i < 20; ++i) {
    card.neighbourhood[0].neighbours.push_back({"x" + std::to_string(i), "method", "X" + std::to_string(i), "", true,
                                                0, {{"uses", Direction::Out, ""}}});
  }
  const std::string md = render_markdown(card, {.max_per_group = 8});
  EXPECT_NE(md.find("**Methods (22)**"), std::string::npos);
  EXPECT_NE(md.find("- *… and 14 more*"), std::string::npos) << md;
  EXPECT_EQ(md.find("X7**"), std::string::npos);
  const std::string text = render_text(card);
  EXPECT_NE(text.find("X19"), std::string::npos);
}

TEST(CardRender, NoNeighboursAndDuplicates) {
  CardData card = small_card();
  card.neighbourhood.clear();
  card.definitions = 2;
  const std::string md = render_markdown(card);
  EXPECT_NE(md.find("*No typed edges.*"), std::string::npos);
  EXPECT_NE(md.find("**Defined 2 times** (duplicate ID)"), std::string::npos);
  EXPECT_NE(render_text(card).find("(no typed edges)"), std::string::npos);
}

TEST(CardRender, TextBlockFieldsKeepTheirLines) {
  CardData card = small_card();
  card.fields.push_back({"notes", "first line\n  - indented item\nlast"});
  const std::string md = render_markdown(card);
  EXPECT_NE(md.find("- **notes**: first line  \n  \u00A0\u00A0\\- indented item  \n  last\n"), std::string::npos) << md;
  const std::string text = render_text(card);
  EXPECT_NE(text.find("  notes:\n      first line\n        - indented item\n      last\n"), std::string::npos) << text;
}

TEST(OneLine, FirstParagraphWhitespaceCollapsedAndCutAtAWord) {
  EXPECT_EQ(one_line("Computing each feature's\n  linear effect\n\nSecond paragraph", 200),
            "Computing each feature's linear effect");
  EXPECT_EQ(one_line("alpha beta gamma delta", 13), "alpha beta…");
  EXPECT_EQ(one_line("abcdefghijklmnop", 5), "abcde…");
  // Cut by code points: never inside a UTF-8 sequence.
  EXPECT_EQ(one_line("ééééé", 3), "ééé…");
  EXPECT_EQ(one_line("", 10), "");
  EXPECT_EQ(one_line("\n\n  \n", 10), "");
  EXPECT_EQ(one_line("tab\tseparated  words", 100), "tab separated words");
}

TEST(Plural, EnglishRulesWhenTheSchemaHasNoPlural) {
  EXPECT_EQ(english_plural("paper"), "Papers");
  EXPECT_EQ(english_plural("class"), "Classes");
  EXPECT_EQ(english_plural("property"), "Properties");
  EXPECT_EQ(english_plural("day"), "Days");
  EXPECT_EQ(english_plural("enum-member"), "Enum members");
  EXPECT_EQ(english_plural("research_box"), "Research boxes");
  EXPECT_EQ(english_plural("analysis"), "Analyses");
  EXPECT_EQ(english_plural("person"), "People");
  EXPECT_EQ(english_plural("match"), "Matches");
  EXPECT_EQ(english_plural("GPU"), "GPUs");
  EXPECT_EQ(english_plural("series"), "Series");
}

TEST(Plural, TheSchemasPluralWins) {
  test::TempDir ws;
  ws.write("s.kg", "kind person { plural: \"Folks\" }\nkind paper {}\nperson ada { knows bob }\nperson bob {}\n");
  auto index = test::open_index(ws.path(), "");
  index->refresh();
  EXPECT_EQ(plural_label(IndexGraph(*index), "person"), "Folks");
  EXPECT_EQ(plural_label(IndexGraph(*index), "paper"), "Papers");
  const auto card = card_data(IndexGraph(*index), "ada");
  ASSERT_TRUE(card);
  ASSERT_EQ(card->neighbourhood.size(), 1u);
  EXPECT_EQ(card->neighbourhood[0].label, "Folks");
}

TEST(CardData, UnresolvedTargetsFormTheirOwnGroup) {
  test::TempDir ws;
  ws.write("a.kg", "paper a { title: \"A\" cites ghost year: 2020 status: draft }\n");
  auto index = test::open_index(ws.path(), "");
  index->refresh();
  const auto card = card_data(IndexGraph(*index), "a");
  ASSERT_TRUE(card);
  ASSERT_EQ(card->neighbourhood.size(), 1u);
  EXPECT_EQ(card->neighbourhood[0].label, "Unresolved");
  EXPECT_FALSE(card->neighbourhood[0].neighbours[0].defined);
  // title, summary and status are the card's head, not its fields.
  ASSERT_EQ(card->fields.size(), 1u);
  EXPECT_EQ(card->fields[0].key, "year");
  EXPECT_EQ(card->status, "draft");
}

}  // namespace
}  // namespace kgls
