// Graph queries: edges either way, backlinks, prefix and full-text search, "did you mean".
// (Neighbours grouped and ranked are the card's: tests/card/card_neighbours_test.cpp.)
#include <gtest/gtest.h>

#include "index_test_util.hpp"
#include "../support/neighbour_graph.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// The graph: tests/support/neighbour_graph.hpp.
using test::neighbour_graph::kGraph;
using test::neighbour_graph::kSchema;

class IndexQueries : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("schema.kg", kSchema);
    ws.write("graph.kg", kGraph);
    index = test::open_index(ws.path(), "");
    index->refresh();
  }
  TempDir ws;
  std::unique_ptr<Index> index;
};

TEST_F(IndexQueries, EdgeCountsAndBacklinks) {
  EXPECT_EQ(index->edge_count("hub"), 8);  // 5 out + cites, extends, uses in.
  EXPECT_EQ(index->edge_count("ghost"), 1);
  EXPECT_EQ(index->edge_count("nothing"), 0);
  const auto back = index->backlinks("hub");
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].source, "p-alpha");
  EXPECT_EQ(back[1].note, "and extends it");
  EXPECT_EQ(back[2].source, "w1");
  EXPECT_TRUE(index->outgoing("nothing").empty());
  EXPECT_TRUE(index->backlinks("nothing").empty());
  const auto out = index->outgoing("p-alpha");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].relation, "cites");
  EXPECT_EQ(out[1].note, "and extends it");
  EXPECT_EQ(out[1].path, "graph.kg");
  EXPECT_EQ(out[1].range.utf16.start.line, 14u);  // `paper p-alpha { ... }` is one line.
}

TEST_F(IndexQueries, KindPluralComesFromTheSchema) {
  EXPECT_EQ(index->kind_plural("paper"), "Papers");
  EXPECT_EQ(index->kind_plural("concept"), "");
  EXPECT_EQ(index->kind_plural("widget"), "");
}

TEST_F(IndexQueries, PrefixSearchMatchesIdsTitlesAndAliasesIgnoringCase) {
  auto names = [](const std::vector<SymbolMatch>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.entity.id);
    return out;
  };
  const auto papers = names(index->search_prefix("P-"));
  EXPECT_EQ(papers, names(index->search_prefix("p-")));
  EXPECT_EQ(papers.size(), 2u);
  const auto by_id = index->search_prefix("m-");
  ASSERT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id[0].via, SymbolMatch::Via::Id);

  const auto by_title = index->search_prefix("zzz");
  ASSERT_EQ(by_title.size(), 1u);
  EXPECT_EQ(by_title[0].entity.id, "m-many");
  EXPECT_EQ(by_title[0].via, SymbolMatch::Via::Title);
  EXPECT_EQ(by_title[0].matched, "Zzz method");

  const auto by_alias = index->search_prefix("central");
  ASSERT_EQ(by_alias.size(), 1u);
  EXPECT_EQ(by_alias[0].entity.id, "hub");
  EXPECT_EQ(by_alias[0].via, SymbolMatch::Via::Alias);

  // An exact match comes first, and one entity appears once.
  const auto exact = index->search_prefix("hub");
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].via, SymbolMatch::Via::Id);
  EXPECT_EQ(index->search_prefix("the").size(), 1u);  // "The Hub"
  EXPECT_TRUE(index->search_prefix("no-such").empty());
  EXPECT_EQ(index->search_prefix("", 3).size(), 3u);  // Everything, limited.
}

TEST_F(IndexQueries, FullTextSearchFindsWordPrefixesAcrossFields) {
  auto hits = index->search_text("edges");
  ASSERT_EQ(hits.size(), 1u);  // "Has one edge" does not match: a prefix only extends.
  hits = index->search_text("edge");
  EXPECT_EQ(hits.size(), 2u);
  hits = index->search_text("undeclared kind");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].entity.id, "w1");
  EXPECT_EQ(hits[0].via, SymbolMatch::Via::Text);
  // An ID's words are searchable, and a word in the ID outranks one in a summary.
  hits = index->search_text("hub");
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0].entity.id, "hub");
  EXPECT_EQ(index->search_text("Central").front().entity.id, "hub");  // Aliases too.
}

TEST_F(IndexQueries, FullTextSearchTreatsQueriesAsWordsNotSyntax) {
  for (const char* query : {"\"", "a OR b", "NEAR(hub zeta)", "title:hub", "*", "hub\" OR \"x", "-hub", "^hub", "(",
                            "AND", "\x01\x02"}) {
    EXPECT_NO_THROW(index->search_text(query)) << query;
  }
  EXPECT_EQ(index->search_text("title:hub").size(), index->search_text("title hub").size());
  EXPECT_TRUE(index->search_text("   ").empty());
}

TEST_F(IndexQueries, DidYouMeanOffersCloseIdsAndTitles) {
  auto first = [&](const std::string& query) {
    const auto s = index->did_you_mean(query);
    return s.empty() ? std::string() : s.front().id;
  };
  EXPECT_EQ(first("hubb"), "hub");
  EXPECT_EQ(first("p-alpah"), "p-alpha");
  EXPECT_EQ(first("ZZZ METHOD"), "m-many");  // By title, ignoring case.
  EXPECT_EQ(first("widg"), "w1");           // Part of a title.
  EXPECT_TRUE(index->did_you_mean("completely unrelated words").empty());
  EXPECT_LE(index->did_you_mean("m", 2).size(), 2u);
}

TEST(IndexQueriesData, SchemaOrgNeighboursAndSearch) {
  const fs::path data = fs::path(KGLS_SHARED_DATA) / "schemaorg";
  if (!fs::exists(data)) GTEST_SKIP() << "no shared data at " << data;
  auto index = test::open_index(data, "");
  const IndexStats stats = index->refresh();
  EXPECT_EQ(stats.files, 13u);
  EXPECT_EQ(stats.edges, 6222u);  // The data set's README counts.
  EXPECT_EQ(index->entity_count(), 3012u);  // 3003 entities + 3 kinds + 6 relations.
  // `Person` and `person` are two IDs (case-sensitive).
  ASSERT_TRUE(index->entity("Person"));
  EXPECT_EQ(index->entity("Person")->kind, "class");
  EXPECT_EQ(index->declared_kinds(), (std::vector<std::string>{"class", "property", "enum-member"}));
  EXPECT_EQ(index->kind_plural("property"), "Properties");
  EXPECT_FALSE(index->search_text("vaccine").empty());
  EXPECT_EQ(index->did_you_mean("Persn").front().id, "Person");
}

}  // namespace
}  // namespace kgls
