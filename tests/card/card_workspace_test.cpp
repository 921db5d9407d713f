// The card hover shows is gathered from the workspace in memory; `kgls show` gathers it from
// the index. Both must give the same card: every field, neighbour, link, count and group
// order, for every entity of the examples and of two real knowledge graphs, and for a
// workspace built to hit the corner cases (duplicate IDs, unresolved targets, self edges,
// notes, declared plurals, undeclared kinds, ties in edge count).
#include <gtest/gtest.h>

#include "../index/index_test_util.hpp"
#include "kgls/card.hpp"
#include "kgls/files.hpp"
#include "kgls/workspace.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;

Workspace load(const fs::path& root) {
  Workspace workspace;
  for (const fs::path& file : find_kg_files(root).files) {
    std::string text, error;
    EXPECT_TRUE(read_file(file, text, error)) << error;
    workspace.set_document(parse_document(file.string(), std::move(text), KeepTree::No));
  }
  return workspace;
}

std::string describe(const CardData& c) {
  std::string out = c.kind + " " + c.id + " [" + c.status + "] " + c.title + " | " + c.summary + " | defs " +
                    std::to_string(c.definitions) + " | id " + std::to_string(c.id_range.bytes.begin) + "-" + std::to_string(c.id_range.utf16.start.line) + "\n";
  for (const CardField& f : c.fields) out += "  field " + f.key + " = " + f.value + "\n";
  for (const CardGroup& g : c.neighbourhood) {
    out += "  group " + g.kind + " (" + g.label + ") " + std::to_string(g.size()) + "\n";
    for (const CardNeighbour& n : g.neighbours) {
      out += "    " + n.id + " " + n.kind + " " + n.title + " | " + n.summary + " | " + (n.defined ? "def" : "undef") +
             " " + std::to_string(n.edge_count) + "\n";
      for (const Link& l : n.links)
        out += "      " + l.relation + (l.direction == Direction::Out ? " out " : " in ") + l.note + "\n";
    }
  }
  return out;
}

// Every entity's card, from both sources; returns how many cards were compared.
size_t expect_same_cards(const fs::path& root) {
  auto index = test::open_index(root, "");
  index->refresh();
  const Workspace workspace = load(root);
  size_t compared = 0;
  for (const EntityRef& ref : workspace.entities()) {
    const auto from_index = card_data(*index, ref.entity->id);
    const auto from_workspace = card_data(workspace, ref.entity->id);
    EXPECT_TRUE(from_index && from_workspace) << ref.entity->id;
    if (!from_index || !from_workspace) continue;
    EXPECT_EQ(describe(*from_workspace), describe(*from_index)) << ref.entity->id;
    EXPECT_EQ(render_markdown(*from_workspace), render_markdown(*from_index)) << ref.entity->id;
    // Limited to the best few per group (as hover gathers it): the same Markdown, and each
    // group the full group's first neighbours with the full count.
    for (size_t limit : {1, 2, 8}) {
      const auto limited = card_data(workspace, ref.entity->id, limit);
      EXPECT_EQ(render_markdown(*limited, {.max_per_group = limit}),
                render_markdown(*from_workspace, {.max_per_group = limit}))
          << ref.entity->id;
      EXPECT_EQ(render_text(*limited, {.max_per_group = limit}), render_text(*from_workspace, {.max_per_group = limit}))
          << ref.entity->id;
      CardData truncated = *from_workspace;
      for (CardGroup& g : truncated.neighbourhood) {
        if (g.neighbours.size() > limit) {
          g.count = g.neighbours.size();
          g.neighbours.resize(limit);
        }
      }
      EXPECT_EQ(describe(*limited), describe(truncated)) << ref.entity->id;
    }
    ++compared;
  }
  EXPECT_FALSE(card_data(workspace, "no-such-entity"));
  return compared;
}

TEST(WorkspaceCards, EqualTheIndexCardsOfTheExamples) {
  EXPECT_GT(expect_same_cards(fs::path(KGLS_SOURCE_DIR) / "examples"), 10u);
}

TEST(WorkspaceCards, EqualTheIndexCardsOfRealGraphs) {
  for (const char* name : {"schemaorg", "dblp-acm"}) {
    const fs::path root = fs::path(KGLS_SHARED_DATA) / name;
    if (!fs::exists(root)) GTEST_SKIP() << root << " is not there";
    EXPECT_GT(expect_same_cards(root), 1000u) << name;
  }
}

TEST(WorkspaceCards, EqualTheIndexCardsInCornerCases) {
  test::TempDir dir;
  std::ofstream(dir.path() / "a-schema.kg") << R"(kind paper { title: "Paper"  plural: "Papiers" }
kind method { title: "Method" }
relation uses { title: "Uses" }
)";
  std::ofstream(dir.path() / "b.kg") << R"(paper p1 {
  title: "alpha"
  summary: "First."
  venue: "X"
  tags: [a, b, c]
  empty: []
  status: draft
  uses m1 "the main one"
  uses m1
  uses ghost
  cites p1
  cites p2 "again"
}
paper p2 { title: "Beta"  uses p1 }
method m1 { title: "alpha"  extends p1 }
widget w { title: "Alpha"  uses p1 }
gizmo g { title: "alpha"  uses p1  uses p1 }
)";
  std::ofstream(dir.path() / "c.kg") << R"(paper p1 { title: "dup" uses m1 }
paper p3 { title: "Gamma" cites p1 cites ghost }
)";
  EXPECT_EQ(expect_same_cards(dir.path()), 10u);
  const Workspace workspace = load(dir.path());
  const auto card = card_data(workspace, "p1");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->definitions, 2u);
  ASSERT_FALSE(card->neighbourhood.empty());
  EXPECT_EQ(card->neighbourhood.front().label, "Papiers");
  EXPECT_EQ(card->neighbourhood.back().label, "Unresolved");
}

}  // namespace
}  // namespace kgls
