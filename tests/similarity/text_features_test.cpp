// The tokeniser behind the builtin embedder and name comparison.
#include <gtest/gtest.h>

#include "kgls/embedding.hpp"
#include "kgls/similarity.hpp"
#include "similarity/text_features.hpp"

using namespace kgls;
using namespace kgls::similarity_detail;

namespace {

std::vector<std::string> parts(std::string_view text) {
  Words w;
  split_words(text, w);
  std::vector<std::string> out;
  for (size_t i = 0; i < w.part_count(); ++i) out.emplace_back(w.part(i));
  return out;
}

std::string stemmed(std::string_view word) {
  std::string scratch;
  return std::string(stem(word, scratch));
}

}  // namespace

TEST(SplitWords, CamelCaseAcronymsAndDigits) {
  EXPECT_EQ(parts("SoftwareSourceCode"), (std::vector<std::string>{"software", "source", "code"}));
  EXPECT_EQ(parts("HTMLPage 3DModel Html5Parser"),
            (std::vector<std::string>{"html", "page", "3d", "model", "html5", "parser"}));
  EXPECT_EQ(parts("gpt-2, K/V; end-to-end"), (std::vector<std::string>{"gpt", "2", "k", "v", "end", "to", "end"}));
}

TEST(SplitWords, FoldsCaseAndAccents) {
  EXPECT_EQ(parts("Café Köpcke ÉCOLE Straße"), (std::vector<std::string>{"cafe", "kopcke", "ecole", "strasse"}));
  // Combining accents (NFD) vanish too; Greek and Cyrillic capitals are lowercased.
  EXPECT_EQ(parts("Cafe\xCC\x81"), (std::vector<std::string>{"cafe"}));
  EXPECT_EQ(parts("ΑΒΓ Москва"), (std::vector<std::string>{"αβγ", "москва"}));
}

TEST(SplitWords, PunctuationSymbolsAndBadBytesSeparate) {
  EXPECT_EQ(parts("a\xE2\x80\x94" "b \xF0\x9F\x98\x80" "c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parts("x\xFFy"), (std::vector<std::string>{"x", "y"}));  // Invalid UTF-8 never crashes.
  EXPECT_TRUE(parts("").empty());
  EXPECT_TRUE(parts(" ,.;\n\t").empty());
}

TEST(SplitWords, CountsLines) {
  Words w;
  split_words("one\ntwo three\n\nfour", w);
  ASSERT_EQ(w.words.size(), 4u);
  EXPECT_EQ(w.words[0].line, 0u);
  EXPECT_EQ(w.words[2].line, 1u);
  EXPECT_EQ(w.words[3].line, 3u);
}

TEST(Stem, PluralsOnly) {
  EXPECT_EQ(stemmed("actors"), "actor");
  EXPECT_EQ(stemmed("policies"), "policy");
  EXPECT_EQ(stemmed("indexes"), "index");
  EXPECT_EQ(stemmed("matches"), "match");
  EXPECT_EQ(stemmed("class"), "class");
  EXPECT_EQ(stemmed("status"), "status");
  EXPECT_EQ(stemmed("analysis"), "analysis");
  EXPECT_EQ(stemmed("gas"), "gas");  // Three letters: left alone.
}

TEST(NormaliseName, SameNameAcrossSpellings) {
  EXPECT_EQ(normalise_name("SoftwareSourceCode"), "software source code");
  EXPECT_EQ(normalise_name("software source-code"), "software source code");
  EXPECT_EQ(normalise_name("The Residual Stream"), "residual stream");
  EXPECT_EQ(normalise_name("residual stream"), "residual stream");
  EXPECT_EQ(normalise_name("TPC-D: The Challenges"), normalise_name("TPC-D - the challenges"));
  EXPECT_EQ(normalise_name("The"), "the");  // A lone article is a name.
  EXPECT_EQ(normalise_name("!!!"), "");
}

TEST(TextHash, Sha256TestVectors) {
  // FIPS 180-2 examples, and a text across the 55/56-byte padding edge.
  EXPECT_EQ(text_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(text_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(text_hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(text_hash(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
