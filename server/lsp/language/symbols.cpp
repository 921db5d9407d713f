#include "lsp/language/symbols.hpp"

#include <algorithm>

#include "kgls/support/utf8.hpp"
#include "lsp/language/fuzzy.hpp"

namespace kgls::lang {

namespace {

// Outline details are one line: an editor shows them beside the name.
constexpr size_t kDetailLength = 80;

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() > kDetailLength) break;  // Cut below: the rest would not be shown.
  }
  if (out.size() > kDetailLength) {
    size_t cut = kDetailLength;
    // Do not split a UTF-8 sequence.
    while (cut > 0 && is_utf8_continuation(static_cast<unsigned char>(out[cut]))) --cut;
    out.resize(cut);
    out += "…";
  }
  return out;
}

// Editors reject a selection outside its range; broken input must not produce one.
void contain(OutlineNode& node) {
  if (node.selection.bytes.begin < node.range.bytes.begin ||
      node.selection.bytes.end > node.range.bytes.end) {
    node.selection = node.range;
  }
}

}  // namespace

SymbolRole role_of(const Entity& entity) {
  switch (entity.schema()) {
    case SchemaKind::Kind: return SymbolRole::KindDeclaration;
    case SchemaKind::Relation: return SymbolRole::RelationDeclaration;
    default: return SymbolRole::Entity;
  }
}

std::vector<OutlineNode> document_outline(const Document& document) {
  std::vector<OutlineNode> out;
  for (const auto& entity : document.entities) {
    if (entity.id.empty()) continue;
    OutlineNode node;
    node.name = entity.id;
    node.detail = entity.kind;
    if (const Field* title = entity.field("title")) {
      node.detail += " · ";
      node.detail += title->value.type == Value::Type::List ? one_line(title->value.display())
                                                            : one_line(title->value.text);
    }
    node.role = role_of(entity);
    node.range = entity.range;
    node.selection = entity.id_range;
    contain(node);
    std::vector<OutlineNode> members;
    for (const auto& field : entity.fields) {
      OutlineNode child;
      child.name = field.key;
      child.detail = field.value.type == Value::Type::List ? one_line(field.value.display())
                                                            : one_line(field.value.text);
      child.role = SymbolRole::Field;
      child.range = field.range;
      child.selection = field.key_range;
      contain(child);
      members.push_back(std::move(child));
    }
    for (const auto& edge : entity.edges) {
      OutlineNode child;
      child.name = edge.relation + " " + edge.target;
      child.detail = edge.note ? one_line(*edge.note) : std::string();
      child.role = SymbolRole::Edge;
      child.range = edge.range;
      child.selection = edge.target_range;
      contain(child);
      members.push_back(std::move(child));
    }
    // Fields and edges may interleave in the text; the outline follows the text.
    std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
      return a.range.bytes.begin < b.range.bytes.begin;
    });
    node.children = std::move(members);
    out.push_back(std::move(node));
  }
  return out;
}

std::vector<SymbolMatch> workspace_symbols(const Workspace& workspace, std::string_view query,
                                           size_t limit, const CancelToken& cancel) {
  // Spaces in a query separate words a person remembers; the IDs join them with '-'.
  std::string pattern;
  for (char c : query) {
    if (c != ' ') pattern += c;
  }
  std::vector<SymbolMatch> out;
  size_t visited = 0;
  for (const auto& ref : workspace.entities()) {
    if (++visited % 512 == 0) cancel.check();
    const Entity& entity = *ref.entity;
    if (entity.id.empty()) continue;
    std::optional<int> best = fuzzy_score(pattern, entity.id);
    const std::string title = entity.title();
    std::string alias;
    if (auto s = fuzzy_score(pattern, title); s && (!best || *s > *best)) best = s;
    for (const auto& a : entity.aliases()) {
      if (auto s = fuzzy_score(pattern, a); s && (!best || *s > *best)) {
        best = s;
        alias = a;
      }
    }
    if (!best) continue;
    out.push_back({entity.id, entity.kind, title, alias, role_of(entity), ref.document->path,
                   entity.id_range, *best});
  }
  if (!pattern.empty()) {
    std::stable_sort(out.begin(), out.end(), [](const SymbolMatch& a, const SymbolMatch& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.id < b.id;
    });
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace kgls::lang
