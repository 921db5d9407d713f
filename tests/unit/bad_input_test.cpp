// Bad input: diagnostics and no crash, never an exception.
#include <gtest/gtest.h>

#include <random>

#include "test_util.hpp"

namespace kgls {
namespace {

using test::parse;

void expect_sane(const Document& doc) {
  for (const auto& d : doc.diagnostics) {
    EXPECT_FALSE(d.code.empty());
    EXPECT_FALSE(d.message.empty());
    EXPECT_LE(d.range.bytes.begin, d.range.bytes.end);
    EXPECT_LE(d.range.bytes.end, doc.text.size());
  }
  for (const auto& e : doc.entities) {
    EXPECT_FALSE(e.id.empty());
    EXPECT_LE(e.range.bytes.end, doc.text.size());
  }
}

TEST(BadInput, InvalidUtf8) {
  auto doc = parse("paper a { title: \"caf\xE9\" }\npaper b { title: \"\xFF\xFE\" }\n");
  expect_sane(*doc);
  ASSERT_GE(doc->diagnostics.size(), 2u);
  EXPECT_EQ(doc->diagnostics[0].message, "invalid UTF-8 byte 0xE9; `.kg` files are UTF-8");
  EXPECT_EQ(doc->diagnostics[0].range.utf16.start, (Position{0, 21}));
  EXPECT_EQ(doc->entities.size(), 2u) << "the entities still parse";
}

TEST(BadInput, NulBytes) {
  std::string text = "paper a { title: \"x\" }\n";
  text += std::string("paper b { title: \"y\0z\" }\n", 26);
  text += "paper c { }\n";
  auto doc = parse(text);
  expect_sane(*doc);
  bool found = false;
  for (const auto& d : doc->diagnostics) found |= d.message == "NUL byte in the text; `.kg` files are UTF-8 text";
  EXPECT_TRUE(found);
  ASSERT_FALSE(doc->entities.empty());
  EXPECT_EQ(doc->entities[0].id, "a");
}

TEST(BadInput, RandomBytes) {
  std::mt19937 rng(42);
  const std::string alphabet = "{}[]:,\"\\# \n\tabc-_.0123456789\xC3\xA9\xFF\x00trufals";
  for (int round = 0; round < 500; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 400);
    for (int i = 0; i < length; ++i) {
      text += (rng() % 4 == 0) ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    }
    auto doc = parse(text);
    expect_sane(*doc);
    // Incremental edits on garbage must hold too.
    const auto at = static_cast<uint32_t>(text.empty() ? 0 : rng() % text.size());
    auto edited = apply_changes(*doc, {{{at, at + 3}, "} {\""}});
    expect_sane(*edited);
  }
}

TEST(BadInput, TenMegabyteFile) {
  std::string text;
  int count = 0;
  while (text.size() < 10u * 1024 * 1024) {
    text += "paper p" + std::to_string(count++) +
            " {\n  title: \"A paper about things\"\n  summary: \"Some words, about three hundred characters of "
            "them would be realistic, but this will do for size.\"\n  cites p" +
            std::to_string(count) + "\n}\n";
  }
  auto doc = parse(text);
  EXPECT_TRUE(doc->diagnostics.empty());
  EXPECT_EQ(static_cast<int>(doc->entities.size()), count);
}

TEST(BadInput, TenThousandLinesOfUnbalancedBraces) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += (i % 3 == 0) ? "}\n" : "paper x" + std::to_string(i) + " {\n";
  auto doc = parse(text);
  expect_sane(*doc);
  EXPECT_FALSE(doc->diagnostics.empty());
  std::string opens(10000, '{');
  auto doc2 = parse(opens + "\n" + std::string(10000, '}'));
  expect_sane(*doc2);
  EXPECT_FALSE(doc2->diagnostics.empty());
}

}  // namespace
}  // namespace kgls
