// Rename: an entity ID, everywhere the workspace names it.
#include <string>
#include <string_view>

#include "edit/edit_util.hpp"
#include "kgls/edit.hpp"
#include "syntax/unescape.hpp"

namespace kgls {

namespace {

// "concepts.kg:3": where a person finds the entity.
std::string location(const EntityRef& ref) {
  return ref.document->path + ":" + std::to_string(ref.entity->id_range.utf16.start.line + 1);
}

RenameTarget target(std::string id, std::string_view path, Span span) {
  RenameTarget t;
  t.id = std::move(id);
  t.path = std::string(path);
  t.span = span;
  return t;
}

// Items of a relation's `from` / `to` list: they name kinds.
template <class F>
void for_each_kind_item(const Entity& relation, F&& f) {
  if (relation.schema() != SchemaKind::Relation) return;
  for (const char* key : {"from", "to"}) {
    const Field* field = relation.field(key);
    if (!field) continue;
    if (field->value.type == Value::Type::List) {
      for (const Value& item : field->value.items) f(item);
    } else {
      f(field->value);
    }
  }
}

bool names_kind(const Value& v) { return v.type == Value::Type::Word || v.type == Value::Type::String; }

}  // namespace

std::string invalid_id_reason(std::string_view id) {
  if (id.empty()) return "an ID cannot be empty";
  const std::string s(id);
  // The grammar is the judge: the text must be exactly one identifier in both places an ID
  // is written, with no diagnostic (a number, a comment, a space or a brace would give one).
  const auto as_id = parse_document("", "k " + s + " {}");
  const auto as_target = parse_document("", "k a { r " + s + " }");
  const bool ok = as_id->diagnostics.empty() && as_id->entities.size() == 1 && as_id->entities[0].id == s &&
                  as_target->diagnostics.empty() && as_target->entities.size() == 1 &&
                  as_target->entities[0].edges.size() == 1 && as_target->entities[0].edges[0].target == s;
  if (ok) return {};
  const auto as_value = parse_document("", "k a { f: " + s + " }");
  if (as_value->diagnostics.empty() && as_value->entities.size() == 1 && as_value->entities[0].fields.size() == 1 &&
      as_value->entities[0].fields[0].value.type == Value::Type::Number &&
      as_value->entities[0].fields[0].value.text == s) {
    return "`" + s + "` is a number; an ID needs a letter or `_` (for example `n" + s + "`)";
  }
  return "`" + s + "` is not an identifier: an ID is one word of letters, digits, `_`, `-` and `.` that starts "
                   "with a letter, a digit or `_`";
}

RenameTarget prepare_rename(const Workspace& ws, std::string_view path, uint32_t offset) {
  RenameTarget none;
  none.path = std::string(path);
  const Document* doc = ws.document(path);
  if (!doc) {
    none.error = "no document `" + std::string(path) + "` in the workspace";
    return none;
  }
  const Schema& schema = ws.schema();
  const Entity* e = doc->entity_at(offset);
  if (e) {
    if (!e->id.empty() && e->id_range.bytes.touches(offset)) return target(e->id, path, e->id_range.bytes);
    if (e->kind_range.bytes.touches(offset) && schema.kinds.count(e->kind))
      return target(e->kind, path, e->kind_range.bytes);
    for (const Edge& edge : e->edges) {
      if (edge.target_range.bytes.touches(offset)) return target(edge.target, path, edge.target_range.bytes);
      if (edge.relation_range.bytes.touches(offset) && schema.relations.count(edge.relation))
        return target(edge.relation, path, edge.relation_range.bytes);
    }
    RenameTarget item;
    for_each_kind_item(*e, [&](const Value& v) {
      if (item.id.empty() && names_kind(v) && v.range.bytes.touches(offset) && schema.kinds.count(v.text)) {
        // A string item's span would include its quotes; offer the word inside them.
        Span s = v.range.bytes;
        if (v.type == Value::Type::String) s = {s.begin + 1, s.end - 1};
        item = target(v.text, path, s);
      }
    });
    if (!item.id.empty()) return item;
  }
  none.error = "not an entity ID";
  return none;
}

EditResult rename(const Workspace& ws, std::string_view old_id, std::string_view new_id) {
  EditResult result;
  const std::string from(old_id), to(new_id);
  result.title = "Rename `" + from + "` to `" + to + "`";
  if (from == to) return result;  // Nothing to do is not an error.
  if (std::string why = invalid_id_reason(to); !why.empty()) {
    result.error = "cannot rename to `" + to + "`: " + why;
    return result;
  }
  if (const EntityRef existing = ws.find(to); existing.entity) {
    result.error = "an entity `" + to + "` already exists in " + location(existing);
    return result;
  }
  const auto& definitions = ws.definitions(from);
  const auto& incoming = ws.incoming(from);
  if (definitions.empty() && incoming.empty()) {
    result.error = "no entity `" + from + "` is defined or referenced in the workspace";
    return result;
  }
  // A `kind` or `relation` entity is also named by kind words, relation words and the
  // `from` / `to` lists of relations; they follow the declaration.
  const Schema& schema = ws.schema();
  auto declared_here = [&](const EntityRef& declaration) {
    for (const EntityRef& def : definitions)
      if (def.entity == declaration.entity) return true;
    return false;
  };
  const auto kind = schema.kinds.find(from);
  const bool is_kind = kind != schema.kinds.end() && declared_here(kind->second.declaration);
  const auto relation = schema.relations.find(from);
  const bool is_relation = relation != schema.relations.end() && declared_here(relation->second.declaration);
  if (is_kind && is_schema_kind(to)) {
    result.error = "cannot rename kind `" + from + "` to `" + to + "`: that is a built-in kind";
    return result;
  }

  auto& edits = result.edit.edits;
  for (const EntityRef& def : definitions) edits.push_back({def.document->path, def.entity->id_range.bytes, to});
  for (const EdgeRef& ref : incoming) edits.push_back({ref.document->path, ref.edge->target_range.bytes, to});
  if (is_kind || is_relation) {
    for (const EntityRef& ref : ws.entities()) {
      const std::string& path = ref.document->path;
      const Entity& e = *ref.entity;
      if (is_kind && e.kind == from && !is_schema_kind(from)) edits.push_back({path, e.kind_range.bytes, to});
      if (is_relation) {
        for (const Edge& edge : e.edges)
          if (edge.relation == from) edits.push_back({path, edge.relation_range.bytes, to});
      }
      if (is_kind) {
        for_each_kind_item(e, [&](const Value& v) {
          if (!names_kind(v) || v.text != from) return;
          edits.push_back({path, v.range.bytes, v.type == Value::Type::String ? "\"" + escape(to) + "\"" : to});
        });
      }
    }
  }
  edit::sort_edits(result.edit);
  if (edit::overlapping(result.edit)) {
    result.edit = {};
    result.error = "cannot rename `" + from + "`: two of its places overlap (a syntax error nearby?)";
  }
  return result;
}

}  // namespace kgls
