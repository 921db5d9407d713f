// A `.kg` file cannot smuggle links, images, HTML, `command:` URIs or terminal escape
// sequences into a card: every piece of file text is escaped (Markdown) or cleaned (text).
#include <gtest/gtest.h>

#include <cctype>
#include <string_view>

#include "../index/index_test_util.hpp"
#include "kgls/card.hpp"

namespace kgls {
namespace {

namespace fs = std::filesystem;

bool always_syntax(char c) {
  return std::string_view("\\`*_[]<>!|~&$#@{}").find(c) != std::string_view::npos;
}

// The property escape_markdown promises: every character that is Markdown or HTML syntax
// wherever it stands is escaped by a backslash, no URI scheme or `www.` is left to become
// an autolink, and no line break or control is left.
::testing::AssertionResult fully_escaped(const std::string& out) {
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '\\') {
      if (i + 1 >= out.size() || !std::ispunct(static_cast<unsigned char>(out[i + 1]))) {
        return ::testing::AssertionFailure() << "lone backslash at " << i << " in " << out;
      }
      ++i;
    } else if (always_syntax(c)) {
      return ::testing::AssertionFailure() << "unescaped '" << c << "' at " << i << " in " << out;
    } else if (c == ':' && i > 0 && std::isalpha(static_cast<unsigned char>(out[i - 1])) && i + 1 < out.size() &&
               out[i + 1] != ' ') {
      return ::testing::AssertionFailure() << "live URI scheme at " << i << " in " << out;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return ::testing::AssertionFailure() << "control character " << int(c) << " at " << i;
    }
  }
  for (size_t at = out.find("www."); at != std::string::npos; at = out.find("www.", at + 1))
    return ::testing::AssertionFailure() << "live www. at " << at << " in " << out;
  return ::testing::AssertionSuccess();
}

const std::vector<std::string> kHostile = {
    "[click me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%22%7D)",
    "![tracker](https://evil.example/pixel.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<a href=\"command:kgls.run\">x</a>",
    "`code` and ``double``",
    "<https://evil.example/autolink>",
    "https://evil.example/bare and www.evil.example and mail@evil.example",
    "&lt;b&gt; &#x3C; &amp;",
    "*bold* _it_ ~~strike~~ $math$",
    "# Heading\n## Another\n- item\n1. item\n> quote\n    code block\n---\n| a | b |",
    "[ref]: https://evil.example \"title\"",
    "line\\\nbreak and trailing  \nspaces",
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x1b[31mred\x1b[0m \x07" "bell\r",
    "javascript:alert(1) data:text/html,<b>x</b> vscode://x file:///etc/passwd",
};

TEST(EscapeMarkdown, EveryHostileStringComesOutFullyEscaped) {
  for (const auto& text : kHostile) EXPECT_TRUE(fully_escaped(escape_markdown(text))) << text;
}

TEST(EscapeMarkdown, PlainTextIsKeptAndSyntaxIsEscaped) {
  EXPECT_EQ(escape_markdown("Logit Weight Analysis"), "Logit Weight Analysis");
  // Ordinary punctuation reads as itself, with no backslashes in the way.
  EXPECT_EQ(escape_markdown("attention-only transformers (2021), e.g. QK/OV; note: 50%"),
            "attention-only transformers (2021), e.g. QK/OV; note: 50%");
  EXPECT_EQ(escape_markdown("a [b](c) *d* `e` <f> #g"), "a \\[b\\](c) \\*d\\* \\`e\\` \\<f\\> \\#g");
  EXPECT_EQ(escape_markdown("https://x.y"), "https\\://x.y");  // No autolink.
  EXPECT_EQ(escape_markdown("see www.x.y or command:run"), "see www\\.x.y or command\\:run");
  // Block syntax only matters at the start.
  EXPECT_EQ(escape_markdown("- item"), "\\- item");
  EXPECT_EQ(escape_markdown("2021. A year"), "2021\\. A year");
  EXPECT_EQ(escape_markdown("+1"), "\\+1");
  EXPECT_EQ(escape_markdown("a - b + c = d 1. e"), "a - b + c = d 1. e");
  EXPECT_EQ(escape_markdown("two\nlines"), "two lines");
  EXPECT_EQ(escape_markdown("Ünïcödé ✓ 😀"), "Ünïcödé ✓ 😀");
  EXPECT_EQ(escape_markdown("\x1b[31m"), "\\[31m");
}

TEST(StripControls, KeepsNewlinesAndTabsOnly) {
  EXPECT_EQ(strip_controls("a\x1b[2Jb\x07" "c\rd\ne\tf\x7f"), "a[2Jbcd\ne\tf");
}

// A card whose every piece of file text is hostile.
CardData hostile_card() {
  CardData card;
  card.kind = "paper";
  card.id = "evil`id";  // Not a valid ID, but the renderer must not trust that.
  card.status = kHostile[2];
  card.title = kHostile[0];
  card.summary = kHostile[10] + "\n\n" + kHostile[11];
  for (size_t i = 0; i < kHostile.size(); ++i) card.fields.push_back({"field" + std::to_string(i), kHostile[i]});
  card.fields.push_back({"<key>", "multi\n  [line](command:x)\n<b>"});
  CardGroup group;
  group.kind = "paper";
  group.label = kHostile[1];
  for (size_t i = 0; i < kHostile.size(); ++i) {
    group.neighbours.push_back({"n" + std::to_string(i), "paper", kHostile[i], kHostile[(i + 3) % kHostile.size()],
                                true, 1, {{"rel](command:x)", Direction::Out, kHostile[i]}}});
  }
  card.neighbourhood.push_back(group);
  card.similar = std::vector<CardSimilar>{{"s", kHostile[5], kHostile[6], 0.7, kHostile[7]}};
  card.similarity_threshold = 0.65;
  return card;
}

// Substrings that would be live Markdown/HTML if they reached the renderer unescaped.
// The card's own template contains none of them, so finding one that is not escaped by
// a backslash means file text leaked.
void expect_inert(const std::string& md) {
  for (const char* live : {"](", "![", "<img", "<script", "<a ", "<https", "<b>", "command:", "https://", "www.",
                           "@evil", "&lt;", "&#", "javascript:", "`code`", "[ref]:", "\x1b", "\x07", "\r"}) {
    // An occurrence right after a backslash is an escaped character, not syntax.
    for (size_t at = md.find(live); at != std::string::npos; at = md.find(live, at + 1)) {
      EXPECT_TRUE(at > 0 && md[at - 1] == '\\') << "live `" << live << "` at " << at << " in:\n" << md;
    }
  }
  size_t headings = 0;
  size_t start = 0;
  while (start < md.size()) {
    size_t end = md.find('\n', start);
    if (end == std::string::npos) end = md.size();
    const std::string_view line(md.data() + start, end - start);
    if (!line.empty() && line[0] == '#') ++headings;
    EXPECT_FALSE(!line.empty() && (line[0] == '[' || line[0] == '<' || line[0] == '>' || line[0] == '|'))
        << "line starts with live syntax: " << line;
    EXPECT_NE(line.substr(0, 4), "    ") << "indented code block: " << line;
    start = end + 1;
  }
  EXPECT_EQ(headings, 1u) << md;  // Only the card's own title heading.
}

TEST(CardMarkdown, HostileTextIsInert) {
  const CardData card = hostile_card();
  const std::string md = render_markdown(card, {.max_per_group = 0, .line_width = 500});
  expect_inert(md);
  // The text is still there, escaped.
  EXPECT_NE(md.find(escape_markdown(kHostile[0])), std::string::npos);
  EXPECT_NE(md.find(escape_markdown(kHostile[2])), std::string::npos);
  // The ID with a backtick is a longer code span, never a broken one.
  EXPECT_NE(md.find("``evil`id``"), std::string::npos) << md;
}

// Backlinks are the card's own links (`[← rel](file:///…#L1)`): their place is a path
// percent-encoded, so a hostile file name or note cannot end the link, start another or
// smuggle a scheme; everything outside them is as inert as before.
TEST(CardMarkdown, BacklinkPlacesAndNotesAreInert) {
  CardData card = hostile_card();
  for (size_t i = 0; i < card.neighbourhood[0].neighbours.size(); ++i) {
    card.neighbourhood[0].neighbours[i].links = {
        {"rel](command:x)", Direction::In, kHostile[i], "/ws/" + std::string(kHostile[i]) + ").kg", {}}};
  }
  const std::string md = render_markdown(card, {.max_per_group = 0, .line_width = 500});
  std::string outside;
  size_t links = 0, from = 0;
  for (size_t at = md.find("](file:///"); at != std::string::npos; at = md.find("](file:///", at + 1)) {
    const size_t end = md.find(')', at);
    ASSERT_NE(end, std::string::npos);
    const std::string uri = md.substr(at + 2, end - at - 2);
    for (char c : uri) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-._~/%#:").find(c) != std::string_view::npos)
          << "`" << c << "` in " << uri;
    }
    EXPECT_EQ(uri.substr(uri.size() - 3), "#L1") << uri;
    EXPECT_EQ(uri.find("://", 5), std::string::npos) << uri;  // One scheme: file.
    outside += md.substr(from, at - from);
    from = end + 1;
    ++links;
  }
  outside += md.substr(from);
  // Each neighbour's line and its note's line link to the edge (empty notes have no line).
  EXPECT_GE(links, card.neighbourhood[0].neighbours.size()) << md;
  expect_inert(outside);
  // A relative place with no root to put it under gets no link.
  for (CardNeighbour& n : card.neighbourhood[0].neighbours) n.links[0].path = "relative.kg";
  const std::string unlinked = render_markdown(card, {.max_per_group = 0, .line_width = 500});
  EXPECT_EQ(unlinked.find("](file:"), std::string::npos);
  expect_inert(unlinked);
  EXPECT_EQ(file_uri("/a b/c#d.kg", 11), "file:///a%20b/c%23d.kg#L12");
}

TEST(CardText, HostileTextCannotDriveTheTerminal) {
  const CardData card = hostile_card();
  const std::string plain = render_text(card, {.color = false});
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_EQ(plain.find('\x07'), std::string::npos);
  EXPECT_EQ(plain.find('\r'), std::string::npos);
  // With colour, every escape is one of ours: CSI digits/semicolons then 'm' (SGR).
  const std::string colored = render_text(card, {.color = true});
  EXPECT_EQ(colored.find('\x07'), std::string::npos);
  for (size_t i = colored.find('\x1b'); i != std::string::npos; i = colored.find('\x1b', i + 1)) {
    ASSERT_LT(i + 1, colored.size());
    EXPECT_EQ(colored[i + 1], '[');
    size_t j = i + 2;
    while (j < colored.size() && (std::isdigit(static_cast<unsigned char>(colored[j])) || colored[j] == ';')) ++j;
    ASSERT_LT(j, colored.size());
    EXPECT_EQ(colored[j], 'm') << "not an SGR sequence at " << i;
  }
}

// End to end: the hostile text goes through a `.kg` file, the parser's escapes and the
// index before it reaches the renderer.
TEST(CardMarkdown, HostileFileThroughTheIndexIsInert) {
  test::TempDir ws;
  ws.write("evil.kg", R"kg(kind paper { plural: "[Papers](command:x)" }
paper evil {
  title: "[click me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>"
  status: "<script>alert(1)</script>"
  summary: """
    # Not a heading
    [ref]: https://evil.example
        <b>indented</b>
    ![tracker](https://evil.example/p.png) \u{1B}[31mred\u{1B}[0m \u{7}
    """
  aliases: ["<https://evil.example/autolink>", "www.evil.example"]
  url: "javascript:alert(1)"
  cites www.evil.example "note <b>bold</b>"
}
paper www.evil.example {
  summary: "`code` mail@evil.example &lt;b&gt; &#60;"
  cites evil
}
)kg");
  auto index = test::open_index(ws.path(), "");
  index->refresh();
  for (const char* id : {"evil", "www.evil.example"}) {
    const auto card = card_data(IndexGraph(*index), id);
    ASSERT_TRUE(card) << id;
    const std::string md = render_markdown(*card);
    EXPECT_EQ(md.find("https://"), std::string::npos);
    expect_inert(md.substr(md.find('\n')));  // The first line holds the ID in a code span.
    const std::string text = render_text(*card, {.color = false});
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace kgls
