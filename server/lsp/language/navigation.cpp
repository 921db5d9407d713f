#include "lsp/language/navigation.hpp"

#include <algorithm>

namespace kgls::lang {

namespace {

// Which space a name used as an ID or edge target belongs to: the space its definition
// declares. An undefined name is an (unresolved) entity.
SymbolSpace space_of_entity(const Workspace& workspace, std::string_view name) {
  const auto& definitions = workspace.definitions(name);
  if (definitions.empty()) return SymbolSpace::Entity;
  switch (definitions.front().entity->schema()) {
    case SchemaKind::Kind: return SymbolSpace::Kind;
    case SchemaKind::Relation: return SymbolSpace::Relation;
    default: return SymbolSpace::Entity;
  }
}

bool declares(const Entity& entity, SymbolSpace space) {
  switch (space) {
    case SymbolSpace::Kind: return entity.schema() == SchemaKind::Kind;
    case SymbolSpace::Relation: return entity.schema() == SchemaKind::Relation;
    case SymbolSpace::Entity: return true;
  }
  return false;
}

// The `from` and `to` fields of a relation declaration name kinds.
template <class F>
void for_each_kind_item(const Entity& entity, F&& f) {
  if (entity.schema() != SchemaKind::Relation) return;
  for (const auto& field : entity.fields) {
    if (field.key != "from" && field.key != "to") continue;
    if (field.value.type == Value::Type::Word) f(field.value);
    if (field.value.type == Value::Type::List) {
      for (const auto& item : field.value.items) {
        if (item.type == Value::Type::Word) f(item);
      }
    }
  }
}

struct Candidate {
  SourceRange range;
  SymbolSpace space;
  const std::string* name;
  bool entity_name;  // An ID or edge target: its space depends on its definition.
};

}  // namespace

std::optional<Symbol> symbol_at(const Workspace& workspace, const Document& document,
                                uint32_t offset) {
  const Entity* entity = document.entity_at(offset);
  if (!entity && offset > 0) entity = document.entity_at(offset - 1);
  if (!entity) return std::nullopt;
  std::vector<Candidate> candidates;
  candidates.push_back({entity->kind_range, SymbolSpace::Kind, &entity->kind, false});
  candidates.push_back({entity->id_range, SymbolSpace::Entity, &entity->id, true});
  for (const auto& edge : entity->edges) {
    candidates.push_back({edge.relation_range, SymbolSpace::Relation, &edge.relation, false});
    candidates.push_back({edge.target_range, SymbolSpace::Entity, &edge.target, true});
  }
  for_each_kind_item(*entity, [&](const Value& item) {
    candidates.push_back({item.range, SymbolSpace::Kind, &item.text, false});
  });
  // A word that contains the cursor wins over one that merely ends at it.
  const Candidate* best = nullptr;
  for (const auto& c : candidates) {
    if (c.name->empty()) continue;
    if (c.range.bytes.contains(offset)) {
      best = &c;
      break;
    }
    if (!best && c.range.bytes.touches(offset)) best = &c;
  }
  if (!best) return std::nullopt;
  Symbol symbol;
  symbol.name = *best->name;
  symbol.range = best->range;
  symbol.space = best->entity_name ? space_of_entity(workspace, symbol.name) : best->space;
  return symbol;
}

void for_each_occurrence(const Workspace& workspace, const Document& document,
                         const Symbol& symbol,
                         const std::function<void(const Occurrence&)>& visit) {
  // Whether an ID or edge target spelled like the symbol is the symbol.
  const bool entity_names_match = space_of_entity(workspace, symbol.name) == symbol.space;
  std::vector<Occurrence> found;
  const auto add = [&](const SourceRange& range, bool declaration) {
    found.push_back({{document.path, range}, declaration});
  };
  for (const auto& entity : document.entities) {
    if (symbol.space == SymbolSpace::Kind && entity.kind == symbol.name)
      add(entity.kind_range, false);
    if (entity_names_match && entity.id == symbol.name) add(entity.id_range, true);
    for (const auto& edge : entity.edges) {
      if (symbol.space == SymbolSpace::Relation && edge.relation == symbol.name)
        add(edge.relation_range, false);
      if (entity_names_match && edge.target == symbol.name) add(edge.target_range, false);
    }
    if (symbol.space == SymbolSpace::Kind) {
      for_each_kind_item(entity, [&](const Value& item) {
        if (item.text == symbol.name) add(item.range, false);
      });
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) {
    return a.location.range.bytes.begin < b.location.range.bytes.begin;
  });
  for (const auto& occurrence : found) visit(occurrence);
}

std::vector<Location> find_definition(const Workspace& workspace, std::string_view path,
                                      Position position) {
  const Document* document = workspace.document(path);
  if (!document) return {};
  const auto symbol = symbol_at(workspace, *document, document->lines.offset(position));
  if (!symbol) return {};
  std::vector<Location> out;
  for (const auto& definition : workspace.definitions(symbol->name)) {
    if (declares(*definition.entity, symbol->space))
      out.push_back({definition.document->path, definition.entity->id_range});
  }
  return out;
}

std::vector<Location> find_references(const Workspace& workspace, std::string_view path,
                                      Position position, bool include_declaration,
                                      const CancelToken& cancel) {
  const Document* document = workspace.document(path);
  if (!document) return {};
  const auto symbol = symbol_at(workspace, *document, document->lines.offset(position));
  if (!symbol) return {};
  std::vector<Location> out;
  for (const auto& other : workspace.documents()) {
    cancel.check();
    for_each_occurrence(workspace, *other, *symbol, [&](const Occurrence& o) {
      if (include_declaration || !o.declaration) out.push_back(o.location);
    });
  }
  return out;
}

std::vector<Occurrence> document_highlights(const Workspace& workspace, std::string_view path,
                                            Position position) {
  const Document* document = workspace.document(path);
  if (!document) return {};
  const auto symbol = symbol_at(workspace, *document, document->lines.offset(position));
  if (!symbol) return {};
  std::vector<Occurrence> out;
  for_each_occurrence(workspace, *document, *symbol,
                      [&](const Occurrence& o) { out.push_back(o); });
  return out;
}

}  // namespace kgls::lang
