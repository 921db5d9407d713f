#include "lsp/language/hover.hpp"

#include "lsp/language/navigation.hpp"

namespace kgls::lang {

namespace {

// How often the workspace uses a kind (entities) or a relation (edges).
size_t uses(const Workspace& workspace, const Symbol& symbol) {
  size_t count = 0;
  for (const EntityRef& ref : workspace.entities()) {
    if (symbol.space == SymbolSpace::Kind) {
      count += ref.entity->kind == symbol.name;
    } else {
      for (const Edge& e : ref.entity->edges) count += e.relation == symbol.name;
    }
  }
  return count;
}

// The field key or value under the cursor: the key, and the value (a list's item) hovered.
struct FieldSpot {
  const Entity* entity = nullptr;
  const Field* field = nullptr;
  const Value* value = nullptr;  // Null: on the key.
  SourceRange range;
};

// Values get help when they are codes: words, or any value of a field whose declaration
// lists its `values`. A string or a text block is prose for a person to read.
bool coded(const Schema& schema, const Field& field, const Value& value) {
  if (value.text.empty()) return false;
  if (value.type == Value::Type::Word) return true;
  if (value.type == Value::Type::TextBlock) return false;
  auto f = schema.fields.find(field.key);
  return f != schema.fields.end() && !f->second.values.empty();
}

std::optional<FieldSpot> field_at(const Schema& schema, const Document& document, uint32_t offset) {
  const Entity* entity = document.entity_at(offset);
  if (!entity && offset > 0) entity = document.entity_at(offset - 1);
  if (!entity) return std::nullopt;
  // A word that contains the cursor wins over one that merely ends at it.
  std::optional<FieldSpot> touching;
  const auto consider = [&](const Field& field, const Value* value, const SourceRange& range) {
    if (range.bytes.contains(offset)) return FieldSpot{entity, &field, value, range};
    if (!touching && range.bytes.touches(offset)) touching = FieldSpot{entity, &field, value, range};
    return FieldSpot{};
  };
  for (const Field& field : entity->fields) {
    if (field.key.empty()) continue;
    if (auto spot = consider(field, nullptr, field.key_range); spot.field) return spot;
    const Value& v = field.value;
    if (v.type == Value::Type::List) {
      for (const Value& item : v.items)
        if (coded(schema, field, item))
          if (auto spot = consider(field, &item, item.range); spot.field) return spot;
    } else if (coded(schema, field, v)) {
      if (auto spot = consider(field, &v, v.range); spot.field) return spot;
    }
  }
  return touching;
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
  const Workspace& workspace = snapshot.workspace;
  const Document* document = workspace.document(path);
  if (!document) return std::nullopt;
  const uint32_t offset = document->lines.offset(position);
  HoverResult out;
  const auto symbol = symbol_at(workspace, *document, offset);
  if (!symbol) {
    // A field key, or one of its values.
    const auto spot = field_at(workspace.schema(), *document, offset);
    if (!spot) return std::nullopt;
    out.range = spot->range;
    out.markdown = render_field_markdown(field_help(workspace, spot->field->key, spot->entity->kind,
                                                    spot->value ? &spot->value->text : nullptr));
    return out;
  }
  out.range = symbol->range;
  // Kinds and relations are declared by entities with the same ID: their card is the
  // declaration's, followed by how the workspace uses the word.
  if (symbol->space == SymbolSpace::Entity) {
    // The ID of a `field` declaration: what the key means, as on the key itself.
    const EntityRef first = workspace.find(symbol->name);
    if (first.entity && first.entity->schema() == SchemaKind::Field && workspace.schema().fields.count(symbol->name)) {
      out.markdown = render_field_markdown(field_help(workspace, symbol->name, ""));
    } else if (auto card = card_markdown(snapshot, services, symbol->name)) {
      out.markdown = std::move(*card);
    } else {
      out.markdown = render_unresolved_markdown(symbol->name, workspace.incoming(symbol->name).size());
    }
    return out;
  }
  const auto declaration = services.card(snapshot, symbol->name);
  out.markdown = render_declaration_markdown(declaration ? &*declaration : nullptr,
                                             symbol->space == SymbolSpace::Kind ? "kind" : "relation",
                                             symbol->name, uses(workspace, *symbol));
  return out;
}

}  // namespace kgls::lang
