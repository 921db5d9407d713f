// The formatter: the layout rules (as input -> expected pairs), and its properties on every
// example file, the shared data sets, and adversarial texts: lossless (same tokens, same
// model), idempotent, and byte-for-byte outside clean entities when the tree has errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <cctype>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "edit_test_util.hpp"
#include "kgls/edit.hpp"
#include "kgls/files.hpp"

namespace fs = std::filesystem;

namespace kgls::test {
namespace {

std::string fmt(const std::string& text, FormatOptions options = {}) {
  return format_document(*parse_document("t.kg", text), options);
}

// ---- Layout rules ----

struct Case {
  const char* name;
  std::string input;
  std::string expected;
};

class Layout : public ::testing::TestWithParam<Case> {};

TEST_P(Layout, FormatsAsExpected) {
  const Case& c = GetParam();
  EXPECT_EQ(fmt(c.input), c.expected);
  EXPECT_EQ(fmt(c.expected), c.expected) << "the expected layout is not a fixed point";
}

INSTANTIATE_TEST_SUITE_P(
    Rules, Layout,
    ::testing::Values(
        Case{"indent_and_spacing", "paper   a{title :\"T\"   uses  b\"why\"}",
             "paper a {\n  title: \"T\"\n  uses b \"why\"\n}\n"},
        Case{"one_blank_line_between_entities", "\n\n\nk a {}\n\n\n\nk b {}k c {}",
             "k a {}\n\nk b {}\n\nk c {}\n"},
        Case{"blank_lines_between_members_collapse_to_one",
             "k a {\n\n  x: 1\n\n\n\n  y: 2\n  r t\n\n}\n", "k a {\n  x: 1\n\n  y: 2\n  r t\n}\n"},
        Case{"short_list_on_one_line_without_trailing_comma", "k a {\n  tags: [\n    x,\n    y,\n  ]\n}\n",
             "k a {\n  tags: [x, y]\n}\n"},
        Case{"empty_list", "k a { tags: [ ] }", "k a {\n  tags: []\n}\n"},
        Case{"long_list_one_item_per_line_with_trailing_comma",
             "k a { authors: [\"Inderpal Singh Mumick\", \"Sheldon J. Finkelstein\", \"Hamid Pirahesh\", "
             "\"Raghu Ramakrishnan\"] }",
             "k a {\n  authors: [\n    \"Inderpal Singh Mumick\",\n    \"Sheldon J. Finkelstein\",\n"
             "    \"Hamid Pirahesh\",\n    \"Raghu Ramakrishnan\",\n  ]\n}\n"},
        Case{"long_single_item_list_stays_on_one_line",
             "k a { aliases: [\"" + std::string(120, 'x') + "\"] }",
             "k a {\n  aliases: [\"" + std::string(120, 'x') + "\"]\n}\n"},
        Case{"text_block_reindented_with_closing_on_its_own_line",
             "k a {\nsummary: \"\"\"\n          First line\n            indented\n\n          last\"\"\"\n}\n",
             "k a {\n  summary: \"\"\"\n    First line\n      indented\n\n    last\n    \"\"\"\n}\n"},
        Case{"one_line_text_block", "k a { s: \"\"\"just this\"\"\" }",
             "k a {\n  s: \"\"\"\n    just this\n    \"\"\"\n}\n"},
        Case{"text_block_in_a_list", "k a { l: [\"\"\"\n  x\n  \"\"\", y] }",
             "k a {\n  l: [\n    \"\"\"\n      x\n      \"\"\",\n    y,\n  ]\n}\n"},
        Case{"strings_kept_byte_for_byte", "k a { s: \"a\\\"b\\\\c\\n\\t\\u{1F600}  \" }",
             "k a {\n  s: \"a\\\"b\\\\c\\n\\t\\u{1F600}  \"\n}\n"},
        Case{"comments_own_line_and_trailing",
             "# head\nk a { # open\n  # own\n  x: 1   # trailing   \n  # before close\n} # after\n# next\nk b {}\n",
             "# head\nk a { # open\n  # own\n  x: 1 # trailing\n  # before close\n} # after\n\n# next\nk b {}\n"},
        Case{"comment_between_tokens_breaks_the_line", "k a { x: # why\n 1 r # also\n t }",
             "k a {\n  x: # why\n    1\n  r # also\n    t\n}\n"},
        Case{"comments_in_a_list_make_it_multi_line", "k a { l: [x, # one\n y] }",
             "k a {\n  l: [\n    x, # one\n    y,\n  ]\n}\n"},
        Case{"comment_keeps_one_blank_line_before_entity", "k a {}\n# about b\n\n\nk b {}",
             "k a {}\n\n# about b\n\nk b {}\n"},
        Case{"crlf_kept", "k a {\r\n  x: 1 # c\r\n}\r\n\r\n\r\nk b {}", "k a {\r\n  x: 1 # c\r\n}\r\n\r\nk b {}\r\n"},
        Case{"tabs_become_spaces", "k\ta\t{\n\tx:\t1\n\tr\tt\n}\n", "k a {\n  x: 1\n  r t\n}\n"},
        Case{"unicode", "thème  café-crème { titre: \"Crème brûlée 🍮\"  liens: [é, 日本]  voir 日本語 }",
             "thème café-crème {\n  titre: \"Crème brûlée 🍮\"\n  liens: [é, 日本]\n  voir 日本語\n}\n"},
        Case{"empty_file", "", ""}, Case{"only_whitespace", " \n\t\r\n\n", ""},
        Case{"only_comments", "\n\n# one   \n\n\n# two\n# three", "# one\n\n# two\n# three\n"},
        Case{"byte_order_mark_kept", "\xEF\xBB\xBFk a {}", "\xEF\xBB\xBFk a {}\n"}),
    [](const ::testing::TestParamInfo<Case>& param) { return std::string(param.param.name); });

TEST(Format, WidthOptionDecidesListLayout) {
  FormatOptions narrow;
  narrow.max_width = 15;
  EXPECT_EQ(fmt("k a { t: [abc, def] }", narrow), "k a {\n  t: [abc, def]\n}\n");  // 15 columns: fits.
  EXPECT_EQ(fmt("k a { t: [abc, defg] }", narrow), "k a {\n  t: [\n    abc,\n    defg,\n  ]\n}\n");
}

TEST(Format, SyntaxErrorsKeepEveryByteOutsideCleanEntities) {
  const std::string text = "k   a {x:1}\n\nk b { x: \"unterminated\n}\n\n   k c {y:2}   # tail\n";
  const std::string out = fmt(text);
  EXPECT_EQ(out, "k a {\n  x: 1\n}\n\nk b { x: \"unterminated\n}\n\nk c {\n  y: 2\n}   # tail\n");
  EXPECT_EQ(fmt(out), out);
}

TEST(Format, UnclosedEntityIsLeftAlone) {
  const std::string text = "k a {\n   x:1\n\nk   b {y:2}\n";
  const std::string out = fmt(text);
  EXPECT_NE(out.find("k a {\n   x:1\n"), std::string::npos) << out;  // The broken entity keeps its text.
  EXPECT_EQ(fmt(out), out);
}

TEST(Format, EditsCoverOnlyChangedLines) {
  const std::string text = "k a {\n  x: 1\n}\n\nk b {\n  y:   2\n}\n\nk c {\n  z: 3\n}\n";
  const auto doc = parse_document("t.kg", text);
  const auto edits = format_edits(*doc);
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].span.begin, text.find("  y:"));
  EXPECT_EQ(edits[0].span.end, text.find("}\n\nk c"));
  EXPECT_EQ(edits[0].text, "  y: 2\n");
  EXPECT_EQ(apply_edits(text, edits), format_document(*doc));
  EXPECT_TRUE(format_edits(*parse_document("t.kg", format_document(*doc))).empty());
}

TEST(Format, RangeFormatsOnlyTheEntitiesItTouches) {
  const std::string text = "k a {x:1}\n\n\n  k b {y:2}\nk c {z:3}\n";
  const auto doc = parse_document("t.kg", text);
  const uint32_t in_b = static_cast<uint32_t>(text.find("y:2"));
  auto edits = format_range(*doc, {in_b, in_b});
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(apply_edits(text, edits), "k a {x:1}\n\n\nk b {\n  y: 2\n}\nk c {z:3}\n");
  // A range over a and b, not c.
  edits = format_range(*doc, {0, in_b});
  EXPECT_EQ(apply_edits(text, edits), "k a {\n  x: 1\n}\n\n\nk b {\n  y: 2\n}\nk c {z:3}\n");
  // Between entities: nothing.
  const uint32_t gap = static_cast<uint32_t>(text.find("\n\n"));
  EXPECT_TRUE(format_range(*doc, {gap + 1, gap + 2}).empty());
}

// ---- Properties ----

// Checks the formatter's promises on one text; returns the formatted text.
std::string check_properties(const std::string& name, const std::string& text) {
  SCOPED_TRACE(name);
  const auto doc = parse_document(name, text);
  const std::string once = format_document(*doc);
  const auto formatted = parse_document(name, once);
  const std::string twice = format_document(*formatted);
  EXPECT_EQ(once, twice) << "not idempotent";
  EXPECT_EQ(tokens(*doc), tokens(*formatted)) << "tokens changed";
  EXPECT_EQ(model(*doc), model(*formatted)) << "model changed";
  if (doc->diagnostics.empty()) {
    EXPECT_TRUE(formatted->diagnostics.empty()) << "formatting broke the syntax";
  }
  // The whole-document edit and the entity-by-entity range edits agree with it.
  const auto edits = format_edits(*doc);
  EXPECT_EQ(apply_edits(text, edits), once);
  for (const auto& e : edits) {  // Whole lines: no offset inside a character or a CRLF.
    EXPECT_TRUE(e.span.begin == 0 || text[e.span.begin - 1] == '\n') << e.span.begin;
    EXPECT_TRUE(e.span.end == 0 || e.span.end == text.size() || text[e.span.end - 1] == '\n') << e.span.end;
  }
  const std::string ranged = apply_edits(text, format_range(*doc, {0, static_cast<uint32_t>(text.size())}));
  const auto ranged_doc = parse_document(name, ranged);
  EXPECT_EQ(model(*ranged_doc), model(*doc));
  EXPECT_EQ(format_document(*ranged_doc), once);
  EXPECT_TRUE(format_range(*ranged_doc, {0, static_cast<uint32_t>(ranged.size())}).empty());
  return once;
}

std::vector<fs::path> kg_files(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return {};
  return find_kg_files(root).files;
}

std::string read(const fs::path& p) {
  std::string text, error;
  EXPECT_TRUE(read_file(p, text, error)) << error;
  return text;
}

TEST(FormatProperties, ExampleFiles) {
  const auto files = kg_files(fs::path(KGLS_SOURCE_DIR) / "examples");
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    const std::string text = read(f);
    // The examples are the project's showcase: they are written in the canonical layout.
    EXPECT_EQ(check_properties(f.filename().string(), text), text) << f;
  }
}

TEST(FormatProperties, SharedDataSets) {
  size_t checked = 0;
  for (const char* set : {"schemaorg", "dblp-acm"}) {
    for (const auto& f : kg_files(fs::path(KGLS_SHARED_DATA) / set)) {
      check_properties(f.filename().string(), read(f));
      ++checked;
    }
  }
  if (checked == 0) GTEST_SKIP() << "shared data sets not found beside the repository";
}

// Every example with a comment after every token, trailing or on a line of its own.
TEST(FormatProperties, CommentsEverywhere) {
  for (const auto& f : kg_files(fs::path(KGLS_SOURCE_DIR) / "examples")) {
    const std::string text = read(f);
    const auto doc = parse_document("x.kg", text);
    std::vector<uint32_t> ends;
    // Token ends: leaves, with strings and text blocks whole (nothing can go inside them).
    std::function<void(TSNode)> walk = [&](TSNode node) {
      const std::string_view type = ts_node_type(node);
      if (type == "string" || type == "text_block" || ts_node_child_count(node) == 0) {
        if (type != "comment") ends.push_back(ts_node_end_byte(node));
        return;
      }
      for (uint32_t i = 0; i < ts_node_child_count(node); ++i) walk(ts_node_child(node, i));
    };
    walk(ts_tree_root_node(doc->tree->get()));
    for (const char* comment : {" # c\n", "\n  # c\n", "#c\n\n"}) {
      std::string noisy;
      uint32_t copied = 0;
      for (uint32_t end : ends) {
        noisy.append(text, copied, end - copied);
        noisy += comment;
        copied = end;
      }
      noisy.append(text, copied, std::string::npos);
      const auto noisy_doc = parse_document("x.kg", noisy);
      ASSERT_TRUE(noisy_doc->diagnostics.empty()) << noisy;
      check_properties(f.filename().string() + " with comments", noisy);
    }
  }
}

TEST(FormatProperties, AdversarialSnippets) {
  const std::vector<std::string> snippets = {
      "",
      "\n",
      "# only a comment",
      "# a\r\n# b\r\n",
      "\t\tk\ta\t{\tx:\t[\t1,\t2\t,]\t}\t",
      "k a {\r\n  s: \"\"\"\r\n    crlf\r\n      block\r\n    \"\"\"\r\n}\r\n",
      "k a { s: \"\"\"\n\t\tx\n\t  y\n\"\"\" }",
      "k a { s: \"\"\"\"\"\" t: \"\"\"   \"\"\" u: \"\"\"\n\n\"\"\" }",
      "k a { s: \"\"\"a \"quoted\" \"\"word\"\" \\\"\"\" \"\"\" }",
      "k a { s: \"\"\"\n  x\r\r\n  \"\"\" }",
      "k a { s: \"\"\"\n  line\\n with escape \\u{41}\n   \"\"\" }",
      "日本 語 { 名前: \"値\" 関係 語 \"注\" }",
      "k a{}k b{}k c{r a r b}",
      "k a { l: [] m: [,] n: [x,] }",
      "k a { l: [ # c\n ] }",
      "k a { l: [x # before comma\n , y] }",
      "k a # between kind and id\n b # between id and brace\n { }",
      "k a {\n  x: -0.5e10\n  y: true z: false w: word\n}",
      "k a { x: 1 } # trailing\n# own\nk b {} # t2",
      std::string("k a { x: \"") + "\xFF\xFE" + "\" }",  // Invalid UTF-8 inside a string.
      "k a { x: 1 ",                                     // Unclosed at the end.
      "k a { x: }\nk b {y:1}",
      "k 2021 {}\nk b {y:1}",
      "} } k a {y:1}",
      "k a { s: \"\"\"never closed\n}\nk b {}",
      std::string("k a {}\0k b {}", 14),
  };
  for (size_t i = 0; i < snippets.size(); ++i) check_properties("snippet " + std::to_string(i), snippets[i]);
}

// The example with random whitespace between its tokens: none where that keeps the tokens
// apart, spaces, tabs, line breaks, blank lines, CRLF. A comment keeps its line break.
std::string shuffle_whitespace(const std::string& text, std::mt19937& rng) {
  const auto doc = parse_document("x.kg", text);
  struct Token {
    uint32_t begin, end;
    bool comment;
  };
  std::vector<Token> list;
  std::function<void(TSNode)> walk = [&](TSNode node) {
    const std::string_view type = ts_node_type(node);
    if (type == "string" || type == "text_block" || ts_node_child_count(node) == 0) {
      list.push_back({ts_node_start_byte(node), ts_node_end_byte(node), type == "comment"});
      return;
    }
    for (uint32_t i = 0; i < ts_node_child_count(node); ++i) walk(ts_node_child(node, i));
  };
  walk(ts_tree_root_node(doc->tree->get()));
  auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  static const char* const kGaps[] = {"", " ", "\n", "\n\n\n", "\t", "  \n  ", "\r\n"};
  std::string out;
  uint32_t copied = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string gap = text.substr(copied, list[i].begin - copied);
    if (i > 0 && rng() % 2) {
      gap = kGaps[rng() % std::size(kGaps)];
      if (list[i - 1].comment && gap.find('\n') == std::string::npos) gap += "\n";
      if (gap.empty() && (word_char(text[list[i - 1].end - 1]) || word_char(text[list[i].begin]))) gap = " ";
    }
    out += gap;
    out.append(text, list[i].begin, list[i].end - list[i].begin);
    copied = list[i].end;
  }
  return out + text.substr(copied);
}

// Random whitespace and random damage to the examples: whatever the parser recovers, the
// formatter keeps every token, stays idempotent, and leaves the text around the entities it
// lays out as it was.
TEST(FormatProperties, ShuffledAndDamagedExamples) {
  std::mt19937 rng(20240601);
  const std::string alphabet = "{}[]:,\"#\n\r\t a-1\\\xC3\xA9";
  size_t cases = 0, broken = 0;
  for (const auto& f : kg_files(fs::path(KGLS_SOURCE_DIR) / "examples")) {
    const std::string text = read(f);
    for (int round = 0; round < 60; ++round) {
      std::string damaged = shuffle_whitespace(text, rng);
      const int hits = round % 3 == 0 ? 0 : 1 + static_cast<int>(rng() % 4);
      for (int h = 0; h < hits && !damaged.empty(); ++h) {
        const size_t at = rng() % damaged.size();
        switch (rng() % 4) {
          case 0: damaged.erase(at, 1 + rng() % 12); break;
          case 1: damaged.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
          case 2: damaged.insert(at, "\"\"\""); break;
          default: damaged[at] = alphabet[rng() % alphabet.size()]; break;
        }
      }
      const std::string name = f.filename().string() + " round " + std::to_string(round);
      check_properties(name, damaged);
      broken += !parse_document(name, damaged)->diagnostics.empty();
      ++cases;
    }
  }
  EXPECT_GT(cases, 300u);
  EXPECT_GT(broken, 100u);  // The damage does reach the error paths.
}

}  // namespace
}  // namespace kgls::test
