// Golden cards of the examples: the framework's card is the seed's card (minus the
// similarity section, which the similarity layer adds).
//
// The golden files are in tests/card/golden/. After a deliberate change to the card or
// the examples, regenerate them with KGLS_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "../index/index_test_util.hpp"
#include "kgls/card.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;

const fs::path kGolden = fs::path(KGLS_SOURCE_DIR) / "tests/card/golden";
constexpr const char* kFramework = "a-mathematical-framework-for-transformer-circuits";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void expect_golden(const std::string& actual, const std::string& name) {
  const fs::path path = kGolden / name;
  if (const char* update = std::getenv("KGLS_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(kGolden);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with KGLS_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, read(path)) << "the card differs from " << path;
}

class ExampleCards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = test::open_index(fs::path(KGLS_SOURCE_DIR) / "examples", "").release();
    index_->refresh();
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }
  static Index* index_;
};
Index* ExampleCards::index_ = nullptr;

TEST_F(ExampleCards, FrameworkMarkdownIsGolden) {
  const auto card = card_data(IndexGraph(*index_), kFramework);
  ASSERT_TRUE(card);
  expect_golden(render_markdown(*card), std::string(kFramework) + ".md");
}

TEST_F(ExampleCards, FrameworkTextIsGolden) {
  const auto card = card_data(IndexGraph(*index_), kFramework);
  ASSERT_TRUE(card);
  expect_golden(render_text(*card), std::string(kFramework) + ".txt");
}

TEST_F(ExampleCards, FrameworkCardHasTheSeedsGroupsInOrder) {
  const auto card = card_data(IndexGraph(*index_), kFramework);
  ASSERT_TRUE(card);
  EXPECT_EQ(card->kind, "framework");
  EXPECT_EQ(card->status, "active");
  EXPECT_EQ(card->title, "A Mathematical Framework for Transformer Circuits");
  std::vector<std::string> groups;
  for (const auto& g : card->neighbourhood) groups.push_back(g.label + " (" + std::to_string(g.neighbours.size()) + ")");
  EXPECT_EQ(groups, (std::vector<std::string>{"Papers (2)", "Methods (2)", "Concepts (4)", "Frameworks (1)"}));
  // Within a group, more edges first, then title.
  std::vector<std::string> concepts;
  for (const auto& n : card->neighbourhood[2].neighbours) concepts.push_back(n.title);
  EXPECT_EQ(concepts, (std::vector<std::string>{"Residual Stream", "Path Expansion Trick",
                                                "Attention as Graph Convolution", "Tensor Product Notation"}));
  EXPECT_FALSE(card->similar);  // Only the similarity layer sets it.
}

// Removes what the seed's copy-from-screen lost or what is pure layout: whitespace, our
// direction arrows, bullets and separators. What is left must match letter for letter.
std::string letters(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\n' || c == '-' || c == '\t') continue;
    if (text.substr(i, 3) == "→" || text.substr(i, 3) == "←") {
      i += 2;
      continue;
    }
    if (text.substr(i, 2) == "·") {
      i += 1;
      continue;
    }
    out += c;
  }
  return out;
}

// Every line of the seed's neighbourhood (its group headers, kind badges and neighbour
// lines) appears in the terminal card, in the seed's order.
TEST_F(ExampleCards, FrameworkCardShowsTheSeedsLinesInOrder) {
  const fs::path seed = fs::path(KGLS_SHARED_DATA) / "../seed/entity-card.txt";
  if (!fs::exists(seed)) GTEST_SKIP() << "no seed card at " << seed;
  const auto card = card_data(IndexGraph(*index_), kFramework);
  ASSERT_TRUE(card);
  const std::string ours = letters(render_text(*card));
  const std::string text = read(seed);
  const size_t begin = text.find("Neighborhood");
  const size_t end = text.find("Related by similarity");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  size_t at = 0, lines = 0;
  size_t start = begin;
  while (start < end) {
    size_t stop = text.find('\n', start);
    if (stop == std::string::npos || stop > end) stop = end;
    const std::string line = letters(text.substr(start, stop - start));
    start = stop + 1;
    if (line.empty()) continue;
    const size_t found = ours.find(line, at);
    EXPECT_NE(found, std::string::npos) << "seed line not found (in order): " << line;
    if (found != std::string::npos) at = found + line.size();
    ++lines;
  }
  EXPECT_EQ(lines, 16u);  // The heading, 4 groups with their kinds, 7 neighbour lines.
}

TEST_F(ExampleCards, EveryExampleEntityHasACard) {
  for (const auto& e : index_->all_entities()) {
    const auto card = card_data(IndexGraph(*index_), e.id);
    ASSERT_TRUE(card) << e.id;
    EXPECT_FALSE(render_markdown(*card).empty());
    EXPECT_FALSE(render_text(*card).empty());
  }
  EXPECT_FALSE(card_data(IndexGraph(*index_), "no-such-entity"));
}

TEST_F(ExampleCards, IncomingEdgesAreShownOnTheTargetsCard) {
  const auto card = card_data(IndexGraph(*index_), "distill-circuits-thread");
  ASSERT_TRUE(card);
  bool found = false;
  for (const auto& g : card->neighbourhood) {
    for (const auto& n : g.neighbours) {
      if (n.id != kFramework) continue;
      found = true;
      ASSERT_EQ(n.links.size(), 1u);
      EXPECT_EQ(n.links[0].relation, "extends");
      EXPECT_EQ(n.links[0].direction, Direction::In);
      EXPECT_EQ(n.links[0].note, "the direct predecessor this paper extends to language models");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_NE(render_text(*card).find("A Mathematical Framework for Transformer Circuits  ← extends"),
            std::string::npos);
}

}  // namespace
}  // namespace kgls
