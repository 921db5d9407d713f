// The formatter: one canonical layout for `.kg` files (docs/formatting.md).
//
// It walks the tree-sitter tree and re-emits every token, deciding only the whitespace
// between two tokens; so every token and comment survives by construction. The exceptions
// are deliberate and value-preserving: list commas are re-made (a trailing comma only on
// multi-line lists), and a text block's lines are re-indented (its dedented value is kept).
// Comments are tokens like any other; whether one is "own-line" or "trailing" is read from
// the source (a line break between it and the previous token), and a comment always ends its
// output line. That is what makes the layout idempotent: each decision depends only on the
// tokens and on facts the previous pass preserved (own-line or not, a blank line or not).
#include <tree_sitter/api.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "edit/edit_util.hpp"
#include "kgls/edit.hpp"
#include "syntax/unescape.hpp"

namespace kgls {

namespace {

constexpr uint32_t kIndent = 2;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view type(TSNode node) { return ts_node_type(node); }

class Printer {
 public:
  // How two tokens are separated. Blank: exactly one blank line. KeepBlank: a line break,
  // plus one blank line when the source had at least one there.
  enum class Sep { None, Space, Line, KeepBlank, Blank };

  Printer(std::string_view src, const FormatOptions& options, std::string newline, uint32_t start)
      : src_(src), options_(options), nl_(std::move(newline)), prev_end_(start) {}

  std::string take() { return std::move(out_); }
  void finish_line() {
    if (!out_.empty()) out_ += nl_;
  }

  // ---- the grammar's constructs ----

  void source_file(TSNode root) {
    enum class Last { None, Entity, Comment } last = Last::None;
    const uint32_t count = ts_node_child_count(root);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(root, i);
      const Sep sep = last == Last::Entity ? Sep::Blank : Sep::KeepBlank;
      if (type(child) == "comment") {
        // A trailing comment after `}` belongs to that entity: it does not reset `last`.
        if (comment(child, sep, 0)) last = Last::Comment;
      } else {
        entity(child, sep, 0);
        last = Last::Entity;
      }
    }
  }

  void entity(TSNode node, Sep first, uint32_t indent) {
    const uint32_t inner = indent + kIndent;
    bool opened = false;
    bool body = false;  // Anything (member or comment) after `{`.
    int words = 0;
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      const auto t = type(child);
      if (t == "comment") {
        comment(child, opened && body ? Sep::KeepBlank : Sep::Line, inner);
        if (opened) body = true;
      } else if (t == "{") {
        leaf(child, Sep::Space, inner);
        opened = true;
      } else if (t == "}") {
        leaf(child, body ? Sep::Line : Sep::None, indent);
      } else if (t == "field") {
        field(child, body ? Sep::KeepBlank : Sep::Line, inner);
        body = true;
      } else if (t == "edge") {
        edge(child, body ? Sep::KeepBlank : Sep::Line, inner);
        body = true;
      } else if (t == "entity") {
        // Only in trees with errors, which the formatter does not lay out; kept for safety.
        entity(child, Sep::Line, inner);
        body = true;
      } else {
        // The kind word, then the ID.
        const bool kind = words++ == 0;
        leaf(child, kind ? first : Sep::Space, kind ? indent : inner);
      }
    }
  }

  void field(TSNode node, Sep first, uint32_t indent) {
    const uint32_t cont = indent + kIndent;  // Where a token goes when a comment broke the line.
    bool key = true;
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      const auto t = type(child);
      if (t == "comment") {
        comment(child, Sep::Line, cont);
      } else if (t == ":") {
        leaf(child, Sep::None, cont);
      } else if (key) {
        leaf(child, first, indent);
        key = false;
      } else {
        value(child, Sep::Space, cont);
      }
    }
  }

  void edge(TSNode node, Sep first, uint32_t indent) {
    const uint32_t cont = indent + kIndent;
    bool relation = true;
    const uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      if (type(child) == "comment") {
        comment(child, Sep::Line, cont);
      } else {
        leaf(child, relation ? first : Sep::Space, relation ? indent : cont);
        relation = false;
      }
    }
  }

  void value(TSNode node, Sep sep, uint32_t cont) {
    const auto t = type(node);
    if (t == "list") {
      list(node, sep, cont);
    } else if (t == "text_block") {
      text_block(node, sep, cont);
    } else {
      leaf(node, sep, cont);  // A string is one token: its bytes, escapes and all, as written.
    }
  }

  void list(TSNode node, Sep sep, uint32_t cont) {
    const uint32_t count = ts_node_child_count(node);
    std::vector<TSNode> items;
    bool multi_line = false;  // Comments and text blocks cannot sit on one line.
    uint32_t width = 2;       // `[` and `]`
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      const auto t = type(child);
      if (t == "comment" || t == "text_block") multi_line = true;
      if (t == "comment" || !ts_node_is_named(child)) continue;
      width += code_points(slice(child)) + (items.empty() ? 0 : 2);
      items.push_back(child);
    }
    TSNode open = ts_node_child(node, 0);
    leaf(open, sep, cont);
    const uint32_t base = line_indent_;
    // `[` is already out, so the list's first column is col_ - 1.
    if (!multi_line && items.size() > 1 && col_ - 1 + width > options_.max_width) multi_line = true;

    bool first = true;
    for (uint32_t i = 1; i < count; ++i) {
      TSNode child = ts_node_child(node, i);
      const auto t = type(child);
      if (t == "comment") {
        comment(child, Sep::Line, base + kIndent);
      } else if (t == ",") {
        skip(child);  // Commas are re-made below.
      } else if (t == "]") {
        leaf(child, multi_line ? Sep::Line : Sep::None, base);
      } else if (multi_line) {
        value(child, Sep::Line, base + kIndent);
        text(",");
      } else {
        if (!first) text(",");
        value(child, first ? Sep::None : Sep::Space, base + kIndent);
        first = false;
      }
    }
  }

  // The block's value (dedented) is kept; its lines are indented by the line's indent + 2 and
  // the closing `"""` gets its own line, which dedent() drops again.
  void text_block(TSNode node, Sep sep, uint32_t cont) {
    const std::string_view whole = slice(node);
    const std::string value = dedent(whole.substr(3, whole.size() - 6));
    std::vector<std::string_view> lines;
    for (size_t start = 0;;) {
      const size_t nl = value.find('\n', start);
      lines.push_back(std::string_view(value).substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    // dedent() strips one `\r` per line; a line that still ends in one would lose it when
    // re-read, so such a (pathological) block is kept exactly as written.
    if (std::any_of(lines.begin(), lines.end(), [](std::string_view l) { return !l.empty() && l.back() == '\r'; })) {
      leaf(node, sep, cont);
      return;
    }
    separate(sep, cont, false);
    const uint32_t pad = line_indent_ + kIndent;
    out_ += "\"\"\"";
    for (std::string_view line : lines) {
      out_ += nl_;
      if (!line.empty()) out_.append(pad, ' ').append(line);
    }
    out_ += nl_;
    out_.append(pad, ' ');
    out_ += "\"\"\"";
    col_ = pad + 3;
    after_comment_ = false;
    prev_end_ = ts_node_end_byte(node);
  }

 private:
  std::string_view slice(TSNode node) const {
    const uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
    return src_.substr(b, e - b);
  }

  // Line breaks in the source between the previous token and this one.
  size_t breaks_before(TSNode node) const {
    const uint32_t b = ts_node_start_byte(node);
    if (b <= prev_end_) return 0;
    const std::string_view gap = src_.substr(prev_end_, b - prev_end_);
    return static_cast<size_t>(std::count(gap.begin(), gap.end(), '\n'));
  }

  void newline(uint32_t indent) {
    out_ += nl_;
    out_.append(indent, ' ');
    line_indent_ = indent;
    col_ = indent;
  }

  void separate(Sep sep, uint32_t indent, bool blank_in_source) {
    if (out_.empty()) return;  // Nothing goes before the first token.
    // A comment runs to the end of the line: whatever follows it starts a new one.
    if (after_comment_ && (sep == Sep::None || sep == Sep::Space)) sep = Sep::Line;
    switch (sep) {
      case Sep::None: break;
      case Sep::Space: text(" "); break;
      case Sep::Line: newline(indent); break;
      case Sep::KeepBlank:
        if (blank_in_source) out_ += nl_;
        newline(indent);
        break;
      case Sep::Blank:
        out_ += nl_;
        newline(indent);
        break;
    }
  }

  void text(std::string_view s) {
    out_ += s;
    col_ += code_points(s);
  }

  // One source token (or a string node, which is one token to us), as written.
  void leaf(TSNode node, Sep sep, uint32_t indent) {
    separate(sep, indent, breaks_before(node) > 1);
    text(slice(node));
    after_comment_ = false;
    prev_end_ = ts_node_end_byte(node);
  }

  void skip(TSNode node) { prev_end_ = ts_node_end_byte(node); }

  // An own-line comment is placed with `own_line`; a trailing one follows a space. Returns
  // whether it was own-line. Trailing whitespace (and a CRLF file's `\r`) is not kept.
  bool comment(TSNode node, Sep own_line, uint32_t indent) {
    const bool own = out_.empty() || breaks_before(node) > 0;
    separate(own ? own_line : Sep::Space, indent, breaks_before(node) > 1);
    std::string_view s = slice(node);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    text(s);
    after_comment_ = true;
    prev_end_ = ts_node_end_byte(node);
    return own;
  }

  std::string_view src_;
  const FormatOptions& options_;
  std::string nl_;
  std::string out_;
  uint32_t prev_end_ = 0;      // End of the previous source token.
  bool after_comment_ = false; // The output line ends with a comment.
  uint32_t line_indent_ = 0;   // Indent of the current output line.
  uint32_t col_ = 0;           // Code points on the current output line.
};

// Top-level entities whose subtree has no error: the ones the formatter may lay out in a tree
// that has errors elsewhere. Entities that tree-sitter recovered inside a top-level ERROR
// node count too.
std::vector<TSNode> clean_entities(TSNode root) {
  std::vector<TSNode> out;
  const uint32_t count = ts_node_child_count(root);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_child(root, i);
    if (type(child) == "entity" && !ts_node_has_error(child)) {
      out.push_back(child);
    } else if (type(child) == "ERROR") {
      const uint32_t n = ts_node_child_count(child);
      for (uint32_t j = 0; j < n; ++j) {
        TSNode inner = ts_node_child(child, j);
        if (type(inner) == "entity" && !ts_node_has_error(inner)) out.push_back(inner);
      }
    }
  }
  return out;
}

// One entity laid out on its own, starting at column 0.
std::string format_entity(const Document& doc, TSNode node, const FormatOptions& options) {
  Printer printer(doc.text, options, edit::newline_of(doc.text), ts_node_start_byte(node));
  printer.entity(node, Printer::Sep::None, 0);
  return printer.take();
}

// Where an entity's replacement starts: its line's start when only indentation precedes it,
// so the layout puts it at column 0.
uint32_t replace_from(const Document& doc, TSNode node) {
  const uint32_t begin = ts_node_start_byte(node);
  return edit::first_on_line(doc.text, begin) ? edit::line_start(doc.text, begin) : begin;
}

TSNode root_of(const SyntaxTree& tree) { return ts_tree_root_node(tree.get()); }

}  // namespace

std::string format_document(const Document& doc, const FormatOptions& options) {
  const auto tree = syntax_tree(doc);
  if (!tree->get()) return doc.text;
  TSNode root = root_of(*tree);
  if (ts_node_has_error(root)) {
    // Lay out the clean entities in place; keep every other byte.
    std::string out;
    uint32_t copied = 0;
    for (TSNode node : clean_entities(root)) {
      const uint32_t from = std::max(copied, replace_from(doc, node));
      out.append(doc.text, copied, from - copied);
      out += format_entity(doc, node, options);
      copied = ts_node_end_byte(node);
    }
    out.append(doc.text, copied, std::string::npos);
    return out;
  }
  const bool bom = std::string_view(doc.text).substr(0, kBom.size()) == kBom;
  Printer printer(doc.text, options, edit::newline_of(doc.text), bom ? static_cast<uint32_t>(kBom.size()) : 0);
  printer.source_file(root);
  printer.finish_line();
  std::string out = printer.take();
  // A byte order mark is whitespace to the grammar, but it is the file's, not ours to drop.
  return bom ? std::string(kBom) + out : out;
}

std::vector<FileEdit> format_edits(const Document& doc, const FormatOptions& options) {
  const std::string formatted = format_document(doc, options);
  const std::string& old = doc.text;
  if (formatted == old) return {};
  // The edit covers whole lines of the old text: from the start of the first line that
  // differs to the end of the last one, so no offset falls inside a character or a CRLF.
  const size_t limit = std::min(old.size(), formatted.size());
  size_t prefix = 0;
  while (prefix < limit && old[prefix] == formatted[prefix]) ++prefix;
  prefix = edit::line_start(old, static_cast<uint32_t>(prefix));
  size_t suffix = 0;
  while (suffix < limit - prefix && old[old.size() - 1 - suffix] == formatted[formatted.size() - 1 - suffix]) ++suffix;
  while (suffix > 0 && suffix < old.size() && old[old.size() - suffix - 1] != '\n') --suffix;
  FileEdit e;
  e.path = doc.path;
  e.span = {static_cast<uint32_t>(prefix), static_cast<uint32_t>(old.size() - suffix)};
  e.text = formatted.substr(prefix, formatted.size() - suffix - prefix);
  return {std::move(e)};
}

std::vector<FileEdit> format_range(const Document& doc, Span range, const FormatOptions& options) {
  std::vector<FileEdit> out;
  const auto tree = syntax_tree(doc);
  if (!tree->get()) return out;
  for (TSNode node : clean_entities(root_of(*tree))) {
    const Span s{ts_node_start_byte(node), ts_node_end_byte(node)};
    const bool hit = range.begin == range.end ? s.touches(range.begin) : s.begin < range.end && range.begin < s.end;
    if (!hit) continue;
    const uint32_t from = replace_from(doc, node);
    std::string text = format_entity(doc, node, options);
    if (std::string_view(doc.text).substr(from, s.end - from) == text) continue;
    out.push_back({doc.path, {from, s.end}, std::move(text)});
  }
  return out;
}

}  // namespace kgls
