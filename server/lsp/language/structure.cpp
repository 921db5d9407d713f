#include "lsp/language/structure.hpp"

#include <algorithm>
#include <cstring>

#include <tree_sitter/api.h>

namespace kgls::lang {

namespace {

bool blank_before(const Document& document, uint32_t offset) {
  const uint32_t line = document.lines.position(offset).line;
  for (uint32_t i = document.lines.line_start(line); i < offset; ++i) {
    if (document.text[i] != ' ' && document.text[i] != '\t') return false;
  }
  return true;
}

// The last line to fold away for a construct spanning `range`: its closing delimiter
// stays visible when it starts its own line (`}` under `paper x {`).
uint32_t last_hidden_line(const Document& document, const SourceRange& range) {
  uint32_t line = range.utf16.end.line;
  if (range.bytes.end > range.bytes.begin && line > range.utf16.start.line) {
    // Where the closing delimiter starts: `}` / `]` is one byte, `"""` three.
    uint32_t closer = range.bytes.end - 1;
    if (document.text.compare(closer, 1, "\"") == 0 && range.bytes.end >= 3 &&
        document.text.compare(range.bytes.end - 3, 3, "\"\"\"") == 0) {
      closer = range.bytes.end - 3;
    }
    if (blank_before(document, closer)) --line;
  }
  return line;
}

void add_region(const Document& document, const SourceRange& range, std::vector<Fold>& out) {
  const uint32_t end = last_hidden_line(document, range);
  if (end > range.utf16.start.line) out.push_back({Fold::Kind::Region, range.utf16.start.line, end});
}

// Iterative, so a pathological nesting of unclosed entities cannot exhaust the stack.
void collect_comments(TSNode root, std::vector<Span>& out) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  for (;;) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (std::strcmp(ts_node_type(node), "comment") == 0) {
      out.push_back({ts_node_start_byte(node), ts_node_end_byte(node)});
    } else if (ts_tree_cursor_goto_first_child(&cursor)) {
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
      }
    }
  }
}

}  // namespace

std::vector<Fold> folding_ranges(const Document& document) {
  std::vector<Fold> out;
  for (const auto& entity : document.entities) {
    add_region(document, entity.range, out);
    for (const auto& field : entity.fields) {
      const auto type = field.value.type;
      if (type == Value::Type::List || type == Value::Type::TextBlock) {
        add_region(document, {field.value.range.bytes,
                              {field.range.utf16.start, field.value.range.utf16.end}}, out);
      }
    }
  }
  // Runs of whole-line comments fold together (a file's header, a commented-out block).
  if (const auto tree = syntax_tree(document); tree->get()) {
    std::vector<Span> comments;
    collect_comments(ts_tree_root_node(tree->get()), comments);
    uint32_t run_start = 0, run_end = 0;
    bool in_run = false;
    for (const Span& comment : comments) {
      const uint32_t line = document.lines.position(comment.begin).line;
      if (!blank_before(document, comment.begin)) continue;  // A comment after code.
      if (in_run && line == run_end + 1) {
        run_end = line;
        continue;
      }
      if (in_run && run_end > run_start) out.push_back({Fold::Kind::Comment, run_start, run_end});
      in_run = true;
      run_start = run_end = line;
    }
    if (in_run && run_end > run_start) out.push_back({Fold::Kind::Comment, run_start, run_end});
  }
  std::stable_sort(out.begin(), out.end(), [](const Fold& a, const Fold& b) {
    return a.start_line != b.start_line ? a.start_line < b.start_line : a.end_line > b.end_line;
  });
  return out;
}

std::vector<std::vector<Range>> selection_ranges(const Document& document,
                                                 const std::vector<Position>& positions) {
  std::vector<std::vector<Range>> out;
  const Span whole{0, static_cast<uint32_t>(document.text.size())};
  const auto tree = syntax_tree(document);
  for (const Position& position : positions) {
    const uint32_t offset = document.lines.offset(position);
    std::vector<Span> spans;
    if (tree->get()) {
      const TSNode root = ts_tree_root_node(tree->get());
      TSNode node = ts_node_named_descendant_for_byte_range(root, offset, offset);
      // A cursor just after a word selects the word, not what surrounds it.
      if (offset > 0 && ts_node_child_count(node) > 0) {
        const TSNode before = ts_node_named_descendant_for_byte_range(root, offset - 1, offset - 1);
        if (ts_node_child_count(before) == 0 && ts_node_end_byte(before) == offset) node = before;
      }
      for (; !ts_node_is_null(node); node = ts_node_parent(node)) {
        const Span span{ts_node_start_byte(node), ts_node_end_byte(node)};
        if (span.begin > offset || span.end < offset) continue;  // Whitespace around a node.
        if (spans.empty() || !(spans.back() == span)) spans.push_back(span);
      }
    }
    if (spans.empty() || !(spans.back() == whole)) spans.push_back(whole);
    std::vector<Range> chain;
    for (const Span& span : spans) chain.push_back(document.lines.range(span).utf16);
    out.push_back(std::move(chain));
  }
  return out;
}

}  // namespace kgls::lang
