// Fuzz target: the card renderer, Markdown escaping and terminal text.
//
// Two inputs in one target, picked by the first byte:
// - even: the rest is a `.kg` document; it goes into an in-memory index, and the card of
//   each of its entities is built (card_data) and rendered, as hover and `kgls show` do;
// - odd: the rest is cut at NUL bytes into the strings of a CardData (kind, status, title,
//   summary, fields, neighbours with their relations, similar entities), rendered directly,
//   so text no parser would let through reaches the renderer too.
//
// Invariants checked on every rendering:
// - Markdown: file text cannot become markup: no raw '<', '>', '[', ']' or '&' (HTML,
//   links, images, entities), no raw ':' right after a letter or digit (autolinks and
//   `command:` URIs), every backslash escapes an ASCII punctuation character, and no
//   control character but the line break;
// - escape_markdown() itself: every ASCII punctuation character escaped, no control
//   characters and no line breaks at all;
// - terminal text: no control character but the line break, and, with colour on, ESC only
//   as the renderer's own SGR sequences (ESC [ digits m);
// - one_line() keeps to its width (plus the ellipsis).
#include <cctype>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "kgls/card.hpp"
#include "kgls/index.hpp"
#include "kgls/model.hpp"

namespace {

using namespace kgls;

bool ascii_punctuation(unsigned char c) {
  return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
         (c >= 0x7B && c <= 0x7E);
}

bool control(unsigned char c) { return c < 0x20 || c == 0x7F; }

std::string shown(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 400)) {
    if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void check_markdown(std::string_view md) {
  for (size_t i = 0; i < md.size(); ++i) {
    const auto c = static_cast<unsigned char>(md[i]);
    if (c == '\\') {
      FUZZ_CHECK(i + 1 < md.size() && ascii_punctuation(static_cast<unsigned char>(md[i + 1])),
                 "a backslash that escapes nothing at " + std::to_string(i) + ": " + shown(md.substr(i)));
      ++i;
      continue;
    }
    FUZZ_CHECK(!(control(c) && c != '\n'), "a control character in Markdown at " + std::to_string(i));
    FUZZ_CHECK(c != '<' && c != '>' && c != '[' && c != ']' && c != '&',
               "raw markup character in Markdown at " + std::to_string(i) + ": " + shown(md.substr(i > 40 ? i - 40 : 0)));
    // A colon ending a piece of text is followed by the card's own `**`, a space or a line end.
    if (c == ':' && i > 0 && i + 1 < md.size() && md[i + 1] != ' ' && md[i + 1] != '\n' && md[i + 1] != '*') {
      FUZZ_CHECK(!std::isalpha(static_cast<unsigned char>(md[i - 1])),
                 "a raw scheme colon (autolink or command: URI) at " + std::to_string(i) + ": " +
                     shown(md.substr(i > 40 ? i - 40 : 0)));
    }
  }
}

// escape_markdown's contract (include/kgls/card.hpp): syntax characters escaped wherever
// they stand, block markers at the start, URI scheme colons and `www.`; nothing else needs
// a backslash, and no control character or line break is left.
bool always_syntax(unsigned char c) {
  return c != 0 && std::string_view("\\`*_[]<>!|~&$#@{}").find(static_cast<char>(c)) != std::string_view::npos;
}

void check_escaped(std::string_view in, std::string_view out) {
  bool at_start = true;
  size_t digits = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    FUZZ_CHECK(!control(c), "escape_markdown kept a control character or line break");
    if (c == '\\') {
      FUZZ_CHECK(i + 1 < out.size() && ascii_punctuation(static_cast<unsigned char>(out[i + 1])),
                 "escape_markdown: a lone backslash for input " + shown(in));
      ++i;
      at_start = false;
      continue;
    }
    FUZZ_CHECK(!always_syntax(c), "escape_markdown left a syntax character unescaped for input " + shown(in));
    if (at_start) {
      FUZZ_CHECK(c != '-' && c != '+' && c != '=', "escape_markdown left a block marker at the start: " + shown(in));
      FUZZ_CHECK(!(digits > 0 && (c == '.' || c == ')')), "escape_markdown left an ordered-list marker: " + shown(in));
    }
    if (c == ':' && i > 0 && i + 1 < out.size() && out[i + 1] != ' ') {
      FUZZ_CHECK(!std::isalpha(static_cast<unsigned char>(out[i - 1])),
                 "escape_markdown left a URI scheme colon for input " + shown(in));
    }
    if (std::isdigit(c) && at_start) {
      ++digits;
    } else if (c != ' ') {
      at_start = false;
    }
  }
  std::string lower(out);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  FUZZ_CHECK(lower.find("www.") == std::string::npos, "escape_markdown left a www. autolink for input " + shown(in));
}

void check_terminal(std::string_view text, bool color) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1B) {
      FUZZ_CHECK(color, "ESC in uncoloured terminal text at " + std::to_string(i) + ": " + shown(text.substr(i)));
      size_t j = i + 1;
      FUZZ_CHECK(j < text.size() && text[j] == '[', "ESC not followed by '[': " + shown(text.substr(i)));
      ++j;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == ';')) ++j;
      FUZZ_CHECK(j < text.size() && text[j] == 'm', "ESC sequence other than SGR: " + shown(text.substr(i)));
      i = j;
      continue;
    }
    FUZZ_CHECK(!(control(c) && c != '\n'), "a control character in terminal text at " + std::to_string(i) + ": " +
                                               shown(text.substr(i > 40 ? i - 40 : 0)));
  }
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void render_all(const CardData& card, size_t width, size_t per_group) {
  MarkdownOptions mo;
  mo.line_width = width;
  mo.max_per_group = per_group;
  check_markdown(render_markdown(card, mo));
  for (bool color : {false, true}) {
    TextOptions to;
    to.color = color;
    to.line_width = width;
    to.max_per_group = per_group;
    check_terminal(render_text(card, to), color);
  }
}

// Cuts the input at NUL bytes; missing pieces are empty.
class Pieces {
 public:
  explicit Pieces(std::string_view data) {
    size_t start = 0;
    while (start <= data.size()) {
      size_t end = data.find('\0', start);
      if (end == std::string_view::npos) end = data.size();
      parts_.emplace_back(data.substr(start, end - start));
      start = end + 1;
    }
  }
  std::string next() { return at_ < parts_.size() ? std::string(parts_[at_++]) : std::string(); }
  bool more() const { return at_ < parts_.size(); }

 private:
  std::vector<std::string_view> parts_;
  size_t at_ = 0;
};

// IDs are identifiers (the grammar's rule); the renderer puts them in a code span as is.
std::string identifier(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') out += static_cast<char>(c);
  }
  return out.empty() ? "x" : out;
}

void structured(std::string_view data, uint8_t options) {
  Pieces in(data);
  CardData card;
  card.kind = in.next();
  card.id = identifier(in.next());
  card.status = in.next();
  card.title = in.next();
  card.summary = in.next();
  card.definitions = 1 + (options & 1);
  const size_t fields = in.next().size() % 5;
  for (size_t i = 0; i < fields; ++i) card.fields.push_back({in.next(), in.next()});
  while (in.more() && card.neighbourhood.size() < 4) {
    CardGroup group;
    group.kind = in.next();
    group.label = in.next();
    const size_t count = in.next().size() % 6;
    for (size_t i = 0; i < count; ++i) {
      CardNeighbour n;
      n.id = identifier(in.next());
      n.kind = group.kind;
      n.title = in.next();
      n.summary = in.next();
      n.links.push_back({in.next(), i % 2 ? Direction::In : Direction::Out, in.next()});
      group.neighbours.push_back(std::move(n));
    }
    card.neighbourhood.push_back(std::move(group));
    if (in.next().size() % 3 == 0) break;
  }
  if (options & 2) {
    card.similar.emplace();
    while (in.more() && card.similar->size() < 5) {
      CardSimilar s;
      s.id = identifier(in.next());
      s.title = in.next();
      s.kind = in.next();
      s.summary = in.next();
      s.score = static_cast<double>(s.summary.size() % 1000) / 1000.0;
      card.similar->push_back(std::move(s));
    }
    card.similarity_threshold = 0.8;
  }
  render_all(card, 1 + (options >> 2) % 120, (options >> 4) % 4);

  // The helpers on every piece of text.
  Pieces again(data);
  while (again.more()) {
    const std::string s = again.next();
    check_escaped(s, escape_markdown(s));
    const std::string stripped = strip_controls(s);
    for (unsigned char c : stripped) FUZZ_CHECK(!control(c) || c == '\n' || c == '\t', "strip_controls kept one");
    const size_t width = 1 + s.size() % 80;
    const std::string line = one_line(s, width);
    FUZZ_CHECK(code_points(line) <= width + 1, "one_line(" + std::to_string(width) + ") gave " +
                                                   std::to_string(code_points(line)) + " code points");
  }
}

// One in-memory index for the whole run; each input replaces the same file's rows.
Index& index() {
  static std::unique_ptr<Index> instance = [] {
    const std::string root = kgls::fuzz::scratch_folder("card");
    FUZZ_CHECK(!root.empty(), "cannot make a scratch folder");
    IndexOptions options;
    options.root = root;
    options.in_memory = true;
    std::vector<std::string> notices;
    return Index::open(options, notices);
  }();
  return *instance;
}

void from_document(std::string_view text, uint8_t options) {
  auto doc = parse_document((index().root() / "fuzz.kg").string(), std::string(text));
  index().put_document(*doc);
  size_t shown_cards = 0;
  for (const auto& entity : doc->entities) {
    if (++shown_cards > 16) break;
    auto card = card_data(IndexGraph(index()), entity.id);
    if (!card) continue;
    render_all(*card, 1 + (options >> 2) % 200, (options >> 4) % 4);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) structured(rest, data[0]);
  else from_document(rest, data[0]);
  return 0;
}
