// Gathering what hover says of a field key or value: the key's `field` declaration, the
// language's meaning of it, and how the workspace uses it (render.cpp turns it into Markdown).
#include <algorithm>
#include <map>
#include <string>

#include "kgls/card.hpp"
#include "kgls/workspace.hpp"

namespace kgls {

FieldHelp field_help(const Workspace& workspace, std::string_view key, std::string_view entity_kind,
                     const std::string* value) {
  FieldHelp help;
  help.key = std::string(key);
  help.entity_kind = std::string(entity_kind);
  help.builtin = builtin_field(key, entity_kind);
  const Schema& schema = workspace.schema();

  // A `field` declaration speaks of the graph's entities, not of the schema's own keys
  // (`required` in a `kind` is the language's, whatever a `field required` says).
  if (!is_schema_kind(entity_kind)) {
    if (auto f = schema.fields.find(key); f != schema.fields.end()) {
      const Entity& e = *f->second.declaration.entity;
      FieldHelp::Declaration d;
      if (const Field* title = e.field("title")) d.title = title->value.display();
      d.summary = e.summary();
      for (const Field& field : e.fields) {
        if (field.key == "title" || field.key == "summary" || field.key == "values") continue;
        d.fields.push_back({field.key, field.value.display()});
      }
      const std::string& path = f->second.declaration.document->path;
      const size_t slash = path.find_last_of('/');
      d.path = slash == std::string::npos ? path : path.substr(slash + 1);
      d.line = e.id_range.utf16.start.line;
      help.declaration = std::move(d);
      help.allowed = f->second.values;
    }
  }
  if (auto k = schema.kinds.find(entity_kind); k != schema.kinds.end()) {
    const auto& required = k->second.required;
    help.required = std::find(required.begin(), required.end(), key) != required.end();
  }

  // Entities with the key: of the declaration's kind for a schema key (`plural`), else the
  // graph's entities.
  const std::string_view in_kind = help.builtin ? help.builtin->in_kind : std::string_view();
  std::map<std::string, size_t, std::less<>> counts;
  for (const EntityRef& ref : workspace.entities()) {
    const Entity& e = *ref.entity;
    if (in_kind.empty() ? e.is_schema() : e.kind != in_kind) continue;
    const Field* field = e.field(key);
    if (!field) continue;
    ++help.entities;
    if (!value || !help.allowed.empty()) continue;
    if (field->value.type != Value::Type::List) {
      if (!field->value.text.empty() && field->value.type != Value::Type::TextBlock) ++counts[field->value.text];
    }
    for (const Value& item : field->value.items)
      if (!item.text.empty()) ++counts[item.text];
  }
  if (value) {
    help.value = *value;
    help.distinct_in_use = counts.size();
    help.in_use.assign(counts.begin(), counts.end());
    // Most used first; the hovered value is always among those listed.
    std::stable_sort(help.in_use.begin(), help.in_use.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (help.in_use.size() > FieldHelp::kMaxInUse) {
      auto here = std::find_if(help.in_use.begin(), help.in_use.end(),
                               [&](const auto& p) { return p.first == *value; });
      if (here != help.in_use.end() && here - help.in_use.begin() >= static_cast<std::ptrdiff_t>(FieldHelp::kMaxInUse))
        std::rotate(help.in_use.begin() + FieldHelp::kMaxInUse - 1, here, here + 1);
      help.in_use.resize(FieldHelp::kMaxInUse);
    }
  }
  return help;
}

}  // namespace kgls
