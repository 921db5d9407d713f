#include "lsp/language/hover.hpp"

#include "lsp/language/navigation.hpp"

namespace kgls::lang {

namespace {

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "Used by 12 entities" / "12 edges use it": what the schema word means in this workspace.
std::string usage_line(const Workspace& workspace, const Symbol& symbol) {
  size_t count = 0;
  for (const EntityRef& ref : workspace.entities()) {
    if (symbol.space == SymbolSpace::Kind) {
      count += ref.entity->kind == symbol.name;
    } else {
      for (const Edge& e : ref.entity->edges) count += e.relation == symbol.name;
    }
  }
  const std::string word = markdown_code_span(symbol.name);
  if (symbol.space == SymbolSpace::Kind)
    return "Kind " + word + ": " + plural(count, "entity", "entities") + " in the workspace.";
  return "Relation " + word + ": " + plural(count, "edge", "edges") + " in the workspace.";
}

// The card of a `kind` or `relation` declaration: what the word means (title, summary, its
// fields: plural, required, inverse, from, to). A declaration is schema, not a node of the
// graph, so it gets no "Neighborhood" or similarity section.
std::string declaration_markdown(const CardData& card) {
  std::string out = "*" + escape_markdown(card.kind) + "* · " + markdown_code_span(card.id);
  if (!card.status.empty()) out += " · **" + escape_markdown(card.status) + "**";
  out += "\n\n";
  if (!card.title.empty() && card.title != card.id) out += "### " + escape_markdown(card.title) + "\n\n";
  if (card.definitions > 1)
    out += "**Declared " + std::to_string(card.definitions) + " times** (duplicate ID)\n\n";
  if (!card.summary.empty()) out += escape_markdown(card.summary) + "\n\n";
  for (const CardField& field : card.fields) {
    out += "- **" + escape_markdown(field.key) + "**: " + escape_markdown(field.value) + "\n";
  }
  if (!card.fields.empty()) out += "\n";
  return out;
}

}  // namespace

std::optional<std::string> card_markdown(const Snapshot& snapshot, Services& services,
                                         const std::string& id) {
  // Gathered as shown: the best neighbours of each group, so a hub's card stays cheap.
  const MarkdownOptions options;
  auto card = services.card(snapshot, id, options.max_per_group);
  if (!card) return std::nullopt;
  return render_markdown(*card, options);
}

std::optional<HoverResult> hover(const Snapshot& snapshot, Services& services,
                                 std::string_view path, Position position) {
  const Document* document = snapshot.workspace.document(path);
  if (!document) return std::nullopt;
  const auto symbol = symbol_at(snapshot.workspace, *document, document->lines.offset(position));
  if (!symbol) return std::nullopt;
  HoverResult out;
  out.range = symbol->range;
  // Kinds and relations are declared by entities with the same ID: their card is the
  // declaration's, followed by how the workspace uses the word.
  if (symbol->space == SymbolSpace::Entity) {
    auto card = card_markdown(snapshot, services, symbol->name);
    if (card) {
      out.markdown = std::move(*card);
    } else {
      const size_t refs = snapshot.workspace.incoming(symbol->name).size();
      out.markdown = markdown_code_span(symbol->name) + " — no file defines this ID (" +
                     plural(refs, "reference", "references") + ").\n";
    }
    return out;
  }
  const std::string usage = usage_line(snapshot.workspace, *symbol);
  auto declaration = services.card(snapshot, symbol->name);
  if (declaration) {
    out.markdown = declaration_markdown(*declaration) + "---\n\n" + usage + "\n";
  } else {
    out.markdown = usage + " Not declared by a `" +
                   std::string(symbol->space == SymbolSpace::Kind ? "kind" : "relation") +
                   "` entity.\n";
  }
  return out;
}

}  // namespace kgls::lang
