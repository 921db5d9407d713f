// The card hover shows is gathered from the workspace in memory (WorkspaceGraph); `kgls show`
// gathers it from the index (IndexGraph); one gatherer reads both. The two readers must
// answer every question the same (the entity, each edge touching it with its note and
// place, each neighbour's kind, title, edge count and summary, the declared kinds and
// plurals), so the cards are equal: every field, neighbour, link, count and group order,
// for every entity of the examples and of two real knowledge graphs, and for a workspace
// built to hit the corner cases (duplicate IDs, unresolved targets, self edges, notes,
// declared plurals, undeclared kinds, ties in edge count).
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

std::string range_text(const SourceRange& r) {
  return std::to_string(r.bytes.begin) + "-" + std::to_string(r.bytes.end) + "@" + std::to_string(r.utf16.start.line) +
         ":" + std::to_string(r.utf16.start.character);
}

// The index names files workspace-relative; the workspace as it read them (here, under root).
bool same_file(std::string_view from_workspace, std::string_view from_index) {
  return from_workspace.size() > from_index.size() &&
         from_workspace.substr(from_workspace.size() - from_index.size()) == from_index &&
         from_workspace[from_workspace.size() - from_index.size() - 1] == '/';
}

// The two readers' answers about one ID and its neighbours.
void expect_same_answers(const GraphReader& workspace, const GraphReader& index, std::string_view id) {
  const auto a = workspace.entity(id), b = index.entity(id);
  ASSERT_EQ(a.has_value(), b.has_value()) << id;
  if (a) {
    EXPECT_EQ(a->id + a->kind + "|" + a->title + "|" + a->status + "|" + a->summary + "|" + range_text(a->id_range),
              b->id + b->kind + "|" + b->title + "|" + b->status + "|" + b->summary + "|" + range_text(b->id_range));
    EXPECT_EQ(a->definitions, b->definitions) << id;
    EXPECT_EQ(a->fields, b->fields) << id;
    EXPECT_TRUE(same_file(a->path, b->path)) << a->path << " " << b->path;
  }
  const auto ea = workspace.edges(id), eb = index.edges(id);
  ASSERT_EQ(ea.size(), eb.size()) << id;
  for (size_t i = 0; i < ea.size(); ++i) {
    EXPECT_EQ(ea[i].other, eb[i].other) << id;
    EXPECT_EQ(ea[i].relation, eb[i].relation) << id;
    EXPECT_EQ(ea[i].direction, eb[i].direction) << id;
    EXPECT_EQ(ea[i].note, eb[i].note) << id;
    EXPECT_EQ(range_text(ea[i].range), range_text(eb[i].range)) << id;
    EXPECT_TRUE(same_file(ea[i].path, eb[i].path)) << ea[i].path << " " << eb[i].path;
    const GraphNeighbour na = workspace.neighbour(ea[i].other), nb = index.neighbour(eb[i].other);
    EXPECT_EQ(na.defined, nb.defined) << ea[i].other;
    EXPECT_EQ(na.kind, nb.kind) << ea[i].other;
    EXPECT_EQ(na.title, nb.title) << ea[i].other;
    EXPECT_EQ(na.edge_count, nb.edge_count) << ea[i].other;
    EXPECT_EQ(workspace.summary(ea[i].other), index.summary(eb[i].other)) << ea[i].other;
  }
}

// Every entity's card, from both readers; returns how many cards were compared.
size_t expect_same_cards(const fs::path& root) {
  auto index = test::open_index(root, "");
  index->refresh();
  const Workspace workspace = load(root);
  const WorkspaceGraph from_memory(workspace);
  const IndexGraph from_disk(*index);
  EXPECT_EQ(from_memory.declared_kinds(), from_disk.declared_kinds());
  for (const std::string& kind : from_memory.declared_kinds())
    EXPECT_EQ(from_memory.kind_plural(kind), from_disk.kind_plural(kind)) << kind;
  size_t compared = 0;
  for (const EntityRef& ref : workspace.entities()) {
    expect_same_answers(from_memory, from_disk, ref.entity->id);
    const auto from_index = card_data(from_disk, ref.entity->id);
    const auto from_workspace = card_data(from_memory, ref.entity->id);
    EXPECT_TRUE(from_index && from_workspace) << ref.entity->id;
    if (!from_index || !from_workspace) continue;
    EXPECT_EQ(describe(*from_workspace), describe(*from_index)) << ref.entity->id;
    // The index names files under its root; the workspace, as it read them (absolute here).
    EXPECT_EQ(render_markdown(*from_workspace), render_markdown(*from_index, {.root = index->root().string()}))
        << ref.entity->id;
    // Limited to the best few per group (as hover gathers it): the same Markdown, and each
    // group the full group's first neighbours with the full count.
    for (size_t limit : {1, 2, 8}) {
      const auto limited = card_data(from_memory, ref.entity->id, limit);
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
  EXPECT_FALSE(card_data(from_memory, "no-such-entity"));
  EXPECT_FALSE(card_data(from_disk, "no-such-entity"));
  expect_same_answers(from_memory, from_disk, "no-such-entity");
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
  const auto card = card_data(WorkspaceGraph(workspace), "p1");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->definitions, 2u);
  ASSERT_FALSE(card->neighbourhood.empty());
  EXPECT_EQ(card->neighbourhood.front().label, "Papiers");
  EXPECT_EQ(card->neighbourhood.back().label, "Unresolved");
}

}  // namespace
}  // namespace kgls
