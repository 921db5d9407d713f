#include "lsp/language/decorations.hpp"

#include <cstring>
#include <tree_sitter/api.h>

#include "kgls/card.hpp"

namespace kgls::lang {

namespace {

struct TokenWalk {
  const Document& document;
  std::optional<Range> range;
  std::vector<SemanticToken> out;

  // One token per line the node covers.
  void emit(TSNode node, TokenType type, uint32_t modifiers = 0) {
    const uint32_t begin = ts_node_start_byte(node), end = ts_node_end_byte(node);
    const LineIndex& lines = document.lines;
    const Position first = lines.position(begin), last = lines.position(end);
    for (uint32_t line = first.line; line <= last.line; ++line) {
      const uint32_t from = line == first.line ? first.character : 0;
      const uint32_t to =
          line == last.line ? last.character : lines.position(lines.line_end(line)).character;
      if (to <= from) continue;
      if (range && (line < range->start.line || line > range->end.line)) continue;
      out.push_back({line, from, to - from, type, modifiers});
    }
  }

  void visit(TSNode node, const char* parent, const char* field) {
    const char* type = ts_node_type(node);
    const auto is = [&](const char* name) { return std::strcmp(type, name) == 0; };
    const auto parent_is = [&](const char* name) { return parent && std::strcmp(parent, name) == 0; };
    const auto field_is = [&](const char* name) { return field && std::strcmp(field, name) == 0; };
    if (range) {
      // Skip whole subtrees outside the range.
      const TSPoint s = ts_node_start_point(node), e = ts_node_end_point(node);
      if (e.row < range->start.line || s.row > range->end.line) return;
    }
    if (ts_node_is_missing(node)) return;
    if (is("comment")) return emit(node, TokenType::Comment);
    if (is("string") || is("text_block")) return emit(node, TokenType::String);
    if (is("number")) return emit(node, TokenType::Number);
    if (is("true") || is("false")) return emit(node, TokenType::Keyword);
    if (is("identifier")) {
      if (parent_is("entity") && field_is("kind")) return emit(node, TokenType::Type);
      if (parent_is("entity") && field_is("id"))
        return emit(node, TokenType::Variable, TokenModifier::Declaration);
      if (parent_is("field") && field_is("key")) return emit(node, TokenType::Property);
      if (parent_is("edge") && field_is("relation")) return emit(node, TokenType::Function);
      if (parent_is("edge") && field_is("target")) return emit(node, TokenType::Variable);
      if (parent_is("field") || parent_is("list")) return emit(node, TokenType::EnumMember);
      return;
    }
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        visit(ts_tree_cursor_current_node(&cursor), type, ts_tree_cursor_current_field_name(&cursor));
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
  }
};

}  // namespace

std::vector<SemanticToken> semantic_tokens(const Document& document, std::optional<Range> range) {
  TokenWalk walk{document, range, {}};
  const auto tree = syntax_tree(document);
  if (!tree->get()) return walk.out;
  walk.visit(ts_tree_root_node(tree->get()), nullptr, nullptr);
  return walk.out;
}

std::vector<uint32_t> encode_tokens(const std::vector<SemanticToken>& tokens) {
  std::vector<uint32_t> data;
  data.reserve(tokens.size() * 5);
  uint32_t line = 0, start = 0;
  for (const auto& t : tokens) {
    const uint32_t delta_line = t.line - line;
    data.push_back(delta_line);
    data.push_back(delta_line == 0 ? t.start - start : t.start);
    data.push_back(t.length);
    data.push_back(static_cast<uint32_t>(t.type));
    data.push_back(t.modifiers);
    line = t.line;
    start = t.start;
  }
  return data;
}

std::vector<TitleHint> title_hints(const Workspace& workspace, std::string_view path, Range range) {
  std::vector<TitleHint> out;
  const Document* document = workspace.document(path);
  if (!document) return out;
  for (const Entity& entity : document->entities) {
    for (const Edge& edge : entity.edges) {
      const Position at = edge.target_range.utf16.end;
      if (at < range.start || range.end < at) continue;
      const EntityRef target = workspace.find(edge.target);
      if (!target.entity) continue;
      const std::string title = target.entity->title();
      if (title == edge.target) continue;
      out.push_back({at, one_line(title, 60), target.entity->kind + " · " + title});
    }
  }
  return out;
}

std::vector<ReferenceLens> reference_lenses(const Workspace& workspace, std::string_view path,
                                            const CancelToken& cancel) {
  std::vector<ReferenceLens> out;
  const Document* document = workspace.document(path);
  if (!document) return out;
  for (const Entity& entity : document->entities) {
    cancel.check();
    ReferenceLens lens;
    lens.range = entity.id_range;
    if (const SchemaKind schema = entity.schema(); schema == SchemaKind::Kind || schema == SchemaKind::Relation) {
      // Kind and relation words count too: the same search as find-references.
      lens.references = find_references(workspace, path, entity.id_range.utf16.start, false, cancel);
    } else {
      for (const EdgeRef& ref : workspace.incoming(entity.id))
        lens.references.push_back({ref.document->path, ref.edge->target_range});
    }
    lens.count = lens.references.size();
    out.push_back(std::move(lens));
  }
  return out;
}

}  // namespace kgls::lang
