// The card's neighbourhood as the index answers it (IndexGraph): neighbours grouped in schema
// order and ranked by edge count, ties broken by title. (Moved here from the index's query
// tests when the ranking moved into the card layer; WorkspaceCards checks that the
// workspace in memory gives the same cards.)
#include <gtest/gtest.h>

#include "../index/index_test_util.hpp"
#include "kgls/card.hpp"
#include "../support/neighbour_graph.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// The graph: tests/support/neighbour_graph.hpp.
using test::neighbour_graph::kGraph;
using test::neighbour_graph::kSchema;

class CardNeighbours : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("schema.kg", kSchema);
    ws.write("graph.kg", kGraph);
    index = test::open_index(ws.path(), "");
    index->refresh();
  }
  std::vector<CardGroup> neighbourhood(std::string_view id) {
    auto card = card_data(IndexGraph(*index), id);
    return card ? card->neighbourhood : std::vector<CardGroup>{};
  }
  TempDir ws;
  std::unique_ptr<Index> index;
};

std::vector<std::string> ids(const CardGroup& group) {
  std::vector<std::string> out;
  for (const auto& n : group.neighbours) out.push_back(n.id);
  return out;
}

TEST_F(CardNeighbours, NeighboursAreGroupedInSchemaOrderAndRankedByEdgeCount) {
  const auto groups = neighbourhood("hub");
  std::vector<std::string> kinds;
  for (const auto& g : groups) kinds.push_back(g.kind);
  // Declared kinds in declaration order, then undeclared ones, then unresolved targets.
  EXPECT_EQ(kinds, (std::vector<std::string>{"paper", "method", "concept", "widget", ""}));

  // p-alpha: 2 edges; p-zeta: 1.
  EXPECT_EQ(ids(groups[0]), (std::vector<std::string>{"p-alpha", "p-zeta"}));
  // m-many has 3 edges (hub, c-one, w1) and comes before m-few (1) despite its title.
  EXPECT_EQ(ids(groups[1]), (std::vector<std::string>{"m-many", "m-few"}));
  EXPECT_EQ(groups[1].neighbours[0].edge_count, 3);
  EXPECT_EQ(groups[1].neighbours[1].edge_count, 1);
  EXPECT_EQ(groups[1].neighbours[0].title, "Zzz method");
  EXPECT_EQ(groups[1].neighbours[0].summary, "Has three edges");

  // Two edges from p-alpha: one neighbour, two links, both incoming, in file order.
  const CardNeighbour& alpha = groups[0].neighbours[0];
  ASSERT_EQ(alpha.links.size(), 2u);
  EXPECT_EQ(alpha.links[0].relation, "cites");
  EXPECT_EQ(alpha.links[0].direction, Direction::In);
  EXPECT_EQ(alpha.links[1].relation, "extends");
  EXPECT_EQ(alpha.links[1].note, "and extends it");
  EXPECT_EQ(groups[0].neighbours[1].links[0].direction, Direction::Out);

  const CardNeighbour& ghost = groups[4].neighbours[0];
  EXPECT_EQ(ghost.id, "ghost");
  EXPECT_FALSE(ghost.defined);
  EXPECT_EQ(ghost.title, "ghost");
}

TEST_F(CardNeighbours, RankingTiesAreBrokenByTitleCaseInsensitively) {
  ws.write("ties.kg", R"(
concept t { uses b1 uses a1 uses c1 }
concept b1 { title: "beta" }
concept a1 { title: "Alpha" }
concept c1 { title: "Gamma" }
)");
  index->refresh();
  const auto groups = neighbourhood("t");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(ids(groups[0]), (std::vector<std::string>{"a1", "b1", "c1"}));
}

TEST_F(CardNeighbours, AnEntityWithoutEdgesHasAnEmptyNeighbourhoodAndNoIdNoCard) {
  ws.write("lonely.kg", "concept lonely { title: \"Lonely\" }\n");
  index->refresh();
  const auto card = card_data(IndexGraph(*index), "lonely");
  ASSERT_TRUE(card);
  EXPECT_TRUE(card->neighbourhood.empty());
  EXPECT_FALSE(card_data(IndexGraph(*index), "nothing"));
}

TEST(CardNeighboursData, SchemaOrgGroupsInSchemaOrderRankedByEdgeCount) {
  const fs::path data = fs::path(KGLS_SHARED_DATA) / "schemaorg";
  if (!fs::exists(data)) GTEST_SKIP() << "no shared data at " << data;
  auto index = test::open_index(data, "");
  index->refresh();
  const auto card = card_data(IndexGraph(*index), "Person");
  ASSERT_TRUE(card);
  const auto& groups = card->neighbourhood;
  ASSERT_FALSE(groups.empty());
  EXPECT_EQ(groups.front().kind, "class");  // schema.kg declares class, property, enum-member.
  for (const auto& g : groups) {
    for (size_t i = 1; i < g.neighbours.size(); ++i) {
      EXPECT_GE(g.neighbours[i - 1].edge_count, g.neighbours[i].edge_count);
    }
  }
}

}  // namespace
}  // namespace kgls
